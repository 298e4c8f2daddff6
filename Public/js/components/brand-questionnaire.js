// The brand's five quick questions (option B of sub-step 1.2, and step 2 when the brand was
// skipped): name, 1–5 colours (picker and hex), voice, audience, fonts or style. The rules are in
// ../brand-form.js; the answers go to PUT /api/brand as they are.
//
//   const form = createBrandQuestionnaire({ initial });  section.append(form.el)
//   form.values() (the raw answers, for a draft), form.check() → body or null (problems shown, focus moved)
//   form.showServerError(error)
import { h, icon, keepFocusOnPress, uniqueId } from "../dom.js";
import { MAX_QUESTIONNAIRE_COLOURS, ROLE_LABELS, questionnaireRoles, validateQuestionnaire } from "../brand-form.js";
import { createColourInput } from "./colour-input.js";

const STARTER_COLOUR = "#2D5C8A";
/** What "Add a colour" starts from: the first of these not in the set yet (a copy of the last
 * colour made the secondary an exact copy of the primary). */
const STARTERS = [STARTER_COLOUR, "#E07A5F", "#3D9970", "#F2CC8F", "#6B4C9A", "#1B1B1B"];

export function createBrandQuestionnaire({ initial = {} } = {}) {
  const ids = { name: uniqueId("brand-name"), voice: uniqueId("brand-voice"), audience: uniqueId("brand-audience"), fonts: uniqueId("brand-fonts") };
  const nameInput = h("input", { id: ids.name, type: "text", maxlength: "100", autocomplete: "organization", required: true,
    value: initial.name || "", "aria-describedby": `${ids.name}-hint ${ids.name}-error` });
  const nameError = h("p", { class: "field-error", id: `${ids.name}-error`, hidden: true });
  const voiceInput = h("input", { id: ids.voice, type: "text", maxlength: "300", value: initial.voice || "", "aria-describedby": `${ids.voice}-hint` });
  const audienceInput = h("textarea", { id: ids.audience, rows: "2", maxlength: "500", "aria-describedby": `${ids.audience}-hint` });
  audienceInput.value = initial.audience || "";
  const fontsInput = h("input", { id: ids.fonts, type: "text", maxlength: "200", value: initial.fonts || "", "aria-describedby": `${ids.fonts}-hint` });

  const colours = [];
  const colourList = h("ol", { class: "colour-list" });
  const colourError = h("p", { class: "field-error", role: "alert", hidden: true });
  const addButton = keepFocusOnPress(
    h("button", { type: "button", class: "btn btn-secondary btn-sm" }, icon("plus", { size: 16 }), "Add a colour"));
  const formError = h("div", { class: "form-error", role: "alert", hidden: true });

  function addColour(value, focus = false) {
    const entry = {};
    entry.input = createColourInput({
      value,
      label: "Colour",
      hint: "",
      onRemove: () => {
        const i = colours.indexOf(entry);
        colours.splice(i, 1);
        entry.li.remove();
        relabel();
        (colours[Math.min(i, colours.length - 1)]?.input || { focus: () => addButton.focus() }).focus();
      },
    });
    entry.li = h("li", { class: "colour-list__item" }, entry.input.el);
    colours.push(entry);
    colourList.append(entry.li);
    relabel();
    if (focus) entry.input.focus();
  }

  function relabel() {
    const roles = questionnaireRoles(colours.length);
    colours.forEach((entry, i) => {
      entry.input.setLabel(`Colour ${i + 1}`, ROLE_LABELS[roles[i]]);
      const remove = entry.input.el.querySelector(".colour-input__remove");
      if (remove) remove.hidden = colours.length <= 1;
    });
    addButton.hidden = colours.length >= MAX_QUESTIONNAIRE_COLOURS;
  }

  addButton.addEventListener("click", () => {
    if (colours.length >= MAX_QUESTIONNAIRE_COLOURS) return;
    const used = new Set(colours.map((c) => c.input.value).filter(Boolean));
    addColour(STARTERS.find((hex) => !used.has(hex)) || STARTER_COLOUR, true);
  });
  for (const value of (initial.colors && initial.colors.length ? initial.colors : [STARTER_COLOUR])) addColour(value);

  const hint = (id, text) => h("p", { class: "field-hint", id: `${id}-hint` }, text);
  const optional = () => h("span", { class: "optional" }, " (optional)");
  const el = h("div", { class: "questionnaire" },
    h("div", { class: "field" }, h("label", { for: ids.name }, "1. Brand name"), hint(ids.name, "Your own name is fine if you are the brand."), nameInput, nameError),
    h("fieldset", { class: "field colour-fieldset" },
      h("legend", {}, "2. Brand colours ", h("span", { class: "optional" }, "(1 to 5; the first is your primary colour)")),
      colourList, colourError, h("div", {}, addButton)),
    h("div", { class: "field" }, h("label", { for: ids.voice }, "3. Voice", optional()), hint(ids.voice, "How you sound, in a few words: e.g. warm, direct, a little playful."), voiceInput),
    h("div", { class: "field" }, h("label", { for: ids.audience }, "4. Audience", optional()), hint(ids.audience, "Who you make content for."), audienceInput),
    h("div", { class: "field" }, h("label", { for: ids.fonts }, "5. Fonts or style", optional()), hint(ids.fonts, "Font names if you have them (e.g. Montserrat and Georgia), or a style: clean, classic, bold."), fontsInput),
    formError);

  nameInput.addEventListener("input", () => { nameError.hidden = true; nameInput.removeAttribute("aria-invalid"); });

  function values() {
    return {
      name: nameInput.value,
      colors: colours.map((c) => c.input.text),
      voice: voiceInput.value,
      audience: audienceInput.value,
      fonts: fontsInput.value,
    };
  }

  function check() {
    formError.hidden = true;
    const { ok, errors, body } = validateQuestionnaire(values());
    nameError.hidden = !errors.name;
    nameError.textContent = errors.name || "";
    if (errors.name) nameInput.setAttribute("aria-invalid", "true");
    colours.forEach((c, i) => c.input.setError(errors.colorItems[i] || null));
    colourError.hidden = !errors.colors || errors.colorItems.some(Boolean);
    colourError.textContent = errors.colors || "";
    if (ok) return body;
    if (errors.name) nameInput.focus();
    else (colours[errors.colorItems.findIndex(Boolean)] || colours[0]).input.focus();
    return null;
  }

  function showServerError(error) {
    formError.replaceChildren(icon("alert"), h("span", {}, error.message));
    formError.hidden = false;
  }

  return { el, values, check, showServerError, focus: () => nameInput.focus() };
}
