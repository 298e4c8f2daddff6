"""Two side paths of onboarding_test.py's mouse journey, each a function of the Journey: photos
refused in 1.3, and a second persona chosen as the avatar in step 3.
"""

import re
from pathlib import Path

from playwright.sync_api import expect

from onboarding_support import PORTRAIT_TIMEOUT_MS, heading_is, scan


def photos_rejected(journey):
    """Five photos, two of them unusable: the server says why, on the thumbnails and in the
    guide's words; removing them and adding three good ones makes the six."""
    faces = Path(journey.args.photos)
    originals = [p for p in journey.photos if p.parent == faces]
    mirrored = [p for p in journey.photos if p.parent != faces]
    journey.page.set_input_files("#photo-input", [str(p) for p in originals]
                                 + [str(faces / "two-people.jpg"), str(faces / "rose-leslie-1.jpg")])
    journey.page.get_by_role("button", name="Create my portraits").click()
    error = journey.page.locator(".form-error--block")
    expect(error).to_contain_text("can be used", timeout=60_000)
    expect(error).to_contain_text("two-people.jpg")
    expect(journey.page.locator(".thumb--problem")).to_have_count(2)
    expect(journey.page.locator(".guide__text")).to_contain_text("Some photos couldn't be used")
    expect(journey.page.locator(".guide")).to_have_class(re.compile(r"guide--help"))
    journey.page.get_by_role("button", name="Remove the 2 photos that can't be used").click()
    journey.page.set_input_files("#photo-input", [str(p) for p in mirrored])


def another_avatar(journey):
    """A second persona made on "New persona" (the notice, accepted in 1.3, is not asked again);
    step 3 offers it as the avatar instead, and takes it."""
    journey.page.locator("#header-nav").get_by_role("link", name="New persona").click()
    heading_is(journey.page, "New persona")
    expect(journey.page.locator("#persona-name")).to_be_visible()
    scan(journey.page, "new persona")
    journey.page.fill("#persona-name", "Ada, second look")
    journey.page.set_input_files("#photo-input", [str(p) for p in journey.photos])
    journey.page.click("form.create-form button[type=submit]")
    journey.page.wait_for_url("**/#/personas/*", timeout=60_000)
    # Ready before leaving: the debug server stops on an event stream the browser closes mid-way.
    expect(journey.page.locator(".persona-head__badge .badge")).to_have_text("Ready", timeout=PORTRAIT_TIMEOUT_MS)
    journey.page.locator("#header-nav").get_by_role("link", name="Setup").click()
    journey.page.locator(".step-card[data-step='3']").get_by_role("link", name="Start").click()
    heading_is(journey.page, "Review your AI avatar")
    expect(journey.page.locator("#avatar-title")).to_contain_text("Ada's avatar")
    journey.page.get_by_role("button", name="Use this one: Ada, second look").click()
    expect(journey.page.locator("#avatar-title")).to_contain_text("Ada, second look")
    expect(journey.page.locator(".slot-grid--large .slot--verified")).to_have_count(5)
    expect(journey.page.get_by_role("button", name="Use this one: Ada's avatar")).to_be_visible()
