// The content studio's words for what the designs API reports (pure: the studio views draw them,
// the unit tests check them). Likeness and title contrast are said in plain words, with the
// measured number beside them for whoever wants it.
import { LIKENESS_BARS } from "./labels.js";

/** WCAG AA for normal text: the bar the title compositor aims for. */
export const TITLE_CONTRAST_AA = 4.5;

const LIKENESS_TONE = { strong: "success", acceptable: "success", weak: "warning", off: "danger" };

/** "YouTube thumbnail · 1280×720" (the id when the label is missing). */
/**
 * A design's name, the same on its page and in the list: its title, else the last title one of
 * its versions drew (after "no text" a tester's post was listed under its whole prompt), else
 * its prompt (a design without a title was "Untitled design" on its page and its prompt in the
 * list).
 */
export function designName(design) {
  const drawn = ((design && design.versions) || [])
    .map((version) => version && version.title && version.title.text)
    .filter((text) => typeof text === "string" && text.trim());
  const name = ((design && (design.title || drawn[drawn.length - 1] || design.prompt)) || "").trim();
  if (!name) return "Untitled design";
  // A prompt may be 500 characters: a heading shows its start.
  return name.length > 80 ? `${name.slice(0, 79).trimEnd()}…` : name;
}

export function formatLabel(format) {
  if (!format) return "";
  const name = format.label || format.id || "";
  return format.width && format.height ? `${name} · ${formatSize(format.width, format.height)}` : name;
}

export function formatSize(width, height) {
  return `${width}×${height}`;
}

/**
 * The custom properties a preview frame takes its aspect ratio from (studio.css):
 * "--w:1280;--h:720", square without a size. Set through the CSSOM: the CSP refuses style attributes.
 */
export function frameStyle(width, height) {
  return width > 0 && height > 0 ? `--w:${width};--h:${height}` : "--w:1;--h:1";
}

/** The stage a progress event reported, as words: "in_queue" → "In queue". */
export function stageText(stage) {
  const words = String(stage || "").replace(/[_.-]+/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : "";
}

/**
 * One version's checks in plain words, each `{ key, text, tone }` (tone: success, warning,
 * danger, neutral): the likeness, the title's contrast, whether the title was drawn as asked (and
 * whole), the warning. Nothing for a version that is not ready.
 */
export function versionFacts(version) {
  if (!version || version.state !== "ready") return [];
  const facts = [likenessFact(version), contrastFact(version.title), textCheckFact(version)];
  if (version.title && version.title.truncated) {
    facts.push({ key: "truncated", text: "Title shortened to fit", tone: "warning" });
  }
  if (version.warning) facts.push({ key: "warning", text: version.warning, tone: "warning" });
  return facts.filter(Boolean);
}

function likenessFact({ likeness, identityDistance }) {
  const bar = LIKENESS_BARS.find((b) => b.grade === likeness);
  if (!bar) return { key: "likeness", text: "Likeness not checked (no face to compare)", tone: "neutral" };
  const measured = Number.isFinite(identityDistance) ? ` (identity distance ${identityDistance.toFixed(2)})` : "";
  return { key: "likeness", text: `${bar.label}${measured}`, tone: LIKENESS_TONE[likeness] };
}

function contrastFact(title) {
  if (!title || !Number.isFinite(title.contrast)) return null;
  const ratio = `${title.contrast.toFixed(1)}:1`;
  return title.contrast >= TITLE_CONTRAST_AA
    ? { key: "contrast", text: `Title easy to read (contrast ${ratio})`, tone: "success" }
    : { key: "contrast", text: `Title may be hard to read (contrast ${ratio}, below ${TITLE_CONTRAST_AA}:1)`,
      tone: "warning" };
}

function textCheckFact({ textCheck, title }) {
  const quoted = title && title.text ? ` “${title.text}”` : "";
  if (textCheck === "drawn") return { key: "text", text: `Title${quoted} drawn as written`, tone: "success" };
  if (textCheck === "not_verified") {
    return { key: "text", text: `Title${quoted} not verified: check it reads right`, tone: "neutral" };
  }
  return null;
}

const KIND = { create: "Created", refine: "Refined", variation: "Variation", final: "Final, high quality" };

/** "v2 · Refined" */
export function versionLabel(version) {
  return `v${version.number}${KIND[version.kind] ? ` · ${KIND[version.kind]}` : ""}`;
}

const MODELS = {
  "fal-ai/gpt-image-1.5/edit": "GPT Image 1.5",
  "fal-ai/nano-banana-pro/edit": "Nano Banana Pro",
};

/**
 * Who made it and what it cost: "Layout renderer · $0.00", "GPT Image 1.5, medium · $0.05", or
 * "Nano Banana Pro (GPT Image refused: content policy) · $0.15".
 */
export function provenanceText(version) {
  if (!version || version.state !== "ready") return "";
  let maker = version.provider === "local" ? "Layout renderer" : version.provider || "";
  if (version.model) {
    maker = MODELS[version.model] || version.model;
    if (version.fallbackReason) maker += " (GPT Image refused: content policy)";
    else if (version.quality) maker += `, ${version.quality}`;
  }
  const cost = Number.isFinite(version.costUSD) ? `$${version.costUSD.toFixed(2)}` : "";
  return [maker, cost].filter(Boolean).join(" · ");
}

const VERSION_STATE = {
  queued: { label: "Queued", tone: "neutral" },
  rendering: { label: "Rendering", tone: "progress" },
  ready: { label: "Ready", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
};

export function versionState(state) {
  return VERSION_STATE[state] || { label: stageText(state) || "Unknown", tone: "neutral" };
}

/** A design's format as the formats list names it; its own id and size when the list lacks it. */
export function formatOf(formats, design) {
  const found = (formats || []).find((f) => f.id === design.format);
  return found || { id: design.format, label: stageText(design.format), width: design.width, height: design.height };
}
