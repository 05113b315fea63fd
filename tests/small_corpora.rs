//! A corpus that validates always exports, however little it holds: no date, no fact, no Mali.
//!
//! Exit status 2 is for usage and environment errors only, so no data condition may give it,
//! and the pictures and the page say in words what there is nothing of, rather than draw an
//! empty axis or claim an answer. Each case is one of `tests/fixtures/accepted/<case>/`, laid
//! over `tests/fixtures/base/seeds/` the way `tests/bad_input.rs` lays them (which also exports
//! each of them), or a corpus `synth` writes.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::fs;
use std::path::Path;

use common::{Run, copy_dir, fixtures, read_csv, root, run_in, snapshot};

/// The base corpus with `case`'s files laid over it (`None`: the base alone), and the project's
/// queries, in `work`.
fn assemble(case: Option<&str>, work: &Path) {
    copy_dir(&fixtures().join("base/seeds"), &work.join("seeds"));
    copy_dir(&root().join("queries"), &work.join("queries"));
    let Some(case) = case else { return };
    let case = fixtures().join("accepted").join(case);
    copy_dir(&case.join("seeds"), &work.join("seeds"));
    if let Ok(list) = fs::read_to_string(case.join("delete")) {
        for name in list.lines().filter(|l| !l.trim().is_empty()) {
            fs::remove_file(work.join(name.trim())).expect("a file the case deletes");
        }
    }
}

/// `export` succeeded, said so on stdout with the number of facts, and printed nothing else.
fn assert_exported(run: &Run, facts: usize) {
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    assert_eq!(run.stderr, "");
    assert!(
        run.stdout.starts_with("output: wrote ")
            && run.stdout.ends_with(&format!(" from {facts} facts)\n")),
        "{}",
        run.stdout
    );
}

/// A file `export` wrote.
fn output(work: &Path, name: &str) -> String {
    fs::read_to_string(work.join("output").join(name))
        .unwrap_or_else(|e| panic!("output/{name}: {e}"))
}

/// The picture is well-formed SVG with a title and a description, which hold `says`.
fn assert_picture_says(svg: &str, says: &str) {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert!(root.children().any(|n| n.has_tag_name("title")), "{svg}");
    let desc = root
        .children()
        .find(|n| n.has_tag_name("desc"))
        .and_then(|n| n.text())
        .expect("a <desc>");
    assert!(
        desc.contains(says),
        "the description does not say {says:?}: {desc}"
    );
}

/// The reports every fact feeds: with no fact, nothing but their header.
const FACT_REPORTS: &[&str] = &[
    "allies-of-mali",
    "opponents-of-mali",
    "memberships",
    "relations",
    "evidence",
    "contested",
];

const NOTHING_DATED: &str =
    "Aucune relation n'est datée par les sources : rien à placer sur un axe du temps.";

#[test]
fn a_corpus_with_no_dates_exports_an_empty_timeline() {
    let work = tempfile::tempdir().expect("tempdir");
    assemble(Some("no-dates"), work.path());
    let validated = run_in(work.path(), &["validate"]);
    assert_eq!(validated.code, Some(0), "{}", validated.stderr);
    assert_eq!(
        validated.stdout,
        "seeds: valid: 1 sources, 4 parts, 7 actors, 6 facts, 1 not-fact decisions\n"
    );

    assert_exported(&run_in(work.path(), &["export"]), 6);
    let timeline = output(work.path(), "timeline.svg");
    assert_picture_says(&timeline, NOTHING_DATED);
    assert!(timeline.contains("id=\"timeline-empty\""));
    assert!(!timeline.contains("<line"), "no axis, no bar: {timeline}");
    let page = output(work.path(), "index.html");
    assert!(
        page.contains(timeline.trim_end()),
        "the page shows the picture"
    );
    assert!(page.contains(
        "<figcaption>Aucune relation n'est datée par les sources : la chronologie est vide.</figcaption>"
    ));
    // The relations are all there, undated.
    assert_eq!(read_csv(&work.path().join("output/relations.csv")).len(), 5);

    // The same bytes every time.
    let first = snapshot(&work.path().join("output"));
    fs::remove_dir_all(work.path().join("output")).expect("remove output");
    assert_exported(&run_in(work.path(), &["export"]), 6);
    assert!(
        snapshot(&work.path().join("output")) == first,
        "a second export differs"
    );
}

#[test]
fn a_corpus_whose_sources_are_undated_still_draws_its_dated_relations() {
    let work = tempfile::tempdir().expect("tempdir");
    assemble(Some("undated-sources"), work.path());
    assert_exported(&run_in(work.path(), &["export"]), 6);
    let timeline = output(work.path(), "timeline.svg");
    assert_picture_says(&timeline, "Aucune source n'est datée");
    for bar in [
        "France — Mali : allié de",
        "début inconnu – 2022, ancienne",
        "Mali — CEDEAO : membre de",
        "début inconnu – 2025-01, ancienne",
    ] {
        assert!(timeline.contains(bar), "no {bar:?} in {timeline}");
    }
    assert!(timeline.contains("id=\"timeline-undated\""));
    assert!(
        !timeline.contains("dernière source ("),
        "no date is made up"
    );
    assert!(
        output(work.path(), "index.html")
            .contains("<figcaption>Les relations datées par les sources.")
    );
}

#[test]
fn a_corpus_with_no_facts_exports_reports_with_headers_only() {
    let base = tempfile::tempdir().expect("tempdir");
    assemble(None, base.path());
    assert_exported(&run_in(base.path(), &["export"]), 6);
    let work = tempfile::tempdir().expect("tempdir");
    assemble(Some("no-facts"), work.path());
    assert_exported(&run_in(work.path(), &["export"]), 0);

    for report in FACT_REPORTS {
        let name = format!("{report}.csv");
        let header = output(base.path(), &name)
            .split_inclusive('\n')
            .next()
            .expect("a header")
            .to_owned();
        assert_eq!(output(work.path(), &name), header, "{name}");
    }
    // Actors and sources are annotated all the same, with nothing to their name yet.
    let actors = read_csv(&work.path().join("output/actors.csv"));
    assert_eq!(actors.len(), 7);
    assert!(
        actors
            .iter()
            .all(|a| a["relations"] == "0" && a["claims"] == "0"),
        "{actors:?}"
    );
    let sources = read_csv(&work.path().join("output/sources.csv"));
    assert_eq!(sources.len(), 1);
    assert_eq!(sources[0]["facts"], "0");

    let network = output(work.path(), "network.svg");
    assert_picture_says(&network, "Aucune relation n'est encore annotée");
    assert!(network.contains("id=\"network-empty\""));
    assert_picture_says(&output(work.path(), "timeline.svg"), NOTHING_DATED);
    let page = output(work.path(), "index.html");
    assert!(page.contains(
        "<p class=\"lede\" id=\"nothing-yet\">Pas encore de réponse : aucune affirmation n'est encore annotée."
    ));
    assert!(page.contains("<p>Aucune relation pour l'instant.</p>"));
    assert!(!page.contains("<blockquote"), "no quote to show");
    assert!(!page.contains("Réponse tirée de"), "no answer is claimed");

    // The graph alone, in shards, as well.
    let graph = run_in(
        work.path(),
        &["export", "--no-store", "--out", "graph-only"],
    );
    assert_eq!(graph.code, Some(0), "{}", graph.stderr);
    assert!(
        graph
            .stdout
            .ends_with(" triples from 0 facts; no store, no reports)\n"),
        "{}",
        graph.stdout
    );
}

#[test]
fn a_synthetic_corpus_of_no_facts_exports() {
    let work = tempfile::tempdir().expect("tempdir");
    let synth = run_in(work.path(), &["synth", "--facts", "0", "--out", "seeds"]);
    assert_eq!(synth.code, Some(0), "{}", synth.stderr);
    assert!(
        synth.stdout.starts_with("seeds: wrote 0 facts, ")
            && synth.stdout.ends_with(" actors, 0 documents\n"),
        "{}",
        synth.stdout
    );
    copy_dir(&root().join("queries"), &work.path().join("queries"));

    assert_exported(&run_in(work.path(), &["export"]), 0);
    for report in FACT_REPORTS.iter().chain(&["sources"]) {
        let name = format!("{report}.csv");
        assert_eq!(output(work.path(), &name).lines().count(), 1, "{name}");
    }
    assert_eq!(output(work.path(), "coverage.csv").lines().count(), 1);
    assert_picture_says(
        &output(work.path(), "network.svg"),
        "Aucune relation n'est encore annotée",
    );
    assert_picture_says(&output(work.path(), "timeline.svg"), NOTHING_DATED);
    assert!(output(work.path(), "index.html").contains("id=\"nothing-yet\""));
}

#[test]
fn a_corpus_without_mali_exports_a_network_that_says_mali_is_missing() {
    let work = tempfile::tempdir().expect("tempdir");
    assemble(Some("no-mali"), work.path());
    assert_exported(&run_in(work.path(), &["export"]), 2);
    assert!(
        !output(work.path(), "network.dot").contains("root="),
        "Graphviz is not asked to centre on an actor that is not there"
    );
    let network = output(work.path(), "network.svg");
    assert_picture_says(&network, "Le Mali n'est pas parmi les acteurs annotés");
    assert_eq!(
        output(work.path(), "allies-of-mali.csv").lines().count(),
        1,
        "no ally of an absent Mali"
    );
    assert_eq!(read_csv(&work.path().join("output/relations.csv")).len(), 2);
}
