"""The content studio (docs/designs.md) in a real Chromium: a new user with a ready persona (made
through the API with the page's session) opens "Create" from the header, asks for a YouTube
thumbnail, watches version 1 in the making (the server holds each render back with
INFLIO_LOCAL_LATENCY) before its picture arrives at 16:9, refines it once ("more dramatic
lighting") into v2, compares v1 and v2 side by side, is told clearly that "add a hat" cannot be
done (and no version is made), finalizes v2 and downloads it as PNG, JPEG and WebP, each file the
format it says at 1280×720. The create form, the design page with two versions and the comparison
are scanned with axe-core and shot at desktop and phone (390 px) sizes, with no sideways scrolling
on the phone. Any console error, failed request or unexpected HTTP error fails the test. Run by
scripts/browser-test.sh.
"""

import argparse
import io
import random
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, expect, sync_playwright

from onboarding_support import DESKTOP, PHONE, PageWatch, check, heading_is, run_steps, scan, sign_up
from page_support import Failure, make_photos

PROMPT = "me looking excited about crypto, big bold title 'Bitcoin in 2027'"
TITLE = "Bitcoin in 2027"
FORMAT = "YouTube thumbnail"
SIZE = (1280, 720)
REFINEMENT = "more dramatic lighting"
NOT_UNDERSTOOD = "add a hat"
# A debug build renders and checks the likeness of a 1280×720 picture in a few seconds, plus the
# script's one second of INFLIO_LOCAL_LATENCY.
RENDER_TIMEOUT_MS = 90_000
# Each kind of picture by its first bytes.
MAGIC = {"png": (b"\x89PNG\r\n\x1a\n",), "jpeg": (b"\xff\xd8\xff",), "webp": (b"RIFF",)}
PIL_FORMAT = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}
EXTENSION = {"png": "png", "jpeg": "jpg", "webp": "webp"}

# What the big preview shows, each time it changes: its kind (working, image, failed) and the
# words of its stage overlay; so that "in the making before the picture" is a fact of the page,
# not of how fast the test happened to look.
RECORD_PREVIEW = """
window.__preview = [];
new MutationObserver(() => {
  const frame = document.querySelector('.design-frame--preview');
  if (!frame || !frame.dataset.kind) return;
  const stage = frame.querySelector('.design-frame__stage');
  const entry = { kind: frame.dataset.kind, stage: stage ? stage.textContent.trim() : '',
                  caption: (document.querySelector('.studio-preview__caption') || {}).textContent || '' };
  const last = window.__preview[window.__preview.length - 1];
  if (!last || last.kind !== entry.kind || last.stage !== entry.stage || last.caption !== entry.caption)
    window.__preview.push(entry);
}).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-kind'] });
"""


class Studio:
    def __init__(self, browser, args):
        self.browser, self.args = browser, args
        self.base = args.base_url
        self.shots = Path(args.shots)
        self.work = Path(tempfile.mkdtemp(prefix="inflio-browser-studio-"))
        self.email = f"studio-{random.randrange(10**9)}@example.com"
        self.context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.page.add_init_script(RECORD_PREVIEW)
        self.watch = PageWatch(self.page)
        self.phone = None
        self.design_id = None

    # ------------------------------------------------------------ helpers
    def shoot(self, name: str, page: Page = None):
        page = page or self.page
        # From the top: a full-page shot of a scrolled page paints the sticky header mid-page.
        page.evaluate("() => window.scrollTo(0, 0)")
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)

    def on_phone(self, hash_: str, name: str, ready):
        """The same screen at 390×844 in a touch context signed in as the same user: no sideways
        scrolling, nothing serious for axe, a full-page screenshot."""
        if self.phone is None:
            context = self.browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                               storage_state=self.context.storage_state())
            self.phone = context.new_page()
            self.phone.set_default_timeout(15_000)
            self.phone_watch = PageWatch(self.phone)
        phone = self.phone
        phone.bring_to_front()
        if phone.url.split("#")[-1] == hash_.lstrip("#"):
            phone.reload()
        else:
            phone.goto(self.base + "/" + hash_)
        ready(phone)
        wide = phone.evaluate("""() => {
            const over = [...document.querySelectorAll('body *')].filter(e => {
                const r = e.getBoundingClientRect();
                return r.width > 0 && (r.right > Math.min(window.innerWidth, screen.width) + 0.5 || r.left < -0.5)
                    && !e.closest('.version-strip, .chat, [hidden]');
            }).slice(0, 3).map(e => e.className || e.tagName);
            return { by: document.documentElement.scrollWidth - Math.min(window.innerWidth, screen.width), over };
        }""")
        check(wide["by"] <= 0, f"phone, {name}: the page scrolls sideways by {wide['by']} px ({wide['over']})")
        scan(phone, f"phone, {name}")
        self.shoot(f"{name}-phone", phone)
        self.phone_watch.assert_clean(f"phone, {name}")
        self.page.bring_to_front()

    def design(self) -> dict:
        answer = self.page.request.get(f"{self.base}/api/designs/{self.design_id}")
        check(answer.ok, f"GET the design: {answer.status}")
        return answer.json().get("design", answer.json())

    def preview(self):
        return self.page.locator(".studio-preview .design-frame--preview")

    def wait_preview_image(self, version: int):
        """The big preview shows version `version`'s finished picture, loaded, at 16:9."""
        caption = self.page.locator(".studio-preview__caption")
        expect(caption).to_contain_text(f"v{version}", timeout=RENDER_TIMEOUT_MS)
        expect(caption).to_contain_text("Ready", timeout=RENDER_TIMEOUT_MS)
        frame = self.preview()
        expect(frame).to_have_attribute("data-kind", "image", timeout=RENDER_TIMEOUT_MS)
        image = frame.locator("img.design-frame__img")
        expect(image).to_have_count(1)
        self.page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=15_000)
        natural = image.evaluate("img => [img.naturalWidth, img.naturalHeight]")
        check(tuple(natural) == SIZE, f"v{version}'s picture is {natural[0]}×{natural[1]}, not {SIZE[0]}×{SIZE[1]}")
        box = frame.bounding_box()
        ratio = box["width"] / box["height"]
        check(abs(ratio - 16 / 9) < 0.02, f"the preview's frame is {box['width']:.0f}×{box['height']:.0f}, not 16:9")
        drawn = image.bounding_box()
        check(abs(drawn["width"] - box["width"]) < 2 and abs(drawn["height"] - box["height"]) < 2,
              f"the picture ({drawn}) does not fill its 16:9 frame ({box})")
        check(image.get_attribute("alt"), "the finished picture has no alt text")

    def in_making_before_picture(self, version: int):
        """What the preview showed since the page loaded: version `version` in the making (its
        stage in words) before its picture."""
        seen = self.page.evaluate("() => window.__preview")
        mine = [e for e in seen if f"v{version}" in e["caption"]]
        kinds = [e["kind"] for e in mine]
        check("working" in kinds and "image" in kinds and kinds.index("working") < kinds.index("image"),
              f"v{version} was not seen in the making before its picture: {mine}")
        stages = [e["stage"] for e in mine if e["kind"] == "working"]
        check(all(stages), f"v{version} was in the making without words for its stage: {mine}")
        return stages

    # ------------------------------------------------------------ the steps
    def sign_up(self):
        sign_up(self.page, self.base, self.email)

    def persona(self):
        """A ready persona through the API, with the session the page signed up with."""
        headers = {"X-Inflio-Request": "1"}
        consent = self.page.request.post(f"{self.base}/api/onboarding/consent", data={"accepted": True},
                                         headers=headers)
        check(consent.ok, f"consent: {consent.status} {consent.text()[:200]}")
        # Built by hand: Playwright's `multipart` takes one value a key, and the photos are all `photos`.
        boundary = "inflio-studio-test"
        fields = {"name": "Studio me", "description": "The face of the crypto channel"}
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in fields.items()]
        photos = make_photos(Path(self.args.photos), self.work / "photos")
        check(len(photos) >= 5, f"only {len(photos)} photos")
        for photo in photos:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; filename="{photo.name}"\r\n'
                         f"Content-Type: image/jpeg\r\n\r\n".encode() + photo.read_bytes() + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        created = self.page.request.post(
            f"{self.base}/api/personas/create?wait=true", data=body, timeout=180_000,
            headers={**headers, "Content-Type": f"multipart/form-data; boundary={boundary}"})
        check(created.status == 201, f"persona: {created.status} {created.text()[:300]}")
        persona = created.json()["persona"]
        check(persona["status"] == "ready", f"the persona is {persona['status']}, not ready")

    def create_form(self):
        self.page.locator("#header-nav").get_by_role("link", name="Create", exact=True).click()
        heading_is(self.page, "Create")
        expect(self.page.locator("#header-nav a[data-nav='studio']")).to_have_attribute("aria-current", "page")
        form = self.page.locator("form.studio-form")
        expect(form.locator(".format-option")).to_have_count(6)
        expect(form).to_contain_text("With your persona “Studio me”.")
        expect(form.get_by_role("button", name="Create")).to_be_enabled()
        expect(self.page.locator(".design-list")).to_be_visible()
        scan(self.page, "the create form")
        self.shoot("create-form")
        self.on_phone("#/studio", "create-form", lambda p: (
            expect(p.locator("h1.page-title")).to_have_text("Create"),
            expect(p.locator(".format-option")).to_have_count(6),
            expect(p.locator(".studio-form")).to_contain_text("With your persona")))

    def create(self):
        form = self.page.locator("form.studio-form")
        form.get_by_label("What should it show?").fill(PROMPT)
        form.locator(".format-option", has_text=FORMAT).click()
        expect(form.get_by_role("radio", name=FORMAT)).to_be_checked()
        form.get_by_role("button", name="Create").click()
        self.page.wait_for_url("**/#/studio/*", timeout=15_000)
        self.design_id = self.page.url.split("#/studio/")[1]
        heading_is(self.page, TITLE)
        expect(self.page.locator(".studio-head .page-sub")).to_contain_text("YouTube thumbnail · 1280×720")
        # Still being made when the page opened: the stage in words on the preview, then the picture.
        self.wait_preview_image(1)
        stages = self.in_making_before_picture(1)
        print(f"studio-test: v1 in the making said {stages}", flush=True)
        panel = self.page.locator(".studio-panel")
        expect(panel).to_contain_text(f"Title “{TITLE}” drawn as written")
        expect(panel).to_contain_text("Layout renderer · $0.00")
        expect(self.page.locator(".version-strip__item")).to_have_count(1)
        design = self.design()
        check(design["format"] == "youtube-thumbnail" and design["title"] == TITLE and design["prompt"] == PROMPT,
              f"the design stored: {design['format']}, {design['title']!r}, {design['prompt']!r}")
        check([v["state"] for v in design["versions"]] == ["ready"], f"the versions: {design['versions']}")

    def refine(self):
        chat = self.page.locator(".studio-chat")
        send = chat.get_by_role("button", name="Send")
        expect(send).to_be_enabled()
        chat.get_by_label("What should change?").fill(REFINEMENT)
        send.click()
        # v2 shows in the strip at once, in the making, then ready and current.
        expect(self.page.locator(".version-strip__item")).to_have_count(2, timeout=15_000)
        self.wait_preview_image(2)
        stages = self.in_making_before_picture(2)
        print(f"studio-test: v2 in the making said {stages}", flush=True)
        expect(self.page.locator(".studio-preview__caption")).to_contain_text("current")
        expect(chat.locator(".chat__turn")).to_have_count(2)
        expect(chat.locator(".chat__turn").nth(1)).to_contain_text(REFINEMENT)
        # The answer shows where it was asked: v2's picture under the studio's reply.
        expect(chat.locator(".chat__turn").nth(1).locator("img.chat__picture")).to_have_attribute("alt", "v2")
        # The log follows its end: the newest reply, picture and all, in sight without scrolling.
        self.page.wait_for_function("""() => { const log = document.querySelector('.studio-chat .chat');
            return log.scrollHeight - log.scrollTop - log.clientHeight < 2; }""", timeout=5_000)
        expect(chat.get_by_label("What should change?")).to_have_value("")
        design = self.design()
        check(design["currentVersion"] == 2 and [v["state"] for v in design["versions"]] == ["ready", "ready"],
              f"after the refinement: current v{design['currentVersion']}, {[v['state'] for v in design['versions']]}")
        check(REFINEMENT in design["versions"][1]["effectivePrompt"], "v2's effective prompt lacks the instruction")
        # The strip's thumbnails, both loaded.
        self.page.wait_for_function("""() => [...document.querySelectorAll('.version-strip img')]
            .filter(i => i.complete && i.naturalWidth > 0).length === 2""", timeout=15_000)
        scan(self.page, "the design with two versions")
        self.shoot("design-two-versions")
        self.on_phone(f"#/studio/{self.design_id}", "design-two-versions", self.phone_design_ready)

    def phone_design_ready(self, phone: Page, versions: int = 2):
        expect(phone.locator("h1.page-title")).to_have_text(TITLE)
        expect(phone.locator(".version-strip__item")).to_have_count(versions)
        expect(phone.locator(".design-frame--preview")).to_have_attribute("data-kind", "image")
        phone.wait_for_function("""() => [...document.querySelectorAll('.design-frame img')]
            .every(i => i.complete && i.naturalWidth > 0)""", timeout=15_000)

    def compare(self):
        strip = self.page.locator(".studio-versions")
        compare = self.page.locator("section.compare")
        expect(compare).to_be_hidden()
        strip.get_by_role("checkbox", name="Compare v1").check()
        expect(strip).to_contain_text("Tick one more to compare.")
        strip.get_by_role("checkbox", name="Compare v2").check()
        expect(compare).to_be_visible()
        figures = compare.locator("figure.compare__item")
        expect(figures).to_have_count(2)
        expect(figures.nth(0)).to_contain_text("v1 · Created")
        expect(figures.nth(1)).to_contain_text("v2 · Refined")
        expect(figures.nth(1)).to_contain_text(f"“{REFINEMENT}”")
        self.page.wait_for_function("""() => [...document.querySelectorAll('.compare__item img')]
            .filter(i => i.complete && i.naturalWidth > 0).length === 2""", timeout=15_000)
        # Both measured at once: the comparison scrolls itself into view smoothly as it opens.
        left, right = compare.evaluate("""el => [...el.querySelectorAll('.compare__item .design-frame')].map(f => {
            const r = f.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; })""")
        check(abs(left["y"] - right["y"]) < 1 and left["x"] + left["width"] <= right["x"],
              f"v1 and v2 are not side by side: {left}, {right}")
        for box in (left, right):
            check(abs(box["width"] / box["height"] - 16 / 9) < 0.03, f"a compared picture is not 16:9: {box}")
        sources = compare.locator("img").evaluate_all("imgs => imgs.map(i => i.getAttribute('src'))")
        check(len(set(sources)) == 2 and "/versions/1/" in sources[0] and "/versions/2/" in sources[1],
              f"the comparison shows {sources}")
        scan(self.page, "the comparison")
        compare.scroll_into_view_if_needed()
        self.page.wait_for_timeout(400)  # the smooth scroll
        compare.screenshot(path=str(self.shots / "compare.png"))
        self.shoot("compare-page")

        def phone_compare(phone: Page):
            self.phone_design_ready(phone)
            versions = phone.locator(".studio-versions")
            versions.get_by_role("checkbox", name="Compare v1").check()
            versions.get_by_role("checkbox", name="Compare v2").check()
            expect(phone.locator("figure.compare__item")).to_have_count(2)
            phone.wait_for_function("""() => [...document.querySelectorAll('.compare__item img')]
                .filter(i => i.complete && i.naturalWidth > 0).length === 2""", timeout=15_000)
            phone.locator("section.compare").scroll_into_view_if_needed()
            phone.wait_for_timeout(400)
            phone.locator("section.compare").screenshot(path=str(self.shots / "compare-phone-section.png"))
        self.on_phone(f"#/studio/{self.design_id}", "compare", phone_compare)

        compare.get_by_role("button", name="Close comparison").click()
        expect(compare).to_be_hidden()
        expect(strip.get_by_role("checkbox", name="Compare v1")).not_to_be_checked()

    def not_understood(self):
        """An instruction the offline renderer cannot read: said in words, and no version made."""
        self.watch.expected = set(self.watch.expected) | {(f"/api/designs/{self.design_id}/refine", 422)}
        chat = self.page.locator(".studio-chat")
        field = chat.get_by_label("What should change?")
        field.fill(NOT_UNDERSTOOD)
        with self.page.expect_response(lambda r: r.url.endswith("/refine")) as answer:
            chat.get_by_role("button", name="Send").click()
        check(answer.value.status == 422, f"'{NOT_UNDERSTOOD}' was answered {answer.value.status}")
        code = (answer.value.json().get("error") or {}).get("code")
        check(code == "instruction_not_understood", f"the refusal: {answer.value.text()[:300]}")
        # The answer is a turn of the chat, in sight with the field (it was only under the field,
        # below the fold at 1280 × 800, and went at the next send), and read out as an alert.
        refusal = chat.locator(".chat__turn--refused")
        expect(refusal).to_have_count(1)
        expect(refusal).to_contain_text(NOT_UNDERSTOOD)
        expect(refusal).to_contain_text("Clothing and accessories need a generative image model")
        expect(refusal).to_be_in_viewport()
        expect(field).to_be_in_viewport()
        expect(chat.get_by_role("alert")).to_contain_text("Nothing made. Clothing and accessories")
        expect(chat.get_by_role("button", name="Send")).to_be_enabled()
        # Kept for another try, and nothing made.
        expect(field).to_have_value(NOT_UNDERSTOOD)
        self.page.wait_for_timeout(1_500)  # a version would be queued and announced within this
        expect(self.page.locator(".version-strip__item")).to_have_count(2)
        expect(chat.locator(".chat__turn:not(.chat__turn--refused)")).to_have_count(2)
        design = self.design()
        check(len(design["versions"]) == 2 and design["currentVersion"] == 2,
              f"after '{NOT_UNDERSTOOD}': {len(design['versions'])} versions, current v{design['currentVersion']}")
        scan(self.page, "the refusal")
        # What the person sees, not a full page: a full-page shot lays the page out again, and
        # the chat's own scroll goes back to its top (v1), the refusal out of the picture.
        self.page.screenshot(path=str(self.shots / "not-understood.png"))
        field.fill("")

    def many_versions(self):
        """Five versions on a phone: the strip scrolls inside its column (it had widened the page to
        580 px on a 390 px phone, the preview running off its right edge)."""
        headers = {"X-Inflio-Request": "1"}
        first = len(self.design()["versions"])
        for count, words in enumerate(["warmer", "brighter", "cooler"], start=first + 1):
            asked = self.page.request.post(f"{self.base}/api/designs/{self.design_id}/refine",
                                           data={"instruction": words}, headers=headers)
            check(asked.status in (200, 201, 202), f"refine '{words}': {asked.status} {asked.text()[:200]}")
            deadline = time.monotonic() + 60
            while True:
                versions = self.design()["versions"]
                if len(versions) == count and all(v["state"] == "ready" for v in versions):
                    break
                check(time.monotonic() < deadline, f"v{count} not ready: {[v['state'] for v in versions]}")
                time.sleep(0.3)

        check(first + 3 >= 5, f"only {first + 3} versions")
        # A fresh phone: the one left on this design meanwhile refetched as the versions came, and
        # reloading it aborted those requests.
        if self.phone is not None:
            self.phone_watch.assert_clean("the phone")
            self.phone.context.close()
            self.phone = None

        def many(phone: Page):
            self.phone_design_ready(phone, versions=first + 3)
        self.on_phone(f"#/studio/{self.design_id}", "design-five-versions", many)

    def finalize(self):
        panel = self.page.locator(".studio-panel")
        expect(panel.locator(".studio-panel__head")).to_contain_text("v2 · Refined")
        panel.get_by_role("button", name="Finalize v2").click()
        expect(panel.locator(".version-tag--final")).to_contain_text("Finalized")
        expect(panel.get_by_role("button", name="Finalize v2")).to_have_count(0)
        expect(self.page.locator(".version-strip__item").nth(1)).to_contain_text("Final")
        check(self.design()["finalizedVersion"] == 2, "v2 is not stored as finalized")

    def downloads(self):
        panel = self.page.locator(".studio-panel")
        expect(panel.locator(".studio-downloads")).to_contain_text("1280×720")
        # The picture at full size, in a tab of its own (the preview is drawn to fit the page).
        with self.page.context.expect_page(timeout=30_000) as opened:
            panel.get_by_role("link", name="Open v2 full size in a new tab").click()
        tab = opened.value
        tab.wait_for_load_state()
        size = tab.evaluate("() => { const i = document.images[0]; return i ? [i.naturalWidth, i.naturalHeight] : null; }")
        check(size == [1280, 720], f"the full-size tab shows {size}")
        tab.close()
        for kind, label in (("png", "PNG"), ("jpeg", "JPEG"), ("webp", "WebP")):
            with self.page.expect_download(timeout=30_000) as info:
                panel.get_by_role("link", name=f"Download v2 as {label}").click()
            download = info.value
            check(download.failure() is None, f"the {label} download failed: {download.failure()}")
            saved = self.work / f"download.{kind}"
            download.save_as(saved)
            data = saved.read_bytes()
            check(data.startswith(MAGIC[kind]), f"the {label} download starts {data[:12]!r}")
            if kind == "webp":
                check(data[8:12] == b"WEBP", f"the WebP download is RIFF but not WEBP: {data[:16]!r}")
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                check(image.format == PIL_FORMAT[kind], f"the {label} download opens as {image.format}")
                check(image.size == SIZE, f"the {label} download is {image.size}, not {SIZE}")
            name = download.suggested_filename
            print(f"studio-test: downloaded {name} ({len(data)} bytes)", flush=True)
            check(name == f"bitcoin-in-2027-youtube-thumbnail-v2.{EXTENSION[kind]}", f"the {label} download is named {name}")

    def run(self):
        steps = [
            ("sign up", self.sign_up),
            ("a ready persona through the API", self.persona),
            ("the create form", self.create_form),
            ("create: in the making, then the picture", self.create),
            ("refine into v2", self.refine),
            ("compare v1 and v2", self.compare),
            ("an instruction not understood", self.not_understood),
            ("finalize", self.finalize),
            ("download PNG, JPEG, WebP", self.downloads),
            ("five versions on a phone", self.many_versions),
        ]
        try:
            run_steps("studio", self.page, self.watch, steps, self.args, name="studio-test")
            if self.phone is not None:
                self.phone_watch.assert_clean("the phone")
        finally:
            self.context.close()
            if self.phone is not None:
                self.phone.context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--chromium", required=True, help="the Chromium binary Playwright launches")
    parser.add_argument("--photos", required=True, help="the shared face photos (obama-*.jpg are used)")
    parser.add_argument("--shots", required=True, help="where the screenshots go")
    args = parser.parse_args()
    Path(args.shots).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            Studio(browser, args).run()
        except Failure as failure:
            print(f"studio-test: FAILED {failure}", file=sys.stderr)
            return 1
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
