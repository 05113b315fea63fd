//! What an annotation page shows, read afresh from the corpus for each request.
//!
//! In: the seeds and ontology folders. Out: `Corpus`, the tables as read (not validated: a
//! corpus with problems must still be shown, so that the analyst can fix the row that has
//! them), each source's document with its parts, the places it names an actor, the quotes of
//! its facts and not-fact decisions located in it, and the sentences that name two actors and
//! that no fact or decision covers; plus the version (SHA-256) of every table file read, which
//! a page carries so that a save against a file changed since is refused. What this does not
//! do: judge a value (validation does, and the page shows its problems), or show the text of
//! a document whose digest does not match its `sha256` (docs/security.md: no unchecked text).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::config::Inputs;
use crate::corpus_file::Folder;
use crate::digest::hex;
use crate::pipeline::ontology::{Ontology, local_name};
use crate::pipeline::read::{self, Annotations, Row, Table, TableSpec};
use crate::pipeline::text::Document;
use crate::problem::{Problem, Problems};
use crate::render::coverage::name_finder;
use crate::vocab::skg;

/// One row of a table as read: where it is and its cells by column.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    /// Its file, relative to the seeds folder (`facts.csv`, `facts/doc005.csv`).
    pub file: String,
    /// The line it starts on.
    pub line: u64,
    /// Its cells by column name.
    pub cells: BTreeMap<String, String>,
}

impl Record {
    /// The cell of `column`, empty when absent.
    pub(crate) fn get(&self, column: &str) -> &str {
        self.cells.get(column).map_or("", String::as_str)
    }
}

/// A part of a document, as `parts.csv` gives it.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    /// Its id.
    pub id: String,
    /// Its kind's code (`Body`).
    pub kind: String,
    /// Its bytes in the document.
    pub bytes: Range<usize>,
}

/// A fact or not-fact decision of a source, with where its quote lies when it is found.
#[derive(Debug, Clone)]
pub(crate) struct Marked {
    /// The row.
    pub record: Record,
    /// The quote's bytes in the document, when it occurs there once.
    pub bytes: Option<Range<usize>>,
}

/// One source's page.
#[derive(Debug)]
pub(crate) struct SourceView {
    /// The `sources.csv` row.
    pub record: Record,
    /// Its document, when it was read and its digest matches; otherwise why not.
    pub document: Result<Document, String>,
    /// Its parts, in line order.
    pub parts: Vec<Part>,
    /// Each place the document names an actor: the actor's index and the bytes.
    pub mentions: Vec<(usize, Range<usize>)>,
    /// Its facts.
    pub facts: Vec<Marked>,
    /// Its not-fact decisions.
    pub not_facts: Vec<Marked>,
    /// The sentences naming two actors that no quote or decision overlaps, outside
    /// boilerplate: the work left.
    pub open: Vec<Range<usize>>,
}

impl SourceView {
    /// The id.
    pub(crate) fn id(&self) -> &str {
        self.record.get("id")
    }

    /// The part holding the byte range `bytes` whole, if any.
    pub(crate) fn part_holding(&self, bytes: &Range<usize>) -> Option<&Part> {
        self.parts
            .iter()
            .find(|p| p.bytes.start <= bytes.start && bytes.end <= p.bytes.end)
    }
}

/// The corpus as the pages show it.
#[derive(Debug)]
pub(crate) struct Corpus {
    /// The seeds folder.
    pub seeds: PathBuf,
    /// The ontology, when it loads.
    pub ontology: Option<Ontology>,
    /// `sources.csv`.
    pub sources: Vec<Record>,
    /// `actors.csv`.
    pub actors: Vec<Record>,
    /// Every fact row, all files.
    pub facts: Vec<Record>,
    /// Every not-fact row, all files.
    pub not_facts: Vec<Record>,
    /// `parts.csv`.
    pub parts: Vec<Record>,
    /// The SHA-256 of every table file read, by name relative to the seeds folder.
    pub versions: BTreeMap<String, String>,
    /// Whether `facts/` exists: new facts then go to `facts/<source>.csv`.
    pub per_source_facts: bool,
    /// Whether `not-facts/` exists.
    pub per_source_not_facts: bool,
}

impl Corpus {
    /// Reads every table (structural problems are left to validation, which the page runs).
    pub(crate) fn read(inputs: &Inputs) -> anyhow::Result<Self> {
        let mut ignored = Vec::new();
        let tables: Annotations = read::read(&inputs.seeds, &mut ignored)?;
        let ontology = Ontology::load(&inputs.ontology).ok().and_then(Result::ok);
        let seeds = inputs.seeds.clone();
        let records = |table: &Table, spec: &TableSpec| -> Vec<Record> {
            table
                .rows
                .iter()
                .map(|row| record(&seeds, table, spec, row))
                .collect()
        };
        let mut corpus = Self {
            sources: records(&tables.sources, &read::SOURCES),
            actors: records(&tables.actors, &read::ACTORS),
            facts: records(&tables.facts, &read::FACTS),
            not_facts: records(&tables.not_facts, &read::NOT_FACTS),
            parts: records(&tables.parts, &read::PARTS),
            ontology,
            versions: BTreeMap::new(),
            per_source_facts: inputs.seeds.join("facts").is_dir(),
            per_source_not_facts: inputs.seeds.join("not-facts").is_dir(),
            seeds: inputs.seeds.clone(),
        };
        corpus.versions = versions(&inputs.seeds);
        Ok(corpus)
    }

    /// The source whose id is `id`.
    pub(crate) fn source(&self, id: &str) -> Option<&Record> {
        self.sources.iter().find(|s| s.get("id") == id)
    }

    /// The index of the actor `id`.
    pub(crate) fn actor(&self, id: &str) -> Option<usize> {
        self.actors.iter().position(|a| a.get("id") == id)
    }

    /// The codes the ontology offers for the facts' relations and strengths, and the actors'
    /// types.
    pub(crate) fn codes(&self) -> (Vec<String>, Vec<String>, Vec<String>) {
        self.ontology.as_ref().map_or_else(
            || (Vec::new(), Vec::new(), Vec::new()),
            |o| {
                (
                    o.relations.keys().cloned().collect(),
                    o.strengths.keys().cloned().collect(),
                    o.actor_types.keys().cloned().collect(),
                )
            },
        )
    }

    /// The file a new fact of `source` goes to (see `Corpus::per_source_facts`).
    pub(crate) fn facts_file(&self, source: &str) -> String {
        if self.per_source_facts {
            format!("facts/{source}.csv")
        } else {
            read::FACTS.file.to_owned()
        }
    }

    /// The file a new not-fact decision of `source` goes to.
    pub(crate) fn not_facts_file(&self, source: &str) -> String {
        if self.per_source_not_facts {
            format!("not-facts/{source}.csv")
        } else {
            read::NOT_FACTS.file.to_owned()
        }
    }

    /// `name` (relative to the seeds folder) as validation names it (`seeds/facts.csv`).
    pub(crate) fn shown(&self, name: &str) -> String {
        self.seeds.join(name).display().to_string()
    }

    /// One source's page, from its document.
    pub(crate) fn view(&self, inputs: &Inputs, source: &Record) -> anyhow::Result<SourceView> {
        let id = source.get("id");
        let document = Self::document(inputs, source)?;
        let mut view = SourceView {
            record: source.clone(),
            document: Err(String::new()),
            parts: Vec::new(),
            mentions: Vec::new(),
            facts: Vec::new(),
            not_facts: Vec::new(),
            open: Vec::new(),
        };
        let document = match document {
            Ok(document) => document,
            Err(why) => {
                view.document = Err(why);
                return Ok(view);
            }
        };
        for part in self.parts.iter().filter(|p| p.get("source") == id) {
            let (Ok(first), Ok(last)) = (
                part.get("first_line").parse::<usize>(),
                part.get("last_line").parse::<usize>(),
            ) else {
                continue;
            };
            if first >= 1 && first <= last && last <= document.line_count() {
                view.parts.push(Part {
                    id: part.get("id").to_owned(),
                    kind: part.get("kind").to_owned(),
                    bytes: document.lines(first, last),
                });
            }
        }
        view.parts.sort_by_key(|p| p.bytes.start);
        let (finder, owners) = name_finder(self.actors.iter().enumerate().flat_map(|(i, a)| {
            [a.get("label_fr"), a.get("label_en")]
                .into_iter()
                .chain(a.get("aliases").split('|'))
                .chain(a.get("misspellings").split('|'))
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(move |n| (i, n))
        }))?;
        view.mentions = document
            .whole_words(&finder)
            .map(|(pattern, bytes)| (owners[pattern], bytes))
            .collect();
        for fact in self.facts.iter().filter(|f| f.get("source") == id) {
            let within = view
                .parts
                .iter()
                .find(|p| p.id == fact.get("part"))
                .map_or_else(|| document.everything(), |p| p.bytes.clone());
            let bytes = document
                .locate(fact.get("quote"), within)
                .ok()
                .map(|s| s.bytes);
            view.facts.push(Marked {
                record: fact.clone(),
                bytes,
            });
        }
        for decision in self.not_facts.iter().filter(|d| d.get("source") == id) {
            let bytes = document
                .locate(decision.get("excerpt"), document.everything())
                .ok()
                .map(|s| s.bytes);
            view.not_facts.push(Marked {
                record: decision.clone(),
                bytes,
            });
        }
        view.open = open_sentences(&view, &document);
        view.document = Ok(document);
        Ok(view)
    }

    /// The document of `source`, read through the corpus opener, when its digest matches.
    fn document(inputs: &Inputs, source: &Record) -> anyhow::Result<Result<Document, String>> {
        let file = source.get("file");
        if file.is_empty() || file.contains(['/', '\\']) || file.starts_with('.') {
            return Ok(Err(format!("`{file}` is not a plain file name")));
        }
        let folder = Folder::within(&inputs.documents, &inputs.seeds);
        let bytes = match folder.read(file)? {
            Ok(bytes) => bytes,
            Err(refusal) => return Ok(Err(refusal.reason(&folder))),
        };
        let digest = hex(&Sha256::digest(&bytes));
        if digest != source.get("sha256") {
            return Ok(Err(format!(
                "the document's SHA-256 is {digest}, not the `sha256` of its row: its text is not \
                 shown until the digest is right (run `sahel-kg validate`)"
            )));
        }
        match String::from_utf8(bytes) {
            Ok(text) if text.len() <= Document::MAX_LEN => Ok(Ok(Document::new(text))),
            Ok(_) => Ok(Err("the document is too large".to_owned())),
            Err(_) => Ok(Err("the document is not UTF-8".to_owned())),
        }
    }
}

/// The sentences of `view`'s document naming two actors that no quote or decision overlaps,
/// outside boilerplate (as `coverage.csv` lists them, decisions counted).
fn open_sentences(view: &SourceView, document: &Document) -> Vec<Range<usize>> {
    let boilerplate = local_name(&skg::BOILERPLATE.into_owned()).to_owned();
    let covered: Vec<Range<usize>> = view
        .facts
        .iter()
        .chain(&view.not_facts)
        .filter_map(|m| m.bytes.clone())
        .collect();
    document
        .sentences()
        .into_iter()
        .filter(|s| {
            let mut named: Vec<usize> = view
                .mentions
                .iter()
                .filter(|(_, m)| s.start <= m.start && m.end <= s.end)
                .map(|(a, _)| *a)
                .collect();
            named.sort_unstable();
            named.dedup();
            let in_boilerplate = view
                .parts
                .iter()
                .any(|p| p.bytes.contains(&s.start) && p.kind == boilerplate);
            named.len() >= 2
                && !in_boilerplate
                && !covered.iter().any(|q| q.start < s.end && s.start < q.end)
        })
        .collect()
}

fn record(seeds: &Path, table: &Table, spec: &TableSpec, row: &Row) -> Record {
    let file = table.file_of(row);
    let relative = Path::new(file)
        .strip_prefix(seeds)
        .map_or_else(|_| file.to_owned(), |p| p.display().to_string());
    Record {
        cells: spec
            .columns
            .iter()
            .chain(spec.optional_columns)
            .map(|c| ((*c).to_owned(), table.get(row, c).to_owned()))
            .collect(),
        file: relative,
        line: row.line,
    }
}

/// The SHA-256 of every table file of the seeds folder (the per-source folders included).
fn versions(seeds: &Path) -> BTreeMap<String, String> {
    let mut versions = BTreeMap::new();
    let mut names: Vec<String> = [
        read::SOURCES.file,
        read::PARTS.file,
        read::ACTORS.file,
        read::FACTS.file,
        read::NOT_FACTS.file,
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for dir in ["facts", "not-facts"] {
        if let Ok(entries) = std::fs::read_dir(seeds.join(dir)) {
            for entry in entries.flatten() {
                if let Ok(name) = entry.file_name().into_string() {
                    if Path::new(&name)
                        .extension()
                        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
                        && !name.starts_with('.')
                    {
                        names.push(format!("{dir}/{name}"));
                    }
                }
            }
        }
    }
    for name in names {
        versions.insert(name.clone(), version_of(seeds, &name));
    }
    versions
}

/// The version of one file (`facts.csv`, `facts/doc005.csv`): its SHA-256, `absent`, or
/// `refused` for what the corpus opener will not read (a link out of its folder, a FIFO).
pub(crate) fn version_of(seeds: &Path, name: &str) -> String {
    let (folder, file) = match name.split_once('/') {
        Some((dir, file)) => (Folder::within(&seeds.join(dir), seeds), file),
        None => (Folder::new(seeds), name),
    };
    match folder.read(file) {
        Ok(Ok(bytes)) => hex(&Sha256::digest(&bytes)),
        Ok(Err(crate::corpus_file::Refusal::Missing)) => "absent".to_owned(),
        _ => "refused".to_owned(),
    }
}

/// The problems of a validation, or none when the corpus is valid; an error that is not about
/// the data is returned.
pub(crate) fn problems(inputs: &Inputs) -> anyhow::Result<Vec<Problem>> {
    match crate::pipeline::validate_inputs(inputs) {
        Ok(_) => Ok(Vec::new()),
        Err(e) => match e.downcast::<Problems>() {
            Ok(Problems(problems)) => Ok(problems),
            Err(e) => Err(e),
        },
    }
}
