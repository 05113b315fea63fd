#!/usr/bin/env bash
# Runs an Apache Jena command class from Debian's libapache-jena-java (no launcher scripts,
# no Fuseki in Debian), for example:
#
#   bash interop/jena.sh tdb2.tdbloader --loc DB output/graph.nt
#   bash interop/jena.sh tdb2.tdbquery --loc DB --results=CSV --query queries/allies-of-mali.rq
#   bash interop/jena.sh riotcmd.riot --validate output/graph.ttl
#
# The classpath is libapache-jena-java's jars plus those of its Java dependencies (found with
# dpkg), with one SLF4J binding. Debian's jena-core.jar (4.5.0-2) relocates the bundled Xerces
# classes to the package `xerces` but leaves their message resources under
# org/apache/jena/ext/xerces, so every command dies at start-up with
# "RuntimeException: internal error" in xerces.impl.dv.xs.XSSimpleTypeDecl.applyFacets1; this
# script copies those resources to where the classes look for them (a temporary directory put
# first on the classpath). JAVA_OPTS is passed to java.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: jena.sh CLASS [ARGS...]   e.g. jena.sh tdb2.tdbquery --loc DB --query Q.rq" >&2
  exit 2
fi
JENA_CORE=/usr/share/java/jena-core.jar
if ! command -v java >/dev/null 2>&1 || [ ! -f "$JENA_CORE" ]; then
  echo "jena.sh: needs java and Debian's libapache-jena-java (run interop/install.sh)" >&2
  exit 2
fi

jena_classpath() {
  local seen=" " queue=(libapache-jena-java) p d f jars=()
  while [ "${#queue[@]}" -gt 0 ]; do
    p="${queue[0]}"; queue=("${queue[@]:1}")
    case "$seen" in *" $p "*) continue ;; esac
    seen="$seen$p "
    dpkg-query -W "$p" >/dev/null 2>&1 || continue
    while IFS= read -r f; do
      case "$f" in /usr/share/java/*.jar) jars+=("$f") ;; esac
    done < <(dpkg -L "$p")
    for d in $(dpkg-query -W -f='${Depends}' "$p" | tr ',' '\n' \
               | sed 's/|.*//; s/(.*)//; s/:any//; s/[[:space:]]//g'); do
      case "$d" in lib*-java) queue+=("$d") ;; esac
    done
  done
  # unversioned names only (Debian ships name.jar -> name-VERSION.jar); one SLF4J binding
  # (slf4j-simple), none of the bridges that would loop (log4j-over-slf4j + slf4j-log4j12)
  printf '%s\n' "${jars[@]}" | sort -u \
    | grep -v -E -- '-[0-9][0-9.]*[^/]*\.jar$' \
    | grep -v -E '/(jcl-over-slf4j|jul-to-slf4j|log4j-over-slf4j|slf4j-(jcl|jdk14|log4j12|migrator|nop|ext|reload4j))\.jar$' \
    | paste -sd: -
}

RES="$(mktemp -d "${TMPDIR:-/tmp}/jena-res.XXXXXX")"
trap 'rm -rf "$RES"' EXIT
python3 - "$JENA_CORE" "$RES" <<'PY'
import os, sys, zipfile
jar, dest = sys.argv[1], sys.argv[2]
prefix = "org/apache/jena/ext/xerces/"
with zipfile.ZipFile(jar) as z:
    names = z.namelist()
    if any(n.startswith("xerces/") and n.endswith(".properties") for n in names):
        sys.exit(0)  # the packaging is fixed: nothing to do
    for n in names:
        if n.startswith(prefix) and not n.endswith("/") and not n.endswith(".class"):
            out = os.path.join(dest, "xerces", n[len(prefix):])
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with open(out, "wb") as f:
                f.write(z.read(n))
PY
CP="$RES:$(jena_classpath)"
# not exec: the trap must remove $RES afterwards
# shellcheck disable=SC2086
java ${JAVA_OPTS:--Xmx1g} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" "$@"
