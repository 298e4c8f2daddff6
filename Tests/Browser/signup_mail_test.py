#!/usr/bin/env python3
"""Sign-up by mail in a real Chromium, against a server of its own with mail configured and a real
SMTP server (Debian's aiosmtpd) whose maildir the test reads: "Check your email" for a new and for
a taken address alike, the mailed link asks whose account it makes, makes it and signs in, and a
used link says so. Screenshots (desktop and phone) of each state go to --shots.

    python3 Tests/Browser/signup_mail_test.py --binary .build/debug/inflio --chromium /usr/bin/chromium --shots DIR
"""

import argparse
import re
import time
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from mail_service import mail_service, mails, wait_for_mail
from onboarding_support import DESKTOP, PASSWORD, PHONE, scan
from page_support import Failure, Watchdog, check

# The used link asked about again, and who is signed in once the owner's cookies are cleared
# (the browser has signed in before, so its page asks; a new visitor's does not).
EXPECTED = {("/api/auth/me", 401), ("/api/auth/confirm", 400)}


def sign_up(page: Page, base: str, address: str):
    page.goto(base + "/")
    page.get_by_role("tab", name="Create account").click()
    page.fill("#auth-email", address)
    page.fill("#auth-password", PASSWORD)
    page.click("#auth-form button[type=submit]")
    expect(page.get_by_role("heading", name="Check your email")).to_be_focused()
    expect(page.locator("#auth-panel [role=status]")).to_contain_text(f"We sent a link to {address}")


def run(page: Page, phone: Page, base: str, maildir: Path, shots: Path):
    watch = Watchdog(page, expected=EXPECTED)
    # The owner of a taken address, made by mail too.
    sign_up(page, base, "owner@example.com")
    owner_link = re.search(r"\?confirm=[\w-]+", wait_for_mail(maildir, "owner@example.com")).group(0)
    page.goto(base + "/" + owner_link)
    page.get_by_role("button", name="Finish creating my account").click()
    expect(page.locator("#header-nav .account__email")).to_have_text("owner@example.com", timeout=15_000)
    # Leave the signed-in page before the cookies go: its own requests (the onboarding it loads
    # after the header) would otherwise meet a session ended under them, with a 401.
    page.goto("about:blank")
    page.context.clear_cookies()

    # A new address and the taken one: the same notice.
    sign_up(page, base, "new@example.com")
    page.screenshot(path=str(shots / "check-your-email.png"))
    scan(page, "check your email")
    sign_up(page, base, "owner@example.com")
    expect(page.locator("#auth-panel [role=status]")).to_have_text(
        "We sent a link to owner@example.com. Open it within 24 hours to finish creating your account.")
    taken_note = [b for r, b in mails(maildir) if r == "owner@example.com"]
    body = wait_for_mail(maildir, "new@example.com")
    link = re.search(r"http://127\.0\.0\.1:\d+/\?confirm=[\w-]+", body).group(0)

    # The link names the account before making it, on a phone too.
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Finish creating your account")).to_be_visible()
    phone.screenshot(path=str(shots / "confirm-phone.png"))
    page.goto(link)
    expect(page.locator("#auth-panel [role=status]")).to_have_text("This link creates the account for new@example.com.")
    check("confirm=" not in page.url, f"the token stays in the address bar: {page.url}")
    page.screenshot(path=str(shots / "confirm.png"))
    scan(page, "confirm")
    page.get_by_role("button", name="Finish creating my account").click()
    expect(page.locator("#header-nav .account__email")).to_have_text("new@example.com", timeout=15_000)

    # The link made its account once; the phone's copy of the page now says so.
    phone.get_by_role("button", name="Finish creating my account").click()
    expect(phone.get_by_role("heading", name="This link cannot be used")).to_be_visible()
    expect(phone.locator("#auth-panel [role=status]")).to_contain_text("expired or was already used")
    phone.screenshot(path=str(shots / "used-link-phone.png"))
    watch.assert_clean("sign-up by mail")
    # The owner was told someone tried (the first mail to the address was the owner's own link).
    deadline = time.monotonic() + 30
    while len([b for r, b in mails(maildir) if r == "owner@example.com"]) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    notes = [b for r, b in mails(maildir) if r == "owner@example.com" and "already has one" in b]
    check(len(notes) == 1 and len(taken_note) >= 1, f"the owner's mails: {[b[:60] for r, b in mails(maildir)]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--chromium", required=True)
    parser.add_argument("--shots", type=Path, required=True)
    # browser-test.sh gives every test its server's URL and the photos: this one starts its own server.
    args, _ = parser.parse_known_args()
    args.shots.mkdir(parents=True, exist_ok=True)
    with mail_service(args.binary, "signup-mail-test") as service, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"])
        page = browser.new_context(viewport=DESKTOP).new_page()
        phone = browser.new_context(viewport=PHONE, is_mobile=True).new_page()
        run(page, phone, service.base, service.maildir, args.shots)
        browser.close()

if __name__ == "__main__":
    main()
