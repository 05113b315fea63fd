#!/usr/bin/env bash
# Install Debian's Chromium for the browser checks (browser/check.py).
# Idempotent and non-interactive; meant to run as root (CI runs as root).
# Runs apt-get update only when something is missing. Every apt step is
# bounded by `timeout`, so the script cannot hang.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

UPDATE_TIMEOUT="${UPDATE_TIMEOUT:-300}"
INSTALL_TIMEOUT="${INSTALL_TIMEOUT:-900}"
start=$(date +%s)

if command -v chromium >/dev/null 2>&1; then
    echo "install.sh: chromium already present: $(command -v chromium) ($(timeout 20 chromium --version 2>/dev/null || echo 'version unknown'))"
    echo "install.sh: nothing to do"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
    command -v sudo >/dev/null 2>&1 || { echo "install.sh: chromium missing and not root (no sudo)" >&2; exit 1; }
else
    SUDO=
fi

echo "install.sh: chromium not on PATH; running apt-get update (bounded ${UPDATE_TIMEOUT}s)"
timeout "$UPDATE_TIMEOUT" $SUDO apt-get update -q -o Acquire::Retries=2 -o Acquire::http::Timeout=30 -o DPkg::Lock::Timeout=120 \
    || { echo "install.sh: apt-get update failed or timed out" >&2; exit 1; }

echo "install.sh: installing chromium (bounded ${INSTALL_TIMEOUT}s)"
timeout "$INSTALL_TIMEOUT" $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    --no-install-recommends -o DPkg::Lock::Timeout=120 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    chromium fonts-dejavu-core \
    || { echo "install.sh: apt-get install chromium failed or timed out" >&2; exit 1; }

command -v chromium >/dev/null 2>&1 || { echo "install.sh: chromium still not on PATH after install" >&2; exit 1; }
echo "install.sh: installed $(command -v chromium) ($(timeout 20 chromium --version 2>/dev/null || echo 'version unknown')) in $(( $(date +%s) - start ))s"
