//! Writing outputs so that a failed run loses nothing.
//!
//! In: the output directory and, one by one, the files a run produces. Out: each file written
//! to a temporary file beside its target (`.NAME.sahel-kg-tmp`), flushed to disk, and put in
//! place only by `commit`, once every file of the run is complete. If the run fails before that
//! (bad data, a failing query, a full disk, a panic), the temporary files are removed, and so
//! are the directories the run created for its output, and the previous outputs stay byte for
//! byte as they were; temporary files left by a killed run are removed by the next one.
//!
//! The commit is all or nothing too, as far as the filesystem allows. A run's files belong
//! together (`index.html` shows the reports, `graph.sha256` fingerprints `graph.nq`), so a
//! directory half new and half old is worse than an old one, and while one rename within a
//! directory is atomic, a dozen are not. So `commit` first refuses what it can see would fail (a
//! target that is a directory) before anything moves, keeps each file it replaces (a second
//! hard link in a directory of its own), and when a rename fails part-way puts every kept file
//! back and removes every new one. Each file is still replaced by a single rename, so a reader
//! sees it wholly old or wholly new, and never missing where the filesystem has hard links.
//!
//! A process killed in the middle of its commit (Ctrl-C, the OOM killer, a power cut after the
//! kernel wrote the renames) cannot undo anything itself. So before the first rename, `commit`
//! writes a journal beside the kept files, listing each target and whether it had a previous
//! version, and it removes the journal once the last rename is done: that removal is the
//! moment the commit counts as done. The next run that opens the directory finds a journal
//! only if a commit was cut short, and undoes it from the journal and the kept files before
//! it does anything else, so the directory is again wholly as it was before the killed run.
//! Between the kill and that next run, the directory is half new, half old. The output folder
//! is committed and pulled like the corpus, so a journal is untrusted: it is checked whole
//! before anything is undone, and one that names anything but a regular file this tool writes
//! in the directory is refused, touching nothing (`plan_undo`, docs/security.md).
//!
//! What this does not do: remove files an earlier run wrote and this one did not (a deleted
//! query's report stays until you remove it).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::corpus_file::printable;
use crate::problem::{Problem, Problems};

const TMP_SUFFIX: &str = ".sahel-kg-tmp";

/// The directory where `commit` keeps the files it replaces: `.kept-RANDOM.sahel-kg-tmp`.
const KEPT_PREFIX: &str = ".kept-";

/// The journal of a commit in progress, inside its kept directory: for each target, `=` (it had
/// a previous version, kept beside the journal) or `+` (it is new), then its file name, then a
/// NUL byte, which no file name contains. Written whole as `JOURNAL.tmp`, then renamed.
const JOURNAL: &str = "journal";

/// `coverage.csv`: how much of each document the facts cover (`coverage.rs`).
pub const COVERAGE: &str = "coverage.csv";
/// `graph.jsonld`: the graph as JSON-LD.
pub const GRAPH_JSONLD: &str = "graph.jsonld";
/// `graph.nq`: the graph as N-Quads, each source's claims in a named graph.
pub const GRAPH_NQ: &str = "graph.nq";
/// `graph.nt`: the graph as sorted N-Triples, the one file `export --no-store` writes.
pub const GRAPH_NT: &str = "graph.nt";
/// `graph.sha256`: the SHA-256 of `graph.nq`'s canonical form, in `sha256sum`'s format.
pub const GRAPH_SHA256: &str = "graph.sha256";
/// `graph.ttl`: the graph as Turtle.
pub const GRAPH_TTL: &str = "graph.ttl";
/// `index.html`: the page that shows the reports.
pub const INDEX: &str = "index.html";
/// `network.dot`: the network picture's Graphviz source.
pub const NETWORK_DOT: &str = "network.dot";
/// `network.svg`: the network picture.
pub const NETWORK_SVG: &str = "network.svg";
/// `timeline.svg`: the timeline picture.
pub const TIMELINE_SVG: &str = "timeline.svg";

/// The files the pipeline writes besides one report per stored query (`NAME.csv`): a query
/// whose report would take one of these names is refused (`query::load`), since one file would
/// overwrite the other. `tests/commit.rs` checks the list against `output/`.
pub const BUILT_IN: &[&str] = &[
    COVERAGE,
    GRAPH_JSONLD,
    GRAPH_NQ,
    GRAPH_NT,
    GRAPH_SHA256,
    GRAPH_TTL,
    INDEX,
    NETWORK_DOT,
    NETWORK_SVG,
    TIMELINE_SVG,
];

/// Files being written, not yet in place.
#[derive(Debug)]
pub struct Staged {
    dir: PathBuf,
    /// The directories this run created for `dir`, deepest first: removed again if it fails.
    created: Vec<PathBuf>,
    files: Vec<(PathBuf, PathBuf)>,
    committed: bool,
}

impl Staged {
    /// Prepares `dir` (creating it and its missing parents if needed) and clears what killed
    /// runs left there (`clear_killed_runs`).
    pub fn new(dir: &Path) -> anyhow::Result<Self> {
        let created = dir
            .ancestors()
            .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
            .map(Path::to_owned)
            .collect();
        std::fs::create_dir_all(dir)
            .with_context(|| format!("could not create {}", dir.display()))?;
        clear_killed_runs(dir)?;
        Ok(Self {
            dir: dir.to_owned(),
            created,
            files: Vec::new(),
            committed: false,
        })
    }

    /// Writes `name` through `write` into its temporary file.
    pub fn write(
        &mut self,
        name: &str,
        write: impl FnOnce(&mut BufWriter<File>) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let mut file = self.create(name)?;
        write(&mut file.out)
            .with_context(|| format!("could not write {}", file.target.display()))?;
        file.finish()
    }

    /// Opens the temporary file of `name`, for a file written bit by bit alongside others;
    /// `StagedFile::finish` completes it.
    pub fn create(&mut self, name: &str) -> anyhow::Result<StagedFile> {
        let target = self.dir.join(name);
        // A second file of the same name would take the first one's temporary file, and the
        // commit would then miss it.
        anyhow::ensure!(
            self.files.iter().all(|(_, staged)| *staged != target),
            "{} would be written twice in one run",
            target.display()
        );
        let tmp = tmp_path(&self.dir, name);
        self.files.push((tmp.clone(), target.clone()));
        let file =
            File::create(&tmp).with_context(|| format!("could not create {}", tmp.display()))?;
        Ok(StagedFile {
            out: BufWriter::with_capacity(1 << 20, file),
            target,
        })
    }

    /// A directory for a run's own temporary files, inside the output directory (so on the
    /// disk the outputs go to), removed when dropped, and by the next run if this one is killed.
    pub fn scratch(&self) -> anyhow::Result<tempfile::TempDir> {
        tempfile::Builder::new()
            .prefix(".scratch-")
            .suffix(TMP_SUFFIX)
            .tempdir_in(&self.dir)
            .with_context(|| {
                format!(
                    "could not create a scratch directory in {}",
                    self.dir.display()
                )
            })
    }

    /// Moves every file into place, all or nothing (see the module comment): when it fails,
    /// the directory is as it was before.
    pub fn commit(mut self) -> anyhow::Result<Vec<PathBuf>> {
        for (_, target) in &self.files {
            anyhow::ensure!(
                !std::fs::symlink_metadata(target).is_ok_and(|m| m.is_dir()),
                "could not move {} into place: a directory has that name",
                target.display()
            );
        }
        let (kept, journal) = self.begin_commit()?;
        let mut done = Vec::new();
        for (tmp, target) in &self.files {
            if let Err(error) = replace(tmp, target, kept.path(), &mut done) {
                let not_restored = undo(&done);
                if not_restored.is_empty() {
                    return Err(error);
                }
                return Err(error.context(format!(
                    "could not undo the commit for {}; the previous files are in {}",
                    not_restored.join(", "),
                    kept.keep().display()
                )));
            }
        }
        // The commit is done: from here on, a killed process leaves the new files in place.
        std::fs::remove_file(&journal)
            .with_context(|| format!("could not remove {}", journal.display()))?;
        self.committed = true;
        Ok(self
            .files
            .iter()
            .map(|(_, target)| target.clone())
            .collect())
    }

    /// The kept directory and the journal a commit starts with (see `undo_interrupted`).
    fn begin_commit(&self) -> anyhow::Result<(tempfile::TempDir, PathBuf)> {
        // Inside the output directory, so on its filesystem: keeping a file and putting it back
        // are a link and a rename, which copy nothing and need no space.
        let kept = tempfile::Builder::new()
            .prefix(KEPT_PREFIX)
            .suffix(TMP_SUFFIX)
            .tempdir_in(&self.dir)
            .with_context(|| format!("could not create a directory in {}", self.dir.display()))?;
        let journal = write_journal(kept.path(), &self.files)?;
        Ok((kept, journal))
    }
}

/// What `commit` did to one target: the target, and where its previous version is kept (none
/// if it had none).
type Done<'a> = (&'a Path, Option<PathBuf>);

/// Writes the journal of the commit about to move `files` (temporary file, target) into place,
/// flushed to disk, and returns its path.
fn write_journal(kept: &Path, files: &[(PathBuf, PathBuf)]) -> anyhow::Result<PathBuf> {
    let mut text = Vec::new();
    for (_, target) in files {
        let had_previous = std::fs::symlink_metadata(target).is_ok();
        text.push(if had_previous { b'=' } else { b'+' });
        text.extend_from_slice(name_of(target).as_bytes());
        text.push(0);
    }
    let journal = kept.join(JOURNAL);
    let tmp = kept.join(format!("{JOURNAL}.tmp"));
    let written = File::create(&tmp)
        .and_then(|mut file| {
            file.write_all(&text)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, &journal));
    written.with_context(|| format!("could not write {}", journal.display()))?;
    Ok(journal)
}

/// Where `name` is written in `dir` until the commit: `create` writes it there, and the undo of
/// a killed commit looks there to tell whether a new file was moved into place yet.
fn tmp_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!(".{name}{TMP_SUFFIX}"))
}

/// Treats a file that is already gone as removed, or as already moved back: what undoing
/// needs, since a run may have been stopped before it reached that file.
fn gone_is_done(result: std::io::Result<()>) -> std::io::Result<()> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// The file name of a target `Staged` made from a `&str`, so always valid UTF-8.
fn name_of(target: &Path) -> &str {
    target
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default()
}

/// Clears what killed runs left in `dir`: first undoes the commit of a run killed in the middle
/// of it, if there is one, so that `dir` is again as it was before that run; then removes
/// every temporary file and directory. `export` calls it before any other work, so that even a
/// run that then fails (bad data) leaves the directory as the last finished run left it;
/// `Staged::new` calls it too.
///
/// The output folder is committed and pulled like the corpus, so what it holds is not trusted:
/// every journal is checked whole before any of them is carried out (`plan_undo`), and one
/// that names anything but a file this tool could have written in `dir` is refused as
/// `Problems`, with nothing touched.
pub fn clear_killed_runs(dir: &Path) -> anyhow::Result<()> {
    let list = || match std::fs::read_dir(dir) {
        Ok(entries) => Ok(Some(entries)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("could not list {}", dir.display())),
    };
    let Some(entries) = list()? else {
        return Ok(());
    };
    // The undo needs the kept files, which the loop below removes.
    let mut kept_dirs: Vec<PathBuf> = entries
        .flatten()
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.starts_with(KEPT_PREFIX) && name.ends_with(TMP_SUFFIX)
        })
        .map(|entry| entry.path())
        .collect();
    kept_dirs.sort();
    let mut problems = Vec::new();
    let mut plans = Vec::new();
    for kept in kept_dirs {
        match plan_undo(dir, &kept)? {
            Ok(Some(plan)) => plans.push((kept, plan)),
            Ok(None) => {}
            Err(found) => problems.extend(found),
        }
    }
    Problems(problems).into_result()?;
    for (kept, plan) in plans {
        undo_interrupted(dir, &kept, &plan)?;
    }
    for entry in list()?.into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().ends_with(TMP_SUFFIX) {
            let path = entry.path();
            // Not followed: a link is removed, never what it points to.
            let removed = if entry.file_type().is_ok_and(|t| t.is_dir()) {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            removed.with_context(|| format!("could not remove the stale {}", path.display()))?;
        }
    }
    Ok(())
}

/// The largest journal read: a commit's journal holds a file name per output file, a few
/// kilobytes even with thousands of stored queries.
const JOURNAL_MAX_BYTES: u64 = 1 << 20;

/// One entry of a journal that passed `plan_undo`: whether the target had a previous version
/// (`=`), and the target's file name.
type Planned = (bool, String);

/// Reads and checks the journal a killed run left in `kept`, touching nothing: `None` when
/// there is none (the commit finished, or never started); the entries to undo when every one
/// names a file this tool could have written in `dir` (a plain name, `NAME.csv` or one of
/// `BUILT_IN`) and every file the undo would remove or put back is a regular file in its
/// folder, not a link; otherwise every problem found, each at its entry (the journal's lines
/// are its NUL-terminated entries).
fn plan_undo(
    dir: &Path,
    kept: &Path,
) -> anyhow::Result<Result<Option<Vec<Planned>>, Vec<Problem>>> {
    let refused = |file: &Path, line: Option<u64>, message: String| {
        let nothing_done = Problem::file(
            kept.display().to_string(),
            format!(
                "a killed run's commit journal that sahel-kg did not write: nothing of it was \
                 undone; check {}, then remove this folder",
                dir.display()
            ),
        );
        let mut problem = Problem::file(file.display().to_string(), message);
        problem.line = line;
        vec![nothing_done, problem]
    };
    let kept_type = std::fs::symlink_metadata(kept)
        .with_context(|| format!("could not read {}", kept.display()))?
        .file_type();
    if !kept_type.is_dir() {
        if kept_type.is_symlink() {
            return Ok(Err(refused(
                kept,
                None,
                "a symbolic link: expected the folder of its own where sahel-kg keeps the files \
                 a commit replaces"
                    .to_owned(),
            )));
        }
        // A file with the kept directories' name holds no journal: removed as stale.
        return Ok(Ok(None));
    }
    let journal = kept.join(JOURNAL);
    let metadata = match std::fs::symlink_metadata(&journal) {
        Ok(metadata) => metadata,
        // No journal: the commit finished (or never started) before the kill.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Ok(None)),
        Err(e) => {
            return Err(e).with_context(|| format!("could not read {}", journal.display()));
        }
    };
    if !metadata.is_file() || metadata.len() > JOURNAL_MAX_BYTES {
        let what = if metadata.is_file() {
            "a file of more than 1 MiB".to_owned()
        } else {
            format!("{}, not a file", kind(&metadata))
        };
        return Ok(Err(refused(
            &journal,
            None,
            format!("{what}: expected the journal sahel-kg writes, the file names of one commit"),
        )));
    }
    let text =
        std::fs::read(&journal).with_context(|| format!("could not read {}", journal.display()))?;
    let mut entries: Vec<&[u8]> = text.split(|&b| b == 0).collect();
    if entries.last().is_some_and(|last| last.is_empty()) {
        entries.pop();
    }
    let mut problems = Vec::new();
    let mut plan = Vec::new();
    for (line, entry) in (1..).zip(entries) {
        match check_entry(dir, kept, entry) {
            Ok(planned) => plan.push(planned),
            Err(message) => problems.extend(refused(&journal, Some(line), message)),
        }
    }
    Ok(if problems.is_empty() {
        Ok(Some(plan))
    } else {
        Err(problems)
    })
}

/// Checks one journal entry (`=NAME` or `+NAME`, see `JOURNAL`): what `plan_undo` accepts.
fn check_entry(dir: &Path, kept: &Path, entry: &[u8]) -> Result<Planned, String> {
    let shown = printable(&String::from_utf8_lossy(entry));
    let (had_previous, name) = match entry.split_first() {
        Some((b'=', name)) => (true, name),
        Some((b'+', name)) => (false, name),
        _ => {
            return Err(format!(
                "`{shown}`: expected `=` (a file the commit kept) or `+` (a file it added), \
                 then a file name"
            ));
        }
    };
    let plain = std::str::from_utf8(name).ok().filter(|name| {
        let mut components = Path::new(name).components();
        matches!(components.next(), Some(std::path::Component::Normal(n)) if n == *name)
            && components.next().is_none()
            && !name.contains('\\')
            && (Path::new(name).extension().is_some_and(|e| e == "csv") || BUILT_IN.contains(name))
    });
    let Some(name) = plain else {
        return Err(format!(
            "`{shown}` names `{}`, which is not a file sahel-kg writes in {}: expected a plain \
             file name (`NAME.csv`, `graph.nq`, ...), without `/`, not `.` or `..`, not empty",
            printable(&String::from_utf8_lossy(name)),
            dir.display()
        ));
    };
    // The undo renames the kept file over the target, or removes the target: each must be a
    // regular file where it is, or nothing, never a link to elsewhere.
    let mut touched = vec![(dir.join(name), "a regular file sahel-kg wrote")];
    if had_previous {
        touched.push((kept.join(name), "the regular file sahel-kg kept"));
    }
    for (path, expected) in touched {
        match std::fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.is_file() => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Ok(metadata) => {
                return Err(format!(
                    "`{shown}`: {} is {}: expected {expected}, or nothing",
                    path.display(),
                    kind(&metadata)
                ));
            }
            Err(e) => return Err(format!("`{shown}`: could not read {}: {e}", path.display())),
        }
    }
    Ok((had_previous, name.to_owned()))
}

/// What a file that is not a regular one is, for a message: the links it may be are not
/// followed.
fn kind(metadata: &std::fs::Metadata) -> &'static str {
    let t = metadata.file_type();
    if t.is_symlink() {
        "a symbolic link"
    } else if t.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// Undoes the commit a killed run left in `dir` from its kept directory `kept` and the journal
/// `plan_undo` read and checked: every kept file back in place, every new file that had no
/// previous version removed (when its temporary file is gone, it was moved into place), then
/// the journal. Leaves the rest of `kept` for the caller to clear.
fn undo_interrupted(dir: &Path, kept: &Path, plan: &[Planned]) -> anyhow::Result<()> {
    let journal = kept.join(JOURNAL);
    let mut not_restored = Vec::new();
    for (had_previous, name) in plan {
        let target = dir.join(name);
        let undone = if *had_previous {
            // Not kept: the killed run never reached this file.
            gone_is_done(std::fs::rename(kept.join(name), &target))
        } else if std::fs::symlink_metadata(tmp_path(dir, name)).is_err() {
            gone_is_done(std::fs::remove_file(&target))
        } else {
            Ok(())
        };
        if let Err(e) = undone {
            not_restored.push(format!("{} ({e})", target.display()));
        }
    }
    anyhow::ensure!(
        not_restored.is_empty(),
        "a killed run left its commit in {} half done, and it could not be undone for {}; \
         the previous files are in {}",
        dir.display(),
        not_restored.join(", "),
        kept.display()
    );
    // Undone: a later run must not undo it again, over files written since.
    std::fs::remove_file(&journal)
        .with_context(|| format!("could not remove {}", journal.display()))
}

/// Puts `tmp` in place of `target`, first keeping any previous `target` in `kept`. The target
/// goes to `done` before the rename, so that `undo` also covers a rename that failed.
fn replace<'a>(
    tmp: &Path,
    target: &'a Path,
    kept: &Path,
    done: &mut Vec<Done<'a>>,
) -> anyhow::Result<()> {
    let previous = match std::fs::symlink_metadata(target) {
        Ok(_) => {
            let keep = kept.join(name_of(target));
            // A second link leaves the target in place until the rename replaces it; where
            // links are not supported, the target moves aside and is briefly missing.
            std::fs::hard_link(target, &keep)
                .or_else(|_| std::fs::rename(target, &keep))
                .with_context(|| format!("could not keep {} aside", target.display()))?;
            Some(keep)
        }
        Err(_) => None,
    };
    done.push((target, previous));
    std::fs::rename(tmp, target)
        .with_context(|| format!("could not move {} into place", target.display()))
}

/// Undoes `replace`, last first: each previous file back in place, each new file that had none
/// removed. Returns the targets it could not restore, with why.
fn undo(done: &[Done<'_>]) -> Vec<String> {
    done.iter()
        .rev()
        .filter_map(|(target, previous)| {
            let undone = match previous {
                Some(previous) => std::fs::rename(previous, target),
                None => gone_is_done(std::fs::remove_file(target)),
            };
            undone.err().map(|e| format!("{} ({e})", target.display()))
        })
        .collect()
}

/// One file being written into its temporary place.
#[derive(Debug)]
pub struct StagedFile {
    out: BufWriter<File>,
    target: PathBuf,
}

impl Write for StagedFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf).map_err(|e| self.named(&e))
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.out.write_all(buf).map_err(|e| self.named(&e))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush().map_err(|e| self.named(&e))
    }
}

impl StagedFile {
    /// The error with the file it happened to: the writers' own errors (a full disk, above
    /// all, which the graph files of a big corpus can fill) name no file.
    fn named(&self, e: &std::io::Error) -> std::io::Error {
        std::io::Error::new(
            e.kind(),
            format!("could not write {}: {e}", self.target.display()),
        )
    }
}

impl StagedFile {
    /// Flushes the file to disk; it moves into place when the run commits.
    pub fn finish(self) -> anyhow::Result<()> {
        let target = self.target;
        let file = self
            .out
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)
            .with_context(|| format!("could not write {}", target.display()))?;
        file.sync_all()
            .with_context(|| format!("could not flush {} to disk", target.display()))?;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        for (tmp, _) in &self.files {
            let _ = std::fs::remove_file(tmp);
        }
        // Deepest first; a directory that is not empty (someone else wrote there) stays, and
        // so do its parents.
        for dir in &self.created {
            if std::fs::remove_dir(dir).is_err() {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run staged in `dir` that has written one file, `name`, holding `text`.
    fn staged_with(dir: &Path, name: &str, text: &str) -> Staged {
        let mut staged = Staged::new(dir).unwrap();
        staged
            .write(name, |out| Ok(out.write_all(text.as_bytes())?))
            .unwrap();
        staged
    }

    #[test]
    fn a_failed_run_leaves_the_old_files_and_no_temporary_ones() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.csv"), "old").unwrap();
        let mut staged = staged_with(dir.path(), "a.csv", "new");
        let failed = staged.write("b.csv", |_| anyhow::bail!("disk full"));
        assert!(failed.is_err());
        drop(staged);
        assert_eq!(contents(dir.path()), [("a.csv".into(), "old".into())]);
    }

    #[test]
    fn a_full_disk_names_the_file_being_written() {
        // /dev/full answers every write with ENOSPC, as a full disk does.
        let mut file = StagedFile {
            out: BufWriter::with_capacity(1 << 20, File::create("/dev/full").unwrap()),
            target: PathBuf::from("out/graph.nq"),
        };
        let error = file.write_all(&vec![b'.'; 3 << 20]).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::StorageFull);
        assert_eq!(
            error.to_string(),
            "could not write out/graph.nq: No space left on device (os error 28)"
        );
    }

    #[test]
    fn commit_puts_every_file_in_place() {
        let dir = tempfile::tempdir().unwrap();
        staged_with(&dir.path().join("out"), "a.csv", "new")
            .commit()
            .unwrap();
        assert_eq!(
            contents(&dir.path().join("out")),
            [("a.csv".into(), "new".into())]
        );
    }

    #[test]
    fn a_failed_run_removes_the_directories_it_created_and_no_others() {
        let dir = tempfile::tempdir().unwrap();
        drop(staged_with(&dir.path().join("fresh/sub"), "a.csv", "new"));
        assert!(dir.path().exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_file_staged_twice_is_refused_before_it_overwrites_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let mut staged = staged_with(dir.path(), "coverage.csv", "report");
        let twice = staged.write("coverage.csv", |out| Ok(out.write_all(b"coverage")?));
        assert_eq!(
            twice.unwrap_err().to_string(),
            format!(
                "{} would be written twice in one run",
                dir.path().join("coverage.csv").display()
            )
        );
        staged.commit().unwrap();
        assert_eq!(
            contents(dir.path()),
            [("coverage.csv".into(), "report".into())]
        );
    }

    #[test]
    fn temporary_files_of_a_killed_run_are_cleared() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".a.csv.sahel-kg-tmp"), "half").unwrap();
        let scratch = dir.path().join(".scratch-x1.sahel-kg-tmp");
        std::fs::create_dir(&scratch).unwrap();
        std::fs::write(scratch.join("run-0.nt"), "half").unwrap();
        drop(Staged::new(dir.path()).unwrap());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    /// The files of a directory and what they hold, hidden ones included.
    fn contents(dir: &Path) -> Vec<(String, String)> {
        let mut found: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let text = std::fs::read_to_string(e.path()).unwrap_or_else(|_| "(dir)".into());
                (e.file_name().to_string_lossy().into_owned(), text)
            })
            .collect();
        found.sort();
        found
    }

    /// A run that replaces `a.csv` and `b.csv` and adds `c.csv`, staged in `dir` (which holds
    /// the old `a.csv` and `b.csv`), and killed after its commit moved `moved` files into
    /// place: no destructor runs, as when the process is killed.
    fn kill_commit_after(dir: &Path, moved: usize) {
        std::fs::write(dir.join("a.csv"), "old a").unwrap();
        std::fs::write(dir.join("b.csv"), "old b").unwrap();
        let mut staged = Staged::new(dir).unwrap();
        for name in ["a.csv", "b.csv", "c.csv"] {
            staged
                .write(name, |out| Ok(write!(out, "new {}", &name[..1])?))
                .unwrap();
        }
        let (kept, _journal) = staged.begin_commit().unwrap();
        let mut done = Vec::new();
        for (tmp, target) in staged.files.iter().take(moved) {
            replace(tmp, target, kept.path(), &mut done).unwrap();
        }
        let _ = kept.keep();
        std::mem::forget(staged);
    }

    #[test]
    fn the_next_run_undoes_a_commit_killed_after_any_number_of_renames() {
        let old = [
            ("a.csv".into(), "old a".into()),
            ("b.csv".into(), "old b".into()),
        ];
        for moved in 0..=3 {
            let dir = tempfile::tempdir().unwrap();
            kill_commit_after(dir.path(), moved);
            // the killed run's state: half new, half old, with the kept files and the journal
            let left = contents(dir.path());
            assert!(left.iter().any(|(name, _)| name.starts_with(KEPT_PREFIX)));
            if moved > 0 {
                assert_ne!(left, old, "after {moved} renames");
            }
            drop(Staged::new(dir.path()).unwrap());
            assert_eq!(contents(dir.path()), old, "after {moved} renames");
        }
    }

    #[test]
    fn a_run_killed_after_its_commit_finished_keeps_the_new_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.csv"), "old a").unwrap();
        staged_with(dir.path(), "a.csv", "new a").commit().unwrap();
        // killed after the journal went but before the kept directory did
        let kept = dir.path().join(".kept-x1.sahel-kg-tmp");
        std::fs::create_dir(&kept).unwrap();
        std::fs::hard_link(dir.path().join("a.csv"), kept.join("a.csv")).unwrap();
        drop(Staged::new(dir.path()).unwrap());
        assert_eq!(contents(dir.path()), [("a.csv".into(), "new a".into())]);
    }

    #[test]
    fn a_journal_entry_without_its_mark_stops_the_run_and_keeps_the_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.csv"), "new a").unwrap();
        let kept = dir.path().join(".kept-x1.sahel-kg-tmp");
        std::fs::create_dir(&kept).unwrap();
        std::fs::write(kept.join("b.csv"), "old b").unwrap();
        std::fs::write(kept.join(JOURNAL), b"=b.csv\0?a.csv\0").unwrap();
        let before = contents(dir.path());
        let error = Staged::new(dir.path()).unwrap_err().to_string();
        assert_eq!(
            error,
            format!(
                "{kept}: a killed run's commit journal that sahel-kg did not write: nothing of \
                 it was undone; check {dir}, then remove this folder\n\
                 {kept}/journal:2: `?a.csv`: expected `=` (a file the commit kept) or `+` (a \
                 file it added), then a file name\n\
                 2 problems found; nothing was written",
                kept = kept.display(),
                dir = dir.path().display(),
            )
        );
        assert_eq!(contents(dir.path()), before);
        assert_eq!(
            std::fs::read_to_string(kept.join("b.csv")).unwrap(),
            "old b"
        );
    }

    #[test]
    fn a_journal_larger_than_any_commit_writes_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join(".kept-x1.sahel-kg-tmp");
        std::fs::create_dir(&kept).unwrap();
        let big = b"+a.csv\0".repeat(200_000);
        std::fs::write(kept.join(JOURNAL), big).unwrap();
        let error = Staged::new(dir.path()).unwrap_err().to_string();
        assert!(
            error.contains("journal: a file of more than 1 MiB: expected the journal"),
            "{error}"
        );
        assert!(kept.join(JOURNAL).exists());
    }

    #[test]
    fn a_scratch_directory_goes_when_dropped_and_is_never_committed() {
        let dir = tempfile::tempdir().unwrap();
        let mut staged = Staged::new(dir.path()).unwrap();
        let scratch = staged.scratch().unwrap();
        std::fs::write(scratch.path().join("run-0.nt"), "run").unwrap();
        staged
            .write("graph.nt", |out| Ok(out.write_all(b"graph")?))
            .unwrap();
        drop(scratch);
        staged.commit().unwrap();
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["graph.nt"]);
    }
}
