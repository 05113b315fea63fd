//! What a page asks the server to change: a fact saved, edited or deleted, a not-fact decision
//! recorded, a new actor added.
//!
//! In: a request's JSON body, already past the token and Host checks (`server.rs`). Out: the
//! row written through `corpus::csv_edit` and `corpus::changes` (a temporary file beside the
//! target, renamed over it; the file's byte-order mark, line ends and other rows kept byte for
//! byte; only inside the seeds folder, never through a link), then the problems validation
//! finds on that row, in `validate`'s words. A file whose version is not the one the page was
//! built from is refused, so two tabs, or a tab and a text editor, never lose a row. What this
//! does not do: judge a value before writing it (validation does, and says so at once), or
//! take a quote from the client: the client sends byte offsets and the quote is the document's
//! own text there.

use std::fmt;
use std::ops::Range;

use serde_json::{Value, json};

use super::view::{self, Corpus};
use crate::config::Inputs;
use crate::corpus::changes::{Changes, Seeds};
use crate::corpus::csv_edit::CsvFile;
use crate::pipeline::read;

/// A request the server refuses, with the HTTP status and the message the page shows.
#[derive(Debug)]
pub(crate) struct Refused {
    /// 400 for a bad request, 409 for a file changed since the page was built.
    pub status: u16,
    /// What the page shows.
    pub message: String,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Refused {}

fn refuse(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Refused {
        status: 400,
        message: message.into(),
    })
}

/// The fact columns a page may set, besides `quote`, `source` and `part`.
const FACT_FIELDS: &[&str] = &[
    "subject",
    "relation",
    "object",
    "claimed_by",
    "strength",
    "start",
    "end",
    "note",
];

/// A string field of the request, trimmed; empty when absent.
fn field<'a>(body: &'a Value, name: &str) -> &'a str {
    body.get(name).and_then(Value::as_str).map_or("", str::trim)
}

/// Saves a new fact (`id` empty) on the words `from..to` of `source`, or replaces fact `id`
/// (same quote and part).
pub(crate) fn save_fact(inputs: &Inputs, body: &Value) -> anyhow::Result<Value> {
    let corpus = Corpus::read(inputs)?;
    let id = field(body, "id");
    let mut cells: Vec<(&str, String)> = FACT_FIELDS
        .iter()
        .map(|c| (*c, field(body, c).to_owned()))
        .collect();
    if id.is_empty() {
        let source = corpus
            .source(field(body, "source"))
            .ok_or_else(|| refuse("unknown source"))?;
        let view = corpus.view(inputs, source)?;
        let (quote, part) = selection(&view, body)?;
        let new_id = next_id(&corpus);
        let source_id = view.id().to_owned();
        cells.extend([
            ("id", new_id.clone()),
            ("source", source_id.clone()),
            ("part", part),
            ("quote", quote),
        ]);
        let name = corpus.facts_file(&source_id);
        let line = write(inputs, &corpus, &name, read::FACTS.columns, body, |t| {
            t.append(&borrowed(&cells))
        })?;
        done(inputs, &corpus, &name, line, &new_id, "saved")
    } else {
        let fact = corpus
            .facts
            .iter()
            .find(|f| f.get("id") == id)
            .ok_or_else(|| refuse(format!("no fact `{id}`: reload the page")))?;
        for kept in ["id", "source", "part", "quote"] {
            cells.push((kept, fact.get(kept).to_owned()));
        }
        let (name, line) = (fact.file.clone(), fact.line);
        write(inputs, &corpus, &name, read::FACTS.columns, body, |t| {
            let index = record_index(t.original(), line)?;
            t.replace(index, &borrowed(&cells))?;
            Ok(line)
        })?;
        done(inputs, &corpus, &name, line, id, "saved")
    }
}

/// Deletes fact `id`.
pub(crate) fn delete_fact(inputs: &Inputs, body: &Value) -> anyhow::Result<Value> {
    let corpus = Corpus::read(inputs)?;
    let id = field(body, "id");
    let fact = corpus
        .facts
        .iter()
        .find(|f| f.get("id") == id)
        .ok_or_else(|| refuse(format!("no fact `{id}`: reload the page")))?;
    let (name, line) = (fact.file.clone(), fact.line);
    write(inputs, &corpus, &name, read::FACTS.columns, body, |t| {
        t.remove(record_index(t.original(), line)?)?;
        Ok(line)
    })?;
    Ok(json!({
        "ok": true,
        "message": format!("deleted {id} from {}:{line}", corpus.shown(&name)),
        "problems": [],
    }))
}

/// Records that the words `from..to` of `source` state no fact, and why.
pub(crate) fn not_fact(inputs: &Inputs, body: &Value) -> anyhow::Result<Value> {
    let corpus = Corpus::read(inputs)?;
    let source = corpus
        .source(field(body, "source"))
        .ok_or_else(|| refuse("unknown source"))?;
    let reason = field(body, "reason");
    if reason.is_empty() {
        return Err(refuse("say why these words state no fact (the reason)"));
    }
    let view = corpus.view(inputs, source)?;
    let (excerpt, _) = selection(&view, body)?;
    let name = corpus.not_facts_file(view.id());
    let cells = [
        ("source", view.id()),
        ("excerpt", excerpt.as_str()),
        ("reason", reason),
    ];
    let line = write(inputs, &corpus, &name, read::NOT_FACTS.columns, body, |t| {
        t.append(&cells)
    })?;
    done(
        inputs,
        &corpus,
        &name,
        line,
        "not-fact decision",
        "recorded",
    )
}

/// Adds an actor to `actors.csv`.
pub(crate) fn new_actor(inputs: &Inputs, body: &Value) -> anyhow::Result<Value> {
    let corpus = Corpus::read(inputs)?;
    let id = field(body, "id");
    if id.is_empty() || corpus.actor(id).is_some() {
        return Err(refuse(format!(
            "`{id}` is empty or already an actor: choose a new id"
        )));
    }
    let cells: Vec<(&str, &str)> = ["id", "type", "label_fr", "label_en", "aliases", "note"]
        .iter()
        .map(|c| (*c, field(body, c)))
        .collect();
    let name = read::ACTORS.file;
    let line = write(inputs, &corpus, name, read::ACTORS.columns, body, |t| {
        t.append(&cells)
    })?;
    done(inputs, &corpus, name, line, id, "added")
}

fn borrowed<'a>(cells: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    cells.iter().map(|(c, v)| (*c, v.as_str())).collect()
}

/// The answer to a write: what was written where, and the problems validation finds on it.
fn done(
    inputs: &Inputs,
    corpus: &Corpus,
    name: &str,
    line: u64,
    what: &str,
    verb: &str,
) -> anyhow::Result<Value> {
    let shown = corpus.shown(name);
    let all = view::problems(inputs)?;
    let mine: Vec<String> = all
        .iter()
        .filter(|p| p.file == shown && p.line == Some(line))
        .map(ToString::to_string)
        .collect();
    Ok(json!({
        "ok": true,
        "message": format!("{verb} {what} at {shown}:{line}"),
        "file": name,
        "line": line,
        "version": view::version_of(&inputs.seeds, name),
        "problems": mine,
        "corpus_problems": all.len(),
    }))
}

/// The words `from..to` (byte offsets) of the source's document, checked to lie within one
/// part (not boilerplate) when the document has parts; with that part's id.
fn selection(view: &view::SourceView, body: &Value) -> anyhow::Result<(String, String)> {
    let document = view
        .document
        .as_ref()
        .map_err(|why| refuse(format!("the document cannot be annotated: {why}")))?;
    let text = document.text();
    let offset = |name: &str| {
        body.get(name)
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
    };
    let (Some(from), Some(to)) = (offset("from"), offset("to")) else {
        return Err(refuse("select some words of the document first"));
    };
    if from >= to || to > text.len() || !text.is_char_boundary(from) || !text.is_char_boundary(to) {
        return Err(refuse(format!(
            "the selection {from}..{to} is not a run of characters of the document ({} bytes): reload the page",
            text.len()
        )));
    }
    let words = &text[from..to];
    let lead = words.len() - words.trim_start().len();
    let bytes: Range<usize> = from + lead..from + words.trim_end().len();
    if bytes.is_empty() {
        return Err(refuse("the selection holds no words"));
    }
    let part = if view.parts.is_empty() {
        String::new()
    } else {
        let part = view.part_holding(&bytes).ok_or_else(|| {
            refuse("the selection is not within one part of the document: select words of one part")
        })?;
        if part.kind == "Boilerplate" {
            return Err(refuse(format!(
                "`{}` is boilerplate, never a source of facts: select words of another part",
                part.id
            )));
        }
        part.id.clone()
    };
    let quote = &text[bytes];
    // A line break in a cell is legal CSV but hard to read; quotes match any run of white
    // space as one space, so the run is written as one.
    let quote = if quote.contains(['\n', '\r']) {
        quote.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        quote.to_owned()
    };
    Ok((quote, part))
}

/// `f` and one more than the largest number of the facts' `f<number>` ids.
fn next_id(corpus: &Corpus) -> String {
    let largest = corpus
        .facts
        .iter()
        .filter_map(|f| f.get("id").strip_prefix('f')?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    let mut n = largest + 1;
    while corpus.facts.iter().any(|f| f.get("id") == format!("f{n}")) {
        n += 1;
    }
    format!("f{n}")
}

/// The index (from 0, header excluded) of the data record of `bytes` that starts on `line`,
/// counted as `CsvFile` counts records. The line is counted here from the line breaks before
/// the record: after a CRLF the csv crate places the next record at its `\n`, one line early.
fn record_index(bytes: &[u8], line: u64) -> anyhow::Result<usize> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut record = csv::ByteRecord::new();
    let mut index = 0usize;
    while reader.read_byte_record(&mut record)? {
        let at = record.position().map_or(0, csv::Position::byte);
        let mut start = usize::try_from(at).unwrap_or(usize::MAX).min(body.len());
        while matches!(body.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let starts_on = 1 + memchr::memchr_iter(b'\n', &body[..start]).count() as u64;
        if starts_on == line && index > 0 {
            return Ok(index - 1);
        }
        index += 1;
    }
    Err(refuse(format!(
        "no row starts on line {line} any more: reload the page"
    )))
}

/// Edits the table `name` with `edit` and writes it, when the file is still the version the
/// page was built from (`versions` in the request body). Returns what `edit` returns: the
/// line of the row.
fn write(
    inputs: &Inputs,
    corpus: &Corpus,
    name: &str,
    header: &[&str],
    body: &Value,
    edit: impl FnOnce(&mut CsvFile) -> anyhow::Result<u64>,
) -> anyhow::Result<u64> {
    let seeds = Seeds::open(&inputs.seeds)?;
    let bytes = seeds.read(name).map_err(|e| refuse(format!("{e:#}")))?;
    let now = bytes.as_ref().map_or_else(
        || "absent".to_owned(),
        |b| crate::digest::hex(&<sha2::Sha256 as sha2::Digest>::digest(b)),
    );
    let page = body
        .get("versions")
        .and_then(|v| v.get(name))
        .and_then(Value::as_str)
        .unwrap_or("absent");
    if page != now {
        return Err(anyhow::Error::new(Refused {
            status: 409,
            message: format!(
                "{} changed since this page was loaded (another tab or an editor saved it): \
                 nothing was written; reload the page and save again",
                corpus.shown(name)
            ),
        }));
    }
    let mut table = match bytes {
        None => CsvFile::new(header),
        Some(bytes) => {
            let table = CsvFile::parse(bytes.clone())
                .map_err(|e| refuse(format!("{}: {e:#}", corpus.shown(name))))?;
            if table.header().is_empty() {
                CsvFile::new_over(header, bytes)
            } else {
                table
            }
        }
    };
    let line = edit(&mut table)?;
    let mut changes = Changes::new(&seeds);
    changes.table(name, &table);
    changes.commit().map_err(|e| {
        anyhow::Error::new(Refused {
            status: 409,
            message: format!("{e:#}"),
        })
    })?;
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::record_index;

    #[test]
    fn a_row_is_found_by_its_line_whatever_the_line_ends() {
        for file in [
            "id,x\nf1,a\n\nf2,\"b\nc\"\nf3,d\n",
            "\u{feff}id,x\r\nf1,a\r\n\r\nf2,\"b\r\nc\"\r\nf3,d\r\n",
        ] {
            let lines: Vec<usize> = [2, 4, 6]
                .iter()
                .map(|&line| record_index(file.as_bytes(), line).unwrap())
                .collect();
            assert_eq!(lines, [0, 1, 2], "{file:?}");
            assert!(record_index(file.as_bytes(), 3).is_err());
        }
    }
}
