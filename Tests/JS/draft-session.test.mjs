// A draft filled photo by photo (Public/js/draft-session.js, with draft-identity.js), against a
// fake API that answers when the test says so: the draft made once, two uploads at a time, stale
// answers corrected, removal, rate limits, a draft built elsewhere, resuming after a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { latestDraftId, uploadToken } from "../../Public/js/draft-identity.js";
import { createDraftSession, DRAFT_KEY } from "../../Public/js/draft-session.js";

const tick = () => new Promise((resolve) => setImmediate(resolve));

function deferred() {
  let resolve, reject;
  const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

function apiError(code, extra = {}) {
  return Object.assign(new Error(code), { code, ...extra });
}

/** A fake server: stored photos, and every call held until the test answers it. */
function fakeApi() {
  const photos = [];
  const calls = [];
  let n = 0;
  const draft = () => ({ personaId: "D", photoCount: photos.length, usablePhotos: photos.length, required: 5,
    canBuild: photos.length >= 5, missing: [], photos: photos.map((p) => ({ ...p })) });
  const held = (kind, args, answer) => {
    const d = deferred();
    calls.push({ kind, args, ...d, answer });
    return d.promise;
  };
  const api = {
    createDraft: (fields) => held("create", [fields], () => ({ persona: { id: "D" }, draft: draft() })),
    addDraftPhoto: (id, file, options) => held("add", [id, file, options], () => {
      // As the server does: a token already stored is answered with that photo, not a second copy.
      const earlier = options && options.uploadToken && photos.find((p) => p.uploadToken === options.uploadToken);
      if (earlier) return { photo: { ...earlier }, draft: draft() };
      n += 1;
      const photo = { id: `p${n}`, fileName: file.name, uploadToken: (options && options.uploadToken) || null, usable: true };
      photos.push(photo);
      return { photo, draft: draft() };
    }),
    removeDraftPhoto: (id, photoId) => held("remove", [id, photoId], () => {
      photos.splice(photos.findIndex((p) => p.id === photoId), 1);
      return { draft: draft() };
    }),
    getDraft: (id) => held("get", [id], () => ({ draft: draft() })),
    buildDraft: (id, fields) => held("build", [id, fields], () => ({ persona: { id, status: "analyzing", stage: "generating" } })),
  };
  /** Answers the oldest open call of `kind` (with the server's answer, or an error). */
  async function answer(kind, error = null) {
    const call = calls.find((c) => c.kind === kind && !c.done);
    assert.ok(call, `no open ${kind} call`);
    call.done = true;
    if (error) call.reject(error); else call.resolve(call.answer());
    await tick();
    return call;
  }
  const open = (kind) => calls.filter((c) => c.kind === kind && !c.done).length;
  return { api, calls, answer, open, photos, draft };
}

function memoryStorage(initial = {}) {
  const map = new Map(Object.entries(initial));
  return { getItem: (k) => (map.has(k) ? map.get(k) : null), setItem: (k, v) => map.set(k, v), removeItem: (k) => map.delete(k), map };
}

const file = (name) => ({ name, size: 100 });
const items = (...names) => names.map((name) => ({ key: name, file: file(name) }));

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

/** Timers the test runs by hand. */
function manualTimers() {
  const pending = [];
  return {
    setTimer: (fn) => { pending.push(fn); return pending.length; },
    clearTimer: () => {},
    async runAll() { const due = pending.splice(0); for (const fn of due) fn(); await tick(); },
    get count() { return pending.length; },
  };
}

/** The token the page sent with its latest upload of `name`. */
const tokenSent = (fake, name) => fake.calls.filter((c) => c.kind === "add" && c.args[1].name === name).at(-1).args[2].uploadToken;

/** A session with "a" stored (p1) and "b" sent, its answer still to come. */
async function oneStoredOneSent(options = {}) {
  const fake = fakeApi();
  const timers = manualTimers();
  const session = createDraftSession({ api: fake.api, ...timers, ...options });
  session.add(items("a", "b"));
  await fake.answer("create");
  await fake.answer("add"); // a stored as p1
  return { fake, timers, session };
}

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

test("a draft built elsewhere: forgotten, its stored photos gone, the rest start a new one", async () => {
  const fake = fakeApi();
  const storage = memoryStorage();
  const problems = [];
  const session = createDraftSession({ api: fake.api, storage, onProblem: (e) => problems.push(e.code) });
  session.add(items("a", "b"));
  await fake.answer("create");
  await fake.answer("add");
  await fake.answer("add", apiError("persona_not_draft"));
  assert.equal(storage.getItem(DRAFT_KEY), null);
  assert.deepEqual(session.entries.map((e) => [e.key, e.status]), [["b", "failed"]]);
  assert.deepEqual(problems, ["persona_not_draft"]);
  session.retry("b");
  await tick();
  assert.equal(fake.open("create"), 1);
});

test("resume: the draft in this tab's storage comes back with its photos; a dead one is forgotten", async () => {
  const fake = fakeApi();
  fake.photos.push({ id: "p7", fileName: "old.jpg", fileSize: 9, usable: true });
  const session = createDraftSession({ api: fake.api, storage: memoryStorage({ [DRAFT_KEY]: "D" }) });
  const resumed = session.resume();
  await fake.answer("get");
  assert.equal(await resumed, true);
  assert.deepEqual(session.entries.map((e) => [e.name, e.status, e.photoId]), [["old.jpg", "stored", "p7"]]);
  session.add(items("new"));
  await tick();
  assert.equal(fake.open("create"), 0, "photos join the resumed draft");
  assert.equal(fake.calls.find((c) => c.kind === "add").args[0], "D");

  const gone = fakeApi();
  const storage = memoryStorage({ [DRAFT_KEY]: "X" });
  const other = createDraftSession({ api: gone.api, storage });
  const again = other.resume();
  await gone.answer("get", apiError("persona_not_draft"));
  assert.equal(await again, false);
  assert.equal(storage.getItem(DRAFT_KEY), null);
});

/** The fake server with my personas listed (`GET /api/personas?drafts=true`), held like the rest. */
function withDrafts(fake, personas) {
  fake.api.listWithDrafts = () => new Promise((resolve, reject) => {
    const call = { kind: "list", args: [], done: false, answer: () => ({ personas }) };
    Object.assign(call, { resolve, reject });
    fake.calls.push(call);
  });
  return fake;
}

const draftRow = (id, updatedAt) => ({ id, status: "pending_upload", createdAt: "2026-12-01T08:00:00Z", updatedAt });

test("latestDraftId: the most recently touched draft; built personas and nothing else count for nothing", () => {
  assert.equal(latestDraftId([
    { id: "built", status: "ready", updatedAt: "2026-12-05T10:00:00Z" },
    draftRow("older", "2026-12-05T08:00:00Z"), draftRow("newer", "2026-12-05T09:30:00Z"),
    { id: "no-time", status: "pending_upload" },
  ]), "newer");
  assert.equal(latestDraftId([{ id: "built", status: "ready" }]), null);
  assert.equal(latestDraftId(undefined), null);
});

test("resume in a tab without a draft: my latest unfinished draft (another tab's) comes back with its photos", async () => {
  const fake = withDrafts(fakeApi(), [draftRow("OLD", "2026-12-05T08:00:00Z"), draftRow("D", "2026-12-05T09:00:00Z")]);
  fake.photos.push({ id: "p7", fileName: "from-the-other-tab.jpg", usable: true });
  const storage = memoryStorage();
  const session = createDraftSession({ api: fake.api, storage });
  const resumed = session.resume();
  await fake.answer("list");
  assert.deepEqual(fake.calls.find((c) => c.kind === "get").args, ["D"]);
  await fake.answer("get");
  assert.equal(await resumed, true);
  assert.deepEqual(session.entries.map((e) => [e.name, e.photoId]), [["from-the-other-tab.jpg", "p7"]]);
  assert.equal(storage.getItem(DRAFT_KEY), "D", "this tab keeps it from now on");
  session.add(items("new"));
  await tick();
  assert.equal(fake.open("create"), 0, "the photo joins that draft");
  assert.equal(fake.calls.find((c) => c.kind === "add").args[0], "D");
});

test("a photo added while my latest draft is being searched for waits: it joins that draft, no second one", async () => {
  const fake = withDrafts(fakeApi(), [draftRow("D", "2026-12-05T09:00:00Z")]);
  const session = createDraftSession({ api: fake.api, storage: memoryStorage() });
  const resumed = session.resume();
  session.add(items("a"));
  await tick();
  assert.equal(fake.open("create"), 0);
  await fake.answer("list");
  assert.equal(fake.open("get"), 1, "one look-up, shared by resume() and the upload");
  await fake.answer("get");
  assert.equal(await resumed, true);
  assert.deepEqual(fake.calls.filter((c) => c.kind === "add").map((c) => c.args[0]), ["D"]);
});

test("this tab's draft gone (built elsewhere, expired): my latest unfinished one comes back instead", async () => {
  const fake = withDrafts(fakeApi(), [draftRow("D", "2026-12-05T09:00:00Z")]);
  const storage = memoryStorage({ [DRAFT_KEY]: "BUILT" });
  const session = createDraftSession({ api: fake.api, storage });
  const resumed = session.resume();
  await fake.answer("get", apiError("persona_not_draft"));
  await fake.answer("list");
  await fake.answer("get");
  assert.equal(await resumed, true);
  assert.deepEqual(fake.calls.filter((c) => c.kind === "get").map((c) => c.args[0]), ["BUILT", "D"]);
  assert.equal(storage.getItem(DRAFT_KEY), "D");
});

test("the page closed (\"Remove all\") while my latest draft was searched for: no draft is made for nobody", async () => {
  const fake = withDrafts(fakeApi(), []);
  const session = createDraftSession({ api: fake.api, storage: memoryStorage() });
  session.resume();
  session.add(items("a"));
  await tick();
  session.dispose();
  await fake.answer("list");
  await tick();
  assert.equal(fake.calls.filter((c) => c.kind === "create").length, 0);
});

test("no draft of mine, or the list unreachable: the first photo starts a draft", async () => {
  for (const failure of [null, apiError("network", { status: 0 })]) {
    const fake = withDrafts(fakeApi(), [{ id: "built", status: "ready" }]);
    const session = createDraftSession({ api: fake.api, storage: memoryStorage() });
    const resumed = session.resume();
    await fake.answer("list", failure);
    assert.equal(await resumed, false);
    assert.equal(fake.open("get"), 0);
    session.add(items("a"));
    await tick();
    assert.equal(fake.open("create"), 1, `${failure ? failure.code : "none"}: a draft of its own`);
  }
});

test("build sends the name and description, and forgets the draft", async () => {
  const fake = fakeApi();
  const storage = memoryStorage();
  const session = createDraftSession({ api: fake.api, storage });
  session.add(items("a"));
  await fake.answer("create");
  await fake.answer("add");
  const built = session.build({ name: "Studio me", description: "d" });
  await fake.answer("build");
  assert.deepEqual(await built, { id: "D", status: "analyzing", stage: "generating" });
  assert.deepEqual(fake.calls.find((c) => c.kind === "build").args, ["D", { name: "Studio me", description: "d" }]);
  assert.equal(storage.getItem(DRAFT_KEY), null);
});

test("resume offline, on a 5xx or a 401: the draft is kept, and the next photo asks for it first", async () => {
  for (const error of [apiError("network", { status: 0 }), apiError("http_503", { status: 503 }), apiError("unauthorized", { status: 401 })]) {
    const fake = fakeApi();
    fake.photos.push({ id: "p7", fileName: "old.jpg", usable: true });
    const storage = memoryStorage({ [DRAFT_KEY]: "D" });
    const session = createDraftSession({ api: fake.api, storage });
    const resumed = session.resume().catch((thrown) => thrown);
    await fake.answer("get", error);
    assert.equal(await resumed, error, "resume() throws the error: the page offers to try again");
    assert.equal(storage.getItem(DRAFT_KEY), "D", `${error.code}: the draft is not forgotten`);
    session.add(items("new"));
    await tick();
    assert.equal(fake.open("create"), 0, `${error.code}: no second draft`);
    await fake.answer("get");
    assert.deepEqual(fake.calls.find((c) => c.kind === "add").args[0], "D");
    assert.deepEqual(session.entries.map((e) => e.name), ["new", "old.jpg"]);
  }
});

test("resume: a draft that is gone (404, 409) is forgotten; the next photo starts a new one", async () => {
  for (const code of ["not_found", "persona_not_draft"]) {
    const fake = fakeApi();
    const storage = memoryStorage({ [DRAFT_KEY]: "X" });
    const session = createDraftSession({ api: fake.api, storage });
    const resumed = session.resume();
    await fake.answer("get", apiError(code));
    assert.equal(await resumed, false);
    assert.equal(storage.getItem(DRAFT_KEY), null);
    session.add(items("a"));
    await tick();
    assert.equal(fake.open("create"), 1, code);
  }
});

test("a photo added while the draft is being resumed waits for it: no second draft", async () => {
  const fake = fakeApi();
  const session = createDraftSession({ api: fake.api, storage: memoryStorage({ [DRAFT_KEY]: "D" }) });
  const resumed = session.resume();
  session.add(items("a", "b"));
  await tick();
  assert.equal(fake.open("create"), 0);
  assert.equal(fake.open("get"), 1, "one look-up, shared");
  await fake.answer("get");
  assert.equal(await resumed, true);
  assert.deepEqual(fake.calls.filter((c) => c.kind === "add").map((c) => c.args[0]), ["D", "D"]);
  // Once a photo has started a draft, resuming changes nothing.
  const other = fakeApi();
  const late = createDraftSession({ api: other.api, storage: memoryStorage({ [DRAFT_KEY]: "OLD" }) });
  late.add(items("a"));
  assert.equal(await late.resume(), false);
  assert.equal(other.open("get"), 0);
});

test("after a refused build (already built), forget(): the next photo makes a new draft", async () => {
  const fake = fakeApi();
  const session = createDraftSession({ api: fake.api, storage: memoryStorage() });
  session.add(items("a"));
  await fake.answer("create");
  await fake.answer("add");
  const built = session.build({ name: "Me" }).catch((error) => error.code);
  await fake.answer("build", apiError("persona_not_draft"));
  assert.equal(await built, "persona_not_draft");
  session.forget();
  assert.equal(session.personaId, null);
  session.add(items("b"));
  await tick();
  assert.equal(fake.open("create"), 1, "not the built persona: a new draft");
  assert.equal(fake.open("add"), 0);
});

test("disposed while the first draft is being made (Remove all): nothing remembered, nothing sent", async () => {
  const fake = fakeApi();
  const storage = memoryStorage();
  const session = createDraftSession({ api: fake.api, storage });
  session.add(items("a"));
  await tick();
  session.forget();
  session.dispose();
  await fake.answer("create");
  assert.equal(storage.getItem(DRAFT_KEY), null);
  assert.equal(session.personaId, null);
  assert.equal(fake.calls.filter((c) => c.kind === "add").length, 0);
});
