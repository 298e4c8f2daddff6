// The content studio's rules (Public/js/design-studio.js) and words (Public/js/design-words.js):
// which version the page shows, live events, comparing, the chat, the suggestion, the list; and the
// designs API's paths (Public/js/api.js). Designs are shaped as Sources/App/Designs/DesignResponses.swift sends them.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { Designs, Personas } from "../../Public/js/api.js";
import {
  DESIGN_EVENT_TYPES, chatEntries, comparePair, coverImage, defaultVersion, designToRefetch, groupMembers,
  initialStudioState, listEntries, previewModel, reduceDesignEvent, refineBlock, restartRequest, shownVersion,
  suggestionText, tilePreview, unwrapDesign, versionActions, withCompareCleared, withCompareToggled, withDesign,
  withGroup, withSelected,
} from "../../Public/js/design-studio.js";
import {
  designName, formatLabel, formatOf, frameStyle, provenanceText, stageText, versionFacts, versionLabel,
} from "../../Public/js/design-words.js";

function version(number, changes = {}) {
  return {
    number, kind: number === 1 ? "create" : "refine", instruction: number === 1 ? null : `change ${number}`,
    effectivePrompt: `prompt after ${number}`, state: "ready", provider: "local", costUSD: 0,
    imageUrl: `/media/d1/v${number}.png`, identityDistance: 0.3, likeness: "strong", textCheck: "drawn",
    title: { text: "Bitcoin in 2027", contrast: 7.1, truncated: false }, notes: [], warning: null, error: null,
    createdAt: "2026-12-01T10:00:00Z", completedAt: "2026-12-01T10:00:05Z", ...changes,
  };
}

const rendering = (number, changes = {}) => version(number, { state: "rendering", imageUrl: null, ...changes });
const failedWith = (message) => ({ state: "failed", imageUrl: null, error: { code: "refused", message } });

function design(changes = {}) {
  return {
    id: "D1", personaId: "p1", group: null, format: "youtube-thumbnail", width: 1280, height: 720,
    prompt: "me looking excited about crypto, big bold title 'Bitcoin in 2027'", title: "Bitcoin in 2027",
    state: "ready", currentVersion: 1, finalizedVersion: null, suggestion: null, eventCursor: 41, versions: [version(1)],
    createdAt: "2026-12-01T10:00:00Z", updatedAt: "2026-12-01T10:00:05Z", ...changes,
  };
}

const loaded = (d = design()) => withDesign(initialStudioState(), d);
const ev = (type, data) => ({ type, data });
const onD1 = (type, data = {}) => ev(type, { designId: "D1", version: 1, ...data });
const working = (changes = {}) => ({
  kind: "working", stage: "Queued", progress: null, partialUrl: null, underUrl: null, ...changes,
});

describe("which version is shown", () => {
  test("the current one; a newer one still being made, to watch it form", () => {
    assert.equal(shownVersion(loaded()).number, 1);
    const refining = design({ state: "working", versions: [version(1), rendering(2)] });
    assert.equal(shownVersion(loaded(refining)).number, 2);
    // After "Use this version" on v1, v1 is shown even though v2 is newer and ready.
    assert.equal(defaultVersion(design({ currentVersion: 1, versions: [version(1), version(2)] })).number, 1);
    assert.equal(shownVersion(initialStudioState()), null);
  });

  test("a version picked in the strip stays shown, until a new version is made", () => {
    const two = design({ currentVersion: 2, versions: [version(1), version(2)] });
    let state = withSelected(loaded(two), 1);
    assert.equal(shownVersion(state).number, 1);
    state = withDesign(state, { ...two, updatedAt: "later" });
    assert.equal(shownVersion(state).number, 1, "a refetch of the same versions keeps the pick");
    state = withDesign(state, { ...two, state: "working", versions: [...two.versions, rendering(3, { state: "queued" })] });
    assert.equal(state.selected, null);
    assert.equal(shownVersion(state).number, 3);
    assert.equal(withSelected(state, 9).selected, null, "a version that does not exist cannot be picked");
  });

  test("a version watched while it formed stays shown when it fails", () => {
    const forming = design({ state: "working", versions: [version(1), rendering(2)] });
    const failed = design({ versions: [version(1), version(2, failedWith("The model refused."))] });
    const state = withDesign(loaded(forming), failed);
    assert.equal(shownVersion(state).number, 2);
    assert.deepEqual(previewModel(state), { kind: "failed", message: "The model refused.", underUrl: "/media/d1/v1.png" });
    // Opened afterwards, the page shows the current version, not the failure.
    assert.equal(shownVersion(loaded(failed)).number, 1);
  });

  test("the API's design bare or wrapped", () => {
    assert.equal(unwrapDesign({ design: design() }).id, "D1");
    assert.equal(unwrapDesign(design()).id, "D1");
  });
});

describe("live events", () => {
  const forming = design({ state: "working", versions: [rendering(1, { state: "queued" })] });

  test("the page listens to the five design events", () => {
    assert.deepEqual(DESIGN_EVENT_TYPES, [
      "design.queued", "design.progress", "design.partial_image", "design.version_ready", "design.failed",
    ]);
  });

  test("every design event for a design on the page asks for it again (ids in any case); others change nothing", () => {
    const state = loaded(forming);
    for (const type of DESIGN_EVENT_TYPES) {
      assert.equal(designToRefetch(state, ev(type, { designId: "d1", version: 1 })), "d1");
    }
    const other = ev("design.progress", { designId: "D2", version: 1, stage: "rendering", progress: 0.5 });
    assert.equal(designToRefetch(state, other), null);
    assert.equal(reduceDesignEvent(state, other), state);
    assert.equal(designToRefetch(state, ev("portrait_ready", { designId: "D1" })), null);
  });

  test("progress: only the stage and fraction reported, no bar without a number", () => {
    let state = reduceDesignEvent(loaded(forming), onD1("design.queued"));
    assert.deepEqual(previewModel(state), working());
    state = reduceDesignEvent(state, onD1("design.progress", { stage: "in_queue", progress: 0.25 }));
    assert.deepEqual(previewModel(state), working({ stage: "In queue", progress: 0.25 }));
    // The worker's own stages come without a number: no bar then.
    state = reduceDesignEvent(state, onD1("design.progress", { stage: "checking likeness" }));
    assert.deepEqual(previewModel(state), working({ stage: "Checking likeness" }));
    state = reduceDesignEvent(state, onD1("design.progress", { stage: "x", progress: 7 }));
    assert.equal(previewModel(state).progress, 1, "clamped to 0..1");
  });

  test("FAL's queue position is shown counted for people", () => {
    let state = reduceDesignEvent(loaded(forming), onD1("design.progress", { stage: "in_queue", queuePosition: 2 }));
    assert.equal(previewModel(state).stage, "In queue, 2 ahead");
    state = reduceDesignEvent(state, onD1("design.progress", { stage: "in_queue", queuePosition: 0 }));
    assert.equal(previewModel(state).stage, "In queue, next in line");
    state = reduceDesignEvent(state, onD1("design.progress", { stage: "generating" }));
    assert.equal(previewModel(state).stage, "Generating");
  });

  test("before any event, a queued version says so from its own state (nothing invented)", () => {
    assert.deepEqual(previewModel(loaded(forming)), working());
  });

  test("a partial image shows while the version is made, then the final picture replaces it", () => {
    let state = reduceDesignEvent(loaded(forming), onD1("design.partial_image", { url: "/media/partial.png" }));
    assert.equal(previewModel(state).partialUrl, "/media/partial.png");
    state = withDesign(state, design());
    assert.deepEqual(previewModel(state), { kind: "image", url: "/media/d1/v1.png" });
    assert.deepEqual(state.live, {}, "what the events said is dropped once the version is finished");
  });

  test("a failure event shows at once, before the design is fetched again", () => {
    const state = reduceDesignEvent(loaded(forming), onD1("design.failed", { code: "refused", message: "Refused." }));
    assert.deepEqual(previewModel(state), { kind: "failed", message: "Refused.", underUrl: null });
  });

  test("a refinement being made shows the previous picture faded beneath", () => {
    const refining = design({ state: "working", versions: [version(1), rendering(2)] });
    assert.equal(previewModel(loaded(refining)).underUrl, "/media/d1/v1.png");
  });

  test("events for the group's other variations are followed too", () => {
    const one = design({ group: "g1" });
    const two = design({ id: "D2", group: "g1", state: "working", versions: [rendering(1)] });
    const state = withGroup(loaded(one), [two, one, design({ id: "D9" })]);
    assert.deepEqual(state.group.map((d) => d.id), ["D1", "D2"]);
    const progress = ev("design.progress", { designId: "D2", version: 1, stage: "rendering", progress: 0.5 });
    const next = reduceDesignEvent(state, progress);
    assert.equal(tilePreview(next.group[1], next.live).progress, 0.5);
    const fetched = withDesign(next, { ...two, state: "ready", versions: [version(1)] });
    assert.equal(fetched.design.id, "D1", "a sibling fetched again does not replace the shown design");
    assert.equal(fetched.group[1].state, "ready");
  });
});

describe("comparing two versions", () => {
  const three = design({ currentVersion: 3, versions: [version(1), version(2), version(3)] });

  test("two picks, older first; a third replaces the oldest pick; unpick and clear", () => {
    let state = withCompareToggled(loaded(three), 3);
    assert.equal(comparePair(state), null);
    state = withCompareToggled(state, 1);
    assert.deepEqual(comparePair(state).map((v) => v.number), [1, 3]);
    state = withCompareToggled(state, 2);
    assert.deepEqual(state.compare, [1, 2]);
    state = withCompareToggled(state, 1);
    assert.deepEqual(state.compare, [2]);
    assert.deepEqual(withCompareCleared(withCompareToggled(state, 3)).compare, []);
    assert.equal(withCompareToggled(state, 8), state, "a version that does not exist is not picked");
  });
});

describe("what can be done", () => {
  test("use, finalize and download a ready version; nothing for one being made", () => {
    const d = design({ currentVersion: 2, finalizedVersion: 2, versions: [version(1), version(2), rendering(3)] });
    const [one, two, three] = d.versions.map((v) => versionActions(d, v));
    assert.deepEqual(one, { isCurrent: false, isFinal: false, canUse: true, canFinalize: true, canDownload: true });
    assert.deepEqual(two, { isCurrent: true, isFinal: true, canUse: false, canFinalize: false, canDownload: true });
    assert.deepEqual(three, {
      isCurrent: false, isFinal: false, canUse: false, canFinalize: false, canDownload: false,
    });
  });

  test("refining waits for the version being made, and needs a finished one", () => {
    assert.equal(refineBlock(design()), null);
    assert.equal(refineBlock(design({ versions: [version(1), rendering(2, { state: "queued" })] })), "Wait for v2 to finish.");
    assert.equal(refineBlock(design({ versions: [version(1, failedWith("No."))] })), "Refining starts from a finished version.");
  });

  test("the suggestion to start again: once refined and nothing is being made", () => {
    const advice = "Many refinements: start again from the original?";
    assert.equal(suggestionText(design({ suggestion: advice, versions: [version(1), version(2)] })), advice);
    assert.equal(suggestionText(design({ suggestion: null, versions: [version(1), version(2)] })), null);
    assert.equal(suggestionText(design({ suggestion: advice })), null, "with the original only, there is nothing to restart from");
    const drifted = design({ suggestion: advice, versions: [version(1, { likeness: "weak", warning: "May not look like you." })] });
    assert.equal(suggestionText(drifted), advice, "unless even the original came out with a warning");
    const busy = design({ suggestion: advice, state: "working", versions: [version(1), rendering(2)] });
    assert.equal(suggestionText(busy), null);
  });

  test("starting again asks for the original prompt, format, persona and title, one design", () => {
    assert.deepEqual(restartRequest(design({ currentVersion: 9 })), {
      prompt: "me looking excited about crypto, big bold title 'Bitcoin in 2027'", format: "youtube-thumbnail",
      variations: 1, personaId: "p1", title: "Bitcoin in 2027",
    });
    assert.equal("title" in restartRequest(design({ versions: [version(1, { title: null })] })), false);
    const retitled = design({ title: "Refined title", versions: [version(1), version(2, { title: { text: "Refined title", contrast: 7, truncated: false } })] });
    assert.equal(restartRequest(retitled).title, "Bitcoin in 2027", "the original's title, not a refinement's");
  });

  test("the paths: a version's download in each format, the persona's stream after a cursor", () => {
    assert.equal(Designs.downloadUrl("D1", 2, "webp"), "/api/designs/D1/versions/2/download?format=webp");
    assert.equal(Personas.eventsUrl("p1", 41), "/api/personas/p1/events?lastEventId=41");
    assert.equal(Personas.eventsUrl("p1"), "/api/personas/p1/events");
  });
});

describe("the chat", () => {
  test("the prompt, then each instruction, with its effective prompt and the studio's reply", () => {
    const cannot = "The expression could not be changed: no other portrait fits.";
    const d = design({
      state: "working",
      versions: [
        version(1),
        version(2, { instruction: "more dramatic lighting", notes: [cannot] }),
        version(3, { instruction: "make it blue", ...failedWith("The renderer failed.") }),
        rendering(4, { instruction: "bigger title" }),
      ],
    });
    const [first, second, third, fourth] = chatEntries(d);
    assert.equal(first.ask, d.prompt);
    assert.deepEqual(first.replies, ["Done: v1."]);
    assert.deepEqual([second.ask, second.effectivePrompt], ["more dramatic lighting", "prompt after 2"]);
    assert.deepEqual([second.replies, second.tone], [[cannot], "warning"]);
    assert.deepEqual([third.replies, third.tone], [["The renderer failed."], "danger"]);
    assert.deepEqual([fourth.replies, fourth.working], [["Rendering…"], true]);
  });

  test("a ready version's reply carries its picture; one in the making or failed does not", () => {
    const d = design({
      state: "working",
      versions: [version(1), version(2, failedWith("The renderer failed.")), rendering(3, { instruction: "bigger title" })],
    });
    assert.deepEqual(chatEntries(d).map((entry) => entry.imageUrl), ["/media/d1/v1.png", null, null]);
  });

  test("a change done as asked is no warning; one with something not done is", () => {
    const done = "Changed: more dramatic light.";
    const notDone = "Not understood, so not done: parrot.";
    const d = design({ versions: [version(1), version(2, { notes: [done] }), version(3, { notes: [done, notDone] })] });
    const [, second, third] = chatEntries(d);
    assert.deepEqual([second.replies, second.tone], [[done], "success"]);
    assert.deepEqual([third.replies, third.tone], [[done, notDone], "warning"]);
  });

  test("a missing brand font is said once, not under every refinement; an ask not understood is said each time", () => {
    const font = "The brand's font Montserrat is not installed here; the title is set in DejaVu Sans.";
    const parrot = "Not understood, so not done: parrot.";
    const done = "Changed: bigger title.";
    const d = design({
      versions: [
        version(1, { notes: [font] }), version(2, { notes: [font, done] }),
        version(3, { notes: [font, parrot] }), version(4, { notes: [font, parrot] }),
      ],
    });
    const [first, second, third, fourth] = chatEntries(d);
    assert.deepEqual([first.replies, first.tone], [[font], "warning"]);
    assert.deepEqual([second.replies, second.tone], [[done], "success"]);
    assert.deepEqual([third.replies, fourth.replies], [[parrot], [parrot]]);
    // A failed first version showed its error, not the note: the next one says it.
    const afterFailure = design({ versions: [version(1, { notes: [font], ...failedWith("boom") }), version(2, { notes: [font] })] });
    assert.deepEqual(chatEntries(afterFailure).map((entry) => entry.replies), [["boom"], [font]]);
  });

  test("on FAL: what the model was asked is no warning, and a final says what it finalized", () => {
    const asked = "Asked of the image model in your words: “add a glow”.";
    const remade = "Version 2 made again at high quality, as the final.";
    const d = design({
      versions: [
        version(1), version(2, { notes: [asked] }),
        version(3, { kind: "final", instruction: null, inputs: { previousVersion: 2 }, notes: [remade] }),
      ],
    });
    const [, second, third] = chatEntries(d);
    assert.equal(second.tone, "success");
    assert.deepEqual([third.ask, third.tone], ["Finalize v2 at high quality", "success"]);
  });
});

describe("the list of designs", () => {
  test("newest first, a group of variations as one entry, its members oldest first", () => {
    const a = design({ id: "a", createdAt: "2026-12-03" });
    const g = ["g4", "g3", "g2", "g1"].map((id) => design({ id, group: "G", createdAt: "2026-12-02" }));
    const b = design({ id: "b", createdAt: "2026-12-01" });
    const entries = listEntries([a, ...g, b]);
    assert.deepEqual(entries.map((e) => e.kind), ["single", "group", "single"]);
    assert.deepEqual(entries[1].designs.map((d) => d.id), ["g1", "g2", "g3", "g4"]);
    assert.deepEqual(groupMembers([a, ...g], null), []);
  });

  test("the cover: the current version's picture, else the newest ready one", () => {
    assert.equal(coverImage(design({ currentVersion: 2, versions: [version(1), version(2)] })), "/media/d1/v2.png");
    const lastFailed = design({ currentVersion: 2, versions: [version(1), version(2, failedWith("No."))] });
    assert.equal(coverImage(lastFailed), "/media/d1/v1.png");
    assert.equal(coverImage(design({ versions: [] })), null);
  });

  test("a listed design without versions: being made, failed or nothing", () => {
    assert.equal(tilePreview(design({ versions: undefined, state: "working" })).kind, "working");
    assert.equal(tilePreview(design({ versions: undefined, state: "failed" })).kind, "failed");
    assert.equal(tilePreview(design({ versions: [], state: "ready" })).kind, "empty");
  });
});

describe("words", () => {
  test("likeness, title contrast, the title drawn and whole, the warning", () => {
    const facts = (changes) => versionFacts(version(1, changes)).map((f) => [f.text, f.tone]);
    assert.deepEqual(facts({ warning: "The face may not be yours." }), [
      ["Strong likeness (identity distance 0.30)", "success"],
      ["Title easy to read (contrast 7.1:1)", "success"],
      ["Title “Bitcoin in 2027” drawn as written", "success"],
      ["The face may not be yours.", "warning"],
    ]);
    const weak = {
      likeness: "off", identityDistance: 0.7, title: { text: "Hi", contrast: 3.2, truncated: true }, textCheck: "not_verified",
    };
    assert.deepEqual(facts(weak), [
      ["Doesn't look like you (identity distance 0.70)", "danger"],
      ["Title may be hard to read (contrast 3.2:1, below 4.5:1)", "warning"],
      ["Title “Hi” not verified: check it reads right", "neutral"],
      ["Title shortened to fit", "warning"],
    ]);
    const plain = facts({ likeness: null, identityDistance: null, title: null, textCheck: "none" });
    assert.deepEqual(plain, [["Likeness not checked (no face to compare)", "neutral"]]);
    assert.deepEqual(versionFacts(rendering(1)), []);
  });

  test("formats, stages, labels, provenance", () => {
    const story = { id: "story", label: "Story / reel cover", width: 1080, height: 1920 };
    assert.equal(formatLabel(story), "Story / reel cover · 1080×1920");
    assert.equal(formatOf([], design()).label, "Youtube thumbnail", "without the list, words from the id");
    assert.equal(formatOf([{ id: "youtube-thumbnail", label: "YouTube thumbnail" }], design()).label, "YouTube thumbnail");
    assert.equal(frameStyle(1280, 720), "--w:1280;--h:720");
    assert.equal(frameStyle(0, 720), "--w:1;--h:1");
    assert.equal(stageText("in_queue"), "In queue");
    assert.equal(stageText(null), "");
    assert.equal(versionLabel(version(2)), "v2 · Refined");
    assert.equal(provenanceText(version(1, { costUSD: 0.04, provider: "fal" })), "fal · $0.04");
    assert.equal(provenanceText(version(1)), "Layout renderer · $0.00");
    const gpt = { provider: "fal", model: "fal-ai/gpt-image-1.5/edit", quality: "medium", costUSD: 0.05 };
    assert.equal(provenanceText(version(1, gpt)), "GPT Image 1.5, medium · $0.05");
    const fallback = { ...gpt, model: "fal-ai/nano-banana-pro/edit", fallbackReason: "content_policy_violation" };
    assert.equal(provenanceText(version(1, fallback)), "Nano Banana Pro (GPT Image refused: content policy) · $0.05");
    assert.equal(versionLabel(version(3, { kind: "final" })), "v3 · Final, high quality");
  });
});

test("designName: the title, else the prompt, the same on the page and in the list", () => {
  assert.equal(designName({ title: "Chips in 2027", prompt: "me, 'Chips in 2027'" }), "Chips in 2027");
  assert.equal(designName({ title: "", prompt: "me on the right with a dark background" }), "me on the right with a dark background");
  assert.equal(designName({ title: "", prompt: "" }), "Untitled design");
  // After "no text" the design keeps the name its versions' title gave it.
  assert.equal(designName({
    title: "", prompt: "me smiling, a tip for devs: 'Ship before you feel ready'",
    versions: [{ title: { text: "Ship before you feel ready" } }, { title: null }],
  }), "Ship before you feel ready");
  assert.equal(designName(null), "Untitled design");
  const long = designName({ title: "", prompt: "word ".repeat(100) });
  assert.ok(long.length <= 80 && long.endsWith("…"), long);
});
