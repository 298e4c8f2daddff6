// The content studio's home (#/studio, and #/studio/persona/<id> from a persona's page): the
// create form, then the user's earlier designs. A new design opens its own page at once, where it
// is watched as it forms; designs still being made here refresh the list when they finish.
import { Designs } from "../../api.js";
import { h, icon, replaceChildren } from "../../dom.js";
import { isWorking, sameId } from "../../design-studio.js";
import { followDesignEvents } from "../../design-live.js";
import { createDesignForm } from "./create-form.js";
import { createDesignList } from "./design-list.js";
import { loadFormats } from "./formats.js";

export function renderStudio(container, app, { personaId = null } = {}) {
  let disposed = false;
  let reloadTimer = null;
  /** persona id → stop(): the streams of the personas whose designs are still being made */
  const followers = new Map();

  const form = createDesignForm({ personaId, onCreated });
  const list = createDesignList();
  const listError = h("div", { class: "banner banner-danger", role: "alert", hidden: true });
  container.append(
    h("div", { class: "page-head" },
      h("div", {},
        h("h1", { class: "page-title", tabindex: "-1" }, "Create"),
        h("p", { class: "page-sub" },
          "Thumbnails and social images with your face and your brand, refined in plain words."))),
    form.el,
    h("section", { class: "section studio-designs", "aria-labelledby": "studio-designs-title" },
      h("h2", { class: "section-title", id: "studio-designs-title" }, "Your designs"),
      listError, list.el));

  function onCreated(designs) {
    if (designs.length === 0) return;
    app.toast(designs.length > 1 ? `${designs.length} variations are being made.` : "Your design is being made.");
    app.navigate(`#/studio/${encodeURIComponent(designs[0].id)}`);
  }

  async function load() {
    try {
      const [{ designs }, formats] = await Promise.all([Designs.list(), loadFormats().catch(() => [])]);
      if (disposed) return;
      listError.hidden = true;
      list.draw(designs || [], formats);
      follow(designs || []);
    } catch (error) {
      if (disposed) return;
      replaceChildren(listError, icon("alert"), h("span", {}, `Your designs could not be loaded: ${error.message}`));
      listError.hidden = false;
    }
  }

  function reloadSoon() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(load, 250);
  }

  function follow(designs) {
    const working = designs.filter(isWorking);
    const wanted = new Set(working.map((d) => String(d.personaId).toLowerCase()));
    for (const [id, stop] of followers) {
      if (!wanted.has(id)) { stop(); followers.delete(id); }
    }
    for (const id of wanted) {
      if (followers.has(id)) continue;
      // Every design of a persona carries the same cursor: that persona's stream as the list was read.
      const cursor = working.find((d) => sameId(d.personaId, id)).eventCursor;
      followers.set(id, followDesignEvents(id, {
        after: Number.isFinite(cursor) ? cursor : null,
        onEvent: (event) => {
          if (event.type === "design.version_ready" || event.type === "design.failed") reloadSoon();
        },
        onOpen: reloadSoon,
      }));
    }
  }

  load();
  return () => {
    disposed = true;
    clearTimeout(reloadTimer);
    for (const stop of followers.values()) stop();
  };
}
