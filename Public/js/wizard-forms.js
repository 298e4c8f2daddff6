// The wizard's own forms as plain values: 1.1 the profile and 1.4 the content preferences (what is
// asked, what is required, the bodies the server takes), and 1.5's summary of everything. Pure
// (no DOM): the unit tests import it.
import { optionLabel } from "./onboarding-state.js";

export const MAX_DISPLAY_NAME = 60; // the server's limit, and nicheOther's
export const MAX_NICHE_OTHER = 60;

/** The profile form's starting values: a draft, else what the server has. */
export function profileValues(onboarding, draft) {
  if (draft) return { ...draft };
  const p = (onboarding && onboarding.answers && onboarding.answers.profile) || {};
  return { displayName: p.displayName || "", niche: p.niche || "", nicheOther: p.nicheOther || "" };
}

/** → { ok, errors: {displayName?, niche?, nicheOther?}, body } (body: PUT /api/onboarding/profile's). */
export function validateProfile(values) {
  const displayName = String(values.displayName ?? "").trim();
  const niche = String(values.niche ?? "");
  const nicheOther = String(values.nicheOther ?? "").trim();
  const errors = {};
  if (!displayName) errors.displayName = "Tell us what to call you.";
  else if (displayName.length > MAX_DISPLAY_NAME) errors.displayName = `Keep it under ${MAX_DISPLAY_NAME} characters.`;
  if (!niche) errors.niche = "Choose what you create (or Other).";
  else if (niche === "other" && !nicheOther) errors.nicheOther = "Say in a few words what you create.";
  else if (niche === "other" && nicheOther.length > MAX_NICHE_OTHER) errors.nicheOther = `Keep it under ${MAX_NICHE_OTHER} characters.`;
  const body = { displayName, niche };
  if (niche === "other") body.nicheOther = nicheOther;
  return { ok: Object.keys(errors).length === 0, errors, body };
}

/** The preferences form's starting values: a draft, else what the server has. */
export function preferencesValues(onboarding, draft) {
  if (draft) return { ...draft, platforms: [...(draft.platforms || [])] };
  const p = (onboarding && onboarding.answers && onboarding.answers.preferences) || {};
  return { platforms: [...(p.platforms || [])], contentStyle: p.contentStyle || "", postingFrequency: p.postingFrequency || "" };
}

/** → { ok, errors: {platforms?, contentStyle?, postingFrequency?}, body } (PUT /api/onboarding/preferences). */
export function validatePreferences(values) {
  const platforms = [...new Set(values.platforms || [])];
  const errors = {};
  if (platforms.length === 0) errors.platforms = "Pick at least one platform, or skip this for now.";
  if (!values.contentStyle) errors.contentStyle = "Pick the style closest to yours.";
  if (!values.postingFrequency) errors.postingFrequency = "Pick how often you'd like to post.";
  return {
    ok: Object.keys(errors).length === 0,
    errors,
    body: { platforms, contentStyle: values.contentStyle || "", postingFrequency: values.postingFrequency || "" },
  };
}

function substepState(onboarding, key) {
  const found = ((onboarding && onboarding.wizard && onboarding.wizard.substeps) || []).find((s) => s.key === key);
  return found ? found.state : "pending";
}

/**
 * 1.5's summary: one section per sub-step before it, { key, title, state, rows: [[label, value]] }.
 * `brandName` comes from the brand record when there is one, and `brandRows` ([label, text]: its
 * fonts, voice, audience) follow it; empty texts are left out.
 */
export function reviewSections(onboarding, { brandName = null, brandRows = [] } = {}) {
  const options = (onboarding && onboarding.options) || {};
  const answers = (onboarding && onboarding.answers) || {};
  const profile = answers.profile || {};
  const preferences = answers.preferences;
  const avatar = (onboarding && onboarding.avatar) || {};
  const niche = profile.niche === "other" ? profile.nicheOther || "Other" : optionLabel(options.niches, profile.niche);

  const sections = [
    { key: "profile", title: "Profile", state: substepState(onboarding, "profile"),
      rows: [["Name", profile.displayName || "—"], ["Email", profile.email || "—"], ["Content niche", niche || "—"]] },
    { key: "brand", title: "Brand", state: substepState(onboarding, "brand"),
      rows: substepState(onboarding, "brand") === "skipped"
        ? [["Brand", "Skipped: you can add it in step 2"]]
        : [["Brand name", brandName || (onboarding && onboarding.brand && onboarding.brand.exists ? "Saved" : "—")],
          ...brandRows.filter(([, text]) => text)] },
    { key: "avatar", title: "AI avatar", state: substepState(onboarding, "avatar"),
      rows: [["Portraits", avatar.status === "ready" ? `${avatar.portraitsReady || 0} ready` : avatar.defaultPersonaId ? "Still being made" : "Not made yet"]] },
    { key: "preferences", title: "Content preferences", state: substepState(onboarding, "preferences"),
      rows: preferences
        ? [
          ["Platforms", (preferences.platforms || []).map((p) => optionLabel(options.platforms, p)).join(", ") || "—"],
          ["Content style", optionLabel(options.contentStyles, preferences.contentStyle) || "—"],
          ["Posting", optionLabel(options.postingFrequencies, preferences.postingFrequency) || "—"],
        ]
        : [["Preferences", substepState(onboarding, "preferences") === "skipped" ? "Skipped" : "Not answered yet"]] },
  ];
  return sections;
}
