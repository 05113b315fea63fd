#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test helpers fail loudly"
)]

//! Helpers shared by the integration tests: run the real binary, copy fixtures, snapshot a
//! directory, make and export a synthetic corpus, and list the folders of golden cases and
//! compare a run with what its case expects.

#![allow(dead_code, reason = "each test file uses its own subset")]

pub(crate) mod terminal;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The repository root.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures`.
pub(crate) fn fixtures() -> PathBuf {
    root().join("tests/fixtures")
}

/// What a run of the binary printed and returned.
#[derive(Debug)]
pub(crate) struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// `ARGS`, then the repository's ontology for a command that reads one, unless it is given.
pub(crate) fn with_ontology(args: &[&str]) -> Vec<std::ffi::OsString> {
    let mut all: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
    if matches!(
        args.first(),
        Some(
            &("export" | "validate" | "query" | "publish" | "add-source" | "suggest" | "coverage")
        )
    ) && !args.contains(&"--ontology")
    {
        all.push("--ontology".into());
        all.push(root().join("ontology").into());
    }
    all
}

/// Runs `sahel-kg ARGS` in `dir`, with the repository's ontology.
pub(crate) fn run_in(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = assert_cmd::Command::cargo_bin("sahel-kg").expect("the binary is built");
    cmd.current_dir(dir).args(with_ontology(args));
    let output = cmd.output().expect("the binary runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A working directory whose `seeds/` is the base corpus with the bad case `case`'s seeds laid
/// over it (`tests/fixtures/bad/CASE/seeds`).
pub(crate) fn base_seeds_with_bad(case: &str) -> tempfile::TempDir {
    let work = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixtures().join("base/seeds"), &work.path().join("seeds"));
    copy_dir(
        &fixtures().join("bad").join(case).join("seeds"),
        &work.path().join("seeds"),
    );
    work
}

/// `sahel-kg export --quiet --seeds SEEDS --out OUT OPTIONS`, run in the repository (so with its
/// queries).
pub(crate) fn export_quietly(seeds: &Path, out: &Path, options: &[&str]) -> Run {
    let mut args = vec![
        "export",
        "--quiet",
        "--seeds",
        seeds.to_str().expect("utf-8 path"),
        "--out",
        out.to_str().expect("utf-8 path"),
    ];
    args.extend_from_slice(options);
    run_in(&root(), &args)
}

/// A synthetic corpus and its export, side by side in one temporary working directory.
pub(crate) struct Synthetic {
    /// The working directory, removed when dropped.
    pub work: tempfile::TempDir,
    /// `WORK/corpus`: what `sahel-kg synth` wrote.
    pub corpus: PathBuf,
    /// `WORK/whole`: what `export --quiet` wrote from it.
    pub out: PathBuf,
    /// What the export printed on stdout.
    pub stdout: String,
}

/// Makes a synthetic corpus of `facts` facts with `sahel-kg synth` and exports it quietly with
/// the project's queries; both must succeed.
pub(crate) fn synthetic_export(facts: &str) -> Synthetic {
    let work = tempfile::tempdir().expect("tempdir");
    let corpus = work.path().join("corpus");
    let out = work.path().join("whole");
    let corpus_arg = corpus.to_str().expect("utf-8 path");
    let synth = run_in(&root(), &["synth", "--facts", facts, "--out", corpus_arg]);
    assert_eq!(synth.code, Some(0), "{}", synth.stderr);
    let export = export_quietly(&corpus, &out, &[]);
    assert_eq!(export.code, Some(0), "{}", export.stderr);
    Synthetic {
        work,
        corpus,
        out,
        stdout: export.stdout,
    }
}

/// The folders in `dir`, sorted by name: one test case each.
pub(crate) fn case_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(dir)
        .expect("a folder of cases")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

/// A case's name: its folder's.
pub(crate) fn case_name(case: &Path) -> String {
    case.file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned()
}

/// The case's `expected-stderr` (empty where it has none); with `bless`, first written from
/// `actual`.
pub(crate) fn expected_stderr(case: &Path, actual: &str, bless: bool) -> String {
    let path = case.join("expected-stderr");
    if bless {
        fs::write(&path, actual).expect("bless");
    }
    fs::read_to_string(&path).unwrap_or_default()
}

/// How `run` differs from exiting with `code`, printing nothing on stdout and exactly
/// `expected` on stderr: one message a difference, each naming the case `name`.
pub(crate) fn differences(name: &str, run: &Run, code: i32, expected: &str) -> Vec<String> {
    let mut failures = Vec::new();
    if run.code != Some(code) {
        failures.push(format!(
            "{name}: exit status {:?}, expected {code}\n{}",
            run.code, run.stderr
        ));
    }
    if run.stderr != expected {
        failures.push(format!(
            "{name}: stderr differs\n--- expected\n{expected}--- actual\n{}",
            run.stderr
        ));
    }
    if !run.stdout.is_empty() {
        failures.push(format!(
            "{name}: stdout should be empty, got {}",
            run.stdout
        ));
    }
    failures
}

/// Copies a directory tree, replacing files that exist.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create dir");
    for entry in fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file below `dir` with its bytes.
pub(crate) fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(d) = todo.pop() {
        for entry in fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let bytes = fs::read(&path).expect("read");
                files.insert(path.strip_prefix(dir).expect("below").to_owned(), bytes);
            }
        }
    }
    files
}

/// The rows of a CSV file (a report's byte-order mark skipped), each a map from column name to
/// cell.
pub(crate) fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).expect("readable CSV");
    let header = reader.headers().expect("header").clone();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .map(String::from)
                .zip(r.expect("record").iter().map(String::from))
                .collect()
        })
        .collect()
}
