#!/usr/bin/env bash
# Starts a local PostgreSQL (Debian's package) for the database tests and prints the URL they use.
# Idempotent: installs only when missing, starts only when stopped, creates the role once.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "postgres: installing Debian's postgresql" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | grep -q "^$version *main .*online"; then
  pg_ctlcluster "$version" main start
fi

# A password login on loopback, like a real deployment's DATABASE_URL.
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='inflio'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE ROLE inflio LOGIN CREATEDB PASSWORD 'inflio'\""
echo "postgres://inflio:inflio@127.0.0.1:5432/postgres"
