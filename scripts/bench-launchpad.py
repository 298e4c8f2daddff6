#!/usr/bin/env python3
"""A first visit to the launchpad with a cold cache: bytes transferred, and the time from the start
of the navigation until the five step cards are on the page. A figure, not a test (goal: under
150 KB and 500 ms on loopback).

    .build-browser-venv/bin/python scripts/bench-launchpad.py --inflio .build/release/inflio
    .build-browser-venv/bin/python scripts/bench-launchpad.py --base-url http://127.0.0.1:8080

With --inflio it starts its own server (fresh data dir, free port) and stops it after; with
--base-url it uses one that runs. It signs up a fresh user, then loads `/` in --runs new browser
contexts (each with an empty cache, signed in by the session's cookies) and reports each run, the
median and the worst. The venv is scripts/browser-test.sh's (Playwright and Debian's Chromium).
"""

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager

from playwright.sync_api import sync_playwright

# Marks the moment the five step cards are on the page, in ms since the navigation started.
MARK_CARDS = """
new MutationObserver((_, observer) => {
  if (document.querySelectorAll('.step-list .step-card:not(.step-card--skeleton)').length === 5) {
    window.__cardsAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""


@contextmanager
def server(binary):
    """`inflio serve` on a free port with a fresh data dir; yields its URL."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, INFLIO_DATA_DIR=os.path.join(tmp, "data"))
        subprocess.run([binary, "migrate"], env=env, check=True, capture_output=True)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        log = open(os.path.join(tmp, "server.log"), "w")
        process = subprocess.Popen([binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)],
                                   env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(url + "/health", timeout=2):
                        break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        sys.exit("bench-launchpad: the server did not start")
                    time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=20)
            log.close()


def sign_up(base_url):
    """A fresh user; returns the cookies signing up set ({name: value}): the session's and its
    readable twin, which tells the page to ask who is signed in."""
    body = json.dumps({"email": f"bench-{random.randrange(10**9)}@example.com", "password": "correct horse battery"})
    request = urllib.request.Request(base_url + "/api/auth/signup", data=body.encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request) as response:
        cookies = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
    if "inflio_session" not in cookies:
        sys.exit("bench-launchpad: signing up gave no session cookie")
    return cookies


def one_visit(browser, base_url, cookies):
    """One cold visit: (bytes the visit transferred, ms until the step cards showed, requests)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        context.add_cookies([{"name": name, "value": value, "url": base_url} for name, value in cookies.items()])
        page = context.new_page()
        page.add_init_script(MARK_CARDS)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        sizes = {}
        cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
        page.goto(base_url + "/")
        page.wait_for_function("() => window.__cardsAt !== undefined", timeout=10_000)
        shown_at = page.evaluate("() => window.__cardsAt")
        page.wait_for_load_state("networkidle")
        return sum(sizes.values()), shown_at, len(sizes)
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--inflio", help="an inflio binary to start (a fresh data dir, a free port)")
    where.add_argument("--base-url", help="a running server")
    parser.add_argument("--chromium", default="/usr/lib/chromium/chromium")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    def bench(base_url):
        cookies = sign_up(base_url)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, headless=True,
                                                 args=["--no-sandbox", "--disable-dev-shm-usage"])
            try:
                one_visit(browser, base_url, cookies)  # warms the server (and the OS), not the browser
                runs = [one_visit(browser, base_url, cookies) for _ in range(args.runs)]
            finally:
                browser.close()
        for i, (size, ms, count) in enumerate(runs, start=1):
            print(f"bench-launchpad: run {i}: {size / 1024:.1f} KB in {count} requests, step cards after {ms:.0f} ms")
        sizes = [r[0] / 1024 for r in runs]
        times = [r[1] for r in runs]
        print(f"bench-launchpad: median {statistics.median(sizes):.1f} KB, {statistics.median(times):.0f} ms; "
              f"worst {max(sizes):.1f} KB, {max(times):.0f} ms (goal: < 150 KB, < 500 ms)")

    if args.inflio:
        with server(args.inflio) as base_url:
            bench(base_url)
    else:
        bench(args.base_url.rstrip("/"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
