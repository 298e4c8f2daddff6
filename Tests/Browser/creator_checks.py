"""Two checks of the persona creator (New persona, the wizard's avatar step) after the defects of
issue 11, item 6, shared by web_page_test.py and onboarding_test.py:

- a photo removed while its upload is on its way stays removed: it used to be cancelled, the
  server stored it all the same, and it came back ("No face found", in red) beside "N usable of 5
  needed" as soon as another photo's answer named it;
- a file name with nowhere to break (phones name their files so) wraps inside the creator's note
  and the thumbnail's words, instead of pushing a phone's page sideways.
"""

from pathlib import Path

from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from page_support import WORKING_STATES, check, thumb_states, wait_verdicts

DRAFT_KEY = "inflio.draftPersonaId"
# A video chosen from a phone's gallery by mistake; and a photo without a face, named by a phone.
LONG_NON_PHOTO = "PXL_20240517_183245123_BURST001_COVER.mp4"
LONG_NO_FACE = "PXL_20240517_183245123_MP_LANDSCAPE_NO_FACE.jpg"


def no_face_photo(path: Path, size=(800, 600)) -> Path:
    """Sky, grass and a sun: a photo with no face in it (JPEG or PNG, from the name)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    width, height = size
    image = Image.new("RGB", size, (120, 170, 220))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, int(height * 0.65), width, height], fill=(70, 130, 60))
    draw.ellipse([int(width * 0.75), int(height * 0.1), int(width * 0.87), int(height * 0.28)], fill=(250, 220, 90))
    image.save(path, quality=80)
    return path


# The end of an upload as a slow connection reports it: not before the server answers. (Chromium
# reports it ~0.1 s after the start at the earliest; until then the photo says "Uploading".)
HOLD_UPLOAD_END = """() => {
    const add = XMLHttpRequestUpload.prototype.addEventListener;
    window.__releaseUploadEnd = () => { XMLHttpRequestUpload.prototype.addEventListener = add; };
    XMLHttpRequestUpload.prototype.addEventListener = function (type, ...rest) {
        if (type !== "load") add.call(this, type, ...rest);
    };
}"""


def stored_names(page: Page) -> list[str]:
    """The file names of the photos the server holds in this tab's draft."""
    draft = page.evaluate("k => sessionStorage.getItem(k)", DRAFT_KEY)
    answer = page.request.get(page.url.split("#")[0] + f"api/personas/{draft}/photos")
    check(answer.ok, f"the draft's photos: HTTP {answer.status}")
    return [photo["fileName"] for photo in answer.json()["draft"]["photos"]]


def removed_while_uploading(page: Page, work: Path, another: Path):
    """A photo with no face, removed while it says "Uploading" though the server has it whole:
    it goes, the server keeps none of it, and it does not come back when `another` photo's
    answer lists the draft's photos."""
    # Many pixels in a small file: the server has it at once, and is still reading it when the removal comes.
    photo = no_face_photo(work / "no-face-removed-while-uploading.png", size=(7000, 5000))
    before = page.locator(".draft-grid .thumb").count()
    page.evaluate(HOLD_UPLOAD_END)
    try:
        with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/photos")):
            page.set_input_files("#photo-input", str(photo))
        thumb = page.locator(".draft-grid .thumb", has=page.locator(".thumb__name", has_text=photo.name))
        page.wait_for_timeout(80)  # the file (~120 KB) is there; reading 35 megapixels takes the server longer
        check(thumb.get_attribute("data-state") == "uploading",
              f"the server answered within 80 ms, before the removal could be tried: {thumb_states(page)}")
        # Dispatched, not click(): a person's click lands at once, Playwright's waits for the thumbnail to hold still.
        thumb.locator(".thumb__remove").dispatch_event("click")
        expect(thumb).to_have_count(0, timeout=30_000)
    finally:
        page.evaluate("() => window.__releaseUploadEnd()")
    page.set_input_files("#photo-input", str(another))
    page.wait_for_function("""([name, working]) => {
        const thumbs = [...document.querySelectorAll('.draft-grid .thumb')];
        return thumbs.some((t) => t.querySelector('.thumb__name').textContent === name)
            && thumbs.every((t) => !working.includes(t.dataset.state)); }""", arg=[another.name, WORKING_STATES])
    page.wait_for_load_state("networkidle")  # and the look-up that settles the set, if one was needed
    check(photo.name not in thumb_states(page), f"the removed photo came back: {thumb_states(page)}")
    check(page.locator(".draft-grid .thumb").count() == before + 1, f"photos shown: {thumb_states(page)}")
    expect(page.locator(".draft-grid .tone-text-danger")).to_have_count(0)
    check(photo.name not in stored_names(page), f"the server kept the removed photo: {stored_names(page)}")


def long_names_fit_a_phone(phone: Page, work: Path, with_photo=True):
    """On a 390 px page: a file that isn't a photo (the creator's note names it) and, unless
    `with_photo` is False (a draft shared with another tab), a photo with no face (its thumbnail
    names it), both with long names. The page does not scroll sideways, and every thumbnail's
    words stay inside it (the name cut short, the error wrapped)."""
    non_photo = work / LONG_NON_PHOTO
    non_photo.write_bytes(b"\0\0\0\x18ftypmp42")  # the start of an MP4: not a picture
    files = [non_photo] + ([no_face_photo(work / LONG_NO_FACE)] if with_photo else [])
    before = phone.locator(".draft-grid .thumb").count()
    phone.set_input_files("#photo-input", [str(f) for f in files])
    expect(phone.locator(".inline-note")).to_contain_text(f"{LONG_NON_PHOTO} isn't a photo")
    wait_verdicts(phone, before + len(files) - 1)
    overflow = phone.evaluate("() => document.documentElement.scrollWidth - Math.min(window.innerWidth, screen.width)")
    check(overflow <= 0, f"phone, long file names: {overflow} px of horizontal overflow")
    spilled = phone.evaluate("""() => [...document.querySelectorAll('.draft-grid .thumb')].flatMap((thumb) => {
        const edge = thumb.getBoundingClientRect().right;
        return [...thumb.querySelectorAll('.thumb__body *')]
            .filter((el) => el.getBoundingClientRect().right > edge + 0.5)
            .map((el) => `${thumb.querySelector('.thumb__name').textContent}: .${el.className}`);
    })""")
    check(not spilled, f"phone, long file names: words past their thumbnail's edge: {spilled[:4]}")
