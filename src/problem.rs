//! Data problems as values.
//!
//! In: whatever a stage found wrong with the annotations, documents or queries. Out: a
//! `Problem` per finding, printed in the `file:line: column: message` form editors jump to
//! (`file:line:col: message` when the column is a character position, as in a `.rq` file).
//! Stages collect every problem they can find and hand them back together as `Problems`, so
//! an analyst fixes a whole spreadsheet in one pass. "Could not proceed" errors (an unreadable
//! file, a full disk) are not problems: they are `anyhow` errors with context. A problem is
//! printed with every control, invisible or reordering character of its values written as
//! `\u{...}` (`shown`): a value from a file never acts on the terminal that shows it.

use std::borrow::Cow;
use std::fmt;

/// Where in a file a problem lies, past the line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    /// A CSV column, named by its header.
    Name(String),
    /// A 1-based character position, as in a SPARQL file.
    Char(usize),
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Wrong: the run fails (exit 1) and writes nothing.
    Error,
    /// Likely a mistake, not wrong: printed on stderr, and the run goes on.
    Warning,
}

/// One thing wrong with the input, with where it is and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The file as the user named it (e.g. `seeds/facts.csv`).
    pub file: String,
    /// 1-based line; `None` for a problem with the whole file.
    pub line: Option<u64>,
    /// The column, when one is to blame.
    pub column: Option<Column>,
    /// What is wrong, the bad value and what was expected.
    pub message: String,
    /// An error, or only a warning.
    pub severity: Severity,
}

impl Problem {
    /// A problem with a whole file.
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            severity: Severity::Error,
        }
    }

    /// A problem on a line, not tied to one column.
    pub fn line(file: impl Into<String>, line: u64, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line: Some(line),
            column: None,
            message: message.into(),
            severity: Severity::Error,
        }
    }

    /// A problem in one named CSV column of a line.
    pub fn cell(
        file: impl Into<String>,
        line: u64,
        column: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            line: Some(line),
            column: Some(Column::Name(column.into())),
            message: message.into(),
            severity: Severity::Error,
        }
    }
}

impl Problem {
    /// The same finding, as a warning.
    #[must_use]
    pub fn warning(self) -> Self {
        Self {
            severity: Severity::Warning,
            ..self
        }
    }

    /// Whether the run fails for it.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", shown(&self.file))?;
        match (&self.line, &self.column) {
            (Some(line), Some(Column::Char(col))) => write!(f, ":{line}:{col}")?,
            (Some(line), Some(Column::Name(name))) => write!(f, ":{line}: {}", shown(name))?,
            (Some(line), None) => write!(f, ":{line}")?,
            (None, _) => {}
        }
        if self.severity == Severity::Warning {
            write!(f, ": warning")?;
        }
        write!(f, ": {}", shown(&self.message))
    }
}

/// `text` with each control character (tab and line feed too: a problem is one line) and each
/// character `chars::unfit` flags written as `\u{...}`, as Rust writes it: an escape sequence
/// from a file cannot move the cursor or recolour the terminal, and a bidirectional override
/// cannot reorder the rest of the line.
pub fn shown(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| c.is_control() || crate::chars::unfit(c).is_some();
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Every problem a run found, with the warnings found beside them. Returned as an error so
/// `main` can tell "the data has problems" (exit 1) from "could not proceed" (exit 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// Ok when there is no error (warnings alone fail nothing), otherwise the sorted problems
    /// and warnings as an error.
    pub fn into_result(mut self) -> Result<(), Self> {
        if self.0.iter().any(Problem::is_error) {
            // Sorted by file and line so the report reads top to bottom like the files.
            self.0.sort_by(|a, b| {
                (&a.file, a.line, &a.column, &a.message)
                    .cmp(&(&b.file, b.line, &b.column, &b.message))
            });
            self.0.dedup();
            Err(self)
        } else {
            Ok(())
        }
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.0 {
            writeln!(f, "{problem}")?;
        }
        let n = self.0.iter().filter(|p| p.is_error()).count();
        let warnings = self.0.len() - n;
        write!(
            f,
            "{n} problem{} found{}; nothing was written",
            if n == 1 { "" } else { "s" },
            match warnings {
                0 => String::new(),
                1 => " (and 1 warning)".to_owned(),
                w => format!(" (and {w} warnings)"),
            }
        )
    }
}

impl std::error::Error for Problems {}

/// The closest of `candidates` to `wrong`, for "did you mean" hints; `None` when nothing is
/// close enough to be a plausible typo.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&wrong_lower, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(distance, c)| {
            // A third of the longer word may differ: `rusia` -> `russia`, not `mali` -> `niger`.
            *distance <= (wrong.chars().count().max(c.chars().count()) / 3).max(1)
        })
        .min()
        .map(|(_, c)| c)
}

/// " (did you mean `x`?)" or nothing.
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(wrong, candidates)
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_problem_prints_in_the_editor_form() {
        let p = Problem::cell("seeds/facts.csv", 37, "object", "unknown actor `rusia`");
        assert_eq!(
            p.to_string(),
            "seeds/facts.csv:37: object: unknown actor `rusia`"
        );
    }

    #[test]
    fn controls_and_bidirectional_overrides_are_printed_escaped() {
        let p = Problem::cell(
            "seeds/a\u{1b}[2J.csv",
            2,
            "label\u{7}",
            "`\u{202e}ilaM` has \u{1b}[31m red\tand\nmore \u{200b}\u{feff}\u{85}",
        );
        assert_eq!(
            p.to_string(),
            "seeds/a\\u{1b}[2J.csv:2: label\\u{7}: `\\u{202e}ilaM` has \\u{1b}[31m red\\u{9}and\\u{a}more \\u{200b}\\u{feff}\\u{85}"
        );
        assert!(matches!(shown("« alliés », l’AES"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_query_problem_prints_line_and_character() {
        let p = Problem {
            file: "queries/x.rq".into(),
            line: Some(3),
            column: Some(Column::Char(14)),
            message: "expected `}`".into(),
            severity: Severity::Error,
        };
        assert_eq!(p.to_string(), "queries/x.rq:3:14: expected `}`");
    }

    #[test]
    fn did_you_mean_suggests_a_close_id_and_nothing_far() {
        assert_eq!(
            did_you_mean("rusia", ["mali", "russia"]),
            " (did you mean `russia`?)"
        );
        assert_eq!(did_you_mean("xyz", ["mali", "russia"]), "");
    }

    #[test]
    fn a_warning_says_so_and_fails_nothing_alone() {
        let warning = Problem::cell("seeds/not-facts.csv", 3, "excerpt", "same sentence").warning();
        assert_eq!(
            warning.to_string(),
            "seeds/not-facts.csv:3: excerpt: warning: same sentence"
        );
        assert_eq!(Problems(vec![warning.clone()]).into_result(), Ok(()));
        let Err(both) = Problems(vec![warning, Problem::line("a.csv", 9, "y")]).into_result()
        else {
            unreachable!("one error")
        };
        assert!(
            both.to_string()
                .ends_with("1 problem found (and 1 warning); nothing was written"),
            "{both}"
        );
    }

    #[test]
    fn problems_are_sorted_by_file_and_line() {
        let problems = Problems(vec![
            Problem::line("b.csv", 2, "x"),
            Problem::line("a.csv", 9, "y"),
            Problem::line("a.csv", 3, "z"),
        ]);
        let Err(sorted) = problems.into_result() else {
            unreachable!("three problems")
        };
        let lines: Vec<_> = sorted.0.iter().map(ToString::to_string).collect();
        assert_eq!(lines, ["a.csv:3: z", "a.csv:9: y", "b.csv:2: x"]);
    }
}
