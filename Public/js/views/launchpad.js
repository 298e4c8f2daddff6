// The signed-in home, "Your content studio setup": the progress (20 % per step done, or skipped and
// optional), InflioAI's words, and the five step cards. A step that could not be opened (a locked
// one asked for by link) leaves its message here; finishing every step on offer shows the
// "you're set up" moment.
import { Onboarding } from "../api.js";
import { h, icon } from "../dom.js";
import { isStepDone, stepCardModel } from "../onboarding-state.js";
import { createGuidePanel } from "../components/guide-panel.js";
import { createProgressBar } from "../components/progress-bar.js";
import { stepCard } from "../components/step-card.js";

export function renderLaunchpad(container, app) {
  let disposed = false;
  const flash = app.takeFlash();
  const progress = createProgressBar();
  const guide = createGuidePanel(app);
  const notice = h("div", { class: "banner banner-warning", role: "alert", hidden: !flash },
    icon("lock", { size: 18 }), h("span", {}, flash || ""));
  const errorBox = h("div", { class: "banner banner-danger", role: "alert", hidden: true });
  const finished = h("section", { class: "setup-done card", hidden: true, "aria-labelledby": "setup-done-title" },
    h("span", { class: "setup-done__mark", "aria-hidden": "true" }, icon("check", { size: 26 })),
    h("div", {},
      h("h2", { id: "setup-done-title", class: "setup-done__title" }, "You're set up"),
      h("p", { class: "setup-done__text" }),
      h("div", { class: "setup-done__actions" },
        h("a", { class: "btn btn-primary", href: "#/personas" }, "See your personas"),
        h("a", { class: "btn btn-secondary", href: "#/steps/2" }, "Your brand"))));
  const list = h("ol", { class: "step-list", "aria-label": "Setup steps", "aria-busy": "true" },
    [1, 2, 3].map(() => h("li", { class: "step-card step-card--skeleton", "aria-hidden": "true" },
      h("span", { class: "step-card__num skeleton" }), h("div", { class: "step-card__body" }, h("div", { class: "skeleton skeleton-line" })))));

  container.append(
    h("div", { class: "launchpad" },
      h("div", { class: "launchpad__head" },
        h("div", {},
          h("h1", { class: "page-title", tabindex: "-1" }, "Your content studio setup"),
          h("p", { class: "page-sub" }, "Five short steps to a studio that knows you, your brand and your face.")),
        progress.el),
      notice,
      errorBox,
      guide.el,
      finished,
      list));

  function draw(onboarding) {
    progress.set(onboarding);
    guide.update(onboarding.guide);
    list.removeAttribute("aria-busy");
    list.replaceChildren(...onboarding.steps.map((step) => stepCard(stepCardModel(step, onboarding))));
    finished.hidden = !onboarding.finished;
    if (onboarding.finished) {
      const later = onboarding.steps.filter((s) => s.state === "unavailable").map((s) => s.number);
      // A skipped brand is not called ready (as the guide says it).
      const brand = isStepDone(onboarding, 2);
      const ready = brand ? "Your profile, brand and AI avatar are ready." : "Your profile and AI avatar are ready.";
      finished.querySelector(".setup-done__text").textContent = later.length
        ? `${ready} ${later.length === 1 ? "Step" : "Steps"} ${later.join(" and ")} will open here when this server offers them.`
        : "Every step is done. Your studio knows you.";
    }
  }

  (async () => {
    try {
      const { onboarding } = await Onboarding.get();
      if (disposed) return;
      draw(onboarding);
    } catch (error) {
      if (disposed) return;
      list.removeAttribute("aria-busy");
      list.replaceChildren();
      errorBox.replaceChildren(icon("alert"), h("span", {}, `Your setup could not be loaded: ${error.message}`));
      errorBox.hidden = false;
    }
  })();

  return () => { disposed = true; };
}
