# A throwaway PostgreSQL 15 for the test command: local binaries, a temporary
# data directory, a free port, run as a non-root user, stopped on exit.
# Sourced after scripts/env.sh; sets BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING,
# the variable Backstage's test databases read.

PG_BIN_DIR="${PG_BIN_DIR:-/usr/lib/postgresql/15/bin}"
PG_TMP_DIR=""
PG_RUN_AS=""

ensure_postgres_binaries() {
  if [ -x "$PG_BIN_DIR/initdb" ]; then
    return 0
  fi
  echo "==> installing PostgreSQL 15 server binaries (Debian package)" >&2
  ensure_apt_package postgresql-15
}

pg_run() {
  if [ -n "$PG_RUN_AS" ]; then
    runuser -u "$PG_RUN_AS" -- "$@"
  else
    "$@"
  fi
}

start_postgres() {
  ensure_postgres_binaries
  # initdb and postgres refuse to run as root.
  if [ "$(id -u)" = 0 ]; then
    PG_RUN_AS=postgres
    id -u "$PG_RUN_AS" >/dev/null 2>&1 || useradd --system --no-create-home "$PG_RUN_AS"
  fi
  PG_TMP_DIR="$(mktemp -d /tmp/portal-pg.XXXXXX)"
  [ -n "$PG_RUN_AS" ] && chown "$PG_RUN_AS" "$PG_TMP_DIR"
  local port
  port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
  pg_run "$PG_BIN_DIR/initdb" -D "$PG_TMP_DIR/data" -U postgres --auth=trust --no-sync >/dev/null
  pg_run "$PG_BIN_DIR/pg_ctl" -D "$PG_TMP_DIR/data" -l "$PG_TMP_DIR/server.log" -w \
    -o "-p $port -k $PG_TMP_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="postgresql://postgres@127.0.0.1:$port"
  echo "==> PostgreSQL 15 on 127.0.0.1:$port (data in $PG_TMP_DIR)" >&2
}

stop_postgres() {
  if [ -n "$PG_TMP_DIR" ] && [ -d "$PG_TMP_DIR/data" ]; then
    pg_run "$PG_BIN_DIR/pg_ctl" -D "$PG_TMP_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP_DIR"
  fi
  PG_TMP_DIR=""
}
