//! `sahel-kg add-source FILE`: a new document in the corpus, its row and its proposed parts.
//!
//! In: a text file, what the command line says of it, the seeds and the ontology. Out: the
//! document copied to `seeds/documents/NNN_<16 hex digits of its SHA-256>.txt`, its row in
//! `sources.csv` (with the `url` and `retrieved` columns added to the header when a value is
//! given for one the header lacks), its proposed parts in `parts.csv`, an empty
//! `facts/ID.csv` with its header, and on stdout a numbered preview of the parts. Every value
//! is checked first and every problem reported at once; then the corpus with the new rows is
//! validated in a preview; only then is anything written, all or nothing (`corpus::changes`).
//! What this does not do: read facts from the text (the annotator does, with `locate`), or
//! change a row that exists.
//!
//! Adding the two columns rewrites every row of `sources.csv` with two empty cells at its
//! end, the one edit that touches existing rows: refusing instead would leave the annotator
//! to add those cells by hand to every row, the very typing this command removes. A corpus
//! that gives no URL keeps its header as it is.

use std::io::{Read as _, Write};
use std::path::Path;

use anyhow::Context;
use oxigraph::model::Literal;
use sha2::{Digest, Sha256};

use crate::config::{AddSource, Inputs};
use crate::corpus::changes::{Changes, Seeds};
use crate::corpus::csv_edit::CsvFile;
use crate::corpus::propose::{self, first_words};
use crate::digest::hex;
use crate::pipeline::dates::PartialDate;
use crate::pipeline::ontology::Ontology;
use crate::pipeline::read::{self, Table};
use crate::pipeline::validate::{check_id, check_web_address};
use crate::problem::{Problem, Problems, did_you_mean};

/// The largest document taken, in bytes: a news page's text is rarely over 200 kB, and a file
/// larger than this is more likely the wrong file (a PDF, an archive) than a long article.
const MAX_DOCUMENT: u64 = 16 << 20;

/// The checked values of the new source's row.
#[derive(Debug)]
struct Row {
    id: String,
    number: usize,
    title: String,
    title_line: Option<usize>,
    kind: String,
    published: Option<PartialDate>,
    retrieved: Option<PartialDate>,
    url: Option<String>,
    language: String,
}

/// Everything checked: the document, its digest and parts, the row, and the tables to edit.
#[derive(Debug)]
struct Checked {
    text: String,
    sha256: String,
    parts: Vec<propose::Part>,
    row: Row,
    sources: CsvFile,
    parts_table: CsvFile,
}

/// What will be written, and what to say about it.
#[derive(Debug)]
struct Plan<'s> {
    changes: Changes<'s>,
    /// The document's file name in `documents/`.
    document: String,
    /// The columns added to `sources.csv`'s header.
    columns: Vec<&'static str>,
    /// The line of the new row in `sources.csv`.
    source_line: u64,
    /// The line of each part's row in `parts.csv`.
    part_lines: Vec<u64>,
    /// The source's facts file, when it is created.
    facts: Option<String>,
}

/// Adds the document (see the module comment).
pub fn run(add: &AddSource, stdout: &mut dyn Write) -> anyhow::Result<()> {
    let seeds = Seeds::open(&add.inputs.seeds)?;
    let ontology = Ontology::load(&add.inputs.ontology)?.map_err(Problems)?;
    let checked = check(add, &seeds, &ontology)?;
    let plan = plan(add, &seeds, &checked)?;
    let summary = validate_preview(&plan.changes, &add.inputs)?;
    let Plan {
        changes,
        document,
        columns,
        source_line,
        part_lines,
        facts,
    } = plan;
    if !add.dry_run {
        changes.commit()?;
    }
    let Checked {
        text, row, parts, ..
    } = &checked;
    let lines = text.strip_suffix('\n').unwrap_or(text).split('\n').count();
    let shown = |name: &str| seeds.shown(name);
    let document = shown(&format!("documents/{document}"));
    let file = add.file.display();
    writeln!(
        stdout,
        "{}: {document} ({lines} lines, from {file})",
        row.id
    )?;
    let title_from = row
        .title_line
        .map(|l| format!(" (line {l}; --title to change it)"))
        .unwrap_or_default();
    writeln!(stdout, "  title: {}{title_from}", row.title)?;
    let columns = if columns.is_empty() {
        String::new()
    } else {
        format!("; columns added: {}", columns.join(", "))
    };
    let said = [
        Some(row.kind.clone()),
        given(add.publisher.as_deref()).map(str::to_owned),
        given(add.author.as_deref()).map(|a| format!("by {a}")),
        row.published.map(|d| format!("published {d}")),
        row.url.clone(),
        row.retrieved.map(|d| format!("retrieved {d}")),
    ];
    let said: Vec<String> = said.into_iter().flatten().collect();
    let sources = shown(read::SOURCES.file);
    writeln!(
        stdout,
        "  its row: {sources}:{source_line} ({}{columns})",
        said.join(", ")
    )?;
    preview_parts(stdout, &seeds, &row.id, text, parts, &part_lines)?;
    if let Some(facts) = facts {
        writeln!(
            stdout,
            "{}: created, its header only: one row per fact; `sahel-kg locate {} \"QUOTE\"` places a quote and gives its row",
            shown(&facts),
            row.id
        )?;
    }
    writeln!(stdout, "{summary}")?;
    if add.dry_run {
        writeln!(stdout, "dry run: nothing written")?;
    }
    Ok(())
}

/// Reads the document and the tables and checks every value, reporting every problem at once.
fn check(add: &AddSource, seeds: &Seeds, ontology: &Ontology) -> anyhow::Result<Checked> {
    let shown_file = add.file.display().to_string();
    let mut problems = Vec::new();
    let text = read_document(&add.file, &mut problems)?;
    let sources_csv = seeds.table(read::SOURCES.file, read::SOURCES.columns)?;
    let parts_csv = seeds.table(read::PARTS.file, read::PARTS.columns)?;
    let sources = rows(seeds, read::SOURCES.file, &sources_csv, &read::SOURCES);
    let parts = rows(seeds, read::PARTS.file, &parts_csv, &read::PARTS);
    let sha256 = text.as_ref().map(|t| hex(&Sha256::digest(t.as_bytes())));
    if let Some(sha) = &sha256 {
        if let Some(row) = sources
            .rows
            .iter()
            .find(|r| sources.get(r, "sha256") == sha)
        {
            problems.push(Problem::file(
                &shown_file,
                format!(
                    "already in the corpus as `{}` ({}:{}, {}): the same SHA-256; nothing to add",
                    sources.get(row, "id"),
                    sources.file,
                    row.line,
                    seeds.shown(&format!("documents/{}", sources.get(row, "file"))),
                ),
            ));
        }
    }
    let proposed = text.as_deref().map(|t| {
        let qa = add.kind == "QAPage";
        propose::propose(t.strip_prefix('\u{feff}').unwrap_or(t), qa)
    });
    let documents = seeds.list("documents")?;
    let number = next_number(&documents, &sources);
    let id = check_id_free(add.id.as_deref(), number, &sources, &parts, &mut problems);
    let row = check_row(
        add,
        ontology,
        text.as_deref().zip(proposed.as_deref()),
        &mut problems,
    );
    Problems(problems).into_result()?;
    // Every check passed, so the text, its digest, its parts and the row are there.
    let (Some(text), Some(sha256), Some(parts), Some(id), Some(row)) =
        (text, sha256, proposed, id, row)
    else {
        anyhow::bail!("add-source: a value was refused without a problem reported");
    };
    Ok(Checked {
        text,
        sha256,
        parts,
        row: Row { id, number, ..row },
        sources: sources_csv,
        parts_table: parts_csv,
    })
}

/// The edits: the document's copy, its row (and the url and retrieved columns when a value
/// needs one the header lacks), its parts, its facts file.
fn plan<'s>(add: &AddSource, seeds: &'s Seeds, checked: &Checked) -> anyhow::Result<Plan<'s>> {
    let Checked {
        text,
        sha256,
        parts,
        row,
        ..
    } = checked;
    let mut sources = checked.sources.clone();
    let mut parts_table = checked.parts_table.clone();
    let document = format!("{:03}_{}.txt", row.number, &sha256[..16]);
    let columns: Vec<&'static str> = [
        ("url", row.url.is_some()),
        ("retrieved", row.retrieved.is_some()),
    ]
    .into_iter()
    .filter(|(name, given)| *given && !sources.header().iter().any(|h| h == name))
    .map(|(name, _)| name)
    .collect();
    sources.add_columns(&columns)?;
    let published = row.published.map(|d| d.to_string()).unwrap_or_default();
    let retrieved = row.retrieved.map(|d| d.to_string()).unwrap_or_default();
    let mut cells = vec![
        ("id", row.id.as_str()),
        ("file", document.as_str()),
        ("title", row.title.as_str()),
        ("kind", row.kind.as_str()),
        ("publisher", given(add.publisher.as_deref()).unwrap_or("")),
        ("author", given(add.author.as_deref()).unwrap_or("")),
        ("published", published.as_str()),
        ("language", row.language.as_str()),
        ("sha256", sha256.as_str()),
    ];
    if let Some(url) = &row.url {
        cells.push(("url", url));
    }
    if row.retrieved.is_some() {
        cells.push(("retrieved", &retrieved));
    }
    let source_line = sources.append(&cells)?;
    let mut part_lines = Vec::new();
    for (k, part) in parts.iter().enumerate() {
        let id = format!("{}-p{}", row.id, k + 1);
        let (first, last) = (part.first_line.to_string(), part.last_line.to_string());
        let note = format!("Proposed by add-source: {}.", part.why);
        part_lines.push(parts_table.append(&[
            ("id", &id),
            ("source", &row.id),
            ("kind", part.kind.name()),
            ("first_line", &first),
            ("last_line", &last),
            ("note", &note),
        ])?);
    }
    let facts_name = format!(
        "{}/{}.csv",
        read::FACTS.per_source.unwrap_or("facts"),
        row.id
    );
    let facts = seeds.read(&facts_name)?.is_none().then_some(facts_name);
    let mut changes = Changes::new(seeds);
    changes.create(&format!("documents/{document}"), text.clone().into_bytes());
    changes.table(read::SOURCES.file, &sources);
    changes.table(read::PARTS.file, &parts_table);
    if let Some(facts) = &facts {
        changes.table(facts, &CsvFile::new(read::FACTS.columns));
    }
    Ok(Plan {
        changes,
        document,
        columns,
        source_line,
        part_lines,
        facts,
    })
}

/// An optional free-text value, trimmed; `None` when empty.
fn given(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// The document's text, or a problem naming it (not UTF-8, empty, too large, not text). A
/// file that cannot be read at all, or is not a regular file, is an error: exit 2.
fn read_document(file: &Path, problems: &mut Vec<Problem>) -> anyhow::Result<Option<String>> {
    let shown = file.display().to_string();
    let meta = std::fs::metadata(file).with_context(|| format!("could not read {shown}"))?;
    // A directory, a device or a pipe: reading a pipe could wait for ever.
    anyhow::ensure!(
        meta.is_file(),
        "{shown} is not a regular file: give the text file to add"
    );
    if meta.len() > MAX_DOCUMENT {
        problems.push(Problem::file(
            &shown,
            format!(
                "{} bytes: add-source takes documents of at most 16 MiB of text (a news page is rarely over 200 kB): is this the right file?",
                meta.len()
            ),
        ));
        return Ok(None);
    }
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(MAX_DOCUMENT + 1).read_to_end(&mut bytes))
        .with_context(|| format!("could not read {shown}"))?;
    let problem = if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        Some(Problem::file(
            &shown,
            "saved as UTF-16: save it as UTF-8 text",
        ))
    } else if let Some(at) = memchr::memchr(0, &bytes) {
        let line = memchr::memchr_iter(b'\n', &bytes[..at]).count() + 1;
        Some(Problem::line(
            &shown,
            line as u64,
            format!(
                "a NUL byte at byte {at}: this is not a text file (give the text, not a PDF or a word processor's file)"
            ),
        ))
    } else {
        match std::str::from_utf8(&bytes) {
            Err(e) => {
                let at = e.valid_up_to();
                let line = memchr::memchr_iter(b'\n', &bytes[..at]).count() + 1;
                let before = String::from_utf8_lossy(&bytes[at.saturating_sub(20)..at]);
                let before = before.rsplit('\n').next().unwrap_or("");
                Some(Problem::line(
                    &shown,
                    line as u64,
                    format!(
                        "not UTF-8: byte {:02X} at byte {at}, after `{before}` (Latin-1 or Windows-1252 text does this): save it as UTF-8",
                        bytes[at]
                    ),
                ))
            }
            Ok(text) if text.trim_start_matches('\u{feff}').trim().is_empty() => {
                Some(Problem::file(&shown, "holds no text: nothing to annotate"))
            }
            Ok(_) => None,
        }
    };
    if let Some(problem) = problem {
        problems.push(problem);
        return Ok(None);
    }
    Ok(String::from_utf8(bytes).ok())
}

/// A table's rows as validation reads them, from the bytes about to be edited; its structural
/// problems are validation's to report, on the preview.
fn rows(seeds: &Seeds, name: &str, table: &CsvFile, spec: &read::TableSpec) -> Table {
    read::parse_table(seeds.shown(name), table.original(), spec, &mut Vec::new())
}

/// The next free number, after every document's number and every `docNNN` id.
fn next_number(documents: &[String], sources: &Table) -> usize {
    let number_of = |name: &str, prefix: &str| -> Option<usize> {
        let digits: String = name
            .strip_prefix(prefix)?
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    };
    documents
        .iter()
        .filter_map(|d| number_of(d, ""))
        .chain(
            sources
                .rows
                .iter()
                .filter_map(|r| number_of(sources.get(r, "id"), "doc")),
        )
        .max()
        .map_or(0, |n| n + 1)
}

/// The new source's id: `--id` when given and free (its parts' ids too), else `docNNN`.
fn check_id_free(
    given: Option<&str>,
    number: usize,
    sources: &Table,
    parts: &Table,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let next_free = format!("doc{number:03}");
    let id = given.map_or_else(|| next_free.clone(), str::to_owned);
    let part_prefix = format!("{id}-p");
    let problem = if let Err(message) = check_id(&id) {
        message
    } else if let Some(row) = sources.rows.iter().find(|r| sources.get(r, "id") == id) {
        format!(
            "`{id}` is in use ({}:{}): give another id, or leave --id out for the next free one, `{next_free}`",
            sources.file, row.line
        )
    } else if let Some(row) = parts
        .rows
        .iter()
        .find(|r| parts.get(r, "id").starts_with(&part_prefix))
    {
        format!(
            "`{id}` would name its parts `{id}-p1`, ...: `{}` is in use ({}:{})",
            parts.get(row, "id"),
            parts.file,
            row.line
        )
    } else {
        return Some(id);
    };
    problems.push(Problem::file("--id", problem));
    None
}

/// Checks every other value of the new row, each problem named by its option, and picks the
/// title. The id and number are filled in by the caller.
fn check_row(
    add: &AddSource,
    ontology: &Ontology,
    text: Option<(&str, &[propose::Part])>,
    problems: &mut Vec<Problem>,
) -> Option<Row> {
    let before = problems.len();
    let kinds: Vec<&str> = ontology.source_kinds.keys().map(String::as_str).collect();
    if !ontology.source_kinds.contains_key(&add.kind) {
        problems.push(Problem::file(
            "--kind",
            format!(
                "unknown source kind `{}`{}: expected one of {}",
                add.kind,
                did_you_mean(&add.kind, kinds.iter().copied()),
                kinds.join(", ")
            ),
        ));
    }
    let date = |option: &str, value: &Option<String>, problems: &mut Vec<Problem>| {
        let value = value.as_deref()?.trim();
        PartialDate::parse(value)
            .map_err(|message| problems.push(Problem::file(option, message)))
            .ok()
    };
    let published = date("--published", &add.published, problems);
    let retrieved = date("--retrieved", &add.retrieved, problems);
    if let (Some(published), Some(retrieved)) = (published, retrieved) {
        if published.is_after(retrieved) {
            problems.push(Problem::file(
                "--retrieved",
                format!("{retrieved} is before the publication ({published}): a text is captured after it is published"),
            ));
        }
    }
    let url = add.url.as_deref().map(str::trim).and_then(|url| {
        check_web_address(url)
            .map_err(|message| problems.push(Problem::file("--url", message)))
            .ok()
            .map(|_| url.to_owned())
    });
    let language = add.language.trim();
    if let Err(e) = Literal::new_language_tagged_literal("", language) {
        problems.push(Problem::file(
            "--language",
            format!("`{language}` is not a BCP 47 language tag ({e}): expected e.g. `fr` or `en`"),
        ));
    }
    let (title, title_line) = match (&add.title, text) {
        (Some(title), _) if title.trim().is_empty() => {
            problems.push(Problem::file(
                "--title",
                "empty: expected the title as the text gives it",
            ));
            (String::new(), None)
        }
        (Some(title), _) => (title.trim().to_owned(), None),
        (None, Some((text, parts))) => title_of(text, parts),
        (None, None) => (String::new(), None),
    };
    (problems.len() == before && text.is_some()).then(|| Row {
        id: String::new(),
        number: 0,
        title,
        title_line,
        kind: add.kind.clone(),
        published,
        retrieved,
        url,
        language: language.to_owned(),
    })
}

/// The title: the first line of the first heading, or else the first line with words.
fn title_of(text: &str, parts: &[propose::Part]) -> (String, Option<usize>) {
    let lines: Vec<&str> = text.split('\n').collect();
    // The heading's first line of four words or more: a rubric (`SÉCURITÉ`) or a channel's
    // name may stand above the title.
    let line = parts
        .iter()
        .filter(|p| p.kind == propose::Kind::Heading)
        .flat_map(|p| p.first_line..=p.last_line)
        .find(|&l| {
            lines
                .get(l - 1)
                .is_some_and(|l| l.split_whitespace().count() >= 4)
        })
        .or_else(|| {
            parts
                .iter()
                .find(|p| p.kind == propose::Kind::Heading)
                .map(|p| p.first_line)
        })
        .or_else(|| {
            lines
                .iter()
                .position(|l| l.chars().any(char::is_alphanumeric))
                .map(|i| i + 1)
        })
        .unwrap_or(1);
    let title = lines
        .get(line - 1)
        .map_or("", |l| l.trim_start_matches('\u{feff}').trim());
    (title.to_owned(), Some(line))
}

/// The proposed parts, numbered, each with its lines, kind and first words.
fn preview_parts(
    out: &mut dyn Write,
    seeds: &Seeds,
    source: &str,
    text: &str,
    parts: &[propose::Part],
    lines_in_csv: &[u64],
) -> anyhow::Result<()> {
    let lines: Vec<&str> = text.split('\n').collect();
    let where_in_csv = match (lines_in_csv.first(), lines_in_csv.last()) {
        (Some(first), Some(last)) => format!(", lines {first}-{last}"),
        _ => String::new(),
    };
    writeln!(
        out,
        "{}{where_in_csv}: {} parts proposed; check each kind (Heading, Body, Answer, ReaderComment, Boilerplate) and correct it there:",
        seeds.shown(read::PARTS.file),
        parts.len()
    )?;
    let ids: Vec<String> = (1..=parts.len())
        .map(|k| format!("{source}-p{k}"))
        .collect();
    let spans: Vec<String> = parts
        .iter()
        .map(|p| format!("lines {}-{}", p.first_line, p.last_line))
        .collect();
    let id_width = ids.iter().map(String::len).max().unwrap_or(0);
    let span_width = spans.iter().map(String::len).max().unwrap_or(0);
    for (k, part) in parts.iter().enumerate() {
        let words = lines[part.first_line - 1..part.last_line].join(" ");
        writeln!(
            out,
            "  {:>2}. {:<id_width$}  {:<span_width$}  {:<13}  {}  ({})",
            k + 1,
            ids[k],
            spans[k],
            part.kind.name(),
            first_words(words.trim_start_matches('\u{feff}'), 8),
            part.why
        )?;
    }
    Ok(())
}

/// Validates the corpus as the changes would leave it; its problems name the seeds' files,
/// not the preview's. Returns the line `validate` prints.
fn validate_preview(changes: &Changes<'_>, inputs: &Inputs) -> anyhow::Result<String> {
    let preview = changes.preview()?;
    let at = Inputs {
        seeds: preview.path().to_owned(),
        documents: preview.path().join("documents"),
        ontology: inputs.ontology.clone(),
    };
    let inside = preview.path().display().to_string();
    let seeds = inputs.seeds.display().to_string();
    let rename = |text: &str| text.replace(&inside, &seeds);
    match crate::pipeline::validate_inputs(&at) {
        Ok(validated) => Ok(super::validate::summary(&inputs.seeds, &validated)),
        Err(error) => match error.downcast::<Problems>() {
            Ok(Problems(problems)) => Err(Problems(
                problems
                    .into_iter()
                    .map(|p| Problem {
                        file: rename(&p.file),
                        message: rename(&p.message),
                        ..p
                    })
                    .collect(),
            )
            .into()),
            Err(error) => Err(anyhow::anyhow!("{}", rename(&format!("{error:#}")))),
        },
    }
}
