// The store for state that outlives a view (Public/js/store.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createStore } from "../../Public/js/store.js";

test("get: one value, or the whole state", () => {
  const store = createStore({ user: null, usage: 3 });
  assert.equal(store.get("usage"), 3);
  assert.equal(store.get("user"), null);
  assert.deepEqual(store.get(), { user: null, usage: 3 });
  assert.equal(store.get("missing"), undefined);
  assert.deepEqual(createStore().get(), {});
});

test("the initial object is copied, and the state is frozen", () => {
  const initial = { user: null };
  const store = createStore(initial);
  initial.user = "changed";
  assert.equal(store.get("user"), null);
  assert.equal(Object.isFrozen(store.get()), true);
});

test("set merges, and a snapshot taken before stays as it was", () => {
  const store = createStore({ user: null, usage: null });
  const before = store.get();
  assert.equal(store.set({ user: { email: "a@b.c" } }), true);
  assert.deepEqual(store.get(), { user: { email: "a@b.c" }, usage: null });
  assert.deepEqual(before, { user: null, usage: null });
});

test("subscribers hear every change: the state, the previous one, the changed keys", () => {
  const store = createStore({ user: null, usage: null });
  const heard = [];
  store.subscribe((state, previous, changed) => heard.push([state.user, previous.user, changed]));
  store.set({ user: "u1", usage: null });
  store.set({ usage: 5 });
  assert.deepEqual(heard, [["u1", null, ["user"]], ["u1", "u1", ["usage"]]]);
});

test("no change, no call (values compared with Object.is)", () => {
  const user = { email: "x" };
  const store = createStore({ user, n: NaN });
  let calls = 0;
  store.subscribe(() => { calls += 1; });
  assert.equal(store.set({ user }), false);
  assert.equal(store.set({ n: NaN }), false);
  assert.equal(store.set({}), false);
  assert.equal(calls, 0);
  store.set({ user: { email: "x" } }); // an equal but new object is a change
  assert.equal(calls, 1);
});

test("unsubscribe stops the calls; other subscribers go on", () => {
  const store = createStore({ n: 0 });
  const a = [];
  const b = [];
  const stopA = store.subscribe((state) => a.push(state.n));
  store.subscribe((state) => b.push(state.n));
  store.set({ n: 1 });
  stopA();
  store.set({ n: 2 });
  assert.deepEqual(a, [1]);
  assert.deepEqual(b, [1, 2]);
});

test("a subscriber that unsubscribes during a round does not make another miss it", () => {
  const store = createStore({ n: 0 });
  const heard = [];
  const stop = store.subscribe(() => { heard.push("first"); stop(); });
  store.subscribe(() => heard.push("second"));
  store.set({ n: 1 });
  store.set({ n: 2 });
  assert.deepEqual(heard, ["first", "second", "second"]);
});

test("a subscriber sees the new state through get too", () => {
  const store = createStore({ user: null });
  let seen;
  store.subscribe(() => { seen = store.get("user"); });
  store.set({ user: "u" });
  assert.equal(seen, "u");
});
