// How a draft's page knows what is its own: the draft to pick up when it has none
// (`latestDraftId`), each photo by the token it is sent with (`uploadToken`, given back with the
// stored photo), and a photo removed after a send of its broke by that token
// (`createDisownedPhotos`). No DOM; used by draft-session.js, tested through it.

/**
 * A name for one photo's uploads, sent with each (`uploadToken`) and given back with the stored
 * photo: 128 random bits in hex. getRandomValues, unlike randomUUID, also works on a plain-http
 * address (a self-hosted server on the local network).
 */
export function uploadToken() {
  const bytes = new Uint8Array(16);
  if (globalThis.crypto && globalThis.crypto.getRandomValues) globalThis.crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Photos removed after a send of theirs broke (offline, a 5xx): the server may have stored them
 * all the same, and a full answer deletes such a photo instead of adopting it. Matched by token, so
 * another tab's photo of the same file name is never taken for one. A record goes after `checks`
 * full answers without it (a gateway's 5xx may come before the photo is stored). `clock` orders
 * records and answers: an answer asked before a record says nothing of it.
 */
export function createDisownedPhotos(checks = 2) {
  let records = []; // [{token, at, misses}]
  let clock = 0;
  return {
    get count() { return records.length; },
    get clock() { return clock; },
    add(token) { records.push({ token, at: (clock += 1), misses: 0 }); },
    /** Whether `photo` (unknown to the page) is one of them; forgets that record. */
    claim(photo) {
      const index = records.findIndex((d) => photo.uploadToken === d.token);
      if (index < 0) return false;
      records.splice(index, 1);
      return true;
    },
    /** A full answer asked for at `asked` did not hold them: older records count a miss. → records left. */
    missed(asked) {
      for (const d of records) if (d.at <= asked) d.misses += 1;
      records = records.filter((d) => d.misses < checks);
      return records.length;
    },
    clear() { records = []; },
  };
}

/**
 * The id of the most recently touched draft among `personas` (`GET /api/personas?drafts=true`),
 * or null. A tab without a draft of its own picks it up: photos added in another tab or on another
 * device were otherwise out of sight, each new tab started a draft of its own, and after five
 * (`too_many_drafts`) none could be started, with no page to find and delete them.
 */
export function latestDraftId(personas) {
  const drafts = (personas || []).filter((p) => p && p.status === "pending_upload" && p.id);
  const touched = (p) => String(p.updatedAt || p.createdAt || "");
  drafts.sort((a, b) => touched(b).localeCompare(touched(a)));
  return drafts.length ? drafts[0].id : null;
}

/**
 * The draft "Your personas" offers to continue: the one New persona would resume
 * (`latestDraftId`), when it holds photos ({ id, name, photoCount }); null otherwise. (A draft
 * kept with "Keep for later" was listed nowhere but New persona itself.)
 */
export function keptDraft(personas) {
  const id = latestDraftId(personas);
  const draft = id ? personas.find((p) => p.id === id) : null;
  if (!draft || !(Number(draft.photoCount) > 0)) return null;
  return { id, name: (draft.name || "").trim(), photoCount: Number(draft.photoCount) };
}
