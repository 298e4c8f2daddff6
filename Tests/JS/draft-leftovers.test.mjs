// Photos whose send broke (Public/js/draft-session.js, with draft-identity.js): a copy the server
// kept is deleted when the photo was removed, and taken for the photo (by its upload token) when not;
// another tab's photo of the same name, or one stored without a token, is never taken for ours.
import { test } from "node:test";
import assert from "node:assert/strict";
import { uploadToken } from "../../Public/js/draft-identity.js";
import { apiError, items, oneStoredOneSent, tick, tokenSent } from "./draft-fixtures.mjs";

test("removed while sent, then the upload broke: a copy the server kept is deleted, not adopted", async () => {
  for (const kept of [true, false]) {
    const { fake, timers, session } = await oneStoredOneSent();
    await session.remove("b");
    assert.equal(session.entries[1].status, "removing");
    // The server stored b, but the answer never came (or it did not: the connection broke first).
    if (kept) fake.photos.push({ id: "pb", fileName: "b", uploadToken: tokenSent(fake, "b"), fileSize: 80, usable: true });
    await fake.answer("add", apiError("network"));
    assert.deepEqual(session.entries.map((e) => e.key), ["a"], "b is gone from the page at once");
    assert.equal(fake.open("get"), 1, "the whole draft is asked for");
    await fake.answer("get");
    assert.deepEqual(session.entries.map((e) => e.key), ["a"], "not adopted");
    if (kept) {
      const removal = fake.calls.find((c) => c.kind === "remove");
      assert.deepEqual(removal.args, ["D", "pb"]);
      await fake.answer("remove");
      assert.equal(timers.count, 0, "found: nothing more to look for");
    } else {
      // Not there yet is not proof (a gateway's 5xx can come before the server has stored it):
      // asked once more, a little later, then let go.
      assert.equal(timers.count, 1);
      await timers.runAll();
      assert.equal(fake.open("get"), 1);
      await fake.answer("get");
      assert.equal(timers.count, 0, "let go after two answers without it");
      assert.equal(fake.calls.filter((c) => c.kind === "remove").length, 0);
    }
    assert.deepEqual(fake.photos.map((p) => p.id), ["p1"]);
    assert.equal(session.draft.photoCount, 1);
    await tick();
    assert.equal(fake.open("get"), 0, "not asked again and again");
  }
});

test("a photo whose send broke, waiting to be sent again, then removed: a copy the server kept is deleted", async () => {
  const { fake, session } = await oneStoredOneSent();
  fake.photos.push({ id: "pb", fileName: "b", uploadToken: tokenSent(fake, "b"), fileSize: 80, usable: true }); // stored, answer lost
  await fake.answer("add", apiError("bad_gateway", { status: 502 }));
  assert.equal(session.entries[1].status, "waiting");
  await session.remove("b");
  assert.deepEqual(session.entries.map((e) => e.key), ["a"]);
  await tick();
  assert.equal(fake.open("get"), 1, "the whole draft is asked for");
  await fake.answer("get");
  assert.deepEqual(fake.calls.find((c) => c.kind === "remove").args, ["D", "pb"]);
  await fake.answer("remove");
  assert.deepEqual(session.entries.map((e) => e.key), ["a"]);
  assert.deepEqual(fake.photos.map((p) => p.id), ["p1"]);
});

test("stored, but the answer broke: sent again with its token, it is that photo, one thumbnail", async () => {
  const { fake, timers, session } = await oneStoredOneSent();
  fake.photos.push({ id: "pb", fileName: "b", uploadToken: tokenSent(fake, "b"), fileSize: 80, usable: true });
  await fake.answer("add", apiError("bad_gateway", { status: 502 }));
  assert.equal(session.entries[1].status, "waiting");
  const first = tokenSent(fake, "b");
  await timers.runAll();
  assert.equal(tokenSent(fake, "b"), first, "the same token, so the server knows it");
  await fake.answer("add");
  assert.deepEqual(session.entries.map((e) => [e.key, e.status, e.photoId]), [["a", "stored", "p1"], ["b", "stored", "pb"]]);
  assert.deepEqual(fake.photos.map((p) => p.id), ["p1", "pb"]);
});

test("stored, but every send of it broke: the next full answer puts the photo on its own thumbnail", async () => {
  const { fake, timers, session } = await oneStoredOneSent();
  fake.photos.push({ id: "pb", fileName: "b", uploadToken: tokenSent(fake, "b"), fileSize: 80, usable: true });
  await fake.answer("add", apiError("bad_gateway", { status: 502 }));
  await timers.runAll();
  await fake.answer("add", apiError("network", { status: 0 }));
  assert.equal(session.entries[1].status, "failed");
  // Another photo's answer lists pb, which the page's entries do not: the whole draft is asked for.
  session.add(items("c"));
  await tick();
  await fake.answer("add");
  await fake.answer("get");
  assert.deepEqual(session.entries.map((e) => [e.key, e.status, e.photoId, e.error]),
    [["a", "stored", "p1", null], ["b", "stored", "pb", null], ["c", "stored", "p2", null]]);
  assert.equal(session.failed, 0);
  await timers.runAll();
  assert.equal(fake.open("add"), 0, "not sent again");
});

test("a leftover copy already gone when it is deleted: the draft and its photos stay", async () => {
  const problems = [];
  const { fake, session } = await oneStoredOneSent({ onProblem: (e) => problems.push(e) });
  await session.remove("b");
  fake.photos.push({ id: "pb", fileName: "b", uploadToken: tokenSent(fake, "b"), usable: true });
  await fake.answer("add", apiError("network"));
  await fake.answer("get");
  await fake.answer("remove", apiError("not_found", { status: 404 }));
  assert.deepEqual(session.entries.map((e) => [e.key, e.status]), [["a", "stored"]]);
  assert.equal(session.personaId, "D", "the draft is not forgotten");
  assert.deepEqual(problems, []);
});

test("another tab's photo of the same name is adopted, not taken for the removed one; ours goes", async () => {
  const { fake, session } = await oneStoredOneSent();
  const ours = tokenSent(fake, "b");
  assert.match(ours, /^[0-9a-f]{32}$/);
  assert.notEqual(ours, tokenSent(fake, "a"), "each photo its own token");
  await session.remove("b");
  fake.photos.push({ id: "other", fileName: "B", uploadToken: "another-tab", usable: true });
  fake.photos.push({ id: "pb", fileName: "b", uploadToken: ours, usable: true });
  await fake.answer("add", apiError("network"));
  await fake.answer("get");
  assert.deepEqual(fake.calls.filter((c) => c.kind === "remove").map((c) => c.args), [["D", "pb"]]);
  await fake.answer("remove");
  assert.deepEqual(session.entries.map((e) => e.name), ["a", "B"], "the other tab's photo is shown");
  assert.deepEqual(fake.photos.map((p) => p.id), ["p1", "other"]);
});

test("a photo stored without a token (another client) is never taken for a removed one", async () => {
  const { fake, timers, session } = await oneStoredOneSent();
  await session.remove("b");
  fake.photos.push({ id: "old", fileName: "b", uploadToken: null, usable: true });
  await fake.answer("add", apiError("network"));
  await fake.answer("get");
  assert.equal(fake.calls.filter((c) => c.kind === "remove").length, 0);
  assert.deepEqual(session.entries.map((e) => e.name), ["a", "b"], "adopted: it is not this page's");
  await timers.runAll();
  await fake.answer("get");
  assert.equal(timers.count, 0, "let go after two answers without ours");
});

test("upload tokens: 32 hex digits, a fresh one each time", () => {
  const seen = new Set(Array.from({ length: 50 }, () => uploadToken()));
  assert.equal(seen.size, 50);
  for (const t of seen) assert.match(t, /^[0-9a-f]{32}$/);
});
