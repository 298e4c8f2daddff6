// A draft coming back (Public/js/draft-session.js, with draft-identity.js): after a reload, in
// another tab or on another device (my latest unfinished draft), after it was built elsewhere,
// offline, and after the page was closed mid-search.
import { test } from "node:test";
import assert from "node:assert/strict";
import { keptDraft, latestDraftId } from "../../Public/js/draft-identity.js";
import { createDraftSession, DRAFT_KEY } from "../../Public/js/draft-session.js";
import { apiError, draftRow, fakeApi, items, memoryStorage, tick, withDrafts } from "./draft-fixtures.mjs";

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

test("resume(chosen): the draft asked for, not this tab's own; gone, my latest instead", async () => {
  const fake = fakeApi();
  const storage = memoryStorage({ [DRAFT_KEY]: "MINE" });
  const session = createDraftSession({ api: fake.api, storage });
  const resumed = session.resume("CHOSEN");
  await fake.answer("get");
  assert.equal(await resumed, true);
  assert.deepEqual(fake.calls.filter((c) => c.kind === "get").map((c) => c.args[0]), ["CHOSEN"]);
  assert.equal(storage.getItem(DRAFT_KEY), "CHOSEN", "the tab goes on with the chosen draft");
  session.add(items("new"));
  await tick();
  assert.equal(fake.calls.find((c) => c.kind === "add").args[0], "CHOSEN");
});

test("latestDraftId: the most recently touched draft; built personas and nothing else count for nothing", () => {
  assert.equal(latestDraftId([
    { id: "built", status: "ready", updatedAt: "2026-12-05T10:00:00Z" },
    draftRow("older", "2026-12-05T08:00:00Z"), draftRow("newer", "2026-12-05T09:30:00Z"),
    { id: "no-time", status: "pending_upload" },
  ]), "newer");
  assert.equal(latestDraftId([{ id: "built", status: "ready" }]), null);
  assert.equal(latestDraftId(undefined), null);
});

test("keptDraft: the draft New persona would resume, when it holds photos", () => {
  const built = { id: "built", status: "ready", photoCount: 6, updatedAt: "2026-12-05T10:00:00Z" };
  const older = { ...draftRow("older", "2026-12-05T08:00:00Z"), photoCount: 3 };
  const newer = { ...draftRow("newer", "2026-12-05T09:30:00Z"), name: " Studio ", photoCount: 2 };
  assert.deepEqual(keptDraft([built, older, newer]), { id: "newer", name: "Studio", photoCount: 2 });
  // The latest is empty: New persona would open it empty, so nothing is offered (not the older one).
  assert.equal(keptDraft([older, { ...newer, photoCount: 0 }]), null);
  assert.equal(keptDraft([built]), null);
  assert.equal(keptDraft(undefined), null);
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
