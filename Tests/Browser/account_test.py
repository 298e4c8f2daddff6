#!/usr/bin/env python3
"""Your account (issue 18) in a real Chromium, against a server of its own with mail configured and
a real SMTP server (Debian's aiosmtpd): a portrait's download says how it was made; the account page
on desktop and phone; an API token made (shown once, working at once) and revoked (refused at once);
the password changed (a wrong current one refused, another device signed out); "Download my data"
saved and opened; "Forgot your password?" mailed and its link used; the account deleted. Screenshots
go to --shots.

    python3 Tests/Browser/account_test.py --binary .build/debug/inflio --chromium /usr/bin/chromium \\
        --photos ../shared/testdata/faces --shots DIR
"""

import argparse
import json
import re
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from onboarding_support import DESKTOP, PASSWORD, PHONE, scan
from page_support import Failure, Watchdog, check, make_photos
from mail_service import mail_service, wait_for_mail

EMAIL = "owner@example.com"
NEW_PASSWORD = "a brand new battery staple"
RESET_PASSWORD = "reset by mail staple horse"
# A page loaded after signing out asking who is signed in (this browser signed in before; a new
# visitor's page does not ask); a token asked for without the password, the wrong current password
# and the wrong one at deletion; the deleted account's sign-in.
EXPECTED = {("/api/auth/me", 401), ("/api/account/password", 403), ("/api/account/delete", 403),
            ("/api/auth/login", 401), ("/api/account/tokens", 403)}
PHONE_EXPECTED = {("/api/auth/me", 401), ("/api/account/tokens", 401), ("/api/usage", 401)}


def bearer_status(base: str, token: str) -> int:
    request = urllib.request.Request(base + "/api/personas", headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def sign_in(page: Page, base: str, password: str):
    page.goto(base + "/")
    page.get_by_role("tab", name="Sign in").click()
    page.fill("#auth-email", EMAIL)
    page.fill("#auth-password", password)
    page.click("#auth-form button[type=submit]")
    expect(page.locator("#header-nav .account__email")).to_have_text(EMAIL, timeout=15_000)


def make_persona(page: Page, photos: list[Path]) -> str:
    """A persona through the API with the page's session (the page's own way is web_page_test's)."""
    headers = {"X-Inflio-Request": "1"}
    consent = page.request.post("/api/onboarding/consent", data={"accepted": True}, headers=headers)
    check(consent.ok, f"consent: {consent.status} {consent.text()}")
    # Built by hand: Playwright's `multipart` takes one value a key, and the photos are all `photos`.
    boundary = "inflio-account-test"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nStudio me\r\n'.encode()]
    for photo in photos:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; filename="{photo.name}"\r\n'
                     f"Content-Type: image/jpeg\r\n\r\n".encode() + photo.read_bytes() + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    created = page.request.post(
        "/api/personas/create?wait=true", data=body, timeout=180_000,
        headers={**headers, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    check(created.status == 201, f"persona: {created.status} {created.text()[:300]}")
    return created.json()["persona"]["id"]


def run(page: Page, phone: Page, base: str, photos: Path, maildir: Path, shots: Path, tmp: Path):
    watch = Watchdog(page, expected=EXPECTED)
    phone_watch = Watchdog(phone, expected=PHONE_EXPECTED)
    sign_in(page, base, PASSWORD)
    persona = make_persona(page, make_photos(photos, tmp / "photos"))

    # A portrait's download says how it was made (the offline studio: a composite, not a model's).
    page.goto(f"{base}/#/personas/{persona}")
    provenance = page.locator(".slot__provenance").first
    expect(provenance.locator(".made-by")).to_have_text("Photo composite", timeout=30_000)
    download_link = provenance.get_by_role("link", name=re.compile("Download the .* portrait"))
    check(download_link.get_attribute("download").endswith(".jpg"), "the download link names a .jpg")
    expect(page.locator(".slot__media img.is-loaded")).to_have_count(5, timeout=30_000)
    page.wait_for_timeout(400)  # the pictures' fade-in
    page.locator(".slot-grid").screenshot(path=str(shots / "persona-downloads.png"))

    # The account page, reached from the header.
    page.click("#header-nav a.account")
    expect(page.get_by_role("heading", name="Your account", level=1)).to_be_visible()
    # This browser, and the API token `inflio user create` printed.
    expect(page.locator(".token-row")).to_have_count(2)
    expect(page.locator(".token-row").first).to_contain_text("This browser")
    page.screenshot(path=str(shots / "account.png"), full_page=True)
    scan(page, "account page")

    # Another device signed in: the phone, on the account page too.
    sign_in(phone, base, PASSWORD)
    # The header's link is named in words, though a phone shows only the initial.
    expect(phone.locator("#header-nav .account__email")).to_be_hidden()
    expect(phone.get_by_role("link", name=f"Your account, {EMAIL}")).to_be_visible()
    phone.goto(base + "/#/account")
    expect(phone.get_by_role("heading", name="Your account", level=1)).to_be_visible()
    phone.screenshot(path=str(shots / "account-phone.png"), full_page=True)
    page.reload()
    expect(page.locator(".token-row")).to_have_count(3)

    # An API token: shown once, works at once, refused once revoked.
    page.fill("input[placeholder='e.g. upload script']", "ci script")
    page.get_by_role("button", name="Create token").click()
    expect(page.locator(".token-list ~ .inline-note-danger")).to_contain_text("not your current password")
    page.fill("#token-password", PASSWORD)
    page.get_by_role("button", name="Create token").click()
    token = page.locator(".token-created__value").input_value()
    check(token.startswith("inf_"), f"the token shown: {token[:8]}…")
    expect(page.locator(".token-row", has_text="ci script")).to_be_visible()
    page.screenshot(path=str(shots / "token-created.png"), full_page=True)
    check(bearer_status(base, token) == 200, "the new token works at once")
    page.get_by_role("button", name="Revoke: ci script").click()
    expect(page.locator(".token-row", has_text="ci script")).to_have_count(0)
    check(bearer_status(base, token) == 401, "the revoked token is refused at once")

    # The password: a wrong current one is refused; the right one changes it and signs the phone out.
    page.fill("#account-current-password", "not my password at all")
    page.fill("#account-new-password", NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".account-form .form-error").first).to_contain_text("not your current password")
    page.fill("#account-current-password", PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".toast").last).to_contain_text("Password changed")
    expect(page.locator(".token-row")).to_have_count(2)  # the phone's session is gone; the API token stays
    phone.reload()
    expect(phone.get_by_role("tab", name="Sign in")).to_be_visible()

    # Download my data: a ZIP that opens, with the manifest and the persona's files.
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("link", name="Download my data").click()
    saved = tmp / "export.zip"
    info.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        check(archive.testzip() is None, "the export's CRCs")
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
    check(len([n for n in names if "/portraits/" in n]) == 5, f"five portraits in {names}")
    check(len([n for n in names if "/photos/" in n]) == 6, f"six photos in {names}")
    check(manifest["account"]["email"] == EMAIL, "the manifest names the account")

    # Forgot the password: a mailed link chooses a new one and signs in.
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("button", name="Forgot your password?")).to_be_visible()
    page.screenshot(path=str(shots / "sign-in-forgot.png"))
    page.get_by_role("button", name="Forgot your password?").click()
    page.fill("#reset-email", EMAIL)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    page.screenshot(path=str(shots / "reset-asked.png"))
    link = re.search(r"http://127\.0\.0\.1:\d+/\?reset=[\w-]+", wait_for_mail(maildir, EMAIL)).group(0)
    phone.goto(link)  # only looked at: the link is used on the desktop below
    expect(phone.get_by_role("heading", name="Choose a new password")).to_be_visible()
    phone.screenshot(path=str(shots / "reset-choose-phone.png"))
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    check("reset=" not in page.url, f"the token stays in the address bar: {page.url}")
    page.screenshot(path=str(shots / "reset-choose.png"))
    scan(page, "reset link")
    page.fill("#reset-password", RESET_PASSWORD)
    page.get_by_role("button", name="Set password and sign in").click()
    expect(page.locator("#header-nav .account__email")).to_have_text(EMAIL, timeout=15_000)

    # Delete the account: the email typed, a wrong password refused, then everything goes.
    page.goto(base + "/#/account")
    page.get_by_role("button", name="Delete my account…").click()
    page.fill("#account-delete-email", EMAIL)
    page.fill("#account-delete-password", NEW_PASSWORD)  # the one before the reset
    page.get_by_role("button", name="Delete my account forever").click()
    expect(page.locator(".account-card--danger .form-error")).to_contain_text("not your current password")
    page.screenshot(path=str(shots / "delete-confirm.png"), full_page=True)
    page.fill("#account-delete-password", RESET_PASSWORD)
    page.get_by_role("button", name="Delete my account forever").click()
    expect(page.locator(".toast").last).to_contain_text("were deleted")
    # Someone who has signed in on this browser meets "Sign in", not "Create account".
    expect(page.get_by_role("tab", name="Sign in")).to_have_attribute("aria-selected", "true")
    page.fill("#auth-email", EMAIL)
    page.fill("#auth-password", RESET_PASSWORD)
    page.click("#auth-form button[type=submit]")
    expect(page.locator("#auth-form .form-error")).to_contain_text("do not match")
    watch.assert_clean("account")
    phone_watch.assert_clean("account (the phone)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--chromium", required=True)
    parser.add_argument("--photos", type=Path, required=True)
    parser.add_argument("--shots", type=Path, required=True)
    args, _ = parser.parse_known_args()
    args.shots.mkdir(parents=True, exist_ok=True)
    made = [["user", "create", EMAIL, "--password", PASSWORD]]
    with mail_service(args.binary, "account-test", before=made) as service, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"])
        page = browser.new_context(viewport=DESKTOP, base_url=service.base, accept_downloads=True).new_page()
        phone = browser.new_context(viewport=PHONE, is_mobile=True, base_url=service.base).new_page()
        run(page, phone, service.base, args.photos, service.maildir, args.shots, service.tmp)
        browser.close()

if __name__ == "__main__":
    main()
