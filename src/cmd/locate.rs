//! `sahel-kg locate SOURCE "QUOTE"`: where a quote is in a source's document, and what to paste.
//!
//! In: the seeds (`sources.csv`, `parts.csv`, the facts tables, the documents), a source id or
//! a document's file name, and a quote as typed. Out: on stdout, every place the quote occurs,
//! found as validation finds it (`pipeline::text`: typographic apostrophes and quotes, any run
//! of white space), each with its line, its part and the part's kind, its code point offsets,
//! the document's own words as a CSV cell, and a facts row with the cells already known (the
//! next free fact id, the source, the part, the quote) and where to paste it. A quote that
//! cannot be cited as it is (not found, found twice in its part, in boilerplate, in no part)
//! is a problem, with the closest passage or the line it matches but for case: exit 1.
//! What this does not do: write anything, or judge the rest of the corpus (`validate` does).

use std::io::Write;
use std::path::Path;

use crate::corpus::changes::Seeds;
use crate::pipeline::read;
use crate::pipeline::text::{Document, Miss, Span};
use crate::problem::{Problem, Problems, did_you_mean};

/// A part of the document, as `parts.csv` gives it.
#[derive(Debug)]
struct Part {
    id: String,
    kind: String,
    bytes: std::ops::Range<usize>,
}

/// Finds the quote (see the module comment).
pub fn run(
    seeds_dir: &Path,
    source: &str,
    quote: &str,
    stdout: &mut dyn Write,
) -> anyhow::Result<()> {
    let seeds = Seeds::open(seeds_dir)?;
    let (id, shown, doc) = source_document(seeds_dir, &seeds, source)?;
    let parts = parts_of(seeds_dir, &id, &doc)?;
    let found = doc.occurrences(quote, doc.everything());
    if found.is_empty() {
        let message = not_found(&doc, &id, quote);
        return Err(Problems(vec![Problem::file(shown, message)]).into());
    }
    if found.len() == 1 {
        writeln!(stdout, "{id}: 1 place in {shown}")?;
    } else {
        writeln!(
            stdout,
            "{id}: {} places in {shown}; a quote must occur once in the part it cites",
            found.len()
        )?;
    }
    let (next_fact, facts_file) = next_fact(seeds_dir, &seeds, &id)?;
    let mut usable = 0;
    for (k, span) in found.iter().enumerate() {
        let (whereabouts, part) = whereabouts(&doc, quote, span, &parts);
        let number = if found.len() == 1 {
            String::new()
        } else {
            format!("{}. ", k + 1)
        };
        writeln!(
            stdout,
            "  {number}line {}, code points {}-{}, {whereabouts}",
            span.line, span.start, span.end
        )?;
        let Some(part) = part else { continue };
        usable += 1;
        let words = paste_text(&doc.text()[span.bytes.clone()]);
        let row: Vec<&str> = read::FACTS
            .columns
            .iter()
            .map(|&column| match column {
                "id" => next_fact.as_str(),
                "source" => id.as_str(),
                "part" => part,
                "quote" => words.as_str(),
                _ => "",
            })
            .collect();
        writeln!(stdout, "     quote: {}", csv_line(&[words.as_str()]))?;
        writeln!(stdout, "     row:   {}", csv_line(&row))?;
    }
    if usable == 0 {
        return Err(Problems(vec![Problem::file(
            shown,
            format!(
                "the quote cannot be cited as it is: a quote must occur once in the part it cites, and that part must not be boilerplate{}",
                if found.len() > 1 { ": lengthen it until it occurs once" } else { "" }
            ),
        )])
        .into());
    }
    writeln!(
        stdout,
        "paste a row into {facts_file} and fill in subject, relation, object and strength (claimed_by, start, end and note when they apply)"
    )?;
    Ok(())
}

/// Why a quote found nowhere is not there, in validation's words: empty, the line it matches
/// but for case or accents, or the closest passage.
fn not_found(doc: &Document, id: &str, quote: &str) -> String {
    match doc.locate(quote, doc.everything()) {
        Err(Miss::Empty) => {
            "empty quote: give the words of the document that support the fact".to_owned()
        }
        Err(Miss::NotFound {
            closest: Some(closest),
        }) => format!("quote not found in `{id}`: `{quote}`. The {closest}."),
        Err(Miss::Resembles(r)) => format!(
            "quote not found in `{id}`: `{quote}`. It occurs {r}: paste the document's \
             words, `{}`.",
            r.passage
        ),
        _ => format!("quote not found in `{id}`: `{quote}`"),
    }
}

/// The source's id, its document's name as shown, and the document; a source that is not in
/// `sources.csv`, or whose document cannot be read, is a problem.
fn source_document(
    seeds_dir: &Path,
    seeds: &Seeds,
    source: &str,
) -> anyhow::Result<(String, String, Document)> {
    let mut problems = Vec::new();
    let sources = read::read_table(seeds_dir, &read::SOURCES, &mut problems)?;
    let Some(row) = sources
        .rows
        .iter()
        .find(|r| sources.get(r, "id") == source || sources.get(r, "file") == source)
    else {
        let names = sources
            .rows
            .iter()
            .flat_map(|r| [sources.get(r, "id"), sources.get(r, "file")]);
        problems.push(Problem::file(
            &sources.file,
            format!(
                "no source `{source}`{}: expected a source id (`doc005`) or its document's file name",
                did_you_mean(source, names)
            ),
        ));
        return Err(Problems(problems).into());
    };
    let file = sources.get(row, "file");
    let name = format!("documents/{file}");
    // The file name comes from a cell: `Seeds::path` refuses any that leads elsewhere.
    let text = match seeds.read(&name) {
        Ok(Some(bytes)) => String::from_utf8(bytes).ok(),
        Ok(None) | Err(_) => None,
    };
    let Some(text) = text else {
        problems.push(Problem::cell(
            &sources.file,
            row.line,
            "file",
            format!(
                "`{file}` is not a readable UTF-8 document in {}: `sahel-kg validate` says why",
                seeds.shown("documents")
            ),
        ));
        return Err(Problems(problems).into());
    };
    Ok((
        sources.get(row, "id").to_owned(),
        seeds.shown(&name),
        Document::new(text),
    ))
}

/// The parts `parts.csv` gives the source, with their byte ranges; rows with bad line numbers
/// are left out (`validate` reports them).
fn parts_of(seeds: &Path, source: &str, doc: &Document) -> anyhow::Result<Vec<Part>> {
    let table = read::read_table(seeds, &read::PARTS, &mut Vec::new())?;
    let line = |row: &read::Row, column: &str| table.get(row, column).parse::<usize>().ok();
    Ok(table
        .rows
        .iter()
        .filter(|r| table.get(r, "source") == source)
        .filter_map(|r| {
            let (first, last) = (line(r, "first_line")?, line(r, "last_line")?);
            (first >= 1 && first <= last && last <= doc.line_count()).then(|| Part {
                id: table.get(r, "id").to_owned(),
                kind: table.get(r, "kind").to_owned(),
                bytes: doc.lines(first, last),
            })
        })
        .collect())
}

/// Where a match lies, said for the annotator, and the part a fact would cite when the match
/// can be cited (`""` for a document without parts).
fn whereabouts<'p>(
    doc: &Document,
    quote: &str,
    span: &Span,
    parts: &'p [Part],
) -> (String, Option<&'p str>) {
    if parts.is_empty() {
        let times = doc.occurrences(quote, doc.everything()).len();
        return if times == 1 {
            ("the document has no parts".to_owned(), Some(""))
        } else {
            (
                format!(
                    "the document has no parts and the quote occurs {times} times in it: lengthen it"
                ),
                None,
            )
        };
    }
    let Some(part) = parts.iter().find(|p| p.bytes.contains(&span.bytes.start)) else {
        return (
            "in no part: add its lines to a part in parts.csv".to_owned(),
            None,
        );
    };
    let named = format!("part {} ({})", part.id, part.kind);
    if span.bytes.end > part.bytes.end {
        return (
            format!("{named}, running past its end: a quote lies in one part"),
            None,
        );
    }
    if part.kind == "Boilerplate" {
        return (
            format!("{named}: boilerplate is never a source of facts"),
            None,
        );
    }
    let times = doc.occurrences(quote, part.bytes.clone()).len();
    if times > 1 {
        return (
            format!("{named}, {times} times in it: lengthen the quote until it occurs once there"),
            None,
        );
    }
    (named, Some(part.id.as_str()))
}

/// The next free fact id (`f151` after `f150`) and the file to paste the row in: the source's
/// own facts file when it has one, else `facts.csv`.
fn next_fact(seeds_dir: &Path, seeds: &Seeds, source: &str) -> anyhow::Result<(String, String)> {
    let facts = read::read_table(seeds_dir, &read::FACTS, &mut Vec::new())?;
    // The width the corpus's ids have (`f001` or `f1`), three digits in a corpus without any.
    let (mut highest, mut width) = (0, 0);
    for row in &facts.rows {
        let id = facts.get(row, "id");
        if let Some(digits) = id
            .strip_prefix('f')
            .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        {
            highest = highest.max(digits.parse::<u64>().unwrap_or(0));
            width = width.max(digits.len());
        }
    }
    let own = format!("{}/{source}.csv", read::FACTS.per_source.unwrap_or("facts"));
    let file = if seeds.read(&own)?.is_some() {
        own
    } else {
        read::FACTS.file.to_owned()
    };
    let width = if width == 0 { 3 } else { width };
    Ok((format!("f{:0width$}", highest + 1), seeds.shown(&file)))
}

/// The document's words as one line: line breaks (and the spaces around them) become one
/// space, which matching forgives; every other character is the document's own.
fn paste_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.truncate(out.trim_end().len());
            out.push(' ');
        }
        out.push_str(if i > 0 { line.trim_start() } else { line });
    }
    out.truncate(out.trim_end_matches(['\r', ' ', '\t']).len());
    out
}

/// Cells as one CSV line, quoted as the csv crate quotes, without a line break.
fn csv_line(cells: &[&str]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(cells);
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes)
        .trim_end_matches('\n')
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_text_keeps_the_document_s_characters_on_one_line() {
        assert_eq!(
            paste_text("l’armée\u{a0}malienne\r\n  et « ses alliés »"),
            "l’armée\u{a0}malienne et « ses alliés »"
        );
        assert_eq!(csv_line(&["« alliés », dit-il"]), "\"« alliés », dit-il\"");
        assert_eq!(
            csv_line(&["f1", "", "le \"pacte\""]),
            "f1,,\"le \"\"pacte\"\"\""
        );
    }
}
