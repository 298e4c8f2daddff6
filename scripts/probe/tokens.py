"""An identity provider in miniature: an RSA key made by the `openssl` command, its key set (JWKS)
served on a loopback port by a thread, and RS256 tokens signed with `openssl dgst -sha256 -sign`.
The standard library has no RSA; openssl is installed by scripts/setup.sh."""

import base64
import json
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Issuer:
    def __init__(self, work: Path, issuer: str, kid: str = "probe-1"):
        self.issuer = issuer
        self.kid = kid
        self.key = work / "issuer-key.pem"
        subprocess.run(["openssl", "genrsa", "-out", str(self.key), "2048"], check=True, capture_output=True)

    def jwks(self) -> dict:
        modulus = subprocess.run(
            ["openssl", "rsa", "-in", str(self.key), "-noout", "-modulus"],
            check=True, capture_output=True, text=True).stdout.strip().split("=", 1)[1]
        n = bytes.fromhex(modulus if len(modulus) % 2 == 0 else "0" + modulus)
        # openssl genrsa's public exponent is 65537 (AQAB) unless told otherwise.
        return {"keys": [{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": self.kid, "n": b64url(n), "e": "AQAB"}]}

    def token(self, subject: str, **claims) -> str:
        header = {"alg": "RS256", "typ": "JWT", "kid": self.kid}
        payload = {"sub": subject, "iss": self.issuer, "iat": int(time.time()), "exp": int(time.time()) + 300}
        payload.update(claims)
        signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(payload).encode())}"
        signature = subprocess.run(
            ["openssl", "dgst", "-sha256", "-sign", str(self.key)],
            input=signing_input.encode(), check=True, capture_output=True).stdout
        return f"{signing_input}.{b64url(signature)}"


def serve_key_set(port: int, key_set: dict) -> ThreadingHTTPServer:
    """Answers GET /.well-known/jwks.json on 127.0.0.1:port from a daemon thread until shut down."""
    body = json.dumps(key_set).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            found = self.path.split("?")[0] == "/.well-known/jwks.json"
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body) if found else 0))
            self.end_headers()
            if found:
                self.wfile.write(body)

        def log_message(self, *args):  # the probe's output is its check lines only
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
