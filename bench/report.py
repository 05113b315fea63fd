#!/usr/bin/env python3
"""Keeps the benchmark's measurements (bench/results.json) and renders them (bench/results.md).

    python3 bench/report.py machine --results bench/results.json --sahel-kg BIN \
        --morph-python PY --oxigraph-python PY
    python3 bench/report.py record --results bench/results.json --size N --dir target/bench/N \
        --queries queries [--morph-processes P]
    python3 bench/report.py render --results bench/results.json --out bench/results.md

`machine` records what the run ran on; `record` reads one size's raw files (written by
bench/run.sh under target/bench/N/raw) and merges them into the JSON, step by step, so a run of
some sizes or steps keeps the others; `render` writes the Markdown from the JSON alone.
Standard library only (runs with any python3).
"""

import argparse
import csv
import datetime
import json
import os
import platform
import re
import subprocess
import sys

TIMING = re.compile(r"^(?P<indent>\s*)(?P<stage>\S.*?)\s+(?P<seconds>\d+(?:\.\d+)?) s$")
MIB = 1024  # kB per MiB

# A step whose calibration took this many times the usual (the median of every calibration in
# the file) ran on a host slower than usual. On a quiet host the calibrations of one bench run
# spread over about 0.8x-1.2x of their median, so less is noise.
SLOW_HOST = 1.3

STEPS = ["sahel", "no-store", "morph", "morph-oxigraph", "store-alone", "floor"]


# ---------------------------------------------------------------------------------------------
# helpers


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return {"machine": {}, "runs": {}}


def save(path, data):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, ensure_ascii=False, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)


def run(cmd, timeout=60, **kw):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def read(path, default=None):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return default


def count_lines(path):
    """Lines of an N-Triples file that hold a triple (not blank, not a comment)."""
    if not os.path.exists(path):
        return None
    # Bytes, not characters (LC_ALL=C): in a UTF-8 locale grep took minutes over Morph-KGC's 3.5 GB
    # at a million facts, past the time limit, and the limit killed the shell but not grep. No
    # limit here, then.
    out = run(["sh", "-c", 'LC_ALL=C grep -c -v -e "^[[:space:]]*$" -e "^#" "$1" || true', "sh", path],
              timeout=None)
    return int(out) if out.isdigit() else None


def csv_rows(path):
    """Data rows of a CSV report (header excluded), or None."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            return max(sum(1 for _ in csv.reader(f)) - 1, 0)
    except OSError:
        return None


def timings(text):
    """Every `name   1.234 s` line, in order, as [name, seconds, depth]: depth counts the
    leading indentation (a sub-stage printed under its stage), 2 spaces a level."""
    stages = []
    for line in (text or "").splitlines():
        m = TIMING.match(line.rstrip())
        if m:
            depth = len(m["indent"].expandtabs(4)) // 2
            stages.append([m["stage"], float(m["seconds"]), depth])
    return stages


def timing_map(step):
    return {t[0]: t[1] for t in step.get("timings", [])}


# ---------------------------------------------------------------------------------------------
# machine


def machine(args):
    data = load(args.results)
    cpu = "?"
    for line in (read("/proc/cpuinfo") or "").splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in (read("/proc/meminfo") or "").splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    os_name = "?"
    for line in (read("/etc/os-release") or "").splitlines():
        if line.startswith("PRETTY_NAME="):
            os_name = line.split("=", 1)[1].strip('"')
    py_versions = (
        "from importlib.metadata import version as v; import sys; "
        "print(' / '.join(f'{p} {v(p)}' for p in sys.argv[1:]))"
    )
    commit = run(["git", "rev-parse", "--short=12", "HEAD"])
    dirty = run(["git", "status", "--porcelain", "--", "src", "Cargo.toml", "Cargo.lock"])
    data["machine"] = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(mem_kb / MIB / MIB, 1),
        "os": f"{os_name}, Linux {platform.release()}",
        "rustc": run(["rustc", "--version"]) or "?",
        "sahel_kg": (run([args.sahel_kg, "--version"]) or "?") + f" ({args.sahel_kg})",
        "commit": (commit + (" (src/ modified)" if dirty else "")) if commit else "?",
        "python": platform.python_version(),
        "morph_kgc": run([args.morph_python, "-c", py_versions, "morph-kgc", "duckdb", "pandas"]) or "?",
        "pyoxigraph": run([args.oxigraph_python, "-c", py_versions, "pyoxigraph"]) or "?",
        "gnu_time": run(["dpkg-query", "-W", "-f=${Version}", "time"]) or "?",
    }
    save(args.results, data)


# ---------------------------------------------------------------------------------------------
# record


def parse_date(text):
    """The POSIX time of a "YYYY-MM-DD HH:MM UTC" date, at the start of its minute; None if absent."""
    if not text:
        return None
    moment = datetime.datetime.strptime(text, "%Y-%m-%d %H:%M UTC")
    return moment.replace(tzinfo=datetime.timezone.utc).timestamp()


def format_date(posix):
    return datetime.datetime.fromtimestamp(posix, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def record(args):
    data = load(args.results)
    raw = os.path.join(args.dir, "raw")
    entry = data["runs"].get(str(args.size), {"n": args.size, "steps": {}})
    entry["n"] = args.size
    entry.setdefault("steps", {})
    commit = data.get("machine", {}).get("commit", "?")
    # `machine` runs first in every bench/run.sh: a raw file older than its record was written
    # by an earlier run, whose own record (date, commit) is already in the JSON. Taking it again
    # would stamp an old measurement with today's date and commit.
    started = parse_date(data.get("machine", {}).get("date"))

    def written_now(path):
        """When this run wrote `path`; None if it did not (absent, or left by an earlier run)."""
        if not os.path.exists(path):
            return None
        at = os.path.getmtime(path)
        return at if started is None or at >= started else None

    queries = sorted(f[:-3] for f in os.listdir(args.queries) if f.endswith(".rq"))

    for step in STEPS:
        skipped = read(os.path.join(raw, f"{step}.skipped"))
        measured = read(os.path.join(raw, f"{step}.json"))
        skipped_at = written_now(os.path.join(raw, f"{step}.skipped"))
        if skipped is not None and skipped_at is not None:
            entry["steps"][step] = {"skipped": skipped.strip(), "date": format_date(skipped_at), "commit": commit,
                                    "sahel_kg": data.get("machine", {}).get("sahel_kg", "?")}
            continue
        measured_at = written_now(os.path.join(raw, f"{step}.json"))
        if measured is None or measured_at is None:
            continue  # not run this time: keep what an earlier run recorded
        m = json.loads(measured)
        m["date"] = format_date(measured_at)
        m["commit"] = commit
        m["sahel_kg"] = data.get("machine", {}).get("sahel_kg", "?")
        m["loadavg_before"] = (read(os.path.join(raw, f"{step}.loadavg")) or "").split()[:3]
        ruler = {}
        for when in ("before", "after"):
            path = os.path.join(raw, f"{step}.calibration-{when}")
            try:
                if written_now(path) is not None:
                    ruler[when] = float(read(path, "").strip())
            except ValueError:
                pass
        if ruler:
            m["calibration_s"] = ruler
        stdout = read(os.path.join(raw, f"{step}.stdout"), "")
        stderr = read(os.path.join(raw, f"{step}.stderr"), "")
        m["stderr_tail"] = stderr.splitlines()[-5:] if m["exit_code"] else []
        out_dir = os.path.join(args.dir, step)
        if step in ("sahel", "no-store"):
            m["timings"] = timings(stderr)
            found = (re.search(r"graph of (\d+) triples", stdout + stderr)
                     or re.search(r"wrote graph\.nt \((\d+) triples", stdout + stderr))
            nt = os.path.join(out_dir, "graph.nt")
            m["triples"] = int(found[1]) if found else count_lines(nt)
            facts = re.search(r"from (\d+) facts", stdout + stderr)
            if facts:
                entry["facts"] = int(facts[1])
            if step == "sahel":
                m["reports"] = {q: csv_rows(os.path.join(out_dir, f"{q}.csv")) for q in queries}
            elif m["triples"] is None and os.path.isdir(out_dir):
                counts = [count_lines(os.path.join(out_dir, f)) for f in os.listdir(out_dir) if f.endswith(".nt")]
                m["triples"] = sum(c for c in counts if c) or None
        elif step == "morph":
            m["triples"] = count_lines(os.path.join(out_dir, "graph.nt"))
            m["number_of_processes"] = args.morph_processes
        elif step in ("morph-oxigraph", "store-alone"):
            detail = read(os.path.join(raw, f"{step}.detail.json"))
            if detail:
                m["detail"] = json.loads(detail)
                m["triples"] = m["detail"]["triples"]
        elif step == "floor":
            found = re.search(r"wrote (\d+) triples", stderr)
            m["triples"] = int(found[1]) if found else count_lines(os.path.join(args.dir, "floor", "graph.nt"))
        entry["steps"][step] = m

    compare_path = os.path.join(raw, "compare.json")
    compare = read(compare_path)
    compared_at = written_now(compare_path)
    if compare and compared_at is not None:
        entry["compare"] = json.loads(compare)
        entry["compare"]["date"] = format_date(compared_at)
    if "facts" not in entry:
        entry["facts"] = csv_rows(os.path.join(args.dir, "seeds", "facts.csv"))
    data["runs"][str(args.size)] = entry
    save(args.results, data)


# ---------------------------------------------------------------------------------------------
# render


def fmt_s(x):
    if x is None:
        return "—"
    if isinstance(x, str):
        return x
    return f"{x:.2f}" if x < 100 else f"{x:.0f}"


def fmt_mib(kb):
    return "—" if kb is None else f"{kb / MIB:,.0f}"


def fmt_int(x):
    return "—" if x is None else f"{x:,}"


def fmt_ratio(x):
    if x is None:
        return "—"
    if x < 0.1:
        return f"1/{1 / x:,.0f}" if x > 0 else "0"
    return f"{x:.2f}x"


PREFIXES = [
    ("skg:", "https://w3id.org/sahel-kg/ontology#"),
    ("rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs:", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl:", "http://www.w3.org/2002/07/owl#"),
    ("skos:", "http://www.w3.org/2004/02/skos/core#"),
    ("dcterms:", "http://purl.org/dc/terms/"),
    ("dc:", "http://purl.org/dc/elements/1.1/"),
    ("oa:", "http://www.w3.org/ns/oa#"),
]


def short(iri):
    """<https://w3id.org/sahel-kg/ontology#quote> -> skg:quote"""
    bare = iri.strip("<>")
    for prefix, ns in PREFIXES:
        if bare.startswith(ns):
            return prefix + bare[len(ns):]
    return iri


def ok(step):
    return bool(step) and "skipped" not in step and step.get("exit_code") == 0


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def peer(entry):
    """The peer combination: Morph-KGC then pyoxigraph load + queries, or None."""
    s = entry["steps"]
    m, o = s.get("morph"), s.get("morph-oxigraph")
    if not (ok(m) and ok(o)):
        return None
    timeouts = [q for q, a in o.get("detail", {}).get("queries", {}).items() if a.get("status") != "ok"]
    return {
        "wall_s": m["wall_s"] + o["wall_s"],
        "max_rss_kb": max(m["max_rss_kb"] or 0, o["max_rss_kb"] or 0),
        "tree_pss_peak_kb": max(m["tree_pss_peak_kb"], o["tree_pss_peak_kb"]),
        "triples": m.get("triples"),
        "incomplete": timeouts,
        "calibration_s": {**m.get("calibration_s", {}), **{
            f"{k} (pyoxigraph)": v for k, v in o.get("calibration_s", {}).items()}},
    }


def ruler(step):
    """The slower calibration around a step (bench/run.sh runs one before, one after), or None."""
    found = (step or {}).get("calibration_s") or {}
    return max(found.values()) if found else None


def usual_ruler(runs):
    """The median calibration of all recorded steps: the host's usual speed, or None."""
    found = sorted(v for e in runs for st in e["steps"].values() for v in (st.get("calibration_s") or {}).values())
    return found[len(found) // 2] if found else None


def slowness(step, usual):
    """How much slower than usual the host ran around a step (its ruler / the usual), or None."""
    r = ruler(step)
    return r / usual if r is not None and usual else None


# Where the sections measured by hand begin in results.md.
HAND_MEASURED = "\n## Measured by hand\n"


def render(args):
    data = load(args.results)
    runs = sorted(data["runs"].values(), key=lambda e: e["n"])
    mach = data.get("machine", {})
    out = []
    w = out.append

    w("# sahel-kg benchmark results\n")
    w("Generated by `bash bench/run.sh` (raw measurements in `bench/results.json`; "
      "`python3 bench/report.py render` rewrites this file from them). "
      "How each number is taken: see the end of this file.\n")

    w("## Machine\n")
    w(table(["", ""], [
        ["date of the last run", mach.get("date", "?")],
        ["CPU", f"{mach.get('cpu', '?')}, {mach.get('cores', '?')} cores"],
        ["RAM", f"{mach.get('ram_gib', '?')} GiB"],
        ["OS", mach.get("os", "?")],
        ["rustc", mach.get("rustc", "?")],
        ["sahel-kg", f"{mach.get('sahel_kg', '?')}, commit {mach.get('commit', '?')}"],
        ["Python", mach.get("python", "?")],
        ["Morph-KGC", mach.get("morph_kgc", "?")],
        ["Oxigraph (Python)", mach.get("pyoxigraph", "?")],
        ["GNU time", mach.get("gnu_time", "?")],
    ]))
    w("")

    # ---- when and with what each size was measured
    w("## Runs\n")
    rrows = []
    for e in runs:
        seen = {}
        for step, st in e["steps"].items():
            k = (st.get("date", "?"), st.get("sahel_kg", "?"), st.get("commit", "?"))
            seen.setdefault(k, []).append(step)
        for (date, binary, commit), steps in sorted(seen.items()):
            rrows.append([f"{e['n']:,}", ", ".join(steps), date, binary, commit])
    w(table(["N", "steps", "recorded", "sahel-kg", "commit"], rrows))
    w("")

    # ---- main table
    w("## Wall time, memory, throughput\n")
    w("Peak RSS is the largest single process (GNU time); tree PSS the largest sum over the "
      "whole process tree sampled at least every 50 ms, less often when a sample is slow (proportional set size: pages shared by forked "
      "workers counted once). Ratio = the row's wall time / `sahel-kg export`'s at the same N. "
      "Triples: distinct triples in the output (for pyoxigraph, in the store); sahel-kg's include "
      "the ontology's (294 here), which the peers' and the floor's do not (pyoxigraph loads the "
      "ontology beside Morph-KGC's output). Host: how slow the machine was around the step, "
      "as the slower of two runs of `examples/calibrate.rs` (a fixed piece of work, timed just "
      "before and just after the step) over the median of all the calibrations in this file; "
      f"{SLOW_HOST:.2f}x or more is in bold, and the step's time is inflated by about as much. "
      "— : measured before the calibration existed.\n")
    rows = []
    usual = usual_ruler(runs)

    def host(st):
        slow = slowness(st, usual)
        if slow is None:
            return "—"
        return f"**{slow:.2f}x**" if slow >= SLOW_HOST else f"{slow:.2f}x"

    for e in runs:
        s = e["steps"]
        base = s.get("sahel")
        base_wall = base["wall_s"] if ok(base) else None
        n = f"{e['n']:,}" + (f" ({e['facts']:,} facts)" if e.get("facts") and e["facts"] != e["n"] else "")

        def row(label, st, triples=None, note=""):
            if st is None:
                return
            if "skipped" in st:
                rows.append([n, label, st["skipped"], "", "", "", "", "", ""])
                return
            if st.get("timed_out"):
                rows.append([n, label, f"timeout: killed after {st['timeout_s']:g} s", "", "", "", "", "", host(st)])
                return
            if st.get("exit_code", 0) != 0:
                rows.append([n, label, f"failed (exit {st['exit_code']})", "", "", "", "", "", host(st)])
                return
            t = triples if triples is not None else st.get("triples")
            wall = st["wall_s"]
            rate = f"{t / wall:,.0f}" if t and wall else "—"
            ratio = fmt_ratio(wall / base_wall) if base_wall else "—"
            rows.append([n, label + note, fmt_s(wall), fmt_mib(st.get("max_rss_kb")),
                         fmt_mib(st.get("tree_pss_peak_kb")), fmt_int(t), rate, ratio, host(st)])

        row("sahel-kg export (everything)", base)
        row("sahel-kg export --no-store", s.get("no-store"))
        row("floor (examples/floor.rs)", s.get("floor"))
        morph = s.get("morph")
        if morph:
            procs = morph.get("number_of_processes", "default")
            row(f"Morph-KGC: CSV → N-Triples (number_of_processes={procs})", morph)
        mo = s.get("morph-oxigraph")
        if mo:
            row("pyoxigraph: load Morph-KGC's output + ontology, run every query", mo)
        p = peer(e)
        if p:
            note = f" (queries that did not finish: {', '.join(p['incomplete'])})" if p["incomplete"] else ""
            row("**peer combination**: Morph-KGC + pyoxigraph load + queries", p, note=note)
        sa = s.get("store-alone")
        if sa:
            row("pyoxigraph: load sahel-kg's graph.nt alone (store-alone reference)", sa)
    w(table(["N", "tool", "wall s", "peak RSS MiB", "tree PSS MiB", "triples", "triples/s",
             "ratio to sahel-kg", "host"], rows))
    w("")

    # ---- memory reference
    ref_rows = []
    for e in runs:
        sa = e["steps"].get("store-alone")
        if ok(sa) and "detail" in sa:
            d = sa["detail"]
            base = e["steps"].get("sahel")
            ratio = (base["max_rss_kb"] / d["store_peak_minus_baseline_kb"]) if ok(base) and d["store_peak_minus_baseline_kb"] else None
            ref_rows.append([f"{e['n']:,}", fmt_int(d["triples"]), fmt_s(d["load_s"]), fmt_mib(d["peak_rss_kb"]),
                             fmt_mib(d["baseline_rss_kb"]), fmt_mib(d["store_peak_minus_baseline_kb"]),
                             fmt_mib(base["max_rss_kb"]) if ok(base) else "—", fmt_ratio(ratio)])
    if ref_rows:
        w("### The Oxigraph-store-alone memory reference\n")
        w("pyoxigraph bulk-loading sahel-kg's own `graph.nt` (data and ontology) into an in-memory "
          "`Store()` and nothing else. Baseline: the interpreter's RSS with pyoxigraph imported and "
          "an empty store, subtracted to give the store alone.\n")
        w(table(["N", "triples", "load s", "peak RSS MiB", "Python baseline MiB", "store alone MiB",
                 "sahel-kg export peak MiB", "sahel-kg / store alone"], ref_rows))
        w("")

    # ---- stages
    for step, title in (("sahel", "sahel-kg export: time per stage (s)"),
                        ("no-store", "sahel-kg export --no-store: time per stage (s)")):
        cols = [e for e in runs if ok(e["steps"].get(step)) and e["steps"][step].get("timings")]
        if not cols:
            continue
        stages, depth = [], {}
        for e in cols:
            for t in e["steps"][step]["timings"]:
                if t[0] not in stages:
                    stages.append(t[0])
                    depth[t[0]] = t[2] if len(t) > 2 else 0
        w(f"## {title}\n")
        w(table(["stage"] + [f"N={e['n']:,}" for e in cols],
                [["&emsp;" * depth[st] + st] + [fmt_s(timing_map(e["steps"][step]).get(st)) for e in cols]
                 for st in stages]))
        w("")

    # ---- queries
    qrows = []
    for e in runs:
        base, mo = e["steps"].get("sahel"), e["steps"].get("morph-oxigraph")
        names = set()
        if ok(base):
            names |= {k[len("query "):] for k in timing_map(base) if k.startswith("query ")}
        if ok(mo):
            names |= set(mo.get("detail", {}).get("queries", {}))
        if ok(mo) and "detail" in mo:
            load_s = mo["detail"]["load_s"]
            stages = timing_map(base) if ok(base) else {}
            load_stage = next((k for k in ("map + load", "load (other thread)") if k in stages),
                              next((k for k in stages if "load" in k and "export" not in k), None))
            t_s = stages.get(load_stage) if load_stage else None
            qrows.append([f"{e['n']:,}", f"(load: sahel-kg's `{load_stage}` stage; pyoxigraph's bulk_load)",
                          fmt_s(t_s), "", fmt_s(load_s), fmt_int(mo["detail"]["triples"]),
                          fmt_ratio(load_s / t_s) if t_s else "—", ""])
        for q in sorted(names):
            t_s = timing_map(base).get(f"query {q}") if ok(base) else None
            r_s = base.get("reports", {}).get(q) if ok(base) else None
            a = mo.get("detail", {}).get("queries", {}).get(q) if ok(mo) else None
            if a is None:
                t_o, r_o = None, None
            elif a.get("status") == "ok":
                t_o, r_o = a["seconds"], a["rows"]
            else:
                t_o, r_o = (f"timeout (> {a.get('timeout_s', '?'):g} s)" if a.get("status") == "timeout"
                            else f"error: {a.get('error', '?')}"), None
            ratio = fmt_ratio(t_o / t_s) if isinstance(t_o, float) and t_s else "—"
            same = "—" if r_s is None or r_o is None else ("same" if r_s == r_o else "**differ**")
            qrows.append([f"{e['n']:,}", q, fmt_s(t_s), fmt_int(r_s), fmt_s(t_o), fmt_int(r_o), ratio, same])
    if qrows:
        w("## Stored queries: sahel-kg against pyoxigraph\n")
        w("sahel-kg: the `query NAME` stage of `export --timings` (embedded Oxigraph, its own graph; "
          "rows: the report's data rows). pyoxigraph: the same `queries/NAME.rq` on the store holding "
          "Morph-KGC's output and the ontology, each in a child process forked after the load, "
          "timed from the query to its last row.\n")
        w(table(["N", "query", "sahel-kg s", "rows", "pyoxigraph s", "rows", "pyoxigraph / sahel-kg",
                 "answers"], qrows))
        w("")

    # ---- graph comparison
    cmp_runs = [e for e in runs if e.get("compare")]
    if cmp_runs:
        w("## The graphs compared\n")
        w("`bench/compare.py`: sahel-kg's `graph.nt` against each peer's output. sahel-kg's claims and "
          "evidence (named by a hash of their content) are renamed by fact id, as the peers name "
          "them; the ontology's triples (part of sahel-kg's `graph.nt`) are counted apart.\n")
        for e in cmp_runs:
            c = e["compare"]
            raw = c.get("raw", {})
            names = [k for k in raw if k not in ("ontology",)]
            preds = sorted(set().union(*[set(v) for v in raw.values()]))
            w(f"### N={e['n']:,}: triples per predicate\n")
            body = [[short(p)] + [fmt_int(raw[k].get(p, 0)) for k in ["ontology"] + names] for p in preds]
            body.append(["**total**"] + [fmt_int(sum(raw[k].values())) for k in ["ontology"] + names])
            w(table(["predicate", "ontology"] + names, body))
            w("")
            drows = []
            for name, pc in c.get("peers", {}).items():
                for side, label in (("only_sahel", "only in sahel-kg"), ("only_peer", f"only in {name}")):
                    for p, v in pc.get(side, {}).items():
                        drows.append([name, label, short(p), fmt_int(v["count"]), "`" + v["examples"][0].replace("|", "\\|") + "`"])
                if not pc.get("only_sahel") and not pc.get("only_peer"):
                    drows.append([name, "identical after renaming", "", "", ""])
            w(f"### N={e['n']:,}: differences after renaming claims and evidence by fact id\n")
            w(table(["graph", "side", "predicate", "triples", "example"], drows))
            w("")

    # ---- coverage against a document's size (examples/coverage_bench.rs, its own JSON)
    coverage = coverage_section(os.path.join(os.path.dirname(os.path.abspath(args.results)), "coverage.json"))
    if coverage:
        w(coverage)

    # ---- targets
    w("## Targets\n")
    w(targets(runs))
    w("")

    # ---- contention: CPU time other processes took while a step ran
    busy = []
    for e in runs:
        for step, st in e["steps"].items():
            other, cores = st.get("other_cpu_s"), st.get("cores") or 1
            if other is not None and st.get("wall_s", 0) >= 1 and other > 0.1 * st["wall_s"] * cores:
                busy.append(f"N={e['n']:,} {step}: {other:.0f} CPU-s of {st['wall_s'] * cores:.0f} "
                            f"({100 * other / (st['wall_s'] * cores):.0f}%)")
    slow = []
    for e in runs:
        for step, st in e["steps"].items():
            ratio = slowness(st, usual)
            if ratio is not None and ratio >= SLOW_HOST:
                slow.append(f"N={e['n']:,} {step}: {ruler(st):.3f} s against {usual:.3f} s ({ratio:.2f}x)")
    w("## How the numbers are taken\n")
    w("- Each command runs once under `bench/measure.py`: `/usr/bin/time -f '%e %M %U %S'` gives the wall "
      "time, CPU time and the peak RSS of the largest process of the tree (Linux's wait4 reports the maximum "
      "over the child and the descendants it reaped); `/proc` is sampled for the sums of RSS and PSS "
      "over the whole tree, every 50 ms or, when reading a large process's PSS is slow, 19 times "
      "as long as the last sample took, so that sampling stays near 5% of one core (samples may "
      "miss a short peak). Steps recorded before 2026-11-21 12:00 UTC sampled every 50 ms whatever "
      "it cost: at a million facts that took 106 CPU-s of a 241 s sahel-kg run, and it more than "
      "doubled pyoxigraph's time (799 s then, 427 s since), whose benchmark forks its 11 GB "
      "process once per query.")
    w("- Morph-KGC forks a pool of `number_of_processes` workers (its default: twice the cores); "
      "each worker materialises mapping partitions and appends to the output. The peak RSS column "
      "is its largest process, the tree PSS column the whole pool.")
    w("- pyoxigraph (bench/oxigraph_bench.py): `Store()` in memory, `bulk_load` per file, then each "
      "query in a forked child so a query can be killed at the timeout (`BENCH_QUERY_TIMEOUT`) without "
      "losing the others; a query that does not finish makes the peer combination's time a lower bound.")
    w("- The peer combination's wall time is the sum of Morph-KGC's and pyoxigraph's (two processes, "
      "one after the other, as a user would run them); its memory is the larger of the two.")
    w("- The corpus is `sahel-kg synth --facts N` (deterministic), synthesised once into "
      "`target/bench/N/seeds`; every tool reads the same files.")
    w("- CPU s (in results.json): user + system time of the command; other_cpu_s: CPU time the "
      "rest of the machine used meanwhile (/proc/stat), the sign of competition for the cores.")
    if busy:
        w("- **Other processes competed for the cores** during these steps (their CPU time while the "
          "step ran, against the step's wall time x cores; more than 10% makes the step's time "
          "inflated): " + "; ".join(busy) + ".")
    w("- The host's speed: the machine is shared, and it has run the same binary on the same corpus "
      "twice as slowly within the hour, while other processes' CPU time (above) showed nothing. "
      "So bench/run.sh runs `examples/calibrate.rs` (every core formats, hashes, looks up and "
      "sorts the same strings; the median of five rounds of about 0.6 s) just before and just after "
      "each step, and the table's Host column is the slower of the two over the median of every "
      "calibration in this file. On a quiet host they spread over about 0.8x-1.2x of that median.")
    if slow:
        w(f"- **The host ran {SLOW_HOST:.2f}x slower than usual or more** around these steps (slower "
          "calibration against the median): " + "; ".join(slow) + ".")
    # Sections measured by hand (one run compared with another) are not in the JSON: kept as
    # they are, after the generated ones.
    kept = ""
    if os.path.exists(args.out):
        with open(args.out, encoding="utf-8") as f:
            previous = f.read()
        if HAND_MEASURED in previous:
            kept = previous[previous.index(HAND_MEASURED):]
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n" + kept)


def coverage_section(path):
    """The section "Coverage and document size", from the JSON examples/coverage_bench.rs writes
    (one run per label), or "" when there is none."""
    runs = load(path).get("runs") or {}
    if not runs:
        return ""
    labels = sorted(runs, key=lambda label: runs[label].get("date", ""))
    sizes = sorted({s["mib"] for r in runs.values() for s in r.get("sizes", [])})
    out = ["## Coverage and document size\n",
           "`coverage::rows` (the rows of `coverage.csv`) on one document of each size: French sentences "
           "naming the seed actors, parts of 100 lines, a fact and a recorded decision every ten lines "
           "(`examples/coverage_bench.rs`; validation is not timed). In proportion to the size, 4x the "
           "size takes 4x the time. Wall seconds, and in brackets the CPU seconds of the thread "
           "(the machine is shared: the wall time is inflated when other processes compete, the CPU "
           "time much less), of the run with the least CPU time when there were several; x: the CPU "
           "time over the next smaller size's. Rows with the same SHA-256 (in `bench/coverage.json`) "
           "before and after a change: "]
    header = ["MiB", "bytes", "lines", "mention rows", "sentence rows"]
    for label in labels:
        header += [f"{label}: s (CPU s)", f"{label}: x"]
    by_label = {label: {s["mib"]: s for s in runs[label].get("sizes", [])} for label in labels}
    rows, same = [], []
    for mib in sizes:
        found = [by_label[label].get(mib) for label in labels]
        first = next(size for size in found if size)
        row = [str(mib), fmt_int(first["bytes"]), fmt_int(first["lines"]),
               fmt_int(first["mention_rows"]), fmt_int(first["sentence_rows"])]
        for label, size in zip(labels, found):
            if size is None:
                row += ["—", "—"]
                continue
            cpu = size.get("cpu_seconds")
            smaller = [m for m in by_label[label] if m < mib]
            base = by_label[label][max(smaller)].get("cpu_seconds") if smaller else None
            row.append(fmt_s(size["seconds"]) + (f" ({fmt_s(cpu)})" if cpu is not None else ""))
            row.append(f"{cpu / base:.1f}x" if cpu is not None and base else "—")
        rows.append(row)
        digests = [size.get("rows_sha256") for size in found if size]
        if len(digests) > 1 and None not in digests:
            same.append(f"{mib} MiB {'yes' if len(set(digests)) == 1 else '**no**'}")
    out[-1] += ("; ".join(same) or "no size measured twice") + ".\n"
    out.append(table(header, rows))
    out.append("")
    for label in labels:
        r = runs[label]
        repeats = {s.get("repeat", 1) for s in r.get("sizes", [])}
        runs_each = f"{max(repeats)} runs" if max(repeats, default=1) > 1 else "1 run"
        out.append(f"- `{label}`: {r.get('date', '?')}, commit {r.get('commit', '?')}, {runs_each} per size: "
                   f"`{r.get('command', '?')}`")
    out.append("")
    return "\n".join(out)


def targets(runs):
    by_n = {e["n"]: e for e in runs}
    big = max(by_n) if by_n else None
    at = 1_000_000
    rows = []

    def status(value_ok, n):
        if value_ok is None:
            return "not measured"
        verdict = "met" if value_ok else "**not met**"
        return verdict if n == at else f"{verdict} at N={n:,} (target is for N=1,000,000: not measured)"

    def step(n, name):
        e = by_n.get(n)
        st = e["steps"].get(name) if e else None
        return st if ok(st) else None

    # 1. end-to-end at 1M
    killed = (by_n.get(at) or {}).get("steps", {}).get("sahel", {})
    if killed.get("timed_out"):
        rows.append(["1M facts end to end (`export`) < 40 s",
                     f"killed after {killed['timeout_s']:g} s (BENCH_STEP_TIMEOUT)", "**not met**"])
    else:
        n = at if step(at, "sahel") else big
        st = step(n, "sahel") if n else None
        rows.append(["1M facts end to end (`export`) < 40 s",
                     f"{fmt_s(st['wall_s'])} s at N={n:,}" if st else "—",
                     status(st["wall_s"] < 40 if st else None, n)])

    # 2. >= 3x faster than the peer combination
    n = at if (step(at, "sahel") and by_n.get(at) and peer(by_n[at])) else None
    if n is None:
        cands = [k for k in sorted(by_n) if step(k, "sahel") and peer(by_n[k])]
        n = cands[-1] if cands else None
    if n:
        p, st = peer(by_n[n]), step(n, "sahel")
        speed = p["wall_s"] / st["wall_s"]
        lower = " (at least: some peer queries did not finish)" if p["incomplete"] else ""
        rows.append(["≥ 3x faster than Morph-KGC + Oxigraph load + same queries",
                     f"{speed:.2f}x{lower} ({fmt_s(p['wall_s'])} s / {fmt_s(st['wall_s'])} s) at N={n:,}",
                     status(speed >= 3, n)])
    else:
        rows.append(["≥ 3x faster than Morph-KGC + Oxigraph load + same queries", "—", "not measured"])

    # 3. peak RSS <= 1.2x store alone
    n = at if (step(at, "sahel") and step(at, "store-alone")) else None
    if n is None:
        cands = [k for k in sorted(by_n) if step(k, "sahel") and step(k, "store-alone")]
        n = cands[-1] if cands else None
    if n:
        st, sa = step(n, "sahel"), step(n, "store-alone")["detail"]
        ratio = st["max_rss_kb"] / sa["store_peak_minus_baseline_kb"]
        ratio_py = st["max_rss_kb"] / sa["peak_rss_kb"]
        rows.append(["peak RSS ≤ 1.2x the Oxigraph store alone",
                     f"{ratio:.2f}x ({fmt_mib(st['max_rss_kb'])} MiB / {fmt_mib(sa['store_peak_minus_baseline_kb'])} MiB "
                     f"store alone, Python baseline subtracted; {ratio_py:.2f}x against pyoxigraph's whole "
                     f"process) at N={n:,}", status(ratio <= 1.2, n)])
    else:
        rows.append(["peak RSS ≤ 1.2x the Oxigraph store alone", "—", "not measured"])

    # 4. --no-store
    n = at if step(at, "no-store") else max((k for k in by_n if step(k, "no-store")), default=None)
    if n:
        st = step(n, "no-store")
        rate = st["triples"] / st["wall_s"] if st.get("triples") and st["wall_s"] else None
        mem_ok = st["max_rss_kb"] / MIB < 100
        rows.append(["`--no-store` peak RSS < 100 MB (MiB here)", f"{fmt_mib(st['max_rss_kb'])} MiB at N={n:,}",
                     status(mem_ok, n)])
        rows.append(["`--no-store` ≥ 650k triples/s", f"{rate:,.0f} triples/s at N={n:,}" if rate else "—",
                     status(rate >= 650_000 if rate else None, n)])
    else:
        skipped = any("skipped" in (e["steps"].get("no-store") or {}) for e in runs)
        why = "not measured (this sahel-kg has no `--no-store`)" if skipped else "not measured"
        rows.append(["`--no-store` peak RSS < 100 MB", "—", why])
        rows.append(["`--no-store` ≥ 650k triples/s", "—", why])

    # 5. scaling
    if step(at, "sahel") and step(100_000, "sahel"):
        r = step(at, "sahel")["wall_s"] / step(100_000, "sahel")["wall_s"]
        rows.append(["time(1M) / time(100k) ≤ 11", f"{r:.2f}", "met" if r <= 11 else "**not met**"])
    else:
        ns = [k for k in sorted(by_n) if step(k, "sahel")]
        pairs = [f"time({b:,})/time({a:,}) = {step(b, 'sahel')['wall_s'] / step(a, 'sahel')['wall_s']:.2f} "
                 f"for {b // a}x the facts" for a, b in zip(ns, ns[1:])]
        rows.append(["time(1M) / time(100k) ≤ 11", "; ".join(pairs) or "—",
                     "not measured (needs N=100,000 and N=1,000,000)"])

    # 6. reports
    n = at if step(at, "sahel") else big
    st = step(n, "sahel") if n else None
    if st:
        q = {k[len("query "):]: v for k, v in timing_map(st).items() if k.startswith("query ")}
        others = {k: v for k, v in q.items() if k != "evidence"}
        worst = max(others.items(), key=lambda kv: kv[1]) if others else None
        if worst:
            rows.append(["each stored report < 2 s (query stage)",
                         f"slowest: {worst[0]} {fmt_s(worst[1])} s at N={n:,}", status(worst[1] < 2, n)])
        if "evidence" in q:
            rows.append(["evidence report < 10 s (a row per claim)", f"{fmt_s(q['evidence'])} s at N={n:,}",
                         status(q["evidence"] < 10, n)])
    else:
        rows.append(["each stored report < 2 s", "—", "not measured"])
    return table(["target", "measured", "status"], rows)


# ---------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("machine")
    p.add_argument("--results", required=True)
    p.add_argument("--sahel-kg", required=True)
    p.add_argument("--morph-python", required=True)
    p.add_argument("--oxigraph-python", required=True)
    p = sub.add_parser("record")
    p.add_argument("--results", required=True)
    p.add_argument("--size", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--queries", required=True)
    p.add_argument("--morph-processes", default="default")
    p = sub.add_parser("render")
    p.add_argument("--results", required=True)
    p.add_argument("--out", required=True)
    args = parser.parse_args()
    {"machine": machine, "record": record, "render": render}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
