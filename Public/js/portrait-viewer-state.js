// What the enlarged portrait view shows (pure: ./views/portrait-viewer.js draws it, the unit tests
// check it): which portraits it steps through, one portrait's attempts, and what may be done with
// the attempt on view.
import { attemptLabel, coverPosition, portraitFileName } from "./portrait-display.js";

/** The slot's picture on view: the current one, or the previous attempt's while one is made. */
function pictureOf(slot) {
  return slot.url || slot.previousUrl || null;
}

/** The indexes of the slots that have a picture to show, in scenario order. */
export function viewableIndexes(slots) {
  return slots.filter((slot) => pictureOf(slot)).map((slot) => slot.index).sort((a, b) => a - b);
}

/**
 * The index `step` (+1 next, -1 previous) away from `index` among the viewable slots, wrapping
 * round; `index` itself when it is the only one (or none is viewable).
 */
export function steppedIndex(slots, index, step) {
  const indexes = viewableIndexes(slots);
  if (indexes.length === 0) return index;
  const at = indexes.indexOf(index);
  if (at === -1) return indexes[0];
  return indexes[(at + step + indexes.length) % indexes.length];
}

/** A signed media link without its signature: the image it names. */
function imagePath(url) {
  return (url || "").split("?")[0];
}

/**
 * One portrait's attempts, oldest first: { attempt, url, shown, label, state, identityDistance }.
 * The history comes with the persona's detail; a picture that arrived since by an event (the
 * detail follows a moment later) is added as the newest attempt, shown.
 */
export function viewerAttempts(slot) {
  let items = (slot.history || []).map((item) => ({ ...item, shown: Boolean(item.shown) }));
  if (slot.url) {
    const known = items.find((item) => imagePath(item.url) === imagePath(slot.url));
    if (!known && !items.some((item) => item.attempt === slot.attempt)) {
      items.push({
        attempt: slot.attempt || 1, url: slot.url, state: slot.state, identityDistance: slot.identityDistance,
        contentType: slot.contentType, preview: slot.madeBy === "composite", instruction: slot.instruction || null,
        faceCentre: slot.faceCentre || null,
      });
    }
    const shownPath = imagePath(slot.url);
    const shownAttempt = known ? known.attempt : slot.attempt || 1;
    items = items.map((item) => ({ ...item, shown: known ? imagePath(item.url) === shownPath : item.attempt === shownAttempt }));
  } else if (items.length === 0 && slot.previousUrl) {
    // Before the first detail: the picture a new attempt is replacing, all that is known of it.
    items = [{ attempt: Math.max(1, (slot.attempt || 1) - 1), url: slot.previousUrl, state: "previous", identityDistance: null, shown: true }];
  }
  // Each thumbnail cropped round its face; a scenario's attempts share its picture's size.
  return items.map((item) => ({
    ...item, label: attemptLabel(item), position: coverPosition(item.faceCentre, slot.width, slot.height),
  }));
}

/** The attempt to open a portrait on: the shown one, else the newest. */
export function initialAttempt(attempts) {
  return (attempts.find((a) => a.shown) || attempts[attempts.length - 1] || null)?.attempt ?? null;
}

/**
 * What the view offers for `viewed` (an item of viewerAttempts) of `slot`:
 *   fileName   the download's name: "1-professional-headshot.jpg", an earlier attempt's
 *              "1-professional-headshot-attempt-2.jpg"
 *   canKeep    it is an earlier attempt and the portrait is finished (none is being made)
 *   keepNote   why it cannot be kept now, or null
 */
export function viewedActions(slot, viewed) {
  if (!viewed) return { fileName: null, canKeep: false, keepNote: null };
  const finished = slot.rank >= 3;
  const earlier = !viewed.shown;
  return {
    // The portrait on show downloads under the card's (and the ZIP's) name; an earlier one says which.
    fileName: portraitFileName(slot, viewed.contentType, viewed.shown ? null : viewed.attempt),
    canKeep: earlier && finished,
    keepNote: earlier && !finished ? "A new attempt is being made; choose once it is finished." : null,
  };
}
