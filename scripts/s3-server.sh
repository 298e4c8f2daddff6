#!/usr/bin/env bash
# Starts a local S3 server for the S3 tests and prints the URL they use: moto (PyPI, pinned) in a
# venv of its own, .build-s3-venv/, made when missing. Idempotent: a server this script started
# and that still answers is reused; anything else is started afresh on a free loopback port.
#
#   INFLIO_TEST_S3_ENDPOINT="$(bash scripts/s3-server.sh)" swift test --filter S3Tests
#   bash scripts/s3-server.sh stop
#   bash scripts/s3-server.sh --instance app     # a second, separate server (and `--instance app stop`)
#
# The S3 client's own tests switch signature checking on for their whole server, so the service's
# tests (which store personas in buckets from many tests at once) get a server of their own.
#
# The tests create their own IAM user and then switch moto's signature checking on (see
# Tests/S3Tests/Support/Moto.swift); nothing here needs credentials.
set -euo pipefail

# Only the URL may reach stdout: callers capture it with $(...). Everything else goes to stderr.
exec 3>&1 1>&2

cd "$(dirname "$0")/.."
venv=".build-s3-venv"
state=".build-s3"
if [ "${1:-}" = "--instance" ]; then
  [[ "${2:-}" =~ ^[a-z0-9-]+$ ]] || { echo "s3-server: --instance needs a name of a-z, 0-9 and -"; exit 2; }
  state=".build-s3/$2"
  shift 2
fi
pins=("moto[server]==5.2.5")
pidfile="$state/moto.pid"
portfile="$state/moto.port"
log="$state/moto.log"
python="$(command -v /usr/bin/python3 || command -v python3)"
export PYTHONDONTWRITEBYTECODE=1

# Whether a moto answers on 127.0.0.1:$1 (its own API, which needs no signature).
answers() {
  "$python" - "$1" <<'PY' >/dev/null 2>&1
import sys, urllib.request
with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/moto-api/", timeout=2) as response:
    sys.exit(0 if response.status == 200 else 1)
PY
}

# The pid of the server this script started, if it is still that process.
our_pid() {
  [ -f "$pidfile" ] || return 1
  local pid
  pid="$(cat "$pidfile")"
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q moto_server && echo "$pid"
}

if [ "${1:-}" = "stop" ]; then
  if pid="$(our_pid)"; then
    kill "$pid"
    echo "s3-server: stopped moto (pid $pid)"
  fi
  rm -f "$pidfile" "$portfile"
  exit 0
fi

if our_pid >/dev/null && [ -f "$portfile" ] && answers "$(cat "$portfile")"; then
  echo "http://127.0.0.1:$(cat "$portfile")" >&3
  exit 0
fi

if [ ! -x "$venv/bin/moto_server" ] || [ "$(cat "$venv/.pins" 2>/dev/null)" != "${pins[*]}" ]; then
  echo "s3-server: creating $venv with ${pins[*]}"
  rm -rf "$venv"
  if ! "$python" -m venv "$venv"; then
    echo "s3-server: python3 -m venv failed (on Debian: apt-get install python3-venv)"
    exit 1
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${pins[@]}"
  echo "${pins[*]}" >"$venv/.pins"
fi

# A server of ours that no longer answers is stopped before another takes its place.
if pid="$(our_pid)"; then kill "$pid" 2>/dev/null || true; fi
mkdir -p "$state"
port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# Its own session, no terminal and none of the caller's pipes: it outlives this script.
setsid "$venv/bin/moto_server" -H 127.0.0.1 -p "$port" </dev/null >"$log" 2>&1 3>&- &
echo $! >"$pidfile"
echo "$port" >"$portfile"
for _ in $(seq 1 60); do
  answers "$port" && break
  sleep 0.5
done
if ! answers "$port"; then
  echo "s3-server: moto did not answer on port $port; the end of $log:"
  tail -n 20 "$log" || true
  exit 1
fi
echo "http://127.0.0.1:$port" >&3
