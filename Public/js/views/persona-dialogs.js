// The persona page's "Delete persona?" dialog (the enlarged portrait is ./portrait-viewer.js).
import { Personas } from "../api.js";
import { h, icon, spinner, uniqueId } from "../dom.js";
import { deleteWarning } from "../photo-analysis.js";

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
