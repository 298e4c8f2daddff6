// The launchpad's progress: "40% complete", a bar, and "2 of 5 steps done".
//
//   const bar = createProgressBar();  bar.set(onboarding)
import { h, uniqueId } from "../dom.js";
import { percentText, stepsDoneText } from "../onboarding-state.js";

export function createProgressBar() {
  const labelId = uniqueId("progress-label");
  const value = h("span", { class: "setup-progress__value" });
  const sub = h("span", { class: "setup-progress__sub" });
  const fill = h("div", { class: "progress__bar" });
  const bar = h("div", { class: "progress setup-progress__bar", role: "progressbar", "aria-labelledby": labelId,
    "aria-valuemin": "0", "aria-valuemax": "100" }, fill);
  const el = h("div", { class: "setup-progress" },
    h("div", { class: "setup-progress__row" },
      h("span", { class: "setup-progress__label", id: labelId }, "Setup progress"), value),
    bar, sub);

  function set(onboarding) {
    const percent = Math.max(0, Math.min(100, Math.round(Number(onboarding.percent) || 0)));
    value.textContent = percentText(percent);
    sub.textContent = stepsDoneText(onboarding);
    fill.style.width = `${percent}%`;
    bar.setAttribute("aria-valuenow", String(percent));
    bar.setAttribute("aria-valuetext", `${percentText(percent)}, ${stepsDoneText(onboarding)}`);
  }

  return { el, set };
}
