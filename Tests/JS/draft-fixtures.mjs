// Shared fixtures of the draft tests (Public/js/draft-session.js): a fake API that answers when
// the test says so, storage, timers the test runs by hand, and the sessions the tests start from.
import assert from "node:assert/strict";
import { createDraftSession } from "../../Public/js/draft-session.js";

export const tick = () => new Promise((resolve) => setImmediate(resolve));

export function deferred() {
  let resolve, reject;
  const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

export function apiError(code, extra = {}) {
  return Object.assign(new Error(code), { code, ...extra });
}

/** A fake server: stored photos, and every call held until the test answers it. */
export function fakeApi() {
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

export function memoryStorage(initial = {}) {
  const map = new Map(Object.entries(initial));
  return { getItem: (k) => (map.has(k) ? map.get(k) : null), setItem: (k, v) => map.set(k, v), removeItem: (k) => map.delete(k), map };
}

export const file = (name) => ({ name, size: 100 });
export const items = (...names) => names.map((name) => ({ key: name, file: file(name) }));

/** Timers the test runs by hand. */
export function manualTimers() {
  const pending = [];
  return {
    setTimer: (fn) => { pending.push(fn); return pending.length; },
    clearTimer: () => {},
    async runAll() { const due = pending.splice(0); for (const fn of due) fn(); await tick(); },
    get count() { return pending.length; },
  };
}

/** The token the page sent with its latest upload of `name`. */
export const tokenSent = (fake, name) => fake.calls.filter((c) => c.kind === "add" && c.args[1].name === name).at(-1).args[2].uploadToken;

/** A session with "a" stored (p1) and "b" sent, its answer still to come. */
export async function oneStoredOneSent(options = {}) {
  const fake = fakeApi();
  const timers = manualTimers();
  const session = createDraftSession({ api: fake.api, ...timers, ...options });
  session.add(items("a", "b"));
  await fake.answer("create");
  await fake.answer("add"); // a stored as p1
  return { fake, timers, session };
}


/** The fake server with my personas listed (`GET /api/personas?drafts=true`), held like the rest. */
export function withDrafts(fake, personas) {
  fake.api.listWithDrafts = () => new Promise((resolve, reject) => {
    const call = { kind: "list", args: [], done: false, answer: () => ({ personas }) };
    Object.assign(call, { resolve, reject });
    fake.calls.push(call);
  });
  return fake;
}

export const draftRow = (id, updatedAt) => ({ id, status: "pending_upload", createdAt: "2026-12-01T08:00:00Z", updatedAt });
