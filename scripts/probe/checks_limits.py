"""Findings about work and money (5: quotas, and the service staying responsive under big uploads),
and the audit log that records what the other checks provoked."""

import json
import os
import statistics
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from .client import multipart
from .media import large_png

QUOTA_CODES = {"too_many_generations", "daily_persona_limit", "spending_cap_reached", "instance_spending_cap_reached"}


def expect_quota_refusal(seen, answer, what: str):
    retry = answer.header("Retry-After") or ""
    seen.expect(answer.code in QUOTA_CODES and retry.isdigit() and int(retry) > 0,
                f"{what}: {answer.status} {answer.code} Retry-After={retry!r}")


# ---------------------------------------------------------------- 5. quotas

def parallel_creations_capped(seen, probe):
    """Many creations at once by one user. Which cap refuses depends on how fast the first persona's
    portraits finish (too_many_generations while they are made, then daily_persona_limit), but the
    day's cap bounds the total whatever the machine's speed."""
    client, count = probe.client, 20 if probe.full else 8
    account = client.sign_up()
    with ThreadPoolExecutor(count) as pool:
        answers = list(pool.map(lambda _: client.create_persona(account, probe.photos), range(count)))
    statuses = sorted(a.status for a in answers)
    accepted = statuses.count(201)
    seen.expect(1 <= accepted <= probe.daily_personas and set(statuses) <= {201, 429},
                f"{count} parallel creations: {statuses} (at most {probe.daily_personas} a day)")
    for answer in (a for a in answers if a.status == 429):
        expect_quota_refusal(seen, answer, "a refused creation")
    codes = sorted({a.code for a in answers if a.status == 429})
    seen.note(f"{count} parallel creations: {accepted} × 201, {statuses.count(429)} × 429 {codes}")
    seen.expect(len(client.persona_ids(account)) == accepted, "refused creations left personas behind")


def regenerations_capped(seen, probe):
    """With a second persona's five portraits under way, regenerations of the first fill the
    concurrent cap (INFLIO_QUOTA_CONCURRENT_PORTRAITS) and are then refused."""
    client = probe.client
    owner, persona = probe.owner()
    second = client.create_persona(owner, probe.photos)
    seen.expect(second.status == 201, f"a second persona: {second.brief()}")
    room = probe.concurrent_portraits - 5
    answers = [client.post_json(f"/api/personas/{persona}/portraits/{index}/regenerate", {}, headers=owner.bearer)
               for index in (0, 2, 3, 4)]
    statuses = [a.status for a in answers]
    seen.expect(statuses.count(202) <= room and 429 in statuses,
                f"regenerations with five portraits under way and room for {room}: {statuses}")
    for answer in (a for a in answers if a.status == 429):
        expect_quota_refusal(seen, answer, "a refused regeneration")
    seen.note(f"regenerations beside a persona being made: {statuses}")


def responsive_under_big_uploads(seen, probe):
    """Two large PNGs uploaded at once to drafts of one user while another user's requests are
    timed. The latency is judged with --full only; the quick run prints it."""
    client = probe.client
    owner, _ = probe.owner()
    uploader = client.sign_up()
    side = 7000 if probe.full else 4000  # 49 megapixels: just under the 50 the service takes
    photos = [large_png(side, seed) for seed in (1, 2)]
    drafts = [client.post_json("/api/personas", {}, headers=uploader.bearer).json["persona"]["id"] for _ in photos]
    samples = {"/health": [], "/api/auth/me": []}
    done = threading.Event()

    def sample():
        while not done.is_set():
            samples["/health"].append(client.request("GET", "/health").seconds)
            samples["/api/auth/me"].append(client.me(owner.bearer).seconds)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.monotonic()
    try:
        with ThreadPoolExecutor(2) as pool:
            uploads = list(pool.map(lambda pair: upload_photo(client, uploader, *pair), zip(drafts, photos)))
    finally:
        done.set()
        sampler.join()
    for answer in uploads:
        seen.expect(answer.status == 201, f"a large PNG upload: {answer.brief()}")
    worst = {path: max(times) for path, times in samples.items()}
    latencies = ", ".join(f"{path} median {statistics.median(times) * 1000:.0f} ms, max {worst[path] * 1000:.0f} ms"
                          for path, times in samples.items())
    seen.note(f"two {side}×{side} PNGs ({len(photos[0][1]) / 1e6:.0f} MB each) took "
              f"{time.monotonic() - started:.1f} s; {latencies}" + ("" if probe.full else " (judged with --full only)"))
    if probe.full:
        for path, seconds in worst.items():
            # Once 8 s (/health) and 12 s (another user's /api/auth/me).
            seen.expect(seconds < 2.0, f"{path} took {seconds:.1f} s during the uploads")


def upload_photo(client, account, draft, photo):
    body, content_type = multipart([], [("photo", *photo)])
    return client.request("POST", f"/api/personas/{draft}/photos", body=body, content_type=content_type,
                          headers=account.bearer)


# ---------------------------------------------------------------- the audit log

EXPECTED_KINDS = ("sign_in_failed", "sign_in_throttled", "cross_site_refused", "quota_hit")


def audit_log_records(seen, probe):
    """`inflio audit --json` on the same data folder (the environment probe.sh exported)."""
    run = subprocess.run([probe.binary, "audit", "--json", "--limit", "100000"], capture_output=True, text=True,
                         env=os.environ, timeout=120)
    seen.expect(run.returncode == 0, f"inflio audit exited {run.returncode}: {run.stderr[-300:]}")
    events = json.loads(run.stdout)["events"]
    kinds = {}
    for event in events:
        kinds[event["kind"]] = kinds.get(event["kind"], 0) + 1
    for kind in EXPECTED_KINDS:
        seen.expect(kinds.get(kind), f"no {kind} event")
    forwarded = [e for e in events if e["kind"] == "sign_in_failed" and str(e.get("ip", "")).startswith("198.18.")]
    seen.expect(forwarded, "failed sign-ins do not record the forwarded client address")
    leaked = [p for p in probe.client.passwords if p in run.stdout]
    seen.expect(not leaked, f"the audit log holds passwords: {leaked}")
    seen.note("events: " + ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items())))
