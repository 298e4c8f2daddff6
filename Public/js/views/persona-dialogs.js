// The persona page's two dialogs: "Delete persona?" and the enlarged portrait with all its attempts.
import { Personas } from "../api.js";
import { h, icon, spinner, uniqueId } from "../dom.js";
import { deleteWarning } from "../photo-analysis.js";
import { attemptLabel, identityText } from "../portrait-display.js";

/** page = { personaId, app, current(), onDeleted() }; focus returns to `returnFocus` on close. */
export function createDeleteDialog(page, returnFocus) {
  const { personaId, app } = page;
  const titleId = uniqueId("delete-title");
  const text = h("p", {});
  const error = h("div", { class: "form-error", role: "alert", hidden: true });
  const confirm = h("button", { type: "button", class: "btn btn-danger" }, icon("trash", { size: 16 }), "Delete persona");
  const cancel = h("button", { type: "button", class: "btn btn-secondary" }, "Keep it");
  const heading = h("h2", { id: titleId, class: "dialog__title" });
  const el = h("dialog", { class: "dialog", "aria-labelledby": titleId }, heading, text, error, h("div", { class: "dialog__actions" }, cancel, confirm));
  cancel.addEventListener("click", () => el.close());
  confirm.addEventListener("click", async () => {
    confirm.disabled = true; cancel.disabled = true;
    confirm.replaceChildren(spinner(), "Deleting…");
    try {
      await Personas.remove(personaId);
      page.onDeleted();
      el.close();
      app.toast(`Deleted “${page.current().name}”.`);
      app.refreshUsage();
      app.navigate("#/personas");
    } catch (err) {
      error.replaceChildren(icon("alert"), h("span", {}, err.message));
      error.hidden = false;
    } finally {
      confirm.disabled = false; cancel.disabled = false;
      confirm.replaceChildren(icon("trash", { size: 16 }), "Delete persona");
    }
  });
  el.addEventListener("close", () => returnFocus.isConnected && returnFocus.focus());
  return {
    el,
    open() {
      const persona = page.current();
      heading.textContent = `Delete “${persona.name}”?`;
      text.textContent = deleteWarning((persona.photos || []).length);
      error.hidden = true;
      el.showModal();
      cancel.focus();
    },
  };
}

export function createLightbox() {
  const titleId = uniqueId("lightbox-title");
  const heading = h("h2", { id: titleId, class: "dialog__title" });
  const img = h("img", { class: "lightbox__img", alt: "" });
  const caption = h("p", { class: "slot__identity" });
  const strip = h("div", { class: "lightbox__history" });
  const close = h("button", { type: "button", class: "icon-btn lightbox__close", "aria-label": "Close" }, icon("close"));
  const el = h("dialog", { class: "dialog lightbox", "aria-labelledby": titleId }, close, heading, img, caption, strip);
  close.addEventListener("click", () => el.close());
  el.addEventListener("click", (event) => { if (event.target === el) el.close(); });

  function show(url, distance, label, faceFound = true) {
    img.src = url;
    img.alt = label;
    caption.textContent = identityText(distance, faceFound) || "";
  }
  return {
    el,
    /** Shows `slot` (of the persona state) large, with the persona's history of its attempts. */
    open(slot, persona) {
      heading.textContent = slot.title;
      show(slot.url || slot.previousUrl, slot.url ? slot.identityDistance : null, `${slot.title} portrait`, slot.faceFound);
      const history = (persona.portraits || []).find((p) => p.index === slot.index)?.history || slot.history || [];
      strip.hidden = history.length < 2;
      strip.replaceChildren(h("p", { class: "muted small" }, "All attempts"), h("div", { class: "lightbox__thumbs" }, history.map((item) => {
        const b = h("button", { type: "button", class: "lightbox__thumb", "aria-label": `Attempt ${item.attempt}, ${item.state}` },
          h("img", { src: item.url, alt: "" }),
          h("span", {}, attemptLabel(item)));
        b.addEventListener("click", () => show(item.url, item.identityDistance, `${slot.title}, attempt ${item.attempt}`, item.identityDistance !== null));
        return b;
      })));
      el.showModal();
      close.focus();
    },
  };
}
