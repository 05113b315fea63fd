//! Work with no end is stopped, and counts no machine could reach are refused: a stored query
//! that runs past `--query-timeout`, an inline one the engine cannot interrupt, `synth` asked
//! for more facts than it takes, and the numeric flags' bounds. Each run's exit status, message
//! and what it left on disk. No test here is timed: a query that stops at its timeout is one
//! that would otherwise not stop for hours.

#![allow(clippy::expect_used, clippy::unwrap_used, reason = "tests fail loudly")]

mod common;

use common::{Run, copy_dir, root, run_in, snapshot};

/// Every pair of triples, and of those every pair again: no store finishes this on the seeds
/// (thousands of triples, so about 10^14 rows), and counting them holds no row in memory.
const RUNAWAY: &str = "# Runaway: a cartesian product of the whole graph with itself, four times.
PREFIX skg: <https://w3id.org/sahel-kg/ontology#>
SELECT (COUNT(*) AS ?n)
WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?s ?w }
ORDER BY ?n
";

#[test]
fn a_stored_query_past_its_timeout_stops_the_export_naming_the_file_and_nothing_is_written() {
    let work = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join("queries"), &work.path().join("queries"));
    std::fs::write(work.path().join("queries/runaway.rq"), RUNAWAY).expect("write");
    let out = work.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    std::fs::write(out.join("earlier.csv"), "a run before this one\n").expect("write");
    let before = snapshot(&out);
    let seeds = root().join("seeds");
    let run = run_in(
        work.path(),
        &[
            "export",
            "--seeds",
            seeds.to_str().expect("UTF-8 path"),
            "--queries",
            "queries",
            "--out",
            "out",
            "--query-timeout",
            "1",
        ],
    );
    stopped_at_one_second(&run, "queries/runaway.rq");
    assert_eq!(snapshot(&out), before, "the output directory is as it was");
}

/// `run` stopped the query of `origin` (its file, or `--sparql`) at a timeout of 1 s: exit 1,
/// nothing on stdout, and that one problem on stderr.
fn stopped_at_one_second(run: &Run, origin: &str) {
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "{origin}: the query ran past --query-timeout 1 s and was stopped: a pattern that shares no variable with the others multiplies the rows (a cartesian product); if the query is right, give it more time with --query-timeout\n1 problem found; nothing was written\n"
        )
    );
}

#[test]
fn a_query_the_engine_cannot_interrupt_is_abandoned_at_its_timeout() {
    // Inline data only: the engine checks for cancellation when it reads the store, and this
    // reads nothing, so only abandoning the query ends the run.
    let values = (1..=300)
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(" ");
    let query = format!(
        "SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} VALUES ?c {{ {values} }} VALUES ?d {{ {values} }} }}"
    );
    let run = run_in(
        &root(),
        &["query", "--query-timeout", "1", "--sparql", &query],
    );
    stopped_at_one_second(&run, "--sparql");
}

#[test]
fn a_query_timeout_of_zero_is_refused_as_usage() {
    let run = run_in(
        &root(),
        &["query", "--query-timeout", "0", "queries/actors.rq"],
    );
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stderr,
        "error: invalid value '0' for '--query-timeout <SECONDS>': 0 is not in 1..=604800\n\nFor more information, try '--help'.\n"
    );
}

#[test]
fn synth_refuses_more_facts_than_it_can_write_and_writes_nothing() {
    let work = tempfile::tempdir().expect("tempdir");
    let run = run_in(
        work.path(),
        &[
            "synth",
            "--facts",
            "18446744073709551615",
            "--out",
            "corpus",
        ],
    );
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stderr,
        "error: invalid value '18446744073709551615' for '--facts <N>': 18446744073709551615 is not in 0..=100000000\n\nFor more information, try '--help'.\n"
    );
    assert!(!work.path().join("corpus").exists());
}
