// The sign-in card's "Forgot your password?" and the mailed reset link (?reset=token). Both draw
// into the card through `showNotice(title, message, ...elements)`, which auth.js owns.
import { Auth } from "../api.js";
import { h, icon, spinner } from "../dom.js";

/** Asks for the address and mails a link, or says why this server cannot. */
export async function forgotPassword({ showNotice, email = "" }) {
  let options = null;
  try { options = await Auth.options(); } catch { options = null; }
  if (options && !options.passwordResetByMail) {
    showNotice("Password reset is not available here",
      "This server cannot send mail. Ask the person who runs it to reset your password: they can run `inflio user reset-password` with your email address.");
    return;
  }
  const input = h("input", { id: "reset-email", type: "email", autocomplete: "email", required: true, spellcheck: "false", value: email });
  const errorBox = h("div", { class: "form-error", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", class: "btn btn-primary btn-block" }, "Send me a link");
  const form = h("form", { class: "auth-form", novalidate: true },
    h("div", { class: "field" }, h("label", { for: "reset-email" }, "Email"), input), errorBox, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!input.value.trim()) { showError(errorBox, "Enter your email address."); input.focus(); return; }
    submit.disabled = true;
    submit.replaceChildren(spinner(), h("span", {}, "Sending…"));
    try {
      const result = await Auth.requestReset(input.value.trim());
      showNotice("Check your email", result.message);
    } catch (error) {
      showError(errorBox, error.message);
      submit.disabled = false;
      submit.replaceChildren("Send me a link");
      input.focus();
    }
  });
  showNotice("Reset your password", "We'll mail you a link to choose a new password.", form);
  input.focus();
}

/** A mailed link: names the account, then takes the new password and signs in with it. */
export async function offerReset(token, { showNotice, app }) {
  history.replaceState(null, "", location.pathname + location.hash);
  let email;
  try {
    ({ email } = await Auth.pendingReset(token));
  } catch (error) {
    showNotice("This link cannot be used", error.message);
    return;
  }
  const input = h("input", {
    id: "reset-password", type: "password", autocomplete: "new-password", required: true, "aria-describedby": "reset-password-hint",
  });
  const errorBox = h("div", { class: "form-error", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", class: "btn btn-primary btn-block" }, "Set password and sign in");
  const form = h("form", { class: "auth-form", novalidate: true },
    h("input", { type: "email", autocomplete: "username", value: email, hidden: true, readonly: true }),
    h("div", { class: "field" }, h("label", { for: "reset-password" }, "New password"), input,
      h("p", { class: "field-hint", id: "reset-password-hint" }, "At least 12 characters. Every session will be signed out.")),
    errorBox, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!input.value) { showError(errorBox, "Choose a new password."); input.focus(); return; }
    submit.disabled = true;
    submit.replaceChildren(spinner(), h("span", {}, "Saving…"));
    try {
      const result = await Auth.completeReset(token, input.value);
      app.signedIn(result.user);
      app.toast("Your password was changed.");
    } catch (error) {
      if (error.code === "invalid_link") { showNotice("This link cannot be used", error.message); return; }
      showError(errorBox, error.message);
      submit.disabled = false;
      submit.replaceChildren("Set password and sign in");
      input.focus();
    }
  });
  showNotice("Choose a new password", `For ${email}.`, form);
  input.focus();
}

function showError(box, message) {
  box.hidden = !message;
  box.replaceChildren(...(message ? [icon("alert"), h("span", {}, message)] : []));
}
