// Shared fixtures of the persona-events tests: the API's persona detail, as
// Sources/App/Controllers/PersonaResponses.swift sends it, and helpers to play events.
import { initialPersonaState, reducePersonaEvent, withDetail } from "../../Public/js/persona-events.js";

export const TITLES = ["Professional headshot", "Casual and friendly", "Dynamic action", "Thoughtful close-up", "Environmental portrait"];
export const SCENARIOS = ["professional_headshot", "casual_friendly", "dynamic_action", "thoughtful_closeup", "environmental_portrait"];

export function portrait(index, changes = {}) {
  return {
    index, scenario: SCENARIOS[index], title: TITLES[index], state: "queued", url: null, identityDistance: null,
    reason: null, error: null, instruction: null, attempts: 1, history: [], ...changes,
  };
}

export function detail(changes = {}) {
  return {
    id: "p1", name: "Studio me", status: "analyzing", stage: "generating", isDefault: false, eventsUrl: "/api/personas/p1/events",
    metadata: { usablePhotos: 6, photoCount: 6, analysisQuality: "good", consistencyScore: 0.9 },
    photos: [{ id: "a", isReference: true }], portraits: [0, 1, 2, 3, 4].map((i) => portrait(i)), ...changes,
  };
}

/** The page just loaded a generating persona: five queued slots. */
export function loaded(changes) {
  return withDetail(initialPersonaState(), detail(changes));
}

/** Applies events in order; ids are given by the caller (or none). */
export function play(state, ...events) {
  return events.reduce(reducePersonaEvent, state);
}

export const ev = (type, data, id) => ({ id, type, data });

export function deepFreeze(value) {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze(value[key]);
  }
  return value;
}
