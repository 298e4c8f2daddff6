// One design (#/studio/<id>): its live preview (the stage and progress the events report, the
// partial image when one arrives), the version strip, the comparison of two versions, the checks
// and actions of the version shown, the refinement chat, and for a group its four variations.
// The page's state changes only through ../../design-studio.js; every `design.*` event for a
// design on the page fetches that design again (GET /api/designs/:id), which stays the truth.
import { Designs } from "../../api.js";
import { h, icon, replaceChildren, spinner } from "../../dom.js";
import { formatDate } from "../../format.js";
import { designName, formatLabel, formatOf, versionLabel, versionState } from "../../design-words.js";
import {
  designToRefetch, initialStudioState, previewModel, reduceDesignEvent, restartRequest, sameId, shownVersion,
  unwrapDesign, watchedIds, withCompareCleared, withCompareToggled, withDesign, withGroup, withSelected,
} from "../../design-studio.js";
import { followDesignEvents } from "../../design-live.js";
import { createCompare } from "./compare.js";
import { createDesignPanel } from "./design-panel.js";
import { designFrame, drawFrame } from "./design-frame.js";
import { loadFormats } from "./formats.js";
import { createRefineChat } from "./refine-chat.js";
import { createVariationGrid } from "./variation-grid.js";
import { createVersionStrip } from "./version-strip.js";

export function renderDesignPage(container, app, designId) {
  if (!designId) { app.navigate("#/studio", { replace: true }); return null; }
  let disposed = false;
  let state = initialStudioState();
  let formats = [];
  let stopEvents = null;
  let frame = null;
  /** design id → { again }: one fetch at a time per design, one more if an event came meanwhile */
  const fetching = new Map();

  const main = h("div", { class: "studio-page", "aria-busy": "true" },
    h("div", { class: "loading-block" }, spinner(), h("span", {}, "Loading the design…")));
  container.append(
    h("a", { class: "back-link", href: "#/studio" }, icon("arrowLeft", { size: 16 }), "All designs"),
    main);

  const title = h("h1", { class: "page-title", tabindex: "-1" });
  const meta = h("p", { class: "page-sub" });
  const caption = h("p", { class: "studio-preview__caption" });
  const pageError = h("div", { class: "banner banner-danger", role: "alert", hidden: true });
  const liveRegion = h("p", { class: "visually-hidden", "aria-live": "polite" });
  const variations = createVariationGrid();
  const strip = createVersionStrip({
    onSelect: (number) => commit(withSelected(state, number)),
    onToggleCompare: (number) => commit(withCompareToggled(state, number)),
  });
  const compare = createCompare({ onClose: () => commit(withCompareCleared(state)) });
  const chat = createRefineChat({ onSend: refine });
  const panel = createDesignPanel({ onUse: use, onFinalize: finalize, onRestart: restart, onDelete: remove });

  function commit(next) {
    const previous = state;
    state = next;
    if (next !== previous && next.design && frame) draw(next, previous);
  }

  function draw(next, previous) {
    const { design } = next;
    title.textContent = designName(design);
    meta.textContent = `${formatLabel(formatOf(formats, design))} · ${formatDate(design.createdAt)}`;
    const version = shownVersion(next);
    drawFrame(frame, previewModel(next), { alt: version ? `${designName(design)}, v${version.number}` : "" });
    const current = version && version.number === design.currentVersion ? " · current" : "";
    caption.textContent = version ? `${versionLabel(version)} · ${versionState(version.state).label}${current}` : "";
    variations.draw(next);
    strip.draw(next);
    compare.draw(next);
    chat.draw(design);
    panel.draw(next);
    if (previous.design && sameId(previous.design.id, design.id)) announceFinished(previous.design, design);
  }

  /** Says which versions just finished, and updates the header's usage after a charge. */
  function announceFinished(before, after) {
    const was = new Map((before.versions || []).map((v) => [v.number, v.state]));
    for (const version of after.versions || []) {
      const old = was.get(version.number);
      if (old === version.state || (old !== undefined && old !== "queued" && old !== "rendering")) continue;
      if (version.state === "ready") { liveRegion.textContent = `v${version.number} is ready.`; app.refreshUsage(); }
      if (version.state === "failed") {
        liveRegion.textContent = `v${version.number} failed. ${(version.error && version.error.message) || ""}`.trim();
      }
    }
  }

  function build(design) {
    frame = designFrame(design.width, design.height);
    frame.classList.add("design-frame--preview");
    main.removeAttribute("aria-busy");
    replaceChildren(main,
      h("header", { class: "studio-head" }, title, meta),
      pageError,
      panel.suggestion,
      variations.el,
      h("div", { class: "studio-layout" },
        h("div", { class: "studio-layout__main" },
          h("section", { class: "card studio-preview", "aria-label": "Preview" }, frame, caption),
          strip.el, compare.el),
        h("div", { class: "studio-layout__side" }, panel.el, chat.el)),
      liveRegion);
  }

  async function load() {
    try {
      const [payload, known] = await Promise.all([Designs.get(designId), loadFormats().catch(() => [])]);
      if (disposed) return;
      formats = known;
      const design = unwrapDesign(payload);
      build(design);
      commit(withDesign(state, design));
      app.setTitle(design.title || "Design");
      title.focus({ preventScroll: true });
      if (design.group) loadGroup();
      stopEvents = followDesignEvents(design.personaId, {
        after: design.eventCursor,
        onEvent,
        // Connected (again): whatever happened before is fetched rather than assumed.
        onOpen: () => watchedIds(state).forEach(refetch),
      });
    } catch (error) {
      if (disposed) return;
      main.removeAttribute("aria-busy");
      replaceChildren(main, h("div", { class: "empty card" },
        h("div", { class: "empty__art", "aria-hidden": "true" }, icon("alert", { size: 36 })),
        h("h1", { class: "page-title", tabindex: "-1" },
          error.status === 404 ? "Design not found" : "Couldn't load this design"),
        h("p", {}, error.message),
        h("a", { class: "btn btn-secondary", href: "#/studio" }, "All designs")));
    }
  }

  async function loadGroup() {
    try {
      const { designs } = await Designs.list();
      if (!disposed) commit(withGroup(state, designs || []));
    } catch { /* the grid simply stays hidden */ }
  }

  function onEvent(event) {
    const id = designToRefetch(state, event);
    if (!id) return;
    commit(reduceDesignEvent(state, event));
    refetch(id);
  }

  async function refetch(id) {
    const key = String(id).toLowerCase();
    if (fetching.has(key)) { fetching.get(key).again = true; return; }
    const entry = { again: true };
    fetching.set(key, entry);
    try {
      while (entry.again && !disposed) {
        entry.again = false;
        const design = unwrapDesign(await Designs.get(id));
        if (!disposed) commit(withDesign(state, design));
      }
      if (sameId(id, designId)) pageError.hidden = true;
    } catch (error) {
      if (disposed || !sameId(id, designId)) return;
      replaceChildren(pageError, icon("alert"),
        h("span", {}, `The latest state could not be loaded: ${error.message}`));
      pageError.hidden = false;
    } finally {
      fetching.delete(key);
    }
  }

  async function refine(instruction) {
    const design = unwrapDesign(await Designs.refine(designId, instruction));
    if (disposed) return;
    commit(withDesign(state, design));
    liveRegion.textContent = "Your change is being made as a new version.";
    refetch(designId);
  }

  async function use(number) {
    const design = unwrapDesign(await Designs.revert(designId, number));
    if (disposed) return;
    commit(withSelected(withDesign(state, design), null));
    app.toast(`v${number} is the current version.`);
  }

  async function finalize(number) {
    const design = unwrapDesign(await Designs.finalize(designId, number));
    if (disposed) return;
    commit(withDesign(state, design));
    // On FAL a draft is made once more at high quality, as a new version.
    app.toast(design.currentVersion === number
      ? `v${number} is finalized: download it in the size you need.`
      : `Making v${number} again at high quality, as v${design.currentVersion}: it is the final once made.`);
  }

  async function restart() {
    const { designs } = await Designs.create(restartRequest(state.design));
    if (disposed || !designs || designs.length === 0) return;
    app.toast("Started again from the original prompt.");
    app.navigate(`#/studio/${encodeURIComponent(designs[0].id)}`);
  }

  async function remove() {
    await Designs.remove(designId);
    if (disposed) return;
    app.toast("Design deleted.");
    app.navigate("#/studio");
  }

  load();
  return () => {
    disposed = true;
    if (stopEvents) stopEvents();
  };
}
