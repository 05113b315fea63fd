//! Stage 2: validate the annotations against the ontology and the documents.
//!
//! In: the raw `Annotations`, the `Ontology` and the documents directory. Out: a `Validated`
//! value, which only this module can build, so mapping to RDF can only ever see checked data;
//! or every problem found, each naming file, line, column, the bad value and what was expected.
//!
//! Checked here: ids fit in an IRI and are unique; every reference resolves (with a "did you
//! mean" for typos); codes are terms of the ontology; each document's SHA-256 matches; parts lie
//! inside their document without overlapping; every quote occurs exactly once in the part it
//! cites (see `text.rs` for what matching forgives), never in boilerplate; dates are real, in
//! order and not after the source's publication; a fact does not relate an actor to itself and
//! respects its relation's domain and range; `claimed` facts name their claimant.
//! What this stage does not do: decide which relations still hold (mapping does).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use oxigraph::model::{Literal, NamedNode};
use sha2::{Digest, Sha256};

use crate::digest::hex;
use crate::pipeline::dates::PartialDate;
use crate::pipeline::ontology::{Ontology, local_name};
use crate::pipeline::read::{Annotations, Row, Table};
use crate::pipeline::text::{Document, Miss, Span};
use crate::problem::{Problem, Problems, did_you_mean};
use crate::vocab::skg;

/// A source document and its metadata.
#[derive(Debug)]
pub struct Source {
    /// Annotated id (`doc002`).
    pub id: String,
    /// File name under the documents directory.
    pub file: String,
    /// Title as the text gives it.
    pub title: String,
    /// Kind: a sub-class of `skg:Document`.
    pub kind: NamedNode,
    /// Publisher or channel, as the text names it.
    pub publisher: Option<String>,
    /// Author, as the text names them.
    pub author: Option<String>,
    /// Publication date at the precision the text allows.
    pub published: Option<PartialDate>,
    /// How the date was derived, or why there is none.
    pub date_note: Option<String>,
    /// BCP 47 language tag of the text.
    pub language: String,
    /// What the document cites as its source: a URL or a name.
    pub cites: Option<Cites>,
    /// The id of the source of the corpus this document reproduces (whole or in part), which
    /// does not itself reprint another.
    pub reprints: Option<String>,
    /// Lowercase hexadecimal SHA-256 of the file, checked against the file.
    pub sha256: String,
    /// Annotator's note.
    pub note: Option<String>,
    /// The document's text.
    pub document: Document,
}

/// What a document cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cites {
    /// An absolute URL.
    Url(NamedNode),
    /// A name (`Maroc Diplomatique`).
    Name(String),
}

/// A part of a document with a voice of its own.
#[derive(Debug)]
pub struct Part {
    /// Annotated id (`doc002-comment1`).
    pub id: String,
    /// Index into `Validated::sources`.
    pub source: usize,
    /// Kind: a sub-class of `skg:DocumentPart`.
    pub kind: NamedNode,
    /// First line, 1-based.
    pub first_line: usize,
    /// Last line, inclusive.
    pub last_line: usize,
    /// Author, when the part has its own (an answer, a signed comment).
    pub author: Option<String>,
    /// Date, when the part has its own.
    pub published: Option<PartialDate>,
    /// Language, when it differs from the document's.
    pub language: Option<String>,
    /// Annotator's note.
    pub note: Option<String>,
    /// Byte range in the document.
    pub bytes: Range<usize>,
}

/// An actor.
#[derive(Debug)]
pub struct Actor {
    /// Annotated id, the last segment of its IRI (`mali`).
    pub id: String,
    /// Type: a sub-class of `skg:Actor`.
    pub kind: NamedNode,
    /// French label.
    pub label_fr: String,
    /// English label.
    pub label_en: String,
    /// Aliases as the texts spell them.
    pub aliases: Vec<String>,
    /// Misspellings found in the texts.
    pub misspellings: Vec<String>,
    /// Index of the state this armed force or government acts for.
    pub acts_for: Option<usize>,
    /// Wikidata item (`Q912`).
    pub wikidata: Option<String>,
    /// Annotator's note.
    pub note: Option<String>,
}

/// A fact, checked and resolved.
#[derive(Debug)]
pub struct Fact {
    /// Annotated id (`f001`).
    pub id: String,
    /// Index into `Validated::actors`.
    pub subject: usize,
    /// Code of the relation (a key of `Ontology::relations`).
    pub relation: String,
    /// Index into `Validated::actors`.
    pub object: usize,
    /// Index into `Validated::sources`.
    pub source: usize,
    /// Index into `Validated::parts`, when the document has parts.
    pub part: Option<usize>,
    /// Where the quote lies.
    pub span: Span,
    /// Index into `Validated::actors` of who makes the claim.
    pub claimed_by: Option<usize>,
    /// Strength: an instance of `skg:Strength`.
    pub strength: NamedNode,
    /// When the relation started.
    pub start: Option<PartialDate>,
    /// When the relation ended.
    pub end: Option<PartialDate>,
    /// Annotator's note.
    pub note: Option<String>,
}

/// A recorded decision that a sentence states no fact.
#[derive(Debug)]
pub struct NotFact {
    /// Index into `Validated::sources`.
    pub source: usize,
    /// Where the excerpt lies.
    pub span: Span,
    /// Why it is not a fact.
    pub reason: String,
}

/// Annotations that passed every check. Only `validate` builds one.
#[derive(Debug)]
#[allow(
    clippy::manual_non_exhaustive,
    reason = "the private field seals the type inside this crate too"
)]
pub struct Validated {
    /// The ontology the annotations were checked against.
    pub ontology: Ontology,
    /// Sources, in file order.
    pub sources: Vec<Source>,
    /// Parts, in file order.
    pub parts: Vec<Part>,
    /// Actors, in file order; shared by the parts of a corpus validated apart (`validate_part`).
    pub actors: Arc<[Actor]>,
    /// Facts, in file order.
    pub facts: Vec<Fact>,
    /// Not-fact decisions, in file order.
    pub not_facts: Vec<NotFact>,
    _sealed: (),
}

impl Validated {
    /// The quote of a fact, as the document spells it.
    pub fn quote(&self, fact: &Fact) -> &str {
        &self.sources[fact.source].document.text()[fact.span.bytes.clone()]
    }
}

/// Checks everything; `Err` holds every problem found. An unreadable document is an error.
pub fn validate(
    annotations: &Annotations,
    ontology: Ontology,
    documents: &Path,
    problems: Vec<Problem>,
) -> anyhow::Result<Result<Validated, Problems>> {
    validate_with(annotations, ontology, documents, problems, None)
}

/// `validate` for a part of a corpus, with the actors of `actors` (validated from the same
/// actors table, which `annotations.actors` is then not read for): their checks are not made
/// again, and the actors are shared, not copied.
pub fn validate_part(
    annotations: &Annotations,
    ontology: Ontology,
    documents: &Path,
    actors: &Validated,
) -> anyhow::Result<Result<Validated, Problems>> {
    validate_with(
        annotations,
        ontology,
        documents,
        Vec::new(),
        Some(Arc::clone(&actors.actors)),
    )
}

fn validate_with(
    annotations: &Annotations,
    ontology: Ontology,
    documents: &Path,
    mut problems: Vec<Problem>,
    actors: Option<Arc<[Actor]>>,
) -> anyhow::Result<Result<Validated, Problems>> {
    let mut v = Validator {
        problems: &mut problems,
        ontology: &ontology,
        incomplete: [
            ("source", &annotations.sources),
            ("part", &annotations.parts),
            ("actor", &annotations.actors),
        ]
        .into_iter()
        .filter(|(_, table)| !table.complete)
        .map(|(kind, _)| kind)
        .collect(),
        rejected: BTreeSet::new(),
    };
    let mut sources = v.sources(&annotations.sources, documents)?;
    let source_ids = index(&sources, |s| &s.id);
    v.reject_missing("source", &annotations.sources, &source_ids);
    // A part of a corpus may reprint a source of another part: `export --no-store` checks
    // what the sources reprint across the whole corpus.
    if actors.is_none() {
        v.reprints(&annotations.sources, &sources, &source_ids);
    }
    let parts = v.parts(&annotations.parts, &sources, &source_ids);
    let part_ids = index(&parts, |p| &p.id);
    v.reject_missing("part", &annotations.parts, &part_ids);
    let given = actors.is_some();
    let actors = actors.unwrap_or_else(|| Arc::from(v.actors(&annotations.actors)));
    let actor_ids = index(&actors, |a| &a.id);
    if !given {
        v.reject_missing("actor", &annotations.actors, &actor_ids);
    }
    let parts_by_source = by_source(&parts, sources.len(), |p| p.source);
    let mut located = locate_quotes(
        &annotations.facts,
        &mut sources,
        &source_ids,
        &parts_by_source,
        &parts,
        &part_ids,
        given,
    );
    let refs = Refs {
        sources: &sources,
        source_ids: &source_ids,
        parts: &parts,
        parts_by_source,
        part_ids: &part_ids,
        actors: &actors,
        actor_ids: &actor_ids,
    };
    let facts = v.facts(&annotations.facts, &refs, &mut located);
    drop(located);
    let not_facts = v.not_facts(&annotations.not_facts, &refs);
    if let Err(problems) = Problems(problems).into_result() {
        return Ok(Err(problems));
    }
    // Every quote is placed: the documents' match keys (five bytes per byte of text) are
    // freed while the graph is built and queried; coverage, the last stage,
    // builds them again.
    for source in &mut sources {
        source.document.forget_match_key();
    }
    Ok(Ok(Validated {
        ontology,
        sources,
        parts,
        actors,
        facts,
        not_facts,
        _sealed: (),
    }))
}

/// What makes two facts the same claim: subject, relation, object (in id order for a
/// symmetric relation), source and where the quote starts.
type ClaimKey<'o> = (usize, &'o str, usize, usize, usize);

/// What a fact's quote is searched in.
#[derive(Debug, Clone, Copy)]
enum Cited {
    /// The whole document: it has no parts.
    Document,
    /// One part of it, by index.
    Part(usize),
}

impl Cited {
    fn part(self) -> Option<usize> {
        match self {
            Self::Document => None,
            Self::Part(i) => Some(i),
        }
    }
}

/// Where a fact's quote was found in the range its row names, or why not; `None` when the
/// search was not made ahead (its source or part does not resolve).
type Located = Option<Result<Span, Miss>>;

/// The sources to search in, each with its rows and the ranges to search.
type Searches<'s> = Vec<(&'s mut Source, Vec<(usize, Range<usize>)>)>;

/// Searches every fact's quote in the part (or document) its row names, document by
/// document on two threads, ahead of the checks that report on them (`Validator::quote`).
///
/// A document's match key is five bytes per byte of text; built for every document at once,
/// the keys would be five times the corpus's text. Here each is freed as soon as the quotes of its
/// document are placed, so two are alive at a time. Rows whose source or part does not
/// resolve are left to `Validator::quote`, which reports them. Returns one entry per row.
fn locate_quotes(
    table: &Table,
    sources: &mut [Source],
    source_ids: &BTreeMap<String, usize>,
    parts_by_source: &[Vec<&Part>],
    parts: &[Part],
    part_ids: &BTreeMap<String, usize>,
    one_thread: bool,
) -> Vec<Located> {
    // The rows of each source, with the byte range their quote is searched in.
    let mut by_source: Vec<Vec<(usize, Range<usize>)>> = vec![Vec::new(); sources.len()];
    for (i, row) in table.rows.iter().enumerate() {
        let Some(&source) = source_ids.get(table.get(row, "source")) else {
            continue;
        };
        let range = match table.get(row, "part") {
            "" if parts_by_source[source].is_empty() => sources[source].document.everything(),
            "" => continue,
            id => match part_ids.get(id).map(|&p| &parts[p]) {
                Some(part) if part.source == source && part.kind.as_ref() != skg::BOILERPLATE => {
                    part.bytes.clone()
                }
                _ => continue,
            },
        };
        by_source[source].push((i, range));
    }
    let mut work: Searches<'_> = sources
        .iter_mut()
        .zip(by_source)
        .filter(|(_, rows)| !rows.is_empty())
        .collect();
    // Two halves of about the same number of quotes, one per thread.
    let total: usize = work.iter().map(|(_, rows)| rows.len()).sum();
    let mut seen = 0;
    let split = work
        .iter()
        .position(|(_, rows)| {
            seen += rows.len();
            seen * 2 >= total
        })
        .map_or(work.len(), |i| i + 1);
    let second = work.split_off(split);
    let search = |work: Searches<'_>| {
        let mut found = Vec::new();
        for (source, rows) in work {
            for (i, range) in rows {
                found.push((
                    i,
                    source
                        .document
                        .locate(table.get(&table.rows[i], "quote"), range),
                ));
            }
            source.document.forget_match_key();
        }
        found
    };
    // A part of a corpus is searched on the caller's thread: a thread started per part leaves
    // its allocator's pages behind when it ends, and `export --no-store` promises a small peak.
    let (first, second) = if one_thread {
        let mut first = search(work);
        first.extend(search(second));
        (first, Ok(Vec::new()))
    } else {
        std::thread::scope(|scope| {
            let other = scope.spawn(|| search(second));
            (search(work), other.join())
        })
    };
    let mut located: Vec<Located> = vec![None; table.rows.len()];
    // A crashed thread leaves its rows to `Validator::quote`, which searches them again.
    for (i, found) in first.into_iter().chain(second.unwrap_or_default()) {
        located[i] = Some(found);
    }
    located
}

/// Resolved ids, for the checks that cross tables.
struct Refs<'a> {
    sources: &'a [Source],
    source_ids: &'a BTreeMap<String, usize>,
    parts: &'a [Part],
    parts_by_source: Vec<Vec<&'a Part>>,
    part_ids: &'a BTreeMap<String, usize>,
    actors: &'a [Actor],
    actor_ids: &'a BTreeMap<String, usize>,
}

struct Validator<'a> {
    problems: &'a mut Vec<Problem>,
    ontology: &'a Ontology,
    /// Kinds (`actor`, `source`, `part`) whose table lost rows: unknown references to them
    /// are not reported, as the id may be in a lost row.
    incomplete: BTreeSet<&'static str>,
    /// Ids declared in rows that were rejected: references to them are not reported again.
    rejected: BTreeSet<(&'static str, String)>,
}

/// The first index of each id; duplicates are reported where they are read.
fn index<T>(items: &[T], id: impl Fn(&T) -> &String) -> BTreeMap<String, usize> {
    let mut map = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        map.entry(id(item).clone()).or_insert(i);
    }
    map
}

fn optional(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// Splits an alias cell on `|`.
fn list(text: &str) -> Vec<String> {
    text.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

impl Validator<'_> {
    /// Remembers the ids of rows that were declared but rejected, so references to them
    /// are not reported a second time as unknown.
    fn reject_missing(
        &mut self,
        kind: &'static str,
        table: &Table,
        accepted: &BTreeMap<String, usize>,
    ) {
        for row in &table.rows {
            let id = table.get(row, "id");
            if !accepted.contains_key(id) {
                self.rejected.insert((kind, id.to_owned()));
            }
        }
    }

    fn report(&mut self, table: &Table, row: &Row, column: &str, message: impl Into<String>) {
        self.problems
            .push(Problem::cell(&table.file, row.line, column, message));
    }

    /// A required id that can be the last segment of an IRI, unique in its table.
    fn id(
        &mut self,
        table: &Table,
        row: &Row,
        seen: &mut BTreeMap<String, u64>,
        what: &str,
    ) -> Option<String> {
        let id = table.get(row, "id");
        if id.is_empty() {
            self.report(
                table,
                row,
                "id",
                format!("empty id: every {what} needs one"),
            );
            return None;
        }
        if let Err(message) = check_id(id) {
            self.report(table, row, "id", message);
            return None;
        }
        if let Some(first) = seen.get(id) {
            self.report(
                table,
                row,
                "id",
                format!("{what} `{id}` is declared twice (first on line {first})"),
            );
            return None;
        }
        seen.insert(id.to_owned(), row.line);
        Some(id.to_owned())
    }

    fn required<'r>(
        &mut self,
        table: &Table,
        row: &'r Row,
        column: &str,
        what: &str,
    ) -> Option<&'r str> {
        let value = table.get(row, column);
        if value.is_empty() {
            self.report(table, row, column, format!("empty: expected {what}"));
            None
        } else {
            Some(value)
        }
    }

    /// A code that must be a key of `codes` (a term of the ontology).
    fn code(
        &mut self,
        table: &Table,
        row: &Row,
        column: &str,
        codes: &BTreeMap<String, NamedNode>,
        what: &str,
    ) -> Option<NamedNode> {
        let value = self.required(table, row, column, what)?;
        if let Some(term) = codes.get(value) {
            return Some(term.clone());
        }
        let known: Vec<&str> = codes.keys().map(String::as_str).collect();
        self.report(
            table,
            row,
            column,
            format!(
                "unknown {what} `{value}`{}: expected one of {}",
                did_you_mean(value, known.iter().copied()),
                known.join(", ")
            ),
        );
        None
    }

    fn date(&mut self, table: &Table, row: &Row, column: &str) -> Option<PartialDate> {
        let value = table.get(row, column);
        if value.is_empty() {
            return None;
        }
        PartialDate::parse(value)
            .map_err(|message| self.report(table, row, column, message))
            .ok()
    }

    fn language(&mut self, table: &Table, row: &Row, column: &str) -> Option<String> {
        let value = table.get(row, column);
        if value.is_empty() {
            return None;
        }
        match Literal::new_language_tagged_literal("", value) {
            Ok(literal) => literal.language().map(str::to_owned),
            Err(e) => {
                self.report(
                    table,
                    row,
                    column,
                    format!(
                        "`{value}` is not a BCP 47 language tag ({e}): expected e.g. `fr` or `en`"
                    ),
                );
                None
            }
        }
    }

    fn reference(
        &mut self,
        table: &Table,
        row: &Row,
        column: &str,
        ids: &BTreeMap<String, usize>,
        what: &'static str,
    ) -> Option<usize> {
        let value = table.get(row, column);
        if let Some(&i) = ids.get(value) {
            return Some(i);
        }
        if self.incomplete.contains(what) || self.rejected.contains(&(what, value.to_owned())) {
            return None;
        }
        let hint = did_you_mean(value, ids.keys().map(String::as_str));
        self.report(
            table,
            row,
            column,
            format!("unknown {what} `{value}`{hint}"),
        );
        None
    }

    fn sources(&mut self, table: &Table, documents: &Path) -> anyhow::Result<Vec<Source>> {
        let ontology = self.ontology;
        let mut seen = BTreeMap::new();
        let mut sources = Vec::new();
        for row in &table.rows {
            let id = self.id(table, row, &mut seen, "source");
            let kind = self.code(table, row, "kind", &ontology.source_kinds, "source kind");
            let title = self
                .required(table, row, "title", "the document's title")
                .map(str::to_owned);
            let published = self.date(table, row, "published");
            let language = self
                .required(table, row, "language", "a BCP 47 language tag such as `fr`")
                .and_then(|_| self.language(table, row, "language"));
            let cites = match table.get(row, "cites") {
                "" => None,
                text if text.contains("://") => match NamedNode::new(text) {
                    Ok(url) => Some(Cites::Url(url)),
                    Err(e) => {
                        self.report(
                            table,
                            row,
                            "cites",
                            format!("`{text}` is not a valid URL ({e})"),
                        );
                        None
                    }
                },
                text => Some(Cites::Name(text.to_owned())),
            };
            let sha256 = table.get(row, "sha256");
            let sha_ok = sha256.len() == 64
                && sha256
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            if !sha_ok {
                self.report(table, row, "sha256", format!("`{sha256}` is not a SHA-256: expected 64 lowercase hexadecimal digits (run `sha256sum` on the document)"));
            }
            let document = self.document(table, row, documents, sha_ok.then_some(sha256))?;
            if let (Some(id), Some(kind), Some(title), Some(language), Some(document)) =
                (id, kind, title, language, document)
            {
                sources.push(Source {
                    id,
                    file: table.get(row, "file").to_owned(),
                    title,
                    kind,
                    publisher: optional(table.get(row, "publisher")),
                    author: optional(table.get(row, "author")),
                    published,
                    date_note: optional(table.get(row, "date_note")),
                    language,
                    cites,
                    reprints: optional(table.get(row, "reprints")),
                    sha256: sha256.to_owned(),
                    note: optional(table.get(row, "note")),
                    document,
                });
            }
        }
        Ok(sources)
    }

    /// Checks what each source reprints: a source of the corpus, not itself, and not one that
    /// itself reprints another (the original is named, so a reprint of a reprint counts once).
    fn reprints(&mut self, table: &Table, sources: &[Source], ids: &BTreeMap<String, usize>) {
        for row in &table.rows {
            let value = table.get(row, "reprints");
            if value.is_empty() {
                continue;
            }
            let Some(target) = self.reference(table, row, "reprints", ids, "source") else {
                continue;
            };
            if value == table.get(row, "id") {
                self.report(
                    table,
                    row,
                    "reprints",
                    format!("source `{value}` cannot reprint itself: expected the id of the source it reproduces, or nothing"),
                );
            } else if let Some(original) = &sources[target].reprints {
                self.report(
                    table,
                    row,
                    "reprints",
                    format!(
                        "`{value}` itself reprints `{original}`: name the original, `{original}`"
                    ),
                );
            }
        }
    }

    /// Reads and checks the document a source row names.
    fn document(
        &mut self,
        table: &Table,
        row: &Row,
        dir: &Path,
        sha256: Option<&str>,
    ) -> anyhow::Result<Option<Document>> {
        let Some(file) = self.required(
            table,
            row,
            "file",
            "the document's file name under the documents directory",
        ) else {
            return Ok(None);
        };
        if file.contains(['/', '\\']) || file.starts_with('.') {
            self.report(
                table,
                row,
                "file",
                format!(
                    "`{file}` is not a plain file name: documents live directly in {}",
                    dir.display()
                ),
            );
            return Ok(None);
        }
        let path = dir.join(file);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut names: Vec<String> = std::fs::read_dir(dir)
                    .map(|d| {
                        d.filter_map(|e| e.ok()?.file_name().into_string().ok())
                            .collect()
                    })
                    .unwrap_or_default();
                names.sort();
                let hint = did_you_mean(file, names.iter().map(String::as_str));
                self.report(
                    table,
                    row,
                    "file",
                    format!("no document `{file}` in {}{hint}", dir.display()),
                );
                return Ok(None);
            }
            Err(e) => return Err(e).with_context(|| format!("could not read {}", path.display())),
        };
        let actual = hex(&Sha256::digest(&bytes));
        if let Some(expected) = sha256 {
            if actual != expected {
                self.report(
                    table,
                    row,
                    "sha256",
                    format!(
                        "{} has SHA-256 {actual}, but this row says {expected}: the document was edited. Restore it, \
                         or if the change is intended, put the new digest here and check every quote from it",
                        path.display()
                    ),
                );
                return Ok(None);
            }
        }
        if bytes.len() > Document::MAX_LEN {
            self.report(
                table,
                row,
                "file",
                format!(
                    "{} is {} bytes; documents of more than 4 GiB are not supported: split it",
                    path.display(),
                    bytes.len()
                ),
            );
            return Ok(None);
        }
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Some(Document::new(text))),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let line = e.as_bytes()[..valid].split(|&b| b == b'\n').count();
                self.problems.push(Problem::line(
                    path.display().to_string(),
                    line as u64,
                    format!("not UTF-8 at byte {valid}: documents must be UTF-8 text"),
                ));
                Ok(None)
            }
        }
    }

    fn parts(
        &mut self,
        table: &Table,
        sources: &[Source],
        source_ids: &BTreeMap<String, usize>,
    ) -> Vec<Part> {
        let ontology = self.ontology;
        let mut seen = BTreeMap::new();
        let mut parts: Vec<Part> = Vec::new();
        // The parts accepted so far in each source, for the overlap check: scanning every
        // part of every source was quadratic (80,000 parts at a million facts).
        let mut own_parts: Vec<Vec<usize>> = vec![Vec::new(); sources.len()];
        for row in &table.rows {
            let id = self.id(table, row, &mut seen, "part");
            let source = self.reference(table, row, "source", source_ids, "source");
            let kind = self.code(table, row, "kind", &ontology.part_kinds, "part kind");
            let first = self.line_number(table, row, "first_line");
            let last = self.line_number(table, row, "last_line");
            let published = self.date(table, row, "published");
            let language = self.language(table, row, "language");
            let (Some(id), Some(source), Some(kind), Some(first), Some(last)) =
                (id, source, kind, first, last)
            else {
                continue;
            };
            let document = &sources[source].document;
            if first > last {
                self.report(
                    table,
                    row,
                    "last_line",
                    format!("last line {last} comes before first line {first}"),
                );
                continue;
            }
            if last > document.line_count() {
                self.report(
                    table,
                    row,
                    "last_line",
                    format!(
                        "line {last} is past the end of {} ({} lines)",
                        sources[source].file,
                        document.line_count()
                    ),
                );
                continue;
            }
            if let Some(other) = own_parts[source]
                .iter()
                .map(|&i| &parts[i])
                .find(|p| p.first_line <= last && first <= p.last_line)
            {
                self.report(
                    table,
                    row,
                    "first_line",
                    format!("lines {first}-{last} overlap part `{}` (lines {}-{}): a line belongs to one part", other.id, other.first_line, other.last_line),
                );
                continue;
            }
            if let (Some(date), Some(doc_date)) = (published, sources[source].published) {
                if date.is_after(doc_date) {
                    self.report(
                        table,
                        row,
                        "published",
                        format!("{date} is after the document's publication ({doc_date})"),
                    );
                }
            }
            own_parts[source].push(parts.len());
            parts.push(Part {
                id,
                source,
                kind,
                first_line: first,
                last_line: last,
                author: optional(table.get(row, "author")),
                published,
                language,
                note: optional(table.get(row, "note")),
                bytes: document.lines(first, last),
            });
        }
        parts
    }

    fn line_number(&mut self, table: &Table, row: &Row, column: &str) -> Option<usize> {
        let value = self.required(table, row, column, "a line number (1 or more)")?;
        match value.parse::<usize>() {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                self.report(
                    table,
                    row,
                    column,
                    format!("`{value}` is not a line number: expected a whole number, 1 or more"),
                );
                None
            }
        }
    }

    fn actors(&mut self, table: &Table) -> Vec<Actor> {
        let ontology = self.ontology;
        let mut seen = BTreeMap::new();
        let mut actors = Vec::new();
        let mut acts_for = Vec::new();
        for row in &table.rows {
            let id = self.id(table, row, &mut seen, "actor");
            let kind = self.code(table, row, "type", &ontology.actor_types, "actor type");
            let label_fr = self
                .required(table, row, "label_fr", "the French label")
                .map(str::to_owned);
            let label_en = self
                .required(table, row, "label_en", "the English label")
                .map(str::to_owned);
            let wikidata = optional(table.get(row, "wikidata"));
            if let Some(q) = &wikidata {
                if !(q.starts_with('Q')
                    && q.len() > 1
                    && q[1..].bytes().all(|b| b.is_ascii_digit()))
                {
                    self.report(
                        table,
                        row,
                        "wikidata",
                        format!(
                            "`{q}` is not a Wikidata item: expected `Q` and digits, e.g. `Q912`"
                        ),
                    );
                }
            }
            if let (Some(id), Some(kind), Some(label_fr), Some(label_en)) =
                (id, kind, label_fr, label_en)
            {
                acts_for.push((row, optional(table.get(row, "acts_for"))));
                actors.push(Actor {
                    id,
                    kind,
                    label_fr,
                    label_en,
                    aliases: list(table.get(row, "aliases")),
                    misspellings: list(table.get(row, "misspellings")),
                    acts_for: None,
                    wikidata,
                    note: optional(table.get(row, "note")),
                });
            }
        }
        let ids = index(&actors, |a| &a.id);
        for (i, (row, target)) in acts_for.into_iter().enumerate() {
            let Some(target) = target else { continue };
            let Some(j) = self.reference(table, row, "acts_for", &ids, "actor") else {
                continue;
            };
            if let Some(range) = &self.ontology.acts_for_range {
                if !self.ontology.is_a(&actors[j].kind, range) {
                    self.report(
                        table,
                        row,
                        "acts_for",
                        format!(
                            "acts_for takes an actor of type `{}` ({}); `{target}` is of type `{}`",
                            local_name(range),
                            self.ontology.label(range),
                            local_name(&actors[j].kind)
                        ),
                    );
                    continue;
                }
            }
            if i == j {
                self.report(
                    table,
                    row,
                    "acts_for",
                    format!("`{target}` cannot act for itself"),
                );
                continue;
            }
            actors[i].acts_for = Some(j);
        }
        actors
    }

    fn facts(&mut self, table: &Table, refs: &Refs<'_>, located: &mut [Located]) -> Vec<Fact> {
        let ontology = self.ontology;
        let mut seen = BTreeMap::new();
        // (subject, relation, object, source, quote offset) -> (fact id, line)
        let mut claims: HashMap<ClaimKey<'_>, (String, u64)> = HashMap::new();
        let mut facts = Vec::with_capacity(table.rows.len());
        for (row, located) in table.rows.iter().zip(located) {
            let id = self.id(table, row, &mut seen, "fact");
            let subject = self.reference(table, row, "subject", refs.actor_ids, "actor");
            let object = self.reference(table, row, "object", refs.actor_ids, "actor");
            let relation = self.relation(table, row);
            let source = self.reference(table, row, "source", refs.source_ids, "source");
            let part = self.fact_part(table, row, source, refs);
            let span = source.and_then(|s| {
                self.quote(
                    table,
                    row,
                    &refs.sources[s],
                    part.and_then(Cited::part),
                    refs,
                    located.take(),
                )
            });
            let claimed_by = match table.get(row, "claimed_by") {
                "" => Some(None),
                _ => self
                    .reference(table, row, "claimed_by", refs.actor_ids, "actor")
                    .map(Some),
            };
            let strength = self.code(table, row, "strength", &ontology.strengths, "strength");
            let start = self.date(table, row, "start");
            let end = self.date(table, row, "end");
            let (
                Some(id),
                Some(subject),
                Some(object),
                Some(relation),
                Some(source),
                Some(part),
                Some(span),
                Some(claimed_by),
                Some(strength),
            ) = (
                id, subject, object, relation, source, part, span, claimed_by, strength,
            )
            else {
                continue;
            };
            let fact = Fact {
                id,
                subject,
                relation,
                object,
                source,
                part: part.part(),
                span,
                claimed_by,
                strength,
                start,
                end,
                note: optional(table.get(row, "note")),
            };
            self.fact_logic(table, row, &fact, refs);
            let (a, b) = if self.ontology.relations[&fact.relation].symmetric {
                (fact.subject.min(fact.object), fact.subject.max(fact.object))
            } else {
                (fact.subject, fact.object)
            };
            let relation = ontology
                .relations
                .get_key_value(&fact.relation)
                .map_or("", |(code, _)| code.as_str());
            let key = (a, relation, b, fact.source, fact.span.start);
            if let Some((first, line)) = claims.get(&key) {
                self.report(table, row, "quote", format!("fact `{}` says the same from the same quote as fact `{first}` (line {line})", fact.id));
                continue;
            }
            claims.insert(key, (fact.id.clone(), row.line));
            facts.push(fact);
        }
        facts
    }

    fn relation(&mut self, table: &Table, row: &Row) -> Option<String> {
        let value = self.required(table, row, "relation", "a relation of the ontology")?;
        if self.ontology.relations.contains_key(value) {
            return Some(value.to_owned());
        }
        let known: Vec<&str> = self.ontology.relations.keys().map(String::as_str).collect();
        self.report(
            table,
            row,
            "relation",
            format!(
                "unknown relation `{value}`{}: the ontology defines {}",
                did_you_mean(value, known.iter().copied()),
                known.join(", ")
            ),
        );
        None
    }

    /// The part a fact cites; `None` on a problem.
    fn fact_part(
        &mut self,
        table: &Table,
        row: &Row,
        source: Option<usize>,
        refs: &Refs<'_>,
    ) -> Option<Cited> {
        let source = source?;
        let value = table.get(row, "part");
        let own_parts = &refs.parts_by_source[source];
        if value.is_empty() {
            if !own_parts.is_empty() {
                let ids: Vec<&str> = own_parts.iter().map(|p| p.id.as_str()).collect();
                self.report(
                    table,
                    row,
                    "part",
                    format!(
                        "empty: `{}` has parts, name the one the quote lies in: one of {}",
                        refs.sources[source].id,
                        ids.join(", ")
                    ),
                );
                return None;
            }
            return Some(Cited::Document);
        }
        let part = self.reference(table, row, "part", refs.part_ids, "part")?;
        let p = &refs.parts[part];
        if p.source != source {
            self.report(
                table,
                row,
                "part",
                format!(
                    "part `{value}` belongs to `{}`, not to `{}`",
                    refs.sources[p.source].id, refs.sources[source].id
                ),
            );
            return None;
        }
        if p.kind.as_ref() == skg::BOILERPLATE {
            self.report(table, row, "part", format!("part `{value}` is page boilerplate (lines {}-{}): boilerplate is never a source of facts", p.first_line, p.last_line));
            return None;
        }
        Some(Cited::Part(part))
    }

    /// Places a fact's quote in its part (or its document), reporting why it cannot be. `found`
    /// is the search already made by `locate_quotes`, when it was.
    #[allow(
        clippy::too_many_arguments,
        reason = "the checks of one cell, with their context"
    )]
    fn quote(
        &mut self,
        table: &Table,
        row: &Row,
        source: &Source,
        part: Option<usize>,
        refs: &Refs<'_>,
        found: Located,
    ) -> Option<Span> {
        let quote = table.get(row, "quote");
        let doc = &source.document;
        let found = found.unwrap_or_else(|| {
            let range = part.map_or_else(|| doc.everything(), |p| refs.parts[p].bytes.clone());
            doc.locate(quote, range)
        });
        let miss = match found {
            Ok(span) => return Some(span),
            Err(miss) => miss,
        };
        // Only for the message: worked out once a quote is missed, not for every fact.
        let place = match part {
            Some(p) => format!("part `{}` of `{}`", refs.parts[p].id, source.id),
            None => format!("`{}`", source.id),
        };
        match miss {
            Miss::Empty => {
                self.report(
                    table,
                    row,
                    "quote",
                    "empty quote: every fact needs the exact words of its source that support it",
                );
                None
            }
            Miss::Ambiguous { lines } => {
                let lines: Vec<String> = lines.iter().map(ToString::to_string).collect();
                self.report(table, row, "quote", format!("the quote occurs {} times in {place} (lines {}): lengthen it until it occurs once", lines.len(), lines.join(", ")));
                None
            }
            Miss::NotFound { closest } => {
                let elsewhere = part
                    .and_then(|_| doc.locate(quote, doc.everything()).ok())
                    .map(|span| {
                        let owner = part.and_then(|p| {
                            refs.parts_by_source[refs.parts[p].source]
                                .iter()
                                .find(|other| other.bytes.contains(&span.bytes.start))
                        });
                        format!(
                            " It occurs at line {}{}.",
                            span.line,
                            owner
                                .map(|p| format!(", in part `{}`", p.id))
                                .unwrap_or_default()
                        )
                    });
                let hint = elsewhere
                    .unwrap_or_else(|| closest.map(|c| format!(" The {c}.")).unwrap_or_default());
                self.report(
                    table,
                    row,
                    "quote",
                    format!(
                        "quote not found in {place}: `{}`.{hint}",
                        truncate(quote, 80)
                    ),
                );
                None
            }
        }
    }

    fn fact_logic(&mut self, table: &Table, row: &Row, fact: &Fact, refs: &Refs<'_>) {
        let actor = |i: usize| &refs.actors[i];
        if fact.subject == fact.object {
            self.report(
                table,
                row,
                "object",
                format!(
                    "`{}` {} itself: a fact relates two different actors",
                    actor(fact.subject).id,
                    fact.relation
                ),
            );
        }
        let relation = &self.ontology.relations[&fact.relation];
        for (column, who, expected) in [
            ("subject", fact.subject, &relation.domain),
            ("object", fact.object, &relation.range),
        ] {
            if let Some(expected) = expected {
                if !self.ontology.is_a(&actor(who).kind, expected) {
                    self.report(
                        table,
                        row,
                        column,
                        format!(
                            "`{}` takes as {column} an actor of type `{}` ({}); `{}` is of type `{}`",
                            fact.relation,
                            local_name(expected),
                            self.ontology.label(expected),
                            actor(who).id,
                            local_name(&actor(who).kind),
                        ),
                    );
                }
            }
        }
        let in_comment = fact
            .part
            .is_some_and(|p| refs.parts[p].kind.as_ref() == skg::READER_COMMENT);
        let claimed = fact.strength.as_ref() == skg::CLAIMED;
        if claimed && fact.claimed_by.is_none() && !in_comment {
            self.report(table, row, "claimed_by", "empty, but the strength is `claimed`: name the actor who claims it (only a reader comment speaks for itself)");
        }
        if !claimed && fact.claimed_by.is_some() {
            self.report(
                table,
                row,
                "strength",
                format!(
                    "`{}` with a claimant: a fact someone claims has the strength `claimed`",
                    local_name(&fact.strength)
                ),
            );
        }
        if let (Some(start), Some(end)) = (fact.start, fact.end) {
            if start.is_after(end) {
                self.report(
                    table,
                    row,
                    "end",
                    format!("the end {end} comes before the start {start}"),
                );
            }
        }
        let source = &refs.sources[fact.source];
        let (published, by) = match fact
            .part
            .and_then(|p| refs.parts[p].published.map(|d| (d, &refs.parts[p].id)))
        {
            Some((date, part)) => (Some(date), format!("part `{part}`")),
            None => (source.published, format!("`{}`", source.id)),
        };
        if let Some(published) = published {
            for (column, date) in [("start", fact.start), ("end", fact.end)] {
                if let Some(date) = date {
                    if date.is_after(published) {
                        self.report(table, row, column, format!("{date} is after the publication of {by} ({published}): a source cannot report what had not happened"));
                    }
                }
            }
        }
    }

    fn not_facts(&mut self, table: &Table, refs: &Refs<'_>) -> Vec<NotFact> {
        let mut out = Vec::new();
        for row in &table.rows {
            let source = self.reference(table, row, "source", refs.source_ids, "source");
            let reason = self
                .required(table, row, "reason", "why the sentence states no fact")
                .map(str::to_owned);
            let Some(source) = source else { continue };
            let doc = &refs.sources[source].document;
            let span = match doc.locate(table.get(row, "excerpt"), doc.everything()) {
                Ok(span) => Some(span),
                Err(Miss::Empty) => {
                    self.report(
                        table,
                        row,
                        "excerpt",
                        "empty: expected words of the sentence this decision is about",
                    );
                    None
                }
                Err(Miss::Ambiguous { lines }) => {
                    self.report(
                        table,
                        row,
                        "excerpt",
                        format!(
                            "occurs {} times in `{}`: lengthen it until it occurs once",
                            lines.len(),
                            refs.sources[source].id
                        ),
                    );
                    None
                }
                Err(Miss::NotFound { closest }) => {
                    self.report(
                        table,
                        row,
                        "excerpt",
                        format!(
                            "not found in `{}`{}",
                            refs.sources[source].id,
                            closest.map(|c| format!(": the {c}")).unwrap_or_default()
                        ),
                    );
                    None
                }
            };
            if let (Some(span), Some(reason)) = (span, reason) {
                out.push(NotFact {
                    source,
                    span,
                    reason,
                });
            }
        }
        out
    }
}

/// Groups `items` by the source they belong to, in one pass: index `s` holds the items of
/// source `s`, in their order. Per-source work then costs the source's items, not the corpus.
pub fn by_source<T>(items: &[T], sources: usize, source: impl Fn(&T) -> usize) -> Vec<Vec<&T>> {
    let mut groups: Vec<Vec<&T>> = vec![Vec::new(); sources];
    for item in items {
        groups[source(item)].push(item);
    }
    groups
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

/// An id must be usable as the last segment of an IRI in every store and in Turtle.
pub fn check_id(id: &str) -> Result<(), String> {
    if let Some((i, c)) = id
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        let name = match c {
            ' ' => "a space".to_owned(),
            c if c.is_whitespace() || c.is_control() => {
                format!("the character {}", c.escape_unicode())
            }
            c if !c.is_ascii() => format!("`{c}` (U+{:04X}, not ASCII)", u32::from(c)),
            c => format!("`{c}`"),
        };
        return Err(format!(
            "`{id}` cannot be part of an IRI: {name} at character {}; use ASCII letters, digits, `-`, `_` or `.`",
            id[..i].chars().count() + 1
        ));
    }
    if id.starts_with(['-', '.']) || id.ends_with('.') {
        return Err(format!(
            "`{id}` cannot start with `-` or `.` nor end with `.`: start with a letter or digit"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_cannot_be_iris_name_the_character() {
        assert!(check_id("burkina-faso").is_ok());
        assert_eq!(
            check_id("burkina faso").unwrap_err(),
            "`burkina faso` cannot be part of an IRI: a space at character 8; use ASCII letters, digits, `-`, `_` or `.`"
        );
        assert!(
            check_id("goïta")
                .unwrap_err()
                .contains("`ï` (U+00EF, not ASCII) at character 3")
        );
        assert!(check_id("a<b").unwrap_err().contains("`<` at character 2"));
        assert!(check_id("-x").is_err());
    }
}
