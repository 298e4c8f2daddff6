// "Your personas": a grid of cards (thumbnail, name, status, default star), refreshed while any
// persona is still being made.
import { listWithDrafts, Personas, Usage } from "../api.js";
import { h, icon } from "../dom.js";
import { keptDraft } from "../draft-identity.js";
import { formatDate, imagesMadeText, plural } from "../format.js";
import { statusBadge } from "../components/status-badge.js";

export function renderList(container, app) {
  let disposed = false;
  let timer = null;

  const errorBox = h("div", { class: "banner banner-danger", role: "alert", hidden: true });
  // A draft kept with "Keep for later" is offered here too, not only inside New persona.
  const draftBox = h("div", { class: "banner banner-info draft-kept", hidden: true });
  const grid = h("div", { class: "persona-grid", "aria-busy": "true" },
    [0, 1, 2].map(() => h("div", { class: "persona-card persona-card--skeleton", "aria-hidden": "true" },
      h("div", { class: "persona-card__media skeleton" }), h("div", { class: "persona-card__body" }, h("div", { class: "skeleton skeleton-line" })))));

  container.append(
    h("div", { class: "page-head" },
      h("div", {},
        h("h1", { class: "page-title", tabindex: "-1" }, "Your personas"),
        h("p", { class: "page-sub" }, "Each persona is a set of portraits of you, made from your photos, ready to reuse."),
        h("p", { class: "page-sub small" }, icon("star", { size: 14, filled: true }),
          " Your default persona is the one new thumbnails and posts are made from, and your avatar; the star sets it.")),
      h("a", { class: "btn btn-primary", href: "#/new" }, icon("plus"), "New persona")),
    errorBox,
    draftBox,
    grid,
  );

  function showError(message) {
    errorBox.hidden = !message;
    errorBox.replaceChildren(...(message ? [icon("alert"), h("span", {}, message)] : []));
  }

  async function load() {
    try {
      const [{ personas: listed }, usage] = await Promise.all([listWithDrafts(), Usage.get().catch(() => null)]);
      if (disposed) return;
      showError(null);
      app.setUsage(usage);
      const personas = (listed || []).filter((p) => p.status !== "pending_upload");
      drawDraft(keptDraft(listed));
      draw(personas, usage);
      clearTimeout(timer);
      if ((personas || []).some((p) => p.status === "analyzing")) {
        timer = setTimeout(load, 4000);
      }
    } catch (error) {
      if (disposed) return;
      grid.removeAttribute("aria-busy");
      showError(error.message);
    }
  }

  function drawDraft(draft) {
    draftBox.hidden = !draft;
    if (!draft) return;
    const photos = `${draft.photoCount} ${plural(draft.photoCount, "photo")}`;
    draftBox.replaceChildren(icon("image"),
      h("span", {}, `An unfinished persona${draft.name ? ` (${draft.name})` : ""}: ${photos} kept. `,
        h("a", { href: `#/new/${encodeURIComponent(draft.id)}` }, "Continue it"), " or remove them there."));
  }

  function draw(personas, usage) {
    grid.removeAttribute("aria-busy");
    if (personas.length === 0) {
      grid.replaceWith(emptyState());
      return;
    }
    grid.replaceChildren(...personas.map((persona) => card(persona, usage)));
  }

  function emptyState() {
    return h("div", { class: "empty card" },
      h("div", { class: "empty__art", "aria-hidden": "true" }, icon("user", { size: 40 })),
      h("h2", {}, "No personas yet"),
      h("p", {}, "Upload 5–20 photos of yourself and get five portraits of you in a minute or two."),
      h("a", { class: "btn btn-primary", href: "#/new" }, icon("plus"), "Create your first persona"));
  }

  function card(persona, usage) {
    const href = `#/personas/${persona.id}`;
    const cost = usage && usage.byPersona ? usage.byPersona[String(persona.id).toLowerCase()] : null;
    const media = persona.thumbnailUrl
      ? h("img", { src: persona.thumbnailUrl, alt: "", loading: "lazy" })
      : h("div", { class: "persona-card__placeholder", "aria-hidden": "true" }, icon("image", { size: 32 }));
    const star = h("button", {
      type: "button",
      class: `star-btn${persona.isDefault ? " is-on" : ""}`,
      "aria-pressed": String(!!persona.isDefault),
      title: persona.isDefault ? "Your default persona" : "Set as default",
      "aria-label": persona.isDefault ? `${persona.name} is your default persona` : `Set ${persona.name} as default`,
    }, icon("star", { filled: persona.isDefault }));
    star.addEventListener("click", async () => {
      if (persona.isDefault) return;
      star.disabled = true;
      try {
        await Personas.makeDefault(persona.id);
        app.toast(`${persona.name} is now your default persona.`);
        load();
      } catch (error) {
        star.disabled = false;
        showError(error.message);
      }
    });

    return h("article", { class: "persona-card" },
      h("div", { class: "persona-card__media" }, media, persona.isDefault ? h("span", { class: "chip chip-default" }, icon("star", { size: 12, filled: true }), "Default") : null),
      h("div", { class: "persona-card__body" },
        h("div", { class: "persona-card__row" },
          h("h2", { class: "persona-card__name" }, h("a", { href, class: "stretched" }, persona.name)),
          star),
        h("div", { class: "persona-card__row persona-card__meta" },
          statusBadge(persona.status, persona.stage),
          h("span", { class: "muted small" }, [formatDate(persona.createdAt), cost ? ` · ${imagesMadeText(cost)}` : ""].join(""))),
        persona.description ? h("p", { class: "persona-card__desc" }, persona.description) : null),
    );
  }

  load();
  return () => { disposed = true; clearTimeout(timer); };
}
