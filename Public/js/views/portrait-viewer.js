// The enlarged portrait: previous/next through the five (buttons, or the arrow keys), each
// portrait's attempts to look at, download at full size, or keep as the portrait again. What it
// shows is worked out in ../portrait-viewer-state.js.
//
//   const viewer = createPortraitViewer({ slots() → the slots in order, onKeep(index, attempt) → Promise,
//                                         opener(index) → the grid's button for that portrait });
//   viewer.open(index)   shows that portrait (on close, focus goes to the opener of the one on view)
//   viewer.redraw()      after the persona's state changed (a kept attempt, a new one arriving)
import { h, icon, spinner, uniqueId } from "../dom.js";
import { identityText, previewIdentityText } from "../portrait-display.js";
import { initialAttempt, steppedIndex, viewableIndexes, viewedActions, viewerAttempts } from "../portrait-viewer-state.js";

export function createPortraitViewer({ slots, onKeep, opener = () => null }) {
  const titleId = uniqueId("viewer-title");
  const heading = h("h2", { id: titleId, class: "dialog__title" });
  const position = h("p", { class: "muted small viewer__position" });
  const previous = h("button", { type: "button", class: "icon-btn viewer__step", "aria-label": "Previous portrait" }, icon("arrowLeft"));
  const next = h("button", { type: "button", class: "icon-btn viewer__step", "aria-label": "Next portrait" }, icon("arrowRight"));
  const img = h("img", { class: "lightbox__img", alt: "" });
  const caption = h("p", { class: "slot__identity" });
  const download = h("a", { class: "btn btn-secondary btn-sm" }, icon("download", { size: 15 }), "Download full size");
  const noteId = uniqueId("viewer-note");
  const keep = h("button", { type: "button", class: "btn btn-primary btn-sm", "aria-describedby": noteId }, icon("check", { size: 15 }), "Use this attempt");
  const note = h("p", { class: "small muted viewer__note", id: noteId });
  const status = h("p", { class: "small viewer__status", "aria-live": "polite" });
  // Where previous/next took the view, for a screen reader only: the heading and the position
  // line already show it (printed, it read as a stray line under the download button).
  const announce = h("p", { class: "visually-hidden viewer__announce", "aria-live": "polite" });
  const error = h("div", { class: "form-error", role: "alert", hidden: true });
  const thumbs = h("div", { class: "lightbox__thumbs", role: "group", "aria-label": "Attempts" });
  const strip = h("div", { class: "lightbox__history" }, h("p", { class: "muted small" }, "All attempts"), thumbs);
  const close = h("button", { type: "button", class: "icon-btn lightbox__close", "aria-label": "Close" }, icon("close"));
  const el = h("dialog", { class: "dialog lightbox viewer", "aria-labelledby": titleId },
    close,
    h("div", { class: "viewer__head" }, heading, position),
    h("div", { class: "viewer__stage" }, previous, img, next),
    caption,
    h("div", { class: "viewer__actions" }, download, keep, note, status),
    error,
    strip,
    announce);

  /** What is on view: the portrait's index and the attempt number. */
  let viewing = { index: 0, attempt: null };
  let returnFocus = null;
  /** A keep under way: its button stays busy whatever is redrawn meanwhile. */
  let keeping = false;

  function current() {
    return slots().find((slot) => slot.index === viewing.index) || null;
  }

  function draw() {
    const all = slots();
    const slot = current();
    if (!slot) return;
    const attempts = viewerAttempts(slot);
    if (!attempts.some((a) => a.attempt === viewing.attempt)) viewing.attempt = initialAttempt(attempts);
    const viewed = attempts.find((a) => a.attempt === viewing.attempt) || null;
    const actions = viewedActions(slot, viewed);
    heading.textContent = slot.title;
    position.textContent = `Portrait ${slot.index + 1} of ${all.length}${viewed ? ` · attempt ${viewed.attempt}${viewed.shown ? " (the one on your page)" : ""}` : ""}`;
    previous.hidden = next.hidden = viewableIndexes(all).length < 2;
    img.src = viewed ? viewed.url : "";
    img.alt = viewed ? `${slot.title}, attempt ${viewed.attempt}` : "";
    const faceFound = viewed ? viewed.identityDistance !== null && viewed.identityDistance !== undefined : true;
    caption.textContent = !viewed ? ""
      : (slot.madeBy === "composite" ? previewIdentityText(viewed.identityDistance, faceFound)
        : identityText(viewed.identityDistance, faceFound, viewed.state === "verified")) || "";
    download.hidden = !viewed;
    if (viewed) {
      download.href = viewed.url;
      download.setAttribute("download", actions.fileName);
    }
    keep.hidden = !viewed || (viewed.shown && !keeping);
    keep.disabled = keeping || !actions.canKeep;
    keep.title = actions.keepNote || "Show this attempt as the portrait again";
    note.textContent = keep.hidden ? "" : actions.keepNote || "";
    note.hidden = !note.textContent;
    strip.hidden = attempts.length < 2;
    thumbs.replaceChildren(...attempts.map((item) => {
      const b = h("button", {
        type: "button", class: `lightbox__thumb${item.shown ? " is-shown" : ""}`,
        "aria-pressed": String(item.attempt === viewing.attempt),
        "aria-label": `${item.label || `#${item.attempt}`}${item.shown ? ", shown" : ""}`,
        title: `Attempt ${item.attempt}`,
      },
      h("img", { src: item.url, alt: "", style: item.position ? `object-position: ${item.position}` : null }),
      h("span", {}, item.label || `#${item.attempt}`),
      item.shown ? h("span", { class: "lightbox__shown" }, "Shown") : null);
      b.addEventListener("click", () => {
        viewing.attempt = item.attempt;
        status.textContent = "";
        error.hidden = true;
        draw();
        thumbs.querySelector('[aria-pressed="true"]')?.focus();
      });
      return b;
    }));
  }

  function step(delta) {
    const index = steppedIndex(slots(), viewing.index, delta);
    if (index === viewing.index) return;
    viewing = { index, attempt: null };
    error.hidden = true;
    draw();
    // The picture and heading changed under the focus: say where the view is now.
    const slot = current();
    status.textContent = "";
    announce.textContent = slot ? `${slot.title}, portrait ${slot.index + 1} of ${slots().length}.` : "";
  }

  previous.addEventListener("click", () => step(-1));
  next.addEventListener("click", () => step(1));
  el.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    // The attempts' strip scrolls sideways with the arrows too: only the picture's part steps.
    if (event.target.closest && event.target.closest(".lightbox__thumbs")) return;
    event.preventDefault();
    step(event.key === "ArrowLeft" ? -1 : 1);
  });
  close.addEventListener("click", () => el.close());
  el.addEventListener("click", (event) => { if (event.target === el) el.close(); });
  el.addEventListener("close", () => {
    // The grid redraws its buttons as portraits change: the one on view now, else what opened it.
    const target = opener(viewing.index) || returnFocus;
    if (target && target.isConnected) target.focus();
  });

  keep.addEventListener("click", async () => {
    if (keeping) return;
    const { index, attempt } = viewing;
    const title = current()?.title || "This portrait";
    keeping = true;
    keep.disabled = true;
    keep.replaceChildren(spinner(), "Keeping…");
    error.hidden = true;
    let kept = false;
    try {
      kept = (await onKeep(index, attempt)) !== false;
      if (kept) status.textContent = `${title}: attempt ${attempt} is the portrait again.`;
    } catch (err) {
      error.replaceChildren(icon("alert"), h("span", {}, err.message));
      error.hidden = false;
    } finally {
      keeping = false;
      keep.replaceChildren(icon("check", { size: 15 }), "Use this attempt");
      draw();
    }
    // The button is gone (this attempt is the shown one now): keep the keyboard on its thumb.
    if (kept && viewing.index === index) thumbs.querySelector('[aria-pressed="true"]')?.focus();
  });

  return {
    el,
    open(index) {
      returnFocus = document.activeElement;
      viewing = { index, attempt: null };
      status.textContent = "";
      announce.textContent = "";
      error.hidden = true;
      draw();
      el.showModal();
      close.focus();
    },
    redraw() { if (el.open) draw(); },
  };
}
