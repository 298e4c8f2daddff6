// InflioAI, the guide: what the page does with the server's `guide` ({id, text, mood}). Every
// client shows the server's words; this decides how they look and that a screen reader hears each
// message once (the id changes when the words do). Pure (no DOM): the unit tests import it.

const MOODS = {
  info: { tone: "info", label: "InflioAI" },
  celebrate: { tone: "celebrate", label: "InflioAI" },
  help: { tone: "help", label: "InflioAI" },
};

/** What the panel shows for `guide`: { id, text, tone } or null when there is nothing to say. */
export function guideDisplay(guide) {
  if (!guide || typeof guide.text !== "string" || !guide.text.trim()) return null;
  const mood = MOODS[guide.mood] || MOODS.info;
  return { id: String(guide.id ?? guide.text), text: guide.text.trim(), tone: mood.tone };
}

/**
 * Remembers which guide messages were announced: `take(guide)` answers the words to announce, or
 * null when this id was announced before (or there is nothing to say). One per page load, so
 * moving between screens that show the same message never repeats it.
 */
export function createAnnouncer({ limit = 200 } = {}) {
  const seen = new Set();
  return {
    take(guide) {
      const shown = guideDisplay(guide);
      if (!shown || seen.has(shown.id)) return null;
      seen.add(shown.id);
      if (seen.size > limit) seen.delete(seen.values().next().value);
      return shown.text;
    },
    has(id) { return seen.has(String(id)); },
    forget() { seen.clear(); },
  };
}
