// The onboarding as the page reads it (Public/js/onboarding-state.js): launchpad cards, the
// wizard's screen, back and next, what may be visited, percent text.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  SUBSTEP_KEYS, avatarPhase, canVisit, currentStep, findStep, hasCapability, isOpenable, isSkippable, isStepDone, pageGuide,
  lockedMessage,
  missingText, nextSubstep, sameId, optionLabel, optionList, percentText, previousSubstep, stepCardModel, stepHref,
  stepsDoneText, substepItems, substepPositionText, wizardScreen, wizardStarted,
} from "../../Public/js/onboarding-state.js";
import { onboardingState } from "./onboarding-fixtures.mjs";

test("a new user: step 1 is current and can be started; 2 and 3 locked; 4 and 5 not on this server", () => {
  const state = onboardingState();
  const cards = state.steps.map((s) => stepCardModel(s, state));
  assert.deepEqual(cards.map((c) => c.state), ["current", "locked", "locked", "unavailable", "unavailable"]);
  assert.deepEqual(cards[0].action, { label: "Start", href: "#/onboarding", primary: true });
  assert.equal(cards[0].message, null);
  assert.equal(cards[1].action, null);
  assert.equal(cards[1].message, "Complete step 1 to unlock");
  assert.equal(cards[2].message, "Complete step 2 to unlock");
  assert.equal(cards[3].message, "Not available on this server yet");
  assert.equal(cards[4].chip.label, "Coming later");
  assert.equal(cards[0].chip.label, "Up next");
});

test("step 1 under way is 'Continue'; done steps offer 'Review', skipped ones 'Open'", () => {
  const started = onboardingState({ substep: "brand", substeps: { profile: "done" } });
  assert.equal(stepCardModel(started.steps[0], started).action.label, "Continue");
  assert.equal(wizardStarted(started), true);
  assert.equal(wizardStarted(onboardingState()), false);
  const later = onboardingState({ steps: { 1: "done", 2: "skipped", 3: "current" } });
  const cards = later.steps.map((s) => stepCardModel(s, later));
  assert.deepEqual(cards[0].action, { label: "Review", href: "#/onboarding", primary: false });
  assert.deepEqual(cards[1].action, { label: "Open", href: "#/steps/2", primary: false });
  assert.deepEqual(cards[2].action, { label: "Start", href: "#/steps/3", primary: true });
  assert.equal(currentStep(later).number, 3);
});

test("isStepDone: only a done step, not a skipped, current or missing one", () => {
  const later = onboardingState({ steps: { 1: "done", 2: "skipped", 3: "current" } });
  assert.deepEqual([1, 2, 3, 4, 9].map((n) => isStepDone(later, n)), [true, false, false, false, false]);
  assert.equal(isStepDone(null, 1), false);
});

test("pageGuide: a done or skipped step's page has its own words; an open one the page-wide guide", () => {
  const later = onboardingState({ steps: { 1: "done", 2: "skipped", 3: "current" } });
  assert.equal(pageGuide(later, 1).id, "step1:done:next");
  assert.equal(pageGuide(later, 2).id, "step2:skipped:next");
  later.steps[2].guide = { id: "step3:review", text: "Step 3: …", mood: "info" };
  assert.equal(pageGuide(later, 3).id, "step3:review", "the step's own words, not the page-wide guide's");
  // A server without per-step words: the page-wide guide.
  const older = { ...later, steps: later.steps.map(({ guide, ...rest }) => rest) };
  assert.equal(pageGuide(older, 1), later.guide);
  assert.equal(pageGuide(null, 1), null);
});

test("a step offered by the server that this page has no screen for is not a link", () => {
  const state = onboardingState({ steps: { 1: "done", 2: "done", 3: "done", 4: "current" }, capabilities: ["socials"] });
  const card = stepCardModel(findStep(state, 4), state);
  assert.equal(card.action, null);
  assert.equal(card.message, "Not available on this server yet");
  assert.equal(isOpenable(findStep(state, 4)), false);
  assert.equal(currentStep(state), null);
});

test("stepHref, isOpenable, lockedMessage", () => {
  assert.equal(stepHref(1), "#/onboarding");
  assert.equal(stepHref(3), "#/steps/3");
  assert.equal(stepHref(4), null);
  assert.equal(isOpenable({ number: 2, state: "locked" }), false);
  assert.equal(isOpenable({ number: 2, state: "skipped" }), true);
  assert.equal(isOpenable(null), false);
  assert.equal(lockedMessage({ number: 3, state: "locked", lockedMessage: null }), "Complete step 2 to unlock");
  assert.equal(lockedMessage({ number: 3, state: "locked", lockedMessage: "Finish your brand first" }), "Finish your brand first");
  assert.equal(lockedMessage(null), "There is no such step.");
});

test("percent and steps done", () => {
  assert.equal(percentText(0), "0% complete");
  assert.equal(percentText(60), "60% complete");
  assert.equal(percentText(140), "100% complete");
  assert.equal(percentText(undefined), "0% complete");
  const state = onboardingState({ steps: { 1: "done", 2: "skipped", 3: "current" } });
  assert.equal(stepsDoneText(state), "2 of 5 steps done (1 skipped)");
  assert.equal(stepsDoneText(onboardingState({ steps: { 1: "done", 2: "done", 3: "current" } })), "2 of 5 steps done");
});

test("the wizard shows the server's sub-step; back and next walk the five in order", () => {
  assert.equal(wizardScreen(onboardingState({ substep: "avatar" })), "avatar");
  // An unknown position: the first sub-step still to do.
  assert.equal(wizardScreen(onboardingState({ substep: "nope", substeps: { profile: "done", brand: "skipped" } })), "avatar");
  assert.deepEqual(SUBSTEP_KEYS.map(nextSubstep), ["brand", "avatar", "preferences", "review", null]);
  assert.deepEqual(SUBSTEP_KEYS.map(previousSubstep), [null, "profile", "brand", "avatar", "preferences"]);
  assert.equal(nextSubstep("nope"), null);
  assert.equal(substepPositionText("avatar"), "Step 1.3 of 1.5");
  assert.equal(substepPositionText("x"), "");
});

test("canVisit: up to the first sub-step still to do, never past it", () => {
  const state = onboardingState({ substep: "avatar", substeps: { profile: "done", brand: "skipped" } });
  assert.deepEqual(SUBSTEP_KEYS.map((k) => canVisit(state, k)), [true, true, true, false, false]);
  const fresh = onboardingState();
  assert.deepEqual(SUBSTEP_KEYS.map((k) => canVisit(fresh, k)), [true, false, false, false, false]);
  assert.equal(canVisit(fresh, "nope"), false);
});

test("the indicator: the current one marked, the others reachable or not", () => {
  const state = onboardingState({ substep: "brand", substeps: { profile: "done" } });
  const items = substepItems(state);
  assert.deepEqual(items.map((i) => [i.key, i.number, i.state, i.reachable]), [
    ["profile", "1.1", "done", true],
    ["brand", "1.2", "current", false],
    ["avatar", "1.3", "pending", false],
    ["preferences", "1.4", "pending", false],
    ["review", "1.5", "pending", false],
  ]);
  assert.equal(items[1].title, "Brand identity");
  // Going back to a done sub-step keeps the later ones reachable.
  const back = substepItems(onboardingState({ substep: "profile", substeps: { profile: "done", brand: "done" } }));
  assert.deepEqual(back.map((i) => i.reachable), [false, true, true, false, false]);
});

test("only brand and preferences are skippable", () => {
  const state = onboardingState();
  assert.deepEqual(SUBSTEP_KEYS.map((k) => isSkippable(state, k)), [false, true, false, true, false]);
  const saved = onboardingState({ substep: "brand", substeps: { profile: "done", brand: "done", preferences: "skipped" } });
  assert.deepEqual(SUBSTEP_KEYS.map((k) => isSkippable(saved, k)), [false, false, false, true, false], "a saved brand is not skipped");
});

test("the avatar sub-step: consent first, then create, making, ready or failed", () => {
  assert.equal(avatarPhase(onboardingState()), "consent");
  const consent = { accepted: true, acceptedAt: "2026-12-01T17:00:00Z", version: 1, notice: "…" };
  assert.equal(avatarPhase(onboardingState({ consent })), "create");
  const avatar = (status) => ({ defaultPersonaId: "p1", status, portraitsReady: 0 });
  assert.equal(avatarPhase(onboardingState({ consent, avatar: avatar("generating") })), "making");
  assert.equal(avatarPhase(onboardingState({ consent, avatar: avatar("analyzing") })), "making");
  assert.equal(avatarPhase(onboardingState({ consent, avatar: avatar("ready") })), "ready");
  assert.equal(avatarPhase(onboardingState({ consent, avatar: avatar("failed") })), "failed");
});

test("capabilities", () => {
  assert.equal(hasCapability(onboardingState(), "brand_pdf"), false);
  assert.equal(hasCapability(onboardingState({ capabilities: ["brand_pdf"] }), "brand_pdf"), true);
  assert.equal(hasCapability(null, "brand_pdf"), false);
});

test("options: {value, label} or strings", () => {
  assert.deepEqual(optionList([{ value: "tech", label: "Tech" }]), [{ value: "tech", label: "Tech" }]);
  assert.deepEqual(optionList(["behind_the_scenes"]), [{ value: "behind_the_scenes", label: "Behind the scenes" }]);
  assert.deepEqual(optionList(undefined), []);
  assert.equal(optionLabel([{ value: "x", label: "X (Twitter)" }], "x"), "X (Twitter)");
  assert.equal(optionLabel([], "weekly"), "weekly");
});

test("what step 1 still needs, in words", () => {
  const state = onboardingState();
  assert.deepEqual(missingText(state, { missing: ["avatar", "preferences"] }), ["1.3 Your AI avatar", "1.4 Content preferences"]);
  assert.deepEqual(missingText(state, ["1.1"]), ["1.1 Welcome & profile"]);
  assert.deepEqual(missingText(state, null), []);
});

test("sameId: UUIDs in either case", () => {
  assert.equal(sameId("BC6DCE85-28F6", "bc6dce85-28f6"), true);
  assert.equal(sameId("a", "b"), false);
  assert.equal(sameId(null, null), false);
  assert.equal(sameId(undefined, "a"), false);
});
