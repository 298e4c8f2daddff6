// The route table (Public/js/routes.js): which view each location hash shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FALLBACK, ROUTES, SIGN_IN, hashPath, matchPath, matchRoute } from "../../Public/js/routes.js";

const signedIn = { signedIn: true };
const name = (hash, options = signedIn) => matchRoute(hash, options).route.name;

test("the table: new persona, one persona, the list as the fallback", () => {
  assert.deepEqual(ROUTES.map((r) => [r.name, r.path, r.title]), [
    ["new-persona", "/new", "New persona"],
    ["persona", "/personas/*id", "Persona"],
    ["personas", "/", "Your personas"],
  ]);
  assert.equal(FALLBACK.name, "personas");
  for (const route of [...ROUTES, SIGN_IN]) assert.equal(typeof route.render, "function");
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

test("the list: empty, '#', '#/'", () => {
  for (const hash of ["", "#", "#/"]) assert.equal(name(hash), "personas");
});

test("new persona: exactly /new", () => {
  assert.equal(name("#/new"), "new-persona");
  assert.equal(name("#/new/"), "personas");
  assert.equal(name("#/newer"), "personas");
  assert.equal(name("#new"), "personas");
});

test("one persona: its id, decoded", () => {
  const id = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
  assert.deepEqual(matchRoute(`#/personas/${id}`, signedIn).params, { id });
  assert.deepEqual(matchRoute("#/personas/a%20b", signedIn).params, { id: "a b" });
  // The rest of the path is the id, as the page has always read it.
  assert.deepEqual(matchRoute("#/personas/a/b", signedIn).params, { id: "a/b" });
  assert.deepEqual(matchRoute("#/personas/", signedIn).params, { id: "" });
  assert.equal(name("#/personas"), "personas");
});

test("anything unknown (and #/login once signed in) is the list", () => {
  for (const hash of ["#/login", "#/settings", "#/personas-x/1", "#//"]) assert.equal(name(hash), "personas");
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
