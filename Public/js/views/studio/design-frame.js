// A design's picture at its format's aspect ratio, drawn from a preview model (../../design-studio.js
// versionPreview): the finished image; while it is made, the last picture faded beneath, the
// partial image over it and the stage and progress an event reported (a bar only with a number);
// or why it failed. A redraw with the same model changes nothing, so images never flicker.
//
//   const frame = designFrame(width, height, { compact });  drawFrame(frame, model, { alt })
import { h, icon, replaceChildren, spinner } from "../../dom.js";
import { frameStyle } from "../../design-words.js";
import { percent } from "../../format.js";

/** compact: a thumbnail, whose overlay is an icon only (its label says the rest). */
export function designFrame(width, height, { compact = false } = {}) {
  // A span: it sits inside buttons, links and labels, which take phrasing content only.
  const kind = compact ? "design-frame design-frame--compact" : "design-frame";
  return h("span", { class: kind, style: frameStyle(width, height) });
}

export function drawFrame(frame, model, { alt = "" } = {}) {
  const signature = JSON.stringify([model, alt]);
  if (frame.dataset.drawn === signature) return;
  frame.dataset.drawn = signature;
  const compact = frame.classList.contains("design-frame--compact");
  frame.dataset.kind = model.kind;
  frame.setAttribute("aria-busy", String(model.kind === "working"));
  // The same address keeps its element (already decoded, so a new stage or percentage never blinks).
  const kept = new Map([...frame.querySelectorAll("img")].map((img) => [img.getAttribute("src"), img]));
  const picture = (url, extraClass, text) => {
    const img = kept.get(url) || h("img", { src: url, decoding: "async" });
    kept.delete(url);
    img.className = `design-frame__img ${extraClass}`.trim();
    img.alt = text;
    if (text) img.removeAttribute("aria-hidden"); else img.setAttribute("aria-hidden", "true");
    return img;
  };
  const parts = [];
  if (model.kind === "image") parts.push(picture(model.url, "", alt));
  if (model.kind === "working" || model.kind === "failed") {
    if (model.underUrl) parts.push(picture(model.underUrl, "is-under", ""));
  }
  if (model.kind === "working") {
    if (model.partialUrl) parts.push(picture(model.partialUrl, "is-partial", alt ? `${alt}, still forming` : ""));
    parts.push(compact ? h("span", { class: "design-frame__badge" }, spinner()) : workingOverlay(model));
  }
  if (model.kind === "failed") {
    parts.push(compact
      ? h("span", { class: "design-frame__badge is-danger" }, icon("alert", { size: 16 }))
      : h("span", { class: "design-frame__overlay is-danger" },
        icon("alert", { size: 16 }), h("span", {}, model.message)));
  }
  if (model.kind === "empty") {
    parts.push(h("span", { class: "design-frame__placeholder", "aria-hidden": "true" },
      icon("image", { size: compact ? 20 : 36 })));
  }
  replaceChildren(frame, parts);
}

// Only what an event reported: the stage always, a bar and a percentage only with a number.
function workingOverlay(model) {
  const hasProgress = Number.isFinite(model.progress);
  return h("span", { class: "design-frame__overlay" },
    h("span", { class: "design-frame__stage" }, spinner(), h("span", {}, model.stage),
      hasProgress ? h("span", { class: "design-frame__percent" }, percent(model.progress)) : null),
    hasProgress ? h("span", { class: "progress progress--thin", "aria-hidden": "true" },
      h("span", { class: "progress__bar", style: `width:${percent(model.progress)}` })) : null);
}
