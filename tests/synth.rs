#![allow(clippy::expect_used, clippy::unwrap_used, reason = "tests fail loudly")]

//! `sahel-kg synth --out`: it writes a new folder, an empty one or one it wrote before, and
//! refuses any other (the analysts' seeds above all), writing nothing.

mod common;

use common::{fixtures, run_in, snapshot};

#[test]
fn synth_refuses_to_write_over_a_corpus_it_did_not_write() {
    let work = tempfile::tempdir().unwrap();
    common::copy_dir(&fixtures().join("base/seeds"), &work.path().join("seeds"));
    let before = snapshot(work.path());
    let run = run_in(work.path(), &["synth", "--facts", "10", "--out", "seeds"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: --out seeds holds files synth did not write (actors.csv among them): synth \
         writes only into a new or empty folder, or one it wrote before (with its \
         .sahel-kg-synth file); choose another folder\n"
    );
    assert_eq!(snapshot(work.path()), before, "nothing was written");
}

#[test]
fn synth_writes_again_over_its_own_corpus() {
    let work = tempfile::tempdir().unwrap();
    std::fs::create_dir(work.path().join("empty")).unwrap();
    for (dir, seed) in [("empty", "1"), ("empty", "2"), ("fresh", "2")] {
        let run = run_in(
            work.path(),
            &["synth", "--facts", "60", "--seed", seed, "--out", dir],
        );
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert_eq!(run.stderr, "");
    }
    // The second run replaced the first whole: the folder is what one run into a new folder
    // writes.
    assert_eq!(
        snapshot(&work.path().join("empty")),
        snapshot(&work.path().join("fresh"))
    );
    let validate = run_in(work.path(), &["validate", "--seeds", "empty"]);
    assert_eq!(validate.code, Some(0), "{}", validate.stderr);
}

#[test]
fn synth_refuses_an_out_that_is_a_file_and_leaves_it_as_it_was() {
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("notes.txt"), "an analyst's notes\n").unwrap();
    let before = snapshot(work.path());
    let run = run_in(
        work.path(),
        &["synth", "--facts", "10", "--out", "notes.txt"],
    );
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("error: could not read the folder notes.txt: "),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(work.path()), before, "nothing was written");
}
