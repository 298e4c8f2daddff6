// One persona: its five portraits arriving live (Server-Sent Events, followed by ../persona-live.js),
// each with its state and the measured identity distance; the analysis of every uploaded photo;
// default, rename, regenerate, delete. The page's state changes only through
// ../persona-events.js; `draw` redraws what changed.
import { Personas } from "../api.js";
import { h, icon, spinner } from "../dom.js";
import { slotList } from "../persona-events.js";
import { followPersona } from "../persona-live.js";
import { photoSummary } from "../photo-analysis.js";
import { photoCard } from "../components/photo-card.js";
import { createPortraitGrid } from "../components/portrait-grid.js";
import { createPersonaHead } from "./persona-head.js";
import { createPersonaStats } from "./persona-stats.js";
import { createDeleteDialog } from "./persona-dialogs.js";
import { createPortraitViewer } from "./portrait-viewer.js";

export function renderPersona(container, app, personaId) {
  let disposed = false;

  const main = h("div", { class: "persona-page", "aria-busy": "true" },
    h("div", { class: "loading-block" }, spinner(), h("span", {}, "Loading persona…")));
  container.append(h("a", { class: "back-link", href: "#/personas" }, icon("arrowLeft", { size: 16 }), "Your personas"), main);

  const liveRegion = h("p", { class: "visually-hidden", "aria-live": "polite" });

  const live = followPersona(personaId, {
    onCommit: draw,
    onAnnounce: (text) => { liveRegion.textContent = text; },
    onLive: (on) => { liveIndicator.hidden = !on; },
    onSettled: () => app.refreshUsage(),
    onRefreshError: (error) => head.showError(error.message),
  });

  const page = {
    personaId,
    app,
    current: () => live.state.persona,
    apply: (detail) => live.apply(detail),
    markDefault: () => live.markDefault(),
    onDelete: () => deleteDialog.open(),
    onDeleted: () => live.stop(),
  };
  const head = createPersonaHead(page);
  const stats = createPersonaStats();

  // ---------------------------------------------------------------- portraits
  const liveIndicator = h("span", { class: "live", hidden: true }, h("span", { class: "live__dot", "aria-hidden": "true" }), "Live");
  // The shown portraits at full size, one ZIP; offered once one is made.
  const downloadAll = h("a", {
    class: "btn btn-secondary btn-sm section-head__action", href: Personas.portraitsZipUrl(personaId), download: "", hidden: true,
  }, icon("download", { size: 15 }), "Download all (ZIP)");
  const grid = createPortraitGrid({
    onOpen: (index) => viewer.open(index),
    onRegenerate: (index, instruction) => live.regenerate(index, instruction),
  });
  const portraitsSection = h("section", { class: "section", "aria-labelledby": "portraits-title" },
    h("div", { class: "section-head" },
      h("h2", { class: "section-title", id: "portraits-title" }, "Portraits"),
      liveIndicator, downloadAll),
    grid.el, liveRegion);

  // ---------------------------------------------------------------- photos
  const photosSummary = h("p", { class: "page-sub" });
  const photoGrid = h("ul", { class: "photo-grid" });
  const photosSection = h("section", { class: "section", "aria-labelledby": "photos-title" },
    h("div", { class: "section-head section-head--stack" },
      h("h2", { class: "section-title", id: "photos-title" }, "Your photos"),
      photosSummary),
    photoGrid);

  // ---------------------------------------------------------------- dialogs
  const deleteDialog = createDeleteDialog(page, head.deleteButton);
  const viewer = createPortraitViewer({
    slots: () => slotList(live.state),
    onKeep: (index, attempt) => live.keep(index, attempt),
      opener: (index) => grid.opener(index),
  });

  /** Redraws what differs between the previous state and `next`. */
  function draw(next, previous) {
    if (next.persona !== previous.persona) head.draw(next.persona);
    for (const slot of Object.values(next.slots)) {
      if (slot !== previous.slots[slot.index]) grid.update(slot);
    }
    if (next.persona !== previous.persona || next.slots !== previous.slots) {
      stats.draw(next);
      downloadAll.hidden = !Object.values(next.slots).some((slot) => slot.url);
      viewer.redraw();
    }
    if (next.persona && (!previous.persona || next.persona.photos !== previous.persona.photos)) drawPhotos(next.persona);
  }

  async function load() {
    try {
      // Drawn (detached) as the detail arrives, then shown.
      const detail = await live.load();
      if (disposed) return;
      main.removeAttribute("aria-busy");
      main.replaceChildren(...head.elements, stats.el, portraitsSection, photosSection, deleteDialog.el, viewer.el);
      app.setTitle(detail.name);
      head.title.focus({ preventScroll: true });
    } catch (error) {
      if (disposed) return;
      main.removeAttribute("aria-busy");
      main.replaceChildren(h("div", { class: "empty card" },
        h("div", { class: "empty__art", "aria-hidden": "true" }, icon("alert", { size: 36 })),
        h("h1", { class: "page-title", tabindex: "-1" }, error.status === 404 ? "Persona not found" : "Couldn't load this persona"),
        h("p", {}, error.message),
        h("a", { class: "btn btn-secondary", href: "#/personas" }, "Back to your personas")));
    }
  }

  // ================================================================ photos
  function drawPhotos(persona) {
    const photos = persona.photos || [];
    const summary = photoSummary(photos);
    photosSummary.replaceChildren(
      `${summary.uploaded} uploaded · `,
      h("span", { class: "ref-inline" }, icon("star", { size: 13, filled: true }), `${summary.references} chosen as references`),
      summary.withIssues ? ` · ${summary.withIssues} with notes` : "",
    );
    photoGrid.replaceChildren(...photos.map(photoCard));
  }

  load();
  return () => {
    disposed = true;
    live.stop();
  };
}
