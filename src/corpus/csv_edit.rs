//! Editing a CSV table of the corpus without disturbing what it already holds.
//!
//! In: the bytes of a table as read (or nothing, for a table that does not exist yet) and the
//! edits a command makes: rows appended, a row replaced, columns added. Out: the table's new
//! bytes, in which every byte of the rows left alone is the byte that was read: the
//! byte-order mark stays when there was one, new rows end their lines as the file does (CRLF
//! or LF, from its first line), a missing final line break is added before the first new row,
//! and new cells are quoted as the csv crate quotes (only when they hold a comma, a quote or a
//! line break). Analysts keep these files in git and in spreadsheets: an edit that rewrote
//! every row would bury one new row in a diff of them all.
//!
//! What this does not do: write any file (`changes.rs` does, all or nothing), or judge a
//! value (validation does).

use std::ops::Range;

use anyhow::Context;

/// The UTF-8 byte-order mark a spreadsheet may put at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV table and the edits made to it (see the module comment).
#[derive(Debug, Clone)]
pub(crate) struct CsvFile {
    /// The bytes as read; empty for a table that does not exist yet.
    original: Vec<u8>,
    /// Whether the table exists (it may exist and be empty).
    exists: bool,
    /// Whether the file starts with a byte-order mark.
    bom: bool,
    /// Whether its lines end with CRLF rather than LF.
    crlf: bool,
    /// The header's names, as read and as added.
    header: Vec<String>,
    /// How many fields the header had as read.
    width: usize,
    /// The byte range of the header line's content in `original`, without its line break.
    header_bytes: Range<usize>,
    /// Each data record as read: its content's byte range (without its line break) and its
    /// number of fields.
    records: Vec<(Range<usize>, usize)>,
    /// Replacements of records, by index: the new row's cells.
    replaced: Vec<(usize, Vec<String>)>,
    /// Columns added to the header (and an empty cell to every row of the right width).
    added: Vec<String>,
    /// New rows, their cells in the order of the header.
    appended: Vec<Vec<String>>,
    /// Records removed, by index, each with its line break.
    removed: Vec<usize>,
}

impl CsvFile {
    /// A table from its bytes. Its header is its first record; an empty file (or only a
    /// byte-order mark) has none.
    pub(crate) fn parse(bytes: Vec<u8>) -> anyhow::Result<Self> {
        let bom = bytes.starts_with(BOM);
        let body = if bom { BOM.len() } else { 0 };
        let crlf = memchr::memchr(b'\n', &bytes).is_some_and(|i| i > 0 && bytes[i - 1] == b'\r');
        let mut starts = Vec::new();
        let mut widths = Vec::new();
        {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(&bytes[body..]);
            let mut record = csv::ByteRecord::new();
            while reader
                .read_byte_record(&mut record)
                .context("the table is not readable CSV")?
            {
                let at = record.position().map_or(0, csv::Position::byte);
                let mut start = body + usize::try_from(at).unwrap_or(usize::MAX).min(bytes.len());
                // After a CRLF the csv crate starts the next record at the `\n`.
                while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
                    start += 1;
                }
                starts.push(start);
                widths.push(record.len());
            }
        }
        let mut ranges: Vec<Range<usize>> = Vec::with_capacity(starts.len());
        for (i, &start) in starts.iter().enumerate() {
            let mut end = starts.get(i + 1).copied().unwrap_or(bytes.len());
            while end > start && matches!(bytes[end - 1], b'\r' | b'\n') {
                end -= 1;
            }
            ranges.push(start..end);
        }
        let header: Vec<String> = match ranges.first() {
            Some(range) => {
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(&bytes[range.clone()]);
                let mut record = csv::StringRecord::new();
                reader
                    .read_record(&mut record)
                    .context("the header is not UTF-8 CSV")?;
                record.iter().map(|c| c.trim().to_owned()).collect()
            }
            None => Vec::new(),
        };
        let header_bytes = ranges.first().cloned().unwrap_or(body..body);
        let records = ranges.into_iter().zip(widths).skip(1).collect::<Vec<_>>();
        Ok(Self {
            width: header.len(),
            original: bytes,
            exists: true,
            bom,
            crlf,
            header,
            header_bytes,
            records,
            replaced: Vec::new(),
            added: Vec::new(),
            appended: Vec::new(),
            removed: Vec::new(),
        })
    }

    /// A table that does not exist yet, with this header; written with LF line ends and no
    /// byte-order mark, as the shipped tables are.
    pub(crate) fn new(header: &[&str]) -> Self {
        Self {
            original: Vec::new(),
            exists: false,
            bom: false,
            crlf: false,
            header: header.iter().map(|&h| h.to_owned()).collect(),
            width: 0,
            header_bytes: 0..0,
            records: Vec::new(),
            replaced: Vec::new(),
            added: Vec::new(),
            appended: Vec::new(),
            removed: Vec::new(),
        }
    }

    /// A table whose file exists but holds no header (it is empty, or blank): it is written
    /// anew, with this header, over `original`.
    pub(crate) fn new_over(header: &[&str], original: Vec<u8>) -> Self {
        Self {
            bom: original.starts_with(BOM),
            crlf: memchr::memmem::find(&original, b"\r\n").is_some(),
            original,
            exists: true,
            ..Self::new(header)
        }
    }

    /// The bytes as read (empty for a new table).
    pub(crate) fn original(&self) -> &[u8] {
        &self.original
    }

    /// Whether the table existed when it was read.
    pub(crate) fn exists(&self) -> bool {
        self.exists
    }

    /// The column names, trimmed, as read and as added.
    pub(crate) fn header(&self) -> &[String] {
        &self.header
    }

    /// How many data records the table had as read.
    #[cfg(test)]
    pub(crate) fn records(&self) -> usize {
        self.records.len()
    }

    /// Adds columns at the end of the header, and an empty cell at the end of every row that
    /// has as many fields as the header had (a row that has not is already refused by
    /// validation, and is left as it is).
    pub(crate) fn add_columns(&mut self, names: &[&str]) -> anyhow::Result<()> {
        for name in names {
            anyhow::ensure!(
                !self.header.iter().any(|h| h == name),
                "the column `{name}` is already in the header"
            );
            self.header.push((*name).to_owned());
            self.added.push((*name).to_owned());
        }
        Ok(())
    }

    /// Appends a row, its cells given by column name; a column not given is left empty.
    /// Returns the 1-based line the row will start on.
    pub(crate) fn append(&mut self, cells: &[(&str, &str)]) -> anyhow::Result<u64> {
        let row = self.row(cells)?;
        let line = self.line_after_end();
        self.appended.push(row);
        Ok(line)
    }

    /// Replaces the `index`-th data record (from 0) by a row, its cells given by column name.
    pub(crate) fn replace(&mut self, index: usize, cells: &[(&str, &str)]) -> anyhow::Result<()> {
        anyhow::ensure!(
            index < self.records.len(),
            "no record {index}: the table has {}",
            self.records.len()
        );
        let row = self.row(cells)?;
        self.replaced.retain(|(i, _)| *i != index);
        self.replaced.push((index, row));
        Ok(())
    }

    /// Removes the `index`-th data record (from 0) and its line break.
    pub(crate) fn remove(&mut self, index: usize) -> anyhow::Result<()> {
        anyhow::ensure!(
            index < self.records.len(),
            "no record {index}: the table has {}",
            self.records.len()
        );
        self.replaced.retain(|(i, _)| *i != index);
        if !self.removed.contains(&index) {
            self.removed.push(index);
        }
        Ok(())
    }

    /// The index of the data record that starts on the 1-based `line`, as read.
    pub(crate) fn record_at_line(&self, line: u64) -> Option<usize> {
        let mut lines = 1;
        let mut at = 0;
        for (i, (range, _)) in self.records.iter().enumerate() {
            lines += memchr::memchr_iter(b'\n', &self.original[at..range.start]).count() as u64;
            at = range.start;
            if lines == line {
                return Some(i);
            }
        }
        None
    }

    /// A row's cells in header order, from cells given by column name.
    fn row(&self, cells: &[(&str, &str)]) -> anyhow::Result<Vec<String>> {
        anyhow::ensure!(!self.header.is_empty(), "the table has no header");
        for (name, _) in cells {
            anyhow::ensure!(
                self.header.iter().any(|h| h == name),
                "the table has no column `{name}` (its header: {})",
                self.header.join(",")
            );
        }
        Ok(self
            .header
            .iter()
            .map(|h| {
                cells
                    .iter()
                    .find(|(name, _)| name == h)
                    .map_or_else(String::new, |(_, value)| (*value).to_owned())
            })
            .collect())
    }

    /// The 1-based line a row appended now would start on.
    fn line_after_end(&self) -> u64 {
        let text = self.bytes();
        let lines = memchr::memchr_iter(b'\n', &text).count() as u64;
        if text.is_empty() || text.ends_with(b"\n") {
            lines + 1
        } else {
            lines + 2
        }
    }

    fn terminator(&self) -> &'static [u8] {
        if self.crlf { b"\r\n" } else { b"\n" }
    }

    /// One CSV line, quoted as the csv crate quotes, with the file's line break.
    fn line(&self, cells: &[String]) -> Vec<u8> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(if self.crlf {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            })
            .from_writer(Vec::new());
        // Writing to memory cannot fail.
        let _ = writer.write_record(cells);
        writer.into_inner().unwrap_or_default()
    }

    /// `,NAME` for each column added, quoted as needed, or as many empty cells.
    fn added_cells(&self, names: bool) -> Vec<u8> {
        if self.added.is_empty() {
            return Vec::new();
        }
        let mut cells = vec![String::new()];
        cells.extend(
            self.added
                .iter()
                .map(|a| if names { a.clone() } else { String::new() }),
        );
        let mut line = self.line(&cells);
        line.truncate(line.len() - self.terminator().len());
        line
    }

    /// The table's bytes with every edit made.
    pub(crate) fn bytes(&self) -> Vec<u8> {
        if !self.exists || self.header_bytes.is_empty() && self.records.is_empty() {
            let mut out = if self.bom { BOM.to_vec() } else { Vec::new() };
            out.extend(self.line(&self.header));
            for row in &self.appended {
                out.extend(self.line(row));
            }
            return out;
        }
        let original = &self.original;
        let mut out = Vec::with_capacity(original.len() + 256);
        out.extend_from_slice(&original[..self.header_bytes.end]);
        out.extend(self.added_cells(true));
        let mut at = self.header_bytes.end;
        for (i, (range, fields)) in self.records.iter().enumerate() {
            out.extend_from_slice(&original[at..range.start]);
            if self.removed.contains(&i) {
                let mut end = range.end;
                if original.get(end) == Some(&b'\r') {
                    end += 1;
                }
                if original.get(end) == Some(&b'\n') {
                    end += 1;
                }
                at = end;
                continue;
            }
            if let Some((_, row)) = self.replaced.iter().find(|(r, _)| *r == i) {
                let line = self.line(row);
                out.extend_from_slice(&line[..line.len() - self.terminator().len()]);
            } else {
                out.extend_from_slice(&original[range.clone()]);
                if *fields == self.width {
                    out.extend(self.added_cells(false));
                }
            }
            at = range.end;
        }
        out.extend_from_slice(&original[at..]);
        if !self.appended.is_empty() && !out.ends_with(b"\n") {
            out.extend_from_slice(self.terminator());
        }
        for row in &self.appended {
            out.extend(self.line(row));
        }
        out
    }

    /// Whether any edit was made.
    pub(crate) fn is_edited(&self) -> bool {
        !self.exists
            || self.header_bytes.is_empty() && self.records.is_empty()
            || !self.added.is_empty()
            || !self.replaced.is_empty()
            || !self.appended.is_empty()
            || !self.removed.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edited(bytes: &[u8], edit: impl FnOnce(&mut CsvFile)) -> Vec<u8> {
        let mut file = CsvFile::parse(bytes.to_vec()).unwrap();
        edit(&mut file);
        file.bytes()
    }

    fn text(bytes: &[u8]) -> String {
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[test]
    fn an_appended_row_leaves_every_byte_before_it_as_it_was() {
        // Quirks a spreadsheet or a hand leaves: spaces, needless quotes, a blank line.
        let before = b"id,label\nmali , \"Mali\"\n\nniger,\"Niger, le\"\n";
        let after = edited(before, |f| {
            assert_eq!(f.append(&[("id", "bf"), ("label", "Burkina")]).unwrap(), 5);
        });
        assert_eq!(text(&after), text(before) + "bf,Burkina\n");
    }

    #[test]
    fn a_removed_row_takes_its_line_break_and_nothing_else() {
        let before = b"\xEF\xBB\xBFid,label\r\nmali,Mali\r\n\"niger\",\"Niger, le\"\r\nbf,Burkina";
        assert_eq!(
            edited(before, |f| f.remove(1).unwrap()),
            b"\xEF\xBB\xBFid,label\r\nmali,Mali\r\nbf,Burkina"
        );
        assert_eq!(
            edited(before, |f| f.remove(2).unwrap()),
            b"\xEF\xBB\xBFid,label\r\nmali,Mali\r\n\"niger\",\"Niger, le\"\r\n"
        );
    }

    #[test]
    fn a_byte_order_mark_and_crlf_line_ends_are_kept() {
        let before = b"\xEF\xBB\xBFid,label\r\nmali,Mali\r\n";
        let after = edited(before, |f| {
            f.append(&[("id", "niger"), ("label", "Niger")]).unwrap();
        });
        assert_eq!(
            after,
            b"\xEF\xBB\xBFid,label\r\nmali,Mali\r\nniger,Niger\r\n"
        );
    }

    #[test]
    fn a_missing_final_line_break_is_added_before_the_new_row() {
        let after = edited(b"id,label\r\nmali,Mali", |f| {
            assert_eq!(f.append(&[("id", "niger")]).unwrap(), 3);
        });
        assert_eq!(text(&after), "id,label\r\nmali,Mali\r\nniger,\r\n");
    }

    #[test]
    fn new_cells_are_quoted_only_when_they_must_be() {
        let after = edited(b"id,quote\n", |f| {
            f.append(&[("id", "f1"), ("quote", "« alliés », dit-il")])
                .unwrap();
            f.append(&[("id", "f2"), ("quote", "le \"pacte\"")])
                .unwrap();
            f.append(&[("id", "f3"), ("quote", "l’armée malienne")])
                .unwrap();
        });
        assert_eq!(
            text(&after),
            "id,quote\nf1,\"« alliés », dit-il\"\nf2,\"le \"\"pacte\"\"\"\nf3,l’armée malienne\n"
        );
    }

    #[test]
    fn a_replaced_row_changes_only_its_own_bytes() {
        let before = b"id,label\r\nmali,Mali\r\n\"niger\",\"two\r\nlines\"\r\nbf,BF\r\n";
        let after = edited(before, |f| {
            f.replace(1, &[("id", "niger"), ("label", "Niger")])
                .unwrap();
        });
        assert_eq!(
            text(&after),
            "id,label\r\nmali,Mali\r\nniger,Niger\r\nbf,BF\r\n"
        );
        let mut file = CsvFile::parse(before.to_vec()).unwrap();
        assert!(file.replace(3, &[("id", "x")]).is_err(), "no fourth record");
    }

    #[test]
    fn added_columns_end_the_header_and_every_well_formed_row() {
        let before = b"id,label\nmali,\"Mali\"\n   \nniger,Niger,extra\nbf,\"two\nlines\"";
        let after = edited(before, |f| {
            f.add_columns(&["url", "retrieved"]).unwrap();
            f.append(&[("id", "td"), ("url", "https://x.td/a,b")])
                .unwrap();
        });
        assert_eq!(
            text(&after),
            "id,label,url,retrieved\nmali,\"Mali\",,\n   \nniger,Niger,extra\nbf,\"two\nlines\",,\ntd,,\"https://x.td/a,b\",\n"
        );
        let mut file = CsvFile::parse(before.to_vec()).unwrap();
        assert!(file.add_columns(&["label"]).is_err(), "already there");
    }

    #[test]
    fn a_new_table_or_an_empty_file_gets_its_header_first() {
        let mut file = CsvFile::new(&["id", "label"]);
        assert_eq!(file.append(&[("id", "mali")]).unwrap(), 2);
        assert_eq!(text(&file.bytes()), "id,label\nmali,\n");
        assert!(!file.exists());
        let mut empty = CsvFile::parse(Vec::new()).unwrap();
        assert!(
            empty.append(&[("id", "x")]).is_err(),
            "no header to name cells"
        );
    }

    #[test]
    fn a_blank_table_is_written_anew_with_its_header() {
        let mut file = CsvFile::new_over(&["id", "label"], b"\xEF\xBB\xBF\r\n".to_vec());
        assert_eq!(file.append(&[("id", "mali")]).unwrap(), 2);
        assert_eq!(file.bytes(), b"\xEF\xBB\xBFid,label\r\nmali,\r\n");
    }

    #[test]
    fn a_column_the_table_lacks_is_refused_not_dropped() {
        let mut file = CsvFile::parse(b"id,label\n".to_vec()).unwrap();
        let error = file.append(&[("url", "https://x.ml/")]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the table has no column `url` (its header: id,label)"
        );
    }

    #[test]
    fn the_record_a_line_starts_is_found_past_blank_lines_and_values_over_two_lines() {
        let before =
            b"\xEF\xBB\xBFid,label\r\nmali,Mali\r\n\r\n\"niger\",\"two\r\nlines\"\r\nbf,BF\r\n";
        let file = CsvFile::parse(before.to_vec()).unwrap();
        assert_eq!(file.record_at_line(1), None, "the header");
        assert_eq!(file.record_at_line(2), Some(0));
        assert_eq!(file.record_at_line(3), None, "a blank line");
        assert_eq!(file.record_at_line(4), Some(1));
        assert_eq!(file.record_at_line(5), None, "inside a quoted value");
        assert_eq!(file.record_at_line(6), Some(2));
    }

    #[test]
    fn an_untouched_table_is_given_back_byte_for_byte() {
        let before = b"\xEF\xBB\xBFid,label\r\nmali,Mali\r\n\r\n";
        let file = CsvFile::parse(before.to_vec()).unwrap();
        assert!(!file.is_edited());
        assert_eq!(file.bytes(), before);
        assert_eq!(file.header(), ["id", "label"]);
        assert_eq!(file.records(), 1);
    }
}
