// A draft persona being filled, photo by photo (docs/api.md, "Draft personas"): the draft is made
// on the first photo; every photo is uploaded at once, two at a time, and analysed by the server,
// whose answer carries the set's verdict (`draft`). No DOM: the creator draws `entries` and
// `draft`, the unit tests drive it with a fake API.
//
//   const session = createDraftSession({ api, storage, fields: () => ({name, description}), onChange, onProblem });
//   session.add([{key, file}]); session.remove(key); session.retry(key);
//   await session.resume();  // true, false, or throws (offline, a 5xx): the id is kept, asked again later
//     (a tab without a draft of its own picks up my latest unfinished one: `api.listWithDrafts`)
//   const persona = await session.build({name, description});
//   session.entries  [{key, name, size, file, photoId, status, progress, error, waitUntil}]
//     status: "queued" | "uploading" | "analysing" | "stored" | "waiting" (rate limited) | "failed"
//   session.draft (the last answer's verdict, or null), session.verdict(photoId), session.pending
import { createDisownedPhotos, latestDraftId, uploadToken } from "./draft-identity.js";
import { createTimers, holdEntry } from "./draft-timers.js";

export const DRAFT_KEY = "inflio.draftPersonaId";
const CONCURRENCY = 2;
const AUTO_RETRIES = 3; // rate limited: waits as asked, up to this many times
const SERVER_RETRY_SECONDS = 2;
/** Errors meaning the draft is gone for this page: built elsewhere, expired, someone else's. */
const DRAFT_GONE = new Set(["persona_not_draft", "not_found", "persona_not_found"]);

export function createDraftSession({ api, storage = null, fields = () => ({}), onChange = () => {}, onProblem = () => {},
  setTimer = (fn, ms) => setTimeout(fn, ms), clearTimer = (id) => clearTimeout(id) } = {}) {
  let entries = [];
  let draft = null;
  let personaId = null;
  let creating = null; // the createDraft promise, shared by the first uploads
  let unconfirmed = null; // the id of the draft this tab was filling, until the server confirms it
  let resuming = null; // that look-up, shared by resume() and the first uploads
  let finding = null; // the search for my latest draft when this tab has none, awaited by the first uploads
  let busy = 0; // requests in flight (uploads, deletes, creation)
  let disposed = false;
  const verdicts = new Map(); // photoId → PhotoVerdict, from the latest answer that had it
  const disowned = createDisownedPhotos(); // removed after a send broke: the server may have them
  const timers = createTimers(setTimer, clearTimer);
  let seq = 0;

  const changed = () => { if (!disposed) onChange(); };
  const find = (key) => entries.find((e) => e.key === key);

  /** The draft this tab fills (null: none, the next photo starts one). Nothing once disposed. */
  function remember(id) {
    if (disposed) return; // e.g. a creation answered after "Remove all": not this page's draft
    personaId = id;
    if (!id) { creating = null; unconfirmed = null; disowned.clear(); }
    try { if (storage) { if (id) storage.setItem(DRAFT_KEY, id); else storage.removeItem(DRAFT_KEY); } } catch { /* private mode */ }
  }

  /**
   * Takes a server answer's `draft`: every photo's verdict, and the set's. With `adopt` (a full
   * answer while nothing else is in flight: a resumed draft, a settling check), photos the page
   * did not upload (another tab, an upload cancelled too late) get an entry of their own; an
   * upload's answer may list photos whose own answers are still on their way, so not then.
   */
  function apply(next, { adopt = false } = {}) {
    if (!next) return;
    draft = next;
    for (const photo of next.photos || []) verdicts.set(photo.id, photo);
    if (!adopt) return;
    const known = new Set(entries.map((e) => e.photoId).filter(Boolean));
    for (const photo of next.photos || []) {
      if (known.has(photo.id)) continue;
      if (disowned.claim(photo)) { deleteDisowned(photo.id); continue; }
      // Stored from a send whose answer broke, its entry waiting to send it again (or failed):
      // that entry is the photo, not a second thumbnail beside it.
      const waiting = photo.uploadToken && entries.find((e) => e.token === photo.uploadToken && !e.photoId);
      if (waiting) {
        Object.assign(waiting, { photoId: photo.id, status: "stored", progress: 1, error: null, waitUntil: null });
        continue;
      }
      entries.push({ key: `photo:${photo.id}`, name: photo.fileName || "Photo", size: photo.fileSize || 0, file: null,
        photoId: photo.id, status: "stored", progress: 1, error: null, waitUntil: null, attempts: 0 });
    }
  }

  /** Once nothing is in flight, the verdict must be about exactly the photos stored: else ask again. */
  async function settle() {
    if (busy > 0 || disposed || !personaId || !draft) return;
    const stored = entries.filter((e) => e.status === "stored").map((e) => e.photoId).sort();
    const answered = (draft.photos || []).map((p) => p.id).sort();
    if (stored.join() !== answered.join() || disowned.count > 0) await refresh();
  }

  /** Records a removed photo the server may hold, and has the draft asked for once all is quiet. */
  function disown(entry) {
    if (disposed) return;
    disowned.add(entry.token);
    settle();
  }

  /** Deletes a photo the user removed that the server stored after all; its answer redraws the verdict. */
  async function deleteDisowned(photoId) {
    busy += 1;
    try {
      apply((await api.removeDraftPhoto(personaId, photoId)).draft);
    } catch (error) {
      if (error.code === "not_found" || error.code === "photo_not_found") return; // gone already
      if (DRAFT_GONE.has(error.code)) draftGone(error);
      else onProblem(error);
    } finally {
      busy -= 1;
      changed();
      settle();
    }
  }

  /** The draft's verdict asked for again: the whole truth, stored photos absent from it dropped. */
  async function refresh() {
    if (!personaId) return;
    busy += 1;
    try {
      const asked = disowned.clock;
      const answer = await api.getDraft(personaId);
      const whole = busy === 1;
      apply(answer.draft, { adopt: whole });
      if (whole) forgetDisowned(asked);
      const present = new Set((draft.photos || []).map((p) => p.id));
      entries = entries.filter((e) => e.status !== "stored" || present.has(e.photoId));
    } catch (error) {
      if (DRAFT_GONE.has(error.code)) draftGone(error);
    } finally {
      busy -= 1;
      changed();
    }
  }

  /**
   * After a full answer asked for at `asked` that did not hold them: records older than the question
   * count a miss (`createDisownedPhotos`); those left are looked for again a little later.
   */
  function forgetDisowned(asked) {
    if (!disowned.missed(asked)) return;
    timers.after(SERVER_RETRY_SECONDS, settle);
  }

  function draftGone(error) {
    remember(null);
    draft = null;
    verdicts.clear();
    // The stored photos went with the draft; the others start a new one when retried.
    entries = entries.filter((e) => e.status !== "stored");
    for (const e of entries) if (e.status !== "uploading" && e.status !== "analysing") fail(e, error);
    onProblem(error);
  }

  const fail = (entry, error) => Object.assign(entry, { status: "failed", error, progress: 0 });

  /**
   * The draft this tab was filling (`unconfirmed`) asked for → true when it is back; gone → forgotten,
   * false; any other failure (offline, a 5xx, a 401) throws, the id kept: the next try asks again.
   */
  function lookUp() {
    if (!resuming) {
      const id = unconfirmed;
      busy += 1;
      resuming = api.getDraft(id).then((answer) => {
        if (disposed || personaId || creating) return false; // another draft is this page's now
        unconfirmed = null;
        remember(id); // stored for this tab too when it was my latest draft rather than this tab's
        apply(answer.draft, { adopt: true });
        return true;
      }, (error) => {
        if (disposed) return false;
        if (!DRAFT_GONE.has(error.code)) throw error;
        if (!personaId && !creating) remember(null); // start afresh
        return false;
      }).finally(() => { busy -= 1; resuming = null; changed(); });
    }
    return resuming;
  }

  /**
   * For a tab with no draft of its own: my latest unfinished draft becomes the one to look up
   * (`unconfirmed`). Offline or a 5xx: none, and the next photo starts a draft.
   */
  function findLatest() {
    if (!finding && api.listWithDrafts) {
      busy += 1;
      let listed;
      try { listed = Promise.resolve(api.listWithDrafts()); } catch (error) { listed = Promise.reject(error); }
      finding = listed.then((answer) => {
        const id = latestDraftId(answer && answer.personas);
        if (id && !disposed && !personaId && !creating && !unconfirmed) unconfirmed = id;
      }, () => {}).finally(() => { busy -= 1; });
    }
    return finding || Promise.resolve();
  }

  async function ensureDraft() {
    // The search for my latest draft, if under way, settles first: never a second draft for it.
    if (finding) await finding;
    // The draft this tab was filling first (being looked up, or that failed): never a second one.
    if (!personaId && !creating && unconfirmed) await lookUp();
    if (personaId) return personaId;
    // Gone meanwhile ("Remove all", the page left): no draft is made for nobody.
    if (disposed) throw Object.assign(new Error("The page was closed."), { code: "aborted" });
    if (!creating) {
      const { name = "", description = "" } = fields() || {};
      busy += 1;
      creating = api.createDraft({ name, description })
        .then((answer) => { remember(answer.persona.id); apply(answer.draft); return personaId; })
        .finally(() => { busy -= 1; });
      creating.catch(() => { creating = null; });
    }
    return creating;
  }

  function pump() {
    if (disposed) return;
    const running = entries.filter((e) => e.status === "uploading" || e.status === "analysing").length;
    const next = entries.filter((e) => e.status === "queued").slice(0, Math.max(0, CONCURRENCY - running));
    for (const entry of next) upload(entry);
  }

  async function upload(entry) {
    Object.assign(entry, { status: "uploading", progress: 0, error: null, sent: false });
    entry.controller = typeof AbortController === "function" ? new AbortController() : null;
    changed();
    busy += 1;
    try {
      const id = await ensureDraft();
      if (disposed || !entries.includes(entry)) return; // removed (or "Remove all") while the draft was being made
      entry.sent = true; // from here on a removal waits for the answer (see remove)
      const answer = await api.addDraftPhoto(id, entry.file, {
        uploadToken: entry.token,
        signal: entry.controller && entry.controller.signal,
        onProgress: (fraction) => { entry.progress = fraction; changed(); },
        onUploaded: () => { if (entry.status === "uploading") { entry.status = "analysing"; entry.progress = 1; changed(); } },
      });
      entry.photoId = answer.photo.id;
      entries = entries.filter((e) => e === entry || e.photoId !== entry.photoId); // an adopted twin
      Object.assign(entry, { status: "stored", progress: 1 });
      verdicts.set(answer.photo.id, answer.photo);
      apply(answer.draft);
      if (entry.removeWhenStored) removeStored(entry);
    } catch (error) {
      // Sent, then broken: the server may have kept it (remove() then has it looked for).
      if (entry.sent && (error.code === "network" || error.status >= 500)) entry.mayBeStored = true;
      if (entry.removeWhenStored || !entries.includes(entry)) {
        entries = entries.filter((e) => e !== entry); // removed by the user: the abort is expected
        if (entry.mayBeStored) disown(entry);
      } else if (error.code === "rate_limited" && entry.attempts < AUTO_RETRIES) {
        holdEntry(entry, error, error.retryAfter, timers, ready);
      } else if ((error.status >= 500 || error.code === "network") && entry.attempts < 1) {
        holdEntry(entry, error, SERVER_RETRY_SECONDS, timers, ready); // a hiccup (a busy database, a dropped connection): once more
      } else if (DRAFT_GONE.has(error.code) && personaId) {
        fail(entry, error);
        draftGone(error);
      } else {
        fail(entry, error);
        if (error.code === "consent_required") onProblem(error);
      }
    } finally {
      busy -= 1;
      entry.controller = null;
      changed();
      pump();
      settle();
    }
  }

  /** A photo back in the queue after its wait (`holdEntry`). */
  function ready() {
    changed();
    pump();
  }

  async function removeStored(entry) {
    entry.status = "removing";
    changed();
    busy += 1;
    try {
      const answer = await api.removeDraftPhoto(personaId, entry.photoId);
      entries = entries.filter((e) => e !== entry);
      verdicts.delete(entry.photoId);
      apply(answer.draft);
      return true;
    } catch (error) {
      if (error.code === "not_found" || error.code === "photo_not_found") {
        entries = entries.filter((e) => e !== entry); // already gone
        return true;
      }
      entry.status = "stored";
      if (DRAFT_GONE.has(error.code)) draftGone(error);
      else onProblem(error);
      return false;
    } finally {
      busy -= 1;
      changed();
      settle();
    }
  }

  return {
    get entries() { return entries; },
    get draft() { return draft; },
    get personaId() { return personaId; },
    /** Uploads not finished yet (queued, sending, being analysed, waiting, being removed). */
    get pending() { return entries.filter((e) => e.status !== "stored" && e.status !== "failed").length; },
    get failed() { return entries.filter((e) => e.status === "failed").length; },
    verdict: (photoId) => (photoId ? verdicts.get(photoId) || null : null),

    /** New photos ([{key, file}], already sorted by photo-selection.js) join the queue at once. */
    add(items) {
      for (const { key, file, problems = [] } of items) {
        // A file already known to be refused (too large) is not sent: it shows why, with Retry.
        const error = problems.length ? { code: "image_too_large", message: problems[0] } : null;
        entries.push({ key: key || `local:${(seq += 1)}`, name: file.name || "Photo", size: file.size || 0, file,
          token: uploadToken(), photoId: null, status: error ? "failed" : "queued", progress: 0, error,
          waitUntil: null, attempts: 0 });
      }
      changed();
      pump();
    },

    /**
     * Removes a photo: DELETE when stored. One already sent (uploading or being analysed) is
     * deleted once its answer names it, never cancelled: the server may have the whole file by
     * then, and a cancelled upload stored all the same came back (adopted) as a thumbnail the user
     * had removed, its red verdict beside "5 usable of 5 needed". Should its upload then break
     * (offline, a 5xx), the server may have kept it: the next full answer is asked for, and a
     * photo of that name the page does not know is deleted rather than adopted. One not sent yet
     * just goes.
     */
    async remove(key) {
      const entry = find(key);
      if (!entry) return true;
      if (entry.status === "stored") return removeStored(entry);
      if (entry.status === "removing") return false;
      if (entry.status === "analysing" || (entry.status === "uploading" && entry.sent)) {
        entry.removeWhenStored = true;
        entry.status = "removing";
        changed();
        return true;
      }
      entries = entries.filter((e) => e !== entry);
      if (entry.mayBeStored) disown(entry); // waiting or failed after a send that broke
      changed();
      pump();
      return true;
    },

    retry(key) {
      const entry = find(key);
      if (!entry || (entry.status !== "failed" && entry.status !== "waiting") || !entry.file) return;
      Object.assign(entry, { status: "queued", error: null, attempts: 0, waitUntil: null });
      changed();
      pump();
    },

    /**
     * Picks up the draft this tab was filling (its id in `storage`), or `chosen` when given (the
     * draft "Your personas" offered to continue, which may not be this tab's): true when back;
     * false when none, gone, or a photo started another first. Offline, a 5xx, a 401: throws, the
     * id kept (see lookUp).
     */
    async resume(chosen = null) {
      if (personaId || creating) return false;
      if (chosen && !unconfirmed) unconfirmed = chosen;
      if (!unconfirmed) try { unconfirmed = storage ? storage.getItem(DRAFT_KEY) : null; } catch { unconfirmed = null; }
      // This tab's draft first; if it is gone (built, expired) or there is none, my latest one.
      if (unconfirmed && await lookUp()) return true;
      if (personaId || creating || disposed) return false;
      await findLatest();
      if (personaId || creating) return false;
      return unconfirmed ? lookUp() : false;
    },

    /** Asks the server for the draft's verdict again (e.g. after a refused build). */
    refresh,

    /** Builds the persona from the draft (name and description applied first) → the persona. */
    async build({ name, description } = {}) {
      const answer = await api.buildDraft(personaId, { name, description });
      remember(null);
      return answer.persona;
    },

    /** Forgets the draft on this page, e.g. after it was built. */
    forget() { remember(null); },

    dispose() {
      disposed = true;
      timers.clear();
      for (const entry of entries) if (entry.controller) entry.controller.abort();
    },
  };
}
