// Step 1, the wizard (#/onboarding): the sub-step indicator, InflioAI's words, one sub-step at a
// time (./profile.js, ./brand.js, ./avatar.js, ./preferences.js, ./review.js) and a sticky action
// bar: Back, Skip (the optional ones) and the primary action. Where the user is lives on the server
// (PUT /api/onboarding/position), so a reload or a second device resumes at the same sub-step;
// what was typed but not saved is kept as a draft for this page's life, so going back loses nothing.
//
// A sub-step is `create(ctx)` → { el, intro, primary() → {label, disabled}, submit() → the new
// state or null (it showed why), skip?() → the new state, update?(onboarding), keep?() → draft
// values, dispose?() }. ctx = { app, state(), apply(onboarding), refresh(), redraw(), move(key), draft,
// keep(values) }.
import { Onboarding } from "../../api.js";
import { h, icon, onInteraction, spinner } from "../../dom.js";
import {
  canVisit, isSkippable, isStepDone, isSubstepSettled, nextSubstep, pageGuide, previousSubstep, substepItems,
  wizardScreen,
} from "../../onboarding-state.js";
import { createGuidePanel } from "../../components/guide-panel.js";
import { createSubstepIndicator } from "../../components/substep-indicator.js";
import { createProfileStep } from "./profile.js";
import { createBrandStep } from "./brand.js";
import { createAvatarStep } from "./avatar.js";
import { createPreferencesStep } from "./preferences.js";
import { createReviewStep } from "./review.js";

const SCREENS = {
  profile: createProfileStep, brand: createBrandStep, avatar: createAvatarStep,
  preferences: createPreferencesStep, review: createReviewStep,
};

/** Unsaved answers, per user and sub-step, for this page's life. */
const drafts = new Map();

export function renderWizard(container, app) {
  let disposed = false;
  let onboarding = null;
  let key = null;
  let screen = null;
  let busy = false;
  const draftKey = (k) => `${app.user && app.user.email}:${k}`;

  const guide = createGuidePanel(app);
  const indicator = createSubstepIndicator({ onGo: (target) => move(target) });
  const heading = h("h1", { class: "page-title wizard__title", tabindex: "-1" }, "Complete onboarding");
  const intro = h("p", { class: "page-sub" });
  const body = h("div", { class: "wizard__body" },
    h("div", { class: "loading-block" }, spinner(), h("span", {}, "Loading your setup…")));
  const errorBox = h("div", { class: "form-error", role: "alert", hidden: true });
  const back = h("button", { type: "button", class: "btn btn-ghost" }, icon("arrowLeft", { size: 16 }), "Back");
  const skip = h("button", { type: "button", class: "btn btn-secondary", hidden: true }, h("span", {}, "Skip", h("span", { class: "on-wide" }, " for now")));
  const primaryLabel = h("span", {}, "Next");
  const primary = h("button", { type: "submit", class: "btn btn-primary btn-lg wizard__primary" }, primaryLabel);
  const bar = h("div", { class: "action-bar" },
    h("div", { class: "action-bar__inner" }, back, h("span", { class: "action-bar__spacer" }), skip, primary));
  const form = h("form", { class: "wizard__form", novalidate: true, "aria-labelledby": "wizard-title" },
    h("div", { class: "wizard__head" }, heading, intro), body, errorBox, bar);
  heading.id = "wizard-title";

  container.append(
    h("div", { class: "wizard" },
      h("a", { class: "back-link", href: "#/" }, icon("arrowLeft", { size: 16 }), "Your setup"),
      h("p", { class: "eyebrow wizard__eyebrow" }, "Step 1 of 5 · Complete onboarding"),
      indicator.el,
      guide.el,
      form));
  const stopWatching = onInteraction(form, () => app.funnel.interacted());

  // ---------------------------------------------------------------- state
  function apply(next) {
    if (!next || disposed) return;
    onboarding = next;
    // Step 1's own words: once it is done the page-wide guide speaks of the next step.
    guide.update(pageGuide(next, 1));
    const shown = wizardScreen(next);
    if (shown !== key) show(shown);
    else {
      indicator.draw(substepItems(next), key);
      if (screen && screen.update) screen.update(next);
      drawActions();
    }
  }

  async function refresh() {
    try {
      const { onboarding: next } = await Onboarding.get();
      apply(next);
      return next;
    } catch (error) {
      showError(error.message);
      return null;
    }
  }

  const ctx = {
    app,
    state: () => onboarding,
    apply,
    refresh,
    redraw: () => drawActions(),
    move: (target) => move(target),
    get draft() { return drafts.get(draftKey(key)) || null; },
    keep: (values) => drafts.set(draftKey(key), values),
    busy: (on) => setBusy(on),
  };

  function show(next) {
    if (screen && screen.dispose) screen.dispose();
    screen = null;
    key = next;
    ctx.key = next;
    const item = substepItems(onboarding).find((i) => i.key === next);
    heading.textContent = item ? item.title : "Complete onboarding";
    app.setTitle(`${item ? `${item.number} ${item.title}` : "Complete onboarding"}`);
    indicator.draw(substepItems(onboarding), next);
    screen = SCREENS[next](ctx);
    intro.textContent = screen.intro || "";
    body.replaceChildren(screen.el);
    showError(null);
    drawActions();
    heading.focus({ preventScroll: true });
    window.scrollTo(0, 0);
    app.funnel.shown({ step: 1, substep: next });
  }

  function drawActions() {
    if (!screen) return;
    const action = screen.primary ? screen.primary() : { label: "Next" };
    primaryLabel.textContent = action.label;
    primary.disabled = busy || !!action.disabled;
    if (action.hint) primary.setAttribute("aria-describedby", "wizard-primary-hint");
    else primary.removeAttribute("aria-describedby");
    let hint = bar.querySelector("#wizard-primary-hint");
    if (action.hint) {
      if (!hint) { hint = h("p", { class: "action-bar__hint", id: "wizard-primary-hint" }); bar.prepend(hint); }
      hint.textContent = action.hint;
    } else if (hint) hint.remove();
    back.hidden = previousSubstep(key) === null;
    back.disabled = busy;
    skip.hidden = !(screen.skip && isSkippable(onboarding, key));
    skip.disabled = busy;
  }

  function setBusy(on) {
    busy = on;
    form.setAttribute("aria-busy", String(on));
    drawActions();
  }

  function showError(message) {
    errorBox.hidden = !message;
    errorBox.replaceChildren(...(message ? [icon("alert"), h("span", {}, message)] : []));
  }

  // ---------------------------------------------------------------- moving
  // Set when review's Edit opened this sub-step: saving it goes back to the review, not on to the
  // next sub-step (a tester's edited brand led on to the photos, done long before).
  let backToReview = false;

  /** After a save or a skip: on to the next sub-step once this one is settled. */
  async function forward(next) {
    if (!next) return;
    if (key === "review") return; // review.js leaves for the launchpad itself
    drafts.delete(draftKey(key));
    if (!isSubstepSettled(next, key)) { apply(next); return; }
    if (backToReview && canVisit(next, "review")) {
      const moved = await Onboarding.moveTo("review");
      backToReview = false;
      apply(moved.onboarding);
      return;
    }
    const after = nextSubstep(key);
    if (after && wizardScreen(next) === key) {
      const moved = await Onboarding.moveTo(after);
      apply(moved.onboarding);
    } else {
      apply(next);
    }
  }

  async function run(task) {
    if (busy || disposed) return;
    setBusy(true);
    showError(null);
    try {
      await task();
    } catch (error) {
      if (!disposed) showError(error.message);
    } finally {
      if (!disposed) setBusy(false);
    }
  }

  /** Back, the indicator, review's edit links: keeps what was typed, then moves. */
  function move(target) {
    const from = key;
    run(async () => {
      backToReview = from === "review";
      if (screen && screen.keep) ctx.keep(screen.keep());
      const { onboarding: next } = await Onboarding.moveTo(target);
      apply(next);
    });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!screen || primary.disabled) return;
    run(async () => forward(await screen.submit()));
  });
  skip.addEventListener("click", () => run(async () => forward(await screen.skip())));
  back.addEventListener("click", () => { const previous = previousSubstep(key); if (previous) move(previous); });

  (async () => {
    try {
      let { onboarding: first } = await Onboarding.get();
      if (disposed) return;
      // A finished step 1 opens at its summary (the launchpad's "Review"), not at whichever
      // sub-step was last left open.
      if (isStepDone(first, 1) && wizardScreen(first) !== "review" && canVisit(first, "review")) {
        // Not moved (the network, or a change meanwhile): the wizard opens where it was instead.
        first = await Onboarding.moveTo("review").then((moved) => moved.onboarding, () => first);
        if (disposed) return;
      }
      apply(first);
    } catch (error) {
      if (disposed) return;
      body.replaceChildren(h("div", { class: "banner banner-danger", role: "alert" }, icon("alert"), h("span", {}, error.message)));
    }
  })();

  return () => {
    disposed = true;
    stopWatching();
    if (screen && screen.keep) drafts.set(draftKey(key), screen.keep());
    if (screen && screen.dispose) screen.dispose();
  };
}
