// Step 2, "Review your brand" (#/steps/2): the brand record with its colours, fonts, voice,
// audience and guidelines, and where each came from; edits go to the shared record (PATCH
// /api/brand). If the brand was skipped in step 1, the five questions are offered here, or skipping
// again. The server decides whether the step is open (409 step_locked sends the user back).
import { Brand, Onboarding } from "../api.js";
import { h } from "../dom.js";
import { createBrandEditor } from "../components/brand-editor.js";
import { createBrandQuestionnaire } from "../components/brand-questionnaire.js";
import { createGuidePanel } from "../components/guide-panel.js";
import { createStepPage } from "./step-page.js";
import { isStepDone, pageGuide } from "../onboarding-state.js";

export function renderStepBrand(container, app) {
  let editor = null;
  let questionnaire = null;
  // Opened again once confirmed: edits are saved, and there is nothing left to confirm.
  let confirmed = false;
  const page = createStepPage(container, app, {
    number: 2,
    title: "Review your brand",
    intro: "Check your colours, fonts and voice, and fix anything that's off. Everything we make later uses them.",
    load: async () => {
      const { onboarding } = await Onboarding.get();
      const brand = onboarding.brand && onboarding.brand.exists ? (await Brand.get()).brand : null;
      return { onboarding, brand };
    },
    draw,
  });
  const guide = createGuidePanel(app);
  page.before(guide.el);

  function draw({ onboarding, brand }) {
    confirmed = isStepDone(onboarding, 2);
    guide.update(pageGuide(onboarding, 2));
    if (brand) showEditor(brand);
    else showQuestionnaire();
  }

  function showEditor(brand) {
    questionnaire = null;
    editor = createBrandEditor(brand, { onChange: () => page.actions(actions()) });
    page.body(editor.el);
    page.actions(actions());
  }

  function showQuestionnaire() {
    editor = null;
    questionnaire = createBrandQuestionnaire({});
    page.body(h("section", { class: "card wizard-card", "aria-labelledby": "brand-questions-title" },
      h("h2", { class: "section-title", id: "brand-questions-title" }, "You skipped your brand: five quick questions"),
      h("p", { class: "wizard-card__lead" }, "Only the name and one colour are needed. Or skip this step again; you can come back any time."),
      questionnaire.el));
    page.actions(actions());
  }

  function actions() {
    if (questionnaire) {
      return {
        secondary: { label: "Skip this step", run: skip },
        primary: { label: "Save my brand", run: answer },
      };
    }
    const dirty = editor && editor.dirty();
    if (confirmed) {
      return {
        secondary: dirty ? { label: "Save changes", run: () => save(true) } : null,
        primary: { label: dirty ? "Save and go back" : "Back to your setup", run: back },
      };
    }
    return {
      secondary: dirty ? { label: "Save changes", run: () => save(true) } : null,
      primary: { label: "Confirm my brand", run: confirm },
    };
  }

  async function answer() {
    const body = questionnaire.check();
    if (!body) return;
    const result = await Brand.answer(body);
    const { brand } = await Brand.get();
    if (result.onboarding) guide.update(pageGuide(result.onboarding, 2));
    showEditor(brand);
    app.toast("Your brand is saved. Check it, then confirm.");
    page.focusHeading();
  }

  async function save(announce) {
    const patch = editor.patch();
    if (!patch) return false;
    if (Object.keys(patch).length) {
      const result = await Brand.edit(patch);
      const brand = result.brand || (await Brand.get()).brand;
      showEditor(brand);
      if (announce) app.toast("Saved.");
    }
    return true;
  }

  async function confirm() {
    if (!(await save(false))) return;
    await Onboarding.confirmStep(2);
    app.toast("Step 2 done: your brand is confirmed.");
    app.navigate("#/");
  }

  async function back() {
    const dirty = editor && editor.dirty();
    if (!(await save(false))) return;
    if (dirty) app.toast("Saved.");
    app.navigate("#/");
  }

  async function skip() {
    await Onboarding.skipStep(2);
    app.toast("Step 2 skipped. You can add your brand here any time.");
    app.navigate("#/");
  }

  // Reloading or closing the tab with unsaved edits asks first (they were lost without a word).
  const warn = (event) => {
    if (editor && editor.dirty()) { event.preventDefault(); event.returnValue = ""; }
  };
  window.addEventListener("beforeunload", warn);
  return () => { window.removeEventListener("beforeunload", warn); page.cleanup(); };
}
