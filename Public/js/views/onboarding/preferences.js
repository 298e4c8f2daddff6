// 1.4 Content preferences: where the user posts, their content style and how often; skippable.
import { Onboarding } from "../../api.js";
import { h, uniqueId } from "../../dom.js";
import { optionList } from "../../onboarding-state.js";
import { preferencesValues, validatePreferences } from "../../wizard-forms.js";

/** A fieldset of checkboxes or radios; `selected` is a list (checkboxes) or a value (radios). */
function choiceGroup({ legend, name, type, options, selected }) {
  const errorId = uniqueId(`${name}-error`);
  const error = h("p", { class: "field-error", id: errorId, hidden: true });
  const inputs = options.map((o) => h("input", {
    type, name, value: o.value, id: uniqueId(`${name}-${o.value}`),
    checked: type === "checkbox" ? selected.includes(o.value) : selected === o.value,
  }));
  const el = h("fieldset", { class: "field choice-group", "aria-describedby": errorId },
    h("legend", {}, legend),
    h("div", { class: `choice-group__options choice-group__options--${type}` },
      options.map((o, i) => h("label", { class: "choice", for: inputs[i].id }, inputs[i], h("span", {}, o.label)))),
    error);
  return {
    el,
    get value() {
      const checked = inputs.filter((i) => i.checked).map((i) => i.value);
      return type === "checkbox" ? checked : checked[0] || "";
    },
    setError(message) { error.hidden = !message; error.textContent = message || ""; },
    focus() { (inputs.find((i) => i.checked) || inputs[0]).focus(); },
  };
}

export function createPreferencesStep(ctx) {
  const onboarding = ctx.state();
  const options = onboarding.options || {};
  const values = preferencesValues(onboarding, ctx.draft);
  const platforms = choiceGroup({ legend: "Where do you post?", name: "platforms", type: "checkbox",
    options: optionList(options.platforms), selected: values.platforms });
  const style = choiceGroup({ legend: "Your content style", name: "content-style", type: "radio",
    options: optionList(options.contentStyles), selected: values.contentStyle });
  const frequency = choiceGroup({ legend: "How often would you like to post?", name: "posting-frequency", type: "radio",
    options: optionList(options.postingFrequencies), selected: values.postingFrequency });
  const serverError = h("div", { class: "form-error", role: "alert", hidden: true });
  const el = h("div", { class: "card wizard-card" }, platforms.el, style.el, frequency.el, serverError);

  const keep = () => ({ platforms: platforms.value, contentStyle: style.value, postingFrequency: frequency.value });

  return {
    el,
    intro: "Where and how you publish, so what we make fits each platform.",
    keep,
    primary: () => ({ label: "Save and continue" }),
    async submit() {
      serverError.hidden = true;
      const { ok, errors, body } = validatePreferences(keep());
      platforms.setError(errors.platforms);
      style.setError(errors.contentStyle);
      frequency.setError(errors.postingFrequency);
      if (!ok) {
        (errors.platforms ? platforms : errors.contentStyle ? style : frequency).focus();
        return null;
      }
      try {
        const { onboarding: next } = await Onboarding.savePreferences(body);
        return next;
      } catch (error) {
        serverError.textContent = error.message;
        serverError.hidden = false;
        return null;
      }
    },
    async skip() {
      const { onboarding: next } = await Onboarding.skipPreferences();
      return next;
    },
  };
}
