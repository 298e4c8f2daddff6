// The wizard's profile and preferences forms, and the review's summary (Public/js/wizard-forms.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { preferencesValues, profileValues, reviewSections, validatePreferences, validateProfile } from "../../Public/js/wizard-forms.js";
import { onboardingState } from "./onboarding-fixtures.mjs";

const OPTIONS = {
  niches: [{ value: "tech", label: "Tech" }, { value: "other", label: "Other" }],
  platforms: [{ value: "youtube", label: "YouTube" }, { value: "x", label: "X" }],
  contentStyles: [{ value: "educational", label: "Educational" }],
  postingFrequencies: [{ value: "weekly", label: "Once a week" }],
};

test("the profile: a draft wins, else what the server has", () => {
  const state = onboardingState({ answers: { profile: { displayName: "Ada", email: "a@b.c", niche: "tech", nicheOther: null }, preferences: null } });
  assert.deepEqual(profileValues(state), { displayName: "Ada", niche: "tech", nicheOther: "" });
  assert.deepEqual(profileValues(state, { displayName: "Ada L", niche: "", nicheOther: "" }).displayName, "Ada L");
  assert.deepEqual(profileValues(onboardingState()), { displayName: "", niche: "", nicheOther: "" });
});

test("the profile: a name and a niche; 'other' needs words", () => {
  assert.deepEqual(validateProfile({ displayName: " Ada ", niche: "tech", nicheOther: "ignored" }),
    { ok: true, errors: {}, body: { displayName: "Ada", niche: "tech" } });
  const other = validateProfile({ displayName: "Ada", niche: "other", nicheOther: " knitting " });
  assert.deepEqual(other.body, { displayName: "Ada", niche: "other", nicheOther: "knitting" });
  const bad = validateProfile({ displayName: " ", niche: "other", nicheOther: "" });
  assert.equal(bad.ok, false);
  assert.ok(bad.errors.displayName);
  assert.ok(bad.errors.nicheOther);
  assert.ok(validateProfile({ displayName: "Ada", niche: "" }).errors.niche);
  assert.ok(validateProfile({ displayName: "x".repeat(61), niche: "tech" }).errors.displayName);
  assert.equal(validateProfile({ displayName: "x".repeat(60), niche: "tech" }).ok, true);
  assert.ok(validateProfile({ displayName: "Ada", niche: "other", nicheOther: "y".repeat(61) }).errors.nicheOther);
});

test("the preferences: every question answered, platforms de-duplicated", () => {
  const ok = validatePreferences({ platforms: ["youtube", "x", "youtube"], contentStyle: "educational", postingFrequency: "weekly" });
  assert.deepEqual(ok, { ok: true, errors: {}, body: { platforms: ["youtube", "x"], contentStyle: "educational", postingFrequency: "weekly" } });
  const bad = validatePreferences({ platforms: [], contentStyle: "", postingFrequency: "" });
  assert.deepEqual(Object.keys(bad.errors).sort(), ["contentStyle", "platforms", "postingFrequency"]);
  assert.deepEqual(preferencesValues(onboardingState()), { platforms: [], contentStyle: "", postingFrequency: "" });
  const draft = { platforms: ["x"], contentStyle: "", postingFrequency: "" };
  const values = preferencesValues(onboardingState(), draft);
  values.platforms.push("youtube");
  assert.deepEqual(draft.platforms, ["x"]);
});

test("the review: every answer in words, skipped ones said as such", () => {
  const state = onboardingState({
    substep: "review",
    substeps: { profile: "done", brand: "skipped", avatar: "done", preferences: "done" },
    answers: {
      profile: { displayName: "Ada", email: "ada@example.com", niche: "tech", nicheOther: null },
      preferences: { platforms: ["youtube", "x"], contentStyle: "educational", postingFrequency: "weekly" },
    },
    avatar: { defaultPersonaId: "p1", status: "ready", portraitsReady: 5 },
    options: OPTIONS,
  });
  const sections = reviewSections(state);
  assert.deepEqual(sections.map((s) => [s.key, s.state]), [["profile", "done"], ["brand", "skipped"], ["avatar", "done"], ["preferences", "done"]]);
  assert.deepEqual(sections[0].rows, [["Name", "Ada"], ["Email", "ada@example.com"], ["Content niche", "Tech"]]);
  assert.deepEqual(sections[1].rows, [["Brand", "Skipped: you can add it in step 2"]]);
  assert.deepEqual(sections[2].rows, [["Portraits", "5 ready"]]);
  assert.deepEqual(sections[3].rows, [["Platforms", "YouTube, X"], ["Content style", "Educational"], ["Posting", "Once a week"]]);
});

test("the review: a brand name, an 'other' niche, skipped preferences", () => {
  const state = onboardingState({
    substeps: { profile: "done", brand: "done", avatar: "pending", preferences: "skipped" },
    answers: { profile: { displayName: "Ada", email: "a@b.c", niche: "other", nicheOther: "Knitting" }, preferences: null },
    brand: { exists: true, skipped: false },
    options: OPTIONS,
  });
  const sections = reviewSections(state, { brandName: "Ada Knits" });
  assert.deepEqual(sections[0].rows[2], ["Content niche", "Knitting"]);
  assert.deepEqual(sections[1].rows, [["Brand name", "Ada Knits"]]);
  assert.deepEqual(sections[2].rows, [["Portraits", "Not made yet"]]);
  assert.deepEqual(sections[3].rows, [["Preferences", "Skipped"]]);
  // The brand's other answers follow its name; an empty one is left out.
  const detailed = reviewSections(state, { brandName: "Ada Knits", brandRows: [["Fonts", "Georgia"], ["Voice", ""]] });
  assert.deepEqual(detailed[1].rows, [["Brand name", "Ada Knits"], ["Fonts", "Georgia"]]);
});
