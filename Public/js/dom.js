// Small DOM helpers. Everything the page shows is built with these (text goes in as text nodes,
// never as HTML), so names and messages from the API cannot inject markup.

/**
 * h("button", {class: "btn", onclick: fn, "aria-label": "Close"}, "×")
 * Attributes: `class`, `style` (string), `dataset` (object), `on<event>` (function),
 * booleans (true sets the attribute, false/null/undefined omit it), anything else as attribute.
 * Children: strings, numbers, nodes, arrays of them; null/false are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "style") {
      // Through the CSSOM: the page's Content-Security-Policy refuses style attributes.
      el.style.cssText = String(value);
    } else if (key === "dataset") {
      Object.assign(el.dataset, value);
    } else if (key === "value" && "value" in el) {
      el.value = value;
    } else if (value === true) {
      el.setAttribute(key, "");
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export function replaceChildren(el, ...children) {
  clear(el);
  return append(el, children);
}

// Inline icons (24×24, stroke). Constant markup only.
const ICONS = {
  star: '<path d="M12 3.5l2.6 5.3 5.9.9-4.2 4.1 1 5.8L12 16.9l-5.3 2.7 1-5.8-4.2-4.1 5.9-.9z"/>',
  upload: '<path d="M12 16V4M7 9l5-5 5 5"/><path d="M4 16v3a1 1 0 001 1h14a1 1 0 001-1v-3"/>',
  download: '<path d="M12 4v12M7 11l5 5 5-5"/><path d="M4 16v3a1 1 0 001 1h14a1 1 0 001-1v-3"/>',
  key: '<circle cx="8" cy="15" r="4"/><path d="M11 12l8.5-8.5M16 7l2.5 2.5M14 9l2 2"/>',
  close: '<path d="M6 6l12 12M18 6L6 18"/>',
  check: '<path d="M5 12.5l4.5 4.5L19 7.5"/>',
  info: '<circle cx="12" cy="12" r="9"/><path d="M12 11v5M12 7.5h.01"/>',
  alert: '<path d="M12 8v5M12 16.5v.5"/><path d="M10.3 3.9L2.6 17.2A2 2 0 004.3 20h15.4a2 2 0 001.7-2.8L13.7 3.9a2 2 0 00-3.4 0z"/>',
  refresh: '<path d="M20 11a8 8 0 10-2.3 5.7"/><path d="M20 4v7h-7"/>',
  trash: '<path d="M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 002 2h6a2 2 0 002-2l1-12M9 7V4h6v3"/>',
  edit: '<path d="M4 20h4L19 9l-4-4L4 16z"/><path d="M13.5 6.5l4 4"/>',
  arrowLeft: '<path d="M19 12H5M11 6l-6 6 6 6"/>',
  plus: '<path d="M12 5v14M5 12h14"/>',
  image: '<rect x="3.5" y="4.5" width="17" height="15" rx="2"/><circle cx="9" cy="10" r="1.8"/><path d="M20 16l-5-5-8.5 8.5"/>',
  user: '<circle cx="12" cy="8.5" r="3.8"/><path d="M4.5 20c1.2-3.7 4-5.5 7.5-5.5s6.3 1.8 7.5 5.5"/>',
  x: '<circle cx="12" cy="12" r="9"/><path d="M9 9l6 6M15 9l-6 6"/>',
  sparkle: '<path d="M12 3l1.8 5.2L19 10l-5.2 1.8L12 17l-1.8-5.2L5 10l5.2-1.8z"/><path d="M18.5 15.5l.7 1.8 1.8.7-1.8.7-.7 1.8-.7-1.8-1.8-.7 1.8-.7z"/>',
  lock: '<rect x="5" y="10.5" width="14" height="10" rx="2"/><path d="M8 10.5V8a4 4 0 018 0v2.5"/>',
  arrowRight: '<path d="M5 12h14M13 6l6 6-6 6"/>',
  shield: '<path d="M12 3l7.5 3v5.5c0 4.4-3.2 8.3-7.5 9.5-4.3-1.2-7.5-5.1-7.5-9.5V6z"/><path d="M8.8 12.2l2.2 2.2 4.2-4.4"/>',
};

export function icon(name, { size = 18, filled = false, label = null } = {}) {
  const span = document.createElement("span");
  span.className = `icon icon-${name}`;
  const a11y = label ? `role="img" aria-label="${label.replace(/"/g, "&quot;")}"` : 'aria-hidden="true" focusable="false"';
  span.innerHTML = `<svg ${a11y} width="${size}" height="${size}" viewBox="0 0 24 24" fill="${filled ? "currentColor" : "none"}" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">${ICONS[name] || ""}</svg>`;
  return span;
}

export function spinner(label = null) {
  return h("span", { class: "spinner", role: label ? "img" : null, "aria-label": label, "aria-hidden": label ? null : "true" });
}

let uid = 0;
/** A phone or tablet: a coarse pointer and no hover (nothing to drag a file onto). */
export function isTouchDevice() {
  return typeof matchMedia === "function" && matchMedia("(pointer: coarse)").matches;
}

export function uniqueId(prefix = "id") {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** Calls `fn` on every input, change, or click on a control inside `el`; returns the remover. */
export function onInteraction(el, fn) {
  const handler = (event) => {
    if (event.type === "click" && !(event.target instanceof Element && event.target.closest("button, a, input, select, textarea, label"))) return;
    fn(event);
  };
  const types = ["input", "change", "click"];
  for (const type of types) el.addEventListener(type, handler, true);
  return () => { for (const type of types) el.removeEventListener(type, handler, true); };
}

/**
 * A press on `button` leaves the focus where it is. A field checked on leaving (a colour code
 * typed wrong) shows its error at the press, before the click, and the error pushed this button
 * down from under the pointer: the click was lost (a tester's first "Add a colour", twice). The
 * button's own handler moves the focus on; keys and taps are unchanged.
 */
export function keepFocusOnPress(button) {
  button.addEventListener("mousedown", (event) => event.preventDefault());
  return button;
}

/**
 * replaceChildren that keeps a keyboard user's place: the focus moves to the new element with the
 * `data-focus-key` of the one focused before, else to `[data-focus-fallback]` inside `el`.
 */
export function replaceKeepingFocus(el, ...children) {
  const active = document.activeElement;
  const key = active && active !== el && el.contains(active) ? active.dataset.focusKey || "" : null;
  replaceChildren(el, ...children);
  if (key === null || el.contains(document.activeElement)) return el;
  const again = (key && el.querySelector(`[data-focus-key="${CSS.escape(key)}"]`))
    || el.querySelector("[data-focus-fallback]");
  if (again) again.focus({ preventScroll: true });
  return el;
}
