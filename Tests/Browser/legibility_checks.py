"""What the page must keep in sight and legible (issue 11, item 6), measured in the browser:

- a toast is on screen below the header (over it on a phone), over no control (button, field, the
  drop zone), nor the page's title, nor the sticky action bar, and lets a click through (it sat over step 3's portraits, whose
  buttons open them, and over the drop zone on a phone), and axe finds nothing serious in it;
- an inactive tab's text is at least 4.5:1 against its background, the focus ring (--focus) at
  least 3:1 against what it sits on, from the computed colours;
- a portrait's focus ring shows over the picture (an inset shadow was painted under the image).
"""

import io

from PIL import Image
from playwright.sync_api import Page, expect

from page_support import check, scan

# WCAG's contrast ratio of computed colours; `behind(el)` composites the backgrounds under `el`.
COLOURS = """
const parse = (c) => { const p = c.match(/rgba?\\(([^)]+)\\)/)[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
  return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
const lum = ({ r, g, b }) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
  .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
const ratio = (x, y) => (Math.max(lum(x), lum(y)) + 0.05) / (Math.min(lum(x), lum(y)) + 0.05);
const over = (top, under) => ({ r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
  b: top.b * top.a + under.b * (1 - top.a), a: 1 });
const behind = (el) => { const layers = [];
  for (let n = el; n; n = n.parentElement) { const c = parse(getComputedStyle(n).backgroundColor);
    if (c.a > 0) layers.unshift(c); if (c.a === 1) break; }
  return layers.reduce((under, c) => over(c, under), { r: 255, g: 255, b: 255, a: 1 }); };
"""


def toast_clear_of_actions(page: Page, where: str):
    """The toast just shown: below the sticky header (over it on a phone, where below it hid the
    page's title) and inside the viewport, over neither the sticky action bar, a control nor the
    page's title, and a click at its middle reaches the page under it. (A link may be under it:
    the back link at the top of a phone's page, the header's twin.)"""
    expect(page.locator("#toasts .toast").last).to_be_visible()
    expect(page.locator("#toasts")).to_have_attribute("role", "status")
    # Where it settles: it slides in from 8 px higher.
    page.wait_for_function("() => document.querySelector('#toasts .toast:last-child').getAnimations().length === 0")
    placed = page.evaluate("""() => {
        const toast = document.querySelector('#toasts .toast:last-child');
        const t = toast.getBoundingClientRect();
        const hit = (r) => r.width > 0 && r.left < t.right && t.left < r.right && r.top < t.bottom && t.top < r.bottom;
        const header = document.querySelector('.site-header').getBoundingClientRect();
        const under = document.elementFromPoint((t.left + t.right) / 2, (t.top + t.bottom) / 2);
        const controls = document.querySelectorAll('#main :is(button, input, textarea, select, .btn, .dropzone), .action-bar');
        // The title's words, not its block (which spans the page's width).
        const title = document.querySelector('#main h1');
        const words = title && document.createRange();
        if (words) words.selectNodeContents(title);
        const phone = innerWidth <= 640;
        return {
            onScreen: (phone ? t.top >= header.top && t.top < header.bottom : t.top >= header.bottom)
                && t.bottom <= innerHeight && t.left >= 0 && t.right <= innerWidth,
            covers: [...controls].filter((el) => hit(el.getBoundingClientRect()))
                .map((el) => el.textContent.trim().slice(0, 40) || el.className)
                .concat(words && hit(words.getBoundingClientRect()) ? [`the title, ${title.textContent.trim()}`] : []),
            clickThrough: !toast.contains(under),
            box: [t.left, t.top, t.right, t.bottom].map(Math.round),
        };
    }""")
    check(placed["onScreen"], f"{where}: the toast is not on screen where it belongs (below the header, over it on a phone): {placed['box']}")
    check(not placed["covers"], f"{where}: the toast covers {placed['covers']} (at {placed['box']})")
    check(placed["clickThrough"], f"{where}: the toast catches clicks meant for the page under it")
    scan(page, f"{where}, its toast", within="#toasts")


def focus_by_keyboard(page: Page, selector: str, limit=40):
    """Tab until `selector` has the focus (the keyboard, so that :focus-visible applies)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
    check(False, f"{limit} presses of Tab never reached {selector}")


def tab_and_focus_contrast(page: Page):
    """On the sign-in page: each inactive tab's text against the tab list's grey, and the focus
    ring's solid colour (the last of --focus's shadows) against that grey, where it sits."""
    expect(page.locator("[role=tab][aria-selected=false]").first).to_be_visible()
    tabs = page.evaluate(f"""() => {{ {COLOURS}
        return [...document.querySelectorAll('[role=tab][aria-selected=false]')].map((tab) =>
            [tab.textContent.trim(), ratio(parse(getComputedStyle(tab).color), behind(tab))]); }}""")
    check(tabs, "no inactive tab on the sign-in page")
    for name, measured in tabs:
        check(measured >= 4.5, f"the inactive tab '{name}' has text at {measured:.2f}:1 against its background (< 4.5)")
    focus_by_keyboard(page, "[role=tab][aria-selected=true]")
    ring = page.evaluate(f"""() => {{ {COLOURS}
        const tab = document.activeElement;
        const colours = [...getComputedStyle(tab).boxShadow.matchAll(/rgba?\\([^)]+\\)/g)].map((m) => parse(m[0]));
        const under = behind(tab.parentElement);
        return colours.length ? ratio(over(colours[colours.length - 1], under), under) : 0; }}""")
    check(ring >= 3, f"the focus ring is {ring:.2f}:1 against the tab list's background (< 3)")


def portrait_focus_ring_shows(page: Page):
    """The first portrait's open button, focused from the keyboard: its edge shows the ring (ink
    with white inside), one of the two at least 3:1 against the picture beside it."""
    page.locator(".slot-grid .slot__open").first.focus()
    page.keyboard.press("Shift+Tab")
    focus_by_keyboard(page, ".slot-grid .slot__open", limit=1)  # back to the first, from the keyboard
    with Image.open(io.BytesIO(page.locator(".slot-grid .slot__media").first.screenshot())) as shot:
        rgb = shot.convert("RGB")
    middle = rgb.height // 2
    edge, inside, picture = rgb.getpixel((1, middle)), rgb.getpixel((4, middle)), rgb.getpixel((8, middle))
    near = lambda got, want: all(abs(a - b) <= 16 for a, b in zip(got, want))  # noqa: E731
    check(near(edge, (37, 58, 82)) and near(inside, (255, 255, 255)),  # --ink, then white
          f"the focused portrait shows no ring at its edge: {edge}, then {inside}")
    contrast = page.evaluate(f"""([a, b, c]) => {{ {COLOURS}
        const rgb = ([r, g, b]) => ({{ r, g, b, a: 1 }});
        return Math.max(ratio(rgb(a), rgb(c)), ratio(rgb(b), rgb(c))); }}""", [edge, inside, picture])
    check(contrast >= 3, f"the portrait's focus ring is {contrast:.2f}:1 against the picture (< 3)")


# Every element in each card (selector) that reaches past the card's sides, and cards scrolled sideways.
SPILLS = """(selector) => [...document.querySelectorAll(selector)].flatMap((card) => {
    const box = card.getBoundingClientRect();
    const spilt = [...card.querySelectorAll('*')].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && (r.right > box.right + 1 || r.left < box.left - 1);
    }).map((el) => `${card.className.split(' ')[0]}: ${el.className || el.tagName} "${el.textContent.trim().slice(0, 30)}"`);
    return card.scrollLeft > 0 || card.scrollWidth > card.clientWidth + 1 ? [...spilt, `${card.className}: scrolled sideways`] : spilt;
})"""


def cards_hold_their_content(page: Page, where: str):
    """At a phone's 390 px, two portraits and two photos to a row: each card holds its text, a
    distance in brackets, a long file name and the open instruction form included (a tester saw
    "(measured distance 0.16", "Downloa" and a form pushed out of the card, its card scrolled)."""
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        spilt = page.evaluate(SPILLS, ".slot-grid .slot, .photo-card")
        check(not spilt, f"{where}: content reaches past its card on a phone: {spilt[:4]}")
        right = page.locator(".slot-grid .slot").nth(1)
        right.get_by_role("button", name="Regenerate").click()
        right.locator(".regen-form input").focus()
        spilt = page.evaluate(SPILLS, ".slot-grid .slot")
        check(not spilt, f"{where}: the open instruction form reaches past its card on a phone: {spilt[:4]}")
        right.locator(".regen-form").get_by_role("button", name="Cancel").click()
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
