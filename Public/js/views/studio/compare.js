// Two versions side by side (the two ticked in the strip), each with its checks in words.
//
//   const compare = createCompare({ onClose() });  compare.draw(state)
import { h, icon, replaceChildren } from "../../dom.js";
import { comparePair, versionPreview } from "../../design-studio.js";
import { versionFacts, versionLabel } from "../../design-words.js";
import { designFrame, drawFrame } from "./design-frame.js";

export function createCompare({ onClose }) {
  const pair = h("div", { class: "compare__pair" });
  const close = h("button", { type: "button", class: "btn btn-ghost btn-sm", onclick: () => onClose() },
    icon("close", { size: 16 }), "Close comparison");
  const el = h("section", { class: "card compare", "aria-labelledby": "studio-compare-title", hidden: true },
    h("div", { class: "section-head" },
      h("h2", { class: "section-title", id: "studio-compare-title" }, "Compare"), close),
    pair);
  let shown = "";

  function draw(state) {
    const versions = comparePair(state);
    el.hidden = !versions;
    if (!versions) { shown = ""; return; }
    const key = JSON.stringify(versions.map((v) => [v, versionPreview(state.design, v, state.live)]));
    if (key === shown) return;
    const opening = shown === "";
    shown = key;
    replaceChildren(pair, versions.map((version) => figure(state.design, version, state.live)));
    if (opening) el.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  return { el, draw };
}

function figure(design, version, live) {
  const frame = designFrame(design.width, design.height);
  drawFrame(frame, versionPreview(design, version, live), { alt: `Version ${version.number}` });
  return h("figure", { class: "compare__item" },
    frame,
    h("figcaption", {},
      h("strong", {}, versionLabel(version)),
      version.instruction ? h("span", { class: "compare__ask" }, `“${version.instruction}”`) : null,
      h("ul", { class: "facts facts--small" },
        versionFacts(version).map((f) => h("li", { class: `tone-text-${f.tone}` }, f.text)))));
}
