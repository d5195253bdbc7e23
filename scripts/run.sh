#!/usr/bin/env bash
# Runs kefu on its embedded default: builds it, then serves the demo shops in knowledge/ with
# the database in ./data. Prints where to chat. Ctrl-C stops it gracefully.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kefu/target}"

echo "== building kefu (release; the first build takes a few minutes)"
cargo build --locked --release --bin kefu
kefu="$CARGO_TARGET_DIR/release/kefu"

echo "== serving the shops in knowledge/ (Ctrl-C to stop)"
echo "   chat from another terminal:  $kefu chat --shop <shop id printed below>"
exec "$kefu" serve "$@"
