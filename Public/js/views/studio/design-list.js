// "Your designs": the earlier designs, newest first, each a card that opens it; a group of four
// variations is one card with its four pictures in a 2×2 mosaic.
//
//   const list = createDesignList();  list.draw(designs, formats)
import { h, icon, replaceChildren, spinner } from "../../dom.js";
import { formatDate } from "../../format.js";
import { designName, formatOf } from "../../design-words.js";
import { isWorking, listEntries, tilePreview } from "../../design-studio.js";
import { designFrame, drawFrame } from "./design-frame.js";

export function createDesignList() {
  const el = h("ul", { class: "design-list", "aria-label": "Your designs" });

  function draw(designs, formats) {
    const entries = listEntries(designs);
    if (entries.length === 0) {
      replaceChildren(el, h("li", { class: "design-list__empty muted" },
        "Nothing yet: your designs will be listed here."));
      return;
    }
    replaceChildren(el, entries.map((entry) => (entry.kind === "group"
      ? groupCard(entry, formats)
      : singleCard(entry.design, formats))));
  }

  return { el, draw };
}

function picture(design, compact) {
  const frame = designFrame(design.width, design.height, { compact });
  drawFrame(frame, tilePreview(design), { alt: "" });
  return frame;
}


function chips(designs) {
  const working = designs.some(isWorking);
  const final = designs.some((d) => d.finalizedVersion !== null && d.finalizedVersion !== undefined);
  return [
    working ? h("span", { class: "state-chip tone-progress" }, spinner(), "Being made") : null,
    final ? h("span", { class: "state-chip tone-success" }, icon("check", { size: 13 }), "Finalized") : null,
  ];
}

function singleCard(design, formats) {
  return h("li", { class: "design-card" },
    h("a", { class: "design-card__link", href: `#/studio/${encodeURIComponent(design.id)}` },
      h("span", { class: "design-card__media fit-box" }, picture(design, false)),
      h("span", { class: "design-card__body" },
        h("span", { class: "design-card__name" }, designName(design)),
        h("span", { class: "design-card__meta" },
          `${formatOf(formats, design).label} · ${formatDate(design.createdAt)}`),
        h("span", { class: "design-card__chips" }, chips([design])))));
}

function groupCard(entry, formats) {
  const first = entry.designs[0];
  return h("li", { class: "design-card design-card--group" },
    h("a", { class: "design-card__link", href: `#/studio/${encodeURIComponent(first.id)}` },
      h("span", { class: "design-card__media design-card__mosaic" },
        entry.designs.slice(0, 4).map((d) => h("span", { class: "fit-box" }, picture(d, true)))),
      h("span", { class: "design-card__body" },
        h("span", { class: "design-card__name" }, designName(first)),
        h("span", { class: "design-card__meta" },
          `${entry.designs.length} variations · ${formatOf(formats, first).label} · ${formatDate(first.createdAt)}`),
        h("span", { class: "design-card__chips" }, chips(entry.designs)))));
}
