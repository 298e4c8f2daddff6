#!/usr/bin/env bash
# Starts a local PostgreSQL (Debian's package) for the database tests and prints the URL they use.
# Idempotent: installs only when missing, starts only when stopped, creates the role once.
set -euo pipefail

# Only the URL may reach stdout: callers capture it with $(...). Everything else (apt, and
# pg_ctlcluster's own notes such as "Removed stale pid file." on a machine whose snapshot kept
# one) goes to stderr.
exec 3>&1 1>&2

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "postgres: installing Debian's postgresql" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
# Read the list once: `producer | grep -q` under pipefail can fail on SIGPIPE.
clusters="$(pg_lsclusters -h)"
if ! awk '{print $1" "$2}' <<<"$clusters" | grep -q "^$version main$"; then
  pg_createcluster "$version" main >/dev/null
  clusters="$(pg_lsclusters -h)"
fi
if ! grep -q "^$version *main .*online" <<<"$clusters"; then
  # A server killed hard (or a machine image taken while one ran) leaves socket lock files that
  # name a process that no longer exists; the server refuses to start over them.
  for lock in /var/run/postgresql/.s.PGSQL.*.lock; do
    [ -e "$lock" ] || continue
    pid="$(head -1 "$lock")"
    state="$(ps -o stat= -p "$pid" 2>/dev/null || true)"
    case "$state" in ""|Z*) rm -f "$lock" ;; esac  # gone, or a zombie nobody reaped yet
  done
  pg_ctlcluster "$version" main start 3>&-  # the server must not hold the caller's pipe open
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p 5432

# The database tests run many services at once, each with its own connection pool (4 per event
# loop): Debian's default of 100 connections runs out ("remaining connection slots are reserved").
# A test cluster's setting; a restart applies it, once.
if [ "$(su postgres -c "psql -qtAc 'SHOW max_connections'")" -lt 400 ]; then
  su postgres -c "psql -qc 'ALTER SYSTEM SET max_connections = 400'" >/dev/null
  pg_ctlcluster "$version" main restart 3>&-
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
fi

# A password login on loopback, like a real deployment's DATABASE_URL.
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='inflio'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE ROLE inflio LOGIN CREATEDB PASSWORD 'inflio'\""
echo "postgres://inflio:inflio@127.0.0.1:5432/postgres" >&3
