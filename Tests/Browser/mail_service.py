"""A service of a test's own with mail configured: Debian's aiosmtpd as its SMTP server (a maildir the
test reads) and `inflio serve` on a free port with a fresh data folder. Used by signup_mail_test.py
and account_test.py.

    with mail_service(binary, "account-test", before=[["user", "create", EMAIL, "--password", P]]) as s:
        ... s.base, s.maildir, s.tmp ...

A Failure inside prints the server's log's tail and exits 1; the processes are always killed.
"""

import base64
import contextlib
import email
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from page_support import Failure, check


@dataclass
class MailService:
    base: str
    maildir: Path
    tmp: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        check(process.poll() is None, f"a process for port {port} exited")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise Failure(f"nothing listens on {port} after {seconds} s")


def mails(maildir: Path) -> list:
    """(recipient, body) of every mail received."""
    found = []
    for path in sorted((maildir / "new").glob("*")) if (maildir / "new").is_dir() else []:
        message = email.message_from_bytes(path.read_bytes())
        body = base64.b64decode("".join(message.get_payload().split())).decode()
        found.append((message["X-RcptTo"], body))
    return found


def wait_for_mail(maildir: Path, to: str, seconds=30) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for recipient, body in mails(maildir):
            if recipient == to:
                return body
        time.sleep(0.2)
    raise Failure(f"no mail to {to} within {seconds} s")


@contextlib.contextmanager
def mail_service(binary: str, name: str, before=()):
    """`before`: inflio commands run on the data folder after `migrate`, before `serve`."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        smtp_port, port = free_port(), free_port()
        base = f"http://127.0.0.1:{port}"
        maildir = tmp / "mail"
        smtp = subprocess.Popen(["/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{smtp_port}",
                                 "-c", "aiosmtpd.handlers.Mailbox", str(maildir)])
        env = dict(os.environ, INFLIO_DATA_DIR=str(tmp / "data"), INFLIO_SMTP_URL=f"smtp://127.0.0.1:{smtp_port}",
                   INFLIO_MAIL_FROM="inflio@example.test", INFLIO_PUBLIC_URL=base)
        log = open(tmp / "server.log", "w")
        server = None
        try:
            for command in [["migrate"], *before]:
                subprocess.run([binary, *command], env=env, check=True, stdout=log, stderr=log)
            server = subprocess.Popen([binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)],
                                      env=env, stdout=log, stderr=log)
            wait_for_port(smtp_port, smtp)
            wait_for_port(port, server)
            yield MailService(base=base, maildir=maildir, tmp=tmp)
            print(f"{name}: passed")
        except Failure as failure:
            print(f"{name}: FAILED: {failure}", file=sys.stderr)
            print((tmp / "server.log").read_text()[-3000:], file=sys.stderr)
            sys.exit(1)
        finally:
            # aiosmtpd does not stop on SIGTERM.
            for process in [server, smtp]:
                if process:
                    process.kill()
                    process.wait()
