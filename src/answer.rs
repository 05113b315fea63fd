//! A query's answer: its columns and rows of RDF terms, held compactly.
//!
//! In: the rows an engine gives (the embedded store's solutions or an endpoint's parsed
//! results). Out: an `Answer` read row by row as `Record`s, by column name, or as terms again.
//! Shared by the engines (`sparql`, `remote`) and by what presents answers (`render`), so it
//! belongs to neither. What this does not do: run or format anything.

use oxigraph::model::{BlankNode, Literal, NamedNode, Term, TermRef};

use crate::cells::Cells;
/// The rows a query answered, held compactly: every cell's text in one string, and per cell
/// where its text ends and what kind of term it is.
///
/// A `Term` per cell took about 60 bytes plus one or two allocations (a typed literal owns its
/// datatype's IRI): the answers held until the pictures were drawn took several times their
/// reports' size, while the store was still in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// Column names (variables without `?`), in SELECT order.
    pub columns: Vec<String>,
    /// Every cell's text (`Record::text`), row after row.
    cells: Cells,
    /// Each cell's kind, as an index into `kinds`.
    kind_of: Vec<u32>,
    /// The kinds of term met, in the order first met (a handful: IRIs, strings, a few
    /// datatypes and languages).
    kinds: Vec<Kind>,
}

/// What a cell's text is: enough, with the text, to give back the term.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Unbound,
    Iri,
    /// A blank node; the text is its label.
    Blank,
    /// A literal with this datatype (`xsd:string` for a simple literal).
    Typed(NamedNode),
    /// A literal with this language tag.
    Tagged(String),
}

impl Answer {
    /// An answer with these columns and no rows yet.
    pub fn new(columns: Vec<String>) -> Self {
        Self {
            columns,
            cells: Cells::default(),
            kind_of: Vec::new(),
            kinds: Vec::new(),
        }
    }

    /// Adds a row: one term or nothing per column, in column order (missing cells are unbound,
    /// extra ones ignored).
    pub fn push_row(&mut self, row: &[Option<Term>]) {
        for i in 0..self.columns.len() {
            match row.get(i).and_then(Option::as_ref).map(Term::as_ref) {
                None => self.push_cell(Kind::Unbound, ""),
                Some(TermRef::NamedNode(n)) => self.push_cell(Kind::Iri, n.as_str()),
                Some(TermRef::BlankNode(b)) => self.push_cell(Kind::Blank, b.as_str()),
                Some(TermRef::Literal(l)) => match l.language() {
                    Some(language) => self.push_cell(Kind::Tagged(language.to_owned()), l.value()),
                    None => self.push_cell(Kind::Typed(l.datatype().into_owned()), l.value()),
                },
            }
        }
    }

    fn push_cell(&mut self, kind: Kind, text: &str) {
        let index = if let Some(i) = self.kinds.iter().position(|k| *k == kind) {
            i
        } else {
            self.kinds.push(kind);
            self.kinds.len() - 1
        };
        self.cells.push(text);
        // There are as many kinds as datatypes and languages in one answer: a handful.
        self.kind_of.push(u32::try_from(index).unwrap_or(u32::MAX));
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.cells
            .len()
            .checked_div(self.columns.len())
            .unwrap_or(0)
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rows, each read by column name (an IRI, a literal's text, or empty). Nothing is
    /// copied: a map of owned strings per row would copy the whole answer for every picture.
    pub fn records(&self) -> impl ExactSizeIterator<Item = Record<'_>> {
        (0..self.len()).map(|row| Record { answer: self, row })
    }
}

/// One row of an answer, borrowed, read by column name: `record.get("source")`.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    answer: &'a Answer,
    row: usize,
}

impl<'a> Record<'a> {
    /// The cell's text (`report::text`), or `""` when it is unbound or when the answer has no
    /// such column.
    pub fn get(&self, column: &str) -> &'a str {
        self.answer
            .columns
            .iter()
            .position(|c| c == column)
            .map_or("", |i| self.text(i))
    }

    /// The text of the cell in column `i`: an IRI, a blank node's label (without `_:`), a
    /// literal's lexical form, or `""` when it is unbound.
    pub fn text(&self, i: usize) -> &'a str {
        self.answer.cells.get(self.cell(i)).unwrap_or_default()
    }

    /// Whether the cell in column `i` is a blank node.
    pub fn is_blank(&self, i: usize) -> bool {
        *self.kind(i) == Kind::Blank
    }

    /// The cell in column `i` as a term again, for the formats that write terms whole.
    pub fn term(&self, i: usize) -> Option<Term> {
        let text = self.text(i);
        Some(match self.kind(i) {
            Kind::Unbound => return None,
            Kind::Iri => NamedNode::new_unchecked(text).into(),
            Kind::Blank => BlankNode::new_unchecked(text).into(),
            Kind::Typed(datatype) => Literal::new_typed_literal(text, datatype.as_ref()).into(),
            Kind::Tagged(language) => {
                Literal::new_language_tagged_literal_unchecked(text, language).into()
            }
        })
    }

    /// Where the cell in column `i` is among the answer's cells.
    fn cell(&self, i: usize) -> usize {
        self.row * self.answer.columns.len() + i
    }

    fn kind(&self, i: usize) -> &'a Kind {
        &self.answer.kinds[self.answer.kind_of[self.cell(i)] as usize]
    }

    /// Every cell as a term again, in column order.
    pub fn terms(&self) -> Vec<Option<Term>> {
        (0..self.answer.columns.len())
            .map(|i| self.term(i))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_gives_back_every_kind_of_term_it_was_given() {
        let row: Vec<Option<Term>> = vec![
            Some(NamedNode::new_unchecked("https://w3id.org/sahel-kg/id/mali").into()),
            Some(BlankNode::new_unchecked("b0").into()),
            None,
            Some(Literal::from("« alliés »").into()),
            Some(Literal::new_typed_literal("2023-07", crate::vocab::xsd::G_YEAR_MONTH).into()),
            Some(Literal::new_language_tagged_literal_unchecked("Mali", "fr").into()),
            Some(Literal::from("").into()),
        ];
        let columns: Vec<String> = (0..row.len()).map(|i| format!("c{i}")).collect();
        let mut answer = Answer::new(columns);
        for _ in 0..2 {
            answer.push_row(&row);
        }
        assert_eq!(answer.len(), 2);
        for record in answer.records() {
            assert_eq!(record.terms(), row);
            assert_eq!(record.get("c0"), "https://w3id.org/sahel-kg/id/mali");
            assert_eq!(record.get("c1"), "b0");
            assert!(record.is_blank(1) && !record.is_blank(0));
            assert_eq!(record.get("c2"), "");
            assert_eq!(record.get("c3"), "« alliés »");
            assert_eq!(record.get("c4"), "2023-07");
            assert_eq!(record.get("no such column"), "");
        }
    }
}
