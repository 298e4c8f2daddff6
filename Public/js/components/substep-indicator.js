// The wizard's sub-step indicator: "Step 1.3 of 1.5" and the five sub-steps, each done, skipped,
// current or still to come. The ones the user may go back (or forward) to are buttons.
//
//   const indicator = createSubstepIndicator({ onGo(key) });  indicator.draw(items, currentKey)
//   items: ../onboarding-state.js substepItems()
import { h, icon } from "../dom.js";
import { substepPositionText } from "../onboarding-state.js";

const STATE_WORDS = { done: "done", skipped: "skipped", current: "current step", pending: "not yet" };

export function createSubstepIndicator({ onGo }) {
  const position = h("p", { class: "substeps__position" });
  const list = h("ol", { class: "substeps__list" });
  const el = h("nav", { class: "substeps", "aria-label": "Step 1 sub-steps" }, position, list);

  function item(entry) {
    const marker = h("span", { class: "substeps__marker", "aria-hidden": "true" },
      entry.state === "done" ? icon("check", { size: 14 }) : entry.number.split(".").pop());
    const label = [marker, h("span", { class: "substeps__title" }, entry.title),
      h("span", { class: "visually-hidden" }, `, ${entry.number}, ${STATE_WORDS[entry.state] || entry.state}`)];
    const inner = entry.reachable
      ? h("button", { type: "button", class: "substeps__link", onclick: () => onGo(entry.key) }, ...label)
      : h("span", { class: "substeps__link", "aria-current": entry.state === "current" ? "step" : null }, ...label);
    return h("li", { class: `substeps__item is-${entry.state}` }, inner);
  }

  function draw(items, currentKey) {
    position.textContent = substepPositionText(currentKey);
    list.replaceChildren(...items.map(item));
  }

  return { el, draw };
}
