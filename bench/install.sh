#!/usr/bin/env bash
# Installs what bench/run.sh needs, on a Debian machine (bookworm: CPython 3.11), as root for the
# Debian packages. Idempotent: what is already there at the pinned version is skipped.
#
#   Debian: python3, python3-venv (venvs), time (GNU time, /usr/bin/time)
#   PyPI:   bench/.venv/morph-kgc  Morph-KGC 2.10.0 and its dependencies (requirements-morph-kgc.txt)
#           bench/.venv/pyoxigraph pyoxigraph 0.5.13 (requirements-pyoxigraph.txt)
#
# Two venvs because Morph-KGC 2.10.0 requires pyoxigraph < 0.4, while the store that loads and
# queries is pyoxigraph 0.5.13, the Oxigraph version sahel-kg embeds. Every package is pinned,
# transitive ones included, and installed with --no-deps, then checked with `pip check`.
# The Rust toolchain (cargo) is not installed here: run.sh builds sahel-kg with `make build`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venvs="$here/.venv"

export DEBIAN_FRONTEND=noninteractive
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PIP_NO_INPUT=1

log() { printf 'bench/install.sh: %s\n' "$*"; }
die() { printf 'bench/install.sh: error: %s\n' "$*" >&2; exit 1; }

# ---- Debian packages -------------------------------------------------------------------
missing=()
command -v python3 >/dev/null 2>&1 || missing+=(python3)
# Debian's python3 needs python3-venv for `python3 -m venv` (ensurepip); a pyenv or
# python.org build has it already.
if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  missing+=(python3-venv)
fi
[ -x /usr/bin/time ] || missing+=(time)

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    die "missing ${missing[*]}; run as root (apt-get install) or: sudo apt-get install ${missing[*]}"
  fi
  log "apt-get update"
  apt-get update -q >/dev/null
  log "apt-get install ${missing[*]}"
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  # python3-venv may only now make ensurepip importable
  python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || {
    v="$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    log "apt-get install python$v-venv"
    apt-get install -y -q --no-install-recommends "python$v-venv" >/dev/null
  }
else
  log "have python3, venv and /usr/bin/time; no apt-get"
fi

python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
  || die "python3 is $(python3 --version 2>&1); the pinned packages need CPython 3.11 or newer"

# ---- venvs -----------------------------------------------------------------------------
# make_venv NAME REQUIREMENTS IMPORT-CHECK
make_venv() {
  local name="$1" requirements="$here/$2" check="$3"
  local dir="$venvs/$name" stamp
  stamp="$(sha256sum "$requirements" | cut -d' ' -f1) $(python3 --version 2>&1)"
  if [ -x "$dir/bin/python" ] && [ "$(cat "$dir/.installed" 2>/dev/null)" = "$stamp" ] \
     && "$dir/bin/python" -c "$check" >/dev/null 2>&1; then
    log "have $name ($dir)"
    return
  fi
  log "creating $dir from $2"
  rm -rf "$dir"
  mkdir -p "$venvs"
  python3 -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --no-deps -r "$requirements"
  "$dir/bin/python" -m pip check >/dev/null || { "$dir/bin/python" -m pip check; die "$name: inconsistent dependencies"; }
  "$dir/bin/python" -c "$check" >/dev/null || die "$name: import check failed: $check"
  printf '%s' "$stamp" >"$dir/.installed"
}

make_venv morph-kgc requirements-morph-kgc.txt 'import morph_kgc, duckdb, pandas'
make_venv pyoxigraph requirements-pyoxigraph.txt 'import pyoxigraph'

# ---- check -----------------------------------------------------------------------------
log "versions:"
log "  $(python3 --version 2>&1)"
log "  morph-kgc $("$venvs/morph-kgc/bin/python" -c 'from importlib.metadata import version as v; print(v("morph-kgc"), "/ duckdb", v("duckdb"), "/ pandas", v("pandas"))')"
log "  pyoxigraph $("$venvs/pyoxigraph/bin/python" -c 'import pyoxigraph; print(pyoxigraph.__version__)')"
log "  GNU time $(dpkg-query -W -f='${Version}' time 2>/dev/null || echo '?')"
log "done"
