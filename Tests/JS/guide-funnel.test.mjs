// The guide's display and announcements (Public/js/guide.js) and the funnel's page side
// (Public/js/funnel.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createAnnouncer, guideDisplay } from "../../Public/js/guide.js";
import { createFunnel } from "../../Public/js/funnel.js";

test("guideDisplay: the server's words and a tone; nothing to say is null", () => {
  assert.deepEqual(guideDisplay({ id: "a", text: " Hi. ", mood: "celebrate" }), { id: "a", text: "Hi.", tone: "celebrate" });
  assert.equal(guideDisplay({ id: "a", text: "Hi", mood: "weird" }).tone, "info");
  assert.equal(guideDisplay({ id: "a", text: "  " }), null);
  assert.equal(guideDisplay(null), null);
});

test("each guide id is announced once", () => {
  const announcer = createAnnouncer();
  assert.equal(announcer.take({ id: "profile:hello", text: "Hi" }), "Hi");
  assert.equal(announcer.take({ id: "profile:hello", text: "Hi" }), null);
  assert.equal(announcer.take({ id: "brand:ask", text: "Brand?" }), "Brand?");
  // Back to an earlier message: not again.
  assert.equal(announcer.take({ id: "profile:hello", text: "Hi" }), null);
  assert.equal(announcer.take(null), null);
  assert.equal(announcer.has("brand:ask"), true);
  announcer.forget();
  assert.equal(announcer.take({ id: "brand:ask", text: "Brand?" }), "Brand?");
});

test("the announcer forgets the oldest beyond its limit", () => {
  const announcer = createAnnouncer({ limit: 2 });
  for (const id of ["a", "b", "c"]) announcer.take({ id, text: id });
  assert.equal(announcer.has("a"), false);
  assert.equal(announcer.has("c"), true);
});

test("funnel: shown on every display, started once per display on the first interaction", () => {
  const sent = [];
  const funnel = createFunnel((body) => { sent.push(body); return Promise.resolve(); });
  funnel.interacted(); // nothing shown yet
  funnel.shown({ step: 1, substep: "profile" });
  funnel.interacted();
  funnel.interacted();
  funnel.shown({ step: 1, substep: "brand" });
  funnel.interacted();
  funnel.shown({ step: 2 });
  funnel.leave();
  funnel.interacted();
  assert.deepEqual(sent, [
    { kind: "shown", step: 1, substep: "profile" },
    { kind: "started", step: 1, substep: "profile" },
    { kind: "shown", step: 1, substep: "brand" },
    { kind: "started", step: 1, substep: "brand" },
    { kind: "shown", step: 2 },
  ]);
});

test("funnel: a failing or throwing sender never reaches the page", async () => {
  let rejected = 0;
  const failing = createFunnel(() => { rejected += 1; return Promise.reject(new Error("offline")); });
  failing.shown({ step: 1, substep: "profile" });
  failing.interacted();
  const throwing = createFunnel(() => { throw new Error("boom"); });
  throwing.shown({ step: 2 });
  assert.equal(rejected, 2);
  await new Promise((resolve) => setTimeout(resolve, 10)); // an unhandled rejection would fail the test
});

test("funnel: a screen without a step number is not reported", () => {
  const sent = [];
  const funnel = createFunnel((body) => sent.push(body));
  funnel.shown({ substep: "profile" });
  funnel.shown(null);
  funnel.interacted();
  assert.deepEqual(sent, []);
  assert.equal(funnel.current, null);
});
