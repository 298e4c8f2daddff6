// The signed-out page: what the product does, and a sign-in / create-account card.
import { Auth } from "../api.js";
import { h, icon, spinner } from "../dom.js";
import { SIGNED_IN_BEFORE } from "../session-hint.js";
import { forgotPassword, offerReset } from "./password-reset.js";

function signedInBefore() {
  try { return window.localStorage.getItem(SIGNED_IN_BEFORE) === "1"; } catch { return false; }
}

export function renderAuth(container, app) {
  let mode = "login"; // or "signup"

  const emailInput = h("input", { id: "auth-email", name: "email", type: "email", autocomplete: "email", required: true, spellcheck: "false" });
  const passwordInput = h("input", {
    id: "auth-password", name: "password", type: "password", autocomplete: "current-password", required: true,
    "aria-describedby": "auth-password-hint",
  });
  const passwordHint = h("p", { class: "field-hint", id: "auth-password-hint" }, "");
  const errorBox = h("div", { class: "form-error", role: "alert", hidden: true });
  const submitLabel = h("span", {}, "Sign in");
  const submit = h("button", { class: "btn btn-primary btn-block", type: "submit" }, submitLabel);
  const heading = h("h2", { class: "auth-card__title", id: "auth-title" }, "Welcome back");

  const tabLogin = h("button", { type: "button", class: "segmented__item", role: "tab", id: "tab-login", "aria-controls": "auth-panel" }, "Sign in");
  const tabSignup = h("button", { type: "button", class: "segmented__item", role: "tab", id: "tab-signup", "aria-controls": "auth-panel" }, "Create account");
  tabLogin.addEventListener("click", () => setMode("login"));
  tabSignup.addEventListener("click", () => setMode("signup"));
  const tabs = h("div", { class: "segmented", role: "tablist", "aria-label": "Sign in or create an account" }, tabLogin, tabSignup);
  tabs.addEventListener("keydown", (event) => {
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      setMode(mode === "login" ? "signup" : "login");
      (mode === "login" ? tabLogin : tabSignup).focus();
    }
  });

  function setMode(next) {
    mode = next;
    const signup = mode === "signup";
    tabLogin.setAttribute("aria-selected", String(!signup));
    tabSignup.setAttribute("aria-selected", String(signup));
    tabLogin.tabIndex = signup ? -1 : 0;
    tabSignup.tabIndex = signup ? 0 : -1;
    heading.textContent = signup ? "Create your account" : "Welcome back";
    submitLabel.textContent = signup ? "Create account" : "Sign in";
    passwordInput.autocomplete = signup ? "new-password" : "current-password";
    passwordHint.textContent = signup ? "At least 12 characters: a few words together are easy to remember." : "";
    passwordHint.hidden = !signup;
    forgot.hidden = signup;
    panel.setAttribute("aria-labelledby", signup ? "tab-signup" : "tab-login");
    showError(null);
  }

  function showError(message) {
    errorBox.hidden = !message;
    errorBox.replaceChildren(...(message ? [icon("alert"), h("span", {}, message)] : []));
  }

  const forgot = h("button", { type: "button", class: "link-button auth-forgot" }, "Forgot your password?");
  forgot.addEventListener("click", () => forgotPassword({ showNotice, email: emailInput.value.trim() }));
  const form = h("form", { class: "auth-form", id: "auth-form", novalidate: true },
    h("div", { class: "field" }, h("label", { for: "auth-email" }, "Email"), emailInput),
    h("div", { class: "field" }, h("label", { for: "auth-password" }, "Password"), passwordInput, passwordHint),
    errorBox,
    submit,
    forgot,
  );

  const panel = h("div", { id: "auth-panel", role: "tabpanel" }, heading, form);
  const card = h("div", { class: "card auth-card" }, tabs, panel);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const email = emailInput.value.trim();
    const password = passwordInput.value;
    if (!email) { showError("Enter your email address."); emailInput.focus(); return; }
    if (!password) { showError("Enter your password."); passwordInput.focus(); return; }
    showError(null);
    submit.disabled = true;
    submit.setAttribute("aria-busy", "true");
    submit.replaceChildren(spinner(), h("span", {}, mode === "signup" ? "Creating account…" : "Signing in…"));
    try {
      const result = mode === "signup" ? await Auth.signup(email, password) : await Auth.login(email, password);
      // With mail configured, every sign-up is answered "check your email" (the link makes the account).
      if (result.status === "confirm_email") return showNotice("Check your email", result.message);
      app.signedIn(result.user);
    } catch (error) {
      showError(error.message);
      (["weak_password", "common_password", "password_too_long", "invalid_credentials"].includes(error.code) ? passwordInput : emailInput).focus();
    } finally {
      submit.disabled = false;
      submit.removeAttribute("aria-busy");
      submit.replaceChildren(submitLabel);
    }
  });

  /** Replaces the form with a notice (and a way back to it). */
  function showNotice(title, message, ...actions) {
    const back = h("button", { type: "button", class: "btn btn-secondary btn-block" }, "Back to sign in");
    back.addEventListener("click", () => { panel.replaceChildren(heading, form); tabs.hidden = false; setMode("login"); });
    const noticeHeading = h("h2", { class: "auth-card__title", tabindex: "-1" }, title);
    tabs.hidden = true;
    panel.replaceChildren(noticeHeading, h("div", { class: "auth-notice" }, h("p", { role: "status" }, message), ...actions, back));
    noticeHeading.focus();
    panel.scrollIntoView({ block: "nearest" }); // on a phone the card is below the introduction
  }

  /** A mailed link (?confirm=token): shows whose account it makes before making it. */
  async function offerConfirmation(token) {
    history.replaceState(null, "", location.pathname + location.hash);
    try {
      const { email } = await Auth.pendingConfirmation(token);
      const finish = h("button", { type: "button", class: "btn btn-primary btn-block" }, "Finish creating my account");
      finish.addEventListener("click", async () => {
        finish.disabled = true;
        try {
          app.signedIn((await Auth.confirm(token)).user);
        } catch (error) {
          showNotice("This link cannot be used", error.message);
        }
      });
      showNotice("Finish creating your account", `This link creates the account for ${email}.`, finish);
    } catch (error) {
      showNotice("This link cannot be used", error.message);
    }
  }

  const steps = [
    ["Upload 5–20 selfies", "Different angles and good light; just you in the frame."],
    ["We check every photo", "Lighting, sharpness and angle are scored, and the best become references."],
    ["Get five portraits", "Headshot, casual, action, close-up and environmental, each checked by face recognition against your photos."],
  ];

  container.append(
    h("section", { class: "auth-layout" },
      h("div", { class: "auth-intro" },
        h("p", { class: "eyebrow" }, "Inflio Personas"),
        h("h1", { class: "display", tabindex: "-1" }, "Five professional portraits of you, from the selfies you already have."),
        h("p", { class: "lead" }, "Create a persona once and reuse it for thumbnails, posts and everything you publish."),
        // On a phone the form is a screen below: this brings it up, ready for a new account.
        h("button", { type: "button", class: "btn btn-primary auth-jump", onclick: () => {
          setMode("signup");
          card.scrollIntoView({ block: "start" });
          emailInput.focus({ preventScroll: true });
        } }, "Create your account"),
        h("ol", { class: "steps" }, steps.map(([title, text], i) =>
          h("li", { class: "steps__item" },
            h("span", { class: "steps__num", "aria-hidden": "true" }, String(i + 1)),
            h("div", {}, h("strong", {}, title), h("p", {}, text))))),
      ),
      card,
    ),
  );
  // A new visitor most likely wants an account; someone who has signed in here before, back in.
  setMode(signedInBefore() ? "login" : "signup");
  const confirmToken = new URLSearchParams(location.search).get("confirm");
  if (confirmToken) offerConfirmation(confirmToken);
  const resetToken = new URLSearchParams(location.search).get("reset");
  if (resetToken) offerReset(resetToken, { showNotice, app });
  return () => {};
}
