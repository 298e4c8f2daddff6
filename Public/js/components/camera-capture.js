// The webcam panel: a mirrored live preview with a face-oval guide, live hints (light, focus, and
// the server's face check, ./camera-hints-view.js), a "Take photo" button with an optional
// 3-second timer, the shot list (./camera-shot-list.js), a camera chooser when there are several,
// and a plain explanation with a way out ("Upload photos instead") whenever the camera can't be
// used (../camera-states.js).
//
//   const camera = createCameraCapture({ onCapture(file), onUseUpload(), check });
//   host.append(camera.element); camera.open(); camera.close(); camera.dispose()
//   onCapture gets a File (image/jpeg, camera-N.jpg) at the camera's full resolution, NOT mirrored;
//   check(blob, {signal}) → the face check's answer (default: POST /api/capture/check);
//   camera.element.dataset.hintFps: the hint loop's frames per second (tests, the benchmark).
import { h, icon, spinner, uniqueId } from "../dom.js";
import { checkFrame } from "../api.js";
import { framingOval } from "../capture-hints.js";
import { cameraProblem, environmentProblem, problems } from "../camera-states.js";
import { createHintsView } from "./camera-hints-view.js";
import { createShotList } from "./camera-shot-list.js";

const VIDEO = { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: "user" };
const JPEG_QUALITY = 0.92;
const TIMER_SECONDS = 3;

/** A camera outline (dom.js has none), built with the DOM. */
function cameraIcon(size = 18) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  for (const [k, v] of Object.entries({ width: size, height: size, viewBox: "0 0 24 24", fill: "none", stroke: "currentColor",
    "stroke-width": "1.8", "stroke-linecap": "round", "stroke-linejoin": "round", "aria-hidden": "true", focusable: "false" })) svg.setAttribute(k, String(v));
  const body = document.createElementNS(ns, "path");
  body.setAttribute("d", "M4 8.5a2 2 0 012-2h2l1.5-2h5L16 6.5h2a2 2 0 012 2V17a2 2 0 01-2 2H6a2 2 0 01-2-2z");
  const lens = document.createElementNS(ns, "circle");
  for (const [k, v] of Object.entries({ cx: 12, cy: 12.5, r: 3.3 })) lens.setAttribute(k, String(v));
  svg.append(body, lens);
  return h("span", { class: "icon icon-camera" }, svg);
}

const stopTracks = (stream) => { if (stream) stream.getTracks().forEach((track) => track.stop()); };

export function createCameraCapture({ onCapture, onUseUpload, check = checkFrame } = {}) {
  let stream = null;
  let session = 0;        // bumped by every open/close: a late getUserMedia answer is dropped
  let deviceId = null;    // the chosen camera, once there is a choice
  let taken = 0;
  let oval = framingOval(4, 3);
  let countdown = null;   // {timer, left} while the timer runs

  const titleId = uniqueId("camera-title");
  const element = h("section", { class: "camera", "aria-labelledby": titleId });
  const upload = (variant = "btn-secondary") => h("button", { type: "button", class: `btn ${variant}`,
    onclick: () => { if (onUseUpload) onUseUpload(); } }, icon("upload", { size: 16 }), "Upload photos instead");
  const announcer = h("p", { class: "visually-hidden", role: "status", "aria-live": "polite" });
  const say = (text) => { announcer.textContent = ""; setTimeout(() => { announcer.textContent = text; }, 50); };

  // ---- the live view
  const video = h("video", { class: "camera__video", playsinline: true, muted: true, autoplay: true,
    "aria-label": "Camera preview, shown as a mirror" });
  video.muted = true; // the property, not only the attribute, lets it play without a click
  const ovalEl = h("div", { class: "camera__oval", "aria-hidden": "true" });
  const countEl = h("div", { class: "camera__count", "aria-hidden": "true", hidden: true });
  const flashEl = h("div", { class: "camera__flash", "aria-hidden": "true" });
  // Seen even with reduced motion (the flash is an animation); the announcer says it aloud.
  const takenEl = h("p", { class: "camera__taken", "aria-hidden": "true", hidden: true });
  let takenTimer = 0;
  const switching = h("div", { class: "camera__switching", hidden: true }, spinner(), "Switching camera…");
  const stage = h("div", { class: "camera__stage" }, video, ovalEl, countEl, flashEl, takenEl, switching);
  const hints = createHintsView({ video, check, report: element, oval: () => oval });
  const shots = createShotList();

  const shutter = h("button", { type: "button", class: "btn btn-primary btn-lg camera__shutter", onclick: onShutter },
    cameraIcon(), h("span", {}, "Take photo"));
  const timerBox = h("input", { type: "checkbox", class: "camera__timer-box" });
  const timer = h("label", { class: "camera__timer" }, timerBox, `${TIMER_SECONDS}-second timer`);
  const select = h("select", { class: "camera__select" });
  const chooser = h("label", { class: "camera__chooser", hidden: true }, h("span", {}, "Camera"), select);
  const liveView = h("div", { class: "camera__live" },
    h("div", { class: "camera__main" }, stage, hints.element,
      h("div", { class: "camera__controls" }, shutter, timer, chooser)),
    h("div", { class: "camera__side" }, shots.element, h("div", { class: "camera__out" }, upload("btn-ghost"))));

  const body = h("div", { class: "camera__body" });
  element.append(
    h("div", { class: "camera__head" },
      h("h3", { class: "camera__title", id: titleId }, "Take photos with your camera"),
      h("p", { class: "camera__lead" }, "Fit your head in the oval. The hints below the picture say when the light and framing are right.")),
    body, announcer);

  function showView(...children) {
    if (!children.includes(liveView)) hints.stop();
    body.replaceChildren(...children);
  }

  function showIdle() {
    showView(h("div", { class: "camera__state" },
      h("p", { class: "camera__state-text" }, "The camera is off."),
      h("div", { class: "camera__state-actions" },
        h("button", { type: "button", class: "btn btn-primary", onclick: () => open() }, cameraIcon(16), "Turn on camera"),
        upload())));
  }

  function showStarting() {
    showView(h("div", { class: "camera__state camera__state--busy" },
      h("p", { class: "camera__state-text" }, spinner(), "Starting the camera… If your browser asks, choose Allow."),
      h("div", { class: "camera__state-actions" }, upload())));
  }

  function showProblem(problem) {
    const heading = h("h4", { class: "camera__problem-title", tabindex: "-1" }, problem.title);
    showView(h("div", { class: "camera__state camera__state--problem", role: "alert", dataset: { problem: problem.kind } },
      h("div", { class: "camera__problem-head" }, icon("alert", { size: 20 }), heading),
      h("p", {}, problem.text),
      h("ol", { class: "camera__steps" }, problem.steps.map((step) => h("li", {}, step))),
      h("div", { class: "camera__state-actions" },
        problem.retry ? h("button", { type: "button", class: "btn btn-primary", onclick: () => open() }, icon("refresh", { size: 16 }), "Try again") : null,
        upload(problem.retry ? "btn-secondary" : "btn-primary"))));
    if (element.contains(document.activeElement) || document.activeElement === document.body) heading.focus();
  }

  /** Sizes the stage to the stream's shape and places the oval (the same fractions the hints use). */
  function layout() {
    const w = video.videoWidth || 4;
    const hgt = video.videoHeight || 3;
    oval = framingOval(w, hgt);
    stage.style.setProperty("--camera-aspect", String(w / hgt));
    Object.assign(ovalEl.style, {
      left: `${(oval.cx - oval.rx) * 100}%`, top: `${(oval.cy - oval.ry) * 100}%`,
      width: `${oval.rx * 200}%`, height: `${oval.ry * 200}%`,
    });
  }

  async function open({ keepView = false } = {}) {
    const problem = environmentProblem({ isSecureContext: window.isSecureContext,
      hasMediaDevices: !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia) });
    if (problem) { showProblem(problem); return; }
    if (stream && !keepView) return; // already on
    const mine = ++session;
    // Started from a button in the panel ("Turn on camera", "Try again"): that button goes, so
    // focus moves on to "Take photo" once the preview is live.
    const focusHere = element.contains(document.activeElement);
    release();
    if (keepView) switching.hidden = false; else showStarting();
    try {
      const video_ = deviceId ? { width: VIDEO.width, height: VIDEO.height, deviceId: { exact: deviceId } } : VIDEO;
      const next = await navigator.mediaDevices.getUserMedia({ video: video_, audio: false });
      if (mine !== session) { stopTracks(next); return; }
      const track = next.getVideoTracks()[0];
      if (!track) { stopTracks(next); throw Object.assign(new Error("no video track"), { name: "NoVideoInput" }); }
      stream = next;
      track.addEventListener("ended", () => { if (stream === next) { release(); showProblem(problems.stopped); } });
      video.srcObject = next;
      video.play().catch(() => {}); // muted: allowed without a click (not awaited: a hidden tab may hold it)
      if (video.readyState < 1) await new Promise((resolve) => video.addEventListener("loadedmetadata", resolve, { once: true }));
      if (mine !== session) return;
      deviceId = (track.getSettings && track.getSettings().deviceId) || deviceId;
      switching.hidden = true;
      layout();
      if (body.firstChild !== liveView) showView(liveView);
      hints.start();
      listDevices();
      if (!keepView && (focusHere || document.activeElement === document.body)) shutter.focus();
    } catch (error) {
      if (mine !== session) return;
      switching.hidden = true;
      if (deviceId && error && error.name === "OverconstrainedError") deviceId = null; // that camera went away
      console.warn("camera:", error && error.name, error && error.message);
      showProblem(cameraProblem(error));
    }
  }

  /** Stops the stream and everything that reads it (the view stays as it is). */
  function release() {
    cancelCountdown();
    hints.stop();
    stopTracks(stream);
    stream = null;
    video.srcObject = null;
  }

  function close() {
    session += 1;
    release();
    hints.reset();
    switching.hidden = true;
    showIdle();
  }

  async function listDevices() {
    let cameras = [];
    try {
      cameras = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === "videoinput");
    } catch { /* no list: no choice */ }
    chooser.hidden = cameras.length < 2;
    select.replaceChildren(...cameras.map((d, i) => h("option", { value: d.deviceId, selected: d.deviceId === deviceId }, d.label || `Camera ${i + 1}`)));
  }

  video.addEventListener("resize", () => { if (stream) layout(); }); // e.g. a phone turned sideways
  select.addEventListener("change", () => {
    deviceId = select.value || null;
    open({ keepView: true });
  });
  const onDeviceChange = () => { if (stream) listDevices(); };
  if (navigator.mediaDevices && navigator.mediaDevices.addEventListener) navigator.mediaDevices.addEventListener("devicechange", onDeviceChange);

  // ---- taking a photo
  function onShutter() {
    if (countdown) { cancelCountdown(); say("Timer cancelled."); return; }
    if (!stream) return;
    if (!timerBox.checked) { takePhoto(); return; }
    countdown = { left: TIMER_SECONDS, timer: 0 };
    shutter.lastChild.textContent = "Cancel timer";
    tickCountdown();
  }

  function tickCountdown() {
    if (!countdown) return;
    if (countdown.left === 0) { cancelCountdown(); takePhoto(); return; }
    countEl.hidden = false;
    countEl.textContent = String(countdown.left);
    say(countdown.left === TIMER_SECONDS ? `Photo in ${countdown.left}` : String(countdown.left));
    countdown.left -= 1;
    countdown.timer = setTimeout(tickCountdown, 1000);
  }

  function cancelCountdown() {
    if (!countdown) return;
    clearTimeout(countdown.timer);
    countdown = null;
    countEl.hidden = true;
    shutter.lastChild.textContent = "Take photo";
  }

  async function takePhoto() {
    const width = video.videoWidth;
    const height = video.videoHeight;
    if (!stream || !width) return;
    // The full frame as the camera sees it: the mirror is only the preview's CSS, the photo is not
    // flipped (text reads the right way, and it matches uploaded photos).
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    canvas.getContext("2d").drawImage(video, 0, 0, width, height);
    flashEl.classList.remove("is-on");
    void flashEl.offsetWidth; // restart the animation
    flashEl.classList.add("is-on");
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", JPEG_QUALITY));
    if (!blob) { say("The photo could not be saved. Try again."); return; }
    taken += 1;
    const file = new File([blob], `camera-${taken}.jpg`, { type: "image/jpeg", lastModified: Date.now() });
    const label = shots.taken();
    const next = shots.next;
    say(`Photo ${taken} taken${label ? ` (${label})` : ""}.${next ? ` Next: ${next}.` : ""}`);
    takenEl.replaceChildren(icon("check", { size: 16 }), `Photo ${taken} taken`);
    takenEl.hidden = false;
    clearTimeout(takenTimer);
    takenTimer = setTimeout(() => { takenEl.hidden = true; }, 1800);
    if (onCapture) onCapture(file);
  }

  function onKey(event) {
    if (event.key === "Escape" && countdown) { event.preventDefault(); cancelCountdown(); say("Timer cancelled."); }
  }
  element.addEventListener("keydown", onKey);

  // A hidden tab: no hints, no checks, no timer going off unseen.
  function onVisibility() {
    if (document.hidden) { hints.stop(); cancelCountdown(); }
    else if (stream && body.firstChild === liveView) hints.start();
  }
  document.addEventListener("visibilitychange", onVisibility);

  showIdle();

  return {
    element,
    open: () => open(),
    close,
    dispose() {
      close();
      document.removeEventListener("visibilitychange", onVisibility);
      if (navigator.mediaDevices && navigator.mediaDevices.removeEventListener) navigator.mediaDevices.removeEventListener("devicechange", onDeviceChange);
    },
  };
}
