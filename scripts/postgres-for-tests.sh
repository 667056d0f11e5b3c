#!/usr/bin/env bash
# A throwaway PostgreSQL server for the portal's storage tests, in .build-postgres/ on 127.0.0.1
# (port KOERS_TEST_POSTGRES_PORT, default 54329). Installs Debian's postgresql when it is absent.
#
#   eval "$(scripts/postgres-for-tests.sh start)"   # prints: export KOERS_TEST_POSTGRES_URL=postgres://…
#   scripts/postgres-for-tests.sh stop
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.build-postgres"
port="${KOERS_TEST_POSTGRES_PORT:-54329}"
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
bin="$(find_bin)"
# PostgreSQL refuses to run as root: as root, run its programs as the postgres user.
run=()
[ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)

case "${1:-}" in
  start)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
      echo "Installing postgresql ..." >&2
      sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
      $sudo apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
      bin="$(find_bin)"
    fi
    [ -f "$dir/data/postmaster.pid" ] && "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir" && mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    "${run[@]}" "$bin/initdb" -D "$dir/data" -U koers --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    "${run[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U koers koers_test
    echo "export KOERS_TEST_POSTGRES_URL=postgres://koers@127.0.0.1:$port/koers_test"
    ;;
  stop)
    [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ] && "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null
    exit 0
    ;;
  *)
    echo "usage: scripts/postgres-for-tests.sh start|stop" >&2
    exit 64
    ;;
esac
