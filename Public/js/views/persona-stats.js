// The persona page's three figures: portraits done (with a bar while they are made), the measured
// consistency, and the photos' verdict.
import { h } from "../dom.js";
import { slotList } from "../persona-events.js";
import { consistencyDisplay, photoSetVerdict } from "../photo-analysis.js";
import { portraitProgress } from "../portrait-display.js";

export function createPersonaStats() {
  const progressStat = h("div", { class: "stat" });
  const consistencyStat = h("div", { class: "stat" });
  const photosStat = h("div", { class: "stat" });
  const el = h("section", { class: "stats", "aria-label": "Summary" }, progressStat, consistencyStat, photosStat);

  function draw(state) {
    const persona = state.persona;
    if (!persona) return;
    const slots = slotList(state);
    const progress = portraitProgress(slots);
    const { working, finished, total } = progress;
    progressStat.replaceChildren(
      h("span", { class: "stat__label" }, "Portraits"),
      h("span", { class: "stat__value" }, progress.value, h("span", { class: "stat__unit" }, progress.unit)),
      working
        ? h("div", { class: "progress progress--thin", role: "progressbar", "aria-label": "Portraits done", "aria-valuemin": "0", "aria-valuemax": String(total), "aria-valuenow": String(finished) },
          h("div", { class: "progress__bar", style: `width:${Math.round((finished / total) * 100)}%` }))
        : h("span", { class: "stat__sub" }, progress.summary),
    );

    const consistency = consistencyDisplay(persona, working, slots);
    consistencyStat.replaceChildren(
      h("span", { class: "stat__label" }, "Consistency"),
      h("span", { class: `stat__value${consistency.muted ? " stat__value--muted" : ""}` }, consistency.value),
      h("span", { class: "stat__sub" }, consistency.sub),
    );

    const verdict = photoSetVerdict(persona);
    photosStat.replaceChildren(
      h("span", { class: "stat__label" }, "Photos"),
      h("span", { class: "stat__value" }, verdict.value, h("span", { class: "stat__unit" }, " usable")),
      h("span", { class: "stat__sub" }, verdict.sub),
    );
  }

  return { el, draw };
}
