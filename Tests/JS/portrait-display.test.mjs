// What a portrait slot and the portraits' summary show (Public/js/portrait-display.js).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import {
  PREVIEW_NOTICE, attemptLabel, coverPosition, identityText, portraitProgress, previewIdentityText, portraitName, previewNotice, slotDisplay,
  splitThreshold,
} from "../../Public/js/portrait-display.js";
import { newSlot, withDetail, initialPersonaState } from "../../Public/js/persona-events.js";

const slot = (changes) => ({ ...newSlot(0, "Professional headshot", "professional_headshot"), ...changes });

describe("the likeness line", () => {
  test("identityText: the distance against the threshold, or no face", () => {
    assert.equal(identityText(0.4123), "Acceptable likeness · distance 0.41 from your photos (verified under 0.45)");
    assert.equal(identityText(0.21), "Strong likeness · distance 0.21 from your photos (verified under 0.45)");
    assert.equal(identityText(0.5), "Weak likeness · distance 0.50 from your photos (verified under 0.45)");
    assert.equal(identityText(0.8), "Doesn't look like you · distance 0.80 from your photos (verified under 0.45)");
    // Verified before the bars were tightened: said so, not contradicted.
    assert.equal(identityText(0.52, true, true), "Weak likeness · distance 0.52 from your photos (verified under the earlier 0.60 bar)");
    assert.equal(identityText(0.3, true, true), "Strong likeness · distance 0.30 from your photos (verified under 0.45)");
    assert.equal(identityText(0.41, false), "no face found in this portrait");
    assert.equal(identityText(null), null);
    assert.equal(identityText(undefined), null);
    assert.equal(identityText(NaN), null);
  });

  test("splitThreshold: the threshold part apart, for its own style", () => {
    assert.deepEqual(splitThreshold("Strong likeness · distance 0.21 from your photos (verified under 0.45)"), ["Strong likeness · distance 0.21 from your photos", "(verified under 0.45)"]);
    assert.deepEqual(splitThreshold("no face found in this portrait"), ["no face found in this portrait", null]);
    assert.deepEqual(splitThreshold(null), ["", null]);
  });
});

describe("slotDisplay", () => {
  test("queued: a still placeholder with 'Waiting to start', no spinner", () => {
    const d = slotDisplay(slot());
    assert.equal(d.state, "queued");
    assert.deepEqual(d.chip, { label: "Queued", tone: "neutral", icon: "dot" });
    assert.equal(d.image, null);
    assert.equal(d.busy, true);
    assert.deepEqual(d.overlay, { spinner: false, text: "Waiting to start" });
    assert.equal(d.identity.text, null);
    assert.deepEqual(d.notes, []);
    assert.equal(d.canRegenerate, false);
  });

  test("generating: spinner chip, 'Creating portrait'", () => {
    const d = slotDisplay(slot({ state: "generating", rank: 1 }));
    assert.deepEqual(d.chip, { label: "Generating", tone: "progress", icon: "spinner" });
    assert.deepEqual(d.overlay, { spinner: true, text: "Creating portrait" });
  });

  test("checking: shown as generating, labelled 'Checking likeness', the new picture without overlay", () => {
    const d = slotDisplay(slot({ state: "checking", rank: 2, url: "/m", identityDistance: 0.3 }));
    assert.equal(d.state, "generating");
    assert.deepEqual(d.chip, { label: "Checking likeness", tone: "progress", icon: "spinner" });
    assert.deepEqual(d.image, { url: "/m", stale: false, position: null });
    assert.equal(d.overlay, null);
    assert.deepEqual(d.identity, { text: "Strong likeness · distance 0.30 from your photos (verified under 0.45)", tone: "match" });
    assert.equal(slotDisplay(slot({ state: "checking", rank: 2 })).overlay.text, "Creating portrait");
  });

  test("retrying, then its second attempt generating: shown as retrying over the stale picture", () => {
    const retrying = slot({ state: "retrying", isRetry: true, attempt: 2, previousUrl: "/old", reason: "identity_mismatch", rejectedDistance: 0.71, rejectedFaceFound: true });
    const d = slotDisplay(retrying);
    assert.equal(d.state, "retrying");
    assert.deepEqual(d.chip, { label: "Retrying", tone: "warning", icon: "spinner" });
    assert.deepEqual(d.image, { url: "/old", stale: true, position: null });
    assert.deepEqual(d.overlay, { spinner: true, text: "Trying again" });
    assert.deepEqual(d.notes, ["The result didn't look like you (identity 0.71); trying again with a new seed.", "Attempt 2"]);
    assert.equal(slotDisplay({ ...retrying, state: "generating", rank: 1 }).state, "retrying");
  });

  test("retrying notes: without a face no distance; without a reason the general line", () => {
    assert.equal(slotDisplay(slot({ state: "retrying", reason: "no_face", rejectedFaceFound: false, rejectedDistance: null })).notes[0],
      "No face was found in the result; trying again with a new seed.");
    assert.equal(slotDisplay(slot({ state: "retrying" })).notes[0], "The first result didn't pass the likeness check; trying again.");
    assert.equal(slotDisplay(slot({ state: "retrying", reason: "odd" })).notes[0], "odd; trying again with a new seed.");
  });

  test("verified: check chip, the picture, a matching likeness, regenerate possible", () => {
    const d = slotDisplay(slot({ state: "verified", rank: 3, url: "/m", identityDistance: 0.35 }));
    assert.deepEqual(d.chip, { label: "Verified", tone: "success", icon: "check" });
    assert.equal(d.overlay, null);
    assert.equal(d.busy, false);
    assert.equal(d.identity.tone, "match");
    assert.equal(d.canRegenerate, true);
    const earlier = slotDisplay(slot({ state: "verified", rank: 3, url: "/m", identityDistance: 0.52 }));
    assert.equal(earlier.identity.tone, "match");
    assert.match(earlier.identity.text, /earlier 0.60 bar/);
  });

  test("an offline studio portrait is a preview: no Verified badge, the distance in words, one notice", () => {
    const d = slotDisplay(slot({ state: "verified", rank: 3, url: "/m", identityDistance: 0.21, madeBy: "composite" }));
    assert.deepEqual(d.chip, { label: "Offline preview", tone: "neutral", icon: "dot" });
    assert.equal(d.identity.text, "Your own photo · face recognition: strong likeness (distance 0.21)");
    assert.doesNotMatch(d.identity.text, /verified/);
    const model = slotDisplay(slot({ state: "verified", rank: 3, url: "/m", identityDistance: 0.21, madeBy: "trainedAlgorithmicMedia" }));
    assert.equal(model.chip.label, "Verified");
    assert.equal(previewIdentityText(0.3, false), "no face found in this portrait");
    assert.equal(previewIdentityText(null), null);
    assert.equal(previewNotice([slot({ url: "/m", madeBy: "composite" }), slot({})]), PREVIEW_NOTICE);
    assert.equal(previewNotice([slot({ url: "/m", madeBy: "trainedAlgorithmicMedia" })]), null);
    assert.equal(previewNotice([slot({ madeBy: "composite" })]), null, "only once a portrait is shown");
    assert.match(PREVIEW_NOTICE, /^Offline preview — your photo relit, on a new or blurred background\. Connect an image model/);
  });

  test("needs review: alert chip, a mismatch (or no face), the reason", () => {
    const d = slotDisplay(slot({ state: "needs_review", rank: 3, url: "/m", identityDistance: 0.7, reason: "identity_mismatch", attempt: 2 }));
    assert.deepEqual(d.chip, { label: "Needs review", tone: "warning", icon: "alert" });
    assert.equal(d.identity.tone, "mismatch");
    assert.deepEqual(d.notes, ["The result didn't look like you, even after a retry. Check it, or regenerate.", "Attempt 2"]);
    const weak = slotDisplay(slot({ state: "needs_review", rank: 3, url: "/m", identityDistance: 0.5, reason: "weak_likeness", attempt: 2 }));
    assert.equal(weak.identity.tone, "mismatch");
    assert.match(weak.identity.text, /^Weak likeness · distance 0.50 from your photos/);
    assert.equal(weak.notes[0], "It looks only a little like you, even after a retry: keep it if you like it, or regenerate.");
    const noFace = slotDisplay(slot({ state: "needs_review", rank: 3, url: "/m", faceFound: false }));
    assert.deepEqual(noFace.identity, { text: "no face found in this portrait", tone: "mismatch" });
    assert.equal(noFace.notes[0], "Didn't pass the likeness check after a retry. Check it, or regenerate.");
  });

  test("failed: x chip, the error, regenerate possible", () => {
    const d = slotDisplay(slot({ state: "failed", rank: 3, error: "timeout" }));
    assert.deepEqual(d.chip, { label: "Failed", tone: "danger", icon: "x" });
    assert.equal(d.image, null);
    assert.equal(d.overlay, null);
    assert.deepEqual(d.notes, ["Couldn't be made: timeout"]);
    assert.equal(d.canRegenerate, true);
    assert.deepEqual(slotDisplay(slot({ state: "failed", rank: 3 })).notes, ["This portrait couldn't be made. Try regenerating it."]);
  });

  test("the instruction of a regeneration is shown", () => {
    assert.deepEqual(slotDisplay(slot({ instruction: "more light", attempt: 3 })).notes, ["Instruction: “more light”", "Attempt 3"]);
    const notDone = "Clothing and accessories need a generative image model (set FAL_KEY).";
    assert.deepEqual(
      slotDisplay(slot({ instruction: "warmer, navy blazer", instructionNotes: [notDone], attempt: 2 })).notes,
      ["Instruction: “warmer, navy blazer”", notDone, "Attempt 2"]);
  });

  test("an unknown state shows as itself, neutral", () => {
    assert.deepEqual(slotDisplay(slot({ state: "exploded", rank: 0 })).chip, { label: "exploded", tone: "neutral", icon: "dot" });
  });
});

test("attemptLabel: number, state, distance", () => {
  assert.equal(attemptLabel({ attempt: 2, state: "needs_review", identityDistance: 0.613 }), "#2 · needs review · doesn't look like you 0.61");
  assert.equal(attemptLabel({ attempt: 1, state: "verified", identityDistance: 0.3 }), "#1 · verified · strong likeness 0.30");
  assert.equal(attemptLabel({ attempt: 1, state: "rejected", identityDistance: null }), "#1 · rejected");
  // The offline studio's: the distance, without the "verified" badge.
  assert.equal(attemptLabel({ attempt: 1, state: "verified", identityDistance: 0.21, preview: true }), "#1 · offline preview · strong likeness 0.21");
  assert.equal(attemptLabel({ attempt: 2, state: "needs_review", identityDistance: 0.7, preview: true }).startsWith("#2 · needs review"), true);
  // What it was asked with, so an earlier look can be found again (instructions do not build on one another).
  assert.equal(attemptLabel({ attempt: 2, state: "verified", identityDistance: 0.17, preview: true, instruction: "warmer light, city background" }),
    "#2 · offline preview · strong likeness 0.17 · “warmer light, city background”");
  assert.equal(attemptLabel({ attempt: 3, state: "verified", identityDistance: null, instruction: "x".repeat(60) }), `#3 · verified · “${"x".repeat(39)}…”`);
});

describe("portraitProgress", () => {
  const s = (state, url = null) => ({ state, rank: { queued: 0, generating: 1, verified: 3, needs_review: 3, failed: 3 }[state], url });

  test("while working: finished of total done", () => {
    const p = portraitProgress([s("verified", "/a"), s("failed"), s("generating"), s("queued"), s("queued")]);
    assert.deepEqual(p, { working: true, finished: 2, total: 5, value: "2 of 5", unit: " done", summary: "1 verified · 1 failed" });
  });

  test("all finished: those with a picture are ready, and the verdicts", () => {
    const p = portraitProgress([s("verified", "/a"), s("verified", "/b"), s("needs_review", "/c"), s("failed"), s("verified", "/e")]);
    assert.deepEqual(p, { working: false, finished: 5, total: 5, value: "4 of 5", unit: " ready", summary: "3 verified · 1 to review · 1 failed" });
  });

  test("the offline studio's portraits are counted as previews, not as verified", () => {
    const preview = (url) => ({ ...s("verified", url), madeBy: "composite" });
    const all = portraitProgress([preview("/a"), preview("/b"), preview("/c"), preview("/d"), s("needs_review", "/e")]);
    assert.equal(all.summary, "4 offline previews · 1 to review");
    const mixed = portraitProgress([preview("/a"), s("verified", "/b"), s("queued"), s("queued"), s("queued")]);
    assert.equal(mixed.summary, "1 verified · 1 offline preview");
  });

  test("no slots yet counts as five to come", () => {
    assert.deepEqual(portraitProgress([]), { working: true, finished: 0, total: 5, value: "0 of 5", unit: " done", summary: "0 verified" });
  });
});

describe("the download and what made the portrait (issue 18)", () => {
  test("a made portrait offers its download, labelled by how it was made", () => {
    const model = slotDisplay(slot({ state: "verified", rank: 4, url: "/media/a", identityDistance: 0.3, madeBy: "trainedAlgorithmicMedia" }));
    assert.equal(model.download.url, "/media/a");
    assert.equal(model.download.fileName, "1-professional-headshot.jpg", "as in the ZIP of all five");
    assert.equal(model.download.madeBy.text, "AI-generated");
    const studio = slotDisplay(slot({ state: "verified", rank: 4, url: "/media/b", identityDistance: 0.3, madeBy: "composite" }));
    assert.equal(studio.download.madeBy.text, "Photo composite");
    const png = slotDisplay(slot({ state: "verified", rank: 4, url: "/media/c", identityDistance: 0.3, contentType: "image/png" }));
    assert.equal(png.download.fileName, "1-professional-headshot.png", "named after the stored type");
  });

  test("nothing to download while it is being made; no label when the server did not say", () => {
    assert.equal(slotDisplay(slot({ state: "generating", rank: 2, previousUrl: "/media/old" })).download, null);
    assert.equal(slotDisplay(slot({ state: "verified", rank: 4, url: "/media/a", identityDistance: 0.3 })).download.madeBy, null);
  });
});

test("a portrait's name says portrait once: the environmental portrait's title has it already", () => {
  assert.equal(portraitName("Dynamic action"), "Dynamic action portrait");
  assert.equal(portraitName("Environmental portrait"), "Environmental portrait");
  assert.equal(portraitName("Thoughtful close-up"), "Thoughtful close-up portrait");
});

describe("a thumbnail cropped round the face", () => {
  test("a wide portrait's face off to the right is brought to the 4:5 card's middle, within the picture", () => {
    // 1024 × 576 (16:9), face at 70 %: shown 1.778 wide for 0.8 visible; (0.7 × 1.778 − 0.4) / 0.978 = 86.4 %.
    assert.equal(coverPosition({ x: 0.7, y: 0.4 }, 1024, 576), "86.4% 50%");
    assert.equal(coverPosition({ x: 0.98, y: 0.4 }, 1024, 576), "100% 50%", "never past the picture's edge");
    assert.equal(coverPosition({ x: 0.5, y: 0.5 }, 1024, 576), "50% 50%");
  });
  test("a tall one moves up or down; one of the card's own shape is not moved; nothing known, nothing set", () => {
    assert.equal(coverPosition({ x: 0.5, y: 0.2 }, 500, 1000), "50% 0%"); // (0.2 × 2 − 0.625) / 0.75 < 0: the top
    assert.equal(coverPosition({ x: 0.5, y: 0.6 }, 500, 1000), "50% 76.7%"); // (1.2 − 0.625) / 0.75
    assert.equal(coverPosition({ x: 0.9, y: 0.1 }, 820, 1025), "50% 50%");
    assert.equal(coverPosition(null, 1024, 576), null);
    assert.equal(coverPosition({ x: 0.7, y: 0.4 }, null, 576), null);
  });
  test("the API's faceCentre reaches the card's picture; an earlier attempt shown greyed gets none", () => {
    const detail = { portraits: [{ index: 2, title: "Dynamic action", scenario: "dynamic_action", state: "verified", attempts: 1,
      url: "/m/2", width: 1024, height: 576, identityDistance: 0.2, faceCentre: { x: 0.7, y: 0.4 }, history: [] }] };
    const state = withDetail(initialPersonaState(), detail);
    assert.equal(slotDisplay(state.slots[2]).image.position, "86.4% 50%");
    assert.equal(slotDisplay({ ...state.slots[2], url: null, previousUrl: "/m/1" }).image.position, null);
  });
});
