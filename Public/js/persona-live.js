// Follows one persona: its detail (GET /api/personas/:id) and its live events (Server-Sent
// Events), every change going through the pure reducer in persona-events.js. The persona page,
// the wizard's avatar sub-step and step 3 draw what it reports.
//
//   const live = followPersona(id, { onCommit(next, previous), onAnnounce(text), onLive(on),
//                                    onSettled(status), onRefreshError(error) });
//   await live.load()          the detail (throws the API's error); connects while portraits are made
//   live.state                 { persona, slots, lastEventId } (persona-events.js)
//   live.apply(detail), live.markDefault(), await live.regenerate(index, instruction),
//   await live.keep(index, attempt), live.stop()
import { Personas } from "./api.js";
import {
  EVENT_TYPES, anyInProgress, eventAnnouncement, initialPersonaState, isFinished, reducePersonaEvent,
  withDefault, withDetail, withRegenerationRequested,
} from "./persona-events.js";

export function followPersona(personaId, hooks = {}) {
  const { onCommit = () => {}, onAnnounce = () => {}, onLive = () => {}, onSettled = () => {}, onRefreshError = () => {} } = hooks;
  let state = initialPersonaState();
  let source = null;
  let refreshing = null;
  let stopped = false;

  function commit(next) {
    const previous = state;
    state = next;
    if (next !== previous) onCommit(next, previous);
  }

  async function load() {
    const { persona: detail } = await Personas.get(personaId);
    if (stopped) return detail;
    commit(withDetail(state, detail));
    if (!isFinished(detail.status) || anyInProgress(state)) connect();
    return detail;
  }

  async function refresh() {
    if (refreshing) return refreshing;
    refreshing = (async () => {
      try {
        const { persona: detail } = await Personas.get(personaId);
        if (stopped) return;
        commit(withDetail(state, detail));
        if (isFinished(detail.status) && !anyInProgress(state)) disconnect();
      } catch (error) {
        if (!stopped) onRefreshError(error);
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  function connect() {
    if (source || stopped || !state.persona) return;
    const { eventsUrl } = state.persona;
    const url = state.lastEventId !== null ? `${eventsUrl}?lastEventId=${encodeURIComponent(state.lastEventId)}` : eventsUrl;
    source = new EventSource(url);
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (event) => {
        let data = {};
        try { data = JSON.parse(event.data || "{}") || {}; } catch { return; }
        onEvent({ id: event.lastEventId, type, data });
      });
    }
    source.addEventListener("open", () => onLive(true));
    source.addEventListener("error", () => {
      // The server ends the stream after persona_ready; EventSource reconnects by itself.
      if (source && source.readyState === EventSource.CLOSED) { source = null; onLive(false); }
    });
  }

  function disconnect() {
    if (source) source.close();
    source = null;
    onLive(false);
  }

  function onEvent(event) {
    const previous = state;
    const next = reducePersonaEvent(previous, event);
    if (next === previous) return; // a duplicate
    commit(next);
    const text = eventAnnouncement(previous, next, event);
    if (text) onAnnounce(text);
    if (event.type === "persona_ready" || event.type === "persona_failed") {
      refresh().then(() => {
        const status = state.persona && state.persona.status;
        if (event.type === "persona_ready" && status === "ready") onAnnounce("All five portraits are done.");
        if (event.type === "persona_failed" && status === "failed") onAnnounce("No portrait could be made.");
        if (!stopped) onSettled(status);
      });
    }
  }

  /** Asks for portrait `index` again; false when stopped meanwhile (throws the API's error). */
  async function regenerate(index, instruction) {
    const result = await Personas.regenerate(personaId, index, instruction);
    if (stopped) return false;
    let next = withRegenerationRequested(state, index, instruction);
    if (result.persona) next = withDetail(next, result.persona);
    commit(next);
    connect();
    onAnnounce(`${state.slots[index].title}: regenerating.`);
    return true;
  }

  /** Shows attempt `attempt` of portrait `index` again; false when stopped meanwhile (throws the API's error). */
  async function keep(index, attempt) {
    const { persona: detail } = await Personas.keep(personaId, index, attempt);
    if (stopped) return false;
    commit(withDetail(state, detail));
    onAnnounce(`${state.slots[index].title}: attempt ${attempt} is the portrait again.`);
    return true;
  }

  return {
    get state() { return state; },
    load,
    refresh,
    apply(detail) { commit(withDetail(state, detail)); },
    markDefault() { commit(withDefault(state)); },
    regenerate,
    keep,
    stop() { stopped = true; disconnect(); },
  };
}
