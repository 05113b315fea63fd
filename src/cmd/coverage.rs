//! `sahel-kg coverage`: how much of each document the annotations have dealt with.
//!
//! In: the seeds and the ontology, and the sources to count (all by default). Out: on stdout,
//! an aligned table with a row per source and a total: its actor mentions (boilerplate left
//! out), those a fact about the actor quotes (`covered`), those a not-fact decision on their
//! sentence settles (`decided`), and the rest (`open`), counted from the very rows
//! `output/coverage.csv` holds. What this does not do: write any file.

use std::io::Write;

use anyhow::Context;

use crate::config::Inputs;
use crate::pipeline::validate::Validated;
use crate::problem::did_you_mean;
use crate::render::coverage;

/// Validates, then prints the table.
pub fn run(
    inputs: &Inputs,
    sources: &[String],
    progress: bool,
    stdout: &mut dyn Write,
) -> anyhow::Result<()> {
    let validated = super::validate_shown(inputs, progress)?;
    let wanted = source_indices(&validated, sources)?;
    let column = |name: &str| {
        coverage::COLUMNS
            .iter()
            .position(|c| *c == name)
            .with_context(|| format!("coverage.csv has no column `{name}`"))
    };
    let (source, kind, covered, decision) = (
        column("source")?,
        column("row")?,
        column("covered")?,
        column("decision")?,
    );
    let mut counts: Vec<(String, [usize; 4])> = Vec::new();
    let mut ids: Vec<&str> = wanted
        .iter()
        .map(|&s| validated.sources[s].id.as_str())
        .collect();
    ids.sort_unstable();
    for id in ids {
        counts.push((id.to_owned(), [0; 4]));
    }
    for row in coverage::rows(&validated)? {
        if row[kind] != "mention" || row[covered] == "boilerplate" {
            continue;
        }
        let Some((_, count)) = counts.iter_mut().find(|(id, _)| *id == row[source]) else {
            continue;
        };
        count[0] += 1;
        let slot = match (row[covered].as_str(), row[decision].is_empty()) {
            ("yes", _) => 1,
            (_, false) => 2,
            _ => 3,
        };
        count[slot] += 1;
    }
    let mut total = [0; 4];
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (id, count) in &counts {
        for (t, c) in total.iter_mut().zip(count) {
            *t += c;
        }
        rows.push(
            std::iter::once(id.clone())
                .chain(count.iter().map(ToString::to_string))
                .collect(),
        );
    }
    rows.push(
        std::iter::once("total".to_owned())
            .chain(total.iter().map(ToString::to_string))
            .collect(),
    );
    print_table(
        stdout,
        &["source", "mentions", "covered", "decided", "open"],
        &rows,
    )?;
    Ok(())
}

/// The indices of the sources named `ids`, in the order given (all, in file order, when none
/// is); an unknown one is a usage error.
pub fn source_indices(validated: &Validated, ids: &[String]) -> anyhow::Result<Vec<usize>> {
    if ids.is_empty() {
        return Ok((0..validated.sources.len()).collect());
    }
    let known = || validated.sources.iter().map(|s| s.id.as_str());
    let mut wanted = Vec::new();
    for id in ids {
        let index = known().position(|k| k == id).with_context(|| {
            format!(
                "no source `{id}` in sources.csv{}",
                did_you_mean(id, known())
            )
        })?;
        if !wanted.contains(&index) {
            wanted.push(index);
        }
    }
    Ok(wanted)
}

/// An aligned table as `query` prints one (a header, a rule, two spaces between columns),
/// with every column but the first right-aligned: they hold numbers.
pub fn print_table(
    out: &mut dyn Write,
    header: &[&str],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    use unicode_width::UnicodeWidthStr;
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.width());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>, out: &mut dyn Write| {
        let padded: Vec<String> = cells
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                let pad = " ".repeat(w - c.width());
                if i == 0 {
                    format!("{c}{pad}")
                } else {
                    format!("{pad}{c}")
                }
            })
            .collect();
        writeln!(out, "{}", padded.join("  ").trim_end())
    };
    line(&mut header.iter().copied(), out)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(&mut rule.iter().map(String::as_str), out)?;
    for row in rows {
        line(&mut row.iter().map(String::as_str), out)?;
    }
    Ok(())
}
