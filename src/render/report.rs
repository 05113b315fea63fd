//! Stage 6a: write query answers as reports.
//!
//! In: an `Answer`. Out: bytes in one of four formats: CSV (the reports in `output/`), TSV and
//! JSON (the W3C SPARQL results formats, written by Oxigraph's `sparesults`), or an aligned
//! table for a terminal.
//!
//! The CSV is for people who open it in a spreadsheet: UTF-8 with a byte-order mark (Excel
//! needs it to read UTF-8; LibreOffice and the `csv` crate skip it), RFC 4180 quoting and CRLF
//! line ends, a header of variable names, each cell the IRI or the literal's text. Quotes come
//! from web pages and reader comments, so any cell that a spreadsheet would run as a formula
//! (one starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, as
//! OWASP recommends, unless it is a plain number such as `-3`. The sign may hide behind white
//! space or invisible characters (a byte-order mark, a zero-width space: `chars::unfit`), and
//! may be its full-width or small form (`＝`, `﹦`...), which spreadsheets with an East Asian
//! input method read as the ASCII one. The terminal table shows every control and invisible
//! character escaped, as problems do. What this does not do: choose where the bytes go.

use std::io::Write;

use anyhow::Context;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QuerySolution, Variable};

use crate::answer::{Answer, Record};
use crate::config::Format;

/// The UTF-8 byte-order mark.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The text of a cell as the CSV writes it: an IRI, a blank node as `_:label`, a literal's
/// lexical form, or nothing.
pub(crate) fn cell<'a>(record: &Record<'a>, i: usize) -> std::borrow::Cow<'a, str> {
    if record.is_blank(i) {
        format!("_:{}", record.text(i)).into()
    } else {
        record.text(i).into()
    }
}

/// The signs that start a formula: ASCII, full-width (U+FF1D, U+FF0B, U+FF0D, U+FF20) and
/// small (U+FE66, U+FE62, U+FE63, U+FE6B).
const FORMULA_SIGNS: &[char] = &[
    '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}', '\u{FE66}', '\u{FE62}',
    '\u{FE63}', '\u{FE6B}',
];

/// Makes a cell safe to open in a spreadsheet (see the module comment).
pub(crate) fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    let sign = text
        .trim_start_matches(|c: char| c.is_whitespace() || crate::chars::unfit(c).is_some())
        .starts_with(FORMULA_SIGNS);
    let risky = sign || text.starts_with(['\t', '\r']);
    if risky && !is_number(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    !digits.is_empty()
        && digits.bytes().any(|b| b.is_ascii_digit())
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|&b| b == b'.').count() <= 1
}

/// Writes an answer in `format`.
pub(crate) fn write(answer: &Answer, format: Format, out: &mut dyn Write) -> anyhow::Result<()> {
    match format {
        Format::Csv => write_csv(answer, out),
        Format::Tsv => write_w3c(answer, QueryResultsFormat::Tsv, out),
        Format::Json => write_w3c(answer, QueryResultsFormat::Json, out),
        Format::Table => write_table(answer, out),
    }
}

fn write_csv(answer: &Answer, out: &mut dyn Write) -> anyhow::Result<()> {
    let rows = answer
        .records()
        .map(|record| (0..answer.columns.len()).map(move |i| cell(&record, i)));
    write_csv_rows(&answer.columns, rows, out)
}

/// Writes any table of text cells as a report CSV (see the module comment).
pub(crate) fn write_csv_rows<S: AsRef<str>, C: AsRef<str>>(
    columns: &[S],
    rows: impl IntoIterator<Item = impl IntoIterator<Item = C>>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    out.write_all(BOM)?;
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(columns.iter().map(AsRef::as_ref))?;
    for row in rows {
        for cell in row {
            writer.write_field(neutralise(cell.as_ref()).as_bytes())?;
        }
        // An empty record ends the row; the cells were written one by one above.
        writer.write_record(None::<&[u8]>)?;
    }
    writer.flush()?;
    Ok(())
}

fn write_w3c(
    answer: &Answer,
    format: QueryResultsFormat,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let variables: Vec<Variable> = answer
        .columns
        .iter()
        .map(|c| Variable::new_unchecked(c.clone()))
        .collect();
    let mut writer = QueryResultsSerializer::from_format(format)
        .serialize_solutions_to_writer(out, variables.clone())
        .context("could not write results")?;
    for record in answer.records() {
        let solution = QuerySolution::from((variables.clone(), record.terms()));
        writer
            .serialize(&solution)
            .context("could not write results")?;
    }
    let out = writer.finish().context("could not write results")?;
    if format == QueryResultsFormat::Json {
        // The serializer ends on the closing brace; a terminal prompt or `cat` of two results
        // wants the line ended, as the CSV and TSV forms end theirs.
        out.write_all(b"\n").context("could not write results")?;
    }
    Ok(())
}

fn write_table(answer: &Answer, out: &mut dyn Write) -> anyhow::Result<()> {
    use unicode_width::UnicodeWidthStr;
    let rows: Vec<Vec<String>> = answer
        .records()
        .map(|r| {
            (0..answer.columns.len())
                .map(|i| {
                    crate::problem::shown(&cell(&r, i).replace(['\n', '\r', '\t'], " "))
                        .into_owned()
                })
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = answer.columns.iter().map(|c| c.width()).collect();
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.width());
        }
    }
    let line = |cells: &[String], out: &mut dyn Write| -> std::io::Result<()> {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.width())))
            .collect();
        writeln!(out, "{}", padded.join("  ").trim_end())
    };
    line(&answer.columns, out)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(&rule, out)?;
    for row in &rows {
        line(row, out)?;
    }
    writeln!(
        out,
        "({} row{})",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNode};

    #[test]
    fn formula_cells_are_neutralised_and_numbers_left_alone() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+33 6 12"), "'+33 6 12");
        assert_eq!(
            neutralise("-  Quels sont les alliés ?"),
            "'-  Quels sont les alliés ?"
        );
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("-3"), "-3");
        assert_eq!(neutralise("+1.5"), "+1.5");
        assert_eq!(neutralise("Mali"), "Mali");
    }

    #[test]
    fn formula_signs_behind_invisible_characters_or_in_full_width_are_neutralised() {
        for cell in [
            "\u{FEFF}=HYPERLINK(\"x\")",
            "\u{200B}=1+1",
            "\u{200B}\u{200B}+1",
            "\u{202E}@SUM(A1)",
            "\u{2060}-2+3",
            " =1+1",
            "\u{A0}=1+1",
            "\u{FEFF}\t=1",
            "＝HYPERLINK(\"x\")",
            "＋33",
            "－1+1",
            "＠SUM(A1)",
            "\u{200B}＝1",
            "﹦1+1",
        ] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["Mali", "« = »", "a=b", "\u{200B}Mali", "-3", "+1.5", "12"] {
            assert_eq!(neutralise(cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn the_terminal_table_shows_controls_and_invisible_characters_escaped() {
        let mut answer = Answer::new(vec!["label".into()]);
        answer.push_row(&[Some(Literal::from("\u{1b}[2J\u{202e}Mali\nx").into())]);
        let mut out = Vec::new();
        write(&answer, Format::Table, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "label\n-----------------------\n\\u{1b}[2J\\u{202e}Mali x\n(1 row)\n"
        );
    }

    #[test]
    fn the_csv_has_a_bom_crlf_and_quoted_fields() {
        let mut answer = Answer::new(vec!["ally".into(), "quote".into()]);
        let ally = NamedNode::new_unchecked("https://w3id.org/sahel-kg/id/russia");
        let quote = Literal::new_language_tagged_literal_unchecked("« ses alliés, russes »", "fr");
        answer.push_row(&[Some(ally.into()), Some(quote.into())]);
        let mut out = Vec::new();
        write(&answer, Format::Csv, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{feff}ally,quote\r\nhttps://w3id.org/sahel-kg/id/russia,\"« ses alliés, russes »\"\r\n"
        );
    }
}
