//! Stage 6c: the coverage report, which keeps the annotation honest.
//!
//! In: validated annotations. Out: the rows of `output/coverage.csv`:
//! - a `mention` row for every place a document names an actor through one of its labels,
//!   aliases or misspellings (whole words, matched with the same folding as quotes), saying
//!   whether the quote of a fact about that actor covers it (its subject, object or claimant,
//!   or an actor acting for one of them or that one acts for: a quote about others does not),
//!   and, when none does, the decision recorded on its sentence: a mention reviewed and left
//!   alone;
//! - a `sentence` row for every sentence that names two or more actors and overlaps no fact's
//!   quote, with the recorded decision from `seeds/not-facts.csv` when there is one. An empty
//!   decision is work left to do.
//!
//! A decision (a row of `not-facts.csv`) settles each sentence its excerpt overlaps: the
//! sentence row and every uncovered mention in it.
//!
//! Mentions in boilerplate are marked `boilerplate` and its sentences are not listed: page
//! furniture is never a source of facts. What this does not do: judge whether an uncovered
//! sentence states a fact; that is the analyst's call, recorded in `not-facts.csv`.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::pipeline::ontology::local_name;
use crate::pipeline::text::match_key;
use crate::pipeline::validate::{Fact, Part, Validated, by_source};
use crate::vocab::skg;

/// The columns of `coverage.csv`.
pub const COLUMNS: &[&str] = &[
    "source",
    "line",
    "part",
    "part_kind",
    "row",
    "actors",
    "text",
    "covered",
    "decision",
];

/// One document's context for building rows.
struct Doc<'a> {
    validated: &'a Validated,
    source: usize,
    parts: Vec<&'a Part>,
}

impl Doc<'_> {
    fn part_of(&self, byte: usize) -> Option<&Part> {
        self.parts.iter().copied().find(|p| p.bytes.contains(&byte))
    }

    fn is_boilerplate(&self, byte: usize) -> bool {
        self.part_of(byte)
            .is_some_and(|p| p.kind.as_ref() == skg::BOILERPLATE)
    }

    fn row(
        &self,
        bytes: &Range<usize>,
        kind: &str,
        actors: &str,
        covered: &str,
        decision: &str,
    ) -> Vec<String> {
        let source = &self.validated.sources[self.source];
        let part = self.part_of(bytes.start);
        vec![
            source.id.clone(),
            source.document.line_of(bytes.start).to_string(),
            part.map_or_else(String::new, |p| p.id.clone()),
            part.map_or_else(String::new, |p| local_name(&p.kind).to_owned()),
            kind.to_owned(),
            actors.to_owned(),
            source.document.text()[bytes.clone()].to_owned(),
            covered.to_owned(),
            decision.to_owned(),
        ]
    }
}

/// Builds the coverage rows, ordered by source, then position, mentions before sentences.
pub fn rows(validated: &Validated) -> anyhow::Result<Vec<Vec<String>>> {
    let (finder, owners) = finder(validated)?;
    let mut rows = Vec::new();
    // Sources and actors in id order, so that the report does not depend on row order.
    let mut sources: Vec<(usize, &crate::pipeline::validate::Source)> =
        validated.sources.iter().enumerate().collect();
    sources.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    let n = validated.sources.len();
    let mut parts_by_source = by_source(&validated.parts, n, |p| p.source);
    let facts_by_source = by_source(&validated.facts, n, |f| f.source);
    let not_facts_by_source = by_source(&validated.not_facts, n, |d| d.source);
    for (s, source) in sources {
        let doc = Doc {
            validated,
            source: s,
            parts: std::mem::take(&mut parts_by_source[s]),
        };
        let facts = &facts_by_source[s];
        let quotes: Vec<&Range<usize>> = facts.iter().map(|f| &f.span.bytes).collect();
        let mentions: Vec<(usize, Range<usize>)> = source
            .document
            .whole_words(&finder)
            .map(|(pattern, bytes)| (owners[pattern], bytes))
            .collect();
        let sentences = source.document.sentences();
        let decision_of = |sentence: &Range<usize>| {
            not_facts_by_source[s]
                .iter()
                .find(|n| n.span.bytes.start < sentence.end && sentence.start < n.span.bytes.end)
                .map_or("", |n| n.reason.as_str())
        };
        let mut found = Vec::new();
        for (actor, bytes) in &mentions {
            let (covered, decision) = if doc.is_boilerplate(bytes.start) {
                ("boilerplate", "")
            } else if facts.iter().any(|f| {
                f.span.bytes.start <= bytes.start
                    && bytes.end <= f.span.bytes.end
                    && names(validated, f, *actor)
            }) {
                ("yes", "")
            } else {
                // A decision on the mention's sentence says it was reviewed and left alone.
                let i = sentences.partition_point(|r| r.end <= bytes.start);
                let sentence = sentences.get(i).filter(|r| r.start <= bytes.start);
                ("no", sentence.map_or("", decision_of))
            };
            let row = doc.row(
                bytes,
                "mention",
                &validated.actors[*actor].id,
                covered,
                decision,
            );
            found.push((bytes.start, 0, row));
        }
        for sentence in sentences {
            let mut named: Vec<&str> = mentions
                .iter()
                .filter(|(_, m)| sentence.start <= m.start && m.end <= sentence.end)
                .map(|(a, _)| validated.actors[*a].id.as_str())
                .collect();
            named.sort_unstable();
            named.dedup();
            let overlaps_a_quote = quotes
                .iter()
                .any(|q| q.start < sentence.end && sentence.start < q.end);
            if named.len() < 2 || overlaps_a_quote || doc.is_boilerplate(sentence.start) {
                continue;
            }
            let decision = decision_of(&sentence);
            let row = doc.row(&sentence, "sentence", &named.join(" "), "no", decision);
            found.push((sentence.start, 1, row));
        }
        found.sort_by_key(|(start, kind, _)| (*start, *kind));
        rows.extend(found.into_iter().map(|(_, _, row)| row));
    }
    Ok(rows)
}

/// Whether `fact` is about `actor`: its subject, its object or its claimant, or an actor one
/// of them acts for or that acts for one of them (`armée malienne` in a quote about Mali). A
/// mention inside a quote about other actors is not covered by it.
fn names(validated: &Validated, fact: &Fact, actor: usize) -> bool {
    let acts_for = |a: usize| validated.actors[a].acts_for;
    [Some(fact.subject), Some(fact.object), fact.claimed_by]
        .into_iter()
        .flatten()
        .any(|a| a == actor || acts_for(a) == Some(actor) || acts_for(actor) == Some(a))
}

/// One automaton over every label, alias and misspelling, and the actor each pattern names
/// (an index into `Validated::actors`): what a mention is, for coverage and for `suggest`.
pub fn finder(validated: &Validated) -> anyhow::Result<(AhoCorasick, Vec<usize>)> {
    let mut patterns = Vec::new();
    let mut owners = Vec::new();
    let mut actors: Vec<(usize, &crate::pipeline::validate::Actor)> =
        validated.actors.iter().enumerate().collect();
    actors.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    for (i, actor) in actors {
        let names = [&actor.label_fr, &actor.label_en]
            .into_iter()
            .chain(&actor.aliases)
            .chain(&actor.misspellings);
        for name in names {
            let key = match_key(name);
            if !key.is_empty() {
                patterns.push(key);
                owners.push(i);
            }
        }
    }
    let finder = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)?;
    Ok((finder, owners))
}
