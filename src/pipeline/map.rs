//! Stage 3: map validated annotations to RDF, one subject at a time, in N-Triples order.
//!
//! In: a `Validated` value (nothing else is accepted). Out: a `Graph`, which walks the whole
//! graph (ontology and data) as a sequence of `Block`s: the statements about one subject (for
//! evidence, a node and its two selectors), each block sorted, the blocks in the order of
//! their subjects. Concatenated, the blocks are the graph's sorted N-Triples, without
//! duplicates, so every consumer (the store, each export, the fingerprint) streams it in one
//! pass and no stage holds a second copy of the graph. The data is plain RDF 1.1 with no blank
//! nodes, every literal typed or language-tagged:
//! - each source, part and actor with its metadata and labels;
//! - each fact as a claim node (`rdf:Statement`, `skg:Claim`) with its source, part, exact quote,
//!   evidence (a W3C Web Annotation `oa:SpecificResource` with a `TextQuoteSelector` and a
//!   `TextPositionSelector` in code points), claimant, strength and dates;
//! - the direct triple (`id:mali skg:allyOf id:russia`) for each relation that holds as of the
//!   latest source (see `Status`), both ways for a symmetric relation;
//! - each shared passage (`passages.rs`) with where it lies in every source that carries it,
//!   each claim whose quote lies in one linked to it (`skg:inSharedPassage`), and each source
//!   that reprints another linked to it (`skg:reprints`).
//!
//! Claims go to the named graph of their source (`claims_graph`), everything else to the
//! default graph. Claims and evidence are named by a hash of their content, so reordering the
//! CSV or running twice names them the same. What this stage does not do: read any file, or
//! hold more than one block at a time.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use oxigraph::model::{
    GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, TermRef, Triple,
};
use sha2::{Digest, Sha256};

use crate::pipeline::dates::PartialDate;
use crate::pipeline::ontology::Relation;
use crate::pipeline::passages::{self, Passage, Passages};
use crate::pipeline::validate::{Actor, Cites, Fact, Part, Source, Validated};
use crate::vocab::{dc, id, oa, rdf, schema, skg, skos, xsd};

/// Whether a relation between two actors still holds as of the latest source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Some stated or claimed fact supports it and no fact ends it (or a later one restarts it).
    Current,
    /// A fact gives it an end, and no fact gives it a start after that end.
    Former,
    /// Only implied: the sources suggest it without saying it. Never asserted directly.
    Implied,
}

/// A relation between two actors: `(subject, relation code, object)`, with the actors of a
/// symmetric relation in id order so both directions are one key.
pub type RelationKey = (usize, String, usize);

/// A fact's subject and object, in id order when its relation is symmetric.
fn ordered_pair(validated: &Validated, fact: &Fact) -> (usize, usize) {
    let (s, o) = (fact.subject, fact.object);
    let swap = validated.ontology.relations[&fact.relation].symmetric
        && validated.actors[s].id > validated.actors[o].id;
    if swap { (o, s) } else { (s, o) }
}

/// The status of every annotated relation.
///
/// A relation is former when at least one fact gives it an end date and no fact gives it a
/// start date certainly after the latest such end; otherwise it is current if any stated or
/// claimed fact supports it, and implied if only implied facts do.
pub fn statuses(validated: &Validated) -> BTreeMap<RelationKey, Status> {
    relation_statuses(validated)
        .into_iter()
        .map(|((s, relation, o), status)| ((s, relation.to_owned(), o), status))
        .collect()
}

/// `statuses`, in no particular order, each relation's code borrowed: what the graph needs,
/// without a sorted map of owned keys (a copy of every key and a sort the graph does not
/// need, on the way to ordering it).
fn relation_statuses(validated: &Validated) -> Vec<((usize, &str, usize), Status)> {
    let mut by_relation: HashMap<(usize, &str, usize), Vec<Dated>> = HashMap::new();
    for fact in &validated.facts {
        let (s, o) = ordered_pair(validated, fact);
        by_relation
            .entry((s, fact.relation.as_str(), o))
            .or_default()
            .push(Dated::of(fact));
    }
    by_relation
        .into_iter()
        .map(|(key, facts)| (key, status(&facts)))
        .collect()
}

/// What the status of a relation depends on, of each fact that supports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dated {
    /// When the fact says the relation started.
    pub start: Option<PartialDate>,
    /// When the fact says it ended.
    pub end: Option<PartialDate>,
    /// Whether the fact only implies the relation.
    pub implied: bool,
}

impl Dated {
    /// What of `fact` counts for its relation's status.
    pub fn of(fact: &Fact) -> Self {
        Self {
            start: fact.start,
            end: fact.end,
            implied: fact.strength.as_ref() == skg::IMPLIED,
        }
    }
}

/// The status of a relation, from every fact that supports it (see `statuses`). The order of
/// the facts does not matter.
pub fn status(facts: &[Dated]) -> Status {
    let latest_end = facts
        .iter()
        .filter_map(|f| f.end)
        .max_by_key(|d| d.latest());
    let restarted = |end: PartialDate| {
        facts
            .iter()
            .any(|f| f.start.is_some_and(|s| s.is_after(end)))
    };
    match latest_end {
        Some(end) if !restarted(end) => Status::Former,
        _ if facts.iter().all(|f| f.implied) => Status::Implied,
        _ => Status::Current,
    }
}

/// Each fact's relation, as `(subject id, relation code, object id)` with the actors of a
/// symmetric relation in id order, and what the fact says of it: what `status` needs, for a
/// caller that gathers the facts of a relation from several parts of a corpus.
pub fn relation_facts(validated: &Validated) -> impl Iterator<Item = ((&str, &str, &str), Dated)> {
    validated.facts.iter().map(|fact| {
        let (s, o) = ordered_pair(validated, fact);
        (
            (
                validated.actors[s].id.as_str(),
                fact.relation.as_str(),
                validated.actors[o].id.as_str(),
            ),
            Dated::of(fact),
        )
    })
}

/// The statements a relation that holds adds to the graph: the direct triple, both ways for a
/// symmetric relation. `relation` is a code of the ontology.
pub fn direct_statements(
    validated: &Validated,
    subject: &str,
    relation: &str,
    object: &str,
) -> Vec<Statement> {
    let property = &validated.ontology.relations[relation];
    directions(property, subject, object)
        .map(|(s, o)| {
            Statement::new(Quad::new(
                actor_iri(s),
                property.iri.clone(),
                actor_iri(o),
                GraphName::DefaultGraph,
            ))
        })
        .collect()
}

/// The (subject, object) pairs of a relation's direct triples: the pair as given, and the other
/// way round too for a symmetric property.
fn directions<T: Copy>(property: &Relation, s: T, o: T) -> impl Iterator<Item = (T, T)> {
    std::iter::once((s, o)).chain(property.symmetric.then_some((o, s)))
}

/// The IRI of an actor.
pub fn actor_iri(actor_id: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}{actor_id}", id::ACTOR))
}

/// The IRI of a source document.
pub fn source_iri(source_id: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}{source_id}", id::SOURCE))
}

fn part_iri(part_id: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}{part_id}", id::PART))
}

/// A short, stable name from content: the first 64 bits of its SHA-256. Written as 16 hex
/// digits, so ordering by the number orders the IRIs.
fn content_hash(content: &str) -> u64 {
    let digest = Sha256::digest(content.as_bytes());
    let mut first = [0; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}

/// The hash that names the claim a fact becomes: what is claimed, where and by whom.
fn claim_hash(validated: &Validated, fact: &Fact) -> u64 {
    let claimant = fact
        .claimed_by
        .map_or("", |c| validated.actors[c].id.as_str());
    content_hash(&format!(
        "claim\t{}\t{}\t{}\t{}\t{}\t{}\t{claimant}",
        validated.actors[fact.subject].id,
        validated.ontology.relations[&fact.relation].iri.as_str(),
        validated.actors[fact.object].id,
        validated.sources[fact.source].id,
        fact.span.start,
        fact.span.end,
    ))
}

/// The hash that names a fact's evidence: the passage it quotes.
fn evidence_hash(validated: &Validated, fact: &Fact) -> u64 {
    content_hash(&format!(
        "evidence\t{}\t{}\t{}",
        validated.sources[fact.source].id, fact.span.start, fact.span.end
    ))
}

/// The IRI of a claim, from its hash (`claim_hash`).
fn claim_iri(hash: u64) -> String {
    format!("{}{hash:016x}", id::CLAIM)
}

/// The IRI of an evidence node, from its hash (`evidence_hash`); its selectors add a suffix.
fn evidence_iri(hash: u64) -> String {
    format!("{}{hash:016x}", id::EVIDENCE)
}

/// The hash that names a shared passage: where it lies, in every source.
fn passage_hash(passage: &Passage) -> u64 {
    let mut content = String::from("passage");
    for o in &passage.occurrences {
        // Writing to a `String` cannot fail.
        let _ = write!(content, "\t{}\t{}\t{}", o.source, o.start, o.end);
    }
    content_hash(&content)
}

/// The IRI of a shared passage, from its hash (`passage_hash`); its occurrences add a suffix.
fn passage_iri(hash: u64) -> String {
    format!("{}{hash:016x}", id::PASSAGE)
}

/// The named graph that holds the claims drawn from a source, in the N-Quads export.
pub fn claims_graph(source_id: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}{source_id}/claims", id::SOURCE))
}

/// One statement and its N-Triples form (without the final ` .`), which orders it.
#[derive(Debug, Clone)]
pub struct Statement {
    /// Subject, predicate and object as N-Triples writes them.
    pub line: String,
    /// The statement, in the named graph of the claims of its source or in the default graph.
    pub quad: Quad,
}

impl Statement {
    /// A statement and its line.
    pub fn new(quad: Quad) -> Self {
        let mut line = String::with_capacity(
            term_len_hint(quad.subject.as_ref().into())
                + quad.predicate.as_str().len()
                + 2
                + term_len_hint(quad.object.as_ref())
                + 8,
        );
        ntriples_term(&mut line, quad.subject.as_ref().into());
        line.push(' ');
        ntriples_term(&mut line, quad.predicate.as_ref().into());
        line.push(' ');
        ntriples_term(&mut line, quad.object.as_ref());
        Self { line, quad }
    }
}

/// Roughly how long a term's N-Triples form is, to size the line once.
fn term_len_hint(term: TermRef<'_>) -> usize {
    match term {
        TermRef::NamedNode(n) => n.as_str().len() + 2,
        TermRef::BlankNode(b) => b.as_str().len() + 2,
        TermRef::Literal(l) => {
            l.value().len()
                + 2
                + l.language()
                    .map_or(l.datatype().as_str().len() + 4, str::len)
        }
    }
}

/// Appends a term as N-Triples writes it: the same text as Oxigraph's `Display`, which this
/// replaces because going through `fmt` one character at a time made it a large share of
/// mapping the graph (a unit test compares the two).
pub fn ntriples_term(out: &mut String, term: TermRef<'_>) {
    match term {
        TermRef::NamedNode(n) => {
            out.push('<');
            out.push_str(n.as_str());
            out.push('>');
        }
        TermRef::BlankNode(b) => {
            out.push_str("_:");
            out.push_str(b.as_str());
        }
        TermRef::Literal(l) => {
            quoted(out, l.value());
            if let Some(language) = l.language() {
                out.push('@');
                out.push_str(language);
            } else if l.datatype() != xsd::STRING {
                out.push_str("^^<");
                out.push_str(l.datatype().as_str());
                out.push('>');
            }
        }
    }
}

/// A literal's text in double quotes, escaped as `oxrdf::print_quoted_str` escapes it.
fn quoted(out: &mut String, value: &str) {
    out.push('"');
    // Most values need no escape at all: one pass over the bytes says so.
    let plain = !value
        .bytes()
        .any(|b| b < 0x20 || b == b'"' || b == b'\\' || b == 0x7F || b == 0xEF);
    if plain {
        out.push_str(value);
    } else {
        for c in value.chars() {
            match c {
                '\u{8}' => out.push_str("\\b"),
                '\t' => out.push_str("\\t"),
                '\n' => out.push_str("\\n"),
                '\u{C}' => out.push_str("\\f"),
                '\r' => out.push_str("\\r"),
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\0'..='\u{1F}' | '\u{7F}' | '\u{FFFE}' | '\u{FFFF}' => {
                    // Writing to a `String` cannot fail.
                    let _ = write!(out, "\\u{:04X}", u32::from(c));
                }
                _ => out.push(c),
            }
        }
    }
    out.push('"');
}

/// The statements about one subject (for evidence: the node and its two selectors), sorted by
/// their N-Triples lines.
pub type Block = [Statement];

/// What a block is about, in the order of its subjects' IRIs within its kind.
#[derive(Debug, Clone)]
enum Group {
    /// Ontology statements about one subject: a range of `Graph::ontology`.
    Ontology(std::ops::Range<usize>),
    Source(usize),
    Part(usize),
    Actor(usize),
    /// A claim, by the index of its fact.
    Claim(usize),
    /// An evidence node and its selectors, by the index of the first fact that quotes it.
    Evidence(usize),
    /// A shared passage with its occurrences and their selectors, by its index.
    Passage(usize),
}

/// Which blocks a `Graph` gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole graph.
    Whole,
    /// What the corpus's documents give: sources, parts, claims and evidence; no ontology, no
    /// actors, no direct triples. For a part of a corpus, mapped apart from the rest
    /// (`shards.rs`), which adds those once.
    Documents,
}

/// The graph of a validated corpus, walked one block at a time (see the module comment).
#[derive(Debug)]
pub struct Graph<'v> {
    validated: &'v Validated,
    /// The ontology's triples, sorted.
    ontology: Vec<Triple>,
    /// Every block, in the order of its subject.
    groups: Vec<Group>,
    claim_hashes: Vec<u64>,
    evidence_hashes: Vec<u64>,
    /// The direct triples each actor is the subject of: (property, object actor), sorted.
    direct: Vec<Vec<(NamedNode, usize)>>,
    /// The corpus's shared passages: found here for the whole graph, given for a part of a
    /// corpus (whose claims may lie in passages shared with other parts).
    passages: Cow<'v, Passages>,
    passage_hashes: Vec<u64>,
    /// What a claim counts as when its relation's sources are counted, for the few whose source
    /// is not its own origin (`counts_as`), by fact.
    counts_as: HashMap<usize, NamedNode>,
}

/// Compares two IRIs as N-Triples orders them: as `<iri>`, where the closing `>` sorts after
/// `-` (so `mali-army` comes before `mali`).
fn iri_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes().chain([b'>']).cmp(b.bytes().chain([b'>']))
}

impl<'v> Graph<'v> {
    /// Indexes the corpus: names every claim and evidence node, works out which relations
    /// hold, and puts every subject in order. Two different facts that hash to the same claim
    /// IRI (a 64-bit collision) are an error rather than a silent merge.
    pub fn new(validated: &'v Validated) -> anyhow::Result<Self> {
        Self::scoped(validated, Scope::Whole)
    }

    /// `new`, giving only the blocks of `scope`. A part of a corpus (`Scope::Documents`) is
    /// mapped without shared passages: see `with_passages`.
    pub fn scoped(validated: &'v Validated, scope: Scope) -> anyhow::Result<Self> {
        let passages = match scope {
            Scope::Whole => passages::of_corpus(validated),
            Scope::Documents => Passages::default(),
        };
        Self::with_passages(validated, scope, Cow::Owned(passages))
    }

    /// `scoped`, with the corpus's shared passages found beforehand: the whole graph gives
    /// their blocks, and either scope links each claim to the passages its quote lies in. One
    /// piece: each kind of block is named and put in order here, and the kinds are merged in
    /// one order at the end.
    pub fn with_passages(
        validated: &'v Validated,
        scope: Scope,
        passages: Cow<'v, Passages>,
    ) -> anyhow::Result<Self> {
        let whole = scope == Scope::Whole;
        let mut ontology = if whole {
            validated.ontology.triples.clone()
        } else {
            Vec::new()
        };
        ontology.sort_by_cached_key(ToString::to_string);
        ontology.dedup();
        let mut ontology_groups = Vec::new();
        let mut start = 0;
        for block in ontology.chunk_by(|a, b| a.subject == b.subject) {
            ontology_groups.push(Group::Ontology(start..start + block.len()));
            start += block.len();
        }

        let by_iri = |n: usize, iri: &dyn Fn(usize) -> &'v str| {
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| iri_order(iri(a), iri(b)));
            order
        };
        let sources = by_iri(validated.sources.len(), &|i| &validated.sources[i].id);
        let parts = by_iri(validated.parts.len(), &|i| &validated.parts[i].id);
        let actors = by_iri(if whole { validated.actors.len() } else { 0 }, &|i| {
            &validated.actors[i].id
        });

        let claim_hashes: Vec<u64> = validated
            .facts
            .iter()
            .map(|f| claim_hash(validated, f))
            .collect();
        let evidence_hashes: Vec<u64> = validated
            .facts
            .iter()
            .map(|f| evidence_hash(validated, f))
            .collect();
        let mut claims: Vec<usize> = (0..validated.facts.len()).collect();
        claims.sort_unstable_by_key(|&f| claim_hashes[f]);
        for pair in claims.windows(2) {
            anyhow::ensure!(
                claim_hashes[pair[0]] != claim_hashes[pair[1]],
                "facts {} and {} hash to the same claim IRI {}: change one of their notes' \
                 wording or report this (a 64-bit collision)",
                validated.facts[pair[0]].id,
                validated.facts[pair[1]].id,
                claim_iri(claim_hashes[pair[0]])
            );
        }
        let mut evidence: Vec<usize> = (0..validated.facts.len()).collect();
        evidence.sort_unstable_by_key(|&f| (evidence_hashes[f], f));
        evidence.dedup_by_key(|f| evidence_hashes[*f]);

        let mut direct: Vec<Vec<(NamedNode, usize)>> = vec![Vec::new(); validated.actors.len()];
        // In any order: each block is sorted before it is given out.
        let statuses = if whole {
            relation_statuses(validated)
        } else {
            Vec::new()
        };
        for ((s, relation, o), status) in statuses {
            if status != Status::Current {
                continue;
            }
            let property = &validated.ontology.relations[relation];
            for (subject, object) in directions(property, s, o) {
                direct[subject].push((property.iri.clone(), object));
            }
        }

        let passage_hashes: Vec<u64> = passages.list.iter().map(passage_hash).collect();
        let counts_as = counts_as(validated, &passages, &passage_hashes);
        let mut passage_groups: Vec<usize> = if whole {
            (0..passage_hashes.len()).collect()
        } else {
            Vec::new()
        };
        passage_groups.sort_unstable_by_key(|&i| passage_hashes[i]);

        // Each kind is in order; merging them by subject IRI puts the whole graph in order.
        let kinds: Vec<Vec<Group>> = vec![
            ontology_groups,
            sources.into_iter().map(Group::Source).collect(),
            parts.into_iter().map(Group::Part).collect(),
            actors.into_iter().map(Group::Actor).collect(),
            claims.into_iter().map(Group::Claim).collect(),
            evidence.into_iter().map(Group::Evidence).collect(),
            passage_groups.into_iter().map(Group::Passage).collect(),
        ];
        let mut graph = Self {
            validated,
            ontology,
            groups: Vec::new(),
            claim_hashes,
            evidence_hashes,
            direct,
            passages,
            passage_hashes,
            counts_as,
        };
        graph.groups = graph.merge(kinds);
        Ok(graph)
    }

    /// The subject that orders a group, as N-Triples writes it.
    fn key(&self, group: &Group) -> String {
        let v = self.validated;
        match group {
            Group::Ontology(range) => self.ontology[range.start].subject.to_string(),
            Group::Source(i) => format!("<{}>", source_iri(&v.sources[*i].id).as_str()),
            Group::Part(i) => format!("<{}>", part_iri(&v.parts[*i].id).as_str()),
            Group::Actor(i) => format!("<{}>", actor_iri(&v.actors[*i].id).as_str()),
            Group::Claim(f) => format!("<{}>", claim_iri(self.claim_hashes[*f])),
            Group::Evidence(f) => format!("<{}>", evidence_iri(self.evidence_hashes[*f])),
            Group::Passage(i) => format!("<{}>", passage_iri(self.passage_hashes[*i])),
        }
    }

    fn merge(&self, kinds: Vec<Vec<Group>>) -> Vec<Group> {
        let total = kinds.iter().map(Vec::len).sum();
        let mut merged = Vec::with_capacity(total);
        let mut iters: Vec<std::vec::IntoIter<Group>> =
            kinds.into_iter().map(Vec::into_iter).collect();
        let mut heads: Vec<Option<(String, Group)>> = iters
            .iter_mut()
            .map(|it| it.next().map(|g| (self.key(&g), g)))
            .collect();
        while let Some(next) = heads
            .iter()
            .enumerate()
            .filter_map(|(i, h)| h.as_ref().map(|(key, _)| (i, key)))
            .min_by(|a, b| a.1.cmp(b.1))
            .map(|(i, _)| i)
        {
            let advanced = iters[next].next().map(|g| (self.key(&g), g));
            if let Some((_, group)) = std::mem::replace(&mut heads[next], advanced) {
                merged.push(group);
            }
        }
        merged
    }

    /// The 64-bit hashes that name the claims, one per fact: for a caller that checks claims
    /// mapped apart for the collisions `new` rules out.
    pub fn claim_hashes(&self) -> &[u64] {
        &self.claim_hashes
    }

    /// How many blocks `for_each_block` gives.
    pub fn blocks(&self) -> usize {
        self.groups.len()
    }

    /// Walks the graph block by block, in order; stops at the first error `each` returns.
    pub fn for_each_block(
        &self,
        mut each: impl FnMut(Vec<Statement>) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let mut out = Out {
            quads: Vec::new(),
            graph: GraphName::DefaultGraph,
        };
        for group in &self.groups {
            out.graph = GraphName::DefaultGraph;
            self.group(group, &mut out);
            let mut block: Vec<Statement> = out.quads.drain(..).map(Statement::new).collect();
            block.sort_unstable_by(|a, b| a.line.cmp(&b.line));
            block.dedup_by(|a, b| a.line == b.line);
            each(block)?;
        }
        Ok(())
    }

    /// Every statement, in order: the sorted graph, for tests and small corpora.
    pub fn statements(&self) -> Vec<Statement> {
        let mut all = Vec::new();
        let _ = self.for_each_block(|block| {
            all.extend(block);
            Ok(())
        });
        all
    }

    fn group(&self, group: &Group, out: &mut Out) {
        let v = self.validated;
        match group {
            Group::Ontology(range) => {
                for t in &self.ontology[range.clone()] {
                    out.quads.push(t.clone().in_graph(GraphName::DefaultGraph));
                }
            }
            Group::Source(i) => source(&v.sources[*i], out),
            Group::Part(i) => part(v, &v.parts[*i], out),
            Group::Actor(i) => {
                actor(v, &v.actors[*i], out);
                let iri = actor_iri(&v.actors[*i].id);
                for (property, object) in &self.direct[*i] {
                    out.add(&iri, property.as_ref(), actor_iri(&v.actors[*object].id));
                }
            }
            Group::Claim(f) => {
                let fact = &v.facts[*f];
                out.graph = claims_graph(&v.sources[fact.source].id).into();
                let iri = NamedNode::new_unchecked(claim_iri(self.claim_hashes[*f]));
                let evidence = NamedNode::new_unchecked(evidence_iri(self.evidence_hashes[*f]));
                claim(v, fact, &iri, &evidence, out);
                if let Some(origin) = self.counts_as.get(f) {
                    out.add(&iri, skg::COUNTS_AS, origin.clone());
                }
                let source = &v.sources[fact.source].id;
                for i in self.passages.containing(source, &fact.span.bytes) {
                    let passage = passage_iri(self.passage_hashes[i]);
                    out.add(
                        &iri,
                        skg::IN_SHARED_PASSAGE,
                        NamedNode::new_unchecked(passage),
                    );
                }
            }
            Group::Evidence(f) => {
                let fact = &v.facts[*f];
                out.graph = claims_graph(&v.sources[fact.source].id).into();
                let evidence = evidence_iri(self.evidence_hashes[*f]);
                evidence_node(v, fact, &evidence, out);
            }
            Group::Passage(i) => {
                passage_node(&self.passages.list[*i], self.passage_hashes[*i], out);
            }
        }
    }
}

/// What each claim counts as when the sources of its relation are counted, for the claims
/// whose source is not its own origin: a source with any quote of a relation in a shared
/// passage counts, for that relation, as the passage (the first by IRI when its quotes lie in
/// several); a source that reprints another counts as the original; every other source as
/// itself, which takes no statement. Decided per relation (subject, relation, object, both ways
/// for a symmetric one) and source, so all the facts of one source fall in one part of a
/// corpus mapped apart.
fn counts_as(
    validated: &Validated,
    passages: &Passages,
    passage_hashes: &[u64],
) -> HashMap<usize, NamedNode> {
    fn key<'f>(validated: &Validated, fact: &'f Fact) -> (usize, &'f str, usize, usize) {
        let (s, o) = ordered_pair(validated, fact);
        (s, fact.relation.as_str(), o, fact.source)
    }
    let mut first_passage: HashMap<(usize, &str, usize, usize), u64> = HashMap::new();
    for fact in &validated.facts {
        let source = &validated.sources[fact.source].id;
        for i in passages.containing(source, &fact.span.bytes) {
            let hash = passage_hashes[i];
            first_passage
                .entry(key(validated, fact))
                .and_modify(|first| *first = (*first).min(hash))
                .or_insert(hash);
        }
    }
    let mut counts_as = HashMap::new();
    for (f, fact) in validated.facts.iter().enumerate() {
        let origin = match first_passage.get(&key(validated, fact)) {
            Some(&hash) => NamedNode::new_unchecked(passage_iri(hash)),
            None => match &validated.sources[fact.source].reprints {
                Some(original) => source_iri(original),
                None => continue,
            },
        };
        counts_as.insert(f, origin);
    }
    counts_as
}

/// The statements of every shared passage, sorted: for a caller that maps the parts of a
/// corpus apart (`shards.rs`), whose blocks hold no passage.
pub fn passage_statements(passages: &Passages) -> Vec<Statement> {
    let mut out = Out {
        quads: Vec::new(),
        graph: GraphName::DefaultGraph,
    };
    for passage in &passages.list {
        passage_node(passage, passage_hash(passage), &mut out);
    }
    let mut statements: Vec<Statement> = out.quads.into_iter().map(Statement::new).collect();
    statements.sort_unstable_by(|a, b| a.line.cmp(&b.line));
    statements.dedup_by(|a, b| a.line == b.line);
    statements
}

/// Collects quads: everything in the default graph but the claims, which go to their
/// source's graph.
struct Out {
    quads: Vec<Quad>,
    graph: GraphName,
}

impl Out {
    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.quads.push(Quad::new(
            NamedOrBlankNode::from(s.clone()),
            p,
            o,
            self.graph.clone(),
        ));
    }

    fn text(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, value: Option<&str>) {
        if let Some(value) = value {
            self.add(s, p, Literal::new_simple_literal(value));
        }
    }

    fn tagged(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, value: &str, language: &str) {
        self.add(
            s,
            p,
            Literal::new_language_tagged_literal_unchecked(value, language),
        );
    }

    fn date(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, date: Option<PartialDate>) {
        if let Some(date) = date {
            self.add(
                s,
                p,
                Literal::new_typed_literal(date.to_string(), date.datatype()),
            );
        }
    }

    fn count(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, n: usize) {
        self.add(
            s,
            p,
            Literal::new_typed_literal(n.to_string(), xsd::NON_NEGATIVE_INTEGER),
        );
    }
}

fn source(source: &Source, out: &mut Out) {
    let iri = source_iri(&source.id);
    out.add(&iri, rdf::TYPE, source.kind.clone());
    out.text(&iri, dc::IDENTIFIER, Some(&source.id));
    out.tagged(&iri, dc::TITLE, &source.title, &source.language);
    out.text(&iri, dc::PUBLISHER, source.publisher.as_deref());
    out.text(&iri, dc::CREATOR, source.author.as_deref());
    out.date(&iri, dc::ISSUED, source.published);
    out.text(&iri, skg::DATE_PRECISION_NOTE, source.date_note.as_deref());
    out.text(&iri, dc::LANGUAGE, Some(&source.language));
    match &source.cites {
        Some(Cites::Url(url)) => out.add(&iri, dc::SOURCE, url.clone()),
        Some(Cites::Name(name)) => out.text(&iri, dc::SOURCE_TEXT, Some(name)),
        None => {}
    }
    if let Some(url) = &source.url {
        out.add(&iri, schema::URL, url.clone());
    }
    out.date(&iri, skg::RETRIEVED, source.retrieved);
    if let Some(original) = &source.reprints {
        out.add(&iri, skg::REPRINTS, source_iri(original));
    }
    out.text(&iri, skg::SHA256, Some(&source.sha256));
    out.text(&iri, skg::FILE_NAME, Some(&source.file));
    out.text(&iri, skg::NOTE, source.note.as_deref());
}

fn part(validated: &Validated, part: &Part, out: &mut Out) {
    let iri = part_iri(&part.id);
    out.add(&iri, rdf::TYPE, part.kind.clone());
    out.text(&iri, dc::IDENTIFIER, Some(&part.id));
    out.add(
        &iri,
        dc::IS_PART_OF,
        source_iri(&validated.sources[part.source].id),
    );
    out.text(&iri, dc::CREATOR, part.author.as_deref());
    out.date(&iri, dc::ISSUED, part.published);
    out.text(&iri, dc::LANGUAGE, part.language.as_deref());
    out.count(&iri, skg::FIRST_LINE, part.first_line);
    out.count(&iri, skg::LAST_LINE, part.last_line);
    out.text(&iri, skg::NOTE, part.note.as_deref());
}

fn actor(validated: &Validated, actor: &Actor, out: &mut Out) {
    let iri = actor_iri(&actor.id);
    out.add(&iri, rdf::TYPE, actor.kind.clone());
    out.text(&iri, dc::IDENTIFIER, Some(&actor.id));
    for (label, language) in [(&actor.label_fr, "fr"), (&actor.label_en, "en")] {
        out.tagged(&iri, rdf::LABEL, label, language);
        out.tagged(&iri, skos::PREF_LABEL, label, language);
    }
    for alias in &actor.aliases {
        out.text(&iri, skos::ALT_LABEL, Some(alias));
    }
    for misspelling in &actor.misspellings {
        out.text(&iri, skos::HIDDEN_LABEL, Some(misspelling));
    }
    if let Some(state) = actor.acts_for {
        out.add(&iri, skg::ACTS_FOR, actor_iri(&validated.actors[state].id));
    }
    if let Some(q) = &actor.wikidata {
        out.add(
            &iri,
            rdf::SAME_AS,
            NamedNode::new_unchecked(format!("{}{q}", id::WIKIDATA)),
        );
    }
    out.text(&iri, skg::NOTE, actor.note.as_deref());
}

fn claim(validated: &Validated, fact: &Fact, iri: &NamedNode, evidence: &NamedNode, out: &mut Out) {
    let source = &validated.sources[fact.source];
    let part = fact.part.map(|p| &validated.parts[p]);
    let language = part
        .and_then(|p| p.language.as_deref())
        .unwrap_or(&source.language);
    out.add(iri, rdf::TYPE, rdf::STATEMENT);
    out.add(iri, rdf::TYPE, skg::CLAIM);
    out.text(iri, dc::IDENTIFIER, Some(&fact.id));
    out.add(
        iri,
        rdf::SUBJECT,
        actor_iri(&validated.actors[fact.subject].id),
    );
    out.add(
        iri,
        rdf::PREDICATE,
        validated.ontology.relations[&fact.relation].iri.clone(),
    );
    out.add(
        iri,
        rdf::OBJECT,
        actor_iri(&validated.actors[fact.object].id),
    );
    out.add(iri, skg::SOURCED_BY, source_iri(&source.id));
    if let Some(part) = part {
        out.add(iri, skg::IN_PART, part_iri(&part.id));
    }
    out.tagged(iri, skg::QUOTE, validated.quote(fact), language);
    if let Some(claimant) = fact.claimed_by {
        out.add(
            iri,
            skg::CLAIMED_BY,
            actor_iri(&validated.actors[claimant].id),
        );
    }
    out.add(iri, skg::STRENGTH_PROPERTY, fact.strength.clone());
    out.date(iri, skg::START_DATE, fact.start);
    out.date(iri, skg::END_DATE, fact.end);
    out.text(iri, skg::NOTE, fact.note.as_deref());
    out.add(iri, skg::EVIDENCE, evidence.clone());
}

/// The passage a fact quotes, as a Web Annotation: the node and its two selectors.
fn evidence_node(validated: &Validated, fact: &Fact, evidence: &str, out: &mut Out) {
    let source = &validated.sources[fact.source];
    let node = NamedNode::new_unchecked(evidence);
    let quote_selector = NamedNode::new_unchecked(format!("{evidence}-quote"));
    let position_selector = NamedNode::new_unchecked(format!("{evidence}-position"));
    out.add(&node, rdf::TYPE, oa::SPECIFIC_RESOURCE);
    out.add(&node, oa::HAS_SOURCE, source_iri(&source.id));
    out.add(&node, oa::HAS_SELECTOR, quote_selector.clone());
    out.add(&node, oa::HAS_SELECTOR, position_selector.clone());
    out.add(&quote_selector, rdf::TYPE, oa::TEXT_QUOTE_SELECTOR);
    out.text(&quote_selector, oa::EXACT, Some(validated.quote(fact)));
    out.add(&position_selector, rdf::TYPE, oa::TEXT_POSITION_SELECTOR);
    out.count(&position_selector, oa::START, fact.span.start);
    out.count(&position_selector, oa::END, fact.span.end);
}

/// A shared passage, its occurrences (each an `oa:SpecificResource` with its source, lines and
/// a `TextPositionSelector`), its length and excerpt.
fn passage_node(passage: &Passage, hash: u64, out: &mut Out) {
    let iri = passage_iri(hash);
    let node = NamedNode::new_unchecked(iri.as_str());
    out.add(&node, rdf::TYPE, skg::SHARED_PASSAGE);
    out.count(&node, skg::WORD_COUNT, passage.words);
    out.text(&node, skg::EXCERPT, Some(&passage.excerpt));
    for o in &passage.occurrences {
        let occurrence = NamedNode::new_unchecked(format!("{iri}-{}-{}", o.source, o.start));
        let position = NamedNode::new_unchecked(format!("{}-position", occurrence.as_str()));
        out.add(&node, skg::OCCURRENCE, occurrence.clone());
        out.add(&occurrence, rdf::TYPE, oa::SPECIFIC_RESOURCE);
        out.add(&occurrence, oa::HAS_SOURCE, source_iri(&o.source));
        out.add(&occurrence, oa::HAS_SELECTOR, position.clone());
        out.count(&occurrence, skg::START_LINE, o.first_line);
        out.count(&occurrence, skg::END_LINE, o.last_line);
        out.add(&position, rdf::TYPE, oa::TEXT_POSITION_SELECTOR);
        out.count(&position, oa::START, o.start);
        out.count(&position, oa::END, o.end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::BlankNode;
    use proptest::prelude::*;

    fn written(term: &Term) -> String {
        let mut line = String::new();
        ntriples_term(&mut line, term.as_ref());
        line
    }

    /// A fact for `status`: `start` and `end` as the CSV spells them, empty for none.
    fn dated(start: &str, end: &str, implied: bool) -> Dated {
        let date = |text: &str| (!text.is_empty()).then(|| PartialDate::parse(text).unwrap());
        Dated {
            start: date(start),
            end: date(end),
            implied,
        }
    }

    #[test]
    fn a_relation_is_former_when_it_ends_and_nothing_starts_it_again() {
        use Status::{Current, Former, Implied};
        let cases = [
            (vec![dated("", "", false)], Current),
            (vec![dated("", "", true)], Implied),
            (vec![dated("", "", true), dated("", "", false)], Current),
            (vec![dated("2021", "", false)], Current),
            (vec![dated("", "2022", false)], Former),
            (vec![dated("", "2022", true)], Former),
            (vec![dated("", "2022", false), dated("", "", false)], Former),
            // a start within the year that ended it may lie before the end: no restart
            (
                vec![dated("", "2022", false), dated("2022-05", "", false)],
                Former,
            ),
            (
                vec![dated("", "2022", false), dated("2023", "", false)],
                Current,
            ),
            (
                vec![dated("", "2022", true), dated("2023", "", true)],
                Implied,
            ),
            (
                vec![dated("", "2022", true), dated("2023", "", false)],
                Current,
            ),
            // at month and day precision
            (
                vec![dated("", "2023-02", false), dated("2023-03", "", false)],
                Current,
            ),
            (
                vec![dated("", "2025-01", false), dated("2025-01-15", "", false)],
                Former,
            ),
            (
                vec![
                    dated("", "2025-01-15", false),
                    dated("2025-01-16", "", false),
                ],
                Current,
            ),
            // only the latest end counts: a start after an earlier end does not restart it
            (
                vec![dated("", "2020", false), dated("2021", "2024", false)],
                Former,
            ),
            (
                vec![dated("", "2024", false), dated("2019", "2020", false)],
                Former,
            ),
        ];
        for (facts, expected) in cases {
            assert_eq!(status(&facts), expected, "{facts:?}");
            let reversed: Vec<Dated> = facts.iter().rev().copied().collect();
            assert_eq!(status(&reversed), expected, "{reversed:?}");
        }
    }

    #[test]
    fn terms_are_written_as_oxigraph_displays_them() {
        let mut terms: Vec<Term> = vec![
            NamedNode::new_unchecked("https://w3id.org/sahel-kg/id/mali").into(),
            BlankNode::new_unchecked("b0").into(),
            Literal::new_typed_literal("2023-07", xsd::G_YEAR_MONTH).into(),
            Literal::new_typed_literal("12", xsd::NON_NEGATIVE_INTEGER).into(),
            Literal::new_language_tagged_literal_unchecked("Mali", "fr").into(),
        ];
        for text in [
            "",
            "« les alliés russes »",
            "l’armée \"malienne\"",
            "back\\slash",
            "tab\tnew\nline\rcr\u{8}\u{C}",
            "nul\0 unit\u{1F} del\u{7F}",
            "\u{FFFE}\u{FFFF}\u{FEFF}\u{F000}",
            "🦁 Sahel",
        ] {
            terms.push(Literal::from(text).into());
            terms.push(Literal::new_language_tagged_literal_unchecked(text, "fr").into());
        }
        for term in &terms {
            assert_eq!(written(term), term.to_string());
        }
    }

    proptest! {
        #[test]
        fn any_literal_is_written_as_oxigraph_displays_it(text in any::<String>()) {
            let term: Term = Literal::from(text).into();
            prop_assert_eq!(written(&term), term.to_string());
        }
    }
}
