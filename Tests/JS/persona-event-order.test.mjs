// The reducer's rules for unknown, duplicate and out-of-order events (replays when the stream is
// reopened), and what the page announces (Public/js/persona-events.js).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { eventAnnouncement, initialPersonaState, reducePersonaEvent, withDetail } from "../../Public/js/persona-events.js";
import { detail, ev, loaded, play, portrait } from "./persona-fixtures.mjs";

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
    // The offline studio's portrait is not announced as verified.
    assert.equal(announce(state, ev("portrait_verified", { index: 4, attempt: 1, url: "/m", madeBy: "composite" })),
      "Environmental portrait: ready (offline preview).");
  });

  test("nothing for progress steps, ignored events or other kinds", () => {
    const state = loaded();
    assert.equal(announce(state, ev("portrait_started", { index: 0, attempt: 1 })), null);
    assert.equal(announce(state, ev("analysis_done", {})), null);
    const verified = play(state, ev("portrait_verified", { index: 0, attempt: 1, url: "/m" }));
    assert.equal(announce(verified, ev("portrait_verified", { index: 0, attempt: 1, url: "/m" })), null);
  });
});
