//! `sahel-kg export` on the project's own seeds: what it writes is what `output/` holds.

#![allow(clippy::expect_used, reason = "tests fail loudly")]

mod common;

use common::{root, run_in, snapshot};

#[test]
fn export_writes_exactly_the_committed_output_and_twice_the_same_bytes() {
    let first = tempfile::tempdir().expect("tempdir");
    let second = tempfile::tempdir().expect("tempdir");
    for dir in [first.path(), second.path()] {
        let out = dir.join("output");
        let out = out.to_str().expect("utf-8 path");
        let run = run_in(&root(), &["export", "--out", out]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert_eq!(run.stderr, "");
        assert!(
            run.stdout
                .starts_with(&format!("{out}: wrote 20 files (10 reports; graph of ")),
            "{}",
            run.stdout
        );
    }
    let made = snapshot(&first.path().join("output"));
    assert_eq!(
        made,
        snapshot(&second.path().join("output")),
        "two runs differ"
    );
    let committed = snapshot(&root().join("output"));
    let names = |s: &std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>| {
        s.keys().cloned().collect::<Vec<_>>()
    };
    assert_eq!(
        names(&committed),
        names(&made),
        "output/ does not hold the files export writes"
    );
    for (name, bytes) in &made {
        assert!(
            committed.get(name) == Some(bytes),
            "output/{} is not what the code produces today: run `make export` and commit output/",
            name.display()
        );
    }
}

#[test]
fn reordering_the_csv_rows_changes_no_byte_of_the_output() {
    let work = tempfile::tempdir().expect("tempdir");
    common::copy_dir(&root().join("seeds"), &work.path().join("seeds"));
    for table in [
        "facts.csv",
        "actors.csv",
        "parts.csv",
        "sources.csv",
        "not-facts.csv",
    ] {
        let path = work.path().join("seeds").join(table);
        let text = std::fs::read_to_string(&path).expect("read");
        let mut records: Vec<String> = Vec::new();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header = reader.headers().expect("header").clone();
        for record in reader.records() {
            let record = record.expect("record");
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(&record).expect("write");
            records.push(String::from_utf8(w.into_inner().expect("flush")).expect("utf-8"));
        }
        records.reverse();
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&header).expect("header");
        let mut out = String::from_utf8(w.into_inner().expect("flush")).expect("utf-8");
        out.extend(records);
        std::fs::write(&path, out).expect("write");
    }
    let run = run_in(
        work.path(),
        &[
            "export",
            "--queries",
            root().join("queries").to_str().expect("utf-8"),
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let made = snapshot(&work.path().join("output"));
    let committed = snapshot(&root().join("output"));
    for (name, bytes) in &made {
        assert!(
            committed.get(name) == Some(bytes),
            "{} changed when the rows were reversed",
            name.display()
        );
    }
}

#[test]
fn export_no_store_writes_only_the_committed_graph_nt() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("output");
    let out = out.to_str().expect("utf-8 path");
    let run = run_in(&root(), &["export", "--no-store", "--quiet", "--out", out]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        format!("{out}: wrote graph.nt (3602 triples from 150 facts; no store, no reports)\n")
    );
    let made = snapshot(&dir.path().join("output"));
    assert_eq!(
        made.keys()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>(),
        ["graph.nt"]
    );
    let committed = std::fs::read(root().join("output/graph.nt")).expect("output/graph.nt");
    assert!(
        made.values().all(|bytes| *bytes == committed),
        "graph.nt differs from output/graph.nt"
    );
}

#[test]
fn export_no_store_and_an_endpoint_are_refused_together() {
    let run = run_in(
        &root(),
        &[
            "export",
            "--no-store",
            "--endpoint",
            "http://127.0.0.1:9/query",
        ],
    );
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("'--no-store' cannot be used with '--endpoint <URL>'"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}
