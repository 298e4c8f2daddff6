// The five portraits, in scenario order: each with its picture (or a placeholder while it is
// made), its state chip, the measured likeness, notes, and "Regenerate" with an optional
// instruction. What a slot shows is worked out in ../portrait-display.js.
//
//   const grid = createPortraitGrid({ onOpen(index), onRegenerate(index, instruction) → Promise });
//   grid.update(slot)   draws one slot of the persona state (adds it in order the first time)
//   grid.opener(index)  the button that enlarges that portrait now
import { h, icon, spinner, uniqueId } from "../dom.js";
import { portraitName, previewNotice, slotDisplay, splitThreshold } from "../portrait-display.js";

const CHIP_ICONS = { check: "check", x: "x", alert: "alert" };

/**
 * What a refused instruction shows in its card: the reason, and what the offline studio can change
 * folded under it (in one paragraph it stretched the whole row of cards), as information (nothing
 * went wrong: a tester took the red of an error for a fault); any other error as it is, in red.
 */
function refusalContent(err) {
  const reasons = err && err.details && Array.isArray(err.details.reasons) ? err.details.reasons : [];
  if (!reasons.length) return { tone: "danger", content: [icon("alert", { size: 16 }), h("span", {}, err.message)] };
  return { tone: "info", content: [icon("info", { size: 16 }), h("div", { class: "refusal" }, h("p", {}, reasons.join(" ")),
    err.details.canChange ? h("details", {}, h("summary", {}, "What it can change"), h("p", {}, err.details.canChange),
      err.details.connect ? h("p", { class: "muted small" }, err.details.connect) : null) : null)] };
}

export function createPortraitGrid({ onOpen, onRegenerate }) {
  const el = h("div", { class: "slot-grid" });
  /** index -> the slot's elements */
  const cards = new Map();
  /** index -> the slot last drawn, for what the grid says about all of them. */
  const drawn = new Map();
  // Spans the grid's first row: what made the portraits, said once rather than on each.
  const notice = h("p", { class: "slot-grid__notice inline-note inline-note-info", hidden: true });
  el.append(notice);

  function card(index) {
    if (cards.has(index)) return cards.get(index);
    const titleId = uniqueId("slot-title");
    const media = h("div", { class: "slot__media" });
    const title = h("h3", { class: "slot__title", id: titleId });
    const chip = h("span", { class: "state-chip" });
    const identity = h("p", { class: "slot__identity" });
    const note = h("p", { class: "slot__note" });
    const provenance = h("p", { class: "slot__provenance", hidden: true });
    const error = h("div", { class: "inline-note inline-note-danger", role: "alert", hidden: true });

    const regenButton = h("button", { type: "button", class: "btn btn-secondary btn-sm btn-block" }, icon("refresh", { size: 15 }), "Regenerate");
    const instructionId = uniqueId("instruction");
    const instruction = h("input", { id: instructionId, type: "text", maxlength: "500", placeholder: "e.g. dramatic light", autocomplete: "off" });
    const regenSubmit = h("button", { type: "submit", class: "btn btn-primary btn-sm" }, "Regenerate");
    const regenForm = h("form", { class: "regen-form", hidden: true, novalidate: true },
      h("label", { for: instructionId, class: "small" }, "Instruction ", h("span", { class: "optional" }, "(optional)")),
      instruction,
      h("div", { class: "regen-form__row" },
        h("button", { type: "button", class: "btn btn-ghost btn-sm", onclick: () => toggleRegen(false) }, "Cancel"),
        regenSubmit));

    const article = h("article", { class: "slot", "aria-labelledby": titleId },
      media,
      h("div", { class: "slot__body" }, h("div", { class: "slot__head" }, title, chip), identity, note, provenance),
      h("div", { class: "slot__actions" }, error, regenButton, regenForm));

    // On a phone's two columns the form and an answer to it had half the width, three words a
    // line: the card takes the whole row while either shows (`.slot--wide`, persona.css).
    const widen = () => article.classList.toggle("slot--wide", !regenForm.hidden || !error.hidden);
    function toggleRegen(open) {
      regenForm.hidden = !open;
      regenButton.hidden = open;
      error.hidden = true;
      widen();
      if (open) instruction.focus(); else regenButton.focus();
    }
    // Unavailable while the portrait is being made, but never `disabled`: a disabled button drops
    // the focus it holds (to the page's start), which is where a submitted instruction leaves it.
    regenButton.addEventListener("click", () => { if (regenButton.getAttribute("aria-disabled") !== "true") toggleRegen(true); });
    regenForm.addEventListener("keydown", (event) => { if (event.key === "Escape") toggleRegen(false); });
    regenForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      error.hidden = true;
      regenSubmit.disabled = true;
      regenSubmit.replaceChildren(spinner(), "Starting…");
      try {
        const started = await onRegenerate(index, instruction.value.trim());
        if (started === false) return; // the page went away meanwhile
        instruction.value = "";
        regenForm.hidden = true;
        regenButton.hidden = false;
        widen();
        regenButton.focus(); // the form that had focus is gone: keep the keyboard in this card
      } catch (err) {
        const { tone, content } = refusalContent(err);
        error.className = `inline-note inline-note-${tone}`;
        error.setAttribute("role", tone === "info" ? "status" : "alert"); // an answer, not an alarm
        error.replaceChildren(...content);
        error.hidden = false;
        widen();
      } finally {
        regenSubmit.disabled = false;
        regenSubmit.replaceChildren("Regenerate");
      }
      // Disabling the pressed button dropped the focus to the page's start, past this card's
      // answer and form: it goes back to the instruction, to be changed or sent again (unless the
      // person has moved on meanwhile).
      if (!regenForm.hidden && (!document.activeElement || document.activeElement === document.body)) instruction.focus();
    });

    const parts = { article, media, title, chip, identity, note, provenance, regenButton, regenForm, widen };
    cards.set(index, parts);
    // Keep the grid in scenario order.
    const after = [...cards.keys()].sort((a, b) => a - b).find((i) => i > index);
    if (after !== undefined) el.insertBefore(article, cards.get(after).article);
    else el.append(article);
    return parts;
  }

  function update(slot) {
    const e = card(slot.index);
    const d = slotDisplay(slot);
    drawn.set(slot.index, slot);
    const said = previewNotice([...drawn.values()]);
    notice.hidden = !said;
    notice.textContent = said || "";
    e.article.className = `slot slot--${d.state}`;
    e.title.textContent = slot.title;

    e.chip.className = `state-chip tone-${d.chip.tone}`;
    e.chip.replaceChildren(
      d.chip.icon === "spinner" ? spinner()
        : CHIP_ICONS[d.chip.icon] ? icon(CHIP_ICONS[d.chip.icon], { size: 14 })
          : h("span", { class: "dot", "aria-hidden": "true" }),
      d.chip.label);

    const children = [];
    if (d.image) {
      const img = h("img", { src: d.image.url, alt: `${portraitName(slot.title)}${d.image.stale ? " (previous attempt)" : ""}`, class: d.image.stale ? "is-stale" : "" });
      if (d.image.position) img.style.objectPosition = d.image.position; // the face, not the middle
      img.addEventListener("load", () => img.classList.add("is-loaded"));
      if (img.complete) img.classList.add("is-loaded");
      const open = h("button", { type: "button", class: "slot__open", "aria-label": `View ${slot.title} larger` }, img);
      open.addEventListener("click", () => onOpen(slot.index));
      children.push(open);
    } else {
      children.push(h("div", { class: `slot__placeholder${d.busy ? " shimmer" : ""}`, "aria-hidden": "true" }, icon("user", { size: 40 })));
    }
    if (d.overlay) {
      children.push(h("div", { class: "slot__overlay", "aria-hidden": "true" }, d.overlay.spinner ? spinner() : null, h("span", {}, d.overlay.text)));
    }
    children.push(h("span", { class: "slot__num", "aria-hidden": "true" }, String(slot.index + 1)));
    e.media.replaceChildren(...children);

    e.identity.hidden = !d.identity.text;
    e.identity.className = `slot__identity${d.identity.tone ? ` is-${d.identity.tone}` : ""}`;
    const [text, threshold] = splitThreshold(d.identity.text);
    if (threshold) e.identity.replaceChildren(text, " ", h("span", { class: "threshold" }, threshold));
    else e.identity.textContent = text;

    e.note.hidden = d.notes.length === 0;
    e.note.replaceChildren(...d.notes.map((n) => h("span", {}, n)));

    e.provenance.hidden = !d.download;
    e.provenance.replaceChildren(...(d.download ? [
      d.download.madeBy ? h("span", { class: "made-by", title: d.download.madeBy.title }, d.download.madeBy.text) : null,
      h("a", { class: "slot__download", href: d.download.url, download: d.download.fileName, "aria-label": `Download the ${portraitName(slot.title)}` },
        icon("download", { size: 14 }), "Download"),
    ] : []));

    e.regenButton.setAttribute("aria-disabled", String(!d.canRegenerate));
    e.regenButton.title = d.canRegenerate ? "Make this portrait again, optionally with an instruction" : "Available once this portrait is finished";
    if (!d.canRegenerate && !e.regenForm.hidden) {
      const hadFocus = e.regenForm.contains(document.activeElement);
      e.regenForm.hidden = true;
      e.regenButton.hidden = false;
      if (hadFocus) e.regenButton.focus(); // the form is gone: the keyboard stays in this card
    }
    e.widen(); // the class above was set whole: the form or its answer may still show
  }

  /** The button that enlarges portrait `index` now (the grid redraws it as the portrait changes). */
  function opener(index) {
    const e = cards.get(index);
    return e ? e.media.querySelector(".slot__open") || e.regenButton : null;
  }

  return { el, update, opener };
}
