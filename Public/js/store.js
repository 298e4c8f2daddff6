// A small store for state that outlives a view (who is signed in, their usage): get, set,
// subscribe. Pure (no DOM), so the unit tests import it.
//
//   const store = createStore({ user: null });
//   const stop = store.subscribe((state, previous, changedKeys) => ...);
//   store.set({ user });            // listeners run at once, only when a value really changed
//   store.get("user"); store.get(); // one value; the whole (frozen) state

export function createStore(initial = {}) {
  let state = Object.freeze({ ...initial });
  const listeners = new Set();

  return {
    get(key) {
      return key === undefined ? state : state[key];
    },

    /** Merges `patch` into the state; returns whether anything changed (then listeners are told). */
    set(patch) {
      const changed = Object.keys(patch || {}).filter((key) => !Object.is(state[key], patch[key]));
      if (changed.length === 0) return false;
      const previous = state;
      state = Object.freeze({ ...state, ...patch });
      // A copy: a listener that unsubscribes (or subscribes another) does not disturb this round.
      for (const listener of [...listeners]) listener(state, previous, changed);
      return true;
    },

    /** Calls `listener(state, previous, changedKeys)` after every change; returns the unsubscribe. */
    subscribe(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
  };
}
