#!/usr/bin/env python3
"""rdflib check: parse graph.ttl, graph.nt, graph.nq and graph.jsonld; each must hold the same
triples as graph.nt (for graph.nq: the union of its graphs) and be isomorphic to it.

    rdflib_check.py GRAPH.ttl GRAPH.nt [EXPECTED_COUNT] [GRAPH.nq] [GRAPH.jsonld]

Prints one line starting with PASS or FAIL (plus details on failure). Exit 0 on PASS.
Warnings that rdflib logs while parsing (for example an ill-typed literal it cannot convert)
are a failure too.
"""

import logging
import sys
import warnings

try:
    import rdflib
    from rdflib.compare import graph_diff, isomorphic, to_isomorphic
except ImportError as e:
    print(f"FAIL  rdflib: not importable ({e}); run interop/install.sh")
    sys.exit(1)


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record.getMessage())


def main():
    ttl, nt = sys.argv[1], sys.argv[2]
    expected = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[3] else None
    nq = sys.argv[4] if len(sys.argv) > 4 else None
    jsonld = sys.argv[5] if len(sys.argv) > 5 else None
    collect = Collect()
    logging.getLogger("rdflib").addHandler(collect)
    logging.getLogger("rdflib").propagate = False
    problems = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            g_ttl = rdflib.Graph().parse(ttl, format="turtle")
        except Exception as e:  # rdflib raises several unrelated types
            print(f"FAIL  rdflib: {ttl} does not parse: {type(e).__name__}: {e}")
            return 1
        try:
            g_nt = rdflib.Graph().parse(nt, format="nt")
        except Exception as e:
            print(f"FAIL  rdflib: {nt} does not parse: {type(e).__name__}: {e}")
            return 1
        others = []  # (name, graph) to compare with graph.nt
        if nq:
            try:
                ds = rdflib.Dataset()
                ds.parse(nq, format="nquads")
                union = rdflib.Graph()
                for s_, p_, o_, _g in ds.quads((None, None, None, None)):
                    union.add((s_, p_, o_))
                others.append(("graph.nq", union))
            except Exception as e:
                print(f"FAIL  rdflib: {nq} does not parse: {type(e).__name__}: {e}")
                return 1
        if jsonld:
            try:
                others.append(("graph.jsonld", rdflib.Graph().parse(jsonld, format="json-ld")))
            except Exception as e:
                print(f"FAIL  rdflib: {jsonld} does not parse: {type(e).__name__}: {e}")
                return 1
    for w in caught:
        # rdflib 7.6's own N-Quads parser calls its deprecated Dataset.default_context: that is
        # about rdflib, not about the data. Every other warning (ill-typed literal...) fails.
        if issubclass(w.category, DeprecationWarning):
            continue
        problems.append(f"warning: {w.message}")
    for m in collect.records:
        problems.append(f"log: {m}")

    n_ttl, n_nt = len(g_ttl), len(g_nt)
    if n_ttl != n_nt:
        problems.append(f"triple counts differ: graph.ttl {n_ttl}, graph.nt {n_nt}")
    if expected is not None and n_nt != expected:
        problems.append(f"graph.nt has {n_nt} triples, rapper counted {expected}")
    iso = isomorphic(g_ttl, g_nt)
    if not iso:
        _, only_ttl, only_nt = graph_diff(to_isomorphic(g_ttl), to_isomorphic(g_nt))
        problems.append(f"not isomorphic: {len(only_ttl)} triples only in graph.ttl, "
                        f"{len(only_nt)} only in graph.nt")
        for label, g in (("only in graph.ttl", only_ttl), ("only in graph.nt", only_nt)):
            for t in sorted(g, key=str)[:5]:
                problems.append(f"  {label}: {t[0].n3()} {t[1].n3()} {t[2].n3()}")

    for name, g in others:
        if len(g) != n_nt:
            problems.append(f"triple counts differ: {name} {len(g)}, graph.nt {n_nt}")
        elif not isomorphic(g, g_nt):
            problems.append(f"{name} is not isomorphic to graph.nt")
    names = ", ".join(["graph.ttl"] + [name for name, _ in others])
    if problems:
        print(f"FAIL  rdflib {rdflib.__version__}: graph.ttl {n_ttl} triples, graph.nt {n_nt} triples")
        for p in problems:
            print(f"      {p}")
        return 1
    print(f"PASS  rdflib {rdflib.__version__}: {names} parse, {n_nt} triples each, "
          f"each isomorphic to graph.nt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
