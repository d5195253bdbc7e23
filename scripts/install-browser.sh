#!/usr/bin/env bash
# Installs what the browser test of the agent console (tests/browser/console.mjs) needs:
#   - Debian's chromium package (/usr/bin/chromium), with apt-get, as root; playwright-core
#     drives it (it never downloads a browser of its own); and fonts-wqy-microhei, so Chinese
#     and Japanese show in the screenshots;
#   - tests/browser/node_modules, with `npm ci` from tests/browser/package-lock.json.
#
#   scripts/install-browser.sh
#
# Idempotent: chromium is installed only when /usr/bin/chromium is missing (`apt-get update`
# runs only when the install fails without it), and `npm ci` runs only when node_modules is
# missing or package-lock.json is newer than it. KEFU_CHROMIUM, when set, names a browser to use
# instead of Debian's (then nothing is installed with apt-get).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BROWSER_DIR="$ROOT/tests/browser"
CHROMIUM="${KEFU_CHROMIUM:-/usr/bin/chromium}"

step() { printf '== %s\n' "$1"; }
info() { printf '   %s\n' "$*"; }
die() { printf 'install-browser: %s\n' "$*" >&2; exit 1; }

# ---- chromium, and a font for Chinese and Japanese (screenshots show boxes without one) ------
step "chromium"
PACKAGES=()
if [ -x "$CHROMIUM" ]; then
  info "present: $CHROMIUM ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
elif [ -n "${KEFU_CHROMIUM:-}" ]; then
  die "KEFU_CHROMIUM=$KEFU_CHROMIUM is not an executable file"
else
  PACKAGES+=(chromium)
fi
if [ -z "${KEFU_CHROMIUM:-}" ] && ! dpkg -s fonts-wqy-microhei >/dev/null 2>&1; then
  PACKAGES+=(fonts-wqy-microhei)
fi
if [ "${#PACKAGES[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null || die "apt-get not found: install Chromium by hand and set KEFU_CHROMIUM"
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "installing ${PACKAGES[*]} needs root (or sudo)"
    SUDO=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  APT_INSTALL=("${SUDO[@]}" apt-get install -y -q --no-install-recommends "${PACKAGES[@]}")
  LOG="$(mktemp)"; trap 'rm -f -- "$LOG"' EXIT
  info "apt-get install ${PACKAGES[*]}"
  if ! "${APT_INSTALL[@]}" >"$LOG" 2>&1; then
    info "failed without a fresh package list; apt-get update and again"
    "${SUDO[@]}" apt-get update -q >"$LOG" 2>&1 || { tail -n 20 "$LOG" >&2; die "apt-get update failed"; }
    "${APT_INSTALL[@]}" >"$LOG" 2>&1 || { tail -n 20 "$LOG" >&2; die "apt-get install ${PACKAGES[*]} failed"; }
  fi
  [ -x "$CHROMIUM" ] || die "chromium installed, but $CHROMIUM is missing"
  info "installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
fi

# ---- playwright-core ------------------------------------------------------------------------
step "tests/browser node modules"
command -v npm >/dev/null || die "npm not found (Node.js 20 or newer is needed)"
cd "$BROWSER_DIR"
[ -f package-lock.json ] || die "tests/browser/package-lock.json is missing"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ] \
   || [ ! -f node_modules/playwright-core/package.json ]; then
  info "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules  # newer than package-lock.json from now on
  info "installed playwright-core $(node -p "require('./node_modules/playwright-core/package.json').version")"
else
  info "present: playwright-core $(node -p "require('./node_modules/playwright-core/package.json').version")"
fi

step "done"
