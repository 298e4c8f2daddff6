#!/usr/bin/env bash
# Scale-out rehearsed on one machine (issue 14): a PostgreSQL cluster of its own, three
# `inflio serve` processes sharing it and one data folder, and nginx in front as the load
# balancer, with the settings a production proxy needs (docs/operations.md, "Running several
# processes").
#
#   scripts/cluster.sh         starts everything (again: restarts the processes and nginx); prints the URL
#   scripts/cluster.sh stop    stops the processes and nginx; the PostgreSQL cluster keeps running
#
# INFLIO_BIN is the binary (default .build/release/inflio), CLUSTER_PORT nginx's port (8080). The
# caller's INFLIO_PROVIDER (default local) and other INFLIO_*/FAL_* settings reach the processes.
# Everything lives in ./data-cluster: the processes' data folder itself, logs/, pids/ and nginx/.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
bin="$(realpath -m "${INFLIO_BIN:-$here/.build/release/inflio}")"  # a relative INFLIO_BIN is the caller's
cd "$here"
dir="$here/data-cluster"
port="${CLUSTER_PORT:-8080}"
upstreams=(8081 8082 8083)
pg_cluster=inflio_cluster pg_port=5433 database=inflio_cluster
nginx=/usr/sbin/nginx

# Prints the pid in FILE if that process still runs ARGS: after a reboot the number may be another's.
running() {  # running FILE ARGS
  local pid args
  pid="$(cat "$1" 2>/dev/null)" || return 1
  args="$(ps -o args= -p "$pid" 2>/dev/null)" || return 1
  [[ "$args" == *"$2"* ]] && echo "$pid"
}

stop() {
  local pid alive pids=()
  # nginx first, so that no request reaches a process on its way out. TERM, not QUIT: a graceful
  # stop would wait for every open event stream to end.
  if pid="$(running "$dir/pids/nginx.pid" "nginx: master")"; then kill "$pid" && pids+=("$pid"); fi
  for p in "${upstreams[@]}"; do
    # SIGTERM: the process gives its jobs back as it stops.
    if pid="$(running "$dir/pids/inflio-$p.pid" "serve --hostname 127.0.0.1 --port $p")"; then
      kill "$pid" && pids+=("$pid")
    fi
    rm -f "$dir/pids/inflio-$p.pid"
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  # Until all have exited, so that their ports are free for a new start.
  for _ in $(seq 1 20); do
    alive=no
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=yes; done
    [ "$alive" = yes ] || return 0
    sleep 0.5
  done
  # Still there after 10 s: killed. Their jobs' leases expire, and another process takes them over.
  kill -9 "${pids[@]}" 2>/dev/null || true
}

fail() {
  echo "cluster: $*" >&2
  stop
  exit 1
}

if [ "${1:-start}" = stop ]; then
  stop
  echo "cluster: stopped; PostgreSQL keeps running (scripts/postgres.sh --cluster $pg_cluster --port $pg_port --stop)" >&2
  exit 0
fi
[ -x "$bin" ] || { echo "cluster: no inflio binary at $bin (make build, or set INFLIO_BIN)" >&2; exit 1; }

if [ ! -x "$nginx" ]; then
  echo "cluster: installing Debian's nginx" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nginx >/dev/null
fi

stop  # starting again restarts: a rebuilt binary, changed settings
for p in "$port" "${upstreams[@]}"; do
  # Someone else's server there would answer our health checks.
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "cluster: port $p is taken by another program" >&2
    exit 1
  fi
done
mkdir -p "$dir/logs" "$dir/pids" "$dir/nginx"

pg_url="$(bash scripts/postgres.sh --cluster "$pg_cluster" --port "$pg_port")"
if [ "$(psql "$pg_url" -qtAc "SELECT 1 FROM pg_database WHERE datname = '$database'")" != 1 ]; then
  psql "$pg_url" -qc "CREATE DATABASE $database"
fi
export DATABASE_URL="${pg_url%/postgres}/$database" INFLIO_DATA_DIR="$dir"
export INFLIO_PROVIDER="${INFLIO_PROVIDER:-local}"
# Three processes on one machine split its cores for CPU-bound work rather than each running a
# thread per core on all of them (docs/operations.md#cpu-priority); the caller's setting wins.
export INFLIO_CPU_THREADS="${INFLIO_CPU_THREADS:-$(( ($(nproc) + 2) / 3 ))}"
# Images in an S3 bucket, as in production: a local moto server of its own (scripts/s3-server.sh
# --instance cluster, no signature checking), its bucket made once. The data folder keeps only the
# signing key every process shares and each process's upload spool.
s3="$(bash scripts/s3-server.sh --instance cluster)"
curl -fsS -o /dev/null -X PUT "$s3/inflio-cluster" 2>/dev/null || true  # already there is fine
export INFLIO_BLOB_URL="s3://inflio-cluster/images" AWS_ENDPOINT_URL="$s3" AWS_REGION=us-east-1 \
  AWS_ACCESS_KEY_ID=cluster AWS_SECRET_ACCESS_KEY=cluster INFLIO_SIGNING_KEY_FILE="$dir/signing.key"

# Once, before any process starts: migrations running at once race on an empty database. It also
# makes the data folder's signing.key, which every process must share (processes started on an
# empty folder at the same moment would each make their own).
"$bin" migrate >>"$dir/logs/migrate.log" 2>&1 || fail "inflio migrate failed: see $dir/logs/migrate.log"

for p in "${upstreams[@]}"; do
  nohup "$bin" serve --hostname 127.0.0.1 --port "$p" </dev/null >>"$dir/logs/inflio-$p.log" 2>&1 &
  echo $! >"$dir/pids/inflio-$p.pid"
done
for p in "${upstreams[@]}"; do
  python3 scripts/wait-for-health.py "http://127.0.0.1:$p/health" "$(cat "$dir/pids/inflio-$p.pid")" 120 \
    || fail "inflio serve on port $p did not start: see $dir/logs/inflio-$p.log"
done

cat >"$dir/nginx/nginx.conf" <<EOF
# Written by scripts/cluster.sh at every start: edit the script, not this file.
worker_processes auto;
pid $dir/pids/nginx.pid;
error_log $dir/logs/nginx-error.log warn;
events { worker_connections 1024; }

http {
    # Which process answered each request: upstream=127.0.0.1:808x.
    log_format upstream '\$remote_addr [\$time_local] "\$request" \$status \$body_bytes_sent '
                        'upstream=\$upstream_addr \$upstream_status \${request_time}s';
    access_log $dir/logs/nginx-access.log upstream;
    client_body_temp_path $dir/nginx/body;
    proxy_temp_path $dir/nginx/proxy;
    fastcgi_temp_path $dir/nginx/fastcgi;
    uwsgi_temp_path $dir/nginx/uwsgi;
    scgi_temp_path $dir/nginx/scgi;

    upstream inflio {
$(printf '        server 127.0.0.1:%s;\n' "${upstreams[@]}")
        keepalive 16;
    }

    # Slow clients: the service closes only connections silent for 10 minutes (create?wait=true
    # waits silently), so a client that trickles its headers or body, or never reads the answer,
    # is cut here; and one address holds at most 100 requests at once.
    client_header_timeout 10s;
    client_body_timeout 30s;
    send_timeout 30s;
    keepalive_timeout 30s;
    limit_conn_zone \$binary_remote_addr zone=per_client:10m;
    limit_conn per_client 100;
    limit_conn_status 429;

    # Bodies: JSON routes take 64 KB, a camera frame 512 KB, FAL's webhook 2 MB. Each limit here is
    # a little above the service's own, so the service answers with its JSON error.
    client_max_body_size 4m;

    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host \$host;
    # This nginx is the edge: it replaces whatever the client claimed. The service believes the
    # header from 127.0.0.1 (INFLIO_TRUSTED_PROXIES), so its rate limits count clients, not nginx.
    proxy_set_header X-Forwarded-For \$remote_addr;
    # A process that refuses or drops the connection: the request goes to the next one. A POST,
    # PATCH or LOCK does only if it was never sent (no "non_idempotent"): nothing is made twice.
    proxy_next_upstream error timeout;
    proxy_connect_timeout 5s;

    server {
        listen 127.0.0.1:$port;

        location / {
            proxy_pass http://inflio;
        }
        # The one-shot create: 20 photos of 25 MB; with ?wait=true it answers when the portraits are made.
        location = /api/personas/create {
            client_max_body_size 520m;
            proxy_read_timeout 1h;
            proxy_buffering off;
            proxy_pass http://inflio;
        }
        # One photo added to a draft: 25 MB.
        location ~ ^/api/personas/[^/]+/photos\$ {
            client_max_body_size 27m;
            proxy_pass http://inflio;
        }
        # Server-Sent Events: each event flows as it is written, and a stream stays open for long.
        location ~ ^/api/personas/[^/]+/events\$ {
            proxy_read_timeout 1h;
            proxy_buffering off;
            proxy_pass http://inflio;
        }
    }
}
EOF
nginx_args=(-p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/logs/nginx-error.log")
"$nginx" -t -q "${nginx_args[@]}" || fail "nginx refused its configuration"
"$nginx" "${nginx_args[@]}"  # daemonises; its pid file is $dir/pids/nginx.pid
for _ in $(seq 1 20); do [ -s "$dir/pids/nginx.pid" ] && break; sleep 0.25; done
python3 scripts/wait-for-health.py "http://127.0.0.1:$port/health" "$(cat "$dir/pids/nginx.pid")" 10 \
  || fail "nginx does not answer: see $dir/logs/nginx-error.log"

echo "cluster: 3 processes on ${upstreams[*]}, PostgreSQL on $pg_port, logs in $dir/logs" >&2
echo "http://127.0.0.1:$port"
