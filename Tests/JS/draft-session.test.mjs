// A draft filled photo by photo (Public/js/draft-session.js), against a fake API that answers when
// the test says so: the draft made once, two uploads at a time, stale answers corrected, removal,
// rate limits and failed sends. Leftover copies: draft-leftovers.test.mjs; resuming: draft-resume.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createDraftSession, DRAFT_KEY } from "../../Public/js/draft-session.js";
import { apiError, fakeApi, file, items, memoryStorage, tick } from "./draft-fixtures.mjs";

test("the first photo makes the draft, once; uploads go two at a time", async () => {
  const fake = fakeApi();
  const storage = memoryStorage();
  const session = createDraftSession({ api: fake.api, storage, fields: () => ({ name: "Me", description: "" }) });
  session.add(items("a", "b", "c"));
  await tick();
  assert.equal(fake.open("create"), 1);
  assert.deepEqual(fake.calls[0].args[0], { name: "Me", description: "" });
  assert.deepEqual(session.entries.map((e) => e.status), ["uploading", "uploading", "queued"]);
  await fake.answer("create");
  assert.equal(storage.getItem(DRAFT_KEY), "D");
  assert.equal(fake.open("add"), 2);
  await fake.answer("add");
  // One slot free: the third goes.
  assert.equal(fake.open("add"), 2);
  assert.deepEqual(session.entries.map((e) => e.status), ["stored", "uploading", "uploading"]);
  await fake.answer("add");
  await fake.answer("add");
  assert.deepEqual(session.entries.map((e) => e.photoId), ["p1", "p2", "p3"]);
  assert.equal(session.draft.photoCount, 3);
  assert.equal(session.pending, 0);
  assert.equal(fake.open("get"), 0, "the last answer had all three: no need to ask again");
});

test("progress and the analysis wait show on the entry", async () => {
  const fake = fakeApi();
  const session = createDraftSession({ api: fake.api });
  session.add(items("a"));
  await fake.answer("create");
  const { onProgress, onUploaded } = fake.calls.find((c) => c.kind === "add").args[2];
  onProgress(0.5);
  assert.equal(session.entries[0].progress, 0.5);
  onUploaded();
  assert.equal(session.entries[0].status, "analysing");
});

test("answers out of order: once all are in, a stale verdict is asked for again", async () => {
  const fake = fakeApi();
  const session = createDraftSession({ api: fake.api });
  session.add(items("a", "b"));
  await fake.answer("create");
  // b is answered with a draft that does not yet know a (the server analysed b first).
  const [callA, callB] = fake.calls.filter((c) => c.kind === "add");
  const stale = { photo: { id: "pb", fileName: "b", usable: true }, draft: { photoCount: 1, usablePhotos: 1, photos: [{ id: "pb" }] } };
  callB.done = true; callB.resolve(stale); await tick();
  callA.done = true;
  callA.resolve({ photo: { id: "pa", fileName: "a", usable: true }, draft: { photoCount: 1, usablePhotos: 1, photos: [{ id: "pa" }] } });
  await tick();
  assert.equal(fake.open("get"), 1, "neither answer had both photos");
  fake.photos.push({ id: "pa", fileName: "a", usable: true }, { id: "pb", fileName: "b", usable: true });
  await fake.answer("get");
  assert.equal(session.draft.photoCount, 2);
  assert.deepEqual(session.entries.map((e) => e.photoId), ["pa", "pb"]);
});

test("an answer listing a photo whose own answer is still on its way: one entry per photo", async () => {
  const fake = fakeApi();
  const session = createDraftSession({ api: fake.api });
  session.add(items("a", "b"));
  await fake.answer("create");
  const [callA, callB] = fake.calls.filter((c) => c.kind === "add");
  // The server stored both; a's answer (which lists b too) arrives first.
  const both = { photoCount: 2, usablePhotos: 2, photos: [{ id: "pa" }, { id: "pb" }] };
  callA.done = true; callA.resolve({ photo: { id: "pa" }, draft: both }); await tick();
  assert.deepEqual(session.entries.map((e) => e.key), ["a", "b"]);
  callB.done = true; callB.resolve({ photo: { id: "pb" }, draft: both }); await tick();
  assert.deepEqual(session.entries.map((e) => [e.key, e.photoId]), [["a", "pa"], ["b", "pb"]]);
  assert.equal(fake.open("get"), 0);
});

test("a photo the page never heard of (stored after its upload was cancelled) is adopted once all is quiet", async () => {
  const fake = fakeApi();
  const session = createDraftSession({ api: fake.api });
  session.add(items("a"));
  await fake.answer("create");
  fake.photos.push({ id: "ghost", fileName: "late.jpg", usable: true });
  const call = fake.calls.find((c) => c.kind === "add");
  call.done = true;
  call.resolve({ photo: { id: "pa" }, draft: { photoCount: 2, photos: [{ id: "ghost" }, { id: "pa" }] } });
  await tick();
  assert.equal(fake.open("get"), 1);
  fake.photos.push({ id: "pa", fileName: "a", usable: true });
  await fake.answer("get");
  assert.deepEqual(session.entries.map((e) => e.photoId), ["pa", "ghost"]);
  assert.equal(session.entries[1].name, "late.jpg");
});

test("removing: a stored photo is deleted and the verdict redrawn; a queued one just goes", async () => {
  const fake = fakeApi();
  const session = createDraftSession({ api: fake.api });
  session.add(items("a", "b", "c"));
  await fake.answer("create");
  assert.equal(await session.remove("c"), true); // still queued (two at a time): no request
  await fake.answer("add");
  assert.equal(fake.calls.filter((c) => c.kind === "remove").length, 0);
  assert.equal(fake.calls.filter((c) => c.kind === "add").length, 2, "c was never sent");
  const removing = session.remove("a");
  await tick();
  assert.equal(session.entries[0].status, "removing");
  assert.equal(session.pending, 2);
  await fake.answer("remove");
  assert.equal(await removing, true);
  assert.deepEqual(session.entries.map((e) => e.key), ["b"]);
  await fake.answer("add");
  assert.equal(session.draft.photoCount, 1);
});

test("removing a photo already sent (uploading, or being analysed) deletes it once stored, never cancels it", async () => {
  for (const sent of ["uploading", "analysing"]) {
    const fake = fakeApi();
    const session = createDraftSession({ api: fake.api });
    session.add(items("a"));
    await fake.answer("create");
    const upload = fake.calls.find((c) => c.kind === "add").args[2];
    if (sent === "analysing") upload.onUploaded();
    await session.remove("a");
    assert.equal(session.entries[0].status, "removing", sent);
    // A cancelled upload may be stored all the same; it then came back as a photo the user removed.
    assert.equal(upload.signal.aborted, false, sent);
    await fake.answer("add");
    const removal = fake.calls.find((c) => c.kind === "remove");
    assert.deepEqual(removal.args, ["D", "p1"]);
    await fake.answer("remove");
    assert.equal(session.entries.length, 0);
  }
});

test("rate limited: the photo waits the Retry-After seconds, then goes again", async () => {
  const fake = fakeApi();
  const timers = [];
  const session = createDraftSession({ api: fake.api, setTimer: (fn, ms) => { timers.push({ fn, ms }); return timers.length; }, clearTimer: () => {} });
  session.add(items("a"));
  await fake.answer("create");
  await fake.answer("add", apiError("rate_limited", { retryAfter: 3 }));
  assert.equal(session.entries[0].status, "waiting");
  assert.equal(timers[0].ms, 3000);
  timers[0].fn();
  await tick();
  assert.equal(session.entries[0].status, "uploading");
  await fake.answer("add");
  assert.equal(session.entries[0].status, "stored");
});

test("a server error or a dropped connection: one more try after 2 s, then the thumbnail says so", async () => {
  const fake = fakeApi();
  const timers = [];
  const session = createDraftSession({ api: fake.api, setTimer: (fn, ms) => { timers.push({ fn, ms }); return timers.length; }, clearTimer: () => {} });
  session.add(items("a"));
  await fake.answer("create");
  await fake.answer("add", apiError("http_500", { status: 500 }));
  assert.equal(session.entries[0].status, "waiting");
  assert.equal(timers[0].ms, 2000);
  timers[0].fn();
  await tick();
  await fake.answer("add", apiError("network", { status: 0 }));
  assert.equal(session.entries[0].status, "failed");
  assert.equal(timers.length, 1);
});

test("a refused file fails on its own thumbnail and can be retried; too large is not sent", async () => {
  const fake = fakeApi();
  const session = createDraftSession({ api: fake.api });
  session.add([...items("a"), { key: "big", file: file("big.jpg"), problems: ["Larger than 25 MB (30 MB)."] }]);
  await fake.answer("create");
  assert.equal(session.entries[1].status, "failed");
  assert.equal(session.entries[1].error.message, "Larger than 25 MB (30 MB).");
  await fake.answer("add", apiError("unreadable_image"));
  assert.equal(session.entries[0].status, "failed");
  assert.equal(session.failed, 2);
  session.retry("a");
  await tick();
  await fake.answer("add");
  assert.equal(session.entries[0].status, "stored");
});

test("consent missing: the problem is reported and the photo kept for a retry", async () => {
  const fake = fakeApi();
  const problems = [];
  const session = createDraftSession({ api: fake.api, onProblem: (e) => problems.push(e.code) });
  session.add(items("a"));
  await fake.answer("create", apiError("consent_required"));
  assert.equal(session.entries[0].status, "failed");
  assert.deepEqual(problems, ["consent_required"]);
  assert.equal(session.personaId, null);
  session.retry("a");
  await tick();
  assert.equal(fake.open("create"), 1, "the draft is asked for again");
});
