//! What people read: the reports, the coverage, the pictures and the page.
//!
//! In: the stored queries' answers and the validated annotations. Out: text (CSV, SVG, HTML)
//! for the caller to write. `report` writes an answer as CSV, TSV, JSON or a table;
//! `coverage` lists the sentences naming two actors and what covers them; `network` and
//! `timeline` draw the pictures, `page` the self-contained `index.html`, all escaping through
//! `markup`. `PRESENTED` names the queries and columns the pictures and the page read: both
//! are checked before any work, so an edited query is a reported problem, not a crash.
//! What this does not do: run queries or write files.

pub mod coverage;
pub(crate) mod markup;
pub mod network;
pub(crate) mod page;
mod radial;
pub(crate) mod report;
pub(crate) mod timeline;

use std::path::Path;

use crate::answer::Answer;
use crate::output;
use crate::pipeline::dates;
use crate::pipeline::validate::Validated;
use crate::problem::{Problem, Problems};
use crate::sparql::query::StoredQuery;
use crate::timings::Timings;

/// The stored queries the pictures and the page are drawn from, with the columns they read.
const PRESENTED: &[(&str, &[&str])] = &[
    ("actors", &["id", "label_fr", "kind", "acts_for"]),
    (
        "relations",
        &[
            "Source",
            "Target",
            "Type",
            "Label",
            "Weight",
            "relation",
            "status",
            "since",
            "until",
            "source_label",
            "target_label",
        ],
    ),
    (
        "evidence",
        &[
            "fact",
            "relation",
            "subject_id",
            "object_id",
            "strength",
            "claimed_by",
            "source",
            "part_kind",
            "published",
            "start",
            "end",
            "quote_start",
            "quote_end",
        ],
    ),
    (
        "allies-of-mali",
        &[
            "ally",
            "type",
            "status",
            "since",
            "until",
            "sources",
            "independent",
            "quote",
        ],
    ),
    (
        "allies-of-mali-by-year",
        &["year", "ally", "status", "ally_iri"],
    ),
    (
        "opponents-of-mali",
        &[
            "opponent",
            "type",
            "status",
            "since",
            "sources",
            "independent",
            "claimed",
            "quote",
        ],
    ),
    ("shared-passages", &["lines", "words", "facts", "excerpt"]),
    (
        "memberships",
        &[
            "member",
            "organisation",
            "status",
            "since",
            "until",
            "sources",
            "independent",
        ],
    ),
    (
        "sources",
        &[
            "id",
            "title",
            "kind",
            "publisher",
            "author",
            "published",
            "date_note",
            "cites",
            "url",
            "retrieved",
            "facts",
            "file",
        ],
    ),
];

/// A stored query the pictures and the page need, missing from the queries directory, is
/// refused before any work, named in that directory.
pub fn check_presented_exist(stored: &[StoredQuery], queries: &Path) -> anyhow::Result<()> {
    let missing: Vec<Problem> = PRESENTED
        .iter()
        .filter(|(name, _)| !stored.iter().any(|q| q.name == *name))
        .map(|(name, _)| {
            let file = queries.join(format!("{name}.rq")).display().to_string();
            Problem::file(
                file,
                "missing stored query: the pictures and index.html are drawn from it",
            )
        })
        .collect();
    Ok(Problems(missing).into_result()?)
}

/// The pictures and the page, drawn.
#[derive(Debug)]
pub struct Presented {
    /// `network.dot`, for Graphviz users.
    pub network_dot: String,
    /// `network.svg`.
    pub network_svg: String,
    /// `timeline.svg`.
    pub timeline_svg: String,
    /// `index.html`.
    pub index: String,
}

/// The pictures and the page, from the stored queries' answers, after checking that every
/// query and column they read is there.
pub fn present(
    answers: &[(&StoredQuery, Answer)],
    validated: &Validated,
    time: &mut Timings,
) -> anyhow::Result<Presented> {
    check_presented_columns(answers)?;
    let by_name: std::collections::BTreeMap<&str, &Answer> =
        answers.iter().map(|(q, a)| (q.name.as_str(), a)).collect();
    let (network_dot, network_svg) = network::svg(by_name["actors"], by_name["relations"])?;
    time.lap(output::NETWORK_SVG);
    // The latest date any claim's source or part gives: where "current" relations are drawn to.
    // None when no claim's source is dated, or there is no claim: dates are optional in the
    // annotations, so that is no error, and the timeline says so (`timeline::svg`).
    let now = by_name["evidence"]
        .records()
        .filter_map(|r| dates::PartialDate::parse(r.get("published")).ok())
        .max_by_key(|d| d.latest());
    let timeline_svg = timeline::svg(by_name["relations"], now)?;
    time.lap(output::TIMELINE_SVG);
    let index = page::html(&page::Inputs {
        answers: by_name,
        network: &network_svg,
        timeline: &timeline_svg,
        validated,
    })?;
    time.lap(output::INDEX);
    Ok(Presented {
        network_dot,
        network_svg,
        timeline_svg,
        index,
    })
}

/// Every presented query answered, with every column the pictures and the page read.
fn check_presented_columns(answers: &[(&StoredQuery, Answer)]) -> anyhow::Result<()> {
    let mut problems = Vec::new();
    for (name, columns) in PRESENTED {
        // `check_presented_exist` refuses a run without these queries before any work, so a
        // missing one here is a bug, not a user's problem.
        let Some((q, answer)) = answers.iter().find(|(q, _)| q.name == *name) else {
            anyhow::bail!("the stored query {name} was checked at load but has no answer");
        };
        let missing: Vec<&str> = columns
            .iter()
            .copied()
            .filter(|c| !answer.columns.iter().any(|have| have == c))
            .collect();
        if !missing.is_empty() {
            problems.push(Problem::file(
                q.file.clone(),
                format!(
                    "the pictures and index.html read the column(s) {} of this query, which it \
                     no longer selects",
                    missing.join(", ")
                ),
            ));
        }
    }
    Ok(Problems(problems).into_result()?)
}

/// Answers the render tests build, shaped as the stored queries' are.
#[cfg(test)]
pub(crate) mod test_answers {
    use crate::answer::Answer;
    use oxigraph::model::{Literal, Term};

    /// The columns the pictures and the page read of the presented query `name`.
    pub(crate) fn presented_columns(name: &str) -> &'static [&'static str] {
        super::PRESENTED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, columns)| *columns)
            .expect("a query the pictures and the page read")
    }

    /// An answer with these columns and rows, each cell a plain literal.
    pub(crate) fn answer_of<R, S>(columns: &[&str], rows: impl IntoIterator<Item = R>) -> Answer
    where
        R: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut answer = Answer::new(columns.iter().map(|c| (*c).to_owned()).collect());
        for row in rows {
            let cells: Vec<Option<Term>> = row
                .into_iter()
                .map(|c| Some(Literal::from(c.as_ref()).into()))
                .collect();
            answer.push_row(&cells);
        }
        answer
    }
}
