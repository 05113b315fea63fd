//! The benchmark's floor: the least work that turns the annotation CSVs into N-Triples.
//!
//! `cargo run --release --example floor -- SEEDS_DIR OUT.nt`
//!
//! Reads `sources.csv`, `parts.csv`, `actors.csv` and `facts.csv` with the `csv` crate and
//! writes one N-Triples line per field through a `BufWriter`: the same kinds of triples as
//! sahel-kg and with the same IRIs and literals as `bench/mapping.rml.ttl` (claims and evidence
//! named by fact id, no quote offsets, the CSV's quote). No validation, no store, no sorting, no
//! deduplication; the documents are never read. The direct relations are the only step that
//! needs the whole table: one map entry per (subject, relation, object), the rule of
//! `src/map.rs` (`statuses`) on dates compared as the days they may mean.
//! `bench/run.sh` times it next to `sahel-kg export`.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};

const ID: &str = "https://w3id.org/sahel-kg/id/";
const SOURCE: &str = "https://w3id.org/sahel-kg/id/source/";
const PART: &str = "https://w3id.org/sahel-kg/id/part/";
const CLAIM: &str = "https://w3id.org/sahel-kg/id/claim/";
const EVIDENCE: &str = "https://w3id.org/sahel-kg/id/evidence/";
const SKG: &str = "https://w3id.org/sahel-kg/ontology#";
const WIKIDATA: &str = "http://www.wikidata.org/entity/";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

const TYPE: &str = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
const STATEMENT: &str = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement>";
const RDF_SUBJECT: &str = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>";
const RDF_PREDICATE: &str = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate>";
const RDF_OBJECT: &str = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#object>";
const LABEL: &str = "<http://www.w3.org/2000/01/rdf-schema#label>";
const SAME_AS: &str = "<http://www.w3.org/2002/07/owl#sameAs>";
const PREF_LABEL: &str = "<http://www.w3.org/2004/02/skos/core#prefLabel>";
const ALT_LABEL: &str = "<http://www.w3.org/2004/02/skos/core#altLabel>";
const HIDDEN_LABEL: &str = "<http://www.w3.org/2004/02/skos/core#hiddenLabel>";
const IDENTIFIER: &str = "<http://purl.org/dc/terms/identifier>";
const TITLE: &str = "<http://purl.org/dc/terms/title>";
const ISSUED: &str = "<http://purl.org/dc/terms/issued>";
const IS_PART_OF: &str = "<http://purl.org/dc/terms/isPartOf>";
const DCT_SOURCE: &str = "<http://purl.org/dc/terms/source>";
const DC_SOURCE: &str = "<http://purl.org/dc/elements/1.1/source>";
const CREATOR: &str = "<http://purl.org/dc/elements/1.1/creator>";
const PUBLISHER: &str = "<http://purl.org/dc/elements/1.1/publisher>";
const LANGUAGE: &str = "<http://purl.org/dc/elements/1.1/language>";
const CLAIM_CLASS: &str = "<https://w3id.org/sahel-kg/ontology#Claim>";
const ACTS_FOR: &str = "<https://w3id.org/sahel-kg/ontology#actsFor>";
const SOURCED_BY: &str = "<https://w3id.org/sahel-kg/ontology#sourcedBy>";
const IN_PART: &str = "<https://w3id.org/sahel-kg/ontology#inPart>";
const QUOTE: &str = "<https://w3id.org/sahel-kg/ontology#quote>";
const HAS_EVIDENCE: &str = "<https://w3id.org/sahel-kg/ontology#evidence>";
const CLAIMED_BY: &str = "<https://w3id.org/sahel-kg/ontology#claimedBy>";
const STRENGTH: &str = "<https://w3id.org/sahel-kg/ontology#strength>";
const START_DATE: &str = "<https://w3id.org/sahel-kg/ontology#startDate>";
const END_DATE: &str = "<https://w3id.org/sahel-kg/ontology#endDate>";
const NOTE: &str = "<https://w3id.org/sahel-kg/ontology#note>";
const SHA256: &str = "<https://w3id.org/sahel-kg/ontology#sha256>";
const FILE_NAME: &str = "<https://w3id.org/sahel-kg/ontology#fileName>";
const DATE_NOTE: &str = "<https://w3id.org/sahel-kg/ontology#datePrecisionNote>";
const FIRST_LINE: &str = "<https://w3id.org/sahel-kg/ontology#firstLine>";
const LAST_LINE: &str = "<https://w3id.org/sahel-kg/ontology#lastLine>";
const SPECIFIC_RESOURCE: &str = "<http://www.w3.org/ns/oa#SpecificResource>";
const QUOTE_SELECTOR: &str = "<http://www.w3.org/ns/oa#TextQuoteSelector>";
const POSITION_SELECTOR: &str = "<http://www.w3.org/ns/oa#TextPositionSelector>";
const HAS_SOURCE: &str = "<http://www.w3.org/ns/oa#hasSource>";
const HAS_SELECTOR: &str = "<http://www.w3.org/ns/oa#hasSelector>";
const EXACT: &str = "<http://www.w3.org/ns/oa#exact>";
const NON_NEGATIVE_INTEGER: &str = "nonNegativeInteger";

/// The symmetric relations (`owl:SymmetricProperty` in the ontology), asserted both ways.
const SYMMETRIC: &[&str] = &["allyOf", "opposes"];

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [seeds, out] = args.as_slice() else {
        bail!("usage: cargo run --release --example floor -- SEEDS_DIR OUT.nt");
    };
    let file = File::create(out).with_context(|| format!("could not create {out}"))?;
    let mut nt = Nt {
        w: BufWriter::with_capacity(1 << 20, file),
        subject: String::new(),
        triples: 0,
    };
    let seeds = Path::new(seeds);
    let languages = sources(seeds, &mut nt)?;
    let part_languages = parts(seeds, &mut nt)?;
    facts(seeds, &languages, &part_languages, &mut nt)?;
    actors(seeds, &mut nt)?;
    nt.w.flush()
        .with_context(|| format!("could not write {out}"))?;
    eprintln!("floor: wrote {} triples to {out}", nt.triples);
    Ok(())
}

/// An N-Triples writer: the current subject, already written as `<iri>`, and the output.
struct Nt {
    w: BufWriter<File>,
    subject: String,
    triples: u64,
}

impl Nt {
    fn subject(&mut self, namespace: &str, local: &str, suffix: &str) {
        self.subject.clear();
        self.subject.push('<');
        self.subject.push_str(namespace);
        self.subject.push_str(local);
        self.subject.push_str(suffix);
        self.subject.push('>');
    }

    fn head(&mut self, predicate: &str) -> std::io::Result<()> {
        self.triples += 1;
        self.w.write_all(self.subject.as_bytes())?;
        self.w.write_all(b" ")?;
        self.w.write_all(predicate.as_bytes())?;
        self.w.write_all(b" ")
    }

    /// `predicate <namespace local>`, nothing when `local` is empty.
    fn iri(&mut self, predicate: &str, namespace: &str, local: &str) -> std::io::Result<()> {
        self.iri_suffixed(predicate, namespace, local, "")
    }

    fn iri_suffixed(
        &mut self,
        predicate: &str,
        namespace: &str,
        local: &str,
        suffix: &str,
    ) -> std::io::Result<()> {
        if local.is_empty() {
            return Ok(());
        }
        self.head(predicate)?;
        self.w.write_all(b"<")?;
        self.w.write_all(namespace.as_bytes())?;
        self.w.write_all(local.as_bytes())?;
        self.w.write_all(suffix.as_bytes())?;
        self.w.write_all(b"> .\n")
    }

    /// `predicate <full IRI>`, the IRI written with its angle brackets.
    fn constant(&mut self, predicate: &str, object: &str) -> std::io::Result<()> {
        self.head(predicate)?;
        self.w.write_all(object.as_bytes())?;
        self.w.write_all(b" .\n")
    }

    fn literal(&mut self, predicate: &str, value: &str) -> std::io::Result<()> {
        self.head(predicate)?;
        self.w.write_all(b"\"")?;
        escape(&mut self.w, value)?;
        self.w.write_all(b"\"")
    }

    /// `predicate "value"`, nothing when `value` is empty.
    fn text(&mut self, predicate: &str, value: &str) -> std::io::Result<()> {
        if value.is_empty() {
            return Ok(());
        }
        self.literal(predicate, value)?;
        self.w.write_all(b" .\n")
    }

    /// `predicate "value"@language`.
    fn tagged(&mut self, predicate: &str, value: &str, language: &str) -> std::io::Result<()> {
        if value.is_empty() {
            return Ok(());
        }
        self.literal(predicate, value)?;
        self.w.write_all(b"@")?;
        self.w.write_all(language.as_bytes())?;
        self.w.write_all(b" .\n")
    }

    /// `predicate "value"^^xsd:datatype`.
    fn typed(&mut self, predicate: &str, value: &str, datatype: &str) -> std::io::Result<()> {
        if value.is_empty() {
            return Ok(());
        }
        self.literal(predicate, value)?;
        self.w.write_all(b"^^<")?;
        self.w.write_all(XSD.as_bytes())?;
        self.w.write_all(datatype.as_bytes())?;
        self.w.write_all(b"> .\n")
    }

    /// A date at its precision: `xsd:gYear`, `xsd:gYearMonth` or `xsd:date`.
    fn date(&mut self, predicate: &str, value: &str) -> std::io::Result<()> {
        let datatype = match value.len() {
            4 => "gYear",
            7 => "gYearMonth",
            _ => "date",
        };
        self.typed(predicate, value, datatype)
    }
}

/// Writes `value` escaped for an N-Triples string: `\`, `"`, line feed and carriage return.
fn escape(w: &mut impl Write, value: &str) -> std::io::Result<()> {
    let bytes = value.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escaped: &[u8] = match b {
            b'\\' => b"\\\\",
            b'"' => b"\\\"",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            _ => continue,
        };
        w.write_all(&bytes[start..i])?;
        w.write_all(escaped)?;
        start = i + 1;
    }
    w.write_all(&bytes[start..])
}

/// A CSV table read row by row, its cells found by column name.
struct Table {
    file: String,
    reader: csv::Reader<File>,
    columns: HashMap<String, usize>,
}

impl Table {
    fn open(seeds: &Path, name: &str) -> Result<Self> {
        let path = seeds.join(name);
        let file = path.display().to_string();
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_path(&path)
            .with_context(|| format!("could not open {file}"))?;
        let columns = reader
            .headers()
            .with_context(|| format!("could not read the header of {file}"))?
            .iter()
            .enumerate()
            .map(|(i, name)| (name.to_owned(), i))
            .collect();
        Ok(Self {
            file,
            reader,
            columns,
        })
    }

    /// The indexes of `names`, in order.
    fn columns<const N: usize>(&self, names: [&str; N]) -> Result<[usize; N]> {
        let mut indexes = [0; N];
        for (index, name) in indexes.iter_mut().zip(names) {
            *index = *self
                .columns
                .get(name)
                .with_context(|| format!("{}: no column `{name}`", self.file))?;
        }
        Ok(indexes)
    }

    /// Calls `f` with each row.
    fn each(&mut self, mut f: impl FnMut(&csv::StringRecord) -> Result<()>) -> Result<()> {
        let mut row = csv::StringRecord::new();
        while self
            .reader
            .read_record(&mut row)
            .with_context(|| format!("could not read {}", self.file))?
        {
            f(&row)?;
        }
        Ok(())
    }
}

/// Writes the sources; returns each source's language.
fn sources(seeds: &Path, nt: &mut Nt) -> Result<HashMap<String, String>> {
    let mut table = Table::open(seeds, "sources.csv")?;
    let [
        id,
        file,
        title,
        kind,
        publisher,
        author,
        issued,
        date_note,
        language,
        cites,
        sha256,
        note,
    ] = table.columns([
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
    ])?;
    let mut languages = HashMap::new();
    table.each(|row| {
        let cell = |i: usize| row.get(i).unwrap_or("");
        nt.subject(SOURCE, cell(id), "");
        nt.iri(TYPE, SKG, cell(kind))?;
        nt.text(IDENTIFIER, cell(id))?;
        nt.tagged(TITLE, cell(title), cell(language))?;
        nt.text(PUBLISHER, cell(publisher))?;
        nt.text(CREATOR, cell(author))?;
        nt.date(ISSUED, cell(issued))?;
        nt.text(DATE_NOTE, cell(date_note))?;
        nt.text(LANGUAGE, cell(language))?;
        let citation = cell(cites);
        if citation.contains("://") {
            nt.iri(DCT_SOURCE, "", citation)?;
        } else {
            nt.text(DC_SOURCE, citation)?;
        }
        nt.text(SHA256, cell(sha256))?;
        nt.text(FILE_NAME, cell(file))?;
        nt.text(NOTE, cell(note))?;
        languages.insert(cell(id).to_owned(), cell(language).to_owned());
        Ok(())
    })?;
    Ok(languages)
}

/// Writes the parts; returns the language of each part that has one.
fn parts(seeds: &Path, nt: &mut Nt) -> Result<HashMap<String, String>> {
    let mut table = Table::open(seeds, "parts.csv")?;
    let [
        id,
        source,
        kind,
        first_line,
        last_line,
        author,
        published,
        language,
        note,
    ] = table.columns([
        "id",
        "source",
        "kind",
        "first_line",
        "last_line",
        "author",
        "published",
        "language",
        "note",
    ])?;
    let mut languages = HashMap::new();
    table.each(|row| {
        let cell = |i: usize| row.get(i).unwrap_or("");
        nt.subject(PART, cell(id), "");
        nt.iri(TYPE, SKG, cell(kind))?;
        nt.text(IDENTIFIER, cell(id))?;
        nt.iri(IS_PART_OF, SOURCE, cell(source))?;
        nt.text(CREATOR, cell(author))?;
        nt.date(ISSUED, cell(published))?;
        nt.text(LANGUAGE, cell(language))?;
        nt.typed(FIRST_LINE, cell(first_line), NON_NEGATIVE_INTEGER)?;
        nt.typed(LAST_LINE, cell(last_line), NON_NEGATIVE_INTEGER)?;
        nt.text(NOTE, cell(note))?;
        if !cell(language).is_empty() {
            languages.insert(cell(id).to_owned(), cell(language).to_owned());
        }
        Ok(())
    })?;
    Ok(languages)
}

/// Writes the actors, aliases and misspellings split on `|`.
fn actors(seeds: &Path, nt: &mut Nt) -> Result<()> {
    let mut table = Table::open(seeds, "actors.csv")?;
    let [
        id,
        kind,
        label_fr,
        label_en,
        aliases,
        misspellings,
        acts_for,
        wikidata,
        note,
    ] = table.columns([
        "id",
        "type",
        "label_fr",
        "label_en",
        "aliases",
        "misspellings",
        "acts_for",
        "wikidata",
        "note",
    ])?;
    table.each(|row| {
        let cell = |i: usize| row.get(i).unwrap_or("");
        nt.subject(ID, cell(id), "");
        nt.iri(TYPE, SKG, cell(kind))?;
        nt.text(IDENTIFIER, cell(id))?;
        for (label, language) in [(cell(label_fr), "fr"), (cell(label_en), "en")] {
            nt.tagged(LABEL, label, language)?;
            nt.tagged(PREF_LABEL, label, language)?;
        }
        for alias in cell(aliases).split('|') {
            nt.text(ALT_LABEL, alias.trim())?;
        }
        for misspelling in cell(misspellings).split('|') {
            nt.text(HIDDEN_LABEL, misspelling.trim())?;
        }
        nt.iri(ACTS_FOR, ID, cell(acts_for))?;
        nt.iri(SAME_AS, WIKIDATA, cell(wikidata))?;
        nt.text(NOTE, cell(note))?;
        Ok(())
    })
}

/// What the facts say of one relation: the latest end and start (as `yyyymmdd`, the last and
/// first day they may mean) and whether only implied facts support it.
struct Relation {
    latest_end: Option<u32>,
    latest_start: Option<u32>,
    only_implied: bool,
}

/// Writes one claim and its evidence per fact, then the direct triples of the relations that
/// hold as of the latest source.
fn facts(
    seeds: &Path,
    source_languages: &HashMap<String, String>,
    part_languages: &HashMap<String, String>,
    nt: &mut Nt,
) -> Result<()> {
    let mut table = Table::open(seeds, "facts.csv")?;
    let [
        id,
        subject,
        relation,
        object,
        source,
        part,
        quote,
        claimed_by,
        strength,
        start,
        end,
        note,
    ] = table.columns([
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
    ])?;
    let mut relations: HashMap<(String, String, String), Relation> = HashMap::new();
    table.each(|row| {
        let cell = |i: usize| row.get(i).unwrap_or("");
        let fact = cell(id);
        nt.subject(CLAIM, fact, "");
        nt.constant(TYPE, STATEMENT)?;
        nt.constant(TYPE, CLAIM_CLASS)?;
        nt.text(IDENTIFIER, fact)?;
        nt.iri(RDF_SUBJECT, ID, cell(subject))?;
        nt.iri(RDF_PREDICATE, SKG, cell(relation))?;
        nt.iri(RDF_OBJECT, ID, cell(object))?;
        nt.iri(SOURCED_BY, SOURCE, cell(source))?;
        nt.iri(IN_PART, PART, cell(part))?;
        let language = part_languages
            .get(cell(part))
            .or_else(|| source_languages.get(cell(source)))
            .map_or("", String::as_str);
        nt.tagged(QUOTE, cell(quote), language)?;
        nt.iri(CLAIMED_BY, ID, cell(claimed_by))?;
        nt.iri(STRENGTH, SKG, cell(strength))?;
        nt.date(START_DATE, cell(start))?;
        nt.date(END_DATE, cell(end))?;
        nt.text(NOTE, cell(note))?;
        nt.iri(HAS_EVIDENCE, EVIDENCE, fact)?;

        nt.subject(EVIDENCE, fact, "");
        nt.constant(TYPE, SPECIFIC_RESOURCE)?;
        nt.iri(HAS_SOURCE, SOURCE, cell(source))?;
        nt.iri_suffixed(HAS_SELECTOR, EVIDENCE, fact, "-quote")?;
        nt.iri_suffixed(HAS_SELECTOR, EVIDENCE, fact, "-position")?;
        nt.subject(EVIDENCE, fact, "-quote");
        nt.constant(TYPE, QUOTE_SELECTOR)?;
        nt.text(EXACT, cell(quote))?;
        nt.subject(EVIDENCE, fact, "-position");
        nt.constant(TYPE, POSITION_SELECTOR)?;

        let (mut s, r, mut o) = (cell(subject), cell(relation), cell(object));
        if SYMMETRIC.contains(&r) && s > o {
            std::mem::swap(&mut s, &mut o);
        }
        let entry = relations
            .entry((s.to_owned(), r.to_owned(), o.to_owned()))
            .or_insert(Relation {
                latest_end: None,
                latest_start: None,
                only_implied: true,
            });
        entry.latest_end = entry.latest_end.max(last_day(cell(end)));
        entry.latest_start = entry.latest_start.max(first_day(cell(start)));
        entry.only_implied &= cell(strength) == "implied";
        Ok(())
    })?;
    for ((s, r, o), relation) in &relations {
        let former = relation
            .latest_end
            .is_some_and(|end| relation.latest_start.is_none_or(|start| start <= end));
        if former || relation.only_implied {
            continue;
        }
        let predicate = format!("<{SKG}{r}>");
        nt.subject(ID, s, "");
        nt.iri(&predicate, ID, o)?;
        if SYMMETRIC.contains(&r.as_str()) {
            nt.subject(ID, o, "");
            nt.iri(&predicate, ID, s)?;
        }
    }
    Ok(())
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as `(year, month, day)`, `None` when empty or malformed.
fn parts_of(date: &str) -> Option<(u32, Option<u32>, Option<u32>)> {
    let mut pieces = date.split('-');
    let year = pieces.next()?.parse().ok()?;
    let month = pieces.next().map(str::parse).transpose().ok()?;
    let day = pieces.next().map(str::parse).transpose().ok()?;
    Some((year, month, day))
}

/// The first day a date may mean, as `yyyymmdd`.
fn first_day(date: &str) -> Option<u32> {
    let (y, m, d) = parts_of(date)?;
    Some(y * 10_000 + m.unwrap_or(1) * 100 + d.unwrap_or(1))
}

/// The last day a date may mean, as `yyyymmdd`.
fn last_day(date: &str) -> Option<u32> {
    let (y, m, d) = parts_of(date)?;
    let m_last = m.unwrap_or(12);
    let d_last = d.unwrap_or(match m_last {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    });
    Some(y * 10_000 + m_last * 100 + d_last)
}
