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

/** api("/api/personas"), api("/api/auth/login", {method: "POST", json: {...}}) */
export async function api(path, { method = "GET", json, body, signal, quiet401 = false } = {}) {
  const headers = { Accept: "application/json" };
  if (json !== undefined) headers["Content-Type"] = "application/json";
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
    if (response.status === 401 && !quiet401) unauthorizedListeners.forEach((fn) => fn(error));
    throw error;
  }
  return payload || {};
}

/**
 * POST /api/personas/create as multipart, with upload progress.
 * onProgress(fraction 0–1) while sending; onUploaded() once all bytes are sent (analysis runs then).
 */
export function createPersona({ name, description, files }, { onProgress, onUploaded } = {}) {
  const form = new FormData();
  form.append("name", name);
  form.append("description", description || "");
  for (const file of files) form.append("photos", file, file.name);

  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/personas/create");
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
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
      if (xhr.status === 401) unauthorizedListeners.forEach((fn) => fn(error));
      reject(error);
    });
    xhr.addEventListener("error", () => reject(new ApiError(0, "network", NETWORK_MESSAGE)));
    xhr.addEventListener("abort", () => reject(new ApiError(0, "aborted", "The upload was cancelled.")));
    xhr.send(form);
  });
}

export const Auth = {
  me: () => api("/api/auth/me", { quiet401: true }),
  signup: (email, password) => api("/api/auth/signup", { method: "POST", json: { email, password }, quiet401: true }),
  login: (email, password) => api("/api/auth/login", { method: "POST", json: { email, password }, quiet401: true }),
  logout: () => api("/api/auth/logout", { method: "POST", quiet401: true }),
};

const enc = encodeURIComponent;

export const Personas = {
  list: () => api("/api/personas"),
  get: (id, options) => api(`/api/personas/${enc(id)}`, options),
  update: (id, changes) => api(`/api/personas/${enc(id)}`, { method: "PATCH", json: changes }),
  remove: (id) => api(`/api/personas/${enc(id)}`, { method: "DELETE" }),
  makeDefault: (id) => api(`/api/personas/${enc(id)}/default`, { method: "POST" }),
  regenerate: (id, index, instruction) =>
    api(`/api/personas/${enc(id)}/portraits/${enc(index)}/regenerate`, {
      method: "POST",
      json: instruction ? { instruction } : {},
    }),
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
};
