//! `sahel-kg export --no-store` maps the corpus in shards (`shards.rs`): whatever the shard
//! size, it writes the bytes of the whole export's `graph.nt`, and bad input fails it exactly as
//! it fails `export`, including what only shows across shards.

#![allow(clippy::expect_used, reason = "tests fail loudly")]

mod common;

use std::fs;
use std::path::Path;

use common::{copy_dir, export_quietly, read_csv, root, run_in, snapshot, synthetic_export};

/// The project's seeds, copied to `work/seeds`.
fn project_seeds(work: &Path) {
    copy_dir(&root().join("seeds"), &work.join("seeds"));
}

/// Runs `export --no-store` with `args` in `work`, after a run of `export` there, and checks
/// that both fail alike: exit 1, the same problems, nothing written.
fn fails_as_export_does(work: &Path, args: &[&str]) -> String {
    let out = work.join("output");
    fs::create_dir(&out).expect("output dir");
    fs::write(out.join("graph.nt"), "# previous run\n").expect("sentinel");
    let before = snapshot(&out);
    let queries = root().join("queries");
    let queries = queries.to_str().expect("utf-8 path");
    let export = run_in(work, &["export", "--quiet", "--queries", queries]);
    let mut no_store = vec!["export", "--no-store", "--quiet"];
    no_store.extend(args);
    let streamed = run_in(work, &no_store);
    assert_eq!(export.code, Some(1), "{}", export.stderr);
    assert_eq!(streamed.code, Some(1), "{}", streamed.stderr);
    assert_eq!(streamed.stderr, export.stderr);
    assert_eq!(streamed.stdout, "");
    assert_eq!(snapshot(&out), before, "the output directory changed");
    streamed.stderr
}

#[test]
fn no_store_in_hundreds_of_shards_writes_the_bytes_of_the_whole_export() {
    let synthetic = synthetic_export("2000");
    // `... graph of N triples from F facts)`
    let facts = synthetic
        .stdout
        .split(" triples from ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .expect("the export says how many facts");
    let expected = fs::read(synthetic.out.join("graph.nt")).expect("graph.nt");
    let triples = String::from_utf8_lossy(&expected).lines().count();
    // 400 kB of facts.csv: one shard by default, 200 at 2 kB (more runs than are merged at
    // once, so the runs are merged in rounds), 500 (the most) at 1 byte.
    for size in ["4194304", "2000", "1"] {
        let out = synthetic.work.path().join(format!("streamed-{size}"));
        let run = export_quietly(
            &synthetic.corpus,
            &out,
            &["--no-store", "--shard-size", size],
        );
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert_eq!(run.stderr, "");
        assert!(
            run.stdout.starts_with(&format!(
                "{}: wrote graph.nt ({triples} triples from {facts} facts",
                out.display()
            )),
            "{}",
            run.stdout
        );
        let made = snapshot(&out);
        assert_eq!(
            made.keys()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>(),
            ["graph.nt"],
            "shard size {size}: only graph.nt is left"
        );
        assert!(
            made.values().all(|bytes| *bytes == expected),
            "shard size {size}: graph.nt differs from the whole export's"
        );
    }
}

#[test]
fn a_fact_id_used_in_two_documents_fails_no_store_as_it_fails_export() {
    let work = tempfile::tempdir().expect("tempdir");
    project_seeds(work.path());
    // Each row is right within its own document: only the check across shards sees the two.
    let facts = work.path().join("seeds/facts.csv");
    let (first, other) = ids_in_two_documents(&facts);
    let text = fs::read_to_string(&facts).expect("facts.csv");
    fs::write(
        &facts,
        text.replacen(&format!("\n{other},"), &format!("\n{first},"), 1),
    )
    .expect("facts.csv");
    let stderr = fails_as_export_does(work.path(), &["--shard-size", "1"]);
    assert!(
        stderr.contains(&format!("id: fact `{first}` is declared twice")),
        "{stderr}"
    );
}

#[test]
fn a_part_id_used_in_two_documents_fails_no_store_as_it_fails_export() {
    let work = tempfile::tempdir().expect("tempdir");
    project_seeds(work.path());
    let (first, other) = ids_in_two_documents(&work.path().join("seeds/parts.csv"));
    // The part and every fact citing it take the other document's part id.
    for (file, from, to) in [
        ("parts.csv", format!("\n{other},"), format!("\n{first},")),
        ("facts.csv", format!(",{other},"), format!(",{first},")),
    ] {
        let path = work.path().join("seeds").join(file);
        let text = fs::read_to_string(&path).expect("table");
        fs::write(&path, text.replace(&from, &to)).expect("table");
    }
    let stderr = fails_as_export_does(work.path(), &["--shard-size", "1"]);
    assert!(
        stderr.contains(&format!("id: part `{first}` is declared twice")),
        "{stderr}"
    );
}

/// The id of a table's first row, and of the first row of another document.
fn ids_in_two_documents(table: &Path) -> (String, String) {
    let rows = read_csv(table);
    let other = rows
        .iter()
        .find(|row| row["source"] != rows[0]["source"])
        .expect("a row of another document");
    (rows[0]["id"].clone(), other["id"].clone())
}
