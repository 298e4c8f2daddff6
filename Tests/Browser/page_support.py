"""Helpers the browser tests share: checks, the watchdog, the sample photos, the draft's thumbnails.

Kept apart from web_page_test.py so that each test file stays readable; web_page_test.py re-exports
them for the tests that import them from there.
"""

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from PIL import Image, ImageOps
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

# The same person in three distinct shots (see ../shared/testdata/faces/README.md).
OBAMA = ["obama-1.jpg", "obama-2.jpg", "obama-3.jpg"]
# HTTP errors the path provokes on purpose; Chromium logs every 4xx/5xx as a console error, so
# these are the only ones tolerated (see Watchdog). None: a new visitor's page does not ask who is
# signed in (Public/js/session-hint.js), so the first visit has no 401 either.
EXPECTED_HTTP_ERRORS: set = set()

# A thumbnail still working (data-state on .draft-grid .thumb, see Public/js/draft-verdict.js).
WORKING_STATES = ["queued", "uploading", "analysing", "removing", "waiting"]


# Every text the creator's photo live region (#photo-live) is given, in order, per page load.
RECORD_PHOTO_ANNOUNCEMENTS = """
window.__photoSaid = [];
new MutationObserver((mutations) => {
  for (const m of mutations) {
    const node = m.target.nodeType === 1 ? m.target : m.target.parentElement;
    if (node && node.id === "photo-live" && node.textContent.trim()) window.__photoSaid.push(node.textContent.trim());
  }
}).observe(document, { childList: true, subtree: true, characterData: true });
"""


def photo_announcements(page) -> list:
    """What the photo creator told a screen reader since the page loaded (see RECORD_PHOTO_ANNOUNCEMENTS)."""
    return page.evaluate("() => window.__photoSaid || []")


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


# ---------------------------------------------------------------- photos


def make_photos(source: Path, work: Path) -> list[Path]:
    """Six usable photos of one person: the three distinct shots, and each one mirrored.

    The samples hold only three usable shots of anyone and a persona needs five; a mirrored shot
    counts while the set is short, with a note that it is a mirror image (the Swift tests use the
    same trick, TestPhotos.obamaSet).
    """
    work.mkdir(parents=True, exist_ok=True)
    photos = []
    for name in OBAMA:
        original = source / name
        check(original.is_file(), f"missing test photo {original}")
        photos.append(original)
        mirrored = work / f"mirrored-{name}"
        with Image.open(original) as image:
            # Apply EXIF orientation first, so the mirror is of the upright picture.
            ImageOps.mirror(ImageOps.exif_transpose(image).convert("RGB")).save(mirrored, "JPEG", quality=92)
        photos.append(mirrored)
    return photos


# ---------------------------------------------------------------- watching the page


class Watchdog:
    """Collects what must never happen: uncaught page errors, console errors, unexpected HTTP errors."""

    def __init__(self, page: Page, expected=None):
        self.problems: list[str] = []
        self.expected = EXPECTED_HTTP_ERRORS if expected is None else expected
        page.on("pageerror", lambda error: self.problems.append(f"uncaught page error: {error}"))
        page.on("console", self._console)
        page.on("response", self._response)

    def _console(self, message):
        if message.type != "error":
            return
        # "Failed to load resource" repeats an HTTP error; _response judges those by URL and status.
        if message.text.startswith("Failed to load resource"):
            return
        self.problems.append(f"console error: {message.text} ({message.location.get('url', '')})")

    def _response(self, response):
        if response.status < 400:
            return
        path = "/" + response.url.split("/", 3)[-1].split("?")[0]
        # An expected entry ending in "*" covers every path it begins (a persona's own routes).
        allowed = any(
            status == response.status and (path == known or known.endswith("*") and path.startswith(known[:-1]))
            for known, status in self.expected)
        if not allowed:
            self.problems.append(f"unexpected HTTP {response.status} from {response.request.method} {path}")

    def assert_clean(self, step):
        check(not self.problems, f"{step}: " + "; ".join(self.problems))


def wait_verdicts(page: Page, count: int, timeout=60_000):
    """`count` thumbnails, each with the server's verdict: none still uploading or being checked."""
    try:
        page.wait_for_function(
            """([n, working]) => {
                const thumbs = [...document.querySelectorAll('.draft-grid .thumb')];
                return thumbs.length === n && thumbs.every(t => !working.includes(t.dataset.state));
            }""", arg=[count, WORKING_STATES], timeout=timeout, polling=200)
    except PlaywrightError:
        raise Failure(f"the {count} photos did not all get a verdict within {timeout // 1000} s: {thumb_states(page)}")


def thumb_states(page: Page) -> dict:
    """Each thumbnail's file name → the state it says in words (not only a colour or an icon)."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.draft-grid .thumb')].map(t =>
        [t.querySelector('.thumb__name').textContent, t.querySelector('.thumb__state').textContent.trim()]))""")


def scan(page: Page, where: str, within: str | None = None, axe=Axe()):
    """axe-core on the page as it is (or only `within` a selector): no serious or critical violation.
    Toasts are scanned too, once their fade-in has finished (a fading toast is faint by design for
    0.2 s); only one already leaving (fading out, about to be removed) is left out."""
    page.evaluate("""() => document.querySelectorAll('#toasts .toast:not(.is-leaving)').forEach(t =>
        t.getAnimations().forEach(a => a.finish()))""")
    context = {"exclude": [["#toasts .toast.is-leaving"]]}
    if within:
        context["include"] = [[within]]
    results = axe.run(page, context=context)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    details = "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in bad)
    check(not bad, f"{where}: axe found {len(bad)} serious or critical violation(s): {details}")


def remove_all(page: Page, try_cancel=False):
    """"Remove all" asks first, the safe answer focused (Escape keeps the photos); confirmed, the
    photos go with the draft."""
    page.get_by_role("button", name="Remove all").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("button", name="Keep them")).to_be_focused()
    if try_cancel:
        count = page.locator(".draft-grid .thumb").count()
        page.keyboard.press("Escape")
        expect(page.get_by_role("dialog")).to_have_count(0)
        check(page.locator(".draft-grid .thumb").count() == count, "Escape in the question removed the photos")
        page.get_by_role("button", name="Remove all").click()
    page.get_by_role("dialog").get_by_role("button", name="Remove the photos").click()
