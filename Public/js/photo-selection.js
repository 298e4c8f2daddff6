// The "New persona" photo rules: which files are taken, what the count line says, and how the
// server's refusals map onto the chosen files (pure: the photo picker uses it, the tests check it).
import { MIN_PHOTOS, MAX_PHOTOS, MAX_FILE_BYTES } from "./labels.js";
import { formatBytes, plural } from "./format.js";

export const ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.jpg,.jpeg,.png,.webp,.heic,.heif";
const PHOTO_EXTENSIONS = /\.(jpe?g|png|webp|heic|heif)$/i;
const TOO_LARGE = "Larger than 25 MB";

export function looksLikePhoto(file) {
  if (file.type && file.type.startsWith("image/")) return true;
  return PHOTO_EXTENSIONS.test(file.name);
}

/** The same file chosen twice has the same key. */
export function fileKey(file) {
  return `${file.name}|${file.size}|${file.lastModified}`;
}

/**
 * Sorts newly chosen files against the `keys` already chosen: `accepted` ({key, file, problems})
 * in order, and a `note` about the rest (not photos, already chosen, over the maximum) or "".
 */
export function sortIncoming(files, keys) {
  const known = new Set(keys);
  const accepted = [];
  const skippedType = [];
  let duplicates = 0;
  let overflow = 0;
  for (const file of Array.from(files)) {
    if (!looksLikePhoto(file)) { skippedType.push(file.name); continue; }
    const key = fileKey(file);
    if (known.has(key)) { duplicates += 1; continue; }
    if (known.size >= MAX_PHOTOS) { overflow += 1; continue; }
    known.add(key);
    const problems = file.size > MAX_FILE_BYTES ? [`${TOO_LARGE} (${formatBytes(file.size)}); the server will refuse it.`] : [];
    accepted.push({ key, file, problems });
  }
  const notes = [];
  if (skippedType.length) notes.push(`${skippedType.join(", ")} ${skippedType.length === 1 ? "isn't a photo" : "aren't photos"} (use JPEG, PNG, WebP or HEIC).`);
  if (duplicates) notes.push(`${duplicates} ${duplicates === 1 ? "photo was" : "photos were"} already chosen.`);
  if (overflow) notes.push(`You can upload at most ${MAX_PHOTOS} photos; ${overflow} ${overflow === 1 ? "was" : "were"} not added.`);
  return { accepted, note: notes.join(" ") };
}

/** The count line under the drop zone: { pill: "3 / 20", text, tone }. */
export function countStatus(n) {
  const pill = `${n} / ${MAX_PHOTOS}`;
  if (n === 0) return { pill, text: `No photos yet. Choose ${MIN_PHOTOS} to ${MAX_PHOTOS}.`, tone: "neutral" };
  if (n < MIN_PHOTOS) return { pill, text: `${n} of at least ${MIN_PHOTOS} photos: add ${MIN_PHOTOS - n} more.`, tone: "warning" };
  return { pill, text: `${n} photos chosen${n === MAX_PHOTOS ? " (the maximum)" : ""}. Ready to upload.`, tone: "success" };
}

/** Why `n` photos cannot be sent (null when they can). */
export function countProblem(n) {
  if (n < MIN_PHOTOS) return `Choose at least ${MIN_PHOTOS} photos (you have ${n}). More variety gives better portraits.`;
  if (n > MAX_PHOTOS) return `Choose at most ${MAX_PHOTOS} photos (you have ${n}).`;
  return null;
}

/** The note after the refused photos were removed, `remaining` being left. */
export function afterRemovalNote(remaining) {
  const missing = MIN_PHOTOS - remaining;
  return missing > 0
    ? `Removed. Add ${missing} more ${plural(missing, "photo")} of just you, then try again.`
    : "Removed. You can try again now.";
}

/** The server's refusal as file name → reasons (empty when it names no file). */
export function refusedFiles(error) {
  const details = (error && error.details) || {};
  const reasons = new Map();
  const code = error && error.code;
  if (code === "not_enough_usable_photos") {
    for (const photo of details.rejectedPhotos || []) reasons.set(photo.file, (photo.reasons || []).map((r) => r.message));
  } else if (code === "unsupported_format") {
    for (const file of details.files || []) reasons.set(file, ["Not a JPEG, PNG, WebP or HEIC photo."]);
  } else if (code === "image_too_large" && details.file) {
    reasons.set(details.file, [`${TOO_LARGE}.`]);
  }
  return reasons;
}

/** A chosen photo's problems after a refusal: the server's reasons, else only its own size warning. */
export function problemsAfterRefusal(problems, reasons) {
  return reasons ? reasons : problems.filter((p) => p.startsWith(TOO_LARGE));
}
