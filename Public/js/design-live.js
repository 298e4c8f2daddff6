// Listens to one persona's event stream for its designs' events (design.queued, .progress,
// .partial_image, .version_ready, .failed). The stream is the persona page's (Server-Sent Events,
// resumable by id). It starts after `after`, the `eventCursor` a design answer carries, so nothing
// between that answer and the stream is missed and the persona's older history is not replayed;
// without one, after the persona's last stored event.
//
//   const stop = followDesignEvents(personaId, { after, onEvent({id, type, data}), onOpen(), onError(error) });
import { Personas } from "./api.js";
import { DESIGN_EVENT_TYPES } from "./design-studio.js";

export function followDesignEvents(personaId, hooks = {}) {
  const { after = null, onEvent = () => {}, onOpen = () => {}, onError = () => {} } = hooks;
  let source = null;
  let stopped = false;
  let lastId = Number.isFinite(after) ? after : null;

  async function cursor() {
    if (lastId !== null) return lastId;
    const { persona } = await Personas.get(personaId);
    return Number.isFinite(persona.lastEventId) ? persona.lastEventId : null;
  }

  cursor().then((from) => {
    if (stopped) return;
    lastId = from;
    source = new EventSource(Personas.eventsUrl(personaId, from));
    for (const type of DESIGN_EVENT_TYPES) source.addEventListener(type, receive);
    // Also after every reconnection: whatever happened in between is fetched, not guessed.
    source.addEventListener("open", () => onOpen());
  }, (error) => { if (!stopped) onError(error); });

  function receive(event) {
    const id = event.lastEventId === "" ? null : Number(event.lastEventId);
    // A reconnection resumes after the last id; anything at or below it is a replay.
    if (id !== null && lastId !== null && id <= lastId) return;
    if (id !== null) lastId = id;
    let data;
    try { data = JSON.parse(event.data || "{}") || {}; } catch { return; }
    onEvent({ id, type: event.type, data });
  }

  return () => {
    stopped = true;
    if (source) source.close();
    source = null;
  };
}
