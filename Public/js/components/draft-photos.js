// The draft's photos as thumbnails, each with its own state in words (uploading with progress,
// checking, the server's verdict, a file error with Retry), the reference mark, and the question
// on a photo of someone else or a duplicate. What each says comes from ../draft-verdict.js.
// Thumbnails are kept per photo and redrawn only when what they say changes, so an image never
// reloads and a focused button keeps the focus while other photos upload.
//
//   const grid = createDraftPhotos({ onRemove(key), onRetry(key) });
//   grid.el; grid.draw([{key, name, size, file, url, view}]); grid.focusAfterRemoval(key, fallback)
import { h, icon, uniqueId } from "../dom.js";
import { formatBytes } from "../format.js";

const STATE_ICON = { success: "check", danger: "alert", warning: "alert" };

export function createDraftPhotos({ onRemove, onRetry } = {}) {
  const el = h("ul", { class: "thumb-grid draft-grid", "aria-label": "Your photos" });
  /** key → { li, img, body, remove, signature, objectUrl } */
  const shown = new Map();

  function previewFor(item, record) {
    if (item.file && !record.objectUrl) record.objectUrl = URL.createObjectURL(item.file);
    return record.objectUrl || item.url || "";
  }

  function create(item) {
    const stateId = uniqueId("thumb-state");
    const img = h("img", { alt: "", loading: "lazy" });
    const media = h("div", { class: "thumb__media" }, img);
    const remove = h("button", { type: "button", class: "thumb__remove", "aria-label": `Remove ${item.name}`, title: "Remove",
      "aria-describedby": stateId, dataset: { action: "remove" } }, icon("close", { size: 14 }));
    const body = h("div", { class: "thumb__body" });
    const li = h("li", { class: "thumb", dataset: { key: item.key } }, media, body, remove);
    const record = { li, img, media, body, remove, stateId, signature: "", objectUrl: null, triedServer: false };
    img.addEventListener("error", () => {
      // A HEIC the browser can't show: the server's stored JPEG if there is one, else words.
      if (!record.triedServer && record.serverUrl && img.src !== record.serverUrl) {
        record.triedServer = true;
        img.src = record.serverUrl;
        return;
      }
      const ext = (item.name.split(".").pop() || "").toUpperCase();
      record.noPreview = true;
      img.replaceWith(h("div", { class: "thumb__noimg" }, icon("image", { size: 26 }), h("span", {}, `${ext} · no preview`)));
    });
    remove.addEventListener("click", () => onRemove && onRemove(item.key));
    img.src = previewFor(item, record);
    return record;
  }

  function fill(record, item) {
    const { view } = item;
    record.serverUrl = item.url || null;
    if (record.noPreview && record.serverUrl && !record.triedServer) {
      // No preview of the file (HEIC), and now the server's stored JPEG to show instead.
      record.noPreview = false;
      record.triedServer = true;
      record.media.querySelector(".thumb__noimg")?.replaceWith(record.img);
      record.img.src = record.serverUrl;
    }
    record.li.className = `thumb thumb--${view.tone}${view.question ? " thumb--question" : ""}${view.reference ? " is-reference" : ""}`;
    record.li.dataset.state = view.state;
    record.remove.disabled = view.state === "removing";
    const working = view.state === "uploading" || view.state === "analysing" || view.state === "queued" || view.state === "removing";
    record.media.classList.toggle("is-working", working);
    let bar = record.media.querySelector(".thumb__progress");
    if (view.progress !== null) {
      if (!bar) { bar = h("span", { class: "thumb__progress", "aria-hidden": "true" }, h("span", {})); record.media.append(bar); }
      bar.firstChild.style.width = `${view.progress}%`;
    } else if (bar) bar.remove();
    let chip = record.media.querySelector(".chip-ref");
    if (view.reference && !chip) record.media.append(h("span", { class: "chip chip-ref" }, icon("star", { size: 12, filled: true }), "Reference"));
    else if (!view.reference && chip) chip.remove();

    const signature = JSON.stringify([view.state, view.label, view.notes, view.question, view.canRetry, view.tag]);
    if (signature === record.signature) return;
    record.signature = signature;
    // Rebuilt: the focus, if it was on a button in here, goes to its new twin.
    const focused = record.body.contains(document.activeElement) ? document.activeElement.dataset.action : null;
    const stateIcon = STATE_ICON[view.tone] ? icon(STATE_ICON[view.tone], { size: 13 }) : null;
    record.body.replaceChildren(...[
      h("div", { class: "thumb__caption" },
        h("span", { class: "thumb__name", title: item.name }, item.name),
        h("span", { class: "thumb__size" }, formatBytes(item.size))),
      h("p", { class: `thumb__state tone-text-${view.tone}`, id: record.stateId }, stateIcon, h("span", {}, view.label)),
      view.tag ? h("p", { class: "thumb__tag" }, view.tag) : null,
      view.notes.length ? h("ul", { class: "thumb__notes" }, view.notes.map((n) => h("li", {}, n))) : null,
      view.question
        ? h("div", { class: "thumb__question" },
          h("p", {}, view.question),
          h("button", { type: "button", class: "btn btn-secondary btn-sm", dataset: { action: "question" },
            "aria-label": `Remove ${item.name}`, onclick: () => onRemove && onRemove(item.key) }, "Remove"))
        : null,
      view.canRetry
        ? h("div", { class: "thumb__actions" },
          h("button", { type: "button", class: "btn btn-secondary btn-sm", dataset: { action: "retry" },
            "aria-label": `Retry ${item.name}`, onclick: () => onRetry && onRetry(item.key) }, icon("refresh", { size: 14 }), "Retry"))
        : null,
    ].filter(Boolean));
    if (focused) {
      const twin = record.body.querySelector(`[data-action="${focused}"]`);
      (twin || record.remove).focus();
    }
  }

  function forget(key) {
    const record = shown.get(key);
    if (!record) return;
    if (record.objectUrl) URL.revokeObjectURL(record.objectUrl);
    record.li.remove();
    shown.delete(key);
  }

  return {
    el,
    draw(items) {
      const keys = new Set(items.map((i) => i.key));
      for (const key of [...shown.keys()]) if (!keys.has(key)) forget(key);
      items.forEach((item, index) => {
        let record = shown.get(item.key);
        if (!record) { record = create(item); shown.set(item.key, record); }
        fill(record, item);
        if (el.children[index] !== record.li) el.insertBefore(record.li, el.children[index] || null);
      });
    },
    /**
     * Before the photo `key` goes: the focus on the next photo's remove button (the previous one's
     * for the last photo), else on `fallback` (the file input).
     */
    focusAfterRemoval(key, fallback) {
      const items = [...el.children];
      const index = items.findIndex((li) => li.dataset.key === key);
      const others = items.filter((li) => li.dataset.key !== key);
      const usable = (li) => li && !li.querySelector(".thumb__remove").disabled;
      const after = others.slice(Math.max(0, index)).find(usable) || others.slice(0, Math.max(0, index)).reverse().find(usable);
      if (after) after.querySelector(".thumb__remove").focus();
      else if (fallback) fallback.focus();
    },
    dispose() { for (const key of [...shown.keys()]) forget(key); },
  };
}
