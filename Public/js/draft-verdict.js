// What the draft creator says about each photo and about the set, from the server's verdicts
// (docs/api.md, "Draft personas"): a thumbnail's state in words, the questions about someone
// else's photo or a duplicate, the "N usable of 5 needed" line, the build button and what a screen
// reader hears. Pure: persona-creator.js and draft-photos.js draw it, the unit tests check it.
import { MAX_PHOTOS, MIN_PHOTOS } from "./labels.js";
import { plural } from "./format.js";

/** The issues that become a question on the photo rather than a note. */
const SET_ISSUES = new Set(["different_person", "duplicate", "uncertain_identity"]);

const ISSUE_WORDS = {
  no_face: "No face found.",
  multiple_faces: "More than one face.",
  face_too_small: "The face is too small.",
  face_cut_off: "The face is cut off at the edge.",
  too_dark: "Too dark.",
  too_bright: "Too bright.",
  blurry: "Blurry.",
  extreme_angle: "The head is turned too far.",
  mirrored_copy: "A mirror image of another photo: it counts only while you have too few others.",
};

/** An upload's error in plain words. */
export function uploadErrorText(error) {
  if (!error) return "";
  switch (error.code) {
    case "rate_limited":
      return Number.isFinite(error.retryAfter)
        ? `Too many uploads just now. Wait ${error.retryAfter} s, then retry.`
        : "Too many uploads just now. Wait a moment, then retry.";
    case "consent_required": return "Accept the face-data notice first, then retry.";
    case "persona_not_draft": return "This persona was already built, so photos can't be added to it. Retry to start a new one.";
    case "not_found": return "This draft no longer exists. Retry to start a new one.";
    case "too_many_photos": return `A persona takes at most ${MAX_PHOTOS} photos. Remove one first.`;
    default: return error.message || "The upload failed.";
  }
}

/**
 * When the photos show two people about equally (the draft's `ambiguousGroups`): photo id →
 * "Person A", "Person B"…, so the user can see which photos go together and keep theirs.
 */
export function personTags(draft) {
  const tags = new Map();
  const groups = draft && Array.isArray(draft.ambiguousGroups) ? draft.ambiguousGroups : [];
  groups.forEach((ids, i) => { for (const id of ids || []) tags.set(id, `Person ${String.fromCharCode(65 + i)}`); });
  return tags;
}

/**
 * One thumbnail: { state, tone, label, notes, question, reference, canRetry, progress, tag }.
 * `entry` is the session's (status, progress, error, waitUntil), `verdict` the server's
 * PhotoVerdict once stored, `nameOf(photoId)` a photo's file name (for "Same picture as …"),
 * `tag` its group when the photos show two people ("Person A").
 */
export function photoView(entry, verdict, { nameOf = () => "another photo", now = Date.now(), tag = null } = {}) {
  const view = photoState(entry, verdict, { nameOf, now });
  return { ...view, tag: view.state === "failed" ? null : tag };
}

function photoState(entry, verdict, { nameOf, now }) {
  const base = { notes: [], question: null, reference: false, canRetry: false, progress: null };
  switch (entry.status) {
    case "queued": return { ...base, state: "queued", tone: "neutral", label: "Waiting to upload" };
    case "uploading": {
      const pct = Math.round(Math.max(0, Math.min(1, entry.progress || 0)) * 100);
      return { ...base, state: "uploading", tone: "progress", label: `Uploading… ${pct}%`, progress: pct };
    }
    case "analysing": return { ...base, state: "analysing", tone: "progress", label: "Checking the photo…" };
    case "removing": return { ...base, state: "removing", tone: "neutral", label: "Removing…" };
    case "waiting": {
      const seconds = Math.max(1, Math.ceil(((entry.waitUntil || now) - now) / 1000));
      return { ...base, state: "waiting", tone: "warning", label: `Server busy: trying again in ${seconds} s`, canRetry: false };
    }
    case "failed":
      return { ...base, state: "failed", tone: "danger", label: "Not uploaded", notes: [uploadErrorText(entry.error)], canRetry: !!entry.file };
    default: break;
  }
  if (!verdict) return { ...base, state: "analysing", tone: "progress", label: "Checking the photo…" };
  const issues = verdict.issues || [];
  const notes = issues.filter((i) => !SET_ISSUES.has(i.code)).map((i) => i.message || ISSUE_WORDS[i.code] || i.code);
  const reference = !!verdict.isReference;
  if (verdict.ok === false) {
    return { ...base, state: "unusable", tone: "danger", label: "Can't be read", notes: [verdict.error ? verdict.error.message : "The file could not be analysed."] };
  }
  if (verdict.otherPerson || issues.some((i) => i.code === "different_person")) {
    // A group photo's face may be taken for someone else's: the reason is the group, said once.
    if (issues.some((i) => i.code === "multiple_faces")) {
      return { ...base, state: "other_person", tone: "warning", label: "More than one person",
        notes: notes.filter((n) => !/more than one face/i.test(n)),
        question: "More than one face is in this photo — remove it and use photos of just you?" };
    }
    return { ...base, state: "other_person", tone: "warning", label: "Someone else?", notes,
      question: "This one looks like someone else — remove it?" };
  }
  if (verdict.duplicateOf || issues.some((i) => i.code === "duplicate")) {
    return { ...base, state: "duplicate", tone: "warning", label: "Duplicate", notes,
      question: `Same picture as ${verdict.duplicateOf ? nameOf(verdict.duplicateOf) : "another photo"} — remove it?` };
  }
  if (!verdict.faces || issues.some((i) => i.code === "no_face")) {
    return { ...base, state: "no_face", tone: "danger", label: "No face found", notes: notes.filter((n) => n !== ISSUE_WORDS.no_face && !/no face/i.test(n)) };
  }
  if (issues.some((i) => i.code === "uncertain_identity")) {
    // A soft doubt: the photo may still count; the user says whether it is them.
    return { ...base, state: "uncertain", tone: "warning", label: verdict.usable ? "Usable · is this you?" : "Is this you?",
      notes, reference, question: "This one looks a little different from your other photos. Is it you? If not, remove it." };
  }
  if (verdict.usable) {
    return { ...base, state: "usable", tone: "success", label: reference ? "Usable · reference" : "Usable", notes, reference };
  }
  return { ...base, state: "unusable", tone: "danger", label: "Can't be used", notes: notes.length ? notes : ["It didn't pass the checks."] };
}

/**
 * The set's line: { pill: "6 / 20", text: "3 usable of 5 needed", tone }; with enough, "6 usable
 * (5 needed)" ("6 usable of 5 needed" read as a miscount).
 */
export function setLine(draft, count) {
  const required = (draft && draft.required) || MIN_PHOTOS;
  const usable = (draft && draft.usablePhotos) || 0;
  const enough = usable >= required;
  const tone = count === 0 ? "neutral" : enough ? "success" : "warning";
  const text = enough ? `${usable} usable (${required} needed)` : `${usable} usable of ${required} needed`;
  return { pill: `${count} / ${(draft && draft.maximum) || MAX_PHOTOS}`, text, tone };
}

/** What still stands between the set and a build, in the server's words (none before a draft). */
export function missingLines(draft) {
  return draft && Array.isArray(draft.missing) ? draft.missing.filter((m) => typeof m === "string" && m.trim()) : [];
}

/**
 * The server's advice, less what the thumbnails already ask (a line naming a photo of someone
 * else or a duplicate repeats its question): e.g. "One more good photo … full set of references".
 */
export function adviceLines(draft) {
  if (!draft || !Array.isArray(draft.advice)) return [];
  const asks = (p) => p.otherPerson || p.duplicateOf || (p.issues || []).some((i) => i.code === "uncertain_identity");
  const asked = (draft.photos || []).filter(asks).map((p) => p.fileName).filter(Boolean);
  return draft.advice.filter((line) => typeof line === "string" && line.trim() && !asked.some((name) => line.includes(name)));
}

/**
 * The build button: { disabled, label, reason }. `verb` is the page's ("Build persona", "Create my
 * portraits"); `pending` uploads not answered yet, `failed` ones not uploaded.
 */
export function buildState(draft, { pending = 0, failed = 0, count = 0 } = {}, verb = "Build persona") {
  const required = (draft && draft.required) || MIN_PHOTOS;
  const usable = (draft && draft.usablePhotos) || 0;
  if (count === 0) return { disabled: true, label: verb, reason: `Add at least ${required} photos of yourself first.` };
  if (pending > 0) {
    return { disabled: true, label: verb, reason: `Wait for ${pending} ${plural(pending, "photo")} to finish uploading and checking.` };
  }
  if (!draft || !draft.canBuild || usable < required) {
    const missing = missingLines(draft);
    const more = required - usable;
    const failedNote = failed ? ` ${failed} ${plural(failed, "photo")} couldn't be uploaded: retry or remove ${failed === 1 ? "it" : "them"}.` : "";
    return { disabled: true, label: verb,
      reason: (missing[0] || `${usable} usable of ${required} needed: add ${more} more ${plural(more, "photo")} of just you.`) + failedNote };
  }
  const left = ((draft.photos || []).filter((p) => !p.usable)).length;
  const notes = [];
  if (left) notes.push(`${left} ${plural(left, "photo")} can't be used and will be left out.`);
  if (failed) notes.push(`${failed} ${plural(failed, "photo")} couldn't be uploaded.`);
  return { disabled: false, label: `${verb} from ${usable} ${plural(usable, "photo")}`, reason: notes.join(" ") };
}

/**
 * A settled thumbnail in one sentence for a screen reader (null while it is still working). Which
 * photos are references shifts as photos arrive: that is shown, not said again each time.
 */
export function spokenVerdict(name, view) {
  if (["queued", "uploading", "analysing", "removing"].includes(view.state)) return null;
  const tag = view.tag ? ` (${view.tag})` : "";
  if (view.question) return `${name}${tag}: ${view.question}`;
  return [`${name}${tag}: ${view.state === "usable" ? "Usable" : view.label}.`, ...view.notes].join(" ");
}

/**
 * What to announce after a redraw: the photos whose settled verdict changed since `heard` (a Map
 * key → sentence, updated in place), then the set's line if it changed. "" when nothing did.
 */
export function announcement(heard, photos, line) {
  const said = [];
  const present = new Set();
  for (const { key, name, view } of photos) {
    present.add(key);
    const sentence = spokenVerdict(name, view);
    if (!sentence || heard.get(key) === sentence) continue;
    heard.set(key, sentence);
    said.push(sentence);
  }
  for (const key of [...heard.keys()]) if (key !== "__set" && !present.has(key)) heard.delete(key);
  if (line && heard.get("__set") !== line) {
    const first = !heard.has("__set");
    heard.set("__set", line);
    if (said.length || !first) said.push(`${line}.`);
  }
  return said.join(" ");
}
