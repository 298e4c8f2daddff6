// The route table: which view a location hash shows, and its page title. Signed out, every hash
// shows the sign-in page. Matching is pure (the unit tests check it), and the views are loaded
// only when first shown (a dynamic import), so the first visit fetches just the launchpad's code
// and importing this touches no page.
//   #/                 the launchpad, "Your content studio setup" (also anything unknown)
//   #/onboarding       step 1, the wizard
//   #/steps/<n>        step 2 (brand), step 3 (avatar); step 1 is the wizard; others: the launchpad
//   #/personas         your personas
//   #/new              new persona
//   #/new/<draft id>   new persona, going on with that unfinished draft ("Continue it")
//   #/personas/<id>    one persona
//   #/account          your account: password, sessions and tokens, your data, deletion
//   #/studio           "Create": the content studio's form and the earlier designs
//   #/studio/persona/<id>  the same, with that persona chosen (from its page)
//   #/studio/<id>      one design: its preview, versions, refinement chat, downloads
//
// A path is literal segments, and at the end optionally `*name`: the rest of the path (at least
// the slash before it), decoded, as params.name.
import { h, spinner } from "./dom.js";
import { renderAuth } from "./views/auth.js";

/**
 * A view's render function that imports its module first: `show(module, view, app, params)` draws
 * it once loaded (unless the page moved on meanwhile); the returned clean-up works before and after.
 */
export function lazy(load, show) {
  return (view, app, params) => {
    let gone = false;
    let cleanup = null;
    const waiting = h("div", { class: "loading-block" }, spinner(), h("span", {}, "Loading…"));
    view.append(waiting);
    load().then((module) => {
      if (gone) return;
      waiting.remove();
      cleanup = show(module, view, app, params) || null;
      app.focusHeading(view);
    }).catch(() => {
      if (gone) return;
      waiting.replaceWith(h("div", { class: "banner banner-danger", role: "alert" },
        "This page could not be loaded. Check your connection and reload."));
    });
    return () => { gone = true; if (cleanup) cleanup(); };
  };
}

export const SIGN_IN = { name: "sign-in", title: "Sign in", render: renderAuth };

export const ROUTES = [
  { name: "onboarding", path: "/onboarding", title: "Complete onboarding", render: lazy(() => import("./views/onboarding/wizard.js"), (m, view, app) => m.renderWizard(view, app)) },
  { name: "step-1", path: "/steps/1", title: "Complete onboarding", render: (view, app) => { app.navigate("#/onboarding", { replace: true }); } },
  { name: "step-brand", path: "/steps/2", title: "Review your brand", render: lazy(() => import("./views/step-brand.js"), (m, view, app) => m.renderStepBrand(view, app)) },
  { name: "step-avatar", path: "/steps/3", title: "Review your AI avatar", render: lazy(() => import("./views/step-avatar.js"), (m, view, app) => m.renderStepAvatar(view, app)) },
  { name: "step-other", path: "/steps/*n", title: "Your setup", render: (view, app, params) => { app.refuseStep(params.n); } },
  { name: "personas", path: "/personas", title: "Your personas", render: lazy(() => import("./views/list.js"), (m, view, app) => m.renderList(view, app)) },
  { name: "new-persona", path: "/new", title: "New persona", render: lazy(() => import("./views/create.js"), (m, view, app) => m.renderCreate(view, app)) },
  { name: "new-persona-draft", path: "/new/*draftId", title: "New persona", render: lazy(() => import("./views/create.js"), (m, view, app, params) => m.renderCreate(view, app, { draftId: params.draftId })) },
  { name: "persona", path: "/personas/*id", title: "Persona", render: lazy(() => import("./views/persona.js"), (m, view, app, params) => m.renderPersona(view, app, params.id)) },
  { name: "studio", path: "/studio", title: "Create", render: lazy(() => import("./views/studio/home.js"), (m, view, app) => m.renderStudio(view, app)) },
  // Before the design route, whose rest parameter would take "persona/<id>" as a design id.
  { name: "studio-persona", path: "/studio/persona/*personaId", title: "Create", render: lazy(() => import("./views/studio/home.js"), (m, view, app, params) => m.renderStudio(view, app, { personaId: params.personaId })) },
  { name: "design", path: "/studio/*id", title: "Design", render: lazy(() => import("./views/studio/design-page.js"), (m, view, app, params) => m.renderDesignPage(view, app, params.id)) },
  { name: "account", path: "/account", title: "Your account", render: lazy(() => import("./views/account.js"), (m, view, app) => m.renderAccount(view, app)) },
  { name: "launchpad", path: "/", title: "Your setup", render: lazy(() => import("./views/launchpad.js"), (m, view, app) => m.renderLaunchpad(view, app)) },
];

/** The route shown when nothing else matches. */
export const FALLBACK = ROUTES[ROUTES.length - 1];

/** "#/new" → "/new"; "", "#" → "/". */
export function hashPath(hash) {
  return String(hash || "").replace(/^#/, "") || "/";
}

/** The params of `path` on `pattern`, or null when it does not match. */
export function matchPath(pattern, path) {
  const want = pattern.split("/");
  const have = path.split("/");
  const params = {};
  for (let i = 0; i < want.length; i += 1) {
    if (i >= have.length) return null;
    if (want[i].startsWith("*")) {
      params[want[i].slice(1)] = decodeURIComponent(have.slice(i).join("/"));
      return params;
    }
    if (want[i] !== have[i]) return null;
  }
  return have.length === want.length ? params : null;
}

/** { route, params } for a location hash; signed out, always the sign-in page. */
export function matchRoute(hash, { signedIn, routes = ROUTES, fallback = FALLBACK, signIn = SIGN_IN } = {}) {
  if (!signedIn) return { route: signIn, params: {} };
  const path = hashPath(hash);
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return { route: fallback, params: {} };
}
