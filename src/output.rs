//! Writing outputs so that a failed run loses nothing.
//!
//! In: the output directory and, one by one, the files a run produces. Out: each file written
//! to a temporary file beside its target (`.NAME.sahel-kg-tmp`), flushed to disk, and renamed
//! over its target only by `commit`, once every file of the run is complete. If the run fails
//! before that (bad data, a failing query, a full disk, a panic), the temporary files are
//! removed and the previous outputs stay byte for byte as they were; temporary files left by a
//! killed run are removed by the next one. Renames within one directory are atomic, so a file is
//! always either wholly old or wholly new. What this does not do: remove files an earlier run
//! wrote and this one did not (a deleted query's report stays until you remove it).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

const TMP_SUFFIX: &str = ".sahel-kg-tmp";

/// Files being written, not yet in place.
#[derive(Debug)]
pub struct Staged {
    dir: PathBuf,
    created_dir: bool,
    files: Vec<(PathBuf, PathBuf)>,
    committed: bool,
}

impl Staged {
    /// Prepares `dir` (creating it if needed) and clears temporary files of killed runs.
    pub fn new(dir: &Path) -> anyhow::Result<Self> {
        let created_dir = !dir.exists();
        std::fs::create_dir_all(dir)
            .with_context(|| format!("could not create {}", dir.display()))?;
        let entries =
            std::fs::read_dir(dir).with_context(|| format!("could not list {}", dir.display()))?;
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name.to_string_lossy().ends_with(TMP_SUFFIX) {
                let path = entry.path();
                let removed = if path.is_dir() {
                    std::fs::remove_dir_all(&path)
                } else {
                    std::fs::remove_file(&path)
                };
                removed.with_context(|| {
                    format!("could not remove the stale {}", entry.path().display())
                })?;
            }
        }
        Ok(Self {
            dir: dir.to_owned(),
            created_dir,
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
        let tmp = self.dir.join(format!(".{name}{TMP_SUFFIX}"));
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

    /// Moves every file into place.
    pub fn commit(mut self) -> anyhow::Result<Vec<PathBuf>> {
        for (tmp, target) in &self.files {
            std::fs::rename(tmp, target)
                .with_context(|| format!("could not move {} into place", target.display()))?;
        }
        self.committed = true;
        Ok(self
            .files
            .iter()
            .map(|(_, target)| target.clone())
            .collect())
    }
}

/// One file being written into its temporary place.
#[derive(Debug)]
pub struct StagedFile {
    out: BufWriter<File>,
    target: PathBuf,
}

impl Write for StagedFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.out.write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
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
        if self.created_dir {
            let _ = std::fs::remove_dir(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_run_leaves_the_old_files_and_no_temporary_ones() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.csv"), "old").unwrap();
        let mut staged = Staged::new(dir.path()).unwrap();
        staged
            .write("a.csv", |out| Ok(out.write_all(b"new")?))
            .unwrap();
        let failed = staged.write("b.csv", |_| anyhow::bail!("disk full"));
        assert!(failed.is_err());
        drop(staged);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.csv")).unwrap(),
            "old"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.csv"]);
    }

    #[test]
    fn commit_puts_every_file_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let mut staged = Staged::new(&dir.path().join("out")).unwrap();
        staged
            .write("a.csv", |out| Ok(out.write_all(b"new")?))
            .unwrap();
        staged.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("out/a.csv")).unwrap(),
            "new"
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
