#!/usr/bin/env bash
# Make sure Debian's headless-capable Chromium is installed; print its path.
#
# Usage: bash scripts/chromium.sh
#
# Used by the page test (tests/integration/test_page.py) and the screenshot
# script (scripts/screenshot.py). Installs the `chromium` package (and a font,
# so text renders in screenshots) with apt-get when /usr/bin/chromium is
# missing; needs root or sudo. Idempotent: prints the path and exits 0 when
# Chromium is already there.
set -euo pipefail

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [[ -x "$CHROMIUM" ]]; then
    echo "$CHROMIUM"
    exit 0
fi

SUDO=""
if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null || { echo "chromium.sh: need root (or sudo) to install chromium" >&2; exit 1; }
    SUDO="sudo -n"
fi
echo "chromium.sh: installing Debian's chromium package" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2
[[ -x "$CHROMIUM" ]] || { echo "chromium.sh: $CHROMIUM still missing after install" >&2; exit 1; }
echo "$CHROMIUM"
