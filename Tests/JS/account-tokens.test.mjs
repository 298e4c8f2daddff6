import assert from "node:assert/strict";
import test from "node:test";
import { ago, describeAgent, sortTokens, tokenDetail, tokenTitle } from "../../Public/js/account-tokens.js";

const CHROME_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

test("a user agent becomes a browser and a system", () => {
  assert.equal(describeAgent(CHROME_LINUX), "Chrome on Linux");
  assert.equal(describeAgent(SAFARI_IPHONE), "Safari on iPhone");
  assert.equal(describeAgent("curl/8.5.0"), "curl");
  assert.equal(describeAgent("AsyncHTTPClient"), "AsyncHTTPClient");
  assert.equal(describeAgent(null), null);
});

test("rows are titled by name or by browser", () => {
  assert.equal(tokenTitle({ kind: "api", name: "deploy" }), "deploy");
  assert.equal(tokenTitle({ kind: "session", userAgent: CHROME_LINUX }), "Session · Chrome on Linux");
  assert.equal(tokenTitle({ kind: "session" }), "Browser session");
});

test("times are said as how long ago", () => {
  const now = Date.parse("2026-12-02T12:00:00Z");
  assert.equal(ago("2026-12-02T11:59:30Z", now), "just now");
  assert.equal(ago("2026-12-02T11:57:00Z", now), "3 minutes ago");
  assert.equal(ago("2026-12-02T11:00:00Z", now), "1 hour ago");
  assert.equal(ago("2026-11-30T12:00:00Z", now), "2 days ago");
  assert.equal(ago("not a date", now), null);
  assert.equal(
    tokenDetail({ createdAt: "2026-11-30T12:00:00Z", lastUsedAt: "2026-12-02T11:57:00Z", lastUsedFrom: "203.0.113.9" }, now),
    "Created 2 days ago · last used 3 minutes ago from 203.0.113.9");
  assert.equal(tokenDetail({ createdAt: "2026-12-02T11:59:59Z" }, now), "Created just now · never used");
});

test("the current session comes first, then sessions, then API tokens", () => {
  const sorted = sortTokens([
    { id: "a", kind: "api", createdAt: "2026-12-01" },
    { id: "s1", kind: "session", createdAt: "2026-11-01" },
    { id: "c", kind: "session", current: true, createdAt: "2026-10-01" },
    { id: "s2", kind: "session", createdAt: "2026-12-01" },
  ]);
  assert.deepEqual(sorted.map((t) => t.id), ["c", "s2", "s1", "a"]);
});
