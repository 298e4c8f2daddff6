// The persona creator, used by "New persona" and by the wizard's avatar sub-step: name (and
// optionally a description), the photos (the photo picker: file input, drag and drop, thumbnails,
// remove), the client-side 5–20 check, then the upload with progress and the analysis wait. The
// server is the judge: its errors are shown here, on the form and on the thumbnails they concern.
// It has no <form> of its own: the page that holds it submits.
//
//   const creator = createPersonaCreator({ defaultName, withDescription, onConsentRequired(error) });
//   form.append(...creator.sections); actions.prepend(...creator.feedback)
//   const persona = await creator.submit();   // the created persona, or null (the problem is shown)
//   creator.busy, creator.dispose()
import { createPersona } from "../api.js";
import { h, icon, spinner } from "../dom.js";
import { createPhotoPicker } from "./photo-picker.js";
import { afterRemovalNote, countProblem, refusedFiles } from "../photo-selection.js";

export function createPersonaCreator({ defaultName = "", withDescription = true, onConsentRequired = null, onRefused = null } = {}) {
  let busy = false;
  const nameId = "persona-name"; // one creator per page, like the photo picker's input

  // ----- fields
  const nameInput = h("input", { id: nameId, name: "name", type: "text", maxlength: "100", required: true, autocomplete: "off",
    placeholder: "e.g. Studio me", value: defaultName, "aria-describedby": `${nameId}-error`, class: "persona-name" });
  const nameError = h("p", { class: "field-error", id: `${nameId}-error`, hidden: true });
  const descInput = withDescription ? h("textarea", { id: "persona-desc", name: "description", rows: "2",
    placeholder: "What you'll use it for, e.g. YouTube thumbnails for my cooking channel" }) : null;

  // ----- photos
  const picker = createPhotoPicker({ onAdded: () => showFormError(null) });

  // ----- feedback
  const formError = h("div", { class: "form-error form-error--block", role: "alert", hidden: true, tabindex: "-1" });
  const progressBar = h("div", { class: "progress__bar" });
  const progressText = h("p", { class: "busy__text" });
  const busyPanel = h("div", { class: "busy", hidden: true, role: "status", "aria-live": "polite" },
    h("div", { class: "busy__row" }, spinner(), progressText),
    h("div", { class: "progress" }, progressBar),
    h("p", { class: "muted small" }, "We check each photo's lighting, sharpness and angle and pick the best as references. This takes a few seconds."));

  const fieldset = h("fieldset", { class: "plain-fieldset" },
    h("section", { class: "card form-section" },
      h("h2", { class: "section-title" }, h("span", { class: "step-dot", "aria-hidden": "true" }, "1"), "Name your persona"),
      h("div", { class: "field" }, h("label", { for: nameId }, "Name"), nameInput, nameError),
      descInput ? h("div", { class: "field" }, h("label", { for: descInput.id }, "Description ", h("span", { class: "optional" }, "(optional)")), descInput) : null,
    ),
    h("section", { class: "card form-section" },
      h("div", { class: "section-head" },
        h("h2", { class: "section-title" }, h("span", { class: "step-dot", "aria-hidden": "true" }, "2"), "Add your photos"),
        picker.clearButton),
      h("ul", { class: "tips" },
        h("li", {}, "Only you in the picture, face clearly visible"),
        h("li", {}, "Mix angles and expressions"),
        h("li", {}, "Good, even light; no sunglasses")),
      ...picker.elements,
    ),
  );

  // ----- behaviour
  function showFormError(error) {
    formError.hidden = !error;
    if (!error) { formError.replaceChildren(); return; }
    const parts = [h("div", { class: "form-error__head" }, icon("alert"), h("strong", {}, error.message))];
    const details = error.details || {};
    if (error.code === "not_enough_usable_photos" && Array.isArray(details.rejectedPhotos)) {
      if (Number.isFinite(details.usablePhotos) && Number.isFinite(details.required)) {
        parts.push(h("p", { class: "form-error__sub" }, `Usable: ${details.usablePhotos} of the ${details.required} needed. These photos can't be used:`));
      }
      parts.push(h("ul", { class: "rejected-list" }, details.rejectedPhotos.map((photo) =>
        h("li", {},
          h("span", { class: "rejected-list__file" }, photo.file),
          h("ul", { class: "rejected-list__reasons" }, (photo.reasons || []).map((reason) => h("li", {}, reason.message)))))));
    } else if (error.code === "unsupported_format" && Array.isArray(details.files)) {
      parts.push(h("ul", { class: "rejected-list" }, details.files.map((file) => h("li", {}, h("span", { class: "rejected-list__file" }, file)))));
    }
    formError.replaceChildren(...parts);
  }

  /** Marks the thumbnails the server refused, with its reasons, and offers to remove them. */
  function markRefused(error) {
    const refused = picker.markRefused(refusedFiles(error));
    if (refused.length === 0) return;
    const button = h("button", { type: "button", class: "btn btn-secondary btn-sm" }, `Remove the ${refused.length} photo${refused.length === 1 ? "" : "s"} that can't be used`);
    button.addEventListener("click", () => {
      picker.removeItems(refused);
      picker.showNote(afterRemovalNote(picker.count), "info");
      button.remove();
      picker.focus();
    });
    formError.append(h("div", { class: "form-error__actions" }, button));
  }

  function setBusy(on) {
    busy = on;
    fieldset.disabled = on;
    busyPanel.hidden = !on;
    picker.setBusy(on);
  }

  function setProgress(fraction, text, indeterminate = false) {
    progressBar.parentElement.classList.toggle("progress--indeterminate", indeterminate);
    progressBar.style.width = indeterminate ? "" : `${Math.round(fraction * 100)}%`;
    progressText.textContent = text;
  }

  function showNameError(message) {
    nameError.textContent = message;
    nameError.hidden = false;
    nameInput.setAttribute("aria-invalid", "true");
  }

  nameInput.addEventListener("input", () => { nameError.hidden = true; nameInput.removeAttribute("aria-invalid"); });

  async function submit() {
    if (busy) return null;
    showFormError(null);
    const name = nameInput.value.trim();
    let firstInvalid = null;
    if (!name) {
      showNameError("Give your persona a name.");
      firstInvalid = nameInput;
    }
    const photoProblem = countProblem(picker.count);
    if (photoProblem) {
      picker.showNote(photoProblem, "danger");
      firstInvalid = firstInvalid || picker;
    }
    if (firstInvalid) { firstInvalid.focus(); return null; }

    const files = picker.files;
    setBusy(true);
    setProgress(0, `Uploading ${files.length} photos…`);
    try {
      const result = await createPersona({ name, description: descInput ? descInput.value.trim() : "", files }, {
        onProgress: (fraction) => setProgress(fraction, `Uploading ${files.length} photos… ${Math.round(fraction * 100)}%`),
        onUploaded: () => setProgress(1, "Analysing your photos…", true),
      });
      picker.reset();
      setBusy(false);
      return result.persona;
    } catch (error) {
      setBusy(false);
      if (error.code === "consent_required" && onConsentRequired) {
        onConsentRequired(error);
        return null;
      }
      if (error.code === "missing_name" || error.code === "name_too_long") {
        showNameError(error.message);
        nameInput.focus();
        return null;
      }
      if (error.code === "too_few_photos" || error.code === "too_many_photos") {
        picker.showNote(error.message, "danger");
        picker.focus();
        return null;
      }
      showFormError(error);
      markRefused(error);
      formError.focus();
      if (onRefused) onRefused(error);
      return null;
    }
  }

  return {
    sections: [fieldset],
    feedback: [formError, busyPanel],
    submit,
    get busy() { return busy; },
    focus() { nameInput.focus(); },
    dispose() { picker.dispose(); },
  };
}
