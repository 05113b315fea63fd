//! Every broken annotation set under `tests/fixtures/bad/<case>/` fails the export with exit
//! status 1, prints exactly the problems in its `expected-stderr`, and leaves the previous
//! output directory byte for byte as it was.
//!
//! A case holds only what differs from `tests/fixtures/base/seeds/` and the project's
//! `queries/`: files under the case's `seeds/` and `queries/` replace those, and each line of an optional `delete` file names a file
//! to remove. Cases under `tests/fixtures/accepted/` must succeed instead. Cases under
//! `tests/fixtures/warned/` are valid but likely wrong: they succeed, printing exactly the
//! warnings in their `expected-stderr`.
//!
//! To write a new case's `expected-stderr`, run with `SAHEL_KG_BLESS=1` and read the result
//! before committing it: the file is the specification.

#![allow(
    clippy::expect_used,
    reason = "a broken fixture should fail the test loudly"
)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{
    Run, case_dirs, case_name, copy_dir, differences, expected_stderr, fixtures, read_csv, run_in,
    snapshot,
};

fn assemble(case: &Path, work: &Path) {
    let base = fixtures().join("base");
    copy_dir(&base.join("seeds"), &work.join("seeds"));
    copy_dir(&common::root().join("queries"), &work.join("queries"));
    for dir in ["seeds", "queries"] {
        if case.join(dir).is_dir() {
            copy_dir(&case.join(dir), &work.join(dir));
        }
    }
    if let Ok(list) = fs::read_to_string(case.join("delete")) {
        for name in list.lines().filter(|l| !l.trim().is_empty()) {
            fs::remove_file(work.join(name.trim()))
                .expect("a file named in `delete` exists in the base");
        }
    }
}

/// The cases of a kind (`bad`, `accepted`, `warned`), sorted.
fn cases(kind: &str) -> Vec<PathBuf> {
    case_dirs(&fixtures().join(kind))
}

#[test]
fn every_bad_case_exits_1_prints_every_problem_and_leaves_output_untouched() {
    let all = cases("bad");
    assert!(
        all.len() >= 25,
        "expected the whole catalogue of bad cases, found {}",
        all.len()
    );
    let failures = run_bad_cases(&all, &["export"]);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `export --no-store` maps the corpus in shards, a document to a shard at this size: each
/// case with bad annotations (not a bad query, which it does not run) fails it with the same
/// problems.
#[test]
fn every_bad_annotation_case_fails_export_no_store_in_shards_the_same_way() {
    let annotation_cases: Vec<PathBuf> = cases("bad")
        .into_iter()
        .filter(|case| {
            let deletes_a_query = fs::read_to_string(case.join("delete"))
                .is_ok_and(|list| list.lines().any(|l| l.trim().starts_with("queries/")));
            !case.join("queries").exists() && !deletes_a_query
        })
        .collect();
    assert!(annotation_cases.len() >= 25, "{annotation_cases:?}");
    let failures = run_bad_cases(
        &annotation_cases,
        &["export", "--no-store", "--shard-size", "100"],
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Runs `args` on each case; what went otherwise than its `expected-stderr` says.
fn run_bad_cases(all: &[PathBuf], args: &[&str]) -> Vec<String> {
    let bless = std::env::var_os("SAHEL_KG_BLESS").is_some() && args == ["export"];
    let mut failures = Vec::new();
    for case in all {
        let name = case_name(case);
        let work = tempfile::tempdir().expect("tempdir");
        assemble(case, work.path());
        let out = work.path().join("output");
        fs::create_dir(&out).expect("output dir");
        fs::write(out.join("allies-of-mali.csv"), "previous run\r\n").expect("sentinel");
        fs::write(out.join("graph.ttl"), "# previous run\n").expect("sentinel");
        let before = snapshot(&out);

        let result = run_in(work.path(), args);
        let expected = expected_stderr(case, &result.stderr, bless);
        failures.extend(differences(&name, &result, 1, &expected));
        if snapshot(&out) != before {
            failures.push(format!("{name}: the output directory changed"));
        }
    }
    failures
}

/// The comparison each case goes through: silent for a run that went as its case says, and one
/// message naming the case for each way a run went otherwise.
#[test]
fn a_case_run_is_reported_for_its_exit_status_its_stderr_and_its_stdout() {
    let run = |code, stdout: &str, stderr: &str| Run {
        code,
        stdout: stdout.to_owned(),
        stderr: stderr.to_owned(),
    };
    assert_eq!(
        differences("c", &run(Some(1), "", "p\n"), 1, "p\n"),
        Vec::<String>::new()
    );
    assert_eq!(
        differences("c", &run(None, "out", "other\n"), 1, "p\n"),
        [
            "c: exit status None, expected 1\nother\n",
            "c: stderr differs\n--- expected\np\n--- actual\nother\n",
            "c: stdout should be empty, got out"
        ]
    );
}

#[test]
fn every_accepted_case_exports() {
    for case in cases("accepted") {
        let work = tempfile::tempdir().expect("tempdir");
        assemble(&case, work.path());
        let result = run_in(work.path(), &["export"]);
        assert_eq!(
            result.code,
            Some(0),
            "{}: {}",
            case.display(),
            result.stderr
        );
        assert!(work.path().join("output/allies-of-mali.csv").is_file());
        // One evidence row per fact, with its part exactly when the fact names one: a claim
        // without a part must not be joined with the parts of other documents.
        let mut facts: Vec<(String, String)> = fact_tables(&work.path().join("seeds"))
            .iter()
            .flat_map(|table| read_csv(table))
            .map(|row| (row["id"].clone(), row["part"].clone()))
            .collect();
        let mut evidence: Vec<(String, String)> =
            read_csv(&work.path().join("output/evidence.csv"))
                .into_iter()
                .map(|row| (row["fact"].clone(), row["part"].clone()))
                .collect();
        facts.sort();
        evidence.sort();
        assert_eq!(evidence, facts, "{}: evidence.csv", case.display());
    }
}

/// `facts.csv` when there is one, and every file in `facts/`.
fn fact_tables(seeds: &Path) -> Vec<PathBuf> {
    let mut tables: Vec<PathBuf> = fs::read_dir(seeds.join("facts"))
        .map(|dir| dir.map(|e| e.expect("entry").path()).collect())
        .unwrap_or_default();
    tables.sort();
    let single = seeds.join("facts.csv");
    if single.is_file() {
        tables.insert(0, single);
    }
    tables
}

/// A warning fails nothing: `validate` says the annotations are valid and `export` writes the
/// output, each with exit status 0, and both print the case's warnings on stderr.
#[test]
fn every_warned_case_validates_and_exports_printing_its_warnings() {
    let all = cases("warned");
    assert!(!all.is_empty(), "expected warned cases");
    let bless = std::env::var_os("SAHEL_KG_BLESS").is_some();
    for case in all {
        let name = case_name(&case);
        let work = tempfile::tempdir().expect("tempdir");
        assemble(&case, work.path());
        let validate = run_in(work.path(), &["validate"]);
        let export = run_in(work.path(), &["export"]);
        let expected = expected_stderr(&case, &export.stderr, bless);
        assert!(expected.contains(": warning: "), "{name}: {expected}");
        for (command, run) in [("validate", &validate), ("export", &export)] {
            assert_eq!(run.code, Some(0), "{name}: {command}: {}", run.stderr);
            assert_eq!(run.stderr, expected, "{name}: {command}: stderr");
        }
        assert!(
            validate.stdout.starts_with("seeds: valid: "),
            "{name}: {}",
            validate.stdout
        );
        assert!(
            work.path().join("output/allies-of-mali.csv").is_file(),
            "{name}: export wrote nothing"
        );
    }
}
