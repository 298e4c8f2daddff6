// The persona page's state (Public/js/persona-events.js): made from the API's detail, and the
// page's own changes (default, a requested regeneration); never changed in place.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import {
  EVENT_TYPES, anyInProgress, initialPersonaState, isFinished, newSlot, slotList, withDefault, withDetail,
  reducePersonaEvent, withRegenerationRequested,
} from "../../Public/js/persona-events.js";
import { slotDisplay } from "../../Public/js/portrait-display.js";
import { TITLES, deepFreeze, detail, ev, loaded, play, portrait } from "./persona-fixtures.mjs";

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
    // The answer's notes (what the offline studio did not do) replace the earlier ones.
    const note = "Clothing and accessories need a generative image model (set FAL_KEY).";
    const answered = withDetail(asked, detail({ portraits: [portrait(1, { state: "queued", attempts: 2, instructionNotes: [note] })] }));
    assert.deepEqual(answered.slots[1].instructionNotes, [note]);
    assert.deepEqual(withRegenerationRequested(answered, 1, "warmer").slots[1].instructionNotes, []);
    assert.deepEqual(newSlot(0).instructionNotes, []);
  });

  test("an earlier attempt kept as the portrait is known, and said, until a later one arrives", () => {
    const history = [
      { attempt: 1, url: "/1", state: "verified", identityDistance: 0.2, shown: true },
      { attempt: 2, url: "/2", state: "verified", identityDistance: 0.3, shown: false },
    ];
    const asked = withRegenerationRequested(withDetail(initialPersonaState(), detail({ portraits: [portrait(0)] })), 0, "warmer");
    assert.equal(asked.slots[0].instruction, "warmer");
    const kept = withDetail(asked, detail({
      portraits: [portrait(0, { state: "verified", url: "/1", identityDistance: 0.2, attempts: 3, history })],
    }));
    assert.equal(kept.slots[0].keptAttempt, 1);
    assert.equal(kept.slots[0].instruction, null, "the kept attempt had no instruction");
    assert.ok(slotDisplay(kept.slots[0]).notes.includes("Attempt 1, kept from earlier attempts"));
    // Kept again, attempt 2 this time (a keep after a keep: job 4): still a kept one, still 2.
    const keptAgain = withDetail(kept, detail({
      portraits: [portrait(0, { state: "verified", url: "/2", attempts: 4, history: history.map((h) => ({ ...h, shown: h.attempt === 2 })) })],
    }));
    assert.equal(keptAgain.slots[0].keptAttempt, 2);
    assert.deepEqual(slotDisplay(keptAgain.slots[0]).notes, ["Attempt 2, kept from earlier attempts"]);
    // The latest attempt's own picture: no keep to say.
    const latest = withDetail(kept, detail({
      portraits: [portrait(0, { state: "verified", url: "/2", attempts: 2, history: history.map((h) => ({ ...h, shown: h.attempt === 2 })) })],
    }));
    assert.equal(latest.slots[0].keptAttempt, null);
    assert.deepEqual(slotDisplay(latest.slots[0]).notes, ["Attempt 2"]);
    // A regeneration's events move the slot on: the kept mark goes with the old picture.
    const regenerating = reducePersonaEvent(kept, { id: 99, type: "portrait_regenerating", data: { index: 0, attempt: 4, instruction: "" } });
    assert.equal(regenerating.slots[0].keptAttempt, null);
  });
});
