// An onboarding state in the server's shape (GET /api/onboarding, docs/onboarding.md), for the
// tests of the page's pure onboarding modules. `onboardingState({ substeps: {...}, steps: {...} })`.

const STEPS = [
  { number: 1, key: "onboarding", title: "Complete onboarding", optional: false },
  { number: 2, key: "brand", title: "Review your brand", optional: true },
  { number: 3, key: "avatar", title: "Review your AI avatar", optional: false },
  { number: 4, key: "socials", title: "Connect your socials", optional: false },
  { number: 5, key: "video", title: "Upload your first video", optional: false },
];

const SUBSTEPS = [
  { key: "profile", number: "1.1", title: "Welcome & profile", optional: false },
  { key: "brand", number: "1.2", title: "Brand identity", optional: true },
  { key: "avatar", number: "1.3", title: "Your AI avatar", optional: false },
  { key: "preferences", number: "1.4", title: "Content preferences", optional: true },
  { key: "review", number: "1.5", title: "Review & confirm", optional: false },
];

const LOCKED = { locked: (n) => `Complete step ${n - 1} to unlock`, unavailable: () => "Not available on this server yet" };

/** steps: {number: state}; substeps: {key: state}; the rest overrides the top level. */
export function onboardingState({ steps = {}, substeps = {}, substep = "profile", ...rest } = {}) {
  const stepStates = { 1: "current", 2: "locked", 3: "locked", 4: "unavailable", 5: "unavailable", ...steps };
  return {
    percent: 0,
    finished: false,
    steps: STEPS.map((s) => {
      const state = stepStates[s.number];
      return {
        ...s, description: `${s.title}: what`, why: `${s.title}: why`, state,
        lockedMessage: LOCKED[state] ? LOCKED[state](s.number) : null,
        guide: state === "done" || state === "skipped"
          ? { id: `step${s.number}:${state}:next`, text: "Nothing left to confirm here.", mood: "info" }
          : { id: "profile:hello", text: "Hi, I'm InflioAI.", mood: "info" },
      };
    }),
    wizard: {
      substep, substeps: SUBSTEPS.map((s) => ({ ...s, state: substeps[s.key] || "pending" })),
    },
    answers: { profile: { displayName: null, email: "ada@example.com", niche: null, nicheOther: null }, preferences: null },
    consent: { accepted: false, acceptedAt: null, version: 1, notice: "Your face data…" },
    avatar: { defaultPersonaId: null, status: null, portraitsReady: 0 },
    brand: { exists: false, skipped: false },
    guide: { id: "profile:hello", text: "Hi, I'm InflioAI.", mood: "info" },
    capabilities: ["brand_questionnaire"],
    options: { niches: [{ value: "tech", label: "Tech" }, { value: "other", label: "Other" }], platforms: [], contentStyles: [], postingFrequencies: [] },
    ...rest,
  };
}
