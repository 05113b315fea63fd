//! A run writes only in its output folder and reads only the corpus, whatever the files it is
//! given are (docs/security.md). A team commits `seeds/` and `output/` and runs `export` on
//! what it pulls, so every scenario here is a file a colleague's commit can bring: a planted
//! commit journal in `output/`, an output folder that is an input folder, a document that is a
//! link to a file outside the corpus, a FIFO, a directory or a NUL byte where a file is
//! expected, a document without its digest. Each is refused with the exact message, and the
//! previous export stays byte for byte as it was.
//!
//! Links, FIFOs and folders are made here at run time in a temporary directory, never
//! committed; each case's CSV files and expected stderr are under
//! `tests/fixtures/hostile/<case>/`, where `{WORK}` stands for the working directory's real
//! path.

#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{Run, copy_dir, fixtures, root, snapshot, with_ontology};

/// A run of the binary that has not ended after this long is taken as hung: a bound so that
/// a regression fails the suite instead of stalling it, not a measure of speed (a run here
/// takes a second or two).
const HUNG_AFTER: std::time::Duration = std::time::Duration::from_secs(120);

/// Runs `sahel-kg ARGS` in `dir` (with the repository's ontology unless one is given), with
/// no standard input; panics if it has not ended after `HUNG_AFTER`, after killing it.
fn run(dir: &Path, args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sahel-kg"))
        .current_dir(dir)
        .args(with_ontology(args))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        let hung = started.elapsed() > HUNG_AFTER;
        if hung {
            child.kill().unwrap();
        }
        assert!(
            !hung,
            "sahel-kg {args:?} hung: still running after {HUNG_AFTER:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A working directory with the base corpus, the project's queries and ontology, exported
/// once: `output/` holds that previous export.
fn exported_project() -> tempfile::TempDir {
    let work = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("base/seeds"), &work.path().join("seeds"));
    copy_dir(&root().join("queries"), &work.path().join("queries"));
    copy_dir(&root().join("ontology"), &work.path().join("ontology"));
    let first = run(work.path(), &["export"]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    work
}

/// Lays the files of `tests/fixtures/hostile/CASE/seeds` over the working directory's seeds.
fn lay(case: &str, work: &Path) {
    let seeds = fixtures().join("hostile").join(case).join("seeds");
    if seeds.is_dir() {
        copy_dir(&seeds, &work.join("seeds"));
    }
}

/// The case's `expected-stderr`, `{WORK}` replaced by the working directory's real path.
fn expected(case: &str, work: &Path) -> String {
    let text = fs::read_to_string(
        fixtures()
            .join("hostile")
            .join(case)
            .join("expected-stderr"),
    )
    .unwrap();
    text.replace("{WORK}", &real(work))
}

fn real(path: &Path) -> String {
    path.canonicalize().unwrap().display().to_string()
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// A file outside the corpus that no run may read or print.
const SECRET: &str = "root:x:0:0:root:/root:/bin/bash\n";

/// Runs `args` in `work` and checks the refusal: exit `code`, nothing on stdout, exactly
/// `stderr`, and `output/` byte for byte as it was.
fn assert_refused(work: &Path, args: &[&str], code: i32, stderr: &str) {
    let out = work.join("output");
    let before = snapshot(&out);
    let run = run(work, args);
    assert_eq!(run.code, Some(code), "{args:?}: {}", run.stderr);
    assert_eq!(run.stdout, "", "{args:?}");
    assert_eq!(run.stderr, stderr, "{args:?}");
    assert!(!run.stderr.contains("/bin/bash"), "{}", run.stderr);
    assert_eq!(snapshot(&out), before, "{args:?}: output/ changed");
}

// Finding 3: files outside the corpus are neither read nor printed.

#[test]
fn a_document_linked_to_a_file_outside_the_corpus_is_one_problem_and_its_text_is_never_shown() {
    let work = exported_project();
    let w = work.path();
    fs::write(w.join("secret.txt"), SECRET).unwrap();
    lay("document-linked-outside", w);
    symlink(&w.join("secret.txt"), &w.join("seeds/documents/leak.txt"));

    let stderr = expected("document-linked-outside", w);
    assert_refused(w, &["export"], 1, &stderr);
    assert_refused(w, &["export", "--no-store"], 1, &stderr);
}

#[test]
fn a_document_linked_inside_the_documents_folder_is_read() {
    let work = exported_project();
    let w = work.path();
    let documents = w.join("seeds/documents");
    fs::rename(documents.join("doc.txt"), documents.join("original.txt")).unwrap();
    symlink(Path::new("original.txt"), &documents.join("doc.txt"));

    let run = run(w, &["validate"]);

    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "seeds: valid: 1 sources, 4 parts, 7 actors, 6 facts, 1 not-fact decisions\n"
    );
}

#[test]
fn a_documents_folder_linked_outside_the_seeds_folder_is_refused_file_by_file() {
    let work = exported_project();
    let w = work.path();
    fs::rename(w.join("seeds/documents"), w.join("elsewhere")).unwrap();
    symlink(&w.join("elsewhere"), &w.join("seeds/documents"));

    assert_refused(
        w,
        &["export"],
        1,
        &format!(
            "seeds/sources.csv:2: file: seeds/documents/doc.txt is in seeds/documents, which \
             resolves to {work}/elsewhere, outside seeds: expected a regular file in a folder \
             inside seeds\n1 problem found; nothing was written\n",
            work = real(w)
        ),
    );
}

#[test]
fn a_fifo_document_is_one_problem_for_every_command_and_none_of_them_hangs() {
    let work = exported_project();
    let w = work.path();
    lay("document-fifo", w);
    mkfifo(&w.join("seeds/documents/pipe.txt"));
    let stderr = expected("document-fifo", w);

    assert_refused(w, &["export"], 1, &stderr);
    assert_refused(w, &["export", "--no-store"], 1, &stderr);
    assert_refused(w, &["validate"], 1, &stderr);
    assert_refused(
        w,
        &[
            "query",
            "--sparql",
            "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s",
        ],
        1,
        &stderr,
    );
    assert_refused(
        w,
        &["publish", "--endpoint", "http://127.0.0.1:9/store"],
        1,
        &stderr,
    );
}

#[test]
fn a_directory_and_a_nul_byte_where_a_document_is_named_are_two_problems_among_the_others() {
    let work = exported_project();
    let w = work.path();
    lay("document-not-a-file-name", w);
    fs::create_dir(w.join("seeds/documents/sub")).unwrap();

    assert_refused(w, &["export"], 1, &expected("document-not-a-file-name", w));
}

#[test]
fn a_document_without_its_digest_is_not_searched_and_the_message_gives_the_digest_to_paste() {
    let work = exported_project();
    let w = work.path();
    lay("digest-missing", w);

    assert_refused(w, &["export"], 1, &expected("digest-missing", w));
}

// Findings 4 and 5: a directory, a link outside or a FIFO among the queries, the ontology or
// the tables is one problem among the others, and nothing blocks on a FIFO.

/// Plants among the files of `folder` (`queries`, `ontology`) a directory, a FIFO and a link to
/// a secret outside the corpus: `folder.EXT`, `pipe.EXT` and `leak.EXT`.
fn plant_non_files(work: &Path, folder: &str, ext: &str) {
    let secret = work.join(format!("secret.{ext}"));
    fs::write(&secret, SECRET).unwrap();
    let folder = work.join(folder);
    fs::create_dir(folder.join(format!("folder.{ext}"))).unwrap();
    mkfifo(&folder.join(format!("pipe.{ext}")));
    symlink(&secret, &folder.join(format!("leak.{ext}")));
}

#[test]
fn queries_that_are_a_directory_a_fifo_and_a_link_outside_are_three_problems() {
    let work = exported_project();
    let w = work.path();
    plant_non_files(w, "queries", "rq");

    assert_refused(w, &["export"], 1, &expected("queries-not-files", w));
}

#[test]
fn ontology_files_that_are_a_directory_a_fifo_and_a_link_outside_are_three_problems() {
    let work = exported_project();
    let w = work.path();
    plant_non_files(w, "ontology", "ttl");
    let stderr = expected("ontology-not-files", w);

    assert_refused(w, &["export", "--ontology", "ontology"], 1, &stderr);
    assert_refused(w, &["validate", "--ontology", "ontology"], 1, &stderr);
}

#[test]
fn tables_that_are_a_link_outside_and_a_fifo_are_problems_among_the_others() {
    let work = exported_project();
    let w = work.path();
    fs::write(w.join("secret.csv"), SECRET).unwrap();
    fs::remove_file(w.join("seeds/actors.csv")).unwrap();
    symlink(&w.join("secret.csv"), &w.join("seeds/actors.csv"));
    fs::remove_file(w.join("seeds/not-facts.csv")).unwrap();
    mkfifo(&w.join("seeds/not-facts.csv"));
    let stderr = expected("tables-not-files", w);

    assert_refused(w, &["export"], 1, &stderr);
    assert_refused(w, &["export", "--no-store"], 1, &stderr);
}

#[test]
fn per_source_tables_that_are_a_fifo_and_a_folder_are_problems_not_skipped() {
    let work = exported_project();
    let w = work.path();
    fs::create_dir(w.join("seeds/facts")).unwrap();
    mkfifo(&w.join("seeds/facts/doc000.csv"));
    fs::create_dir(w.join("seeds/facts/doc001.csv")).unwrap();
    let stderr = "seeds/facts/doc000.csv: a FIFO (named pipe), not a file: expected a regular file in seeds/facts\n\
                  seeds/facts/doc001.csv: a directory, not a file: expected a regular file in seeds/facts\n\
                  2 problems found; nothing was written\n";

    assert_refused(w, &["export"], 1, stderr);
    assert_refused(w, &["export", "--no-store"], 1, stderr);
}

// Finding 2: the output folder is never an input folder.

/// Runs an export whose `--out` is refused: exit 2, exactly `message`, and nothing in the
/// working directory changed.
fn assert_out_refused(work: &Path, args: &[&str], message: &str) {
    let before = snapshot(work);
    let run = run(work, args);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, format!("error: {message}\n"));
    assert_eq!(snapshot(work), before, "the working directory changed");
}

#[test]
fn an_output_folder_that_is_the_seeds_folder_is_refused_before_anything_is_written() {
    let work = exported_project();
    for args in [
        &["export", "--out", "seeds"][..],
        &["export", "--no-store", "--out", "seeds"],
    ] {
        assert_out_refused(
            work.path(),
            args,
            "--out seeds is the seeds folder seeds: a run would write over what it reads; \
             choose an output folder outside the seeds, documents, ontology and queries folders",
        );
    }
}

#[test]
fn an_output_folder_that_is_the_ontology_folder_is_refused() {
    let work = exported_project();
    assert_out_refused(
        work.path(),
        &["export", "--ontology", "ontology", "--out", "ontology"],
        "--out ontology is the ontology folder ontology: a run would write over what it reads; \
         choose an output folder outside the seeds, documents, ontology and queries folders",
    );
}

#[test]
fn an_output_folder_inside_the_seeds_through_a_link_is_refused() {
    let work = exported_project();
    let w = work.path();
    symlink(&w.join("seeds"), &w.join("link"));
    assert_out_refused(
        w,
        &["export", "--out", "link/new"],
        &format!(
            "--out link/new lies inside the seeds folder seeds (they resolve to {w}/seeds/new \
             and {w}/seeds): a run would write over what it reads; choose an output folder \
             outside the seeds, documents, ontology and queries folders",
            w = real(w)
        ),
    );
}

#[test]
fn an_output_folder_that_reaches_the_queries_through_a_folder_yet_to_be_made_is_refused() {
    let work = exported_project();
    let w = work.path();
    assert_out_refused(
        w,
        &["export", "--out", "fresh/../queries"],
        &format!(
            "--out fresh/../queries is the queries folder queries (they resolve to {w}/queries \
             and {w}/queries): a run would write over what it reads; choose an output folder \
             outside the seeds, documents, ontology and queries folders",
            w = real(w)
        ),
    );
}

#[test]
fn an_output_folder_that_contains_the_inputs_is_refused() {
    let work = exported_project();
    assert_out_refused(
        work.path(),
        &["export", "--out", "."],
        "--out . contains the seeds folder seeds: a run would write over what it reads; choose \
         an output folder outside the seeds, documents, ontology and queries folders",
    );
}

// Finding 1: a commit journal planted in the output folder is checked whole and refused.

/// Plants a kept directory `output/.kept-planted.sahel-kg-tmp` with this journal; returns it.
fn plant_journal(work: &Path, journal: &[u8]) -> std::path::PathBuf {
    let kept = work.join("output/.kept-planted.sahel-kg-tmp");
    fs::create_dir(&kept).unwrap();
    fs::write(kept.join("journal"), journal).unwrap();
    kept
}

#[test]
fn a_planted_journal_naming_files_outside_the_output_folder_is_refused_and_touches_nothing() {
    let work = exported_project();
    let w = work.path();
    fs::write(w.join("victim.txt"), "a file of the user's").unwrap();
    fs::write(w.join("victim2.txt"), "another file of the user's").unwrap();
    fs::write(
        w.join("output/victim.txt"),
        "would be moved over ../victim.txt",
    )
    .unwrap();
    let kept = plant_journal(
        w,
        format!(
            "=relations.csv\0+../victim.txt\0+{}\0=../victim.txt\0",
            w.join("victim2.txt").display()
        )
        .as_bytes(),
    );
    // A valid entry, with its kept file: not carried out either.
    fs::write(kept.join("relations.csv"), "planted relations").unwrap();
    let stderr = expected("journal-names-outside", w);

    assert_refused(w, &["export"], 1, &stderr);
    assert_refused(w, &["export", "--no-store"], 1, &stderr);
    // A run with bad data too.
    copy_dir(
        &fixtures().join("bad/unknown-actor/seeds"),
        &w.join("seeds"),
    );
    assert_refused(w, &["export"], 1, &stderr);
    assert_eq!(
        fs::read_to_string(w.join("victim.txt")).unwrap(),
        "a file of the user's"
    );
    assert_eq!(
        fs::read_to_string(w.join("victim2.txt")).unwrap(),
        "another file of the user's"
    );
}

#[test]
fn a_planted_journal_whose_files_are_links_is_refused_and_touches_nothing() {
    let work = exported_project();
    let w = work.path();
    fs::write(w.join("victim.txt"), "a file of the user's").unwrap();
    let kept = plant_journal(w, b"=relations.csv\0+zz.csv\0");
    symlink(&w.join("victim.txt"), &kept.join("relations.csv"));
    symlink(&w.join("victim.txt"), &w.join("output/zz.csv"));

    assert_refused(w, &["export"], 1, &expected("journal-through-links", w));
    assert_eq!(
        fs::read_to_string(w.join("victim.txt")).unwrap(),
        "a file of the user's"
    );
}

#[test]
fn a_kept_folder_linked_outside_the_output_folder_is_refused_and_touches_nothing() {
    let work = exported_project();
    let w = work.path();
    fs::create_dir(w.join("elsewhere")).unwrap();
    fs::write(w.join("elsewhere/journal"), "=notes.csv\0").unwrap();
    fs::write(w.join("elsewhere/notes.csv"), "the user's notes").unwrap();
    symlink(
        &w.join("elsewhere"),
        &w.join("output/.kept-planted.sahel-kg-tmp"),
    );

    assert_refused(
        w,
        &["export"],
        1,
        &expected("journal-folder-linked-outside", w),
    );
    assert_eq!(
        fs::read_to_string(w.join("elsewhere/notes.csv")).unwrap(),
        "the user's notes"
    );
}

#[test]
fn a_journal_linked_to_a_file_outside_is_not_read() {
    let work = exported_project();
    let w = work.path();
    fs::write(w.join("secret.txt"), "+../secret.txt\0").unwrap();
    let kept = w.join("output/.kept-planted.sahel-kg-tmp");
    fs::create_dir(&kept).unwrap();
    symlink(&w.join("secret.txt"), &kept.join("journal"));

    assert_refused(w, &["export"], 1, &expected("journal-linked-outside", w));
    assert!(w.join("secret.txt").exists());
}
