#!/usr/bin/env bash
# scripts/pgbouncer.sh start|stop|status: a throwaway PgBouncer in transaction pooling mode in front
# of PostgreSQL, for running the suite the way production runs behind a pooler. Its config, log,
# pid file and socket live in a temp dir derived from the port, so `stop` finds what `start` made.
# Settings: PGBOUNCER_PORT (6432), PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres),
# PGBOUNCER_POOL_SIZE (40 server connections per database).
set -euo pipefail

port=${PGBOUNCER_PORT:-6432}
pghost=${PGHOST:-127.0.0.1}
pgport=${PGPORT:-5432}
pguser=${PGUSER:-postgres}
pool=${PGBOUNCER_POOL_SIZE:-40}
dir="${TMPDIR:-/tmp}/leopard-pgbouncer-$port"
bin=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)

start() {
  [ -x "$bin" ] || { echo "pgbouncer is not installed (apt-get install -y pgbouncer)" >&2; exit 1; }
  if [ -f "$dir/pgbouncer.pid" ] && kill -0 "$(cat "$dir/pgbouncer.pid")" 2>/dev/null; then
    echo "pgbouncer already running on port $port (pid $(cat "$dir/pgbouncer.pid"))"
    return
  fi
  mkdir -p "$dir"
  printf '"%s" ""\n' "$pguser" >"$dir/userlist.txt"
  # Any database name maps to the same name on PostgreSQL; tests create databases of their own.
  cat >"$dir/pgbouncer.ini" <<INI
[databases]
* = host=$pghost port=$pgport

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir = $dir
auth_type = trust
auth_file = $dir/userlist.txt
admin_users = $pguser
pool_mode = transaction
default_pool_size = $pool
max_client_conn = 2000
ignore_startup_parameters = extra_float_digits,options
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
  local as=()
  # PgBouncer refuses to run as root; hand it to the postgres account when we are root.
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres "$dir"
    as=(-u postgres)
  fi
  "$bin" -d "${as[@]}" "$dir/pgbouncer.ini"
  for _ in $(seq 1 50); do
    if pg_isready -h 127.0.0.1 -p "$port" -q 2>/dev/null; then
      echo "pgbouncer listening on 127.0.0.1:$port (transaction pooling) in front of $pghost:$pgport"
      return
    fi
    sleep 0.1
  done
  echo "pgbouncer did not start; see $dir/pgbouncer.log" >&2
  tail -20 "$dir/pgbouncer.log" >&2 || true
  exit 1
}

stop() {
  if [ -f "$dir/pgbouncer.pid" ]; then
    pid=$(cat "$dir/pgbouncer.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill -INT "$pid" # SIGINT: safe shutdown, waits for clients to finish
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -TERM "$pid"
    fi
    rm -f "$dir/pgbouncer.pid"
  fi
  echo "pgbouncer on port $port stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    if [ -f "$dir/pgbouncer.pid" ] && kill -0 "$(cat "$dir/pgbouncer.pid")" 2>/dev/null; then echo "running (pid $(cat "$dir/pgbouncer.pid"))"; else echo "stopped"; exit 1; fi
    ;;
  *)
    echo "usage: scripts/pgbouncer.sh start|stop|status" >&2
    exit 2
    ;;
esac
