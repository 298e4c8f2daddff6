// Words the page shows for the API's codes.

export const MIN_PHOTOS = 5;
export const MAX_PHOTOS = 20;
export const MAX_FILE_BYTES = 25 * 1024 * 1024; // the server's per-photo limit (it stays the judge)
/**
 * A portrait's likeness by its face's distance to the persona's identity centroid, as the server
 * grades it (AnalysisThresholds, docs/analysis.md#identity-bars): strong and acceptable are verified.
 */
export const LIKENESS_BARS = [
  { below: 0.35, grade: "strong", label: "Strong likeness" },
  { below: 0.45, grade: "acceptable", label: "Acceptable likeness" },
  { below: 0.55, grade: "weak", label: "Weak likeness" },
  { below: Infinity, grade: "off", label: "Doesn't look like you" },
];
/** The distance under which a portrait is verified (strong or acceptable). */
export const VERIFIED_DISTANCE = 0.45;

/** The seed's status words (`pending_upload`, `analyzing`, `ready`, `failed`). */
export const PERSONA_STATUS = {
  pending_upload: { label: "Waiting for photos", tone: "neutral" },
  analyzing: { label: "Analysing", tone: "progress" },
  ready: { label: "Ready", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
};

/** Our finer `stage`, which says more than the status while a persona is in progress. */
export const PERSONA_STAGE = {
  uploading: { label: "Waiting for photos", tone: "neutral" },
  generating: { label: "Generating portraits", tone: "progress" },
  regenerating: { label: "Regenerating a portrait", tone: "progress" },
};

/**
 * The badge for a persona: while it is under way, its stage's words when it has them; once ready or
 * failed, the status's (a live event may have moved the status on before a stage arrives).
 */
export function personaStatus(status, stage = null) {
  const underWay = status === "analyzing" || status === "pending_upload";
  return (underWay && PERSONA_STAGE[stage]) || PERSONA_STATUS[status] || { label: status || "Unknown", tone: "neutral" };
}

export const PORTRAIT_STATE = {
  queued: { label: "Queued", tone: "neutral", busy: false },
  generating: { label: "Generating", tone: "progress", busy: true },
  retrying: { label: "Retrying", tone: "warning", busy: true },
  verified: { label: "Verified", tone: "success", busy: false },
  needs_review: { label: "Needs review", tone: "warning", busy: false },
  failed: { label: "Failed", tone: "danger", busy: false },
};

export function portraitState(state) {
  return PORTRAIT_STATE[state] || { label: state || "Unknown", tone: "neutral", busy: false };
}

/** States in which a portrait is still being made (no regenerate possible). */
export const IN_PROGRESS = new Set(["queued", "generating", "retrying"]);

/** Fallback titles, used only until the persona detail (which carries the titles) has loaded. */
export const SCENARIOS = [
  { index: 0, scenario: "professional_headshot", title: "Professional headshot" },
  { index: 1, scenario: "casual_friendly", title: "Casual and friendly" },
  { index: 2, scenario: "dynamic_action", title: "Dynamic action" },
  { index: 3, scenario: "thoughtful_closeup", title: "Thoughtful close-up" },
  { index: 4, scenario: "environmental_portrait", title: "Environmental portrait" },
];

export const ANALYSIS_QUALITY = {
  excellent: "Excellent",
  good: "Good",
  needs_improvement: "Needs improvement",
};

export const RETRY_REASON = {
  no_face: "No face was found in the result",
  identity_mismatch: "The result didn't look like you",
  weak_likeness: "The result looked only a little like you",
};
