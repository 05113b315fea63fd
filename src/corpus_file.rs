//! Opening a file of the corpus, which nobody vouches for.
//!
//! In: a folder the command line names (the seeds, the queries, the ontology) or one inside it
//! (the documents), and the name of a file in it as the corpus gives it (a `file` cell of
//! `sources.csv`, a directory entry, a table's name). Out: the file, opened, or a `Refusal`
//! saying why not, which the reader turns into one located problem among the others; or the
//! folder's files of one extension, in name order, to open (`Folder::files_ending`). Every
//! reader of the corpus opens its files here, so the rule is written once: a file of the corpus
//! is a regular file in its folder. A symbolic link is followed only when it resolves inside the
//! folder (a committed `leak.txt -> /etc/passwd` is refused, not read); a FIFO, a device, a
//! socket or a directory is refused from its metadata, before anything opens it, so nothing ever
//! blocks on a FIFO; a name holding a NUL byte is refused before the system sees it.
//!
//! What this does not do: judge the content (the readers do), nor stop a process that swaps a
//! checked file for a FIFO between the check and the open. The corpus comes from commits, which
//! cannot race this process; the opened file is still compared with the checked one, so a swap
//! to another file is refused rather than read.

use std::ffi::OsStr;
use std::fs::{File, Metadata};
use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// A folder whose files are read: where they must lie.
#[derive(Debug, Clone)]
pub(crate) struct Folder {
    /// The folder as the user named it, for messages and for opening.
    shown: PathBuf,
    /// What a file's real path must lie in: the folder's own real path, or, when the folder
    /// itself resolves outside the folder it belongs in (`Folder::within`), nothing.
    real: Option<PathBuf>,
    /// The folder's real path, when it resolves outside the folder it belongs in.
    escapes: Option<(PathBuf, PathBuf)>,
}

/// Why a file of the corpus was not opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Nothing has that name.
    Missing,
    /// The name holds a NUL byte, which no file name can.
    NulByte,
    /// Not a regular file: `a directory`, `a FIFO (named pipe)`, `a device`, `a socket`.
    NotFile(&'static str),
    /// A symbolic link to `target`, which lies outside the folder.
    Outside {
        /// Where the link resolves to.
        target: PathBuf,
    },
    /// A symbolic link to `target`, which does not exist.
    Broken {
        /// What the link says.
        target: PathBuf,
    },
    /// The folder itself resolves to `target`, outside `root`, the folder it belongs in.
    FolderOutside {
        /// Where the folder resolves to.
        target: PathBuf,
        /// The folder it belongs in.
        root: PathBuf,
    },
    /// The file changed between its check and its opening.
    Changed,
}

impl Folder {
    /// `dir`, which the command line names: its files must resolve inside it.
    pub(crate) fn new(dir: &Path) -> Self {
        Self {
            shown: dir.to_owned(),
            real: std::fs::canonicalize(dir).ok(),
            escapes: None,
        }
    }

    /// `dir`, a folder of the corpus inside `root` (the documents inside the seeds): when `dir`
    /// resolves outside `root`, each of its files is refused.
    pub(crate) fn within(dir: &Path, root: &Path) -> Self {
        let mut folder = Self::new(dir);
        if let (Some(real), Ok(root_real)) = (&folder.real, std::fs::canonicalize(root)) {
            if !real.starts_with(&root_real) {
                folder.escapes = Some((real.clone(), root.to_owned()));
                folder.real = None;
            }
        }
        folder
    }

    /// The folder as the user named it.
    pub(crate) fn path(&self) -> &Path {
        &self.shown
    }

    /// Opens the file `name` of this folder, a plain file name (no separator: the callers
    /// check that, or take it from a directory listing), when it is a regular file that lies
    /// in the folder. An error is what stops the run: a file the system will not let us read.
    pub(crate) fn open(&self, name: impl AsRef<OsStr>) -> anyhow::Result<Result<File, Refusal>> {
        let name = name.as_ref();
        if name.as_encoded_bytes().contains(&0) {
            return Ok(Err(Refusal::NulByte));
        }
        let path = self.shown.join(name);
        let checked = match self.check(&path)? {
            Ok(checked) => checked,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let file =
            File::open(&path).with_context(|| format!("could not read {}", path.display()))?;
        let opened = file
            .metadata()
            .with_context(|| format!("could not read {}", path.display()))?;
        if !same_file(&checked, &opened) {
            return Ok(Err(Refusal::Changed));
        }
        Ok(Ok(file))
    }

    /// `open`, then the whole file.
    pub(crate) fn read(&self, name: impl AsRef<OsStr>) -> anyhow::Result<Result<Vec<u8>, Refusal>> {
        let name = name.as_ref();
        let mut file = match self.open(name)? {
            Ok(file) => file,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .with_context(|| format!("could not read {}", self.shown.join(name).display()))?;
        Ok(Ok(bytes))
    }

    /// This folder's files named `*.extension`, in name order, as paths under it (the stored
    /// queries, the ontology's Turtle files); `what` names the folder when it cannot be listed.
    /// Each is still a name to `open`, which may refuse it.
    pub(crate) fn files_ending(&self, extension: &str, what: &str) -> anyhow::Result<Vec<PathBuf>> {
        let dir = &self.shown;
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .with_context(|| format!("could not read {what} {}", dir.display()))?
            .map(|entry| entry.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .with_context(|| format!("could not list {}", dir.display()))?;
        files.retain(|p| p.extension().is_some_and(|e| e == extension));
        files.sort();
        Ok(files)
    }

    /// The metadata of the regular file `path` names, from the metadata alone (nothing is
    /// opened), or why it is refused.
    fn check(&self, path: &Path) -> anyhow::Result<Result<Metadata, Refusal>> {
        let could_not = || format!("could not read {}", path.display());
        let link = match std::fs::symlink_metadata(path) {
            Ok(link) => link,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Err(Refusal::Missing)),
            Err(e) => return Err(e).with_context(could_not),
        };
        if let Some((target, root)) = &self.escapes {
            return Ok(Err(Refusal::FolderOutside {
                target: target.clone(),
                root: root.clone(),
            }));
        }
        let metadata = if link.file_type().is_symlink() {
            let target = match std::fs::canonicalize(path) {
                Ok(target) => target,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let target = std::fs::read_link(path).with_context(could_not)?;
                    return Ok(Err(Refusal::Broken { target }));
                }
                Err(e) => return Err(e).with_context(could_not),
            };
            if !self
                .real
                .as_ref()
                .is_some_and(|real| target.starts_with(real))
            {
                return Ok(Err(Refusal::Outside { target }));
            }
            std::fs::metadata(path).with_context(could_not)?
        } else {
            link
        };
        if !metadata.is_file() {
            return Ok(Err(Refusal::NotFile(kind(&metadata))));
        }
        Ok(Ok(metadata))
    }
}

impl Refusal {
    /// What is wrong with the file `name` of `folder` and what was expected, as a sentence
    /// that starts with the file: `seeds/documents/a.txt is a FIFO (named pipe), not a file:
    /// expected a regular file in seeds/documents`. `name` is the file's name as the corpus
    /// gave it.
    pub(crate) fn describe(&self, folder: &Folder, name: &str) -> String {
        if *self == Self::NulByte {
            return format!(
                "`{}` holds a NUL byte, which no file name can: expected the name of a file in {}",
                printable(name),
                folder.shown.display()
            );
        }
        format!(
            "{} is {}",
            folder.shown.join(name).display(),
            self.reason(folder)
        )
    }

    /// `describe` without the file, for a problem located at the file itself: `a directory,
    /// not a file: expected a regular file in queries`.
    pub(crate) fn reason(&self, folder: &Folder) -> String {
        let expected = format!("expected a regular file in {}", folder.shown.display());
        match self {
            Self::Missing => format!("missing: {expected}"),
            Self::NulByte => format!("a name with a NUL byte: {expected}"),
            Self::NotFile(kind) => format!("{kind}, not a file: {expected}"),
            Self::Outside { target } => format!(
                "a symbolic link to {}, outside {}: {expected}",
                printable(&target.display().to_string()),
                folder.shown.display()
            ),
            Self::Broken { target } => format!(
                "a symbolic link to {}, which does not exist: {expected}",
                printable(&target.display().to_string())
            ),
            Self::FolderOutside { target, root } => format!(
                "in {}, which resolves to {}, outside {}: expected a regular file in a folder \
                 inside {}",
                folder.shown.display(),
                printable(&target.display().to_string()),
                root.display(),
                root.display()
            ),
            Self::Changed => {
                format!("a file that changed while it was being opened: {expected}")
            }
        }
    }
}

/// What a file that is not a regular one is, for a message.
fn kind(metadata: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = metadata.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if metadata.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// Whether the file opened is the one checked.
fn same_file(checked: &Metadata, opened: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        opened.is_file() && checked.dev() == opened.dev() && checked.ino() == opened.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = checked;
        opened.is_file()
    }
}

/// `text` with its control characters escaped (`\0`, `\u{1b}`), so that a name or a link's
/// target taken from the corpus cannot move the cursor or recolour the terminal it is printed on.
pub(crate) fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_control_character_is_escaped_and_the_rest_kept() {
        assert_eq!(printable("a\0b\u{1b}[31mé"), "a\\0b\\u{1b}[31mé");
    }

    #[test]
    fn a_symbolic_link_inside_the_folder_is_followed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "text").unwrap();
        std::os::unix::fs::symlink("a.txt", dir.path().join("b.txt")).unwrap();
        let folder = Folder::new(dir.path());
        assert_eq!(folder.read("b.txt").unwrap().unwrap(), b"text");
    }

    #[test]
    fn the_files_of_an_extension_are_listed_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.rq", "a.rq", "c.ttl", "d.rq.bak", "E.RQ"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let folder = Folder::new(dir.path());
        assert_eq!(
            folder.files_ending("rq", "the queries directory").unwrap(),
            [dir.path().join("a.rq"), dir.path().join("b.rq")]
        );
        let absent = Folder::new(&dir.path().join("absent"));
        let error = absent
            .files_ending("rq", "the queries directory")
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "could not read the queries directory {}",
                absent.path().display()
            )
        );
    }

    #[test]
    fn a_name_that_is_not_there_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let folder = Folder::new(dir.path());
        assert_eq!(folder.read("a.txt").unwrap(), Err(Refusal::Missing));
    }
}
