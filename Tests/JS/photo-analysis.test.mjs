// What the persona page says about the photos (Public/js/photo-analysis.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { consistencyDisplay, deleteWarning, photoSetVerdict, photoSummary, scoreRows, scoreTone } from "../../Public/js/photo-analysis.js";

test("scoreTone: judged on the shown whole percent", () => {
  assert.equal(scoreTone(0.75), "good");
  assert.equal(scoreTone(0.745), "good"); // shown as 75%
  assert.equal(scoreTone(0.744), "fair");
  assert.equal(scoreTone(0.495), "fair"); // shown as 50%, never coloured below 50%
  assert.equal(scoreTone(0.494), "poor");
  assert.equal(scoreTone("nonsense"), "poor");
});

test("scoreRows: the four bars in order, clamped, Overall marked", () => {
  const rows = scoreRows({ lighting: 0.9, clarity: 0.55, angle: 1.3, overall: -1 });
  assert.deepEqual(rows.map((r) => [r.label, r.width, r.text, r.tone, r.overall]), [
    ["Lighting", "90%", "90%", "good", false],
    ["Clarity", "55%", "55%", "fair", false],
    ["Angle", "100%", "100%", "good", false],
    ["Overall", "0%", "0%", "poor", true],
  ]);
  assert.equal(scoreRows(null), null);
  assert.equal(scoreRows({}).length, 4);
});

test("photoSummary: uploaded, references, with notes", () => {
  const photos = [
    { isReference: true, issues: [] },
    { isReference: true },
    { isReference: false, issues: [{ message: "Dark" }] },
  ];
  assert.deepEqual(photoSummary(photos), { uploaded: 3, references: 2, withIssues: 1 });
  assert.deepEqual(photoSummary([]), { uploaded: 0, references: 0, withIssues: 0 });
});

test("photoSetVerdict: usable of uploaded, the analysis' quality, the references", () => {
  const persona = {
    metadata: { usablePhotos: 5, photoCount: 6, analysisQuality: "needs_improvement" },
    photos: [{ isReference: true }, { isReference: true }, { isReference: false }],
  };
  assert.deepEqual(photoSetVerdict(persona), { value: "5 of 6", sub: "Analysis: Needs improvement · 2 chosen as references" });
  // Without the analysis' figures, the photos themselves; an unknown quality as given; none: a dash.
  assert.deepEqual(photoSetVerdict({ photos: [{}, {}] }), { value: "2 of 2", sub: "Analysis: — · 0 chosen as references" });
  assert.equal(photoSetVerdict({ metadata: { analysisQuality: "superb" } }).sub, "Analysis: superb · 0 chosen as references");
});

test("consistencyDisplay: a percent once ready and no portrait unfinished, else a dash", () => {
  const ready = { status: "ready", metadata: { consistencyScore: 0.874 } };
  assert.deepEqual(consistencyDisplay(ready, false), { value: "87%", muted: false, sub: "how surely face recognition finds you in all five portraits (100% = as alike as your photos)" });
  assert.deepEqual(consistencyDisplay(ready, true), { value: "—", muted: true, sub: "measured once all five portraits are done" });
  assert.equal(consistencyDisplay({ status: "analyzing", metadata: {} }, false).value, "—");
  assert.equal(consistencyDisplay({ status: "ready" }, false).value, "0%");
});

test("deleteWarning: counts the photos", () => {
  assert.equal(deleteWarning(1), "This permanently deletes the persona, its 1 uploaded photo and all its portraits. This can't be undone.");
  assert.match(deleteWarning(6), /its 6 uploaded photos and/);
});
