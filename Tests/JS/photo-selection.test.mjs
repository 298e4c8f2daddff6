// The "New persona" photo rules (Public/js/photo-selection.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ACCEPT, afterRemovalNote, countProblem, countStatus, fileKey, looksLikePhoto, problemsAfterRefusal, refusedFiles, sortIncoming,
} from "../../Public/js/photo-selection.js";

const MB = 1024 * 1024;
const file = (name, { size = 2 * MB, type = "image/jpeg", lastModified = 1 } = {}) => ({ name, size, type, lastModified });

test("looksLikePhoto: an image type, or a photo extension when the browser gives no type", () => {
  assert.equal(looksLikePhoto(file("a.bin", { type: "image/png" })), true);
  assert.equal(looksLikePhoto(file("IMG_1.HEIC", { type: "" })), true);
  assert.equal(looksLikePhoto(file("a.jpeg", { type: "" })), true);
  assert.equal(looksLikePhoto(file("notes.txt", { type: "text/plain" })), false);
  assert.equal(looksLikePhoto(file("clip.mov", { type: "" })), false);
  assert.match(ACCEPT, /image\/heic/);
});

test("fileKey: name, size and date", () => {
  assert.equal(fileKey(file("a.jpg")), `a.jpg|${2 * MB}|1`);
});

test("sortIncoming: takes photos in order, with no note", () => {
  const { accepted, note } = sortIncoming([file("a.jpg"), file("b.png", { type: "image/png" })], []);
  assert.deepEqual(accepted.map((a) => a.file.name), ["a.jpg", "b.png"]);
  assert.deepEqual(accepted.map((a) => a.problems), [[], []]);
  assert.equal(accepted[0].key, fileKey(file("a.jpg")));
  assert.equal(note, "");
});

test("sortIncoming: not photos, duplicates (chosen before or twice now), over the maximum", () => {
  const chosen = Array.from({ length: 18 }, (_, i) => fileKey(file(`p${i}.jpg`)));
  const { accepted, note } = sortIncoming([
    file("notes.txt", { type: "text/plain" }), file("p0.jpg"), file("new1.jpg"), file("new1.jpg"),
    file("new2.jpg"), file("new3.jpg"), file("new4.jpg"),
  ], chosen);
  assert.deepEqual(accepted.map((a) => a.file.name), ["new1.jpg", "new2.jpg"]);
  assert.equal(note, "notes.txt isn't a photo (use JPEG, PNG, WebP or HEIC). 2 photos were already chosen. "
    + "You can upload at most 20 photos; 2 were not added.");
});

test("sortIncoming: singular and plural notes", () => {
  assert.equal(sortIncoming([file("a.txt", { type: "" }), file("b.doc", { type: "" })], []).note,
    "a.txt, b.doc aren't photos (use JPEG, PNG, WebP or HEIC).");
  const full = Array.from({ length: 20 }, (_, i) => `k${i}`);
  assert.equal(sortIncoming([file("x.jpg"), file("x.jpg")], [fileKey(file("x.jpg"))]).note, "2 photos were already chosen.");
  assert.equal(sortIncoming([file("y.jpg")], full).note, "You can upload at most 20 photos; 1 was not added.");
  assert.equal(sortIncoming([file("x.jpg")], [fileKey(file("x.jpg"))]).note, "1 photo was already chosen.");
});

test("sortIncoming: a photo over 25 MB is taken, with a warning the server will refuse it", () => {
  const { accepted } = sortIncoming([file("big.jpg", { size: 30 * MB })], []);
  assert.deepEqual(accepted[0].problems, ["Larger than 25 MB (30.0 MB); the server will refuse it."]);
  assert.deepEqual(sortIncoming([file("edge.jpg", { size: 25 * MB })], []).accepted[0].problems, []);
});

test("countStatus: none, too few, enough, the maximum", () => {
  assert.deepEqual(countStatus(0), { pill: "0 / 20", text: "No photos yet. Choose 5 to 20.", tone: "neutral" });
  assert.deepEqual(countStatus(3), { pill: "3 / 20", text: "3 of at least 5 photos: add 2 more.", tone: "warning" });
  assert.deepEqual(countStatus(6), { pill: "6 / 20", text: "6 photos chosen. Ready to upload.", tone: "success" });
  assert.equal(countStatus(20).text, "20 photos chosen (the maximum). Ready to upload.");
});

test("countProblem: 5 to 20 may be sent", () => {
  assert.equal(countProblem(3), "Choose at least 5 photos (you have 3). More variety gives better portraits.");
  assert.equal(countProblem(21), "Choose at most 20 photos (you have 21).");
  assert.equal(countProblem(5), null);
  assert.equal(countProblem(20), null);
});

test("afterRemovalNote: how many more are needed", () => {
  assert.equal(afterRemovalNote(3), "Removed. Add 2 more photos of just you, then try again.");
  assert.equal(afterRemovalNote(4), "Removed. Add 1 more photo of just you, then try again.");
  assert.equal(afterRemovalNote(5), "Removed. You can try again now.");
});

test("refusedFiles: the server's refusals by file name", () => {
  const unusable = refusedFiles({
    code: "not_enough_usable_photos",
    details: { rejectedPhotos: [{ file: "a.jpg", reasons: [{ message: "No face" }, { message: "Blurry" }] }, { file: "b.jpg" }] },
  });
  assert.deepEqual([...unusable], [["a.jpg", ["No face", "Blurry"]], ["b.jpg", []]]);
  assert.deepEqual([...refusedFiles({ code: "unsupported_format", details: { files: ["c.gif"] } })],
    [["c.gif", ["Not a JPEG, PNG, WebP or HEIC photo."]]]);
  assert.deepEqual([...refusedFiles({ code: "image_too_large", details: { file: "d.jpg" } })], [["d.jpg", ["Larger than 25 MB."]]]);
  assert.equal(refusedFiles({ code: "image_too_large", details: {} }).size, 0);
  assert.equal(refusedFiles({ code: "network" }).size, 0);
  assert.equal(refusedFiles(null).size, 0);
});

test("problemsAfterRefusal: the server's reasons, else only the size warning stays", () => {
  const own = ["Larger than 25 MB (30.0 MB); the server will refuse it.", "something old"];
  assert.deepEqual(problemsAfterRefusal(own, ["No face"]), ["No face"]);
  assert.deepEqual(problemsAfterRefusal(own, undefined), [own[0]]);
  assert.deepEqual(problemsAfterRefusal([], undefined), []);
});
