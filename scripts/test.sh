#!/usr/bin/env bash
# kefu's whole test suite: formatting, lints, then every test (unit and integration).
# Installs nothing beyond what cargo fetches; the build directory is kept outside the clone
# (CARGO_TARGET_DIR, default ~/.cache/kefu/target) so later runs reuse it.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kefu/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

echo "== cargo fmt --check"
cargo fmt --check
echo "== cargo clippy"
cargo clippy --locked --all-targets -- -D warnings
echo "== cargo test"
cargo test --locked
