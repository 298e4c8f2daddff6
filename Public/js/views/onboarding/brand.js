// 1.2 Brand identity: the five quick questions (option B), written into the brand record
// (PUT /api/brand); skippable. A brand already saved is loaded into the questions, so going back
// never loses it. (Option A, a brand-guidelines PDF, waits for the server's `brand_pdf`.)
import { Brand, Onboarding } from "../../api.js";
import { h, spinner } from "../../dom.js";
import { questionnaireFromBrand } from "../../brand-form.js";
import { createBrandQuestionnaire } from "../../components/brand-questionnaire.js";

export function createBrandStep(ctx) {
  let form = null;
  let disposed = false;
  const el = h("div", { class: "card wizard-card" });

  function build(initial) {
    form = createBrandQuestionnaire({ initial });
    el.replaceChildren(
      h("p", { class: "wizard-card__lead" }, "Five quick questions. Only the name and one colour are needed; change anything later in step 2."),
      form.el);
    ctx.redraw();
  }

  const onboarding = ctx.state();
  if (ctx.draft) build(ctx.draft);
  else if (onboarding.brand && onboarding.brand.exists) {
    el.append(h("div", { class: "loading-block" }, spinner(), h("span", {}, "Loading your brand…")));
    Brand.get().then(({ brand }) => { if (!disposed) build(questionnaireFromBrand(brand)); })
      .catch(() => { if (!disposed) build({}); });
  } else build({});

  return {
    el,
    intro: "Your colours, voice and audience, so everything we make looks and sounds like you.",
    keep: () => (form ? form.values() : ctx.draft),
    primary: () => ({ label: "Save and continue", disabled: !form }),
    async submit() {
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
