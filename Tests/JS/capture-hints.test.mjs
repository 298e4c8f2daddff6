// The webcam panel's live hints (Public/js/capture-hints.js) and its words and rules
// (Public/js/camera-states.js), on synthetic frames.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  BLURRY_BELOW, brightnessVerdict, faceHint, frameHints, framingOval, hintFrameSize, lumaOf, ovalRegion,
  sharpnessScore,
} from "../../Public/js/capture-hints.js";
import { cameraProblem, createSettler, environmentProblem, nextShot, SHOTS } from "../../Public/js/camera-states.js";

const W = 240;
const H = 180;

/** An RGBA frame whose grey level at (x, y) is grey(x, y). */
function frame(grey, width = W, height = H) {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 4;
      rgba[i] = rgba[i + 1] = rgba[i + 2] = grey(x, y);
      rgba[i + 3] = 255;
    }
  }
  return rgba;
}

const checker = (low, high, size = 8) => (x, y) => ((Math.floor(x / size) + Math.floor(y / size)) % 2 ? high : low);

/** A box blur of radius r on the grey channel (edges clamped), as a camera out of focus would do. */
function boxBlur(rgba, r, width = W, height = H) {
  const grey = (x, y) => rgba[(Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))) * 4];
  return frame((x, y) => {
    let sum = 0;
    for (let dy = -r; dy <= r; dy += 1) for (let dx = -r; dx <= r; dx += 1) sum += grey(x + dx, y + dy);
    return Math.round(sum / (2 * r + 1) ** 2);
  }, width, height);
}

test("lumaOf: Rec. 601 weights, whole frame or a region", () => {
  const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
  const { luma, width, height } = lumaOf(rgba, 4, 1);
  assert.deepEqual([width, height], [4, 1]);
  [76.245, 149.685, 29.07, 255].forEach((want, i) => assert.ok(Math.abs(luma[i] - want) < 1e-3, `${luma[i]} vs ${want}`));
  const left = lumaOf(frame((x) => (x < W / 2 ? 10 : 200)), W, H, { x: 0, y: 0.25, width: 0.5, height: 0.5 });
  assert.deepEqual([left.width, left.height], [W / 2, H / 2]);
  assert.ok(left.luma.every((v) => Math.abs(v - 10) < 0.01));
});

test("brightness: uniform dark, bright and mid grey", () => {
  const dark = frameHints(frame(() => 12), W, H).brightness;
  assert.equal(dark.tone, "too_dark");
  assert.equal(dark.darkShare, 1);
  assert.match(dark.message, /^Too dark: face a window or a lamp/);
  const dim = frameHints(frame(() => 45), W, H).brightness; // nothing clipped, but the mean is low
  assert.equal(dim.tone, "too_dark");
  assert.equal(dim.darkShare, 0);
  const bright = frameHints(frame(() => 250), W, H).brightness;
  assert.equal(bright.tone, "too_bright");
  assert.equal(bright.brightShare, 1);
  assert.match(bright.message, /^Too bright/);
  const mid = frameHints(frame(() => 128), W, H).brightness;
  assert.deepEqual([mid.tone, Math.round(mid.mean), mid.darkShare, mid.brightShare], ["ok", 128, 0, 0]);
  assert.equal(mid.message, "Light looks good");
});

test("brightness: half the frame clipped counts although the mean looks fine", () => {
  const blown = brightnessVerdict(lumaOf(frame((x) => (x < W / 2 ? 255 : 120)), W, H).luma);
  assert.ok(blown.mean > 150 && blown.mean < 200, `mean ${blown.mean}`);
  assert.equal(blown.brightShare, 0.5);
  assert.equal(blown.tone, "too_bright");
  assert.match(blown.message, /light behind or beside you/);
  const crushed = brightnessVerdict(lumaOf(frame((x) => (x < W / 2 ? 0 : 150)), W, H).luma);
  assert.ok(crushed.mean > 60, `mean ${crushed.mean}`);
  assert.equal(crushed.darkShare, 0.5);
  assert.equal(crushed.tone, "too_dark");
  // The same frame judged inside a region that misses the clipped half is fine.
  const inside = frameHints(frame((x) => (x < W / 2 ? 0 : 150)), W, H, { region: { x: 0.55, y: 0, width: 0.4, height: 1 } });
  assert.equal(inside.brightness.tone, "ok");
});

test("sharpness: a checkerboard is sharp, the same box-blurred is blurry", () => {
  const sharp = frame(checker(30, 220));
  const sharpHints = frameHints(sharp, W, H).sharpness;
  assert.equal(sharpHints.tone, "ok");
  assert.ok(sharpHints.score > 2 * BLURRY_BELOW, `sharp score ${sharpHints.score}`);
  const blurred = frameHints(boxBlur(sharp, 2), W, H).sharpness;
  assert.equal(blurred.tone, "blurry");
  assert.ok(blurred.score < BLURRY_BELOW, `blurred score ${blurred.score}`);
  assert.match(blurred.message, /^Blurry/);
});

test("sharpness: low contrast but sharp is sharp; high contrast but blurred is blurry", () => {
  const faint = frameHints(frame(checker(120, 136, 6)), W, H).sharpness;
  const strongBlurred = frameHints(boxBlur(frame(checker(0, 255, 6)), 2), W, H).sharpness;
  assert.equal(faint.tone, "ok");
  assert.equal(strongBlurred.tone, "blurry");
  assert.ok(faint.score > strongBlurred.score);
  // The score does not move with contrast (the contrast is divided out).
  const stronger = sharpnessScore(lumaOf(frame(checker(40, 200, 6)), W, H).luma, W, H).score;
  assert.ok(Math.abs(stronger - faint.score) < 1e-6 * stronger, `${stronger} vs ${faint.score}`);
});

test("sharpness: a plain frame has nothing to judge", () => {
  const flat = frameHints(frame(() => 128), W, H).sharpness;
  assert.deepEqual([flat.tone, flat.score], ["unknown", null]);
  const faintNoise = frameHints(frame((x, y) => 128 + ((x * 7 + y * 13) % 3) - 1), W, H).sharpness;
  assert.equal(faintNoise.tone, "unknown");
});

test("framingOval: landscape, and a portrait phone stream capped by its width", () => {
  const landscape = framingOval(640, 480);
  assert.equal(landscape.cx, 0.5);
  assert.ok(Math.abs(landscape.ry - 0.34) < 1e-9);
  assert.ok(Math.abs(landscape.rx * 640 - 0.75 * landscape.ry * 480) < 1e-9); // 3:4 in pixels
  const portrait = framingOval(720, 1280);
  assert.ok(Math.abs(2 * portrait.rx - 0.8) < 1e-9);
  assert.ok(Math.abs(portrait.rx * 720 - 0.75 * portrait.ry * 1280) < 1e-9);
  const region = ovalRegion({ cx: 0.3, cy: 0.5, rx: 0.1, ry: 0.2 });
  assert.ok(Math.abs(region.x - 0.6) < 1e-9, "mirrored: the shown left is the camera's right");
  assert.ok(Math.abs(ovalRegion({ cx: 0.3, cy: 0.5, rx: 0.1, ry: 0.2 }, { mirrored: false }).x - 0.2) < 1e-9);
  assert.deepEqual(hintFrameSize(1280, 720), { width: 320, height: 180 });
  assert.deepEqual(hintFrameSize(640, 480), { width: 240, height: 180 });
  assert.deepEqual(hintFrameSize(160, 120), { width: 160, height: 120 });
});

// A face box centred on (cx, cy) in the camera's 640×480 frame, square in pixels, by default as
// tall as the server's box for a head that fills the oval (0.68 of the oval's height).
const oval = framingOval(640, 480);
const box = (cx, cy, height = 0.68 * 2 * oval.ry) => {
  const width = height * 0.75; // square in pixels: 480/640 of the height in frame fractions
  return { x: cx - width / 2, y: cy - height / 2, width, height };
};
const centreY = oval.cy + 0.3 * oval.ry;
const answer = (face, issues = [], faces = 1) => ({ faces, face, faceShare: face ? face.width : null, issues });

test("faceHint: none, several, too small, too close, ready", () => {
  assert.equal(faceHint(null).code, "checking");
  assert.equal(faceHint(answer(null, [{ code: "no_face" }], 0), { oval }).message, "No face yet: look into the camera");
  assert.match(faceHint(answer(box(0.5, centreY), [{ code: "multiple_faces" }], 2), { oval }).message, /^Only you in the frame/);
  assert.equal(faceHint(answer(box(0.5, centreY, 0.4 * 2 * oval.ry)), { oval }).message, "Move closer");
  // The server's real answer for obama-1.jpg letterboxed into 640×480: small in the oval.
  const obama = { x: 0.436, y: 0.12, width: 0.174, height: 0.232 };
  assert.equal(faceHint(answer(obama), { oval }).message, "Move closer");
  assert.equal(faceHint(answer(box(0.5, centreY), [{ code: "face_too_small" }]), { oval }).message, "Move closer");
  assert.equal(faceHint(answer(box(0.5, centreY, 0.95 * 2 * oval.ry)), { oval }).message, "Move back a little");
  const ready = faceHint(answer(box(0.5, centreY)), { oval });
  assert.deepEqual([ready.tone, ready.code], ["ok", "ok"]);
});

test("faceHint: left and right are the person's own, whatever the mirroring", () => {
  // At x = 0.8 of the camera's frame the person stands to their own left (the camera faces them);
  // the mirrored preview shows them on the left of the screen. They must move to their right,
  // which in the mirror is also toward the right of the screen.
  const onScreenLeft = faceHint(answer(box(0.8, centreY)), { oval, mirrored: true });
  assert.equal(onScreenLeft.code, "centre");
  assert.equal(onScreenLeft.message, "Centre your face in the oval: move a little to your right");
  const onScreenRight = faceHint(answer(box(0.2, centreY)), { oval, mirrored: true });
  assert.equal(onScreenRight.message, "Centre your face in the oval: move a little to your left");
  // An oval left of the middle of the screen (cx 0.35 as shown) sits at 0.65 of the camera's frame
  // when the preview is mirrored, and at 0.35 when it is not.
  const offOval = { ...oval, cx: 0.35 };
  assert.equal(faceHint(answer(box(0.65, centreY)), { oval: offOval, mirrored: true }).code, "ok");
  assert.equal(faceHint(answer(box(0.65, centreY)), { oval: offOval, mirrored: false }).message,
    "Centre your face in the oval: move a little to your right");
  assert.equal(faceHint(answer(box(0.35, centreY)), { oval: offOval, mirrored: false }).code, "ok");
});

test("faceHint: up and down, cut off, angle and light on the face", () => {
  assert.equal(faceHint(answer(box(0.5, 0.75)), { oval }).message, "Centre your face in the oval: move a little up");
  assert.equal(faceHint(answer(box(0.2, 0.35)), { oval }).message,
    "Centre your face in the oval: move a little to your left and down");
  assert.equal(faceHint(answer(box(0.5, centreY), [{ code: "face_cut_off" }]), { oval }).message, "Centre your face in the oval");
  assert.equal(faceHint(answer(box(0.5, centreY), [{ code: "extreme_angle" }]), { oval }).code, "angle");
  assert.equal(faceHint(answer(box(0.5, centreY), [{ code: "too_dark" }]), { oval }).code, "face_dark");
  assert.equal(faceHint(answer(box(0.5, centreY), [{ code: "too_bright" }]), { oval }).code, "face_bright");
});

test("cameraProblem: getUserMedia's errors by name; the environment before asking", () => {
  const kind = (name) => cameraProblem({ name }).kind;
  assert.deepEqual(["NotAllowedError", "SecurityError"].map(kind), ["denied", "denied"]);
  assert.deepEqual(["NotFoundError", "OverconstrainedError", "NoVideoInput"].map(kind), ["no_camera", "no_camera", "no_camera"]);
  assert.deepEqual(["NotReadableError", "AbortError"].map(kind), ["busy", "busy"]);
  assert.equal(kind("TypeError"), "failed");
  assert.equal(cameraProblem(undefined).kind, "failed");
  assert.match(cameraProblem({ name: "NotAllowedError" }).steps.join(" "), /address bar/);
  assert.equal(environmentProblem({ isSecureContext: false, hasMediaDevices: false }).kind, "insecure");
  assert.equal(environmentProblem({ isSecureContext: true, hasMediaDevices: false }).kind, "unsupported");
  assert.equal(environmentProblem({ isSecureContext: true, hasMediaDevices: true }), null);
});

test("nextShot: the first not done, or the one chosen", () => {
  assert.equal(SHOTS.length, 5);
  assert.equal(nextShot(new Set()), "front");
  assert.equal(nextShot(new Set(["front"])), "left");
  assert.equal(nextShot(new Set(["front"]), "smile"), "smile");
  assert.equal(nextShot(new Set(["front", "smile"]), "smile"), "left");
  assert.equal(nextShot(new Set(SHOTS.map((s) => s.id))), null);
});

test("createSettler: a new value shows only once it has held", () => {
  const settle = createSettler(500);
  assert.equal(settle("a", 0), "a");
  assert.equal(settle("b", 100), "a");
  assert.equal(settle("a", 200), "a"); // the streak of b is broken
  assert.equal(settle("b", 300), "a");
  assert.equal(settle("b", 700), "a");
  assert.equal(settle("b", 800), "b");
  assert.equal(settle("c", 900), "b");
  assert.equal(settle("d", 1000), "b"); // c never held
  assert.equal(settle("d", 1500), "d");
});
