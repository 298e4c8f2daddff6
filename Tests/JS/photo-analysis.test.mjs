// What the persona page says about the photos (Public/js/photo-analysis.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  consistencyDisplay, deleteWarning, photoMark, photoScoreRows, photoSetVerdict, photoSummary, scoreRows, scoreTone,
} from "../../Public/js/photo-analysis.js";

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

test("photoMark: a photo not used says so in red, whatever it scores; a reference is starred", () => {
  const cutOff = { usable: false, isReference: false, quality: { overall: 0.93 }, issues: [{ code: "face_cut_off" }] };
  assert.deepEqual(photoMark(cutOff), { label: "Not used", tone: "danger", icon: "alert" });
  assert.equal(photoMark({ usable: true, isReference: true }).label, "Reference");
  const mirror = { usable: false, isReference: true, issues: [{ code: "mirrored_copy" }] };
  assert.equal(photoMark(mirror).label, "Reference", "a mirror image chosen while the set was short is used");
  assert.equal(photoMark({ usable: true, isReference: false }), null);
  assert.equal(photoMark({ isReference: false }), null, "an older answer without usable is not called unusable");
});

test("photoScoreRows: a photo not used keeps its scores, greyed; a used one keeps its colours", () => {
  const quality = { lighting: 0.9, clarity: 0.9, angle: 0.9, overall: 0.93 };
  const unused = photoScoreRows({ usable: false, isReference: false, quality });
  assert.deepEqual(unused.map((row) => row.tone), ["muted", "muted", "muted", "muted"]);
  assert.equal(unused[3].text, scoreRows(quality)[3].text, "the figure itself is still shown");
  assert.deepEqual(photoScoreRows({ usable: true, isReference: true, quality }).map((row) => row.tone), ["good", "good", "good", "good"]);
  const mirror = { usable: false, isReference: true, quality };
  assert.equal(photoScoreRows(mirror)[0].tone, "good", "a reference is used");
  assert.equal(photoScoreRows({ usable: false }), null);
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
  assert.deepEqual(photoSetVerdict(persona), { value: "5 of 6", sub: "2 chosen as references · their analysis: Needs improvement" });
  // Without the analysis' figures, the photos themselves; an unknown quality as given; none: a dash.
  assert.deepEqual(photoSetVerdict({ photos: [{}, {}] }), { value: "2 of 2", sub: "0 chosen as references · their analysis: —" });
  assert.equal(photoSetVerdict({ metadata: { analysisQuality: "superb" } }).sub, "0 chosen as references · their analysis: superb");
});

test("consistencyDisplay: once ready and no portrait unfinished, how many shown portraits look like you, in the cards' words", () => {
  const slot = (identityDistance, faceFound = true) => ({ url: "/media/x", identityDistance, faceFound });
  const ready = { status: "ready", metadata: { consistencyScore: 0.51 } };
  // A score of 51% beside five strong likenesses read as a contradiction: the grades are counted.
  const strong = [0.27, 0.2, 0.3, 0.25, 0.28].map((d) => slot(d));
  assert.deepEqual(consistencyDisplay(ready, false, strong), { value: "5 of 5", muted: false, sub: "look like you to face recognition (5 strong)" });
  const mixed = [slot(0.2), slot(0.4), slot(0.5), slot(0.7), slot(null, false), { url: null }];
  assert.deepEqual(consistencyDisplay(ready, false, mixed), {
    value: "2 of 5", muted: false, sub: "look like you to face recognition (1 strong, 1 acceptable, 1 weak, 1 unlike you, 1 no face found)",
  });
  const dash = { value: "—", muted: true, sub: "measured once all five portraits are done" };
  assert.deepEqual(consistencyDisplay(ready, true, strong), dash);
  assert.deepEqual(consistencyDisplay({ status: "analyzing", metadata: {} }, false, strong), dash);
  // Ready with no picture on show: nothing to count.
  assert.deepEqual(consistencyDisplay(ready, false, [{ url: null }]), dash);
  assert.deepEqual(consistencyDisplay(ready, false, undefined), dash);
  // The offline studio's five are the person's own photos relit: said, so the figure claims no more.
  const composites = strong.map((s) => ({ ...s, madeBy: "composite" }));
  assert.equal(consistencyDisplay(ready, false, composites).sub,
    "look like you to face recognition (5 strong) · your own photos relit, so this shows the studio kept your likeness");
  // One made by an image model among them: the figure is about generated portraits too.
  assert.equal(consistencyDisplay(ready, false, [...composites.slice(1), { ...strong[0], madeBy: "model" }]).sub,
    "look like you to face recognition (5 strong)");
});

test("deleteWarning: counts the photos", () => {
  assert.equal(deleteWarning(1), "This permanently deletes the persona, its 1 uploaded photo and all its portraits. This can't be undone.");
  assert.match(deleteWarning(6), /its 6 uploaded photos and/);
});
