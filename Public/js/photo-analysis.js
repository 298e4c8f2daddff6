// What the persona page says about the uploaded photos: each photo's scores, and the set's verdict
// (pure: the photo card and the persona page draw it, the unit tests check it).
import { ANALYSIS_QUALITY } from "./labels.js";
import { percent, plural } from "./format.js";
import { likeness } from "./portrait-display.js";

const SCORES = [["Lighting", "lighting"], ["Clarity", "clarity"], ["Angle", "angle"], ["Overall", "overall"]];

/** A score's colour, judged on the shown whole percent (so "50%" is never coloured as below 50%). */
export function scoreTone(value) {
  const shown = Math.round(clamp(value) * 100);
  return shown >= 75 ? "good" : shown >= 50 ? "fair" : "poor";
}

/** The four score bars of a photo's quality, or null when no face could be measured. */
export function scoreRows(quality) {
  if (!quality) return null;
  return SCORES.map(([label, key]) => {
    const value = clamp(quality[key]);
    return { label, key, width: `${Math.round(value * 100)}%`, text: percent(value), tone: scoreTone(value), overall: key === "overall" };
  });
}

function clamp(value) {
  return Math.max(0, Math.min(1, Number(value) || 0));
}

/**
 * The mark on a photo's picture: { label, tone, icon } or null. A reference is starred (a mirror
 * image chosen while the set was short is one, though its note makes it not `usable`); a photo
 * the portraits do not use says so in red, as the wizard's verdict did: its light, clarity and
 * angle may still score high (a tester saw "Overall 93%" on a face cut off at the edge, with
 * nothing saying it was not used).
 */
export function photoMark(photo) {
  if (photo && photo.isReference) return { label: "Reference", tone: "reference", icon: "star" };
  if (photo && photo.usable === false) return { label: "Not used", tone: "danger", icon: "alert" };
  return null;
}

/**
 * A photo card's score bars: `scoreRows`, greyed (tone "muted") on a photo marked "Not used": a
 * green "Overall 93%" beside "Not used" read as a great photo.
 */
export function photoScoreRows(photo) {
  const rows = scoreRows(photo && photo.quality);
  const mark = photoMark(photo);
  if (!rows || !mark || mark.tone !== "danger") return rows;
  return rows.map((row) => ({ ...row, tone: "muted" }));
}

/** The photos section's line: how many were uploaded, chosen as references, and have notes. */
export function photoSummary(photos) {
  return {
    uploaded: photos.length,
    references: photos.filter((p) => p.isReference).length,
    withIssues: photos.filter((p) => (p.issues || []).length).length,
  };
}

/**
 * The set's verdict in the "Photos" figure: "6 of 6" usable, "3 chosen as references · their
 * analysis: Good". The grade is the references' (their number, quality and likeness to each
 * other), so it is said of them: "Analysis: Excellent" sat beside photos marked "Not used".
 */
export function photoSetVerdict(persona) {
  const metadata = persona.metadata || {};
  const photos = persona.photos || [];
  const usable = metadata.usablePhotos ?? photos.length;
  const count = metadata.photoCount ?? photos.length;
  const quality = ANALYSIS_QUALITY[metadata.analysisQuality] || metadata.analysisQuality || "—";
  const references = photos.filter((p) => p.isReference).length;
  return { value: `${usable} of ${count}`, sub: `${references} chosen as references · their analysis: ${quality}` };
}

/**
 * The "Consistency" figure, once the persona is ready and no portrait is unfinished: how many of
 * the shown portraits (`slots`, as the cards draw them) face recognition finds to look like the
 * person, in the cards' own likeness words. (The API's `consistencyScore`, a mean margin under the
 * different-person bar, read "51%" beside five "strong likeness" cards: a strong likeness is a
 * margin of 36% or more.)
 */
export function consistencyDisplay(persona, working, slots) {
  const shown = (slots || []).filter((slot) => slot.url);
  if (persona.status !== "ready" || working || shown.length === 0) {
    return { value: "—", muted: true, sub: "measured once all five portraits are done" };
  }
  const grades = shown.map((slot) => (slot.faceFound === false ? null : likeness(slot.identityDistance))?.grade ?? "unmeasured");
  const alike = grades.filter((g) => g === "strong" || g === "acceptable").length;
  const counted = [
    ["strong", "strong"], ["acceptable", "acceptable"], ["weak", "weak"], ["off", "unlike you"], ["unmeasured", "no face found"],
  ].map(([grade, words]) => [grades.filter((g) => g === grade).length, words]).filter(([n]) => n > 0);
  // The offline studio's portraits are the person's own photos: the figure says only that the
  // relighting and the cut kept the likeness (a tester read it as a check that proved more).
  const ownPhotos = shown.every((slot) => slot.madeBy === "composite");
  return {
    value: `${alike} of ${shown.length}`,
    muted: false,
    sub: `look like you to face recognition (${counted.map(([n, words]) => `${n} ${words}`).join(", ")})`
      + (ownPhotos ? " · your own photos relit, so this shows the studio kept your likeness" : ""),
  };
}

/** The delete dialog's warning. */
export function deleteWarning(photoCount) {
  return `This permanently deletes the persona, its ${photoCount} uploaded ${plural(photoCount, "photo")} and all its portraits. This can't be undone.`;
}
