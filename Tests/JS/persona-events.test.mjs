// The persona page's live-update reducer (Public/js/persona-events.js): every event the server
// publishes (Sources/App/Generation/PortraitGenerator.swift, Intake/PersonaStore.swift,
// Controllers/PortraitController.swift), replays, duplicates and unknown events.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import {
  EVENT_TYPES, anyInProgress, eventAnnouncement, initialPersonaState, isFinished, newSlot, reducePersonaEvent,
  slotList, withDefault, withDetail, withRegenerationRequested,
} from "../../Public/js/persona-events.js";

const TITLES = ["Professional headshot", "Casual and friendly", "Dynamic action", "Thoughtful close-up", "Environmental portrait"];
const SCENARIOS = ["professional_headshot", "casual_friendly", "dynamic_action", "thoughtful_closeup", "environmental_portrait"];

function portrait(index, changes = {}) {
  return {
    index, scenario: SCENARIOS[index], title: TITLES[index], state: "queued", url: null, identityDistance: null,
    reason: null, error: null, instruction: null, attempts: 1, history: [], ...changes,
  };
}

function detail(changes = {}) {
  return {
    id: "p1", name: "Studio me", status: "generating", isDefault: false, eventsUrl: "/api/personas/p1/events",
    metadata: { usablePhotos: 6, photoCount: 6, analysisQuality: "good", consistencyScore: 0.9 },
    photos: [{ id: "a", isReference: true }], portraits: [0, 1, 2, 3, 4].map((i) => portrait(i)), ...changes,
  };
}

/** The page just loaded a generating persona: five queued slots. */
function loaded(changes) {
  return withDetail(initialPersonaState(), detail(changes));
}

/** Applies events in order; ids are given by the caller (or none). */
function play(state, ...events) {
  return events.reduce(reducePersonaEvent, state);
}

const ev = (type, data, id) => ({ id, type, data });

function deepFreeze(value) {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze(value[key]);
  }
  return value;
}

describe("the state", () => {
  test("starts empty", () => {
    assert.deepEqual(initialPersonaState(), { persona: null, slots: {}, lastEventId: null });
  });

  test("a new slot is queued at attempt 1, titled by index when no title is known", () => {
    assert.equal(newSlot(2, undefined, "x").title, "Portrait 3");
    assert.deepEqual(
      { state: newSlot(0, "T").state, rank: newSlot(0, "T").rank, attempt: newSlot(0, "T").attempt, faceFound: newSlot(0, "T").faceFound },
      { state: "queued", rank: 0, attempt: 1, faceFound: true });
  });

  test("the detail fills one slot per portrait, in order", () => {
    const state = loaded();
    assert.equal(state.persona.name, "Studio me");
    assert.deepEqual(slotList(state).map((s) => s.title), TITLES);
    assert.equal(anyInProgress(state), true);
  });

  test("a finished portrait in the detail: its URL, distance and attempts", () => {
    const state = loaded({ portraits: [portrait(0, { state: "verified", url: "/media/a", identityDistance: 0.41, attempts: 2 })] });
    const slot = state.slots[0];
    assert.equal(slot.rank, 3);
    assert.equal(slot.attempt, 2);
    assert.equal(slot.url, "/media/a");
    assert.equal(slot.identityDistance, 0.41);
    assert.equal(slot.faceFound, true);
  });

  test("a portrait with a picture but no measured distance had no face", () => {
    const state = loaded({ portraits: [portrait(0, { state: "needs_review", url: "/media/a", identityDistance: null })] });
    assert.equal(state.slots[0].faceFound, false);
  });

  test("an unfinished portrait keeps its last attempt's picture as the previous one", () => {
    const history = [{ attempt: 1, url: "/media/old", state: "rejected", identityDistance: 0.8 }];
    const state = loaded({ portraits: [portrait(0, { state: "generating", attempts: 2, history })] });
    assert.equal(state.slots[0].url, null);
    assert.equal(state.slots[0].previousUrl, "/media/old");
    assert.deepEqual(state.slots[0].history, history);
  });

  test("a later detail keeps a slot's retry mark only while it is in progress", () => {
    const retrying = play(loaded(), ev("portrait_retrying", { index: 0, attempt: 1, url: "/u", identityDistance: 0.8, reason: "identity_mismatch" }));
    const generating = withDetail(retrying, detail({ portraits: [portrait(0, { state: "generating", attempts: 2 })] }));
    assert.equal(generating.slots[0].isRetry, true);
    const done = withDetail(retrying, detail({ portraits: [portrait(0, { state: "verified", url: "/v", identityDistance: 0.3, attempts: 2 })] }));
    assert.equal(done.slots[0].isRetry, false);
  });

  test("never changes the state it is given", () => {
    const state = deepFreeze(loaded());
    withDetail(state, detail({ name: "Other" }));
    play(state, ...EVENT_TYPES.map((type, i) => ev(type, { index: 0, attempt: 1, url: "/u" }, i + 1)));
    withRegenerationRequested(state, 0, "smile");
    withDefault(state);
  });

  test("finished statuses", () => {
    assert.equal(isFinished("ready"), true);
    assert.equal(isFinished("failed"), true);
    assert.equal(isFinished("generating"), false);
  });

  test("the default mark and a requested regeneration", () => {
    assert.equal(withDefault(loaded()).persona.isDefault, true);
    assert.equal(withDefault(initialPersonaState()).persona, null);
    const failed = play(loaded(), ev("portrait_failed", { index: 1, error: "boom" }));
    const asked = withRegenerationRequested(failed, 1, "smile");
    assert.equal(asked.slots[1].instruction, "smile");
    assert.equal(asked.slots[1].error, null);
    assert.equal(withRegenerationRequested(failed, 1, "").slots[1].instruction, null);
    assert.equal(withRegenerationRequested(failed, 9, "x"), failed);
  });
});

describe("each event", () => {
  test("the page listens to every event the server publishes", () => {
    assert.deepEqual([...EVENT_TYPES].sort(), [
      "analysis_done", "persona_failed", "persona_ready", "portrait_failed", "portrait_needs_review", "portrait_ready",
      "portrait_regenerating", "portrait_retrying", "portrait_started", "portrait_verified",
    ]);
  });

  test("analysis_done: the photos' counts and quality", () => {
    const state = play(loaded(), ev("analysis_done", { photoCount: 8, usablePhotos: 7, analysisQuality: "excellent", consistencyScore: 0.5 }));
    assert.deepEqual(state.persona.metadata, { usablePhotos: 7, photoCount: 8, analysisQuality: "excellent", consistencyScore: 0.9 });
    const partial = play(loaded(), ev("analysis_done", { usablePhotos: 5 }));
    assert.equal(partial.persona.metadata.photoCount, 6);
    // Before the detail has loaded there is nothing to update.
    assert.equal(play(initialPersonaState(), ev("analysis_done", { usablePhotos: 5 })).persona, null);
  });

  test("portrait_started: generating", () => {
    const slot = play(loaded(), ev("portrait_started", { index: 2, scenario: "dynamic_action", attempt: 1 })).slots[2];
    assert.equal(slot.state, "generating");
    assert.equal(slot.rank, 1);
  });

  test("portrait_ready: checking the likeness of the new picture", () => {
    const slot = play(loaded(), ev("portrait_ready", { index: 0, attempt: 1, url: "/media/a", faceFound: true, identityDistance: 0.42 })).slots[0];
    assert.equal(slot.state, "checking");
    assert.equal(slot.url, "/media/a");
    assert.equal(slot.identityDistance, 0.42);
    assert.equal(slot.faceFound, true);
  });

  test("portrait_verified: done, with its measured distance", () => {
    const slot = play(loaded(),
      ev("portrait_ready", { index: 0, attempt: 1, url: "/media/a", faceFound: true, identityDistance: 0.42 }),
      ev("portrait_verified", { index: 0, attempt: 1, url: "/media/a", faceFound: true, identityDistance: 0.42 })).slots[0];
    assert.equal(slot.state, "verified");
    assert.equal(slot.rank, 3);
    assert.equal(slot.isRetry, false);
    assert.equal(slot.reason, null);
  });

  test("portrait_needs_review: done, with the reason", () => {
    const slot = play(loaded(), ev("portrait_needs_review", { index: 3, attempt: 2, url: "/m", faceFound: false, identityDistance: null, reason: "no_face" })).slots[3];
    assert.equal(slot.state, "needs_review");
    assert.equal(slot.rank, 3);
    assert.equal(slot.attempt, 2);
    assert.equal(slot.faceFound, false);
    assert.equal(slot.reason, "no_face");
  });

  test("portrait_retrying: the next attempt is queued, the rejected picture shown as previous", () => {
    const slot = play(loaded(),
      ev("portrait_ready", { index: 1, attempt: 1, url: "/m1", faceFound: true, identityDistance: 0.81 }),
      ev("portrait_retrying", { index: 1, attempt: 1, url: "/m1", faceFound: true, identityDistance: 0.81, reason: "identity_mismatch" })).slots[1];
    assert.equal(slot.state, "retrying");
    assert.equal(slot.attempt, 2);
    assert.equal(slot.rank, 0);
    assert.equal(slot.isRetry, true);
    assert.equal(slot.url, null);
    assert.equal(slot.previousUrl, "/m1");
    assert.equal(slot.rejectedDistance, 0.81);
    assert.equal(slot.rejectedFaceFound, true);
    assert.equal(slot.reason, "identity_mismatch");
  });

  test("after a retry, the second attempt starts and keeps its retry mark", () => {
    const state = play(loaded(),
      ev("portrait_retrying", { index: 1, attempt: 1, url: "/m1", faceFound: false, identityDistance: null, reason: "no_face" }),
      ev("portrait_started", { index: 1, attempt: 2 }));
    assert.equal(state.slots[1].state, "generating");
    assert.equal(state.slots[1].isRetry, true);
    assert.equal(state.slots[1].previousUrl, "/m1");
    assert.equal(state.slots[1].rejectedFaceFound, false);
  });

  test("portrait_failed: done, with the provider's error (it names no attempt)", () => {
    const slot = play(loaded(), ev("portrait_started", { index: 4, attempt: 1 }), ev("portrait_failed", { index: 4, error: "timeout" })).slots[4];
    assert.equal(slot.state, "failed");
    assert.equal(slot.rank, 3);
    assert.equal(slot.error, "timeout");
    assert.equal(play(loaded(), ev("portrait_failed", { index: 4, error: "" })).slots[4].error, null);
  });

  test("portrait_regenerating: a finished portrait queued again, a new attempt, the persona generating", () => {
    const verified = play(loaded({ status: "ready" }),
      ev("portrait_verified", { index: 0, attempt: 1, url: "/m1", faceFound: true, identityDistance: 0.3 }));
    const state = play(verified, ev("portrait_regenerating", { index: 0, attempt: 2, instruction: "more light" }));
    const slot = state.slots[0];
    assert.equal(slot.state, "queued");
    assert.equal(slot.attempt, 2);
    assert.equal(slot.instruction, "more light");
    assert.equal(slot.url, null);
    assert.equal(slot.previousUrl, "/m1");
    assert.equal(slot.identityDistance, null);
    assert.equal(state.persona.status, "generating");
    assert.equal(play(verified, ev("portrait_regenerating", { index: 0, attempt: 2, instruction: null })).slots[0].instruction, null);
  });

  test("persona_ready: ready, with the measured consistency, once every portrait is done", () => {
    const done = withDetail(initialPersonaState(), detail({
      portraits: [0, 1, 2, 3, 4].map((i) => portrait(i, { state: "verified", url: `/m${i}`, identityDistance: 0.3 })),
    }));
    const state = play(done, ev("persona_ready", { status: "ready", consistencyScore: 0.87, portraits: [] }));
    assert.equal(state.persona.status, "ready");
    assert.equal(state.persona.metadata.consistencyScore, 0.87);
    assert.equal(anyInProgress(state), false);
  });

  test("persona_failed: failed, once every portrait is done", () => {
    const done = withDetail(initialPersonaState(), detail({ portraits: [0, 1, 2, 3, 4].map((i) => portrait(i, { state: "failed" })) }));
    const state = play(done, ev("persona_failed", { status: "failed", consistencyScore: 0, portraits: [] }));
    assert.equal(state.persona.status, "failed");
    assert.equal(play(done, ev("persona_failed", {})).persona.status, "failed");
  });

  test("a persona_ready while a portrait is still being made is an old one replayed: status unchanged", () => {
    const state = loaded();
    const next = play(state, ev("persona_ready", { status: "ready", consistencyScore: 0.9 }, 7));
    assert.equal(next.persona, state.persona);
    assert.equal(next.lastEventId, 7);
  });

  test("a portrait event for a slot the page has not seen yet adds it, with the scenario's title", () => {
    const state = play(initialPersonaState(), ev("portrait_started", { index: 3, scenario: "thoughtful_closeup", attempt: 1 }));
    assert.equal(state.slots[3].title, "Thoughtful close-up");
    assert.equal(state.slots[3].state, "generating");
  });

  test("a portrait event without a whole index changes nothing", () => {
    const state = loaded();
    assert.equal(play(state, ev("portrait_started", { attempt: 1 })), state);
    assert.equal(play(state, ev("portrait_started", { index: 1.5 })), state);
  });

  test("a whole run, in the server's order, ends with five verified portraits", () => {
    const events = [ev("analysis_done", { photoCount: 6, usablePhotos: 6, analysisQuality: "good" })];
    for (let index = 0; index < 5; index += 1) {
      const data = { index, attempt: 1, url: `/m${index}`, faceFound: true, identityDistance: 0.3 };
      events.push(ev("portrait_started", { index, attempt: 1 }), ev("portrait_ready", data), ev("portrait_verified", data));
    }
    events.push(ev("persona_ready", { status: "ready", consistencyScore: 0.9 }));
    const state = play(loaded(), ...events.map((e, i) => ({ ...e, id: i + 1 })));
    assert.deepEqual(slotList(state).map((s) => s.state), Array(5).fill("verified"));
    assert.equal(state.persona.status, "ready");
    assert.equal(state.lastEventId, events.length);
  });
});

describe("unknown, duplicate and out-of-order events", () => {
  test("an unknown event type is ignored: the very same state, its id not taken", () => {
    const state = loaded();
    assert.equal(reducePersonaEvent(state, ev("portrait_teleported", { index: 0 }, 5)), state);
    assert.equal(reducePersonaEvent(state, ev("toString", {}, 5)), state);
    assert.equal(reducePersonaEvent(state, null), state);
  });

  test("event data that is not an object counts as empty", () => {
    const state = loaded();
    assert.equal(reducePersonaEvent(state, ev("portrait_started", null)), state);
    assert.equal(reducePersonaEvent(state, ev("analysis_done", "x")).persona.metadata.photoCount, 6);
  });

  test("the id of the last event applied is kept (numeric strings as the EventSource gives them)", () => {
    const state = play(loaded(), ev("portrait_started", { index: 0, attempt: 1 }, "41"));
    assert.equal(state.lastEventId, 41);
  });

  test("an event whose id was already applied is a duplicate: the very same state", () => {
    const once = play(loaded(), ev("portrait_started", { index: 0, attempt: 1 }, 10));
    assert.equal(reducePersonaEvent(once, ev("portrait_started", { index: 0, attempt: 1 }, 10)), once);
    assert.equal(reducePersonaEvent(once, ev("portrait_started", { index: 0, attempt: 1 }, "10")), once);
  });

  test("an id below the last one applied is ignored, even when its content would be news", () => {
    // The server never sends an id at or below one it sent; such an event is stale.
    const state = play(loaded(), ev("portrait_started", { index: 0, attempt: 1 }, 20));
    assert.equal(reducePersonaEvent(state, ev("portrait_verified", { index: 0, attempt: 1, url: "/m" }, 19)), state);
  });

  test("events without an id are applied and leave the last id alone", () => {
    const state = play(loaded(), ev("portrait_started", { index: 0, attempt: 1 }, 3), ev("portrait_ready", { index: 0, attempt: 1, url: "/m" }));
    assert.equal(state.slots[0].state, "checking");
    assert.equal(state.lastEventId, 3);
  });

  test("a replay of the history over a newer detail moves nothing backwards", () => {
    // The page loads the detail, then opens the stream from the start: every old event replays.
    const now = withDetail(initialPersonaState(), detail({
      portraits: [
        portrait(0, { state: "verified", url: "/m0b", identityDistance: 0.3, attempts: 2 }),
        portrait(1, { state: "needs_review", url: "/m1", identityDistance: 0.7 }),
        portrait(2, { state: "generating" }),
        portrait(3, { state: "failed" }),
        portrait(4, { state: "verified", url: "/m4", identityDistance: 0.2 }),
      ],
    }));
    const replay = [
      ev("analysis_done", { photoCount: 6, usablePhotos: 6, analysisQuality: "good" }),
      ev("portrait_started", { index: 0, attempt: 1 }),
      ev("portrait_ready", { index: 0, attempt: 1, url: "/m0a", faceFound: true, identityDistance: 0.8 }),
      ev("portrait_retrying", { index: 0, attempt: 1, url: "/m0a", faceFound: true, identityDistance: 0.8, reason: "identity_mismatch" }),
      ev("portrait_started", { index: 0, attempt: 2 }),
      ev("portrait_ready", { index: 0, attempt: 2, url: "/m0b", faceFound: true, identityDistance: 0.3 }),
      ev("portrait_verified", { index: 0, attempt: 2, url: "/m0b", faceFound: true, identityDistance: 0.3 }),
      ev("portrait_started", { index: 1, attempt: 1 }),
      ev("portrait_started", { index: 2, attempt: 1 }),
      ev("portrait_started", { index: 4, attempt: 1 }),
      ev("portrait_ready", { index: 4, attempt: 1, url: "/m4", faceFound: true, identityDistance: 0.2 }),
    ].map((e, i) => ({ ...e, id: i + 1 }));
    const after = play(now, ...replay);
    for (const index of [0, 1, 2, 4]) assert.equal(after.slots[index], now.slots[index], `slot ${index} moved`);
    assert.equal(after.lastEventId, replay.length);
  });

  test("an older attempt's events do not touch a newer attempt", () => {
    const state = play(loaded(), ev("portrait_regenerating", { index: 0, attempt: 3, instruction: null }));
    assert.equal(reducePersonaEvent(state, ev("portrait_verified", { index: 0, attempt: 2, url: "/old" })).slots[0], state.slots[0]);
    assert.equal(reducePersonaEvent(state, ev("portrait_retrying", { index: 0, attempt: 1, url: "/old" })).slots[0], state.slots[0]);
  });

  test("within one attempt, a step behind the shown one is ignored, a step ahead applied", () => {
    const verified = play(loaded(), ev("portrait_verified", { index: 0, attempt: 1, url: "/m", identityDistance: 0.3 }));
    assert.equal(play(verified, ev("portrait_started", { index: 0, attempt: 1 })).slots[0], verified.slots[0]);
    assert.equal(play(verified, ev("portrait_ready", { index: 0, attempt: 1, url: "/m" })).slots[0], verified.slots[0]);
    assert.equal(play(verified, ev("portrait_failed", { index: 0, error: "x" })).slots[0], verified.slots[0]);
    // Out of order within an attempt: the verdict before portrait_ready; the late portrait_ready is ignored.
    const early = play(loaded(), ev("portrait_verified", { index: 1, attempt: 1, url: "/m", identityDistance: 0.3 }),
      ev("portrait_ready", { index: 1, attempt: 1, url: "/m", identityDistance: 0.3 }));
    assert.equal(early.slots[1].state, "verified");
  });

  test("a later attempt's event starts that attempt clean", () => {
    const checking = play(loaded(), ev("portrait_ready", { index: 0, attempt: 1, url: "/m1", identityDistance: 0.3 }));
    const slot = play(checking, ev("portrait_started", { index: 0, attempt: 2 })).slots[0];
    assert.equal(slot.attempt, 2);
    assert.equal(slot.url, null);
    assert.equal(slot.previousUrl, "/m1");
    assert.equal(slot.identityDistance, null);
  });
});

describe("announcements", () => {
  const announce = (state, event) => eventAnnouncement(state, reducePersonaEvent(state, event), event);

  test("a portrait's verdict is announced by its title", () => {
    const state = loaded();
    assert.equal(announce(state, ev("portrait_verified", { index: 0, attempt: 1, url: "/m" })), "Professional headshot: verified.");
    assert.equal(announce(state, ev("portrait_needs_review", { index: 1, attempt: 1, url: "/m" })), "Casual and friendly: needs review.");
    assert.equal(announce(state, ev("portrait_retrying", { index: 2, attempt: 1 })), "Dynamic action: retrying.");
    assert.equal(announce(state, ev("portrait_failed", { index: 3 })), "Thoughtful close-up: failed.");
  });

  test("nothing for progress steps, ignored events or other kinds", () => {
    const state = loaded();
    assert.equal(announce(state, ev("portrait_started", { index: 0, attempt: 1 })), null);
    assert.equal(announce(state, ev("analysis_done", {})), null);
    const verified = play(state, ev("portrait_verified", { index: 0, attempt: 1, url: "/m" }));
    assert.equal(announce(verified, ev("portrait_verified", { index: 0, attempt: 1, url: "/m" })), null);
  });
});
