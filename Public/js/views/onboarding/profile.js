// 1.1 Welcome & profile: what to call the user, their email (from the account, not editable here)
// and their content niche (the server's list, or "other" in their words).
import { Onboarding } from "../../api.js";
import { h } from "../../dom.js";
import { optionList } from "../../onboarding-state.js";
import { profileValues, validateProfile } from "../../wizard-forms.js";

export function createProfileStep(ctx) {
  const onboarding = ctx.state();
  const values = profileValues(onboarding, ctx.draft);
  const email = (onboarding.answers && onboarding.answers.profile && onboarding.answers.profile.email) || (ctx.app.user && ctx.app.user.email) || "";

  const nameInput = h("input", { id: "profile-name", type: "text", autocomplete: "name", maxlength: "60", required: true,
    value: values.displayName, "aria-describedby": "profile-name-error" });
  const nameError = h("p", { class: "field-error", id: "profile-name-error", hidden: true });
  const emailInput = h("input", { id: "profile-email", type: "email", value: email, readonly: true, "aria-describedby": "profile-email-hint" });
  const niche = h("select", { id: "profile-niche", required: true, "aria-describedby": "profile-niche-error" },
    h("option", { value: "" }, "Choose one…"),
    optionList(onboarding.options && onboarding.options.niches).map((o) => h("option", { value: o.value }, o.label)));
  niche.value = values.niche;
  const nicheError = h("p", { class: "field-error", id: "profile-niche-error", hidden: true });
  const otherInput = h("input", { id: "profile-niche-other", type: "text", maxlength: "60", value: values.nicheOther,
    "aria-describedby": "profile-niche-other-error" });
  const otherError = h("p", { class: "field-error", id: "profile-niche-other-error", hidden: true });
  const otherField = h("div", { class: "field", hidden: values.niche !== "other" },
    h("label", { for: "profile-niche-other" }, "Your niche, in a few words"), otherInput, otherError);
  const serverError = h("div", { class: "form-error", role: "alert", hidden: true });

  niche.addEventListener("change", () => {
    otherField.hidden = niche.value !== "other";
    setError(niche, nicheError, null);
  });
  nameInput.addEventListener("input", () => setError(nameInput, nameError, null));
  otherInput.addEventListener("input", () => setError(otherInput, otherError, null));

  const el = h("div", { class: "card wizard-card" },
    h("div", { class: "field" }, h("label", { for: "profile-name" }, "What should we call you?"), nameInput, nameError),
    h("div", { class: "field" }, h("label", { for: "profile-email" }, "Email"), emailInput,
      h("p", { class: "field-hint", id: "profile-email-hint" }, "From your account.")),
    h("div", { class: "field" }, h("label", { for: "profile-niche" }, "What do you create?"), niche, nicheError),
    otherField,
    serverError);

  function setError(input, box, message) {
    box.hidden = !message;
    box.textContent = message || "";
    if (message) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
  }

  function keep() {
    return { displayName: nameInput.value, niche: niche.value, nicheOther: otherInput.value };
  }

  return {
    el,
    intro: "Who you are and what you make: the studio starts here.",
    keep,
    primary: () => ({ label: "Save and continue" }),
    async submit() {
      serverError.hidden = true;
      const { ok, errors, body } = validateProfile(keep());
      setError(nameInput, nameError, errors.displayName);
      setError(niche, nicheError, errors.niche);
      setError(otherInput, otherError, errors.nicheOther);
      if (!ok) {
        (errors.displayName ? nameInput : errors.niche ? niche : otherInput).focus();
        return null;
      }
      try {
        const { onboarding: next } = await Onboarding.saveProfile(body);
        return next;
      } catch (error) {
        serverError.textContent = error.message;
        serverError.hidden = false;
        return null;
      }
    },
  };
}
