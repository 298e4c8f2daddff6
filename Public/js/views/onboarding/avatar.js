// 1.3 Your AI avatar, the key moment. First the face-data notice, accepted before any photo is
// analysed; then the persona creator (photos checked one by one as they arrive; the primary action
// says how many are usable, or what is missing); then the five portraits arriving live. The
// sub-step is done when the user's default persona is ready: a server fact, so this page only
// makes sure the new persona is the default and listens.
import { Onboarding, Personas } from "../../api.js";
import { h, icon } from "../../dom.js";
import { avatarPhase, sameId } from "../../onboarding-state.js";
import { slotList } from "../../persona-events.js";
import { followPersona } from "../../persona-live.js";
import { createConsentNotice, formatAcceptedAt } from "../../components/consent-notice.js";
import { createPersonaCreator } from "../../components/persona-creator.js";
import { createPortraitGrid } from "../../components/portrait-grid.js";
import { createPortraitViewer } from "../portrait-viewer.js";

export function createAvatarStep(ctx) {
  const el = h("div", { class: "avatar-step" });
  let phase = null;
  let part = null;

  function defaultName(onboarding) {
    const name = onboarding.answers && onboarding.answers.profile && onboarding.answers.profile.displayName;
    return name ? `${name.split(" ")[0]}'s avatar` : "My AI avatar";
  }

  function consentPart(onboarding) {
    const notice = createConsentNotice({ consent: onboarding.consent, withButton: false });
    return {
      els: [notice.el],
      primary: { label: "Accept and continue" },
      submit: () => notice.accept(),
      focus: () => notice.focus(),
    };
  }

  function creatorPart(onboarding, failed) {
    const creator = createPersonaCreator({
      defaultName: defaultName(onboarding),
      withDescription: false,
      verb: "Create my portraits",
      onChange: () => ctx.redraw(), // the primary action says how many photos, or what is missing
      onConsentRequired: () => ctx.refresh(),
      onRefused: () => ctx.refresh(), // the guide says why, in plain words
    });
    const accepted = formatAcceptedAt(onboarding.consent && onboarding.consent.acceptedAt);
    return {
      els: [
        failed ? h("div", { class: "inline-note inline-note-warning" }, icon("alert", { size: 16 }),
          h("span", {}, "Your last portraits didn't come out. Try again with a few different photos.")) : null,
        ...creator.sections,
        h("div", { class: "form-actions" }, ...creator.feedback),
        accepted ? h("p", { class: "muted small consent-line" }, icon("shield", { size: 14 }), `You accepted the face-data notice on ${accepted}.`) : null,
      ],
      get primary() {
        const state = creator.state();
        return { label: state.label, disabled: state.disabled, hint: state.reason || null };
      },
      async submit() {
        const persona = await creator.submit();
        if (!persona) return null;
        let { onboarding: next } = await Onboarding.get();
        // The avatar is the default persona: make the new one it, unless the server already did.
        if (!sameId(next.avatar.defaultPersonaId, persona.id)) {
          await Personas.makeDefault(persona.id);
          next = (await Onboarding.get()).onboarding;
        }
        return next;
      },
      dispose: () => creator.dispose(),
      focus: () => creator.focus(),
    };
  }

  function portraitsPart(onboarding) {
    const personaId = onboarding.avatar.defaultPersonaId;
    const status = h("p", { class: "avatar-step__status", role: "status" });
    const liveRegion = h("p", { class: "visually-hidden", "aria-live": "polite" });
    const liveMark = h("span", { class: "live", hidden: true }, h("span", { class: "live__dot", "aria-hidden": "true" }), "Live");
    const lightbox = createPortraitViewer({
      slots: () => slotList(live.state),
      onKeep: (index, attempt) => live.keep(index, attempt),
      opener: (index) => grid.opener(index),
    });
    const live = followPersona(personaId, {
      onCommit: (next, previous) => {
        for (const slot of Object.values(next.slots)) if (slot !== previous.slots[slot.index]) grid.update(slot);
        drawStatus(next);
        lightbox.redraw();
      },
      onAnnounce: (text) => { liveRegion.textContent = text; },
      onLive: (on) => { liveMark.hidden = !on; },
      onSettled: () => { ctx.app.refreshUsage(); ctx.refresh(); },
    });
    const grid = createPortraitGrid({
      onOpen: (index) => lightbox.open(index),
      onRegenerate: (index, instruction) => live.regenerate(index, instruction),
    });
    function drawStatus(state) {
      const slots = Object.values(state.slots);
      const done = slots.filter((s) => s.state === "verified" || s.state === "needs_review").length;
      status.textContent = state.persona && state.persona.status === "ready"
        ? `All ${slots.length} portraits are ready.`
        : `${done} of ${slots.length || 5} portraits ready. They arrive here as they are made, each checked against your face.`;
    }
    const loaded = live.load().catch((error) => { status.textContent = error.message; });
    return {
      els: [
        h("section", { class: "card wizard-card", "aria-labelledby": "avatar-portraits-title" },
          h("div", { class: "section-head" },
            h("h2", { class: "section-title", id: "avatar-portraits-title", tabindex: "-1" }, "Your portraits"), liveMark),
          status, grid.el, liveRegion, lightbox.el),
      ],
      personaId,
      get primary() {
        return avatarPhase(ctx.state()) === "ready"
          ? { label: "Next" }
          : { label: "Next", disabled: true, hint: "Next opens when your portraits are ready (usually a minute or two)." };
      },
      submit: async () => ctx.state(),
      dispose: () => live.stop(),
      // Just built: the portraits come to the top of the screen, where they arrive (a tester saw
      // only the tops of heads under the guide and the steps, at 1280×800 and on a phone).
      // (Once their cards are drawn: before, the page is too short to scroll that far.)
      focus: () => {
        const title = el.querySelector("#avatar-portraits-title");
        title.focus({ preventScroll: true });
        loaded.then(() => requestAnimationFrame(() => {
          if (title.isConnected) title.closest("section").scrollIntoView({ block: "start" });
        }));
      },
    };
  }

  function draw(onboarding) {
    const next = avatarPhase(onboarding);
    const samePortraits = part && part.personaId && (next === "making" || next === "ready")
      && sameId(part.personaId, onboarding.avatar.defaultPersonaId);
    if (next === phase || samePortraits) { phase = next; ctx.redraw(); return; }
    const replacing = part !== null;
    if (part && part.dispose) part.dispose();
    phase = next;
    part = next === "consent" ? consentPart(onboarding)
      : next === "create" || next === "failed" ? creatorPart(onboarding, next === "failed")
        : portraitsPart(onboarding);
    el.replaceChildren(...part.els.filter(Boolean));
    ctx.redraw();
    // What the user acted on went away: the focus goes to what took its place.
    const active = document.activeElement;
    const lost = !active || active === document.body || !active.isConnected || !!active.closest(".action-bar");
    if (replacing && lost && part.focus) part.focus();
  }

  // The first draw happens once the shell has the screen.
  queueMicrotask(() => draw(ctx.state()));

  return {
    el,
    intro: "A few selfies become five portraits of you, in a minute or two.",
    primary: () => (part ? part.primary : { label: "Next", disabled: true }),
    submit: () => (part ? part.submit() : null),
    update: (onboarding) => draw(onboarding),
    dispose: () => { if (part && part.dispose) part.dispose(); },
  };
}
