//! The command line as a user meets it: validate, query, help, exit statuses.

#![allow(clippy::expect_used, reason = "tests fail loudly")]

mod common;

use common::{copy_dir, root, run_in, snapshot};

#[test]
fn validate_says_what_it_checked_and_writes_nothing() {
    let work = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join("seeds"), &work.path().join("seeds"));
    let before = snapshot(work.path());
    let run = run_in(work.path(), &["validate"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        "seeds: valid: 5 sources, 26 parts, 37 actors, 150 facts, 25 not-fact decisions\n"
    );
    assert_eq!(
        snapshot(work.path()),
        before,
        "validate wrote or changed a file"
    );
}

#[test]
fn query_prints_the_allies_of_mali_as_a_table() {
    let run = run_in(&root(), &["query", "queries/allies-of-mali.rq"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].starts_with("ally "), "{}", run.stdout);
    assert!(lines[1].starts_with("----"), "{}", run.stdout);
    assert!(run.stdout.contains("Russie"), "{}", run.stdout);
    assert!(
        lines.last().is_some_and(|l| l.ends_with(" rows)")),
        "{}",
        run.stdout
    );
}

#[test]
fn an_inline_query_can_use_the_project_prefixes_and_print_json() {
    let run = run_in(
        &root(),
        &[
            "query",
            "--format",
            "json",
            "--sparql",
            "SELECT ?state WHERE { id:fama skg:actsFor ?state } ORDER BY ?state",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.ends_with("}\n"),
        "the line is ended: {:?}",
        run.stdout
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("SPARQL JSON results");
    assert_eq!(json["head"]["vars"][0], "state");
    assert_eq!(
        json["results"]["bindings"][0]["state"]["value"],
        "https://w3id.org/sahel-kg/id/mali"
    );
}

#[test]
fn query_as_csv_and_tsv_follow_their_formats() {
    let q = "SELECT ?label WHERE { id:mali skos:prefLabel ?label } ORDER BY ?label";
    let csv = run_in(&root(), &["query", "--format", "csv", "--sparql", q]);
    assert_eq!(csv.stdout, "\u{feff}label\r\nMali\r\nMali\r\n");
    let tsv = run_in(&root(), &["query", "--format", "tsv", "--sparql", q]);
    assert_eq!(tsv.stdout, "?label\n\"Mali\"@en\n\"Mali\"@fr\n");
}

#[test]
fn a_query_with_a_syntax_error_exits_1_with_its_position() {
    let run = run_in(&root(), &["query", "--sparql", "SELECT ?x WHERE { ?x }"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.starts_with("--sparql:1:"), "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("1 problem found; nothing was written\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn help_describes_every_command_with_an_example() {
    let top = run_in(&root(), &["--help"]);
    assert_eq!(top.code, Some(0));
    for command in [
        "export",
        "validate",
        "query",
        "publish",
        "add-source",
        "locate",
    ] {
        assert!(top.stdout.contains(command), "{}", top.stdout);
        let help = run_in(&root(), &[command, "--help"]);
        assert_eq!(help.code, Some(0), "{}", help.stderr);
        assert!(
            help.stdout.contains("Example"),
            "`{command} --help` has no example:\n{}",
            help.stdout
        );
    }
}

#[test]
fn a_wrong_argument_is_a_usage_error_with_exit_status_2() {
    let run = run_in(&root(), &["export", "--bogus"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("--bogus"), "{}", run.stderr);
}

#[test]
fn a_timeout_beyond_a_week_is_a_usage_error_not_a_crash() {
    let run = run_in(
        &root(),
        &[
            "query",
            "--endpoint",
            "http://127.0.0.1:9/query",
            "--timeout",
            "10000000000000000000",
            "queries/actors.rq",
        ],
    );
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with(
            "error: invalid value '10000000000000000000' for '--timeout <SECONDS>': \
             10000000000000000000 is not in 1..=604800\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_seeds_directory_is_an_environment_error_with_exit_status_2() {
    let work = tempfile::tempdir().expect("tempdir");
    let run = run_in(work.path(), &["validate", "--seeds", "nowhere"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stderr,
        "error: no annotations directory at nowhere (use --seeds DIR)\n"
    );
}

#[test]
fn validate_on_a_bad_fixture_lists_problems_and_exits_1() {
    let work = common::base_seeds_with_bad("unknown-actor");
    let run = run_in(work.path(), &["validate"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "seeds/facts.csv:2: object: unknown actor `rusia` (did you mean `russia`?)\n1 problem found; nothing was written\n"
    );
}

#[test]
fn synth_writes_a_deterministic_corpus_that_validates_and_exports() {
    let work = tempfile::tempdir().expect("tempdir");
    for dir in ["a", "b"] {
        let run = run_in(
            work.path(),
            &["synth", "--facts", "600", "--out", dir, "--seed", "7"],
        );
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert!(
            run.stdout.starts_with(&format!("{dir}: wrote ")),
            "{}",
            run.stdout
        );
    }
    assert_eq!(
        snapshot(&work.path().join("a")),
        snapshot(&work.path().join("b")),
        "same seed, same bytes"
    );
    let validate = run_in(work.path(), &["validate", "--seeds", "a"]);
    assert_eq!(validate.code, Some(0), "{}", validate.stderr);
    assert!(validate.stdout.contains(" facts, "), "{}", validate.stdout);
    let queries = root().join("queries");
    let export = run_in(
        work.path(),
        &[
            "export",
            "--seeds",
            "a",
            "--queries",
            queries.to_str().expect("utf-8"),
            "--out",
            "out",
            "--timings",
        ],
    );
    assert_eq!(export.code, Some(0), "{}", export.stderr);
    assert!(
        export.stderr.lines().any(|l| l.starts_with("total ")),
        "--timings prints the stages: {}",
        export.stderr
    );
    let facts = std::fs::read_to_string(work.path().join("a/facts.csv")).expect("facts.csv");
    for relation in [",allyOf,", ",opposes,", ",memberOf,", ",leads,", ",serves,"] {
        assert!(facts.contains(relation), "no {relation} fact");
    }
    assert!(
        facts.contains("’") && facts.contains("« ") && facts.contains("\"\""),
        "typographic quotes, guillemets and double quotes"
    );
}

#[test]
fn a_reader_that_stops_early_is_a_normal_end_with_nothing_on_stderr() {
    // `sahel-kg query ... | head -1`, with the reader gone before the first row: the read end of
    // the pipe is closed before the command has even validated the seeds, so every write fails.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sahel-kg"))
        .current_dir(root())
        .args(common::with_ontology(&["query", "queries/relations.rq"]))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("the binary ends");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}
