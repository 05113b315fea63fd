//! Shared passages: text that two or more sources carry word for word (wire copy).
//!
//! In: the documents' texts, each with its layout: the byte ranges to leave out (boilerplate
//! parts) and its other parts (a passage lies in one). Out: `Passages`, each passage with where it lies in every source that carries it (bytes, code
//! points, lines), its length in words and an excerpt; and which passages a quote lies in
//! (`Passages::containing`). What this does not do: say who copied whom, read any file, or
//! decide what a copy means for the sources' independence (the stored queries do).
//!
//! How, in the manner of passim (text reuse in newspapers), in time linear in the corpus:
//! - Words are folded as quote matching folds them, and more: NFC, lower case, and every
//!   character that is not a letter, digit or combining mark separates words, so typographic
//!   apostrophes and quotes, guillemets and no-break spaces fold away and elisions split
//!   (`l’armée` and `L'ARMÉE` are the same two words).
//! - Every window of `SEED_WORDS` words in a row is a seed, hashed; the seeds of every document
//!   are sorted into postings (seed -> documents and positions). A seed found in more than
//!   `MAX_DF` documents is page furniture or a formula, not a copy, and is dropped, as is one
//!   found in a single document. Each remaining seed matches the documents that share it: the
//!   cost is the sum over kept seeds of their document frequency squared, bounded by the cap,
//!   and no pair of documents is ever compared as a whole.
//! - Matches on one diagonal of one pair of documents are runs of words in a row; runs at most
//!   `MAX_GAP` words apart are one passage (a word changed, added or dropped), and a passage
//!   of `MIN_WORDS` words or more in both documents is a shared passage. Passages that overlap
//!   in one document are one passage with every document that carries it.
//!
//! Why ten-word seeds and not passim's five-word shingles: names and formulas recur in news
//! (`le président de la transition, le colonel Assimi Goïta`), and five-word windows under the
//! cap matched several times as many postings as ten-word ones on the synthetic corpus
//! (bench/results.md), each match a cost; a shared passage of `MIN_WORDS` words holds
//! `MIN_WORDS - SEED_WORDS + 1` seeds, so none is missed that way, but a run shorter than ten
//! words is not seen at all (a paraphrase keeps shorter ones).

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::pipeline::text::Document;
use crate::pipeline::validate::Validated;
use crate::splitmix::{GAMMA, mix};
use crate::vocab::skg;

/// Words in a seed: the shortest run of shared words that is seen.
pub const SEED_WORDS: usize = 10;

/// The most documents a seed may be found in: beyond, it is boilerplate (passim's `--maxDF`).
pub const MAX_DF: usize = 100;

/// The fewest words, in each document, of a shared passage.
///
/// On the five seed documents the longest runs two documents share are nine words: `la junte
/// dirigée par le colonel Assimi Goïta a` and `l'armée malienne et ses alliés russes ont subi`
/// (doc000 and doc004, two rewritings of one AFP dispatch, a paraphrase), then the name of the
/// AES with its article (eight). A copied sentence of French news runs to twenty words and
/// more; twenty leaves twice the margin over what the paraphrases share.
pub const MIN_WORDS: usize = 20;

/// The most words between two runs of one passage, in each document.
pub const MAX_GAP: u32 = 3;

/// The positions of one seed kept per document: a document repeating itself is not a
/// hundred copies.
const MAX_REPEATS: usize = 4;

/// A document as the detection reads it.
#[derive(Debug)]
pub struct Text<'a> {
    /// The source's id.
    pub id: &'a str,
    /// Its text.
    pub document: &'a Document,
    /// How it is cut.
    pub layout: Layout,
}

/// How a document is cut: what is left out, and its parts. A passage lies in one part (a
/// headline does not run on into the body), or outside every part.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Byte ranges left out (its boilerplate parts), in any order.
    pub skip: Vec<Range<usize>>,
    /// Byte ranges of its other parts, in any order.
    pub parts: Vec<Range<usize>>,
}

/// The words of a document, folded and hashed, each at a position: one after the other within
/// a part, `MAX_GAP + 1` apart from one part to the next, so that no passage joins two parts.
#[derive(Debug)]
pub struct Words {
    /// Byte range of each word in the text.
    spans: Vec<(u32, u32)>,
    /// Hash of each word's folded form.
    hashes: Vec<u64>,
    /// Each word's position, increasing.
    positions: Vec<u32>,
    /// For each word, the number of the stretch it is in: a range left out or a new part ends
    /// a stretch, and no seed spans two.
    stretch: Vec<u32>,
}

impl Words {
    /// The words of `text`, leaving out those that start in a range `layout` skips.
    pub fn new(text: &str, layout: &Layout) -> Self {
        let sorted = |ranges: &[Range<usize>]| {
            let mut sorted: Vec<Range<usize>> =
                ranges.iter().filter(|r| !r.is_empty()).cloned().collect();
            sorted.sort_by_key(|r| r.start);
            sorted
        };
        let (skip, parts) = (sorted(&layout.skip), sorted(&layout.parts));
        let mut words = Self {
            spans: Vec::new(),
            hashes: Vec::new(),
            positions: Vec::new(),
            stretch: Vec::new(),
        };
        let (mut next_skip, mut next_part) = (0, 0);
        let mut stretch = 0;
        let mut position = 0;
        let mut part: Option<Option<usize>> = None;
        let mut broken = false;
        let mut start = None;
        let ends = text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')));
        for (at, c) in ends {
            let in_word = at < text.len() && (c.is_alphanumeric() || is_combining_mark(c));
            match (start, in_word) {
                (None, true) => start = Some(at),
                (Some(from), false) => {
                    start = None;
                    if within(&skip, &mut next_skip, from).is_some() {
                        broken = true;
                        continue;
                    }
                    let here = Some(within(&parts, &mut next_part, from));
                    if part.is_some() && here != part {
                        position += MAX_GAP + 1;
                        broken = true;
                    }
                    part = here;
                    if broken {
                        stretch += 1;
                        broken = false;
                    }
                    // Documents are at most `Document::MAX_LEN` bytes, checked where read.
                    let span = (
                        u32::try_from(from).unwrap_or(u32::MAX),
                        u32::try_from(at).unwrap_or(u32::MAX),
                    );
                    words.spans.push(span);
                    words.hashes.push(word_hash(&text[from..at]));
                    words.positions.push(position);
                    words.stretch.push(stretch);
                    position += 1;
                }
                _ => {}
            }
        }
        words
    }

    /// How many words.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there is no word.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Every seed with its position (its first word's), in the order of the text.
    pub fn seeds(&self) -> Vec<(u64, u32)> {
        (0..self.len().saturating_sub(SEED_WORDS - 1))
            .filter(|&i| self.stretch[i] == self.stretch[i + SEED_WORDS - 1])
            .map(|i| {
                let hash = self.hashes[i..i + SEED_WORDS]
                    .iter()
                    .fold(GAMMA, |acc, h| mix(acc ^ h));
                (hash, self.positions[i])
            })
            .collect()
    }

    /// The indexes of the words at positions `positions`.
    fn indexes(&self, positions: &Range<u32>) -> Range<usize> {
        let first = self.positions.partition_point(|&p| p < positions.start);
        let end = self.positions.partition_point(|&p| p < positions.end);
        first..end
    }

    /// The bytes the words at positions `positions` span, from the first's start to the
    /// last's end, and how many words they are.
    fn bytes(&self, positions: &Range<u32>) -> (Range<usize>, usize) {
        let words = self.indexes(positions);
        let first = self.spans[words.start].0 as usize;
        let last = self.spans[words.end - 1].1 as usize;
        (first..last, words.len())
    }
}

/// The index of the range of `sorted` (sorted by start, not overlapping) that holds byte
/// `at`, given that `at` only grows from one call to the next (`next` keeps the place).
fn within(sorted: &[Range<usize>], next: &mut usize, at: usize) -> Option<usize> {
    while sorted.get(*next).is_some_and(|r| r.end <= at) {
        *next += 1;
    }
    sorted
        .get(*next)
        .is_some_and(|r| r.start <= at)
        .then_some(*next)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// The hash of a word's folded form: NFC, then lower case (FNV-1a over its UTF-8).
fn word_hash(word: &str) -> u64 {
    let mut hash = FNV_OFFSET;
    let mut byte = |b: u8| hash = (hash ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    if word.is_ascii() {
        word.bytes().for_each(|b| byte(b.to_ascii_lowercase()));
    } else {
        let mut buffer = [0; 4];
        for c in word.nfc().flat_map(char::to_lowercase) {
            c.encode_utf8(&mut buffer).bytes().for_each(&mut byte);
        }
    }
    mix(hash)
}

/// A seed two documents share: documents `a < b` (as `a << 32 | b`), the diagonal (`pb -
/// pa`), and its position `pa` in `a` (`pb` in `b` is `pa` plus the diagonal). Sorted, the
/// matches of a pair are side by side, diagonal by diagonal, in order along each.
pub type Match = (u64, i64, u32);

/// The matches one seed gives: `postings` are its `(document, position)` pairs, sorted, of
/// which the first `MAX_REPEATS` of each document count (a document repeating itself is not a
/// hundred copies). None when it is in fewer than two documents or more than `max_df`.
pub fn seed_matches(postings: &[(u32, u32)], max_df: usize, out: &mut Vec<Match>) {
    let documents = postings.chunk_by(|x, y| x.0 == y.0).count();
    if documents < 2 || documents > max_df {
        return;
    }
    let kept: Vec<(u32, u32)> = postings
        .chunk_by(|x, y| x.0 == y.0)
        .flat_map(|same| &same[..same.len().min(MAX_REPEATS)])
        .copied()
        .collect();
    for (i, &(a, pa)) in kept.iter().enumerate() {
        for &(b, pb) in &kept[i + 1..] {
            if b != a {
                out.push((
                    u64::from(a) << 32 | u64::from(b),
                    i64::from(pb) - i64::from(pa),
                    pa,
                ));
            }
        }
    }
}

/// A passage two documents share, in words: words `wa` of document `a`, `wb` of `b`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    /// The first document (the smaller number).
    pub a: u32,
    /// Its words.
    pub wa: Range<u32>,
    /// The second document.
    pub b: u32,
    /// Its words.
    pub wb: Range<u32>,
}

/// The passages pairs of documents share, from their matches: every match of a pair of
/// documents must be in `matches`, in any order (a pair's matches are sorted here).
pub fn shared(matches: &mut [Match]) -> Vec<Shared> {
    let seed = u32::try_from(SEED_WORDS).unwrap_or(u32::MAX);
    matches.sort_unstable();
    let mut found = Vec::new();
    for pair in matches.chunk_by(|x, y| x.0 == y.0) {
        // The pair's halves, 32 bits each.
        let half = |bits: u64| u32::try_from(bits & 0xFFFF_FFFF).unwrap_or(u32::MAX);
        let (a, b) = (half(pair[0].0 >> 32), half(pair[0].0));
        let mut runs: Vec<(i64, Shared)> = Vec::new();
        for &(_, diagonal, pa) in pair {
            // A position in `b`: within its document, so within 32 bits.
            let pb = u32::try_from(i64::from(pa) + diagonal).unwrap_or(u32::MAX);
            match runs.last_mut() {
                Some((on, run)) if *on == diagonal && pa + seed <= run.wa.end + 1 => {
                    run.wa.end = run.wa.end.max(pa + seed);
                    run.wb.end = run.wb.end.max(pb + seed);
                }
                _ => runs.push((
                    diagonal,
                    Shared {
                        a,
                        wa: pa..pa + seed,
                        b,
                        wb: pb..pb + seed,
                    },
                )),
            }
        }
        let mut runs: Vec<Shared> = runs.into_iter().map(|(_, run)| run).collect();
        runs.sort_unstable_by_key(|r| (r.wa.start, r.wb.start));
        let mut pieces: Vec<Shared> = Vec::new();
        for run in runs {
            match pieces.last_mut() {
                Some(piece) if close(&piece.wa, &run.wa) && close(&piece.wb, &run.wb) => {
                    piece.wa = piece.wa.start.min(run.wa.start)..piece.wa.end.max(run.wa.end);
                    piece.wb = piece.wb.start.min(run.wb.start)..piece.wb.end.max(run.wb.end);
                }
                _ => pieces.push(run),
            }
        }
        found.extend(
            pieces
                .into_iter()
                .filter(|p| p.wa.len().min(p.wb.len()) >= MIN_WORDS),
        );
    }
    found
}

/// Whether run `next` goes on from `before` in one document: it starts at most `MAX_GAP`
/// words after `before` ends, or overlaps its last seed at most (a run further back is the
/// same words seen again elsewhere, not the passage going on).
fn close(before: &Range<u32>, next: &Range<u32>) -> bool {
    let seed = u32::try_from(SEED_WORDS).unwrap_or(u32::MAX);
    next.start <= before.end + MAX_GAP && next.start + seed >= before.end
}

/// A passage's carriers, in words: `(document, words)`, sorted, overlapping ones merged.
pub type Family = Vec<(u32, Range<u32>)>;

/// The passages, each with every document that carries it: pairwise passages that overlap in
/// a document are one (union-find over the occurrences).
pub fn families(shared: &[Shared]) -> Vec<Family> {
    // Every occurrence, then the links: the two sides of a pair, and overlaps in a document.
    let mut occurrences: Vec<(u32, Range<u32>, usize)> = Vec::with_capacity(shared.len() * 2);
    for (i, s) in shared.iter().enumerate() {
        occurrences.push((s.a, s.wa.clone(), 2 * i));
        occurrences.push((s.b, s.wb.clone(), 2 * i + 1));
    }
    let mut parent: Vec<usize> = (0..occurrences.len()).collect();
    for i in 0..shared.len() {
        union(&mut parent, 2 * i, 2 * i + 1);
    }
    occurrences.sort_unstable_by_key(|(doc, words, _)| (*doc, words.start, words.end));
    for same_doc in occurrences.chunk_by(|x, y| x.0 == y.0) {
        let mut reach: Option<(u32, usize)> = None;
        for (_, words, id) in same_doc {
            match reach {
                Some((end, first)) if words.start < end => {
                    union(&mut parent, first, *id);
                    reach = Some((end.max(words.end), first));
                }
                _ => reach = Some((words.end, *id)),
            }
        }
    }
    let mut by_root: BTreeMap<usize, Family> = BTreeMap::new();
    for (doc, words, id) in occurrences {
        let family = by_root.entry(root(&mut parent, id)).or_default();
        match family.last_mut() {
            Some((d, last)) if *d == doc && words.start < last.end => {
                last.end = last.end.max(words.end);
            }
            _ => family.push((doc, words)),
        }
    }
    let mut families: Vec<Family> = by_root.into_values().collect();
    families.sort_unstable_by_key(|f| (f[0].0, f[0].1.start, f[0].1.end));
    families
}

/// The representative of `i`'s set, halving the path on the way.
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Joins the sets of `x` and `y`, under the smaller representative.
fn union(parent: &mut [usize], x: usize, y: usize) {
    let (rx, ry) = (root(parent, x), root(parent, y));
    parent[rx.max(ry)] = rx.min(ry);
}

/// Where a passage lies in one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// The source's id.
    pub source: String,
    /// Byte range in its document.
    pub bytes: Range<usize>,
    /// Code point offset of the first character (inclusive).
    pub start: usize,
    /// Code point offset after the last character (exclusive).
    pub end: usize,
    /// 1-based line of its first character.
    pub first_line: usize,
    /// 1-based line of its last character.
    pub last_line: usize,
}

/// A passage two or more sources share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Where it lies, in every source that carries it: by source id, then position.
    pub occurrences: Vec<Occurrence>,
    /// Its length in words, in the first of them.
    pub words: usize,
    /// The start of its text in the first of them, white space collapsed, cut at a word
    /// after about `EXCERPT_CHARS` characters (with ` …` when cut).
    pub excerpt: String,
}

/// Characters of a passage's excerpt, about.
const EXCERPT_CHARS: usize = 160;

/// The shared passages of a corpus.
#[derive(Debug, Clone, Default)]
pub struct Passages {
    /// Each passage, in the order of its first occurrence (source id, then position).
    pub list: Vec<Passage>,
    /// By source id: the passages that source carries, with their bytes there.
    by_source: HashMap<String, Vec<(usize, Range<usize>)>>,
}

impl Passages {
    /// The passages a quote lies in: those whose occurrence in its source covers at least
    /// half of the quote's bytes (a quote may run past a copied passage by a word or its final
    /// full stop).
    pub fn containing(&self, source: &str, quote: &Range<usize>) -> impl Iterator<Item = usize> {
        self.by_source
            .get(source)
            .into_iter()
            .flatten()
            .filter(move |(_, bytes)| {
                let overlap = quote
                    .end
                    .min(bytes.end)
                    .saturating_sub(quote.start.max(bytes.start));
                overlap * 2 >= quote.len() && !quote.is_empty()
            })
            .map(|(i, _)| *i)
    }

    /// Whether no passage is shared.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// Puts the families' occurrences in place, document by document: the caller hands each
/// document the families name (`documents`), in any order, then takes the passages.
#[derive(Debug)]
pub struct Resolver {
    families: Vec<Family>,
    /// By document: its occurrences, as (family, index in the family).
    by_document: BTreeMap<u32, Vec<(usize, usize)>>,
    /// Resolved occurrences, by family and then in the family's order.
    resolved: Vec<Vec<Option<Occurrence>>>,
    /// Word counts and excerpts of the first occurrences.
    firsts: Vec<Option<(usize, String)>>,
}

impl Resolver {
    /// Ready to resolve `families`.
    pub fn new(families: Vec<Family>) -> Self {
        let resolved = families.iter().map(|f| vec![None; f.len()]).collect();
        let firsts = vec![None; families.len()];
        let mut by_document: BTreeMap<u32, Vec<(usize, usize)>> = BTreeMap::new();
        for (f, family) in families.iter().enumerate() {
            for (k, (doc, _)) in family.iter().enumerate() {
                by_document.entry(*doc).or_default().push((f, k));
            }
        }
        Self {
            families,
            by_document,
            resolved,
            firsts,
        }
    }

    /// The documents the families name, by number, sorted.
    pub fn documents(&self) -> Vec<u32> {
        self.by_document.keys().copied().collect()
    }

    /// Resolves the occurrences in document `doc`: its id, its text and its words (made with
    /// the same ranges left out as its seeds).
    pub fn resolve(&mut self, doc: u32, id: &str, document: &Document, words: &Words) {
        for &(f, k) in self.by_document.get(&doc).into_iter().flatten() {
            let (bytes, count) = words.bytes(&self.families[f][k].1);
            let start = document.code_point_offset(bytes.start);
            let text = &document.text()[bytes.clone()];
            if k == 0 {
                self.firsts[f] = Some((count, excerpt(text)));
            }
            self.resolved[f][k] = Some(Occurrence {
                source: id.to_owned(),
                start,
                end: start + text.chars().count(),
                first_line: document.line_of(bytes.start),
                last_line: document.line_of(bytes.end - 1),
                bytes,
            });
        }
    }

    /// The passages, every occurrence resolved (one left unresolved drops it).
    pub fn finish(self) -> Passages {
        let mut passages = Passages::default();
        for (occurrences, first) in self.resolved.into_iter().zip(self.firsts) {
            let (Some(occurrences), Some((words, excerpt))) =
                (occurrences.into_iter().collect::<Option<Vec<_>>>(), first)
            else {
                continue;
            };
            let i = passages.list.len();
            for o in &occurrences {
                passages
                    .by_source
                    .entry(o.source.clone())
                    .or_default()
                    .push((i, o.bytes.clone()));
            }
            passages.list.push(Passage {
                occurrences,
                words,
                excerpt,
            });
        }
        passages
    }
}

/// A passage's text, white space collapsed, cut after about `EXCERPT_CHARS` characters.
fn excerpt(text: &str) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        if chars >= EXCERPT_CHARS {
            out.push_str(" …");
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        chars += word.chars().count() + 1;
    }
    out
}

/// The shared passages of a validated corpus: every document, its boilerplate parts left out.
pub fn of_corpus(validated: &Validated) -> Passages {
    let mut layouts: Vec<Layout> = vec![Layout::default(); validated.sources.len()];
    for part in &validated.parts {
        let layout = &mut layouts[part.source];
        if part.kind.as_ref() == skg::BOILERPLATE {
            layout.skip.push(part.bytes.clone());
        } else {
            layout.parts.push(part.bytes.clone());
        }
    }
    let texts: Vec<Text<'_>> = validated
        .sources
        .iter()
        .zip(layouts)
        .map(|(source, layout)| Text {
            id: &source.id,
            document: &source.document,
            layout,
        })
        .collect();
    detect(&texts)
}

/// Finds the shared passages of a corpus held in memory.
pub fn detect(texts: &[Text<'_>]) -> Passages {
    detect_with(texts, MAX_DF)
}

fn detect_with(texts: &[Text<'_>], max_df: usize) -> Passages {
    // Documents are numbered in the order of their ids, so that a pair is always oriented the
    // same way, whatever order the corpus lists them in (`export --no-store` numbers them so).
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_by(|&x, &y| texts[x].id.cmp(texts[y].id));
    // The seeds of each half of the documents on a thread of its own.
    let seeds = |numbered: &[(usize, usize)]| -> Vec<(u64, u32, u32)> {
        let mut postings = Vec::new();
        for &(n, i) in numbered {
            let text = &texts[i];
            let words = Words::new(text.document.text(), &text.layout);
            let n = u32::try_from(n).unwrap_or(u32::MAX);
            postings.extend(words.seeds().into_iter().map(|(h, p)| (h, n, p)));
        }
        postings
    };
    let numbered: Vec<(usize, usize)> = order.iter().copied().enumerate().collect();
    let (first, second) = numbered.split_at(numbered.len() / 2);
    let (mut postings, other) = std::thread::scope(|scope| {
        let other = scope.spawn(|| seeds(second));
        (seeds(first), other.join())
    });
    // A crashed thread's documents are seeded again here.
    postings.extend(other.unwrap_or_else(|_| seeds(second)));
    postings.sort_unstable();
    let mut matches = Vec::new();
    let mut group = Vec::new();
    for same in postings.chunk_by(|x, y| x.0 == y.0) {
        group.clear();
        group.extend(same.iter().map(|&(_, doc, pos)| (doc, pos)));
        seed_matches(&group, max_df, &mut matches);
    }
    drop(postings);
    let mut resolver = Resolver::new(families(&shared(&mut matches)));
    for n in resolver.documents() {
        let text = &texts[order[n as usize]];
        let words = Words::new(text.document.text(), &text.layout);
        resolver.resolve(n, text.id, text.document, &words);
    }
    resolver.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn documents(texts: &[&str]) -> Vec<Document> {
        texts
            .iter()
            .map(|t| Document::new((*t).to_owned()))
            .collect()
    }

    /// Each document with its id, as the detection reads it, cut by `layout`.
    fn texts<'a, 'i: 'a>(
        named: impl IntoIterator<Item = (&'a Document, &'i str)>,
        layout: impl Fn(&Document) -> Layout,
    ) -> Vec<Text<'a>> {
        named
            .into_iter()
            .map(|(document, id)| Text {
                id,
                document,
                layout: layout(document),
            })
            .collect()
    }

    fn detect_in(docs: &[Document], max_df: usize) -> Passages {
        let ids: Vec<String> = (0..docs.len()).map(|i| format!("doc{i}")).collect();
        let named = docs.iter().zip(ids.iter().map(String::as_str));
        detect_with(&texts(named, |_| Layout::default()), max_df)
    }

    const PARAGRAPH: &str = "Le Mali et la Russie ont signé jeudi à Moscou un accord de défense qui prévoit la livraison d'avions de combat, la formation d'unités spéciales et le déploiement d'instructeurs russes dans le nord du pays.";

    #[test]
    fn words_fold_case_apostrophes_quotes_spaces_and_decomposed_accents() {
        let forms = [
            "L’armée « malienne »\u{a0}a dit",
            "l'armée \"malienne\" a dit",
            "L'ARMÉE MALIENNE A DIT",
            "l'arme\u{301}e malienne a dit",
        ];
        let hashes: Vec<Vec<u64>> = forms
            .iter()
            .map(|f| Words::new(f, &Layout::default()).hashes)
            .collect();
        assert_eq!(hashes[0].len(), 5, "l, armée, malienne, a, dit");
        for h in &hashes[1..] {
            assert_eq!(h, &hashes[0]);
        }
    }

    #[test]
    fn a_copied_paragraph_with_typographic_variants_is_one_passage_in_both_documents() {
        let copy = PARAGRAPH
            .replace('\'', "’")
            .replace("jeudi à", "JEUDI\u{a0}à");
        let docs = documents(&[
            &format!("Titre premier\n{PARAGRAPH}\nUne phrase à soi.\n"),
            &format!("Autre titre, autre journal\nIntro du site.\n{copy}\nFin.\n"),
            "Un troisième document qui parle d'autre chose entièrement.",
        ]);
        let found = detect_in(&docs, MAX_DF);
        assert_eq!(found.list.len(), 1, "{found:?}");
        let passage = &found.list[0];
        let texts: Vec<(&str, &str, usize)> = passage
            .occurrences
            .iter()
            .zip([&docs[0], &docs[1]])
            .map(|(o, d)| (o.source.as_str(), &d.text()[o.bytes.clone()], o.first_line))
            .collect();
        assert_eq!(
            texts,
            [
                ("doc0", PARAGRAPH.trim_end_matches('.'), 2),
                ("doc1", copy.trim_end_matches('.'), 3)
            ]
        );
        assert_eq!(
            passage.words,
            Words::new(PARAGRAPH, &Layout::default()).len()
        );
        assert!(
            passage
                .excerpt
                .starts_with("Le Mali et la Russie ont signé")
        );
        let quote = docs[1].locate("l’accord", docs[1].everything());
        assert!(quote.is_err(), "the copy says `un accord`");
        let quote = docs[1]
            .locate("la Russie ont signé JEUDI", docs[1].everything())
            .unwrap();
        assert_eq!(found.containing("doc1", &quote.bytes).count(), 1);
        assert_eq!(found.containing("doc2", &quote.bytes).count(), 0);
    }

    #[test]
    fn a_shared_headline_a_boilerplate_line_and_a_paraphrase_are_not_passages() {
        let headline = "Mali-Russie : Moscou dit intensifier sa coopération militaire avec Bamako";
        let boilerplate = "Suivez-nous sur Facebook, Telegram, WhatsApp pour ne rien rater de l'actualité malienne";
        let paraphrase = "Moscou et Bamako ont conclu jeudi un accord de défense : des avions de combat seront livrés, des unités spéciales formées et des instructeurs russes déployés dans le nord.";
        let docs = documents(&[
            &format!("{headline}\nPar la rédaction.\n{PARAGRAPH}\n{boilerplate}\n"),
            &format!("{headline}\nDe notre correspondant.\n{paraphrase}\n{boilerplate}\n"),
        ]);
        assert!(detect_in(&docs, MAX_DF).is_empty());
    }

    #[test]
    fn a_word_changed_in_the_middle_leaves_one_passage() {
        let changed = PARAGRAPH.replace("un accord", "un traité");
        let docs = documents(&[PARAGRAPH, &changed]);
        let found = detect_in(&docs, MAX_DF);
        assert_eq!(found.list.len(), 1);
        assert_eq!(
            found.list[0].words,
            Words::new(PARAGRAPH, &Layout::default()).len()
        );
    }

    #[test]
    fn text_in_more_documents_than_the_cap_is_boilerplate() {
        let docs = documents(&[PARAGRAPH, PARAGRAPH, PARAGRAPH]);
        let found = detect_in(&docs, 3);
        assert_eq!(found.list.len(), 1, "three carriers, one passage");
        assert_eq!(found.list[0].occurrences.len(), 3);
        assert!(detect_in(&docs, 2).is_empty(), "over a cap of two");
    }

    #[test]
    fn ranges_left_out_are_not_searched_and_a_copy_goes_on_around_them() {
        let docs = documents(&[PARAGRAPH, PARAGRAPH]);
        // 18 words before `d'avions`, 19 after `d'`.
        let middle = PARAGRAPH.find("d'avions").unwrap();
        let skipping = |skip: &[Range<usize>]| {
            texts(docs.iter().zip(["a", "b"]), |_| Layout {
                skip: skip.to_vec(),
                parts: Vec::new(),
            })
        };
        assert!(detect(&skipping(std::slice::from_ref(&(0..PARAGRAPH.len())))).is_empty());
        // An advertisement in the middle of a copied article: each half is under the
        // minimum, the copy around it is one passage of both halves' words.
        let around = detect(&skipping(std::slice::from_ref(&(middle..middle + 2))));
        assert_eq!(around.list.len(), 1);
        assert_eq!(around.list[0].words, 37);
        assert_eq!(detect(&skipping(&[])).list[0].words, 38);
    }

    #[test]
    fn a_passage_lies_in_one_part_and_a_headline_does_not_run_on_into_the_body() {
        // Twelve words of headline, then the body's first twelve: twenty-four words in a row,
        // but in two parts of each document.
        let headline = "Revers majeur pour l'armée malienne et ses alliés russes dans le nord";
        let body_a = "L'armée malienne et ses alliés russes ont subi un gros revers hier soir, selon nos informations.";
        let body_b = "L'armée malienne et ses alliés russes ont subi un gros revers hier soir, selon un élu.";
        let docs = documents(&[
            &format!("{headline}\n{body_a}\n"),
            &format!("{headline}\n{body_b}\n"),
        ]);
        let named = || docs.iter().zip(["a", "b"]);
        assert_eq!(
            detect(&texts(named(), |_| Layout::default())).list.len(),
            1,
            "one passage without parts"
        );
        let parted = texts(named(), |document| Layout {
            skip: Vec::new(),
            parts: vec![document.lines(1, 1), document.lines(2, 2)],
        });
        assert!(detect(&parted).is_empty(), "two pieces under the minimum");
    }

    #[test]
    fn the_result_does_not_depend_on_the_order_of_the_documents() {
        let docs = documents(&[
            &format!("{PARAGRAPH} Et ensuite."),
            &format!("Avant. {PARAGRAPH}"),
            &format!("Rien. {PARAGRAPH} Rien."),
        ]);
        let named = || docs.iter().zip(["c", "a", "b"]);
        let in_order = texts(named(), |_| Layout::default());
        let reversed = texts(named().rev(), |_| Layout::default());
        let (one, two) = (detect(&in_order), detect(&reversed));
        assert_eq!(one.list, two.list);
        let sources: Vec<&str> = one.list[0]
            .occurrences
            .iter()
            .map(|o| o.source.as_str())
            .collect();
        assert_eq!(sources, ["a", "b", "c"]);
    }
}
