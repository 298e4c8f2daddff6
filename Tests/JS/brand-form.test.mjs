// The brand questionnaire and record (Public/js/brand-form.js): colour codes, validation, reading
// the record, and the PATCH that touches only what changed.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  brandPatch, contrastRatio, draftFromBrand, fontHint, fontHints, fontStack, sampleName, fontsText, normaliseHex, paletteProblems,
  splitWeight,
  questionnaireFromBrand, questionnaireRoles, readableOn, sourceLabel, textOf, validateQuestionnaire,
} from "../../Public/js/brand-form.js";

const RECORD = {
  name: { value: "Ada Studio", source: "questionnaire" },
  palette: [
    { hex: "#1a2b3c", role: "primary", source: "questionnaire" },
    { hex: "#FFCC00", role: "secondary", source: "questionnaire" },
  ],
  fonts: {
    heading: { family: "Montserrat", fallback: "DejaVu Sans", source: "questionnaire" },
    body: { family: "Georgia", fallback: "DejaVu Serif", source: "questionnaire" },
  },
  voice: { adjectives: ["warm", "direct"], text: "Warm, direct, a little playful", source: "questionnaire" },
  audience: { value: "Developers learning Swift", source: "edited" },
  guidelines: null,
};

test("fontHint: a style kept as the family's name says so; a missing font says what it is shown in", () => {
  const style = fontHint({ family: "bold and playful", fallback: "DejaVu Sans", source: "questionnaire" });
  assert.match(style, /^“bold and playful” reads as a style, not a font's name: it is shown in DejaVu Sans\./);
  assert.equal(fontHint({ family: "Montserrat", fallback: "DejaVu Sans" }), "Shown in DejaVu Sans where Montserrat isn't installed.");
  assert.equal(fontHint({ family: "Open Sans", fallback: "DejaVu Sans" }), "Shown in DejaVu Sans where Open Sans isn't installed.");
  assert.equal(fontHint({ family: "Bold", fallback: "DejaVu Sans" }), "Shown in DejaVu Sans where Bold isn't installed.", "one word may be a font's name");
  assert.equal(fontHint({ family: "DejaVu Sans", fallback: "DejaVu Sans" }), null);
  assert.equal(fontHint(null), null);
});

test("fontHints: one answer filling both fonts is explained once, under the heading", () => {
  const style = { family: "bold and playful", fallback: "DejaVu Sans", source: "questionnaire" };
  const both = fontHints({ heading: style, body: { ...style } });
  assert.match(both.heading, /reads as a style/);
  assert.equal(both.body, null);
  const two = fontHints({ heading: { family: "Montserrat", fallback: "DejaVu Sans" }, body: style });
  assert.match(two.body, /reads as a style/);
  assert.deepEqual(fontHints(null), { heading: null, body: null });
});

test("sampleName: a font's name, or for a style what it is shown in", () => {
  assert.equal(sampleName("Montserrat", "DejaVu Sans"), "Montserrat");
  assert.equal(sampleName("bold and playful", "DejaVu Sans"), "shown in DejaVu Sans");
  assert.equal(sampleName("clean modern", null), "shown in the default font");
  // The stored weight is named with it (the review never showed it).
  assert.equal(sampleName("Montserrat", "DejaVu Sans", 600), "Montserrat, Semi Bold 600");
  assert.equal(sampleName("Inter", null, 300), "Inter, Light 300");
  assert.equal(sampleName("Inter", null, 650), "Inter, 650");
});

test("normaliseHex: #RRGGBB, upper case; short codes expanded; anything else refused", () => {
  assert.equal(normaliseHex("#1a2b3c"), "#1A2B3C");
  assert.equal(normaliseHex("1A2B3C"), "#1A2B3C");
  assert.equal(normaliseHex("  #abc "), "#AABBCC");
  for (const bad of ["", "#12345", "#1234567", "#GGGGGG", "red", null, undefined, "##123456"]) {
    assert.equal(normaliseHex(bad), null, String(bad));
  }
});

test("the questionnaire's roles: primary, secondary, then accents", () => {
  assert.deepEqual(questionnaireRoles(1), ["primary"]);
  assert.deepEqual(questionnaireRoles(4), ["primary", "secondary", "accent", "accent"]);
});

test("a valid questionnaire: trimmed, colours normalised and de-duplicated", () => {
  const { ok, errors, body } = validateQuestionnaire({
    name: "  Ada Studio ", colors: ["#1a2b3c", "ffcc00", "#1A2B3C"], voice: " warm ", audience: "devs", fonts: "Inter",
  });
  assert.equal(ok, true);
  assert.equal(errors.name, undefined);
  assert.deepEqual(body, { name: "Ada Studio", colors: ["#1A2B3C", "#FFCC00"], voice: "warm", audience: "devs", fonts: "Inter" });
});

test("the name is required, and not too long", () => {
  assert.match(validateQuestionnaire({ name: "  ", colors: ["#000000"] }).errors.name, /name/);
  assert.match(validateQuestionnaire({ name: "x".repeat(101), colors: ["#000000"] }).errors.name, /100/);
  assert.equal(validateQuestionnaire({ name: "", colors: ["#000000"] }).ok, false);
});

test("1 to 5 colours, each a valid code; the bad ones named by position", () => {
  assert.equal(validateQuestionnaire({ name: "A", colors: [] }).errors.colors, "Pick at least one colour.");
  const six = ["#000001", "#000002", "#000003", "#000004", "#000005", "#000006"];
  assert.equal(validateQuestionnaire({ name: "A", colors: six }).errors.colors, "Pick at most 5 colours.");
  assert.equal(validateQuestionnaire({ name: "A", colors: six.slice(0, 5) }).ok, true);
  const bad = validateQuestionnaire({ name: "A", colors: ["#000000", "nope"] });
  assert.equal(bad.ok, false);
  assert.deepEqual(bad.errors.colorItems, [null, "Use a colour code like #1A2B3C."]);
});

test("reading the record: text fields, voice, fonts", () => {
  assert.equal(textOf(RECORD.name), "Ada Studio");
  assert.equal(textOf(RECORD.voice), "Warm, direct, a little playful");
  assert.equal(textOf({ adjectives: ["bold"], text: "", source: "pdf" }), "bold");
  assert.equal(textOf(null), "");
  assert.equal(textOf("plain"), "plain");
  assert.equal(fontsText(RECORD.fonts), "Montserrat for headings, Georgia for body text");
  assert.equal(fontsText({ heading: { family: "Inter" }, body: { family: "Inter" } }), "Inter");
  assert.equal(fontsText({}), "");
  // Weights go with their family, so the questionnaire read again keeps them.
  assert.equal(fontsText({ heading: { family: "Montserrat", weight: 700 }, body: { family: "Montserrat" } }), "Montserrat 700");
  assert.equal(fontsText({ heading: { family: "Inter", weight: 300 }, body: { family: "Inter", weight: 300 } }), "Inter 300");
  // A light heading over a body of no weight: read back as one family, "Montserrat 300" would set
  // the body light too.
  assert.equal(fontsText({ heading: { family: "Montserrat", weight: 300 }, body: { family: "Montserrat" } }),
    "Montserrat 300 for headings, Montserrat for body text");
  // Bold for both: read back as one family, the body's bold would be dropped.
  assert.equal(fontsText({ heading: { family: "Montserrat", weight: 700 }, body: { family: "Montserrat", weight: 700 } }),
    "Montserrat 700 for headings, Montserrat 700 for body text");
  assert.equal(fontsText({ heading: { family: "Inter", weight: 600 }, body: { family: "Lora", weight: 400 } }),
    "Inter 600 for headings, Lora 400 for body text");
  // To be read, as step 2 names them.
  assert.equal(fontsText({ heading: { family: "Montserrat", weight: 600 }, body: { family: "Georgia" } }, { weightNames: true }),
    "Montserrat Semi Bold 600 for headings, Georgia for body text");
});

test("the questionnaire prefilled from a record (going back loses nothing)", () => {
  assert.deepEqual(questionnaireFromBrand(RECORD), {
    name: "Ada Studio", colors: ["#1A2B3C", "#FFCC00"], voice: "Warm, direct, a little playful",
    audience: "Developers learning Swift", fonts: "Montserrat for headings, Georgia for body text",
  });
  assert.deepEqual(questionnaireFromBrand(null).colors, []);
});

test("where a value came from", () => {
  assert.equal(sourceLabel({ source: "questionnaire" }), "From your answers");
  assert.equal(sourceLabel({ source: "edited" }), "Edited by you");
  assert.equal(sourceLabel({ source: "pdf", page: 2 }), "From your PDF, page 2");
  assert.equal(sourceLabel({ source: "pdf" }), "From your PDF");
  assert.equal(sourceLabel(null), "");
});

test("font stacks: the family, its fallback, a generic family", () => {
  assert.equal(fontStack(RECORD.fonts.heading), '"Montserrat", "DejaVu Sans", sans-serif');
  assert.equal(fontStack(RECORD.fonts.body), '"Georgia", "DejaVu Serif", serif');
  assert.equal(fontStack({ family: 'Evil"; }', fallback: "DejaVu Sans" }), '"Evil; }", "DejaVu Sans", sans-serif');
  assert.equal(fontStack(null), "");
});

test("a readable label on any swatch (at least 4.5:1)", () => {
  for (const hex of ["#000000", "#FFFFFF", "#1A2B3C", "#FFCC00", "#777777", "#E63946", "#2A9D8F"]) {
    const ink = readableOn(hex);
    assert.ok(contrastRatio(hex, ink) >= 4.5, `${hex} with ${ink}`);
  }
  assert.equal(Math.round(contrastRatio("#000000", "#FFFFFF")), 21);
});

test("the palette's problems", () => {
  assert.equal(paletteProblems([{ hex: "#000000", role: "primary" }]).ok, true);
  assert.equal(paletteProblems([]).message, "Keep at least one colour.");
  const bad = paletteProblems([{ hex: "#000000", role: "primary" }, { hex: "zz", role: "accent" }, { hex: "#FFFFFF", role: "nope" }]);
  assert.equal(bad.ok, false);
  assert.deepEqual(bad.items, [null, "Use a colour code like #1A2B3C.", "Choose a role."]);
  const nine = Array.from({ length: 9 }, () => ({ hex: "#000000", role: "other" }));
  assert.match(paletteProblems(nine).message, /at most 8/);
});

test("brandPatch: nothing changed, nothing sent", () => {
  assert.deepEqual(brandPatch(RECORD, draftFromBrand(RECORD)), {});
});

test("brandPatch: only the fields the user changed", () => {
  const draft = draftFromBrand(RECORD);
  draft.palette[1] = { ...draft.palette[1], role: "accent" };
  draft.audience = "  Swift beginners ";
  assert.deepEqual(brandPatch(RECORD, draft), {
    palette: [{ hex: "#1A2B3C", role: "primary" }, { hex: "#FFCC00", role: "accent" }],
    audience: "Swift beginners",
  });
});

test("brandPatch: a font family changed, a colour added with a name, the name edited", () => {
  const draft = draftFromBrand(RECORD);
  draft.fonts.body = "Inter";
  draft.palette.push({ hex: "abc", role: "background", name: " Sand " });
  draft.name = "Ada Studios";
  draft.voice = "Calm and precise";
  assert.deepEqual(brandPatch(RECORD, draft), {
    name: "Ada Studios",
    voice: { text: "Calm and precise" },
    palette: [{ hex: "#1A2B3C", role: "primary" }, { hex: "#FFCC00", role: "secondary" }, { hex: "#AABBCC", role: "background", name: "Sand" }],
    fonts: { body: { family: "Inter" } },
  });
});

test("splitWeight: a weight typed after the family, as the server reads it", () => {
  assert.deepEqual(splitWeight("Montserrat semi bold"), { family: "Montserrat", weight: 600 });
  assert.deepEqual(splitWeight("Inter 600"), { family: "Inter", weight: 600 });
  assert.deepEqual(splitWeight("Lato, Black"), { family: "Lato", weight: 900 });
  assert.deepEqual(splitWeight("Source Sans Pro Light"), { family: "Source Sans Pro", weight: 300 });
  assert.deepEqual(splitWeight("Black Ops One"), { family: "Black Ops One", weight: null });
  assert.deepEqual(splitWeight("Bold"), { family: "Bold", weight: null });
  assert.deepEqual(splitWeight("Roboto 650"), { family: "Roboto 650", weight: null });
  assert.deepEqual(splitWeight("Montserrat Semi-Bold"), { family: "Montserrat", weight: 600 });
  assert.deepEqual(splitWeight("clean and bold"), { family: "clean and bold", weight: null }, "a style, as written");
  assert.deepEqual(splitWeight("Semi Bold"), { family: "Semi Bold", weight: null });
  assert.deepEqual(splitWeight("Inter +600"), { family: "Inter +600", weight: null }, "digits only, as the server");
});
