#!/usr/bin/env bash
# System packages for the test suite: a real headless browser for the HTML report test
# (tests/test_html_browser.py) and Java for Spark in local mode
# (tests/test_integrations_spark.py). Called by .ci/run (as root) before the tests.
# Quiet, idempotent, and a no-op (exit 0) where apt is unavailable: the browser test then
# skips itself with a clear reason.
set -u

PACKAGES=(chromium chromium-driver openjdk-17-jre-headless)

have_all() {
  command -v dpkg-query >/dev/null 2>&1 || return 1
  local p
  for p in "${PACKAGES[@]}"; do
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || return 1
  done
}

if have_all; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-packages: apt-get not available; skipping ${PACKAGES[*]} (the tests that need them say so)" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "system-packages: not root and no sudo; skipping ${PACKAGES[*]} (the tests that need them say so)" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${PACKAGES[@]}"; } >"$log" 2>&1; then
  echo "system-packages: could not install ${PACKAGES[*]}; the tests that need them say so. apt said:" >&2
  tail -n 20 "$log" >&2
  rm -f "$log"
  exit 0
fi
rm -f "$log"
exit 0
