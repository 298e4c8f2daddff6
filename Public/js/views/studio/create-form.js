// The studio's "Create" form: what the design should show (a quoted part becomes its title, or
// the title field), the format (from the server, with its size), the persona whose face it uses
// (the default one unless the page was opened from another persona), and "Make 4 variations".
//
//   const form = createDesignForm({ personaId, onCreated(designs) });  container.append(form.el)
import { Designs, Personas } from "../../api.js";
import { h, icon, replaceChildren, spinner, uniqueId } from "../../dom.js";
import { formatSize } from "../../design-words.js";
import { sameId } from "../../design-studio.js";
import { designFrame } from "./design-frame.js";
import { loadFormats } from "./formats.js";

const PLACEHOLDER = "me looking excited about crypto, big bold title 'Bitcoin in 2027'";

export function createDesignForm({ personaId = null, onCreated }) {
  const promptId = uniqueId("design-prompt");
  const titleId = uniqueId("design-title");
  const prompt = h("textarea", { id: promptId, rows: "3", maxlength: "500", placeholder: PLACEHOLDER, required: true,
    "aria-describedby": `${promptId}-hint` });
  const promptError = h("p", { class: "field-error", id: `${promptId}-error`, hidden: true });
  const title = h("input", { id: titleId, type: "text", maxlength: "120", autocomplete: "off",
    "aria-describedby": `${titleId}-hint` });
  const formats = h("div", { class: "format-picker" },
    h("span", { class: "loading-block" }, spinner(), "Loading formats…"));
  const persona = h("div", { class: "field studio-form__persona" });
  const variations = h("input", { type: "checkbox", name: "variations" });
  const error = h("div", { class: "form-error", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", class: "btn btn-primary btn-lg" }, icon("sparkle"), "Create");
  let ready = { formats: false, persona: true };
  let chosenPersona = null;

  const el = h("form", { class: "card studio-form", novalidate: true, "aria-label": "Create a design" },
    h("div", { class: "field" },
      h("label", { for: promptId }, "What should it show?"),
      prompt,
      h("p", { class: "field-hint", id: `${promptId}-hint` },
        "Put the title in quotes, like 'My first video': the quoted words are set as its title."),
      promptError),
    h("fieldset", { class: "field" }, h("legend", {}, "Format"), formats),
    h("div", { class: "field" },
      h("label", { for: titleId }, "Title ", h("span", { class: "optional" }, "(optional)")),
      title,
      h("p", { class: "field-hint", id: `${titleId}-hint` }, "Leave it empty to use the quoted words of your prompt.")),
    persona,
    h("label", { class: "check-row" }, variations,
      h("span", {}, h("strong", {}, "Make 4 variations"),
        h("span", { class: "muted" }, " · for a set of social posts, one design each"))),
    error,
    h("div", { class: "studio-form__actions" }, submit));

  variations.addEventListener("change", () => {
    submit.replaceChildren(icon("sparkle"), variations.checked ? "Create 4 variations" : "Create");
  });
  prompt.addEventListener("input", () => { promptError.hidden = true; prompt.removeAttribute("aria-invalid"); });

  function showError(message) {
    error.hidden = !message;
    replaceChildren(error, message ? [icon("alert"), h("span", {}, message)] : []);
  }

  function setReady(patch) {
    ready = { ...ready, ...patch };
    submit.disabled = !(ready.formats && ready.persona);
  }

  async function drawFormats() {
    setReady({ formats: false });
    try {
      const list = await loadFormats();
      replaceChildren(formats, list.map((format, index) => formatOption(format, index === 0)));
      setReady({ formats: list.length > 0 });
    } catch (err) {
      replaceChildren(formats, h("p", { class: "inline-note inline-note-danger" }, icon("alert", { size: 16 }),
        h("span", {}, `The formats could not be loaded: ${err.message} `),
        h("button", { type: "button", class: "link-button", onclick: drawFormats }, "Try again")));
    }
  }

  function formatOption(format, checked) {
    return h("label", { class: "format-option" },
      h("input", { type: "radio", name: "format", value: format.id, checked }),
      h("span", { class: "format-option__shape fit-box", "aria-hidden": "true" },
        designFrame(format.width, format.height, { compact: true })),
      h("span", { class: "format-option__text" }, h("span", { class: "format-option__name" }, format.label),
        h("span", { class: "format-option__size" }, formatSize(format.width, format.height))));
  }

  // The persona whose portraits the design uses: the one asked for, else the default, else any ready one.
  async function drawPersona() {
    try {
      const { personas } = await Personas.list();
      const usable = (personas || []).filter((p) => p.status === "ready");
      chosenPersona = usable.find((p) => sameId(p.id, personaId)) || usable.find((p) => p.isDefault)
        || usable[0] || null;
      if (!chosenPersona) {
        replaceChildren(persona, h("p", { class: "inline-note inline-note-warning" }, icon("user", { size: 16 }),
          h("span", {}, "A design shows your persona, and none is ready yet. ",
            h("a", { href: "#/new" }, "Make a persona"))));
        setReady({ persona: false });
        return;
      }
      replaceChildren(persona, usable.length > 1 ? personaSelect(usable)
        : h("p", { class: "muted small" }, `With your persona “${chosenPersona.name}”.`));
    } catch {
      // The server uses the default persona when none is named.
      chosenPersona = null;
      replaceChildren(persona);
    }
  }

  function personaSelect(usable) {
    const id = uniqueId("design-persona");
    const select = h("select", { id },
      usable.map((p) => h("option", { value: p.id, selected: p === chosenPersona }, p.name)));
    select.addEventListener("change", () => {
      chosenPersona = usable.find((p) => sameId(p.id, select.value)) || null;
    });
    return [h("label", { for: id }, "Persona"), select];
  }

  el.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(null);
    const text = prompt.value.trim();
    if (!text) {
      promptError.textContent = "Say what the design should show.";
      promptError.hidden = false;
      prompt.setAttribute("aria-invalid", "true");
      prompt.setAttribute("aria-errormessage", promptError.id);
      prompt.focus();
      return;
    }
    const format = el.querySelector('input[name="format"]:checked');
    submit.disabled = true;
    submit.replaceChildren(spinner(), "Creating…");
    try {
      const { designs } = await Designs.create({
        prompt: text, format: format && format.value, title: title.value.trim(),
        personaId: chosenPersona && chosenPersona.id, variations: variations.checked ? 4 : 1,
      });
      onCreated(designs || []);
    } catch (err) {
      showError(err.message);
    } finally {
      submit.disabled = !(ready.formats && ready.persona);
      submit.replaceChildren(icon("sparkle"), variations.checked ? "Create 4 variations" : "Create");
    }
  });

  drawFormats();
  drawPersona();
  return { el, focus: () => prompt.focus() };
}
