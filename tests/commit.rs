//! Committing a run's outputs is all or nothing: a commit that fails part-way, a query whose
//! report would overwrite a file the pipeline writes itself, and a run that created the output
//! directory's parents all leave the disk as it was before the run; a commit killed part-way
//! is undone by the next run.

#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;

use common::{fixtures, root, run_in, snapshot};
use sahel_kg::output::{BUILT_IN, Staged};

/// An output directory from an earlier run: `a.csv` and `c.csv`, no `b.csv`.
fn previous_run(out: &Path) {
    fs::create_dir_all(out).unwrap();
    fs::write(out.join("a.csv"), "old a").unwrap();
    fs::write(out.join("c.csv"), "old c").unwrap();
}

/// The names in `dir`, hidden ones too, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn stage(staged: &mut Staged, name: &str) {
    staged
        .write(name, |w| Ok(w.write_all(format!("new {name}").as_bytes())?))
        .unwrap();
}

/// A working directory with these seeds and the project's queries.
fn project(seeds: &Path) -> tempfile::TempDir {
    let work = tempfile::tempdir().unwrap();
    common::copy_dir(seeds, &work.path().join("seeds"));
    common::copy_dir(&root().join("queries"), &work.path().join("queries"));
    work
}

/// `project`, with one more query, copied from `query` under `name`.
fn project_with_query(seeds: &Path, query: &Path, name: &str) -> tempfile::TempDir {
    let work = project(seeds);
    fs::copy(query, work.path().join("queries").join(name)).unwrap();
    work
}

#[test]
fn a_commit_that_meets_a_directory_moves_nothing_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    previous_run(&out);
    fs::create_dir(out.join("d.csv")).unwrap();
    fs::write(out.join("d.csv/kept.txt"), "someone's file").unwrap();
    let before = snapshot(&out);

    let mut staged = Staged::new(&out).unwrap();
    for name in ["a.csv", "b.csv", "c.csv", "d.csv"] {
        stage(&mut staged, name);
    }
    let error = staged.commit().unwrap_err();

    assert_eq!(snapshot(&out), before);
    assert_eq!(names(&out), ["a.csv", "c.csv", "d.csv"]);
    assert_eq!(
        format!("{error:#}"),
        format!(
            "could not move {} into place: a directory has that name",
            out.join("d.csv").display()
        )
    );
}

#[test]
fn a_commit_that_fails_after_some_files_moved_puts_every_one_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    previous_run(&out);
    let before = snapshot(&out);

    let mut staged = Staged::new(&out).unwrap();
    for name in ["a.csv", "b.csv", "c.csv", "d.csv"] {
        stage(&mut staged, name);
    }
    // `c.csv`'s staged file vanishes: `a.csv` and `b.csv` are in place when its rename fails.
    fs::remove_file(out.join(".c.csv.sahel-kg-tmp")).unwrap();
    let error = staged.commit().unwrap_err();

    assert_eq!(snapshot(&out), before);
    assert_eq!(names(&out), ["a.csv", "c.csv"]);
    assert_eq!(
        format!("{error:#}"),
        format!(
            "could not move {} into place: No such file or directory (os error 2)",
            out.join("c.csv").display()
        )
    );
}

#[test]
fn a_query_named_like_a_built_in_file_is_refused_before_anything_is_written() {
    let work = project_with_query(
        &root().join("seeds"),
        &root().join("queries/sources.rq"),
        "coverage.rq",
    );

    let run = run_in(work.path(), &["export", "--out", "fresh/sub"]);

    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "queries/coverage.rq:1:1: this query's report would be coverage.csv, which clashes with \
         the coverage.csv sahel-kg writes itself: rename the query file (the report is named \
         after it)\n1 problem found; nothing was written\n"
    );
    assert_eq!(names(work.path()), ["queries", "seeds"]);
}

#[test]
fn a_run_that_fails_after_creating_the_output_directory_removes_its_parents_too() {
    let work = project_with_query(
        &fixtures().join("base/seeds"),
        &fixtures().join("bad/query-fails-after-others-succeeded/queries/zz-remote.rq"),
        "zz-remote.rq",
    );

    let run = run_in(work.path(), &["export", "--out", "fresh/sub"]);

    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "queries/zz-remote.rq: the query failed: The service <http://127.0.0.1:9/sparql> is not \
         supported\n1 problem found; nothing was written\n"
    );
    assert_eq!(names(work.path()), ["queries", "seeds"]);
}

/// What a run killed in the middle of its commit leaves in `out` (src/output.rs): `relations.csv`
/// already replaced, its previous version kept aside; `zz.csv` new; `actors.csv` not reached,
/// its new version still a temporary file; and the journal that lists the three.
fn leave_a_killed_commit(out: &Path) {
    let kept = out.join(".kept-k1ll3d.sahel-kg-tmp");
    fs::create_dir(&kept).unwrap();
    fs::rename(out.join("relations.csv"), kept.join("relations.csv")).unwrap();
    fs::write(out.join("relations.csv"), "new relations").unwrap();
    fs::write(out.join("zz.csv"), "new zz").unwrap();
    fs::write(out.join(".actors.csv.sahel-kg-tmp"), "new actors").unwrap();
    fs::write(
        kept.join("journal"),
        "=relations.csv\0+zz.csv\0=actors.csv\0",
    )
    .unwrap();
}

#[test]
fn an_export_after_a_killed_commit_puts_the_previous_output_back_even_when_its_data_is_bad() {
    let work = project(&fixtures().join("base/seeds"));
    let first = run_in(work.path(), &["export"]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let out = work.path().join("output");
    let before = snapshot(&out);
    let names_before = names(&out);
    leave_a_killed_commit(&out);
    assert_ne!(snapshot(&out), before);
    common::copy_dir(
        &fixtures().join("bad/unknown-actor/seeds"),
        &work.path().join("seeds"),
    );

    let run = run_in(work.path(), &["export"]);

    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        fs::read_to_string(fixtures().join("bad/unknown-actor/expected-stderr")).unwrap()
    );
    assert_eq!(snapshot(&out), before);
    assert_eq!(names(&out), names_before);
}

/// `output/` holds what `export` writes (tests/export.rs): one report per stored query, and
/// the files `BUILT_IN` lists, which no query's report may replace.
#[test]
fn the_built_in_names_are_the_outputs_no_query_reports() {
    let reports: Vec<String> = fs::read_dir(root().join("queries"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .map(|p| format!("{}.csv", p.file_stem().unwrap().to_string_lossy()))
        .collect();
    let mut built_in = names(&root().join("output"));
    built_in.retain(|name| !reports.contains(name));
    assert_eq!(built_in, BUILT_IN);
}
