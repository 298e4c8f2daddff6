// The JSON API. Every failure becomes an ApiError carrying the server's code, message and details
// (the server's `{success:false, error:{code, message, details}}`), so views can show
// error.message next to where it happened.

export class ApiError extends Error {
  constructor(status, code, message, details = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

const NETWORK_MESSAGE = "We couldn't reach the server. Check your connection and try again.";

// Listeners told when any call answers 401 (the session ended).
const unauthorizedListeners = new Set();
export function onUnauthorized(fn) {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

function toError(status, payload, fallbackText = "") {
  const error = payload && payload.error;
  if (error && (error.message || error.code)) {
    return new ApiError(status, error.code || "error", error.message || "Something went wrong.", error.details ?? null);
  }
  const message = status >= 500
    ? "The server ran into a problem. Please try again in a moment."
    : fallbackText || `The request failed (HTTP ${status}).`;
  return new ApiError(status, "http_" + status, message);
}

function parseJSON(text) {
  if (!text) return null;
  try { return JSON.parse(text); } catch { return null; }
}

/**
 * api("/api/personas"), api("/api/auth/login", {method: "POST", json: {...}}),
 * api(path, {method: "POST", body: blob, contentType: "image/jpeg"}). A 429's ApiError carries
 * `retryAfter`, the seconds of its Retry-After header (null without one).
 */
export async function api(path, { method = "GET", json, body, contentType, signal, quiet401 = false } = {}) {
  // The custom header tells the server this is the page's own request, not a form posted from
  // another site (CrossSiteGuard): forms cannot send it.
  const headers = { Accept: "application/json", "X-Inflio-Request": "1" };
  if (json !== undefined) headers["Content-Type"] = "application/json";
  else if (contentType) headers["Content-Type"] = contentType;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: json !== undefined ? JSON.stringify(json) : body,
      credentials: "same-origin",
      signal,
    });
  } catch (cause) {
    if (cause && cause.name === "AbortError") throw cause;
    throw new ApiError(0, "network", NETWORK_MESSAGE);
  }
  const payload = parseJSON(await response.text());
  if (!response.ok || (payload && payload.success === false)) {
    const error = toError(response.status, payload);
    if (response.status === 429) error.retryAfter = retryAfterSeconds(response.headers.get("Retry-After"));
    if (response.status === 401 && !quiet401) unauthorizedListeners.forEach((fn) => fn(error));
    throw error;
  }
  return payload || {};
}

/** The seconds a 429's Retry-After header asks for (null without a usable one). */
function retryAfterSeconds(value) {
  const seconds = Number.parseInt(value || "", 10);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/**
 * A multipart POST through XMLHttpRequest, for its upload progress: onProgress(fraction 0–1) while
 * sending, onUploaded() once all bytes are sent (the server analyses then); `signal` aborts it.
 */
function upload(path, form, { onProgress, onUploaded, signal } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("X-Inflio-Request", "1");
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
    });
    xhr.upload.addEventListener("load", () => onUploaded && onUploaded());
    xhr.addEventListener("load", () => {
      const payload = parseJSON(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && payload && payload.success !== false) {
        resolve(payload);
        return;
      }
      const fallback = xhr.status === 413 ? "The upload is too large. Use smaller photos." : "";
      const error = toError(xhr.status, payload, fallback);
      if (xhr.status === 429) error.retryAfter = retryAfterSeconds(xhr.getResponseHeader("Retry-After"));
      if (xhr.status === 401) unauthorizedListeners.forEach((fn) => fn(error));
      reject(error);
    });
    xhr.addEventListener("error", () => reject(new ApiError(0, "network", NETWORK_MESSAGE)));
    xhr.addEventListener("abort", () => reject(new ApiError(0, "aborted", "The upload was cancelled.")));
    if (signal) {
      if (signal.aborted) { reject(new ApiError(0, "aborted", "The upload was cancelled.")); return; }
      signal.addEventListener("abort", () => xhr.abort(), { once: true });
    }
    xhr.send(form);
  });
}

// ---- Draft personas (docs/api.md): made photo by photo, each analysed as it arrives. Every answer
// carries `draft`, the set's current verdict.

/** POST /api/personas: a new draft → {persona, draft}. The name may still be empty. */
export const createDraft = ({ name = "", description = "" } = {}) =>
  api("/api/personas", { method: "POST", json: { name, description } });

/**
 * POST /api/personas/:id/photos, one photo in field `photo` (and the page's `uploadToken` for it),
 * with progress → {photo, draft}.
 */
export function addDraftPhoto(personaId, file, { uploadToken, onProgress, onUploaded, signal } = {}) {
  const form = new FormData();
  if (uploadToken) form.append("uploadToken", uploadToken);
  form.append("photo", file, file.name || "photo.jpg");
  return upload(`/api/personas/${enc(personaId)}/photos`, form, { onProgress, onUploaded, signal });
}

/** DELETE /api/personas/:id/photos/:photoId → {draft}. */
export const removeDraftPhoto = (personaId, photoId) =>
  api(`/api/personas/${enc(personaId)}/photos/${enc(photoId)}`, { method: "DELETE" });

/** GET /api/personas/:id/photos → {draft} (a draft's photos and verdict; 409 once it is built). */
export const getDraft = (personaId, options) => api(`/api/personas/${enc(personaId)}/photos`, options);

/** GET /api/personas?drafts=true → {personas}, my drafts among them (status `pending_upload`). */
export const listWithDrafts = () => api("/api/personas?drafts=true");

/** POST /api/personas/:id/build with the name and description → {persona} (generating). */
export const buildDraft = (personaId, { name, description } = {}) =>
  api(`/api/personas/${enc(personaId)}/build`, { method: "POST", json: { name, description } });

/**
 * POST /api/capture/check: one JPEG frame (raw body), nothing stored → {faces, face, faceShare,
 * issues}. A 429 carries `retryAfter` (seconds) on the ApiError.
 */
export const checkFrame = (blob, { signal } = {}) =>
  api("/api/capture/check", { method: "POST", body: blob, contentType: "image/jpeg", signal });

export const Auth = {
  me: () => api("/api/auth/me", { quiet401: true }),
  signup: (email, password) => api("/api/auth/signup", { method: "POST", json: { email, password }, quiet401: true }),
  /** The address a mailed sign-up link would create ({email}); then confirm(token) makes it. */
  pendingConfirmation: (token) => api(`/api/auth/confirm?token=${encodeURIComponent(token)}`, { quiet401: true }),
  confirm: (token) => api("/api/auth/confirm", { method: "POST", json: { token }, quiet401: true }),
  login: (email, password) => api("/api/auth/login", { method: "POST", json: { email, password }, quiet401: true }),
  logout: () => api("/api/auth/logout", { method: "POST", quiet401: true }),
  /** { signUpByMail, passwordResetByMail, externalSignIn }: what this server offers. */
  options: () => api("/api/auth/options", { quiet401: true }),
  requestReset: (email) => api("/api/auth/reset", { method: "POST", json: { email }, quiet401: true }),
  pendingReset: (token) => api(`/api/auth/reset?token=${encodeURIComponent(token)}`, { quiet401: true }),
  completeReset: (token, password) =>
    api("/api/auth/reset/complete", { method: "POST", json: { token, password }, quiet401: true }),
};

const enc = encodeURIComponent;

export const Personas = {
  list: () => api("/api/personas"),
  get: (id, options) => api(`/api/personas/${enc(id)}`, options),
  update: (id, changes) => api(`/api/personas/${enc(id)}`, { method: "PATCH", json: changes }),
  remove: (id) => api(`/api/personas/${enc(id)}`, { method: "DELETE" }),
  makeDefault: (id) => api(`/api/personas/${enc(id)}/default`, { method: "POST" }),
  /** The persona's Server-Sent Events, resumed after event `after` when given. */
  eventsUrl: (id, after = null) =>
    `/api/personas/${enc(id)}/events${after === null ? "" : `?lastEventId=${enc(after)}`}`,
  regenerate: (id, index, instruction) =>
    api(`/api/personas/${enc(id)}/portraits/${enc(index)}/regenerate`, {
      method: "POST",
      json: instruction ? { instruction } : {},
    }),
  /** Shows an earlier attempt (an `attempt` of the portrait's history) as the portrait again. */
  keep: (id, index, attempt) =>
    api(`/api/personas/${enc(id)}/portraits/${enc(index)}/keep`, { method: "POST", json: { attempt } }),
  /** The shown portraits at full size, as one ZIP (a plain link: the session cookie carries it). */
  portraitsZipUrl: (id) => `/api/personas/${enc(id)}/portraits.zip`,
};

/** The account page: password, sessions and API tokens, deletion (the export is a plain link). */
export const Account = {
  changePassword: (currentPassword, newPassword) =>
    api("/api/account/password", { method: "POST", json: { currentPassword, newPassword } }),
  tokens: () => api("/api/account/tokens"),
  createToken: (name, password) => api("/api/account/tokens", { method: "POST", json: { name, password } }),
  revokeToken: (id) => api(`/api/account/tokens/${enc(id)}`, { method: "DELETE" }),
  remove: ({ password, confirmEmail }) => api("/api/account/delete", { method: "POST", json: { password, confirmEmail } }),
  exportUrl: "/api/account/export",
};

export const Usage = {
  get: () => api("/api/usage"),
};

// The onboarding (docs/onboarding.md): every write answers the new state, `{success, onboarding}`.
export const Onboarding = {
  get: () => api("/api/onboarding"),
  saveProfile: (profile) => api("/api/onboarding/profile", { method: "PUT", json: profile }),
  skipBrand: () => api("/api/onboarding/brand/skip", { method: "POST" }),
  acceptConsent: (version) => api("/api/onboarding/consent", { method: "POST", json: { accepted: true, version } }),
  savePreferences: (preferences) => api("/api/onboarding/preferences", { method: "PUT", json: preferences }),
  skipPreferences: () => api("/api/onboarding/preferences/skip", { method: "POST" }),
  moveTo: (substep) => api("/api/onboarding/position", { method: "PUT", json: { substep } }),
  confirm: () => api("/api/onboarding/confirm", { method: "POST" }),
  step: (number) => api(`/api/onboarding/steps/${enc(number)}`),
  confirmStep: (number) => api(`/api/onboarding/steps/${enc(number)}/confirm`, { method: "POST" }),
  skipStep: (number) => api(`/api/onboarding/steps/${enc(number)}/skip`, { method: "POST" }),
  /** The funnel's `shown` / `started`: fire-and-forget, a failure is swallowed here. */
  report: (event) => api("/api/onboarding/events", { method: "POST", json: event }).catch(() => null),
};

// The brand record (../shared/docs/BRAND.md): one per user.
export const Brand = {
  get: () => api("/api/brand"),
  answer: (questionnaire) => api("/api/brand", { method: "PUT", json: questionnaire }),
  edit: (changes) => api("/api/brand", { method: "PATCH", json: changes }),
  /** Reads a brand-guidelines PDF (FormData with `pdf`); stores nothing. */
  extract: (form) => api("/api/brand/extract", { method: "POST", body: form }),
  /** Stores a reviewed extraction (FormData with `brand` JSON and optionally `logo`). */
  accept: (form) => api("/api/brand/accept", { method: "POST", body: form }),
};

// The content studio (issue 15): designs (thumbnails, social images) made from a prompt with a
// persona, then refined version by version. Their live events come on the persona's stream.
export const Designs = {
  /** {formats: [{id, label, width, height}]} */
  formats: () => api("/api/designs/formats"),
  /** {designs}, newest first (each with its current version at most). */
  list: () => api("/api/designs"),
  get: (id, options) => api(`/api/designs/${enc(id)}`, options),
  /** 202 {designs}: one, or four sharing a `group` when `variations` is 4. */
  create: ({ prompt, format, title, personaId, variations = 1 }) => api("/api/designs", {
    method: "POST",
    json: { prompt, format, title: title || undefined, personaId: personaId || undefined, variations },
  }),
  refine: (id, instruction) => api(`/api/designs/${enc(id)}/refine`, { method: "POST", json: { instruction } }),
  revert: (id, version) => api(`/api/designs/${enc(id)}/revert`, { method: "POST", json: { version } }),
  finalize: (id, version) =>
    api(`/api/designs/${enc(id)}/finalize`, { method: "POST", json: version ? { version } : {} }),
  remove: (id) => api(`/api/designs/${enc(id)}`, { method: "DELETE" }),
  /** The version's image at the format's exact size, as an attachment (a plain link). */
  downloadUrl: (id, version, type) => `/api/designs/${enc(id)}/versions/${enc(version)}/download?format=${enc(type)}`,
};
