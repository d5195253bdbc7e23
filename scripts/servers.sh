#!/usr/bin/env bash
# Starts and stops the PostgreSQL and Redis servers kefu's tests (and a development machine) use
# for the multi-node mode (storage.backend = "postgres", hub.backend = "redis").
#
#   scripts/servers.sh start [--pg-port P] [--redis-port R]
#       installs Debian's postgresql and redis-server packages when their programs are missing
#       (apt-get, as root or with sudo), then starts both on 127.0.0.1 with their data in a new
#       temporary directory, waits until they answer, and prints, alone on stdout:
#         KEFU_TEST_POSTGRES_URL=postgres://kefu@127.0.0.1:P/kefu
#         KEFU_TEST_REDIS_URL=redis://127.0.0.1:R/
#       Defaults: P = 55432, R = 56379. Servers already started by this script are stopped first.
#   scripts/servers.sh stop     stops both and deletes their data directory
#
# Files, under KEFU_CACHE (default ~/.cache/kefu): servers/run/{dir,env} (where the data is and
# the URLs). Both servers listen on loopback only; PostgreSQL trusts local connections, so never
# point a deployment at these servers — they are for tests.
set -euo pipefail

CACHE="${KEFU_CACHE:-$HOME/.cache/kefu}"
RUN="$CACHE/servers/run"
DIR_FILE="$RUN/dir"
ENV_FILE="$RUN/env"

die() { echo "servers.sh: $*" >&2; exit 1; }
info() { echo "   $*" >&2; }

pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

install_missing() {
  local packages=()
  pg_bin >/dev/null || packages+=(postgresql)
  command -v redis-server >/dev/null || packages+=(redis-server)
  [ "${#packages[@]}" -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "apt-get not found: install ${packages[*]} by hand"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "installing ${packages[*]} needs root (or sudo)"
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  local log; log="$(mktemp)"
  local install=("${sudo[@]}" apt-get install -y -q --no-install-recommends "${packages[@]}")
  info "apt-get install ${packages[*]}"
  if ! "${install[@]}" >"$log" 2>&1; then
    info "failed without a fresh package list; apt-get update and again"
    "${sudo[@]}" apt-get update -q >"$log" 2>&1 || { tail -n 20 "$log" >&2; die "apt-get update failed"; }
    "${install[@]}" >"$log" 2>&1 || { tail -n 20 "$log" >&2; die "apt-get install ${packages[*]} failed"; }
  fi
  rm -f -- "$log"
  # Debian's packages start their own servers on the standard ports; the tests use their own.
  if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    "${sudo[@]}" systemctl stop postgresql redis-server >/dev/null 2>&1 || true
  fi
}

# PostgreSQL refuses to run as root: as root, the data belongs to the `postgres` user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

cmd_stop() {
  [ -f "$DIR_FILE" ] || return 0
  local dir; dir="$(cat "$DIR_FILE")"
  if [ -d "$dir/pg" ]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$dir/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ -f "$dir/redis.pid" ]; then
    local pid; pid="$(cat "$dir/redis.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  case "$dir" in */kefu-servers.*) rm -rf -- "$dir" ;; esac
  rm -f -- "$DIR_FILE" "$ENV_FILE"
}

cmd_start() {
  local pg_port=55432 redis_port=56379
  while [ $# -gt 0 ]; do
    case "$1" in
      --pg-port) pg_port="${2:?--pg-port needs a value}"; shift 2 ;;
      --redis-port) redis_port="${2:?--redis-port needs a value}"; shift 2 ;;
      *) die "start: unknown argument '$1'" ;;
    esac
  done
  cmd_stop
  install_missing
  local bin; bin="$(pg_bin)" || die "PostgreSQL's programs are missing after the install"
  mkdir -p "$RUN"
  local dir; dir="$(mktemp -d "${TMPDIR:-/tmp}/kefu-servers.XXXXXX")"
  chmod 755 "$dir"
  echo "$dir" >"$DIR_FILE"
  mkdir "$dir/pg"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir/pg"
  as_pg "$bin/initdb" -D "$dir/pg" -U kefu --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { tail -n 20 "$dir/initdb.log" >&2; die "initdb failed"; }
  # fsync stays on: the tests check what survives a killed node, not a killed machine, but the
  # numbers in docs/benchmarks.md should be a real server's.
  as_pg "$bin/pg_ctl" -D "$dir/pg" -l "$dir/pg/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$dir/pg -c max_connections=200" \
    start >/dev/null || { tail -n 20 "$dir/pg/server.log" >&2; die "PostgreSQL did not start"; }
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U kefu kefu || die "createdb failed"
  redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$dir" --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --save "" --appendonly no >/dev/null \
    || die "redis-server did not start"
  for _ in $(seq 100); do
    redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null | grep -q PONG && break
    sleep 0.1
  done
  redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null | grep -q PONG || die "Redis does not answer"
  {
    echo "KEFU_TEST_POSTGRES_URL=postgres://kefu@127.0.0.1:$pg_port/kefu"
    echo "KEFU_TEST_REDIS_URL=redis://127.0.0.1:$redis_port/"
  } | tee "$ENV_FILE"
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) cmd_stop ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 2 ;;
esac
