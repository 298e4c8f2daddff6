"""A PostgreSQL `LISTEN` client in the standard library only (the benchmarks' machines have no
psycopg): the wire protocol's startup, SCRAM-SHA-256 or cleartext/trust authentication, one
`LISTEN`, then each notification with the moment it arrived.

PostgreSQL sends a notification to its listeners once the notifying transaction's commit is
complete (flushed, and visible to every other session): its arrival here is when a commit on
any process became visible, the starting line for a fan-out's latency."""

import base64
import hashlib
import hmac
import os
import socket
import struct
import threading
import time
import urllib.parse

import rx_stamp


class ListenError(Exception):
    pass


class Notification:
    """A notification and when it reached the socket.

    `arrival` is the kernel's receive time of the read that completed it (rx_stamp), or None when
    the kernel gave none. One read can take in more than one message (the listener's thread was
    late, or the kernel merged packets), and its stamp is that of the last packet: a notification
    followed by more bytes in the same read arrived earlier than the stamp, by an unknown amount,
    and is `shared`. `earliest`, the stamp of the read before, is as early as it can have arrived."""

    __slots__ = ("payload", "arrival", "earliest", "shared")

    def __init__(self, payload, arrival, earliest, shared):
        self.payload, self.arrival, self.earliest, self.shared = payload, arrival, earliest, shared


class Listener:
    """Listens on `channel` from a thread of its own; `notifications` gets a Notification each."""

    def __init__(self, url, channel):
        parsed = urllib.parse.urlsplit(url)
        self.user = urllib.parse.unquote(parsed.username or "")
        self.password = urllib.parse.unquote(parsed.password or "")
        self.database = parsed.path.lstrip("/") or self.user
        self.sock = socket.create_connection((parsed.hostname, parsed.port or 5432), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        rx_stamp.enable(self.sock)
        self.buffer = b""
        self.stamp = None  # the kernel's receive time of the last read
        self.previous_stamp = None  # of the read before it
        self.notifications = []
        self.error = None  # why the connection ended early, if it did
        self._startup()
        self._query(f'LISTEN "{channel}"')
        self.sock.settimeout(None)
        self.thread = threading.Thread(target=self._receive, daemon=True)
        self.thread.start()

    def wait_for(self, payload, timeout=30):
        """Waits until `payload` has arrived (a barrier: everything notified before it has too)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(n.payload == payload for n in self.notifications):
                return
            if self.error:
                raise ListenError(f"the listener stopped: {self.error}")
            time.sleep(0.01)
        raise ListenError(f"{payload} did not arrive in {timeout} s")

    def close(self):
        try:
            self.sock.sendall(b"X" + struct.pack("!i", 4))
        except OSError:
            pass
        self.sock.close()

    # --- the protocol -----------------------------------------------------------------------

    def _send(self, kind, body):
        self.sock.sendall(kind + struct.pack("!i", len(body) + 4) + body)

    def _read(self, count):
        while len(self.buffer) < count:
            chunk, stamp = rx_stamp.recv(self.sock)
            self.previous_stamp, self.stamp = self.stamp, stamp
            if not chunk:
                raise ListenError("the server closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def _message(self):
        kind = self._read(1)
        (length,) = struct.unpack("!i", self._read(4))
        return kind, self._read(length - 4)

    def _startup(self):
        params = f"user\0{self.user}\0database\0{self.database}\0\0".encode()
        body = struct.pack("!i", 196608) + params
        self.sock.sendall(struct.pack("!i", len(body) + 4) + body)
        self._until_ready(self._authenticate)

    def _authenticate(self, kind, body):
        if kind != b"R":
            return  # ParameterStatus, BackendKeyData
        (code,) = struct.unpack("!i", body[:4])
        if code == 0:
            return
        if code == 3:
            self._send(b"p", self.password.encode() + b"\0")
        elif code == 10:
            if b"SCRAM-SHA-256\0" not in body[4:]:
                raise ListenError("the server offers no SCRAM-SHA-256")
            self._scram()
        else:
            raise ListenError(f"authentication method {code} is not supported")

    def _until_ready(self, handle=lambda kind, body: None):
        """Reads messages until ReadyForQuery, raising the server's error if one comes first."""
        while True:
            kind, body = self._message()
            if kind == b"E":
                raise ListenError(self._error(body))
            if kind == b"Z":
                return
            handle(kind, body)

    def _scram(self):
        nonce = base64.b64encode(os.urandom(18)).decode()
        first_bare = f"n=,r={nonce}"
        first = ("n,," + first_bare).encode()
        self._send(b"p", b"SCRAM-SHA-256\0" + struct.pack("!i", len(first)) + first)
        kind, body = self._message()
        if kind == b"E":
            raise ListenError(self._error(body))
        if kind != b"R" or struct.unpack("!i", body[:4])[0] != 11:
            raise ListenError("unexpected answer to the SCRAM first message")
        server_first = body[4:].decode()
        fields = dict(item.split("=", 1) for item in server_first.split(","))
        if not fields["r"].startswith(nonce):
            raise ListenError("the server's nonce does not extend ours")
        salted = hashlib.pbkdf2_hmac("sha256", self.password.encode(), base64.b64decode(fields["s"]),
                                     int(fields["i"]))
        client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
        stored_key = hashlib.sha256(client_key).digest()
        final_bare = f"c=biws,r={fields['r']}"
        auth_message = f"{first_bare},{server_first},{final_bare}".encode()
        signature = hmac.new(stored_key, auth_message, hashlib.sha256).digest()
        proof = bytes(a ^ b for a, b in zip(client_key, signature))
        self._send(b"p", f"{final_bare},p={base64.b64encode(proof).decode()}".encode())
        kind, body = self._message()
        if kind == b"E":
            raise ListenError(self._error(body))
        server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
        expected = base64.b64encode(hmac.new(server_key, auth_message, hashlib.sha256).digest()).decode()
        if struct.unpack("!i", body[:4])[0] != 12 or body[4:].decode() != f"v={expected}":
            raise ListenError("the server's SCRAM signature is wrong")

    def _query(self, sql):
        self._send(b"Q", sql.encode() + b"\0")
        self._until_ready()

    def _receive(self):
        try:
            while True:
                kind, body = self._message()
                if kind == b"A":
                    # When the read that completed it reached this socket (rx_stamp), not when
                    # this thread got to it. Bytes already read beyond it came in the same read,
                    # whose stamp may be theirs: then it is shared.
                    payload = body[4:].split(b"\0")[1].decode()
                    self.notifications.append(
                        Notification(payload, self.stamp, self.previous_stamp, shared=bool(self.buffer)))
        except (OSError, ListenError) as error:
            self.error = str(error) or type(error).__name__

    @staticmethod
    def _error(body):
        fields = {part[:1]: part[1:].decode(errors="replace") for part in body.split(b"\0") if part}
        return f"{fields.get(b'S', 'ERROR')}: {fields.get(b'M', '?')}"
