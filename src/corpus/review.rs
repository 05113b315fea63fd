//! The review file of suggestions, and moving its decided rows into the corpus.
//!
//! In: the seeds directory, the validated annotations, and either suggestions (`suggest.rs`)
//! or decisions on rows of the review file. Out: the review file brought up to date (`draft`),
//! or each decided row moved (`decide`): an accepted row appended to the facts file of its
//! source, a rejected one to the not-fact decisions of its source with its reason (so it is
//! not suggested again), and either removed from the review file. Every table is edited with
//! `csv_edit` (every byte of the rows left alone stays: byte-order mark, line ends, quoting)
//! and written through `changes` (all or nothing, only inside the seeds directory, never over
//! a file someone saved meanwhile), and only after the corpus as it would be has passed
//! validation; its problems are shown on the review rows they come from.
//!
//! What this does not do: judge a row itself (validation does, on the preview), or write
//! anything when a single row is wrong.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::config::Inputs;
use crate::corpus::changes::{Changes, Seeds};
use crate::corpus::csv_edit::CsvFile;
use crate::corpus::suggest::{Found, Suggestion};
use crate::pipeline::read::{self, FACTS, NOT_FACTS, Row, Table, TableSpec};
use crate::pipeline::text::{Document, match_key};
use crate::pipeline::validate::{Validated, check_id};
use crate::problem::{Column, Problem, Problems, did_you_mean};

/// The review file's columns: a decision, then a fact's (`FACTS`, in its order), as an
/// accepted row is moved cell by cell through `FACTS.columns`.
pub(crate) const COLUMNS: &[&str] =
    &prepend::<{ FACTS.columns.len() + 1 }>("decision", FACTS.columns);

/// `first`, then `rest`: a list of columns that extends another, as a constant (`N`, its
/// length, is checked when the constant is built).
const fn prepend<const N: usize>(first: &'static str, rest: &[&'static str]) -> [&'static str; N] {
    assert!(N == rest.len() + 1, "N is one more than rest's length");
    let mut all = [first; N];
    let mut i = 0;
    while i < rest.len() {
        all[i + 1] = rest[i];
        i += 1;
    }
    all
}

/// The review file's shape, for reading it as the other tables are read.
pub(crate) const REVIEW: TableSpec = TableSpec {
    file: "suggested.csv",
    columns: COLUMNS,
    optional_columns: &[],
    optional: true,
    per_source: None,
};

/// What the annotator decided about a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Move it to the facts.
    Accept,
    /// Record it as a not-fact decision, with this reason.
    Reject(String),
}

/// The review file, as read: its rows by line, and the same bytes for editing.
#[derive(Debug)]
pub(crate) struct Review<'s> {
    seeds: &'s Seeds,
    /// Its name inside the seeds directory.
    name: String,
    /// Its rows, read as a table is read.
    pub table: Table,
    /// Its bytes, to edit.
    file: CsvFile,
}

impl<'s> Review<'s> {
    /// Reads the review file `name` of `seeds` (an absent one is empty); a broken header or
    /// row is a problem.
    pub(crate) fn open(seeds: &'s Seeds, name: &str) -> anyhow::Result<Result<Self, Problems>> {
        let shown = seeds.shown(name);
        let mut problems = Vec::new();
        // One read for both: the rows a decision names are the rows that get edited.
        let (table, file) = match seeds.read(name)? {
            Some(bytes) => (
                read::parse_table(shown.clone(), &bytes, &REVIEW, &mut problems),
                CsvFile::parse(bytes),
            ),
            None => (
                read::parse_table(shown, COLUMNS.join(",").as_bytes(), &REVIEW, &mut problems),
                Ok(CsvFile::new(COLUMNS)),
            ),
        };
        if let Err(problems) = Problems(problems).into_result() {
            return Ok(Err(problems));
        }
        Ok(Ok(Self {
            seeds,
            name: name.to_owned(),
            table,
            file: file.with_context(|| format!("could not read {}", seeds.shown(name)))?,
        }))
    }

    /// The file as the user names it (`seeds/suggested.csv`).
    pub(crate) fn shown(&self) -> String {
        self.seeds.shown(&self.name)
    }

    /// Whether the file exists.
    pub(crate) fn exists(&self) -> bool {
        self.file.exists()
    }

    fn get<'r>(&self, row: &'r Row, column: &str) -> &'r str {
        self.table.get(row, column)
    }

    /// The row whose `id` is `id`, or an error naming the ids there are.
    pub(crate) fn row(&self, id: &str) -> anyhow::Result<usize> {
        let ids = || self.table.rows.iter().map(|r| self.get(r, "id"));
        ids().position(|i| i == id).ok_or_else(|| {
            let mut hint = did_you_mean(id, ids());
            if hint.is_empty() {
                let all: Vec<&str> = ids().collect();
                hint = match all.len() {
                    0 => " (it has no rows)".to_owned(),
                    1..=10 => format!(" (its rows: {})", all.join(", ")),
                    n => format!(" (its rows: {}... {n} in all)", all[..10].join(", ")),
                };
            }
            anyhow::anyhow!("no suggestion `{id}` in {}{hint}", self.shown())
        })
    }

    /// A problem for each row whose decision is not applied yet.
    fn pending(&self) -> Result<(), Problems> {
        let problems = self
            .table
            .rows
            .iter()
            .filter(|row| !self.get(row, "decision").is_empty())
            .map(|row| {
                Problem::cell(
                    self.shown(),
                    row.line,
                    "decision",
                    format!(
                        "`{}` is not applied yet: run `sahel-kg suggest --apply` first, or empty the cell",
                        self.get(row, "decision")
                    ),
                )
            })
            .collect();
        Problems(problems).into_result()
    }

    /// The decisions written in the `decision` column: `accept`, or `reject: WHY`; a cell
    /// that says anything else is a problem.
    pub(crate) fn written_decisions(&self) -> Result<Vec<(usize, Decision)>, Problems> {
        let mut decisions = Vec::new();
        let mut problems = Vec::new();
        for (i, row) in self.table.rows.iter().enumerate() {
            let cell = self.get(row, "decision");
            if cell.is_empty() {
                continue;
            }
            let (word, reason) = cell.split_once(':').unwrap_or((cell, ""));
            let (word, reason) = (word.trim().to_lowercase(), reason.trim());
            let problem =
                |message: String| Problem::cell(self.shown(), row.line, "decision", message);
            match word.as_str() {
                "accept" if reason.is_empty() => decisions.push((i, Decision::Accept)),
                "reject" if !reason.is_empty() => {
                    decisions.push((i, Decision::Reject(reason.to_owned())));
                }
                "reject" => problems.push(problem(format!(
                    "`{cell}` gives no reason: write `reject: WHY` (the reason is kept in the not-fact decisions)"
                ))),
                _ => problems.push(problem(format!(
                    "`{cell}` is not a decision{}: expected `accept`, `reject: WHY`, or nothing to leave the row for later",
                    did_you_mean(&word, ["accept", "reject"])
                ))),
            }
        }
        Problems(problems).into_result()?;
        Ok(decisions)
    }
}

/// What `draft` did to the review file.
#[derive(Debug, Default)]
pub(crate) struct Drafted {
    /// The new rows: their ids and suggestions.
    pub added: Vec<(String, Suggestion)>,
    /// Rows kept as they were.
    pub kept: usize,
    /// Rows removed, because a fact or a decision now covers them.
    pub removed: usize,
}

/// Brings the review file up to date with `found` (made with `Existing::Skip`): the rows it
/// holds stay byte for byte unless a fact or a decision now covers them, and each suggestion
/// it does not hold yet is appended with the next free fact id. A row with a decision not yet
/// applied is a problem: the file is the annotator's work, and this would bury it.
pub(crate) fn draft(
    review: &mut Review<'_>,
    validated: &Validated,
    found: &Found,
) -> anyhow::Result<Result<Drafted, Problems>> {
    if let Err(problems) = review.pending() {
        return Ok(Err(problems));
    }
    let actors = &validated.actors;
    let suggested: Vec<Key> = found
        .suggestions
        .iter()
        .map(|s| {
            let text = &validated.sources[s.source].document.text()[s.quote.clone()];
            key(
                &validated.sources[s.source].id,
                &actors[s.subject].id,
                &actors[s.object].id,
                text,
            )
        })
        .collect();
    let wanted: BTreeSet<&Key> = suggested.iter().collect();
    let mut drafted = Drafted::default();
    let mut held = BTreeSet::new();
    for row in &review.table.rows {
        let cell = |c: &str| review.table.get(row, c);
        let k = key(
            cell("source"),
            cell("subject"),
            cell("object"),
            cell("quote"),
        );
        if !wanted.contains(&k) && covered(validated, cell) {
            let index = review
                .file
                .record_at_line(row.line)
                .ok_or_else(|| anyhow::anyhow!("{}: line {} moved", review.shown(), row.line))?;
            review.file.remove(index)?;
            drafted.removed += 1;
        } else {
            drafted.kept += 1;
            held.insert(k);
        }
    }
    let mut next = NextId::new(
        validated
            .facts
            .iter()
            .map(|f| f.id.as_str())
            .chain(review.table.rows.iter().map(|r| review.get(r, "id"))),
    );
    for (suggestion, k) in found.suggestions.iter().zip(suggested) {
        if held.contains(&k) {
            continue;
        }
        let id = next.next();
        let cells = cells(validated, &id, suggestion);
        let cells: Vec<(&str, &str)> = cells.iter().map(|(c, v)| (*c, v.as_str())).collect();
        review.file.append(&cells)?;
        held.insert(k);
        drafted.added.push((id, suggestion.clone()));
    }
    if review.file.is_edited() && (review.exists() || !drafted.added.is_empty()) {
        let mut changes = Changes::new(review.seeds);
        changes.table(&review.name, &review.file);
        changes.commit()?;
    }
    Ok(Ok(drafted))
}

/// What makes a row of the review file the same suggestion as a new one: the source, the
/// pair in either order, and the quote's match key (a relation or strength the annotator
/// changed is still the same suggestion).
type Key = (String, String, String, String);

fn key(source: &str, a: &str, b: &str, quote: &str) -> Key {
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    (
        source.to_owned(),
        a.to_owned(),
        b.to_owned(),
        match_key(quote),
    )
}

/// Whether a row of the review file is now covered: a fact about the same pair, or a
/// decision, overlaps its quote. A row whose source or quote cannot be found is kept: the
/// annotator may be editing it.
fn covered<'r>(validated: &Validated, cell: impl Fn(&str) -> &'r str) -> bool {
    let Some(source) = validated
        .sources
        .iter()
        .position(|s| s.id == cell("source"))
    else {
        return false;
    };
    let document = &validated.sources[source].document;
    let Some(span) = document
        .occurrences(cell("quote"), document.everything())
        .into_iter()
        .next()
    else {
        return false;
    };
    let overlaps = |r: &Range<usize>| r.start < span.bytes.end && span.bytes.start < r.end;
    let id = |a: usize| validated.actors[a].id.as_str();
    let pair = |a: usize, b: usize| {
        (id(a), id(b)) == (cell("subject"), cell("object"))
            || (id(b), id(a)) == (cell("subject"), cell("object"))
    };
    validated
        .facts
        .iter()
        .any(|f| f.source == source && overlaps(&f.span.bytes) && pair(f.subject, f.object))
        || validated
            .not_facts
            .iter()
            .any(|d| d.source == source && overlaps(&d.span.bytes))
}

/// A suggestion's cells in the review file.
fn cells<'a>(validated: &'a Validated, id: &'a str, s: &'a Suggestion) -> Vec<(&'a str, String)> {
    let source = &validated.sources[s.source];
    let kind = if s.cue.explicit { "explicit" } else { "weak" };
    let note = match s.hedge {
        Some(hedge) => format!(
            "Suggested from the cue `{}` ({kind}; hedge `{}`: flagged, so implied).",
            s.cue_text, hedge.name
        ),
        None if s.cue.explicit => format!("Suggested from the cue `{}` ({kind}).", s.cue_text),
        None => format!(
            "Suggested from the cue `{}` ({kind}, so implied).",
            s.cue_text
        ),
    };
    vec![
        ("id", id.to_owned()),
        ("subject", validated.actors[s.subject].id.clone()),
        ("relation", s.relation.to_owned()),
        ("object", validated.actors[s.object].id.clone()),
        ("source", source.id.clone()),
        (
            "part",
            s.part
                .map_or_else(String::new, |p| validated.parts[p].id.clone()),
        ),
        ("quote", source.document.text()[s.quote.clone()].to_owned()),
        ("strength", s.strength.to_owned()),
        ("note", note),
    ]
}

/// The next free fact ids: the ids' most common prefix (`f`) followed by one more than the
/// largest number written after it, with as many digits as the widest (`f155`).
struct NextId {
    prefix: String,
    number: u64,
    width: usize,
}

impl NextId {
    fn new<'a>(taken: impl Iterator<Item = &'a str>) -> Self {
        let mut prefixes: BTreeMap<&str, (usize, u64, usize)> = BTreeMap::new();
        for id in taken {
            let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            let (prefix, number) = id.split_at(id.len() - digits);
            let Ok(number) = number.parse::<u64>() else {
                continue;
            };
            let entry = prefixes.entry(prefix).or_default();
            entry.0 += 1;
            entry.1 = entry.1.max(number);
            entry.2 = entry.2.max(digits);
        }
        let best = prefixes
            .iter()
            .max_by_key(|(prefix, (count, _, _))| (*count, std::cmp::Reverse(**prefix)));
        match best {
            Some((prefix, (_, number, width))) => Self {
                prefix: (*prefix).to_owned(),
                number: *number,
                width: *width,
            },
            None => Self {
                prefix: "f".to_owned(),
                number: 0,
                width: 3,
            },
        }
    }

    fn next(&mut self) -> String {
        self.number = self.number.saturating_add(1);
        format!("{}{:0width$}", self.prefix, self.number, width = self.width)
    }
}

/// Where a decided row went.
#[derive(Debug)]
pub(crate) struct Moved {
    /// The row's id.
    pub id: String,
    /// What was decided.
    pub decision: Decision,
    /// The file it went to, as the user names it, and its line there.
    pub to: (String, u64),
}

/// Moves the decided rows (indices into the review table's rows): each accepted one to the
/// facts file of its source, each rejected one to the not-fact decisions of its source, its
/// quote as the excerpt (lengthened by whole lines until it occurs once in the document) and
/// its reason; both leave the review file. The corpus as it would be is validated first, and
/// every problem is shown on the review row it comes from; then every file is written, or
/// none.
pub(crate) fn decide(
    review: &mut Review<'_>,
    validated: &Validated,
    inputs: &Inputs,
    decisions: &[(usize, Decision)],
) -> anyhow::Result<Result<Vec<Moved>, Problems>> {
    let seeds = review.seeds;
    let mut targets = Targets::new(seeds, &inputs.seeds)?;
    let mut problems = Vec::new();
    let mut moved = Vec::new();
    // Where each moved row lands, to show a problem found there on the row it came from.
    let mut origin: BTreeMap<(String, u64), (u64, bool)> = BTreeMap::new();
    for (index, decision) in decisions {
        let table = &review.table;
        let row = &table.rows[*index];
        let cell = |c: &str| table.get(row, c);
        let (name, line) = match decision {
            Decision::Accept => {
                let name = targets.name(&FACTS, cell("source"));
                let cells: Vec<(&str, &str)> =
                    FACTS.columns.iter().map(|c| (*c, cell(c))).collect();
                let line = targets.table(&name, &FACTS)?.append(&cells)?;
                (name, line)
            }
            Decision::Reject(reason) => {
                let excerpt = match excerpt(validated, cell) {
                    Ok(excerpt) => excerpt,
                    Err(message) => {
                        problems.push(Problem::cell(review.shown(), row.line, "quote", message));
                        continue;
                    }
                };
                let name = targets.name(&NOT_FACTS, cell("source"));
                let cells = [
                    ("source", cell("source")),
                    ("excerpt", excerpt.as_str()),
                    ("reason", reason.as_str()),
                ];
                let line = targets.table(&name, &NOT_FACTS)?.append(&cells)?;
                (name, line)
            }
        };
        origin.insert(
            (seeds.shown(&name), line),
            (row.line, matches!(decision, Decision::Reject(_))),
        );
        let index = review
            .file
            .record_at_line(row.line)
            .ok_or_else(|| anyhow::anyhow!("{}: line {} moved", review.shown(), row.line))?;
        review.file.remove(index)?;
        moved.push(Moved {
            id: cell("id").to_owned(),
            decision: decision.clone(),
            to: (seeds.shown(&name), line),
        });
    }
    if let Err(problems) = Problems(problems).into_result() {
        return Ok(Err(problems));
    }
    let mut changes = Changes::new(seeds);
    for (name, table) in &targets.tables {
        changes.table(name, table);
    }
    changes.table(&review.name, &review.file);
    if let Err(problems) = check(&changes, inputs, &origin, &review.shown())? {
        return Ok(Err(problems));
    }
    changes.commit()?;
    Ok(Ok(moved))
}

/// Validates the corpus as `changes` would leave it; its problems are said of the seeds, a
/// moved row's on the review row it came from (`origin`: where each landed).
fn check(
    changes: &Changes<'_>,
    inputs: &Inputs,
    origin: &BTreeMap<(String, u64), (u64, bool)>,
    review: &str,
) -> anyhow::Result<Result<(), Problems>> {
    let preview = changes.preview()?;
    let shown_preview = preview.path().display().to_string();
    let check = Inputs {
        seeds: preview.path().to_owned(),
        documents: preview.path().join("documents"),
        ontology: inputs.ontology.clone(),
    };
    let Err(error) = crate::pipeline::validate_inputs(&check) else {
        return Ok(Ok(()));
    };
    let Some(found) = error.downcast_ref::<Problems>() else {
        return Err(error);
    };
    let shown_seeds = inputs.seeds.display().to_string();
    let relocated = found
        .0
        .iter()
        .map(|p| relocate(p, &shown_preview, &shown_seeds, origin, review))
        .collect();
    Ok(Problems(relocated).into_result())
}

/// A problem found in the preview, said of the seeds: on the review row a moved row came
/// from, with the review file's column names.
fn relocate(
    problem: &Problem,
    preview: &str,
    seeds: &str,
    origin: &BTreeMap<(String, u64), (u64, bool)>,
    review: &str,
) -> Problem {
    let mut problem = problem.clone();
    problem.file = problem.file.replacen(preview, seeds, 1);
    problem.message = problem.message.replace(preview, seeds);
    if let Some(&(line, rejected)) = problem
        .line
        .and_then(|l| origin.get(&(problem.file.clone(), l)))
    {
        review.clone_into(&mut problem.file);
        problem.line = Some(line);
        if rejected {
            problem.column = problem.column.map(|c| match c {
                Column::Name(name) if name == "excerpt" => Column::Name("quote".to_owned()),
                Column::Name(name) if name == "reason" => Column::Name("decision".to_owned()),
                other => other,
            });
        }
    }
    problem
}

/// The excerpt for a rejected row: its quote where it lies in its part (or document),
/// lengthened by whole lines until it occurs once in the whole document, as a not-fact
/// decision's excerpt must; or why there is none.
fn excerpt<'r>(validated: &Validated, cell: impl Fn(&str) -> &'r str) -> Result<String, String> {
    let Some(source) = validated.sources.iter().find(|s| s.id == cell("source")) else {
        return Err(format!(
            "the source `{}` is unknown{}: a rejected suggestion's quote becomes a decision on its source",
            cell("source"),
            did_you_mean(
                cell("source"),
                validated.sources.iter().map(|s| s.id.as_str())
            )
        ));
    };
    let document = &source.document;
    let within = validated
        .parts
        .iter()
        .find(|p| p.id == cell("part") && validated.sources[p.source].id == source.id)
        .map_or_else(|| document.everything(), |p| p.bytes.clone());
    let Some(span) = document
        .occurrences(cell("quote"), within)
        .into_iter()
        .next()
    else {
        return Err(format!(
            "not found in `{}`: a rejected suggestion's quote becomes the decision's excerpt, so it must be the document's words",
            source.id
        ));
    };
    unique(document, span.bytes)
        .map(|r| document.text()[r].to_owned())
        .ok_or_else(|| {
            format!(
                "occurs more than once in `{}`, even with the lines around it: write the decision in not-facts.csv by hand",
                source.id
            )
        })
}

/// `bytes`, or the lines around it (up to two more on each side), the first that occurs once
/// in the whole document.
fn unique(document: &Document, bytes: Range<usize>) -> Option<Range<usize>> {
    // Once, and there: validation counts occurrences that do not overlap, and places the
    // excerpt at the first.
    let once = |r: &Range<usize>| {
        let text = &document.text()[r.clone()];
        let start = r.start + (text.len() - text.trim_start().len());
        let found = document.occurrences(text, document.everything());
        matches!(found.as_slice(), [only] if only.bytes.start == start)
    };
    if once(&bytes) {
        return Some(bytes);
    }
    let (first, last) = (
        document.line_of(bytes.start),
        document.line_of(bytes.end.saturating_sub(1).max(bytes.start)),
    );
    let count = document.line_count();
    [(0, 0), (1, 0), (0, 1), (1, 1), (2, 1), (1, 2), (2, 2)]
        .into_iter()
        .map(|(before, after)| {
            document.lines(
                first.saturating_sub(before).max(1),
                (last + after).min(count),
            )
        })
        .find(|r| !document.text()[r.clone()].trim().is_empty() && once(r))
}

/// The tables rows are moved to, each read once and edited in place.
struct Targets<'s> {
    seeds: &'s Seeds,
    dir: PathBuf,
    /// Each source's file, per table (`facts/doc005.csv`), where its rows already are.
    files: BTreeMap<(&'static str, String), String>,
    tables: BTreeMap<String, CsvFile>,
}

impl<'s> Targets<'s> {
    fn new(seeds: &'s Seeds, dir: &Path) -> anyhow::Result<Self> {
        let mut files = BTreeMap::new();
        for spec in [&FACTS, &NOT_FACTS] {
            // The corpus was validated: the problems are the ones validation already reported.
            let table = read::read_table(dir, spec, &mut Vec::new())?;
            for row in &table.rows {
                let file = Path::new(table.file_of(row));
                if let Ok(name) = file.strip_prefix(dir) {
                    let name = name
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/");
                    files.insert((spec.file, table.get(row, "source").to_owned()), name);
                }
            }
        }
        Ok(Self {
            seeds,
            dir: dir.to_owned(),
            files,
            tables: BTreeMap::new(),
        })
    }

    /// The file of `spec` that holds `source`'s rows (the last one read, if several do);
    /// for a source with none, `facts/SOURCE.csv` when the per-source folder exists, else the
    /// table's own file.
    fn name(&self, spec: &TableSpec, source: &str) -> String {
        if let Some(name) = self.files.get(&(spec.file, source.to_owned())) {
            return name.clone();
        }
        match spec.per_source {
            Some(sub) if self.dir.join(sub).is_dir() && check_id(source).is_ok() => {
                format!("{sub}/{source}.csv")
            }
            _ => spec.file.to_owned(),
        }
    }

    fn table(&mut self, name: &str, spec: &TableSpec) -> anyhow::Result<&mut CsvFile> {
        Ok(match self.tables.entry(name.to_owned()) {
            Entry::Occupied(table) => table.into_mut(),
            Entry::Vacant(slot) => slot.insert(self.seeds.table(name, spec.columns)?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_review_file_is_a_decision_then_a_fact_s_columns() {
        // `prepend` builds them: an accepted row is moved cell by cell through `FACTS.columns`,
        // and a column of the facts missing here would be moved empty.
        assert_eq!(COLUMNS[0], "decision");
        assert_eq!(&COLUMNS[1..], FACTS.columns);
    }

    #[test]
    fn the_next_id_follows_the_commonest_prefix_with_its_width() {
        let mut next = NextId::new(["f001", "f154", "f09", "x7", "claim-3", "f"].into_iter());
        assert_eq!(next.next(), "f155");
        assert_eq!(next.next(), "f156");
        let mut none = NextId::new(std::iter::empty());
        assert_eq!(none.next(), "f001");
    }

    #[test]
    fn an_excerpt_grows_by_whole_lines_until_it_occurs_once() {
        let document = Document::new("Mali – Russie\nDescription:\n  Mali – Russie\n".to_owned());
        let second = document.lines(3, 3);
        let excerpt = unique(&document, second).expect("an excerpt");
        assert_eq!(&document.text()[excerpt], "Description:\n  Mali – Russie");
        let repeated = Document::new("a\na\na\na\na\na\na\n".to_owned());
        assert_eq!(unique(&repeated, repeated.lines(4, 4)), None);
    }
}
