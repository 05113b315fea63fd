//! Stage 3: map validated annotations to RDF.
//!
//! In: a `Validated` value (nothing else is accepted). Out: the data triples, plain RDF 1.1
//! with no blank nodes, every literal typed or language-tagged:
//! - each source, part and actor with its metadata and labels;
//! - each fact as a claim node (`rdf:Statement`, `skg:Claim`) with its source, part, exact quote,
//!   evidence (a W3C Web Annotation `oa:SpecificResource` with a `TextQuoteSelector` and a
//!   `TextPositionSelector` in code points), claimant, strength and dates;
//! - the direct triple (`id:mali skg:allyOf id:russia`) for each relation that holds as of the
//!   latest source (see `Status`), both ways for a symmetric relation.
//!
//! Claims and evidence are named by a hash of their content, so reordering the CSV or running
//! twice names them the same. What this stage does not do: order or deduplicate the triples
//! (the store does), or read any file.

use std::collections::BTreeMap;

use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use sha2::{Digest, Sha256};

use crate::dates::PartialDate;
use crate::validate::{Cites, Fact, Validated, hex};
use crate::vocab::{dc, id, oa, rdf, skg, skos, xsd};

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

/// The key of a fact's relation.
pub fn relation_key(validated: &Validated, fact: &Fact) -> RelationKey {
    let (s, o) = (fact.subject, fact.object);
    let swap = validated.ontology.relations[&fact.relation].symmetric
        && validated.actors[s].id > validated.actors[o].id;
    if swap {
        (o, fact.relation.clone(), s)
    } else {
        (s, fact.relation.clone(), o)
    }
}

/// The status of every annotated relation.
///
/// A relation is former when at least one fact gives it an end date and no fact gives it a
/// start date certainly after the latest such end; otherwise it is current if any stated or
/// claimed fact supports it, and implied if only implied facts do.
pub fn statuses(validated: &Validated) -> BTreeMap<RelationKey, Status> {
    let mut by_relation: BTreeMap<RelationKey, Vec<&Fact>> = BTreeMap::new();
    for fact in &validated.facts {
        by_relation
            .entry(relation_key(validated, fact))
            .or_default()
            .push(fact);
    }
    by_relation
        .into_iter()
        .map(|(key, facts)| {
            let latest_end = facts
                .iter()
                .filter_map(|f| f.end)
                .max_by_key(|d| d.latest());
            let restarted = |end: PartialDate| {
                facts
                    .iter()
                    .any(|f| f.start.is_some_and(|s| s.is_after(end)))
            };
            let status = match latest_end {
                Some(end) if !restarted(end) => Status::Former,
                _ if facts.iter().all(|f| f.strength.as_ref() == skg::IMPLIED) => Status::Implied,
                _ => Status::Current,
            };
            (key, status)
        })
        .collect()
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

/// A short, stable name from content: the first 16 hex digits (64 bits) of its SHA-256.
fn content_hash(content: &str) -> String {
    let mut digest = hex(&Sha256::digest(content.as_bytes()));
    digest.truncate(16);
    digest
}

/// The IRI of the claim a fact becomes: a hash of what is claimed, where and by whom.
pub fn claim_iri(validated: &Validated, fact: &Fact) -> NamedNode {
    let claimant = fact
        .claimed_by
        .map_or("", |c| validated.actors[c].id.as_str());
    let content = format!(
        "claim\t{}\t{}\t{}\t{}\t{}\t{}\t{claimant}",
        validated.actors[fact.subject].id,
        validated.ontology.relations[&fact.relation].iri.as_str(),
        validated.actors[fact.object].id,
        validated.sources[fact.source].id,
        fact.span.start,
        fact.span.end,
    );
    NamedNode::new_unchecked(format!("{}{}", id::CLAIM, content_hash(&content)))
}

fn evidence_iri(validated: &Validated, fact: &Fact) -> String {
    let content = format!(
        "evidence\t{}\t{}\t{}",
        validated.sources[fact.source].id, fact.span.start, fact.span.end
    );
    format!("{}{}", id::EVIDENCE, content_hash(&content))
}

/// The named graph that holds the claims drawn from a source, in the N-Quads export.
pub fn claims_graph(source_id: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}{source_id}/claims", id::SOURCE))
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

/// Maps validated annotations to RDF quads (ontology triples not included): claims and their
/// evidence in the named graph of their source (`claims_graph`), everything else in the
/// default graph. Triple stores and the Turtle export ignore the graph names.
pub fn map(validated: &Validated) -> Vec<Quad> {
    let mut out = Out {
        quads: Vec::with_capacity(validated.facts.len() * 24 + validated.actors.len() * 8),
        graph: GraphName::DefaultGraph,
    };
    sources(validated, &mut out);
    actors(validated, &mut out);
    for fact in &validated.facts {
        out.graph = claims_graph(&validated.sources[fact.source].id).into();
        claim(validated, fact, &mut out);
    }
    out.graph = GraphName::DefaultGraph;
    let statuses = statuses(validated);
    for ((s, relation, o), status) in &statuses {
        if *status != Status::Current {
            continue;
        }
        let property = &validated.ontology.relations[relation];
        let (s, o) = (
            actor_iri(&validated.actors[*s].id),
            actor_iri(&validated.actors[*o].id),
        );
        out.add(&s, property.iri.as_ref(), o.clone());
        if property.symmetric {
            out.add(&o, property.iri.as_ref(), s);
        }
    }
    out.quads
}

fn sources(validated: &Validated, out: &mut Out) {
    for source in &validated.sources {
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
        out.text(&iri, skg::SHA256, Some(&source.sha256));
        out.text(&iri, skg::FILE_NAME, Some(&source.file));
        out.text(&iri, skg::NOTE, source.note.as_deref());
    }
    for part in &validated.parts {
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
}

fn actors(validated: &Validated, out: &mut Out) {
    for actor in &validated.actors {
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
}

fn claim(validated: &Validated, fact: &Fact, out: &mut Out) {
    let iri = claim_iri(validated, fact);
    let source = &validated.sources[fact.source];
    let part = fact.part.map(|p| &validated.parts[p]);
    let language = part
        .and_then(|p| p.language.as_deref())
        .unwrap_or(&source.language);
    let quote = validated.quote(fact);
    out.add(&iri, rdf::TYPE, rdf::STATEMENT);
    out.add(&iri, rdf::TYPE, skg::CLAIM);
    out.text(&iri, dc::IDENTIFIER, Some(&fact.id));
    out.add(
        &iri,
        rdf::SUBJECT,
        actor_iri(&validated.actors[fact.subject].id),
    );
    out.add(
        &iri,
        rdf::PREDICATE,
        validated.ontology.relations[&fact.relation].iri.clone(),
    );
    out.add(
        &iri,
        rdf::OBJECT,
        actor_iri(&validated.actors[fact.object].id),
    );
    out.add(&iri, skg::SOURCED_BY, source_iri(&source.id));
    if let Some(part) = part {
        out.add(&iri, skg::IN_PART, part_iri(&part.id));
    }
    out.tagged(&iri, skg::QUOTE, quote, language);
    if let Some(claimant) = fact.claimed_by {
        out.add(
            &iri,
            skg::CLAIMED_BY,
            actor_iri(&validated.actors[claimant].id),
        );
    }
    out.add(&iri, skg::STRENGTH_PROPERTY, fact.strength.clone());
    out.date(&iri, skg::START_DATE, fact.start);
    out.date(&iri, skg::END_DATE, fact.end);
    out.text(&iri, skg::NOTE, fact.note.as_deref());

    let evidence = evidence_iri(validated, fact);
    let node = NamedNode::new_unchecked(evidence.clone());
    let quote_selector = NamedNode::new_unchecked(format!("{evidence}-quote"));
    let position_selector = NamedNode::new_unchecked(format!("{evidence}-position"));
    out.add(&iri, skg::EVIDENCE, node.clone());
    out.add(&node, rdf::TYPE, oa::SPECIFIC_RESOURCE);
    out.add(&node, oa::HAS_SOURCE, source_iri(&source.id));
    out.add(&node, oa::HAS_SELECTOR, quote_selector.clone());
    out.add(&node, oa::HAS_SELECTOR, position_selector.clone());
    out.add(&quote_selector, rdf::TYPE, oa::TEXT_QUOTE_SELECTOR);
    out.text(&quote_selector, oa::EXACT, Some(quote));
    out.add(&position_selector, rdf::TYPE, oa::TEXT_POSITION_SELECTOR);
    out.count(&position_selector, oa::START, fact.span.start);
    out.count(&position_selector, oa::END, fact.span.end);
}
