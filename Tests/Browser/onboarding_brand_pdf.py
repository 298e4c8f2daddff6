"""Option A of sub-step 1.2 in a real Chromium: a third new user uploads a brand-guidelines PDF
(made at test time by scripts/make-brand-pdfs.py), sees its colours, fonts, logo and voice, uses
it, and the record is theirs with its logo; a file that is not a PDF is refused in words. Screens
are scanned with axe-core and shot at desktop and phone sizes.
"""

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from onboarding_support import DESKTOP, PHONE, PageWatch, check, heading_is, run_steps, scan, sign_up
from web_page_test import Failure

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make-brand-pdfs.py"


def make_pdfs() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="inflio-browser-pdfs-"))
    subprocess.run(["/usr/bin/python3", str(SCRIPT), str(folder)], check=True)
    return folder


def brand_pdf_journey(browser, args):
    pdfs = make_pdfs()
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    watch = PageWatch(page)
    watch.expected = set(watch.expected) | {("/api/brand/extract", 415)}  # the text file named .pdf
    shots = Path(args.shots)
    try:
        steps = [
            ("sign up", lambda: sign_up(page, args.base_url, f"pdf-{random.randrange(10**9)}@example.com")),
            ("1.1", lambda: profile(page)),
            ("1.2 not a PDF", lambda: not_a_pdf(page, pdfs)),
            ("1.2 the PDF read", lambda: read_pdf(page, pdfs, args, shots)),
            ("1.2 used", lambda: use_it(page, args)),
        ]
        run_steps("brand PDF", page, watch, steps, args, name="brand-pdf-test")
    finally:
        context.close()


def profile(page: Page):
    page.locator(".step-card[data-step='1']").get_by_role("link").first.click()
    heading_is(page, "Welcome & profile")
    page.fill("#profile-name", "Pat Harbor")
    page.select_option("#profile-niche", index=1)
    page.click(".wizard__primary")
    heading_is(page, "Brand identity")


def not_a_pdf(page: Page, pdfs: Path):
    page.get_by_role("tab", name="Upload brand guidelines (PDF)").click()
    expect(page.locator(".wizard__primary")).to_have_text("Use this brand")
    expect(page.locator(".wizard__primary")).to_be_disabled()
    # Named .pdf, but text: the server sniffs the bytes.
    page.set_input_files(".brand-pdf input[type=file]", str(pdfs / "notes.pdf"))
    expect(page.locator(".brand-pdf .form-error")).to_contain_text("This file is not a PDF")
    expect(page.locator(".wizard__primary")).to_be_disabled()


def read_pdf(page: Page, pdfs: Path, args, shots: Path):
    page.set_input_files(".brand-pdf input[type=file]", str(pdfs / "guideline.pdf"))
    review = page.locator(".brand-pdf__review")
    expect(review).to_contain_text("From guideline.pdf (2 pages)")
    swatches = review.locator(".swatch")
    expect(swatches.first).to_contain_text("#1A73E8")
    expect(swatches.first).to_contain_text("Harbour Blue")
    expect(swatches.first).to_contain_text("written in your PDF")
    expect(review).to_contain_text("Liberation Serif")
    expect(review).to_contain_text("We speak like a friendly harbour pilot")
    expect(review).to_contain_text("Independent makers and small studios")
    logo = review.locator(".brand-pdf__logo img")
    expect(logo).to_be_visible()
    check(page.evaluate("(img) => img.naturalWidth", logo.element_handle()) == 120, "the logo picture did not load")
    expect(page.locator(".brand-pdf .form-error")).to_be_hidden()
    expect(page.locator(".wizard__primary")).to_be_enabled()
    scan(page, "1.2 brand PDF review")
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(shots / "1-2-brand-pdf.png"), full_page=True)
    # The same review on a phone: nothing wider than the screen.
    page.set_viewport_size(PHONE)
    wide = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    check(wide <= 0, f"the review scrolls sideways on a phone by {wide} px")
    page.screenshot(path=str(shots / "1-2-brand-pdf-phone.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def use_it(page: Page, args):
    page.click(".wizard__primary")
    heading_is(page, "Your AI avatar")
    brand = page.request.get(args.base_url + "/api/brand").json()["brand"]
    palette = brand["palette"]
    check(palette[0]["hex"] == "#1A73E8" and palette[0]["role"] == "primary" and palette[0]["source"] == "pdf",
          f"the stored palette: {palette[:2]}")
    check(brand["name"]["value"] == "Harbor & Pine", f"the stored name: {brand.get('name')}")
    check(brand.get("logo", {}).get("width") == 120, f"the stored logo: {brand.get('logo')}")
    logo = page.request.get(args.base_url + "/api/brand/logo")
    check(logo.ok and logo.headers["content-type"] == "image/png", f"the logo answer: {logo.status}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--chromium", required=True, help="the Chromium binary Playwright launches")
    parser.add_argument("--photos", required=True, help="unused here; every browser test is given it")
    parser.add_argument("--shots", required=True, help="where the screenshots go")
    args = parser.parse_args()
    Path(args.shots).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            brand_pdf_journey(browser, args)
        except Failure as failure:
            print(f"brand-pdf-test: FAILED {failure}", file=sys.stderr)
            return 1
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
