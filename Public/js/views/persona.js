// One persona: its five portraits arriving live (Server-Sent Events), each with its state and the
// measured identity distance; the analysis of every uploaded photo; default, rename, regenerate,
// delete. The page's state changes only through ../persona-events.js (the API's detail, and every
// event through its reducer); `commit` redraws what changed.
import { Personas } from "../api.js";
import { h, icon, spinner } from "../dom.js";
import {
  EVENT_TYPES, anyInProgress, eventAnnouncement, initialPersonaState, isFinished, reducePersonaEvent,
  withDefault, withDetail, withRegenerationRequested,
} from "../persona-events.js";
import { photoSummary } from "../photo-analysis.js";
import { photoCard } from "../components/photo-card.js";
import { createPortraitGrid } from "../components/portrait-grid.js";
import { createPersonaHead } from "./persona-head.js";
import { createPersonaStats } from "./persona-stats.js";
import { createDeleteDialog, createLightbox } from "./persona-dialogs.js";

export function renderPersona(container, app, personaId) {
  let disposed = false;
  let state = initialPersonaState();
  let source = null;
  let refreshing = null;

  const main = h("div", { class: "persona-page", "aria-busy": "true" },
    h("div", { class: "loading-block" }, spinner(), h("span", {}, "Loading persona…")));
  container.append(h("a", { class: "back-link", href: "#/" }, icon("arrowLeft", { size: 16 }), "Your personas"), main);

  const liveRegion = h("p", { class: "visually-hidden", "aria-live": "polite" });

  const page = {
    personaId,
    app,
    current: () => state.persona,
    apply: (detail) => commit(withDetail(state, detail)),
    markDefault: () => commit(withDefault(state)),
    onDelete: () => deleteDialog.open(),
    onDeleted: () => disconnect(),
  };
  const head = createPersonaHead(page);
  const stats = createPersonaStats();

  // ---------------------------------------------------------------- portraits
  const liveIndicator = h("span", { class: "live", hidden: true }, h("span", { class: "live__dot", "aria-hidden": "true" }), "Live");
  const grid = createPortraitGrid({
    onOpen: (index) => lightbox.open(state.slots[index], state.persona),
    onRegenerate: regenerate,
  });
  const portraitsSection = h("section", { class: "section", "aria-labelledby": "portraits-title" },
    h("div", { class: "section-head" },
      h("h2", { class: "section-title", id: "portraits-title" }, "Portraits"),
      liveIndicator),
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
  const lightbox = createLightbox();

  // ================================================================ state
  /** Makes `next` the page's state and redraws what differs from the previous one. */
  function commit(next) {
    const previous = state;
    state = next;
    if (next.persona !== previous.persona) head.draw(next.persona);
    for (const slot of Object.values(next.slots)) {
      if (slot !== previous.slots[slot.index]) grid.update(slot);
    }
    if (next.persona !== previous.persona || next.slots !== previous.slots) stats.draw(next);
    if (next.persona && (!previous.persona || next.persona.photos !== previous.persona.photos)) drawPhotos(next.persona);
  }

  async function load() {
    try {
      const { persona: detail } = await Personas.get(personaId);
      if (disposed) return;
      main.removeAttribute("aria-busy");
      main.replaceChildren(...head.elements, stats.el, portraitsSection, photosSection, deleteDialog.el, lightbox.el);
      commit(withDetail(state, detail));
      app.setTitle(detail.name);
      head.title.focus({ preventScroll: true });
      if (!isFinished(detail.status)) connect();
    } catch (error) {
      if (disposed) return;
      main.removeAttribute("aria-busy");
      main.replaceChildren(h("div", { class: "empty card" },
        h("div", { class: "empty__art", "aria-hidden": "true" }, icon("alert", { size: 36 })),
        h("h1", { class: "page-title", tabindex: "-1" }, error.status === 404 ? "Persona not found" : "Couldn't load this persona"),
        h("p", {}, error.message),
        h("a", { class: "btn btn-secondary", href: "#/" }, "Back to your personas")));
    }
  }

  async function refresh() {
    if (refreshing) return refreshing;
    refreshing = (async () => {
      try {
        const { persona: detail } = await Personas.get(personaId);
        if (disposed) return;
        commit(withDetail(state, detail));
        if (isFinished(detail.status) && !anyInProgress(state)) disconnect();
      } catch (error) {
        if (!disposed) head.showError(error.message);
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  // ================================================================ events
  function connect() {
    if (source || disposed || !state.persona) return;
    const { eventsUrl } = state.persona;
    const url = state.lastEventId !== null ? `${eventsUrl}?lastEventId=${encodeURIComponent(state.lastEventId)}` : eventsUrl;
    source = new EventSource(url);
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (event) => {
        let data = {};
        try { data = JSON.parse(event.data || "{}") || {}; } catch { return; }
        onEvent({ id: event.lastEventId, type, data });
      });
    }
    source.addEventListener("open", () => setLive(true));
    source.addEventListener("error", () => {
      // The server ends the stream after persona_ready; EventSource reconnects by itself.
      if (source && source.readyState === EventSource.CLOSED) { source = null; setLive(false); }
    });
  }

  function disconnect() {
    if (source) source.close();
    source = null;
    setLive(false);
  }

  function setLive(on) { liveIndicator.hidden = !on; }

  function onEvent(event) {
    const previous = state;
    const next = reducePersonaEvent(previous, event);
    if (next === previous) return; // a duplicate
    commit(next);
    const text = eventAnnouncement(previous, next, event);
    if (text) announce(text);
    if (event.type === "persona_ready" || event.type === "persona_failed") {
      app.refreshUsage();
      refresh().then(() => {
        const status = state.persona && state.persona.status;
        if (event.type === "persona_ready" && status === "ready") announce("All five portraits are done.");
        if (event.type === "persona_failed" && status === "failed") announce("No portrait could be made.");
      });
    }
  }

  function announce(text) { liveRegion.textContent = text; }

  /** The portrait grid's "Regenerate": false when the page went away meanwhile. */
  async function regenerate(index, instruction) {
    const result = await Personas.regenerate(personaId, index, instruction);
    if (disposed) return false;
    let next = withRegenerationRequested(state, index, instruction);
    if (result.persona) next = withDetail(next, result.persona);
    commit(next);
    connect();
    announce(`${state.slots[index].title}: regenerating.`);
    return true;
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
    disconnect();
  };
}
