// The persona page's state, and the pure reducer of its live updates (the server's Server-Sent
// Events: PersonaEvent in Sources/PersonaKit/Pipeline/, whose kinds EVENT_TYPES and HANDLERS must
// match, as Tests/PersonaKitTests/PageEventTypesTests.swift checks). No DOM: the unit tests import it.
//
//   state = { persona, slots: { [index]: slot }, lastEventId }
//   persona   the API's persona detail (null until loaded)
//   slot      one of the five portraits as the page shows it (newSlot below)
//   lastEventId  the id of the last event applied (the stream resumes after it)
//
// Every function returns a new state and never changes the one it is given; when an event changes
// nothing (a duplicate, an unknown type) it returns the very same object.
import { IN_PROGRESS, SCENARIOS } from "./labels.js";

/** The events the page listens to. */
export const EVENT_TYPES = [
  "analysis_done", "portrait_started", "portrait_ready", "portrait_verified", "portrait_retrying",
  "portrait_needs_review", "portrait_failed", "portrait_regenerating", "persona_ready", "persona_failed",
];

/**
 * How far along one attempt is. "checking" is the page's own state between portrait_ready and the
 * verdict. Events that would move a portrait backwards (replays of history when the stream is
 * reopened) are ignored.
 */
const RANK = { queued: 0, retrying: 0, generating: 1, checking: 2, verified: 3, needs_review: 3, failed: 3 };
const DONE = 3;

export function initialPersonaState() {
  return { persona: null, slots: {}, lastEventId: null };
}

export function newSlot(index, title, scenario) {
  return {
    index, title: title || `Portrait ${index + 1}`, scenario, state: "queued", rank: 0, attempt: 1, url: null, madeBy: null, contentType: null,
    previousUrl: null, identityDistance: null, faceFound: true, reason: null, error: null, instruction: null,
    instructionNotes: [], isRetry: false, history: [], faceCentre: null, width: null, height: null,
  };
}

export function isFinished(status) {
  return status === "ready" || status === "failed";
}

/** The slots in scenario order. */
export function slotList(state) {
  return Object.values(state.slots).sort((a, b) => a.index - b.index);
}

/** Whether any portrait is still being made (queued, generating, checking, retrying). */
export function anyInProgress(state) {
  return Object.values(state.slots).some((slot) => slot.rank < DONE);
}

/** The persona detail from the API (GET, PATCH, default, regenerate): it replaces what was known. */
export function withDetail(state, detail) {
  const slots = { ...state.slots };
  for (const portrait of detail.portraits || []) {
    const history = portrait.history || [];
    const last = history[history.length - 1];
    const slot = slots[portrait.index] || newSlot(portrait.index, portrait.title, portrait.scenario);
    slots[portrait.index] = {
      ...slot,
      title: portrait.title || slot.title,
      scenario: portrait.scenario,
      state: portrait.state,
      rank: RANK[portrait.state] ?? 0,
      attempt: Math.max(1, portrait.attempts || 1),
      url: portrait.url || null,
      madeBy: portrait.url ? portrait.madeBy || null : null,
      contentType: portrait.url ? portrait.contentType || null : null,
      // Where the face is in the picture, for a thumbnail cropped round it (the API's faceCentre).
      faceCentre: portrait.url ? portrait.faceCentre || null : null,
      width: portrait.url ? portrait.width || null : null,
      height: portrait.url ? portrait.height || null : null,
      previousUrl: portrait.url ? null : (last ? last.url : slot.previousUrl),
      identityDistance: portrait.url ? portrait.identityDistance : null,
      faceFound: portrait.url ? portrait.identityDistance !== null : true,
      isRetry: portrait.state === "retrying" || (slot.isRetry && IN_PROGRESS.has(portrait.state)),
      // The latest attempt's instruction (none for a kept earlier attempt that had none), and
      // what the offline studio did not do of it, and why. An older server sends no instruction:
      // the page's own is kept then.
      instruction: "instruction" in portrait ? portrait.instruction || null : slot.instruction,
      instructionNotes: portrait.instructionNotes || [],
      history,
      // Which attempt the picture is, and whether the person kept it over later ones.
      ...shownAttempt(portrait, history),
    };
  }
  return { ...state, persona: detail, slots };
}

/**
 * The shown picture's attempt number, and whether it is an earlier one the person kept: the
 * latest job (`attempts` is its number) is then the keep, after every attempt that made a picture.
 */
function shownAttempt(portrait, history) {
  const shown = portrait.url ? history.find((item) => item.shown) : null;
  return { shownAttempt: shown ? shown.attempt : null, keptAttempt: shown && shown.attempt !== portrait.attempts ? shown.attempt : null };
}

/** The user asked for portrait `index` again (before the server's answer is applied). */
export function withRegenerationRequested(state, index, instruction) {
  const slot = state.slots[index];
  if (!slot) return state;
  return {
    ...state,
    slots: { ...state.slots, [index]: { ...slot, instruction: instruction || null, instructionNotes: [], isRetry: false, reason: null, error: null } },
  };
}

/** This persona became the default one. */
export function withDefault(state) {
  if (!state.persona) return state;
  return { ...state, persona: { ...state.persona, isDefault: true } };
}

// ---------------------------------------------------------------- the reducer

/**
 * Applies one event `{ id, type, data }` (id: the SSE id, a number or numeric string, or absent).
 * The server's ids only grow, and a stream never sends one at or below the id it resumed after:
 * an event whose id is not above the last one applied is a duplicate and changes nothing.
 */
export function reducePersonaEvent(state, event) {
  if (!event || !Object.hasOwn(HANDLERS, event.type)) return state;
  const handler = HANDLERS[event.type];
  const id = eventId(event.id);
  if (id !== null && state.lastEventId !== null && id <= state.lastEventId) return state;
  const data = event.data && typeof event.data === "object" ? event.data : {};
  const next = handler(state, data, event.type);
  return id === null ? next : { ...next, lastEventId: id };
}

function eventId(value) {
  if (value === null || value === undefined || value === "") return null;
  const id = Number(value);
  return Number.isFinite(id) ? id : null;
}

const HANDLERS = {
  analysis_done(state, data) {
    if (!state.persona) return state;
    const metadata = state.persona.metadata || {};
    return {
      ...state,
      persona: {
        ...state.persona,
        metadata: {
          ...metadata,
          usablePhotos: data.usablePhotos ?? metadata.usablePhotos,
          analysisQuality: data.analysisQuality ?? metadata.analysisQuality,
          photoCount: data.photoCount ?? metadata.photoCount,
        },
      },
    };
  },
  persona_ready: personaFinished("ready"),
  persona_failed: personaFinished("failed"),
  portrait_regenerating: portraitEvent,
  portrait_started: portraitEvent,
  portrait_ready: portraitEvent,
  portrait_verified: portraitEvent,
  portrait_needs_review: portraitEvent,
  portrait_retrying: portraitEvent,
  portrait_failed: portraitEvent,
};

// The persona is done: its status and measured consistency. (The page then reloads the detail.)
// One that arrives while a portrait is still being made is a replay from before a regeneration.
function personaFinished(status) {
  return (state, data) => {
    if (!state.persona || anyInProgress(state)) return state;
    const metadata = state.persona.metadata || {};
    return {
      ...state,
      persona: {
        ...state.persona,
        status: data.status || status,
        stage: data.stage || (status === "ready" ? "done" : "failed"),
        metadata: { ...metadata, consistencyScore: data.consistencyScore ?? metadata.consistencyScore },
      },
    };
  };
}

function portraitEvent(state, data, type) {
  const index = Number(data.index);
  if (!Number.isInteger(index)) return state;
  const fallback = SCENARIOS[index] || {};
  const slot = state.slots[index] || newSlot(index, fallback.title, data.scenario || fallback.scenario);
  const next = PORTRAIT[type](slot, data, Number.isFinite(data.attempt) ? data.attempt : slot.attempt);
  if (!next) return state;
  const persona = type === "portrait_regenerating" && state.persona
    ? { ...state.persona, status: "analyzing", stage: "regenerating" }
    : state.persona;
  return { ...state, persona, slots: { ...state.slots, [index]: next } };
}

/** Whether an event of `attempt` reaching `rank` is behind what the slot already shows. */
function isBehind(slot, attempt, rank) {
  return attempt < slot.attempt || (attempt === slot.attempt && slot.rank >= rank);
}

/** The slot at `attempt`: a later attempt starts clean, keeping the last picture as the previous one. */
function atAttempt(slot, attempt) {
  if (attempt <= slot.attempt) return { ...slot, attempt };
  return {
    ...slot, attempt, previousUrl: slot.url || slot.previousUrl, url: null, shownAttempt: null, keptAttempt: null,
    identityDistance: null, faceFound: true, error: null, reason: null,
  };
}

function measured(slot, data) {
  return {
    url: data.url || slot.url, identityDistance: data.identityDistance ?? null, faceFound: data.faceFound !== false,
    madeBy: data.url ? data.madeBy || null : slot.madeBy,
    // An event does not say the picture's type; the detail that follows does.
    contentType: data.url ? data.contentType || null : slot.contentType,
    // Nor where its face is: a new picture is cropped in the middle until the detail says.
    ...(data.url && data.url !== slot.url ? { faceCentre: null, width: null, height: null } : {}),
  };
}

// Each returns the slot after the event, or null when the event is behind the slot.
const PORTRAIT = {
  portrait_regenerating(slot, data, attempt) {
    if (isBehind(slot, attempt, 1)) return null;
    return {
      ...atAttempt(slot, attempt),
      state: "queued", rank: 0, isRetry: false, instruction: data.instruction || null, instructionNotes: [],
      reason: null, error: null,
    };
  },
  portrait_started(slot, data, attempt) {
    if (isBehind(slot, attempt, 1)) return null;
    return { ...atAttempt(slot, attempt), state: "generating", rank: 1 };
  },
  portrait_ready(slot, data, attempt) {
    if (isBehind(slot, attempt, 2)) return null;
    const next = atAttempt(slot, attempt);
    return { ...next, state: "checking", rank: 2, ...measured(next, data) };
  },
  portrait_verified(slot, data, attempt) {
    if (isBehind(slot, attempt, DONE)) return null;
    const next = atAttempt(slot, attempt);
    return { ...next, state: "verified", rank: DONE, isRetry: false, ...measured(next, data), reason: null };
  },
  portrait_needs_review(slot, data, attempt) {
    if (isBehind(slot, attempt, DONE)) return null;
    const next = atAttempt(slot, attempt);
    return { ...next, state: "needs_review", rank: DONE, isRetry: false, ...measured(next, data), reason: data.reason || null };
  },
  // This attempt was rejected; the next one (attempt + 1) is queued.
  portrait_retrying(slot, data, attempt) {
    if (isBehind(slot, attempt, DONE)) return null;
    return {
      ...slot, attempt: attempt + 1, state: "retrying", rank: 0, isRetry: true,
      previousUrl: data.url || slot.url, url: null, identityDistance: null, faceFound: true,
      rejectedDistance: data.identityDistance ?? null, rejectedFaceFound: data.faceFound !== false,
      reason: data.reason || null,
    };
  },
  // portrait_failed names its attempt, so a replayed failure of an earlier attempt cannot fail a
  // regeneration under way. (Events stored before it did fail whatever attempt is unfinished.)
  portrait_failed(slot, data, attempt) {
    if (Number.isFinite(data.attempt) ? isBehind(slot, attempt, DONE) : slot.rank >= DONE) return null;
    return { ...atAttempt(slot, attempt), state: "failed", rank: DONE, error: data.error || null, isRetry: false };
  },
};

const ANNOUNCED = {
  portrait_verified: "verified", portrait_needs_review: "needs review", portrait_retrying: "retrying",
  portrait_failed: "failed",
};

/** What a screen reader hears after `event` took `previous` to `next` (null: nothing). */
export function eventAnnouncement(previous, next, event) {
  if (!event || !Object.hasOwn(ANNOUNCED, event.type)) return null;
  const index = Number(event.data && event.data.index);
  const slot = next.slots[index];
  if (!slot || slot === previous.slots[index]) return null;
  // The offline studio's portrait is a preview of the person's own photo, not a verified one.
  const verb = event.type === "portrait_verified" && slot.madeBy === "composite" ? "ready (offline preview)" : ANNOUNCED[event.type];
  return `${slot.title}: ${verb}.`;
}
