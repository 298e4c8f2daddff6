// Whether this browser may hold a session, known without asking the server: the session cookie
// is HttpOnly, so the page cannot see it, and asking `GET /api/auth/me` without one answers 401,
// which the browser logs as an error on every new visitor's first page (a tester's finding).
// A session comes from signing in on this page, which leaves a mark in localStorage (app.js), or
// from an identity provider, whose `__session` cookie the page can read. Without either, the
// visitor is signed out; with storage refused, the page cannot know and asks.

/** The localStorage key set once someone has signed in on this browser (app.js). */
export const SIGNED_IN_BEFORE = "inflio.signedInBefore";

/**
 * @param {{ cookie: string, storage: { getItem(key: string): string | null } | null }} where
 *   `document.cookie` and `window.localStorage` (null, or throwing, when refused)
 */
export function mightBeSignedIn({ cookie, storage }) {
  if (/(?:^|;\s*)__session=/.test(cookie || "")) return true;
  try {
    return !storage || storage.getItem(SIGNED_IN_BEFORE) === "1";
  } catch {
    return true;
  }
}
