//! Stage 6c: the coverage report, which keeps the annotation honest.
//!
//! In: validated annotations. Out: the rows of `output/coverage.csv`:
//! - a `mention` row for every place a document names an actor through one of its labels,
//!   aliases or misspellings (whole words, matched with the same folding as quotes), saying
//!   whether the quote of a fact about that actor covers it (its subject, object or claimant,
//!   taken with the actors on its side: an armed force or a government and the state it acts
//!   for; a quote about other actors does not), and, when none does, the decision recorded on
//!   its sentence: a mention reviewed and left alone;
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
//!
//! Its time grows in proportion to a document's size: mentions, sentences, quotes and parts
//! are each walked in byte order or found by binary search, never scanned whole for every
//! sentence or mention (a document a hundred times larger takes a hundred times as long).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::pipeline::ontology::local_name;
use crate::pipeline::text::match_key;
use crate::pipeline::validate::{Fact, NotFact, Part, Validated, by_source};
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
    /// In byte order (parts do not overlap).
    parts: Vec<&'a Part>,
}

impl Doc<'_> {
    fn part_of(&self, byte: usize) -> Option<&Part> {
        let after = self.parts.partition_point(|p| p.bytes.start <= byte);
        let part = self.parts[..after].last()?;
        part.bytes.contains(&byte).then_some(*part)
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
        let mut doc = Doc {
            validated,
            source: s,
            parts: std::mem::take(&mut parts_by_source[s]),
        };
        doc.parts.sort_by_key(|p| p.bytes.start);
        let quotes = Reach::new(facts_by_source[s].iter().map(|f| &f.span.bytes));
        let about = About::new(validated, &facts_by_source[s]);
        let mut decisions = Decisions::new(&not_facts_by_source[s]);
        // In byte order, and they do not overlap: `whole_words` finds them left to right.
        let mentions: Vec<(usize, Range<usize>)> = source
            .document
            .whole_words(&finder)
            .map(|(pattern, bytes)| (owners[pattern], bytes))
            .collect();
        let sentences = source.document.sentences();
        // Asked in byte order, as `Decisions` wants, before the mentions need them.
        let decided: Vec<&str> = sentences.iter().map(|r| decisions.at(r)).collect();
        let mut found = Vec::new();
        let mut in_sentence = 0;
        for (actor, bytes) in &mentions {
            in_sentence += sentences[in_sentence..].partition_point(|r| r.end <= bytes.start);
            let (covered, decision) = if doc.is_boilerplate(bytes.start) {
                ("boilerplate", "")
            } else if about.contain(validated, *actor, bytes) {
                ("yes", "")
            } else {
                let sentence = sentences
                    .get(in_sentence)
                    .filter(|r| r.start <= bytes.start);
                ("no", sentence.map_or("", |_| decided[in_sentence]))
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
        // Sentences come in byte order and do not overlap either: the mentions in each one
        // follow the previous sentence's.
        let mut next_mention = 0;
        for (sentence, decision) in sentences.into_iter().zip(decided) {
            next_mention +=
                mentions[next_mention..].partition_point(|(_, m)| m.start < sentence.start);
            let mut named: Vec<&str> = mentions[next_mention..]
                .iter()
                .take_while(|(_, m)| m.end <= sentence.end)
                .map(|(a, _)| validated.actors[*a].id.as_str())
                .collect();
            named.sort_unstable();
            named.dedup();
            if named.len() < 2 || quotes.overlap(&sentence) || doc.is_boilerplate(sentence.start) {
                continue;
            }
            let row = doc.row(&sentence, "sentence", &named.join(" "), "no", decision);
            found.push((sentence.start, 1, row));
        }
        found.sort_by_key(|(start, kind, _)| (*start, *kind));
        rows.extend(found.into_iter().map(|(_, _, row)| row));
    }
    Ok(rows)
}

/// The quotes of a document's facts by the side each is about, the side of an actor being the
/// state it acts for, or itself: whether a fact about an actor quotes a mention of it is one
/// binary search.
struct About {
    by_side: BTreeMap<usize, Reach>,
}

impl About {
    fn new(validated: &Validated, facts: &[&Fact]) -> Self {
        let mut quotes: BTreeMap<usize, Vec<&Range<usize>>> = BTreeMap::new();
        for fact in facts {
            let mut sides: Vec<usize> = [Some(fact.subject), Some(fact.object), fact.claimed_by]
                .into_iter()
                .flatten()
                .map(|a| side(validated, a))
                .collect();
            sides.sort_unstable();
            sides.dedup();
            for s in sides {
                quotes.entry(s).or_default().push(&fact.span.bytes);
            }
        }
        let by_side = quotes
            .into_iter()
            .map(|(s, q)| (s, Reach::new(q.into_iter())))
            .collect();
        Self { by_side }
    }

    /// Whether the quote of a fact about `actor`'s side contains `bytes`.
    fn contain(&self, validated: &Validated, actor: usize, bytes: &Range<usize>) -> bool {
        self.by_side
            .get(&side(validated, actor))
            .is_some_and(|reach| reach.contain(bytes))
    }
}

/// The state an actor acts for (`fama`, `mali-government`: `mali`), or the actor itself.
fn side(validated: &Validated, actor: usize) -> usize {
    validated.actors[actor].acts_for.unwrap_or(actor)
}

/// Byte ranges (the quotes of a document) sorted by start, each with the furthest end of the
/// ranges up to it: whether one of them contains, or overlaps, a given range is one binary
/// search.
struct Reach {
    starts: Vec<usize>,
    furthest: Vec<usize>,
}

impl Reach {
    fn new<'a>(ranges: impl Iterator<Item = &'a Range<usize>>) -> Self {
        let mut sorted: Vec<(usize, usize)> = ranges.map(|r| (r.start, r.end)).collect();
        sorted.sort_unstable();
        let mut reach = 0;
        let (starts, furthest) = sorted
            .into_iter()
            .map(|(start, end)| {
                reach = reach.max(end);
                (start, reach)
            })
            .unzip();
        Self { starts, furthest }
    }

    /// The furthest end of the first `count` ranges.
    fn furthest(&self, count: usize) -> Option<usize> {
        count.checked_sub(1).map(|last| self.furthest[last])
    }

    /// Whether some range contains `bytes`: one that starts at or before it and ends at or
    /// after it.
    fn contain(&self, bytes: &Range<usize>) -> bool {
        let count = self.starts.partition_point(|&s| s <= bytes.start);
        self.furthest(count).is_some_and(|end| bytes.end <= end)
    }

    /// Whether some range overlaps `bytes`: one that starts before it ends and ends after it
    /// starts.
    fn overlap(&self, bytes: &Range<usize>) -> bool {
        let count = self.starts.partition_point(|&s| s < bytes.end);
        self.furthest(count).is_some_and(|end| bytes.start < end)
    }
}

/// The recorded decision of each sentence, asked for in byte order: the first decision, in
/// file order, whose excerpt overlaps it. The decisions that start before a sentence ends wait
/// in a heap, first in file order on top; those that end before it starts leave the top.
struct Decisions<'a> {
    /// By start.
    pending: Vec<(usize, &'a NotFact)>,
    next: usize,
    open: BinaryHeap<Reverse<(usize, usize)>>,
    all: &'a [&'a NotFact],
}

impl<'a> Decisions<'a> {
    fn new(all: &'a [&'a NotFact]) -> Self {
        let mut pending: Vec<(usize, &NotFact)> = all.iter().copied().enumerate().collect();
        pending.sort_by_key(|(_, n)| n.span.bytes.start);
        Self {
            pending,
            next: 0,
            open: BinaryHeap::new(),
            all,
        }
    }

    /// The decision on `sentence`, empty when there is none. Sentences must come in byte
    /// order without overlapping.
    fn at(&mut self, sentence: &Range<usize>) -> &'a str {
        while let Some((i, n)) = self.pending.get(self.next) {
            if n.span.bytes.start >= sentence.end {
                break;
            }
            self.open.push(Reverse((*i, n.span.bytes.end)));
            self.next += 1;
        }
        while let Some(Reverse((_, end))) = self.open.peek() {
            if *end > sentence.start {
                break;
            }
            self.open.pop();
        }
        self.open
            .peek()
            .map_or("", |Reverse((i, _))| self.all[*i].reason.as_str())
    }
}

/// One automaton over every label, alias and misspelling, and the actor each pattern names
/// (an index into `Validated::actors`): what a mention is, for coverage and for `suggest`.
pub fn finder(validated: &Validated) -> anyhow::Result<(AhoCorasick, Vec<usize>)> {
    let mut actors: Vec<(usize, &crate::pipeline::validate::Actor)> =
        validated.actors.iter().enumerate().collect();
    actors.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    name_finder(actors.into_iter().flat_map(|(i, actor)| {
        [&actor.label_fr, &actor.label_en]
            .into_iter()
            .chain(&actor.aliases)
            .chain(&actor.misspellings)
            .map(move |name| (i, name.as_str()))
    }))
}

/// One automaton over names (`(owner, name)`, matched by their match keys, for
/// `Document::whole_words`), and the owner each pattern names. The annotation pages find
/// mentions with it too, from actors not yet validated.
pub fn name_finder<'a>(
    names: impl IntoIterator<Item = (usize, &'a str)>,
) -> anyhow::Result<(AhoCorasick, Vec<usize>)> {
    let mut patterns = Vec::new();
    let mut owners = Vec::new();
    for (owner, name) in names {
        let key = match_key(name);
        if !key.is_empty() {
            patterns.push(key);
            owners.push(owner);
        }
    }
    let finder = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)?;
    Ok((finder, owners))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::pipeline::text::Span;

    fn range() -> impl Strategy<Value = Range<usize>> {
        (0..60_usize, 0..12_usize).prop_map(|(start, len)| start..start + len)
    }

    /// Sentences as `Document::sentences` gives them: in byte order, not empty, apart.
    fn sentences() -> impl Strategy<Value = Vec<Range<usize>>> {
        prop::collection::vec((0..4_usize, 1..8_usize), 0..12).prop_map(|gaps| {
            let mut at = 0;
            gaps.into_iter()
                .map(|(gap, len)| {
                    at += gap;
                    let sentence = at..at + len;
                    at += len;
                    sentence
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn reach_answers_as_a_scan_of_every_range_does(
            quotes in prop::collection::vec(range(), 0..10),
            bytes in range(),
        ) {
            let reach = Reach::new(quotes.iter());
            prop_assert_eq!(
                reach.contain(&bytes),
                quotes.iter().any(|q| q.start <= bytes.start && bytes.end <= q.end)
            );
            prop_assert_eq!(
                reach.overlap(&bytes),
                quotes.iter().any(|q| q.start < bytes.end && bytes.start < q.end)
            );
        }

        #[test]
        fn each_sentence_gets_the_first_decision_in_file_order_that_overlaps_it(
            excerpts in prop::collection::vec(range(), 0..8),
            sentences in sentences(),
        ) {
            let not_facts: Vec<NotFact> = excerpts
                .iter()
                .enumerate()
                .map(|(i, bytes)| NotFact {
                    source: 0,
                    span: Span { bytes: bytes.clone(), start: 0, end: 0, line: 1 },
                    reason: format!("decision {i}"),
                })
                .collect();
            let all: Vec<&NotFact> = not_facts.iter().collect();
            let mut decisions = Decisions::new(&all);
            for sentence in &sentences {
                let scanned = all
                    .iter()
                    .find(|n| n.span.bytes.start < sentence.end && sentence.start < n.span.bytes.end)
                    .map_or("", |n| n.reason.as_str());
                prop_assert_eq!(decisions.at(sentence), scanned);
            }
        }
    }
}
