#!/usr/bin/env python3
"""The API's OpenAPI 3.1 document, Public/openapi.json, is written by this script: the routes, their
bodies, the error envelope and each route's error codes, read from the Swift code and kept in step
with it by hand. Edit here, then run it; `--check` (part of `make test`, through
Tests/Docs/check_docs.py) fails when the committed document is not what this writes.

    python3 scripts/openapi.py           # rewrites Public/openapi.json
    python3 scripts/openapi.py --check   # exit 1 when it differs

What keeps the document honest against the service: Tests/AppTests/OpenAPIContractTests.swift
(every registered route documented and every documented route registered; every JSON answer the
API tests receive validated against its schema) and schemathesis (scripts/api-fuzz.sh).
"""

import json
import sys
from pathlib import Path

REF = lambda name: {"$ref": f"#/components/schemas/{name}"}
NULLABLE = lambda schema: {"anyOf": [schema, {"type": "null"}]}

SIGNED_IN = [{"bearer": []}, {"session": []}]
OPTIONAL_AUTH = [{}, {"bearer": []}, {"session": []}]
PUBLIC = []

STATUS_TEXT = {
    400: "Bad request",
    401: "Not signed in, or refused",
    403: "Forbidden",
    404: "Not found",
    409: "Conflict",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    429: "Too many requests",
    500: "Internal error",
    503: "Unavailable",
}

CODE_NOTES = {
    "invalid_request": "the JSON body does not decode (details.field names the field)",
    "unauthorized": "no valid session cookie, API token or identity-provider JWT",
    "cross_site_request": "signed in by cookie from another origin, or neither JSON nor X-Inflio-Request",
    "expected_json": "the body is not JSON (sign-in routes take JSON only; a multipart body on a JSON route)",
    "unsupported_media_type": "a Content-Type no JSON decoder reads",
    "payload_too_large": "declared Content-Length over the route's limit (details.maxBytes)",
    "internal_error": "unexpected failure",
    "not_found": "missing, or not the caller's (answered alike)",
}


def err(status, codes, note=None):
    desc = f"{STATUS_TEXT[status]}. Error codes: " + ", ".join(f"`{c}`" for c in codes) + "."
    if note:
        desc += " " + note
    resp = {
        "description": desc,
        "content": {"application/json": {"schema": REF("Error")}},
        "x-error-codes": list(codes),
    }
    if status == 429:
        resp["headers"] = {"Retry-After": {"$ref": "#/components/headers/RetryAfter"}}
    return resp


def ok(description, schema=None, media="application/json", headers=None):
    resp = {"description": description}
    if headers:
        resp["headers"] = headers
    if schema is not None:
        resp["content"] = {media: {"schema": schema}}
    return resp


def json_body(schema, required=True, description=None):
    body = {"required": required, "content": {"application/json": {"schema": schema}}}
    if description:
        body["description"] = description
    return body


QUOTA_CODES = ["too_many_generations", "daily_persona_limit", "spending_cap_reached", "instance_spending_cap_reached"]
QUOTA_NOTE = "Quota refusals carry `Retry-After` and `details.retryAfterSeconds`; nothing of the request is kept."
LIMIT_NOTE = "Rate-limiter refusals carry `Retry-After` and `details.family`, `details.retryAfterSeconds`."


def op(op_id, summary, tags, responses, *, security=SIGNED_IN, description=None, parameters=None, body=None,
       json_decode=False, signin_path=False, state_changing=None, needs_user=None, method=None):
    """Adds the shared refusals: 401, 403 cross_site_request, 413, 415, 400 invalid_request, 500."""
    o = {"operationId": op_id, "summary": summary}
    if description:
        o["description"] = description
    o["tags"] = tags
    o["security"] = security
    if parameters:
        o["parameters"] = parameters
    if body:
        o["requestBody"] = body
    o["responses"] = responses
    return o


def merge_errors(responses, extra):
    """extra: {status: [codes]}; merges with existing error responses (same status)."""
    for status, codes in extra.items():
        key = str(status)
        if key in responses and "x-error-codes" in responses[key]:
            existing = responses[key]["x-error-codes"]
            merged = existing + [c for c in codes if c not in existing]
            note = responses[key]["description"].split(". Error codes: ")[1].split(".", 1)[1].strip() if \
                "." in responses[key]["description"].split(". Error codes: ")[1] else ""
            responses[key] = err(status, merged, note or None)
        elif key not in responses:
            responses[key] = err(status, codes)
    return dict(sorted(responses.items(), key=lambda kv: kv[0]))


def build(method, responses, errors, *, needs_user=True, json_decode=False, signin=False, body_route=None,
          notes=None):
    """Assembles an operation's responses. errors: {status: [codes]}; notes: {status: str}."""
    errors = {k: list(v) for k, v in errors.items()}
    notes = dict(notes or {})

    def add(status, *codes):
        lst = errors.setdefault(status, [])
        for c in codes:
            if c not in lst:
                lst.append(c)

    if needs_user:
        add(401, "unauthorized")
    state_changing = method in ("post", "put", "patch", "delete")
    if state_changing:
        add(403, "cross_site_request")
    if method in ("post", "put", "patch") and body_route is None:
        add(413, "payload_too_large")
    if json_decode:
        add(400, "invalid_request")
        add(415, "unsupported_media_type", "expected_json")
    if signin:
        add(415, "expected_json")
    out = dict(responses)
    for status in sorted(errors):
        out[str(status)] = err(status, errors[status], notes.get(status))
    out["500"] = {"$ref": "#/components/responses/InternalError"}
    return dict(sorted(out.items(), key=lambda kv: kv[0]))


def operation(op_id, summary, tags, method, responses, errors, *, security=SIGNED_IN, description=None,
              parameters=None, body=None, needs_user=True, json_decode=False, signin=False, body_route=None,
              notes=None):
    o = {"operationId": op_id, "summary": summary}
    if description:
        o["description"] = description
    o["tags"] = tags
    o["security"] = security
    if parameters:
        o["parameters"] = parameters
    if body:
        o["requestBody"] = body
    o["responses"] = build(method, responses, errors, needs_user=needs_user, json_decode=json_decode,
                           signin=signin, body_route=body_route, notes=notes)
    return o


def path_param(name, description, schema):
    return {"name": name, "in": "path", "required": True, "description": description, "schema": schema}


PERSONA_ID = path_param("personaId", "The persona's id (Vapor `:personaID`). Not a UUID, or not the caller's: 404.",
                        {"type": "string", "format": "uuid"})

SUCCESS = ok("Done.", REF("Success"))
SET_COOKIE = {
    "Set-Cookie": {
        "description": "`inflio_session=<token>; Max-Age=2592000; Path=/; HttpOnly; SameSite=Lax` (`Secure` with an https public URL), and its readable twin `inflio_signed_in=1` (not HttpOnly, no secret), which tells the web page a session may exist.",
        "schema": {"type": "string"},
    }
}
CLEAR_COOKIE = {
    "Set-Cookie": {"description": "The `inflio_session` cookie and its twin `inflio_signed_in`, expired.", "schema": {"type": "string"}}
}

paths = {}


def add_op(path, method, o):
    paths.setdefault(path, {})[method] = o


# ---------------------------------------------------------------- system

add_op("/", "get", {
    "operationId": "getWebPage",
    "summary": "The web page",
    "description": "`Public/index.html`, served by the file middleware (every other file of `Public/` likewise, at its own path).",
    "tags": ["system"],
    "security": PUBLIC,
    "responses": {
        "200": ok("The page.", {"type": "string"}, media="text/html"),
    },
})

add_op("/health", "get", {
    "operationId": "getHealth",
    "summary": "Liveness check",
    "tags": ["system"],
    "security": PUBLIC,
    "responses": {
        "200": ok("The service answers.", REF("Health")),
    },
})

add_op("/metrics", "get", {
    "operationId": "getMetrics",
    "summary": "Prometheus metrics",
    "description": "This process's counters (requests, latency, jobs it runs, lease takeovers, submissions and their dollars) and the shared database's jobs by state and ledger by outcome (`scope=\"cluster\"`), in Prometheus's text format. With `INFLIO_METRICS_TOKEN`, only to requests bearing it; without, only to requests made on this machine directly (a loopback peer, no `X-Forwarded-For`); anyone else gets 404.",
    "tags": ["system"],
    "security": PUBLIC,
    "responses": {
        "200": ok("The metrics.", {"type": "string"}, media="text/plain"),
        "404": err(404, ["not_found"], "Not allowed to read them: the same answer as a page that does not exist."),
    },
})

add_op("/api/openapi.json", "get", {
    "operationId": "getOpenAPIDocument",
    "summary": "This OpenAPI document",
    "tags": ["system"],
    "security": PUBLIC,
    "responses": {
        "200": ok("The OpenAPI 3.1 document describing the API.", {"type": "object"}),
        "500": {"$ref": "#/components/responses/InternalError"},
    },
})

# ---------------------------------------------------------------- auth

SIGNUP_CHECK_CODES = ["invalid_email", "weak_password", "password_too_long", "common_password"]

add_op("/api/auth/signup", "post", operation(
    "signUp", "Create an account", ["auth"], "post",
    {
        "201": ok("Without mail configured: the account is made and signed in.", REF("SignedIn"), headers=SET_COOKIE),
        "202": ok("With mail configured (every sign-up that passes the checks): a link was mailed; no session.",
                  REF("ConfirmationSent")),
    },
    {400: SIGNUP_CHECK_CODES, 409: ["email_taken"], 429: ["too_many_sign_ups"]},
    security=PUBLIC, needs_user=False, json_decode=True, signin=True,
    description="JSON only, from this origin. `email_taken` only without mail (with mail every address gets the same 202).",
    body=json_body(REF("Credentials")),
    notes={409: "Only without mail configured.", 429: LIMIT_NOTE},
))

add_op("/api/auth/login", "post", operation(
    "login", "Sign in", ["auth"], "post",
    {"200": ok("Signed in: a session token, also set as the `inflio_session` cookie.", REF("SignedIn"),
               headers=SET_COOKIE)},
    {400: ["password_too_long"], 401: ["invalid_credentials"], 429: ["too_many_sign_in_attempts"]},
    security=PUBLIC, needs_user=False, json_decode=True, signin=True,
    description="JSON only, from this origin.",
    body=json_body(REF("Credentials")),
    notes={429: LIMIT_NOTE},
))

TOKEN_QUERY = {"name": "token", "in": "query", "required": False, "description": "The mailed link's token.",
               "schema": {"type": "string"}}

add_op("/api/auth/confirm", "get", operation(
    "getPendingSignUp", "Which address a sign-up link would create", ["auth"], "get",
    {"200": ok("The address the link makes.", REF("PendingEmail"))},
    {400: ["invalid_link"], 404: ["not_found"]},
    security=PUBLIC, needs_user=False, parameters=[TOKEN_QUERY],
    notes={404: "Sign-up by mail is not configured."},
))

add_op("/api/auth/confirm", "post", operation(
    "confirmSignUp", "Create the account from a mailed link and sign in", ["auth"], "post",
    {"201": ok("The account is made and signed in.", REF("SignedIn"), headers=SET_COOKIE)},
    {400: ["invalid_link"], 404: ["not_found"]},
    security=PUBLIC, needs_user=False, json_decode=True, signin=True,
    body=json_body(REF("TokenBody")),
    notes={404: "Sign-up by mail is not configured."},
))

add_op("/api/auth/logout", "post", operation(
    "logout", "Sign out", ["auth"], "post",
    {"200": ok("The presented token(s) are revoked and the cookie cleared.", REF("Success"), headers=CLEAR_COOKIE)},
    {},
    security=OPTIONAL_AUTH, needs_user=False,
    description="Revokes the bearer token and the session cookie's token it was called with (an API token too); an identity provider's JWT is not revoked. Answers 200 signed out as well.",
))

add_op("/api/auth/me", "get", operation(
    "getCurrentUser", "Who is signed in", ["auth"], "get",
    {"200": ok("The signed-in user (`token` absent; `local: false` for an identity provider's user).",
               REF("SignedIn"))},
    {},
))

add_op("/api/auth/options", "get", operation(
    "getAuthOptions", "What the server offers before signing in", ["auth"], "get",
    {"200": ok("Which sign-in features are configured.", REF("AuthOptions"))},
    {}, security=PUBLIC, needs_user=False,
))

add_op("/api/auth/reset", "post", operation(
    "requestPasswordReset", "Ask for a password-reset link by mail", ["auth"], "post",
    {"202": ok("The same answer whether or not the address has an account.", REF("ResetAsked"))},
    {400: ["invalid_email"], 404: ["reset_unavailable"], 429: ["too_many_reset_requests"]},
    security=PUBLIC, needs_user=False, json_decode=True, signin=True,
    body=json_body(REF("EmailBody")),
    notes={404: "Mail is not configured.", 429: LIMIT_NOTE},
))

add_op("/api/auth/reset", "get", operation(
    "getPendingPasswordReset", "Which account a reset link resets", ["auth"], "get",
    {"200": ok("The account's address.", REF("PendingEmail"))},
    {400: ["invalid_link"], 404: ["reset_unavailable"]},
    security=PUBLIC, needs_user=False, parameters=[TOKEN_QUERY],
    notes={404: "Mail is not configured."},
))

add_op("/api/auth/reset/complete", "post", operation(
    "completePasswordReset", "Set a new password from a reset link and sign in", ["auth"], "post",
    {"200": ok("The password is set; every other session is gone; signed in.", REF("SignedIn"),
               headers=SET_COOKIE)},
    {400: ["invalid_link"] + SIGNUP_CHECK_CODES[1:], 404: ["reset_unavailable"]},
    security=PUBLIC, needs_user=False, json_decode=True, signin=True,
    body=json_body(REF("ResetCompletion")),
    notes={404: "Mail is not configured."},
))

# ---------------------------------------------------------------- account

add_op("/api/account/password", "post", operation(
    "changePassword", "Change the password", ["account"], "post",
    {"200": ok("Changed; every other browser session is signed out (API tokens stay).", REF("Success"))},
    {400: ["weak_password", "password_too_long", "common_password"], 403: ["wrong_password"],
     409: ["external_account"], 429: ["too_many_sign_in_attempts"]},
    json_decode=True, body=json_body(REF("PasswordChange")),
    notes={403: "A wrong current password counts as a failed sign-in.", 429: LIMIT_NOTE},
))

add_op("/api/account/tokens", "get", operation(
    "listTokens", "List sessions and API tokens", ["account"], "get",
    {"200": ok("The account's live tokens, newest first.", REF("TokenListing"))},
    {409: ["external_account"]},
))

add_op("/api/account/tokens", "post", operation(
    "createToken", "Create a named API token", ["account"], "post",
    {"201": ok("The token, shown once.", REF("TokenCreated"))},
    {400: ["invalid_token_name"], 403: ["wrong_password"], 404: ["not_found"], 409: ["external_account"],
     429: ["too_many_sign_in_attempts"]},
    json_decode=True, body=json_body(REF("TokenCreation")),
    notes={429: LIMIT_NOTE},
))

add_op("/api/account/tokens/{tokenId}", "delete", operation(
    "revokeToken", "Revoke a session or API token", ["account"], "delete",
    {"200": ok("Revoked; revoking the session in use also clears the cookie.", REF("Success"),
               headers=CLEAR_COOKIE)},
    {404: ["not_found"], 409: ["external_account"]},
    parameters=[path_param("tokenId", "The token's id (Vapor `:tokenID`).", {"type": "string", "format": "uuid"})],
))

add_op("/api/account/export", "get", operation(
    "exportAccount", "Download my data (ZIP)", ["account"], "get",
    {"200": {
        "description": "A ZIP streamed as it is written (`personas/…`, `personas.json`, `brand.json`, `onboarding.json`, `usage.json`, `manifest.json`). A failure after the first byte cuts it short.",
        "headers": {
            "Content-Disposition": {"description": "`attachment; filename=\"inflio-export-YYYY-MM-DD.zip\"`",
                                    "schema": {"type": "string"}},
        },
        "content": {"application/zip": {"schema": {"type": "string", "contentEncoding": "binary"}}},
    }},
    {429: ["rate_limited"]},
    notes={429: "The limiter's `export` family. " + LIMIT_NOTE},
))

add_op("/api/account/delete", "post", operation(
    "deleteAccount", "Delete the account and everything of it", ["account"], "post",
    {"200": ok("Deleted; the cookie is cleared.", REF("Success"), headers=CLEAR_COOKIE)},
    {400: ["confirmation_mismatch"], 403: ["wrong_password", "reauthentication_required"],
     429: ["too_many_sign_in_attempts"]},
    json_decode=True, body=json_body(REF("AccountDeletion")),
    notes={403: "`reauthentication_required`: an identity provider's user without a sign-in there in the last 10 minutes.",
           429: LIMIT_NOTE},
))

# ---------------------------------------------------------------- personas

add_op("/api/personas/create", "post", operation(
    "createPersona", "Create a persona from 5–20 photos in one request", ["personas"], "post",
    {"201": ok("Created: analysis done, portraits started (with `?wait=true`: finished, with the portrait URLs).",
               REF("PersonaCreated"))},
    {
        400: ["missing_name", "name_too_long", "invalid_name", "invalid_description", "too_few_photos",
              "too_many_photos", "invalid_multipart"],
        403: ["consent_required"],
        404: ["not_found"],
        413: ["payload_too_large", "image_too_large", "field_too_large", "too_many_fields"],
        415: ["expected_multipart", "unsupported_format"],
        422: ["not_enough_usable_photos", "ambiguous_identity", "unreadable_image", "image_too_large"],
        429: QUOTA_CODES,
    },
    body_route="multipart",
    description="Multipart upload, streamed to disk. Refusals leave no rows and no files. `403 consent_required` until the face-data notice is accepted (`POST /api/onboarding/consent`).",
    parameters=[{"name": "wait", "in": "query", "required": False,
                 "description": "`true`: answer when the persona is ready or failed.",
                 "schema": {"type": "boolean"}}],
    body={"required": True, "content": {"multipart/form-data": {
        "schema": {
            "type": "object",
            "required": ["name", "photos"],
            "properties": {
                "name": {"type": "string", "maxLength": 100, "description": "1–100 characters, no control characters."},
                "description": {"type": "string", "description": "Line breaks and tabs allowed, no other control characters."},
                "photos": {"type": "array", "minItems": 5, "maxItems": 20,
                           "items": {"type": "string", "contentMediaType": "application/octet-stream"},
                           "description": "JPEG, PNG, WebP or HEIC, each at most 25 MiB (the fields `photos[]` and `photo` are read too)."},
            },
        },
        "encoding": {"photos": {"contentType": "image/jpeg, image/png, image/webp, image/heic"}},
    }}},
    notes={404: "With `?wait=true`, the persona was deleted before it finished.",
           413: "`payload_too_large` from the declared length (20 × 25 MiB + 1 MiB); `image_too_large` for a file over 25 MiB while streaming; `field_too_large` over 64 KB a field (256 KB in all); `too_many_fields` over 16 text fields.",
           422: "`details.rejectedPhotos` / `details.groups` / `details.files` say which photos.",
           429: QUOTA_NOTE},
))

add_op("/api/personas", "get", operation(
    "listPersonas", "List my personas", ["personas"], "get",
    {"200": ok("Newest first; drafts only with `?drafts=true`.", REF("PersonaList"))},
    {},
    parameters=[{"name": "drafts", "in": "query", "required": False,
                 "description": "`true` to include drafts (`pending_upload`).", "schema": {"type": "boolean"}}],
))

add_op("/api/personas", "post", operation(
    "createDraft", "Start a draft persona", ["drafts"], "post",
    {"201": ok("A draft (`status: pending_upload`).", REF("DraftCreated"))},
    {400: ["name_too_long", "invalid_name", "invalid_description"], 403: ["consent_required"],
     409: ["too_many_drafts"]},
    json_decode=True,
    description="An empty body is an unnamed draft; the name may wait until the build.",
    body=json_body(REF("PersonaFields"), required=False),
))

ETAG_HEADERS = {
    "ETag": {"description": "Send back as `If-None-Match`.", "schema": {"type": "string"}},
    "Cache-Control": {"description": "`private, no-cache`", "schema": {"type": "string"}},
}

add_op("/api/personas/{personaId}", "get", operation(
    "getPersona", "A persona's detail", ["personas"], "get",
    {
        "200": ok("Status, metadata, photos and portraits.", REF("PersonaShown"), headers=ETAG_HEADERS),
        "304": {"description": "Unchanged since the `If-None-Match` ETag; no body.", "headers": ETAG_HEADERS},
    },
    {404: ["not_found"]},
    parameters=[PERSONA_ID, {"name": "If-None-Match", "in": "header", "required": False,
                             "description": "An ETag from an earlier answer.", "schema": {"type": "string"}}],
))

add_op("/api/personas/{personaId}", "patch", operation(
    "updatePersona", "Rename or redescribe a persona", ["personas"], "patch",
    {"200": ok("The persona's detail after the change.", REF("PersonaShown"))},
    {400: ["missing_name", "name_too_long", "invalid_name", "invalid_description"], 404: ["not_found"]},
    json_decode=True, parameters=[PERSONA_ID], body=json_body(REF("PersonaFields")),
))

add_op("/api/personas/{personaId}", "delete", operation(
    "deletePersona", "Delete a persona, its rows and image files", ["personas"], "delete",
    {"200": SUCCESS},
    {404: ["not_found"]},
    parameters=[PERSONA_ID],
))

add_op("/api/personas/{personaId}/default", "post", operation(
    "setDefaultPersona", "Make a persona the default", ["personas"], "post",
    {"200": ok("The persona's detail (`isDefault: true`).", REF("PersonaShown"))},
    {404: ["not_found"], 409: ["persona_is_draft"]},
    parameters=[PERSONA_ID],
))

add_op("/api/personas/{personaId}/portraits/{index}/regenerate", "post", operation(
    "regeneratePortrait", "Regenerate one portrait", ["personas"], "post",
    {"202": ok("A new attempt is queued; the persona's detail.", REF("PersonaShown"))},
    {400: ["instruction_too_long"], 404: ["not_found"], 409: ["portrait_in_progress"],
     422: ["instruction_not_supported"], 429: QUOTA_CODES},
    json_decode=True,
    parameters=[PERSONA_ID, path_param("index", "The portrait's scenario, 0–4 (Vapor `:index`); another: 404.",
                                       {"type": "integer", "minimum": 0, "maximum": 4})],
    body=json_body(REF("Regeneration"), required=False, description="Optional; no body is no instruction."),
    notes={422: "The offline studio (`INFLIO_PROVIDER=local`) can do nothing the instruction asks (a new outfit, a smile); the message says why and what it can do. Nothing is queued.", 429: QUOTA_NOTE},
))

add_op("/api/personas/{personaId}/portraits/{index}/keep", "post", operation(
    "keepPortraitAttempt", "Show an earlier attempt as the portrait again", ["personas"], "post",
    {"200": ok("That attempt's picture is the portrait again (its history entry says `shown`); the persona's portraits and consistency follow. Recorded as a job that makes nothing and costs nothing; `portrait_verified` (or `portrait_needs_review`, as the picture was judged) and, for a finished persona, `persona_ready` are published. Keeping the shown attempt changes nothing.", REF("PersonaShown"))},
    {404: ["not_found", "attempt_not_found"], 409: ["portrait_in_progress"]},
    json_decode=True,
    parameters=[PERSONA_ID, path_param("index", "The portrait's scenario, 0–4 (Vapor `:index`); another: 404.",
                                       {"type": "integer", "minimum": 0, "maximum": 4})],
    body=json_body(REF("Keeping")),
    notes={404: "`attempt_not_found`: no picture of this portrait has that attempt number.",
           409: "The portrait's latest attempt is still being made; its verdict would replace the choice."},
))

add_op("/api/personas/{personaId}/portraits.zip", "get", operation(
    "downloadPortraits", "Download the persona's portraits (ZIP)", ["personas"], "get",
    {"200": {
        "description": "The portraits shown now (one being made again, or whose latest attempt failed: its newest picture), at the size they were stored, each marked with how it was made (XMP's IPTC digital source type), named `<n>-<scenario>.jpg` (`1-professional-headshot.jpg`; `.png` for a picture stored as PNG). A portrait with no picture yet is left out.",
        "headers": {
            "Content-Disposition": {"description": "`attachment; filename=\"<persona-name>-portraits.zip\"; filename*=UTF-8''<persona-name>-portraits.zip` (the plain name with ASCII letters and digits only)",
                                    "schema": {"type": "string"}},
        },
        "content": {"application/zip": {"schema": {"type": "string", "contentEncoding": "binary"}}},
    }},
    {404: ["not_found"], 409: ["no_portraits"]},
    parameters=[PERSONA_ID],
    notes={409: "No portrait of this persona is finished yet."},
))

add_op("/api/personas/{personaId}/events", "get", operation(
    "streamPersonaEvents", "Follow a persona's progress (Server-Sent Events)", ["personas"], "get",
    {"200": {
        "description": "A `retry: 3000` line, the stored events after `Last-Event-ID` (or `?lastEventId=`), then live ones, with `: keep-alive` comments every 15 s. Each event is `id: <n>`, `event: <type>`, `data: <JSON>`; types: `analysis_done`, `portrait_started`, `portrait_ready`, `portrait_verified`, `portrait_retrying`, `portrait_needs_review`, `portrait_failed`, `portrait_regenerating`, `persona_ready`, `persona_failed`. The stream ends after `persona_ready` or `persona_failed` when nothing has followed it (a replay goes past an earlier one).",
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
    }},
    {404: ["not_found"]},
    parameters=[
        PERSONA_ID,
        {"name": "Last-Event-ID", "in": "header", "required": False,
         "description": "Replay only events after this id.", "schema": {"type": "integer"}},
        {"name": "lastEventId", "in": "query", "required": False,
         "description": "As `Last-Event-ID`, for clients that cannot set headers.", "schema": {"type": "integer"}},
    ],
))

# ---------------------------------------------------------------- drafts

add_op("/api/personas/{personaId}/photos", "post", operation(
    "addDraftPhoto", "Add one photo to a draft", ["drafts"], "post",
    {"201": ok("The photo's verdict and the set's.", REF("DraftPhotoAdded")),
     "200": ok("A resend: the draft already holds a photo sent with this `uploadToken` (its first send's "
               "answer was lost), so that photo is the answer and nothing more is stored.",
               REF("DraftPhotoAdded"))},
    {
        400: ["missing_photo", "one_photo_per_request", "too_many_photos", "invalid_multipart",
              "invalid_upload_token"],
        403: ["consent_required"],
        404: ["not_found"],
        409: ["persona_not_draft", "photo_removed"],
        413: ["payload_too_large", "image_too_large", "field_too_large", "too_many_fields"],
        415: ["expected_multipart", "unsupported_format"],
        422: ["unreadable_image", "image_too_large"],
        429: ["rate_limited"],
    },
    body_route="multipart",
    parameters=[PERSONA_ID],
    body={"required": True, "content": {"multipart/form-data": {
        "schema": {
            "type": "object",
            "required": ["photo"],
            "properties": {
                "photo": {"type": "string", "contentMediaType": "application/octet-stream",
                          "description": "One JPEG, PNG, WebP or HEIC file, at most 25 MiB."},
                "uploadToken": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$",
                                "description": "The page's own name for this upload, given back as the photo's "
                                               "`uploadToken`: a page that lost an answer can tell its photo from "
                                               "another tab's of the same file name, and a resend with it stores "
                                               "nothing twice (200). Otherwise `invalid_upload_token`."},
            },
        },
        "encoding": {"photo": {"contentType": "image/jpeg, image/png, image/webp, image/heic"}},
    }}},
    notes={413: "`payload_too_large` from the declared length (25 MiB + 1 MiB); `image_too_large` past 25 MiB while streaming.",
           429: "The limiter's `draft_photo` family. " + LIMIT_NOTE},
))

add_op("/api/personas/{personaId}/photos", "get", operation(
    "getDraft", "A draft's verdict", ["drafts"], "get",
    {"200": ok("The set's verdict.", REF("DraftShown"))},
    {404: ["not_found"], 409: ["persona_not_draft"]},
    parameters=[PERSONA_ID],
))

add_op("/api/personas/{personaId}/photos/{photoId}", "delete", operation(
    "removeDraftPhoto", "Remove one photo from a draft", ["drafts"], "delete",
    {"200": ok("The set's new verdict.", REF("DraftShown"))},
    {404: ["not_found"], 409: ["persona_not_draft"]},
    parameters=[PERSONA_ID, path_param("photoId", "The photo's id (Vapor `:photoID`).",
                                       {"type": "string", "format": "uuid"})],
))

add_op("/api/personas/{personaId}/build", "post", operation(
    "buildDraft", "Build a draft: start its portraits", ["drafts"], "post",
    {"202": ok("The portraits are started.", REF("PersonaCreated"))},
    {400: ["missing_name", "name_too_long", "invalid_name", "invalid_description", "too_few_photos",
           "too_many_photos"],
     403: ["consent_required"], 404: ["not_found"], 409: ["persona_not_draft"],
     422: ["not_enough_usable_photos", "ambiguous_identity"], 429: QUOTA_CODES},
    json_decode=True, parameters=[PERSONA_ID],
    body=json_body(REF("PersonaFields"), required=False),
    notes={422: "`details.rejectedPhotos[].photoId` / `details.groups[].photoIds` name the photos.",
           429: QUOTA_NOTE},
))

# ---------------------------------------------------------------- capture

add_op("/api/capture/check", "post", operation(
    "checkCaptureFrame", "Check one camera frame", ["capture"], "post",
    {"200": ok("What the face engine sees; nothing is stored.", REF("CaptureCheck"))},
    {400: ["missing_frame"], 403: ["consent_required"], 413: ["frame_too_large"], 415: ["unsupported_format"],
     422: ["unreadable_image"], 429: ["rate_limited"]},
    body_route="raw",
    description="The body is one frame, at most 512 KB and 1280 px on its longer side (its format is sniffed from its bytes). Signed in by cookie, send `X-Inflio-Request`.",
    body={"required": True, "content": {"image/jpeg": {"schema": {"type": "string", "contentEncoding": "binary"}}}},
    notes={413: "From the declared length or while reading (`details.maxBytes`, `details.maxSide`).",
           429: "The limiter's `capture_check` family. " + LIMIT_NOTE},
))

# ---------------------------------------------------------------- usage

add_op("/api/usage", "get", operation(
    "getUsage", "The cost ledger", ["usage"], "get",
    {"200": ok("Every provider call, with totals per persona and overall; failed calls cost 0.", REF("Usage"))},
    {},
))

# ---------------------------------------------------------------- media

add_op("/media/{imageId}", "get", operation(
    "getMedia", "An image (photo or portrait)", ["media"], "get",
    {"200": {
        "description": "The image, to its owner or through a valid signed link. Portraits carry IPTC's digital source type in XMP.",
        "headers": {"Cache-Control": {"description": "`private, max-age=3600`", "schema": {"type": "string"}}},
        "content": {
            "image/jpeg": {"schema": {"type": "string", "contentEncoding": "binary"}},
            "image/png": {"schema": {"type": "string", "contentEncoding": "binary"}},
        },
    }},
    {404: ["not_found"]},
    security=OPTIONAL_AUTH, needs_user=False,
    parameters=[
        path_param("imageId", "The image's id (Vapor `:imageID`).", {"type": "string", "format": "uuid"}),
        {"name": "expires", "in": "query", "required": False,
         "description": "A signed link's expiry (Unix seconds).", "schema": {"type": "integer"}},
        {"name": "signature", "in": "query", "required": False,
         "description": "A signed link's HMAC-SHA256, hex.", "schema": {"type": "string"}},
    ],
    notes={404: "Missing, or neither the owner's nor a valid signed link (answered alike)."},
))

# ---------------------------------------------------------------- webhooks

FAL_HEADER = lambda name, desc: {"name": name, "in": "header", "required": True, "description": desc,
                                 "schema": {"type": "string"}}

add_op("/api/webhooks/fal", "post", operation(
    "receiveFALWebhook", "FAL's completion webhook", ["webhooks"], "post",
    {"200": ok("Accepted (also for a redelivery already processed).", REF("Success"))},
    {401: ["webhook_missing_header", "webhook_bad_timestamp", "webhook_stale_timestamp", "webhook_bad_signature",
           "webhook_invalid_signature", "webhook_keys_unavailable"],
     404: ["not_found"], 413: ["payload_too_large"]},
    security=PUBLIC, needs_user=False, body_route="webhook",
    description="Only with `INFLIO_PROVIDER=fal` (404 otherwise). Ed25519-verified against FAL's JWKS; it wakes the portrait or design waiting on the body's `request_id`.",
    parameters=[
        {"name": "job", "in": "query", "required": False,
         "description": "Our generation job's id, tagged on the webhook URL at submission.",
         "schema": {"type": "string", "format": "uuid"}},
        {"name": "design_version", "in": "query", "required": False,
         "description": "A design version's id, tagged on the webhook URL at submission: a submission whose answer a crash lost is claimed by it.",
         "schema": {"type": "string", "format": "uuid"}},
        FAL_HEADER("X-Fal-Webhook-Request-Id", "FAL's request id."),
        FAL_HEADER("X-Fal-Webhook-User-Id", "FAL's user id."),
        FAL_HEADER("X-Fal-Webhook-Timestamp", "Unix seconds; at most 300 s from now."),
        FAL_HEADER("X-Fal-Webhook-Signature", "Ed25519 signature, hex."),
    ],
    body={"required": True, "content": {"application/json": {"schema": {
        "type": "object",
        "description": "FAL's webhook payload (read by FAL's client; at most 2 MiB).",
        "properties": {"request_id": {"type": "string"}},
    }}}},
    notes={401: "The signature or its headers were refused.", 404: "FAL webhooks are not enabled.",
           413: "Over 2 MiB."},
))

# ---------------------------------------------------------------- onboarding

STEP_NUMBER = path_param("number", "The launchpad step, 1–5 (Vapor `:number`); another: 404.",
                         {"type": "integer", "minimum": 1, "maximum": 5})
ONB_OK = ok("The onboarding state after the change.", REF("OnboardingAnswer"))

add_op("/api/onboarding", "get", operation(
    "getOnboarding", "The onboarding state", ["onboarding"], "get",
    {"200": ok("The launchpad's, the wizard's and the guide's state.", REF("OnboardingAnswer"))},
    {},
))

add_op("/api/onboarding/profile", "put", operation(
    "saveOnboardingProfile", "Save the profile (sub-step 1.1)", ["onboarding"], "put",
    {"200": ONB_OK}, {400: ["invalid_answer"]},
    json_decode=True, body=json_body(REF("OnboardingProfileBody")),
))

add_op("/api/onboarding/brand/skip", "post", operation(
    "skipOnboardingBrand", "Skip the brand (sub-step 1.2)", ["onboarding"], "post",
    {"200": ONB_OK}, {},
))

add_op("/api/onboarding/consent", "post", operation(
    "acceptConsent", "Accept the face-data notice", ["onboarding"], "post",
    {"200": ONB_OK}, {400: ["consent_not_given"]},
    json_decode=True, body=json_body(REF("ConsentBody")),
))

add_op("/api/onboarding/preferences", "put", operation(
    "saveOnboardingPreferences", "Save content preferences (sub-step 1.4)", ["onboarding"], "put",
    {"200": ONB_OK}, {400: ["invalid_answer"]},
    json_decode=True, body=json_body(REF("OnboardingPreferencesBody")),
))

add_op("/api/onboarding/preferences/skip", "post", operation(
    "skipOnboardingPreferences", "Skip content preferences (sub-step 1.4)", ["onboarding"], "post",
    {"200": ONB_OK}, {},
))

add_op("/api/onboarding/position", "put", operation(
    "moveOnboardingWizard", "Move the wizard to a sub-step", ["onboarding"], "put",
    {"200": ONB_OK}, {400: ["invalid_answer"], 409: ["substep_locked"]},
    json_decode=True, body=json_body(REF("OnboardingPositionBody")),
    notes={409: "`details.missing` lists the sub-steps to finish first."},
))

add_op("/api/onboarding/confirm", "post", operation(
    "confirmOnboardingStep1", "Confirm step 1 (sub-step 1.5)", ["onboarding"], "post",
    {"200": ONB_OK}, {409: ["onboarding_incomplete"]},
    notes={409: "`details.missing` lists the sub-steps still needed."},
))

add_op("/api/onboarding/steps/{number}", "get", operation(
    "openOnboardingStep", "Open a launchpad step", ["onboarding"], "get",
    {"200": ok("The step and the whole state.", REF("OnboardingStepAnswer"))},
    {404: ["not_found"], 409: ["step_locked", "step_unavailable"]},
    parameters=[STEP_NUMBER],
))

add_op("/api/onboarding/steps/{number}/confirm", "post", operation(
    "confirmOnboardingStep", "Confirm a launchpad step", ["onboarding"], "post",
    {"200": ONB_OK},
    {404: ["not_found"],
     409: ["step_locked", "step_unavailable", "use_the_wizard", "brand_missing", "avatar_not_ready"]},
    parameters=[STEP_NUMBER],
))

add_op("/api/onboarding/steps/{number}/skip", "post", operation(
    "skipOnboardingStep", "Skip an optional launchpad step", ["onboarding"], "post",
    {"200": ONB_OK},
    {404: ["not_found"], 409: ["step_locked", "step_unavailable", "step_required"]},
    parameters=[STEP_NUMBER],
))

add_op("/api/onboarding/events", "post", operation(
    "reportOnboardingEvent", "Report a funnel event (shown, started)", ["onboarding"], "post",
    {"200": SUCCESS},
    {400: ["invalid_answer"], 409: ["step_locked", "step_unavailable"]},
    json_decode=True, body=json_body(REF("FunnelEventBody")),
))

# ---------------------------------------------------------------- brand

add_op("/api/brand", "get", operation(
    "getBrand", "The brand record", ["brand"], "get",
    {"200": ok("The record (without `onboarding`).", REF("BrandAnswer"))},
    {404: ["not_found"]},
))

add_op("/api/brand", "put", operation(
    "replaceBrand", "Answer the brand questionnaire (creates or replaces the record)", ["brand"], "put",
    {"200": ok("The record and the onboarding state.", REF("BrandAnswer"))},
    {400: ["invalid_brand"]},
    json_decode=True, body=json_body(REF("BrandQuestionnaire")),
))

add_op("/api/brand", "patch", operation(
    "editBrand", "Edit brand fields", ["brand"], "patch",
    {"200": ok("The record and the onboarding state.", REF("BrandAnswer"))},
    {400: ["invalid_brand"], 404: ["not_found"]},
    json_decode=True, body=json_body(REF("BrandEdit")),
    description="Each field sent replaces that field and becomes `source: edited`.",
))

add_op("/api/brand", "delete", operation(
    "deleteBrand", "Delete the brand record", ["brand"], "delete",
    {"200": SUCCESS}, {404: ["not_found"]},
))

add_op("/api/brand/extract", "post", operation(
    "extractBrand", "Read a brand-guidelines PDF (nothing is stored)", ["brand"], "post",
    {"200": ok("What the PDF gave, to review: every field `source: pdf` with its page and confidence.",
               REF("BrandExtracted"))},
    {
        400: ["missing_pdf", "one_file_per_request", "invalid_multipart"],
        413: ["payload_too_large", "pdf_too_large", "field_too_large", "too_many_fields"],
        415: ["expected_multipart", "not_a_pdf"],
        422: ["pdf_encrypted", "pdf_unreadable"],
        429: ["rate_limited"],
        503: ["pdf_tools_missing", "extraction_busy"],
    },
    body_route="multipart",
    body={"required": True, "content": {"multipart/form-data": {
        "schema": {"type": "object", "required": ["pdf"], "properties": {
            "pdf": {"type": "string", "contentMediaType": "application/octet-stream",
                    "description": "The guidelines, a PDF of at most 20 MiB and 40 pages (sniffed from its bytes)."},
        }},
    }}},
    description="Parsed by poppler's programs in separate processes with time, memory and output limits. "
                "`pdf_too_large` also answers a PDF past 40 pages or one that hits those limits (`details.reason`).",
    notes={429: "The limiter's `brand_extract` family. " + LIMIT_NOTE,
           503: "`extraction_busy` (with `Retry-After`) when this process already reads two PDFs."},
))

add_op("/api/brand/accept", "post", operation(
    "acceptBrand", "Store a reviewed extraction (creates or replaces the record)", ["brand"], "post",
    {"200": ok("The record and the onboarding state.", REF("BrandAnswer"))},
    {
        400: ["missing_brand", "invalid_brand", "one_file_per_request", "invalid_multipart"],
        413: ["payload_too_large", "pdf_too_large", "field_too_large", "too_many_fields"],
        415: ["expected_multipart", "invalid_logo"],
    },
    body_route="multipart",
    body={"required": True, "content": {"multipart/form-data": {
        "schema": {"type": "object", "required": ["brand"], "properties": {
            "brand": {"type": "string", "description": "The extraction's `brand` as JSON, edited or not (at most 64 KiB)."},
            "logo": {"type": "string", "contentMediaType": "application/octet-stream",
                     "description": "The logo to keep: PNG (transparency kept), JPEG or WebP, at most 5 MiB. "
                                    "Without it the record has no logo."},
        }},
        "encoding": {"logo": {"contentType": "image/png, image/jpeg, image/webp"}},
    }}},
    notes={413: "`pdf_too_large` here means the logo file is past 5 MiB."},
))

add_op("/api/brand/logo", "get", operation(
    "getBrandLogo", "The stored logo", ["brand"], "get",
    {"200": ok("The logo, a PNG.", {"type": "string", "contentEncoding": "binary"}, media="image/png")},
    {404: ["not_found"]},
))

add_op("/api/brand.yml", "get", operation(
    "exportBrandYAML", "The brand as posit's brand.yml", ["brand"], "get",
    {"200": ok("`meta.name`, `color` (palette by name; primary, secondary, tertiary, background, foreground), "
               "`typography` (base, headings) and `logo`.",
               {"type": "object", "description": "The YAML document (a mapping)."}, media="application/yaml")},
    {404: ["not_found"]},
))

add_op("/api/brand.yml", "put", operation(
    "importBrandYAML", "Replace the colours, fonts and name from a brand.yml", ["brand"], "put",
    {"200": ok("The record and the onboarding state.", REF("BrandAnswer"))},
    {400: ["invalid_brand"]},
    body={"required": True, "content": {"application/yaml": {"schema": {"type": "string", "maxLength": 65536}}}},
    description="The logo, voice, audience and guidelines are kept. Every imported field is `source: edited`.",
))

# ---------------------------------------------------------------- designs (issue 15)

DESIGN_ID = path_param("designId", "The design's id (Vapor `:designID`). Not a UUID, or not the caller's: 404.",
                       {"type": "string", "format": "uuid"})
VERSION_NUMBER = path_param("number", "The version's number, from 1 (Vapor `:number`); another: 404.",
                            {"type": "integer", "minimum": 1})
PNG = {"type": "string", "contentEncoding": "binary"}


def _object(properties, required=()):
    return {"type": "object", **({"required": list(required)} if required else {}), "properties": properties}

add_op("/api/designs/formats", "get", operation(
    "listDesignFormats", "The formats a design can have, with their exact sizes", ["designs"], "get",
    {"200": ok("Every format.", REF("DesignFormats"))}, {},
))

add_op("/api/designs", "get", operation(
    "listDesigns", "Your designs, newest first (at most 200)", ["designs"], "get",
    {"200": ok("The designs with their versions.", REF("DesignList"))}, {},
))

add_op("/api/designs", "post", operation(
    "createDesign", "Make a design, or four variations, from a ready persona", ["designs"], "post",
    {"202": ok("Queued: the design(s) with version 1 `queued`; `design.*` events follow on the persona's stream.",
               REF("DesignList"))},
    {
        404: ["not_found"],
        409: ["persona_not_ready"],
        422: ["prompt_required", "prompt_too_long", "invalid_prompt", "unknown_format", "title_too_long",
              "invalid_title", "invalid_variations"],
        429: ["rate_limited"],
    },
    json_decode=True, body=json_body(REF("DesignCreate")),
    description="The persona is `personaId`, else the default one, else the newest ready one. Without `title`, "
                "the first quoted part of the prompt is the title. `variations: 4` makes four designs sharing `group`.",
    notes={429: "The limiter's `design` family, a token per version asked for. " + LIMIT_NOTE,
           404: "`personaId` is not the caller's."},
))

add_op("/api/designs/{designId}", "get", operation(
    "getDesign", "A design and its versions", ["designs"], "get",
    {"200": ok("The design.", REF("Design"))}, {404: ["not_found"]}, parameters=[DESIGN_ID],
))

add_op("/api/designs/{designId}", "delete", operation(
    "deleteDesign", "Delete a design, its versions and their pictures", ["designs"], "delete",
    {"204": ok("Deleted.")}, {404: ["not_found"]}, parameters=[DESIGN_ID],
))

add_op("/api/designs/{designId}/refine", "post", operation(
    "refineDesign", "A new version from the current one, changed as asked in plain words", ["designs"], "post",
    {"202": ok("Queued: the design with its new current version.", REF("Design"))},
    {
        404: ["not_found"],
        409: ["design_busy", "version_not_ready"],
        422: ["instruction_required", "instruction_too_long", "invalid_instruction", "instruction_not_understood",
              "nothing_to_change", "no_logo", "title_too_long", "invalid_title"],
        429: ["rate_limited"],
    },
    parameters=[DESIGN_ID], json_decode=True,
    body=json_body(_object({"instruction": {"type": "string", "maxLength": 300}}, ["instruction"])),
    description="`instruction_not_understood` (nothing stored) when the offline renderer finds nothing it can change; "
                "`details.notes` says what it could not place. `nothing_to_change` (nothing stored) when, offline, what "
                "it understood is how the current version is already (\"title on the left\" with the title there). "
                "`no_logo` (nothing stored) when the logo is asked for and the brand has none. A refusal (any 4xx) "
                "gives back the limiter's token.",
    notes={429: "The limiter's `design` family. " + LIMIT_NOTE},
))

add_op("/api/designs/{designId}/revert", "post", operation(
    "revertDesign", "Show an earlier version again (refinements continue from it)", ["designs"], "post",
    {"200": ok("The design.", REF("Design"))},
    {404: ["not_found"], 409: ["version_not_ready"], 422: ["version_required"]},
    parameters=[DESIGN_ID], json_decode=True,
    body=json_body(_object({"version": {"type": "integer", "minimum": 1}}, ["version"])),
))

add_op("/api/designs/{designId}/finalize", "post", operation(
    "finalizeDesign", "Mark a version (by default the current one) as the final design", ["designs"], "post",
    {"200": ok("The design.", REF("Design"))},
    {404: ["not_found"], 409: ["version_not_ready"]},
    parameters=[DESIGN_ID], json_decode=True,
    body=json_body(_object({"version": {"type": "integer", "minimum": 1}}), required=False),
))

add_op("/api/designs/{designId}/versions/{number}/image", "get", operation(
    "getDesignImage", "A version's picture as stored (PNG, the format's exact size)", ["designs"], "get",
    {"200": ok("The picture.", PNG, media="image/png")},
    {404: ["not_found"], 409: ["version_not_ready"]}, parameters=[DESIGN_ID, VERSION_NUMBER],
))

add_op("/api/designs/{designId}/versions/{number}/download", "get", operation(
    "downloadDesign", "A version's picture as a file to keep: PNG, JPEG or WebP", ["designs"], "get",
    {"200": {"description": "The picture at the format's exact size, `Content-Disposition: attachment`.",
             "content": {"image/png": {"schema": PNG}, "image/jpeg": {"schema": PNG}, "image/webp": {"schema": PNG}}}},
    {404: ["not_found"], 409: ["version_not_ready"], 422: ["unknown_image_format"]},
    parameters=[DESIGN_ID, VERSION_NUMBER, {"name": "format", "in": "query", "required": False,
                "schema": {"type": "string", "enum": ["png", "jpeg", "webp"], "default": "png"}}],
))

add_op("/api/designs/{designId}/versions/{number}/partial", "get", operation(
    "getDesignPartial",
    "The latest partial image of a version being made (INFLIO_DESIGN_PREVIEW=stream on FAL), until it is ready",
    ["designs"], "get",
    {"200": {"description": "The partial image, as the model streamed it (sanitized).",
             "content": {"image/jpeg": {"schema": PNG}, "image/png": {"schema": PNG}}}},
    {404: ["not_found"]}, parameters=[DESIGN_ID, VERSION_NUMBER, {"name": "i", "in": "query", "required": False,
                "schema": {"type": "integer"}, "description": "The partial's index (only to make each address new)."}],
))

# ================================================================= schemas

S = lambda **kw: kw
STR = {"type": "string"}
INT = {"type": "integer"}
NUM = {"type": "number"}
BOOL = {"type": "boolean"}
UUID = {"type": "string", "format": "uuid"}
DATE = {"type": "string", "format": "date-time"}
ARR = lambda items: {"type": "array", "items": items}


def obj(properties, required=(), description=None):
    o = {"type": "object"}
    if description:
        o["description"] = description
    if required:
        o["required"] = list(required)
    o["properties"] = properties
    return o


SUCCESS_TRUE = {"type": "boolean", "const": True}

schemas = {
    "Error": obj({
        "success": {"type": "boolean", "const": False},
        "error": obj({
            "code": {"type": "string", "description": "Stable machine-readable code (see each response's `x-error-codes`)."},
            "message": {"type": "string", "description": "A sentence for people."},
            "details": {"description": "Optional facts about the refusal (e.g. `field`, `maxBytes`, `family`, `retryAfterSeconds`, `rejectedPhotos`).",
                        "type": ["object", "array", "string", "number", "boolean", "null"]},
        }, ["code", "message"]),
    }, ["success", "error"], "The error envelope of every refusal."),
    "Success": obj({"success": SUCCESS_TRUE}, ["success"]),
    "Health": obj({"status": {"type": "string", "const": "ok"}}, ["status"]),
    "Credentials": obj({"email": STR, "password": STR}, ["email", "password"]),
    "TokenBody": obj({"token": STR}, ["token"]),
    "EmailBody": obj({"email": STR}, ["email"]),
    "ResetCompletion": obj({"token": STR, "password": STR}, ["token", "password"]),
    "SignedIn": obj({
        "success": SUCCESS_TRUE,
        "user": obj({
            "id": {"type": "string", "description": "The user's id (a UUID string)."},
            "email": STR,
            "local": {"type": "boolean", "description": "A local account (with a password here), not an identity provider's user."},
        }, ["id", "local"]),
        "token": {"type": "string", "description": "The session token (`inf_…`), also usable as `Authorization: Bearer`. Absent from `GET /api/auth/me`."},
    }, ["success", "user"]),
    "ConfirmationSent": obj({
        "success": SUCCESS_TRUE,
        "status": {"type": "string", "const": "confirm_email"},
        "email": STR,
        "message": STR,
    }, ["success", "status", "email", "message"]),
    "PendingEmail": obj({"success": SUCCESS_TRUE, "email": STR}, ["success", "email"]),
    "AuthOptions": obj({
        "success": SUCCESS_TRUE,
        "signUpByMail": BOOL,
        "passwordResetByMail": BOOL,
        "externalSignIn": BOOL,
    }, ["success", "signUpByMail", "passwordResetByMail", "externalSignIn"]),
    "ResetAsked": obj({
        "success": SUCCESS_TRUE,
        "status": {"type": "string", "const": "reset_mailed"},
        "email": STR,
        "message": STR,
    }, ["success", "status", "email", "message"]),
    "PasswordChange": obj({"currentPassword": STR, "newPassword": STR}, ["currentPassword", "newPassword"]),
    "TokenCreation": obj({
        "name": {"type": "string", "description": "1–60 characters after trimming, no control or format characters."},
        "password": {"type": "string", "description": "The account's password (required in effect: a missing one is `wrong_password`)."},
    }, ["name"]),
    "ListedToken": obj({
        "id": UUID,
        "kind": {"type": "string", "enum": ["session", "api"]},
        "name": STR,
        "createdAt": DATE,
        "lastUsedAt": DATE,
        "lastUsedFrom": {"type": "string", "description": "The client address it was last used from."},
        "userAgent": STR,
        "expiresAt": DATE,
        "current": {"type": "boolean", "description": "The token this request came with."},
    }, ["id", "kind", "current"]),
    "TokenListing": obj({"success": SUCCESS_TRUE, "tokens": ARR(REF("ListedToken"))}, ["success", "tokens"]),
    "TokenCreated": obj({
        "success": SUCCESS_TRUE,
        "token": {"type": "string", "description": "The token itself (`inf_…`), shown once."},
        "listed": REF("ListedToken"),
    }, ["success", "token", "listed"]),
    "AccountDeletion": obj({
        "password": {"type": "string", "description": "A local account's password."},
        "confirmEmail": {"type": "string", "description": "The account's email typed out (`DELETE` for an account without one)."},
    }),
    # personas
    "PersonaStatus": {"type": "string", "enum": ["pending_upload", "analyzing", "ready", "failed"],
                      "description": "The seed's status. `pending_upload`: a draft gathering photos."},
    "PersonaStage": {"type": "string", "enum": ["uploading", "generating", "regenerating", "done", "failed"],
                     "description": "Finer progress than `status`."},
    "PersonaFields": obj({
        "name": {"type": "string", "description": "1–100 characters, no control characters."},
        "description": {"type": "string", "description": "Line breaks and tabs allowed, no other control characters."},
    }),
    "PersonaCreated": obj({
        "success": SUCCESS_TRUE,
        "persona": obj({
            "id": UUID,
            "status": REF("PersonaStatus"),
            "stage": REF("PersonaStage"),
            "portraits": {"type": "array", "items": STR,
                          "description": "Signed portrait URLs; empty unless `?wait=true`."},
            "eventsUrl": {"type": "string", "description": "`/api/personas/<id>/events`."},
        }, ["id", "status", "stage", "portraits", "eventsUrl"]),
    }, ["success", "persona"]),
    "PersonaSummary": obj({
        "id": UUID,
        "name": STR,
        "description": STR,
        "status": REF("PersonaStatus"),
        "stage": REF("PersonaStage"),
        "isDefault": BOOL,
        "createdAt": DATE,
        "updatedAt": DATE,
        "thumbnailUrl": {"type": "string", "description": "A signed media link (first portrait, else first reference photo)."},
        "photoCount": {"type": "integer", "minimum": 0,
                       "description": "Photos uploaded: for a draft, how many continuing it brings back."},
    }, ["id", "name", "description", "status", "stage", "isDefault", "photoCount"]),
    "PersonaList": obj({"success": SUCCESS_TRUE, "personas": ARR(REF("PersonaSummary"))}, ["success", "personas"]),
    "PhotoQuality": obj({"lighting": NUM, "clarity": NUM, "angle": NUM, "overall": NUM},
                        ["lighting", "clarity", "angle", "overall"], "0–1 scores."),
    "PhotoIssue": obj({
        "code": {"type": "string", "description": "e.g. `no_face`, `multiple_faces`, `face_too_small`, `face_cut_off`, `too_dark`, `too_bright`, `blurry`, `extreme_angle`, `different_person`, `uncertain_identity`, `duplicate`, `mirrored_copy`."},
        "message": STR,
    }, ["code", "message"]),
    "PersonaMetadata": obj({
        "photoCount": INT,
        "photoUrls": ARR(STR),
        "referencePhotoUrls": ARR(STR),
        "portraitUrls": ARR(STR),
        "analysisQuality": {"type": "string", "description": "`excellent`, `good`, `needs_improvement` (empty for a draft)."},
        "consistencyScore": NUM,
        "photoConsistencyScore": NUM,
        "usablePhotos": INT,
        "provider": STR,
        "error": STR,
    }, ["photoCount", "photoUrls", "referencePhotoUrls", "portraitUrls", "analysisQuality", "consistencyScore"]),
    "PersonaPhoto": obj({
        "id": UUID,
        "url": {"type": "string", "description": "Signed media link."},
        "fileName": STR,
        "fileSize": {"type": "integer", "description": "The uploaded file's size in bytes (the stored copy's may differ)."},
        "quality": REF("PhotoQuality"),
        "issues": ARR(REF("PhotoIssue")),
        "usable": BOOL,
        "isReference": BOOL,
    }, ["id", "url", "fileSize", "issues", "usable", "isReference"]),
    "Likeness": {"type": "string", "enum": ["strong", "acceptable", "weak", "off"]},
    "PortraitAttempt": obj({
        "attempt": INT,
        "url": {"type": "string", "description": "Signed media link."},
        "state": STR,
        "identityDistance": NUM,
        "secondOpinionDistance": NUM,
        "likeness": REF("Likeness"),
        "sourcePhotoId": {**UUID, "description": "As the portrait's `sourcePhotoId`; absent for a model's."},
        "shown": {"type": "boolean", "description": "The attempt shown as the portrait now: the latest, or an earlier one kept (`keepPortraitAttempt`)."},
        "preview": {"type": "boolean", "description": "True when the offline studio made this attempt (as the portrait's `preview`): its `verified` state is the likeness check's, not a generated portrait's."},
        "contentType": {"type": "string", "enum": ["image/jpeg", "image/png"], "description": "The stored picture's type; a download is named after it."},
        "instruction": {"type": "string", "description": "The words this attempt was asked with; absent for none. Instructions do not build on one another: this is how an earlier look is found again."},
        "faceCentre": {**NULLABLE(REF("FaceCentre")), "description": "As the portrait's `faceCentre`."},
        "createdAt": DATE,
    }, ["attempt", "url", "state", "shown", "preview"]),
    "FaceCentre": obj({
        "x": {"type": "number", "minimum": 0, "maximum": 1},
        "y": {"type": "number", "minimum": 0, "maximum": 1},
    }, ["x", "y"], "The middle of a portrait's face as shares of its width and height, found by the likeness check."),
    "Portrait": obj({
        "index": {"type": "integer", "minimum": 0, "maximum": 4},
        "scenario": STR,
        "title": STR,
        "state": {"type": "string", "description": "`queued`, `generating`, `retrying`, `verified`, `needs_review`, `failed` (or `cancelled`)."},
        "url": {"type": ["string", "null"], "description": "Signed media link of the shown portrait."},
        "width": {"type": ["integer", "null"]},
        "height": {"type": ["integer", "null"]},
        "contentType": {"type": ["string", "null"], "enum": ["image/jpeg", "image/png", None], "description": "The shown picture's type (`image/jpeg` or `image/png`); null without one."},
        "identityDistance": {"type": ["number", "null"]},
        "secondOpinionDistance": {"type": ["number", "null"]},
        "likeness": NULLABLE(REF("Likeness")),
        "reason": {"type": ["string", "null"], "description": "While retrying or for review: `no_face`, `weak_likeness`, `identity_mismatch`."},
        "error": {"type": ["string", "null"], "description": "The provider's error, for a failed portrait."},
        "instruction": {"type": ["string", "null"], "description": "The instruction the shown attempt was asked with (the latest job's; a kept earlier attempt's own)."},
        "instructionNotes": {**ARR({"type": "string"}), "description": "What the offline studio did not do of that instruction, and why (a new outfit needs an image model), and for black and white that the likeness reads lower; empty for a generative model's portrait."},
        "madeBy": {"type": ["string", "null"], "description": "IPTC digital source type: `trainedAlgorithmicMedia` or `composite`."},
        "sourcePhotoId": {"type": ["string", "null"], "format": "uuid", "description": "The uploaded photo (an id in `photos`) whose own face the shown portrait is, when the offline studio composed it from one photo, cast for the scenario (docs/generation.md); null for a generative model's, which draws on all the references."},
        "preview": {"type": "boolean", "description": "True when the offline studio made the shown portrait: the person's own photo relit on a backdrop, a preview rather than a generated portrait (`madeBy` is `composite`)."},
        "attempts": {"type": "integer", "description": "Jobs made for this scenario (attempts, retries and kept earlier attempts): the latest job's attempt number."},
        "history": ARR(REF("PortraitAttempt")),
        "faceCentre": {**NULLABLE(REF("FaceCentre")), "description": "The middle of the shown portrait's face as shares of its width and height (0-1), found by the likeness check; null without a face. A page crops a thumbnail round it."},
    }, ["index", "scenario", "title", "state", "url", "width", "height", "contentType", "identityDistance", "secondOpinionDistance",
        "likeness", "reason", "error", "instruction", "instructionNotes", "madeBy", "sourcePhotoId", "preview", "attempts", "history", "faceCentre"]),
    "PersonaDetail": obj({
        "id": UUID,
        "name": STR,
        "description": STR,
        "status": REF("PersonaStatus"),
        "stage": REF("PersonaStage"),
        "isDefault": BOOL,
        "metadata": REF("PersonaMetadata"),
        "photos": ARR(REF("PersonaPhoto")),
        "portraits": ARR(REF("Portrait")),
        "eventsUrl": STR,
        "lastEventId": {"type": "integer", "description": "The newest stored event's id (send as `Last-Event-ID`)."},
        "createdAt": DATE,
        "updatedAt": DATE,
    }, ["id", "name", "description", "status", "stage", "isDefault", "metadata", "photos", "portraits", "eventsUrl",
        "lastEventId"]),
    "PersonaShown": obj({"success": SUCCESS_TRUE, "persona": REF("PersonaDetail")}, ["success", "persona"]),
    "Keeping": obj({"attempt": {"type": "integer", "description": "An attempt of this portrait's `history`."}}, ["attempt"]),
    "Regeneration": obj({"instruction": {"type": "string", "maxLength": 500,
                                         "description": "A refinement; over 500 characters: `instruction_too_long`."}}),
    # drafts
    "DraftPhoto": obj({
        "id": UUID,
        "url": {"type": "string", "description": "Signed media link."},
        "fileName": STR,
        "uploadToken": {"type": ["string", "null"], "description": "The `uploadToken` sent with the photo, if any."},
        "fileSize": {"type": "integer", "description": "The uploaded file's size in bytes (the stored copy's may differ)."},
        "ok": BOOL,
        "error": NULLABLE(REF("PhotoIssue")),
        "faces": INT,
        "quality": NULLABLE(REF("PhotoQuality")),
        "issues": ARR(REF("PhotoIssue")),
        "usable": BOOL,
        "isReference": BOOL,
        "duplicateOf": {"type": ["string", "null"], "format": "uuid"},
        "otherPerson": BOOL,
    }, ["id", "url", "fileName", "uploadToken", "fileSize", "ok", "error", "faces", "quality", "issues", "usable",
        "isReference", "duplicateOf", "otherPerson"]),
    "DraftVerdict": obj({
        "personaId": UUID,
        "name": STR,
        "description": STR,
        "photoCount": INT,
        "usablePhotos": INT,
        "required": {"type": "integer", "description": "5"},
        "maximum": {"type": "integer", "description": "20"},
        "canBuild": BOOL,
        "analysisQuality": STR,
        "consistencyScore": NUM,
        "references": ARR(UUID),
        "duplicates": ARR(obj({"photoId": UUID, "of": UUID}, ["photoId", "of"])),
        "otherPeople": ARR(UUID),
        "uncertain": ARR(UUID),
        "ambiguousGroups": {"type": ["array", "null"], "items": ARR(UUID)},
        "missing": ARR(STR),
        "advice": ARR(STR),
        "photos": ARR(REF("DraftPhoto")),
    }, ["personaId", "name", "description", "photoCount", "usablePhotos", "required", "maximum", "canBuild",
        "analysisQuality", "consistencyScore", "references", "duplicates", "otherPeople", "uncertain",
        "ambiguousGroups", "missing", "advice", "photos"]),
    "DraftCreated": obj({
        "success": SUCCESS_TRUE,
        "persona": obj({
            "id": UUID,
            "name": STR,
            "description": STR,
            "status": REF("PersonaStatus"),
            "stage": REF("PersonaStage"),
        }, ["id", "name", "description", "status", "stage"]),
        "draft": REF("DraftVerdict"),
    }, ["success", "persona", "draft"]),
    "DraftPhotoAdded": obj({"success": SUCCESS_TRUE, "photo": REF("DraftPhoto"), "draft": REF("DraftVerdict")},
                           ["success", "photo", "draft"]),
    "DraftShown": obj({"success": SUCCESS_TRUE, "draft": REF("DraftVerdict")}, ["success", "draft"]),
    # capture
    "CaptureCheck": obj({
        "success": SUCCESS_TRUE,
        "faces": INT,
        "face": NULLABLE(obj({"x": NUM, "y": NUM, "width": NUM, "height": NUM}, ["x", "y", "width", "height"],
                             "The main face's box, as fractions of the frame (unmirrored).")),
        "faceShare": {"type": ["number", "null"], "description": "The face's width as a share of the frame's."},
        "issues": ARR(REF("PhotoIssue")),
    }, ["success", "faces", "face", "faceShare", "issues"]),
    # usage
    "UsageTotals": obj({"calls": INT, "billedCalls": INT, "costUSD": NUM}, ["calls", "billedCalls", "costUSD"]),
    "UsageEntry": obj({
        "id": UUID,
        "personaId": UUID,
        "provider": STR,
        "model": STR,
        "resolution": STR,
        "unitPriceUSD": NUM,
        "units": INT,
        "costUSD": NUM,
        "outcome": {"type": "string", "enum": ["pending", "succeeded", "failed"]},
        "requestId": STR,
        "createdAt": DATE,
    }, ["id", "personaId", "provider", "model", "resolution", "unitPriceUSD", "units", "costUSD", "outcome"]),
    "Usage": obj({
        "success": SUCCESS_TRUE,
        "entries": ARR(REF("UsageEntry")),
        "totals": REF("UsageTotals"),
        "byPersona": {"type": "object", "description": "Keyed by persona id (lower-case).",
                      "additionalProperties": REF("UsageTotals")},
    }, ["success", "entries", "totals", "byPersona"]),
    # onboarding
    "OnboardingChoice": obj({"value": STR, "label": STR}, ["value", "label"]),
    "OnboardingOptions": obj({
        "niches": ARR(REF("OnboardingChoice")),
        "platforms": ARR(REF("OnboardingChoice")),
        "contentStyles": ARR(REF("OnboardingChoice")),
        "postingFrequencies": ARR(REF("OnboardingChoice")),
    }, ["niches", "platforms", "contentStyles", "postingFrequencies"]),
    "OnboardingStep": obj({
        "number": {"type": "integer", "minimum": 1, "maximum": 5},
        "key": STR,
        "title": STR,
        "description": STR,
        "why": STR,
        "optional": BOOL,
        "state": {"type": "string", "enum": ["current", "locked", "done", "skipped", "unavailable"]},
        "lockedMessage": STR,
        "guide": {**REF("OnboardingGuide"), "description": "What the guide says on this step's own page: the "
                  "page-wide `guide` while the step is open; once it is done or skipped, what is left there "
                  "and the next step."},
    }, ["number", "key", "title", "description", "why", "optional", "state", "guide"]),
    "OnboardingSubstep": obj({
        "key": {"type": "string", "enum": ["profile", "brand", "avatar", "preferences", "review"]},
        "number": {"type": "string", "description": "`1.1`–`1.5`"},
        "title": STR,
        "optional": BOOL,
        "state": {"type": "string", "enum": ["done", "skipped", "pending"]},
    }, ["key", "number", "title", "optional", "state"]),
    "OnboardingPreferences": obj({"platforms": ARR(STR), "contentStyle": STR, "postingFrequency": STR},
                                 ["platforms", "contentStyle", "postingFrequency"]),
    "OnboardingGuide": obj({"id": STR, "mood": {"type": "string", "description": "`info`, `celebrate` or `help`."},
                             "text": STR}, ["id", "mood", "text"]),
    "OnboardingState": obj({
        "percent": INT,
        "finished": BOOL,
        "steps": ARR(REF("OnboardingStep")),
        "wizard": obj({"substep": STR, "substeps": ARR(REF("OnboardingSubstep"))}, ["substep", "substeps"]),
        "answers": obj({
            "profile": obj({"displayName": STR, "email": STR, "niche": STR, "nicheOther": STR}),
            "preferences": REF("OnboardingPreferences"),
        }, ["profile"]),
        "consent": obj({"accepted": BOOL, "acceptedAt": DATE, "version": INT, "notice": STR},
                       ["accepted", "version", "notice"]),
        "avatar": obj({
            "defaultPersonaId": UUID,
            "status": REF("PersonaStatus"),
            "portraitsReady": INT,
        }, ["portraitsReady"], "The default persona, when there is one."),
        "brand": obj({"exists": BOOL, "skipped": BOOL}, ["exists", "skipped"]),
        "guide": REF("OnboardingGuide"),
        "capabilities": ARR(STR),
        "options": REF("OnboardingOptions"),
    }, ["percent", "finished", "steps", "wizard", "answers", "consent", "avatar", "brand", "guide", "capabilities",
        "options"]),
    "OnboardingAnswer": obj({"success": SUCCESS_TRUE, "onboarding": REF("OnboardingState")},
                            ["success", "onboarding"]),
    "OnboardingStepAnswer": obj({"success": SUCCESS_TRUE, "step": REF("OnboardingStep"),
                                 "onboarding": REF("OnboardingState")}, ["success", "step", "onboarding"]),
    "OnboardingProfileBody": obj({
        "displayName": {"type": "string", "description": "1–60 characters."},
        "niche": {"type": "string", "description": "A value of `options.niches`."},
        "nicheOther": {"type": "string", "description": "Required when `niche` is `other`; 1–60 characters."},
    }, ["displayName", "niche"]),
    "ConsentBody": obj({
        "accepted": {"type": "boolean", "description": "Must be true."},
        "version": {"type": "integer", "description": "The notice's version (defaults to the current one, 1)."},
    }, ["accepted"]),
    "OnboardingPreferencesBody": obj({
        "platforms": {"type": "array", "minItems": 1, "items": STR, "description": "Values of `options.platforms`."},
        "contentStyle": {"type": "string", "description": "A value of `options.contentStyles`."},
        "postingFrequency": {"type": "string", "description": "A value of `options.postingFrequencies`."},
    }, ["platforms", "contentStyle", "postingFrequency"]),
    "OnboardingPositionBody": obj({
        "substep": {"type": "string", "enum": ["profile", "brand", "avatar", "preferences", "review"]},
    }, ["substep"]),
    "FunnelEventBody": obj({
        "kind": {"type": "string", "enum": ["shown", "started"]},
        "step": {"type": "integer", "minimum": 1, "maximum": 5},
        "substep": {"type": "string", "description": "Within step 1 only: `1.1`–`1.5` or a sub-step key."},
    }, ["kind", "step"]),
    # brand
    "BrandSource": {"type": "string", "enum": ["questionnaire", "pdf", "edited"]},
    "BrandRole": {"type": "string", "enum": ["primary", "secondary", "accent", "background", "text", "other"]},
    "BrandText": obj({"value": STR, "source": REF("BrandSource"), "page": INT, "confidence": NUM},
                     ["value", "source"]),
    "BrandFont": obj({"family": STR, "weight": INT, "fallback": STR, "source": REF("BrandSource")},
                     ["family", "fallback", "source"]),
    "Brand": obj({
        "name": REF("BrandText"),
        "palette": ARR(obj({
            "hex": {"type": "string", "description": "`#RRGGBB`"},
            "role": REF("BrandRole"),
            "name": STR,
            "source": REF("BrandSource"),
            "page": INT,
            "confidence": NUM,
        }, ["hex", "role", "source"])),
        "fonts": obj({"heading": REF("BrandFont"), "body": REF("BrandFont")}),
        "voice": obj({"adjectives": ARR(STR), "text": STR, "source": REF("BrandSource"), "page": INT,
                      "confidence": NUM},
                     ["adjectives", "text", "source"]),
        "audience": REF("BrandText"),
        "guidelines": obj({"dos": ARR(STR), "donts": ARR(STR), "tagline": STR, "source": REF("BrandSource"),
                           "page": INT, "confidence": NUM},
                          ["dos", "donts", "source"]),
        "logo": obj({"key": STR, "width": INT, "height": INT, "source": REF("BrandSource"), "page": INT,
                     "confidence": NUM}, ["key", "width", "height", "source"]),
    }, ["palette", "fonts"]),
    "BrandExtracted": obj({
        "success": SUCCESS_TRUE,
        "extraction": obj({
            "brand": REF("Brand"),
            "logo": obj({"width": INT, "height": INT, "page": INT, "transparent": BOOL, "confidence": NUM,
                         "dataURL": {"type": "string", "description": "`data:image/png;base64,…`"}},
                        ["width", "height", "page", "transparent", "confidence", "dataURL"]),
            "pages": INT,
            "textLayer": BOOL,
            "warnings": ARR(STR),
        }, ["brand", "pages", "textLayer", "warnings"]),
    }, ["success", "extraction"]),
    "BrandAnswer": obj({
        "success": SUCCESS_TRUE,
        "brand": REF("Brand"),
        "updatedAt": DATE,
        "onboarding": REF("OnboardingState"),
    }, ["success", "brand"]),
    "BrandQuestionnaire": obj({
        "name": {"type": "string", "description": "1–100 characters."},
        "colors": {"type": "array", "minItems": 1, "maxItems": 5, "items": STR,
                   "description": "`#RRGGBB`, `RRGGBB` or `#RGB`."},
        "voice": {"type": "string", "maxLength": 500},
        "audience": {"type": "string", "maxLength": 500},
        "fonts": {"type": "string", "maxLength": 200, "description": "Font names in words."},
    }, ["name", "colors"]),
    "BrandEdit": obj({
        "name": STR,
        "palette": {"type": "array", "minItems": 1, "maxItems": 8, "items": obj(
            {"hex": STR, "role": REF("BrandRole"), "name": STR}, ["hex", "role"])},
        "fonts": obj({
            "heading": obj({"family": STR, "weight": {"type": "integer", "minimum": 100, "maximum": 900}}, ["family"]),
            "body": obj({"family": STR, "weight": {"type": "integer", "minimum": 100, "maximum": 900}}, ["family"]),
        }),
        "voice": obj({"adjectives": ARR(STR), "text": STR}, ["text"]),
        "audience": STR,
        "guidelines": obj({"dos": ARR(STR), "donts": ARR(STR), "tagline": STR}),
    }, description="Any subset of the fields."),
    # designs
    "DesignFormats": obj({"formats": ARR(obj({"id": STR, "label": STR, "width": INT, "height": INT},
                                             ["id", "label", "width", "height"]))}, ["formats"]),
    "DesignCreate": obj({
        "prompt": {"type": "string", "maxLength": 500, "description": "What the design should show."},
        "format": {"type": "string", "enum": ["youtube-thumbnail", "instagram-post", "instagram-portrait", "story",
                                              "linkedin", "x-post"]},
        "title": {"type": "string", "maxLength": 120},
        "personaId": UUID,
        "variations": {"type": "integer", "enum": [1, 4]},
    }, ["prompt", "format"]),
    "DesignVersion": obj({
        "number": INT,
        "kind": {"type": "string", "enum": ["create", "refine", "variation", "final"]},
        "instruction": NULLABLE(STR),
        "effectivePrompt": STR,
        "state": {"type": "string", "enum": ["queued", "rendering", "ready", "failed"]},
        "provider": STR,
        "model": NULLABLE(STR),
        "quality": NULLABLE(STR),
        "fallbackReason": NULLABLE(STR),
        "requestId": NULLABLE(STR),
        "costUSD": NUM,
        "imageUrl": NULLABLE(STR),
        "identityDistance": NULLABLE(NUM),
        "likeness": NULLABLE({"type": "string", "enum": ["strong", "acceptable", "weak", "off"]}),
        "textCheck": {"type": "string", "enum": ["drawn", "not_verified", "none"]},
        "title": NULLABLE(obj({"text": STR, "contrast": NUM, "truncated": BOOL}, ["text", "contrast", "truncated"])),
        "layout": NULLABLE(STR),
        "notes": ARR(STR),
        "warning": NULLABLE(STR),
        "error": NULLABLE(obj({"code": STR, "message": STR}, ["code", "message"])),
        "inputs": obj({"references": ARR(STR), "shown": NULLABLE(STR), "portraits": ARR(STR),
                       "previousVersion": NULLABLE(INT), "scenario": INT, "logo": BOOL},
                      ["references", "portraits", "scenario", "logo"]),
        "createdAt": NULLABLE(DATE),
        "completedAt": NULLABLE(DATE),
    }, ["number", "kind", "effectivePrompt", "state", "provider", "costUSD", "textCheck", "notes", "inputs"]),
    "Design": obj({
        "id": UUID, "personaId": UUID, "group": NULLABLE(UUID), "format": STR, "width": INT, "height": INT,
        "prompt": STR, "title": STR,
        "state": {"type": "string", "enum": ["working", "ready", "failed"]},
        "currentVersion": INT, "finalizedVersion": NULLABLE(INT), "suggestion": NULLABLE(STR),
        "eventCursor": {"type": "integer", "description": "Open the persona's events with `?lastEventId=` this."},
        "versions": ARR(REF("DesignVersion")),
        "createdAt": NULLABLE(DATE), "updatedAt": NULLABLE(DATE),
    }, ["id", "personaId", "format", "width", "height", "prompt", "title", "state", "currentVersion", "eventCursor",
        "versions"]),
    "DesignList": obj({"designs": ARR(REF("Design"))}, ["designs"]),
}

doc = {
    "openapi": "3.1.0",
    "info": {
        "title": "Inflio Personas",
        "version": "1.0.0",
        "description": "The Inflio Personas service's HTTP API. Every answer is JSON except images, the event stream, the export ZIP and the web page. Errors are `{success: false, error: {code, message, details?}}` with an honest status. Sign in with `Authorization: Bearer <token>` (an opaque `inf_…` token, or an identity provider's JWT) or the `inflio_session` cookie; a state-changing request signed in by the cookie must come from this origin and be JSON or carry `X-Inflio-Request` (else 403 `cross_site_request`). See docs/api.md.",
    },
    "servers": [{"url": "/"}],
    "tags": [
        {"name": "system", "description": "Health, this document, the web page."},
        {"name": "auth", "description": "Sign-up, sign-in, mailed links, password reset."},
        {"name": "account", "description": "Password, sessions and API tokens, export, deletion."},
        {"name": "personas", "description": "Personas, their portraits and events."},
        {"name": "drafts", "description": "Draft personas built photo by photo."},
        {"name": "capture", "description": "The camera frame check."},
        {"name": "usage", "description": "The cost ledger."},
        {"name": "media", "description": "Stored images."},
        {"name": "onboarding", "description": "The guided onboarding."},
        {"name": "brand", "description": "The brand record."},
        {"name": "designs", "description": "The content studio: thumbnails and social images from a persona."},
        {"name": "webhooks", "description": "Provider callbacks."},
    ],
    "security": SIGNED_IN,
    "paths": dict(sorted(paths.items())),
    "components": {
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer",
                       "description": "An opaque token starting `inf_` (session or API token), or an identity provider's JWT."},
            "session": {"type": "apiKey", "in": "cookie", "name": "inflio_session",
                        "description": "The session cookie set by sign-up, sign-in, confirmation and reset."},
        },
        "headers": {
            "RetryAfter": {"description": "Seconds until trying again is worth it.", "schema": {"type": "integer"}},
        },
        "responses": {
            "InternalError": {
                "description": "Internal error. Error codes: `internal_error`.",
                "content": {"application/json": {"schema": REF("Error")}},
                "x-error-codes": ["internal_error"],
            },
        },
        "schemas": dict(sorted(schemas.items())),
    },
}

# Method order within a path: get, post, put, patch, delete.
ORDER = ["get", "post", "put", "patch", "delete"]
for p, ops in doc["paths"].items():
    doc["paths"][p] = {m: ops[m] for m in ORDER if m in ops}

TARGET = Path(__file__).resolve().parent.parent / "Public" / "openapi.json"
text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
if "--check" in sys.argv[1:]:
    if not TARGET.exists() or TARGET.read_text() != text:
        print(f"openapi: {TARGET} is not what scripts/openapi.py writes: run python3 scripts/openapi.py", file=sys.stderr)
        sys.exit(1)
    print(f"openapi: {TARGET.name} matches ({len(doc['paths'])} paths)")
else:
    TARGET.write_text(text)
    n_ops = sum(len(v) for v in doc["paths"].values())
    print(f"openapi: wrote {TARGET} ({len(doc['paths'])} paths, {n_ops} operations)")
