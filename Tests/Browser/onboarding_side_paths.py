"""Side paths of onboarding_test.py's mouse journey, each a function of the Journey: photos
that can't be used in 1.3, flagged one by one as they arrive (and a long-named file that isn't a
photo on the phone), an instruction refused on the phone's persona page, and a second persona
chosen as the avatar in step 3 (its toasts clear of the action bar, on the phone too), and step 3
once its avatar is deleted.
"""

import re
from pathlib import Path

from playwright.sync_api import expect

from creator_checks import long_names_fit_a_phone
from legibility_checks import toast_clear_of_actions
from onboarding_support import PORTRAIT_TIMEOUT_MS, check_phone, heading_is, photo_announcements, scan
from web_page_test import check, thumb_states, wait_verdicts


def photos_rejected(journey):
    """Five photos, two of which can't be used: each thumbnail says so in words as its answer
    arrives (two faces in one, which is also a wider crop of another photo: asked about; someone
    else, asked about before anything is built), the set's line
    and the primary action say what is missing; removing those two (the focus staying in the grid)
    and adding three good ones makes six usable."""
    page = journey.page
    faces = Path(journey.args.photos)
    originals = [p for p in journey.photos if p.parent == faces]
    mirrored = [p for p in journey.photos if p.parent != faces]
    # In two goes: two-people.jpg is also a wider crop of obama-3.jpg's picture, and which of two
    # near-duplicates is "the copy" depends on which was stored first.
    page.set_input_files("#photo-input", [str(p) for p in originals])
    wait_verdicts(page, 3)
    page.set_input_files("#photo-input", [str(faces / "two-people.jpg"), str(faces / "rose-leslie-1.jpg")])
    wait_verdicts(page, 5)
    states = thumb_states(page)
    for photo in originals:
        check(states[photo.name].startswith("Usable"), f"{photo.name} should be usable: {states}")
    check(not states["two-people.jpg"].startswith("Usable"), f"two-people.jpg was taken as usable: {states}")
    two = page.locator(".draft-grid .thumb", has=page.locator(".thumb__name", has_text="two-people.jpg"))
    expect(two.locator(".thumb__notes")).to_contain_text(re.compile(r"more than one face", re.I))  # its reason, in words
    expect(two.locator(".thumb__question")).to_contain_text("Same picture as obama-3.jpg — remove it?")
    stranger = page.locator(".draft-grid .thumb", has=page.locator(".thumb__name", has_text="rose-leslie-1.jpg"))
    expect(stranger.locator(".thumb__question")).to_contain_text("This one looks like someone else — remove it?")
    expect(page.locator("#photo-count")).to_contain_text("3 usable of 5 needed")
    expect(page.locator(".draft-missing")).to_contain_text("Add 2 more usable photos")
    primary = page.locator(".wizard__primary")
    expect(primary).to_be_disabled()
    expect(page.locator("#wizard-primary-hint")).to_contain_text("Add 2 more usable photos")
    # A screen reader heard each question once (a polite live region), and the set's line.
    said = photo_announcements(page)
    for question in ("rose-leslie-1.jpg: This one looks like someone else — remove it?",
                     "two-people.jpg: Same picture as obama-3.jpg — remove it?"):
        heard = sum(text.count(question) for text in said)
        check(heard == 1, f"'{question}' was announced {heard} times: {said}")
    check(any("3 usable of 5 needed" in text for text in said), f"the set's line was never announced: {said}")
    journey.screen("1-3-photos-flagged", "Your AI avatar", focused=False)
    # The phone tab is on this screen now: a long-named file that isn't a photo must not widen it
    # (no photo: the draft is shared with the desktop tab).
    journey.phone.bring_to_front()
    long_names_fit_a_phone(journey.phone, Path(journey.args.work_dir), with_photo=False)
    page.bring_to_front()

    stranger.get_by_role("button", name="Remove rose-leslie-1.jpg").first.click()
    expect(stranger).to_have_count(0)
    focused = page.evaluate("() => document.activeElement && document.activeElement.closest('.draft-grid .thumb') !== null")
    check(focused, "after removing a photo the focus left the photos")
    two.locator(".thumb__remove").click()
    expect(two).to_have_count(0)
    expect(page.locator("#photo-count")).to_contain_text("3 usable of 5 needed")
    page.set_input_files("#photo-input", [str(p) for p in mirrored])
    wait_verdicts(page, 6)


def another_avatar(journey):
    """A second persona made on "New persona" (the notice, accepted in 1.3, is not asked again);
    step 3 offers it as the avatar instead, and takes it."""
    journey.page.locator("#header-nav").get_by_role("link", name="New persona").click()
    heading_is(journey.page, "New persona")
    expect(journey.page.locator("#persona-name")).to_be_visible()
    scan(journey.page, "new persona")
    journey.page.fill("#persona-name", "Ada, second look")
    journey.page.set_input_files("#photo-input", [str(p) for p in journey.photos])
    wait_verdicts(journey.page, len(journey.photos))
    scan(journey.page, "new persona, photos checked")
    journey.page.screenshot(path=str(journey.shots / "new-persona-photos.png"), full_page=True)
    build = journey.page.locator("form.create-form button[type=submit]")
    expect(build).to_have_text(f"Build persona from {len(journey.photos)} photos")
    build.click()
    journey.page.wait_for_url("**/#/personas/*", timeout=60_000)
    # Ready before leaving: the debug server stops on an event stream the browser closes mid-way.
    expect(journey.page.locator(".persona-head__badge .badge")).to_have_text("Ready", timeout=PORTRAIT_TIMEOUT_MS)
    journey.page.locator("#header-nav").get_by_role("link", name="Setup").click()
    journey.page.locator(".step-card[data-step='3']").get_by_role("link", name="Start").click()
    heading_is(journey.page, "Review your AI avatar")
    expect(journey.page.locator("#avatar-title")).to_contain_text("Ada's avatar")
    journey.page.get_by_role("button", name="Use this one: Ada, second look").click()
    expect(journey.page.locator("#avatar-title")).to_contain_text("Ada, second look")
    toast_clear_of_actions(journey.page, "step 3, desktop")
    toasts_on_a_phone(journey)
    expect(journey.page.locator(".slot-grid--large .slot--verified")).to_have_count(5)
    expect(journey.page.get_by_role("button", name="Use this one: Ada's avatar")).to_be_visible()


def toasts_on_a_phone(journey):
    """Step 3 at 390×844: the avatar switched to the first persona and back, each toast clear of
    the sticky action bar ("Confirm my avatar") and of the portraits."""
    phone = journey.phone
    phone.bring_to_front()
    if phone.url.endswith("#/steps/3"):
        phone.reload()
    else:
        phone.goto(journey.base + "/#/steps/3")
    for name in ("Ada's avatar", "Ada, second look"):
        phone.get_by_role("button", name=f"Use this one: {name}").click()
        expect(phone.locator("#avatar-title")).to_contain_text(name)
        toast_clear_of_actions(phone, f"step 3, phone, {name} chosen")
    journey.page.bring_to_front()


def refusal_on_a_phone(journey):
    """The persona page at 390×844, its portraits in two columns: an instruction the offline
    studio cannot carry out is answered as information, and the card takes the whole row while
    its form and that answer show (at half the width they ran three words a line), then goes
    back to its column once closed."""
    phone = journey.phone
    phone.bring_to_front()
    personas = phone.request.get(journey.base + "/api/personas").json()["personas"]
    phone.goto(f"{journey.base}/#/personas/{personas[0]['id']}")
    grid = phone.locator(".slot-grid").first
    card = grid.locator(".slot").nth(1)
    width = lambda el: el.evaluate("e => e.getBoundingClientRect().width")  # noqa: E731
    expect(card.get_by_role("button", name="Regenerate")).to_be_visible()
    check(width(card) < 0.6 * width(grid), f"phone: the portraits are not in two columns ({width(card)} of {width(grid)})")
    refusal = ("/api/personas/*", 422)
    journey.phone_watch.expected = set(journey.phone_watch.expected) | {refusal}
    card.get_by_role("button", name="Regenerate").click()
    card.get_by_label("Instruction").fill("put me in a navy blazer")
    card.locator("form").get_by_role("button", name="Regenerate").click()
    expect(card.locator(".inline-note-info")).to_contain_text("Clothing and accessories need a generative image model")
    check(width(card) > 0.95 * width(grid), f"phone: the refused card kept {width(card)} of {width(grid)} px")
    overflow = phone.evaluate("() => document.documentElement.scrollWidth - Math.min(window.innerWidth, screen.width)")
    check(overflow <= 0, f"phone, an instruction refused: {overflow} px of horizontal overflow")
    card.screenshot(path=str(journey.shots / "phone-persona-refusal.png"))
    card.get_by_role("button", name="Cancel").click()
    check(width(card) < 0.6 * width(grid), "phone: the card stayed wide after its form was closed")
    journey.phone_watch.expected = journey.phone_watch.expected - {refusal}
    journey.page.bring_to_front()


def no_avatar_left(journey):
    """Step 3, confirmed, once its avatar is deleted: the page says there is none and offers only
    what is there (another persona "below" while there is one; after the last, making one), and its
    button goes back to the setup (it showed a disabled "Confirm my avatar" and "choose one below"
    above nothing)."""
    page = journey.page
    headers = {"X-Inflio-Request": "1"}
    personas = {p["name"]: p["id"] for p in page.request.get(journey.base + "/api/personas").json()["personas"]}
    # The phone leaves the avatar's page first: its portraits' stream would follow a deleted persona.
    journey.phone.goto(journey.base + "/#/")
    expect(journey.phone.locator("h1.page-title")).to_have_text("Your content studio setup")
    expect(journey.phone.locator(".step-card[data-step='3']")).to_be_visible()
    for name, still_there in (("Ada, second look", "Ada's avatar"), ("Ada's avatar", None)):
        # The pages' images loaded first: one still on its way when its persona goes gets a 404,
        # which the watch counts as a failure.
        for each in (page, journey.phone):
            each.wait_for_function("() => [...document.images].every((img) => img.complete)")
        deleted = page.request.delete(f"{journey.base}/api/personas/{personas[name]}", headers=headers)
        check(deleted.ok, f"deleting {name}: {deleted.status} {deleted.text()[:200]}")
        # By the address's fragment, as the app's own links go (a reload aborted the page's
        # requests still on their way, which the watch counts as failures).
        page.goto(journey.base + "/#/")
        heading_is(page, "Your content studio setup")
        expect(page.locator(".step-card[data-step='3']")).to_be_visible()
        page.goto(journey.base + "/#/steps/3")
        heading_is(page, "Review your AI avatar")
        expect(page.get_by_role("heading", name="No AI avatar yet")).to_be_visible()
        intro = page.locator(".wizard__head .page-sub")
        empty = page.locator(".empty.card p")
        expect(intro).not_to_contain_text("Your portraits")
        expect(page.get_by_role("button", name="Back to your setup")).to_be_visible()
        expect(page.get_by_role("button", name="Confirm my avatar")).to_have_count(0)
        if still_there:
            expect(intro).to_contain_text("choose one of yours below")
            expect(empty).to_contain_text("choose one below")
            expect(page.get_by_role("button", name=f"Use this one: {still_there}")).to_be_visible()
        else:
            expect(intro).to_contain_text("make a persona from your photos")
            expect(empty).not_to_contain_text("below")
            expect(page.locator(".chooser")).to_have_count(0)
        scan(page, f"step 3, no avatar ({name} deleted)")
        shot = f"3-no-avatar-{'one-left' if still_there else 'none'}"
        page.screenshot(path=str(journey.shots / f"{shot}.png"))
        check_phone(journey.phone, journey.base, "#/steps/3", "Review your AI avatar", journey.shots, shot)
