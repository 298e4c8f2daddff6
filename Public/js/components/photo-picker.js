// The photo picker of "New persona": a file input behind a drop zone (drag and drop), the count
// line, a note about files it did not take, and the chosen photos as thumbnails with a remove
// button each. The rules (which files, what the count says) are in ../photo-selection.js.
//
//   const picker = createPhotoPicker({ onAdded });
//   section.append(picker.clearButton ...); section.append(...picker.elements);
//   picker.files, picker.count, picker.showNote(text, tone), picker.setBusy(on), picker.focus()
//   picker.markRefused(reasonsByName) → the refused items; picker.removeItems(items)
//   picker.reset() (after a successful upload), picker.dispose() (when the view goes)
import { h, icon, uniqueId } from "../dom.js";
import { formatBytes } from "../format.js";
import { MIN_PHOTOS, MAX_PHOTOS } from "../labels.js";
import { ACCEPT, countStatus, problemsAfterRefusal, sortIncoming } from "../photo-selection.js";

export function createPhotoPicker({ onAdded } = {}) {
  /** @type {{key:string, file:File, url:string, problems:string[]}[]} */
  let items = [];
  let busy = false;

  const fileInput = h("input", { id: "photo-input", class: "visually-hidden", type: "file", multiple: true, accept: ACCEPT,
    "aria-describedby": "photo-hint photo-count" });
  const dropzone = h("label", { class: "dropzone", for: "photo-input" },
    h("span", { class: "dropzone__icon", "aria-hidden": "true" }, icon("upload", { size: 26 })),
    h("span", { class: "dropzone__title" }, "Drag your photos here"),
    h("span", { class: "dropzone__or" }, "or ", h("span", { class: "link-like" }, "choose files"), " from your device"),
    h("span", { class: "dropzone__hint", id: "photo-hint" }, `${MIN_PHOTOS}–${MAX_PHOTOS} photos of just you · JPEG, PNG, WebP or HEIC · up to 25 MB each`),
  );
  const countLine = h("p", { class: "photo-count", id: "photo-count", role: "status", "aria-live": "polite" });
  const note = h("div", { class: "inline-note", role: "alert", hidden: true });
  const clearButton = h("button", { type: "button", class: "btn btn-ghost btn-sm", hidden: true }, "Remove all");
  const thumbs = h("ul", { class: "thumb-grid", "aria-label": "Chosen photos" });

  function addFiles(fileList) {
    if (busy) return;
    const { accepted, note: text } = sortIncoming(fileList, items.map((item) => item.key));
    for (const item of accepted) items.push({ ...item, url: URL.createObjectURL(item.file) });
    showNote(text);
    if (onAdded) onAdded();
    draw();
  }

  function removeItem(key) {
    const index = items.findIndex((item) => item.key === key);
    if (index < 0) return;
    URL.revokeObjectURL(items[index].url);
    items.splice(index, 1);
    showNote(null);
    draw();
    // Keep keyboard focus in the grid.
    const buttons = thumbs.querySelectorAll(".thumb__remove");
    (buttons[Math.min(index, buttons.length - 1)] || fileInput).focus();
  }

  function showNote(message, tone = "warning") {
    note.hidden = !message;
    note.className = `inline-note inline-note-${tone}`;
    note.replaceChildren(...(message ? [icon("alert", { size: 16 }), h("span", {}, message)] : []));
  }

  function drawCount() {
    const { pill, text, tone } = countStatus(items.length);
    countLine.className = `photo-count photo-count-${tone}`;
    countLine.replaceChildren(h("span", { class: "count-pill" }, pill), h("span", {}, text));
    clearButton.hidden = items.length === 0;
  }

  function draw() {
    drawCount();
    thumbs.replaceChildren(...items.map(thumb));
  }

  function thumb(item) {
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
  }

  fileInput.addEventListener("change", () => {
    addFiles(fileInput.files);
    fileInput.value = ""; // let the same file be chosen again after removing it
  });
  clearButton.addEventListener("click", () => {
    items.forEach((item) => URL.revokeObjectURL(item.url));
    items = [];
    showNote(null);
    draw();
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

  draw();

  return {
    clearButton,
    elements: [fileInput, dropzone, countLine, note, thumbs],
    get files() { return items.map((item) => item.file); },
    get count() { return items.length; },
    showNote,
    focus() { fileInput.focus(); },
    setBusy(on) {
      busy = on;
      thumbs.querySelectorAll(".thumb__remove").forEach((b) => { b.disabled = on; });
    },
    /** Marks the thumbnails the server refused, with its reasons; returns the refused items. */
    markRefused(reasonsByName) {
      if (reasonsByName.size === 0) return [];
      for (const item of items) item.problems = problemsAfterRefusal(item.problems, reasonsByName.get(item.file.name));
      draw();
      return items.filter((item) => reasonsByName.has(item.file.name));
    },
    removeItems(list) {
      for (const item of list) URL.revokeObjectURL(item.url);
      items = items.filter((item) => !list.includes(item));
      draw();
    },
    /** Forgets the photos (they were uploaded) without redrawing. */
    reset() {
      items.forEach((item) => URL.revokeObjectURL(item.url));
      items = [];
    },
    dispose() {
      window.removeEventListener("dragover", stray);
      window.removeEventListener("drop", stray);
      items.forEach((item) => URL.revokeObjectURL(item.url));
    },
  };
}
