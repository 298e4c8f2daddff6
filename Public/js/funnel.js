// The funnel's page side: the page tells the server when a step or sub-step screen was shown and
// when the user first did something on it (POST /api/onboarding/events). The server writes
// `completed` and `skipped` itself. Pure: `send` is given (the tests pass a recorder), and it is
// fire-and-forget: a failed report must never disturb the page.
//
//   const funnel = createFunnel((body) => api(...));
//   funnel.shown({ step: 1, substep: "profile" });  // each time a screen is displayed
//   funnel.interacted();                             // on any input; reports `started` once per display
//   funnel.leave();                                  // the screen went away

export function createFunnel(send) {
  let screen = null;
  let started = false;

  function report(kind, where) {
    const body = { kind, step: where.step };
    if (where.substep) body.substep = where.substep;
    try {
      const result = send(body);
      if (result && typeof result.catch === "function") result.catch(() => {});
    } catch {
      // the funnel is not worth an error on the page
    }
  }

  return {
    shown(where) {
      if (!where || !Number.isInteger(where.step)) return;
      screen = { step: where.step, substep: where.substep || null };
      started = false;
      report("shown", screen);
    },
    interacted() {
      if (!screen || started) return;
      started = true;
      report("started", screen);
    },
    leave() {
      screen = null;
      started = false;
    },
    get current() { return screen ? { ...screen } : null; },
  };
}

