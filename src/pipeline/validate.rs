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
//! respects its relation's domain and range; `claimed` facts name their claimant. A mistake in
//! one cell does not hide the checks that do not need it: a row with a problem still lends
//! what is right in it to the checks of the rows that cite it (see `StandIn`).
//! Warned about, failing nothing: a sentence recorded as stating no fact while the same
//! sentence in another document supports one (`judged_differently`).
//! What this stage does not do: decide which relations still hold (mapping does).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use oxigraph::model::{Literal, NamedNode};
use sha2::{Digest, Sha256};

use crate::corpus_file::{Folder, Refusal, printable};
use crate::digest::hex;
use crate::pipeline::dates::PartialDate;
use crate::pipeline::ontology::{Ontology, local_name};
use crate::pipeline::read::{Annotations, Row, Table};
use crate::pipeline::text::{Document, Miss, Span, loose_form, match_key};
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
    /// Where the text was captured from: an absolute http(s) URL.
    pub url: Option<NamedNode>,
    /// When it was captured.
    pub retrieved: Option<PartialDate>,
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
    /// What is likely a mistake but fails nothing (`Problem::warning`), sorted: for the
    /// commands to print.
    pub warnings: Vec<Problem>,
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

/// The stages of validation in their order, each reading what the ones before built. One
/// piece because it is the order itself: each step is a call, and splitting it would only
/// hide which table is checked before which.
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
        digests: BTreeMap::new(),
        wrong_digests: Vec::new(),
        actors_file: &annotations.actors.file,
        actors: None,
        actor_names: std::cell::OnceCell::new(),
    };
    let mut sources = v.sources(&annotations.sources, documents)?;
    let source_ids = index(&sources, |s| &s.id);
    v.reject_missing("source", &annotations.sources, &source_ids);
    // A part of a corpus may reprint a source of another part: `export --no-store` checks
    // what the sources reprint across the whole corpus.
    if actors.is_none() {
        v.reprints(&annotations.sources, &sources, &source_ids);
    }
    let (parts, stand_ins) = v.parts(&annotations.parts, &sources, &source_ids);
    let part_ids = index(&parts, |p| &p.id);
    v.reject_missing("part", &annotations.parts, &part_ids);
    let given = actors.is_some();
    let actors = actors.unwrap_or_else(|| Arc::from(v.actors(&annotations.actors)));
    v.actors = Some(Arc::clone(&actors));
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
        stand_ins: &stand_ins,
        actors: &actors,
        actor_ids: &actor_ids,
    };
    let facts = v.facts(&annotations.facts, &refs, &mut located);
    drop(located);
    let (not_facts, not_fact_lines) = v.not_facts(&annotations.not_facts, &refs);
    // A part of a corpus holds some documents only: `export --no-store` does not look.
    let mut warnings = if given {
        Vec::new()
    } else {
        judged_differently(
            &annotations.not_facts,
            &not_fact_lines,
            &not_facts,
            &facts,
            &sources,
        )
    };
    warnings.sort();
    problems.extend(warnings.iter().cloned());
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
        warnings,
        _sealed: (),
    }))
}

/// Warnings for a sentence judged two ways: a not-fact decision on a sentence that, as quotes
/// are matched, is also a sentence of another document whose words support a fact. A wire
/// story published twice is the usual cause: one copy annotated, the other dismissed. A
/// warning, not a problem: both may be right (a fact drawn from the sentence together with the
/// one before it). Within one document a repeated sentence is recorded once, by design (a
/// title repeated as the first line of a description). Only the sentences the decisions touch
/// are kept; each fact's sentences are keyed once, as they come.
fn judged_differently(
    table: &Table,
    lines: &[u64],
    not_facts: &[NotFact],
    facts: &[Fact],
    sources: &[Source],
) -> Vec<Problem> {
    if not_facts.is_empty() {
        return Vec::new();
    }
    let key = |source: usize, sentence: &Range<usize>| {
        match_key(&sources[source].document.text()[sentence.clone()])
    };
    // The match key of each sentence a decision touches -> the decisions.
    let mut decided: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, decision) in not_facts.iter().enumerate() {
        let doc = &sources[decision.source].document;
        for sentence in doc.sentences_over(decision.span.bytes.clone()) {
            decided
                .entry(key(decision.source, &sentence))
                .or_default()
                .push(i);
        }
    }
    let mut warned: BTreeMap<usize, Problem> = BTreeMap::new();
    for fact in facts {
        let doc = &sources[fact.source].document;
        for sentence in doc.sentences_over(fact.span.bytes.clone()) {
            let Some(decisions) = decided.get(&key(fact.source, &sentence)) else {
                continue;
            };
            for &i in decisions {
                if not_facts[i].source == fact.source {
                    continue;
                }
                warned.entry(i).or_insert_with(|| {
                    Problem::cell(
                        &table.file,
                        lines[i],
                        "excerpt",
                        format!(
                            "this sentence is recorded as stating no fact, but the same sentence \
                             in `{}` (line {}) supports fact `{}`: one of the two judgements is \
                             likely wrong",
                            sources[fact.source].id,
                            doc.line_of(sentence.start),
                            fact.id
                        ),
                    )
                    .warning()
                });
            }
        }
    }
    warned.into_values().collect()
}

/// A part whose row has a problem, as far as it is known: the facts that cite it are still
/// checked, their quote in its lines and their dates against its date. Only for checking: a
/// problem was reported on its row, so nothing is built from it.
#[derive(Debug)]
struct StandIn {
    /// Index into the sources.
    source: usize,
    /// Its kind, when that cell is right.
    kind: Option<NamedNode>,
    /// Which lines its facts' quotes are searched in.
    lines: Lines,
    /// Those lines as a byte range of the document.
    bytes: Range<usize>,
    /// Its date, when that cell is right.
    published: Option<PartialDate>,
}

/// The lines of a part row, as far as they can be used.
#[derive(Debug, Clone, Copy)]
enum Lines {
    /// Its own lines, which lie in the document.
    Own(usize, usize),
    /// Its lines that exist: the row runs past the end of the document.
    Existing(usize, usize),
    /// None usable (missing, not numbers, reversed, or all past the end): the whole document.
    Unknown,
}

/// What makes two facts the same claim: subject, relation, object (in id order for a
/// symmetric relation), source and where the quote starts.
type ClaimKey<'o> = (usize, &'o str, usize, usize, usize);

/// What a fact's quote is searched in.
#[derive(Debug, Clone, Copy)]
enum Cited<'r> {
    /// The whole document: it has no parts.
    Document,
    /// One part of it, by index.
    Part(usize),
    /// A part whose row has a problem, with its id as written.
    StandIn(&'r str, &'r StandIn),
}

impl Cited<'_> {
    fn part(self) -> Option<usize> {
        match self {
            Self::Part(i) => Some(i),
            Self::Document | Self::StandIn(..) => None,
        }
    }
}

/// A fact's cells as far as they resolved, for the checks between them
/// (`Validator::fact_logic`): each check runs when what it needs is known.
#[derive(Debug)]
struct Draft<'r> {
    subject: Option<usize>,
    relation: Option<&'r str>,
    object: Option<usize>,
    /// Whether the `claimed_by` cell is filled, whether or not it names a known actor.
    claimant: bool,
    strength: Option<&'r NamedNode>,
    start: Option<PartialDate>,
    end: Option<PartialDate>,
    /// Where the quote speaks from, when its document is known.
    voice: Option<Voice<'r>>,
}

/// Where a fact's quote speaks from: its document, and its part when it names one.
#[derive(Debug, Clone, Copy)]
struct Voice<'r> {
    source: &'r Source,
    part: PartVoice<'r>,
}

/// The part a fact's quote speaks from, as far as it is known.
#[derive(Debug, Clone, Copy)]
enum PartVoice<'r> {
    /// The document has no parts.
    Whole,
    /// The part's id, its kind (`None` when that cell has a problem) and its own date.
    Part(&'r str, Option<&'r NamedNode>, Option<PartialDate>),
    /// The fact's `part` cell has a problem.
    Unknown,
}

impl<'r> Voice<'r> {
    fn new(source: &'r Source, cited: Option<Cited<'r>>, refs: &Refs<'r>) -> Self {
        let part = match cited {
            Some(Cited::Part(p)) => {
                let p = &refs.parts[p];
                PartVoice::Part(p.id.as_str(), Some(&p.kind), p.published)
            }
            Some(Cited::StandIn(id, s)) => PartVoice::Part(id, s.kind.as_ref(), s.published),
            Some(Cited::Document) => PartVoice::Whole,
            None => PartVoice::Unknown,
        };
        Self { source, part }
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
    /// The part rows with a problem, by their id as written.
    stand_ins: &'a BTreeMap<String, StandIn>,
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
    /// The SHA-256 of each document read, with the file name that names it first.
    digests: BTreeMap<String, String>,
    /// Rows whose digest is not their document's: the problem's place, the document's path,
    /// its digest and the row's.
    wrong_digests: Vec<(Problem, String, String, String)>,
    /// The actors table, for the hint to add a row to it.
    actors_file: &'a str,
    /// The actors, once validated: their names are looked at for the hints.
    actors: Option<Arc<[Actor]>>,
    /// Each name of each actor (labels, aliases, misspellings) in `loose_form`, with its id:
    /// an unknown actor typed as a name (`turquie`) is pointed to its id. Made at the first
    /// unknown actor, not for every part of a corpus.
    actor_names: std::cell::OnceCell<Vec<(String, String)>>,
}

/// The names of every actor, for `Validator::actor_hint`.
fn actor_names(actors: &[Actor]) -> Vec<(String, String)> {
    let mut names = Vec::new();
    for actor in actors {
        let all = [&actor.label_fr, &actor.label_en]
            .into_iter()
            .chain(&actor.aliases)
            .chain(&actor.misspellings);
        for name in all {
            names.push((id_like(name), actor.id.clone()));
        }
    }
    names
}

/// A name or id with case, accents, `-` and `_` ignored: `burkina-faso` is `Burkina Faso`.
fn id_like(text: &str) -> String {
    loose_form(&text.replace(['-', '_'], " "))
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
            .push(Problem::cell(table.file_of(row), row.line, column, message));
    }

    /// A required id that can be the last segment of an IRI, unique in its table.
    fn id(
        &mut self,
        table: &Table,
        row: &Row,
        seen: &mut BTreeMap<String, (String, u64)>,
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
        if let Some((file, line)) = seen.get(id) {
            let first = where_first(file, *line, table.file_of(row));
            self.report(
                table,
                row,
                "id",
                format!("{what} `{id}` is declared twice (first {first})"),
            );
            return None;
        }
        seen.insert(id.to_owned(), (table.file_of(row).to_owned(), row.line));
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
        let mut hint = did_you_mean(value, ids.keys().map(String::as_str));
        if hint.is_empty() && what == "actor" {
            hint = self.actor_hint(value, ids);
        }
        self.report(
            table,
            row,
            column,
            format!("unknown {what} `{value}`{hint}"),
        );
        None
    }

    /// The hint for an actor id no typo explains: the actor one of whose names it is, the ids
    /// that contain it or that it contains, or else the row to add to the actors table.
    fn actor_hint(&self, value: &str, ids: &BTreeMap<String, usize>) -> String {
        let wanted = id_like(value);
        // While the actors table itself is checked (`acts_for`), no names are known yet.
        let all_names: &[(String, String)] = match &self.actors {
            Some(actors) => self.actor_names.get_or_init(|| actor_names(actors)),
            None => &[],
        };
        let mut named: Vec<&str> = all_names
            .iter()
            .filter(|(name, _)| *name == wanted)
            .map(|(_, id)| id.as_str())
            .collect();
        named.dedup();
        if !named.is_empty() {
            let ids: Vec<String> = named.iter().map(|id| format!("`{id}`")).collect();
            let whose = if ids.len() == 1 { "its" } else { "their" };
            return format!(
                " (did you mean {}? `{value}` is one of {whose} names)",
                ids.join(" or ")
            );
        }
        let near: Vec<String> = ids
            .keys()
            .filter(|id| {
                let id = id_like(id);
                // Three letters at least on both sides: `ue` is in too many words.
                wanted.chars().count().min(id.chars().count()) >= 3
                    && (id.contains(&wanted) || wanted.contains(&id))
            })
            .take(3)
            .map(|id| format!("`{id}`"))
            .collect();
        if !near.is_empty() {
            return format!(" (did you mean {}?)", near.join(" or "));
        }
        let types: Vec<&str> = self
            .ontology
            .actor_types
            .keys()
            .map(String::as_str)
            .collect();
        format!(
            ": if it is a new actor, add a row to {} with `{value}` as its id and its type \
             (one of {}), label_fr and label_en; aliases, misspellings, acts_for and wikidata \
             when they apply",
            self.actors_file,
            types.join(", ")
        )
    }

    /// Every row of `sources.csv`, one column after the other. One piece: the checks of a
    /// row read like its columns, and each is a short call; split, a row's checks would be
    /// scattered over functions that each take the whole row.
    fn sources(&mut self, table: &Table, documents: &Path) -> anyhow::Result<Vec<Source>> {
        let ontology = self.ontology;
        // The documents folder is inside the seeds folder the command line names.
        let documents = match documents.parent() {
            Some(seeds) => Folder::within(documents, seeds),
            None => Folder::new(documents),
        };
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
            let url = self.web_address(table, row, "url");
            let retrieved = self.date(table, row, "retrieved");
            if let (Some(published), Some(retrieved)) = (published, retrieved) {
                if published.is_after(retrieved) {
                    self.report(
                        table,
                        row,
                        "retrieved",
                        format!("{retrieved} is before the publication ({published}): a text is captured after it is published"),
                    );
                }
            }
            let sha256 = table.get(row, "sha256");
            let document = self.document(table, row, &documents, sha256)?;
            // A row whose kind, title or language has a problem is kept, with that cell empty,
            // so that its parts and facts are still checked against its document: one mistake
            // in this row does not hide theirs. Its problem is reported, so no `Validated` holds it.
            if let (Some(id), Some(document)) = (id, document) {
                sources.push(Source {
                    id,
                    file: table.get(row, "file").to_owned(),
                    title: title.unwrap_or_default(),
                    kind: kind.unwrap_or_else(|| skg::DOCUMENT.into_owned()),
                    publisher: optional(table.get(row, "publisher")),
                    author: optional(table.get(row, "author")),
                    published,
                    date_note: optional(table.get(row, "date_note")),
                    language: language.unwrap_or_default(),
                    cites,
                    reprints: optional(table.get(row, "reprints")),
                    sha256: sha256.to_owned(),
                    note: optional(table.get(row, "note")),
                    url,
                    retrieved,
                    document,
                });
            }
        }
        for (mut problem, path, actual, given) in std::mem::take(&mut self.wrong_digests) {
            problem.message = match self.digests.get(&given) {
                Some(other) => format!(
                    "{path} has SHA-256 {actual}, but this row says {given}, the SHA-256 of \
                     {other}: was the row copied from that document's? Paste {actual} here"
                ),
                None => format!(
                    "{path} has SHA-256 {actual}, but this row says {given}: the document was edited. Restore it, \
                     or if the change is intended, put the new digest here and check every quote from it"
                ),
            };
            self.problems.push(problem);
        }
        Ok(sources)
    }

    /// An optional absolute http(s) URL.
    fn web_address(&mut self, table: &Table, row: &Row, column: &str) -> Option<NamedNode> {
        let text = table.get(row, column);
        if text.is_empty() {
            return None;
        }
        let error = match check_web_address(text) {
            Ok(url) => return Some(url),
            Err(error) => error,
        };
        self.report(table, row, column, error);
        None
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

    /// Reads and checks the document a source row names, against the digest `sha256` the row
    /// gives. A document whose digest is missing, malformed or wrong is not searched for quotes
    /// and none of its text is shown: it may not be the text that was annotated, nor a text of
    /// the corpus at all. Its facts' quotes are not checked (their source is rejected, see
    /// `reject_missing`): the one problem on the digest says what to fix first.
    fn document(
        &mut self,
        table: &Table,
        row: &Row,
        dir: &Folder,
        sha256: &str,
    ) -> anyhow::Result<Option<Document>> {
        let sha_ok = sha256.len() == 64
            && sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        let given = if sha256.is_empty() {
            "empty".to_owned()
        } else {
            format!("`{}` is not a SHA-256", printable(sha256))
        };
        let Some(bytes) = self.document_bytes(table, row, dir)? else {
            if !sha_ok {
                self.report(table, row, "sha256", format!("{given}: expected 64 lowercase hexadecimal digits (run `sha256sum` on the document)"));
            }
            return Ok(None);
        };
        let path = dir.path().join(table.get(row, "file"));
        let actual = hex(&Sha256::digest(&bytes));
        if !sha_ok {
            self.report(
                table,
                row,
                "sha256",
                format!(
                    "{given}: expected the document's SHA-256, 64 lowercase hex digits; the \
                     file's is {actual}: paste it"
                ),
            );
            return Ok(None);
        }
        let file = table.get(row, "file");
        self.digests
            .entry(actual.clone())
            .or_insert_with(|| file.to_owned());
        if actual != sha256 {
            // Reported once every document is read: the digest may be another one's.
            self.wrong_digests.push((
                Problem::cell(&table.file, row.line, "sha256", String::new()),
                path.display().to_string(),
                actual,
                sha256.to_owned(),
            ));
            return Ok(None);
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

    /// The bytes of the document a source row names, when its `file` cell names a regular file
    /// in the documents folder (`corpus_file`); otherwise the problem is reported.
    fn document_bytes(
        &mut self,
        table: &Table,
        row: &Row,
        dir: &Folder,
    ) -> anyhow::Result<Option<Vec<u8>>> {
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
                    "`{}` is not a plain file name: documents live directly in {}",
                    printable(file),
                    dir.path().display()
                ),
            );
            return Ok(None);
        }
        match dir.read(file)? {
            Ok(bytes) => Ok(Some(bytes)),
            Err(Refusal::Missing) => {
                let mut names: Vec<String> = std::fs::read_dir(dir.path())
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
                    format!("no document `{file}` in {}{hint}", dir.path().display()),
                );
                Ok(None)
            }
            Err(refusal) => {
                self.report(table, row, "file", refusal.describe(dir, file));
                Ok(None)
            }
        }
    }

    /// The parts, and a stand-in for each part row with a problem of its own that names a
    /// source (`StandIn`). Each check runs whenever what it needs is known: a bad kind or id
    /// does not hide a range past the end or an overlap, nor a date after the document's.
    /// One piece: a row's checks in column order, as in `sources`.
    fn parts(
        &mut self,
        table: &Table,
        sources: &[Source],
        source_ids: &BTreeMap<String, usize>,
    ) -> (Vec<Part>, BTreeMap<String, StandIn>) {
        let ontology = self.ontology;
        let mut seen = BTreeMap::new();
        let mut parts: Vec<Part> = Vec::new();
        let mut stand_ins = BTreeMap::new();
        // The lines claimed so far in each source (first, last, part id), for the overlap
        // check: scanning every part of every source was quadratic (80,000 parts at a million
        // facts).
        let mut own_parts: Vec<Vec<(usize, usize, String)>> = vec![Vec::new(); sources.len()];
        for row in &table.rows {
            let id = self.id(table, row, &mut seen, "part");
            let source = self.reference(table, row, "source", source_ids, "source");
            let kind = self.code(table, row, "kind", &ontology.part_kinds, "part kind");
            let first = self.line_number(table, row, "first_line");
            let last = self.line_number(table, row, "last_line");
            let published = self.date(table, row, "published");
            let language = self.language(table, row, "language");
            let Some(source) = source else { continue };
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
            let raw_id = table.get(row, "id");
            let lines = self.part_lines(table, row, &sources[source], first.zip(last));
            let overlaps = match lines {
                Lines::Own(first, last) => {
                    let overlaps = self.overlap(table, row, &own_parts[source], first, last);
                    if !raw_id.is_empty() {
                        own_parts[source].push((first, last, raw_id.to_owned()));
                    }
                    overlaps
                }
                _ => false,
            };
            let document = &sources[source].document;
            match (id, kind, lines) {
                (Some(id), Some(kind), Lines::Own(first, last)) if !overlaps => {
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
                (_, kind, lines) if !raw_id.is_empty() => {
                    let bytes = match lines {
                        Lines::Own(first, last) | Lines::Existing(first, last) => {
                            document.lines(first, last)
                        }
                        Lines::Unknown => document.everything(),
                    };
                    stand_ins.entry(raw_id.to_owned()).or_insert(StandIn {
                        source,
                        kind,
                        lines,
                        bytes,
                        published,
                    });
                }
                _ => {}
            }
        }
        (parts, stand_ins)
    }

    /// The lines of a part row as far as they are usable, reporting a range that is reversed
    /// or runs past the end of the document.
    fn part_lines(
        &mut self,
        table: &Table,
        row: &Row,
        source: &Source,
        range: Option<(usize, usize)>,
    ) -> Lines {
        let Some((first, last)) = range else {
            return Lines::Unknown;
        };
        let count = source.document.line_count();
        if first > last {
            self.report(
                table,
                row,
                "last_line",
                format!("last line {last} comes before first line {first}"),
            );
            return Lines::Unknown;
        }
        if last > count {
            self.report(
                table,
                row,
                "last_line",
                format!(
                    "line {last} is past the end of {} ({count} lines)",
                    source.file
                ),
            );
            return if first <= count {
                Lines::Existing(first, count)
            } else {
                Lines::Unknown
            };
        }
        Lines::Own(first, last)
    }

    /// Reports whether lines `first..=last` overlap a part already read in the same source.
    fn overlap(
        &mut self,
        table: &Table,
        row: &Row,
        others: &[(usize, usize, String)],
        first: usize,
        last: usize,
    ) -> bool {
        let Some((other_first, other_last, other)) = others
            .iter()
            .find(|(other_first, other_last, _)| *other_first <= last && first <= *other_last)
        else {
            return false;
        };
        self.report(
            table,
            row,
            "first_line",
            format!("lines {first}-{last} overlap part `{other}` (lines {other_first}-{other_last}): a line belongs to one part"),
        );
        true
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

    /// Every row of `actors.csv`, one column after the other, then the names shared by two
    /// actors. One piece for the same reason as `sources`: a row's checks in column order.
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
        // (subject, relation, object, source, quote offset) -> (fact id, file, line)
        let mut claims: HashMap<ClaimKey<'_>, (String, &str, u64)> = HashMap::new();
        let mut facts = Vec::with_capacity(table.rows.len());
        for (row, located) in table.rows.iter().zip(located) {
            let id = self.id(table, row, &mut seen, "fact");
            let subject = self.reference(table, row, "subject", refs.actor_ids, "actor");
            let object = self.reference(table, row, "object", refs.actor_ids, "actor");
            let relation = self.relation(table, row);
            let source = self.reference(table, row, "source", refs.source_ids, "source");
            let cited = self.fact_part(table, row, source, refs);
            // The document the quote is searched in: the fact's source, or its part's.
            let document = source.or(cited.map(|(s, _)| s));
            let cited = cited.map(|(_, cited)| cited);
            let span =
                document.and_then(|s| self.quote(table, row, s, cited, refs, located.take()));
            let claimed_by = match table.get(row, "claimed_by") {
                "" => Some(None),
                _ => self
                    .reference(table, row, "claimed_by", refs.actor_ids, "actor")
                    .map(Some),
            };
            let strength = self.code(table, row, "strength", &ontology.strengths, "strength");
            let start = self.date(table, row, "start");
            let end = self.date(table, row, "end");
            let draft = Draft {
                subject,
                relation: relation.as_deref(),
                object,
                claimant: !table.get(row, "claimed_by").is_empty(),
                strength: strength.as_ref(),
                start,
                end,
                voice: document.map(|s| Voice::new(&refs.sources[s], cited, refs)),
            };
            self.fact_logic(table, row, &draft, refs);
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
                id, subject, object, relation, source, cited, span, claimed_by, strength,
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
            if self.same_claim((table, row), &fact, ontology, &mut claims) {
                continue;
            }
            // A fact in a part whose row has a problem was checked in full; it is not kept.
            if !matches!(part, Cited::StandIn(..)) {
                facts.push(fact);
            }
        }
        facts
    }

    /// Reports a fact that says what an earlier one says from the same quote; otherwise
    /// records it in `claims`.
    fn same_claim<'o, 't>(
        &mut self,
        (table, row): (&'t Table, &Row),
        fact: &Fact,
        ontology: &'o Ontology,
        claims: &mut HashMap<ClaimKey<'o>, (String, &'t str, u64)>,
    ) -> bool {
        let (a, b) = if ontology.relations[&fact.relation].symmetric {
            (fact.subject.min(fact.object), fact.subject.max(fact.object))
        } else {
            (fact.subject, fact.object)
        };
        let relation = ontology
            .relations
            .get_key_value(&fact.relation)
            .map_or("", |(code, _)| code.as_str());
        let key = (a, relation, b, fact.source, fact.span.start);
        if let Some((first, file, line)) = claims.get(&key) {
            let at = where_first(file, *line, table.file_of(row));
            self.report(
                table,
                row,
                "quote",
                format!(
                    "fact `{}` says the same from the same quote as fact `{first}` ({})",
                    fact.id,
                    at.trim_start_matches("on ")
                ),
            );
            return true;
        }
        claims.insert(key, (fact.id.clone(), table.file_of(row), row.line));
        false
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

    /// The part a fact cites, and the source it lies in; `None` on a problem. When the
    /// fact's source does not resolve, a part that does still says which document it is.
    fn fact_part<'r>(
        &mut self,
        table: &Table,
        row: &Row,
        source: Option<usize>,
        refs: &Refs<'r>,
    ) -> Option<(usize, Cited<'r>)> {
        let value = table.get(row, "part");
        let stand_in = refs
            .stand_ins
            .get_key_value(value)
            .filter(|_| !refs.part_ids.contains_key(value));
        let source = match source {
            Some(source) => source,
            None => refs
                .part_ids
                .get(value)
                .map(|&p| refs.parts[p].source)
                .or_else(|| stand_in.map(|(_, s)| s.source))?,
        };
        if value.is_empty() {
            let mut ids: Vec<&str> = refs.parts_by_source[source]
                .iter()
                .map(|p| p.id.as_str())
                .collect();
            ids.extend(
                refs.stand_ins
                    .iter()
                    .filter(|(_, s)| s.source == source)
                    .map(|(id, _)| id.as_str()),
            );
            if !ids.is_empty() {
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
            return Some((source, Cited::Document));
        }
        let (cited, part_source, kind, lines) = if let Some((id, s)) = stand_in {
            (Cited::StandIn(id, s), s.source, s.kind.as_ref(), s.lines)
        } else {
            let part = self.reference(table, row, "part", refs.part_ids, "part")?;
            let p = &refs.parts[part];
            let lines = Lines::Own(p.first_line, p.last_line);
            (Cited::Part(part), p.source, Some(&p.kind), lines)
        };
        if part_source != source {
            self.report(
                table,
                row,
                "part",
                format!(
                    "part `{value}` belongs to `{}`, not to `{}`",
                    refs.sources[part_source].id, refs.sources[source].id
                ),
            );
            return None;
        }
        if kind.is_some_and(|k| k.as_ref() == skg::BOILERPLATE) {
            let lines = match lines {
                Lines::Own(first, last) | Lines::Existing(first, last) => {
                    format!(" (lines {first}-{last})")
                }
                Lines::Unknown => String::new(),
            };
            self.report(table, row, "part", format!("part `{value}` is page boilerplate{lines}: boilerplate is never a source of facts"));
            return None;
        }
        Some((source, cited))
    }

    /// Places a fact's quote in its part (or its document), reporting why it cannot be. `found`
    /// is the search already made by `locate_quotes`, when it was.
    /// One piece: each way a quote can miss (empty, twice, elsewhere in the document, but for
    /// case or accents, not at all) is one arm of one match, each message in the same context.
    #[allow(
        clippy::too_many_arguments,
        reason = "the checks of one cell, with their context"
    )]
    fn quote(
        &mut self,
        table: &Table,
        row: &Row,
        s: usize,
        cited: Option<Cited<'_>>,
        refs: &Refs<'_>,
        found: Located,
    ) -> Option<Span> {
        let quote = table.get(row, "quote");
        let source = &refs.sources[s];
        let doc = &source.document;
        let range = match cited {
            Some(Cited::Part(p)) => Some(refs.parts[p].bytes.clone()),
            Some(Cited::StandIn(_, stand_in)) if !matches!(stand_in.lines, Lines::Unknown) => {
                Some(stand_in.bytes.clone())
            }
            _ => None,
        };
        let found = found.unwrap_or_else(|| {
            doc.locate(quote, range.clone().unwrap_or_else(|| doc.everything()))
        });
        let miss = match found {
            Ok(span) => return Some(span),
            Err(miss) => miss,
        };
        // Only for the message: worked out once a quote is missed, not for every fact.
        let place = place(source, cited, refs);
        let in_part = range.is_some();
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
            Miss::NotFound { .. } | Miss::Resembles(_) => {
                let elsewhere = in_part
                    .then(|| doc.locate(quote, doc.everything()).ok())
                    .flatten()
                    .map(|span| {
                        let owner = refs.parts_by_source[s]
                            .iter()
                            .find(|other| other.bytes.contains(&span.bytes.start));
                        format!(
                            " It occurs at line {}{}.",
                            span.line,
                            owner
                                .map(|p| format!(", in part `{}`", p.id))
                                .unwrap_or_default()
                        )
                    });
                let hint = elsewhere.unwrap_or_else(|| match miss {
                    Miss::Resembles(r) => format!(
                        " It occurs {r}: paste the document's words, `{}`.",
                        r.passage
                    ),
                    Miss::NotFound { closest: Some(c) } => format!(" The {c}."),
                    _ => String::new(),
                });
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

    /// A fact's actors are of the types its relation takes.
    fn fact_types(&mut self, table: &Table, row: &Row, fact: &Draft<'_>, refs: &Refs<'_>) {
        let actor = |i: usize| &refs.actors[i];
        if let Some(code) = fact.relation {
            let relation = &self.ontology.relations[code];
            for (column, who, expected) in [
                ("subject", fact.subject, &relation.domain),
                ("object", fact.object, &relation.range),
            ] {
                if let (Some(who), Some(expected)) = (who, expected) {
                    if !self.ontology.is_a(&actor(who).kind, expected) {
                        self.report(
                            table,
                            row,
                            column,
                            format!(
                                "`{code}` takes as {column} an actor of type `{}` ({}); `{}` is of type `{}`",
                                local_name(expected),
                                self.ontology.label(expected),
                                actor(who).id,
                                local_name(&actor(who).kind),
                            ),
                        );
                    }
                }
            }
        }
    }

    /// The checks between a fact's cells, each made when the cells it needs resolved: a
    /// problem in one cell does not hide another's.
    fn fact_logic(&mut self, table: &Table, row: &Row, fact: &Draft<'_>, refs: &Refs<'_>) {
        let actor = |i: usize| &refs.actors[i];
        if let (Some(subject), Some(object)) = (fact.subject, fact.object) {
            if subject == object {
                self.report(
                    table,
                    row,
                    "object",
                    format!(
                        "`{}` {} itself: a fact relates two different actors",
                        actor(subject).id,
                        table.get(row, "relation")
                    ),
                );
            }
        }
        self.fact_types(table, row, fact, refs);
        if let Some(strength) = fact.strength {
            let claimed = strength.as_ref() == skg::CLAIMED;
            // Whether the quote is a reader's comment, when that is known.
            let in_comment = fact.voice.and_then(|voice| match voice.part {
                PartVoice::Part(_, kind, _) => kind.map(|k| k.as_ref() == skg::READER_COMMENT),
                PartVoice::Whole => Some(false),
                PartVoice::Unknown => None,
            });
            if claimed && !fact.claimant && in_comment == Some(false) {
                self.report(table, row, "claimed_by", "empty, but the strength is `claimed`: name the actor who claims it (only a reader comment speaks for itself)");
            }
            if !claimed && fact.claimant {
                self.report(
                    table,
                    row,
                    "strength",
                    format!(
                        "`{}` with a claimant: a fact someone claims has the strength `claimed`",
                        local_name(strength)
                    ),
                );
            }
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
        let Some(voice) = fact.voice else { return };
        // A part's date is not after its document's: a fact whose part is unknown is bounded
        // by the document's, which may let a date through but never refuses a right one.
        let (published, by) = match voice.part {
            PartVoice::Part(part, _, Some(date)) => (Some(date), format!("part `{part}`")),
            _ => (voice.source.published, format!("`{}`", voice.source.id)),
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

    /// The not-fact decisions, each with the line of its row.
    fn not_facts(&mut self, table: &Table, refs: &Refs<'_>) -> (Vec<NotFact>, Vec<u64>) {
        let mut out = Vec::new();
        let mut lines = Vec::new();
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
                Err(Miss::Resembles(r)) => {
                    self.report(
                        table,
                        row,
                        "excerpt",
                        format!(
                            "not found in `{}`: it occurs {r}: paste the document's words, `{}`",
                            refs.sources[source].id, r.passage
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
                lines.push(row.line);
            }
        }
        (out, lines)
    }
}

/// Where a quote was searched, for the message that it is not there.
fn place(source: &Source, cited: Option<Cited<'_>>, refs: &Refs<'_>) -> String {
    match cited {
        Some(Cited::Part(p)) => format!("part `{}` of `{}`", refs.parts[p].id, source.id),
        Some(Cited::StandIn(id, stand_in)) => match stand_in.lines {
            Lines::Own(..) => format!("part `{id}` of `{}`", source.id),
            Lines::Existing(first, last) => format!(
                "lines {first}-{last} of `{}` (those of part `{id}` that exist)",
                source.id
            ),
            Lines::Unknown => format!(
                "`{}` (the whole of it, as part `{id}` has no usable lines)",
                source.id
            ),
        },
        _ => format!("`{}`", source.id),
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

/// Where something was first declared, said from a row of `here`: `on line 3`, or `in
/// seeds/facts/doc005.csv, line 3` when that is another file.
fn where_first(file: &str, line: u64, here: &str) -> String {
    if file == here {
        format!("on line {line}")
    } else {
        format!("in {file}, line {line}")
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

/// An absolute `http` or `https` URL, as a web page's address: what is wrong with it otherwise.
pub fn check_web_address(text: &str) -> Result<NamedNode, String> {
    const EXPECTED: &str =
        "expected the page's absolute address, such as `https://www.example.com/article`";
    let Some((scheme, rest)) = text.split_once("://") else {
        return Err(format!("`{text}` is not an absolute URL: {EXPECTED}"));
    };
    if scheme != "http" && scheme != "https" {
        return Err(format!(
            "`{text}` is not a web address (`{scheme}://`): {EXPECTED}"
        ));
    }
    if rest.split(['/', '?', '#']).next().is_none_or(str::is_empty) {
        return Err(format!("`{text}` names no host: {EXPECTED}"));
    }
    NamedNode::new(text).map_err(|e| format!("`{text}` is not a valid URL ({e}): {EXPECTED}"))
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
    fn a_web_address_is_an_absolute_http_or_https_url_with_a_host() {
        assert!(check_web_address("https://www.rfi.fr/fr/afrique/20240712-niger").is_ok());
        assert!(check_web_address("http://example.ml/a?b=c#d").is_ok());
        assert_eq!(
            check_web_address("www.rfi.fr/x").unwrap_err(),
            "`www.rfi.fr/x` is not an absolute URL: expected the page's absolute address, such as `https://www.example.com/article`"
        );
        assert!(
            check_web_address("ftp://x.org/a")
                .unwrap_err()
                .contains("not a web address (`ftp://`)")
        );
        assert!(
            check_web_address("https:///a")
                .unwrap_err()
                .contains("names no host")
        );
        assert!(
            check_web_address("https://x.org/a b")
                .unwrap_err()
                .contains("is not a valid URL")
        );
    }

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
