// The brand record on the review page (step 2): the colours as swatches with their roles (each
// editable: picker and hex, role, remove, add up to 8), the fonts rendered in themselves, voice,
// audience, the guidelines, and where each value came from. Only what the user changes is sent
// (PATCH /api/brand, see ../brand-form.js brandPatch), so every other field keeps its source.
//
//   const editor = createBrandEditor(brand, { onChange });  editor.el
//   editor.patch() → the PATCH body ({} when nothing changed), or null (the problem is shown)
import { h, icon, keepFocusOnPress, uniqueId } from "../dom.js";
import {
  MAX_PALETTE, ROLES, ROLE_LABELS, brandPatch, draftFromBrand, fontHints, fontStack, sampleName, paletteProblems, readableOn, sourceLabel,
  splitWeight,
} from "../brand-form.js";
import { createColourInput } from "./colour-input.js";

function source(field) {
  const text = sourceLabel(field);
  return text ? h("span", { class: "source-chip" }, text) : null;
}

export function createBrandEditor(brand, { onChange = () => {} } = {}) {
  const draft = draftFromBrand(brand);
  const ids = { name: uniqueId("edit-name"), voice: uniqueId("edit-voice"), audience: uniqueId("edit-audience") };
  const changed = () => { drawSwatches(); onChange(); };

  // ----- name
  const nameInput = h("input", { id: ids.name, type: "text", maxlength: "100", value: draft.name });
  nameInput.addEventListener("input", () => { draft.name = nameInput.value; onChange(); });

  // ----- colours
  const swatches = h("ul", { class: "swatches", "aria-label": "Your palette" });
  const rows = h("ol", { class: "palette-rows" });
  const paletteError = h("p", { class: "field-error", role: "alert", hidden: true });
  const addButton = keepFocusOnPress(
    h("button", { type: "button", class: "btn btn-secondary btn-sm" }, icon("plus", { size: 16 }), "Add a colour"));
  const entries = [];

  function addRow(colour, original, focus = false) {
    const entry = { colour };
    const roleId = uniqueId("role");
    entry.input = createColourInput({
      value: colour.hex, label: "Colour",
      onChange: (hex) => { if (hex) colour.hex = hex; else colour.hex = entry.input.text; changed(); },
      onRemove: () => {
        const i = entries.indexOf(entry);
        entries.splice(i, 1);
        draft.palette.splice(draft.palette.indexOf(colour), 1);
        entry.li.remove();
        relabel();
        changed();
        (entries[Math.min(i, entries.length - 1)]?.input || { focus: () => addButton.focus() }).focus();
      },
    });
    entry.role = h("select", { id: roleId, class: "palette-row__role" }, ROLES.map((r) => h("option", { value: r }, ROLE_LABELS[r])));
    entry.role.value = colour.role;
    entry.role.addEventListener("change", () => { colour.role = entry.role.value; changed(); });
    entry.roleLabel = h("label", { for: roleId, class: "small" }, "Role");
    entry.li = h("li", { class: "palette-row" }, entry.input.el,
      h("div", { class: "palette-row__role-field" }, entry.roleLabel, entry.role),
      h("div", { class: "palette-row__source" }, source(original)));
    entries.push(entry);
    rows.append(entry.li);
    relabel();
    if (focus) entry.input.focus();
  }

  function relabel() {
    entries.forEach((entry, i) => {
      entry.input.setLabel(`Colour ${i + 1}`);
      entry.role.setAttribute("aria-label", `Role of colour ${i + 1}`);
      const remove = entry.input.el.querySelector(".colour-input__remove");
      if (remove) remove.hidden = entries.length <= 1;
    });
    addButton.hidden = entries.length >= MAX_PALETTE;
  }

  function drawSwatches() {
    swatches.replaceChildren(...draft.palette.map((c) => {
      const hex = /^#[0-9A-F]{6}$/i.test(c.hex) ? c.hex : "#FFFFFF";
      return h("li", { class: "swatch", style: `background:${hex};color:${readableOn(hex)}` },
        h("span", { class: "swatch__role" }, ROLE_LABELS[c.role] || c.role), h("span", { class: "swatch__hex" }, c.hex));
    }));
  }

  draft.palette.forEach((colour, i) => addRow(colour, (brand.palette || [])[i]));
  addButton.addEventListener("click", () => {
    const colour = { hex: "#FFFFFF", role: "accent", name: "" };
    draft.palette.push(colour);
    addRow(colour, null, true);
    changed();
  });
  drawSwatches();

  // ----- fonts
  const hints = fontHints(brand.fonts);
  function fontField(key, label) {
    const font = (brand.fonts && brand.fonts[key]) || null;
    const id = uniqueId(`font-${key}`);
    const input = h("input", { id, type: "text", maxlength: "80", value: draft.fonts[key], "aria-describedby": `${id}-sample` });
    const sample = h("p", { class: `font-sample font-sample--${key}`, id: `${id}-sample` });
    function drawSample() {
      // A weight typed after the family is the weight; else the stored one stays while the
      // family does (the server reads and keeps them so: BrandEdit).
      const typed = splitWeight(input.value);
      const family = typed.family;
      const fallback = font && family === font.family ? font.fallback : null;
      const kept = font && font.weight && family.toLowerCase() === font.family.toLowerCase() ? font.weight : null;
      const weight = typed.weight || kept;
      sample.style.fontFamily = family ? fontStack({ family, fallback }) : "";
      sample.style.fontWeight = family && weight ? String(weight) : "";
      const line = key === "heading" ? "Your next big idea" : "The quick brown fox jumps over the lazy dog.";
      sample.textContent = family ? `${line} (${sampleName(family, fallback || (font && font.fallback), weight)})` : "No font yet.";
      sample.classList.toggle("is-empty", !family);
    }
    input.addEventListener("input", () => { draft.fonts[key] = input.value; drawSample(); onChange(); });
    drawSample();
    return h("div", { class: "field font-field" },
      h("div", { class: "field__label-row" }, h("label", { for: id }, label), source(font)),
      input, sample,
      hints[key] ? h("p", { class: "field-hint" }, hints[key]) : null);
  }

  // ----- voice, audience
  function textArea(id, key, label, field) {
    const area = h("textarea", { id, rows: "2", maxlength: "500" });
    area.value = draft[key];
    area.addEventListener("input", () => { draft[key] = area.value; onChange(); });
    return h("div", { class: "field" }, h("div", { class: "field__label-row" }, h("label", { for: id }, label), source(field)), area);
  }

  // ----- guidelines (from a PDF; read-only here)
  const g = brand.guidelines;
  const guidelines = g && ((g.dos || []).length || (g.donts || []).length || g.tagline)
    ? h("div", { class: "guidelines" },
      g.tagline ? h("p", {}, h("strong", {}, "Tagline: "), g.tagline) : null,
      (g.dos || []).length ? h("div", {}, h("h4", {}, "Do"), h("ul", {}, g.dos.map((d) => h("li", {}, d)))) : null,
      (g.donts || []).length ? h("div", {}, h("h4", {}, "Don't"), h("ul", {}, g.donts.map((d) => h("li", {}, d)))) : null,
      source(g))
    : h("p", { class: "muted" }, "No guidelines yet: they are read from a brand-guidelines PDF, and none came with this brand.");

  const el = h("div", { class: "brand-editor" },
    h("section", { class: "card wizard-card", "aria-labelledby": `${ids.name}-title` },
      h("h2", { class: "section-title", id: `${ids.name}-title` }, "Name and colours"),
      h("div", { class: "field" }, h("div", { class: "field__label-row" }, h("label", { for: ids.name }, "Brand name"), source(brand.name)), nameInput),
      swatches, rows, paletteError, h("div", {}, addButton)),
    brand.logo
      ? h("section", { class: "card wizard-card", "aria-labelledby": `${ids.name}-logo` },
        h("div", { class: "field__label-row" }, h("h2", { class: "section-title", id: `${ids.name}-logo` }, "Logo"), source(brand.logo)),
        h("div", { class: "brand-pdf__logo" },
          // The key in the address: a new logo is a new picture, never a cached old one.
          h("img", { src: `/api/brand/logo?v=${encodeURIComponent(brand.logo.key)}`, alt: "Your logo", width: String(Math.min(160, brand.logo.width)) })))
      : null,
    h("section", { class: "card wizard-card", "aria-labelledby": `${ids.voice}-fonts` },
      h("h2", { class: "section-title", id: `${ids.voice}-fonts` }, "Fonts"),
      fontField("heading", "Headings"), fontField("body", "Body text")),
    h("section", { class: "card wizard-card", "aria-labelledby": `${ids.voice}-title` },
      h("h2", { class: "section-title", id: `${ids.voice}-title` }, "Voice and audience"),
      textArea(ids.voice, "voice", "Voice", brand.voice), textArea(ids.audience, "audience", "Audience", brand.audience)),
    h("section", { class: "card wizard-card", "aria-labelledby": `${ids.voice}-guidelines` },
      h("h2", { class: "section-title", id: `${ids.voice}-guidelines` }, "Guidelines"), guidelines));

  return {
    el,
    dirty: () => Object.keys(brandPatch(brand, draft)).length > 0,
    patch() {
      const problems = paletteProblems(draft.palette);
      entries.forEach((e, i) => e.input.setError(problems.items[i] && problems.items[i].startsWith("Use") ? problems.items[i] : null));
      paletteError.hidden = problems.ok;
      paletteError.textContent = problems.message || "";
      if (!problems.ok) {
        const bad = problems.items.findIndex(Boolean);
        (entries[bad] ? entries[bad].input : nameInput).focus();
        return null;
      }
      return brandPatch(brand, draft);
    },
  };
}
