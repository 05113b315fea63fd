#!/usr/bin/env python3
"""Compares a peer's graph with sahel-kg's, triple by triple.

    python bench/compare.py --json OUT.json --sahel graph.nt --ontology ontology/sahel-kg.ttl \
        --peer NAME=FILE.nt [--peer NAME=FILE.nt ...]

Runs in bench/.venv/pyoxigraph (pyoxigraph parses both). sahel-kg names claims and evidence by a
hash of their content; the peers (bench/mapping.rml.ttl, examples/floor.rs) name them by fact
id. Before comparing, sahel-kg's claim IRIs are renamed claim/{fact id} (from
dcterms:identifier) and each evidence node evidence/{fact id}, once per fact whose claim points
to it (sahel-kg shares one evidence node between facts quoting the same passage); the same
renaming is applied to each peer (a no-op for graphs named by fact id already, so
`sahel-kg export --no-store`'s graph can be compared too). The ontology's triples, part of
sahel-kg's graph.nt, are counted apart in every graph. Writes, per predicate: the raw triple
counts of each graph, and after renaming, the triples only in sahel-kg and only in the peer
(count and one example each).
"""

import argparse
import json
from collections import Counter, defaultdict

import pyoxigraph

ID = "https://w3id.org/sahel-kg/id/"
CLAIM = ID + "claim/"
EVIDENCE = ID + "evidence/"
IDENTIFIER = "http://purl.org/dc/terms/identifier"
HAS_EVIDENCE = "https://w3id.org/sahel-kg/ontology#evidence"


def triples(path):
    fmt = pyoxigraph.RdfFormat.TURTLE if path.endswith(".ttl") else pyoxigraph.RdfFormat.N_TRIPLES
    for t in pyoxigraph.parse(path=path, format=fmt):
        yield t


def key(t):
    return (str(t.subject), str(t.predicate), str(t.object))


def evidence_base(iri):
    """evidence/<hash>[-quote|-position] -> (<hash IRI>, suffix)."""
    for suffix in ("-quote", "-position"):
        if iri.endswith(suffix):
            return iri[: -len(suffix)], suffix
    return iri, ""


def renamed(path, ontology):
    """A graph's data triples with claims and evidence named by fact id, and its counts."""
    # pass 1: fact id of each claim, facts of each evidence node
    fact_of, evidence_of = {}, {}
    for t in triples(path):
        s = t.subject.value
        if s.startswith(CLAIM):
            if t.predicate.value == IDENTIFIER:
                fact_of[s] = t.object.value
            elif t.predicate.value == HAS_EVIDENCE:
                evidence_of[s] = t.object.value
    facts_of_evidence = defaultdict(list)
    for claim, evidence in evidence_of.items():
        facts_of_evidence[evidence].append(fact_of.get(claim, claim))

    def rename(term):
        """Renamed N-Triples forms of a term: several for a shared evidence node."""
        if isinstance(term, pyoxigraph.NamedNode):
            iri = term.value
            if iri.startswith(CLAIM) and iri in fact_of:
                return [f"<{CLAIM}{fact_of[iri]}>"]
            if iri.startswith(EVIDENCE):
                base, suffix = evidence_base(iri)
                if base in facts_of_evidence:
                    return [f"<{EVIDENCE}{f}{suffix}>" for f in facts_of_evidence[base]]
        return [str(term)]

    # pass 2: the data triples, renamed
    data, onto = Counter(), Counter()
    graph = set()
    for t in triples(path):
        p = str(t.predicate)
        if key(t) in ontology:
            onto[p] += 1
            continue
        data[p] += 1
        subjects, objects = rename(t.subject), rename(t.object)
        if t.predicate.value == HAS_EVIDENCE and t.subject.value in fact_of:
            # a claim points to the evidence node named by its own fact
            objects = [f"<{EVIDENCE}{fact_of[t.subject.value]}>"]
        if len(subjects) > 1 and len(objects) > 1:
            # evidence -> its own selector: pair them fact by fact
            graph.update(zip(subjects, [p] * len(subjects), objects))
        else:
            graph.update((s, p, o) for s in subjects for o in objects)
    return graph, data, onto


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", required=True)
    parser.add_argument("--sahel", required=True)
    parser.add_argument("--ontology", required=True)
    parser.add_argument("--peer", action="append", default=[], help="NAME=FILE.nt")
    parser.add_argument("--examples", type=int, default=1)
    args = parser.parse_args()

    ontology = {key(t) for t in triples(args.ontology)}
    sahel, data, onto = renamed(args.sahel, ontology)
    result = {
        "ontology_triples": len(ontology),
        "raw": {"sahel-kg (data)": dict(data), "ontology": dict(onto)},
        "peers": {},
    }
    for spec in args.peer:
        name, path = spec.split("=", 1)
        peer, counts, peer_onto = renamed(path, ontology)
        result["raw"][name] = dict(counts)
        only = {}
        for label, mine, theirs in (("only_sahel", sahel, peer), ("only_peer", peer, sahel)):
            by_predicate = defaultdict(list)
            for triple in mine - theirs:
                by_predicate[triple[1]].append(triple)
            only[label] = {
                p: {"count": len(ts), "examples": [" ".join(x) + " ." for x in sorted(ts)[: args.examples]]}
                for p, ts in sorted(by_predicate.items())
            }
        result["peers"][name] = {
            "triples": sum(counts.values()),
            "ontology_triples_included": sum(peer_onto.values()),
            "renamed_distinct": len(peer),
            "sahel_renamed_distinct": len(sahel),
            **only,
        }
    with open(args.json, "w") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
