//! Changing the corpus all or nothing, and only inside it.
//!
//! In: the seeds directory and what a command writes there: tables edited with `csv_edit` and
//! new files (a document's copy). Out: every file in place, or none changed.
//!
//! How: every target is a plain relative name checked to stay inside the seeds directory (no
//! `..`, no absolute path, no hidden name, no symbolic link on the way: a link could lead out of
//! it), so no path taken from a cell or an argument is ever joined unchecked. Each new content is
//! written to a temporary file beside its target and flushed to disk; then each target is
//! checked to be exactly as it was read (the same bytes, or still absent for a new file), so an
//! edit made meanwhile in a spreadsheet is never overwritten: sahel-kg refuses and writes
//! nothing. Only then is each temporary file renamed over its target (a new file never replaces
//! one that appeared meanwhile), and the directories are flushed. A rename that fails puts back
//! what the earlier ones replaced and removes what they created. `preview` lays out the corpus
//! as it would be, for validation before anything is written.
//!
//! What this does not do: survive a kill between two renames (each file is whole, old or new,
//! but the set may be half done; validation says what is missing), or lock the files against
//! other writers (the check before the renames narrows the window to the renames themselves).

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::csv_edit::CsvFile;

/// The suffix of the temporary files written beside their targets.
const TMP_SUFFIX: &str = ".sahel-kg-tmp";

/// The seeds directory: where a command may write, and nowhere else.
#[derive(Debug, Clone)]
pub(crate) struct Seeds {
    /// As the user named it, for messages (`seeds`).
    shown: PathBuf,
    /// Its canonical path, what every target is built from.
    real: PathBuf,
}

impl Seeds {
    /// The seeds directory `dir`; a missing one is an error.
    pub(crate) fn open(dir: &Path) -> anyhow::Result<Self> {
        anyhow::ensure!(
            dir.is_dir(),
            "no annotations directory at {} (use --seeds DIR)",
            dir.display()
        );
        let real = dir
            .canonicalize()
            .with_context(|| format!("could not resolve {}", dir.display()))?;
        Ok(Self {
            shown: dir.to_owned(),
            real,
        })
    }

    /// `name` as the user would write it (`seeds/documents/005_x.txt`).
    pub(crate) fn shown(&self, name: &str) -> String {
        self.shown.join(name).display().to_string()
    }

    /// The path of `name` (`/`-separated plain names) inside the seeds directory, refused when
    /// it could lead anywhere else or is not a regular file where one is expected.
    pub(crate) fn path(&self, name: &str) -> anyhow::Result<PathBuf> {
        self.resolve(name, false)
    }

    /// `path` for a file, or with `dir` for a directory.
    fn resolve(&self, name: &str, dir: bool) -> anyhow::Result<PathBuf> {
        let parts: Vec<&str> = name.split('/').collect();
        if let Some(bad) = parts.iter().find(|part| {
            part.is_empty()
                || part.starts_with('.')
                || part.contains(['\\', '\0'])
                || Path::new(part).components().count() != 1
        }) {
            anyhow::bail!(
                "`{name}` is not a plain name inside {} (`{bad}`): sahel-kg writes only there",
                self.shown.display()
            );
        }
        let mut path = self.real.clone();
        for (i, part) in parts.iter().enumerate() {
            path.push(part);
            let last = i + 1 == parts.len();
            let shown = self.shown(&parts[..=i].join("/"));
            match fs::symlink_metadata(&path) {
                Ok(m) if m.file_type().is_symlink() => anyhow::bail!(
                    "{shown} is a symbolic link: sahel-kg writes only inside {} and does not follow links there",
                    self.shown.display()
                ),
                Ok(m) if (!last || dir) && !m.is_dir() => {
                    anyhow::bail!("{shown} is not a directory")
                }
                Ok(m) if last && !dir && !m.is_file() => {
                    anyhow::bail!("{shown} is not a regular file")
                }
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e).with_context(|| format!("could not read {shown}")),
            }
        }
        Ok(path)
    }

    /// The bytes of `name`, or `None` when it does not exist.
    pub(crate) fn read(&self, name: &str) -> anyhow::Result<Option<Vec<u8>>> {
        let path = self.path(name)?;
        match fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).with_context(|| format!("could not read {}", self.shown(name))),
        }
    }

    /// The table `name` as read, or a new one with `header` when it does not exist.
    pub(crate) fn table(&self, name: &str, header: &[&str]) -> anyhow::Result<CsvFile> {
        let Some(bytes) = self.read(name)? else {
            return Ok(CsvFile::new(header));
        };
        let table = CsvFile::parse(bytes.clone())
            .with_context(|| format!("could not read {}", self.shown(name)))?;
        Ok(if table.header().is_empty() {
            CsvFile::new_over(header, bytes)
        } else {
            table
        })
    }

    /// The names directly inside the subdirectory `dir` (`documents`), hidden ones left out;
    /// none when it does not exist.
    pub(crate) fn list(&self, dir: &str) -> anyhow::Result<Vec<String>> {
        let path = self.resolve(dir, true)?;
        let entries = match fs::read_dir(&path) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e).with_context(|| format!("could not read {}", self.shown(dir))),
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.with_context(|| format!("could not read {}", self.shown(dir)))?;
            if let Ok(name) = entry.file_name().into_string() {
                if !name.starts_with('.') {
                    names.push(name);
                }
            }
        }
        names.sort();
        Ok(names)
    }
}

/// One file to write.
#[derive(Debug)]
struct Pending {
    /// Its name inside the seeds directory.
    name: String,
    /// What it will hold.
    bytes: Vec<u8>,
    /// What it held when it was read; `None` for a new file, which must not exist.
    was: Option<Vec<u8>>,
}

/// The files a command writes, written together or not at all (see the module comment).
#[derive(Debug)]
pub(crate) struct Changes<'s> {
    seeds: &'s Seeds,
    writes: Vec<Pending>,
}

impl<'s> Changes<'s> {
    /// No change yet.
    pub(crate) fn new(seeds: &'s Seeds) -> Self {
        Self {
            seeds,
            writes: Vec::new(),
        }
    }

    /// A table's edits, written over the bytes it was read from (or as a new file). Files are
    /// renamed in the order given: a new document before the table that names it.
    pub(crate) fn table(&mut self, name: &str, table: &CsvFile) {
        if table.is_edited() {
            self.writes.push(Pending {
                name: name.to_owned(),
                bytes: table.bytes(),
                was: table.exists().then(|| table.original().to_vec()),
            });
        }
    }

    /// A new file, which must not exist.
    pub(crate) fn create(&mut self, name: &str, bytes: Vec<u8>) {
        self.writes.push(Pending {
            name: name.to_owned(),
            bytes,
            was: None,
        });
    }

    /// Every target that is no longer as it was read, each named; nothing when all are.
    fn check(&self) -> anyhow::Result<()> {
        let mut changed = Vec::new();
        for write in &self.writes {
            let now = self.seeds.read(&write.name)?;
            match (&write.was, now) {
                (None, Some(_)) => changed.push(format!(
                    "{} exists now: another program made it while sahel-kg ran",
                    self.seeds.shown(&write.name)
                )),
                (Some(_), None) => changed.push(format!(
                    "{} is gone: another program removed it while sahel-kg ran",
                    self.seeds.shown(&write.name)
                )),
                (Some(was), Some(now)) if *was != now => changed.push(format!(
                    "{} changed since sahel-kg read it: another program or person saved it meanwhile",
                    self.seeds.shown(&write.name)
                )),
                _ => {}
            }
        }
        anyhow::ensure!(
            changed.is_empty(),
            "{}; nothing was written: run the command again",
            changed.join("; ")
        );
        Ok(())
    }

    /// The corpus as it would be with these changes, in a temporary directory (inside the
    /// seeds directory when it can be, so that every other file is a hard link, not a copy):
    /// what validation reads before anything is written. Removed when dropped.
    pub(crate) fn preview(&self) -> anyhow::Result<tempfile::TempDir> {
        let preview = tempfile::Builder::new()
            .prefix(".sahel-kg-preview-")
            .tempdir_in(&self.seeds.real)
            .or_else(|_| tempfile::tempdir())
            .context("could not make a temporary directory to validate the changes in")?;
        mirror(&self.seeds.real, preview.path(), true)?;
        for write in &self.writes {
            let path = preview.path().join(&write.name);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)
                    .with_context(|| format!("could not create {}", parent.display()))?;
            }
            // A hard link shares its bytes with the seeds' file: unlink it before writing.
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(e).with_context(|| format!("could not replace {}", path.display()));
                }
            }
            fs::write(&path, &write.bytes)
                .with_context(|| format!("could not write {}", path.display()))?;
        }
        Ok(preview)
    }

    /// Writes every change, all or nothing (see the module comment).
    pub(crate) fn commit(self) -> anyhow::Result<()> {
        self.commit_with(|_| {})
    }

    /// `commit`, calling `before_rename` with each file's index just before it is renamed
    /// into place: for tests of what happens when the world changes half-way.
    fn commit_with(self, mut before_rename: impl FnMut(usize)) -> anyhow::Result<()> {
        let targets = self
            .writes
            .iter()
            .map(|w| self.seeds.path(&w.name))
            .collect::<anyhow::Result<Vec<_>>>()?;
        self.check()?;
        let mut made_dirs = Vec::new();
        let staged = self.stage(&targets, &mut made_dirs);
        let staged = match staged.and_then(|staged| self.check().map(|()| staged)) {
            Ok(staged) => staged,
            Err(e) => {
                remove_dirs(&made_dirs);
                return Err(e);
            }
        };
        let mut done: Vec<usize> = Vec::new();
        for (i, (temp, target)) in staged.into_iter().zip(&targets).enumerate() {
            before_rename(i);
            let placed = if self.writes[i].was.is_some() {
                temp.persist(target).map(drop)
            } else {
                temp.persist_noclobber(target).map(drop)
            };
            if let Err(e) = placed {
                let undone = self.undo(&done, &targets);
                remove_dirs(&made_dirs);
                let shown = self.seeds.shown(&self.writes[i].name);
                return Err(anyhow::Error::new(e.error).context(match undone {
                    Ok(()) => format!("could not write {shown}; nothing was written"),
                    Err(undo) => format!(
                        "could not write {shown}, and putting back what was already written failed too ({undo:#}): check the files it names"
                    ),
                }));
            }
            done.push(i);
        }
        let mut dirs: Vec<&Path> = targets.iter().filter_map(|t| t.parent()).collect();
        dirs.sort_unstable();
        dirs.dedup();
        for dir in dirs {
            sync_dir(dir);
        }
        Ok(())
    }

    /// Each new content in a temporary file beside its target, flushed to disk; the
    /// directories a new file needs are made (and listed in `made_dirs`).
    fn stage(
        &self,
        targets: &[PathBuf],
        made_dirs: &mut Vec<PathBuf>,
    ) -> anyhow::Result<Vec<tempfile::NamedTempFile>> {
        let mut staged = Vec::with_capacity(targets.len());
        for (write, target) in self.writes.iter().zip(targets) {
            let dir = target.parent().unwrap_or(&self.seeds.real);
            let mut missing: Vec<&Path> = dir.ancestors().take_while(|d| !d.exists()).collect();
            missing.reverse();
            for d in missing {
                fs::create_dir(d).with_context(|| format!("could not create {}", d.display()))?;
                made_dirs.push(d.to_owned());
            }
            let shown = self.seeds.shown(&write.name);
            let mut builder = tempfile::Builder::new();
            builder.prefix(".").suffix(TMP_SUFFIX);
            // The temporary file is the owner's alone; the file it becomes keeps the
            // permissions it had, and a new one gets the usual ones (the umask applied).
            #[cfg(unix)]
            if write.was.is_none() {
                use std::os::unix::fs::PermissionsExt;
                builder.permissions(fs::Permissions::from_mode(0o666));
            }
            let mut temp = builder
                .tempfile_in(dir)
                .with_context(|| format!("could not write beside {shown}"))?;
            if write.was.is_some() {
                let kept = fs::metadata(target).map(|m| m.permissions());
                kept.and_then(|p| fs::set_permissions(temp.path(), p))
                    .with_context(|| format!("could not write beside {shown}"))?;
            }
            temp.write_all(&write.bytes)
                .and_then(|()| temp.as_file().sync_all())
                .with_context(|| format!("could not write beside {shown}"))?;
            staged.push(temp);
        }
        Ok(staged)
    }

    /// Puts back what the writes `done` replaced and removes what they created.
    fn undo(&self, done: &[usize], targets: &[PathBuf]) -> anyhow::Result<()> {
        let mut failed = Vec::new();
        for &i in done.iter().rev() {
            let target = &targets[i];
            let result = match &self.writes[i].was {
                Some(was) => put_back(target, was),
                None => fs::remove_file(target).map_err(anyhow::Error::from),
            };
            if let Err(e) = result {
                failed.push(format!("{}: {e:#}", self.seeds.shown(&self.writes[i].name)));
            }
        }
        anyhow::ensure!(failed.is_empty(), "{}", failed.join("; "));
        Ok(())
    }
}

/// Writes `bytes` over `target` through a temporary file and a rename.
fn put_back(target: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".")
        .suffix(TMP_SUFFIX)
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// Removes the directories a failed commit made, deepest first, if they are empty.
fn remove_dirs(dirs: &[PathBuf]) {
    for dir in dirs.iter().rev() {
        let _ = fs::remove_dir(dir);
    }
}

/// Flushes a directory's entries (the renames) to disk, where the system allows it.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Every non-hidden file of `from` in `to`, and with `deep`, of its subdirectories one level
/// down (the documents, the per-source facts): hard links where the filesystem allows them,
/// copies elsewhere.
fn mirror(from: &Path, to: &Path, deep: bool) -> anyhow::Result<()> {
    let could_not = || format!("could not read {}", from.display());
    for entry in fs::read_dir(from).with_context(could_not)? {
        let entry = entry.with_context(could_not)?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let (source, target) = (entry.path(), to.join(&name));
        if source.is_dir() {
            if deep {
                fs::create_dir(&target)
                    .with_context(|| format!("could not create {}", target.display()))?;
                mirror(&source, &target, false)?;
            }
        } else if source.is_file() && fs::hard_link(&source, &target).is_err() {
            fs::copy(&source, &target)
                .with_context(|| format!("could not copy {}", source.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeds_with(files: &[(&str, &str)]) -> (tempfile::TempDir, Seeds) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let seeds = Seeds::open(dir.path()).unwrap();
        (dir, seeds)
    }

    /// Every file below `dir` with its text, hidden ones too.
    fn files(dir: &Path) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut todo = vec![dir.to_owned()];
        while let Some(d) = todo.pop() {
            for entry in fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    todo.push(path);
                } else {
                    let name = path.strip_prefix(dir).unwrap().display().to_string();
                    out.push((name, fs::read_to_string(&path).unwrap()));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn a_commit_writes_every_file_and_leaves_no_temporary_file() {
        let (dir, seeds) = seeds_with(&[("sources.csv", "id,file\r\ndoc0,0.txt\r\n")]);
        let mut sources = seeds.table("sources.csv", &["id", "file"]).unwrap();
        sources
            .append(&[("id", "doc1"), ("file", "1.txt")])
            .unwrap();
        let mut facts = seeds.table("facts/doc1.csv", &["id", "quote"]).unwrap();
        facts.append(&[]).unwrap();
        let mut changes = Changes::new(&seeds);
        changes.create("documents/1.txt", b"Le Mali.\n".to_vec());
        changes.table("sources.csv", &sources);
        changes.table("facts/doc1.csv", &facts);
        changes.commit().unwrap();
        assert_eq!(
            files(dir.path()),
            [
                ("documents/1.txt".into(), "Le Mali.\n".into()),
                ("facts/doc1.csv".into(), "id,quote\n,\n".into()),
                (
                    "sources.csv".into(),
                    "id,file\r\ndoc0,0.txt\r\ndoc1,1.txt\r\n".into()
                ),
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_rewritten_table_keeps_its_permissions_and_a_new_one_gets_the_usual_ones() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, seeds) = seeds_with(&[("sources.csv", "id\n")]);
        let mode = |name: &str| {
            fs::metadata(dir.path().join(name))
                .unwrap()
                .permissions()
                .mode()
                & 0o777
        };
        fs::set_permissions(
            dir.path().join("sources.csv"),
            fs::Permissions::from_mode(0o640),
        )
        .unwrap();
        let mut sources = seeds.table("sources.csv", &["id"]).unwrap();
        sources.append(&[("id", "doc1")]).unwrap();
        let mut changes = Changes::new(&seeds);
        changes.table("sources.csv", &sources);
        changes.create("new.csv", b"id\n".to_vec());
        changes.commit().unwrap();
        assert_eq!(mode("sources.csv"), 0o640);
        // Not the temporary file's owner-only 0600: what any new file gets here.
        fs::write(dir.path().join("reference"), "").unwrap();
        assert_eq!(mode("new.csv"), mode("reference"));
    }

    #[test]
    fn names_that_could_lead_out_of_the_seeds_are_refused() {
        let (dir, seeds) = seeds_with(&[("sources.csv", "id\n")]);
        for name in [
            "../x.csv",
            "/etc/passwd",
            "facts/../../x.csv",
            ".hidden.csv",
            "a\\b.csv",
            "",
            "facts//x.csv",
        ] {
            let error = seeds.path(name).unwrap_err().to_string();
            assert!(
                error.contains("is not a plain name inside"),
                "{name}: {error}"
            );
        }
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("facts")).unwrap();
        let error = seeds.path("facts/doc1.csv").unwrap_err().to_string();
        assert!(
            error.starts_with(&format!("{} is a symbolic link", seeds.shown("facts"))),
            "{error}"
        );
        let mut changes = Changes::new(&seeds);
        changes.create("facts/doc1.csv", b"id\n".to_vec());
        assert!(changes.commit().is_err());
        assert!(
            files(outside.path()).is_empty(),
            "nothing written through the link"
        );
        fs::create_dir(dir.path().join("documents")).unwrap();
        assert_eq!(
            seeds.path("documents").map(|_| ()).unwrap_err().to_string(),
            format!(
                "{} is not a regular file",
                dir.path().join("documents").display()
            )
        );
    }

    #[test]
    fn a_table_saved_by_someone_else_meanwhile_is_not_overwritten() {
        let (dir, seeds) = seeds_with(&[("sources.csv", "id\ndoc0\n"), ("parts.csv", "id\n")]);
        let mut sources = seeds.table("sources.csv", &["id"]).unwrap();
        sources.append(&[("id", "doc1")]).unwrap();
        let mut parts = seeds.table("parts.csv", &["id"]).unwrap();
        parts.append(&[("id", "doc1-p1")]).unwrap();
        // A spreadsheet saves the table after sahel-kg read it.
        fs::write(dir.path().join("sources.csv"), "id\ndoc0\ndoc9\n").unwrap();
        let mut changes = Changes::new(&seeds);
        changes.create("documents/1.txt", b"x".to_vec());
        changes.table("parts.csv", &parts);
        changes.table("sources.csv", &sources);
        let error = changes.commit().unwrap_err().to_string();
        assert_eq!(
            error,
            format!(
                "{} changed since sahel-kg read it: another program or person saved it meanwhile; nothing was written: run the command again",
                seeds.shown("sources.csv")
            )
        );
        assert_eq!(
            files(dir.path()),
            [
                ("parts.csv".into(), "id\n".into()),
                ("sources.csv".into(), "id\ndoc0\ndoc9\n".into())
            ],
            "nothing written, no temporary file and no directory left"
        );
    }

    #[test]
    fn a_rename_that_fails_half_way_puts_back_what_was_written() {
        let (dir, seeds) = seeds_with(&[("sources.csv", "id\ndoc0\n")]);
        let mut sources = seeds.table("sources.csv", &["id"]).unwrap();
        sources.append(&[("id", "doc1")]).unwrap();
        let mut changes = Changes::new(&seeds);
        changes.table("sources.csv", &sources);
        changes.create("facts/doc1.csv", b"id\n".to_vec());
        changes.create("documents/1.txt", b"x".to_vec());
        // Someone makes the third file just as sahel-kg is about to put it in place.
        let third = dir.path().join("documents/1.txt");
        let error = changes
            .commit_with(|i| {
                if i == 2 {
                    fs::write(&third, "theirs").unwrap();
                }
            })
            .unwrap_err();
        assert_eq!(
            format!("{error:#}").split(": ").next(),
            Some(
                format!(
                    "could not write {}; nothing was written",
                    seeds.shown("documents/1.txt")
                )
                .as_str()
            )
        );
        assert_eq!(
            files(dir.path()),
            [
                ("documents/1.txt".into(), "theirs".into()),
                ("sources.csv".into(), "id\ndoc0\n".into())
            ],
            "sources.csv put back, facts/ removed, their file kept"
        );
    }

    #[test]
    fn a_new_file_never_replaces_one_that_exists() {
        let (dir, seeds) = seeds_with(&[("documents/1.txt", "mine")]);
        let mut changes = Changes::new(&seeds);
        changes.create("documents/1.txt", b"new".to_vec());
        let error = changes.commit().unwrap_err().to_string();
        assert!(error.contains("documents/1.txt exists now"), "{error}");
        assert_eq!(
            fs::read_to_string(dir.path().join("documents/1.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn a_preview_holds_the_corpus_as_it_would_be_and_changes_nothing() {
        let (dir, seeds) = seeds_with(&[
            ("sources.csv", "id\ndoc0\n"),
            ("documents/0.txt", "Le Mali."),
            ("facts/doc0.csv", "id\nf1\n"),
        ]);
        let before = files(dir.path());
        let mut sources = seeds.table("sources.csv", &["id"]).unwrap();
        sources.append(&[("id", "doc1")]).unwrap();
        let mut changes = Changes::new(&seeds);
        changes.create("documents/1.txt", b"Le Niger.".to_vec());
        changes.table("sources.csv", &sources);
        let preview = changes.preview().unwrap();
        assert_eq!(
            files(preview.path()),
            [
                ("documents/0.txt".into(), "Le Mali.".into()),
                ("documents/1.txt".into(), "Le Niger.".into()),
                ("facts/doc0.csv".into(), "id\nf1\n".into()),
                ("sources.csv".into(), "id\ndoc0\ndoc1\n".into()),
            ]
        );
        drop(preview);
        assert_eq!(files(dir.path()), before, "the seeds' own files untouched");
    }
}
