// Formatting (Public/js/format.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatBytes, formatDate, imagesMadeText, percent, plural, usageText } from "../../Public/js/format.js";

test("formatBytes: B, KB, MB", () => {
  assert.equal(formatBytes(512), "512 B");
  assert.equal(formatBytes(1024), "1 KB");
  assert.equal(formatBytes(1536), "2 KB");
  assert.equal(formatBytes(5 * 1024 * 1024 + 100 * 1024), "5.1 MB");
  assert.equal(formatBytes(NaN), "");
  assert.equal(formatBytes(undefined), "");
});

test("formatDate: a readable date, empty for nothing or nonsense", () => {
  const iso = "2024-03-05T12:00:00Z";
  assert.equal(formatDate(iso), new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" }));
  assert.match(formatDate(iso), /2024/);
  assert.equal(formatDate(null), "");
  assert.equal(formatDate("not a date"), "");
});

test("percent: whole, clamped to 0–100", () => {
  assert.equal(percent(0.826), "83%");
  assert.equal(percent(0.5), "50%");
  assert.equal(percent(1.4), "100%");
  assert.equal(percent(-0.2), "0%");
});

test("plural", () => {
  assert.equal(plural(1, "photo"), "photo");
  assert.equal(plural(0, "photo"), "photos");
  assert.equal(plural(2, "was", "were"), "were");
});

test("usageText: images made and their cost in words, null without totals", () => {
  assert.equal(usageText({ totals: { calls: 1, costUSD: 0.04 } }), "1 image made · $0.04");
  assert.equal(usageText({ totals: { calls: 12, costUSD: 1.234 } }), "12 images made · $1.23");
  assert.equal(usageText({ totals: { calls: 5, costUSD: 0 } }), "5 images made · free");
  assert.equal(usageText({ totals: { calls: 0, costUSD: null } }), "0 images made · free");
  assert.equal(usageText({ totals: { calls: 6, billedCalls: 5, costUSD: 0.2 } }), "5 images made · $0.20", "a failed call made nothing");
  assert.equal(usageText(null), null);
  assert.equal(usageText({}), null);
});

test("imagesMadeText: one persona's totals on the list in the same words (it said \"5 calls\")", () => {
  assert.equal(imagesMadeText({ calls: 6, billedCalls: 5, costUSD: 0 }), "5 images made · free");
  assert.equal(imagesMadeText(null), null);
});
