"""HTTP for the probe: one request per connection (http.client, so every header is ours to set),
each error answer kept for the message check (finding 13), client addresses through
X-Forwarded-For, accounts, multipart bodies and raw sockets for what http.client cannot send."""

import http.client
import itertools
import json
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# Long enough for a debug build analysing twenty uploads at once on a loaded machine.
REQUEST_TIMEOUT = 300
PASSWORD = "tulip lantern orbit 7"


@dataclass
class Answer:
    method: str
    path: str
    status: int
    headers: list
    body: bytes
    seconds: float

    def header(self, name: str):
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def all_headers(self, name: str) -> list:
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    @property
    def code(self):
        """The error envelope's code, if the body is one."""
        body = self.json
        error = body.get("error") if isinstance(body, dict) else None
        return error.get("code") if isinstance(error, dict) else None

    def brief(self) -> str:
        """What the check lines quote: status and the start of the body."""
        return f"{self.method} {self.path} -> {self.status} {self.body[:300].decode('utf-8', 'replace')}"


@dataclass
class Account:
    email: str
    password: str
    token: str
    id: str
    # The session cookie's Set-Cookie line, and its readable twin's (inflio_signed_in): the answer
    # carries both, in no fixed order.
    set_cookie: str = ""
    twin_cookie: str = ""

    @property
    def bearer(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def cookie(self) -> dict:
        return {"Cookie": f"inflio_session={self.token}"}


class Client:
    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.base_url = base_url.rstrip("/")
        self.host, self.port = parts.hostname, parts.port
        self.origin = f"{parts.scheme}://{parts.hostname}:{parts.port}"
        self.errors = []  # every answer of status >= 400, for finding 13
        self.passwords = set()  # every password sent, which the audit log must never hold
        self._lock = threading.Lock()
        # Client addresses from 198.18.0.0/15 (the benchmarking range: never a real client), one
        # per use, so one check's per-address sign-in count never spills into the next.
        self._addresses = (f"198.18.{n // 254}.{n % 254 + 1}" for n in itertools.count())

    def next_address(self) -> str:
        with self._lock:
            return next(self._addresses)

    def request(self, method, path, *, json_body=None, body=None, content_type=None, headers=None,
                address=None, timeout=REQUEST_TIMEOUT) -> Answer:
        sent = dict(headers or {})
        if isinstance(json_body, dict) and isinstance(json_body.get("password"), str):
            with self._lock:
                self.passwords.add(json_body["password"])
        if json_body is not None:
            body, content_type = json.dumps(json_body).encode(), "application/json"
        if content_type:
            sent["Content-Type"] = content_type
        sent["X-Forwarded-For"] = address or self.next_address()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            answer = Answer(method, path, response.status, response.getheaders(), response.read(),
                            time.monotonic() - started)
        finally:
            connection.close()
        if answer.status >= 400:
            with self._lock:
                self.errors.append(answer)
        return answer

    def post_json(self, path, value, **options) -> Answer:
        return self.request("POST", path, json_body=value, **options)

    # ------------------------------------------------------------------ accounts

    def sign_up(self, email=None, password=PASSWORD, consent=True) -> Account:
        """A fresh account (from an address of its own), with the face-data notice accepted."""
        email = email or f"probe-{uuid.uuid4().hex[:10]}@example.com"
        answer = self.post_json("/api/auth/signup", {"email": email, "password": password})
        if answer.status != 201:
            raise ProbeError(f"sign-up failed: {answer.brief()}")
        body = answer.json
        cookies = answer.all_headers("Set-Cookie")

        def named(name):
            return next((c for c in cookies if c.startswith(name + "=")), "")

        account = Account(email, password, body["token"], body["user"]["id"], named("inflio_session"),
                          named("inflio_signed_in"))
        if consent:
            accepted = self.post_json("/api/onboarding/consent", {"accepted": True}, headers=account.bearer)
            if accepted.status != 200:
                raise ProbeError(f"consent failed: {accepted.brief()}")
        return account

    def log_in(self, email, password, address=None) -> Answer:
        return self.post_json("/api/auth/login", {"email": email, "password": password}, address=address)

    def me(self, headers) -> Answer:
        return self.request("GET", "/api/auth/me", headers=headers)

    def create_persona(self, account, photos, name="Probe", wait=False, headers=None) -> Answer:
        fields = [("name", name), ("description", "made by the security probe")]
        body, content_type = multipart(fields, [("photos", n, data) for n, data in photos])
        path = "/api/personas/create" + ("?wait=true" if wait else "")
        return self.request("POST", path, body=body, content_type=content_type,
                            headers=headers if headers is not None else account.bearer)

    def persona_ids(self, account) -> list:
        answer = self.request("GET", "/api/personas?drafts=true", headers=account.bearer)
        return sorted(p["id"] for p in answer.json["personas"])


class ProbeError(Exception):
    """A step a check needs did not work: the check fails with this message."""


def multipart(fields, files, boundary=None):
    """(body, content type) of a multipart/form-data body: text fields, then (field, name, bytes) files."""
    boundary = boundary or "probe" + uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
             + value.encode() + b"\r\n" for name, value in fields]
    for name, file_name, data in files:
        kind = "image/png" if file_name.endswith(".png") else "image/jpeg"
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
                     f"Content-Type: {kind}\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@dataclass
class RawExchange:
    """What a raw socket saw: the answer's bytes, whether the server closed, the bytes we sent."""
    received: bytes = b""
    closed: bool = False
    sent: int = 0
    notes: list = field(default_factory=list)

    @property
    def status(self):
        head = self.received.split(b"\r\n", 1)[0].split()
        return int(head[1]) if len(head) > 1 and head[1].isdigit() else None


def raw_socket(client: Client, timeout=30) -> socket.socket:
    connection = socket.create_connection((client.host, client.port), timeout=timeout)
    connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return connection


def read_until_closed_or_quiet(connection, exchange: RawExchange, wait: float) -> RawExchange:
    """Reads what arrives for up to `wait` seconds; stops early when the server closes, or once an
    answer has come and nothing more follows for a second."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        quiet = 1.0 if exchange.received else deadline - time.monotonic()
        connection.settimeout(max(0.05, min(quiet, deadline - time.monotonic())))
        try:
            chunk = connection.recv(65536)
        except socket.timeout:
            if exchange.received:
                break
            continue
        except (ConnectionResetError, BrokenPipeError):
            exchange.closed = True
            break
        if not chunk:
            exchange.closed = True
            break
        exchange.received += chunk
    return exchange
