// Live hints for the webcam panel, as pure functions (no DOM): how bright and how sharp a frame is,
// from its RGBA pixels, and what the server's face check (POST /api/capture/check) means for the
// person framing themselves. The panel (components/camera-hints-view.js) feeds it small frames.
//
//   lumaOf(rgba, width, height, region?) → {luma: Float32Array, width, height}   (Rec. 601)
//   brightnessVerdict(luma) → {tone: "too_dark"|"too_bright"|"ok", mean, darkShare, brightShare, message}
//   sharpnessVerdict(luma, width, height) → {tone: "blurry"|"ok"|"unknown", score, message}
//   frameHints(rgba, width, height, {region}?) → {brightness, sharpness}
//   framingOval(width, height) → {cx, cy, rx, ry}      the guide, as fractions of the shown frame
//   ovalRegion(oval, {mirrored}) → its box in the camera's frame; hintFrameSize(videoW, videoH)
//   faceHint(answer, {oval, mirrored}) → {tone: "ok"|"warning"|"none", code, message}
//
// Nothing here detects faces: faces come only from the server's answer.

// Rec. 601 weights, the ones the server's analysis uses (Sources/Imaging/RGBImage.swift), so "too
// dark" means the same on both sides.
export const LUMA_WEIGHTS = Object.freeze({ r: 0.299, g: 0.587, b: 0.114 });

// Brightness, on the part of the frame inside the oval's box (where the face should be, so a dark
// jumper or a bright wall at the edges does not decide). A pixel at or below CLIP_DARK is crushed
// black, at or above CLIP_BRIGHT blown white: detail there is gone, whatever the mean says.
export const CLIP_DARK = 16;
export const CLIP_BRIGHT = 245;
export const DARK_MEAN = 60;          // the server's face bar is 65, on the face alone
export const BRIGHT_MEAN = 200;       // the server's is 205
export const MAX_DARK_SHARE = 0.4;
export const MAX_BRIGHT_SHARE = 0.25; // e.g. a window behind the head

// Sharpness score: the variance of the 3×3 Laplacian of luma (the server's kernel, 4-neighbour)
// divided by the mean squared gradient. Both grow with the square of the contrast, so the ratio does
// not (a dim, flat-lit face is not "blurry"); and both are zero on flat areas, so unlike a ratio to
// the luma variance it does not depend on how much of the region is plain wall (on the test photos
// that ratio gave a sharp frame the same score as another one blurred by σ = 4 px). What is left
// measures how narrow the edges are.
// Calibrated on ../shared/testdata/faces as 640×480 camera frames, Gaussian-blurred, shrunk to
// 240×180 (the analysis size), scored inside the oval: sharp 1.9–2.9, σ = 1 px 1.4–2.0,
// σ = 2 px 0.86–1.2, σ = 3 px 0.57–0.82, σ = 4 px 0.41–0.59. So "blurry" is about σ ≥ 2.5 px at
// 640×480, and a sharp frame has twice the bar to spare. The score depends on the analysis size:
// HINT_FRAME_SIDE (the shorter side, in pixels) and BLURRY_BELOW go together.
export const HINT_FRAME_SIDE = 180;
export const BLURRY_BELOW = 0.9;
// Below this mean squared gradient (an RMS step of 2 luma levels per pixel) there is nothing to
// judge focus on: a covered lens, a blank wall. Heavily blurred faces still score 40+.
export const MIN_EDGE_ENERGY = 4;

const MESSAGES = {
  too_dark: "Too dark: face a window or a lamp",
  crushed: "Deep shadows: turn toward the light, or add a lamp in front of you",
  too_bright: "Too bright: step out of direct sun or turn the light down",
  blown: "Bright light behind or beside you: turn so the light falls on your face",
  light_ok: "Light looks good",
  blurry: "Blurry: hold still, and wipe the camera lens",
  sharp: "Image is sharp",
  unknown: "Nothing in view to focus on yet",
};

/**
 * The luma (0–255) of an RGBA pixel array (ImageData.data), optionally of a region only, given as
 * fractions {x, y, width, height} of the frame (clamped to it).
 */
export function lumaOf(rgba, width, height, region = null) {
  const box = pixelBox(width, height, region);
  const luma = new Float32Array(box.width * box.height);
  const { r, g, b } = LUMA_WEIGHTS;
  let k = 0;
  for (let y = box.y; y < box.y + box.height; y += 1) {
    let j = (y * width + box.x) * 4;
    for (let x = 0; x < box.width; x += 1, j += 4) luma[k++] = r * rgba[j] + g * rgba[j + 1] + b * rgba[j + 2];
  }
  return { luma, width: box.width, height: box.height };
}

function pixelBox(width, height, region) {
  if (!region) return { x: 0, y: 0, width, height };
  const x0 = Math.max(0, Math.floor(region.x * width));
  const y0 = Math.max(0, Math.floor(region.y * height));
  const x1 = Math.min(width, Math.ceil((region.x + region.width) * width));
  const y1 = Math.min(height, Math.ceil((region.y + region.height) * height));
  // Never smaller than 3×3, or there is no Laplacian to take.
  if (x1 - x0 < 3 || y1 - y0 < 3) return { x: 0, y: 0, width, height };
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

export function brightnessVerdict(luma) {
  const n = luma.length || 1;
  let sum = 0;
  let dark = 0;
  let bright = 0;
  for (const v of luma) {
    sum += v;
    if (v <= CLIP_DARK) dark += 1;
    else if (v >= CLIP_BRIGHT) bright += 1;
  }
  const mean = sum / n;
  const darkShare = dark / n;
  const brightShare = bright / n;
  let tone = "ok";
  let message = MESSAGES.light_ok;
  // The mean first: a frame that is dark overall is "too dark" even with a bright lamp in view.
  if (mean < DARK_MEAN) [tone, message] = ["too_dark", MESSAGES.too_dark];
  else if (mean > BRIGHT_MEAN) [tone, message] = ["too_bright", MESSAGES.too_bright];
  else if (brightShare > MAX_BRIGHT_SHARE) [tone, message] = ["too_bright", MESSAGES.blown];
  else if (darkShare > MAX_DARK_SHARE) [tone, message] = ["too_dark", MESSAGES.crushed];
  return { tone, mean, darkShare, brightShare, message };
}

/** The raw score (see BLURRY_BELOW) and the mean squared gradient it was divided by. */
export function sharpnessScore(luma, width, height) {
  let lapSum = 0;
  let lapSquares = 0;
  let gradient = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y += 1) {
    for (let x = 1; x < width - 1; x += 1) {
      const i = y * width + x;
      const left = luma[i - 1];
      const right = luma[i + 1];
      const up = luma[i - width];
      const down = luma[i + width];
      const lap = left + right + up + down - 4 * luma[i];
      lapSum += lap;
      lapSquares += lap * lap;
      const gx = (right - left) / 2;
      const gy = (down - up) / 2;
      gradient += gx * gx + gy * gy;
      n += 1;
    }
  }
  if (n === 0) return { score: null, edgeEnergy: 0 };
  const lapMean = lapSum / n;
  const edgeEnergy = gradient / n;
  if (edgeEnergy < MIN_EDGE_ENERGY) return { score: null, edgeEnergy };
  return { score: (lapSquares / n - lapMean * lapMean) / edgeEnergy, edgeEnergy };
}

export function sharpnessVerdict(luma, width, height) {
  const { score } = sharpnessScore(luma, width, height);
  if (score === null) return { tone: "unknown", score, message: MESSAGES.unknown };
  return score < BLURRY_BELOW
    ? { tone: "blurry", score, message: MESSAGES.blurry }
    : { tone: "ok", score, message: MESSAGES.sharp };
}

/** Both verdicts for one frame; `region` (fractions) limits them to where the face should be. */
export function frameHints(rgba, width, height, { region = null } = {}) {
  const { luma, width: w, height: h } = lumaOf(rgba, width, height, region);
  return { brightness: brightnessVerdict(luma), sharpness: sharpnessVerdict(luma, w, h) };
}

// The framing guide: an upright oval for the whole head (crown to chin), a little above the middle
// (room for the neck and shoulders), as fractions of the frame. Its height is OVAL_HEIGHT of the
// frame's, its width OVAL_ASPECT of its height, but never more than OVAL_MAX_WIDTH of the frame's
// width (portrait phone streams). A head that fills it makes a close head-and-shoulders photo.
export const OVAL_HEIGHT = 0.68;
export const OVAL_ASPECT = 0.75;
export const OVAL_MAX_WIDTH = 0.8;
export const OVAL_CENTRE_Y = 0.45;

export function framingOval(width, height) {
  let ry = (OVAL_HEIGHT / 2) * height;
  let rx = OVAL_ASPECT * ry;
  if (2 * rx > OVAL_MAX_WIDTH * width) {
    rx = (OVAL_MAX_WIDTH / 2) * width;
    ry = rx / OVAL_ASPECT;
  }
  return { cx: 0.5, cy: OVAL_CENTRE_Y, rx: rx / width, ry: ry / height };
}

/** The oval's bounding box in the camera's frame, as a `region` for frameHints. */
export function ovalRegion(oval, { mirrored = true } = {}) {
  const x = oval.cx - oval.rx;
  return { x: mirrored ? 1 - x - 2 * oval.rx : x, y: oval.cy - oval.ry, width: 2 * oval.rx, height: 2 * oval.ry };
}

/** The analysis frame for a video of this size: shorter side HINT_FRAME_SIDE, never enlarged. */
export function hintFrameSize(videoWidth, videoHeight) {
  const scale = Math.min(1, HINT_FRAME_SIDE / Math.max(1, Math.min(videoWidth, videoHeight)));
  return { width: Math.max(3, Math.round(videoWidth * scale)), height: Math.max(3, Math.round(videoHeight * scale)) };
}

// The face box is the server's detector's: from just above the brows to the chin, cheek to cheek.
// Measured on its answers for five of ../shared/testdata/faces as 640×480 frames, the box is
// 0.63–0.71 of the head's height (crown, hair included, to chin) and its top 0.29–0.37 of the way
// down. So for a head that fills the oval the box is ~0.68 of the oval's height, its centre about
// FACE_DROP of the oval's half-height below the oval's centre. "Move closer" below FACE_MIN_HEIGHT
// of the oval's height (the head under ~2/3 of the oval), "move back" above FACE_MAX_HEIGHT (the
// head a third taller than the oval); off-centre by more than CENTRE_TOLERANCE_X of the oval's
// half-width, or CENTRE_TOLERANCE_Y of its half-height.
export const FACE_MIN_HEIGHT = 0.45;
export const FACE_MAX_HEIGHT = 0.9;
export const FACE_DROP = 0.3;
export const CENTRE_TOLERANCE_X = 0.35;
export const CENTRE_TOLERANCE_Y = 0.3;

const issueCodes = (answer) => new Set((answer.issues || []).map((issue) => issue && issue.code));

/**
 * The face hint from the server's check answer {faces, face: {x, y, width, height} | null,
 * faceShare, issues}. The face box is in the camera's own (unmirrored) frame; `oval` is in the
 * frame as shown, mirrored when `mirrored`. Left and right are the person's own: in a mirrored
 * preview that is also the side of the screen they should move toward.
 */
export function faceHint(answer, { oval = framingOval(4, 3), mirrored = true } = {}) {
  if (!answer) return { tone: "none", code: "checking", message: "Checking for your face…" };
  const codes = issueCodes(answer);
  const faces = Number(answer.faces) || 0;
  const face = answer.face;
  if (faces === 0 || !face || codes.has("no_face")) {
    return { tone: "warning", code: "no_face", message: "No face yet: look into the camera" };
  }
  if (faces > 1 || codes.has("multiple_faces")) {
    return { tone: "warning", code: "multiple_faces", message: "Only you in the frame, please" };
  }
  const ovalHeight = 2 * oval.ry; // fractions of the frame's height, like face.height
  if (codes.has("face_too_small") || face.height < FACE_MIN_HEIGHT * ovalHeight) {
    return { tone: "warning", code: "move_closer", message: "Move closer" };
  }
  if (face.height > FACE_MAX_HEIGHT * ovalHeight) {
    return { tone: "warning", code: "move_back", message: "Move back a little" };
  }
  // Where the oval's centre is in the camera's frame.
  const targetX = mirrored ? 1 - oval.cx : oval.cx;
  const targetY = oval.cy + FACE_DROP * oval.ry;
  const dx = face.x + face.width / 2 - targetX;
  const dy = face.y + face.height / 2 - targetY;
  const offX = Math.abs(dx) > CENTRE_TOLERANCE_X * oval.rx;
  const offY = Math.abs(dy) > CENTRE_TOLERANCE_Y * oval.ry;
  if (offX || offY || codes.has("face_cut_off")) {
    // The camera faces the person: their right side is on the left of its frame, so moving to
    // their right moves the face toward x = 0. A face right of the target (dx > 0) must go right.
    const ways = [];
    if (offX) ways.push(dx > 0 ? "to your right" : "to your left");
    if (offY) ways.push(dy > 0 ? "up" : "down");
    const message = ways.length
      ? `Centre your face in the oval: move a little ${ways.join(" and ")}`
      : "Centre your face in the oval";
    return { tone: "warning", code: "centre", message, dx, dy };
  }
  if (codes.has("extreme_angle")) {
    return { tone: "warning", code: "angle", message: "Turn a little back toward the camera" };
  }
  if (codes.has("too_dark")) {
    return { tone: "warning", code: "face_dark", message: "Your face is in shadow: turn toward the light" };
  }
  if (codes.has("too_bright")) {
    return { tone: "warning", code: "face_bright", message: "Your face is washed out: move out of the direct light" };
  }
  return { tone: "ok", code: "ok", message: "Face in the oval: ready" };
}
