// The onboarding as the page reads it: the server's state (GET /api/onboarding, docs/onboarding.md)
// turned into what the launchpad, the wizard and the step pages show. Pure (no DOM): the unit tests
// import it. The server stays the judge of what is allowed; these rules only decide what to offer.
//
//   onboarding = { percent, finished, steps: [...], wizard: { substep, substeps: [...] }, answers,
//                  consent, avatar, brand, guide, capabilities, options }

/** The wizard's sub-steps, in order. */
export const SUBSTEP_KEYS = ["profile", "brand", "avatar", "preferences", "review"];

/** Steps this page has a screen for; the others (4, 5) arrive with later work. */
const STEP_HREFS = { 1: "#/onboarding", 2: "#/steps/2", 3: "#/steps/3" };

const STATE_LABELS = {
  current: { label: "Up next", tone: "progress" },
  done: { label: "Done", tone: "success" },
  skipped: { label: "Skipped", tone: "neutral" },
  locked: { label: "Locked", tone: "neutral" },
  unavailable: { label: "Coming later", tone: "neutral" },
};

/** Whether `list` (the capabilities) names `name`. */
export function hasCapability(onboarding, name) {
  return !!onboarding && Array.isArray(onboarding.capabilities) && onboarding.capabilities.includes(name);
}

export function findStep(onboarding, number) {
  return ((onboarding && onboarding.steps) || []).find((step) => step.number === Number(number)) || null;
}

/** Whether step `number` is done (its summary, not its form, is what a page shows then). */
export function isStepDone(onboarding, number) {
  const step = findStep(onboarding, number);
  return !!step && step.state === "done";
}

/**
 * What the guide says on step `number`'s page: the step's own words (once it is done, the page-wide
 * guide speaks of a later step), or the page-wide guide from a server without them.
 */
export function pageGuide(onboarding, number) {
  const step = findStep(onboarding, number);
  return (step && step.guide) || (onboarding && onboarding.guide) || null;
}

/** The page of step `number` ("#/steps/2"), or null when this page has none. */
export function stepHref(number) {
  return STEP_HREFS[number] || null;
}

/** Whether a step in this state can be opened (the server answers 409 step_locked otherwise). */
export function isOpenable(step) {
  return !!step && ["current", "done", "skipped"].includes(step.state) && stepHref(step.number) !== null;
}

/** Why a step cannot be opened, in the launchpad's words. */
export function lockedMessage(step) {
  if (!step) return "There is no such step.";
  if (step.lockedMessage) return step.lockedMessage;
  if (step.state === "unavailable" || stepHref(step.number) === null) return "Not available on this server yet";
  return `Complete step ${step.number - 1} to unlock`;
}

/** Whether the user has entered anything in the wizard yet (then it is "Continue", not "Start"). */
export function wizardStarted(onboarding) {
  const substeps = (onboarding && onboarding.wizard && onboarding.wizard.substeps) || [];
  return substeps.some((s) => s.state === "done" || s.state === "skipped")
    || (!!onboarding && !!onboarding.wizard && onboarding.wizard.substep !== SUBSTEP_KEYS[0]);
}

/**
 * What one launchpad card shows: { number, title, description, why, state, chip: {label, tone},
 * message (locked or unavailable), action: {label, href, primary} or null }.
 */
export function stepCardModel(step, onboarding) {
  const chip = STATE_LABELS[step.state] || { label: step.state, tone: "neutral" };
  const openable = isOpenable(step);
  let action = null;
  if (openable) {
    const href = stepHref(step.number);
    if (step.state === "current") {
      const label = step.number === 1 ? (wizardStarted(onboarding) ? "Continue" : "Start") : "Start";
      action = { label, href, primary: true };
    } else {
      action = { label: step.state === "skipped" ? "Open" : "Review", href, primary: false };
    }
  }
  return {
    number: step.number,
    title: step.title,
    description: step.description,
    why: step.why,
    state: step.state,
    chip,
    message: openable ? null : (step.state === "current" ? lockedMessage({ ...step, state: "unavailable" }) : lockedMessage(step)),
    action,
  };
}

/** "40% complete". */
export function percentText(percent) {
  const value = Math.max(0, Math.min(100, Math.round(Number(percent) || 0)));
  return `${value}% complete`;
}

/**
 * "2 of 5 steps done", counting an optional step skipped as the percent does, and saying so:
 * "2 of 5 steps done (1 skipped)" (a tester read a skipped brand counted as done as a claim).
 */
export function stepsDoneText(onboarding) {
  const steps = (onboarding && onboarding.steps) || [];
  const skipped = steps.filter((s) => s.state === "skipped" && s.optional).length;
  const done = steps.filter((s) => s.state === "done").length + skipped;
  return `${done} of ${steps.length} steps done${skipped ? ` (${skipped} skipped)` : ""}`;
}

/** The step the user should do next, or null. */
export function currentStep(onboarding) {
  return ((onboarding && onboarding.steps) || []).find((s) => s.state === "current" && isOpenable(s)) || null;
}

// ---------------------------------------------------------------- the wizard

export function substepIndex(key) {
  return SUBSTEP_KEYS.indexOf(key);
}

/** The sub-step before / after `key` (null at either end). */
export function previousSubstep(key) {
  const i = substepIndex(key);
  return i > 0 ? SUBSTEP_KEYS[i - 1] : null;
}

export function nextSubstep(key) {
  const i = substepIndex(key);
  return i >= 0 && i < SUBSTEP_KEYS.length - 1 ? SUBSTEP_KEYS[i + 1] : null;
}

function substepState(onboarding, key) {
  const found = ((onboarding && onboarding.wizard && onboarding.wizard.substeps) || []).find((s) => s.key === key);
  return found ? found.state : "pending";
}

function settled(state) {
  return state === "done" || state === "skipped";
}

/** The sub-step the wizard shows: where the server says the user is. */
export function wizardScreen(onboarding) {
  const key = onboarding && onboarding.wizard && onboarding.wizard.substep;
  if (substepIndex(key) >= 0) return key;
  return SUBSTEP_KEYS.find((k) => !settled(substepState(onboarding, k))) || SUBSTEP_KEYS[SUBSTEP_KEYS.length - 1];
}

/**
 * Whether the wizard may move to `key`: any sub-step up to the first one still to do (the server
 * answers 409 substep_locked past it).
 */
export function canVisit(onboarding, key) {
  const target = substepIndex(key);
  if (target < 0) return false;
  for (let i = 0; i < target; i += 1) {
    if (!settled(substepState(onboarding, SUBSTEP_KEYS[i]))) return false;
  }
  return true;
}

/** The indicator's items: { key, number, title, state: done/skipped/current/pending, reachable }. */
export function substepItems(onboarding) {
  const current = wizardScreen(onboarding);
  const substeps = (onboarding && onboarding.wizard && onboarding.wizard.substeps) || [];
  return SUBSTEP_KEYS.map((key, i) => {
    const known = substeps.find((s) => s.key === key) || {};
    const raw = known.state || "pending";
    return {
      key,
      number: known.number || `1.${i + 1}`,
      title: known.title || key,
      optional: !!known.optional,
      state: key === current ? "current" : raw === "current" ? "pending" : raw,
      reachable: key !== current && canVisit(onboarding, key),
    };
  });
}

/** "Step 1.3 of 1.5". */
export function substepPositionText(key) {
  const i = substepIndex(key);
  return i < 0 ? "" : `Step 1.${i + 1} of 1.${SUBSTEP_KEYS.length}`;
}

/** Whether sub-step `key` is one the user may skip. */
export function isSkippable(onboarding, key) {
  const found = ((onboarding && onboarding.wizard && onboarding.wizard.substeps) || []).find((s) => s.key === key);
  // A done sub-step (a brand saved) is not offered "Skip for now": skipping keeps what was saved,
  // so the button would only move on while saying the brand was left out.
  return found ? !!found.optional && found.state !== "done" : key === "brand" || key === "preferences";
}

export function isSubstepDone(onboarding, key) {
  return substepState(onboarding, key) === "done";
}

export function isSubstepSettled(onboarding, key) {
  return settled(substepState(onboarding, key));
}

/** The face-data notice still needs accepting (before any photo is analysed). */
export function needsConsent(onboarding) {
  return !(onboarding && onboarding.consent && onboarding.consent.accepted);
}

/** The avatar sub-step's situation: "consent", "create", "making", "ready" or "failed". */
export function avatarPhase(onboarding) {
  if (needsConsent(onboarding)) return "consent";
  const avatar = (onboarding && onboarding.avatar) || {};
  if (!avatar.defaultPersonaId) return "create";
  if (avatar.status === "ready") return "ready";
  if (avatar.status === "failed") return "failed";
  return "making";
}

/** Whether two ids name the same thing (the API writes UUIDs in either case). */
export function sameId(a, b) {
  return !!a && !!b && String(a).toLowerCase() === String(b).toLowerCase();
}

/** Options from the server ({value, label}, or plain strings) as {value, label}. */
export function optionList(list) {
  return (Array.isArray(list) ? list : []).map((item) => (typeof item === "string"
    ? { value: item, label: item.charAt(0).toUpperCase() + item.slice(1).replace(/_/g, " ") }
    : { value: String(item.value ?? item.key ?? item.id), label: String(item.label ?? item.title ?? item.value ?? item.key) }));
}

/** The label of `value` among `list`'s options (the value itself when unknown). */
export function optionLabel(list, value) {
  const found = optionList(list).find((o) => o.value === value);
  return found ? found.label : value || "";
}

/** The words for a 409 onboarding_incomplete's details ({missing: ["avatar", ...]}, or a list). */
export function missingText(onboarding, details) {
  const keys = Array.isArray(details) ? details : (details && (details.missing || details.substeps)) || [];
  const items = substepItems(onboarding);
  return keys.map((key) => {
    const found = items.find((i) => i.key === key || i.number === key);
    return found ? `${found.number} ${found.title}` : String(key);
  });
}
