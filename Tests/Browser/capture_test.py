"""The webcam panel on "New persona", end to end, in a real Chromium with a fake camera.

Run by scripts/browser-test.sh. Chromium's fake capture device plays a .y4m made here with ffmpeg
from a shared test face (never copied into the repository) with a red bar drawn down the frame's
LEFT side, so that the side a photo shows it on says whether it was mirrored.

(a) Five photos taken with the camera: the live preview is mirrored (the video's computed
    transform), each photo joins the draft as it is taken, and the photo the server STORED is not
    mirrored (fetched through its signed url from the draft's answer, decoded with Pillow: the bar
    is on the left). "Upload photos instead", and "Close the camera", turn the camera off: the
    video has no stream left and every track it played has ended.
(b) Camera permission denied (getUserMedia rejects with NotAllowedError): the panel says so and
    the upload path is one click away ("Upload photos instead" closes it and focuses the file
    input); on a phone (touch) a second input opens the device's camera app (`capture="user"`),
    on a desktop there is none.
(c) A stranger's photo among six of one person: the "looks like someone else" question shows
    before anything is built; it is removed, the persona built, and its portraits arrive: Ready.

Every screen is scanned with axe-core, checked at 390×844 for sideways scrolling, and saved to
--shots. Any uncaught page error, console error, failed request or unexpected HTTP error fails it.
"""

import argparse
import io
import random
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

from PIL import Image, ImageDraw, ImageOps
from playwright.sync_api import Page, expect, sync_playwright

from onboarding_support import DESKTOP, PHONE, PageWatch, run_steps, scan, sign_up
from web_page_test import (
    Failure, check, make_photos, open_new_persona, remove_all, thumb_states, wait_for_portraits, wait_verdicts,
)

FRAME = (640, 480)
BAR = 110  # px: the red bar down the left side of the camera's frame
DRAFT_KEY = "inflio.draftPersonaId"
SHOTS = 5
PLAYING = "() => { const v = document.querySelector('#camera-slot video'); return v && v.videoWidth > 0 && !v.paused; }"

DENY_CAMERA = """
if (navigator.mediaDevices) {
  navigator.mediaDevices.getUserMedia = () =>
    Promise.reject(new DOMException("Permission denied", "NotAllowedError"));
}
"""


def make_y4m(face: Path, work: Path) -> Path:
    """A two-second clip of one still frame: the face in the middle, a red bar down the left."""
    work.mkdir(parents=True, exist_ok=True)
    frame = Image.new("RGB", FRAME, (128, 128, 128))
    with Image.open(face) as image:
        picture = ImageOps.exif_transpose(image).convert("RGB")
    picture.thumbnail((FRAME[0] - 2 * BAR, FRAME[1]))
    frame.paste(picture, ((FRAME[0] - picture.width) // 2, (FRAME[1] - picture.height) // 2))
    ImageDraw.Draw(frame).rectangle([0, 0, BAR - 1, FRAME[1] - 1], fill=(220, 20, 20))
    still = work / "camera-frame.png"
    frame.save(still)
    y4m = work / "camera.y4m"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-loop", "1", "-i", str(still), "-t", "2", "-r", "10",
                    "-pix_fmt", "yuv420p", str(y4m)], check=True)
    return y4m


def red_side(jpeg: bytes) -> str:
    """Which side of a photo the red bar is on: 'left', 'right' or 'none'."""
    with Image.open(io.BytesIO(jpeg)) as image:
        rgb = image.convert("RGB")
    w, h = rgb.size
    strip = max(4, int(w * (BAR / FRAME[0]) * 0.6))

    def redness(box):
        r, g, b = [sum(band) / len(band) for band in zip(*rgb.crop(box).getdata())]
        return r - (g + b) / 2

    left, right = redness((0, 0, strip, h)), redness((w - strip, 0, w, h))
    if left > 100 and right < 40:
        return "left"
    if right > 100 and left < 40:
        return "right"
    return f"none (left {left:.0f}, right {right:.0f})"


class CaptureWatch(PageWatch):
    """PageWatch, and also: a face check the panel cancels when it closes is not a failure."""

    def _failed(self, request):
        if "/api/capture/check" in request.url and "ERR_ABORTED" in (request.failure or ""):
            return
        super()._failed(request)


class Capture:
    def __init__(self, browser, args, photos):
        self.args, self.photos = args, photos
        self.base = args.base_url
        self.shots = Path(args.shots)
        self.browser = browser
        self.context = browser.new_context(viewport=DESKTOP)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.watch = CaptureWatch(self.page)

    def shot(self, name: str, page: Page = None):
        """axe, no sideways scrolling at 390×844, and screenshots (desktop and phone)."""
        page = page or self.page
        scan(page, name)
        page.evaluate("() => window.scrollTo(0, 0)")  # the sticky header at its place in a full-page shot
        page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)
        size = page.viewport_size
        page.set_viewport_size(PHONE)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - Math.min(window.innerWidth, screen.width)")
        check(overflow <= 0, f"phone, {name}: {overflow} px of horizontal overflow")
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=str(self.shots / f"{name}-phone.png"), full_page=True)
        page.set_viewport_size(size)

    def draft(self, page: Page = None) -> dict:
        page = page or self.page
        draft_id = page.evaluate("k => sessionStorage.getItem(k)", DRAFT_KEY)
        check(draft_id, "no draft in this tab's storage")
        answer = page.request.get(f"{self.base}/api/personas/{draft_id}/photos")
        check(answer.ok, f"GET the draft answered HTTP {answer.status}")
        return answer.json()["draft"]

    # ------------------------------------------------------------ (a)
    def sign_up(self):
        sign_up(self.page, self.base, f"capture-{random.randrange(10**9)}@example.com")
        open_new_persona(self.page)
        self.page.fill("#persona-name", "Camera test")
        check(self.page.locator("#photo-capture-input").count() == 0, "a desktop got the phone's camera-app input")
        check(self.page.get_attribute("#photo-input", "capture") is None, "the main file input has `capture`")

    def camera_opens(self):
        button = self.page.locator("button[aria-controls=camera-slot]")
        expect(button).to_have_text("Take photos with your camera")
        button.click()
        expect(button).to_have_attribute("aria-expanded", "true")
        expect(button).to_have_text("Close the camera")
        video = self.page.locator("#camera-slot video.camera__video")
        expect(video).to_be_visible()
        self.page.wait_for_function(PLAYING, timeout=15_000)
        transform = video.evaluate("v => getComputedStyle(v).transform")
        check(transform.replace(" ", "") == "matrix(-1,0,0,1,0,0)", f"the preview is not mirrored: transform {transform}")
        # The panel sits above the thumbnails, inside the photos section.
        order = self.page.evaluate("""() => {
            const slot = document.getElementById('camera-slot'), grid = document.querySelector('.draft-grid');
            return !!(slot.compareDocumentPosition(grid) & Node.DOCUMENT_POSITION_FOLLOWING);
        }""")
        check(order, "the camera panel is not above the thumbnails")
        self.shot("camera-open")

    def five_photos(self):
        shutter = self.page.locator("#camera-slot").get_by_role("button", name="Take photo")
        for n in range(1, SHOTS + 1):
            shutter.click()
            expect(self.page.locator(".draft-grid .thumb")).to_have_count(n)
        wait_verdicts(self.page, SHOTS)
        names = sorted(thumb_states(self.page))
        check(names == [f"camera-{n}.jpg" for n in range(1, SHOTS + 1)], f"the captures' thumbnails: {names}")
        # Every capture was analysed: a face found in each (the same still, so duplicates are fine).
        states = thumb_states(self.page)
        check(not any(s == "No face found" for s in states.values()), f"a capture had no face: {states}")
        self.shot("camera-photos")

    def stored_not_mirrored(self):
        draft = self.draft()
        check(draft["photoCount"] == SHOTS, f"the draft holds {draft['photoCount']} photos, not {SHOTS}")
        for photo in draft["photos"]:
            answer = self.page.request.get(urljoin(self.base + "/", photo["url"]))
            check(answer.ok, f"{photo['fileName']}: its signed url answered HTTP {answer.status}")
            side = red_side(answer.body())
            check(side == "left", f"{photo['fileName']}: the stored photo's bar is {side}, not on the left (mirrored?)")

    def hold_camera(self):
        """Keeps the live preview's video and its tracks in the page, to check them once it closes."""
        live = self.page.evaluate("""() => { const video = document.querySelector('#camera-slot video');
            window.__camera = { video, tracks: video.srcObject ? video.srcObject.getTracks() : [] };
            return window.__camera.tracks.filter(t => t.readyState === 'live').length; }""")
        check(live > 0, "no live camera track to watch")

    def check_camera_off(self, how: str):
        """Really off: no stream left on the video, every track it had ended."""
        state = self.page.evaluate("() => ({ stream: !!__camera.video.srcObject, tracks: __camera.tracks.map(t => t.readyState) })")
        check(not state["stream"] and set(state["tracks"]) == {"ended"}, f"{how}: the camera is still on: {state}")

    def use_upload_and_clear(self):
        """The panel's way out closes it, the camera off, and focuses the file input; "Close the
        camera" turns it off too; Remove all ends the draft."""
        self.hold_camera()
        self.page.locator("#camera-slot").get_by_role("button", name="Upload photos instead").click()
        expect(self.page.locator("#camera-slot")).to_be_hidden()
        self.page.wait_for_function("() => document.activeElement && document.activeElement.id === 'photo-input'")
        self.check_camera_off("Upload photos instead")
        button = self.page.locator("button[aria-controls=camera-slot]")
        button.click()
        self.page.wait_for_function(PLAYING)
        self.hold_camera()
        button.click()
        expect(button).to_have_text("Take photos with your camera")
        expect(self.page.locator("#camera-slot")).to_be_hidden()
        self.check_camera_off("Close the camera")
        with self.page.expect_response(lambda r: r.request.method == "DELETE" and "/api/personas/" in r.url):
            remove_all(self.page)
        expect(self.page.locator(".draft-grid .thumb")).to_have_count(0)

    # ------------------------------------------------------------ (b)
    def permission_denied(self):
        context = self.browser.new_context(viewport=DESKTOP, storage_state=self.context.storage_state())
        try:
            page = context.new_page()
            page.set_default_timeout(15_000)
            watch = CaptureWatch(page)
            page.add_init_script(DENY_CAMERA)
            page.goto(self.base + "/#/new")
            expect(page.locator("#persona-name")).to_be_visible()
            page.get_by_role("button", name="Take photos with your camera").click()
            problem = page.locator("#camera-slot [data-problem]")
            expect(problem).to_be_visible()
            expect(problem).to_have_attribute("data-problem", "denied")
            self.shot("camera-denied", page)
            page.locator("#camera-slot").get_by_role("button", name="Upload photos instead").click()
            expect(page.locator("#camera-slot")).to_be_hidden()
            page.wait_for_function("() => document.activeElement && document.activeElement.id === 'photo-input'")
            watch.assert_clean("permission denied")
        finally:
            context.close()

    def phone_camera_app(self):
        context = self.browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                           storage_state=self.context.storage_state())
        try:
            page = context.new_page()
            watch = CaptureWatch(page)
            page.goto(self.base + "/#/new")
            expect(page.locator("#persona-name")).to_be_visible()
            phone_input = page.locator("#photo-capture-input")
            expect(phone_input).to_have_attribute("capture", "user")
            check(page.get_attribute("#photo-input", "capture") is None, "the main file input has `capture` on a phone")
            expect(page.locator("label[for=photo-capture-input]")).to_be_visible()
            page.screenshot(path=str(self.shots / "new-persona-touch-phone.png"), full_page=True)
            watch.assert_clean("phone")
        finally:
            context.close()

    # ------------------------------------------------------------ (c)
    def stranger(self):
        faces = Path(self.args.photos)
        self.page.set_input_files("#photo-input", [str(p) for p in self.photos[:3]] + [str(faces / "biden-1.jpg")]
                                  + [str(p) for p in self.photos[3:]])
        wait_verdicts(self.page, len(self.photos) + 1)
        stranger = self.page.locator(".draft-grid .thumb", has=self.page.locator(".thumb__name", has_text="biden-1.jpg"))
        expect(stranger.locator(".thumb__question")).to_contain_text("This one looks like someone else — remove it?")
        expect(stranger.locator(".thumb__state")).to_contain_text("Someone else")
        others = {k: v for k, v in thumb_states(self.page).items() if k != "biden-1.jpg"}
        check(all(v.startswith("Usable") for v in others.values()), f"the person's own photos: {others}")
        build = self.page.locator("form.create-form button[type=submit]")
        expect(build).to_have_text(f"Build persona from {len(self.photos)} photos")
        expect(self.page.locator("#build-reason")).to_contain_text("1 photo can't be used and will be left out")
        self.shot("stranger-question")
        stranger.locator(".thumb__question").get_by_role("button", name="Remove biden-1.jpg").click()
        expect(stranger).to_have_count(0)
        wait_verdicts(self.page, len(self.photos))
        check(self.draft()["otherPeople"] == [], "the draft still has someone else's photo")
        expect(self.page.locator("#build-reason")).to_be_hidden()
        build.click()
        self.page.wait_for_url("**/#/personas/*", timeout=60_000)
        expect(self.page.locator("h1.page-title")).to_have_text("Camera test")
        wait_for_portraits(self.page)


def run(args) -> None:
    shots = Path(args.shots)
    shots.mkdir(parents=True, exist_ok=True)
    work = Path(args.work_dir)
    photos = make_photos(Path(args.photos), work)
    y4m = make_y4m(Path(args.photos) / "obama-1.jpg", work)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium, headless=True,
            args=["--no-sandbox", "--disable-dev-shm-usage", "--use-fake-ui-for-media-stream",
                  "--use-fake-device-for-media-stream", f"--use-file-for-fake-video-capture={y4m}"])
        try:
            capture = Capture(browser, args, photos)
            steps = [(name, getattr(capture, name)) for name in (
                "sign_up", "camera_opens", "five_photos", "stored_not_mirrored", "use_upload_and_clear",
                "permission_denied", "phone_camera_app", "stranger")]
            run_steps("capture", capture.page, capture.watch, steps, args, name="capture-test")
        finally:
            browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--chromium", required=True, help="the Chromium binary Playwright launches")
    parser.add_argument("--photos", required=True, help="the folder of sample faces")
    parser.add_argument("--work-dir", required=True, help="a scratch folder for the made-up photos and the clip")
    parser.add_argument("--shots", required=True, help="where each screen's screenshots go (desktop and phone)")
    args = parser.parse_args()
    try:
        run(args)
    except Failure as failure:
        print(f"capture-test: FAILED {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
