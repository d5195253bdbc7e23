#!/usr/bin/env bash
# Starts, stops and reports on the local LLM server used by kefu's development and tests
# (llama.cpp's HTTP server with the OpenAI chat-completions API, via scripts/llm_server.py).
#
#   scripts/llm.sh start [--port P] [--threads N] [--small] [--ctx-size N] [--parallel N]
#                        [--model FILE.gguf]
#       starts the server in the background on 127.0.0.1:P (default 8090, 2 threads, 4096
#       tokens of context shared by 2 slots), runs scripts/install-llm.sh first if the venv or
#       the model is missing, waits for it to be ready (up to 120 s) and prints, alone on
#       stdout:
#         KEFU_LLM_URL=http://127.0.0.1:P/v1
#       (so `export "$(scripts/llm.sh start)"` works). The model is served as "kefu-local".
#       --small serves SmolLM2-135M (English only, fast) instead of Qwen2.5-Coder-1.5B.
#   scripts/llm.sh stop      stops it (SIGTERM; SIGKILL after 20 s)
#   scripts/llm.sh status    prints whether it runs, its URL, pid and memory; exit 0 if it
#                            answers /health, 3 if it is not running, 1 if it does not answer
#
# Files, under KEFU_CACHE (default ~/.cache/kefu): llm/run/llm.log (the server's log; the
# previous one is kept as llm.log.1), llm/run/llm.pid, llm/run/llm.env (KEFU_LLM_URL=...).
# On a busy 2-core machine (e.g. during a cargo build) generation slows down a lot: start it
# after the build, or use --threads 1.
set -euo pipefail

SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${KEFU_CACHE:-$HOME/.cache/kefu}"
LLM="$CACHE/llm"
RUN="$LLM/run"
PID_FILE="$RUN/llm.pid"
LOG="$RUN/llm.log"
ENV_FILE="$RUN/llm.env"
PY="$LLM/venv/bin/python"
READY_TIMEOUT=120

usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }
die() { echo "llm.sh: $*" >&2; exit 1; }

# The pid in the pid file, if that process is alive and is our launcher.
running_pid() {
  local pid
  [ -f "$PID_FILE" ] || return 1
  pid="$(cat "$PID_FILE" 2>/dev/null)" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'llm_server\.py' || return 1
  echo "$pid"
}
log_tail() { if [ -f "$LOG" ]; then tail -n 25 "$LOG" | sed 's/^/    | /' >&2; fi; }
rss() { awk '/^VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }

cmd_start() {
  local port=8090 threads=2 ctx=4096 parallel=2 small=0 model=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) port="${2:?--port needs a value}"; shift 2 ;;
      --threads) threads="${2:?--threads needs a value}"; shift 2 ;;
      --ctx-size) ctx="${2:?--ctx-size needs a value}"; shift 2 ;;
      --parallel) parallel="${2:?--parallel needs a value}"; shift 2 ;;
      --model) model="${2:?--model needs a value}"; shift 2 ;;
      --small) small=1; shift ;;
      *) die "start: unknown argument '$1' (try --help)" ;;
    esac
  done
  local n
  for n in "$port" "$threads" "$ctx" "$parallel"; do
    [[ "$n" =~ ^[0-9]+$ ]] || die "start: '$n' is not a number (try --help)"
  done

  local pid
  if pid="$(running_pid)"; then
    if [ -f "$ENV_FILE" ]; then
      echo "llm.sh: already running (pid $pid); 'scripts/llm.sh stop' first to change settings" >&2
      cat "$ENV_FILE"
      return 0
    fi
    die "a server (pid $pid) is starting or stuck; see $LOG, or run 'scripts/llm.sh stop'"
  fi
  rm -f -- "$PID_FILE" "$ENV_FILE"

  if [ -z "$model" ]; then
    if [ "$small" = 1 ]; then model="$LLM/models/smollm2-135m-instruct-q4_1.gguf"
    else model="$LLM/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"; fi
    if [ ! -f "$model" ] || [ ! -x "$PY" ]; then
      echo "llm.sh: the server or its model is not installed; running scripts/install-llm.sh" >&2
      local opts=()
      [ "$small" = 1 ] && opts+=(--small)
      bash "$SCRIPTS/install-llm.sh" "${opts[@]+"${opts[@]}"}" >&2 \
        || die "install-llm.sh failed (its message is above)"
    fi
  else
    [ -f "$model" ] || die "model file not found: $model"
    [ -x "$PY" ] || { bash "$SCRIPTS/install-llm.sh" --small >&2 || die "install-llm.sh failed (its message is above)"; }
  fi

  mkdir -p "$RUN"
  [ -f "$LOG" ] && mv -f -- "$LOG" "$LOG.1"
  # Its own session: the terminal's Ctrl-C does not reach it; stop it with 'llm.sh stop'.
  # (setsid does not fork here, so $! is the launcher's pid.)
  local launcher=("$PY" -u "$SCRIPTS/llm_server.py" --model "$model" --port "$port"
                  --threads "$threads" --ctx-size "$ctx" --parallel "$parallel"
                  --ready-timeout "$READY_TIMEOUT")
  if command -v setsid >/dev/null 2>&1; then
    nohup setsid "${launcher[@]}" </dev/null >"$LOG" 2>&1 &
  else
    nohup "${launcher[@]}" </dev/null >"$LOG" 2>&1 &
  fi
  pid=$!
  echo "$pid" >"$PID_FILE"
  echo "llm.sh: starting $(basename "$model") on 127.0.0.1:$port (pid $pid, $threads threads; log $LOG)" >&2

  local start=$SECONDS line=""
  while :; do
    line="$(grep -m1 '^ready http' "$LOG" 2>/dev/null || true)"
    [ -n "$line" ] && break
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f -- "$PID_FILE"
      echo "llm.sh: the server exited before it was ready; the end of its log:" >&2
      log_tail
      die "see above (a busy port: use --port; a broken install: scripts/install-llm.sh --force)"
    fi
    if [ $((SECONDS - start)) -ge "$READY_TIMEOUT" ]; then
      echo "llm.sh: not ready after $READY_TIMEOUT s; the end of its log:" >&2
      log_tail
      kill -TERM "$pid" 2>/dev/null || true
      rm -f -- "$PID_FILE"
      die "gave up (stopped pid $pid); if the machine is busy (a build?), retry later or with --threads 1"
    fi
    sleep 0.2
  done
  # "ready http://127.0.0.1:P/v1 model=kefu-local"
  local url="${line#ready }"; url="${url%% *}"
  echo "KEFU_LLM_URL=$url" >"$ENV_FILE"
  echo "llm.sh: ready in $((SECONDS - start)) s: $line (rss $(rss "$pid"))" >&2
  echo "KEFU_LLM_URL=$url"
}

cmd_stop() {
  local pid _
  if ! pid="$(running_pid)"; then
    rm -f -- "$PID_FILE" "$ENV_FILE"
    echo "llm.sh: not running" >&2
    return 0
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "llm.sh: pid $pid still running after 20 s; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f -- "$PID_FILE" "$ENV_FILE"
  echo "llm.sh: stopped (pid $pid)" >&2
}

cmd_status() {
  local pid url
  if ! pid="$(running_pid)"; then
    echo "not running"
    return 3
  fi
  url="$(sed -n 's/^KEFU_LLM_URL=//p' "$ENV_FILE" 2>/dev/null || true)"
  if [ -z "$url" ]; then
    echo "starting (pid $pid, rss $(rss "$pid")); log: $LOG"
    return 1
  fi
  if curl -fsS --max-time 3 "${url%/v1}/health" >/dev/null 2>&1; then
    echo "running: KEFU_LLM_URL=$url (pid $pid, rss $(rss "$pid")); log: $LOG"
    return 0
  fi
  echo "not answering: KEFU_LLM_URL=$url (pid $pid, rss $(rss "$pid")); log: $LOG"
  return 1
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) shift; [ $# -eq 0 ] || die "stop takes no arguments"; cmd_stop ;;
  status) shift; [ $# -eq 0 ] || die "status takes no arguments"; cmd_status ;;
  -h|--help|help) usage ;;
  "") usage >&2; exit 2 ;;
  *) die "unknown command '$1' (try --help)" ;;
esac
