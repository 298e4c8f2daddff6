// The brand questionnaire and the brand record (../shared/docs/BRAND.md) as the page reads and
// edits them: colour codes, validation, the record's fields and where each came from, and the
// PATCH that touches only what the user changed. Pure (no DOM): the unit tests import it.
//
// The record (GET /api/brand): { name: {value, source}, palette: [{hex, role, name?, source}],
//   fonts: {heading: {family, fallback, source}, body}, voice: {adjectives, text, source},
//   audience: {value, source}, guidelines: {dos, donts, tagline, source} }

export const MIN_COLOURS = 1;
export const MAX_QUESTIONNAIRE_COLOURS = 5;
export const MAX_PALETTE = 8;
export const ROLES = ["primary", "secondary", "accent", "background", "text", "other"];
export const ROLE_LABELS = {
  primary: "Primary", secondary: "Secondary", accent: "Accent", background: "Background", text: "Text", other: "Other",
};
export const MAX_NAME = 100;

/** "#abc", "ABCDEF", " #a1b2c3 " → "#AABBCC" style; anything else → null. */
export function normaliseHex(input) {
  const text = String(input ?? "").trim().replace(/^#/, "");
  if (/^[0-9a-f]{3}$/i.test(text)) return `#${text.split("").map((c) => c + c).join("")}`.toUpperCase();
  if (/^[0-9a-f]{6}$/i.test(text)) return `#${text}`.toUpperCase();
  return null;
}

/** The roles the questionnaire gives n colours: primary, secondary, then accents. */
export function questionnaireRoles(count) {
  return Array.from({ length: count }, (_, i) => (i === 0 ? "primary" : i === 1 ? "secondary" : "accent"));
}

/**
 * Checks the questionnaire: a name, 1–5 valid colours (#RRGGBB, duplicates dropped).
 * input = { name, colors: [text], voice, audience, fonts }
 * → { ok, errors: { name?, colors?, colorItems: [message|null] }, body } (body: PUT /api/brand's)
 */
export function validateQuestionnaire(input) {
  const name = String(input.name ?? "").trim();
  const errors = { colorItems: [] };
  if (!name) errors.name = "Give your brand a name (your own name is fine).";
  else if (name.length > MAX_NAME) errors.name = `Keep the name under ${MAX_NAME} characters.`;

  const raw = Array.isArray(input.colors) ? input.colors : [];
  const colors = [];
  raw.forEach((text, i) => {
    const hex = normaliseHex(text);
    errors.colorItems[i] = hex ? null : "Use a colour code like #1A2B3C.";
    if (hex && !colors.includes(hex)) colors.push(hex);
  });
  if (errors.colorItems.some(Boolean)) errors.colors = "One of the colours is not a valid code.";
  else if (colors.length < MIN_COLOURS) errors.colors = "Pick at least one colour.";
  else if (colors.length > MAX_QUESTIONNAIRE_COLOURS) errors.colors = `Pick at most ${MAX_QUESTIONNAIRE_COLOURS} colours.`;

  const ok = !errors.name && !errors.colors;
  const body = {
    name,
    colors,
    voice: String(input.voice ?? "").trim(),
    audience: String(input.audience ?? "").trim(),
    fonts: String(input.fonts ?? "").trim(),
  };
  return { ok, errors, body };
}

// ---------------------------------------------------------------- the record

/** A text field's value ("" when absent): name, audience (voice: its text and adjectives). */
export function textOf(field) {
  if (field === null || field === undefined) return "";
  if (typeof field === "string") return field;
  if (typeof field.value === "string") return field.value;
  if (Array.isArray(field.adjectives) || typeof field.text === "string") {
    // The free text is what the user wrote; the adjectives are picked out of it (or stand alone).
    return field.text || (field.adjectives || []).filter(Boolean).join(", ");
  }
  return "";
}

/** "Heading, Body" as the questionnaire's fonts answer; one family when both are the same. */
export function fontsText(fonts, { weightNames = false } = {}) {
  // With its weight, so going back to the questionnaire and on again keeps it ("Montserrat 600");
  // to be read, as step 2 names it ("Montserrat Semi Bold 600").
  const weight = (font) => (weightNames ? weightName(font.weight) : font.weight);
  const named = (font) => (font && font.family ? (font.weight ? `${font.family} ${weight(font)}` : font.family) : "");
  const heading = named(fonts && fonts.heading);
  const body = named(fonts && fonts.body);
  const sameFamily = fonts && fonts.heading && fonts.body && fonts.heading.family === fonts.body.family;
  // One family: the heading's weight is said once when read back it means the same (BrandFonts:
  // a bold one is the headings' alone, a light or regular one the whole text's). A light heading
  // over a body of no weight is said for each, or read back it would set the body light too.
  const bodyWeight = sameFamily && fonts.body.weight;
  const headingWeight = sameFamily && fonts.heading.weight;
  // (Read back, one family with a weight over 500 is the headings' alone, so a bold body is said.)
  const oneFamily = !headingWeight && !bodyWeight
    || (bodyWeight === headingWeight && headingWeight <= 500)
    || (!bodyWeight && headingWeight > 500);
  if (sameFamily && oneFamily) return heading;
  if (heading && body && (heading !== body || sameFamily)) return `${heading} for headings, ${body} for body text`;
  return heading || body || "";
}

/** The questionnaire's answers from a record (so going back never loses what was entered). */
export function questionnaireFromBrand(brand) {
  if (!brand) return { name: "", colors: [], voice: "", audience: "", fonts: "" };
  return {
    name: textOf(brand.name),
    colors: (brand.palette || []).slice(0, MAX_QUESTIONNAIRE_COLOURS).map((c) => normaliseHex(c.hex) || c.hex),
    voice: textOf(brand.voice),
    audience: textOf(brand.audience),
    fonts: fontsText(brand.fonts),
  };
}

/** Where a value came from, in words: "From your answers", "From your PDF, page 2", "Edited by you". */
export function sourceLabel(field) {
  const source = field && field.source;
  if (source === "questionnaire") return "From your answers";
  if (source === "edited") return "Edited by you";
  if (source === "pdf") return field.page ? `From your PDF, page ${field.page}` : "From your PDF";
  return "";
}

/** A CSS font stack for a brand font: its family, then the fallback this machine renders. */
export function fontStack(font) {
  if (!font || !font.family) return "";
  const quote = (name) => `"${String(name).replace(/["\\]/g, "")}"`;
  const parts = [quote(font.family)];
  if (font.fallback && font.fallback !== font.family) parts.push(quote(font.fallback));
  parts.push(/serif/i.test(font.fallback || "") && !/sans/i.test(font.fallback || "") ? "serif" : "sans-serif");
  return parts.join(", ");
}

/** Words that describe a look rather than name a font ("bold and playful", "clean, modern"). */
const STYLE_WORDS = new Set([
  "bold", "playful", "clean", "modern", "classic", "elegant", "minimal", "minimalist", "simple", "fun", "friendly",
  "serious", "rounded", "handwritten", "geometric", "retro", "vintage", "techy", "futuristic", "professional", "warm",
  "sans", "serif", "mono", "light", "heavy", "thin", "condensed", "sleek", "quirky", "calm", "strong", "soft",
  "and", "or", "a", "with", "style", "font", "fonts", "look", "feel", "but", "very", "slightly",
]);

/**
 * The line under a brand font: a style kept as the family's name ("bold and playful", as the
 * questionnaire allows) says it is a style shown in the fallback, and how to name a font; a font
 * this machine lacks says what it is shown in. Null when there is nothing to say.
 */
export function fontHint(font) {
  if (!font || !font.family) return null;
  if (isStyleName(font.family)) {
    return `“${font.family}” reads as a style, not a font's name: it is shown in ${font.fallback || "the default font"}. `
      + "Type a font's name, e.g. Montserrat, to use one.";
  }
  if (font.fallback && font.fallback !== font.family) return `Shown in ${font.fallback} where ${font.family} isn't installed.`;
  return null;
}

/** Whether a font's family as written is a style ("bold and playful"): two or more style words. */
export function isStyleName(family) {
  const words = String(family || "").toLowerCase().split(/[^a-z]+/).filter(Boolean);
  return words.length > 1 && words.every((word) => STYLE_WORDS.has(word));
}

/**
 * What a font's sample names in brackets: the family, or for a style what it is shown in
 * ("Your next big idea (bold and playful)" read as if a font were called that), and the weight
 * stored with it (kept, it was never shown).
 */
export function sampleName(family, fallback, weight) {
  const name = isStyleName(family) ? `shown in ${fallback || "the default font"}` : family;
  return weight ? `${name}, ${weightName(weight)}` : name;
}

const WEIGHT_NAMES = {
  100: "Thin", 200: "Extra Light", 300: "Light", 400: "Regular", 500: "Medium", 600: "Semi Bold", 700: "Bold",
  800: "Extra Bold", 900: "Black",
};

const WEIGHT_WORDS = {
  thin: 100, hairline: 100, extralight: 200, ultralight: 200, light: 300, regular: 400, normal: 400, book: 400,
  medium: 500, semibold: 600, demibold: 600, bold: 700, extrabold: 800, ultrabold: 800, black: 900, heavy: 900,
};

/**
 * A family typed with its weight after it ("Montserrat semi bold", "Inter 600"): {family, weight}
 * as the server stores it (BrandFonts.splitWeight); weight null when none is typed. Only a weight
 * after the name counts ("Black Ops One" is a family), and a weight alone is a family ("Bold").
 */
export function splitWeight(text) {
  // A style kept as written ("clean and bold") is no family with a weight.
  if (isStyleName(text)) return { family: String(text || "").trim(), weight: null };
  const words = String(text || "").trim().split(/\s+/).filter(Boolean);
  // "Semi-Bold" is "semibold".
  const bare = (word) => word.toLowerCase().replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, "").replace(/-/g, "");
  const value = (word) => WEIGHT_WORDS[word] ?? (/^[1-9]00$/.test(word) ? Number(word) : null);
  let weight = null;
  while (words.length > 1) {
    const last = bare(words[words.length - 1]);
    const before = words.length > 2 ? bare(words[words.length - 2]) : "";
    if (["semi", "demi", "extra", "ultra"].includes(before) && value(before + last)) {
      weight = weight ?? value(before + last);
      words.splice(-2);
    } else if (value(last)) {
      weight = weight ?? value(last);
      words.pop();
    } else {
      break;
    }
  }
  const family = words.join(" ").replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, "");
  // Nothing but a weight ("Semi Bold") is the family as written.
  const prefixOnly = ["semi", "demi", "extra", "ultra"].includes(family.toLowerCase());
  return weight && family && !prefixOnly ? { family, weight } : { family: String(text || "").trim(), weight: null };
}

/** A font weight as type designers name it, with its number ("Semi Bold 600"). */
export function weightName(weight) {
  const named = WEIGHT_NAMES[weight];
  return named ? `${named} ${weight}` : String(weight);
}

/**
 * `fontHint` for the heading and the body fonts; the body's is left out when it would repeat the
 * heading's (one answer, "bold and playful", fills both).
 */
export function fontHints(fonts) {
  const heading = fontHint(fonts && fonts.heading);
  const body = fontHint(fonts && fonts.body);
  const same = fonts && fonts.heading && fonts.body && fonts.heading.family === fonts.body.family;
  return { heading, body: same ? null : body };
}

/** The relative luminance of "#RRGGBB" (WCAG). */
export function luminance(hex) {
  const value = normaliseHex(hex);
  if (!value) return 0;
  const channel = (i) => {
    const c = parseInt(value.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function contrastRatio(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever reads better on `hex` (for a label on a swatch). */
export function readableOn(hex) {
  return contrastRatio(hex, "#000000") >= contrastRatio(hex, "#FFFFFF") ? "#000000" : "#FFFFFF";
}

// ---------------------------------------------------------------- editing (step 2)

/** The editable draft of a record: plain values, for the review page's form. */
export function draftFromBrand(brand) {
  const b = brand || {};
  return {
    name: textOf(b.name),
    palette: (b.palette || []).map((c) => ({ hex: normaliseHex(c.hex) || c.hex, role: c.role || "other", name: c.name || "" })),
    fonts: {
      heading: (b.fonts && b.fonts.heading && b.fonts.heading.family) || "",
      body: (b.fonts && b.fonts.body && b.fonts.body.family) || "",
    },
    voice: textOf(b.voice),
    audience: textOf(b.audience),
  };
}

/** Problems with a draft's palette: { ok, message, items: [message|null] }. */
export function paletteProblems(palette) {
  const items = palette.map((c) => (normaliseHex(c.hex) ? (ROLES.includes(c.role) ? null : "Choose a role.") : "Use a colour code like #1A2B3C."));
  let message = null;
  if (items.some(Boolean)) message = "Fix the colours marked below.";
  else if (palette.length < MIN_COLOURS) message = "Keep at least one colour.";
  else if (palette.length > MAX_PALETTE) message = `A palette holds at most ${MAX_PALETTE} colours.`;
  return { ok: !message, message, items };
}

/**
 * PATCH /api/brand's body: only the fields of `draft` that differ from `brand` (each then becomes
 * `source: "edited"` and nothing else is touched). {} when nothing changed.
 */
export function brandPatch(brand, draft) {
  const before = draftFromBrand(brand);
  const patch = {};
  if (draft.name.trim() !== before.name) patch.name = draft.name.trim();
  const palette = draft.palette.map((c) => {
    const colour = { hex: normaliseHex(c.hex) || c.hex, role: c.role };
    if (c.name && c.name.trim()) colour.name = c.name.trim();
    return colour;
  });
  const same = palette.length === before.palette.length && palette.every((c, i) =>
    c.hex === before.palette[i].hex && c.role === before.palette[i].role && (c.name || "") === (before.palette[i].name || ""));
  if (!same) patch.palette = palette;
  const fonts = {};
  for (const key of ["heading", "body"]) {
    const family = draft.fonts[key].trim();
    if (family !== before.fonts[key] && family) fonts[key] = { family };
  }
  if (Object.keys(fonts).length) patch.fonts = fonts;
  // The voice is its free text; the server picks the adjectives out of it again.
  if (draft.voice.trim() !== before.voice) patch.voice = { text: draft.voice.trim() };
  if (draft.audience.trim() !== before.audience) patch.audience = draft.audience.trim();
  return patch;
}
