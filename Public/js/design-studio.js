// The content studio's page state and its rules (pure, no DOM: the studio views draw what these
// functions decide, the unit tests check them). Designs and versions are the API's
// (GET /api/designs/:id); live events are the persona stream's `design.*` events.
//
//   state = { design, group, selected, compare, live }
//   design    the Design shown (null until loaded)
//   group     its group's four variations, oldest first ([] for a single design)
//   selected  the version number picked in the strip (null: the page picks, see defaultVersion)
//   compare   up to two version numbers picked to see side by side
//   live      "designId:version" → { stage, progress, partialUrl, failure }: only what an event
//             reported, kept until the design itself says that version has finished
//
// Every function returns a new state and never changes the one it is given; an event that
// concerns none of the designs shown returns the very same object.
import { stageText, versionState } from "./design-words.js";

export const DESIGN_EVENT_TYPES = [
  "design.queued", "design.progress", "design.partial_image", "design.version_ready", "design.failed",
];

const IN_PROGRESS = new Set(["queued", "rendering"]);

export function initialStudioState() {
  return { design: null, group: [], selected: null, compare: [], live: {} };
}

/** The API answers a Design either bare or as `{design}`: the Design either way. */
export function unwrapDesign(payload) {
  return payload && payload.design ? payload.design : payload;
}

export function sameId(a, b) {
  return a !== null && a !== undefined && String(a).toLowerCase() === String(b).toLowerCase();
}

function versionsOf(design) {
  return [...((design && design.versions) || [])].sort((a, b) => a.number - b.number);
}

export function findVersion(design, number) {
  return versionsOf(design).find((v) => v.number === number) || null;
}

export function newestVersion(design) {
  const versions = versionsOf(design);
  return versions[versions.length - 1] || null;
}

/** A version still queued or rendering anywhere in the design. */
export function isWorking(design) {
  if (!design) return false;
  return design.state === "working" || versionsOf(design).some((v) => IN_PROGRESS.has(v.state));
}

/**
 * The version the page shows unless the user picked one: a newer version still being made (to
 * watch it form), else the current one, else the newest.
 */
export function defaultVersion(design) {
  const newest = newestVersion(design);
  if (newest && IN_PROGRESS.has(newest.state) && newest.number > (design.currentVersion || 0)) return newest;
  return findVersion(design, design.currentVersion) || newest;
}

export function shownVersion(state) {
  if (!state.design) return null;
  return (state.selected !== null && findVersion(state.design, state.selected)) || defaultVersion(state.design);
}

// ---------------------------------------------------------------- designs in

/**
 * A Design from the API: the shown one, or one of its group. A new version (a refinement just
 * sent) is followed again; a version the user was watching form that failed stays shown, so its
 * failure is seen rather than replaced by the previous picture.
 */
export function withDesign(state, design) {
  if (!design) return state;
  const live = pruneLive(state.live, design);
  if (state.design && !sameId(state.design.id, design.id)) {
    const group = state.group.map((d) => (sameId(d.id, design.id) ? design : d));
    return { ...state, group, live };
  }
  let selected = state.selected;
  const before = state.design ? newestVersion(state.design) : null;
  const after = newestVersion(design);
  if (before && after && after.number > before.number) selected = null;
  const watching = state.design && state.selected === null ? defaultVersion(state.design) : null;
  if (watching && IN_PROGRESS.has(watching.state)) {
    const now = findVersion(design, watching.number);
    if (now && now.state === "failed") selected = now.number;
  }
  if (selected !== null && !findVersion(design, selected)) selected = null;
  const compare = state.compare.filter((n) => findVersion(design, n));
  const group = state.group.map((d) => (sameId(d.id, design.id) ? design : d));
  return { ...state, design, group, selected, compare, live };
}

/** The shown design's group, from any list of designs (GET /api/designs). */
export function withGroup(state, designs) {
  if (!state.design || !state.design.group) return state.group.length ? { ...state, group: [] } : state;
  const members = groupMembers(designs, state.design.group)
    .map((d) => (sameId(d.id, state.design.id) ? state.design : d));
  return { ...state, group: members };
}

/** The designs of `group`, oldest first (the list comes newest first). */
export function groupMembers(designs, group) {
  if (!group) return [];
  const members = (designs || []).filter((d) => d.group === group).reverse();
  return members.sort((a, b) => String(a.createdAt || "").localeCompare(String(b.createdAt || "")));
}

function pruneLive(live, design) {
  const prefix = `${String(design.id).toLowerCase()}:`;
  let changed = false;
  const next = {};
  for (const [key, value] of Object.entries(live)) {
    const version = key.startsWith(prefix) ? findVersion(design, Number(key.slice(prefix.length))) : null;
    if (version && !IN_PROGRESS.has(version.state)) changed = true;
    else next[key] = value;
  }
  return changed ? next : live;
}

// ---------------------------------------------------------------- the user's picks

export function withSelected(state, number) {
  return { ...state, selected: number === null || findVersion(state.design, number) ? number : state.selected };
}

/** Picks or unpicks a version to compare; a third pick replaces the older of the two. */
export function withCompareToggled(state, number) {
  if (state.compare.includes(number)) return { ...state, compare: state.compare.filter((n) => n !== number) };
  if (!findVersion(state.design, number)) return state;
  return { ...state, compare: [...state.compare, number].slice(-2) };
}

export function withCompareCleared(state) {
  return state.compare.length ? { ...state, compare: [] } : state;
}

/** The two versions to show side by side, older first (null until two are picked). */
export function comparePair(state) {
  if (state.compare.length !== 2 || !state.design) return null;
  const pair = state.compare.map((n) => findVersion(state.design, n)).filter(Boolean);
  return pair.length === 2 ? pair.sort((a, b) => a.number - b.number) : null;
}

// ---------------------------------------------------------------- live events

/** The ids of the designs on the page (the shown one and its group). */
export function watchedIds(state) {
  const ids = [state.design, ...state.group].filter(Boolean).map((d) => String(d.id).toLowerCase());
  return [...new Set(ids)];
}

/** The design an event asks the page to fetch again (null: not one of ours). */
export function designToRefetch(state, event) {
  if (!event || !DESIGN_EVENT_TYPES.includes(event.type)) return null;
  const id = event.data && event.data.designId;
  return id && watchedIds(state).includes(String(id).toLowerCase()) ? id : null;
}

const LIVE = {
  "design.queued": () => ({ stage: "queued", progress: null }),
  "design.progress": (data) => ({ stage: progressStage(data), progress: fraction(data.progress) }),
  "design.partial_image": (data) => (data.url ? { partialUrl: data.url } : {}),
  "design.version_ready": () => ({}),
  "design.failed": (data) => ({
    failure: { code: data.code || "failed", message: data.message || "This version could not be made." },
  }),
};

/** What one event `{type, data}` reports about a version being made, kept until the next fetch. */
export function reduceDesignEvent(state, event) {
  const id = designToRefetch(state, event);
  const version = Number(event && event.data && event.data.version);
  if (!id || !Number.isInteger(version)) return state;
  const key = `${String(id).toLowerCase()}:${version}`;
  const patch = LIVE[event.type](event.data);
  if (Object.keys(patch).length === 0) return state;
  return { ...state, live: { ...state.live, [key]: { ...(state.live[key] || {}), ...patch } } };
}

// FAL's queue position counts from 0 (next in line); people count from 1.
function progressStage(data) {
  const position = Number(data.queuePosition);
  if (data.stage === "in_queue" && Number.isInteger(position) && position >= 0) {
    return `in queue, ${position === 0 ? "next in line" : `${position} ahead`}`;
  }
  return data.stage || null;
}

function fraction(value) {
  const n = Number(value);
  return value === null || value === undefined || !Number.isFinite(n) ? null : Math.max(0, Math.min(1, n));
}

// ---------------------------------------------------------------- what the page shows

/**
 * One version's picture: { kind: "image", url } when ready; { kind: "working", stage, progress,
 * partialUrl, underUrl } while made (progress only as reported, else null: no bar);
 * { kind: "failed", message, underUrl }; { kind: "empty" } without a version. `underUrl` is the
 * last finished picture before it, shown faded beneath.
 */
export function versionPreview(design, version, live = {}) {
  if (!design || !version) return { kind: "empty" };
  const reported = live[`${String(design.id).toLowerCase()}:${version.number}`] || {};
  if (version.state === "ready" && version.imageUrl) return { kind: "image", url: version.imageUrl };
  const under = versionsOf(design).filter((v) => v.number < version.number && v.state === "ready" && v.imageUrl).pop();
  const underUrl = under ? under.imageUrl : null;
  if (version.state === "ready") return { kind: "failed", message: "This version has no picture.", underUrl };
  // A failure event is shown at once; the design's own error once it has been fetched again.
  const failure = version.state === "failed" ? version.error || {} : reported.failure;
  if (failure) return { kind: "failed", message: failure.message || "This version could not be made.", underUrl };
  return {
    kind: "working",
    stage: stageText(reported.stage) || versionState(version.state).label,
    progress: reported.progress ?? null,
    partialUrl: reported.partialUrl || null,
    underUrl,
  };
}

export function previewModel(state) {
  return versionPreview(state.design, shownVersion(state), state.live);
}

/** A design in a list or the variation grid (whose versions the list may leave out). */
export function tilePreview(design, live = {}) {
  if (design && (design.versions || []).length) return versionPreview(design, defaultVersion(design), live);
  if (design && design.state === "working") {
    return { kind: "working", stage: "Being made", progress: null, partialUrl: null, underUrl: null };
  }
  if (design && design.state === "failed") return { kind: "failed", message: "Could not be made.", underUrl: null };
  return { kind: "empty" };
}

/** The picture that stands for a design in a list: its current version's, else its newest ready one. */
export function coverImage(design) {
  const current = findVersion(design, design && design.currentVersion);
  if (current && current.state === "ready" && current.imageUrl) return current.imageUrl;
  const ready = versionsOf(design).filter((v) => v.state === "ready" && v.imageUrl).pop();
  return ready ? ready.imageUrl : null;
}

/** What can be done with one version: { isCurrent, isFinal, canUse, canFinalize, canDownload }. */
export function versionActions(design, version) {
  const ready = !!version && version.state === "ready";
  const isCurrent = !!version && version.number === design.currentVersion;
  const isFinal = !!version && version.number === design.finalizedVersion;
  return { isCurrent, isFinal, canUse: ready && !isCurrent, canFinalize: ready && !isFinal, canDownload: ready };
}

/**
 * The refinement chat, one entry per version: what was asked (the prompt, then each instruction),
 * the effective prompt the renderer got, and the studio's reply (what it could not do, or why it
 * failed) with the version's picture once it is ready, so the answer to a refinement shows where it
 * was asked (on a phone the preview is a long way up). { number, ask, effectivePrompt, replies,
 * tone, working, imageUrl }.
 */
const DONE_NOTES = ["Changed:", "Asked of the image model", "Version "];
// Notes about the set-up, not the ask ("The brand's font … is not installed here"): true of every
// version, so said once, where they first apply, not again under each refinement.
const STANDING_NOTES = ["The brand's font "];

export function chatEntries(design) {
  const said = new Set();
  return versionsOf(design).map((version) => {
    const working = IN_PROGRESS.has(version.state);
    const standing = (note) => STANDING_NOTES.some((start) => note.startsWith(start));
    const notes = (version.notes || []).filter((note) => !standing(note) || !said.has(note));
    // Said only where shown: a version still working or failed shows its state, not its notes.
    if (!working && version.state !== "failed") notes.filter(standing).forEach((note) => said.add(note));
    let replies = notes;
    // "Changed: …" (and, on FAL, what the model was asked) says what was done; any other note is
    // something not done as asked.
    let tone = notes.some((note) => !DONE_NOTES.some((start) => note.startsWith(start))) ? "warning" : "success";
    if (working) { replies = [`${versionState(version.state).label}…`]; tone = "progress"; }
    else if (version.state === "failed") {
      replies = [(version.error && version.error.message) || "This version could not be made."];
      tone = "danger";
    } else if (notes.length === 0) replies = [`Done: v${version.number}.`];
    return {
      number: version.number,
      ask: version.kind === "final" && version.inputs && version.inputs.previousVersion
        ? `Finalize v${version.inputs.previousVersion} at high quality`
        : version.instruction || design.prompt,
      effectivePrompt: version.effectivePrompt || null,
      replies, tone, working,
      imageUrl: version.state === "ready" && version.imageUrl ? version.imageUrl : null,
    };
  });
}

/** Why a refinement cannot be sent now (null: it can). */
export function refineBlock(design) {
  if (!design) return "The design is still loading.";
  const working = versionsOf(design).find((v) => IN_PROGRESS.has(v.state));
  if (working) return `Wait for v${working.number} to finish.`;
  if (!versionsOf(design).some((v) => v.state === "ready")) return "Refining starts from a finished version.";
  return null;
}

/**
 * The server's advice to start again, once nothing is being made: after refinements, or when even
 * the first version came out with a warning (its face drifted).
 */
export function suggestionText(design) {
  if (!design || !design.suggestion || isWorking(design)) return null;
  const versions = versionsOf(design);
  if (versions.length < 2 && !versions.some((v) => v.warning)) return null;
  return design.suggestion;
}

/** The POST /api/designs body that starts this design again from its original prompt. */
export function restartRequest(design) {
  const body = { prompt: design.prompt, format: design.format, variations: 1 };
  if (design.personaId) body.personaId = design.personaId;
  // The first version's title: a refinement may have changed the design's since.
  const first = findVersion(design, 1);
  const title = first && first.title ? first.title.text : null;
  if (title) body.title = title;
  return body;
}

/**
 * The earlier designs, newest first, a group of variations as one entry where its newest member
 * stands: { kind: "single", design } | { kind: "group", group, designs (oldest first) }.
 */
export function listEntries(designs) {
  const entries = [];
  const seen = new Set();
  for (const design of designs || []) {
    if (!design.group) { entries.push({ kind: "single", design }); continue; }
    if (seen.has(design.group)) continue;
    seen.add(design.group);
    entries.push({ kind: "group", group: design.group, designs: groupMembers(designs, design.group) });
  }
  return entries;
}
