//! `sahel-kg suggest`: draft facts from cue words, and move the decided ones into the corpus.
//!
//! In: the seeds and the ontology, the review file (`seeds/suggested.csv`), and what to do:
//! bring the review file up to date, move rows the annotator accepted or rejected (named on
//! the command line or in the file's `decision` column), or measure the suggestions against
//! the annotations. Out: the review file, the facts and not-fact decisions it feeds, a summary
//! on stdout. The corpus must be valid first; every write is all or nothing and stays inside
//! the seeds folder. What this does not do: decide anything for the annotator.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::cmd::coverage::{print_table, source_indices};
use crate::config::{Inputs, SuggestAction};
use crate::corpus::changes::Seeds;
use crate::corpus::review::{self, Decision, Review};
use crate::corpus::suggest::{self, Existing, Found, Measure};
use crate::pipeline::read::{ACTORS, FACTS, NOT_FACTS, PARTS, SOURCES};
use crate::pipeline::validate::Validated;

/// Runs one `suggest` action.
pub fn run(
    inputs: &Inputs,
    review: &Path,
    action: &SuggestAction,
    progress: bool,
    stdout: &mut dyn Write,
) -> anyhow::Result<()> {
    // Checked before the corpus is read: a wrong --out is the command line's mistake.
    let name = review_name(&inputs.seeds, review)?;
    let validated = super::validate_shown(inputs, progress)?;
    match action {
        SuggestAction::Measure(ids) => {
            let sources = source_indices(&validated, ids)?;
            let found = suggest::suggest(&validated, &sources, Existing::Ignore)?;
            print_measure(&suggest::measure(&validated, &sources, &found), stdout)
        }
        SuggestAction::Draft(ids) => {
            let sources = source_indices(&validated, ids)?;
            let found = suggest::suggest(&validated, &sources, Existing::Skip)?;
            let seeds = Seeds::open(&inputs.seeds)?;
            let mut review = Review::open(&seeds, &name)??;
            let drafted = review::draft(&mut review, &validated, &found)??;
            print_draft(&validated, &review, &found, &drafted, stdout)
        }
        SuggestAction::Accept(ids) => decide(inputs, &name, &validated, stdout, |review| {
            named(review, ids, &Decision::Accept)
        }),
        SuggestAction::Reject(ids, reason) => decide(inputs, &name, &validated, stdout, |review| {
            named(review, ids, &Decision::Reject(reason.clone()))
        }),
        SuggestAction::Apply => decide(inputs, &name, &validated, stdout, |review| {
            Ok(review.written_decisions()?)
        }),
    }
}

/// Moves the rows `decisions` picks from the review file `name`, and says where each went.
fn decide(
    inputs: &Inputs,
    name: &str,
    validated: &Validated,
    stdout: &mut dyn Write,
    decisions: impl FnOnce(&Review<'_>) -> anyhow::Result<Vec<(usize, Decision)>>,
) -> anyhow::Result<()> {
    let seeds = Seeds::open(&inputs.seeds)?;
    let mut review = Review::open(&seeds, name)??;
    let decisions = decisions(&review)?;
    if decisions.is_empty() {
        writeln!(
            stdout,
            "{}: nothing to apply: no row has `accept` or `reject: WHY` in its decision column",
            review.shown()
        )?;
        return Ok(());
    }
    for moved in review::decide(&mut review, validated, inputs, &decisions)?? {
        let what = match moved.decision {
            Decision::Accept => "accepted, now a fact",
            Decision::Reject(_) => "rejected, now a not-fact decision",
        };
        writeln!(
            stdout,
            "{}: {what}: {}:{}",
            moved.id, moved.to.0, moved.to.1
        )?;
    }
    Ok(())
}

/// The rows named on the command line, each with `decision`; a review file that does not
/// exist or an id it lacks is a usage error.
fn named(
    review: &Review<'_>,
    ids: &[String],
    decision: &Decision,
) -> anyhow::Result<Vec<(usize, Decision)>> {
    anyhow::ensure!(
        review.exists(),
        "no review file {}: run `sahel-kg suggest` first",
        review.shown()
    );
    let mut rows = Vec::new();
    for id in ids {
        let row = review.row(id)?;
        if !rows.iter().any(|(r, _)| *r == row) {
            rows.push((row, decision.clone()));
        }
    }
    Ok(rows)
}

/// The review file's name inside the seeds folder (`suggested.csv`), from `--out`: a `.csv`
/// file inside the seeds folder that is none of the corpus's own tables, since suggest writes
/// only there and must not write over what it reads.
fn review_name(seeds: &Path, review: &Path) -> anyhow::Result<String> {
    let outside = || {
        anyhow::anyhow!(
            "--out {} is not inside the seeds folder {}: the review file goes there (sahel-kg suggest writes nowhere else)",
            review.display(),
            seeds.display()
        )
    };
    let relative: PathBuf = if let Ok(relative) = review.strip_prefix(seeds) {
        relative.to_owned()
    } else {
        let parent = review
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let (Ok(parent), Ok(real_seeds), Some(file)) = (
            parent.canonicalize(),
            seeds.canonicalize(),
            review.file_name(),
        ) else {
            return Err(outside());
        };
        parent
            .strip_prefix(&real_seeds)
            .map_err(|_| outside())?
            .join(file)
    };
    let mut parts = Vec::new();
    for component in relative.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str().ok_or_else(outside)?.to_owned()),
            _ => return Err(outside()),
        }
    }
    let name = parts.join("/");
    let tables = [&SOURCES, &PARTS, &ACTORS, &FACTS, &NOT_FACTS];
    let own = tables.iter().any(|t| t.file == name)
        || parts.len() > 1
            && (parts[0] == "documents"
                || tables
                    .iter()
                    .any(|t| t.per_source == Some(parts[0].as_str())));
    anyhow::ensure!(
        !own,
        "--out {} is a file the corpus is read from: give the review file a name of its own, such as {}",
        review.display(),
        seeds.join("suggested.csv").display()
    );
    anyhow::ensure!(
        Path::new(&name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv")),
        "--out {} does not end in .csv: the review file is a CSV table",
        review.display()
    );
    Ok(name)
}

fn print_draft(
    validated: &Validated,
    review: &Review<'_>,
    found: &Found,
    drafted: &review::Drafted,
    stdout: &mut dyn Write,
) -> anyhow::Result<()> {
    let actor = |a: usize| validated.actors[a].id.as_str();
    let place = |s: &suggest::Suggestion| {
        let source = &validated.sources[s.source];
        format!("{}:{}", source.id, source.document.line_of(s.quote.start))
    };
    let removed = match drafted.removed {
        0 => String::new(),
        1 => "; 1 removed: a fact or a decision covers it now".to_owned(),
        n => format!("; {n} removed: a fact or a decision covers them now"),
    };
    if drafted.added.is_empty() && !review.exists() {
        writeln!(
            stdout,
            "no suggestion: no sentence naming two actors without a fact or decision has a cue word; nothing was written"
        )?;
    } else {
        writeln!(
            stdout,
            "{}: {} new suggestion{} to review ({} kept{removed})",
            review.shown(),
            drafted.added.len(),
            if drafted.added.len() == 1 { "" } else { "s" },
            drafted.kept,
        )?;
    }
    for (id, s) in &drafted.added {
        let hedge = s
            .hedge
            .map(|h| format!(", hedge `{}`: flagged", h.name))
            .unwrap_or_default();
        writeln!(
            stdout,
            "  {id}  {}  {} {} {}  {}  cue `{}`{hedge}",
            place(s),
            actor(s.subject),
            s.relation,
            actor(s.object),
            s.strength,
            s.cue_text
        )?;
    }
    if !found.suppressed.is_empty() {
        writeln!(stdout, "suppressed by a denial (not written):")?;
        for x in &found.suppressed {
            let s = &x.suggestion;
            writeln!(
                stdout,
                "  {}  {} {} {}  cue `{}`, denial `{}`",
                place(s),
                actor(s.subject),
                s.relation,
                actor(s.object),
                s.cue_text,
                x.denial.name
            )?;
        }
    }
    if !drafted.added.is_empty() || drafted.kept > 0 {
        writeln!(
            stdout,
            "Check each row against its quote, then: sahel-kg suggest --accept ID, or sahel-kg suggest --reject ID --reason WHY; or write `accept` or `reject: WHY` in the decision column and run sahel-kg suggest --apply."
        )?;
    }
    Ok(())
}

fn print_measure(measure: &Measure, stdout: &mut dyn Write) -> anyhow::Result<()> {
    let share = |p: Option<f64>| p.map_or_else(|| "-".to_owned(), |p| format!("{p:.2}"));
    let row = |cue: &str, relation: &str, t: &suggest::Tally| {
        vec![
            cue.to_owned(),
            relation.to_owned(),
            t.suggested.to_string(),
            t.right.to_string(),
            t.other_relation.to_string(),
            t.decided.to_string(),
            t.unannotated.to_string(),
            share(t.precision()),
        ]
    };
    let mut rows: Vec<Vec<String>> = measure
        .cues
        .iter()
        .map(|(cue, relation, t)| row(cue, relation, t))
        .collect();
    rows.push(row("all", "", &measure.total));
    print_table(
        stdout,
        &[
            "cue",
            "relation",
            "suggested",
            "right",
            "other relation",
            "decided",
            "unannotated",
            "precision",
        ],
        &rows,
    )?;
    writeln!(
        stdout,
        "facts found: {} of {} (recall {}); F1 {}",
        measure.facts_found,
        measure.facts,
        share(measure.recall()),
        share(measure.f1())
    )?;
    writeln!(
        stdout,
        "suppressed by a denial: {} ({} of them a fact)",
        measure.suppressed.1, measure.suppressed.0
    )?;
    Ok(())
}
