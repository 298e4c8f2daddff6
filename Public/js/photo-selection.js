// The "New persona" photo rules: which files are taken, with a note about those that are not
// (pure: the persona creator uses it, the tests check it). Each photo's verdict is the server's.
import { MAX_PHOTOS, MAX_FILE_BYTES } from "./labels.js";
import { formatBytes } from "./format.js";

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
