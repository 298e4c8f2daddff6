// The page shell: who is signed in, the header (usage, sign-out), hash routing between views,
// toasts.
//   #/                 your personas
//   #/new              new persona
//   #/personas/<id>    one persona
import { Auth, Usage, onUnauthorized } from "./api.js";
import { h, icon, replaceChildren } from "./dom.js";
import { renderAuth } from "./views/auth.js";
import { renderList } from "./views/list.js";
import { renderCreate } from "./views/create.js";
import { renderPersona } from "./views/persona.js";

const main = document.getElementById("main");
const headerNav = document.getElementById("header-nav");
const toasts = document.getElementById("toasts");

let user = null;
let cleanup = null;
let usage = null;

const app = {
  get user() { return user; },
  navigate(hash) {
    if (location.hash === hash) route(); else location.hash = hash;
  },
  signedIn(nextUser) {
    user = nextUser;
    drawHeader();
    refreshUsage();
    if (!location.hash || location.hash === "#" || location.hash === "#/login") location.hash = "#/";
    else route();
  },
  toast,
  setTitle(text) { document.title = text ? `${text} · Inflio Personas` : "Inflio Personas"; },
  setUsage(value) { if (value && value.totals) { usage = value; drawUsage(); } },
  refreshUsage,
};

// ---------------------------------------------------------------- header
const usageEl = h("span", { class: "usage", title: "Image-model calls made for you, and their cost" });
const emailEl = h("span", { class: "account__email" });
const signOutButton = h("button", { type: "button", class: "btn btn-ghost btn-sm" }, "Sign out");
signOutButton.addEventListener("click", async () => {
  signOutButton.disabled = true;
  try { await Auth.logout(); } catch { /* signed out locally anyway */ }
  signOutButton.disabled = false;
  signedOut("You're signed out.");
});

function drawHeader() {
  headerNav.hidden = !user;
  if (!user) { headerNav.replaceChildren(); return; }
  emailEl.textContent = user.email || "Signed in";
  headerNav.replaceChildren(
    h("a", { class: "nav-link", href: "#/" }, "Personas"),
    h("a", { class: "btn btn-primary btn-sm", href: "#/new" }, icon("plus", { size: 16 }), "New persona"),
    usageEl,
    h("span", { class: "account" }, h("span", { class: "avatar", "aria-hidden": "true" }, (user.email || "?").slice(0, 1).toUpperCase()), emailEl),
    signOutButton,
  );
  drawUsage();
}

function drawUsage() {
  if (!usage || !usage.totals) { usageEl.hidden = true; return; }
  const { calls, costUSD } = usage.totals;
  usageEl.hidden = false;
  usageEl.textContent = `Usage: ${calls} call${calls === 1 ? "" : "s"}, $${Number(costUSD || 0).toFixed(2)}`;
}

async function refreshUsage() {
  if (!user) return;
  try { app.setUsage(await Usage.get()); } catch { /* the line simply stays as it was */ }
}

// ---------------------------------------------------------------- toasts
function toast(message) {
  const el = h("div", { class: "toast" }, icon("check", { size: 16 }), h("span", {}, message));
  toasts.append(el);
  setTimeout(() => el.classList.add("is-leaving"), 3200);
  setTimeout(() => el.remove(), 3600);
}

// ---------------------------------------------------------------- routing
function route() {
  if (cleanup) { try { cleanup(); } catch (e) { console.warn(e); } cleanup = null; }
  replaceChildren(main);
  window.scrollTo(0, 0);
  const hash = location.hash.replace(/^#/, "") || "/";
  const view = h("div", { class: "view" });
  main.append(view);

  if (!user) {
    app.setTitle("Sign in");
    cleanup = renderAuth(view, app);
  } else if (hash === "/new") {
    app.setTitle("New persona");
    cleanup = renderCreate(view, app);
  } else if (hash.startsWith("/personas/")) {
    app.setTitle("Persona");
    cleanup = renderPersona(view, app, decodeURIComponent(hash.slice("/personas/".length)));
  } else {
    app.setTitle("Your personas");
    cleanup = renderList(view, app);
  }
  // Move focus to the new page's heading (screen readers announce it), without scrolling.
  const heading = view.querySelector("h1[tabindex]");
  if (heading && document.activeElement !== heading) heading.focus({ preventScroll: true });
}

function signedOut(message) {
  user = null;
  usage = null;
  drawHeader();
  route();
  if (message) toast(message);
}

window.addEventListener("hashchange", route);
onUnauthorized(() => { if (user) signedOut("Your session ended. Please sign in again."); });

async function boot() {
  try {
    const result = await Auth.me();
    user = result.user;
  } catch {
    user = null;
  }
  document.body.classList.remove("is-booting");
  drawHeader();
  route();
  if (user) refreshUsage();
}

boot();
