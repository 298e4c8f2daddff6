"""What onboarding_test.py's scenarios share: watching a page (errors, failed requests, the guide's
announcements, the funnel's reports), axe scans, the phone checks, keyboard-only moves, and running
named steps (a failure says which step, with a screenshot).
"""

import json
import re
import time
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from page_support import scan  # noqa: F401 (re-exported for the other tests)
from web_page_test import RECORD_PHOTO_ANNOUNCEMENTS, Failure, Watchdog, check, photo_announcements, wait_verdicts

DRAFT_KEY = "inflio.draftPersonaId"

PASSWORD = "correct horse battery"
PORTRAIT_TIMEOUT_MS = 90_000
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# The HTTP errors the scenarios provoke on purpose (Chromium logs each as a console error, which
# Watchdog leaves to this list): the locked steps asked for by URL. (Photos that can't be used are
# no error: each is stored with its verdict. A new visitor's page does not ask who is signed in.)
EXPECTED_HTTP_ERRORS = {
    ("/api/onboarding/steps/2", 409),
    ("/api/onboarding/steps/3", 409),
}

# Every text the guide's live region announces, in order, per page load.
RECORD_ANNOUNCEMENTS = """
window.__announced = [];
document.addEventListener("DOMContentLoaded", () => {
  const region = document.getElementById("guide-live");
  if (!region) return;
  new MutationObserver(() => {
    const text = region.textContent.trim();
    if (text) window.__announced.push(text);
  }).observe(region, { childList: true, subtree: true, characterData: true });
});
"""


class PageWatch(Watchdog):
    """Watchdog (no page errors, console errors, unexpected HTTP errors), and also: no failed
    requests, except the event streams and images a page closes itself when it moves on; and the
    funnel's reports, as sent."""

    def __init__(self, page: Page):
        super().__init__(page, expected=EXPECTED_HTTP_ERRORS)
        self.funnel: list[dict] = []
        page.on("requestfailed", self._failed)
        page.on("request", self._request)
        page.add_init_script(RECORD_ANNOUNCEMENTS)
        page.add_init_script(RECORD_PHOTO_ANNOUNCEMENTS)

    def _failed(self, request):
        failure = request.failure or ""
        closed_on_purpose = "ERR_ABORTED" in failure and (
            "/events" in request.url or request.resource_type in ("image", "eventsource"))
        if not closed_on_purpose:
            self.problems.append(f"failed request: {request.method} {request.url} ({failure})")

    def _request(self, request):
        if request.method == "POST" and request.url.endswith("/api/onboarding/events"):
            self.funnel.append(json.loads(request.post_data or "{}"))


def announcements(page: Page) -> list[str]:
    return page.evaluate("() => window.__announced || []")


def check_announced_once(page: Page, where: str):
    said = announcements(page)
    repeated = sorted({text for text in said if said.count(text) > 1})
    check(not repeated, f"{where}: the guide announced the same words more than once: {repeated}")


def heading_is(page: Page, text: str, timeout=15_000):
    """The page's h1 says `text`, and has the keyboard focus (moved there on navigation)."""
    heading = page.locator("h1.page-title")
    expect(heading).to_have_text(text, timeout=timeout)
    page.wait_for_function(
        "t => document.activeElement && document.activeElement.tagName === 'H1' "
        "&& document.activeElement.textContent.trim() === t", arg=text, timeout=5_000)


def share_draft(page: Page, phone: Page):
    """The phone tab as a new tab (or another device) meets the draft the desktop tab is filling:
    nothing of it in the phone tab's own sessionStorage, so its creator picks up the user's
    latest unfinished draft from the server (a new tab once started a draft of its own, the photos
    out of sight). The desktop's photo count, which the phone must then show, or None."""
    draft = page.evaluate("k => sessionStorage.getItem(k)", DRAFT_KEY)
    if not phone.url.startswith("http"):
        return None
    phone.evaluate("k => sessionStorage.removeItem(k)", DRAFT_KEY)
    return page.locator(".draft-grid .thumb").count() if draft else None


def check_phone(phone: Page, base_url: str, hash_: str, heading: str, shots: Path, name: str, primary=True,
                draft_photos=None):
    """The same screen at 390×844: no sideways scrolling, and the primary action (if it has one)
    visible unscrolled. With `draft_photos`, the creator's resumed draft is waited for first."""
    if phone.url.endswith(hash_):
        phone.reload()
    else:
        phone.goto(base_url + "/" + hash_)
    expect(phone.locator("h1.page-title")).to_have_text(heading)
    phone.wait_for_function("() => !document.querySelector('.loading-block')", timeout=10_000)
    if draft_photos:
        wait_verdicts(phone, draft_photos)
    phone.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    measured = phone.evaluate("""() => {
        const button = document.querySelector('.action-bar .btn-primary:not([hidden])');
        const r = button ? button.getBoundingClientRect() : null;
        return { overflow: document.documentElement.scrollWidth - Math.min(window.innerWidth, screen.width),
                 button: r && { top: r.top, bottom: r.bottom, left: r.left, right: r.right, label: button.textContent.trim() },
                 height: window.innerHeight, width: window.innerWidth };
    }""")
    check(measured["overflow"] <= 0, f"phone, {name}: {measured['overflow']} px of horizontal overflow")
    phone.screenshot(path=str(shots / f"{name}-phone.png"))
    if draft_photos:  # the photos are below the fold: the whole page too
        phone.screenshot(path=str(shots / f"{name}-phone-full.png"), full_page=True)
    if not primary:
        return
    button = measured["button"]
    check(button is not None, f"phone, {name}: no primary action")
    check(0 <= button["top"] and button["bottom"] <= measured["height"] and 0 <= button["left"]
          and button["right"] <= measured["width"],
          f"phone, {name}: the primary action '{button['label']}' is not on screen unscrolled: {button}")


# ---------------------------------------------------------------- the keyboard

FOCUS_VISIBLE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    const shown = (node) => {
        if (!node) return false;
        const s = getComputedStyle(node);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
    };
    // A visually hidden control shows its focus on what stands for it (the drop zone, a choice).
    return shown(el) || shown(el.closest('.choice')) || (el.id === 'photo-input' && shown(el.nextElementSibling));
}"""


def tab_to(page: Page, selector: str, limit=60, backwards=False):
    """Presses Tab (or Shift+Tab) until the focus is on `selector`; the focus must show."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            check(page.evaluate(FOCUS_VISIBLE), f"keyboard: the focus on {selector} is not visible")
            return
    focused = page.evaluate("() => document.activeElement && document.activeElement.outerHTML.slice(0, 120)")
    raise Failure(f"keyboard: {limit} presses of Tab never reached {selector} (last focus: {focused})")


def press_on(page: Page, selector: str, key="Enter"):
    tab_to(page, selector)
    page.keyboard.press(key)


def type_into(page: Page, selector: str, text: str):
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def sign_up(page: Page, base_url: str, email: str, keyboard=False):
    """A new account; the launchpad is the home it lands on."""
    page.goto(base_url + "/")
    # A new visitor lands on "Create account" (the tab a returning one finds is "Sign in").
    expect(page.get_by_role("tab", name="Create account")).to_have_attribute("aria-selected", "true")
    if keyboard:
        tab_to(page, "#tab-signup")
        expect(page.locator("#auth-title")).to_have_text("Create your account")
        type_into(page, "#auth-email", email)
        type_into(page, "#auth-password", PASSWORD)
        page.keyboard.press("Enter")
    else:
        page.get_by_role("tab", name="Create account").click()
        page.fill("#auth-email", email)
        page.fill("#auth-password", PASSWORD)
        page.click("#auth-form button[type=submit]")
    expect(page.locator("#header-nav .account__email")).to_have_text(email)
    heading_is(page, "Your content studio setup")
    expect(page.locator(".step-card:not(.step-card--skeleton)")).to_have_count(5)


def card_states(page: Page) -> list[str]:
    cards = page.locator(".step-list .step-card")
    return [re.sub(r"^step-card--", "", c) for i in range(cards.count())
            for c in cards.nth(i).get_attribute("class").split() if c.startswith("step-card--")]


def expect_progress(page: Page, percent: int, states: list[str]):
    expect(page.locator(".setup-progress__value")).to_have_text(f"{percent}% complete")
    expect(page.locator(".step-list .step-card")).to_have_count(5)
    check(card_states(page) == states, f"launchpad: the steps are {card_states(page)}, expected {states}")


def wait_portraits_ready(page: Page):
    """The wizard's avatar sub-step: five verified portraits loaded, and Next open."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('.slot-grid .slot--verified .slot__media img')]
                   .filter(i => i.complete && i.naturalWidth > 0 && !i.classList.contains('is-stale')).length === 5
                 && !document.querySelector('.wizard__primary').disabled""",
        timeout=PORTRAIT_TIMEOUT_MS, polling=250)


def run_steps(who, page, watch, steps, args, name="onboarding-test"):
    for label, step in steps:
        started = time.monotonic()
        try:
            step()
        except (Failure, AssertionError, PlaywrightError) as error:
            failure = Path(args.shots) / f"failure-{who}.png"
            try:
                page.screenshot(path=str(failure), full_page=True)
            except PlaywrightError:
                pass
            seen = "".join(f"\n  also seen: {problem}" for problem in watch.problems)
            raise Failure(f"{who}, step '{label}': {error}{seen}\n(screenshot of the page: {failure})") from None
        watch.assert_clean(f"{who}, {label}")
        print(f"{name}: ok  {who}: {label} ({time.monotonic() - started:.1f} s)", flush=True)
