// The version strip: v1, v2, … as thumbnails (a version being made shows its spinner, a failed one
// its mark). A click shows that version above; "Compare" ticks pick two to see side by side.
//
//   const strip = createVersionStrip({ onSelect(number), onToggleCompare(number) });  strip.draw(state)
import { h, icon, replaceKeepingFocus } from "../../dom.js";
import { shownVersion, versionActions, versionPreview } from "../../design-studio.js";
import { versionLabel, versionState } from "../../design-words.js";
import { designFrame, drawFrame } from "./design-frame.js";

export function createVersionStrip({ onSelect, onToggleCompare }) {
  const hint = h("p", { class: "muted small" });
  const list = h("ol", { class: "version-strip" });
  const el = h("section", { class: "studio-versions", "aria-labelledby": "studio-versions-title" },
    h("div", { class: "section-head" },
      h("h2", { class: "section-title", id: "studio-versions-title" }, "Versions"), hint),
    list);
  /** version number → its thumbnail's frame, kept so a redraw never reloads a picture */
  const frames = new Map();

  function draw(state) {
    const { design } = state;
    const versions = [...(design.versions || [])].sort((a, b) => a.number - b.number);
    const shown = shownVersion(state);
    hint.textContent = versions.length < 2 ? ""
      : state.compare.length === 1 ? "Tick one more to compare."
        : "Tick two to compare them side by side.";
    replaceKeepingFocus(list, versions.map((v) => item(state, v, !!shown && shown.number === v.number)));
  }

  function item(state, version, isShown) {
    const { design } = state;
    const actions = versionActions(design, version);
    const frame = frames.get(version.number) || designFrame(design.width, design.height, { compact: true });
    frames.set(version.number, frame);
    drawFrame(frame, versionPreview(design, version, state.live), { alt: "" });
    const status = version.state === "ready" ? "" : `, ${versionState(version.state).label.toLowerCase()}`;
    const tags = [actions.isCurrent ? "current" : null, actions.isFinal ? "finalized" : null].filter(Boolean);
    const view = h("button", {
      type: "button", class: "version-strip__view", "aria-pressed": String(isShown),
      "aria-label": `Show v${version.number}${status}${tags.length ? ` (${tags.join(", ")})` : ""}`,
      dataset: { focusKey: `view-${version.number}` },
      onclick: () => onSelect(version.number),
    }, h("span", { class: "version-strip__thumb fit-box" }, frame),
    h("span", { class: "version-strip__label", "aria-hidden": "true" }, versionLabel(version)),
    h("span", { class: "version-strip__tags", "aria-hidden": "true" },
      actions.isCurrent ? h("span", { class: "version-tag" }, "Current") : null,
      actions.isFinal
        ? h("span", { class: "version-tag version-tag--final" }, icon("check", { size: 12 }), "Final") : null));
    const compare = h("input", {
      type: "checkbox", checked: state.compare.includes(version.number),
      dataset: { focusKey: `compare-${version.number}` },
      onchange: () => onToggleCompare(version.number),
    });
    const comparable = (design.versions || []).length > 1;
    return h("li", { class: `version-strip__item${isShown ? " is-shown" : ""}` },
      view,
      comparable ? h("label", { class: "version-strip__compare" },
        compare, "Compare", h("span", { class: "visually-hidden" }, ` v${version.number}`)) : null);
  }

  return { el, draw };
}
