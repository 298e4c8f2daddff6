// The persona page's live-update reducer (Public/js/persona-events.js): every event the server
// publishes (Sources/App/Generation/PortraitGenerator.swift, Intake/PersonaStore.swift,
// Controllers/PortraitController.swift).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { EVENT_TYPES, anyInProgress, initialPersonaState, slotList, withDetail } from "../../Public/js/persona-events.js";
import { detail, ev, loaded, play, portrait } from "./persona-fixtures.mjs";

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

  test("portrait_failed: a replayed failure of an earlier attempt leaves a regeneration under way", () => {
    const regenerating = play(loaded(), ev("portrait_failed", { index: 4, attempt: 1, error: "timeout" }),
      ev("portrait_regenerating", { index: 4, attempt: 2, instruction: null }), ev("portrait_started", { index: 4, attempt: 2 }));
    const replayed = play(regenerating, { ...ev("portrait_failed", { index: 4, attempt: 1, error: "timeout" }), id: 1e9 });
    assert.equal(replayed.slots[4], regenerating.slots[4]);
    assert.equal(replayed.slots[4].state, "generating");
    const failedAgain = play(regenerating, { ...ev("portrait_failed", { index: 4, attempt: 2, error: "again" }), id: 1e9 + 1 });
    assert.equal(failedAgain.slots[4].state, "failed");
    assert.equal(failedAgain.slots[4].error, "again");
  });

  test("portrait_failed without an attempt (stored by older servers): done, with the provider's error", () => {
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
    assert.equal(state.persona.status, "analyzing");
    assert.equal(state.persona.stage, "regenerating");
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

test("how a portrait was made comes with it, from the detail and from its event (issue 18)", () => {
  const fromDetail = loaded({ portraits: [portrait(0, { state: "verified", url: "/media/a", identityDistance: 0.3, madeBy: "composite" })] });
  assert.equal(slotList(fromDetail)[0].madeBy, "composite");
  const fromEvent = play(loaded(),
    ev("portrait_verified", { index: 1, attempt: 1, url: "/media/b", faceFound: true, identityDistance: 0.3, madeBy: "trainedAlgorithmicMedia" }));
  assert.equal(slotList(fromEvent)[1].madeBy, "trainedAlgorithmicMedia");
});
