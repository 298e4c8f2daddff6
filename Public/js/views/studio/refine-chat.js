// The refinement chat: every version as what was asked (the prompt, then each instruction), the
// effective prompt the renderer got (in a details), and the studio's reply (what it could not do as
// asked, or why it failed); then "What should change?", which makes the next version. An
// instruction refused (nothing made) stays in the chat as a turn of its own until the next one is
// sent: shown only under the field, it fell below the fold and went at the next send.
//
//   const chat = createRefineChat({ onSend(instruction) → Promise });  chat.draw(design)
import { h, icon, replaceChildren, spinner, uniqueId } from "../../dom.js";
import { chatEntries, refineBlock } from "../../design-studio.js";

export function createRefineChat({ onSend }) {
  const inputId = uniqueId("refine");
  const log = h("ol", { class: "chat" });
  const input = h("input", { id: inputId, type: "text", maxlength: "300", autocomplete: "off",
    placeholder: "e.g. more dramatic lighting", "aria-describedby": `${inputId}-hint` });
  const send = h("button", { type: "submit", class: "btn btn-primary" }, icon("arrowRight", { size: 16 }), "Send");
  const hint = h("p", { class: "field-hint", id: `${inputId}-hint` });
  // The refusal is read out from here; it is seen in the chat, where it stays.
  const error = h("div", { class: "visually-hidden", role: "alert" });
  const form = h("form", { class: "chat-form", novalidate: true },
    h("label", { for: inputId }, "What should change?"),
    h("div", { class: "chat-form__row" }, input, send),
    hint, error);
  const el = h("section", { class: "card studio-chat", "aria-labelledby": "studio-chat-title" },
    h("h2", { class: "section-title", id: "studio-chat-title" }, "Refine"),
    log, form);
  let blocked = null;
  let sending = false;
  let drawn = "";
  let shown = null;
  // Instructions refused since the last one sent that made a version: {ask, reply}.
  let refused = [];
  // Whether the log follows its end, as a chat does: until the reader scrolls up, a reply (or its
  // picture, which loads after it is drawn) keeps the newest turn in sight.
  let following = true;
  log.addEventListener("scroll", () => { following = log.scrollHeight - log.scrollTop - log.clientHeight < 24; });
  const stick = () => { if (following) log.scrollTop = log.scrollHeight; };

  function draw(design) {
    shown = design;
    const entries = chatEntries(design);
    // Not the pictures' addresses: their signatures change with each fetch, and the chat would be
    // redrawn (its pictures loaded again) on every event. A version's picture comes with its state.
    const key = JSON.stringify([entries.map(({ imageUrl, ...rest }) => ({ ...rest, picture: !!imageUrl })), refused]);
    if (key !== drawn) {
      if (entries.length > log.querySelectorAll(".chat__turn:not(.chat__turn--refused)").length) following = true;
      const open = new Set([...log.querySelectorAll("details[open]")].map((d) => d.dataset.version));
      drawn = key;
      const size = { width: design.width, height: design.height };
      replaceChildren(log, entries.map((entry) => message(entry, open.has(String(entry.number)), size)),
        refused.map(refusal));
      stick();
    }
    blocked = refineBlock(design);
    hint.textContent = blocked || `Each change makes a new version from v${design.currentVersion}, keeping the rest.`;
    setBusy(sending);
  }

  function message(entry, open, size) {
    return h("li", { class: "chat__turn" },
      h("div", { class: "chat__ask" },
        h("span", { class: "visually-hidden" }, `You, for v${entry.number}: `),
        h("p", {}, entry.ask),
        entry.effectivePrompt
          ? h("details", { class: "chat__prompt", open, dataset: { version: String(entry.number) } },
            h("summary", {}, "Effective prompt"), h("p", {}, entry.effectivePrompt))
          : null),
      h("div", { class: `chat__reply tone-${entry.tone}` },
        h("span", { class: "chat__who" }, entry.working ? spinner() : null, `Studio · v${entry.number}`),
        entry.replies.map((text) => h("p", {}, text)),
        entry.imageUrl
          ? h("img", { class: "chat__picture", src: entry.imageUrl, alt: `v${entry.number}`, loading: "lazy",
            width: size.width || null, height: size.height || null, onload: stick })
          : null));
  }

  function refusal({ ask, reply }) {
    return h("li", { class: "chat__turn chat__turn--refused" },
      h("div", { class: "chat__ask" }, h("span", { class: "visually-hidden" }, "You: "), h("p", {}, ask)),
      h("div", { class: "chat__reply tone-danger" },
        h("span", { class: "chat__who" }, icon("alert", { size: 14 }), "Studio · nothing made"),
        h("p", {}, reply)));
  }

  function setBusy(busy) {
    sending = busy;
    send.disabled = busy || !!blocked;
    send.replaceChildren(...(busy ? [spinner(), "Sending…"] : [icon("arrowRight", { size: 16 }), "Send"]));
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const instruction = input.value.trim();
    if (!instruction || blocked || sending) { input.focus(); return; }
    // Sent from the field or by Send: the focus comes back to the field once done (a click left
    // it on the button, which is disabled while sending, and the page took it).
    const fromHere = document.activeElement === input || document.activeElement === send;
    error.textContent = "";
    // Kept until the next one is sent: cleared first, so the new version's turn is not drawn
    // above a refusal it follows.
    refused = [];
    setBusy(true);
    try {
      await onSend(instruction);
      input.value = "";
    } catch (err) {
      refused = [...refused, { ask: instruction, reply: err.message }];
      error.textContent = `Nothing made. ${err.message}`;
      following = true;
      if (shown) draw(shown);
      // The answer in sight, with the field under it (at 1280 × 800 it was below the fold).
      form.scrollIntoView({ block: "nearest" });
    } finally {
      setBusy(false);
      const now = document.activeElement;
      if (fromHere && (!now || now === document.body || now === send)) input.focus();
    }
  });

  return { el, draw };
}
