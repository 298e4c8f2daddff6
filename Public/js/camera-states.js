// The webcam panel's words and rules, as pure functions (no DOM), so they can be tested in Node:
// why the camera did not start and what to do about it, the shot list, and the settling of hints
// that would otherwise flicker.
//
//   environmentProblem({isSecureContext, hasMediaDevices}) → problem | null   (before asking)
//   cameraProblem(error) → problem     (a getUserMedia rejection, or {name: "NoVideoInput"})
//     problem = {kind: "insecure"|"unsupported"|"denied"|"no_camera"|"busy"|"stopped"|"failed",
//                title, text, steps: [string], retry: bool}
//   SHOTS; nextShot(done: Set<id>, preferred?) → id | null
//   createSettler(holdMs) → settle(value, now) → the value to show

export const problems = {
  insecure: {
    kind: "insecure",
    title: "The camera needs a secure connection",
    text: "Browsers only let a page use the camera when it is opened over https:// (or on this computer as localhost).",
    steps: ["Open this page from its https:// address, or upload photos you already have."],
    retry: false,
  },
  unsupported: {
    kind: "unsupported",
    title: "This browser can't use the camera here",
    text: "It may be an old browser, or an app's built-in browser.",
    steps: ["Open this page in Chrome, Edge, Firefox or Safari, or upload photos you already have."],
    retry: false,
  },
  denied: {
    kind: "denied",
    title: "Camera access is blocked",
    text: "Your browser (or your computer's settings) did not allow this page to use the camera.",
    steps: [
      "In the address bar, click the camera icon or the padlock (on an iPhone: tap aA, then Website Settings).",
      "Set Camera to Allow for this site.",
      "Press Try again. If nothing changes, reload the page.",
      "Still blocked? On a Mac check System Settings › Privacy & Security › Camera; on Windows, Settings › Privacy › Camera.",
    ],
    retry: true,
  },
  no_camera: {
    kind: "no_camera",
    title: "No camera found",
    text: "We couldn't find a camera on this device.",
    steps: ["Plug in a webcam, or check that it is switched on, then press Try again."],
    retry: true,
  },
  busy: {
    kind: "busy",
    title: "The camera is busy",
    text: "Another app or browser tab seems to be using the camera.",
    steps: ["Close video calls and other apps or tabs that use the camera, then press Try again."],
    retry: true,
  },
  stopped: {
    kind: "stopped",
    title: "The camera stopped",
    text: "It was unplugged, switched off, or taken over by another app.",
    steps: ["Check the camera, then press Try again."],
    retry: true,
  },
  failed: {
    kind: "failed",
    title: "The camera didn't start",
    text: "Something stopped the camera from starting.",
    steps: ["Press Try again. If it keeps failing, upload photos instead."],
    retry: true,
  },
};

/** What stands in the way before the camera is even asked for (null: nothing). */
export function environmentProblem({ isSecureContext, hasMediaDevices }) {
  if (!isSecureContext) return problems.insecure;
  if (!hasMediaDevices) return problems.unsupported;
  return null;
}

/** A getUserMedia failure, by the DOMException's name (the messages differ between browsers). */
export function cameraProblem(error) {
  switch (error && error.name) {
    case "NotAllowedError":
    case "PermissionDeniedError": // older Chrome
    case "SecurityError":
      return problems.denied;
    case "NotFoundError":
    case "DevicesNotFoundError":
    case "OverconstrainedError":
    case "ConstraintNotSatisfiedError":
    case "NoVideoInput": // ours: the stream came without a video track
      return problems.no_camera;
    case "NotReadableError":
    case "TrackStartError":
    case "AbortError":
      return problems.busy;
    default:
      return problems.failed;
  }
}

// The shot list: variety is what makes a good reference set (angles, expression, light).
// "Left" and "right" are the person's own.
export const SHOTS = Object.freeze([
  { id: "front", label: "Straight on", tip: "Look into the camera, relaxed." },
  { id: "left", label: "Three-quarter left", tip: "Turn your head a little to your left." },
  { id: "right", label: "Three-quarter right", tip: "Turn your head a little to your right." },
  { id: "smile", label: "A smile", tip: "A real smile, teeth or not." },
  { id: "light", label: "Different light", tip: "Move to another window or lamp, or another room." },
]);

/** The shot to highlight next: `preferred` if still to do, else the first one not done. */
export function nextShot(done, preferred = null) {
  if (preferred && !done.has(preferred) && SHOTS.some((shot) => shot.id === preferred)) return preferred;
  const next = SHOTS.find((shot) => !done.has(shot.id));
  return next ? next.id : null;
}

/**
 * Hints computed 15+ times a second flicker between two verdicts near a threshold; shown (and
 * announced) as they come they would be noise. settle(value, now) returns the shown value: the
 * first value at once, then a new one only after it has been seen for `holdMs` without a break.
 * Values are compared with ===, so pass strings.
 */
export function createSettler(holdMs) {
  let shown;
  let candidate;
  let since = 0;
  let started = false;
  return function settle(value, now) {
    if (!started) {
      started = true;
      shown = value;
      candidate = value;
      return shown;
    }
    if (value === shown) {
      candidate = value;
      return shown;
    }
    if (value !== candidate) {
      candidate = value;
      since = now;
    }
    if (now - since >= holdMs) shown = candidate;
    return shown;
  };
}
