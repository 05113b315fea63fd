# shellcheck shell=bash
# Checks of `sahel-kg publish` and `sahel-kg export --endpoint` against a running triple store.
# Sourced by interop/run.sh, which starts the stores and defines record, indent, WORK, OUTDIR,
# NT, REPO and QUERY_TIMEOUT. For each store:
#   1. publish the repository's seeds/ in batches of 1,000 triples (PUT, then POSTs): the target
#      graph holds as many triples as graph.nt has lines;
#   2. add a stray triple to that graph, publish again (default batch): the stray is gone and
#      the count is graph.nt's again, so a rerun leaves exactly one copy;
#   3. export --endpoint (the stored queries on the store, through the SPARQL 1.1 Protocol) into
#      a new directory and compare every file with the embedded export in OUTDIR, byte for byte.
# The binary is target/release/sahel-kg (make test-interop builds it), or $SAHEL_KG.

SAHEL_KG="${SAHEL_KG:-$REPO/target/release/sahel-kg}"
SEEDS="${SEEDS:-$REPO/seeds}"
STRAY='<urn:sahel-kg:stray> <urn:sahel-kg:stray> "a triple publish must remove" .'

# now -> seconds since the epoch, with fractions
now() { date +%s.%N; }
# since START -> seconds elapsed since START, to the tenth
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# triple_count QUERY_URL GRAPH [CURL_ARGS...] -> the number of triples in GRAPH (the default graph
# when empty); CURL_ARGS are the credentials where the query URL asks for them
triple_count() {
  local url="$1" graph="$2" args=("${@:3}")
  [ -z "$graph" ] || args+=(--data-urlencode "default-graph-uri=$graph")
  { curl -sS --max-time "$QUERY_TIMEOUT" -H 'Accept: text/csv' \
      --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' "${args[@]}" "$url" \
      | tr -d '\r"' | sed -n 2p; } || true
}

# sahel_kg ARGS... -> runs the binary; its stdout and stderr land in $SK_OUT and $SK_ERR, its
# exit status in $SK_RC
sahel_kg() {
  SK_RC=0
  timeout $((QUERY_TIMEOUT * 3)) "$SAHEL_KG" "$@" >"$WORK/sk.out" 2>"$WORK/sk.err" || SK_RC=$?
  SK_OUT="$(cat "$WORK/sk.out")"
  SK_ERR="$(cat "$WORK/sk.err")"
}

# endpoint_checks ENGINE GSP_URL QUERY_URL GRAPH [USER [SCHEME]]: steps 1 to 3 above. GRAPH empty
# is the default graph; with USER, requests answer the store's challenge (SCHEME: Digest, the
# default, or Basic) with the password in SAHEL_KG_PASSWORD, and so do this script's own requests
# (the stray triple, and the counts when the query URL asks for credentials too).
endpoint_checks() {
  local engine="$1" gsp="$2" query="$3" graph="$4" user="${5:-}" scheme="${6:-Digest}"
  if [ ! -x "$SAHEL_KG" ]; then
    record FAIL "$engine/publish: no binary at $SAHEL_KG (cargo build --release)"
    return
  fi
  local expected n started args=(--endpoint "$gsp") curl_auth=()
  expected="$(wc -l <"$NT" | tr -d ' ')"
  [ -z "$graph" ] || args+=(--graph "$graph")
  if [ -n "$user" ]; then
    args+=(--user "$user")
    case "$scheme" in
      Digest) curl_auth=(--digest -u "$user:$SAHEL_KG_PASSWORD") ;;
      Basic) curl_auth=(--basic -u "$user:$SAHEL_KG_PASSWORD") ;;
      *) record FAIL "$engine: unknown authentication scheme '$scheme'"; return ;;
    esac
  fi
  # Virtuoso asks for credentials on its Graph Store endpoint only; a proxy asks everywhere.
  local count_auth=()
  [ "$scheme" = Basic ] && count_auth=("${curl_auth[@]}")
  local where="${graph:-the default graph}"

  started="$(now)"
  sahel_kg publish --seeds "$SEEDS" --ontology "$REPO/ontology" "${args[@]}" --batch 1000
  local took; took="$(since "$started")"
  n="$(triple_count "$query" "$graph" "${count_auth[@]}")"
  if [ "$SK_RC" -eq 0 ] && [ "$n" = "$expected" ]; then
    record PASS "$engine: publish --batch 1000 to $where${user:+ as $user ($scheme)}: $SK_OUT; the store counts $n (${took} s)"
  else
    record FAIL "$engine: publish --batch 1000 to $where: exit $SK_RC, the store counts '$n', expected $expected"
    printf '%s\n%s\n' "$SK_OUT" "$SK_ERR" | indent
    return
  fi

  local target="$gsp?default" code
  [ -z "$graph" ] || target="$gsp?graph=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$graph")"
  code="$(printf '%s\n' "$STRAY" | curl -sS -o "$WORK/stray.out" -w '%{http_code}' --max-time "$QUERY_TIMEOUT" \
    "${curl_auth[@]}" -X POST -H 'Content-Type: application/n-triples' --data-binary @- "$target")" || true
  n="$(triple_count "$query" "$graph" "${count_auth[@]}")"
  if [ "${code:0:1}" != 2 ] || [ "$n" != $((expected + 1)) ]; then
    record FAIL "$engine: could not add a stray triple to $where (HTTP $code, the store counts '$n')"
    indent <"$WORK/stray.out"
  fi
  started="$(now)"
  sahel_kg publish --seeds "$SEEDS" --ontology "$REPO/ontology" "${args[@]}"
  took="$(since "$started")"
  n="$(triple_count "$query" "$graph" "${count_auth[@]}")"
  if [ "$SK_RC" -eq 0 ] && [ "$n" = "$expected" ]; then
    record PASS "$engine: publish again: the stray triple is gone, exactly one copy: $n triples (${took} s)"
  else
    record FAIL "$engine: publish again: exit $SK_RC, the store counts '$n', expected $expected"
    printf '%s\n%s\n' "$SK_OUT" "$SK_ERR" | indent
  fi

  local out="$WORK/$engine-endpoint-export" export_args=(--endpoint "$query")
  [ -z "$graph" ] || export_args+=(--graph "$graph")
  [ "$scheme" != Basic ] || export_args+=(--user "$user")
  started="$(now)"
  sahel_kg export --seeds "$SEEDS" --ontology "$REPO/ontology" --queries "$QUERIES" --out "$out" "${export_args[@]}"
  took="$(since "$started")"
  if [ "$SK_RC" -ne 0 ]; then
    record FAIL "$engine: export --endpoint $query: exit $SK_RC"
    printf '%s\n' "$SK_ERR" | head -n 20 | indent
    return
  fi
  echo "export --endpoint $query: $SK_OUT (${took} s)"
  local f name others=0 differ=()
  for f in "$OUTDIR"/*; do
    [ -f "$f" ] || continue
    name="$(basename "$f")"
    if [ ! -f "$out/$name" ]; then
      differ+=("$name (missing)")
    elif [ "${name##*.}" = csv ]; then
      if cmp -s "$f" "$out/$name"; then
        record PASS "$engine/export --endpoint: $name byte for byte as the embedded export"
      else
        record FAIL "$engine/export --endpoint: $name differs from the embedded export"
        diff <(tr -d '\r' <"$f") <(tr -d '\r' <"$out/$name") | head -n 10 | indent || true
      fi
    elif cmp -s "$f" "$out/$name"; then
      others=$((others + 1))
    else
      differ+=("$name")
    fi
  done
  if [ "${#differ[@]}" -eq 0 ]; then
    record PASS "$engine/export --endpoint: the $others other files (graphs, pictures, page) byte for byte as the embedded export"
  else
    record FAIL "$engine/export --endpoint: differ from the embedded export: ${differ[*]}"
  fi
}
