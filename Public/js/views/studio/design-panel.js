// Beside the preview: the server's advice to start again (with the button that does it), the shown
// version's checks in words (likeness, title contrast, the title drawn, any warning), "Use this
// version", "Finalize", the downloads (PNG, JPEG, WebP at the format's exact size) and "Delete".
//
//   const panel = createDesignPanel({ onUse(n), onFinalize(n), onRestart(), onDelete() }) (each → Promise)
//   panel.draw(state)
import { Designs } from "../../api.js";
import { h, icon, replaceChildren, replaceKeepingFocus, spinner } from "../../dom.js";
import { shownVersion, suggestionText, versionActions } from "../../design-studio.js";
import { provenanceText, versionFacts, versionLabel, versionState } from "../../design-words.js";

const DOWNLOADS = [["png", "PNG"], ["jpeg", "JPEG"], ["webp", "WebP"]];

export function createDesignPanel({ onUse, onFinalize, onRestart, onDelete }) {
  const suggestion = h("div", { class: "banner banner-warning studio-suggestion", role: "status", hidden: true });
  const body = h("div", { class: "studio-panel__body" });
  const error = h("div", { class: "form-error", role: "alert", hidden: true });
  const remove = h("div", { class: "studio-panel__delete" });
  const el = h("section", { class: "card studio-panel", "aria-label": "This version" }, body, error, remove);
  let busy = false;
  let confirming = false;
  let last = null;

  /** Runs one action: its button says it is working, its failure is shown here. */
  async function run(action) {
    if (busy) return;
    busy = true;
    error.hidden = true;
    if (last) draw(last);
    try {
      await action();
    } catch (err) {
      replaceChildren(error, icon("alert"), h("span", {}, err.message));
      error.hidden = false;
    } finally {
      busy = false;
      if (last && el.isConnected) draw(last);
    }
  }

  function draw(state) {
    last = state;
    const { design } = state;
    const text = suggestionText(design);
    suggestion.hidden = !text;
    if (text) {
      replaceKeepingFocus(suggestion, icon("refresh", { size: 18 }), h("span", {}, text),
        button("restart", "Start again from the original", "btn-secondary", onRestart,
          "Make a new design from the original prompt"));
    }
    replaceKeepingFocus(body, ...versionBody(design, shownVersion(state)));
    replaceKeepingFocus(remove, ...deleteControls());
  }

  function versionBody(design, version) {
    if (!version) return [h("p", { class: "muted" }, "No version yet.")];
    const actions = versionActions(design, version);
    const state = versionState(version.state);
    const facts = versionFacts(version);
    return [
      h("div", { class: "studio-panel__head" },
        h("h2", { class: "section-title", tabindex: "-1", dataset: { focusFallback: "" } }, versionLabel(version)),
        h("span", { class: `state-chip tone-${state.tone}` }, state.label),
        actions.isCurrent ? h("span", { class: "version-tag" }, "Current") : null,
        actions.isFinal
          ? h("span", { class: "version-tag version-tag--final" }, icon("check", { size: 12 }), "Finalized") : null),
      facts.length
        ? h("ul", { class: "facts" }, facts.map((f) => h("li", { class: `tone-text-${f.tone}` }, f.text))) : null,
      provenanceText(version) ? h("p", { class: "muted small" }, provenanceText(version)) : null,
      h("div", { class: "studio-panel__actions" },
        actions.canUse ? button("use", `Use v${version.number}`, "btn-secondary", () => onUse(version.number),
          "Make this the current version: refinements continue from it") : null,
        actions.canFinalize ? button("finalize", `Finalize v${version.number}`, "btn-primary",
          () => onFinalize(version.number), "Mark this version as the finished design") : null),
      actions.canDownload ? downloads(design, version, actions.isFinal) : null,
    ];
  }

  function button(key, label, tone, action, title) {
    return h("button", { type: "button", class: `btn ${tone} btn-sm`, title, disabled: busy, dataset: { focusKey: key },
      onclick: () => run(action) }, label);
  }

  function downloads(design, version, isFinal) {
    return h("div", { class: "studio-downloads" },
      h("span", { class: "studio-downloads__label" }, icon("download", { size: 16 }),
        isFinal ? "Download" : `Download v${version.number}`,
        h("span", { class: "muted" }, ` · ${design.width}×${design.height}`)),
      h("div", { class: "studio-downloads__links" }, DOWNLOADS.map(([type, label]) => h("a", {
        class: "btn btn-secondary btn-sm", href: Designs.downloadUrl(design.id, version.number, type), download: "",
        "aria-label": `Download v${version.number} as ${label}`,
      }, label)),
      // The preview is drawn to fit the page: the picture itself, pixel for pixel, in a tab of its own.
      version.imageUrl ? h("a", {
        class: "btn btn-ghost btn-sm", href: version.imageUrl, target: "_blank", rel: "noopener",
        "aria-label": `Open v${version.number} full size in a new tab`,
      }, icon("image", { size: 16 }), "Full size") : null));
  }

  function deleteControls() {
    if (!confirming) {
      return [h("button", {
        type: "button", class: "btn btn-ghost btn-sm btn-danger-text", dataset: { focusKey: "delete" },
        onclick: () => { confirming = true; draw(last); },
      }, icon("trash", { size: 15 }), "Delete design")];
    }
    return [
      h("span", { class: "small" }, "Delete this design and all its versions?"),
      h("button", { type: "button", class: "btn btn-ghost btn-sm", dataset: { focusKey: "delete" },
        onclick: () => { confirming = false; draw(last); } }, "Keep it"),
      h("button", {
        type: "button", class: "btn btn-danger btn-sm", disabled: busy, dataset: { focusKey: "delete-confirm" },
        onclick: () => run(onDelete),
      }, busy ? spinner() : icon("trash", { size: 15 }), "Delete"),
    ];
  }

  return { el, suggestion, draw };
}
