// The face-data notice: what happens to a face in plain words (the server's text, so every client
// says the same), accepted before any photo is analysed (POST /api/onboarding/consent records it
// with a timestamp). Until then the server refuses persona creation with 403 consent_required.
//
//   const consent = createConsentNotice({ consent, withButton, onAccepted(onboarding) });
//   consent.el; await consent.accept() → the new onboarding state, or null (the error is shown)
import { Onboarding } from "../api.js";
import { h, icon, spinner, uniqueId } from "../dom.js";

const FALLBACK_NOTICE = "Your photos are analysed to make your portraits and check that each one looks like you. "
  + "The face measurements stay inside the persona and are deleted with it.";

export function formatAcceptedAt(iso) {
  const date = iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return "";
  return date.toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

export function createConsentNotice({ consent = {}, withButton = true, onAccepted = () => {} } = {}) {
  const titleId = uniqueId("consent-title");
  const error = h("div", { class: "form-error", role: "alert", hidden: true });
  const button = withButton ? h("button", { type: "button", class: "btn btn-primary" }, "I agree, analyse my photos") : null;
  const text = h("p", { class: "consent__text" }, consent.notice || FALLBACK_NOTICE);
  const el = h("section", { class: "consent card", "aria-labelledby": titleId },
    h("div", { class: "consent__head" },
      h("span", { class: "consent__mark", "aria-hidden": "true" }, icon("shield", { size: 22 })),
      h("h2", { class: "section-title", id: titleId }, "How your face data is used")),
    text,
    error,
    button ? h("div", { class: "consent__actions" }, button) : null);
  let version = consent.version || 1;
  let busy = false;

  async function accept() {
    if (busy) return null;
    busy = true;
    error.hidden = true;
    if (button) { button.disabled = true; button.replaceChildren(spinner(), "Saving…"); }
    try {
      const { onboarding } = await Onboarding.acceptConsent(version);
      onAccepted(onboarding);
      return onboarding;
    } catch (err) {
      error.replaceChildren(icon("alert"), h("span", {}, err.message));
      error.hidden = false;
      return null;
    } finally {
      busy = false;
      if (button) { button.disabled = false; button.replaceChildren("I agree, analyse my photos"); }
    }
  }
  if (button) button.addEventListener("click", accept);

  return {
    el,
    accept,
    /** A newer notice from the server (a 403 consent_required's details). */
    update(next) {
      if (next && next.notice) text.textContent = next.notice;
      if (next && next.version) version = next.version;
    },
    focus() { (button || el).focus(); },
  };
}
