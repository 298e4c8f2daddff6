// Whether this browser may hold a session, known without asking the server: the session cookie
// is HttpOnly, so the page cannot see it, and asking `GET /api/auth/me` without one answers 401,
// which the browser logs as an error on every new visitor's first page (a tester's finding).
// A session may exist when the server's readable twin of its cookie is there (`inflio_signed_in`,
// set and expired with it: SessionCookies.swift), an identity provider's `__session` cookie is
// there, or someone has signed in on this page before (the mark in localStorage: sessions from
// before the twin existed). Without any, the visitor is signed out; with storage refused, the
// page cannot know and asks.

/** The localStorage key set once someone has signed in on this browser (app.js). */
export const SIGNED_IN_BEFORE = "inflio.signedInBefore";

/**
 * @param {{ cookie: string, storage: { getItem(key: string): string | null } | null }} where
 *   `document.cookie` and `window.localStorage` (null, or throwing, when refused)
 */
export function mightBeSignedIn({ cookie, storage }) {
  if (/(?:^|;\s*)(?:inflio_signed_in|__session)=./.test(cookie || "")) return true;
  try {
    return !storage || storage.getItem(SIGNED_IN_BEFORE) === "1";
  } catch {
    return true;
  }
}
