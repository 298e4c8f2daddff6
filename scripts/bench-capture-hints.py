#!/usr/bin/env python3
"""The webcam panel's live-hint loop in a real browser: how many frames a second it looks at (light
and sharpness from a small copy of the preview), and what one look costs. A figure, not a test
(goal: at least 15 frames a second; the loop itself stops at about 20).

    .build-browser-venv/bin/python scripts/bench-capture-hints.py [--seconds 10] [--cpu-slowdown 4]

No server: the page is built here and Public/ is served to it by page.route (under
http://localhost, a secure context, so the camera may be asked for), and the panel's face check is
a stub that answers at once. Chromium (Debian's) runs headless with a fake camera: a 640×480 video
of a face made with ffmpeg from ../shared/testdata/faces/obama-1.jpg when ffmpeg and the photo are
there, else Chromium's own test pattern. --cpu-slowdown N asks Chromium to run N times slower (a
cheap phone is about 4).
"""

import argparse
import mimetypes
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = ROOT / "Public"
FACE = ROOT.parent / "shared" / "testdata" / "faces" / "obama-1.jpg"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/lib/chromium/chromium")
ORIGIN = "http://localhost:8765"  # nothing listens: page.route answers every request

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<link rel="stylesheet" href="/app.css"><link rel="stylesheet" href="/capture.css"></head>
<body><main class="container main"><div id="slot"></div></main>
<script type="module" src="/bench.js"></script></body></html>"""

# The face check is a stub (no server), answering like the real one would for a centred face.
BENCH_JS = """
import { createCameraCapture } from "/js/components/camera-capture.js";
const camera = createCameraCapture({
  onCapture() {}, onUseUpload() {},
  async check() {
    return { success: true, faces: 1, face: { x: 0.39, y: 0.3, width: 0.22, height: 0.3 }, faceShare: 0.22, issues: [] };
  },
});
document.getElementById("slot").append(camera.element);
camera.open();
"""


def serve(route):
    path = route.request.url[len(ORIGIN):].split("?")[0].split("#")[0]
    if path in ("/", "/bench.html"):
        return route.fulfill(status=200, content_type="text/html", body=PAGE)
    if path == "/bench.js":
        return route.fulfill(status=200, content_type="text/javascript", body=BENCH_JS)
    file = (PUBLIC / path.lstrip("/")).resolve()
    if PUBLIC in file.parents and file.is_file():
        ctype = "text/javascript" if file.suffix == ".js" else (mimetypes.guess_type(str(file))[0] or "application/octet-stream")
        return route.fulfill(status=200, content_type=ctype, body=file.read_bytes())
    return route.fulfill(status=404, body="not found")


def face_video(tmp):
    """A 3-second 640×480 y4m of the test face (Chromium loops it), or None without ffmpeg/photo."""
    if not shutil.which("ffmpeg") or not FACE.is_file():
        return None
    out = Path(tmp) / "face.y4m"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-loop", "1", "-i", str(FACE), "-t", "3", "-vf",
                    "scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2",
                    "-pix_fmt", "yuv420p", str(out)], check=True)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--cpu-slowdown", type=float, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        video = face_video(tmp)
        flags = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
        if video:
            flags.append(f"--use-file-for-fake-video-capture={video}")
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=flags)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        if args.cpu_slowdown > 1:
            page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": args.cpu_slowdown})
        page.route(f"{ORIGIN}/**", serve)
        page.goto(f"{ORIGIN}/bench.html")
        try:
            page.wait_for_selector(".camera__live video", timeout=15000)
        except Exception:
            problem = page.evaluate("() => (document.querySelector('.camera__body') || {}).innerText")
            sys.exit(f"bench-capture-hints: the camera did not start: {problem!r} {errors}")
        page.wait_for_timeout(1500)  # the first second's figure is out, the stream has settled

        samples = []  # one (fps, ms) a second: the panel measures each second itself
        for _ in range(args.seconds):
            page.wait_for_timeout(1000)
            data = page.evaluate("() => ({...document.querySelector('.camera').dataset})")
            samples.append((float(data.get("hintFps") or 0), float(data.get("hintMs") or 0)))
        size = page.evaluate("() => { const v = document.querySelector('video'); return v.videoWidth + 'x' + v.videoHeight; }")
        browser.close()

    fps = [s[0] for s in samples]
    ms = [s[1] for s in samples]
    source = "test face" if video else "Chromium's test pattern"
    slow = f", CPU {args.cpu_slowdown:g}x slower" if args.cpu_slowdown > 1 else ""
    print(f"capture hints: {size}, {statistics.mean(fps):.1f} frames/s over {len(fps)} s (goal >= 15)"
          f"; slowest second {min(fps):.1f}; one look {statistics.mean(ms):.2f} ms ({source}{slow})")
    if errors:
        print("page errors:", *errors, sep="\n  ")
    sys.exit(0 if statistics.mean(fps) >= 15 and not errors else 1)


if __name__ == "__main__":
    main()
