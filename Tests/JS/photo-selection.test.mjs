// The "New persona" photo rules (Public/js/photo-selection.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ACCEPT, fileKey, looksLikePhoto, sortIncoming,
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
