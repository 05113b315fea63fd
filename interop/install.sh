#!/usr/bin/env bash
# Installs what interop/run.sh needs, on a Debian (bookworm) machine, as root. Idempotent:
# whatever is already there at the pinned version is skipped. Non-interactive.
#
#   Debian: virtuoso-opensource (virtuoso-t, isql-vt), raptor2-utils (rapper),
#           libapache-jena-java (Jena TDB2 command classes) + a Java runtime if none,
#           nginx (a proxy asking for HTTP Basic in front of the Oxigraph server)
#   PyPI:   oxigraph (the `oxigraph` server binary), pyoxigraph, rdflib (pinned below)
set -euo pipefail

OXIGRAPH_VERSION=0.5.13
PYOXIGRAPH_VERSION=0.5.13
RDFLIB_VERSION=7.6.0

export DEBIAN_FRONTEND=noninteractive
# pip >= 23 refuses to install into a Debian-managed Python (PEP 668) without this; older pips
# ignore the variable. On this project's machines Python is a pyenv one and it changes nothing.
export PIP_BREAK_SYSTEM_PACKAGES=1
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PIP_NO_INPUT=1

log() { printf 'install.sh: %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: must run as root (apt-get install)" >&2
  exit 1
fi

# ---- Debian packages -------------------------------------------------------------------
missing=()
need_deb() {  # need_deb PACKAGE COMMAND-OR-FILE
  if [ -e "$2" ] || command -v "$2" >/dev/null 2>&1; then
    log "have $1 ($2)"
  else
    missing+=("$1")
  fi
}
need_deb virtuoso-opensource virtuoso-t
need_deb virtuoso-opensource isql-vt
need_deb raptor2-utils rapper
need_deb libapache-jena-java /usr/share/java/jena-cmds.jar
need_deb default-jre-headless java
need_deb curl curl
need_deb nginx /usr/sbin/nginx
if ! command -v python3 >/dev/null 2>&1; then missing+=(python3); fi
if ! python3 -m pip --version >/dev/null 2>&1; then missing+=(python3-pip); fi

if [ "${#missing[@]}" -gt 0 ]; then
  # de-duplicate
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  # virtuoso-opensource's postinst starts the system-wide server (all interfaces, ports 1111
  # and 8890) to set passwords unless policy-rc.d forbids it; forbid it for this install
  # (run.sh starts its own server on 127.0.0.1 only). Container images usually have one already.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# temporary, from interop/install.sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    trap 'rm -f "$policy"' EXIT
  fi
  log "apt-get update"
  apt-get update -q
  log "apt-get install ${missing[*]}"
  apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
else
  log "all Debian packages present; no apt-get"
fi

# ---- PyPI packages ---------------------------------------------------------------------
pip_have() {  # pip_have NAME VERSION
  [ "$(python3 -m pip show "$1" 2>/dev/null | sed -n 's/^Version: //p')" = "$2" ]
}
want=()
pip_have oxigraph "$OXIGRAPH_VERSION" || want+=("oxigraph==$OXIGRAPH_VERSION")
pip_have pyoxigraph "$PYOXIGRAPH_VERSION" || want+=("pyoxigraph==$PYOXIGRAPH_VERSION")
pip_have rdflib "$RDFLIB_VERSION" || want+=("rdflib==$RDFLIB_VERSION")
if [ "${#want[@]}" -gt 0 ]; then
  log "pip install ${want[*]}"
  python3 -m pip install --quiet "${want[@]}"
  command -v pyenv >/dev/null 2>&1 && pyenv rehash || true
else
  log "have oxigraph $OXIGRAPH_VERSION, pyoxigraph $PYOXIGRAPH_VERSION, rdflib $RDFLIB_VERSION"
fi

# ---- check -----------------------------------------------------------------------------
scripts_dir="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
oxigraph_bin="$(command -v oxigraph || true)"
[ -n "$oxigraph_bin" ] || oxigraph_bin="$scripts_dir/oxigraph"
"$oxigraph_bin" --version >/dev/null
python3 -c 'import rdflib, pyoxigraph' 
log "versions:"
log "  $(rapper --version 2>&1 | head -1 | sed 's/^/rapper /')"
log "  virtuoso-t $(dpkg-query -W -f='${Version}' virtuoso-opensource 2>/dev/null || echo '?')"
log "  libapache-jena-java $(dpkg-query -W -f='${Version}' libapache-jena-java 2>/dev/null || echo '?')"
log "  $(java -version 2>&1 | head -1)"
log "  $("$oxigraph_bin" --version 2>&1 | head -1)"
log "  $(python3 -c 'import pyoxigraph, rdflib; print("pyoxigraph", pyoxigraph.__version__, "/ rdflib", rdflib.__version__)')"
log "done"
