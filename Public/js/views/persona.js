// One persona: its five portraits arriving live (Server-Sent Events), each with its state and the
// measured identity distance; the analysis of every uploaded photo; default, rename, regenerate,
// delete.
import { Personas } from "../api.js";
import { h, icon, spinner, formatBytes, formatDate, percent, uniqueId } from "../dom.js";
import {
  ANALYSIS_QUALITY, IN_PROGRESS, RETRY_REASON, SAME_PERSON_DISTANCE, SCENARIOS, portraitState,
} from "../labels.js";
import { statusBadge } from "./list.js";

const EVENT_TYPES = [
  "analysis_done", "portrait_started", "portrait_ready", "portrait_verified", "portrait_retrying",
  "portrait_needs_review", "portrait_failed", "portrait_regenerating", "persona_ready", "persona_failed",
];

// How far along one attempt is; events that would move a portrait backwards (replays of history
// when the stream is reopened) are ignored.
const RANK = { queued: 0, retrying: 0, generating: 1, checking: 2, verified: 3, needs_review: 3, failed: 3 };

export function identityText(distance, faceFound = true) {
  if (faceFound === false) return "no face found in this portrait";
  if (distance === null || distance === undefined || !Number.isFinite(distance)) return null;
  return `identity match ${distance.toFixed(2)} (same person < ${SAME_PERSON_DISTANCE.toFixed(2)})`;
}

export function renderPersona(container, app, personaId) {
  let disposed = false;
  let persona = null;
  let source = null;
  let lastEventId = null;
  let refreshing = null;
  /** index -> slot state + elements */
  const slots = new Map();

  const main = h("div", { class: "persona-page", "aria-busy": "true" },
    h("div", { class: "loading-block" }, spinner(), h("span", {}, "Loading persona…")));
  container.append(h("a", { class: "back-link", href: "#/" }, icon("arrowLeft", { size: 16 }), "Your personas"), main);

  const liveRegion = h("p", { class: "visually-hidden", "aria-live": "polite" });

  // ---------------------------------------------------------------- header
  const titleEl = h("h1", { class: "page-title", tabindex: "-1" });
  const badgeHolder = h("span", { class: "persona-head__badge" });
  const descEl = h("p", { class: "page-sub" });
  const metaEl = h("p", { class: "muted small" });
  const headError = h("div", { class: "inline-note inline-note-danger", role: "alert", hidden: true });
  const starButton = h("button", { type: "button", class: "btn btn-secondary btn-sm star-toggle" });
  const editButton = h("button", { type: "button", class: "btn btn-ghost btn-sm" }, icon("edit", { size: 16 }), "Rename");
  const deleteButton = h("button", { type: "button", class: "btn btn-ghost btn-sm btn-danger-text" }, icon("trash", { size: 16 }), "Delete");
  const headView = h("div", { class: "persona-head__text" },
    h("div", { class: "persona-head__title" }, titleEl, badgeHolder),
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
    h("div", { class: "persona-head__actions" }, starButton, editButton, deleteButton));

  // ---------------------------------------------------------------- summary
  const progressStat = h("div", { class: "stat" });
  const consistencyStat = h("div", { class: "stat" });
  const photosStat = h("div", { class: "stat" });
  const stats = h("section", { class: "stats", "aria-label": "Summary" }, progressStat, consistencyStat, photosStat);

  // ---------------------------------------------------------------- portraits
  const liveIndicator = h("span", { class: "live", hidden: true }, h("span", { class: "live__dot", "aria-hidden": "true" }), "Live");
  const portraitGrid = h("div", { class: "slot-grid" });
  const portraitsSection = h("section", { class: "section", "aria-labelledby": "portraits-title" },
    h("div", { class: "section-head" },
      h("h2", { class: "section-title", id: "portraits-title" }, "Portraits"),
      liveIndicator),
    portraitGrid, liveRegion);

  // ---------------------------------------------------------------- photos
  const photosSummary = h("p", { class: "page-sub" });
  const photoGrid = h("ul", { class: "photo-grid" });
  const photosSection = h("section", { class: "section", "aria-labelledby": "photos-title" },
    h("div", { class: "section-head section-head--stack" },
      h("h2", { class: "section-title", id: "photos-title" }, "Your photos"),
      photosSummary),
    photoGrid);

  // ---------------------------------------------------------------- dialogs
  const deleteDialog = buildDeleteDialog();
  const lightbox = buildLightbox();

  // ================================================================ data
  async function load() {
    try {
      const { persona: detail } = await Personas.get(personaId);
      if (disposed) return;
      main.removeAttribute("aria-busy");
      main.replaceChildren(head, renameForm, headError, stats, portraitsSection, photosSection, deleteDialog.el, lightbox.el);
      applyDetail(detail);
      app.setTitle(detail.name);
      titleEl.focus({ preventScroll: true });
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

  function isFinished(status) { return status === "ready" || status === "failed"; }

  async function refresh() {
    if (refreshing) return refreshing;
    refreshing = (async () => {
      try {
        const { persona: detail } = await Personas.get(personaId);
        if (disposed) return;
        applyDetail(detail);
        if (isFinished(detail.status) && !anyInProgress()) disconnect();
      } catch (error) {
        if (!disposed) showHeadError(error.message);
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  function applyDetail(detail) {
    persona = detail;
    drawHead();
    for (const portrait of detail.portraits || []) {
      const history = portrait.history || [];
      const last = history[history.length - 1];
      const slot = ensureSlot(portrait.index, portrait.title, portrait.scenario);
      Object.assign(slot.data, {
        title: portrait.title || slot.data.title,
        scenario: portrait.scenario,
        state: portrait.state,
        rank: RANK[portrait.state] ?? 0,
        attempt: Math.max(1, portrait.attempts || 1),
        url: portrait.url || null,
        previousUrl: portrait.url ? null : (last ? last.url : slot.data.previousUrl),
        identityDistance: portrait.url ? portrait.identityDistance : null,
        faceFound: portrait.url ? portrait.identityDistance !== null : true,
        isRetry: portrait.state === "retrying" || slot.data.isRetry && IN_PROGRESS.has(portrait.state),
        history,
      });
      drawSlot(slot);
    }
    drawStats();
    drawPhotos();
  }

  // ================================================================ events
  function connect() {
    if (source || disposed || !persona) return;
    const url = lastEventId ? `${persona.eventsUrl}?lastEventId=${encodeURIComponent(lastEventId)}` : persona.eventsUrl;
    source = new EventSource(url);
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (event) => {
        if (event.lastEventId) lastEventId = event.lastEventId;
        let data = {};
        try { data = JSON.parse(event.data || "{}") || {}; } catch { return; }
        onEvent(type, data);
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

  function onEvent(type, data) {
    if (type === "analysis_done") {
      if (persona) {
        Object.assign(persona.metadata, {
          usablePhotos: data.usablePhotos ?? persona.metadata.usablePhotos,
          analysisQuality: data.analysisQuality ?? persona.metadata.analysisQuality,
          photoCount: data.photoCount ?? persona.metadata.photoCount,
        });
        drawStats();
      }
      return;
    }
    if (type === "persona_ready" || type === "persona_failed") {
      app.refreshUsage();
      refresh().then(() => {
        if (type === "persona_ready" && persona && persona.status === "ready") announce("All five portraits are done.");
        if (type === "persona_failed" && persona && persona.status === "failed") announce("No portrait could be made.");
      });
      return;
    }
    const index = Number(data.index);
    if (!Number.isInteger(index)) return;
    const fallback = SCENARIOS[index] || {};
    const slot = ensureSlot(index, fallback.title, data.scenario || fallback.scenario);
    const s = slot.data;
    const attempt = Number.isFinite(data.attempt) ? data.attempt : s.attempt;
    const older = (rank) => attempt < s.attempt || (attempt === s.attempt && s.rank >= rank);
    const newAttempt = () => {
      if (attempt > s.attempt) {
        if (s.url) s.previousUrl = s.url;
        s.url = null; s.identityDistance = null; s.faceFound = true; s.error = null; s.reason = null;
      }
      s.attempt = attempt;
    };

    switch (type) {
      case "portrait_regenerating":
        if (older(1)) return;
        newAttempt();
        Object.assign(s, { state: "queued", rank: 0, isRetry: false, instruction: data.instruction || null, reason: null, error: null });
        if (persona) { persona.status = "generating"; drawHead(); }
        break;
      case "portrait_started":
        if (older(1)) return;
        newAttempt();
        Object.assign(s, { state: "generating", rank: 1 });
        break;
      case "portrait_ready":
        if (older(2)) return;
        newAttempt();
        Object.assign(s, { state: "checking", rank: 2, url: data.url || s.url, identityDistance: data.identityDistance ?? null, faceFound: data.faceFound !== false });
        break;
      case "portrait_verified":
      case "portrait_needs_review":
        if (older(3)) return;
        newAttempt();
        Object.assign(s, {
          state: type === "portrait_verified" ? "verified" : "needs_review", rank: 3, isRetry: false,
          url: data.url || s.url, identityDistance: data.identityDistance ?? null, faceFound: data.faceFound !== false,
          reason: type === "portrait_needs_review" ? data.reason || null : null,
        });
        announce(`${s.title}: ${type === "portrait_verified" ? "verified" : "needs review"}.`);
        break;
      case "portrait_retrying":
        if (older(3)) return;
        // This attempt was rejected; the next one (attempt + 1) is queued.
        Object.assign(s, {
          attempt: attempt + 1, state: "retrying", rank: 0, isRetry: true,
          previousUrl: data.url || s.url, url: null,
          identityDistance: null, faceFound: true,
          rejectedDistance: data.identityDistance ?? null, rejectedFaceFound: data.faceFound !== false,
          reason: data.reason || null,
        });
        announce(`${s.title}: retrying.`);
        break;
      case "portrait_failed":
        if (s.rank >= 3) return;
        Object.assign(s, { state: "failed", rank: 3, error: data.error || null, isRetry: false });
        announce(`${s.title}: failed.`);
        break;
      default:
        return;
    }
    drawSlot(slot);
    drawStats();
  }

  function announce(text) { liveRegion.textContent = text; }

  function anyInProgress() {
    return [...slots.values()].some((slot) => slot.data.rank < 3);
  }

  // ================================================================ drawing: head + stats
  function drawHead() {
    if (!persona) return;
    titleEl.textContent = persona.name;
    badgeHolder.replaceChildren(statusBadge(persona.status));
    descEl.textContent = persona.description || "";
    descEl.hidden = !persona.description;
    metaEl.textContent = persona.createdAt ? `Created ${formatDate(persona.createdAt)}` : "";
    starButton.replaceChildren(icon("star", { size: 16, filled: persona.isDefault }),
      persona.isDefault ? "Default persona" : "Set as default");
    starButton.classList.toggle("is-on", !!persona.isDefault);
    starButton.setAttribute("aria-pressed", String(!!persona.isDefault));
    starButton.title = persona.isDefault ? "This persona is used by default for new images" : "Use this persona by default for new images";
  }

  function drawStats() {
    if (!persona) return;
    const all = [...slots.values()].map((s) => s.data);
    const done = all.filter((d) => d.rank >= 3 && d.state !== "failed" && (d.url)).length;
    const finished = all.filter((d) => d.rank >= 3).length;
    const verified = all.filter((d) => d.state === "verified").length;
    const review = all.filter((d) => d.state === "needs_review").length;
    const failed = all.filter((d) => d.state === "failed").length;
    const total = all.length || 5;
    const working = finished < total;

    const bits = [`${verified} verified`];
    if (review) bits.push(`${review} to review`);
    if (failed) bits.push(`${failed} failed`);
    progressStat.replaceChildren(
      h("span", { class: "stat__label" }, "Portraits"),
      h("span", { class: "stat__value" }, `${working ? finished : done} of ${total}`, h("span", { class: "stat__unit" }, working ? " done" : " ready")),
      working
        ? h("div", { class: "progress progress--thin", role: "progressbar", "aria-label": "Portraits done", "aria-valuemin": "0", "aria-valuemax": String(total), "aria-valuenow": String(finished) },
          h("div", { class: "progress__bar", style: `width:${Math.round((finished / total) * 100)}%` }))
        : h("span", { class: "stat__sub" }, bits.join(" · ")),
    );

    const metadata = persona.metadata || {};
    const ready = persona.status === "ready" && !working;
    consistencyStat.replaceChildren(
      h("span", { class: "stat__label" }, "Consistency"),
      ready
        ? h("span", { class: "stat__value" }, percent(metadata.consistencyScore ?? 0))
        : h("span", { class: "stat__value stat__value--muted" }, "—"),
      h("span", { class: "stat__sub" }, ready
        ? "measured identity match across the five portraits"
        : "measured once all five portraits are done"),
    );

    const usable = metadata.usablePhotos ?? (persona.photos || []).length;
    const count = metadata.photoCount ?? (persona.photos || []).length;
    const references = (persona.photos || []).filter((p) => p.isReference).length;
    const quality = ANALYSIS_QUALITY[metadata.analysisQuality] || metadata.analysisQuality || "—";
    photosStat.replaceChildren(
      h("span", { class: "stat__label" }, "Photos"),
      h("span", { class: "stat__value" }, `${usable} of ${count}`, h("span", { class: "stat__unit" }, " usable")),
      h("span", { class: "stat__sub" }, `Analysis: ${quality} · ${references} chosen as references`),
    );
  }

  // ================================================================ drawing: portraits
  function ensureSlot(index, title, scenario) {
    if (slots.has(index)) return slots.get(index);
    const titleId = uniqueId("slot-title");
    const media = h("div", { class: "slot__media" });
    const titleEl2 = h("h3", { class: "slot__title", id: titleId });
    const chip = h("span", { class: "state-chip" });
    const identity = h("p", { class: "slot__identity" });
    const note = h("p", { class: "slot__note" });
    const error = h("div", { class: "inline-note inline-note-danger", role: "alert", hidden: true });

    const regenButton = h("button", { type: "button", class: "btn btn-secondary btn-sm btn-block" }, icon("refresh", { size: 15 }), "Regenerate");
    const instructionId = uniqueId("instruction");
    const instruction = h("input", { id: instructionId, type: "text", maxlength: "500", placeholder: "e.g. more dramatic lighting", autocomplete: "off" });
    const regenSubmit = h("button", { type: "submit", class: "btn btn-primary btn-sm" }, "Regenerate");
    const regenForm = h("form", { class: "regen-form", hidden: true, novalidate: true },
      h("label", { for: instructionId, class: "small" }, "Instruction ", h("span", { class: "optional" }, "(optional)")),
      instruction,
      h("div", { class: "regen-form__row" },
        h("button", { type: "button", class: "btn btn-ghost btn-sm", onclick: () => toggleRegen(false) }, "Cancel"),
        regenSubmit));

    const article = h("article", { class: "slot", "aria-labelledby": titleId },
      media,
      h("div", { class: "slot__body" }, h("div", { class: "slot__head" }, titleEl2, chip), identity, note),
      h("div", { class: "slot__actions" }, error, regenButton, regenForm));

    const slot = {
      index,
      el: { article, media, title: titleEl2, chip, identity, note, error, regenButton, regenForm, instruction, regenSubmit },
      data: { index, title: title || `Portrait ${index + 1}`, scenario, state: "queued", rank: 0, attempt: 1, url: null, previousUrl: null,
        identityDistance: null, faceFound: true, reason: null, error: null, instruction: null, isRetry: false, history: [] },
    };

    function toggleRegen(open) {
      regenForm.hidden = !open;
      regenButton.hidden = open;
      error.hidden = true;
      if (open) instruction.focus(); else regenButton.focus();
    }
    regenButton.addEventListener("click", () => toggleRegen(true));
    regenForm.addEventListener("keydown", (event) => { if (event.key === "Escape") toggleRegen(false); });
    regenForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      error.hidden = true;
      regenSubmit.disabled = true;
      regenSubmit.replaceChildren(spinner(), "Starting…");
      try {
        const text = instruction.value.trim();
        const result = await Personas.regenerate(personaId, index, text);
        if (disposed) return;
        slot.data.instruction = text || null;
        slot.data.isRetry = false;
        slot.data.reason = null;
        slot.data.error = null;
        instruction.value = "";
        regenForm.hidden = true;
        regenButton.hidden = false;
        if (result.persona) applyDetail(result.persona);
        connect();
        announce(`${slot.data.title}: regenerating.`);
      } catch (err) {
        error.replaceChildren(icon("alert", { size: 16 }), h("span", {}, err.message));
        error.hidden = false;
      } finally {
        regenSubmit.disabled = false;
        regenSubmit.replaceChildren("Regenerate");
      }
    });

    slots.set(index, slot);
    // Keep the grid in scenario order.
    const after = [...slots.keys()].sort((a, b) => a - b).find((i) => i > index);
    if (after !== undefined) portraitGrid.insertBefore(article, slots.get(after).el.article);
    else portraitGrid.append(article);
    return slot;
  }

  function drawSlot(slot) {
    const d = slot.data;
    const e = slot.el;
    const displayState = d.state === "checking" ? "generating"
      : d.state === "generating" && d.isRetry ? "retrying" : d.state;
    const info = portraitState(displayState);
    e.article.className = `slot slot--${displayState}`;
    e.title.textContent = d.title;

    // state chip
    const chipLabel = d.state === "checking" ? "Checking likeness" : info.label;
    e.chip.className = `state-chip tone-${info.tone}`;
    e.chip.replaceChildren(
      info.busy || d.state === "checking" ? spinner() :
        displayState === "verified" ? icon("check", { size: 14 }) :
          displayState === "failed" ? icon("x", { size: 14 }) :
            displayState === "needs_review" ? icon("alert", { size: 14 }) : h("span", { class: "dot", "aria-hidden": "true" }),
      chipLabel);

    // media
    const shownUrl = d.url || d.previousUrl;
    const busy = IN_PROGRESS.has(d.state) || d.state === "checking";
    const children = [];
    if (shownUrl) {
      const img = h("img", { src: shownUrl, alt: `${d.title} portrait${d.url ? "" : " (previous attempt)"}`, class: d.url ? "" : "is-stale" });
      img.addEventListener("load", () => img.classList.add("is-loaded"));
      if (img.complete) img.classList.add("is-loaded");
      const open = h("button", { type: "button", class: "slot__open", "aria-label": `View ${d.title} larger` }, img);
      open.addEventListener("click", () => lightbox.open(slot));
      children.push(open);
    } else {
      children.push(h("div", { class: `slot__placeholder${busy ? " shimmer" : ""}`, "aria-hidden": "true" }, icon("user", { size: 40 })));
    }
    if (busy && d.state !== "checking" || (d.state === "checking" && !d.url)) {
      children.push(h("div", { class: "slot__overlay", "aria-hidden": "true" }, d.state === "queued" ? null : spinner(),
        h("span", {}, d.state === "queued" ? "Waiting to start" : displayState === "retrying" ? "Trying again" : "Creating portrait")));
    }
    children.push(h("span", { class: "slot__num", "aria-hidden": "true" }, String(d.index + 1)));
    e.media.replaceChildren(...children);

    // identity line
    const text = d.url ? identityText(d.identityDistance, d.faceFound) : null;
    e.identity.hidden = !text;
    e.identity.className = `slot__identity${d.url && d.faceFound && Number.isFinite(d.identityDistance) && d.identityDistance < SAME_PERSON_DISTANCE ? " is-match" : d.url ? " is-mismatch" : ""}`;
    if (text && text.includes(" (")) {
      const cut = text.indexOf(" (");
      e.identity.replaceChildren(text.slice(0, cut), " ", h("span", { class: "threshold" }, text.slice(cut + 1)));
    } else {
      e.identity.textContent = text || "";
    }

    // note: why it is retrying / needs review / failed, the instruction, the attempt
    const notes = [];
    if (displayState === "retrying" && d.reason) {
      const measured = d.rejectedFaceFound === false ? "" : Number.isFinite(d.rejectedDistance) ? ` (identity ${d.rejectedDistance.toFixed(2)})` : "";
      notes.push(`${RETRY_REASON[d.reason] || d.reason}${measured}; trying again with a new seed.`);
    } else if (displayState === "retrying") {
      notes.push("The first result didn't pass the likeness check; trying again.");
    }
    if (d.state === "needs_review") {
      notes.push(d.reason ? `${RETRY_REASON[d.reason] || d.reason}, even after a retry. Check it, or regenerate.` : "Didn't pass the likeness check after a retry. Check it, or regenerate.");
    }
    if (d.state === "failed") notes.push(d.error ? `Couldn't be made: ${d.error}` : "This portrait couldn't be made. Try regenerating it.");
    if (d.instruction) notes.push(`Instruction: “${d.instruction}”`);
    if (d.attempt > 1) notes.push(`Attempt ${d.attempt}`);
    e.note.hidden = notes.length === 0;
    e.note.replaceChildren(...notes.map((n) => h("span", {}, n)));

    // regenerate availability
    const canRegenerate = d.rank >= 3;
    e.regenButton.disabled = !canRegenerate;
    e.regenButton.title = canRegenerate ? "Make this portrait again, optionally with an instruction" : "Available once this portrait is finished";
    if (!canRegenerate && !e.regenForm.hidden) { e.regenForm.hidden = true; e.regenButton.hidden = false; }
  }

  // ================================================================ drawing: photos
  function drawPhotos() {
    const photos = persona.photos || [];
    const refs = photos.filter((p) => p.isReference).length;
    const withIssues = photos.filter((p) => (p.issues || []).length).length;
    photosSummary.replaceChildren(
      `${photos.length} uploaded · `,
      h("span", { class: "ref-inline" }, icon("star", { size: 13, filled: true }), `${refs} chosen as references`),
      withIssues ? ` · ${withIssues} with notes` : "",
    );
    photoGrid.replaceChildren(...photos.map(photoCard));
  }

  function photoCard(photo) {
    const quality = photo.quality;
    const issues = photo.issues || [];
    const scores = quality
      ? h("dl", { class: "scores" }, [["Lighting", quality.lighting], ["Clarity", quality.clarity], ["Angle", quality.angle], ["Overall", quality.overall]]
        .map(([label, value]) => {
          const v = Math.max(0, Math.min(1, Number(value) || 0));
          // Judged on the shown whole percent, so "50%" is never coloured as below 50%.
          const shown = Math.round(v * 100);
          const tone = shown >= 75 ? "good" : shown >= 50 ? "fair" : "poor";
          return h("div", { class: `score score--${tone}${label === "Overall" ? " score--overall" : ""}` },
            h("dt", {}, label),
            h("dd", {},
              h("span", { class: "score__bar", "aria-hidden": "true" }, h("span", { style: `width:${Math.round(v * 100)}%` })),
              h("span", { class: "score__val" }, percent(v))));
        }))
      : h("p", { class: "muted small" }, "No face could be measured in this photo.");
    const name = photo.fileName || "Photo";
    return h("li", { class: `photo-card${photo.isReference ? " is-reference" : ""}` },
      h("div", { class: "photo-card__media" },
        h("img", { src: photo.url, alt: name }),
        photo.isReference ? h("span", { class: "chip chip-ref" }, icon("star", { size: 12, filled: true }), "Reference") : null),
      h("div", { class: "photo-card__body" },
        h("p", { class: "photo-card__name" }, h("span", { title: name }, name), h("span", { class: "muted" }, formatBytes(photo.fileSize))),
        scores,
        issues.length
          ? h("ul", { class: "issues" }, issues.map((issue) => h("li", {}, icon("alert", { size: 14 }), h("span", {}, issue.message))))
          : h("p", { class: "issues-none" }, icon("check", { size: 14 }), "No issues")));
  }

  // ================================================================ actions
  starButton.addEventListener("click", async () => {
    if (!persona || persona.isDefault) return;
    starButton.disabled = true;
    try {
      const result = await Personas.makeDefault(personaId);
      if (result.persona) applyDetail(result.persona); else { persona.isDefault = true; drawHead(); }
      showHeadError(null);
      app.toast(`${persona.name} is now your default persona.`);
    } catch (error) {
      showHeadError(error.message);
    } finally {
      starButton.disabled = false;
    }
  });

  function showHeadError(message) {
    headError.hidden = !message;
    headError.replaceChildren(...(message ? [icon("alert", { size: 16 }), h("span", {}, message)] : []));
  }

  function toggleRename(open) {
    renameForm.hidden = !open;
    head.hidden = open;
    renameError.hidden = true;
    if (open) {
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
      applyDetail(result.persona);
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

  deleteButton.addEventListener("click", () => deleteDialog.open());

  function buildDeleteDialog() {
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
        disconnect();
        el.close();
        app.toast(`Deleted “${persona.name}”.`);
        app.refreshUsage();
        app.navigate("#/");
      } catch (err) {
        error.replaceChildren(icon("alert"), h("span", {}, err.message));
        error.hidden = false;
      } finally {
        confirm.disabled = false; cancel.disabled = false;
        confirm.replaceChildren(icon("trash", { size: 16 }), "Delete persona");
      }
    });
    el.addEventListener("close", () => deleteButton.isConnected && deleteButton.focus());
    return {
      el,
      open() {
        heading.textContent = `Delete “${persona.name}”?`;
        const photos = (persona.photos || []).length;
        text.textContent = `This permanently deletes the persona, its ${photos} uploaded photo${photos === 1 ? "" : "s"} and all its portraits. This can't be undone.`;
        error.hidden = true;
        el.showModal();
        cancel.focus();
      },
    };
  }

  function buildLightbox() {
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
      open(slot) {
        const d = slot.data;
        heading.textContent = d.title;
        show(d.url || d.previousUrl, d.url ? d.identityDistance : null, `${d.title} portrait`, d.faceFound);
        const history = (persona.portraits || []).find((p) => p.index === d.index)?.history || d.history || [];
        strip.hidden = history.length < 2;
        strip.replaceChildren(h("p", { class: "muted small" }, "All attempts"), h("div", { class: "lightbox__thumbs" }, history.map((item) => {
          const b = h("button", { type: "button", class: "lightbox__thumb", "aria-label": `Attempt ${item.attempt}, ${item.state}` },
            h("img", { src: item.url, alt: "" }),
            h("span", {}, `#${item.attempt} · ${item.state.replace("_", " ")}${Number.isFinite(item.identityDistance) ? ` · ${item.identityDistance.toFixed(2)}` : ""}`));
          b.addEventListener("click", () => show(item.url, item.identityDistance, `${d.title}, attempt ${item.attempt}`, item.identityDistance !== null));
          return b;
        })));
        el.showModal();
        close.focus();
      },
    };
  }

  load();
  return () => {
    disposed = true;
    disconnect();
  };
}
