#!/usr/bin/env bash
# Starts a local PostgreSQL (Debian's package) for the database tests and prints the URL they use.
# Idempotent: installs only when missing, starts only when stopped, creates the role once.
#
#   scripts/postgres.sh                                     the tests' cluster: main, port 5432
#   scripts/postgres.sh --cluster NAME --port PORT          a cluster of its own (make cluster, a test
#                                                           that restarts PostgreSQL under running processes)
#   scripts/postgres.sh --cluster NAME --port PORT --restart    restarts it (starts it if stopped); prints the URL
#   scripts/postgres.sh --cluster NAME --port PORT --stop       stops it; prints nothing
#   --drop-test-databases    with any of the starting forms: first drops the databases earlier test
#                            runs left (inflio_test_*), so the cluster does not grow run after run
set -euo pipefail

cluster=main port="" action=start drop_test_databases=0
while [ $# -gt 0 ]; do
  case "$1" in
    --cluster) cluster="${2:-}"; shift 2 || shift ;;
    --port) port="${2:-}"; shift 2 || shift ;;
    --restart) action=restart; shift ;;
    --stop) action=stop; shift ;;
    --drop-test-databases) drop_test_databases=1; shift ;;
    *) echo "usage: $0 [--cluster NAME --port PORT [--restart | --stop]] [--drop-test-databases]" >&2; exit 2 ;;
  esac
done
if [ "$cluster" = main ] && [ -z "$port" ] && [ "$action" = start ]; then
  port=5432
elif ! [[ "$cluster" =~ ^[A-Za-z0-9_]+$ && "$cluster" != main && "$port" =~ ^[0-9]+$ ]]; then
  # main belongs to the tests: stopping or moving it here would pull it from under them.
  echo "postgres: --cluster NAME (not main; letters, digits, _) and --port PORT go together" >&2
  exit 2
fi
# Only the main cluster listens on the default port, which psql and pg_createcluster assume.
psql="psql" create_options=()
if [ "$cluster" != main ]; then
  psql="psql -p $port" create_options=(--port "$port")
fi

# Only the URL may reach stdout: callers capture it with $(...). Everything else (apt, and
# pg_ctlcluster's own notes such as "Removed stale pid file." on a machine whose snapshot kept
# one) goes to stderr.
exec 3>&1 1>&2

if [ "$action" = stop ]; then
  # Nothing to stop when PostgreSQL or the cluster is not there.
  online="$(pg_lsclusters -h 2>/dev/null | awk -v c="$cluster" '$2 == c && $4 == "online" {print $1}' || true)"
  for version in $online; do pg_ctlcluster "$version" "$cluster" stop 3>&-; done
  exit 0
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "postgres: installing Debian's postgresql" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
# Read the list once: `producer | grep -q` under pipefail can fail on SIGPIPE.
clusters="$(pg_lsclusters -h)"
if ! awk '{print $1" "$2}' <<<"$clusters" | grep -q "^$version $cluster$"; then
  pg_createcluster "${create_options[@]}" "$version" "$cluster" >/dev/null
  clusters="$(pg_lsclusters -h)"
fi
existing_port="$(awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $3}' <<<"$clusters")"
if [ "$cluster" != main ] && [ "$existing_port" != "$port" ]; then
  # The URL printed must be where the server listens.
  echo "postgres: cluster $version/$cluster listens on port $existing_port, not $port" >&2
  exit 1
fi
# A server stopped hard (killed, or a machine image taken while it ran) recovers on its next start,
# and first fsyncs every file of its data directory one by one: on a test cluster holding hundreds
# of databases that outlasted pg_ctl's 60 s, and a CI run failed before its first test. syncfs
# flushes the whole file system at once (PostgreSQL 14+), the start waits up to 10 minutes, and
# `make test` drops the databases earlier runs left (--drop-test-databases).
conf_dir="/etc/postgresql/$version/$cluster/conf.d"
if [ "${version%%.*}" -ge 14 ] && [ -d "$conf_dir" ]; then
  wanted="recovery_init_sync_method = syncfs"
  if [ "$(cat "$conf_dir/inflio-tests.conf" 2>/dev/null)" != "$wanted" ]; then
    echo "$wanted" > "$conf_dir/inflio-tests.conf"
    chmod 644 "$conf_dir/inflio-tests.conf"  # the server reads it as postgres, whatever our umask
  fi
fi
if ! grep -q "^$version *$cluster .*online" <<<"$clusters"; then
  # A server killed hard (or a machine image taken while one ran) leaves socket lock files that
  # name a process that no longer exists; the server refuses to start over them.
  for lock in /var/run/postgresql/.s.PGSQL.*.lock; do
    [ -e "$lock" ] || continue
    pid="$(head -1 "$lock")"
    state="$(ps -o stat= -p "$pid" 2>/dev/null || true)"
    case "$state" in ""|Z*) rm -f "$lock" ;; esac  # gone, or a zombie nobody reaped yet
  done
  pg_ctlcluster "$version" "$cluster" start -- -t 600 3>&-  # the server must not hold the caller's pipe open
elif [ "$action" = restart ]; then
  # Fast mode, as a real restart: every session is ended, and clients must reconnect.
  pg_ctlcluster "$version" "$cluster" restart -- -t 600 3>&-
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p "$port"

# The database tests run many services at once, each with its own connection pool (4 per event
# loop): Debian's default of 100 connections runs out ("remaining connection slots are reserved").
# A test cluster's setting; a restart applies it, once.
if [ "$(su postgres -c "$psql -qtAc 'SHOW max_connections'")" -lt 400 ]; then
  su postgres -c "$psql -qc 'ALTER SYSTEM SET max_connections = 400'" >/dev/null
  pg_ctlcluster "$version" "$cluster" restart -- -t 600 3>&-
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p "$port" && break
    sleep 1
  done
fi

if [ "$drop_test_databases" = 1 ]; then
  # Test databases are made by TestDatabase.makeURL; a run that ended, passed or not, leaves its own.
  # WITH (FORCE) ends their sessions: a second `make test` at the same time on this cluster would lose them.
  # One session: DROP DATABASE runs outside a transaction, one statement at a time, from stdin.
  su postgres -c "$psql -qtAc \"SELECT format('DROP DATABASE %I WITH (FORCE);', datname) FROM pg_database
    WHERE datname LIKE 'inflio\\_test\\_%'\"" | su postgres -c "$psql -q -v ON_ERROR_STOP=1" >/dev/null
fi

# A password login on loopback, like a real deployment's DATABASE_URL.
su postgres -c "$psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='inflio'\"" | grep -q 1 \
  || su postgres -c "$psql -qc \"CREATE ROLE inflio LOGIN CREATEDB PASSWORD 'inflio'\""
echo "postgres://inflio:inflio@127.0.0.1:$port/postgres" >&3
