// The persona page's header: name, status badge, description, date; "Create with this persona"
// (the studio, once it is ready), "Set as default", "Rename"
// (an inline form) and "Delete" (the page's delete dialog); and the header's error line.
//
//   const head = createPersonaHead(page);  page = { personaId, app, current(), apply(detail), markDefault(), onDelete() }
//   container.append(...head.elements); head.draw(persona); head.showError(message)
import { Personas } from "../api.js";
import { h, icon } from "../dom.js";
import { formatDate } from "../format.js";
import { statusBadge } from "../components/status-badge.js";

export function createPersonaHead(page) {
  const { personaId, app } = page;
  const title = h("h1", { class: "page-title", tabindex: "-1" });
  const badgeHolder = h("span", { class: "persona-head__badge" });
  const descEl = h("p", { class: "page-sub" });
  const metaEl = h("p", { class: "muted small" });
  const headError = h("div", { class: "inline-note inline-note-danger", role: "alert", hidden: true });
  const starButton = h("button", { type: "button", class: "btn btn-secondary btn-sm star-toggle" });
  const editButton = h("button", { type: "button", class: "btn btn-ghost btn-sm" }, icon("edit", { size: 16 }), "Rename");
  const deleteButton = h("button", { type: "button", class: "btn btn-ghost btn-sm btn-danger-text" }, icon("trash", { size: 16 }), "Delete");
  // The studio needs the portraits, so the way in opens once the persona is ready.
  const createLink = h("a", {
    class: "btn btn-primary btn-sm", href: `#/studio/persona/${encodeURIComponent(personaId)}`, hidden: true,
  }, icon("sparkle", { size: 16 }), "Create with this persona");
  const headView = h("div", { class: "persona-head__text" },
    h("div", { class: "persona-head__title" }, title, badgeHolder),
    descEl, metaEl);

  // Rename form
  const renameName = h("input", { id: "rename-name", type: "text", maxlength: "100", required: true });
  const renameDesc = h("textarea", { id: "rename-desc", rows: "2" });
  const renameError = h("div", { class: "form-error", role: "alert", hidden: true });
  const renameSave = h("button", { type: "submit", class: "btn btn-primary btn-sm" }, "Save");
  const renameForm = h("form", { class: "rename-form card", hidden: true, novalidate: true },
    h("div", { class: "field" }, h("label", { for: "rename-name" }, "Name"), renameName),
    h("div", { class: "field" }, h("label", { for: "rename-desc" }, "Description ", h("span", { class: "optional" }, "(optional)")), renameDesc),
    renameError,
    h("div", { class: "form-actions__row" },
      h("button", { type: "button", class: "btn btn-ghost btn-sm", onclick: () => toggleRename(false) }, "Cancel"), renameSave));

  const head = h("header", { class: "persona-head" },
    headView,
    h("div", { class: "persona-head__actions" }, createLink, starButton, editButton, deleteButton));

  function draw(persona) {
    if (!persona) return;
    title.textContent = persona.name;
    badgeHolder.replaceChildren(statusBadge(persona.status, persona.stage));
    descEl.textContent = persona.description || "";
    descEl.hidden = !persona.description;
    createLink.hidden = persona.status !== "ready";
    metaEl.textContent = persona.createdAt ? `Created ${formatDate(persona.createdAt)}` : "";
    starButton.replaceChildren(icon("star", { size: 16, filled: persona.isDefault }),
      persona.isDefault ? "Default persona" : "Set as default");
    starButton.classList.toggle("is-on", !!persona.isDefault);
    starButton.setAttribute("aria-pressed", String(!!persona.isDefault));
    starButton.title = persona.isDefault ? "This persona is used by default for new images" : "Use this persona by default for new images";
  }

  function showError(message) {
    headError.hidden = !message;
    headError.replaceChildren(...(message ? [icon("alert", { size: 16 }), h("span", {}, message)] : []));
  }

  starButton.addEventListener("click", async () => {
    const persona = page.current();
    if (!persona || persona.isDefault) return;
    starButton.disabled = true;
    try {
      const result = await Personas.makeDefault(personaId);
      if (result.persona) page.apply(result.persona); else page.markDefault();
      showError(null);
      app.toast(`${page.current().name} is now your default persona.`);
    } catch (error) {
      showError(error.message);
    } finally {
      starButton.disabled = false;
    }
  });

  function toggleRename(open) {
    renameForm.hidden = !open;
    head.hidden = open;
    renameError.hidden = true;
    if (open) {
      const persona = page.current();
      renameName.value = persona.name;
      renameDesc.value = persona.description || "";
      renameName.focus();
    } else {
      editButton.focus();
    }
  }
  editButton.addEventListener("click", () => toggleRename(true));
  renameForm.addEventListener("keydown", (event) => { if (event.key === "Escape") toggleRename(false); });
  renameForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = renameName.value.trim();
    if (!name) {
      renameError.replaceChildren(icon("alert"), h("span", {}, "The name cannot be empty."));
      renameError.hidden = false;
      renameName.focus();
      return;
    }
    renameSave.disabled = true;
    try {
      const result = await Personas.update(personaId, { name, description: renameDesc.value.trim() });
      page.apply(result.persona);
      app.setTitle(result.persona.name);
      toggleRename(false);
      app.toast("Saved.");
    } catch (error) {
      renameError.replaceChildren(icon("alert"), h("span", {}, error.message));
      renameError.hidden = false;
    } finally {
      renameSave.disabled = false;
    }
  });

  deleteButton.addEventListener("click", () => page.onDelete());

  return { elements: [head, renameForm, headError], title, deleteButton, draw, showError };
}
