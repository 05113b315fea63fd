#!/usr/bin/env bash
# Interoperability check of an export of sahel-kg against independent RDF tools and triple stores.
#
#   bash interop/run.sh [OUTDIR]        (default: the repository's output/)
#
# OUTDIR must hold what `sahel-kg export --out OUTDIR` writes: graph.ttl, graph.nt and one
# NAME.csv per queries/NAME.rq. Needs what interop/install.sh installs. Steps:
#   a. rapper parses graph.ttl, graph.nt and graph.nq without a warning; same triple count
#      (raptor has no JSON-LD parser)
#   b. rdflib parses graph.ttl, graph.nq and graph.jsonld; each is isomorphic to graph.nt
#   c. Oxigraph server: load graph.ttl (Graph Store Protocol), run every queries/*.rq over HTTP,
#      compare with OUTDIR/NAME.csv (interop/compare.py)
#   d. Virtuoso: load graph.ttl and graph.nt with isql-vt (DB.DBA.TTLP_MT), run every query
#      through /sparql, compare
#   c2, d2. on the same servers, `sahel-kg publish` (twice: exactly one copy) and
#      `sahel-kg export --endpoint`, whose files must equal OUTDIR's byte for byte
#      (interop/endpoint.sh); on Virtuoso through its Digest-protected endpoint, and the
#      refusals without permission and without a graph
#   c3. the Oxigraph server behind nginx asking for HTTP Basic: a wrong password refused, then
#      c2's checks again with --user, in a named graph
#   e. Apache Jena (Debian's libapache-jena-java, TDB2 command line, via interop/jena.sh): riot
#      validates graph.ttl and graph.nt, tdb2.tdbloader loads graph.nt, tdb2.tdbquery runs
#      every query, compare
# Prints PASS/FAIL per check, a summary, and `N passed, M failed` last; exit 0 only if all passed.
# Servers listen on 127.0.0.1 only, on free ports, with bounded start times, and are stopped on exit.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
QUERIES="$REPO/queries"
OUT_ARG="${1:-$REPO/output}"
if [ ! -d "$OUT_ARG" ]; then
  echo "run.sh: no such directory: $OUT_ARG (run \`sahel-kg export --out DIR\` first)" >&2
  exit 2
fi
OUTDIR="$(cd "$OUT_ARG" && pwd -P)"
TTL="$OUTDIR/graph.ttl"
NT="$OUTDIR/graph.nt"
NQ="$OUTDIR/graph.nq"
JSONLD="$OUTDIR/graph.jsonld"
COMPARE=(python3 -B "$HERE/compare.py")

OXIGRAPH_START_TIMEOUT=30
VIRTUOSO_START_TIMEOUT=60
QUERY_TIMEOUT=120      # seconds, per query and per load
GRAPH_IRI="urn:sahel-kg:graph"

export LC_ALL=C.UTF-8 PYTHONIOENCODING=utf-8

for f in "$TTL" "$NT"; do
  [ -f "$f" ] || { echo "run.sh: missing $f" >&2; exit 2; }
done
shopt -s nullglob
QUERY_FILES=("$QUERIES"/*.rq)
shopt -u nullglob
if [ "${#QUERY_FILES[@]}" -eq 0 ]; then
  echo "run.sh: no queries in $QUERIES" >&2
  exit 2
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sahel-interop.XXXXXX")"
SERVER_PIDS=()

stop_pid() {  # stop_pid PID: TERM its process group, wait up to 15 s, then KILL
  local pid="$1" _
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  echo "run.sh: process $pid did not stop in 15 s; killing it" >&2
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do stop_pid "$pid"; done
  SERVER_PIDS=()
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "run.sh: unexpected failure (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR
trap 'echo "run.sh: interrupted" >&2; exit 130' INT
trap 'echo "run.sh: terminated" >&2; exit 143' TERM

# ---- results ---------------------------------------------------------------------------
RESULTS=()
N_PASS=0
N_FAIL=0
record() {  # record PASS|FAIL "check: message"
  RESULTS+=("$(printf '%-5s  %s' "$1" "$2")")
  case "$1" in
    PASS) N_PASS=$((N_PASS + 1)) ;;
    *) N_FAIL=$((N_FAIL + 1)) ;;
  esac
  printf '%-5s  %s\n' "$1" "$2"
}
section() { printf '\n== %s\n' "$*"; }
indent() { sed 's/^/      /'; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# compare_query ENGINE NAME ACTUAL.csv: runs compare.py, records its summary line
compare_query() {
  local engine="$1" name="$2" actual="$3" out rc=0
  out="$("${COMPARE[@]}" --engine "$engine" --name "$name" "$OUTDIR/$name.csv" "$actual" 2>&1)" || rc=$?
  local first
  first="${out%%$'\n'*}"  # no pipe into head: with pipefail its SIGPIPE would abort
  if [ "$rc" -eq 0 ]; then
    record PASS "${first#PASS  }"
  else
    record FAIL "${first#FAIL  }"
  fi
  printf '%s\n' "$out" | sed -n '2,$p'    # details, if any
}

# publish and export --endpoint against a running store
# shellcheck source=interop/endpoint.sh
source "$HERE/endpoint.sh"

# expected CSV present for every query?
check_expected_csvs() {
  local q name missing=()
  for q in "${QUERY_FILES[@]}"; do
    name="$(basename "$q" .rq)"
    [ -f "$OUTDIR/$name.csv" ] || missing+=("$name.csv")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    record PASS "export: one CSV per stored query (${#QUERY_FILES[@]} queries)"
  else
    record FAIL "export: missing in $OUTDIR: ${missing[*]}"
  fi
}

section "export in $OUTDIR, queries in $QUERIES"
check_expected_csvs

# ---- a. rapper -------------------------------------------------------------------------
section "a. rapper (raptor2)"
EXPECTED_TRIPLES=""
rapper_count() {  # rapper_count SYNTAX FILE -> prints count; fails on any warning or error
  local syntax="$1" file="$2" log rc=0 count
  log="$WORK/rapper-$syntax.log"
  rapper -i "$syntax" -c "$file" >"$log" 2>&1 || rc=$?
  count="$(sed -n 's/^rapper: Parsing returned \([0-9]*\) triples\{0,1\}$/\1/p' "$log")"
  # anything but the two information lines ("Parsing URI ...", "Parsing returned N triples")
  # is a warning or an error
  if [ "$rc" -ne 0 ] || [ -z "$count" ] \
     || grep -v -E '^rapper: Parsing (URI .* with parser [a-z]+|returned [0-9]+ triples?)$' "$log" | grep -q .; then
    indent <"$log" >&2
    return 1
  fi
  printf '%s' "$count"
}
if command -v rapper >/dev/null 2>&1; then
  RAPPER_VERSION="$(rapper --version 2>&1 | head -n 1)"
  c_ttl="" c_nt="" ok=1
  c_ttl="$(rapper_count turtle "$TTL")" || { ok=0; record FAIL "rapper $RAPPER_VERSION: graph.ttl: warnings or errors (above)"; }
  c_nt="$(rapper_count ntriples "$NT")" || { ok=0; record FAIL "rapper $RAPPER_VERSION: graph.nt: warnings or errors (above)"; }
  c_nq="$(rapper_count nquads "$NQ")" || { ok=0; record FAIL "rapper $RAPPER_VERSION: graph.nq: warnings or errors (above)"; }
  if [ "$ok" -eq 1 ]; then
    if [ "$c_ttl" = "$c_nt" ] && [ "$c_nq" = "$c_nt" ]; then
      EXPECTED_TRIPLES="$c_nt"
      record PASS "rapper $RAPPER_VERSION: graph.ttl, graph.nt and graph.nq parse without warnings, $c_nt statements each"
    else
      record FAIL "rapper $RAPPER_VERSION: counts differ: graph.ttl $c_ttl, graph.nt $c_nt, graph.nq $c_nq"
    fi
  fi
else
  record FAIL "rapper: not installed (run interop/install.sh)"
fi
if [ -z "$EXPECTED_TRIPLES" ]; then
  # later load checks still need a number: the N-Triples file has one triple per line
  EXPECTED_TRIPLES="$(grep -c -v -E '^[[:space:]]*(#|$)' "$NT" || true)"
fi

# ---- b. rdflib -------------------------------------------------------------------------
section "b. rdflib"
out="" rc=0
out="$(python3 "$HERE/rdflib_check.py" "$TTL" "$NT" "$EXPECTED_TRIPLES" "$NQ" "$JSONLD" 2>&1)" || rc=$?
first="${out%%$'\n'*}"  # no pipe into head: with pipefail its SIGPIPE would abort
[ -n "$first" ] || { first="FAIL  rdflib: rdflib_check.py printed nothing"; rc=1; }
if [ "$rc" -eq 0 ]; then record PASS "${first#PASS  }"; else record FAIL "${first#FAIL  } (exit $rc)"; fi
printf '%s\n' "$out" | sed -n '2,$p'

# ---- c. Oxigraph server ----------------------------------------------------------------
section "c. Oxigraph server"
OXIGRAPH="$(command -v oxigraph || true)"
if [ -z "$OXIGRAPH" ]; then
  cand="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/oxigraph"
  [ -x "$cand" ] && OXIGRAPH="$cand"
fi
oxigraph_checks() {
  if [ -z "$OXIGRAPH" ]; then
    record FAIL "oxigraph: server binary not found (run interop/install.sh)"
    return
  fi
  local version port base pid code
  version="$("$OXIGRAPH" --version 2>&1 | head -n 1)"
  port="$(free_port)"
  base="http://127.0.0.1:$port"
  mkdir -p "$WORK/oxigraph"
  setsid "$OXIGRAPH" serve --location "$WORK/oxigraph/db" --bind "127.0.0.1:$port" \
    >"$WORK/oxigraph/server.log" 2>&1 &
  pid=$!
  SERVER_PIDS+=("$pid")
  local deadline=$((SECONDS + OXIGRAPH_START_TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if curl -s -o /dev/null --max-time 2 "$base/"; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.25
  done
  if ! curl -s -o /dev/null --max-time 2 "$base/"; then
    record FAIL "$version: server did not answer on $base within ${OXIGRAPH_START_TIMEOUT}s"
    indent <"$WORK/oxigraph/server.log"
    return
  fi
  echo "$version listening on $base (pid $pid)"

  code="$(curl -sS -o "$WORK/oxigraph/load.out" -w '%{http_code}' --max-time "$QUERY_TIMEOUT" \
    -X POST -H 'Content-Type: text/turtle' --data-binary "@$TTL" "$base/store?default" 2>&1)" || true
  if [ "${code:0:1}" != 2 ]; then
    record FAIL "oxigraph: POST graph.ttl to /store?default answered $code"
    indent <"$WORK/oxigraph/load.out"
    return
  fi
  local n
  n="$(curl -sS --max-time "$QUERY_TIMEOUT" -X POST -H 'Content-Type: application/sparql-query' \
        -H 'Accept: text/csv' --data-binary 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' \
        "$base/query" | tr -d '\r' | sed -n 2p)" || true
  if [ "$n" = "$EXPECTED_TRIPLES" ]; then
    record PASS "oxigraph: graph.ttl loaded through the Graph Store Protocol: $n triples"
  else
    record FAIL "oxigraph: graph.ttl loaded, store holds '$n' triples, expected $EXPECTED_TRIPLES"
  fi

  local q name actual
  for q in "${QUERY_FILES[@]}"; do
    name="$(basename "$q" .rq)"
    actual="$WORK/oxigraph/$name.csv"
    code="$(curl -sS -o "$actual" -w '%{http_code}' --max-time "$QUERY_TIMEOUT" -X POST \
      -H 'Content-Type: application/sparql-query' -H 'Accept: text/csv' \
      --data-binary "@$q" "$base/query" 2>&1)" || true
    if [ "$code" != 200 ]; then
      record FAIL "oxigraph/$name: HTTP $code"
      head -c 2000 "$actual" 2>/dev/null | indent
      continue
    fi
    [ -f "$OUTDIR/$name.csv" ] || { record FAIL "oxigraph/$name: no $name.csv in the export"; continue; }
    compare_query oxigraph "$name" "$actual"
  done

  section "c2. sahel-kg publish and export --endpoint on Oxigraph server"
  endpoint_checks oxigraph "$base/store" "$base/query" ""

  section "c3. the same server behind nginx, which asks for HTTP Basic authentication"
  nginx_basic_checks "$base"
  stop_pid "$pid"
}

# nginx_basic_checks UPSTREAM: Oxigraph server behind nginx (Debian's), which asks every
# request for HTTP Basic credentials, as a store put on a network usually is; sahel-kg answers
# with --user (Basic goes to this machine only, or over https). A wrong password is refused.
NGINX="$(command -v nginx || true)"
[ -n "$NGINX" ] || { [ -x /usr/sbin/nginx ] && NGINX=/usr/sbin/nginx; }
nginx_basic_checks() {
  local upstream="$1"
  if [ -z "$NGINX" ]; then
    record FAIL "nginx: not found (run interop/install.sh)"
    return
  fi
  local dir="$WORK/nginx" port pid
  port="$(free_port)"
  mkdir -p "$dir"
  # nginx reads plain passwords marked {PLAIN}; the workers run as root so they can read $WORK
  printf 'sahel:{PLAIN}%s\n' "interop-secret" >"$dir/htpasswd"
  cat >"$dir/nginx.conf" <<CONF
user root;
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  client_max_body_size 0;
  server {
    listen 127.0.0.1:$port;
    auth_basic "sahel-kg interop";
    auth_basic_user_file $dir/htpasswd;
    location / {
      proxy_pass $upstream;
      proxy_read_timeout ${QUERY_TIMEOUT}s;
      proxy_send_timeout ${QUERY_TIMEOUT}s;
    }
  }
}
CONF
  setsid "$NGINX" -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" >"$dir/server.log" 2>&1 &
  pid=$!
  SERVER_PIDS+=("$pid")
  local base="http://127.0.0.1:$port" code="" deadline=$((SECONDS + OXIGRAPH_START_TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ] && kill -0 "$pid" 2>/dev/null; do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/")" || true
    [ "$code" = 401 ] && break
    sleep 0.25
  done
  if [ "$code" != 401 ]; then
    record FAIL "nginx: did not ask for credentials on $base within ${OXIGRAPH_START_TIMEOUT}s (HTTP '$code')"
    cat "$dir/server.log" "$dir/error.log" 2>/dev/null | head -n 20 | indent
    return
  fi
  echo "$("$NGINX" -v 2>&1) on $base (pid $pid), in front of $upstream"

  SAHEL_KG_PASSWORD=wrong sahel_kg publish --seeds "$SEEDS" --ontology "$REPO/ontology" \
    --endpoint "$base/store" --graph urn:sahel-kg:behind-nginx --user sahel
  if [ "$SK_RC" -eq 2 ] && [[ "$SK_ERR" == *401* ]]; then
    record PASS "oxigraph-nginx: publish with a wrong password refused, exit 2: $(head -n 1 <<<"$SK_ERR" | cut -c1-240)"
  else
    record FAIL "oxigraph-nginx: publish with a wrong password: exit $SK_RC, expected 2 and HTTP 401"
    printf '%s\n' "$SK_ERR" | head -n 5 | indent
  fi
  SAHEL_KG_PASSWORD=interop-secret endpoint_checks oxigraph-nginx "$base/store" "$base/query" \
    urn:sahel-kg:behind-nginx sahel Basic
  stop_pid "$pid"
}
oxigraph_checks

# ---- d. Virtuoso -----------------------------------------------------------------------
section "d. Virtuoso"
virtuoso_checks() {
  if ! command -v virtuoso-t >/dev/null 2>&1 || ! command -v isql-vt >/dev/null 2>&1; then
    record FAIL "virtuoso: virtuoso-t or isql-vt not installed (run interop/install.sh)"
    return
  fi
  local dir="$WORK/virtuoso" sql_port http_port pid version
  mkdir -p "$dir/vsp"
  sql_port="$(free_port)"
  http_port="$(free_port)"
  while [ "$http_port" = "$sql_port" ]; do http_port="$(free_port)"; done
  # MaxQueryCostEstimationTime = 0 turns off Virtuoso's refusal of queries whose *estimated*
  # time exceeds a limit: right after a load its estimates for this small graph are absurd
  # (evidence.rq: 1.4e9 s, or an overflowed negative number) and it refuses queries that run in
  # milliseconds. The queries are compared, not the estimator; see interop/README-section.md.
  cat >"$dir/virtuoso.ini" <<EOF
[Database]
DatabaseFile       = $dir/virtuoso.db
ErrorLogFile       = $dir/virtuoso.log
LockFile           = $dir/virtuoso.lck
TransactionFile    = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $dir/virtuoso-temp.db
TransactionFile    = $dir/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:$sql_port
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 0
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
CheckpointAuditTrail     = 0
AllowOSCalls             = 0
SchedulerInterval        = 10
DirsAllowed              = ., $OUTDIR
ThreadCleanupInterval    = 0
ThreadThreshold          = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize        = 100000
SingleCPU                = 0
PrefixResultNames        = 0
RdfFreeTextRulesSize     = 100
IndexTreeMaps            = 64
MaxMemPoolSize           = 200000000
MaxQueryMem              = 1G
NumberOfBuffers          = 10000
MaxDirtyBuffers          = 6000

[HTTPServer]
ServerPort                  = 127.0.0.1:$http_port
ServerRoot                  = $dir/vsp
MaxClientConnections        = 10
DavRoot                     = DAV
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
TempASPXDir                 = 0
ServerThreads               = 10
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
HTTPThreadSize              = 280000
HttpPrintWarningsInOutput   = 0
Charset                     = UTF-8
EnabledGzipContent          = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[SPARQL]
ResultSetMaxRows           = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = $QUERY_TIMEOUT
DeferInferenceRulesInit    = 0
EOF
  version="Virtuoso $( (virtuoso-t +help 2>&1 || true) | sed -n 's/^Version \([^ ]*\).*/\1/p' | head -n 1)"
  (cd "$dir" && exec setsid virtuoso-t +configfile "$dir/virtuoso.ini" +foreground) \
    >"$dir/stdout.log" 2>&1 &
  pid=$!
  SERVER_PIDS+=("$pid")

  isql() {  # isql SQL...: runs statements; fails if isql-vt reports an error
    local out rc=0
    out="$(timeout "$QUERY_TIMEOUT" isql-vt "127.0.0.1:$sql_port" dba dba exec="$1" 2>&1)" || rc=$?
    printf '%s\n' "$out" >>"$dir/isql.log"
    if [ "$rc" -ne 0 ] || printf '%s\n' "$out" | grep -q '^\*\*\* Error'; then
      printf '%s\n' "$out" | grep -A3 '^\*\*\* Error' | head -n 12
      return 1
    fi
    printf '%s\n' "$out"
  }

  local up=0
  local deadline=$((SECONDS + VIRTUOSO_START_TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    if timeout 5 isql-vt "127.0.0.1:$sql_port" dba dba exec="status();" >/dev/null 2>&1 \
       && curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$http_port/sparql"; then
      up=1; break
    fi
    sleep 0.5
  done
  if [ "$up" -ne 1 ]; then
    record FAIL "$version: server not up on 127.0.0.1:$sql_port/$http_port within ${VIRTUOSO_START_TIMEOUT}s"
    tail -n 20 "$dir/virtuoso.log" "$dir/stdout.log" 2>/dev/null | indent
    return
  fi
  echo "$version: SQL on 127.0.0.1:$sql_port, HTTP on 127.0.0.1:$http_port (pid $pid)"

  sql_quote() { printf '%s' "$1" | sed "s/'/''/g"; }
  vt_count() {  # vt_count GRAPH -> number of triples in it
    isql "SPARQL SELECT COUNT(*) FROM <$1> WHERE { ?s ?p ?o };" \
      | awk '/^_+$/ {getline; getline; print; exit}' | tr -d ' '
  }
  # Load both files, each into its own graph; queries use the Turtle one when it loaded whole.
  local g_ttl="$GRAPH_IRI" g_nt="$GRAPH_IRI:nt" query_graph="" err n file graph label
  for label in ttl nt; do
    if [ "$label" = ttl ]; then file="$TTL" graph="$g_ttl"; else file="$NT" graph="$g_nt"; fi
    if err="$(isql "DB.DBA.TTLP_MT(file_to_string_output('$(sql_quote "$file")'), '', '$graph'); checkpoint;")"; then
      n="$(vt_count "$graph")"
      if [ "$n" = "$EXPECTED_TRIPLES" ]; then
        record PASS "virtuoso: DB.DBA.TTLP_MT loads graph.$label: $n triples"
        [ -n "$query_graph" ] || query_graph="$graph"
      else
        record FAIL "virtuoso: graph.$label loaded, graph holds '$n' triples, expected $EXPECTED_TRIPLES"
      fi
    else
      n="$(vt_count "$graph" || true)"
      record FAIL "virtuoso: DB.DBA.TTLP_MT rejects graph.$label (${n:-0} triples loaded before the error)"
      printf '%s\n' "$err" | indent
    fi
  done
  if [ -z "$query_graph" ]; then
    record FAIL "virtuoso: nothing loaded whole; queries not run"
    return
  fi
  echo "queries run with default-graph-uri=$query_graph"

  local q name actual code
  for q in "${QUERY_FILES[@]}"; do
    name="$(basename "$q" .rq)"
    actual="$dir/$name.csv"
    code="$(curl -sS -o "$actual" -w '%{http_code}' --max-time "$QUERY_TIMEOUT" \
      --data-urlencode "query@$q" --data-urlencode "default-graph-uri=$query_graph" \
      --data-urlencode 'format=text/csv' "http://127.0.0.1:$http_port/sparql" 2>&1)" || true
    if [ "$code" != 200 ]; then
      record FAIL "virtuoso/$name: HTTP $code: $(head -n 1 "$actual" 2>/dev/null | cut -c1-200)"
      head -c 1500 "$actual" 2>/dev/null | indent
      continue
    fi
    [ -f "$OUTDIR/$name.csv" ] || { record FAIL "virtuoso/$name: no $name.csv in the export"; continue; }
    compare_query virtuoso "$name" "$actual"
  done

  section "d2. sahel-kg publish and export --endpoint on Virtuoso"
  local base="http://127.0.0.1:$http_port" first
  # Out of the box the Graph Store endpoint runs as the SQL user SPARQL, who may not write.
  sahel_kg publish --seeds "$SEEDS" --ontology "$REPO/ontology" \
    --endpoint "$base/sparql-graph-crud" --graph "$GRAPH_IRI:open"
  first="${SK_ERR%%$'\n'*}"
  if [ "$SK_RC" -eq 2 ] && [[ "$first" == *"HTTP 403"* ]]; then
    record PASS "virtuoso: publish to /sparql-graph-crud refused until SPARQL_UPDATE is granted, exit 2: ${first:0:260}"
  else
    record FAIL "virtuoso: publish to /sparql-graph-crud without permission: exit $SK_RC, expected 2 and HTTP 403"
    printf '%s\n%s\n' "$SK_OUT" "$SK_ERR" | indent
  fi
  # Virtuoso's Graph Store endpoint has no default graph: --graph is needed.
  sahel_kg publish --seeds "$SEEDS" --ontology "$REPO/ontology" --endpoint "$base/sparql-graph-crud"
  first="${SK_ERR%%$'\n'*}"
  if [ "$SK_RC" -eq 2 ] && [[ "$first" == *"default graph"* ]]; then
    record PASS "virtuoso: publish without --graph refused, exit 2: ${first:0:300}"
  else
    record FAIL "virtuoso: publish without --graph: exit $SK_RC, expected 2 and Virtuoso's reason"
    printf '%s\n%s\n' "$SK_OUT" "$SK_ERR" | indent
  fi
  # The Digest-protected endpoint, as dba (a fresh database's password): nothing to grant.
  export SAHEL_KG_PASSWORD=dba
  endpoint_checks virtuoso "$base/sparql-graph-crud-auth" "$base/sparql" "$GRAPH_IRI:published" dba
  unset SAHEL_KG_PASSWORD
  # Or grant writing to the SPARQL user: anyone who reaches the port may then write.
  if isql 'GRANT SPARQL_UPDATE TO "SPARQL";' >/dev/null; then
    sahel_kg publish --seeds "$SEEDS" --ontology "$REPO/ontology" \
      --endpoint "$base/sparql-graph-crud" --graph "$GRAPH_IRI:open"
    local n expected
    n="$(triple_count "$base/sparql" "$GRAPH_IRI:open")"
    expected="$(wc -l <"$NT" | tr -d ' ')"
    if [ "$SK_RC" -eq 0 ] && [ "$n" = "$expected" ]; then
      record PASS "virtuoso: after GRANT SPARQL_UPDATE TO \"SPARQL\", publish to /sparql-graph-crud: $SK_OUT"
    else
      record FAIL "virtuoso: after GRANT SPARQL_UPDATE, publish to /sparql-graph-crud: exit $SK_RC, the store counts '$n', expected $expected"
      printf '%s\n%s\n' "$SK_OUT" "$SK_ERR" | indent
    fi
  else
    record FAIL "virtuoso: GRANT SPARQL_UPDATE TO \"SPARQL\" failed"
  fi
  timeout 20 isql-vt "127.0.0.1:$sql_port" dba dba exec="shutdown;" >/dev/null 2>&1 || true
  stop_pid "$pid"
}
virtuoso_checks

# ---- e. Apache Jena (TDB2) -------------------------------------------------------------
section "e. Apache Jena (Debian libapache-jena-java, TDB2 command line, through interop/jena.sh)"
jena_checks() {
  if ! command -v java >/dev/null 2>&1 || [ ! -f /usr/share/java/jena-cmds.jar ]; then
    record FAIL "jena: java or libapache-jena-java not installed (run interop/install.sh)"
    return
  fi
  local dir="$WORK/jena" version
  mkdir -p "$dir"
  version="Jena $(dpkg-query -W -f='${Version}' libapache-jena-java)"
  jena() { timeout "$QUERY_TIMEOUT" bash "$HERE/jena.sh" "$@"; }

  # riot --validate: Jena's strict parser on both files; any WARN/ERROR line fails
  local out rc f
  for f in "$TTL" "$NT"; do
    rc=0
    out="$(jena riotcmd.riot --validate "$f" 2>&1)" || rc=$?
    if [ "$rc" -eq 0 ] && [ -z "$(printf '%s' "$out" | grep -E 'WARN|ERROR|Exception' || true)" ]; then
      record PASS "$version: riot --validate $(basename "$f"): no warning"
    else
      record FAIL "$version: riot --validate $(basename "$f") (exit $rc)"
      printf '%s\n' "$out" | head -n 20 | indent
    fi
  done

  rc=0
  out="$(jena tdb2.tdbloader --loc "$dir/db" "$NT" 2>&1)" || rc=$?
  if [ "$rc" -ne 0 ]; then
    record FAIL "$version: tdb2.tdbloader graph.nt failed (exit $rc)"
    printf '%s\n' "$out" | tail -n 20 | indent
    return
  fi
  local n
  n="$(printf 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n' >"$dir/count.rq";
       jena tdb2.tdbquery --loc "$dir/db" --results=CSV --query "$dir/count.rq" 2>/dev/null | tr -d '\r' | sed -n 2p)" || true
  if [ "$n" = "$EXPECTED_TRIPLES" ]; then
    record PASS "$version: tdb2.tdbloader loads graph.nt: $n triples"
  else
    record FAIL "$version: tdb2.tdbloader: store holds '$n' triples, expected $EXPECTED_TRIPLES"
  fi

  local q name actual
  for q in "${QUERY_FILES[@]}"; do
    name="$(basename "$q" .rq)"
    actual="$dir/$name.csv"
    rc=0
    jena tdb2.tdbquery --loc "$dir/db" --results=CSV --query "$q" >"$actual" 2>"$dir/$name.err" || rc=$?
    if [ "$rc" -ne 0 ]; then
      record FAIL "jena/$name: tdb2.tdbquery exit $rc"
      head -n 20 "$dir/$name.err" | indent
      continue
    fi
    [ -f "$OUTDIR/$name.csv" ] || { record FAIL "jena/$name: no $name.csv in the export"; continue; }
    compare_query jena "$name" "$actual"
  done
}
jena_checks

# ---- summary ---------------------------------------------------------------------------
section "summary"
printf '%s\n' "${RESULTS[@]}"
echo
echo "$N_PASS passed, $N_FAIL failed"
if [ "$N_FAIL" -eq 0 ]; then exit 0; else exit 1; fi
