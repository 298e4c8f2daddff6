// The route table (Public/js/routes.js): which view each location hash shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FALLBACK, ROUTES, SIGN_IN, hashPath, matchPath, matchRoute } from "../../Public/js/routes.js";

const signedIn = { signedIn: true };
const name = (hash, options = signedIn) => matchRoute(hash, options).route.name;

test("the table: the launchpad home, the wizard, steps 2 and 3, the personas, the studio, the account; the launchpad as the fallback", () => {
  assert.deepEqual(ROUTES.map((r) => [r.name, r.path, r.title]), [
    ["onboarding", "/onboarding", "Complete onboarding"],
    ["step-1", "/steps/1", "Complete onboarding"],
    ["step-brand", "/steps/2", "Review your brand"],
    ["step-avatar", "/steps/3", "Review your AI avatar"],
    ["step-other", "/steps/*n", "Your setup"],
    ["personas", "/personas", "Your personas"],
    ["new-persona", "/new", "New persona"],
    ["new-persona-draft", "/new/*draftId", "New persona"],
    ["persona", "/personas/*id", "Persona"],
    ["studio", "/studio", "Create"],
    ["studio-persona", "/studio/persona/*personaId", "Create"],
    ["design", "/studio/*id", "Design"],
    ["account", "/account", "Your account"],
    ["launchpad", "/", "Your setup"],
  ]);
  assert.equal(FALLBACK.name, "launchpad");
  for (const route of [...ROUTES, SIGN_IN]) assert.equal(typeof route.render, "function");
});

test("the steps: 1 is the wizard's alias, 2 and 3 their pages, any other number the refusal", () => {
  assert.equal(name("#/onboarding"), "onboarding");
  assert.equal(name("#/steps/1"), "step-1");
  assert.equal(name("#/steps/2"), "step-brand");
  assert.equal(name("#/steps/3"), "step-avatar");
  assert.deepEqual(matchRoute("#/steps/4", signedIn).params, { n: "4" });
  assert.equal(name("#/steps/4"), "step-other");
  assert.equal(name("#/steps/x/y"), "step-other");
  assert.equal(name("#/steps"), "launchpad");
  assert.equal(name("#/onboarding/brand"), "launchpad");
});

test("hashPath: the hash without '#', '/' when empty", () => {
  assert.equal(hashPath("#/new"), "/new");
  assert.equal(hashPath("#"), "/");
  assert.equal(hashPath(""), "/");
  assert.equal(hashPath(undefined), "/");
});

test("signed out, every hash is the sign-in page", () => {
  for (const hash of ["", "#/", "#/new", "#/personas/abc", "#/login"]) {
    assert.deepEqual(matchRoute(hash, { signedIn: false }), { route: SIGN_IN, params: {} });
  }
  assert.equal(matchRoute("#/new").route, SIGN_IN);
  assert.equal(SIGN_IN.title, "Sign in");
});

test("the launchpad: empty, '#', '#/'; the list at #/personas", () => {
  for (const hash of ["", "#", "#/"]) assert.equal(name(hash), "launchpad");
  assert.equal(name("#/personas"), "personas");
  assert.equal(name("#/personas/"), "persona");
});

test("new persona: /new, and /new/<draft id> to go on with that draft (\"Continue it\")", () => {
  assert.equal(name("#/new"), "new-persona");
  assert.equal(name("#/new/D-1"), "new-persona-draft");
  assert.deepEqual(matchRoute("#/new/D-1", signedIn).params, { draftId: "D-1" });
  // No id: New persona as usual (the creator's own draft, or my latest).
  assert.deepEqual(matchRoute("#/new/", signedIn).params, { draftId: "" });
  assert.equal(name("#/newer"), "launchpad");
  assert.equal(name("#new"), "launchpad");
});

test("one persona: its id, decoded", () => {
  const id = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
  assert.deepEqual(matchRoute(`#/personas/${id}`, signedIn).params, { id });
  assert.deepEqual(matchRoute("#/personas/a%20b", signedIn).params, { id: "a b" });
  // The rest of the path is the id, as the page has always read it.
  assert.deepEqual(matchRoute("#/personas/a/b", signedIn).params, { id: "a/b" });
  assert.deepEqual(matchRoute("#/personas/", signedIn).params, { id: "" });
});

test("the studio: its home, with a persona chosen, one design", () => {
  const id = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
  assert.equal(name("#/studio"), "studio");
  assert.deepEqual(matchRoute(`#/studio/persona/${id}`, signedIn), { route: ROUTES.find((r) => r.name === "studio-persona"), params: { personaId: id } });
  assert.equal(name(`#/studio/${id}`), "design");
  assert.deepEqual(matchRoute(`#/studio/${id}`, signedIn).params, { id });
  // Without the persona's id after it, "persona" is read as a design id (which the server will not know).
  assert.equal(name("#/studio/persona"), "design");
  assert.equal(name("#/studios"), "launchpad");
});

test("anything unknown (and #/login once signed in) is the launchpad", () => {
  for (const hash of ["#/login", "#/settings", "#/personas-x/1", "#//"]) assert.equal(name(hash), "launchpad");
});

test("matchPath: literal segments and a trailing rest parameter", () => {
  assert.deepEqual(matchPath("/", "/"), {});
  assert.equal(matchPath("/", "/x"), null);
  assert.deepEqual(matchPath("/a/b", "/a/b"), {});
  assert.equal(matchPath("/a/b", "/a"), null);
  assert.equal(matchPath("/a", "/a/b"), null);
  assert.deepEqual(matchPath("/a/*rest", "/a/x/y"), { rest: "x/y" });
  assert.equal(matchPath("/a/*rest", "/a"), null);
});

test("a custom table: the first match wins", () => {
  const one = { name: "one", path: "/x/*id" };
  const two = { name: "two", path: "/x/y" };
  assert.equal(matchRoute("#/x/y", { signedIn: true, routes: [one, two], fallback: two }).route, one);
  assert.equal(matchRoute("#/z", { signedIn: true, routes: [one], fallback: two }).route, two);
});
