// InflioAI's message panel: the server's `guide` words, coloured by mood. It never blocks the page;
// screen readers hear each message once through the shell's polite live region (app.announceGuide).
//
//   const guide = createGuidePanel(app);  container.append(guide.el);  guide.update(onboarding.guide)
import { h, icon, uniqueId } from "../dom.js";
import { guideDisplay } from "../guide.js";

export function createGuidePanel(app) {
  const nameId = uniqueId("guide-name");
  const text = h("p", { class: "guide__text" });
  const el = h("section", { class: "guide", "aria-labelledby": nameId, hidden: true },
    h("span", { class: "guide__mark", "aria-hidden": "true" }, icon("sparkle", { size: 20 })),
    h("div", { class: "guide__body" },
      h("p", { class: "guide__name", id: nameId }, "InflioAI ", h("span", { class: "guide__role" }, "your guide")),
      text));

  function update(guide) {
    const shown = guideDisplay(guide);
    el.hidden = !shown;
    if (!shown) return;
    el.className = `guide guide--${shown.tone}`;
    if (text.textContent !== shown.text) {
      text.textContent = shown.text;
      el.classList.add("is-new");
      setTimeout(() => el.classList.remove("is-new"), 900);
    }
    app.announceGuide(guide);
  }

  return { el, update };
}
