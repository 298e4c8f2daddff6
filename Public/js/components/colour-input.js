// One brand colour: the browser's colour picker and a hex field, kept in sync; the hex field is
// checked (#RRGGBB, short codes expanded) and says what is wrong. Optionally a remove button.
//
//   const colour = createColourInput({ value: "#1A2B3C", label: "Colour 1", onChange, onRemove });
//   colour.el, colour.value ("#RRGGBB" or null while invalid), colour.validate(), colour.focus()
import { h, icon, uniqueId } from "../dom.js";
import { normaliseHex } from "../brand-form.js";

export const HEX_PROBLEM = "Use a colour code like #1A2B3C.";

export function createColourInput({ value = "#2D5C8A", label = "Colour", hint = null, onChange, onRemove } = {}) {
  const hexId = uniqueId("hex");
  const errorId = uniqueId("hex-error");
  const hintId = hint !== null ? uniqueId("hex-hint") : null;
  const start = normaliseHex(value) || "#2D5C8A";
  let name = label;
  const picker = h("input", { type: "color", class: "colour-input__picker", value: start.toLowerCase(),
    "aria-label": `${label}, colour picker` });
  const hex = h("input", { type: "text", id: hexId, class: "colour-input__hex", value: start, maxlength: "7",
    spellcheck: "false", autocomplete: "off", autocapitalize: "characters",
    "aria-describedby": errorId });
  const error = h("p", { class: "field-error colour-input__error", id: errorId, hidden: true });
  const remove = onRemove
    ? h("button", { type: "button", class: "icon-btn colour-input__remove", "aria-label": `Remove ${label.toLowerCase()}`, title: "Remove",
      onclick: () => onRemove() }, icon("close", { size: 16 }))
    : null;
  const labelEl = h("label", { for: hexId, class: "colour-input__label" }, label, hintId ? h("span", { class: "colour-input__hint", id: hintId }, hint) : null);
  const el = h("div", { class: "colour-input" },
    labelEl,
    h("div", { class: "colour-input__row" }, picker, hex, remove),
    error);

  function setError(message) {
    error.hidden = !message;
    error.textContent = message || "";
    if (message) hex.setAttribute("aria-invalid", "true"); else hex.removeAttribute("aria-invalid");
  }

  // The picker can only hold a colour: while the code is not one, it is faded and edged red, and
  // says so to a screen reader, rather than showing the last good colour as if it were the field's.
  function markStale(stale) {
    picker.classList.toggle("is-stale", stale);
    picker.setAttribute("aria-label", `${name}, colour picker${stale ? " (the last valid colour, not the code typed)" : ""}`);
  }

  picker.addEventListener("input", () => {
    hex.value = picker.value.toUpperCase();
    setError(null);
    markStale(false);
    if (onChange) onChange(hex.value);
  });
  hex.addEventListener("input", () => {
    const valid = normaliseHex(hex.value);
    if (valid) { picker.value = valid.toLowerCase(); setError(null); }
    markStale(!valid);
    if (onChange) onChange(valid);
  });
  // The field is always filled: typing a code over it needs the old one selected first. (A click's
  // own mouseup would put the caret back, so the one after focusing is held.)
  let selected = false;
  hex.addEventListener("focus", () => { hex.select(); selected = true; });
  hex.addEventListener("mouseup", (event) => { if (selected) event.preventDefault(); selected = false; });
  hex.addEventListener("blur", () => { selected = false; });
  hex.addEventListener("change", () => {
    const valid = normaliseHex(hex.value);
    if (valid) hex.value = valid; else setError(HEX_PROBLEM);
  });

  return {
    el,
    get value() { return normaliseHex(hex.value); },
    get text() { return hex.value; },
    set value(next) {
      const valid = normaliseHex(next);
      if (!valid) return;
      hex.value = valid;
      picker.value = valid.toLowerCase();
      markStale(false);
      setError(null);
    },
    setLabel(text, hintText) {
      labelEl.firstChild.textContent = text;
      name = text;
      markStale(picker.classList.contains("is-stale"));
      if (remove) remove.setAttribute("aria-label", `Remove ${text.toLowerCase()}`);
      const hintEl = labelEl.querySelector(".colour-input__hint");
      if (hintEl && hintText !== undefined) hintEl.textContent = hintText;
    },
    /** Shows the problem, if any; true when the value is a valid colour. */
    validate() {
      const valid = normaliseHex(hex.value);
      setError(valid ? null : HEX_PROBLEM);
      return !!valid;
    },
    setError,
    focus() { hex.focus(); },
  };
}
