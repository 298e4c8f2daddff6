// One uploaded photo and its analysis: the picture (marked when chosen as a reference), its name
// and size, the four score bars, and its issues or "No issues"; a photo not used is marked so.
import { h, icon } from "../dom.js";
import { formatBytes } from "../format.js";
import { photoMark, photoScoreRows } from "../photo-analysis.js";

export function photoCard(photo) {
  // A photo not used keeps its scores, greyed (photoScoreRows).
  const rows = photoScoreRows(photo);
  const mark = photoMark(photo);
  const issues = photo.issues || [];
  const scores = rows
    ? h("dl", { class: "scores" }, rows.map((row) =>
      h("div", { class: `score score--${row.tone}${row.overall ? " score--overall" : ""}` },
        h("dt", {}, row.label),
        h("dd", {},
          h("span", { class: "score__bar", "aria-hidden": "true" }, h("span", { style: `width:${row.width}` })),
          h("span", { class: "score__val" }, row.text)))))
    : h("p", { class: "muted small" }, "No face could be measured in this photo.");
  const name = photo.fileName || "Photo";
  return h("li", { class: `photo-card${photo.isReference ? " is-reference" : ""}` },
    h("div", { class: "photo-card__media" },
      h("img", { src: photo.url, alt: name }),
      mark ? h("span", { class: `chip chip-ref chip--${mark.tone}` }, icon(mark.icon, { size: 12, filled: mark.tone !== "danger" }), mark.label) : null),
    h("div", { class: "photo-card__body" },
      h("p", { class: "photo-card__name" }, h("span", { title: name }, name), h("span", { class: "muted" }, formatBytes(photo.fileSize))),
      scores,
      issues.length
        ? h("ul", { class: "issues" }, issues.map((issue) => h("li", {}, icon("alert", { size: 14 }), h("span", {}, issue.message))))
        : h("p", { class: "issues-none" }, icon("check", { size: 14 }), "No issues")));
}
