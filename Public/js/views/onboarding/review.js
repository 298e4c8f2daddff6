// 1.5 Review & confirm: everything entered, each part with an edit link back to its sub-step;
// confirming finishes step 1 (POST /api/onboarding/confirm) and returns to the launchpad, where
// step 2 is now open. The server says what is still missing (409 onboarding_incomplete). Opened
// again once step 1 is done, it is a summary: edits are saved in their own sub-steps, so there is
// nothing left to confirm and the button goes back to the launchpad.
import { Brand, Onboarding, Personas } from "../../api.js";
import { h, icon } from "../../dom.js";
import { isStepDone, missingText, sameId } from "../../onboarding-state.js";
import { reviewSections } from "../../wizard-forms.js";
import { fontsText, readableOn, textOf } from "../../brand-form.js";

const STATE_CHIP = {
  done: { label: "Done", tone: "success" }, skipped: { label: "Skipped", tone: "neutral" }, pending: { label: "To do", tone: "warning" },
};

export function createReviewStep(ctx) {
  let disposed = false;
  let brand = null;
  let thumbnail = null;
  const list = h("div", { class: "review" });
  const error = h("div", { class: "form-error form-error--block", role: "alert", hidden: true, tabindex: "-1" });
  const el = h("div", {}, list, error);

  function section(part) {
    const chip = STATE_CHIP[part.state] || STATE_CHIP.pending;
    const titleId = `review-${part.key}`;
    const extra = [];
    if (part.key === "brand" && brand && (brand.palette || []).length) {
      extra.push(h("ul", { class: "swatches swatches--small", "aria-label": "Brand colours" },
        brand.palette.map((c) => h("li", { class: "swatch", style: `background:${c.hex};color:${readableOn(c.hex)}` }, c.hex))));
    }
    if (part.key === "avatar" && thumbnail) {
      extra.push(h("img", { class: "review__thumb", src: thumbnail, alt: "Your AI avatar's headshot" }));
    }
    return h("section", { class: "card review__part", "aria-labelledby": titleId },
      h("div", { class: "review__head" },
        h("h2", { class: "section-title", id: titleId }, part.title),
        h("span", { class: `state-chip tone-${chip.tone}` }, chip.label),
        h("button", { type: "button", class: "btn btn-ghost btn-sm review__edit", onclick: () => ctx.move(part.key) },
          icon("edit", { size: 15 }), "Edit", h("span", { class: "visually-hidden" }, ` ${part.title.toLowerCase()}`))),
      h("dl", { class: "review__rows" }, part.rows.map(([label, value]) => h("div", {}, h("dt", {}, label), h("dd", {}, value)))),
      ...extra);
  }

  function draw() {
    // Every answer of the five questions, so "check it" needs no going back.
    const brandRows = brand
      ? [["Fonts", fontsText(brand.fonts, { weightNames: true })], ["Voice", textOf(brand.voice)], ["Audience", textOf(brand.audience)]]
      : [];
    list.replaceChildren(...reviewSections(ctx.state(), { brandName: brand ? textOf(brand.name) : null, brandRows }).map(section));
  }

  const onboarding = ctx.state();
  const finished = () => isStepDone(ctx.state(), 1);
  draw();
  const loads = [];
  if (onboarding.brand && onboarding.brand.exists) loads.push(Brand.get().then((r) => { brand = r.brand; }).catch(() => {}));
  if (onboarding.avatar && onboarding.avatar.defaultPersonaId) {
    loads.push(Personas.list().then(({ personas }) => {
      const found = (personas || []).find((p) => sameId(p.id, onboarding.avatar.defaultPersonaId));
      thumbnail = found ? found.thumbnailUrl : null;
    }).catch(() => {}));
  }
  Promise.all(loads).then(() => { if (!disposed && loads.length) draw(); });

  return {
    el,
    intro: finished()
      ? "Step 1 is done. Change any part with its Edit button: what you save there is kept."
      : "Everything in one place. Check it, then confirm to finish step 1.",
    primary: () => ({ label: finished() ? "Back to your setup" : "Confirm and finish step 1" }),
    async submit() {
      error.hidden = true;
      if (finished()) {
        ctx.app.navigate("#/");
        return null;
      }
      try {
        const { onboarding: next } = await Onboarding.confirm();
        ctx.app.toast("Step 1 done: step 2 is open.");
        ctx.app.navigate("#/");
        return next;
      } catch (err) {
        if (err.code !== "onboarding_incomplete") throw err;
        const missing = missingText(ctx.state(), err.details);
        error.replaceChildren(h("div", { class: "form-error__head" }, icon("alert"), h("strong", {}, err.message)),
          missing.length ? h("ul", { class: "rejected-list" }, missing.map((m) => h("li", {}, m))) : null);
        error.hidden = false;
        error.focus();
        return null;
      }
    },
    update: () => draw(),
    dispose: () => { disposed = true; },
  };
}
