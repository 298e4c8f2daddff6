// The webcam panel's live hints: a loop that looks at the preview 15–20 times a second (light and
// sharpness, computed here from a small copy of the frame) and about once a second sends a frame to
// the server's face check (faces come only from the server: nothing here guesses a face). Shows
// three rows (face, light, focus) in a polite live region that changes only when a hint has held.
//
//   const hints = createHintsView({ video, check, report: panelElement, oval: () => oval });
//   panel.append(hints.element); hints.start(); hints.stop(); hints.dispose()
//   report.dataset.hintFps: the loop's measured frames per second, updated once a second (and
//   hintMs, the mean ms one look takes; hintScore, hintMean: the last sharpness score and mean luma)
//
// check(blob, {signal}) → the server's answer; throws an ApiError-like {status, retryAfter?, message}.
import { h, icon } from "../dom.js";
import { faceHint, frameHints, hintFrameSize, ovalRegion } from "../capture-hints.js";
import { createSettler } from "../camera-states.js";

// At most one analysis per MIN_INTERVAL_MS: on a 60 Hz display every third animation frame
// (20/s), enough for hints that follow a moving head without spending a core on it.
const MIN_INTERVAL_MS = 1000 / 24;
const CHECK_INTERVAL_MS = 1000;       // the contract: about one frame a second
const CHECK_BACKOFF_MS = 5000;        // after a failure, or a 429 without Retry-After
const CHECK_MAX_SIDE = 640;           // the contract's cap on a frame's longer side
const CHECK_QUALITY = 0.8;            // ~40–80 KB at 640×480, far below the 512 KB cap
const SETTLE_MS = 700;                // a hint must hold this long to be shown (and announced)

const ROWS = [
  { key: "face", label: "Face" },
  { key: "light", label: "Light" },
  { key: "focus", label: "Focus" },
];

export function createHintsView({ video, check, report, oval }) {
  const canvas = document.createElement("canvas");
  // Read back every frame: keep the canvas on the CPU rather than copying it off the GPU each time.
  const ctx = canvas.getContext("2d", { willReadFrequently: true, alpha: false });
  const checkCanvas = document.createElement("canvas");

  const rows = Object.fromEntries(ROWS.map(({ key, label }) => {
    const text = h("span", { class: "camera-hint__text" }, "…");
    const mark = h("span", { class: "camera-hint__mark", "aria-hidden": "true" });
    const row = h("p", { class: "camera-hint camera-hint--none", dataset: { hint: key } },
      mark, h("span", { class: "camera-hint__label" }, label, h("span", { class: "visually-hidden" }, ":")), " ", text);
    return [key, { row, text, mark, shown: null, settle: createSettler(SETTLE_MS) }];
  }));
  const element = h("div", { class: "camera-hints", role: "status", "aria-live": "polite", "aria-label": "Framing hints" },
    ROWS.map(({ key }) => rows[key].row));

  let running = false;
  let raf = 0;
  let lastRun = 0;
  let frames = 0;
  let busyMs = 0;
  let windowStart = 0;
  let nextCheckAt = 0;
  let checksOff = false;
  let inFlight = null; // the AbortController of the check on its way

  /** Shows a hint in its row, once it has held (touching the DOM only on a change). */
  function show(key, { tone, message }, now, { settle = true } = {}) {
    const row = rows[key];
    const value = `${tone}|${message}`;
    const shown = settle ? row.settle(value, now) : value;
    if (shown === row.shown) return;
    row.shown = shown;
    const [showTone, showMessage] = shown.split("|");
    const good = showTone === "ok";
    row.row.className = `camera-hint camera-hint--${good ? "ok" : showTone === "none" ? "none" : "warning"}`;
    row.mark.replaceChildren(icon(good ? "check" : showTone === "none" ? "refresh" : "alert", { size: 15 }));
    row.text.textContent = showMessage;
  }

  function analyse(now) {
    const vw = video.videoWidth;
    const vh = video.videoHeight;
    const { width, height } = hintFrameSize(vw, vh);
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    ctx.drawImage(video, 0, 0, width, height);
    const pixels = ctx.getImageData(0, 0, width, height).data;
    const { brightness, sharpness } = frameHints(pixels, width, height, { region: ovalRegion(oval(), { mirrored: true }) });
    show("light", { tone: brightness.tone, message: brightness.message }, now);
    show("focus", { tone: sharpness.tone === "unknown" ? "none" : sharpness.tone, message: sharpness.message }, now);
    report.dataset.hintScore = sharpness.score === null ? "" : sharpness.score.toFixed(2);
    report.dataset.hintMean = brightness.mean.toFixed(0);
  }

  function tick(now) {
    raf = requestAnimationFrame(tick);
    if (now - lastRun < MIN_INTERVAL_MS - 2) return; // 2 ms: the display's timestamps jitter
    if (video.readyState < 2 || !video.videoWidth) return;
    lastRun = now;
    const began = performance.now();
    analyse(now);
    busyMs += performance.now() - began;
    frames += 1;
    if (!windowStart) windowStart = now;
    if (now - windowStart >= 1000) {
      report.dataset.hintFps = (frames * 1000 / (now - windowStart)).toFixed(1);
      report.dataset.hintMs = (busyMs / frames).toFixed(2); // the cost of one look, in ms
      frames = 0;
      busyMs = 0;
      windowStart = now;
    }
    if (!checksOff && !inFlight && now >= nextCheckAt) sendCheck();
  }

  /** The current frame as it comes from the camera (unmirrored), ≤ 640 px, as a JPEG. */
  function checkFrame() {
    const scale = Math.min(1, CHECK_MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
    checkCanvas.width = Math.round(video.videoWidth * scale);
    checkCanvas.height = Math.round(video.videoHeight * scale);
    checkCanvas.getContext("2d").drawImage(video, 0, 0, checkCanvas.width, checkCanvas.height);
    return new Promise((resolve) => checkCanvas.toBlob(resolve, "image/jpeg", CHECK_QUALITY));
  }

  async function sendCheck() {
    const controller = new AbortController();
    inFlight = controller;
    try {
      const blob = await checkFrame();
      if (!blob || controller.signal.aborted) return;
      const answer = await check(blob, { signal: controller.signal });
      if (controller.signal.aborted) return;
      show("face", faceHint(answer, { oval: oval(), mirrored: true }), performance.now());
      nextCheckAt = performance.now() + CHECK_INTERVAL_MS;
    } catch (error) {
      if (controller.signal.aborted || (error && error.name === "AbortError")) return;
      checkFailed(error || {});
    } finally {
      if (inFlight === controller) inFlight = null;
    }
  }

  function checkFailed(error) {
    const now = performance.now();
    const status = error.status || 0;
    if (status === 429) {
      const seconds = Number(error.retryAfter ?? (error.details && error.details.retryAfterSeconds));
      const wait = Number.isFinite(seconds) && seconds >= 0 ? Math.max(1000, seconds * 1000) : CHECK_BACKOFF_MS;
      nextCheckAt = now + wait;
      show("face", { tone: "none", message: `Face check paused for ${Math.round(wait / 1000)} s (too many checks)` }, now, { settle: false });
    } else if (status >= 400 && status < 500) {
      // Signed out, no consent, or a frame the server will never take: asking again won't help.
      checksOff = true;
      show("face", { tone: "none", message: error.message || "The face check is not available. You can still take photos." }, now, { settle: false });
    } else {
      // The network or the server: try again a little later, say so meanwhile.
      nextCheckAt = now + CHECK_BACKOFF_MS;
      show("face", { tone: "none", message: "Face check unavailable for now: trying again shortly" }, now, { settle: false });
    }
  }

  function start() {
    if (running || document.hidden) return;
    running = true;
    lastRun = 0;
    frames = 0;
    busyMs = 0;
    windowStart = 0;
    if (!rows.face.shown) show("face", faceHint(null), performance.now(), { settle: false });
    raf = requestAnimationFrame(tick);
  }

  function stop() {
    running = false;
    cancelAnimationFrame(raf);
    if (inFlight) inFlight.abort();
    inFlight = null;
    nextCheckAt = 0;
  }

  return {
    element,
    start,
    stop,
    get running() { return running; },
    /** Forgets what was shown (a new camera session starts from "checking"). */
    reset() {
      stop();
      checksOff = false;
      for (const row of Object.values(rows)) {
        row.shown = null;
        row.settle = createSettler(SETTLE_MS);
      }
    },
    dispose() { stop(); },
  };
}
