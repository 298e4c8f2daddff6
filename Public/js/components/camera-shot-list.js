// The webcam panel's shot list: five kinds of photo that make a varied set (../camera-states.js
// SHOTS). The next one is highlighted and ticked when a photo is taken; choosing another item makes
// it the next one, as people rarely follow the order.
//
//   const shots = createShotList();  panel.append(shots.element)
//   shots.taken() → the label of the shot just ticked (null past the list); shots.next → its label
import { h, icon } from "../dom.js";
import { nextShot, SHOTS } from "../camera-states.js";

export function createShotList() {
  const done = new Set();
  let current = nextShot(done);

  const list = h("ol", { class: "camera-shots__list" });
  const progress = h("p", { class: "camera-shots__progress" });
  const element = h("div", { class: "camera-shots" },
    h("h4", { class: "camera-shots__title" }, "Shots to take"),
    h("p", { class: "camera-shots__intro" }, "Variety makes better portraits. Choose one to take it next."),
    list, progress);

  function draw() {
    const focused = document.activeElement && list.contains(document.activeElement)
      ? document.activeElement.dataset.shot : null;
    list.replaceChildren(...SHOTS.map((shot) => {
      const isDone = done.has(shot.id);
      const isNext = shot.id === current;
      const button = h("button", {
        type: "button", class: "camera-shot__button", dataset: { shot: shot.id },
        "aria-current": isNext ? "step" : null,
        onclick: () => { current = shot.id; draw(); },
      },
      h("span", { class: "camera-shot__mark", "aria-hidden": "true" }, isDone ? icon("check", { size: 14 }) : null),
      h("span", { class: "camera-shot__text" },
        h("span", { class: "camera-shot__label" }, shot.label,
          isDone ? h("span", { class: "visually-hidden" }, " (taken)") : null,
          isNext ? h("span", { class: "visually-hidden" }, " (next)") : null),
        h("span", { class: "camera-shot__tip" }, shot.tip)));
      return h("li", { class: `camera-shot${isDone ? " is-done" : ""}${isNext ? " is-next" : ""}` }, button);
    }));
    progress.textContent = done.size >= SHOTS.length
      ? "All five done. More photos still help (up to 20 in all)."
      : `${done.size} of ${SHOTS.length} done`;
    if (focused) {
      const again = list.querySelector(`[data-shot="${focused}"]`);
      if (again) again.focus();
    }
  }

  draw();

  return {
    element,
    get next() {
      const shot = SHOTS.find((s) => s.id === current);
      return shot ? shot.label : null;
    },
    /** A photo was taken: ticks the highlighted shot and moves on. */
    taken() {
      const shot = SHOTS.find((s) => s.id === current);
      if (shot) done.add(shot.id);
      current = nextShot(done);
      draw();
      return shot ? shot.label : null;
    },
  };
}
