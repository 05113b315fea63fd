//! A program run with its stderr on a pseudo-terminal, as a user at a terminal sees it.

use std::io::Read;
use std::os::fd::OwnedFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{Winsize, tcsetwinsize};
use unicode_width::UnicodeWidthStr;

use super::with_ontology;

/// The terminal's width: the usual smallest.
pub(crate) const COLUMNS: u16 = 80;

/// What a run on a terminal printed and returned.
pub(crate) struct Screen {
    pub code: Option<i32>,
    /// What went to stdout's pipe (nothing with `On::Both`).
    pub stdout: String,
    /// Every byte sent to the terminal, escape sequences included.
    pub terminal: String,
}

impl Screen {
    /// The progress lines as drawn, escape sequences removed: everything up to the last line
    /// cleared (`ESC [2K`), a line ending at a carriage return (a redraw starts there) or a
    /// line feed.
    pub(crate) fn lines(&self) -> Vec<String> {
        without_escapes(&self.terminal[..self.progress_end()])
            .split(['\r', '\n'])
            .map(str::to_owned)
            .collect()
    }

    /// What stays on the terminal once the last progress line is cleared, with the
    /// terminal's CR LF line ends read as LF.
    pub(crate) fn after_progress(&self) -> String {
        self.terminal[self.progress_end()..].replace("\r\n", "\n")
    }

    /// Where the last clearing of a line ends (0 if none).
    fn progress_end(&self) -> usize {
        const CLEAR: &str = "\x1b[2K";
        self.terminal.rfind(CLEAR).map_or(0, |i| i + CLEAR.len())
    }
}

/// Removes the terminal's control sequences (`ESC [`, parameters, a final letter).
fn without_escapes(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.next() == Some('[') {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Which of the program's outputs go to the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum On {
    /// Stderr; stdout goes to a pipe (`Screen::stdout`), as in `sahel-kg export > log`.
    Stderr,
    /// Both, as a user typing the command sees them.
    Both,
}

/// Runs `sahel-kg ARGS` in `dir` with the repository's ontology, with `on` on a pseudo-terminal
/// of `COLUMNS` columns.
pub(crate) fn run_on_terminal(dir: &Path, args: &[&str], on: On) -> Screen {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC)
        .expect("a pseudo-terminal");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    let name = ptsname(&master, Vec::new()).expect("ptsname");
    let terminal = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(rustix::fs::OFlags::NOCTTY.bits().cast_signed())
        .open(name.to_str().expect("a UTF-8 path"))
        .expect("the terminal's other end");
    tcsetwinsize(
        &terminal,
        Winsize {
            ws_row: 24,
            ws_col: COLUMNS,
            ws_xpixel: 0,
            ws_ypixel: 0,
        },
    )
    .expect("the terminal's size");
    let mut command = Command::new(env!("CARGO_BIN_EXE_sahel-kg"));
    command
        .current_dir(dir)
        .args(with_ontology(args))
        .env("TERM", "xterm")
        .stdin(Stdio::null())
        .stdout(match on {
            On::Stderr => Stdio::piped(),
            On::Both => Stdio::from(terminal.try_clone().expect("a second descriptor")),
        })
        .stderr(Stdio::from(OwnedFd::from(terminal)));
    let child = command.spawn().expect("the binary runs");
    // The command keeps its copy of the terminal's end: the reader sees the end of the output
    // only once the child's is the last one open.
    drop(command);
    let reader = std::thread::spawn(move || {
        let mut master = std::fs::File::from(master);
        let mut bytes = Vec::new();
        let mut buffer = [0; 4096];
        loop {
            match master.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => bytes.extend_from_slice(&buffer[..n]),
                // Linux's answer once the other end is closed.
                Err(e) if e.raw_os_error() == Some(rustix::io::Errno::IO.raw_os_error()) => break,
                Err(e) => return Err(e),
            }
        }
        Ok(bytes)
    });
    let output = child.wait_with_output().expect("the binary ends");
    let terminal = reader
        .join()
        .expect("the reader ends")
        .expect("the terminal is read");
    Screen {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        terminal: String::from_utf8(terminal).expect("UTF-8 on the terminal"),
    }
}

/// Asserts that each stage was drawn, that no line is wider than the terminal, and that
/// nothing of the progress stays on it.
pub(crate) fn assert_stages_drawn_and_cleared(screen: &Screen, stages: &[&str]) {
    let lines = screen.lines();
    for stage in stages {
        assert!(
            lines.iter().any(|l| l.trim_start().starts_with(stage)),
            "no line for the stage `{stage}`:\n{lines:#?}"
        );
    }
    for line in &lines {
        assert!(
            line.width() <= usize::from(COLUMNS),
            "a line of {} columns wraps on a terminal of {COLUMNS}: {line:?}",
            line.width()
        );
    }
}
