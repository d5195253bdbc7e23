#!/usr/bin/env bash
# Runs kefu's fuzz targets (fuzz/, docs/fuzzing.md) with libFuzzer, one after another, each for a
# bounded time; prints the seconds and executions of each and exits non-zero if any crashed.
#
#   bash scripts/fuzz.sh [--seconds N] [target ...]     (default: 60 seconds, every target)
#
# Installs cargo-fuzz with cargo when it is missing. Builds on the stable toolchain: cargo-fuzz's
# instrumentation flags are unstable ones, allowed through RUSTC_BOOTSTRAP=1. The build directory
# (KEFU_FUZZ_TARGET_DIR, default ~/.cache/kefu/fuzz-target) and the corpus a run grows plus the
# crashing inputs (KEFU_FUZZ_WORK_DIR, default ~/.cache/kefu/fuzz) are kept outside the clone; the
# seed corpus in fuzz/corpus/<target> is only read.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="${2:?--seconds needs a number}"; shift 2 ;;
    --seconds=*) seconds="${1#--seconds=}"; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
case "$seconds" in ''|*[!0-9]*) echo "fuzz.sh: --seconds takes a whole number" >&2; exit 2 ;; esac

export RUSTC_BOOTSTRAP=1
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
target_dir="${KEFU_FUZZ_TARGET_DIR:-$HOME/.cache/kefu/fuzz-target}"
work_dir="${KEFU_FUZZ_WORK_DIR:-$HOME/.cache/kefu/fuzz}"
# Optimised, with debug assertions and overflow checks (cargo-fuzz's default) and Address
# Sanitizer; more code generation units build faster and fuzz barely slower.
build_flags=(--sanitizer address --codegen-units 16 --target-dir "$target_dir")

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz (cargo install)"
  cargo install cargo-fuzz --locked
fi

known=$(cargo fuzz list)
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets <<<"$known"
fi
for target in "${targets[@]}"; do
  if ! grep -qx "$target" <<<"$known"; then
    echo "fuzz.sh: no fuzz target $target (there are: $(echo $known))" >&2
    exit 2
  fi
done

echo "== cargo fuzz build (${targets[*]})"
cargo fuzz build "${build_flags[@]}"
bin_dir="$target_dir/$(rustc -vV | sed -n 's/^host: //p')/release"

failed=()
summary=()
for target in "${targets[@]}"; do
  corpus="$work_dir/corpus/$target"
  artifacts="$work_dir/artifacts/$target"
  log="$work_dir/logs/$target.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  echo "== fuzzing $target for ${seconds}s"
  start=$(date +%s)
  status=0
  # New inputs go to the first corpus directory (outside the clone); the seeds are only read.
  "$bin_dir/$target" "$corpus" "fuzz/corpus/$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?
  elapsed=$(( $(date +%s) - start ))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ "$status" -eq 0 ]; then
    summary+=("$(printf '%-20s %6ss %12s executions  ok' "$target" "$elapsed" "${runs:-?}")")
  else
    failed+=("$target")
    summary+=("$(printf '%-20s %6ss %12s executions  FAILED (exit %s)' "$target" "$elapsed" "${runs:-?}" "$status")")
    echo "-- $target failed; the end of its log ($log):"
    tail -n 60 "$log"
    echo "-- the input is in $artifacts; reproduce with: $bin_dir/$target <that file>"
  fi
done

echo "== fuzzing summary (target, seconds, executions)"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: ${#failed[@]} target(s) crashed: ${failed[*]}" >&2
  exit 1
fi
