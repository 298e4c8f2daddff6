// Where the creator's photos come from: a file input behind a drop zone (drag and drop), on
// phones and tablets a second input that opens the device's camera app, the "Take photos with
// your camera" button (the in-page camera panel, ./camera-capture.js, loaded when first opened),
// and a note about files it did not take. The photos themselves are drawn by ./draft-photos.js.
//
//   const picker = createPhotoPicker({ onFiles(fileList), onCapture(file) });
//   section.append(...picker.elements)  (the camera panel opens in picker.cameraSlot)
//   picker.showNote(text, tone, {label, run}?)  (the optional action a button in the note)
//   picker.focus(), picker.setBusy(on), picker.dispose()
import { h, icon, isTouchDevice } from "../dom.js";
import { MIN_PHOTOS, MAX_PHOTOS } from "../labels.js";
import { ACCEPT } from "../photo-selection.js";


/** A camera outline (dom.js has none): built with the DOM, no markup strings. */
function cameraIcon(size = 16) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  for (const [k, v] of Object.entries({ width: size, height: size, viewBox: "0 0 24 24", fill: "none", stroke: "currentColor",
    "stroke-width": "1.8", "stroke-linecap": "round", "stroke-linejoin": "round", "aria-hidden": "true", focusable: "false" })) svg.setAttribute(k, String(v));
  const body = document.createElementNS(ns, "path");
  body.setAttribute("d", "M4 8.5a2 2 0 012-2h2l1.5-2h5L16 6.5h2a2 2 0 012 2V17a2 2 0 01-2 2H6a2 2 0 01-2-2z");
  const lens = document.createElementNS(ns, "circle");
  lens.setAttribute("cx", "12"); lens.setAttribute("cy", "12.5"); lens.setAttribute("r", "3.3");
  svg.append(body, lens);
  return h("span", { class: "icon icon-camera" }, svg);
}

function canUseCamera() {
  return !!(navigator.mediaDevices && typeof navigator.mediaDevices.getUserMedia === "function");
}

export function createPhotoPicker({ onFiles, onCapture } = {}) {
  let busy = false;
  let camera = null; // the panel, once loaded
  let loading = null;
  let disposed = false; // set by dispose(): a camera module still loading then makes no panel

  // The main input never has `capture`: on a phone that would replace the choice of gallery or
  // camera with the camera alone. The phone's camera app gets an input of its own below.
  const fileInput = h("input", { id: "photo-input", class: "visually-hidden", type: "file", multiple: true, accept: ACCEPT,
    "aria-describedby": "photo-hint" });
  const touch = isTouchDevice();
  const dropzone = h("label", { class: "dropzone", for: "photo-input" },
    h("span", { class: "dropzone__icon", "aria-hidden": "true" }, icon("upload", { size: 26 })),
    touch // nothing to drag on a phone
      ? h("span", { class: "dropzone__title" }, h("span", { class: "link-like" }, "Choose photos"), " from your phone")
      : h("span", { class: "dropzone__title" }, "Drag your photos here"),
    touch ? null : h("span", { class: "dropzone__or" }, "or ", h("span", { class: "link-like" }, "choose files"), " from your device"),
    h("span", { class: "dropzone__hint", id: "photo-hint" },
      `${MIN_PHOTOS}–${MAX_PHOTOS} photos of just you · JPEG, PNG, WebP or HEIC · up to 25 MB each · each one is checked as it arrives`),
  );

  const sources = h("div", { class: "photo-sources" });
  const cameraButton = h("button", { type: "button", class: "btn btn-secondary", "aria-expanded": "false",
    "aria-controls": "camera-slot" }, cameraIcon(), h("span", {}, "Take photos with your camera"));
  if (canUseCamera()) sources.append(cameraButton);
  let phoneInput = null;
  if (touch) {
    phoneInput = h("input", { id: "photo-capture-input", class: "visually-hidden", type: "file", accept: "image/*", capture: "user" });
    sources.append(phoneInput, h("label", { class: "btn btn-ghost photo-sources__phone", for: "photo-capture-input" },
      cameraIcon(), "Use the phone's camera app"));
  }
  const cameraSlot = h("div", { class: "camera-slot", id: "camera-slot", hidden: true });
  const note = h("div", { class: "inline-note", role: "alert", hidden: true });

  function showNote(message, tone = "warning", action = null) {
    note.hidden = !message;
    note.className = `inline-note inline-note-${tone}`;
    const button = message && action ? h("button", { type: "button", class: "btn btn-ghost btn-sm",
      style: "margin-left: auto; flex: none", onclick: () => action.run() }, action.label) : null;
    note.replaceChildren(...(message ? [icon("alert", { size: 16 }), h("span", {}, message), button].filter(Boolean) : []));
  }

  function take(list) {
    if (busy || !list || list.length === 0) return;
    onFiles(list);
  }

  function setCameraOpen(open) {
    cameraSlot.hidden = !open;
    cameraButton.setAttribute("aria-expanded", String(open));
    cameraButton.lastChild.textContent = open ? "Close the camera" : "Take photos with your camera";
  }

  async function loadCamera() {
    if (camera) return camera;
    if (!loading) {
      loading = import("./camera-capture.js").then(({ createCameraCapture }) => {
        if (disposed) return null;
        camera = createCameraCapture({
          onCapture: (file) => { if (!busy && onCapture) onCapture(file); },
          onUseUpload: () => { closeCamera(); fileInput.focus(); },
        });
        cameraSlot.replaceChildren(camera.element);
        return camera;
      });
      loading.catch(() => { loading = null; });
    }
    return loading;
  }

  function closeCamera() {
    if (camera) camera.close();
    setCameraOpen(false);
  }

  cameraButton.addEventListener("click", async () => {
    if (!cameraSlot.hidden) { closeCamera(); return; }
    showNote(null);
    try {
      const panel = await loadCamera();
      // Disposed while the module loaded (dispose() ends a panel made by then), or busy now: not opened.
      if (disposed || busy || !panel) return;
      setCameraOpen(true);
      panel.open();
      // On a phone the panel opens below the fold: bring it up (the focus stays on this button).
      if (typeof cameraSlot.scrollIntoView === "function") cameraSlot.scrollIntoView({ block: "nearest" });
    } catch {
      showNote("The camera can't be opened on this page. Choose photos from your device instead.", "warning");
    }
  });

  fileInput.addEventListener("change", () => {
    take(Array.from(fileInput.files || []));
    fileInput.value = ""; // the same file may be chosen again after removing it
  });
  if (phoneInput) {
    phoneInput.addEventListener("change", () => {
      take(Array.from(phoneInput.files || []));
      phoneInput.value = "";
    });
  }

  // Drag and drop onto the zone (the counter survives dragenter/leave on child elements).
  let depth = 0;
  dropzone.addEventListener("dragenter", (event) => { event.preventDefault(); depth += 1; dropzone.classList.add("is-dragging"); });
  dropzone.addEventListener("dragover", (event) => { event.preventDefault(); if (event.dataTransfer) event.dataTransfer.dropEffect = "copy"; });
  dropzone.addEventListener("dragleave", () => { depth = Math.max(0, depth - 1); if (depth === 0) dropzone.classList.remove("is-dragging"); });
  dropzone.addEventListener("drop", (event) => {
    event.preventDefault();
    depth = 0;
    dropzone.classList.remove("is-dragging");
    if (event.dataTransfer && event.dataTransfer.files) take(Array.from(event.dataTransfer.files));
  });
  // Dropping a file elsewhere on the page must not navigate away from it.
  const stray = (event) => { if (!dropzone.contains(event.target)) event.preventDefault(); };
  window.addEventListener("dragover", stray);
  window.addEventListener("drop", stray);

  return {
    elements: [fileInput, dropzone, sources.childElementCount ? sources : null, note].filter(Boolean),
    cameraSlot,
    showNote,
    focus() { fileInput.focus(); },
    setBusy(on) {
      busy = on;
      if (on) closeCamera();
      cameraButton.disabled = on;
    },
    dispose() {
      disposed = true;
      window.removeEventListener("dragover", stray);
      window.removeEventListener("drop", stray);
      if (camera) camera.dispose();
    },
  };
}
