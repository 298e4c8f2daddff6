// 1.2 Brand identity, two ways: the five quick questions (option B), written into the brand record
// (PUT /api/brand), or, where the server reads PDFs (capability `brand_pdf`), the brand guidelines
// as a PDF (option A): read, shown for review, stored when the user picks "Use this brand" (POST
// /api/brand/accept). Skippable. A brand already saved is loaded into the questions, so going back
// never loses it.
import { Brand, Onboarding } from "../../api.js";
import { h, spinner } from "../../dom.js";
import { questionnaireFromBrand } from "../../brand-form.js";
import { acceptForm } from "../../brand-pdf.js";
import { hasCapability } from "../../onboarding-state.js";
import { createBrandQuestionnaire } from "../../components/brand-questionnaire.js";
import { createBrandPdfUpload } from "../../components/brand-pdf-upload.js";

export function createBrandStep(ctx) {
  let form = null;
  let upload = null;
  let mode = "questions";
  let disposed = false;
  const onboarding = ctx.state();
  const offersPdf = hasCapability(onboarding, "brand_pdf");
  const el = h("div", { class: "card wizard-card" });
  const panel = h("div", { id: "brand-way-panel", role: "tabpanel" });

  const tab = (key, label) => h("button", { type: "button", class: "segmented__item", role: "tab", id: `brand-way-${key}`,
    "aria-controls": "brand-way-panel", onclick: () => show(key) }, label);
  const tabs = offersPdf
    ? h("div", { class: "segmented brand-ways", role: "tablist", "aria-label": "How to give your brand" },
      tab("questions", "Answer five questions"), tab("pdf", "Upload brand guidelines (PDF)"))
    : null;
  if (tabs) {
    tabs.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
      event.preventDefault();
      show(mode === "pdf" ? "questions" : "pdf");
      tabs.querySelector(`#brand-way-${mode}`).focus();
    });
  }

  function show(next) {
    mode = next;
    if (tabs) {
      for (const button of tabs.children) {
        const selected = button.id === `brand-way-${mode}`;
        button.setAttribute("aria-selected", String(selected));
        button.tabIndex = selected ? 0 : -1;
      }
      panel.setAttribute("aria-labelledby", `brand-way-${mode}`);
    }
    if (mode === "pdf") {
      upload = upload || createBrandPdfUpload({ onChange: () => ctx.redraw() });
      panel.replaceChildren(
        h("p", { class: "wizard-card__lead" }, "We read the colours, fonts, logo and voice from your guidelines. Check what we found, then use it; change anything later in step 2."),
        upload.el);
    } else {
      panel.replaceChildren(
        h("p", { class: "wizard-card__lead" }, "Five quick questions. Only the name and one colour are needed; change anything later in step 2."),
        form ? form.el : h("div", { class: "loading-block" }, spinner(), h("span", {}, "Loading your brand…")));
    }
    ctx.redraw();
  }

  function build(initial) {
    form = createBrandQuestionnaire({ initial });
    show(mode);
  }

  el.append(...[tabs, panel].filter(Boolean));
  show("questions");
  if (ctx.draft) build(ctx.draft);
  else if (onboarding.brand && onboarding.brand.exists) {
    Brand.get().then(({ brand }) => { if (!disposed) build(questionnaireFromBrand(brand)); })
      .catch(() => { if (!disposed) build({}); });
  } else build({});

  return {
    el,
    intro: "Your colours, voice and audience, so everything we make looks and sounds like you.",
    keep: () => (form ? form.values() : ctx.draft),
    primary: () => (mode === "pdf"
      ? { label: "Use this brand", disabled: !upload || !upload.extraction() || upload.busy() }
      : { label: "Save and continue", disabled: !form }),
    async submit() {
      if (mode === "pdf") {
        const extraction = upload && upload.extraction();
        if (!extraction) return null;
        try {
          const result = await Brand.accept(acceptForm(extraction, upload.keepLogo()));
          return result.onboarding || (await Onboarding.get()).onboarding;
        } catch (error) {
          upload.showError(error);
          return null;
        }
      }
      if (!form) return null;
      const body = form.check();
      if (!body) return null;
      try {
        const result = await Brand.answer(body);
        return result.onboarding || (await Onboarding.get()).onboarding;
      } catch (error) {
        form.showServerError(error);
        return null;
      }
    },
    async skip() {
      const { onboarding: next } = await Onboarding.skipBrand();
      return next;
    },
    dispose() { disposed = true; },
  };
}
