// What the draft creator says about each photo and the set (Public/js/draft-verdict.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  adviceLines, announcement, buildState, missingLines, personTags, photoView, setLine, spokenVerdict, uploadErrorText,
} from "../../Public/js/draft-verdict.js";

const stored = { status: "stored", progress: 1, error: null, file: {} };
const verdict = (over = {}) => ({
  id: "p1", url: "/media/p1", fileName: "me.jpg", fileSize: 1000, ok: true, error: null, faces: 1,
  quality: { lighting: 0.8, clarity: 0.8, angle: 0.9, overall: 0.8 }, issues: [], usable: true,
  isReference: false, duplicateOf: null, otherPerson: false, ...over,
});
const draft = (over = {}) => ({
  personaId: "d", photoCount: 6, usablePhotos: 6, required: 5, maximum: 20, canBuild: true, missing: [], advice: [],
  photos: Array.from({ length: 6 }, (_, i) => verdict({ id: `p${i}` })), ...over,
});

test("photoView: the upload's own states, in words", () => {
  assert.equal(photoView({ status: "queued" }, null).label, "Waiting to upload");
  const up = photoView({ status: "uploading", progress: 0.456 }, null);
  assert.equal(up.label, "Uploading… 46%");
  assert.equal(up.progress, 46);
  assert.equal(photoView({ status: "analysing" }, null).label, "Checking the photo…");
  assert.equal(photoView({ status: "removing" }, null).label, "Removing…");
  const waiting = photoView({ status: "waiting", waitUntil: 10_500 }, null, { now: 2_000 });
  assert.equal(waiting.label, "Server busy: trying again in 9 s");
  assert.equal(waiting.canRetry, false);
});

test("photoView: a failed upload says why and offers Retry when the file is still there", () => {
  const view = photoView({ status: "failed", file: {}, error: { code: "unsupported_format", message: "Not a photo we can read." } }, null);
  assert.equal(view.state, "failed");
  assert.equal(view.tone, "danger");
  assert.deepEqual(view.notes, ["Not a photo we can read."]);
  assert.equal(view.canRetry, true);
  assert.equal(photoView({ status: "failed", file: null, error: { code: "x", message: "m" } }, null).canRetry, false);
});

test("photoView: a usable photo, and a usable reference", () => {
  const plain = photoView(stored, verdict());
  assert.equal(plain.state, "usable");
  assert.equal(plain.label, "Usable");
  assert.equal(plain.reference, false);
  const reference = photoView(stored, verdict({ isReference: true }));
  assert.equal(reference.label, "Usable · reference");
  assert.equal(reference.reference, true);
});

test("photoView: no face, and a photo with its own issues", () => {
  const none = photoView(stored, verdict({ faces: 0, usable: false, quality: null, issues: [{ code: "no_face", message: "No face was found." }] }));
  assert.equal(none.state, "no_face");
  assert.equal(none.label, "No face found");
  assert.deepEqual(none.notes, []);
  const dark = photoView(stored, verdict({ usable: false, issues: [{ code: "too_dark", message: "The photo is too dark." }] }));
  assert.equal(dark.state, "unusable");
  assert.equal(dark.label, "Can't be used");
  assert.deepEqual(dark.notes, ["The photo is too dark."]);
  // Without the server's words, the page's own.
  assert.deepEqual(photoView(stored, verdict({ usable: false, issues: [{ code: "blurry" }] })).notes, ["Blurry."]);
});

test("photoView: someone else's photo and a duplicate are questions, not notes", () => {
  const other = photoView(stored, verdict({ usable: false, otherPerson: true,
    issues: [{ code: "different_person", message: "This looks like a different person." }] }));
  assert.equal(other.state, "other_person");
  assert.equal(other.question, "This one looks like someone else — remove it?");
  assert.deepEqual(other.notes, []);
  // A group photo: the group is the reason, said once (a tester read "More than one face" beside
  // "looks like someone else").
  const group = photoView(stored, verdict({ usable: false, otherPerson: true, issues: [
    { code: "multiple_faces", message: "More than one face is in this photo. Use photos of just you." },
    { code: "different_person", message: "This looks like a different person." }] }));
  assert.equal(group.label, "More than one person");
  assert.equal(group.question, "More than one face is in this photo — remove it and use photos of just you?");
  assert.deepEqual(group.notes, []);
  const dup = photoView(stored, verdict({ usable: false, duplicateOf: "p0", issues: [{ code: "duplicate", message: "Duplicate." }] }),
    { nameOf: (id) => (id === "p0" ? "first.jpg" : "?") });
  assert.equal(dup.state, "duplicate");
  assert.equal(dup.question, "Same picture as first.jpg — remove it?");
});

test("setLine: N usable of 5 needed, with the count against the maximum", () => {
  assert.deepEqual(setLine(null, 0), { pill: "0 / 20", text: "0 usable of 5 needed", tone: "neutral" });
  assert.deepEqual(setLine(draft({ usablePhotos: 3, photoCount: 4 }), 4), { pill: "4 / 20", text: "3 usable of 5 needed", tone: "warning" });
  // Enough: not "6 usable of 5 needed", which reads as a miscount.
  assert.deepEqual(setLine(draft({ usablePhotos: 6, photoCount: 6 }), 6), { pill: "6 / 20", text: "6 usable (5 needed)", tone: "success" });
  assert.equal(setLine(draft(), 6).tone, "success");
});

test("missingLines: the server's sentences, none before a draft", () => {
  assert.deepEqual(missingLines(null), []);
  assert.deepEqual(missingLines(draft({ missing: ["Add 2 more usable photos.", " "] })), ["Add 2 more usable photos."]);
});

test("buildState: disabled with the reason until the set can be built", () => {
  assert.deepEqual(buildState(null, { count: 0 }), { disabled: true, label: "Build persona", reason: "Add at least 5 photos of yourself first." });
  const pending = buildState(draft(), { count: 7, pending: 1 });
  assert.equal(pending.disabled, true);
  assert.equal(pending.reason, "Wait for 1 photo to finish uploading and checking.");
  const short = buildState(draft({ canBuild: false, usablePhotos: 3, missing: ["Add 2 more usable photos: 5 are needed and 3 are usable so far."] }), { count: 4 });
  assert.equal(short.disabled, true);
  assert.equal(short.reason, "Add 2 more usable photos: 5 are needed and 3 are usable so far.");
  const noWords = buildState(draft({ canBuild: false, usablePhotos: 4, missing: [] }), { count: 4, failed: 1 });
  assert.equal(noWords.reason, "4 usable of 5 needed: add 1 more photo of just you. 1 photo couldn't be uploaded: retry or remove it.");
});

test("buildState: says how many usable photos it builds from, and what is left out", () => {
  assert.deepEqual(buildState(draft(), { count: 6 }), { disabled: false, label: "Build persona from 6 photos", reason: "" });
  const photos = [...draft().photos, verdict({ id: "x", usable: false, otherPerson: true })];
  const mixed = buildState(draft({ photos }), { count: 8, failed: 1 }, "Create my portraits");
  assert.equal(mixed.label, "Create my portraits from 6 photos");
  assert.equal(mixed.reason, "1 photo can't be used and will be left out. 1 photo couldn't be uploaded.");
});

test("spokenVerdict and announcement: each settled change once, then the set's line", () => {
  assert.equal(spokenVerdict("a.jpg", photoView({ status: "uploading", progress: 0.5 }, null)), null);
  const heard = new Map();
  const usable = { key: "a", name: "a.jpg", view: photoView(stored, verdict()) };
  const working = { key: "b", name: "b.jpg", view: photoView({ status: "analysing" }, null) };
  assert.equal(announcement(heard, [usable, working], "1 usable of 5 needed"), "a.jpg: Usable. 1 usable of 5 needed.");
  // Nothing changed: nothing said; becoming a reference is shown, not said again.
  assert.equal(announcement(heard, [usable, working], "1 usable of 5 needed"), "");
  const reference = { ...usable, view: photoView(stored, verdict({ isReference: true })) };
  assert.equal(announcement(heard, [reference, working], "1 usable of 5 needed"), "");
  const other = { key: "b", name: "b.jpg", view: photoView(stored, verdict({ id: "b", usable: false, otherPerson: true })) };
  assert.equal(announcement(heard, [usable, other], "1 usable of 5 needed"),
    "b.jpg: This one looks like someone else — remove it?");
  // b removed: the line changes, and is said.
  assert.equal(announcement(heard, [usable], "1 usable of 5 needed"), "");
  assert.equal(announcement(heard, [], "0 usable of 5 needed"), "0 usable of 5 needed.");
  assert.equal(heard.has("a"), false);
});

test("uploadErrorText: plain words for the codes a page meets", () => {
  assert.equal(uploadErrorText({ code: "rate_limited", retryAfter: 7 }), "Too many uploads just now. Wait 7 s, then retry.");
  assert.match(uploadErrorText({ code: "persona_not_draft", message: "x" }), /already built/);
  assert.match(uploadErrorText({ code: "consent_required", message: "x" }), /face-data notice/);
  assert.equal(uploadErrorText({ code: "image_too_large", message: "Larger than 25 MB." }), "Larger than 25 MB.");
});

test("adviceLines: the server's advice, less what a thumbnail already asks", () => {
  const photos = [verdict({ id: "a", fileName: "me.jpg" }), verdict({ id: "b", fileName: "other.jpg", otherPerson: true, usable: false }),
    verdict({ id: "c", fileName: "copy.jpg", duplicateOf: "a", usable: false }),
    verdict({ id: "d", fileName: "maybe.jpg", issues: [{ code: "uncertain_identity", message: "Is this you?" }] })];
  const advice = ["other.jpg looks like someone else. Remove it so your persona looks only like you.",
    "copy.jpg is the same picture as me.jpg. Remove one of them.",
    "Is maybe.jpg you? It looks a little different from your other photos; remove it if not.",
    "One more good photo from another angle gives the portraits a full set of 6 references."];
  assert.deepEqual(adviceLines(draft({ photos, advice })), [advice[3]]);
  assert.deepEqual(adviceLines(null), []);
});

test("photoView: a soft doubt asks 'is it you?', the photo still counted when usable", () => {
  const unsure = photoView(stored, verdict({ isReference: true,
    issues: [{ code: "uncertain_identity", message: "Is this you? This photo looks a little different from your others." }] }));
  assert.equal(unsure.state, "uncertain");
  assert.equal(unsure.label, "Usable · is this you?");
  assert.equal(unsure.reference, true);
  assert.match(unsure.question, /Is it you\? If not, remove it\./);
  assert.deepEqual(unsure.notes, []);
});

test("photoView: a mirror image says so under the thumbnail, counted or not", () => {
  const message = "A mirror image of me.jpg: it counts only while you have too few other photos, as it flips your parting. A photo from another angle is better.";
  const counted = photoView(stored, verdict({ issues: [{ code: "mirrored_copy", message }] }));
  assert.equal(counted.label, "Usable");
  assert.deepEqual(counted.notes, [message]);
  const left = photoView(stored, verdict({ usable: false, issues: [{ code: "mirrored_copy", message }] }));
  assert.equal(left.label, "Can't be used");
  assert.deepEqual(left.notes, [message]);
});

test("personTags: two people about equally, each photo tagged with its group", () => {
  const tags = personTags(draft({ ambiguousGroups: [["a", "b"], ["c"]] }));
  assert.equal(tags.get("a"), "Person A");
  assert.equal(tags.get("c"), "Person B");
  assert.equal(personTags(draft()).size, 0);
  const view = photoView(stored, verdict(), { tag: tags.get("c") });
  assert.equal(view.tag, "Person B");
  assert.equal(spokenVerdict("c.jpg", view), "c.jpg (Person B): Usable.");
  assert.equal(photoView({ status: "failed", file: {}, error: { message: "x" } }, null, { tag: "Person A" }).tag, null);
});
