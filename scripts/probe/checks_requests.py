"""Findings about requests and answers: same-site form CSRF (4), multipart field count (6), a bad
photo among good ones (7), headers (11), slow clients (12), internals in messages (13), silent
drops (14)."""

import re
import time

from .client import RawExchange, multipart, raw_socket, read_until_closed_or_quiet
from .media import png_claiming, truncated_jpeg
from .report import Skip

FORM = "application/x-www-form-urlencoded"


# ---------------------------------------------------------------- 4. same-site form CSRF

def cross_site_forms_refused(seen, probe):
    client = probe.client
    owner, persona = probe.owner()
    before = client.persona_ids(owner)
    other_port = f"http://{client.host}:{client.port + 1}"  # another origin of this very host
    default = f"/api/personas/{persona}/default"
    regenerate = f"/api/personas/{persona}/portraits/1/regenerate"
    form_create = multipart([("name", "Hijacked")], [])

    def send(path, body, content_type, headers):
        return client.request("POST", path, body=body, content_type=content_type, headers=headers)

    cookie_from_other_port = {**owner.cookie, "Origin": other_port}
    for label, answer in (
            ("default (form)", send(default, b"x=1", FORM, cookie_from_other_port)),
            ("regenerate (form)", send(regenerate, b"instruction=hijacked", FORM, cookie_from_other_port)),
            ("create (multipart)", send("/api/personas/create", *form_create, cookie_from_other_port)),
            ("create (multipart, no Origin)", send("/api/personas/create", *form_create, owner.cookie)),
            ("draft (JSON, Sec-Fetch-Site: cross-site)",
             client.post_json("/api/personas", {"name": "Hijacked"},
                              headers={**owner.cookie, "Sec-Fetch-Site": "cross-site", "X-Inflio-Request": "1"}))):
        seen.expect(answer.status == 403 and answer.code == "cross_site_request",
                    f"cookie + {label}: {answer.status} {answer.code}")
    seen.expect(client.persona_ids(owner) == before, "a cross-site request changed the persona list")

    bearer_from_other_port = {**owner.bearer, "Origin": other_port}
    made_default = send(default, b"x=1", FORM, bearer_from_other_port)
    seen.expect(made_default.status == 200, f"bearer default: {made_default.brief()}")
    regenerated = send(regenerate, b"", None, bearer_from_other_port)
    seen.expect(regenerated.status == 202, f"bearer regenerate: {regenerated.brief()}")
    created = send("/api/personas/create", *form_create, bearer_from_other_port)
    seen.expect(created.status == 400 and created.code == "too_few_photos",
                f"bearer create passes the guard (and has no photos): {created.status} {created.code}")
    own_origin = {**owner.cookie, "Origin": client.origin, "Sec-Fetch-Site": "same-origin"}
    page = client.post_json(default, {}, headers=own_origin)
    seen.expect(page.status == 200, f"cookie + JSON from this origin: {page.brief()}")


# ---------------------------------------------------------------- 6. multipart field count

def many_fields_refused_early(seen, probe):
    """3,000 text fields, with a Content-Length for all of them: only the first forty are sent, and
    the answer must come without the rest (the server stops at the 17th field)."""
    client = probe.client
    owner, _ = probe.owner()
    fields = [(f"f{i}", "x" * 100) for i in range(3000)]
    body, content_type = multipart(fields, [])
    first_part = body.index(b'name="f40"')  # the first forty fields, and a little of the 41st
    head = (f"POST /api/personas/create HTTP/1.1\r\nHost: {client.host}:{client.port}\r\n"
            f"Authorization: Bearer {owner.token}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    connection = raw_socket(client)
    exchange = RawExchange()
    try:
        connection.sendall(head + body[:first_part])
        exchange.sent = first_part
        read_until_closed_or_quiet(connection, exchange, wait=20)
        if not exchange.received:
            seen.expect(False, f"no answer after {first_part} of {len(body)} bytes: the server waits for the rest")
            connection.sendall(body[first_part:])
            read_until_closed_or_quiet(connection, exchange, wait=60)
    except OSError as error:
        exchange.notes.append(f"{type(error).__name__} while sending")
    finally:
        connection.close()
    text = exchange.received.decode("utf-8", "replace")
    seen.expect(exchange.status == 413 and "too_many_fields" in text,
                f"3,000 fields: {text[:200]!r} {exchange.notes}")
    seen.note(f"answered {exchange.status} after {exchange.sent:,} of {len(body):,} body bytes")


# ---------------------------------------------------------------- 7. a bad photo among good ones

def bad_photo_among_good_ones(seen, probe):
    client = probe.client
    owner, _ = probe.owner()
    before = client.persona_ids(owner)
    good = probe.photos[:5]
    for label, bad, expected in (("truncated JPEG", truncated_jpeg(probe.photo_folder), "unreadable_image"),
                                 ("PNG claiming 100000×100000", png_claiming(100000, 100000), "image_too_large")):
        answer = client.create_persona(owner, good + [bad])
        seen.expect(answer.status == 422 and answer.code, f"five good + {label}: {answer.brief()}")
        seen.expect(answer.code == expected, f"five good + {label}: code {answer.code}, the docs say {expected}")
        message = ((answer.json or {}).get("error") or {}).get("message", "")
        seen.expect(bad[0] in message, f"five good + {label}: the message does not name {bad[0]}: {message!r}")
    seen.expect(client.persona_ids(owner) == before, "a refused creation left a persona behind")


# ---------------------------------------------------------------- 11. headers

def csp_directives(value: str) -> dict:
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in value.split(";")) if d}


def security_headers(seen, probe):
    client = probe.client
    answers = [client.request("GET", "/"), client.request("GET", "/health"), client.request("GET", "/api/auth/me"),
               client.request("GET", "/api/nothing-here"),
               client.request("POST", "/api/auth/login", body=b"{nope", content_type="application/json")]
    for answer in answers:
        where = f"{answer.method} {answer.path} ({answer.status})"
        csp = answer.header("Content-Security-Policy") or ""
        directives = csp_directives(csp)
        script, frames = directives.get("script-src"), directives.get("frame-ancestors")
        seen.expect(script == ["'self'"], f"{where}: script-src is {script}")
        seen.expect("unsafe-inline" not in csp and "unsafe-eval" not in csp, f"{where}: CSP allows unsafe: {csp}")
        seen.expect(frames == ["'none'"], f"{where}: frame-ancestors is {frames}")
        seen.expect(answer.header("X-Content-Type-Options") == "nosniff", f"{where}: no nosniff")
        seen.expect(answer.header("Referrer-Policy") in ("no-referrer", "same-origin", "strict-origin"),
                    f"{where}: Referrer-Policy {answer.header('Referrer-Policy')}")
        seen.expect("camera=(self)" in (answer.header("Permissions-Policy") or ""),
                    f"{where}: Permissions-Policy {answer.header('Permissions-Policy')}")
        seen.expect(answer.header("Strict-Transport-Security") is None, f"{where}: HSTS over plain http")
    account = client.sign_up(consent=False)
    cookie, twin = account.set_cookie, account.twin_cookie
    seen.expect("httponly" in cookie.lower(), f"session cookie not HttpOnly: {cookie!r}")
    seen.expect(re.search(r"samesite=(lax|strict)", cookie, re.I), f"session cookie without SameSite: {cookie!r}")
    seen.expect(not re.search(r";\s*secure", cookie, re.I), f"a Secure cookie over plain http: {cookie!r}")
    # The twin the page reads holds no secret (the same "1" for everyone) and is sent as the
    # session cookie is.
    seen.expect(twin.startswith("inflio_signed_in=1;") and "httponly" not in twin.lower(),
                f"the session's readable twin: {twin!r}")
    seen.expect(re.search(r"samesite=(lax|strict)", twin, re.I), f"the twin without SameSite: {twin!r}")


def https_headers(seen, probe):
    if probe.second is None:
        raise Skip("no second server with an https INFLIO_PUBLIC_URL (probe.sh starts one)")
    page = probe.second.request("GET", "/")
    hsts = page.header("Strict-Transport-Security") or ""
    seen.expect(hsts.startswith("max-age="), f"no HSTS with an https public URL: {hsts!r}")
    account = probe.second.sign_up(consent=False)
    for cookie in (account.set_cookie, account.twin_cookie):
        seen.expect(re.search(r";\s*secure", cookie, re.I), f"a cookie not Secure with an https public URL: {cookie!r}")


# ---------------------------------------------------------------- 12. slow clients

def declared_length_refused(seen, probe):
    client = probe.client
    owner, _ = probe.owner()
    for path, content_type in (("/api/auth/login", "application/json"),
                               ("/api/personas/create", "multipart/form-data; boundary=x")):
        head = (f"POST {path} HTTP/1.1\r\nHost: {client.host}:{client.port}\r\nAuthorization: Bearer {owner.token}\r\n"
                f"Content-Type: {content_type}\r\nContent-Length: 10000000000\r\n\r\n").encode()
        connection = raw_socket(client)
        exchange = RawExchange()
        try:
            # Vapor hands a request on at its first body bytes: a hundred are sent, not 10 GB.
            connection.sendall(head + b"z" * 100)
            read_until_closed_or_quiet(connection, exchange, wait=20)
        finally:
            connection.close()
        text = exchange.received.decode("utf-8", "replace")
        seen.expect(exchange.status == 413 and "payload_too_large" in text,
                    f"{path} declaring 10 GB: {text[:200]!r}")


def silent_client_cut(seen, probe):
    """Half a request, then silence: closed after the idle timeout (the second server's is short)."""
    server = probe.second or probe.client
    connection = raw_socket(server, timeout=5)
    exchange = RawExchange()
    started = time.monotonic()
    try:
        connection.sendall(f"POST /api/auth/login HTTP/1.1\r\nHost: {server.host}\r\nContent-".encode())
        read_until_closed_or_quiet(connection, exchange, wait=probe.idle_timeout * 4 + 20)
    finally:
        connection.close()
    seen.expect(exchange.closed, f"a silent half request stayed open {time.monotonic() - started:.0f} s")
    seen.note(f"silent half request closed after {time.monotonic() - started:.1f} s "
              f"(idle timeout {probe.idle_timeout:g} s)")
    if probe.full:
        trickle(seen, probe, server)
    else:
        seen.note("trickled request: --full only")


def trickle(seen, probe, server):
    """A header byte every second. docs/operations.md: the idle timeout does not cut this (each
    byte is activity); a public deployment's proxy does. Recorded, not judged."""
    connection = raw_socket(server, timeout=5)
    line = f"GET /health HTTP/1.1\r\nHost: {server.host}\r\nX-Slow: {'a' * 64}".encode()
    started, sent, closed = time.monotonic(), 0, False
    try:
        while time.monotonic() - started < probe.idle_timeout * 3 + 2 and sent < len(line):
            connection.sendall(line[sent:sent + 1])
            sent += 1
            time.sleep(1)
    except OSError:
        closed = True
    finally:
        connection.close()
    seen.note(f"trickled request (a byte a second, {time.monotonic() - started:.0f} s): "
              f"{'cut' if closed else 'still open, as docs/operations.md says (the proxy cuts these)'}")


# ---------------------------------------------------------------- 13. internals in messages

INTERNALS = ("Dictionary<", "CodingKeys", "Decodable", "vips", "Swift.", "webhook_webhook_", "ImagingError")


def messages_in_our_words(seen, probe):
    """A few malformed requests of its own, then every error answer the whole probe has seen."""
    client = probe.client
    owner, _ = probe.owner()
    for path, body, content_type in (
            ("/api/auth/signup", b"{nope", "application/json"),
            ("/api/auth/signup", b'{"email": 1, "password": "long enough pass"}', "application/json"),
            ("/api/auth/login", b"[1, 2]", "application/json"),
            ("/api/auth/login", b'{"email": "a@example.com", "password": null}', "application/json")):
        answer = client.request("POST", path, body=body, content_type=content_type)
        seen.expect(answer.status == 400 and answer.code == "invalid_request", f"{path} {body!r}: {answer.brief()}")
    xml = client.request("POST", "/api/personas", body=b"<name/>", content_type="application/xml", headers=owner.bearer)
    seen.expect(xml.status == 415 and xml.code == "unsupported_media_type", f"XML body: {xml.brief()}")
    frame = client.request("POST", "/api/capture/check", body=truncated_jpeg(probe.photo_folder)[1][:3000],
                           content_type="image/jpeg", headers=owner.bearer)
    seen.expect(frame.status in (400, 415, 422) and frame.code, f"a broken camera frame: {frame.brief()}")
    webhook = client.post_json("/api/webhooks/fal", {"request_id": "x"})
    seen.expect(webhook.status in (401, 404), f"FAL webhook: {webhook.brief()}")
    for answer in list(client.errors) + list(probe.second.errors if probe.second else []):
        envelope_problem = not_an_envelope(answer)
        seen.expect(envelope_problem is None, f"{answer.brief()[:200]}: {envelope_problem}")
        text = answer.body.decode("utf-8", "replace").lower()
        leaked = [word for word in INTERNALS if word.lower() in text]
        seen.expect(not leaked, f"{answer.brief()[:300]} carries {leaked}")
    seen.note(f"{len(client.errors)} error answers read for internals and the envelope")


def not_an_envelope(answer):
    """None if the body is {"success": false, "error": {"code", "message"}}, else what is wrong."""
    body = answer.json
    if not isinstance(body, dict):
        return "not a JSON object"
    error = body.get("error")
    if body.get("success") is not False or not isinstance(error, dict):
        return "no success: false / error object"
    if not isinstance(error.get("code"), str) or not error["code"] or not isinstance(error.get("message"), str):
        return "error without a code or a message"
    return None


# ---------------------------------------------------------------- 14. silent drops

def mistyped_instruction_refused(seen, probe):
    client = probe.client
    owner, persona = probe.owner()

    def attempts():
        detail = client.request("GET", f"/api/personas/{persona}", headers=owner.bearer).json
        return detail["persona"]["portraits"][2]["attempts"]

    before = attempts()
    answer = client.post_json(f"/api/personas/{persona}/portraits/2/regenerate", {"instruction": 12345},
                              headers=owner.bearer)
    seen.expect(answer.status == 400 and answer.code == "invalid_request", f"instruction 12345: {answer.brief()}")
    seen.expect(attempts() == before, "portrait 2 was regenerated anyway")


# ---------------------------------------------------------------- 17. what `make fuzz` found

def malformed_multipart_survived(seen, probe):
    """A byte over 127 in a part's header name crashed MultipartKit 4.7.1's parser, and with it
    the whole service: an upload route answers 400, a JSON route 415, and the service stays up."""
    client = probe.client
    account = client.sign_up()
    draft = client.post_json("/api/personas", {"name": "Fuzz"}, headers=account.bearer)
    seen.expect(draft.status == 201, f"draft: {draft.brief()}")
    if draft.status != 201:
        return
    body = (b"--fz\r\nContent-Disposition\xd2: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n\r\nxyz\r\n"
            b"--fz--\r\n")
    kind = "multipart/form-data; boundary=fz"
    upload = client.request("POST", f"/api/personas/{draft.json['persona']['id']}/photos", body=body,
                            content_type=kind, headers=account.bearer)
    seen.expect(upload.status == 400 and upload.code == "invalid_multipart", f"upload route: {upload.brief()}")
    consent = client.request("POST", "/api/onboarding/consent", body=body, content_type=kind,
                             headers=account.bearer)
    seen.expect(consent.status == 415 and consent.code == "expected_json", f"JSON route: {consent.brief()}")
    health = client.request("GET", "/health")
    seen.expect(health.status == 200, f"/health afterwards: {health.brief()}")
