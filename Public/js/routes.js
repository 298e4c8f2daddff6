// The route table: which view a location hash shows, and its page title. Signed out, every hash
// shows the sign-in page. Matching is pure (the unit tests check it); the views only render when
// called, so importing this touches no page.
//   #/                 your personas (also anything unknown)
//   #/new              new persona
//   #/personas/<id>    one persona
//
// A path is literal segments, and at the end optionally `*name`: the rest of the path (at least
// the slash before it), decoded, as params.name.
import { renderAuth } from "./views/auth.js";
import { renderList } from "./views/list.js";
import { renderCreate } from "./views/create.js";
import { renderPersona } from "./views/persona.js";

export const SIGN_IN = { name: "sign-in", title: "Sign in", render: renderAuth };

export const ROUTES = [
  { name: "new-persona", path: "/new", title: "New persona", render: renderCreate },
  { name: "persona", path: "/personas/*id", title: "Persona", render: (view, app, params) => renderPersona(view, app, params.id) },
  { name: "personas", path: "/", title: "Your personas", render: renderList },
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
