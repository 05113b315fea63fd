//! Progress bars for the long stages, drawn on stderr only when it is a terminal.
//!
//! In: a stage's name and size, then its steps. Out: an `indicatif` bar on a terminal; nothing
//! at all in CI, in pipes or with `--quiet` (a disabled bar costs a branch per step). What this
//! does not do: print timings (`export --timings` does) or anything on stdout.

use std::io::IsTerminal;

/// One stage's bar, or nothing.
#[derive(Debug)]
pub struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    /// A bar for `total` steps, if `enabled` and stderr is a terminal.
    pub fn new(enabled: bool, total: u64, stage: &str) -> Self {
        if !enabled || !std::io::stderr().is_terminal() {
            return Self(None);
        }
        let bar = indicatif::ProgressBar::new(total);
        let style = indicatif::ProgressStyle::with_template(
            "{prefix:>24} [{bar:30}] {percent:>3}% {human_pos}/{human_len} ({eta} left)",
        )
        .map(|s| s.progress_chars("=> "));
        if let Ok(style) = style {
            bar.set_style(style);
        }
        bar.set_prefix(stage.to_owned());
        Self(Some(bar))
    }

    /// Counts `n` more steps done.
    pub fn inc(&self, n: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(n);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
