// How the account page describes a session or an API token (pure: the unit tests import it).
// A token row from GET /api/account/tokens is { id, kind, name, createdAt, lastUsedAt,
// lastUsedFrom, userAgent, expiresAt, current }.

/** "Chrome on Linux", "Safari on iPhone", "curl": enough to tell one's sessions apart. */
export function describeAgent(userAgent) {
  const ua = String(userAgent || "");
  if (!ua) return null;
  const browser = /Edg\//.test(ua) ? "Edge"
    : /OPR\/|Opera/.test(ua) ? "Opera"
      : /Firefox\//.test(ua) ? "Firefox"
        : /Chrome\/|Chromium\/|CriOS\//.test(ua) ? "Chrome"
          : /Safari\//.test(ua) && /Version\//.test(ua) ? "Safari"
            : /^curl\//.test(ua) ? "curl"
              : /^python-|^Python/.test(ua) ? "Python"
                : null;
  const system = /iPhone/.test(ua) ? "iPhone" : /iPad/.test(ua) ? "iPad" : /Android/.test(ua) ? "Android"
    : /Windows/.test(ua) ? "Windows" : /Mac OS X|Macintosh/.test(ua) ? "macOS" : /Linux|X11/.test(ua) ? "Linux" : null;
  if (browser && system) return `${browser} on ${system}`;
  return browser || system || ua.split(/[ /]/)[0].slice(0, 40);
}

/** The row's title: an API token's name, or the browser a session is in. */
export function tokenTitle(token) {
  if (token.kind === "api") return token.name || "Unnamed token";
  const agent = describeAgent(token.userAgent);
  return agent ? `Session · ${agent}` : "Browser session";
}

/** "3 minutes ago", "2 days ago", "just now": how long since `iso`, from `now`. */
export function ago(iso, now = Date.now()) {
  const then = new Date(iso).getTime();
  if (!Number.isFinite(then)) return null;
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 60) return "just now";
  const [value, unit] = seconds < 3600 ? [Math.floor(seconds / 60), "minute"]
    : seconds < 86400 ? [Math.floor(seconds / 3600), "hour"] : [Math.floor(seconds / 86400), "day"];
  return `${value} ${unit}${value === 1 ? "" : "s"} ago`;
}

/** "Created 2 days ago · last used 3 minutes ago from 203.0.113.9", or "… · never used". */
export function tokenDetail(token, now = Date.now()) {
  const created = token.createdAt ? `Created ${ago(token.createdAt, now)}` : null;
  const used = token.lastUsedAt
    ? `last used ${ago(token.lastUsedAt, now)}${token.lastUsedFrom ? ` from ${token.lastUsedFrom}` : ""}`
    : "never used";
  return [created, used].filter(Boolean).join(" · ");
}

/** Sessions first (the current one on top), then API tokens; newest first within each. */
export function sortTokens(tokens) {
  const rank = (t) => (t.current ? 0 : t.kind === "session" ? 1 : 2);
  return [...tokens].sort((a, b) => rank(a) - rank(b) || String(b.createdAt).localeCompare(String(a.createdAt)));
}
