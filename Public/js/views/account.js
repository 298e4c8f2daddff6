// "Your account" (#/account): change the password, see and revoke sessions and API tokens (and
// make a named one, shown once), download everything, delete the account. An identity
// provider's user manages password and sessions there: the page says so instead.
import { Account } from "../api.js";
import { h, icon, spinner, uniqueId } from "../dom.js";
import { sortTokens, tokenDetail, tokenTitle } from "../account-tokens.js";

export function renderAccount(container, app) {
  let disposed = false;
  const email = app.user?.email || "";
  // An identity provider's user has no password here: told at once, not after a refusal.
  const local = app.user?.local !== false;
  /** What the deletion asks to be typed: the email, or DELETE for an account without one. */
  const confirmWord = email || "DELETE";
  const passwordCard = h("section", { class: "card account-card", "aria-labelledby": "account-password-title" });
  const tokensCard = h("section", { class: "card account-card", "aria-labelledby": "account-tokens-title" });

  container.append(
    h("div", { class: "page-head" },
      h("div", {},
        h("h1", { class: "page-title", tabindex: "-1" }, "Your account"),
        h("p", { class: "page-sub" }, email ? `Signed in as ${email}.` : "Your sign-in, your sessions and your data."))),
    h("div", { class: "account-grid" }, passwordCard, tokensCard, dataCard(), deleteCard()),
  );

  // ------------------------------------------------------------ password
  function drawPassword(local) {
    const title = h("h2", { class: "section-title", id: "account-password-title" }, icon("lock"), "Password");
    if (!local) {
      passwordCard.replaceChildren(title, h("p", { class: "muted" },
        "You sign in through your identity provider: change your password and sessions there."));
      return;
    }
    const current = passwordInput("account-current-password", "current-password");
    const next = passwordInput("account-new-password", "new-password", "account-new-password-hint");
    const errorBox = formError();
    const submit = h("button", { type: "submit", class: "btn btn-primary" }, "Change password");
    const form = h("form", { class: "account-form", novalidate: true },
      field("account-current-password", "Current password", current),
      field("account-new-password", "New password", next,
        h("p", { class: "field-hint", id: "account-new-password-hint" }, "At least 12 characters. Your other sessions will be signed out.")),
      errorBox.el, submit);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      errorBox.show(null);
      if (!current.value) { errorBox.show("Enter your current password."); current.focus(); return; }
      if (!next.value) { errorBox.show("Choose a new password."); next.focus(); return; }
      await busy(submit, "Changing…", async () => {
        try {
          await Account.changePassword(current.value, next.value);
          current.value = ""; next.value = "";
          app.toast("Password changed. Your other sessions were signed out.");
          loadTokens();
        } catch (error) {
          errorBox.show(error.message);
          (error.code === "wrong_password" ? current : next).focus();
        }
      });
    });
    passwordCard.replaceChildren(title, form);
  }

  // ------------------------------------------------------------ sessions and tokens
  const tokenList = h("ul", { class: "token-list", "aria-busy": "true" });
  const tokensError = h("div", { class: "inline-note inline-note-danger", role: "alert", hidden: true });
  const created = h("div", { class: "token-created", hidden: true });

  function drawTokensCard(local) {
    const title = h("h2", { class: "section-title", id: "account-tokens-title" }, icon("key"), "Sessions and API tokens");
    if (!local) {
      tokensCard.replaceChildren(title, h("p", { class: "muted" }, "Your identity provider keeps your sessions."));
      return;
    }
    const nameId = uniqueId("token-name");
    const name = h("input", { id: nameId, type: "text", maxlength: "60", autocomplete: "off", placeholder: "e.g. upload script" });
    const password = passwordInput("token-password", "current-password");
    const createButton = h("button", { type: "submit", class: "btn btn-secondary" }, "Create token");
    const form = h("form", { class: "token-form", novalidate: true },
      h("div", { class: "field" }, h("label", { for: nameId }, "New API token"), name,
        h("p", { class: "field-hint" }, "For scripts: send it as Authorization: Bearer …. It can do anything you can, until you revoke it.")),
      h("div", { class: "field" }, h("label", { for: "token-password" }, "Your password"), password),
      createButton);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      showTokensError(null);
      await busy(createButton, "Creating…", async () => {
        try {
          const result = await Account.createToken(name.value, password.value);
          name.value = ""; password.value = "";
          showCreated(result.token, result.listed.name);
          loadTokens();
        } catch (error) {
          showTokensError(error.message);
          (error.code === "wrong_password" ? password : name).focus();
        }
      });
    });
    tokensCard.replaceChildren(title,
      h("p", { class: "muted small" }, "Everywhere you are signed in, and the tokens your scripts use. Revoking one ends it at once."),
      tokenList, tokensError, created, form);
  }

  function showCreated(token, name) {
    const value = h("input", { type: "text", readonly: true, value: token, class: "token-created__value", "aria-label": `The token ${name}` });
    const copy = h("button", { type: "button", class: "btn btn-secondary btn-sm" }, "Copy");
    copy.addEventListener("click", async () => {
      value.select();
      try {
        await navigator.clipboard.writeText(token);
        copy.textContent = "Copied";
      } catch {
        copy.textContent = "Selected: press Ctrl+C"; // no clipboard access (an insecure origin)
      }
    });
    const done = h("button", { type: "button", class: "btn btn-ghost btn-sm" }, "Done");
    done.addEventListener("click", () => { created.hidden = true; created.replaceChildren(); });
    created.replaceChildren(
      h("p", { role: "status" }, h("strong", {}, `“${name}” is ready. `), "Copy it now: it will not be shown again."),
      h("div", { class: "token-created__row" }, value, copy, done));
    created.hidden = false;
    value.focus();
    value.select();
  }

  function showTokensError(message) {
    tokensError.hidden = !message;
    tokensError.replaceChildren(...(message ? [icon("alert", { size: 16 }), h("span", {}, message)] : []));
  }

  async function loadTokens() {
    try {
      const { tokens } = await Account.tokens();
      if (disposed) return;
      tokenList.removeAttribute("aria-busy");
      tokenList.replaceChildren(...sortTokens(tokens).map(tokenRow));
    } catch (error) {
      if (disposed) return;
      tokenList.removeAttribute("aria-busy");
      showTokensError(error.message);
    }
  }

  function tokenRow(token) {
    const revoke = h("button", { type: "button", class: "btn btn-ghost btn-sm" }, token.current ? "Sign out here" : "Revoke");
    revoke.setAttribute("aria-label", `${token.current ? "Sign out this session" : "Revoke"}: ${tokenTitle(token)}`);
    revoke.addEventListener("click", async () => {
      revoke.disabled = true;
      try {
        await Account.revokeToken(token.id);
        if (token.current) { app.signedOutWith("You're signed out."); return; }
        app.toast(token.kind === "api" ? "Token revoked." : "Session signed out.");
        loadTokens();
      } catch (error) {
        revoke.disabled = false;
        showTokensError(error.message);
      }
    });
    return h("li", { class: "token-row" },
      h("span", { class: "token-row__icon", "aria-hidden": "true" }, icon(token.kind === "api" ? "key" : "user", { size: 18 })),
      h("div", { class: "token-row__text" },
        h("p", { class: "token-row__title" }, tokenTitle(token),
          token.current ? h("span", { class: "badge badge-success" }, "This browser") : null,
          token.kind === "api" ? h("span", { class: "badge badge-neutral" }, "API token") : null),
        h("p", { class: "token-row__detail" }, tokenDetail(token))),
      revoke);
  }

  // ------------------------------------------------------------ data
  function dataCard() {
    return h("section", { class: "card account-card", "aria-labelledby": "account-data-title" },
      h("h2", { class: "section-title", id: "account-data-title" }, icon("download"), "Your data"),
      h("p", {}, "One ZIP file with everything we keep for you: your photos as stored, every portrait at full size, your designs (each version's picture and record), your brand, your onboarding answers, your usage and a manifest listing each file."),
      h("p", { class: "muted small" }, "Portraits say in their metadata how they were made (IPTC digital source type). Large accounts take a while: the download starts at once and grows as it is written."),
      // A plain link, no `download` attribute: the server's attachment header saves the ZIP, and a
      // refusal (too many exports, signed out) shows as a page instead of a saved error.
      h("a", { class: "btn btn-secondary", href: Account.exportUrl, id: "account-export" }, icon("download", { size: 16 }), "Download my data"));
  }

  // ------------------------------------------------------------ deletion
  function deleteCard() {
    const card = h("section", { class: "card account-card account-card--danger", "aria-labelledby": "account-delete-title" });
    const open = h("button", { type: "button", class: "btn btn-secondary btn-danger-text" }, icon("trash", { size: 16 }), "Delete my account…");
    const confirmEmail = h("input", { id: "account-delete-email", type: "email", autocomplete: "off", spellcheck: "false" });
    const password = passwordInput("account-delete-password", "current-password");
    const passwordField = field("account-delete-password", "Your password", password);
    const errorBox = formError();
    const submit = h("button", { type: "submit", class: "btn btn-danger" }, "Delete my account forever");
    const cancel = h("button", { type: "button", class: "btn btn-ghost" }, "Cancel");
    const form = h("form", { class: "account-form", novalidate: true, hidden: true },
      field("account-delete-email", `Type ${confirmWord} to confirm`, confirmEmail),
      local ? passwordField : h("p", { class: "field-hint" },
        "Sign in again at your identity provider first: deleting asks for a sign-in from the last 10 minutes."),
      errorBox.el,
      h("div", { class: "account-form__row" }, cancel, submit));
    open.addEventListener("click", () => { form.hidden = false; open.hidden = true; confirmEmail.focus(); });
    cancel.addEventListener("click", () => { form.hidden = true; open.hidden = false; errorBox.show(null); open.focus(); });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      errorBox.show(null);
      await busy(submit, "Deleting…", async () => {
        try {
          await Account.remove({ password: local ? password.value : null, confirmEmail: confirmEmail.value });
          app.signedOutWith("Your account and everything in it were deleted.");
        } catch (error) {
          errorBox.show(error.message);
          (error.code === "confirmation_mismatch" ? confirmEmail : password).focus();
        }
      });
    });
    card.append(
      h("h2", { class: "section-title", id: "account-delete-title" }, icon("trash"), "Delete your account"),
      h("p", {}, "Deletes your personas, photos, face data, portraits, designs, brand, onboarding answers, sessions and tokens, at once and for good. Download your data first if you want to keep it."),
      h("p", { class: "muted small" }, "With an image model provider (FAL), the copies of your reference photos and portraits made there are asked to expire after a day; FAL offers no way to delete them sooner. The usage ledger keeps its cost lines, with nothing that points to you."),
      open, form);
    return card;
  }

  // ------------------------------------------------------------ helpers
  function passwordInput(id, autocomplete, describedBy) {
    return h("input", { id, type: "password", autocomplete, ...(describedBy ? { "aria-describedby": describedBy } : {}) });
  }
  function field(id, label, input, ...after) {
    return h("div", { class: "field" }, h("label", { for: id }, label), input, ...after);
  }
  function formError() {
    const el = h("div", { class: "form-error", role: "alert", hidden: true });
    return {
      el,
      show(message) {
        el.hidden = !message;
        el.replaceChildren(...(message ? [icon("alert"), h("span", {}, message)] : []));
      },
    };
  }
  async function busy(button, label, work) {
    const original = [...button.childNodes];
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    button.replaceChildren(spinner(), h("span", {}, label));
    try { await work(); } finally {
      if (button.isConnected) { button.disabled = false; button.removeAttribute("aria-busy"); button.replaceChildren(...original); }
    }
  }

  drawPassword(local);
  drawTokensCard(local);
  if (local) loadTokens();
  return () => { disposed = true; };
}
