// The persona creator, used by "New persona" and by the wizard's avatar sub-step: a name (and
// optionally a description), then the photos, each uploaded to a draft persona the moment it is
// dropped, chosen or taken with the camera, and checked by the server at once (../draft-session.js).
// Each thumbnail says how its photo did; the set's line says how many are usable of the 5 needed,
// and what is missing; photos of someone else and duplicates are asked about before building. The
// page that holds it shows the build button from `state()` and calls `submit()` to build.
//
//   const creator = createPersonaCreator({ defaultName, withDescription, verb, onChange(state, {photos}),
//                                            onConsentRequired(error), draftId });
//   form.append(...creator.sections); actions.prepend(...creator.feedback)
//   creator.state() → {disabled, label, reason}; const persona = await creator.submit();  // or null
//   creator.busy, creator.focus(), creator.retryFailed(), creator.dispose()
import { addDraftPhoto, buildDraft, createDraft, getDraft, listWithDrafts, Personas, removeDraftPhoto } from "../api.js";
import { h, icon, spinner } from "../dom.js";
import { createDraftSession } from "../draft-session.js";
import {
  adviceLines, announcement, buildState, missingLines, personTags, photoView, setLine, uploadErrorText,
} from "../draft-verdict.js";
import { sortIncoming } from "../photo-selection.js";
import { confirmAction } from "./confirm-dialog.js";
import { createDraftPhotos } from "./draft-photos.js";
import { createPhotoPicker } from "./photo-picker.js";

const API = { createDraft, addDraftPhoto, removeDraftPhoto, getDraft, buildDraft, listWithDrafts };

function tabStorage() {
  try { return window.sessionStorage; } catch { return null; }
}

export function createPersonaCreator({ defaultName = "", withDescription = true, verb = "Build persona",
  onChange = () => {}, onConsentRequired = null, onRefused = null, draftId = null } = {}) {
  let busy = false;
  let state = buildState(null, {}, verb);
  const heard = new Map(); // what the screen reader was told, per photo
  let ticker = null; // redraws the "trying again in N s" countdowns
  let session = null;
  let quiet = true; // until a resumed draft is drawn: what was there before a reload is not news
  const nameId = "persona-name"; // one creator per page, like the photo picker's input

  // ----- fields
  const nameInput = h("input", { id: nameId, name: "name", type: "text", maxlength: "100", required: true, autocomplete: "off",
    placeholder: "e.g. Studio me", value: defaultName, "aria-describedby": `${nameId}-error`, class: "persona-name" });
  const nameError = h("p", { class: "field-error", id: `${nameId}-error`, hidden: true });
  const descInput = withDescription ? h("textarea", { id: "persona-desc", name: "description", rows: "2",
    placeholder: "What you'll use it for, e.g. YouTube thumbnails for my cooking channel" }) : null;
  const fields = () => ({ name: nameInput.value.trim(), description: descInput ? descInput.value.trim() : "" });

  // ----- photos
  const picker = createPhotoPicker({ onFiles: (files) => addFiles(files), onCapture: (file) => addFiles([file]) });
  const grid = createDraftPhotos({ onRemove: (key) => removePhoto(key), onRetry: (key) => session.retry(key) });
  const clearButton = h("button", { type: "button", class: "btn btn-ghost btn-sm", hidden: true }, "Remove all");
  const countLine = h("p", { class: "photo-count", id: "photo-count" });
  const missingList = h("ul", { class: "draft-missing", hidden: true });
  const adviceList = h("ul", { class: "draft-advice", hidden: true });
  const live = h("p", { class: "visually-hidden", "aria-live": "polite", id: "photo-live" });

  // ----- feedback
  const formError = h("div", { class: "form-error form-error--block", role: "alert", hidden: true, tabindex: "-1" });
  const busyPanel = h("div", { class: "busy", hidden: true, role: "status", "aria-live": "polite" },
    h("div", { class: "busy__row" }, spinner(), h("p", { class: "busy__text" }, "Starting your portraits…")));

  const fieldset = h("fieldset", { class: "plain-fieldset" },
    h("section", { class: "card form-section" },
      h("h2", { class: "section-title" }, h("span", { class: "step-dot", "aria-hidden": "true" }, "1"), "Name your persona"),
      h("div", { class: "field" }, h("label", { for: nameId }, "Name"), nameInput, nameError),
      descInput ? h("div", { class: "field" }, h("label", { for: descInput.id }, "Description ", h("span", { class: "optional" }, "(optional)")), descInput) : null,
    ),
    h("section", { class: "card form-section" },
      h("div", { class: "section-head" },
        h("h2", { class: "section-title" }, h("span", { class: "step-dot", "aria-hidden": "true" }, "2"), "Add your photos"),
        clearButton),
      h("ul", { class: "tips" },
        h("li", {}, "Only you in the picture, face clearly visible"),
        h("li", {}, "Mix angles and expressions"),
        h("li", {}, "Good, even light; no sunglasses")),
      ...picker.elements,
      picker.cameraSlot,
      h("div", { class: "draft-summary" }, countLine, missingList, adviceList),
      grid.el,
      live,
    ),
  );

  // ----- drawing
  function draw() {
    const entries = session.entries;
    const draft = session.draft;
    const nameOf = (id) => (session.verdict(id) && session.verdict(id).fileName) || "another photo";
    const tags = personTags(draft);
    const items = entries.map((entry) => {
      const verdict = session.verdict(entry.photoId);
      return { key: entry.key, name: entry.name, size: entry.size, file: entry.file, url: verdict && verdict.url,
        view: photoView(entry, verdict, { nameOf, tag: tags.get(entry.photoId) || null }) };
    });
    grid.draw(items);

    const line = setLine(draft, entries.length);
    countLine.hidden = entries.length === 0;
    countLine.className = `photo-count photo-count-${line.tone}`;
    countLine.replaceChildren(h("span", { class: "count-pill" }, line.pill), h("span", {}, line.text));
    drawList(missingList, entries.length ? missingLines(draft) : []);
    drawList(adviceList, entries.length ? adviceLines(draft) : []);
    clearButton.hidden = entries.length === 0;

    const said = announcement(heard, items, entries.length ? line.text : null);
    if (said && !quiet) live.textContent = said;

    const waiting = entries.some((e) => e.status === "waiting");
    if (waiting && !ticker) ticker = setInterval(draw, 1000);
    if (!waiting && ticker) { clearInterval(ticker); ticker = null; }

    state = buildState(draft, { pending: session.pending, failed: session.failed, count: entries.length }, verb);
    // Only what the server holds is kept when the page is left (not uploads failed or under way).
    onChange(state, { photos: entries.filter((e) => e.status === "stored").length });
  }

  function drawList(list, lines) {
    list.hidden = lines.length === 0;
    list.replaceChildren(...lines.map((line) => h("li", {}, line)));
  }

  function problem(error) {
    if (error.code === "consent_required" && onConsentRequired) { onConsentRequired(error); return; }
    picker.showNote(uploadErrorText(error), "danger");
  }

  function startSession() {
    session = createDraftSession({ api: API, storage: tabStorage(), fields, onChange: draw, onProblem: problem });
  }

  // ----- behaviour
  // What the page said about the photos (a note, a refused build) was about the set as it was:
  // once a photo is added or removed it no longer applies, and goes.
  function forgetSaid(note = null) {
    picker.showNote(note);
    showFormError(null);
  }

  function addFiles(files) {
    if (busy) return;
    const { accepted, note } = sortIncoming(files, session.entries.map((e) => e.key));
    forgetSaid(note || null);
    session.add(accepted);
  }

  async function removePhoto(key) {
    if (busy) return;
    forgetSaid();
    grid.focusAfterRemoval(key, picker);
    await session.remove(key);
  }

  clearButton.addEventListener("click", async () => {
    if (busy) return;
    // Every photo goes at once, for good: asked first (a tester lost a whole set to one click).
    // The draft may be filled from another tab too: its photos are counted (and shown) first.
    await session.refresh().catch(() => null);
    if (busy) return;
    const count = session.entries.length;
    const sure = await confirmAction({
      title: count === 1 ? "Remove the photo?" : `Remove all ${count} photos?`,
      text: "They are deleted from this draft now, for good. You can add photos again afterwards.",
      confirm: "Remove the photos", cancel: "Keep them",
    });
    if (!sure || busy) return;
    const id = session.personaId;
    session.forget();
    session.dispose();
    heard.clear();
    startSession();
    draw();
    forgetSaid();
    picker.focus();
    // The photos go with the draft now, rather than when the server tidies up abandoned drafts.
    if (id) await Personas.remove(id).catch(() => null);
  });

  function showFormError(error, extra = null) {
    formError.hidden = !error;
    if (!error) { formError.replaceChildren(); return; }
    formError.replaceChildren(...[h("div", { class: "form-error__head" }, icon("alert"), h("strong", {}, error.message)), extra].filter(Boolean));
  }

  function showNameError(message) {
    nameError.textContent = message;
    nameError.hidden = false;
    nameInput.setAttribute("aria-invalid", "true");
  }
  nameInput.addEventListener("input", () => { nameError.hidden = true; nameInput.removeAttribute("aria-invalid"); });

  function setBusy(on) {
    busy = on;
    fieldset.disabled = on;
    busyPanel.hidden = !on;
    picker.setBusy(on);
  }

  async function submit() {
    if (busy) return null;
    showFormError(null);
    const { name, description } = fields();
    if (!name) { showNameError("Give your persona a name."); nameInput.focus(); return null; }
    if (state.disabled) { picker.showNote(state.reason, "danger"); picker.focus(); return null; }
    setBusy(true);
    try {
      const persona = await session.build({ name, description });
      setBusy(false);
      return persona;
    } catch (error) {
      setBusy(false);
      if (error.code === "consent_required" && onConsentRequired) { onConsentRequired(error); return null; }
      if (error.code === "missing_name" || error.code === "name_too_long") {
        showNameError(error.message);
        nameInput.focus();
        return null;
      }
      if (error.code === "persona_not_draft") {
        // Built already (another tab, a double click): it is on its way; this page starts afresh.
        const id = session.personaId;
        session.forget();
        showFormError(error, id ? h("p", { class: "form-error__sub" }, h("a", { href: `#/personas/${id}` }, "Open the persona")) : null);
      } else if (error.code === "rate_limited") {
        const wait = Number.isFinite(error.retryAfter) ? `${error.retryAfter} seconds` : "a moment";
        showFormError({ message: `Too many requests just now. Wait ${wait}, then try again.` });
      } else {
        showFormError(error);
        if (["not_enough_usable_photos", "too_few_photos", "ambiguous_identity"].includes(error.code)) {
          await session.refresh(); // the thumbnails say which photos, from the server's verdict
          if (onRefused) onRefused(error);
        }
      }
      formError.focus();
      return null;
    }
  }

  /**
   * The draft asked for (`draftId`, from "Continue it"), or the one this tab was filling, back
   * after a reload, or else my latest unfinished one (another tab's, another device's); offline or
   * a 5xx: kept, with Try again.
   */
  function resume() {
    const mine = session;
    mine.resume(draftId).then((resumed) => {
      quiet = false;
      if (!resumed || mine !== session) return;
      const saved = session.draft && session.draft.name;
      if (saved && nameInput.value === defaultName) nameInput.value = saved;
      if (descInput && session.draft && session.draft.description && !descInput.value) descInput.value = session.draft.description;
    }, (error) => {
      quiet = false;
      if (mine !== session) return;
      const why = error.message ? ` ${error.message}` : "";
      picker.showNote(`Your photos so far couldn't be loaded.${why} They come back with the next photo you add.`, "warning",
        { label: "Try again", run: () => { picker.showNote(null); resume(); } });
    });
  }

  startSession();
  draw();
  resume();

  return {
    sections: [fieldset],
    feedback: [formError, busyPanel],
    submit,
    state: () => state,
    get busy() { return busy; },
    focus() { nameInput.focus(); },
    /** After the face-data notice was accepted: the photos it held back go again. */
    retryFailed() {
      for (const entry of session.entries) if (entry.status === "failed" && entry.error && entry.error.code === "consent_required") session.retry(entry.key);
    },
    dispose() {
      if (ticker) clearInterval(ticker);
      session.dispose();
      grid.dispose();
      picker.dispose();
    },
  };
}
