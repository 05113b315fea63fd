//! Progress for the long stages, drawn on stderr only when it is a terminal.
//!
//! In: a stage's name, and its size when it is known ahead. Out: on a terminal, one line per
//! stage, redrawn in place and cleared when the stage ends: a bar for a stage counted in steps
//! (the graph's blocks), a bar naming the tasks under way for a stage of a few long tasks (the
//! queries), a spinner with the time spent for a stage that cannot count its steps (reading and
//! validating). Nothing at all in CI, in pipes or with `--quiet`: a hidden bar costs a branch
//! per step. What this does not do: print timings (`export --timings` does) or anything on
//! stdout.
//!
//! Every line fits an 80-column terminal: the stage names are right-aligned in 17 columns
//! (`map, load, export`), the bar takes 22, the counts up to 21 (`99,999,999/99,999,999`), the
//! rest is the time left; a wider line would wrap, and each redraw would leave a line behind.

use std::borrow::Cow;
use std::io::IsTerminal;
use std::time::Duration;

/// The stages' names, as their lines show them: each at most 17 columns wide.
pub(crate) const READ_VALIDATE: &str = "read + validate";
/// Naming and ordering the graph's nodes (`map::Graph::new`).
pub(crate) const NAME_ORDER: &str = "name and order";
/// The graph walked once, loaded and written to the four graph files (`export`).
pub(crate) const MAP_LOAD_EXPORT: &str = "map, load, export";
/// The graph walked once and written to `graph.nt` (`export --no-store`).
pub(crate) const MAP_EXPORT: &str = "map, export";
/// The graph walked once and loaded (`query`).
pub(crate) const MAP_LOAD: &str = "map, load";
/// The graph walked once and uploaded (`publish`).
pub(crate) const MAP_PUBLISH: &str = "map, publish";
/// The stored queries, two at a time (`export`).
pub(crate) const QUERIES: &str = "queries";
/// One query (`query`).
pub(crate) const QUERY: &str = "query";
/// The pictures, the page, the reports and the coverage (`export`).
pub(crate) const PICTURES_REPORTS: &str = "pictures, reports";

/// A stage counted in steps: the steps done and the time left.
const STEPS: &str = "{prefix:>17} [{bar:20}] {human_pos}/{human_len} ({eta} left)";
/// A stage of a few long tasks: how many are done, the time spent, and those under way, cut to
/// the terminal's width.
const TASKS: &str = "{prefix:>17} [{bar:20}] {pos}/{len} {elapsed:>3} {wide_msg}";
/// A stage that cannot count its steps: the time spent.
const SPINNER: &str = "{prefix:>17} {spinner} {elapsed}";

/// One stage's progress line, or nothing. Dropped, it clears its line (indicatif's default),
/// so that an error printed after a failed stage starts on a clean line.
#[derive(Debug)]
pub(crate) struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    /// A bar for `total` steps, if `enabled` and stderr is a terminal.
    pub(crate) fn new(enabled: bool, total: u64, stage: &str) -> Self {
        Self::drawn(enabled, stage, STEPS, || indicatif::ProgressBar::new(total))
    }

    /// A bar for `total` long tasks, which names those under way (`say`).
    pub(crate) fn tasks(enabled: bool, total: u64, stage: &str) -> Self {
        Self::drawn(enabled, stage, TASKS, || indicatif::ProgressBar::new(total))
    }

    /// A spinner and the time spent, redrawn ten times a second until the stage ends.
    pub(crate) fn spinner(enabled: bool, stage: &str) -> Self {
        let spinner = Self::drawn(enabled, stage, SPINNER, indicatif::ProgressBar::new_spinner);
        if let Some(bar) = &spinner.0 {
            bar.enable_steady_tick(Duration::from_millis(100));
        }
        spinner
    }

    fn drawn(
        enabled: bool,
        stage: &str,
        template: &str,
        bar: impl FnOnce() -> indicatif::ProgressBar,
    ) -> Self {
        if !enabled || !std::io::stderr().is_terminal() {
            return Self(None);
        }
        let bar = bar();
        if let Some(style) = style(template) {
            bar.set_style(style);
        }
        bar.set_prefix(stage.to_owned());
        bar.tick();
        Self(Some(bar))
    }

    /// Counts `n` more steps done.
    pub(crate) fn inc(&self, n: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(n);
        }
    }

    /// Shows what is under way (with `tasks`).
    pub(crate) fn say(&self, message: impl Into<Cow<'static, str>>) {
        if let Some(bar) = &self.0 {
            bar.set_message(message);
        }
    }

    /// Removes the line.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// A template's style; `None` only if the template is malformed, which a test rules out.
fn style(template: &str) -> Option<indicatif::ProgressStyle> {
    indicatif::ProgressStyle::with_template(template)
        .ok()
        .map(|s| s.progress_chars("=> "))
}

/// Runs `work`, a stage that cannot count its steps, with a spinner cleared when it returns.
pub(crate) fn spinning<T>(enabled: bool, stage: &str, work: impl FnOnce() -> T) -> T {
    let _spinner = Progress::spinner(enabled, stage);
    work()
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use indicatif::{ProgressBar, ProgressDrawTarget, TermLike};
    use unicode_width::UnicodeWidthStr;

    use super::*;

    const STAGES: [&str; 9] = [
        READ_VALIDATE,
        NAME_ORDER,
        MAP_LOAD_EXPORT,
        MAP_EXPORT,
        MAP_LOAD,
        MAP_PUBLISH,
        QUERIES,
        QUERY,
        PICTURES_REPORTS,
    ];

    /// An 80-column terminal that keeps what is written to it, a line ending where the cursor
    /// would go to the next or the line is cleared for a redraw.
    #[derive(Debug, Clone, Default)]
    struct Recorder(Arc<Mutex<String>>);

    impl TermLike for Recorder {
        fn width(&self) -> u16 {
            80
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, line: &str) -> std::io::Result<()> {
            self.write_str(&format!("{line}\n"))
        }
        fn write_str(&self, text: &str) -> std::io::Result<()> {
            self.0.lock().expect("not poisoned").push_str(text);
            Ok(())
        }
        fn clear_line(&self) -> std::io::Result<()> {
            // A redraw: what follows is a line of its own.
            self.write_str("\n")
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// The lines one draw of `template` writes, for a stage at step `done` of `total`.
    fn drawn(template: &str, stage: &str, done: u64, total: u64, message: &str) -> Vec<String> {
        let terminal = Recorder::default();
        let bar = ProgressBar::with_draw_target(
            Some(total),
            ProgressDrawTarget::term_like(Box::new(terminal.clone())),
        );
        bar.set_style(style(template).expect("a well-formed template"));
        bar.set_prefix(stage.to_owned());
        bar.set_message(message.to_owned());
        bar.set_position(done);
        bar.tick();
        let written = terminal.0.lock().expect("not poisoned").clone();
        written.lines().map(str::to_owned).collect()
    }

    #[test]
    fn every_stage_s_line_fits_80_columns_at_a_hundred_million_steps() {
        let long = "evidence, relations, memberships, opponents-of-mali, allies-of-mali, sources";
        for stage in STAGES {
            assert!(stage.width() <= 17, "{stage}");
            for template in [STEPS, TASKS, SPINNER] {
                let written = drawn(template, stage, 12_345_678, 99_999_999, long);
                assert!(!written.is_empty(), "{template}: nothing drawn");
                for line in written {
                    assert!(line.width() <= 80, "{} columns: {line:?}", line.width());
                    assert!(line.contains(stage), "{line:?}");
                }
            }
        }
    }

    #[test]
    fn a_counted_stage_shows_its_steps_with_thousands_separators() {
        let written = drawn(STEPS, MAP_LOAD_EXPORT, 1_234_567, 2_345_678, "");
        assert!(
            written
                .iter()
                .any(|l| l.starts_with("map, load, export [")
                    && l.contains("] 1,234,567/2,345,678 (")),
            "{written:?}"
        );
    }
}
