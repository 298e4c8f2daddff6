// Whether the page asks who is signed in (session-hint.js): a new visitor's page must not, since
// the answer is a 401 the browser logs as an error; anyone who may hold a session must be asked.
import assert from "node:assert/strict";
import { test } from "node:test";

import { SIGNED_IN_BEFORE, mightBeSignedIn } from "../../Public/js/session-hint.js";

const storage = (entries = {}) => ({ getItem: (key) => (key in entries ? entries[key] : null) });

test("a new visitor, no mark and no identity provider's cookie, is not asked about", () => {
  assert.equal(mightBeSignedIn({ cookie: "", storage: storage() }), false);
  assert.equal(mightBeSignedIn({ cookie: "theme=dark; other_session=1", storage: storage() }), false);
});

test("the server's readable twin of the session cookie is asked about, even with the mark gone", () => {
  // (Safari deletes a site's localStorage after 7 days without a visit; the session lasts 30.)
  assert.equal(mightBeSignedIn({ cookie: "inflio_signed_in=1", storage: storage() }), true);
  assert.equal(mightBeSignedIn({ cookie: "a=b; inflio_signed_in=1", storage: storage() }), true);
  assert.equal(mightBeSignedIn({ cookie: "inflio_signed_in=", storage: storage() }), false, "an expired one");
});

test("someone who signed in on this browser before is asked about", () => {
  assert.equal(mightBeSignedIn({ cookie: "", storage: storage({ [SIGNED_IN_BEFORE]: "1" }) }), true);
});

test("an identity provider's readable __session cookie is asked about, wherever it stands", () => {
  assert.equal(mightBeSignedIn({ cookie: "__session=eyJ.a.b", storage: storage() }), true);
  assert.equal(mightBeSignedIn({ cookie: "theme=dark; __session=eyJ.a.b", storage: storage() }), true);
});

test("with storage refused the page cannot know, so it asks", () => {
  assert.equal(mightBeSignedIn({ cookie: "", storage: null }), true);
  const refusing = { getItem() { throw new Error("SecurityError"); } };
  assert.equal(mightBeSignedIn({ cookie: "", storage: refusing }), true);
});
