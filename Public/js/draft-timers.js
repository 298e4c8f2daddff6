// The draft session's timers (a rate-limited photo's wait, a later look for disowned photos),
// cancelled together when the page goes, and a photo's wait itself. No DOM; tested through
// draft-session.js, whose tests pass their own setTimer.

export function createTimers(setTimer, clearTimer) {
  const pending = new Set();
  return {
    /** Runs `fn` after `seconds`, unless cleared first. */
    after(seconds, fn) {
      const timer = setTimer(() => { pending.delete(timer); fn(); }, seconds * 1000);
      pending.add(timer);
    },
    clear() {
      for (const timer of pending) clearTimer(timer);
      pending.clear();
    },
  };
}

/**
 * A photo waits `after` seconds (a 429's Retry-After; 5 without one, at least 1), marked
 * "waiting" with its error and when it ends, then goes back to "queued" and `ready()` is called,
 * unless something else changed its status meanwhile (removed, retried by hand).
 */
export function holdEntry(entry, error, after, timers, ready) {
  entry.attempts += 1;
  entry.status = "waiting";
  entry.error = error;
  const seconds = Number.isFinite(after) ? Math.max(1, after) : 5;
  entry.waitUntil = Date.now() + seconds * 1000;
  timers.after(seconds, () => {
    if (entry.status !== "waiting") return;
    entry.status = "queued";
    entry.waitUntil = null;
    ready();
  });
}
