#!/usr/bin/env bash
# npm run test:pgbouncer: the whole suite on PostgreSQL through PgBouncer in transaction pooling
# mode, in a fresh database. LISTEN is session state, so the listener connection goes straight to
# PostgreSQL (DATABASE_LISTEN_URL); everything else goes through the pooler.
set -euo pipefail
cd "$(dirname "$0")/.."

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
export PGBOUNCER_PORT=${PGBOUNCER_PORT:-6432}

db="leopard_pgb_$(date +%s)_$$"
cleanup() {
  scripts/pgbouncer.sh stop || true
  psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -qc "drop database if exists $db with (force)" || true
}
trap cleanup EXIT
scripts/pgbouncer.sh start
psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -qc "create database $db"
started=$(date +%s)
DB_PREPARED_STATEMENTS=false DATABASE_URL="postgres://$PGUSER@127.0.0.1:$PGBOUNCER_PORT/$db" \
  DATABASE_LISTEN_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$db" \
  npx vitest run "$@"
echo "suite through PgBouncer passed in $(($(date +%s) - started)) s"
