import assert from "node:assert/strict";
import { test } from "node:test";
import { initialAttempt, steppedIndex, viewableIndexes, viewedActions, viewerAttempts } from "../../Public/js/portrait-viewer-state.js";

const slot = (index, extra = {}) => ({ index, scenario: `s${index}`, url: null, previousUrl: null, rank: 3, attempt: 1, history: [], ...extra });

test("steps through the portraits that have a picture, wrapping round", () => {
  const slots = [slot(0, { url: "/a" }), slot(1), slot(2, { previousUrl: "/c" }), slot(3, { url: "/d" })];
  assert.deepEqual(viewableIndexes(slots), [0, 2, 3]);
  assert.equal(steppedIndex(slots, 0, 1), 2, "the slot without a picture is skipped");
  assert.equal(steppedIndex(slots, 3, 1), 0);
  assert.equal(steppedIndex(slots, 0, -1), 3);
  assert.equal(steppedIndex([slot(0, { url: "/a" })], 0, 1), 0, "alone, it stays");
  assert.equal(steppedIndex([slot(0)], 0, 1), 0, "none to show");
});

test("the attempts come from the history, the shown one marked; a slot without history shows its picture", () => {
  const history = [
    { attempt: 1, url: "/1", state: "verified", identityDistance: 0.2, shown: true },
    { attempt: 2, url: "/2", state: "needs_review", identityDistance: 0.52, shown: false },
  ];
  const attempts = viewerAttempts(slot(0, { url: "/1", history }));
  assert.deepEqual(attempts.map((a) => [a.attempt, a.shown]), [[1, true], [2, false]]);
  assert.match(attempts[1].label, /^#2 · needs review/);
  assert.equal(initialAttempt(attempts), 1, "opens on the shown attempt, not the newest");
  assert.equal(initialAttempt(attempts.map((a) => ({ ...a, shown: false }))), 2, "else the newest");
  const bare = viewerAttempts(slot(1, { url: "/x", attempt: 2, state: "verified" }));
  assert.deepEqual(bare.map((a) => [a.attempt, a.url, a.shown]), [[2, "/x", true]]);
  assert.deepEqual(viewerAttempts(slot(2)), []);
  // A picture that arrived by an event, before the detail with its history: the newest, shown.
  const arrived = viewerAttempts(slot(0, { url: "/3?sig=a", attempt: 3, state: "verified", history }));
  assert.deepEqual(arrived.map((a) => [a.attempt, a.shown]), [[1, false], [2, false], [3, true]]);
  // The offline studio's picture arrived the same way is named a preview, as its history will be.
  const offline = viewerAttempts(slot(0, { url: "/4", attempt: 1, state: "verified", madeBy: "composite", identityDistance: 0.2 }));
  assert.match(offline[0].label, /^#1 · offline preview · strong likeness/);
  // A kept attempt announced by an event (a later attempt number, an earlier picture): no new one.
  const kept = viewerAttempts(slot(0, { url: "/2?sig=b", attempt: 3, history }));
  assert.deepEqual(kept.map((a) => [a.attempt, a.shown]), [[1, false], [2, true]]);
  assert.equal(initialAttempt([]), null);
});

test("only an earlier attempt of a finished portrait can be kept", () => {
  const earlier = { attempt: 1, shown: false };
  assert.deepEqual(viewedActions(slot(0), earlier), { fileName: "1-s0-attempt-1.jpg", canKeep: true, keepNote: null });
  assert.equal(viewedActions(slot(0), { attempt: 2, shown: true }).canKeep, false, "the shown one is kept already");
  const busy = viewedActions(slot(0, { rank: 1 }), earlier);
  assert.equal(busy.canKeep, false);
  assert.match(busy.keepNote, /being made/);
  assert.deepEqual(viewedActions(slot(0), null), { fileName: null, canKeep: false, keepNote: null });
});

test("a download is named after the picture's stored type: PNG from a model that answered in PNG", () => {
  assert.equal(viewedActions(slot(0), { attempt: 2, shown: false, contentType: "image/png" }).fileName, "1-s0-attempt-2.png");
  assert.equal(viewedActions(slot(0), { attempt: 2, shown: false, contentType: "image/jpeg" }).fileName, "1-s0-attempt-2.jpg");
  assert.equal(viewedActions(slot(0), { attempt: 2, shown: false }).fileName, "1-s0-attempt-2.jpg", "unknown: JPEG");
  // The shown picture known only from the slot (an event, before the detail) keeps the slot's type.
  const [only] = viewerAttempts(slot(0, { url: "/p", attempt: 1, state: "verified", contentType: "image/png" }));
  assert.equal(viewedActions(slot(0), only).fileName, "1-s0.png", "the one on show: the card's name");
});

test("each attempt's thumbnail is cropped round its own face, at the scenario's picture size", () => {
  const history = [
    { attempt: 1, url: "/1", state: "verified", shown: true, faceCentre: { x: 0.7, y: 0.4 } },
    { attempt: 2, url: "/2", state: "verified", shown: false, faceCentre: null },
  ];
  const attempts = viewerAttempts(slot(2, { url: "/1", history, width: 1024, height: 576 }));
  assert.deepEqual(attempts.map((a) => a.position), ["86.4% 50%", null]);
  // A picture an event brought before the detail: the slot's own face, once the detail gives it.
  const arrived = viewerAttempts(slot(2, { url: "/3", attempt: 3, state: "verified", history, width: 1024, height: 576, faceCentre: { x: 0.5, y: 0.4 } }));
  assert.equal(arrived[arrived.length - 1].position, "50% 50%");
});
