// One launchpad step: number (a check when done), title, state, one-line description, "Why this
// matters", and its way in: a link when it can be opened, else why not ("Complete step 1 to
// unlock", "Not available on this server yet"). What it shows is ../onboarding-state.js's model.
import { h, icon, uniqueId } from "../dom.js";

export function stepCard(model) {
  const titleId = uniqueId("step-title");
  const marker = model.state === "done"
    ? h("span", { class: "step-card__num is-done", "aria-hidden": "true" }, icon("check", { size: 18 }))
    : model.state === "locked" || model.state === "unavailable"
      ? h("span", { class: "step-card__num is-locked", "aria-hidden": "true" }, icon("lock", { size: 16 }))
      : h("span", { class: "step-card__num", "aria-hidden": "true" }, String(model.number));
  const action = model.action
    ? h("a", { class: `btn ${model.action.primary ? "btn-primary" : "btn-secondary"} step-card__action`, href: model.action.href },
      model.action.label, h("span", { class: "visually-hidden" }, ` step ${model.number}: ${model.title}`),
      model.action.primary ? icon("arrowRight", { size: 16 }) : null)
    : null;
  return h("li", { class: `step-card step-card--${model.state}`, "aria-labelledby": titleId, dataset: { step: String(model.number) } },
    marker,
    h("div", { class: "step-card__body" },
      h("div", { class: "step-card__head" },
        h("h2", { class: "step-card__title", id: titleId },
          h("span", { class: "visually-hidden" }, `Step ${model.number}: `), model.title),
        h("span", { class: `state-chip tone-${model.chip.tone} step-card__state` }, model.chip.label)),
      h("p", { class: "step-card__desc" }, model.description),
      h("p", { class: "step-card__why" }, h("strong", {}, "Why this matters: "), model.why),
      model.message ? h("p", { class: "step-card__lock" }, icon("lock", { size: 14 }), h("span", {}, model.message)) : null),
    action ? h("div", { class: "step-card__actions" }, action) : null);
}
