// What steps 2 and 3 share: the server's word on whether the step is open (GET
// /api/onboarding/steps/:n; 409 step_locked sends the user to the launchpad with the reason), the
// page head, a body, a sticky action bar (a secondary and a primary action, each an async `run`
// whose error is shown), and the funnel's `shown` and `started`.
//
//   const page = createStepPage(container, app, { number, title, intro, load: async () => data, draw(data) });
//   page.before(el), page.intro(text), page.body(...els), page.actions({ primary: {label, run, disabled}, secondary }), page.focusHeading()
import { Onboarding } from "../api.js";
import { h, icon, onInteraction, spinner } from "../dom.js";

export function createStepPage(container, app, { number, title, intro, load, draw }) {
  let disposed = false;
  let busy = false;
  let current = {};
  const heading = h("h1", { class: "page-title", tabindex: "-1" }, title);
  const top = h("div", { class: "step-page__top" });
  const body = h("div", { class: "step-page__body" },
    h("div", { class: "loading-block" }, spinner(), h("span", {}, "Loading…")));
  const error = h("div", { class: "form-error", role: "alert", hidden: true });
  const secondary = h("button", { type: "button", class: "btn btn-secondary", hidden: true });
  const primary = h("button", { type: "button", class: "btn btn-primary btn-lg", hidden: true });
  const bar = h("div", { class: "action-bar" },
    h("div", { class: "action-bar__inner" },
      h("a", { class: "btn btn-ghost", href: "#/" }, icon("arrowLeft", { size: 16 }), "Setup"),
      h("span", { class: "action-bar__spacer" }), secondary, primary));
  const introText = h("p", { class: "page-sub" }, intro);
  const root = h("div", { class: "step-page" },
    h("a", { class: "back-link", href: "#/" }, icon("arrowLeft", { size: 16 }), "Your setup"),
    h("p", { class: "eyebrow" }, `Step ${number} of 5`),
    h("div", { class: "wizard__head" }, heading, introText),
    top, body, error, bar);
  container.append(root);
  const stopWatching = onInteraction(root, () => app.funnel.interacted());

  function showError(message) {
    error.hidden = !message;
    error.replaceChildren(...(message ? [icon("alert"), h("span", {}, message)] : []));
  }

  async function run(action) {
    if (busy || !action || disposed) return;
    busy = true;
    setButtons();
    showError(null);
    try {
      await action.run();
    } catch (err) {
      if (!disposed) showError(err.message);
    } finally {
      busy = false;
      if (!disposed) setButtons();
    }
  }

  function setButtons() {
    for (const [button, action] of [[secondary, current.secondary], [primary, current.primary]]) {
      button.hidden = !action;
      if (!action) continue;
      button.textContent = action.label;
      button.disabled = busy || !!action.disabled;
    }
  }
  secondary.addEventListener("click", () => run(current.secondary));
  primary.addEventListener("click", () => run(current.primary));

  (async () => {
    try {
      await Onboarding.step(number);
    } catch (err) {
      if (disposed) return;
      if (err.code === "step_locked" || err.status === 404) {
        app.refuse(`Step ${number} is locked. ${err.message}`);
        return;
      }
      body.replaceChildren();
      showError(err.message);
      return;
    }
    try {
      const data = await load();
      if (disposed) return;
      draw(data);
      app.funnel.shown({ step: number });
    } catch (err) {
      if (disposed) return;
      body.replaceChildren();
      showError(err.message);
    }
  })();

  return {
    before(el) { top.append(el); },
    intro(text) { introText.textContent = text; },
    body(...els) { body.replaceChildren(...els.filter(Boolean)); },
    actions(next) { current = next || {}; setButtons(); },
    focusHeading() { heading.focus({ preventScroll: true }); },
    showError,
    get disposed() { return disposed; },
    cleanup: () => { disposed = true; stopWatching(); },
  };
}
