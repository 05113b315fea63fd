//! The graph and the reports, checked against independent readings of the same data.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::root;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Term, TermRef, Triple};
use sahel_kg::config::Inputs;
use sahel_kg::pipeline::map::{Status, statuses};
use sophia::api::graph::Graph;
use sophia::api::source::TripleSource;
use sophia::api::term::{BnodeId, IriRef, LanguageTag, SimpleTerm};
use sophia::inmem::graph::LightGraph;

fn inputs() -> Inputs {
    Inputs {
        seeds: root().join("seeds"),
        documents: root().join("seeds/documents"),
        ontology: root().join("ontology"),
    }
}

fn read_csv(name: &str) -> Vec<BTreeMap<String, String>> {
    common::read_csv(&root().join("output").join(name))
}

/// Borrows an Oxigraph term as a sophia term.
fn to_sophia(term: TermRef<'_>) -> SimpleTerm<'_> {
    match term {
        TermRef::NamedNode(n) => SimpleTerm::Iri(IriRef::new_unchecked(n.as_str().into())),
        TermRef::BlankNode(b) => SimpleTerm::BlankNode(BnodeId::new_unchecked(b.as_str().into())),
        TermRef::Literal(l) => match l.language() {
            Some(language) => SimpleTerm::LiteralLanguage(
                l.value().into(),
                LanguageTag::new_unchecked(language.into()),
                None,
            ),
            None => SimpleTerm::LiteralDatatype(
                l.value().into(),
                IriRef::new_unchecked(l.datatype().as_str().into()),
            ),
        },
    }
}

/// The RDF Dataset Canonicalization (RDFC-1.0, SHA-256) of the dataset, hashed with SHA-256,
/// computed by sophia from an in-memory copy: the same graph gives the same fingerprint
/// whatever its serialization. The export does not call this (it hashes `graph.nq` as it
/// writes it, which is the same thing with no blank nodes); these tests check the two agree.
fn fingerprint(quads: &[oxigraph::model::Quad]) -> String {
    use sophia::api::source::QuadSource;
    let spog: Vec<([SimpleTerm<'_>; 3], Option<SimpleTerm<'_>>)> = quads
        .iter()
        .map(|q| {
            let graph = match &q.graph_name {
                GraphName::NamedNode(n) => Some(to_sophia(n.as_ref().into())),
                GraphName::BlankNode(b) => Some(to_sophia(b.as_ref().into())),
                GraphName::DefaultGraph => None,
            };
            (
                [
                    to_sophia(q.subject.as_ref().into()),
                    to_sophia(q.predicate.as_ref().into()),
                    to_sophia(q.object.as_ref()),
                ],
                graph,
            )
        })
        .collect();
    let dataset: sophia::inmem::dataset::LightDataset = spog
        .into_iter()
        .map(Ok::<_, std::convert::Infallible>)
        .collect_quads()
        .expect("sophia indexes the dataset");
    let mut canonical = Vec::new();
    sophia::c14n::rdfc10::normalize(&dataset, &mut canonical)
        .expect("sophia canonicalizes the dataset");
    sahel_kg::digest::hex(&<sha2::Sha256 as sha2::Digest>::digest(&canonical))
}

fn sophia_graph(triples: &[Triple]) -> Vec<[SimpleTerm<'_>; 3]> {
    triples
        .iter()
        .map(|t| {
            [
                to_sophia(t.subject.as_ref().into()),
                to_sophia(t.predicate.as_ref().into()),
                to_sophia(t.object.as_ref()),
            ]
        })
        .collect()
}

#[test]
fn the_exports_read_by_sophia_are_isomorphic_to_the_mapped_graph() {
    let validated = sahel_kg::pipeline::validate_inputs(&inputs()).expect("valid seeds");
    let canonical = sahel_kg::pipeline::graph(&validated).expect("graph");
    let expected = sophia_graph(&canonical);
    let turtle = std::fs::read_to_string(root().join("output/graph.ttl")).expect("graph.ttl");
    let parsed: LightGraph = sophia::turtle::parser::turtle::parse_str(&turtle)
        .collect_triples()
        .expect("sophia parses graph.ttl");
    assert_eq!(parsed.triples().count(), expected.len());
    assert!(
        sophia::isomorphism::isomorphic_graphs(&parsed, &expected).expect("comparable"),
        "graph.ttl differs"
    );
    let ntriples = std::fs::read_to_string(root().join("output/graph.nt")).expect("graph.nt");
    let parsed_nt: LightGraph = sophia::turtle::parser::nt::parse_str(&ntriples)
        .collect_triples()
        .expect("sophia parses graph.nt");
    assert!(
        sophia::isomorphism::isomorphic_graphs(&parsed_nt, &expected).expect("comparable"),
        "graph.nt differs"
    );
}

#[test]
fn oxigraph_holds_the_same_graph_whether_loaded_by_the_pipeline_or_from_the_turtle_export() {
    let validated = sahel_kg::pipeline::validate_inputs(&inputs()).expect("valid seeds");
    let pipeline = sahel_kg::pipeline::build_store(&validated).expect("store");
    let reloaded = oxigraph::store::Store::new().expect("store");
    let turtle = std::fs::read(root().join("output/graph.ttl")).expect("graph.ttl");
    reloaded
        .load_from_slice(oxigraph::io::RdfFormat::Turtle, &turtle)
        .expect("Oxigraph loads graph.ttl");
    let held = sahel_kg::pipeline::store::triples(&pipeline).expect("triples");
    let again = sahel_kg::pipeline::store::triples(&reloaded).expect("triples");
    assert_eq!(held.len(), again.len());
    assert!(
        sophia::isomorphism::isomorphic_graphs(&sophia_graph(&held), &sophia_graph(&again))
            .expect("comparable"),
        "the store loaded from graph.ttl differs from the pipeline's store"
    );
}

#[test]
fn offsets_keep_the_web_annotation_datatype_and_are_never_bare_numbers() {
    let turtle = std::fs::read_to_string(root().join("output/graph.ttl")).expect("graph.ttl");
    assert!(
        turtle.contains("oa:start \"") && turtle.contains("\"^^xsd:nonNegativeInteger"),
        "offsets lost their datatype"
    );
    let bare = turtle.lines().find(|l| {
        let value = l.trim().trim_end_matches([';', '.', ',']);
        value
            .rsplit(' ')
            .next()
            .is_some_and(|last| !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()))
    });
    assert_eq!(bare, None, "a bare numeric literal in graph.ttl");
}

#[test]
fn the_exports_have_no_blank_nodes_and_every_literal_is_typed_or_tagged() {
    let ntriples = std::fs::read_to_string(root().join("output/graph.nt")).expect("graph.nt");
    let mut lines = ntriples.lines().peekable();
    assert!(lines.peek().is_some());
    let mut previous = "";
    for line in lines {
        assert!(
            !line.contains(" _:") && !line.starts_with("_:"),
            "blank node: {line}"
        );
        assert!(
            line > previous,
            "graph.nt is not sorted and deduplicated at {line}"
        );
        previous = line;
    }
}

#[test]
fn the_allies_report_lists_every_current_ally_and_only_backed_ones() {
    let validated = sahel_kg::pipeline::validate_inputs(&inputs()).expect("valid seeds");
    let id = |i: usize| validated.actors[i].id.as_str();
    let mali_side: BTreeSet<usize> = validated
        .actors
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            a.id == "mali" || a.acts_for.is_some_and(|s| validated.actors[s].id == "mali")
        })
        .map(|(i, _)| i)
        .collect();
    // From the annotations, independently of SPARQL: the status of each ally of the Mali side.
    let mut expected: BTreeMap<&str, Status> = BTreeMap::new();
    for ((s, relation, o), status) in statuses(&validated) {
        if relation != "allyOf" {
            continue;
        }
        for (side, ally) in [(s, o), (o, s)] {
            if mali_side.contains(&side) && !mali_side.contains(&ally) {
                let best = expected.entry(id(ally)).or_insert(status);
                *best = (*best).min(status);
            }
        }
    }
    let report = read_csv("allies-of-mali.csv");
    let listed: BTreeMap<String, String> = report
        .iter()
        .map(|row| {
            (
                row["ally_iri"]
                    .trim_start_matches("https://w3id.org/sahel-kg/id/")
                    .to_owned(),
                row["status"].clone(),
            )
        })
        .collect();
    for (ally, status) in &expected {
        let want = match status {
            Status::Current => "current",
            Status::Former => "former",
            Status::Implied => "implied",
        };
        assert_eq!(
            listed.get(*ally).map(String::as_str),
            Some(want),
            "ally `{ally}`"
        );
    }
    assert_eq!(
        listed.len(),
        expected.len(),
        "the report lists an ally with no backing fact: {listed:?}"
    );
    assert_eq!(
        listed.get("france").map(String::as_str),
        Some("former"),
        "France is only a former ally"
    );
    assert_eq!(listed.get("russia").map(String::as_str), Some("current"));
    for row in &report {
        let sources: usize = row["sources"].parse().expect("a count");
        assert_eq!(sources, row["documents"].split(' ').count(), "{row:?}");
        assert!(!row["quote"].is_empty(), "{row:?}");
    }
}

#[test]
fn every_quote_in_the_graph_occurs_at_its_offsets_in_its_document() {
    let validated = sahel_kg::pipeline::validate_inputs(&inputs()).expect("valid seeds");
    for fact in &validated.facts {
        let text = validated.sources[fact.source].document.text();
        let by_code_points: String = text
            .chars()
            .skip(fact.span.start)
            .take(fact.span.end - fact.span.start)
            .collect();
        assert_eq!(by_code_points, validated.quote(fact), "fact {}", fact.id);
        if let Some(part) = fact.part {
            assert!(
                validated.parts[part].bytes.start <= fact.span.bytes.start
                    && fact.span.bytes.end <= validated.parts[part].bytes.end
            );
        }
    }
}

#[test]
fn no_sentence_of_a_text_that_names_two_actors_is_left_without_a_fact_or_a_decision() {
    let undecided: Vec<_> = read_csv("coverage.csv")
        .into_iter()
        .filter(|row| row["row"] == "sentence" && row["decision"].is_empty())
        .collect();
    assert!(
        undecided.is_empty(),
        "sentences naming two actors with no fact and no decision: {undecided:#?}"
    );
}

#[test]
fn a_nasty_literal_round_trips_through_turtle_and_ntriples() {
    let nasty = "« l’armée » \"quoted\" back\\slash\nnew line\r\ttab \u{0}nul \u{1F600} é\u{301} \u{202E}rtl";
    let s = NamedNode::new_unchecked("https://w3id.org/sahel-kg/id/x");
    let p = NamedNode::new_unchecked("https://w3id.org/sahel-kg/ontology#note");
    let triples = [
        Triple::new(
            NamedOrBlankNode::from(s.clone()),
            p.clone(),
            Term::from(Literal::new_simple_literal(nasty)),
        ),
        Triple::new(
            NamedOrBlankNode::from(s.clone()),
            p.clone(),
            Term::from(Literal::new_language_tagged_literal_unchecked(nasty, "fr")),
        ),
        Triple::new(
            NamedOrBlankNode::from(s),
            p,
            Term::from(Literal::new_typed_literal(
                "2022",
                oxigraph::model::vocab::xsd::G_YEAR,
            )),
        ),
    ];
    let mut block: Vec<sahel_kg::pipeline::map::Statement> = triples
        .iter()
        .map(|t| {
            sahel_kg::pipeline::map::Statement::new(t.clone().in_graph(GraphName::DefaultGraph))
        })
        .collect();
    block.sort_by(|a, b| a.line.cmp(&b.line));
    let mut ttl = sahel_kg::export::writers::Turtle::new(Vec::new()).expect("turtle");
    ttl.block(&block).expect("turtle");
    let ttl = ttl.finish().expect("turtle");
    let mut nt = sahel_kg::export::writers::NTriples::new(Vec::new());
    nt.block(&block).expect("n-triples");
    let nt = nt.finish();
    // The N-Quads writer hashes what it writes: with control characters, quotes and
    // non-BMP text in literals, that is still the RDFC-1.0 canonical hash.
    let mut nq = sahel_kg::export::writers::NQuads::new(Vec::new());
    nq.block(&block).expect("n-quads");
    let (_, streamed) = nq.finish();
    let quads: Vec<_> = block.iter().map(|s| s.quad.clone()).collect();
    assert_eq!(
        streamed,
        fingerprint(&quads),
        "the streamed hash is not the canonical one"
    );
    for (format, bytes) in [
        (oxigraph::io::RdfFormat::Turtle, ttl),
        (oxigraph::io::RdfFormat::NTriples, nt),
    ] {
        let parsed: Vec<Triple> = oxigraph::io::RdfParser::from_format(format)
            .for_slice(&bytes)
            .map(|q| q.map(Triple::from))
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| {
                panic!(
                    "{format} does not parse back: {e}\n{}",
                    String::from_utf8_lossy(&bytes)
                )
            });
        let parsed: BTreeSet<String> = parsed.iter().map(ToString::to_string).collect();
        let original: BTreeSet<String> = triples.iter().map(ToString::to_string).collect();
        assert_eq!(parsed, original, "{format}");
    }
}

fn parse(format: oxigraph::io::RdfFormat, file: &str) -> Vec<oxigraph::model::Quad> {
    let bytes = std::fs::read(root().join("output").join(file)).expect("export exists");
    oxigraph::io::RdfParser::from_format(format)
        .for_slice(&bytes)
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{file} does not parse: {e}"))
}

#[test]
fn the_jsonld_export_uses_short_names_and_holds_the_same_triples() {
    let text = std::fs::read_to_string(root().join("output/graph.jsonld")).expect("graph.jsonld");
    assert!(
        text.contains("\"@id\": \"id:mali\""),
        "IRIs are not compacted"
    );
    assert!(
        text.contains("\"skg:allyOf\""),
        "properties are not compacted"
    );
    let json: BTreeSet<String> = parse(
        oxigraph::io::RdfFormat::JsonLd {
            profile: oxigraph::io::JsonLdProfileSet::empty(),
        },
        "graph.jsonld",
    )
    .into_iter()
    .map(|q| Triple::from(q).to_string())
    .collect();
    let nt: BTreeSet<String> = parse(oxigraph::io::RdfFormat::NTriples, "graph.nt")
        .into_iter()
        .map(|q| Triple::from(q).to_string())
        .collect();
    assert_eq!(json.len(), nt.len());
    assert!(
        json == nt,
        "graph.jsonld and graph.nt hold different triples"
    );
}

#[test]
fn the_nquads_export_keeps_each_sources_claims_in_its_own_graph() {
    let quads = parse(oxigraph::io::RdfFormat::NQuads, "graph.nq");
    let union: BTreeSet<String> = quads
        .iter()
        .map(|q| Triple::from(q.clone()).to_string())
        .collect();
    let nt: BTreeSet<String> = parse(oxigraph::io::RdfFormat::NTriples, "graph.nt")
        .into_iter()
        .map(|q| Triple::from(q).to_string())
        .collect();
    assert!(
        union == nt,
        "the union of graph.nq's graphs is not graph.nt"
    );
    let sourced_by = "https://w3id.org/sahel-kg/ontology#sourcedBy";
    let mut graphs = BTreeSet::new();
    for q in &quads {
        if q.predicate.as_str() == sourced_by {
            let GraphName::NamedNode(graph) = &q.graph_name else {
                panic!("a claim outside any named graph: {q}");
            };
            let Term::NamedNode(source) = &q.object else {
                panic!("sourcedBy a literal: {q}")
            };
            assert_eq!(graph.as_str(), format!("{}/claims", source.as_str()), "{q}");
            graphs.insert(graph.as_str().to_owned());
        }
    }
    assert_eq!(
        graphs.len(),
        5,
        "one claims graph per source document: {graphs:?}"
    );
}

#[test]
fn the_fingerprint_is_the_rdfc_canonical_hash_of_the_dataset() {
    use sha2::Digest;
    let recorded =
        std::fs::read_to_string(root().join("output/graph.sha256")).expect("graph.sha256");
    let (hash, name) = recorded
        .trim_end()
        .split_once("  ")
        .expect("`HASH  graph.nq`");
    assert_eq!(name, "graph.nq");
    let validated = sahel_kg::pipeline::validate_inputs(&inputs()).expect("valid seeds");
    let quads = sahel_kg::pipeline::dataset(&validated).expect("dataset");
    assert_eq!(fingerprint(&quads), hash);
    // With no blank nodes, the canonical form is the sorted N-Quads file itself.
    let file = std::fs::read(root().join("output/graph.nq")).expect("graph.nq");
    assert_eq!(
        sahel_kg::digest::hex(&sha2::Sha256::digest(&file)),
        hash,
        "`sha256sum output/graph.nq` should match"
    );
    // A different graph gives a different fingerprint.
    let fewer = &quads[1..];
    assert_ne!(fingerprint(fewer), hash);
}
