#!/usr/bin/env python3
"""Scale-out on one machine (issue 14): several `inflio` processes on one PostgreSQL, images in S3.
A figure, not a test. Python 3 standard library only.

    python3 scripts/bench-cluster.py [--bin .build/release/inflio] [--quick] [--only scale,sse,uploads]

It measures, against a PostgreSQL cluster of its own (scripts/postgres.sh --cluster inflio_bench
--port 5434, a fresh database for every run) and a moto S3 server of its own (scripts/s3-server.sh
--instance bench, emptied for every run):

1. scale: 3 `inflio serve` processes against 1, each run making 50 personas of 6 photos (the three
   Obama shots and their mirror images) against `inflio fake-fal` (2 s model latency, a process of
   its own, started afresh for each run), created round-robin through the processes, 3 at a time.
   Wall time until all are ready, the service's CPU seconds per persona (utime + stime of the
   inflio processes, the fake excluded), their CPU while idle, peak memory of each process, the
   most database connections, and the fake's submissions (goal: the same results, at most 10 %
   more CPU per persona with 3, no submission paid twice).
2. sse: process A (`serve --no-worker`) streams `GET /api/personas/:id/events` to this script
   while process B makes 20 personas, 4 at a time; each event's latency is its arrival here minus
   the moment its commit became visible (B's NOTIFY at this script's own LISTEN, pg_listen.py);
   beside it, from the commit record (`pg_xact_commit_timestamp`, with track_commit_timestamp on
   in the bench cluster, taken before the flush) and from the `created_at` the app sets before the
   insert. Then the same with one process streaming and making, as a baseline. Goal: p99 <= 50 ms.
3. uploads: 20 photos of ~7 MB (6000 px, JPEG quality 99, made with the `vips` command line or
   ffmpeg) added one at a time to a draft by one process, stored in the local data folder and in
   S3, alternately (--upload-rounds).

The fake runs in the idle scheduling class (--fake-priority): FAL renders on its own machines.
The scale part runs 1 and 3 processes alternately, --scale-rounds pairs, and judges CPU on the
medians.

It needs root or sudo, as scripts/postgres.sh does (and to turn track_commit_timestamp on).

Everything it starts (the inflio processes, the fake) is stopped at the end, also on Ctrl-C or a
failure; moto keeps running (emptied), the PostgreSQL cluster is stopped again if this script
started it. Photos, logs and data of the last run are in .build/bench-cluster. The binary is
copied there first, so a rebuild while the benchmark runs cannot mix two builds.
"""

import argparse
import concurrent.futures
import json
import math
import os
import re
import shutil
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rx_stamp  # noqa: E402 - beside this script
from pg_listen import Listener  # noqa: E402 - beside this script

ROOT = Path(__file__).resolve().parent.parent
PG_CLUSTER, PG_PORT = "inflio_bench", 5434
MOTO_INSTANCE, BUCKET = "bench", "inflio-bench"
PERSONA_SOURCES = ["obama-1.jpg", "obama-2.jpg", "obama-3.jpg"]
# What the caller's shell may have set for its own server: none of it reaches the processes here.
INHERITED_PREFIXES = ("INFLIO_", "FAL_", "FAKE_FAL_", "AWS_", "DATABASE_URL")


def log(message):
    print(f"bench-cluster: {message}", file=sys.stderr, flush=True)


class Failure(Exception):
    """A run that cannot go on: the message says why."""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p):
    """Nearest rank (p from 0 to 1), as the Swift benches compute it."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, math.ceil(len(ordered) * p) - 1))]


# --- HTTP ---------------------------------------------------------------------------------------

def call(method, url, token=None, json_body=None, body=None, content_type=None, timeout=600):
    """(status, body bytes); an HTTP error status is an answer, not an exception."""
    headers = {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if json_body is not None:
        body, content_type = json.dumps(json_body).encode(), "application/json"
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def call_json(method, url, expect, **kwargs):
    status, data = call(method, url, **kwargs)
    if status not in expect:
        raise Failure(f"{method} {url} answered {status}: {data[:300].decode(errors='replace')}")
    return json.loads(data) if data else {}


def multipart(fields, files):
    """A multipart/form-data body: fields {name: text}, files [(field, path)]."""
    boundary = f"bench-{uuid.uuid4().hex}"
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for field, path in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{Path(path).name}"'
                     f'\r\nContent-Type: image/jpeg\r\n\r\n'.encode())
        parts.append(Path(path).read_bytes())
        parts.append(b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def wait_for_health(url, process, seconds=180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Failure(f"{url} exited while starting (status {process.returncode})")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise Failure(f"{url} did not answer /health within {seconds} s")


def sign_up(base_url):
    """A fresh account that has accepted the face-data notice; returns its bearer token."""
    reply = call_json("POST", base_url + "/api/auth/signup", (200, 201), json_body={
        "email": f"bench-{uuid.uuid4().hex[:8]}@example.com", "password": "bench cluster password"})
    token = reply["token"]
    call_json("POST", base_url + "/api/onboarding/consent", (200,), token=token, json_body={"accepted": True})
    return token


def metrics(base_url):
    """Sums of /metrics's series by name (a process's own counters)."""
    status, data = call("GET", base_url + "/metrics", timeout=30)
    sums = {}
    if status != 200:
        return sums
    for line in data.decode().splitlines():
        match = re.match(r"^([a-z_]+)(?:\{[^}]*\})?\s+([0-9.eE+-]+)$", line)
        if match:
            sums[match.group(1)] = sums.get(match.group(1), 0.0) + float(match.group(2))
    return sums


# --- Processes ----------------------------------------------------------------------------------

class Processes:
    """Everything this script starts, stopped by pid (SIGTERM, then SIGKILL after 20 s)."""

    def __init__(self):
        self.running = []

    def start(self, args, env, log_path, cwd=ROOT):
        log_file = open(log_path, "ab")
        # A session of its own: a Ctrl-C reaches this script only, which then stops them in order.
        process = subprocess.Popen(args, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=log_file,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        log_file.close()
        self.running.append(process)
        return process

    def stop(self, processes=None):
        targets = [p for p in (processes or list(self.running)) if p in self.running]
        for process in targets:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process in targets:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            self.running.remove(process)


def proc_cpu_seconds(pid):
    """utime + stime of a process (/proc/PID/stat fields 14 and 15)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return float("nan")
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_status_mb(pid, field):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


# --- PostgreSQL and S3 --------------------------------------------------------------------------

def as_postgres(sql, port):
    """Runs SQL as the postgres superuser on the bench cluster (ALTER SYSTEM needs it)."""
    command = ["psql", "-p", str(port), "-qtAXc", sql]
    if os.geteuid() == 0:
        command = ["su", "postgres", "-c", shlex.join(command)]
    else:
        command = ["sudo", "-n", "-u", "postgres"] + command
    return subprocess.run(command, capture_output=True, text=True, cwd="/tmp")


def start_postgres():
    """The bench cluster's URL (…/postgres), with commit timestamps on; and whether it was stopped."""
    listed = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
    was_online = any(line.split()[1:2] == [PG_CLUSTER] and "online" in line for line in listed.splitlines())
    script = ["bash", "scripts/postgres.sh", "--cluster", PG_CLUSTER, "--port", str(PG_PORT)]
    url = subprocess.run(script, cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    commit_timestamps = as_postgres("SHOW track_commit_timestamp", PG_PORT).stdout.strip() == "on"
    if not commit_timestamps:
        # The exact commit time of each event row: a server setting, so the cluster restarts once.
        if as_postgres("ALTER SYSTEM SET track_commit_timestamp = on", PG_PORT).returncode == 0:
            subprocess.run(script + ["--restart"], cwd=ROOT, check=True, capture_output=True, text=True)
            commit_timestamps = as_postgres("SHOW track_commit_timestamp", PG_PORT).stdout.strip() == "on"
    return url, was_online, commit_timestamps


def fresh_database(server_url, name):
    subprocess.run(["psql", server_url, "-qtAXc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
                   check=True, capture_output=True)
    subprocess.run(["psql", server_url, "-qtAXc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    return server_url.rsplit("/", 1)[0] + "/" + name


class Psql:
    """One psql session kept open (sampling every half second must not fork a psql each time)."""

    def __init__(self, url, log_path):
        self.stderr = open(log_path, "a")
        self.process = subprocess.Popen(["psql", "-qtAX", "-F", "\t", url], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=self.stderr, text=True, bufsize=1,
                                        start_new_session=True)
        self.lock = threading.Lock()

    def rows(self, sql):
        with self.lock:
            self.process.stdin.write(sql.rstrip().rstrip(";") + ";\n\\echo __END__\n")
            self.process.stdin.flush()
            rows = []
            while True:
                line = self.process.stdout.readline()
                if not line:
                    raise Failure("psql ended")
                line = line.rstrip("\n")
                if line == "__END__":
                    return rows
                if line:
                    rows.append(line.split("\t"))

    def value(self, sql):
        rows = self.rows(sql)
        return rows[0][0] if rows and rows[0] else None

    def close(self):
        try:
            self.process.stdin.close()
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
        self.stderr.close()


def start_moto():
    return subprocess.run(["bash", "scripts/s3-server.sh", "--instance", MOTO_INSTANCE], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()


def empty_moto(endpoint):
    """moto's own reset (this instance is the benchmark's alone), then the bucket again."""
    call("POST", endpoint + "/moto-api/reset", body=b"", timeout=30)
    status, data = call("PUT", f"{endpoint}/{BUCKET}", body=b"", timeout=30)
    if status != 200:
        raise Failure(f"moto refused to create the bucket: {status} {data[:200]!r}")


def bucket_objects(endpoint):
    """(objects, bytes) in the bucket (moto without signature checking lists for anyone)."""
    count = size = 0
    token = None
    while True:
        query = "list-type=2" + (f"&continuation-token={urllib.parse.quote(token)}" if token else "")
        status, data = call("GET", f"{endpoint}/{BUCKET}?{query}", timeout=60)
        text = data.decode()
        count += text.count("<Key>")
        size += sum(int(s) for s in re.findall(r"<Size>(\d+)</Size>", text))
        match = re.search(r"<NextContinuationToken>([^<]+)</NextContinuationToken>", text)
        if status != 200 or "<IsTruncated>true</IsTruncated>" not in text or not match:
            return count, size
        token = match.group(1)


# --- Photos -------------------------------------------------------------------------------------

def image_tool():
    """libvips's command line (libvips-tools) or ffmpeg: Python's standard library writes no JPEG."""
    if shutil.which("vips"):
        return "vips"
    if shutil.which("ffmpeg"):
        return "ffmpeg"
    raise Failure("making the photos needs `vips` (apt-get install libvips-tools) or `ffmpeg`")


def make_photo(tool, source, target, flip, longer_side=None):
    """A copy of source, mirrored if flip, scaled to longer_side px at JPEG quality 99 if given."""
    if target.exists():
        return target
    draft = target.with_suffix(".part.jpg")
    if tool == "vips":
        step = source
        if flip:
            flipped = target.with_suffix(".flip.jpg")
            subprocess.run(["vips", "flip", str(source), f"{flipped}[Q=95]", "horizontal"], check=True)
            step = flipped
        if longer_side:
            subprocess.run(["vips", "thumbnail", str(step), f"{draft}[Q=99]", str(longer_side), "--size", "both"],
                           check=True)
        else:
            shutil.copyfile(step, draft)
        if flip:
            flipped.unlink()
    else:
        filters = (["hflip"] if flip else []) + (
            [f"scale='if(gt(iw,ih),{longer_side},-2)':'if(gt(iw,ih),-2,{longer_side})'"] if longer_side else [])
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(source)]
                       + (["-vf", ",".join(filters)] if filters else []) + ["-q:v", "1", str(draft)], check=True)
    draft.rename(target)
    return target


def persona_photos(faces, folder, tool):
    """Six photos of one person: the three Obama shots and their mirror images."""
    folder.mkdir(parents=True, exist_ok=True)
    photos = []
    for flip in (False, True):
        for name in PERSONA_SOURCES:
            photos.append(make_photo(tool, faces / name, folder / (("mirrored-" if flip else "") + name), flip))
    return photos


def large_photos(faces, folder, tool, count):
    """count photos of ~7 MB (6000 px on the longer side, JPEG quality 99, as `inflio bench service`
    makes them); after the first six, each a few pixels smaller, so none is a byte-identical copy."""
    folder.mkdir(parents=True, exist_ok=True)
    photos = []
    for i in range(count):
        name = PERSONA_SOURCES[i % 3]
        side = 6000 - 8 * (i // 6)
        photos.append(make_photo(tool, faces / name, folder / f"large-{i:02d}.jpg", (i // 3) % 2 == 1, side))
    return photos


# --- The service --------------------------------------------------------------------------------

class Bench:
    """What every part shares: the binary, the database server, moto, the processes started."""

    def __init__(self, args):
        self.args = args
        self.work = args.work
        self.processes = Processes()
        self.pg_server = None
        self.pg_was_online = True
        self.commit_timestamps = False
        self.s3 = None
        self.base_env = {k: v for k, v in os.environ.items() if not k.startswith(INHERITED_PREFIXES)}

    def run_folder(self, name):
        folder = self.work / "runs" / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return folder

    def start_fake(self, folder, latency):
        """`inflio fake-fal`, a process of its own; returns (process, base URL, the environment it prints)."""
        log_path = folder / "fake-fal.log"
        command = [str(self.args.binary), "fake-fal", "--port", "0", "--latency", str(latency)]
        if self.args.fake_priority == "idle":
            command = ["chrt", "--idle", "0"] + command
        process = self.processes.start(command, self.base_env, log_path)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            text = log_path.read_text(errors="replace")
            if "Stats: curl " in text:
                environment = dict(re.findall(r"^export (\w+)=(\S+)$", text, re.M))
                base = re.search(r"Stats: curl (\S+)/_fake/stats", text).group(1)
                return process, base, environment
            if process.poll() is not None:
                raise Failure(f"inflio fake-fal exited: see {log_path}")
            time.sleep(0.2)
        raise Failure(f"inflio fake-fal did not start: see {log_path}")

    def start_service(self, folder, database_url, count, extra_env, s3=True, no_worker=(), ports=None):
        """`inflio migrate` once, then `count` × `inflio serve`, each with a data folder of its own and
        one shared signing key; returns [(process, base URL)]."""
        env = dict(self.base_env)
        env.update({
            "DATABASE_URL": database_url,
            "INFLIO_SIGNING_KEY_FILE": str(folder / "signing.key"),
            "INFLIO_QUOTAS": "off",
            "INFLIO_RATE_LIMITS": "off",
        })
        if s3:
            env.update({
                "INFLIO_BLOB_URL": f"s3://{BUCKET}/images", "AWS_ENDPOINT_URL": self.s3, "AWS_REGION": "us-east-1",
                "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
            })
        env.update(extra_env)
        migrate_env = dict(env, INFLIO_DATA_DIR=str(folder / "migrate"))
        result = subprocess.run([str(self.args.binary), "migrate"], env=migrate_env, cwd=ROOT,
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise Failure(f"inflio migrate failed: {result.stdout[-500:]}{result.stderr[-500:]}")
        ports = ports or [free_port() for _ in range(count)]
        started = []
        for i, port in enumerate(ports):
            process_env = dict(env, INFLIO_DATA_DIR=str(folder / f"data-{i + 1}"))
            process_env.setdefault("INFLIO_PUBLIC_URL", f"http://127.0.0.1:{ports[0]}")
            args = [str(self.args.binary), "serve", "--hostname", "127.0.0.1", "--port", str(port)]
            if i in no_worker:
                args.append("--no-worker")
            process = self.processes.start(args, process_env, folder / f"inflio-{i + 1}.log")
            started.append((process, f"http://127.0.0.1:{port}"))
        for process, url in started:
            wait_for_health(url, process)
        return started

    def events_timing(self, db):
        """{event id: (type, created_at, commit time)} as epoch seconds; commit time None without it."""
        commit = "extract(epoch FROM pg_xact_commit_timestamp(xmin))" if self.commit_timestamps else "NULL"
        rows = db.rows(f"SELECT id, type, extract(epoch FROM created_at), {commit} FROM persona_events")
        return {int(r[0]): (r[1], float(r[2]), float(r[3]) if r[3] else None) for r in rows}


def fake_stats(base):
    status, data = call("GET", base + "/_fake/stats", timeout=30)
    return json.loads(data) if status == 200 else {}


def duplicate_submissions(stats):
    """Submissions that repeat an earlier one exactly (model, prompt, seed, references): what a job
    submitted twice would look like. A retry of an unverified portrait has a new seed."""
    keys = [(r.get("model"), r.get("prompt"), r.get("seed"), tuple(r.get("image_urls") or ()))
            for r in stats.get("requests", [])]
    return len(keys) - len(set(keys))


# --- 1. Three processes against one -------------------------------------------------------------

def scale_run(bench, processes_count, photos):
    args = bench.args
    name = f"scale-{processes_count}"
    folder = bench.run_folder(name)
    database_url = fresh_database(bench.pg_server, f"bench_{name.replace('-', '_')}")
    empty_moto(bench.s3)
    fake, fake_base, fake_env = bench.start_fake(folder, args.latency)
    extra = dict(fake_env, INFLIO_PROVIDER="fal",
                 # Every portrait may be in flight in each process: the run measures coordination,
                 # not a worker limit (a FAL portrait mostly waits).
                 INFLIO_WORKERS=str(max(64, args.personas * 5)))
    if processes_count > 1 and args.cpu_threads:
        extra["INFLIO_CPU_THREADS"] = str(args.cpu_threads)  # the cores split between the processes
    servers = bench.start_service(folder, database_url, processes_count, extra)
    urls = [url for _, url in servers]
    db = Psql(database_url, folder / "psql.log")
    stop = threading.Event()
    try:
        token = sign_up(urls[0])
        sampled = {"connections": 0, "done": 0, "status": {}}

        def sample():
            while not stop.is_set():
                try:
                    sampled["connections"] = max(sampled["connections"], int(db.value(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND pid <> pg_backend_pid()")))
                    status = {r[0]: int(r[1]) for r in db.rows("SELECT status, count(*) FROM personas GROUP BY status")}
                    sampled["status"] = status
                    sampled["done"] = status.get("ready", 0) + status.get("failed", 0)
                except (Failure, OSError, ValueError):  # psql gone: the run is ending
                    return
                stop.wait(0.5)

        sampler = threading.Thread(target=sample, daemon=True)
        # What the processes cost while nothing happens (each looks for jobs every few seconds,
        # among other things): part of any difference between 1 and 3 processes.
        idle_before = sum(proc_cpu_seconds(p.pid) for p, _ in servers)
        time.sleep(args.idle_seconds)
        idle = (sum(proc_cpu_seconds(p.pid) for p, _ in servers) - idle_before) / args.idle_seconds
        cpu_before = {p.pid: proc_cpu_seconds(p.pid) for p, _ in servers}
        fake_cpu_before = proc_cpu_seconds(fake.pid)
        body, content_type = multipart({"name": "Bench"}, [("photos", p) for p in photos])

        def create(i):
            status, data = call("POST", urls[i % len(urls)] + "/api/personas/create", token=token, body=body,
                                content_type=content_type)
            return None if status == 201 else f"{status} {data[:200].decode(errors='replace')}"

        log(f"{name}: {args.personas} personas through {processes_count} process(es), {args.at_once} at a time")
        start = time.time()
        sampler.start()
        failures = []
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=args.at_once)
        try:
            failures += [f for f in pool.map(create, range(args.personas)) if f]
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        created = args.personas - len(failures)
        deadline = time.monotonic() + args.timeout
        while sampled["done"] < created and time.monotonic() < deadline:
            if any(p.poll() is not None for p, _ in servers):
                raise Failure(f"{name}: an inflio process exited: see {folder}")
            time.sleep(0.25)
        seen_done = time.time()
        stop.set()
        sampler.join(timeout=10)
        timed_out = sampled["done"] < created

        cpu = sum(proc_cpu_seconds(p.pid) - cpu_before[p.pid] for p, _ in servers)
        fake_cpu = proc_cpu_seconds(fake.pid) - fake_cpu_before
        peaks = [proc_status_mb(p.pid, "VmHWM") for p, _ in servers]
        per_process = [metrics(url) for url in urls]
        column = "pg_xact_commit_timestamp(xmin)" if bench.commit_timestamps else "created_at"
        last = db.value(f"SELECT extract(epoch FROM max({column})) FROM persona_events "
                        "WHERE type IN ('persona_ready', 'persona_failed')")
        end = float(last) if last else seen_done
        jobs = {r[0]: int(r[1]) for r in db.rows("SELECT state, count(*) FROM generation_jobs GROUP BY state")}
        ledger = int(db.value("SELECT count(*) FROM ledger_entries"))
        stats = fake_stats(fake_base)
        objects = bucket_objects(bench.s3)
        return {
            "processes": processes_count, "created": created, "idle": idle, "failures": failures,
            "timed_out": timed_out,
            "status": sampled["status"], "jobs": jobs, "wall": end - start, "cpu": cpu, "fake_cpu": fake_cpu,
            "peaks": peaks, "connections": sampled["connections"],
            "submissions": sum(stats.get("submissions", {}).values()), "duplicates": duplicate_submissions(stats),
            "fake_uploads": stats.get("uploads", 0),
            "ledger": ledger,
            "by_process": [int(m.get("inflio_provider_submissions_total", 0)) for m in per_process],
            "takeovers": sum(int(m.get("inflio_job_lease_takeovers_total", 0)) for m in per_process),
            "objects": objects,
        }
    finally:
        stop.set()
        db.close()
        bench.processes.stop([p for p, _ in servers] + [fake])


def bench_scale(bench, faces_photos):
    # 1 and 3 processes alternately, --scale-rounds times: one pair's CPU moved by ±10 points
    # between pairs on this machine (the fake's too), so the goal is judged on the medians.
    pairs = [(scale_run(bench, 1, faces_photos), scale_run(bench, 3, faces_photos))
             for _ in range(bench.args.scale_rounds)]
    runs = [run for pair in pairs for run in pair]
    one, three = pairs[0]
    personas = bench.args.personas

    def results(r):
        return f"{r['status'].get('ready', 0)} of {personas}" + (
            f", {r['status'].get('failed', 0)} failed" if r["status"].get("failed") else "") + (
            f" (creates refused: {len(r['failures'])})" if r["failures"] else "") + (
            " (timed out)" if r["timed_out"] else "")

    def per_persona(r):
        return r["cpu"] / max(1, r["status"].get("ready", 0))

    def jobs(r):
        return ", ".join(f"{k} {v}" for k, v in sorted(r["jobs"].items()))

    def row(label, fn):
        print(f"| {label} | {fn(one)} | {fn(three)} |")

    print()
    print(f"## 1. Three processes against one: {personas} personas of {len(faces_photos)} photos, fake FAL "
          f"(latency {bench.args.latency:g} s), created round-robin {bench.args.at_once} at a time, "
          "PostgreSQL and S3 (moto)" + (f"; INFLIO_CPU_THREADS={bench.args.cpu_threads} in each of the 3"
                                        if bench.args.cpu_threads else ""))
    print()
    print("| figure | 1 process | 3 processes |")
    print("| --- | --- | --- |")
    row("personas ready", results)
    row("portrait jobs by state", jobs)
    row("wall time, first create to last persona ready", lambda r: f"{r['wall']:.1f} s")
    row("service CPU (all inflio processes)", lambda r: f"{r['cpu']:.1f} s")
    row("service CPU per persona ready", lambda r: f"{per_persona(r):.2f} s")
    if len(pairs) > 1:
        print(f"| service CPU per persona ready, each round | "
              f"{', '.join(f'{per_persona(a):.2f}' for a, _ in pairs)} s | "
              f"{', '.join(f'{per_persona(b):.2f}' for _, b in pairs)} s |")
    row(f"service CPU while idle ({bench.args.idle_seconds:g} s before the first create)",
        lambda r: f"{r['idle'] * 1000:.0f} ms per second")
    row("fake FAL's CPU (its own process, not counted above)", lambda r: f"{r['fake_cpu']:.1f} s")
    row("reference uploads to the fake's storage", lambda r: str(r["fake_uploads"]))
    row("submissions to the fake / ledger lines / repeated exactly",
        lambda r: f"{r['submissions']} / {r['ledger']} / {r['duplicates']}")
    row("submissions by process (/metrics)", lambda r: " / ".join(str(n) for n in r["by_process"]))
    row("lease takeovers", lambda r: str(r["takeovers"]))
    row("peak memory (VmHWM) by process", lambda r: " / ".join(f"{m:.0f}" for m in r["peaks"]) + " MB")
    row("most database connections (sampled every 0.5 s)", lambda r: str(r["connections"]))
    row("objects in the bucket", lambda r: f"{r['objects'][0]} ({r['objects'][1] / 1e6:.0f} MB)")
    print()
    same = all(r["status"] == {"ready": personas} and r["jobs"] == one["jobs"] and not r["failures"]
               for r in runs)
    median_one = statistics.median(per_persona(a) for a, _ in pairs)
    median_three = statistics.median(per_persona(b) for _, b in pairs)
    extra_cpu = (median_three / median_one - 1) * 100 if median_one else float("nan")
    expected = 5 * personas
    duplicates_ok = all(r["duplicates"] == 0 and r["submissions"] == r["ledger"] == expected for r in runs)
    for r in runs:
        for failure in sorted(set(r["failures"])):
            print(f"refused create ({r['processes']} process(es), {r['failures'].count(failure)}×): {failure}")
    print(f"goal: identical results, all ready: {'met' if same else 'NOT MET'} "
          f"(1: {results(one)}, {jobs(one)}; 3: {results(three)}, {jobs(three)})")
    # The fake does the same work in both runs: how much its CPU moved is this machine's noise.
    fake_one = statistics.median(a["fake_cpu"] for a, _ in pairs)
    fake_change = (statistics.median(b["fake_cpu"] for _, b in pairs) / fake_one - 1) * 100 if fake_one else math.nan
    print(f"goal: at most 10 % more CPU per persona with 3 processes: {'met' if extra_cpu <= 10 else 'NOT MET'} "
          f"({extra_cpu:+.1f} %: median {median_one:.2f} s → {median_three:.2f} s over {len(pairs)} round(s); "
          f"the fake's CPU, the same work in every run, moved {fake_change:+.1f} %)")
    print(f"goal: no duplicate submissions (submissions == {expected}): {'met' if duplicates_ok else 'NOT MET'} "
          f"({', '.join(str(r['submissions']) for r in runs)} submitted, "
          f"{sum(r['duplicates'] for r in runs)} repeated exactly)")
    return runs


# --- 2. Event streams across processes ----------------------------------------------------------

class StampedStream:
    """An HTTP/1.1 GET's body read line by line, each line with the kernel's receive time of the
    read that brought its last byte (rx_stamp): the arrival of an event at the client, not the
    moment this script's thread, behind the interpreter lock, got to it. Chunked or not."""

    def __init__(self, url, headers):
        parsed = urllib.parse.urlsplit(url)
        self.sock = socket.create_connection((parsed.hostname, parsed.port), timeout=600)
        rx_stamp.enable(self.sock)
        request = [f"GET {parsed.path} HTTP/1.1", f"Host: {parsed.hostname}:{parsed.port}"]
        request += [f"{name}: {value}" for name, value in headers.items()]
        self.sock.sendall(("\r\n".join(request) + "\r\n\r\n").encode())
        self.raw = b""      # received, not yet decoded
        self.body = b""     # decoded, not yet split into lines
        self.lines = []     # (line, stamp)
        self.ended = False
        head, head_stamp = self._read_until(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        self.status = int(status_line.split()[1])
        fields = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines)}
        self.chunked = "chunked" in fields.get("transfer-encoding", "").lower()
        self.chunk_left, self.need_crlf = 0, False  # bytes of the current chunk still to decode
        self._decode(head_stamp)  # body bytes that came with the head

    def close(self):
        self.sock.close()

    def readline(self):
        """(line without its end, stamp), or (None, None) at the end of the body."""
        while not self.lines:
            if self.ended:
                return None, None
            data, stamp = rx_stamp.recv(self.sock)
            stamp = stamp if stamp is not None else time.time()  # late, if anything: a longer latency
            if not data:
                self.ended = True
                continue
            self.raw += data
            self._decode(stamp)
        return self.lines.pop(0)

    def _read_until(self, marker):
        """(bytes before marker, the stamp of the read that completed it); the rest stays in raw."""
        stamp = None
        while marker not in self.raw:
            data, stamp = rx_stamp.recv(self.sock)
            if not data:
                raise Failure("the stream closed before its head")
            self.raw += data
        head, self.raw = self.raw.split(marker, 1)
        return head, stamp if stamp is not None else time.time()

    def _decode(self, stamp):
        """Decodes what has been received, as far as it goes; lines completed get `stamp`."""
        if not self.chunked:
            self.body, self.raw = self.body + self.raw, b""
        while self.chunked and self.raw:
            if self.chunk_left == 0:
                if self.need_crlf:  # the CRLF after a chunk's data
                    if len(self.raw) < 2:
                        break
                    self.raw, self.need_crlf = self.raw[2:], False
                    continue
                size_line, found, rest = self.raw.partition(b"\r\n")
                if not found:
                    break
                size = int(size_line.split(b";")[0], 16)
                if size == 0:
                    self.ended, self.raw = True, b""
                    break
                self.chunk_left, self.raw = size, rest
            taken = self.raw[: self.chunk_left]
            self.raw, self.chunk_left = self.raw[len(taken):], self.chunk_left - len(taken)
            self.body += taken
            self.need_crlf = self.chunk_left == 0
        while b"\n" in self.body:
            line, self.body = self.body.split(b"\n", 1)
            self.lines.append((line.decode().rstrip("\r"), stamp))


def read_stream(url, token, opened, arrivals, errors):
    """Reads one event stream to its end; arrivals gets (event id, type, arrival time, url)."""
    stream = None
    try:
        stream = StampedStream(url, {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"})
        if stream.status != 200:
            raise Failure(f"stream answered {stream.status}")
        event_id = event_type = None
        while True:
            line, stamp = stream.readline()
            if line is None:
                return
            if line.startswith("retry:"):
                opened.set()  # written after the subscription: from here on every event is live
            elif line.startswith("id:"):
                event_id = int(line[3:].strip())
            elif line.startswith("event:"):
                event_type = line[6:].strip()
            elif line == "" and event_id is not None:
                arrivals.append((event_id, event_type, stamp, url))
                if event_type in ("persona_ready", "persona_failed"):
                    return
                event_id = event_type = None
    except Exception as error:  # noqa: BLE001 - reported with the results
        errors.append(f"{url}: {error}")
    finally:
        opened.set()
        if stream:
            stream.close()


def sse_run(bench, photos, across):
    """Streams each persona's events while it is made; returns each event's latencies in ms.
    across: A (`serve --no-worker`) streams, B answers the writes and runs every job (and gets
    FAL's webhooks); otherwise one process does both (the baseline without the NOTIFY hop)."""
    args = bench.args
    name = "sse-across" if across else "sse-one"
    folder = bench.run_folder(name)
    database_url = fresh_database(bench.pg_server, f"bench_{name.replace('-', '_')}")
    empty_moto(bench.s3)
    fake, _, fake_env = bench.start_fake(folder, args.latency)
    ports = [free_port(), free_port()] if across else [free_port()]
    extra = dict(fake_env, INFLIO_PROVIDER="fal", INFLIO_PUBLIC_URL=f"http://127.0.0.1:{ports[-1]}")
    servers = bench.start_service(folder, database_url, len(ports), extra, no_worker=(0,) if across else (),
                                  ports=ports)
    stream_url, maker_url = servers[0][1], servers[-1][1]
    db = Psql(database_url, folder / "psql.log")
    listener = None
    arrivals, errors = [], []
    try:
        # The script's own LISTEN: PostgreSQL notifies its listeners once a commit is complete, so
        # a notification's arrival here is when B's commit became visible to A too.
        listener = Listener(database_url, "inflio")
        token = sign_up(maker_url)
        log(f"{name}: {args.sse_personas} personas, {args.sse_at_once} at a time, "
            + ("made by B, their events streamed from A" if across else "made and streamed by one process"))

        def persona(i):
            draft = call_json("POST", maker_url + "/api/personas", (201,), token=token,
                              json_body={"name": f"Stream {i}"})["persona"]["id"]
            for photo in photos:
                body, content_type = multipart({}, [("photo", photo)])
                call_json("POST", f"{maker_url}/api/personas/{draft}/photos", (201,), token=token, body=body,
                          content_type=content_type)
            opened = threading.Event()
            reader = threading.Thread(target=read_stream, daemon=True, args=(
                f"{stream_url}/api/personas/{draft}/events", token, opened, arrivals, errors))
            reader.start()
            opened.wait(60)
            call_json("POST", f"{maker_url}/api/personas/{draft}/build", (202,), token=token, json_body={})
            reader.join(args.timeout)
            return draft

        pool = concurrent.futures.ThreadPoolExecutor(max_workers=args.sse_at_once)
        try:
            list(pool.map(persona, range(args.sse_personas)))
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        timing = bench.events_timing(db)
        # Every notification sent before this one has reached the listener once it has.
        barrier = f"bench-barrier-{uuid.uuid4()}"
        db.rows(f"SELECT pg_notify('inflio', '{barrier}')")
        listener.wait_for(barrier)
        visible, unmatched, bounded = commits_visible(db, listener.notifications, timing)
        stream_peak = proc_status_mb(servers[0][0].pid, "VmHWM")
    finally:
        if listener:
            listener.close()
        db.close()
        bench.processes.stop([p for p, _ in servers] + [fake])

    from_commit, from_created, commit_lag, from_visible = [], [], [], []
    by_stream = {}
    for event_id, _, _, stream in arrivals:
        by_stream.setdefault(stream, []).append(event_id)
    in_order = all(ids == sorted(set(ids)) for ids in by_stream.values())
    for event_id, _, arrived, _ in arrivals:
        _, created, committed = timing.get(event_id, (None, None, None))
        if created is None:
            continue
        if committed is not None:
            from_commit.append((arrived - committed) * 1000)
            commit_lag.append((committed - created) * 1000)
        from_created.append((arrived - created) * 1000)
        if event_id in visible:
            from_visible.append((arrived - visible[event_id]) * 1000)
    return {"arrivals": len(arrivals), "stored": len(timing), "errors": errors, "from_commit": from_commit,
            "from_created": from_created, "commit_lag": commit_lag, "stream_peak": stream_peak,
            "in_order": in_order, "from_visible": from_visible, "unmatched": unmatched, "bounded": bounded}


def commits_visible(db, notifications, timing):
    """({event id: when its commit became visible}, personas unmatched, notifications bounded):
    each persona's `event:<id>` notifications, in the order they arrived, matched to its
    transactions in commit order. A lock per persona, held to the commit, makes its events commit
    in id order; events written in one transaction (same xmin) share its one notification, as
    PostgreSQL folds identical ones. Personas whose counts differ are left out and counted.

    A notification whose stamp may belong to later bytes of the same read, or that has none
    (pg_listen.Notification), is taken as visible as early as it can have been: the later of the
    read before and its commit record. That errs towards longer latencies; they are counted."""
    transactions = {}
    for persona, event_id, xmin in db.rows("SELECT persona_id, id, xmin FROM persona_events ORDER BY id"):
        groups = transactions.setdefault(persona.lower(), [])
        if groups and groups[-1][0] == xmin:
            groups[-1][1].append(int(event_id))
        else:
            groups.append((xmin, [int(event_id)]))
    arrived = {}
    for notification in notifications:
        if notification.payload.startswith("event:"):
            arrived.setdefault(notification.payload[6:].lower(), []).append(notification)
    visible, unmatched, bounded = {}, 0, 0
    for persona, groups in transactions.items():
        found = arrived.get(persona, [])
        if len(found) != len(groups):
            unmatched += 1
            continue
        for (_, ids), notification in zip(groups, found):
            moment = notification.arrival
            if moment is None or notification.shared:
                bounds = [notification.earliest] + [timing.get(i, (None, None, None))[2] for i in ids]
                bounds = [b for b in bounds if b is not None]
                if not bounds:
                    continue
                moment, bounded = max(bounds), bounded + 1
            visible.update((event_id, moment) for event_id in ids)
    return visible, unmatched, bounded


def bench_sse(bench, photos):
    args = bench.args
    across, one = sse_run(bench, photos, across=True), sse_run(bench, photos, across=False)

    def figures(values):
        if not values:
            return "no events"
        return (f"p50 {percentile(values, 0.50):.1f}, p95 {percentile(values, 0.95):.1f}, "
                f"p99 {percentile(values, 0.99):.1f}, max {max(values):.1f} ms")

    def row(label, fn):
        print(f"| {label} | {fn(across)} | {fn(one)} |")

    print()
    print(f"## 2. Event streams: {args.sse_personas} personas of {len(photos)} photos (a draft, its photos, the "
          f"build), {args.sse_at_once} at a time, fake FAL (latency {args.latency:g} s), each persona's stream "
          "opened before its build")
    print()
    print("| figure | across processes: A (--no-worker) streams, B makes | one process streams and makes |")
    print("| --- | --- | --- |")
    row("events received / stored", lambda r: f"{r['arrivals']} / {r['stored']} ({len(r['errors'])} stream errors)")
    row("each stream in id order, none twice", lambda r: "yes" if r["in_order"] else "NO")
    row("latency, commit visible (its NOTIFY at the script's own LISTEN) → arrival at the client",
        lambda r: figures(r["from_visible"]) + (f" ({r['unmatched']} personas unmatched)" if r["unmatched"] else "")
        + (f" ({r['bounded']} notifications read with later bytes, counted from their earliest bound)"
           if r["bounded"] else ""))
    if bench.commit_timestamps:
        row("latency, commit record (pg_xact_commit_timestamp, before its flush) → arrival",
            lambda r: figures(r["from_commit"]))
    row("latency, created_at (set before the insert) → arrival", lambda r: figures(r["from_created"]))
    if bench.commit_timestamps:
        row("created_at → commit record", lambda r: figures(r["commit_lag"]))
    row("peak memory (VmHWM) of the streaming process", lambda r: f"{r['stream_peak']:.0f} MB")
    for error in (across["errors"] + one["errors"])[:5]:
        print(f"stream error: {error}")
    measured = across["from_visible"]
    p99 = percentile(measured, 0.99) if measured else float("nan")
    print()
    print(f"goal: p99 ≤ 50 ms on loopback, across processes, from the commit (visible) on B to the arrival "
          f"at A's client: {'met' if measured and p99 <= 50 else 'NOT MET'} "
          f"(p99 {p99:.1f} ms over {len(measured)} of {across['stored']} events)")
    if bench.commit_timestamps and across["from_commit"]:
        print(f"counted from the commit record instead (its flush to disk included): p99 "
              f"{percentile(across['from_commit'], 0.99):.1f} ms")
    return across, one


# --- 3. Uploads to S3 and to the data folder ----------------------------------------------------

def upload_run(bench, store, round_number, photos):
    folder = bench.run_folder(f"uploads-{store}-{round_number}")
    database_url = fresh_database(bench.pg_server, f"bench_uploads_{store}")
    if store == "s3":
        empty_moto(bench.s3)
    servers = bench.start_service(folder, database_url, 1, {}, s3=(store == "s3"))
    process, url = servers[0]
    try:
        token = sign_up(url)
        draft = call_json("POST", url + "/api/personas", (201,), token=token, json_body={"name": "Uploads"})
        draft_id = draft["persona"]["id"]
        cpu_before = proc_cpu_seconds(process.pid)
        times = []
        start = time.monotonic()
        for photo in photos:
            body, content_type = multipart({}, [("photo", photo)])
            sent = time.monotonic()
            call_json("POST", f"{url}/api/personas/{draft_id}/photos", (201,), token=token, body=body,
                      content_type=content_type)
            times.append(time.monotonic() - sent)
        wall = time.monotonic() - start
        cpu = proc_cpu_seconds(process.pid) - cpu_before
        peak = proc_status_mb(process.pid, "VmHWM")
        if store == "s3":
            stored = bucket_objects(bench.s3)
        else:
            files = [f for f in (folder / "data-1" / "images").rglob("*") if f.is_file()]
            stored = (len(files), sum(f.stat().st_size for f in files))
        return {"store": store, "wall": wall, "times": times, "cpu": cpu, "peak": peak, "stored": stored}
    finally:
        bench.processes.stop([process])


def bench_uploads(bench, photos):
    args = bench.args
    sizes = [p.stat().st_size for p in photos]
    log(f"uploads: {len(photos)} photos of {sum(sizes) / len(sizes) / 1e6:.1f} MB on average, "
        f"{args.upload_rounds} round(s) of local then S3")
    runs = []
    for round_number in range(1, args.upload_rounds + 1):
        for store in ("local", "s3"):
            runs.append(upload_run(bench, store, round_number, photos))

    def summary(store):
        mine = [r for r in runs if r["store"] == store]
        walls = [r["wall"] for r in mine]
        each = [t * 1000 for r in mine for t in r["times"]]
        wall = f"{min(walls):.2f} s" if len(walls) == 1 else f"{min(walls):.2f}–{max(walls):.2f} s"
        return (wall, f"p50 {percentile(each, 0.5):.0f} ms, p95 {percentile(each, 0.95):.0f} ms",
                f"{sum(r['cpu'] for r in mine) / len(mine):.1f} s",
                f"{max(r['peak'] for r in mine):.0f} MB", f"{mine[-1]['stored'][0]}")

    local, s3 = summary("local"), summary("s3")
    print()
    print(f"## 3. Uploads: {len(photos)} photos of {sum(sizes) / len(sizes) / 1e6:.1f} MB on average, one at a "
          f"time to a draft (POST /api/personas/:id/photos), one process, {args.upload_rounds} round(s)")
    print()
    print("| figure | local data folder | S3 (moto) |")
    print("| --- | --- | --- |")
    for i, label in enumerate(["wall time, all photos", "one photo, send to verdict", "server CPU",
                               "server peak memory (VmHWM)", "images stored (files / objects)"]):
        print(f"| {label} | {local[i]} | {s3[i]} |")
    return runs


# --- Main ---------------------------------------------------------------------------------------

def ready_binary(path, work):
    """A copy of the binary (it may be rebuilt meanwhile; retried while it is missing)."""
    copy = work / "inflio"
    deadline = time.monotonic() + 120
    while True:
        try:
            shutil.copy2(path, copy)
            subprocess.run([str(copy), "--help"], check=True, capture_output=True, timeout=60)
            return copy
        except (OSError, subprocess.SubprocessError):
            if time.monotonic() > deadline:
                raise Failure(f"no working inflio binary at {path}")
            log(f"{path} is missing or being rebuilt; trying again in 5 s")
            time.sleep(5)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=str(ROOT / ".build/release/inflio"), help="the inflio binary")
    parser.add_argument("--faces", default=str(ROOT.parent / "shared/testdata/faces"), help="the sample faces")
    parser.add_argument("--work", default=str(ROOT / ".build/bench-cluster"), help="photos, logs, data")
    parser.add_argument("--only", default="scale,sse,uploads", help="which parts, comma-separated")
    parser.add_argument("--quick", action="store_true", help="10 personas, 5 streamed, 6 uploads, one round of each")
    parser.add_argument("--personas", type=int, default=50)
    parser.add_argument("--scale-rounds", type=int, default=2, help="pairs of runs (1, then 3 processes)")
    parser.add_argument("--at-once", type=int, default=3, help="creates in flight at once (scale)")
    parser.add_argument("--cpu-threads", type=int, default=None,
                        help="INFLIO_CPU_THREADS of each of the 3 processes (scale; default: unset, one per core)")
    parser.add_argument("--idle-seconds", type=float, default=10, help="idle CPU measured before the creates")
    parser.add_argument("--latency", type=float, default=2.0, help="the fake model's seconds per portrait")
    parser.add_argument("--fake-priority", choices=("idle", "normal"), default="idle",
                        help="idle (the default): the fake runs under SCHED_IDLE, on the CPU nothing else "
                             "wants (FAL renders on its own machines, not beside the service)")
    parser.add_argument("--sse-personas", type=int, default=20)
    parser.add_argument("--sse-at-once", type=int, default=4)
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--upload-rounds", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=1800, help="seconds a run may take to finish")
    args = parser.parse_args()
    if args.scale_rounds < 1:
        parser.error("--scale-rounds must be at least 1")
    if args.quick:
        args.personas, args.sse_personas, args.uploads, args.upload_rounds, args.scale_rounds = 10, 5, 6, 1, 1
    parts = set(args.only.split(","))
    args.work = Path(args.work).resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    faces = Path(args.faces)

    # SIGTERM and SIGHUP end the run as Ctrl-C does: through the clean-up below.
    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)

    bench = Bench(args)
    began, load_at_start = time.monotonic(), os.getloadavg()[0]
    try:
        args.binary = ready_binary(Path(args.bin).resolve(), args.work)
        tool = image_tool()
        missing = [name for name in PERSONA_SOURCES if not (faces / name).is_file()]
        if missing:
            raise Failure(f"{faces} lacks {', '.join(missing)} (the sample faces: --faces)")
        photos = persona_photos(faces, args.work / "photos", tool)
        large = large_photos(faces, args.work / "photos", tool, args.uploads) if "uploads" in parts else []
        bench.pg_server, bench.pg_was_online, bench.commit_timestamps = start_postgres()
        bench.s3 = start_moto()
        log(f"binary {args.bin}; PostgreSQL {PG_CLUSTER} on {PG_PORT} (commit timestamps "
            f"{'on' if bench.commit_timestamps else 'unavailable'}); moto at {bench.s3}")
        if "scale" in parts:
            bench_scale(bench, photos)
        if "sse" in parts:
            bench_sse(bench, photos)
        if "uploads" in parts:
            bench_uploads(bench, large)
        print()
        print(f"bench-cluster: done in {time.monotonic() - began:.0f} s with {args.bin}; load average "
              f"{load_at_start:.2f} at the start, {os.getloadavg()[0]:.2f} at the end ({os.cpu_count()} cores)")
        return 0
    except Failure as failure:
        log(f"failed: {failure}")
        return 1
    except subprocess.CalledProcessError as error:
        output = error.stderr or error.output or ""
        output = output.decode(errors="replace") if isinstance(output, bytes) else output
        log(f"failed: {shlex.join(str(a) for a in error.cmd)} exited with {error.returncode}: {output[-500:]}")
        return 1
    except KeyboardInterrupt:
        log("interrupted; stopping what was started")
        return 130
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        bench.processes.stop()
        if bench.s3:
            try:
                call("POST", bench.s3 + "/moto-api/reset", body=b"", timeout=30)  # moto stays, empty
            except OSError:
                pass
        if bench.pg_server and not bench.pg_was_online:
            subprocess.run(["bash", "scripts/postgres.sh", "--cluster", PG_CLUSTER, "--port", str(PG_PORT), "--stop"],
                           cwd=ROOT, capture_output=True)
        copy = args.work / "inflio"
        if copy.exists():
            copy.unlink()


if __name__ == "__main__":
    sys.exit(main())
