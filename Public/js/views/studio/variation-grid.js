// A group's four variations in a 2×2 grid, each forming live and opening its own design; the one
// shown is marked.
//
//   const grid = createVariationGrid();  grid.draw(state)
import { h, replaceKeepingFocus } from "../../dom.js";
import { sameId, tilePreview } from "../../design-studio.js";
import { designFrame, drawFrame } from "./design-frame.js";

export function createVariationGrid() {
  const list = h("ol", { class: "variation-grid" });
  const el = h("section", { class: "studio-variations", "aria-labelledby": "studio-variations-title", hidden: true },
    h("h2", { class: "section-title", id: "studio-variations-title" }, "Variations"), list);
  /** design id → its frame, kept so a redraw never reloads a picture */
  const frames = new Map();

  function draw(state) {
    el.hidden = state.group.length < 2;
    if (el.hidden) return;
    replaceKeepingFocus(list, state.group.map((design, index) => {
      const shown = sameId(design.id, state.design.id);
      const frame = frames.get(design.id) || designFrame(design.width, design.height, { compact: true });
      frames.set(design.id, frame);
      drawFrame(frame, tilePreview(design, state.live), { alt: "" });
      return h("li", { class: `variation-grid__item${shown ? " is-shown" : ""}` },
        h("a", { href: `#/studio/${encodeURIComponent(design.id)}`, "aria-current": shown ? "page" : null,
          dataset: { focusKey: String(design.id) } },
        h("span", { class: "variation-grid__thumb fit-box" }, frame),
        h("span", { class: "variation-grid__label" }, `Variation ${index + 1}`)));
    }));
  }

  return { el, draw };
}
