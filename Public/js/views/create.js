// "New persona": name, description, photos (file picker + drag-and-drop, thumbnails, remove),
// client-side 5–20 check, then the upload with progress and the analysis wait. The server is the
// judge: its errors are shown here, on the form and on the thumbnails they concern.
import { createPersona } from "../api.js";
import { h, icon, spinner, formatBytes, uniqueId } from "../dom.js";
import { MIN_PHOTOS, MAX_PHOTOS, MAX_FILE_BYTES } from "../labels.js";

const ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.jpg,.jpeg,.png,.webp,.heic,.heif";
const PHOTO_EXTENSIONS = /\.(jpe?g|png|webp|heic|heif)$/i;

function looksLikePhoto(file) {
  if (file.type && file.type.startsWith("image/")) return true;
  return PHOTO_EXTENSIONS.test(file.name);
}

export function renderCreate(container, app) {
  /** @type {{key:string, file:File, url:string, problems:string[]}[]} */
  let items = [];
  let busy = false;

  // ----- fields
  const nameInput = h("input", { id: "persona-name", name: "name", type: "text", maxlength: "100", required: true, autocomplete: "off",
    placeholder: "e.g. Studio me", "aria-describedby": "persona-name-error" });
  const nameError = h("p", { class: "field-error", id: "persona-name-error", hidden: true });
  const descInput = h("textarea", { id: "persona-desc", name: "description", rows: "2",
    placeholder: "What you'll use it for, e.g. YouTube thumbnails for my cooking channel" });

  // ----- photos
  const fileInput = h("input", { id: "photo-input", class: "visually-hidden", type: "file", multiple: true, accept: ACCEPT,
    "aria-describedby": "photo-hint photo-count" });
  const dropzone = h("label", { class: "dropzone", for: "photo-input" },
    h("span", { class: "dropzone__icon", "aria-hidden": "true" }, icon("upload", { size: 26 })),
    h("span", { class: "dropzone__title" }, "Drag your photos here"),
    h("span", { class: "dropzone__or" }, "or ", h("span", { class: "link-like" }, "choose files"), " from your device"),
    h("span", { class: "dropzone__hint", id: "photo-hint" }, `${MIN_PHOTOS}–${MAX_PHOTOS} photos of just you · JPEG, PNG, WebP or HEIC · up to 25 MB each`),
  );
  const countLine = h("p", { class: "photo-count", id: "photo-count", role: "status", "aria-live": "polite" });
  const photosNote = h("div", { class: "inline-note", role: "alert", hidden: true });
  const clearButton = h("button", { type: "button", class: "btn btn-ghost btn-sm", hidden: true }, "Remove all");
  const thumbs = h("ul", { class: "thumb-grid", "aria-label": "Chosen photos" });

  // ----- submit
  const formError = h("div", { class: "form-error form-error--block", role: "alert", hidden: true, tabindex: "-1" });
  const submit = h("button", { type: "submit", class: "btn btn-primary btn-lg" }, "Create persona");
  const progressBar = h("div", { class: "progress__bar" });
  const progressText = h("p", { class: "busy__text" });
  const busyPanel = h("div", { class: "busy", hidden: true, role: "status", "aria-live": "polite" },
    h("div", { class: "busy__row" }, spinner(), progressText),
    h("div", { class: "progress" }, progressBar),
    h("p", { class: "muted small" }, "We check each photo's lighting, sharpness and angle and pick the best as references. This takes a few seconds."));

  const fieldset = h("fieldset", { class: "plain-fieldset" },
    h("section", { class: "card form-section" },
      h("h2", { class: "section-title" }, h("span", { class: "step-dot", "aria-hidden": "true" }, "1"), "Name your persona"),
      h("div", { class: "field" }, h("label", { for: "persona-name" }, "Name"), nameInput, nameError),
      h("div", { class: "field" }, h("label", { for: "persona-desc" }, "Description ", h("span", { class: "optional" }, "(optional)")), descInput),
    ),
    h("section", { class: "card form-section" },
      h("div", { class: "section-head" },
        h("h2", { class: "section-title" }, h("span", { class: "step-dot", "aria-hidden": "true" }, "2"), "Add your photos"),
        clearButton),
      h("ul", { class: "tips" },
        h("li", {}, "Only you in the picture, face clearly visible"),
        h("li", {}, "Mix angles and expressions"),
        h("li", {}, "Good, even light; no sunglasses")),
      fileInput, dropzone, countLine, photosNote, thumbs,
    ),
  );

  const form = h("form", { class: "create-form", novalidate: true },
    fieldset,
    h("div", { class: "form-actions" }, formError, busyPanel,
      h("div", { class: "form-actions__row" },
        h("a", { href: "#/", class: "btn btn-ghost" }, "Cancel"),
        submit)),
  );

  container.append(
    h("a", { class: "back-link", href: "#/" }, icon("arrowLeft", { size: 16 }), "Your personas"),
    h("div", { class: "page-head" },
      h("div", {},
        h("h1", { class: "page-title", tabindex: "-1" }, "New persona"),
        h("p", { class: "page-sub" }, "Upload a handful of selfies. We'll make five professional portraits that look like you."))),
    form,
  );

  // ----- behaviour
  function keyOf(file) { return `${file.name}|${file.size}|${file.lastModified}`; }

  function addFiles(fileList) {
    if (busy) return;
    const notes = [];
    const known = new Set(items.map((item) => item.key));
    const skippedType = [];
    let duplicates = 0;
    let overflow = 0;
    for (const file of Array.from(fileList)) {
      if (!looksLikePhoto(file)) { skippedType.push(file.name); continue; }
      const key = keyOf(file);
      if (known.has(key)) { duplicates += 1; continue; }
      if (items.length >= MAX_PHOTOS) { overflow += 1; continue; }
      known.add(key);
      const problems = file.size > MAX_FILE_BYTES ? [`Larger than 25 MB (${formatBytes(file.size)}); the server will refuse it.`] : [];
      items.push({ key, file, url: URL.createObjectURL(file), problems });
    }
    if (skippedType.length) notes.push(`${skippedType.join(", ")} ${skippedType.length === 1 ? "isn't a photo" : "aren't photos"} (use JPEG, PNG, WebP or HEIC).`);
    if (duplicates) notes.push(`${duplicates} ${duplicates === 1 ? "photo was" : "photos were"} already chosen.`);
    if (overflow) notes.push(`You can upload at most ${MAX_PHOTOS} photos; ${overflow} ${overflow === 1 ? "was" : "were"} not added.`);
    showPhotosNote(notes.join(" "));
    showFormError(null);
    drawThumbs();
  }

  function removeItem(key) {
    const index = items.findIndex((item) => item.key === key);
    if (index < 0) return;
    URL.revokeObjectURL(items[index].url);
    items.splice(index, 1);
    showPhotosNote(null);
    drawThumbs();
    // Keep keyboard focus in the grid.
    const buttons = thumbs.querySelectorAll(".thumb__remove");
    (buttons[Math.min(index, buttons.length - 1)] || fileInput).focus();
  }

  function showPhotosNote(message, tone = "warning") {
    photosNote.hidden = !message;
    photosNote.className = `inline-note inline-note-${tone}`;
    photosNote.replaceChildren(...(message ? [icon("alert", { size: 16 }), h("span", {}, message)] : []));
  }

  function drawCount() {
    const n = items.length;
    let text; let tone;
    if (n === 0) { text = `No photos yet. Choose ${MIN_PHOTOS} to ${MAX_PHOTOS}.`; tone = "neutral"; }
    else if (n < MIN_PHOTOS) { text = `${n} of at least ${MIN_PHOTOS} photos: add ${MIN_PHOTOS - n} more.`; tone = "warning"; }
    else { text = `${n} photos chosen${n === MAX_PHOTOS ? " (the maximum)" : ""}. Ready to upload.`; tone = "success"; }
    countLine.className = `photo-count photo-count-${tone}`;
    countLine.replaceChildren(h("span", { class: "count-pill" }, `${n} / ${MAX_PHOTOS}`), h("span", {}, text));
    clearButton.hidden = n === 0;
  }

  function drawThumbs() {
    drawCount();
    thumbs.replaceChildren(...items.map((item) => {
      const img = h("img", { src: item.url, alt: "", loading: "lazy" });
      const media = h("div", { class: "thumb__media" }, img);
      img.addEventListener("error", () => {
        // e.g. HEIC: the browser can't preview it, but the server accepts it.
        const ext = (item.file.name.split(".").pop() || "").toUpperCase();
        media.replaceChildren(h("div", { class: "thumb__noimg" }, icon("image", { size: 26 }), h("span", {}, `${ext} · no preview`)));
      });
      const problemId = uniqueId("thumb-problem");
      return h("li", { class: `thumb${item.problems.length ? " thumb--problem" : ""}` },
        media,
        h("div", { class: "thumb__caption" },
          h("span", { class: "thumb__name", title: item.file.name }, item.file.name),
          h("span", { class: "thumb__size" }, formatBytes(item.file.size))),
        item.problems.length
          ? h("ul", { class: "thumb__problems", id: problemId }, item.problems.map((p) => h("li", {}, p)))
          : null,
        h("button", { type: "button", class: "thumb__remove", "aria-label": `Remove ${item.file.name}`, title: "Remove",
          "aria-describedby": item.problems.length ? problemId : null, disabled: busy,
          onclick: () => removeItem(item.key) }, icon("close", { size: 14 })),
      );
    }));
  }

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

  /** Marks the thumbnails the server refused, with its reasons. */
  function markRejected(error) {
    const details = (error && error.details) || {};
    const reasonsByName = new Map();
    if (error.code === "not_enough_usable_photos") {
      for (const photo of details.rejectedPhotos || []) reasonsByName.set(photo.file, (photo.reasons || []).map((r) => r.message));
    } else if (error.code === "unsupported_format") {
      for (const file of details.files || []) reasonsByName.set(file, ["Not a JPEG, PNG, WebP or HEIC photo."]);
    } else if (error.code === "image_too_large" && details.file) {
      reasonsByName.set(details.file, ["Larger than 25 MB."]);
    }
    if (reasonsByName.size === 0) return;
    for (const item of items) {
      const reasons = reasonsByName.get(item.file.name);
      item.problems = reasons ? reasons : item.problems.filter((p) => p.startsWith("Larger than 25 MB"));
    }
    drawThumbs();
    const rejected = items.filter((item) => reasonsByName.has(item.file.name));
    if (rejected.length) {
      const button = h("button", { type: "button", class: "btn btn-secondary btn-sm" }, `Remove the ${rejected.length} photo${rejected.length === 1 ? "" : "s"} that can't be used`);
      button.addEventListener("click", () => {
        for (const item of rejected) URL.revokeObjectURL(item.url);
        items = items.filter((item) => !rejected.includes(item));
        drawThumbs();
        const missing = MIN_PHOTOS - items.length;
        showPhotosNote(missing > 0
          ? `Removed. Add ${missing} more photo${missing === 1 ? "" : "s"} of just you, then try again.`
          : "Removed. You can try again now.", "info");
        button.remove();
        fileInput.focus();
      });
      formError.append(h("div", { class: "form-error__actions" }, button));
    }
  }

  function setBusy(on) {
    busy = on;
    fieldset.disabled = on;
    submit.disabled = on;
    busyPanel.hidden = !on;
    form.setAttribute("aria-busy", String(on));
    thumbs.querySelectorAll(".thumb__remove").forEach((b) => { b.disabled = on; });
    submit.replaceChildren(...(on ? [spinner(), h("span", {}, "Working…")] : ["Create persona"]));
  }

  function setProgress(fraction, text, indeterminate = false) {
    progressBar.parentElement.classList.toggle("progress--indeterminate", indeterminate);
    progressBar.style.width = indeterminate ? "" : `${Math.round(fraction * 100)}%`;
    progressText.textContent = text;
  }

  fileInput.addEventListener("change", () => {
    addFiles(fileInput.files);
    fileInput.value = ""; // let the same file be chosen again after removing it
  });
  clearButton.addEventListener("click", () => {
    items.forEach((item) => URL.revokeObjectURL(item.url));
    items = [];
    showPhotosNote(null);
    drawThumbs();
    fileInput.focus();
  });

  // Drag and drop onto the zone (the counter survives dragenter/leave on child elements).
  let depth = 0;
  dropzone.addEventListener("dragenter", (event) => { event.preventDefault(); depth += 1; dropzone.classList.add("is-dragging"); });
  dropzone.addEventListener("dragover", (event) => { event.preventDefault(); if (event.dataTransfer) event.dataTransfer.dropEffect = "copy"; });
  dropzone.addEventListener("dragleave", () => { depth = Math.max(0, depth - 1); if (depth === 0) dropzone.classList.remove("is-dragging"); });
  dropzone.addEventListener("drop", (event) => {
    event.preventDefault();
    depth = 0;
    dropzone.classList.remove("is-dragging");
    if (event.dataTransfer && event.dataTransfer.files) addFiles(event.dataTransfer.files);
  });
  // Dropping a file elsewhere on the page must not navigate away from it.
  const stray = (event) => { if (!dropzone.contains(event.target)) event.preventDefault(); };
  window.addEventListener("dragover", stray);
  window.addEventListener("drop", stray);

  nameInput.addEventListener("input", () => { nameError.hidden = true; nameInput.removeAttribute("aria-invalid"); });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    showFormError(null);
    const name = nameInput.value.trim();
    let firstInvalid = null;
    if (!name) {
      nameError.textContent = "Give your persona a name.";
      nameError.hidden = false;
      nameInput.setAttribute("aria-invalid", "true");
      firstInvalid = nameInput;
    }
    if (items.length < MIN_PHOTOS || items.length > MAX_PHOTOS) {
      showPhotosNote(items.length < MIN_PHOTOS
        ? `Choose at least ${MIN_PHOTOS} photos (you have ${items.length}). More variety gives better portraits.`
        : `Choose at most ${MAX_PHOTOS} photos (you have ${items.length}).`, "danger");
      firstInvalid = firstInvalid || fileInput;
    }
    if (firstInvalid) { firstInvalid.focus(); return; }

    setBusy(true);
    setProgress(0, `Uploading ${items.length} photos…`);
    try {
      const result = await createPersona({ name, description: descInput.value.trim(), files: items.map((i) => i.file) }, {
        onProgress: (fraction) => setProgress(fraction, `Uploading ${items.length} photos… ${Math.round(fraction * 100)}%`),
        onUploaded: () => setProgress(1, "Analysing your photos…", true),
      });
      items.forEach((item) => URL.revokeObjectURL(item.url));
      items = [];
      app.navigate(`#/personas/${result.persona.id}`);
    } catch (error) {
      setBusy(false);
      if (error.code === "missing_name" || error.code === "name_too_long") {
        nameError.textContent = error.message;
        nameError.hidden = false;
        nameInput.setAttribute("aria-invalid", "true");
        nameInput.focus();
        return;
      }
      if (error.code === "too_few_photos" || error.code === "too_many_photos") {
        showPhotosNote(error.message, "danger");
        fileInput.focus();
        return;
      }
      showFormError(error);
      markRejected(error);
      formError.focus();
    }
  });

  drawThumbs();
  return () => {
    window.removeEventListener("dragover", stray);
    window.removeEventListener("drop", stray);
    items.forEach((item) => URL.revokeObjectURL(item.url));
  };
}
