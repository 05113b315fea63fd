#!/usr/bin/env bash
# The benchmark: sahel-kg against the floor and the best peer combination, at several sizes.
#
#   bash bench/install.sh && bash bench/run.sh [N ...]      (from anywhere; N = facts)
#
# Sizes: the arguments, else $BENCH_SIZES, else "10000 100000 1000000". For each N, on one
# synthetic corpus (`sahel-kg synth --facts N`, written once to target/bench/N/seeds and reused
# until src/cmd/synth.rs or src/splitmix.rs changes):
#   sahel        sahel-kg export --timings (every stage, the store, every report and export)
#   no-store     sahel-kg export --no-store --timings (N-Triples only), when the binary has it
#   morph        Morph-KGC materialising N-Triples with bench/mapping.rml.ttl, then pyoxigraph
#                loading that output plus the ontology into an in-memory Store and running
#                every queries/*.rq (each timed, with a timeout)
#   store-alone  pyoxigraph loading sahel-kg's own graph.nt into an in-memory Store, nothing
#                else: the memory reference (needs the `sahel` step's graph.nt)
#   floor        examples/floor.rs: the CSVs to N-Triples with nothing else
#   compare      the peers' graphs against sahel-kg's, triple by triple (N <= $BENCH_COMPARE_MAX)
# Each command runs after a `sync` (so no step waits for an earlier one's files to reach the
# disk) and a read of the whole corpus (so no step pays alone for a cold page cache), between
# two runs of examples/calibrate.rs (a fixed piece of work, timed: the host's speed then, as
# the machine is shared), under bench/measure.py: GNU time (wall, peak RSS of the largest
# process) and /proc sampling (peak RSS and PSS summed over the process tree). Raw
# measurements go to target/bench/N/raw/, are merged into bench/results.json, and
# bench/results.md is rendered from that file (python3 bench/report.py render redoes it).
#
# Environment:
#   BENCH_SIZES           sizes when no argument is given
#   BENCH_TOOLS           the steps to run, a subset of the names above (default: all)
#   BENCH_QUERY_TIMEOUT   seconds per pyoxigraph query before it is killed (default 600)
#   BENCH_STEP_TIMEOUT    seconds before any measured command is killed, with its whole process
#                         tree, and recorded as a timeout (default 0: never)
#   BENCH_MORPH_PROCESSES Morph-KGC's number_of_processes (default: Morph-KGC's own, 2 x cores)
#   BENCH_COMPARE_MAX     largest N for the triple-by-triple comparison (default 100000)
#   BENCH_BUILD=0         do not build: use the binaries as they are
#   SAHEL_KG, FLOOR_BIN,  other binaries (default target/release/sahel-kg, built by `make
#   CALIBRATE_BIN         build`, target/release/examples/floor and .../examples/calibrate)
#   BENCH_KEEP=1          keep the graphs written (by default deleted once measured: at 1M they
#                         take about 20 GB)
#   BENCH_FRESH=1         start bench/results.json afresh instead of merging into it
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

die() { printf 'bench/run.sh: error: %s\n' "$*" >&2; exit 2; }
log() { printf 'bench/run.sh: %s\n' "$*" >&2; }

if [ "$#" -gt 0 ]; then sizes=("$@"); else read -ra sizes <<<"${BENCH_SIZES:-10000 100000 1000000}"; fi
for n in "${sizes[@]}"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "not a number of facts: '$n'"
done
all_tools="sahel no-store morph store-alone floor compare"
read -ra tools <<<"${BENCH_TOOLS:-$all_tools}"
for t in "${tools[@]}"; do
  [[ " $all_tools " == *" $t "* ]] || die "unknown step '$t' in BENCH_TOOLS (known: $all_tools)"
done
want() { [[ " ${tools[*]} " == *" $1 "* ]]; }

timeout_s="${BENCH_QUERY_TIMEOUT:-600}"
compare_max="${BENCH_COMPARE_MAX:-100000}"
bin="${SAHEL_KG:-target/release/sahel-kg}"
floor="${FLOOR_BIN:-target/release/examples/floor}"
calibrate="${CALIBRATE_BIN:-target/release/examples/calibrate}"
morph_py="bench/.venv/morph-kgc/bin/python"
oxi_py="bench/.venv/pyoxigraph/bin/python"
results="bench/results.json"

# ---- what must be there -----------------------------------------------------------------
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) is missing: run bash bench/install.sh"
command -v python3 >/dev/null 2>&1 || die "python3 is missing: run bash bench/install.sh"
if want morph; then
  [ -x "$morph_py" ] || die "Morph-KGC is not installed ($morph_py): run bash bench/install.sh"
fi
if want morph || want store-alone || want compare; then
  [ -x "$oxi_py" ] || die "pyoxigraph is not installed ($oxi_py): run bash bench/install.sh"
fi
if [ "${BENCH_BUILD:-1}" != 0 ]; then
  command -v cargo >/dev/null 2>&1 || die "cargo is missing: sahel-kg needs a Rust toolchain (1.87 or newer)"
  if [ -z "${SAHEL_KG:-}" ]; then
    log "make build"
    make --no-print-directory build
  fi
  examples=()
  [ -z "${FLOOR_BIN:-}" ] && want floor && examples+=(--example floor)
  [ -z "${CALIBRATE_BIN:-}" ] && examples+=(--example calibrate)
  if [ "${#examples[@]}" -gt 0 ]; then
    log "cargo build --release ${examples[*]}"
    cargo build --release --locked --quiet "${examples[@]}"
  fi
fi
[ -x "$bin" ] || die "no sahel-kg binary at $bin (make build, or set SAHEL_KG)"
if want floor; then [ -x "$floor" ] || die "no floor binary at $floor (cargo build --release --example floor)"; fi
[ -x "$calibrate" ] || die "no calibrate binary at $calibrate (cargo build --release --example calibrate)"

has_no_store=0
if "$bin" export --help 2>/dev/null | grep -q -- '--no-store'; then has_no_store=1; fi

# calibrate FILE: the host's speed now, as the median seconds of a fixed piece of work
calibrate() {
  "$calibrate" 5 >"$1" 2>/dev/null || { log "  calibration failed"; rm -f "$1"; }
}

# measure NAME DIR -- CMD...: runs CMD under bench/measure.py, raw files in DIR/raw/NAME.*
measure() {
  local name="$1" dir="$2"; shift 3
  local raw="$dir/raw"
  # An earlier step's outputs (12 GB at a million facts) would otherwise still be going to
  # disk, and the kernel would make this step's writes wait for them.
  sync
  # Every step reads the corpus: read it once first, so that the first step measured does not
  # pay alone for a cold page cache (2,000 documents at 100k facts took 6 s to read cold, 0.7 s
  # warm, inside sahel-kg's read + validate).
  find "$dir/seeds" -type f -exec cat {} + >/dev/null
  cat /proc/loadavg >"$raw/$name.loadavg"
  calibrate "$raw/$name.calibration-before"
  log "  $name: $*"
  local status=0
  python3 bench/measure.py --json "$raw/$name.json" --stdout "$raw/$name.stdout" \
    --stderr "$raw/$name.stderr" --timeout "${BENCH_STEP_TIMEOUT:-0}" -- "$@" || status=$?
  calibrate "$raw/$name.calibration-after"
  if [ "$status" != 0 ]; then
    log "  $name FAILED (exit status in $raw/$name.json); its stderr ends with:"
    tail -n 20 "$raw/$name.stderr" >&2 || true
    return 1
  fi
}

[ "${BENCH_FRESH:-0}" = 1 ] && rm -f "$results"
python3 bench/report.py machine --results "$results" --sahel-kg "$bin" \
  --morph-python "$morph_py" --oxigraph-python "$oxi_py"

for n in "${sizes[@]}"; do
  dir="target/bench/$n"
  seeds="$dir/seeds"
  mkdir -p "$dir/raw"
  # forget the raw files of the steps about to run; the others' stay and are recorded again
  for t in "${tools[@]}"; do
    rm -f "$dir/raw/$t".* "$dir/raw/$t"-*.*
  done
  # the corpus is reused while the generator (src/cmd/synth.rs, src/splitmix.rs) is unchanged
  stamp="synth $(cat src/cmd/synth.rs src/splitmix.rs | sha256sum | cut -c1-16), seed 1"
  if [ ! -s "$seeds/facts.csv" ] || [ "$(cat "$dir/seeds.stamp" 2>/dev/null)" != "$stamp" ]; then
    log "N=$n: synthesising the corpus into $seeds"
    rm -rf "$seeds" "$seeds.tmp" "$dir/seeds.stamp"
    "$bin" synth --facts "$n" --out "$seeds.tmp" >&2
    mv "$seeds.tmp" "$seeds"
    printf '%s' "$stamp" >"$dir/seeds.stamp"
  else
    log "N=$n: reusing the corpus in $seeds"
  fi
  failed=()

  # (a) sahel-kg export: everything
  if want sahel; then
    rm -rf "$dir/sahel"
    measure sahel "$dir" -- "$bin" export --seeds "$seeds" --out "$dir/sahel" --timings || failed+=(sahel)
    # Only graph.nt is read again (store-alone, compare). The other graphs (8.5 GB at a million
    # facts) would fill the page cache the next steps write through: --no-store at a million
    # facts took 41 s after them, 21-27 s without (clean cache, 12 GB of another file cached).
    [ "${BENCH_KEEP:-0}" = 1 ] || rm -f "$dir"/sahel/graph.{nq,ttl,jsonld}
  fi

  # (b) sahel-kg export --no-store
  if want no-store; then
    if [ "$has_no_store" = 1 ]; then
      rm -rf "$dir/no-store"
      measure no-store "$dir" -- "$bin" export --seeds "$seeds" --out "$dir/no-store" --no-store --timings \
        || failed+=(no-store)
    else
      log "  no-store: skipped, $bin export has no --no-store option"
      echo "skipped: this sahel-kg binary has no export --no-store" >"$dir/raw/no-store.skipped"
    fi
  fi

  # (c) Morph-KGC, then pyoxigraph: load its output and the ontology, run the queries
  if want morph; then
    rm -rf "$dir/morph"
    mkdir -p "$dir/morph"
    {
      echo "[CONFIGURATION]"
      echo "output_file=$root/$dir/morph/graph.nt"
      echo "output_format=N-TRIPLES"
      # only an empty cell is null (the default also drops the text 'nan')
      echo "na_values="
      echo "logging_level=WARNING"
      [ -n "${BENCH_MORPH_PROCESSES:-}" ] && echo "number_of_processes=$BENCH_MORPH_PROCESSES"
      echo
      echo "[SahelKg]"
      echo "mappings=$root/bench/mapping.rml.ttl"
    } >"$dir/morph/config.ini"
    # paths in the mapping (and in its DuckDB views) are relative to the corpus
    if measure morph "$dir" -- sh -c 'cd "$1" && exec "$2" -m morph_kgc "$3"' sh \
         "$seeds" "$root/$morph_py" "$root/$dir/morph/config.ini"; then
      measure morph-oxigraph "$dir" -- "$oxi_py" bench/oxigraph_bench.py \
        --json "$dir/raw/morph-oxigraph.detail.json" --queries queries --timeout "$timeout_s" \
        "$dir/morph/graph.nt" ontology/sahel-kg.ttl || failed+=(morph-oxigraph)
    else
      failed+=(morph)
    fi
  fi

  # (d) pyoxigraph loading sahel-kg's graph.nt alone
  if want store-alone; then
    if [ -s "$dir/sahel/graph.nt" ]; then
      measure store-alone "$dir" -- "$oxi_py" bench/oxigraph_bench.py \
        --json "$dir/raw/store-alone.detail.json" "$dir/sahel/graph.nt" || failed+=(store-alone)
    else
      log "  store-alone: skipped, no $dir/sahel/graph.nt (run the sahel step)"
      echo "skipped: no sahel-kg graph.nt" >"$dir/raw/store-alone.skipped"
    fi
  fi

  # (e) the floor
  if want floor; then
    rm -rf "$dir/floor"
    mkdir -p "$dir/floor"
    measure floor "$dir" -- "$floor" "$seeds" "$dir/floor/graph.nt" || failed+=(floor)
  fi

  # the graphs, triple by triple
  if want compare; then
    if [ "$n" -gt "$compare_max" ]; then
      log "  compare: skipped for N > BENCH_COMPARE_MAX ($compare_max)"
    elif [ -s "$dir/sahel/graph.nt" ]; then
      peers=()
      [ -s "$dir/morph/graph.nt" ] && peers+=(--peer "Morph-KGC=$dir/morph/graph.nt")
      [ -s "$dir/floor/graph.nt" ] && peers+=(--peer "floor=$dir/floor/graph.nt")
      [ -s "$dir/no-store/graph.nt" ] && peers+=(--peer "sahel-kg --no-store=$dir/no-store/graph.nt")
      log "  compare: $(( ${#peers[@]} / 2 )) graphs against sahel-kg's"
      "$oxi_py" bench/compare.py --json "$dir/raw/compare.json" --sahel "$dir/sahel/graph.nt" \
        --ontology ontology/sahel-kg.ttl "${peers[@]}" || failed+=(compare)
    else
      log "  compare: skipped, no $dir/sahel/graph.nt (run the sahel step; BENCH_KEEP=1 keeps graphs)"
    fi
  fi

  python3 bench/report.py record --results "$results" --size "$n" --dir "$dir" \
    --queries queries --morph-processes "${BENCH_MORPH_PROCESSES:-default}"

  if [ "${BENCH_KEEP:-0}" != 1 ]; then
    rm -f "$dir"/sahel/graph.{nt,nq,ttl,jsonld} "$dir"/sahel/index.html "$dir"/morph/graph.nt \
      "$dir"/floor/graph.nt
    [ -d "$dir/no-store" ] && find "$dir/no-store" -type f \( -name '*.nt' -o -name '*.nq' \) -delete
  fi
  if [ "${#failed[@]}" -gt 0 ]; then
    log "N=$n: failed: ${failed[*]} (recorded as failed)"
  fi
done

python3 bench/report.py render --results "$results" --out bench/results.md
log "wrote $results and bench/results.md"
