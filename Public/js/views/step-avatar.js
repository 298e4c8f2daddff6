// Step 3, "Review your AI avatar" (#/steps/3): the default persona's portraits, large, each with
// "Regenerate" (an instruction optional) arriving live; another ready persona can become the
// default instead; confirming finishes the step. It works on the shared persona, not a copy.
import { Onboarding, Personas } from "../api.js";
import { h, icon } from "../dom.js";
import { isFinished, slotList } from "../persona-events.js";
import { isStepDone, pageGuide, sameId } from "../onboarding-state.js";
import { followPersona } from "../persona-live.js";
import { createGuidePanel } from "../components/guide-panel.js";
import { createPortraitGrid } from "../components/portrait-grid.js";
import { createPortraitViewer } from "./portrait-viewer.js";
import { createStepPage } from "./step-page.js";

const INTRO = "Your portraits: open any to see it full size and its earlier attempts. Regenerate any you'd like different, or pick another persona as your avatar.";

export function renderStepAvatar(container, app) {
  let live = null;
  const guide = createGuidePanel(app);
  const page = createStepPage(container, app, {
    number: 3,
    title: "Review your AI avatar",
    intro: INTRO,
    load: async () => {
      const [{ onboarding }, { personas }] = await Promise.all([Onboarding.get(), Personas.list()]);
      return { onboarding, personas: personas || [] };
    },
    draw,
  });
  page.before(guide.el);

  function draw({ onboarding, personas }) {
    guide.update(pageGuide(onboarding, 3));
    if (live) live.stop();
    const id = onboarding.avatar && onboarding.avatar.defaultPersonaId;
    const confirmed = isStepDone(onboarding, 3);
    if (!id) {
      // Said only of what is on the page: "choose one below" only when there is one to choose.
      // A persona still being made is not offered until it is ready (nor made the default on
      // its own: only a new one is, when there is none).
      const others = chooser(personas, null);
      const making = !others && personas.some((p) => !isFinished(p.status));
      page.intro(others
        ? "You have no avatar yet: make a persona, or choose one of yours below."
        : making
          ? "You have no avatar yet: your persona is still being made. Once it is ready, choose it here."
          : "You have no avatar yet: make a persona from your photos and its portraits show here.");
      page.body(h("div", { class: "empty card" },
        h("div", { class: "empty__art", "aria-hidden": "true" }, icon("user", { size: 36 })),
        h("h2", {}, "No AI avatar yet"),
        h("p", {}, others
          ? "Your default persona is your avatar. Make one, or choose one below."
          : making
            ? "Your default persona is your avatar. The one being made can be chosen here once it is ready."
            : "Your default persona is your avatar. Make one from a few photos of yourself."),
        h("a", { class: "btn btn-primary", href: "#/new" }, icon("plus"), "New persona")),
      others);
      page.actions({
        primary: confirmed
          ? { label: "Back to your setup", run: () => app.navigate("#/") }
          : { label: "Confirm my avatar", disabled: true, run: () => {} },
      });
      return;
    }
    page.intro(INTRO);
    const status = h("p", { class: "avatar-step__status", role: "status" });
    const liveRegion = h("p", { class: "visually-hidden", "aria-live": "polite" });
    const lightbox = createPortraitViewer({
      slots: () => slotList(live.state),
      onKeep: (index, attempt) => live.keep(index, attempt),
      opener: (index) => grid.opener(index),
    });
    const grid = createPortraitGrid({
      onOpen: (index) => lightbox.open(index),
      onRegenerate: (index, instruction) => live.regenerate(index, instruction),
    });
    grid.el.classList.add("slot-grid--large");
    live = followPersona(id, {
      onCommit: (next, previous) => {
        for (const slot of Object.values(next.slots)) if (slot !== previous.slots[slot.index]) grid.update(slot);
        drawStatus(next);
        lightbox.redraw();
      },
      onAnnounce: (text) => { liveRegion.textContent = text; },
      onSettled: () => app.refreshUsage(),
    });
    const name = h("span", {});
    // The avatar at work: the studio, with this persona, once its portraits are there to use.
    const studioLink = h("a", {
      class: "btn btn-secondary btn-sm avatar-step__studio", hidden: true,
      href: `#/studio/persona/${encodeURIComponent(id)}`,
    }, icon("image", { size: 16 }), "Make a thumbnail with it");
    function drawStatus(state) {
      const persona = state.persona;
      if (!persona) return;
      name.textContent = persona.name;
      const ready = persona.status === "ready" && !Object.values(state.slots).some((s) => s.rank < 3);
      studioLink.hidden = persona.status !== "ready";
      status.textContent = ready ? "Open any portrait to see it larger, with all its attempts." : "Portraits are being made; they arrive here as they are ready.";
      // Confirmed already: the guide says there is nothing left to confirm, so the button says
      // where it goes instead (a tester met "Confirm my avatar" under "Nothing left to confirm").
      page.actions({
        primary: confirmed
          ? { label: "Back to your setup", run: () => app.navigate("#/") }
          : { label: "Confirm my avatar", run: confirm, disabled: !ready && !isFinished(persona.status) },
      });
    }
    page.body(
      h("section", { class: "card wizard-card", "aria-labelledby": "avatar-title" },
        h("h2", { class: "section-title", id: "avatar-title" }, h("span", {}, "Your avatar:"), name),
        status, grid.el, studioLink, liveRegion, lightbox.el),
      chooser(personas, id));
    live.load().catch((error) => page.showError(error.message));
  }

  /** The other ready personas, each can become the default (the avatar) instead. */
  function chooser(personas, currentId) {
    const others = personas.filter((p) => !sameId(p.id, currentId) && p.status === "ready");
    if (others.length === 0) return null;
    return h("section", { class: "card wizard-card", "aria-labelledby": "other-avatars" },
      h("h2", { class: "section-title", id: "other-avatars" }, "Choose another persona as your avatar"),
      h("ul", { class: "chooser" }, others.map((persona) => h("li", { class: "chooser__item" },
        persona.thumbnailUrl ? h("img", { src: persona.thumbnailUrl, alt: "" }) : h("span", { class: "chooser__noimg", "aria-hidden": "true" }, icon("user")),
        h("span", { class: "chooser__name" }, persona.name),
        h("button", { type: "button", class: "btn btn-secondary btn-sm", "aria-label": `Use this one: ${persona.name}`,
          onclick: (event) => makeDefault(persona, event.currentTarget) }, "Use this one")))));
  }

  async function makeDefault(persona, button) {
    button.disabled = true;
    try {
      await Personas.makeDefault(persona.id);
      const [{ onboarding }, { personas }] = await Promise.all([Onboarding.get(), Personas.list()]);
      if (page.disposed) return;
      draw({ onboarding, personas: personas || [] });
      app.toast(`${persona.name} is now your avatar.`);
      page.focusHeading();
    } catch (error) {
      button.disabled = false;
      page.showError(error.message);
    }
  }

  async function confirm() {
    await Onboarding.confirmStep(3);
    app.toast("Step 3 done: your avatar is confirmed.");
    app.navigate("#/");
  }

  return () => { page.cleanup(); if (live) live.stop(); };
}
