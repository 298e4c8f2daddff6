// A yes-or-no question before something that cannot be undone, in a modal dialog.
//
//   if (!(await confirmAction({ title, text, confirm: "Remove the photos", cancel: "Keep them" }))) return;
//
// Resolves true when confirmed; false when cancelled or closed (Escape). The safe answer has the
// focus first; cancelled, the focus goes back where it was.
import { h, uniqueId } from "../dom.js";

export function confirmAction({ title, text, confirm, cancel = "Cancel" }) {
  return new Promise((resolve) => {
    const titleId = uniqueId("confirm-title");
    const yes = h("button", { type: "button", class: "btn btn-danger" }, confirm);
    const no = h("button", { type: "button", class: "btn btn-secondary" }, cancel);
    const el = h("dialog", { class: "dialog", "aria-labelledby": titleId },
      h("h2", { id: titleId, class: "dialog__title" }, title), h("p", {}, text),
      h("div", { class: "dialog__actions" }, no, yes));
    const returnFocus = document.activeElement;
    let confirmed = false;
    yes.addEventListener("click", () => { confirmed = true; el.close(); });
    no.addEventListener("click", () => el.close());
    el.addEventListener("close", () => {
      el.remove();
      if (!confirmed && returnFocus && returnFocus.isConnected) returnFocus.focus();
      resolve(confirmed);
    });
    document.body.append(el);
    el.showModal();
    no.focus();
  });
}
