#![allow(clippy::expect_used, clippy::unwrap_used, reason = "tests fail loudly")]

//! A relation's status (current, former, implied) in the reports and in the graph, on a corpus
//! made for it (`tests/fixtures/status/`): relations that end, some that start again, at every
//! precision. The expected statuses are written out here by hand from the rule in
//! docs/architecture.md, not computed by the code under test: a relation is former when a
//! fact gives it an end and no fact a start after that end; implied when only implied facts
//! support it; else current, and only then asserted directly.

mod common;

use std::collections::BTreeSet;

use common::{copy_dir, fixtures, read_csv, root, run_in};

/// Exports the status corpus with the project's queries; returns the work directory.
fn export() -> tempfile::TempDir {
    let work = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixtures().join("status/seeds"), &work.path().join("seeds"));
    copy_dir(&root().join("queries"), &work.path().join("queries"));
    let run = run_in(work.path(), &["export"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        "output: wrote 20 files (10 reports; graph of 723 triples from 13 facts)\n"
    );
    work
}

/// `(columns joined by a space, status)` of each row of a report.
fn statuses(work: &tempfile::TempDir, report: &str, key: &[&str]) -> Vec<(String, String)> {
    read_csv(&work.path().join("output").join(report))
        .into_iter()
        .map(|row| {
            let key: Vec<&str> = key.iter().map(|c| row[*c].as_str()).collect();
            (key.join(" "), row["status"].clone())
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(k, s)| ((*k).to_owned(), (*s).to_owned()))
        .collect()
}

#[test]
fn a_relation_that_ends_is_former_unless_a_later_start_restarts_it() {
    let work = export();
    assert_eq!(
        statuses(&work, "allies-of-mali.csv", &["ally"]),
        pairs(&[
            // ended 2020, started again 2021-03 (stated): current
            ("MSA", "current"),
            ("Russie", "current"),
            // ended 2022; a start in May 2022 lies within that year: no restart
            ("France", "former"),
            // ended 2021, started again 2023, implied facts only: implied, not former
            ("Gatia", "implied"),
        ])
    );
    assert_eq!(
        statuses(&work, "opponents-of-mali.csv", &["opponent"]),
        pairs(&[("JNIM", "implied")])
    );
    assert_eq!(
        statuses(&work, "memberships.csv", &["organisation", "member"]),
        pairs(&[
            // left 2023-02, joined again 2023-03: a restart at month precision
            ("AES Mali", "implied"),
            // left 2025-01; 2025-01-15 lies within that month: no restart
            ("CEDEAO Mali", "former"),
        ])
    );
    assert_eq!(
        statuses(&work, "relations.csv", &["Source", "relation", "Target"]),
        pairs(&[
            ("fama allyOf msa", "current"),
            ("france allyOf mali", "former"),
            ("gatia allyOf mali", "implied"),
            ("mali allyOf russia", "current"),
            ("mali memberOf aes", "implied"),
            ("mali memberOf ecowas", "former"),
            ("jnim opposes mali", "implied"),
        ])
    );
}

#[test]
fn only_a_current_relation_is_asserted_directly_in_the_graph() {
    let work = export();
    let graph = std::fs::read_to_string(work.path().join("output/graph.nt")).expect("graph.nt");
    let id = "<https://w3id.org/sahel-kg/id/";
    let skg = "<https://w3id.org/sahel-kg/ontology#";
    let direct: BTreeSet<String> = graph
        .lines()
        .filter(|l| l.starts_with(id))
        .filter_map(|l| {
            let mut terms = l.split(' ');
            let (s, p, o) = (terms.next()?, terms.next()?, terms.next()?);
            let relation = p.strip_prefix(skg)?.strip_suffix('>')?;
            let object = o.strip_prefix(id)?.strip_suffix('>')?;
            let subject = s.strip_prefix(id)?.strip_suffix('>')?;
            ["allyOf", "opposes", "memberOf"]
                .contains(&relation)
                .then(|| format!("{subject} {relation} {object}"))
        })
        .collect();
    let expected: BTreeSet<String> = [
        "fama allyOf msa",
        "msa allyOf fama",
        "mali allyOf russia",
        "russia allyOf mali",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(direct, expected);
}
