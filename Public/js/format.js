// Pure formatting of numbers, sizes and dates for the page (no DOM: imported by the unit tests too).

export function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function formatDate(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return date.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

/** A 0–1 fraction as a whole percent, clamped: percent(0.826) === "83%". */
export function percent(value) {
  return `${Math.round(Math.max(0, Math.min(1, value)) * 100)}%`;
}

/** plural(1, "photo") === "photo", plural(2, "photo") === "photos". */
export function plural(count, one, many = `${one}s`) {
  return count === 1 ? one : many;
}

/**
 * The header's usage line in a creator's words: "3 images made · $0.12" (each billed ledger line
 * is one picture a provider made; failed ones are not counted, nor billed), "· free" when nothing
 * cost anything (the offline studio); null without totals.
 */
export function usageText(usage) {
  return usage ? imagesMadeText(usage.totals) : null;
}

/** The same words for one set of totals (the account's, or one persona's on the list); null without. */
export function imagesMadeText(totals) {
  if (!totals) return null;
  const { calls, billedCalls, costUSD } = totals;
  const made = Number.isFinite(billedCalls) ? billedCalls : calls;
  const cost = Number(costUSD || 0);
  return `${made} ${plural(made, "image")} made · ${cost > 0 ? `$${cost.toFixed(2)}` : "free"}`;
}
