//! No input makes the pipeline panic: random and mutated CSV tables and SPARQL files always end
//! in success or in reported problems. The number of cases per property is proptest's
//! `PROPTEST_CASES` (default here: 300); `make fuzz` runs many more.

#![allow(clippy::expect_used, reason = "tests fail loudly")]

mod common;

use std::path::Path;

use common::{copy_dir, fixtures, root};
use proptest::prelude::*;
use sahel_kg::config::Inputs;

/// Bytes that matter to CSV and UTF-8: separators, quotes, line ends, a BOM, invalid UTF-8.
fn nasty_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        Just(b','),
        Just(b'"'),
        Just(b'\n'),
        Just(b'\r'),
        Just(b'|'),
        Just(b'-'),
        Just(0xEF),
        Just(0xBB),
        Just(0xBF),
        Just(0xFF),
        Just(0xC3),
        any::<u8>(),
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), nasty_byte()).prop_map(|(at, b)| Mutation::Flip(at, b)),
        (any::<usize>(), prop::collection::vec(nasty_byte(), 1..8))
            .prop_map(|(at, b)| Mutation::Insert(at, b)),
        (any::<usize>(), 1usize..40).prop_map(|(at, n)| Mutation::Delete(at, n)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match m {
            Mutation::Flip(at, b) => {
                if let Some(x) = bytes.get_mut(at % len) {
                    *x = *b;
                }
            }
            Mutation::Insert(at, b) => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, b.iter().copied());
            }
            Mutation::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            Mutation::Truncate(at) => bytes.truncate(at % len),
        }
    }
    bytes
}

fn validate_with(table: &str, bytes: &[u8], work: &Path) {
    let seeds = work.join("seeds");
    if !seeds.exists() {
        copy_dir(&fixtures().join("base/seeds"), &seeds);
    }
    std::fs::write(seeds.join(table), bytes).expect("write table");
    let inputs = Inputs {
        documents: seeds.join("documents"),
        seeds,
        ontology: root().join("ontology"),
    };
    // Either outcome is fine; a panic fails the property.
    if let Ok(validated) = sahel_kg::pipeline::validate_inputs(&inputs) {
        let store =
            sahel_kg::pipeline::build_store(&validated).expect("a validated set always loads");
        drop(sahel_kg::render::coverage::rows(&validated).expect("coverage of a validated set"));
        drop(store);
    }
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(300);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_annotation_tables_end_in_success_or_problems(
        table in prop::sample::select(vec!["facts.csv", "actors.csv", "sources.csv", "parts.csv", "not-facts.csv"]),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let work = tempfile::tempdir().expect("tempdir");
        let original = std::fs::read(fixtures().join("base/seeds").join(table)).expect("fixture");
        validate_with(table, &apply(original, &mutations), work.path());
    }

    #[test]
    fn random_bytes_as_a_table_end_in_success_or_problems(
        table in prop::sample::select(vec!["facts.csv", "actors.csv", "sources.csv", "parts.csv"]),
        bytes in prop::collection::vec(nasty_byte(), 0..300),
    ) {
        let work = tempfile::tempdir().expect("tempdir");
        validate_with(table, &bytes, work.path());
    }

    #[test]
    fn generated_fact_rows_end_in_success_or_problems(
        cells in prop::collection::vec("[a-zA-Z0-9 ,.'’\"«»é\u{a0}|<>{}-]{0,30}", 12),
    ) {
        let work = tempfile::tempdir().expect("tempdir");
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(["id", "subject", "relation", "object", "source", "part", "quote", "claimed_by", "strength", "start", "end", "note"]).expect("header");
        w.write_record(&cells).expect("row");
        validate_with("facts.csv", &w.into_inner().expect("flush"), work.path());
    }

    #[test]
    fn mutated_queries_end_in_rows_or_a_problem(
        which in 0usize..8,
        mutations in prop::collection::vec(mutation(), 0..5),
    ) {
        let mut queries: Vec<_> = std::fs::read_dir(root().join("queries")).expect("queries").map(|e| e.expect("entry").path()).collect();
        queries.sort();
        let original = std::fs::read(&queries[which % queries.len()]).expect("query");
        let text = String::from_utf8_lossy(&apply(original, &mutations)).into_owned();
        if sahel_kg::sparql::query::check("q.rq", &text).is_ok() {
            let _ = sahel_kg::sparql::query::run(seeds_store(), "q.rq", &text, false).expect("no environment error");
        }
    }
}

/// The seeds' graph in a store, loaded once for every case: a mutated query then meets real
/// claims, dates and labels, where an empty store would answer every query with no row.
fn seeds_store() -> &'static oxigraph::store::Store {
    static STORE: std::sync::OnceLock<oxigraph::store::Store> = std::sync::OnceLock::new();
    STORE.get_or_init(|| {
        let inputs = Inputs {
            seeds: root().join("seeds"),
            documents: root().join("seeds/documents"),
            ontology: root().join("ontology"),
        };
        let validated = sahel_kg::pipeline::validate_inputs(&inputs).expect("the seeds validate");
        let store = sahel_kg::pipeline::build_store(&validated).expect("the seeds load");
        assert!(
            !store.is_empty().expect("store"),
            "the seeds' store is empty"
        );
        store
    })
}
