//! Stage 1: read the annotation tables.
//!
//! In: the seeds directory (`sources.csv`, `parts.csv`, `actors.csv`, `facts.csv`,
//! `not-facts.csv`). Out: `Annotations`, each table a list of rows of trimmed text cells, each
//! row with the line it starts on, each cell reachable by its column name. Structural problems
//! are reported here, all of them: a missing or empty file, a missing, misspelt or unknown
//! header column, a row with too many or too few fields, a cell that is not UTF-8, a cell with a
//! character an output cannot carry or a reader cannot see, or a name too long to draw
//! (`check_cell`). A row with such a cell is left out, as nothing else said about it could be
//! trusted. A byte-order mark and Windows line endings are accepted. The facts and the not-fact
//! decisions may also be split one file per source (`facts/doc005.csv`, `not-facts/doc005.csv`),
//! beside or instead of the single table: their rows join the table's, each remembering its
//! file, so a problem names the file it is in. What this stage does not do: judge what a value
//! means; that is validation's job.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::rc::Rc;

use anyhow::Context;

use crate::cells::Cells;
use crate::chars::{Unfit, first_unfit};
use crate::corpus_file::{Folder, Refusal};
use crate::problem::{Problem, did_you_mean};

/// The shape of one annotation table.
#[derive(Debug)]
pub struct TableSpec {
    /// File name inside the seeds directory.
    pub file: &'static str,
    /// The columns, in the order the shipped file has them.
    pub columns: &'static [&'static str],
    /// Columns a file may have or leave out (an empty cell when left out), anywhere in its
    /// header: added after corpora were annotated without them.
    pub optional_columns: &'static [&'static str],
    /// Whether the file may be absent (an empty table then).
    pub optional: bool,
    /// A directory beside the file whose `*.csv` files hold more rows of the same table, one
    /// file per source by convention (`facts/doc005.csv`), read after the file in name order.
    pub per_source: Option<&'static str>,
}

/// `seeds/sources.csv`: one row per source document.
pub const SOURCES: TableSpec = TableSpec {
    file: "sources.csv",
    columns: &[
        "id",
        "file",
        "title",
        "kind",
        "publisher",
        "author",
        "published",
        "date_note",
        "language",
        "cites",
        "sha256",
        "note",
    ],
    optional_columns: &["url", "retrieved", "reprints"],
    optional: false,
    per_source: None,
};

/// `seeds/parts.csv`: the parts of each document (answers, body, comments, boilerplate).
pub const PARTS: TableSpec = TableSpec {
    file: "parts.csv",
    columns: &[
        "id",
        "source",
        "kind",
        "first_line",
        "last_line",
        "author",
        "published",
        "language",
        "note",
    ],
    optional_columns: &[],
    optional: true,
    per_source: None,
};

/// `seeds/actors.csv`: one row per actor.
pub const ACTORS: TableSpec = TableSpec {
    file: "actors.csv",
    columns: &[
        "id",
        "type",
        "label_fr",
        "label_en",
        "aliases",
        "misspellings",
        "acts_for",
        "wikidata",
        "note",
    ],
    optional_columns: &[],
    optional: false,
    per_source: None,
};

/// `seeds/facts.csv`: one row per fact, each backed by one quote.
pub const FACTS: TableSpec = TableSpec {
    file: "facts.csv",
    columns: &[
        "id",
        "subject",
        "relation",
        "object",
        "source",
        "part",
        "quote",
        "claimed_by",
        "strength",
        "start",
        "end",
        "note",
    ],
    optional_columns: &[],
    optional: false,
    per_source: Some("facts"),
};

/// `seeds/not-facts.csv`: sentences naming two actors that were judged to state no fact.
pub const NOT_FACTS: TableSpec = TableSpec {
    file: "not-facts.csv",
    columns: &["source", "excerpt", "reason"],
    optional_columns: &[],
    optional: true,
    per_source: Some("not-facts"),
};

/// One data row.
#[derive(Debug, Clone)]
pub struct Row {
    /// The 1-based line the row starts on.
    pub line: u64,
    /// Which of its table's files the row is in: 0 for the table's own file, `k` for the
    /// `k`-th of its per-source files (`Table::file_of`).
    file: u32,
    /// The trimmed cells, in one buffer per row rather than one per cell (a million facts are
    /// twelve million cells).
    cells: Cells,
}

impl Row {
    /// A row starting on `line`, its cells in the order of its file's header.
    pub fn new(line: u64, cells: &[&str]) -> Self {
        let mut row = Cells::with_capacity(cells.iter().map(|c| c.len()).sum(), cells.len());
        for cell in cells {
            row.push(cell);
        }
        Self {
            line,
            file: 0,
            cells: row,
        }
    }

    /// The cells, in the order of the file's header.
    pub fn cells(&self) -> impl Iterator<Item = &str> {
        (0..self.cells.len()).filter_map(|i| self.cells.get(i))
    }
}

/// One table, its rows and where its columns are.
#[derive(Debug)]
pub struct Table {
    /// The file as the user named it (`seeds/facts.csv`).
    pub file: String,
    /// The rows that have the right number of fields, in file order.
    pub rows: Vec<Row>,
    /// False when rows could not be read (a missing or empty file, a broken header, a bad
    /// row): an id missing from `rows` may then be declared in a row that was lost, so
    /// validation does not call references to it unknown.
    pub complete: bool,
    columns: BTreeMap<&'static str, usize>,
    /// The per-source files read after `file` (`seeds/facts/doc005.csv`), in reading order.
    more_files: Vec<String>,
}

impl Table {
    /// The trimmed cell of `row` in `column` (a column of the table's spec).
    pub fn get<'a>(&self, row: &'a Row, column: &str) -> &'a str {
        self.columns
            .get(column)
            .and_then(|&i| row.cells.get(i))
            .unwrap_or("")
    }

    /// The file `row` was read from, as the user named it.
    pub fn file_of(&self, row: &Row) -> &str {
        (row.file as usize)
            .checked_sub(1)
            .and_then(|k| self.more_files.get(k))
            .unwrap_or(&self.file)
    }

    /// The same table (file, columns, completeness) with other rows: a part of it.
    #[must_use]
    pub fn with_rows(&self, rows: Vec<Row>) -> Self {
        Self {
            file: self.file.clone(),
            rows,
            complete: self.complete,
            columns: self.columns.clone(),
            more_files: self.more_files.clone(),
        }
    }

    fn empty(file: String, complete: bool) -> Self {
        Self {
            file,
            rows: Vec::new(),
            complete,
            columns: BTreeMap::new(),
            more_files: Vec::new(),
        }
    }

    /// `row`, read from a file whose header is `own`'s, with its cells in this table's column
    /// order and marked as coming from this table's `file`-th file.
    fn conform(&self, own: &Self, row: &Row, file: u32) -> Row {
        let mut order: Vec<(&usize, &&str)> =
            self.columns.iter().map(|(name, i)| (i, name)).collect();
        order.sort_unstable();
        let cells: Vec<&str> = order.iter().map(|(_, name)| own.get(row, name)).collect();
        Row {
            file,
            ..Row::new(row.line, &cells)
        }
    }
}

/// All annotation tables.
#[derive(Debug)]
pub struct Annotations {
    /// `sources.csv`
    pub sources: Table,
    /// `parts.csv`
    pub parts: Table,
    /// `actors.csv`
    pub actors: Table,
    /// `facts.csv`
    pub facts: Table,
    /// `not-facts.csv`
    pub not_facts: Table,
}

/// Reads every table of `dir`, collecting structural problems.
pub fn read(dir: &Path, problems: &mut Vec<Problem>) -> anyhow::Result<Annotations> {
    Ok(Annotations {
        sources: read_table(dir, &SOURCES, problems)?,
        parts: read_table(dir, &PARTS, problems)?,
        actors: read_table(dir, &ACTORS, problems)?,
        facts: read_table(dir, &FACTS, problems)?,
        not_facts: read_table(dir, &NOT_FACTS, problems)?,
    })
}

/// Reads one table; a file that cannot be read for a reason other than its absence is an error.
pub fn read_table(
    dir: &Path,
    spec: &TableSpec,
    problems: &mut Vec<Problem>,
) -> anyhow::Result<Table> {
    let mut rows = Vec::new();
    let mut table = stream_table(dir, spec, problems, |_, row| {
        rows.push(row);
        Ok(())
    })?;
    table.rows = rows;
    Ok(table)
}

/// Reads one table row by row, handing each good row to `each` (with the table so far, to
/// name its cells) instead of keeping it: the returned table has no rows. What `read_table`
/// reports, this reports; an error from `each` stops the reading and is returned. A table with
/// per-source files reads them after its own file, each row with its cells in the order of the
/// first header read.
pub fn stream_table(
    dir: &Path,
    spec: &TableSpec,
    problems: &mut Vec<Problem>,
    mut each: impl FnMut(&Table, Row) -> anyhow::Result<()>,
) -> anyhow::Result<Table> {
    let more = per_source_files(dir, spec)?;
    let path = dir.join(spec.file);
    let file = path.display().to_string();
    let folder = Folder::new(dir);
    let mut table = match folder.open(spec.file)? {
        Ok(input) => read_rows(file, input, spec, problems, &mut each)?,
        Err(Refusal::Missing) => {
            if !spec.optional && more.is_empty() {
                problems.push(Problem::file(
                    &file,
                    format!(
                        "missing file: expected a CSV table with the header `{}`",
                        spec.columns.join(",")
                    ),
                ));
            }
            Table::empty(file, spec.optional || !more.is_empty())
        }
        Err(refusal) => {
            problems.push(Problem::file(&file, refusal.reason(&folder)));
            Table::empty(file, false)
        }
    };
    if more.is_empty() {
        return Ok(table);
    }
    if table.columns.is_empty() {
        table.columns = spec
            .columns
            .iter()
            .chain(spec.optional_columns)
            .enumerate()
            .map(|(i, c)| (*c, i))
            .collect();
    }
    for path in more {
        let name = path.display().to_string();
        // The same opener as the table's own file: no link out of its folder, no FIFO.
        let sub = Folder::within(path.parent().unwrap_or(dir), dir);
        let input = match sub.open(path.file_name().unwrap_or_default())? {
            Ok(input) => input,
            Err(refusal) => {
                problems.push(Problem::file(&name, refusal.reason(&sub)));
                table.complete = false;
                continue;
            }
        };
        table.more_files.push(name.clone());
        let index = u32::try_from(table.more_files.len()).unwrap_or(u32::MAX);
        let own = read_rows(name, input, spec, problems, |own, row| {
            each(&table, table.conform(own, &row, index))
        })?;
        table.complete &= own.complete;
    }
    Ok(table)
}

/// The `*.csv` files of a table's per-source directory (`seeds/facts/`), in name order; none
/// when the table has no such directory or it is absent. Hidden files (an editor's lock or
/// backup) are left alone.
fn per_source_files(dir: &Path, spec: &TableSpec) -> anyhow::Result<Vec<std::path::PathBuf>> {
    let Some(sub) = spec.per_source else {
        return Ok(Vec::new());
    };
    let sub = dir.join(sub);
    let entries = match std::fs::read_dir(&sub) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("could not read {}", sub.display())),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("could not read {}", sub.display()))?
            .path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let csv = name.is_some_and(|n| {
            !n.starts_with('.')
                && Path::new(&n)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        });
        // Not filtered on `is_file`: a FIFO or a folder named `doc005.csv` goes to the
        // opener, which refuses it as a located problem instead of dropping its rows unseen.
        if csv {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// How many bytes of CSV a table holds: its file and its per-source files.
pub fn table_bytes(dir: &Path, spec: &TableSpec) -> u64 {
    let size = |path: &Path| std::fs::metadata(path).map_or(0, |m| m.len());
    let more = per_source_files(dir, spec).unwrap_or_default();
    size(&dir.join(spec.file)) + more.iter().map(|p| size(p)).sum::<u64>()
}

/// Parses a table from bytes (separate from the file system for tests and fuzzing).
pub fn parse_table(
    file: String,
    bytes: &[u8],
    spec: &TableSpec,
    problems: &mut Vec<Problem>,
) -> Table {
    let mut rows = Vec::new();
    // Reading from memory cannot fail, and the closure never does.
    let mut table = read_rows(file.clone(), bytes, spec, problems, |_, row| {
        rows.push(row);
        Ok(())
    })
    .unwrap_or_else(|_| Table::empty(file, false));
    table.rows = rows;
    table
}

/// How much of a file is looked at, at a time, to tell an empty one (only blanks, or only a
/// byte-order mark) from one with a header.
const EMPTY_PROBE: u64 = 64 * 1024;

/// Reads the leading blanks of `input`, until the first other byte or the end: then whether
/// the file is empty (only blanks, or only a byte-order mark) is known without holding more of
/// it than its blanks. `None` for an empty file; otherwise the bytes read, to be read first.
fn probe_empty<R: Read>(input: R) -> std::io::Result<(Option<Vec<u8>>, R)> {
    let mut input = input;
    let mut head = Vec::new();
    let whole = loop {
        let before = head.len();
        (&mut input).take(EMPTY_PROBE).read_to_end(&mut head)?;
        if ((head.len() - before) as u64) < EMPTY_PROBE {
            break true;
        }
        if !head[before..].iter().all(u8::is_ascii_whitespace) {
            break false;
        }
    };
    let empty = whole && (head.iter().all(u8::is_ascii_whitespace) || head == b"\xEF\xBB\xBF");
    Ok((if empty { None } else { Some(head) }, input))
}

/// The reading itself, from any input: the header is checked, then each row goes to `each`
/// with the line it starts on. Memory stays at a few rows, whatever the size of the input.
/// One piece: the reader, the header and the line counter are one state that every row
/// reads, and each refusal (empty, UTF-16, unreadable header) ends the table in one line.
fn read_rows(
    file: String,
    input: impl Read,
    spec: &TableSpec,
    problems: &mut Vec<Problem>,
    mut each: impl FnMut(&Table, Row) -> anyhow::Result<()>,
) -> anyhow::Result<Table> {
    let could_not_read = format!("could not read {file}");
    let could_not_read = || could_not_read.clone();
    let problems_before = problems.len();
    let expected_header = spec.columns.join(",");
    let (head, input) = probe_empty(input).with_context(could_not_read)?;
    let Some(head) = head else {
        problems.push(Problem::file(
            &file,
            format!("empty file: expected the header `{expected_header}`"),
        ));
        return Ok(Table::empty(file, false));
    };
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        // Every cell would be unreadable, each a problem of its own: one line says why.
        problems.push(Problem::file(
            &file,
            "saved as UTF-16 (Excel's \"Unicode text\"): save it as \"CSV UTF-8\"",
        ));
        return Ok(Table::empty(file, false));
    }
    let window = Rc::new(RefCell::new(Window::default()));
    let recorded = Recorded {
        input: std::io::Cursor::new(head).chain(input),
        window: Rc::clone(&window),
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(recorded);
    let header = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => {
            return Err(e).with_context(could_not_read);
        }
        Err(e) => {
            problems.push(Problem::line(&file, 1, format!("unreadable header: {e}")));
            return Ok(Table::empty(file, false));
        }
    };
    let Some((names, columns)) = parse_header(&file, &header, spec, problems) else {
        // Without a trustworthy header no cell can be named; the header is the problem.
        return Ok(Table::empty(file, false));
    };
    let mut table = Table {
        columns,
        ..Table::empty(file, true)
    };
    let file = table.file.clone();
    let mut lines = LineCounter { window, line: 1 };
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                return Err(e).with_context(could_not_read);
            }
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                problems.push(Problem::line(&file, line, format!("unreadable CSV: {e}")));
                break;
            }
        }
        let line = lines.line_at(record.position().map_or(0, csv::Position::byte));
        if !fields_fit(&file, line, &record, names.len(), problems) {
            continue;
        }
        if let Some(cells) = record_cells(&file, line, &names, &record, problems) {
            each(&table, Row::new(line, &cells))?;
        }
    }
    table.complete = problems.len() == problems_before;
    Ok(table)
}

/// Whether a record has as many fields as the header; a blank line a spreadsheet left behind
/// is skipped quietly, any other record of another width is a problem.
fn fields_fit(
    file: &str,
    line: u64,
    record: &csv::ByteRecord,
    width: usize,
    problems: &mut Vec<Problem>,
) -> bool {
    if record.len() == width {
        return true;
    }
    let blank = record.len() == 1
        && record
            .get(0)
            .is_some_and(|c| c.iter().all(u8::is_ascii_whitespace));
    if !blank {
        problems.push(Problem::line(
            file,
            line,
            format!(
                "this row has {} fields, the header has {width}: a comma inside a value needs the value in double quotes",
                record.len(),
            ),
        ));
    }
    false
}

/// The trimmed cells of a record, or `None` when a cell is not UTF-8 or fails `check_cell`,
/// each such cell a problem.
fn record_cells<'r>(
    file: &str,
    line: u64,
    names: &[String],
    record: &'r csv::ByteRecord,
    problems: &mut Vec<Problem>,
) -> Option<Vec<&'r str>> {
    let mut cells = Vec::with_capacity(record.len());
    let mut readable = true;
    for (cell, name) in record.iter().zip(names) {
        match std::str::from_utf8(cell) {
            Ok(text) => match check_cell(name, text) {
                Ok(()) => cells.push(text.trim()),
                Err(message) => {
                    problems.push(Problem::cell(file, line, name, message));
                    readable = false;
                }
            },
            Err(e) => {
                problems.push(not_utf8(file, line, name, cell, &e));
                readable = false;
            }
        }
    }
    readable.then_some(cells)
}

/// A header that is one cell holding known column names separated by `;` or tabs: a
/// spreadsheet saved with its locale's separator. Every column would be reported missing, and
/// the header one unknown column; the cause is one line.
fn wrong_separator(file: &str, header: &csv::ByteRecord, spec: &TableSpec) -> Option<Problem> {
    let [only] = header.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    let separator = [b';', b'\t'].into_iter().find(|sep| {
        only.split(|b| b == sep).any(|name| {
            spec.columns
                .iter()
                .any(|c| c.as_bytes() == name.trim_ascii())
        })
    })?;
    let by = if separator == b';' { "`;`" } else { "tabs" };
    Some(Problem::line(
        file,
        1,
        format!(
            "the columns are separated by {by}, not commas: save the file as comma-separated CSV (UTF-8)"
        ),
    ))
}

/// Maps each column of the spec to its index in the header, reporting every header problem.
fn parse_header(
    file: &str,
    header: &csv::ByteRecord,
    spec: &TableSpec,
    problems: &mut Vec<Problem>,
) -> Option<(Vec<String>, BTreeMap<&'static str, usize>)> {
    let expected_header = spec.columns.join(",");
    if let Some(problem) = wrong_separator(file, header, spec) {
        problems.push(problem);
        return None;
    }
    let mut names = Vec::with_capacity(header.len());
    let mut header_ok = true;
    for (i, cell) in header.iter().enumerate() {
        match std::str::from_utf8(cell) {
            Ok(name) => names.push(name.trim().to_owned()),
            Err(e) => {
                problems.push(not_utf8(file, 1, &format!("column {}", i + 1), cell, &e));
                names.push(String::new());
                header_ok = false;
            }
        }
    }
    let mut columns = BTreeMap::new();
    let known = || spec.columns.iter().chain(spec.optional_columns);
    for (i, name) in names.iter().enumerate() {
        match known().find(|c| **c == name.as_str()) {
            Some(known) => {
                if columns.insert(*known, i).is_some() {
                    problems.push(Problem::line(
                        file,
                        1,
                        format!("column `{name}` appears twice in the header"),
                    ));
                    header_ok = false;
                }
            }
            None if name.is_empty() && !header_ok => {}
            None => {
                let missing = known().copied().filter(|c| !names.iter().any(|n| n == c));
                problems.push(Problem::line(
                    file,
                    1,
                    format!(
                        "unknown column `{name}`{}: expected the header `{expected_header}`{}",
                        did_you_mean(name, missing),
                        optional_columns(spec)
                    ),
                ));
                header_ok = false;
            }
        }
    }
    for column in spec.columns {
        if !columns.contains_key(column) {
            problems.push(Problem::line(
                file,
                1,
                format!("missing column `{column}`: expected the header `{expected_header}`"),
            ));
            header_ok = false;
        }
    }
    header_ok.then_some((names, columns))
}

/// ` (and optionally `a`, `b`)` for a table with optional columns; empty for the others.
fn optional_columns(spec: &TableSpec) -> String {
    if spec.optional_columns.is_empty() {
        return String::new();
    }
    let names: Vec<String> = spec
        .optional_columns
        .iter()
        .map(|c| format!("`{c}`"))
        .collect();
    format!(" (and optionally {})", names.join(", "))
}

/// The bytes the csv reader has taken from its input and the line counter has not yet passed.
#[derive(Debug, Default)]
struct Window {
    bytes: Vec<u8>,
    /// Where `bytes` starts in the input.
    offset: u64,
    /// How many of `bytes` are already passed (dropped in bulk, not one record at a time).
    passed: usize,
}

/// The input of the csv reader, keeping what it reads in the `Window` for the line counter.
struct Recorded<R> {
    input: R,
    window: Rc<RefCell<Window>>,
}

impl<R: Read> Read for Recorded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.input.read(buf)?;
        self.window.borrow_mut().bytes.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

/// The line a record starts on, counted from the bytes: the csv crate's own line count is off
/// by one after Windows line endings, and its byte position there points at the `\n` that ends
/// the previous record. Counting forward from the last record keeps this linear, and the bytes
/// behind it are let go, so a table of any size is read in the memory of a few rows.
struct LineCounter {
    window: Rc<RefCell<Window>>,
    line: u64,
}

impl LineCounter {
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut window = self.window.borrow_mut();
        let Window {
            bytes,
            offset,
            passed,
        } = &mut *window;
        let at = *offset + *passed as u64;
        if byte < at {
            return self.line;
        }
        let mut start = usize::try_from(byte - *offset)
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        while bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            start += 1;
        }
        self.line += memchr::memchr_iter(b'\n', &bytes[*passed..start]).count() as u64;
        *passed = start;
        if *passed >= 64 * 1024 {
            bytes.drain(..*passed);
            *offset += *passed as u64;
            *passed = 0;
        }
        self.line
    }
}

/// The longest a name may be, in characters: an id, a code, a label, each alias. Names are
/// drawn in the pictures and fill the page's tables (Graphviz failed on a label of a million
/// characters); a longer text belongs in `note`.
pub const MAX_NAME: usize = 200;

/// The columns of free text: a document's own words (`quote`, `excerpt`), which must match the
/// document whatever it holds, and the annotator's prose (`note`, `reason`, `date_note`), which
/// may quote it. Each is shown, if at all, in a block of its own (a quote in its blockquote).
/// Every other column holds a name, a code, a date, a number or an address; a title too, as
/// the page shows it inline in the line that says where a quote comes from, which a
/// reordering character would scramble.
const FREE_TEXT: &[&str] = &["quote", "excerpt", "note", "reason", "date_note"];

/// The columns holding names separated by `|`: `MAX_NAME` is for each of them.
const LISTS: &[&str] = &["aliases", "misspellings"];

/// The columns exempt from `MAX_NAME` besides free text: an address or a title can be long.
const LONG: &[&str] = &["cites", "title"];

/// Checks the characters of one cell of `column`, as read (before trimming, so a position is
/// where an editor shows it), and the length of a name; `Err` is the message.
///
/// The rules, one set for every table (the characters are `chars::unfit`'s):
/// - no cell may hold a character XML 1.0 cannot carry (`Unfit::NotXml`: C0 controls but tab,
///   line feed and carriage return; U+FFFE, U+FFFF): each cell reaches an output (the RDF
///   exports, the reports, and for most the pictures or the page), and the pictures could not
///   be written, so `validate` would pass what `export` cannot write;
/// - a name may not hold an invisible or reordering character (`Unfit::Hidden`: bidirectional
///   controls, zero-width characters, line and paragraph separators, DEL and C1 controls): an
///   id, label or alias holding one is not what it looks like, and two such names that look
///   the same are not. Free text may (`FREE_TEXT`): a quote must match its document, which may
///   hold them; the terminal shows them escaped (`problem`);
/// - a name is at most `MAX_NAME` characters.
pub fn check_cell(column: &str, cell: &str) -> Result<(), String> {
    let free = FREE_TEXT.contains(&column);
    if let Some((at, c, why)) = first_unfit(cell, !free) {
        let position = cell[..at].chars().count() + 1;
        let what = crate::chars::name(c).unwrap_or("a control character");
        let shown = excerpt(cell, position - 1);
        return Err(match why {
            Unfit::NotXml => format!(
                "`{shown}` has U+{:04X} ({what}) at character {position}, which XML 1.0 cannot \
                 carry, even escaped (the pictures and the page would break): delete it",
                u32::from(c)
            ),
            Unfit::Hidden => format!(
                "`{shown}` has U+{:04X} ({what}) at character {position}, which is invisible or \
                 reorders the text around it: a name must read as it is written; delete it",
                u32::from(c)
            ),
        });
    }
    // A cell of at most `MAX_NAME` bytes has at most as many characters: most are not counted.
    if cell.len() <= MAX_NAME || free || LONG.contains(&column) {
        return Ok(());
    }
    let list = LISTS.contains(&column);
    let long = cell
        .split(|c| list && c == '|')
        .map(str::trim)
        .map(|name| (name, name.chars().count()))
        .find(|&(_, length)| length > MAX_NAME);
    match long {
        Some((name, length)) => Err(format!(
            "`{}` is {length} characters long: a name is at most {MAX_NAME} (it is drawn in the \
             pictures and the page); shorten it, and put a longer text in `note`",
            excerpt(name, 0)
        )),
        None => Ok(()),
    }
}

/// Up to 30 characters of `text` on each side of the character at `index`, with `…` where
/// some are left out: enough to find the place, short for a long cell.
fn excerpt(text: &str, index: usize) -> String {
    const SIDE: usize = 30;
    let from = index.saturating_sub(SIDE);
    let count = text.chars().count();
    let to = count.min(index + SIDE + 1);
    let piece: String = text.chars().skip(from).take(to - from).collect();
    format!(
        "{}{piece}{}",
        if from > 0 { "…" } else { "" },
        if to < count { "…" } else { "" }
    )
}

fn not_utf8(file: &str, line: u64, column: &str, cell: &[u8], e: &std::str::Utf8Error) -> Problem {
    let bad = &cell[e.valid_up_to()..];
    let bad = &bad[..bad.len().min(e.error_len().unwrap_or(1))];
    let before = String::from_utf8_lossy(&cell[..e.valid_up_to()]);
    let hex: Vec<String> = bad.iter().map(|b| format!("{b:02X}")).collect();
    Problem::cell(
        file,
        line,
        column,
        format!(
            "not UTF-8: byte {} after `{before}` (save the file as UTF-8; Latin-1 or Windows-1252 exports do this)",
            hex.join(" ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: TableSpec = TableSpec {
        file: "t.csv",
        columns: &["id", "label"],
        optional_columns: &["extra"],
        optional: false,
        per_source: Some("t"),
    };

    fn parse(bytes: &[u8]) -> (Table, Vec<String>) {
        let mut problems = Vec::new();
        let table = parse_table("t.csv".into(), bytes, &SPEC, &mut problems);
        (table, problems.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn a_byte_order_mark_and_windows_line_endings_are_accepted() {
        let (table, problems) =
            parse(b"\xEF\xBB\xBFid,label\r\nmali,Mali\r\nniger,\"Niger, le\"\r\n");
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.get(&table.rows[1], "label"), "Niger, le");
        assert_eq!(table.rows[1].line, 3);
    }

    #[test]
    fn a_row_with_too_many_fields_names_its_line() {
        let (table, problems) = parse(b"id,label\nmali,Mali,extra\nniger,Niger\n");
        assert_eq!(
            problems,
            [
                "t.csv:2: this row has 3 fields, the header has 2: a comma inside a value needs the value in double quotes"
            ]
        );
        assert_eq!(table.rows.len(), 1);
    }

    #[test]
    fn a_misspelt_header_suggests_the_column() {
        let (_, problems) = parse(b"id,lable\nmali,Mali\n");
        assert_eq!(problems.len(), 2);
        assert!(
            problems[0].contains("unknown column `lable` (did you mean `label`?)"),
            "{problems:?}"
        );
        assert!(
            problems[1].contains("missing column `label`"),
            "{problems:?}"
        );
    }

    #[test]
    fn an_optional_column_may_be_anywhere_or_absent_and_a_misspelt_one_is_named() {
        let (table, problems) = parse(b"extra,id,label\nx,mali,Mali\n");
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(table.get(&table.rows[0], "extra"), "x");
        let (table, problems) = parse(b"id,label\nmali,Mali\n");
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(table.get(&table.rows[0], "extra"), "");
        let (_, problems) = parse(b"id,label,extrra\nmali,Mali,x\n");
        assert_eq!(
            problems,
            [
                "t.csv:1: unknown column `extrra` (did you mean `extra`?): expected the header `id,label` (and optionally `extra`)"
            ]
        );
    }

    #[test]
    fn a_file_saved_with_semicolons_or_tabs_is_one_problem_naming_the_separator() {
        let (_, problems) = parse(b"id;label\nmali;Mali\n");
        assert_eq!(
            problems,
            [
                "t.csv:1: the columns are separated by `;`, not commas: save the file as comma-separated CSV (UTF-8)"
            ]
        );
        let (_, problems) = parse(b"id\tlabel\nmali\tMali\n");
        assert_eq!(
            problems,
            [
                "t.csv:1: the columns are separated by tabs, not commas: save the file as comma-separated CSV (UTF-8)"
            ]
        );
        // A one-column header with a semicolon that names no column is an unknown column.
        let (_, problems) = parse(b"a;b\n");
        assert!(problems[0].contains("unknown column `a;b`"), "{problems:?}");
    }

    #[test]
    fn a_file_saved_as_utf16_is_one_problem() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "id,label\r\nmali,Mali\r\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let (_, problems) = parse(&bytes);
        assert_eq!(
            problems,
            ["t.csv: saved as UTF-16 (Excel's \"Unicode text\"): save it as \"CSV UTF-8\""]
        );
    }

    #[test]
    fn latin1_bytes_are_named_with_their_line_and_column() {
        let (_, problems) = parse(b"id,label\nmali,arm\xE9e\n");
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("t.csv:2: label: not UTF-8: byte E9 after `arm`"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_character_xml_cannot_carry_is_refused_in_every_column_named_and_located() {
        for (c, code) in [
            ('\u{0}', "U+0000"),
            ('\u{1}', "U+0001"),
            ('\u{B}', "U+000B"),
            ('\u{1B}', "U+001B"),
            ('\u{FFFE}', "U+FFFE"),
            ('\u{FFFF}', "U+FFFF"),
        ] {
            for column in ["label_fr", "quote", "note", "cites"] {
                let message = check_cell(column, &format!("ab{c}cd")).unwrap_err();
                assert!(
                    message.contains(&format!("has {code} ("))
                        && message.contains("at character 3"),
                    "{column}: {message}"
                );
            }
        }
        assert_eq!(check_cell("quote", "deux\tmots\r\nsur deux lignes"), Ok(()));
    }

    #[test]
    fn invisible_and_reordering_characters_are_refused_in_names_and_kept_in_free_text() {
        for c in [
            '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200B}', '\u{200F}',
        ] {
            for c in [c, '\u{2028}', '\u{2029}', '\u{FEFF}', '\u{85}'] {
                for column in ["id", "label_fr", "aliases", "subject", "author", "title"] {
                    let message = check_cell(column, &format!("Mali{c}")).unwrap_err();
                    assert!(
                        message.contains(&format!("has U+{:04X} (", u32::from(c)))
                            && message.contains("at character 5"),
                        "{column}: {message}"
                    );
                }
                for column in ["quote", "excerpt", "note", "reason", "date_note"] {
                    assert_eq!(check_cell(column, &format!("Mali{c}")), Ok(()), "{column}");
                }
            }
        }
        // French typography is not hidden: narrow no-break spaces, apostrophes, guillemets.
        assert_eq!(check_cell("label_fr", "« l’AES\u{202F}»\u{A0}!"), Ok(()));
    }

    #[test]
    fn a_name_is_at_most_200_characters_each_alias_apart() {
        let name = "é".repeat(MAX_NAME);
        assert_eq!(check_cell("label_fr", &name), Ok(()));
        let long = format!("{name}x");
        assert!(
            check_cell("label_en", &long)
                .unwrap_err()
                .contains("is 201 characters long: a name is at most 200")
        );
        assert!(check_cell("id", &long).is_err());
        let aliases = format!("{name} | {name} | {name}");
        assert_eq!(check_cell("aliases", &aliases), Ok(()));
        assert!(check_cell("misspellings", &format!("Mali | {long}")).is_err());
        for column in ["quote", "note", "cites", "title"] {
            assert_eq!(check_cell(column, &long.repeat(10)), Ok(()), "{column}");
        }
    }

    #[test]
    fn a_row_with_an_unfit_cell_is_left_out_and_the_table_is_incomplete() {
        let (table, problems) = parse("id,label\nmali,Ma\u{1}li\nniger,Niger\n".as_bytes());
        assert_eq!(
            problems,
            [
                "t.csv:2: label: `Ma\\u{1}li` has U+0001 (a control character) at character 3, which XML 1.0 cannot carry, even escaped (the pictures and the page would break): delete it"
            ]
        );
        assert_eq!(table.rows.len(), 1);
        assert!(!table.complete);
    }

    #[test]
    fn an_empty_file_says_what_header_was_expected() {
        let (_, problems) = parse(b"");
        assert_eq!(
            problems,
            ["t.csv: empty file: expected the header `id,label`"]
        );
    }

    #[test]
    fn lines_stay_right_far_into_a_long_file_with_windows_endings() {
        // Long enough that the bytes behind the reader are let go several times.
        let mut bytes = b"id,label\r\n".to_vec();
        for i in 0..20_000 {
            if i == 15_000 {
                bytes.extend_from_slice(b"x,\"two\r\nlines\"\r\n");
            }
            bytes.extend_from_slice(format!("a{i},label number {i}\r\n").as_bytes());
        }
        let (table, problems) = parse(&bytes);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(table.rows.len(), 20_001);
        assert_eq!(table.rows[14_999].line, 15_001);
        assert_eq!(table.get(&table.rows[15_000], "id"), "x");
        assert_eq!(table.rows[15_000].line, 15_002);
        assert_eq!(table.rows[15_001].line, 15_004);
        assert_eq!(table.rows[20_000].line, 20_003);
    }

    #[test]
    fn per_source_files_add_rows_in_the_first_header_s_order_each_naming_its_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("t.csv"), "id,label\nmali,Mali\n").unwrap();
        std::fs::create_dir(dir.path().join("t")).unwrap();
        std::fs::write(dir.path().join("t/b.csv"), "label,id\nNiger,niger\n").unwrap();
        std::fs::write(dir.path().join("t/a.csv"), "id,label\n\nbf,Burkina,x\n").unwrap();
        std::fs::write(dir.path().join("t/.~lock.a.csv#"), "junk").unwrap();
        std::fs::write(dir.path().join("t/notes.md"), "junk").unwrap();
        let mut problems = Vec::new();
        let table = read_table(dir.path(), &SPEC, &mut problems).unwrap();
        let sub = |name: &str| dir.path().join("t").join(name).display().to_string();
        assert_eq!(
            problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [format!(
                "{}:3: this row has 3 fields, the header has 2: a comma inside a value needs the value in double quotes",
                sub("a.csv")
            )]
        );
        assert!(!table.complete, "a row was lost");
        let rows: Vec<(&str, &str, &str, u64)> = table
            .rows
            .iter()
            .map(|r| {
                (
                    table.file_of(r),
                    table.get(r, "id"),
                    table.get(r, "label"),
                    r.line,
                )
            })
            .collect();
        let main = dir.path().join("t.csv").display().to_string();
        assert_eq!(
            rows,
            [
                (main.as_str(), "mali", "Mali", 2),
                (sub("b.csv").as_str(), "niger", "Niger", 2)
            ]
        );
        // The cells of a per-source row are in the table's order: what a shard file keeps.
        assert_eq!(
            table.rows[1].cells().collect::<Vec<_>>(),
            ["niger", "Niger"]
        );
    }

    #[test]
    fn per_source_files_stand_in_for_a_missing_table_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("t")).unwrap();
        std::fs::write(dir.path().join("t/doc1.csv"), "label,id\nNiger,niger\n").unwrap();
        let mut problems = Vec::new();
        let table = read_table(dir.path(), &SPEC, &mut problems).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert!(table.complete);
        assert_eq!(table.get(&table.rows[0], "id"), "niger");
        assert_eq!(
            table_bytes(dir.path(), &SPEC),
            "label,id\nNiger,niger\n".len() as u64
        );
        std::fs::remove_file(dir.path().join("t/doc1.csv")).unwrap();
        let table = read_table(dir.path(), &SPEC, &mut problems).unwrap();
        assert!(table.rows.is_empty());
        assert_eq!(
            problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [format!(
                "{}: missing file: expected a CSV table with the header `id,label`",
                dir.path().join("t.csv").display()
            )]
        );
    }

    #[test]
    fn a_quoted_field_spanning_lines_keeps_the_line_it_starts_on() {
        let (table, problems) = parse(b"id,label\nmali,\"two\nlines\"\nniger,N\n");
        assert!(problems.is_empty());
        assert_eq!(table.rows[0].line, 2);
        assert_eq!(table.rows[1].line, 4);
    }
}
