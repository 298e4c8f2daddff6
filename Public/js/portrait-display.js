// What a portrait slot and the portraits' summary show, worked out from the state (pure: the
// portrait grid and the persona page draw it, the unit tests check it).
import { IN_PROGRESS, LIKENESS_BARS, RETRY_REASON, VERIFIED_DISTANCE, portraitState } from "./labels.js";

/** The likeness grade of a measured distance: {grade, label}; null without one. */
export function likeness(distance) {
  if (distance === null || distance === undefined || !Number.isFinite(distance)) return null;
  const bar = LIKENESS_BARS.find((b) => distance < b.below);
  return { grade: bar.grade, label: bar.label };
}

export function identityText(distance, faceFound = true, verified = false) {
  if (faceFound === false) return "no face found in this portrait";
  const grade = likeness(distance);
  if (!grade) return null;
  // A portrait verified before the bars were tightened (same person under 0.60) keeps its state.
  const bar = verified && distance >= VERIFIED_DISTANCE
    ? "verified under the earlier 0.60 bar"
    : `verified under ${VERIFIED_DISTANCE.toFixed(2)}`;
  // A distance (lower is closer), so said as one: "identity match 0.18" read as a poor match.
  return `${grade.label} · distance ${distance.toFixed(2)} from your photos (${bar})`;
}

/**
 * The likeness of an offline studio portrait (IPTC `composite`): the person's own photo, relit and
 * placed on a backdrop. Its face is theirs by construction, so "verified" would claim a check that
 * means nothing: the measured distance is given, in words, without the badge.
 */
export function previewIdentityText(distance, faceFound = true) {
  if (faceFound === false) return "no face found in this portrait";
  const grade = likeness(distance);
  if (!grade) return null;
  // "Face recognition:" says what is judged: a tester read "strong likeness" under a badly cut-out
  // portrait as a verdict on the portrait.
  return `Your own photo · face recognition: ${grade.label.toLowerCase()} (distance ${distance.toFixed(2)})`;
}

/** Said once above the portraits when the offline studio made any of them. */
export const PREVIEW_NOTICE =
  "Offline preview — your photo relit, on a new or blurred background. Connect an image model for generated portraits.";

/** The notice when any slot is an offline studio portrait, else null. */
export function previewNotice(slots) {
  return slots.some((slot) => slot.url && slot.madeBy === "composite") ? PREVIEW_NOTICE : null;
}

/** "… from your photos (verified under 0.45)" → ["… from your photos", "(verified under 0.45)"]. */
export function splitThreshold(text) {
  if (!text || !text.includes(" (")) return [text || "", null];
  const cut = text.indexOf(" (");
  return [text.slice(0, cut), text.slice(cut + 1)];
}

/**
 * One slot as drawn:
 *   state       the CSS/label state ("checking" shows as generating, a retry's generating as retrying)
 *   chip        { label, tone, icon: "spinner" | "check" | "x" | "alert" | "dot" }
 *   image       { url, stale } or null (then a placeholder, shimmering while `busy`)
 *   overlay     { spinner, text } or null
 *   identity    { text, tone: "match" | "mismatch" | "" } (text null: hidden)
 *   notes       the lines under it
 *   canRegenerate
 *   download    { url, fileName, madeBy: madeByLabel(…) } once the portrait is made (else null)
 */
export function slotDisplay(slot) {
  const state = slot.state === "checking" ? "generating"
    : slot.state === "generating" && slot.isRetry ? "retrying" : slot.state;
  const info = portraitState(state);
  const busy = IN_PROGRESS.has(slot.state) || slot.state === "checking";
  const shownUrl = slot.url || slot.previousUrl;
  const overlay = (busy && slot.state !== "checking") || (slot.state === "checking" && !slot.url)
    ? {
      spinner: slot.state !== "queued",
      text: slot.state === "queued" ? "Waiting to start" : state === "retrying" ? "Trying again" : "Creating portrait",
    }
    : null;
  const match = slot.url && slot.faceFound && Number.isFinite(slot.identityDistance)
    && (slot.identityDistance < VERIFIED_DISTANCE || slot.state === "verified");
  // The offline studio's portrait passed the check, but a check of the person's own photo proves
  // nothing: no "Verified" badge for it (previewIdentityText).
  const preview = Boolean(slot.url) && slot.madeBy === "composite";
  return {
    state,
    busy,
    chip: {
      label: slot.state === "checking" ? "Checking likeness" : preview && state === "verified" ? "Offline preview" : info.label,
      tone: preview && state === "verified" ? "neutral" : info.tone,
      icon: info.busy || slot.state === "checking" ? "spinner"
        : state === "verified" && !preview ? "check"
          : state === "failed" ? "x"
            : state === "needs_review" ? "alert" : "dot",
    },
    image: shownUrl
      ? { url: shownUrl, stale: !slot.url, position: slot.url ? coverPosition(slot.faceCentre, slot.width, slot.height) : null }
      : null,
    overlay,
    identity: {
      text: !slot.url ? null
        : preview ? previewIdentityText(slot.identityDistance, slot.faceFound)
          : identityText(slot.identityDistance, slot.faceFound, slot.state === "verified"),
      tone: match ? "match" : slot.url ? "mismatch" : "",
    },
    notes: slotNotes(slot, state),
    canRegenerate: slot.rank >= 3,
    download: slot.url
      ? { url: slot.url, fileName: portraitFileName(slot, slot.contentType), madeBy: madeByLabel(slot.madeBy) }
      : null,
  };
}

/**
 * The CSS object-position that puts a face at `centre` ({x, y}, shares of the picture) as near
 * the middle of a box of aspect `box` (width / height; the cards' 4:5) as `object-fit: cover`
 * allows; null when it is not known (the browser's centre then). The dynamic portrait is wide with
 * its face off-centre, and cropped in the middle its face was cut in half.
 */
export function coverPosition(centre, width, height, box = 4 / 5) {
  if (!centre || !Number.isFinite(centre.x) || !Number.isFinite(centre.y) || !(width > 0) || !(height > 0)) return null;
  const aspect = width / height;
  // Shown at the box's height (a wider picture) or width (a taller one), the overflow is shifted
  // by the position's share of it: solve for the face in the middle, within the picture.
  const share = (at, shown, visible) => (Math.abs(shown - visible) < 1e-9 ? 0.5
    : Math.min(1, Math.max(0, (at * shown - visible / 2) / (shown - visible))));
  const x = aspect > box ? share(centre.x, aspect, box) : 0.5;
  const y = aspect < box ? share(centre.y, 1 / aspect, 1 / box) : 0.5;
  return `${Math.round(x * 1000) / 10}% ${Math.round(y * 1000) / 10}%`;
}

/** A portrait's name in a sentence: "Dynamic action portrait", but "Environmental portrait" once. */
export function portraitName(title) {
  return /\bportrait$/i.test(title) ? title : `${title} portrait`;
}

/**
 * A portrait's download name, as in the ZIP of all five: "2-casual-friendly.jpg", an earlier
 * attempt "2-casual-friendly-attempt-1.jpg" (the card, the viewer and the ZIP named them three ways).
 */
export function portraitFileName(slot, contentType, attempt = null) {
  const scenario = String(slot.scenario || "portrait").replaceAll("_", "-");
  return `${slot.index + 1}-${scenario}${attempt ? `-attempt-${attempt}` : ""}.${fileExtension(contentType)}`;
}

/** A download's extension from the stored picture's type (a model may answer in PNG); JPEG when unknown. */
export function fileExtension(contentType) {
  return contentType === "image/png" ? "png" : "jpg";
}

/**
 * What the page says beside a portrait's download, from the IPTC digital source type its file
 * carries in XMP: a model's portrait is "AI-generated"; the offline studio's is the person's own
 * photo placed on a drawn backdrop, which is not.
 */
export function madeByLabel(madeBy) {
  switch (madeBy) {
    case "trainedAlgorithmicMedia": return { text: "AI-generated", title: "Made by an image model; the file says so in its metadata (IPTC digital source type)." };
    case "compositeWithTrainedAlgorithmicMedia": return { text: "Contains AI-generated parts", title: "Part of it was made by an image model; the file says so in its metadata." };
    case "composite": return { text: "Photo composite", title: "Your own photo cut out and placed on a backdrop by the offline studio, without an image model; the file says so in its metadata." };
    default: return null;
  }
}

/** Why it is retrying / needs review / failed, the instruction, the attempt. */
function slotNotes(slot, state) {
  const notes = [];
  if (state === "retrying" && slot.reason) {
    const measured = slot.rejectedFaceFound === false ? ""
      : Number.isFinite(slot.rejectedDistance) ? ` (identity ${slot.rejectedDistance.toFixed(2)})` : "";
    notes.push(`${RETRY_REASON[slot.reason] || slot.reason}${measured}; trying again with a new seed.`);
  } else if (state === "retrying") {
    notes.push("The first result didn't pass the likeness check; trying again.");
  }
  if (slot.state === "needs_review" && slot.reason === "weak_likeness") {
    notes.push("It looks only a little like you, even after a retry: keep it if you like it, or regenerate.");
  } else if (slot.state === "needs_review") {
    notes.push(slot.reason
      ? `${RETRY_REASON[slot.reason] || slot.reason}, even after a retry. Check it, or regenerate.`
      : "Didn't pass the likeness check after a retry. Check it, or regenerate.");
  }
  if (slot.state === "failed") {
    notes.push(slot.error ? `Couldn't be made: ${slot.error}` : "This portrait couldn't be made. Try regenerating it.");
  }
  if (slot.instruction) notes.push(`Instruction: “${slot.instruction}”`);
  for (const note of slot.instructionNotes || []) notes.push(note);
  // The picture's own attempt: after a keep, the latest job's number is the keep's, not the picture's.
  const attempt = slot.url && slot.shownAttempt ? slot.shownAttempt : slot.attempt;
  if (slot.url && slot.keptAttempt) notes.push(`Attempt ${slot.keptAttempt}, kept from earlier attempts`);
  else if (attempt > 1) notes.push(`Attempt ${attempt}`);
  return notes;
}

/** One attempt in the enlarged view: "#2 · needs review · weak likeness 0.51 · “warmer”". */
export function attemptLabel(item) {
  const grade = likeness(item.identityDistance);
  const distance = grade ? ` · ${grade.label.toLowerCase()} ${item.identityDistance.toFixed(2)}` : "";
  // The offline studio's picture is the person's own photo: "verified" would claim a generated
  // portrait passed a check that means little here, so it is named for what it is.
  const state = item.preview && item.state === "verified" ? "offline preview" : item.state.replace("_", " ");
  // What it was asked with: instructions do not build on one another, so this finds a look again.
  const words = item.instruction && item.instruction.length > 40 ? `${item.instruction.slice(0, 39)}…` : item.instruction;
  const asked = words ? ` · “${words}”` : "";
  return `#${item.attempt} · ${state}${distance}${asked}`;
}

/**
 * The "Portraits" figure: while any is unfinished, "finished of total done" with a bar; then
 * "done of total ready" and "3 verified · 1 to review · 1 failed".
 */
export function portraitProgress(slots) {
  const finished = slots.filter((s) => s.rank >= 3).length;
  const total = slots.length || 5;
  const working = finished < total;
  const verified = slots.filter((s) => s.state === "verified");
  // The offline studio's are previews of the person's own photos: counted as such, not as verified.
  const previews = verified.filter((s) => s.url && s.madeBy === "composite").length;
  const review = slots.filter((s) => s.state === "needs_review").length;
  const failed = slots.filter((s) => s.state === "failed").length;
  const bits = [];
  if (verified.length - previews || !previews) bits.push(`${verified.length - previews} verified`);
  if (previews) bits.push(`${previews} offline ${previews === 1 ? "preview" : "previews"}`);
  if (review) bits.push(`${review} to review`);
  if (failed) bits.push(`${failed} failed`);
  return {
    working,
    finished,
    total,
    value: `${working ? finished : slots.filter((s) => s.rank >= 3 && s.state !== "failed" && s.url).length} of ${total}`,
    unit: working ? " done" : " ready",
    summary: bits.join(" · "),
  };
}
