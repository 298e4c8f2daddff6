// The page shell: who is signed in and their usage (a store that outlives the views), the header
// (setup, personas, create, usage, sign-out), hash routing between views (the table is in routes.js),
// toasts, a one-time message for the next page (flash), the guide's announcements (each message
// once, in a polite live region that outlives the views) and the funnel's page side.
import { Auth, Onboarding, Usage, onUnauthorized } from "./api.js";
import { h, icon, replaceChildren } from "./dom.js";
import { usageText } from "./format.js";
import { createFunnel } from "./funnel.js";
import { createAnnouncer } from "./guide.js";
import { hashPath, matchRoute } from "./routes.js";
import { createStore } from "./store.js";
import { SIGNED_IN_BEFORE, mightBeSignedIn } from "./session-hint.js";

const main = document.getElementById("main");
const headerNav = document.getElementById("header-nav");
const toasts = document.getElementById("toasts");
const guideLive = document.getElementById("guide-live");

const announcer = createAnnouncer();
let flashMessage = null;

/** { user, usage }: the header redraws itself whenever they change. */
const session = createStore({ user: null, usage: null });

/** Someone who has signed in on this browser meets "Sign in" next time; a new visitor, "Create account". */
function rememberSignedInBefore() {
  try { window.localStorage.setItem(SIGNED_IN_BEFORE, "1"); } catch { /* storage refused: no memory, no harm */ }
}
let cleanup = null;

const app = {
  get user() { return session.get("user"); },
  navigate(hash, { replace = false } = {}) {
    if (location.hash === hash) route();
    // (replace: after the current render has finished, when called from inside one)
    else if (replace) { history.replaceState(null, "", hash); queueMicrotask(route); } else location.hash = hash;
  },
  /** Shows the launchpad with `message` (a step that cannot be opened). */
  refuse(message) {
    flashMessage = message;
    app.navigate("#/", { replace: true });
  },
  refuseStep(n) {
    app.refuse(/^[1-9]$/.test(String(n)) ? `Step ${n} is not available on this server yet.` : "There is no such step.");
  },
  /** The message left for this page by the one before (once). */
  takeFlash() { const message = flashMessage; flashMessage = null; return message; },
  /** Says the guide's words to screen readers, once per message id. */
  announceGuide(guide) {
    const text = announcer.take(guide);
    if (!text) return;
    // A fresh node, so that the same region announces every new message.
    guideLive.replaceChildren(h("p", {}, text));
  },
  funnel: createFunnel((event) => Onboarding.report(event)),
  /** Focus on the view's heading (screen readers announce it), without scrolling. */
  focusHeading(view) {
    const heading = view.querySelector("h1[tabindex]");
    if (heading && document.activeElement !== heading) heading.focus({ preventScroll: true });
  },
  signedIn(nextUser) {
    session.set({ user: nextUser });
    rememberSignedInBefore();
    refreshUsage();
    if (!location.hash || location.hash === "#" || location.hash === "#/login") location.hash = "#/";
    else route();
  },
  toast,
  /** Back to the sign-in page with `message` (the session was ended here: signed out, deleted). */
  signedOutWith(message) { signedOut(message); },
  setTitle(text) { document.title = text ? `${text} · Inflio Personas` : "Inflio Personas"; },
  setUsage(value) { if (value && value.totals) session.set({ usage: value }); },
  refreshUsage,
};

// ---------------------------------------------------------------- header
const usageEl = h("span", { class: "usage", title: "Portraits and designs made for you so far, and what the image model charged for them" });
const emailEl = h("span", { class: "account__email" });
const signOutButton = h("button", { type: "button", class: "btn btn-ghost btn-sm" }, "Sign out");
signOutButton.addEventListener("click", async () => {
  signOutButton.disabled = true;
  try { await Auth.logout(); } catch { /* signed out locally anyway */ }
  signOutButton.disabled = false;
  signedOut("You're signed out.");
});

session.subscribe((state, previous, changed) => {
  if (changed.includes("user")) drawHeader();
  else if (changed.includes("usage")) drawUsage();
});

function drawHeader() {
  const user = session.get("user");
  headerNav.hidden = !user;
  if (!user) { headerNav.replaceChildren(); return; }
  emailEl.textContent = user.email || "Signed in";
  headerNav.replaceChildren(
    h("a", { class: "nav-link", href: "#/", dataset: { nav: "setup" } }, "Setup"),
    h("a", { class: "nav-link", href: "#/personas", dataset: { nav: "personas" } }, "Personas"),
    h("a", { class: "nav-link", href: "#/studio", dataset: { nav: "studio" } }, "Create"),
    h("a", { class: "btn btn-primary btn-sm", href: "#/new" }, icon("plus", { size: 16 }), "New persona"),
    usageEl,
    // Named in words: on a phone the address is hidden, and the initial alone said nothing.
    h("a", { class: "account", href: "#/account", dataset: { nav: "account" }, title: "Your account: password, tokens, your data",
      "aria-label": `Your account, ${user.email || "signed in"}` },
      h("span", { class: "avatar", "aria-hidden": "true" }, (user.email || "?").slice(0, 1).toUpperCase()), emailEl),
    signOutButton,
  );
  drawUsage();
  markNav();
}

/** aria-current on the header link of the page shown. */
function markNav() {
  const path = hashPath(location.hash);
  const section = path === "/" || path.startsWith("/onboarding") || path.startsWith("/steps") ? "setup"
    : path.startsWith("/personas") || path === "/new" ? "personas" : path === "/account" ? "account"
      : path === "/studio" || path.startsWith("/studio/") ? "studio" : null;
  headerNav.querySelectorAll("[data-nav]").forEach((link) => {
    if (link.dataset.nav === section) link.setAttribute("aria-current", "page"); else link.removeAttribute("aria-current");
  });
}

function drawUsage() {
  const text = usageText(session.get("usage"));
  usageEl.hidden = !text;
  if (text) usageEl.textContent = text;
}

async function refreshUsage() {
  if (!session.get("user")) return;
  try { app.setUsage(await Usage.get()); } catch { /* the line simply stays as it was */ }
}

// ---------------------------------------------------------------- toasts
const siteHeader = document.querySelector(".site-header");

const phoneWidth = window.matchMedia("(max-width: 640px)");

function toast(message) {
  // At the top, away from the bottom where the sticky action bar and a page's buttons are (a
  // toast there sat over step 3's portraits, and a phone's drop zone): just below the sticky
  // header, its height measured (it wraps), or on a phone over the header's own first row, since
  // below it the toast hid the page's title for its three seconds (a tester's finding), and the
  // header's links stay a tap away (clicks go through a toast).
  const header = siteHeader ? siteHeader.getBoundingClientRect() : null;
  const top = !header ? 12 : phoneWidth.matches ? Math.max(0, header.top) + 6 : Math.max(0, header.bottom) + 12;
  toasts.style.setProperty("--toasts-top", `${Math.round(top)}px`);
  const el = h("div", { class: "toast" }, icon("check", { size: 16 }), h("span", {}, message));
  toasts.append(el);
  setTimeout(() => el.classList.add("is-leaving"), 3200);
  setTimeout(() => el.remove(), 3600);
}

// ---------------------------------------------------------------- routing
function route() {
  if (cleanup) { try { cleanup(); } catch (e) { console.warn(e); } cleanup = null; }
  app.funnel.leave();
  replaceChildren(main);
  window.scrollTo(0, 0);
  const view = h("div", { class: "view" });
  main.append(view);

  const { route: shown, params } = matchRoute(location.hash, { signedIn: !!session.get("user") });
  app.setTitle(shown.title);
  cleanup = shown.render(view, app, params) || null;
  markNav();
  // Move focus to the new page's heading (screen readers announce it), without scrolling.
  app.focusHeading(view);
}

function signedOut(message) {
  session.set({ user: null, usage: null });
  announcer.forget();
  flashMessage = null;
  route();
  if (message) toast(message);
}

window.addEventListener("hashchange", route);
onUnauthorized(() => { if (session.get("user")) signedOut("Your session ended. Please sign in again."); });

/** localStorage, or null where it is refused (reading the property itself can throw). */
function storageOrNull() {
  try { return window.localStorage; } catch { return null; }
}

async function boot() {
  let user = null;
  // A new visitor has no session to ask about (asking would log a 401 in their console).
  if (mightBeSignedIn({ cookie: document.cookie, storage: storageOrNull() })) {
    try {
      const result = await Auth.me();
      user = result.user;
    } catch {
      user = null;
    }
  }
  document.body.classList.remove("is-booting");
  session.set({ user }); // draws the header when signed in
  if (user) rememberSignedInBefore(); // a session from before this browser kept the mark
  route();
  if (user) refreshUsage();
}

boot();
