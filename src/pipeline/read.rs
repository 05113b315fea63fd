//! Stage 1: read the annotation tables.
//!
//! In: the seeds directory (`sources.csv`, `parts.csv`, `actors.csv`, `facts.csv`,
//! `not-facts.csv`). Out: `Annotations`, each table a list of rows of trimmed text cells, each
//! row with the line it starts on, each cell reachable by its column name. Structural problems
//! are reported here, all of them: a missing or empty file, a missing, misspelt or unknown
//! header column, a row with too many or too few fields, a cell that is not UTF-8. A byte-order
//! mark and Windows line endings are accepted. What this stage does not do: judge any value;
//! that is validation's job.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::rc::Rc;

use anyhow::Context;

use crate::cells::Cells;
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
    optional_columns: &["reprints"],
    optional: false,
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
};

/// `seeds/not-facts.csv`: sentences naming two actors that were judged to state no fact.
pub const NOT_FACTS: TableSpec = TableSpec {
    file: "not-facts.csv",
    columns: &["source", "excerpt", "reason"],
    optional_columns: &[],
    optional: true,
};

/// One data row.
#[derive(Debug, Clone)]
pub struct Row {
    /// The 1-based line the row starts on.
    pub line: u64,
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
        Self { line, cells: row }
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
}

impl Table {
    /// The trimmed cell of `row` in `column` (a column of the table's spec).
    pub fn get<'a>(&self, row: &'a Row, column: &str) -> &'a str {
        self.columns
            .get(column)
            .and_then(|&i| row.cells.get(i))
            .unwrap_or("")
    }

    /// The same table (file, columns, completeness) with other rows: a part of it.
    #[must_use]
    pub fn with_rows(&self, rows: Vec<Row>) -> Self {
        Self {
            file: self.file.clone(),
            rows,
            complete: self.complete,
            columns: self.columns.clone(),
        }
    }

    fn empty(file: String, complete: bool) -> Self {
        Self {
            file,
            rows: Vec::new(),
            complete,
            columns: BTreeMap::new(),
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
/// reports, this reports; an error from `each` stops the reading and is returned.
pub fn stream_table(
    dir: &Path,
    spec: &TableSpec,
    problems: &mut Vec<Problem>,
    each: impl FnMut(&Table, Row) -> anyhow::Result<()>,
) -> anyhow::Result<Table> {
    let path = dir.join(spec.file);
    let file = path.display().to_string();
    let input = match std::fs::File::open(&path) {
        Ok(input) => input,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if !spec.optional {
                problems.push(Problem::file(
                    &file,
                    format!(
                        "missing file: expected a CSV table with the header `{}`",
                        spec.columns.join(",")
                    ),
                ));
            }
            return Ok(Table::empty(file, spec.optional));
        }
        Err(e) => return Err(e).with_context(|| format!("could not read {file}")),
    };
    read_rows(file, input, spec, problems, each)
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
        file,
        rows: Vec::new(),
        complete: true,
        columns,
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
        if record.len() != names.len() {
            if record.len() == 1
                && record
                    .get(0)
                    .is_some_and(|c| c.iter().all(u8::is_ascii_whitespace))
            {
                continue; // a blank line a spreadsheet left behind
            }
            problems.push(Problem::line(
                &file,
                line,
                format!(
                    "this row has {} fields, the header has {}: a comma inside a value needs the value in double quotes",
                    record.len(),
                    names.len()
                ),
            ));
            continue;
        }
        let mut cells = Vec::with_capacity(record.len());
        let mut utf8 = true;
        for (i, cell) in record.iter().enumerate() {
            match std::str::from_utf8(cell) {
                Ok(text) => cells.push(text.trim()),
                Err(e) => {
                    problems.push(not_utf8(&file, line, &names[i], cell, &e));
                    utf8 = false;
                }
            }
        }
        if utf8 {
            each(&table, Row::new(line, &cells))?;
        }
    }
    table.complete = problems.len() == problems_before;
    Ok(table)
}

/// Maps each column of the spec to its index in the header, reporting every header problem.
fn parse_header(
    file: &str,
    header: &csv::ByteRecord,
    spec: &TableSpec,
    problems: &mut Vec<Problem>,
) -> Option<(Vec<String>, BTreeMap<&'static str, usize>)> {
    let expected_header = spec.columns.join(",");
    if let [only] = header.iter().collect::<Vec<_>>().as_slice()
        && let Some(separator) = [b';', b'\t'].into_iter().find(|sep| {
            only.split(|b| b == sep).any(|name| {
                spec.columns
                    .iter()
                    .any(|c| c.as_bytes() == name.trim_ascii())
            })
        })
    {
        // A spreadsheet saved with its locale's separator: every column would be reported
        // missing, and the header one unknown column. The cause is one line.
        let by = if separator == b';' { "`;`" } else { "tabs" };
        problems.push(Problem::line(
            file,
            1,
            format!(
                "the columns are separated by {by}, not commas: save the file as comma-separated CSV (UTF-8)"
            ),
        ));
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
    fn a_quoted_field_spanning_lines_keeps_the_line_it_starts_on() {
        let (table, problems) = parse(b"id,label\nmali,\"two\nlines\"\nniger,N\n");
        assert!(problems.is_empty());
        assert_eq!(table.rows[0].line, 2);
        assert_eq!(table.rows[1].line, 4);
    }
}
