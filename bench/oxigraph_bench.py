#!/usr/bin/env python3
"""Loads RDF files into an in-memory pyoxigraph Store and times each stored query.

    python bench/oxigraph_bench.py --json OUT.json [--queries DIR] [--timeout S] FILE...

Runs in bench/.venv/pyoxigraph (pyoxigraph 0.5.13, the Oxigraph version sahel-kg embeds).
- Baseline: the resident set size (VmRSS) of this interpreter once pyoxigraph is imported and
  an empty Store() exists: what Python itself costs, to subtract from the peak.
- Load: one `Store.bulk_load(path=...)` per file (format from the extension: .nt, .ttl), timed
  together; the triple count is `len(store)` (distinct triples).
- Peak: this process's ru_maxrss after the load (the store's memory at its peak, during or after
  the bulk load), and `store_peak_minus_baseline_kb`.
- Queries (queries/*.rq in name order): each runs in a child forked after the load, which
  shares the store copy-on-write, so a query that runs longer than --timeout is killed and
  recorded as "timeout" without losing the others. A query's time is measured in the child,
  from `Store.query` to the last row read; rows are counted, not kept.
"""

import argparse
import json
import os
import resource
import select
import signal
import sys
import time

import pyoxigraph


def vm_rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def fmt_of(path):
    if path.endswith(".nt"):
        return pyoxigraph.RdfFormat.N_TRIPLES
    if path.endswith(".nq"):
        return pyoxigraph.RdfFormat.N_QUADS
    if path.endswith(".ttl"):
        return pyoxigraph.RdfFormat.TURTLE
    raise SystemExit(f"oxigraph_bench.py: unknown RDF format for {path}")


def run_query(store, text, timeout):
    """Runs one query in a forked child: (seconds, rows, child's max RSS kB) or a status."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_end)
        try:
            started = time.perf_counter()
            rows = sum(1 for _ in store.query(text))
            answer = {"seconds": time.perf_counter() - started, "rows": rows}
        except Exception as e:  # report any failure to the parent
            answer = {"error": f"{type(e).__name__}: {e}"}
        os.write(write_end, json.dumps(answer).encode())
        os._exit(0)
    os.close(write_end)
    deadline = time.monotonic() + timeout
    chunks = []
    timed_out = False
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            timed_out = True
            break
        ready, _, _ = select.select([read_end], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(read_end, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    os.close(read_end)
    _, status, usage = os.wait4(pid, 0)
    if timed_out:
        return {"status": "timeout", "timeout_s": timeout, "child_max_rss_kb": usage.ru_maxrss}
    try:
        answer = json.loads(b"".join(chunks))
    except ValueError:
        return {"status": "error", "error": f"child ended with status {status}"}
    answer["child_max_rss_kb"] = usage.ru_maxrss
    if "error" in answer:
        answer["status"] = "error"
    else:
        answer["status"] = "ok"
        answer["seconds"] = round(answer["seconds"], 4)
    return answer


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", required=True)
    parser.add_argument("--queries", help="a directory of *.rq files")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per query")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()

    store = pyoxigraph.Store()
    baseline = vm_rss_kb()
    started = time.perf_counter()
    for path in args.files:
        store.bulk_load(path=path, format=fmt_of(path))
    load_s = time.perf_counter() - started
    triples = len(store)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {
        "pyoxigraph": pyoxigraph.__version__,
        "files": args.files,
        "baseline_rss_kb": baseline,
        "load_s": round(load_s, 3),
        "triples": triples,
        "rss_after_load_kb": vm_rss_kb(),
        "peak_rss_kb": peak,
        "store_peak_minus_baseline_kb": peak - baseline,
        "queries": {},
    }
    if args.queries:
        for name in sorted(os.listdir(args.queries)):
            if not name.endswith(".rq"):
                continue
            with open(os.path.join(args.queries, name), encoding="utf-8") as f:
                text = f.read()
            answer = run_query(store, text, args.timeout)
            result["queries"][name[:-3]] = answer
            shown = answer.get("seconds", answer["status"])
            print(f"oxigraph_bench.py: {name[:-3]}: {shown}", file=sys.stderr)
    with open(args.json, "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
