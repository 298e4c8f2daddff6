#!/usr/bin/env bash
# The security probe (issue 13): starts fresh servers, runs scripts/probe.py against them, stops
# them, and exits with the probe's status.
#
#   bash scripts/probe.sh path/to/inflio [--quick|--full] [probe.py options, e.g. --only 1,4 --verbose]
#
# --quick (the default; `make test`): smaller bursts, and timing (sign-in time parity, latency
# under big uploads) printed, not judged: machines in CI are slow and loaded. --full (`make
# probe`): the review's bursts, timing judged. Needs python3 and openssl (scripts/setup.sh installs
# it) and the sample photos in ../shared/testdata/faces (or INFLIO_TEST_PHOTOS).
#
# Two servers, each with a data folder of its own, rate limits and quotas on whatever the caller's
# environment says:
# - the one under test: small quotas (8 portraits at once, 3 personas a day), each local portrait
#   held back 6 s so that portraits stay under way while quotas are probed, 20 workers so that
#   they wait side by side, and an identity provider whose key set probe.py serves on a free port;
# - a second one with an https INFLIO_PUBLIC_URL (HSTS, Secure cookie) and a 3 s idle timeout for
#   the slow-client check (on the first, a 3 s timeout would cut the probe's own slow uploads).
# The servers' logs are printed if the probe fails.
set -euo pipefail

cd "$(dirname "$0")/.."
bin="${1:?usage: bash scripts/probe.sh path/to/inflio [--quick|--full] [probe.py options]}"
shift
mode="--quick"
case "${1:-}" in --quick|--full) mode="$1"; shift ;; esac
photos="${INFLIO_TEST_PHOTOS:-../shared/testdata/faces}"
idle_timeout=3
started=$SECONDS

say() { echo "probe: $*"; }
die() { echo "probe: FAILED: $*" >&2; exit 1; }

[ -x "$bin" ] || die "no inflio binary at $bin"
[ -f "$photos/obama-1.jpg" ] || die "no test photos at $photos (see ../shared/testdata/faces/README.md)"
command -v openssl >/dev/null 2>&1 || die "openssl is missing (scripts/setup.sh installs it)"
export PYTHONDONTWRITEBYTECODE=1

tmp="$(mktemp -d)"
pids=()
cleanup() {
  status=$?
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  if [ "$status" -ne 0 ]; then
    for log in "$tmp/main.log" "$tmp/second.log"; do
      [ -f "$log" ] || continue
      echo "probe: last lines of $(basename "$log"):" >&2
      tail -n 30 "$log" >&2 || true
    done
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# What the probe measures must not be switched off by the caller's environment.
unset INFLIO_RATE_LIMITS INFLIO_QUOTAS INFLIO_TRUSTED_PROXIES INFLIO_PUBLIC_URL DATABASE_URL INFLIO_PROVIDER \
  INFLIO_IDLE_TIMEOUT_SECONDS INFLIO_JWKS_URL INFLIO_JWT_ISSUER INFLIO_JWT_AUDIENCE
export INFLIO_MODELS_DIR="${INFLIO_MODELS_DIR:-$PWD/models}"
export INFLIO_PUBLIC_DIR="${INFLIO_PUBLIC_DIR:-$PWD/Public}"

start_server() {  # name, port, then VAR=value settings of its own
  local name="$1" port="$2"; shift 2
  mkdir -p "$tmp/$name"
  env INFLIO_DATA_DIR="$tmp/$name" "$@" "$bin" migrate >"$tmp/$name-migrate.log" 2>&1 \
    || { cat "$tmp/$name-migrate.log" >&2; die "inflio migrate failed ($name)"; }
  env INFLIO_DATA_DIR="$tmp/$name" "$@" "$bin" serve --hostname 127.0.0.1 --port "$port" >"$tmp/$name.log" 2>&1 &
  pids+=($!)
}

wait_for_health() {  # url, pid
  python3 scripts/wait-for-health.py "$1" "$2" 90 || die "the server did not answer $1"
}

port="$(free_port)"
second_port="$(free_port)"
jwks_port="$(free_port)"
issuer="https://issuer.probe.test"
start_server main "$port" \
  INFLIO_LOCAL_LATENCY=6 INFLIO_WORKERS=20 \
  INFLIO_QUOTA_CONCURRENT_PORTRAITS=8 INFLIO_QUOTA_PERSONAS_PER_DAY=3 \
  INFLIO_JWKS_URL="http://127.0.0.1:$jwks_port/.well-known/jwks.json" INFLIO_JWT_ISSUER="$issuer"
start_server second "$second_port" \
  INFLIO_PUBLIC_URL=https://example.test INFLIO_IDLE_TIMEOUT_SECONDS="$idle_timeout"
wait_for_health "http://127.0.0.1:$port/health" "${pids[0]}"
wait_for_health "http://127.0.0.1:$second_port/health" "${pids[1]}"
say "servers up on ports $port and $second_port ($(( SECONDS - started )) s so far)"

# `inflio audit` in the probe reads the main server's data folder.
export INFLIO_DATA_DIR="$tmp/main"
# A watchdog far above the expected run (quick ~1 min, full a few): a hung check fails, not hangs.
limit=$([ "$mode" = "--full" ] && echo 1200 || echo 400)
# In the background with `wait`, so that a signal to this script runs the clean-up at once.
set +e
timeout "$limit" python3 scripts/probe.py "$mode" --base-url "http://127.0.0.1:$port" \
  --second-url "http://127.0.0.1:$second_port" --idle-timeout "$idle_timeout" --binary "$bin" \
  --photos "$photos" --jwks-port "$jwks_port" --issuer "$issuer" \
  --daily-personas 3 --concurrent-portraits 8 "$@" &
pids+=($!)
wait "${pids[-1]}"
status=$?
set -e
[ "$status" -eq 124 ] && echo "probe: FAILED: stopped by the watchdog after $limit s" >&2
say "finished in $(( SECONDS - started )) s"
exit "$status"
