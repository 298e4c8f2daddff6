// "New persona": the persona creator (../components/persona-creator.js) in a form of its own, and
// its build button, which says how many usable photos there are or why it can't build yet. The
// face-data notice comes first until it is accepted: the server refuses photos before that
// (403 consent_required).
import { Onboarding } from "../api.js";
import { h, icon, spinner } from "../dom.js";
import { needsConsent } from "../onboarding-state.js";
import { createConsentNotice } from "../components/consent-notice.js";
import { createPersonaCreator } from "../components/persona-creator.js";

export function renderCreate(container, app, { draftId = null } = {}) {
  let disposed = false;
  const submit = h("button", { type: "submit", class: "btn btn-primary btn-lg", "aria-describedby": "build-reason" }, "Build persona");
  const reason = h("p", { class: "build-reason", id: "build-reason" });
  let working = false;
  // The draft stays on the server when the page is left (a tester's "Cancel" kept it unsaid):
  // with photos in it, the way out says they are kept, and where they come back.
  const leave = h("a", { href: "#/personas", class: "btn btn-ghost" }, "Cancel");
  const leaveNote = h("p", { class: "leave-note muted small", id: "leave-note", hidden: true },
    "Your photos are kept: New persona opens with them next time. “Remove all” deletes them.");
  const creator = createPersonaCreator({
    draftId,
    onConsentRequired: (error) => askConsent(error.details),
    onChange: (state, { photos }) => { drawButton(state); drawLeave(photos); },
  });
  const consentSlot = h("div", { class: "consent-slot" });
  const form = h("form", { class: "create-form", novalidate: true },
    ...creator.sections,
    h("div", { class: "form-actions" }, ...creator.feedback,
      h("div", { class: "form-actions__row" },
        reason,
        leave,
        submit),
      leaveNote),
  );

  container.append(
    h("a", { class: "back-link", href: "#/personas" }, icon("arrowLeft", { size: 16 }), "Your personas"),
    h("div", { class: "page-head" },
      h("div", {},
        h("h1", { class: "page-title", tabindex: "-1" }, "New persona"),
        h("p", { class: "page-sub" }, "Add a handful of selfies; each is checked as it arrives. We'll make five portraits of you in different settings, each checked to look like you."))),
    consentSlot,
    form,
  );

  /** The build button: its label and whether it can be pressed, with the reason beside it. */
  function drawButton(state) {
    if (working) return;
    submit.disabled = state.disabled;
    submit.replaceChildren(state.label);
    reason.textContent = state.reason || "";
    reason.hidden = !state.reason;
  }

  function drawLeave(photos) {
    leave.textContent = photos ? "Keep for later" : "Cancel";
    leaveNote.hidden = !photos;
    if (photos) leave.setAttribute("aria-describedby", "leave-note"); else leave.removeAttribute("aria-describedby");
  }

  /** Shows the notice and holds the form back until it is accepted. */
  function askConsent(consent) {
    form.hidden = true;
    const notice = createConsentNotice({
      consent: consent || {},
      onAccepted: () => {
        consentSlot.replaceChildren();
        form.hidden = false;
        app.toast("Thanks. You can add your photos now.");
        creator.retryFailed();
        creator.focus();
      },
    });
    consentSlot.replaceChildren(notice.el);
  }

  // Whether the notice was accepted; the server would refuse the upload otherwise.
  form.hidden = true;
  consentSlot.replaceChildren(h("div", { class: "loading-block" }, spinner(), h("span", {}, "Loading…")));
  Onboarding.get().then(({ onboarding }) => {
    if (disposed) return;
    if (needsConsent(onboarding)) askConsent(onboarding.consent);
    else { consentSlot.replaceChildren(); form.hidden = false; }
  }).catch(() => {
    // The form then; the server asks for the notice with a 403 if it needs it.
    if (disposed) return;
    consentSlot.replaceChildren();
    form.hidden = false;
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (creator.busy || working) return;
    working = true;
    submit.disabled = true;
    submit.replaceChildren(spinner(), h("span", {}, "Building…"));
    const persona = await creator.submit();
    working = false;
    if (persona && !disposed) { app.navigate(`#/personas/${persona.id}`); return; }
    drawButton(creator.state());
  });

  return () => { disposed = true; creator.dispose(); };
}
