#!/usr/bin/env bash
# A throwaway PostgreSQL for `npm run test:pg`: Debian's server (installed if missing), a new cluster in a temporary
# directory on a free port, a `leadloop` role (password leadloop, may create databases: each test file makes its
# own) and database. Prints the URL on its last line, and writes it to $PG_URL_FILE if set.
#   bash .ci/start-postgres.sh            start; the cluster's directory is in /tmp/leadloop-ci-pg.dir
#   bash .ci/start-postgres.sh stop       stop it and remove the directory
set -euo pipefail
STATE=/tmp/leadloop-ci-pg.dir

bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

if [ "${1:-}" = stop ]; then
  [ -f "$STATE" ] || exit 0
  dir=$(cat "$STATE")
  runuser -u postgres -- "$(bin_dir)/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir" "$STATE"
  exit 0
fi

if [ -z "$(bin_dir)" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
BIN=$(bin_dir)
# A free port: PGPORT if given, else the first of 5432.. nobody listens on.
port=${PGPORT:-}
if [ -z "$port" ]; then
  for p in $(seq 5432 5532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
  done
fi
dir=$(mktemp -d /tmp/leadloop-ci-pg.XXXXXX)
chown postgres "$dir"
echo "$dir" >"$STATE"
# The server refuses to run as root: it runs as Debian's `postgres` user.
runuser -u postgres -- "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
# fsync stays on: the tests check that an acknowledged delivery survives a killed instance.
runuser -u postgres -- "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
psql() { runuser -u postgres -- "$BIN/psql" -h "$dir" -p "$port" -U postgres -v ON_ERROR_STOP=1 -q "$@"; }
psql -c "create role leadloop login createdb password 'leadloop'"
psql -c "create database leadloop owner leadloop"
url="postgres://leadloop:leadloop@127.0.0.1:$port/leadloop"
[ -n "${PG_URL_FILE:-}" ] && echo "$url" >"$PG_URL_FILE"
echo "$url"
