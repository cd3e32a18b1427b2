#!/usr/bin/env bash
# Install Debian's chromium for the headless-browser tests when it is missing.
# Used by `make test` (and so by CI, which runs as root on a fresh machine).
# Does nothing when chromium is already there; says why and carries on when it
# cannot install (no apt, not root): the browser tests then skip locally, and
# fail under CI=true so a green CI never hides a missing browser.
set -u
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure_chromium: $CHROMIUM missing and apt-get not available; browser tests will skip" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        echo "ensure_chromium: $CHROMIUM missing and not root; run 'apt-get install -y chromium' as root" >&2
        exit 0
    fi
fi
echo "ensure_chromium: installing Debian chromium (once per machine)" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null \
    && $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null \
    || echo "ensure_chromium: apt-get install chromium failed; browser tests will skip (fail under CI)" >&2
exit 0
