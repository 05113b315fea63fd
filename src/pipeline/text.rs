//! Source documents and where quotes lie in them.
//!
//! In: a document's bytes and an analyst's quote. Out: the quote's `Span` (byte range, Unicode
//! code point offsets as a W3C `TextPositionSelector` counts them, line), or a message that
//! shows the closest passage and where it differs.
//!
//! Matching folds a few characters in a *match key* only, because analysts type quotes on
//! keyboards and copy them through spreadsheets: typographic apostrophes (`’ ‘ ʼ`) match `'`,
//! typographic double quotes and guillemets (`“ ” „ « »`) match `"`, and every run of white
//! space (spaces, non-breaking spaces, tabs, line breaks) matches a single space. Case, accents
//! and every other character must be exact. The text stored in the graph is always the
//! document's own, never the analyst's spelling of it. The document itself is never altered.
//! A quote that differs from its text only in case or accents is still a miss, but the message
//! says so, on the right line, with the document's words to paste (`Resemblance`).

use std::ops::Range;

/// A source document held in memory, with its match key built when a quote is first looked
/// up in it.
#[derive(Debug)]
pub struct Document {
    text: String,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
    /// Built on first use; `forget_match_key` frees it, and the next lookup builds it again.
    /// Five times the size of the text, it is the largest thing validation holds, and nothing
    /// after validation but coverage needs it.
    key: std::sync::OnceLock<MatchKey>,
}

/// The match key of a document: its text with the foldings above applied.
#[derive(Debug)]
struct MatchKey {
    folded: String,
    /// For each byte of `folded`, the byte offset in the text of the character it comes from
    /// (32 bits: 4 bytes per byte of text rather than 8).
    origin: Vec<u32>,
}

impl MatchKey {
    fn new(text: &str) -> Self {
        let mut folded = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        for (i, key) in key_chars(text) {
            folded.push(key);
            // Documents are at most `Document::MAX_LEN` bytes (checked where they are read).
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            origin.extend(std::iter::repeat_n(i, key.len_utf8()));
        }
        Self { folded, origin }
    }

    /// Where the character at byte `at` of the match key comes from in the text.
    fn origin(&self, at: usize) -> usize {
        self.origin[at] as usize
    }
}

/// Where a quote lies in its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Byte range in the document.
    pub bytes: Range<usize>,
    /// Code point offset of the first character (inclusive).
    pub start: usize,
    /// Code point offset after the last character (exclusive).
    pub end: usize,
    /// 1-based line of the first character.
    pub line: usize,
}

/// Why a quote could not be placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// The quote is empty once white space is folded.
    Empty,
    /// Not in the searched range; `closest` describes the nearest passage, if any.
    NotFound { closest: Option<String> },
    /// Found more than once in the searched range, at these 1-based lines.
    Ambiguous { lines: Vec<usize> },
    /// Not in the searched range, but once there when case and accents are ignored.
    Resembles(Resemblance),
}

/// A passage that is the quote but for case or accents: what to paste instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resemblance {
    /// The 1-based line the passage starts on.
    pub line: usize,
    /// The document's own words.
    pub passage: String,
    /// Some letter differs in case.
    pub case: bool,
    /// Some letter differs in its accents.
    pub accents: bool,
    /// The first few differences, each the quote's letter and the document's (`l`, `L`).
    pub differences: Vec<(String, String)>,
}

impl std::fmt::Display for Resemblance {
    /// `at line 4 but for case (`l` for `L`)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match (self.case, self.accents) {
            (true, true) => "case and accents",
            (true, false) => "case",
            _ => "accents",
        };
        let pairs: Vec<String> = self
            .differences
            .iter()
            .map(|(quote, doc)| format!("`{quote}` for `{doc}`"))
            .collect();
        write!(
            f,
            "at line {} but for {what} ({})",
            self.line,
            pairs.join(", ")
        )
    }
}

impl Document {
    /// The largest document, in bytes, whose offsets fit the index.
    pub const MAX_LEN: usize = u32::MAX as usize;

    /// Wraps a document's text.
    pub fn new(text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self {
            text,
            line_starts,
            key: std::sync::OnceLock::new(),
        }
    }

    fn key(&self) -> &MatchKey {
        self.key.get_or_init(|| MatchKey::new(&self.text))
    }

    /// Frees the match key (quote lookups build it again if they come).
    pub fn forget_match_key(&mut self) {
        self.key = std::sync::OnceLock::new();
    }

    /// The document's text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// How many lines the document has (a final line break does not start a new line).
    pub fn line_count(&self) -> usize {
        if self.text.ends_with('\n') {
            self.line_starts.len() - 1
        } else {
            self.line_starts.len()
        }
    }

    /// The byte range of lines `first..=last` (1-based), without the final line break.
    pub fn lines(&self, first: usize, last: usize) -> Range<usize> {
        let start = self
            .line_starts
            .get(first.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len());
        let end = self
            .line_starts
            .get(last)
            .map_or(self.text.len(), |next| next - 1);
        start..end.max(start)
    }

    /// The 1-based line a byte offset lies on.
    pub fn line_of(&self, byte: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= byte)
    }

    /// The code point offset of a byte offset.
    pub fn code_point_offset(&self, byte: usize) -> usize {
        self.text[..byte].chars().count()
    }

    /// Finds `quote` once within `within` (a byte range of the document).
    pub fn locate(&self, quote: &str, within: Range<usize>) -> Result<Span, Miss> {
        let key = match_key(quote);
        if key.is_empty() {
            return Err(Miss::Empty);
        }
        let range = self.folded_range(within.clone());
        let haystack = &self.key().folded[range.clone()];
        // memchr's SIMD search, not `str::match_indices`: every quote is searched through its
        // whole part to be sure it occurs once, and the standard library's searcher made that a
        // large share of validation. Both report non-overlapping matches; a match of
        // UTF-8 in UTF-8 starts on a character boundary.
        let found: Vec<usize> = memchr::memmem::find_iter(haystack.as_bytes(), key.as_bytes())
            .map(|i| range.start + i)
            .collect();
        match found.as_slice() {
            [] => Err(self.resemblance(quote, within).map_or_else(
                || Miss::NotFound {
                    closest: self.closest(&key, range),
                },
                Miss::Resembles,
            )),
            [at] => Ok(self.span(*at, key.len())),
            many => Err(Miss::Ambiguous {
                lines: many
                    .iter()
                    .map(|&at| self.line_of(self.key().origin(at)))
                    .collect(),
            }),
        }
    }

    /// Every place `quote` occurs within `within` (a byte range of the document), in document
    /// order, counted as `locate` counts them: none for a quote that is empty once folded.
    pub fn occurrences(&self, quote: &str, within: Range<usize>) -> Vec<Span> {
        let key = match_key(quote);
        if key.is_empty() {
            return Vec::new();
        }
        let range = self.folded_range(within);
        let haystack = &self.key().folded[range.clone()];
        memchr::memmem::find_iter(haystack.as_bytes(), key.as_bytes())
            .map(|i| self.span(range.start + i, key.len()))
            .collect()
    }

    /// Every occurrence of `needle`'s match key that stands as a whole word (no letter or
    /// digit just before or after), as byte ranges of the document, found by `finder`, an
    /// automaton built over match keys (see `coverage.rs`). Yields `(pattern, bytes)`.
    pub fn whole_words<'a>(
        &'a self,
        finder: &'a aho_corasick::AhoCorasick,
    ) -> impl Iterator<Item = (usize, Range<usize>)> + 'a {
        let folded = &self.key().folded;
        finder.find_iter(folded).filter_map(move |m| {
            let boundary_before = folded[..m.start()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let boundary_after = folded[m.end()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            // The bytes only: a span's code point offset counts from the start of the text,
            // which made finding every mention quadratic in the document's size.
            (boundary_before && boundary_after).then(|| {
                (
                    m.pattern().as_usize(),
                    self.bytes(m.start(), m.end() - m.start()),
                )
            })
        })
    }

    /// The sentences of the document as byte ranges: each line is split after `.`, `!`, `?`
    /// or `…` followed by white space. Blank lines yield nothing.
    pub fn sentences(&self) -> Vec<Range<usize>> {
        let mut sentences = Vec::new();
        for i in 0..self.line_starts.len() {
            self.line_sentences(i, &mut sentences);
        }
        sentences
    }

    /// The sentences (as `sentences` cuts them) that share a byte with `bytes`, found in the
    /// lines `bytes` lies on only.
    pub fn sentences_over(&self, bytes: Range<usize>) -> Vec<Range<usize>> {
        let mut sentences = Vec::new();
        let first = self.line_of(bytes.start) - 1;
        let last = self.line_of(bytes.end.saturating_sub(1).max(bytes.start)) - 1;
        for i in first..=last {
            self.line_sentences(i, &mut sentences);
        }
        sentences.retain(|s| s.start < bytes.end && bytes.start < s.end);
        sentences
    }

    /// Adds the sentences of line `i` (0-based) to `sentences`, trimmed, empty ones left out.
    fn line_sentences(&self, i: usize, sentences: &mut Vec<Range<usize>>) {
        let line_start = self.line_starts[i];
        let line_end = self
            .line_starts
            .get(i + 1)
            .map_or(self.text.len(), |next| next - 1);
        if line_start >= line_end {
            return;
        }
        let line = &self.text[line_start..line_end];
        let mut push = |r: Range<usize>| {
            let text = &self.text[r.clone()];
            let lead = text.len() - text.trim_start().len();
            let trail = text.len() - text.trim_end().len();
            let r = r.start + lead..r.end - trail;
            if r.start < r.end {
                sentences.push(r);
            }
        };
        let mut start = 0;
        let mut chars = line.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let ends = matches!(c, '.' | '!' | '?' | '…')
                && chars.peek().is_some_and(|(_, next)| next.is_whitespace());
            if ends {
                push(line_start + start..line_start + at + c.len_utf8());
                start = at + c.len_utf8();
            }
        }
        push(line_start + start..line_end);
    }

    /// The byte range of the whole document.
    pub fn everything(&self) -> Range<usize> {
        0..self.text.len()
    }

    fn span(&self, folded_start: usize, folded_len: usize) -> Span {
        let Range { start, end } = self.bytes(folded_start, folded_len);
        let cp_start = self.code_point_offset(start);
        Span {
            bytes: start..end,
            start: cp_start,
            end: cp_start + self.text[start..end].chars().count(),
            line: self.line_of(start),
        }
    }

    /// The bytes of the text that a range of the match key comes from.
    fn bytes(&self, folded_start: usize, folded_len: usize) -> Range<usize> {
        let key = self.key();
        let start = key.origin(folded_start);
        let last = key.origin(folded_start + folded_len - 1);
        start..last + self.text[last..].chars().next().map_or(0, char::len_utf8)
    }

    /// The one passage of `within` that is `quote` when case and accents are ignored, with
    /// what differs; `None` when there is none or more than one. Built on a miss only: the key
    /// it searches is made for the searched range, not kept.
    fn resemblance(&self, quote: &str, within: Range<usize>) -> Option<Resemblance> {
        let wanted = Loose::new(quote.trim());
        let text = &self.text[within.clone()];
        let loose = Loose::new(text);
        let mut found =
            memchr::memmem::find_iter(loose.folded.as_bytes(), wanted.folded.as_bytes());
        let at = found.next()?;
        if found.next().is_some() || wanted.folded.is_empty() {
            return None;
        }
        let start = loose.origin[at];
        let end = loose
            .origin
            .get(at + wanted.folded.len())
            .copied()
            .unwrap_or(text.len());
        let mut resemblance = Resemblance {
            line: self.line_of(within.start + start),
            passage: text[start..end].trim_end().to_owned(),
            case: false,
            accents: false,
            differences: Vec::new(),
        };
        let quote = quote.trim();
        let mut last = None;
        for (i, _) in wanted.folded.char_indices() {
            let (q, d) = (wanted.origin[i], loose.origin[at + i]);
            if last == Some((q, d)) {
                continue;
            }
            last = Some((q, d));
            let (q, d) = (letter(quote, q), letter(text, d));
            if match_key(q) == match_key(d) {
                continue;
            }
            // Loosely equal: with the accents taken off, only case can differ; in the same
            // case, only accents (or how they are encoded: `é` or `e` and U+0301).
            let case = strip_accents(q) != strip_accents(d);
            resemblance.case |= case;
            resemblance.accents |=
                !case || decomposed(&q.to_lowercase()) != decomposed(&d.to_lowercase());
            if resemblance.differences.len() < 3
                && !resemblance
                    .differences
                    .iter()
                    .any(|(a, b)| a == q && b == d)
            {
                resemblance.differences.push((q.to_owned(), d.to_owned()));
            }
        }
        Some(resemblance)
    }

    /// The range of the match key that covers a byte range of the text.
    fn folded_range(&self, bytes: Range<usize>) -> Range<usize> {
        let origin = &self.key().origin;
        let start = origin.partition_point(|&o| (o as usize) < bytes.start);
        let end = origin.partition_point(|&o| (o as usize) < bytes.end);
        start..end
    }

    /// Describes the passage that shares the longest beginning with the quote.
    fn closest(&self, key: &str, range: Range<usize>) -> Option<String> {
        let match_key = self.key();
        let MatchKey { folded, origin } = match_key;
        let haystack = &folded[range.clone()];
        let boundaries: Vec<usize> = key.char_indices().map(|(i, _)| i).skip(1).collect();
        // Occurrence of a prefix is monotone in its length, so a binary search finds the longest.
        let shared = boundaries.partition_point(|&len| haystack.contains(&key[..len]));
        let len = *boundaries.get(shared.checked_sub(1)?)?;
        let at = range.start + haystack.find(&key[..len])?;
        let start = match_key.origin(at);
        let line = self.line_of(start);
        let quote_char = key[len..].chars().next()?;
        let passage_end = origin
            .get(at + key.len())
            .map_or(self.text.len(), |&o| o as usize);
        let passage = self.text[start..passage_end.max(start)].trim_end();
        let differs = match origin.get(at + len) {
            Some(&o) if at + len < range.end => {
                let doc_char = self.text[o as usize..].chars().next()?;
                format!(
                    "the quote has `{}` ({}) where the document has `{}` ({})",
                    printable(quote_char),
                    code_point(quote_char),
                    printable(doc_char),
                    code_point(doc_char),
                )
            }
            _ => "the quote goes on where the searched text ends".to_owned(),
        };
        let chars = key[..len].chars().count();
        Some(format!(
            "closest passage, line {line}: `{passage}`; they agree for {chars} characters, then {differs}"
        ))
    }
}

/// The match key of a character (see the module comment).
fn fold(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' => '"',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

/// The characters of `text`'s match key, each with the byte offset in `text` of the character
/// it comes from: folded (`fold`), a run of white space as one space. A document's key and a
/// quote's are both made here, so that they fold alike.
fn key_chars(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut after_space = false;
    text.char_indices()
        .map(|(i, c)| (i, fold(c)))
        .filter(move |&(_, c)| {
            let repeated = c == ' ' && after_space;
            after_space = c == ' ';
            !repeated
        })
}

/// A text folded further than the match key, for messages only: case and accents ignored too.
struct Loose {
    folded: String,
    /// For each byte of `folded`, the byte offset in the text of the character it comes from.
    origin: Vec<usize>,
}

impl Loose {
    fn new(text: &str) -> Self {
        let mut folded = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            let c = fold(c);
            if c == ' ' && folded.ends_with(' ') {
                continue;
            }
            for lower in c.to_lowercase() {
                unicode_normalization::char::decompose_canonical(lower, |part| {
                    if !unicode_normalization::char::is_combining_mark(part) {
                        folded.push(part);
                        origin.extend(std::iter::repeat_n(i, part.len_utf8()));
                    }
                });
            }
        }
        Self { folded, origin }
    }
}

/// `text` with case and accents ignored, as well as what quote matching forgives: to compare a
/// name typed one way with a name written another (`turquie` and `Turquie`, `etat` and `État`).
pub(crate) fn loose_form(text: &str) -> String {
    Loose::new(text.trim()).folded
}

/// The character at byte `at` of `text` with the accents that follow it.
fn letter(text: &str, at: usize) -> &str {
    let rest = &text[at..];
    let len = rest
        .char_indices()
        .skip(1)
        .find(|(_, c)| !unicode_normalization::char::is_combining_mark(*c))
        .map_or(rest.len(), |(i, _)| i);
    &rest[..len]
}

/// `text` in canonical decomposition: each accented letter as its letter and its accents.
fn decomposed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        unicode_normalization::char::decompose_canonical(c, |part| out.push(part));
    }
    out
}

/// `text` without its accents, its case kept.
fn strip_accents(text: &str) -> String {
    decomposed(text)
        .chars()
        .filter(|&c| !unicode_normalization::char::is_combining_mark(c))
        .collect()
}

/// The match key of a quote: folded, runs of white space collapsed, trimmed.
pub(crate) fn match_key(quote: &str) -> String {
    key_chars(quote.trim()).map(|(_, c)| c).collect()
}

fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

fn printable(c: char) -> String {
    if c.is_whitespace() || c.is_control() {
        c.escape_unicode().to_string()
    } else {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::new(text.to_owned())
    }

    #[test]
    fn a_key_s_characters_are_folded_with_one_space_a_run_each_at_its_offset() {
        let keyed: Vec<(usize, char)> = key_chars("a \t\u{a0}’b« c").collect();
        assert_eq!(
            keyed,
            [
                (0, 'a'),
                (1, ' '),
                (5, '\''),
                (8, 'b'),
                (9, '"'),
                (11, ' '),
                (12, 'c')
            ]
        );
    }

    #[test]
    fn a_forgotten_match_key_is_built_again_for_the_next_quote() {
        let mut d = doc("Le Mali et la Russie ont signé l’accord de défense.");
        let first = d.locate("l'accord de défense", d.everything());
        assert!(d.key.get().is_some(), "the lookup built the key");
        d.forget_match_key();
        assert!(d.key.get().is_none(), "forgotten");
        assert_eq!(d.locate("l'accord de défense", d.everything()), first);
        assert_eq!(first.map(|s| (s.start, s.end)), Ok((31, 50)));
    }

    #[test]
    fn offsets_count_code_points_not_bytes() {
        let d = doc("Qui sont les alliés du Mali ?\n\nL'armée malienne a des alliés russes.");
        let span = d.locate("alliés russes", d.everything()).unwrap();
        let before: String = d.text().chars().take(span.start).collect();
        assert!(before.ends_with("a des "));
        assert_eq!(span.end - span.start, "alliés russes".chars().count());
        assert_ne!(
            span.start, span.bytes.start,
            "é is two bytes: offsets must differ"
        );
        assert_eq!(span.line, 3);
    }

    #[test]
    fn typographic_apostrophes_and_spaces_match_their_plain_forms() {
        let d = doc("l’armée\u{a0}malienne « une victoire »");
        let span = d
            .locate("l'armée malienne \"une victoire\"", d.everything())
            .unwrap_err();
        // Guillemets carry their own spaces in French: `« une` is not `"une`.
        assert!(matches!(span, Miss::NotFound { .. }));
        let span = d
            .locate("l'armée   malienne « une victoire »", d.everything())
            .unwrap();
        assert_eq!(
            &d.text()[span.bytes],
            "l’armée\u{a0}malienne « une victoire »"
        );
    }

    #[test]
    fn a_quote_found_twice_is_ambiguous_and_names_both_lines() {
        let d = doc("Wagner est là.\nWagner est là.\n");
        assert_eq!(
            d.locate("Wagner", d.everything()),
            Err(Miss::Ambiguous { lines: vec![1, 2] })
        );
        assert!(d.locate("Wagner", d.lines(2, 2)).is_ok());
    }

    #[test]
    fn a_missing_quote_shows_the_closest_passage_and_the_difference() {
        let d = doc("Intro.\nLe Mali et la Russie ont signé.\n");
        let Err(Miss::NotFound { closest: Some(msg) }) =
            d.locate("la Russie ont scellé", d.everything())
        else {
            panic!("expected a miss with a passage");
        };
        assert!(msg.contains("line 2"), "{msg}");
        assert!(
            msg.contains("`c` (U+0063) where the document has `i` (U+0069)"),
            "{msg}"
        );
    }

    /// The resemblance `locate` reports for `quote` in `d`, which must be one.
    fn resembles(d: &Document, quote: &str) -> Resemblance {
        match d.locate(quote, d.everything()) {
            Err(Miss::Resembles(r)) => r,
            other => panic!("expected a resemblance, got {other:?}"),
        }
    }

    #[test]
    fn a_quote_that_differs_only_in_case_names_the_line_and_the_words_to_paste() {
        let d = doc("Titre\n\nLe Mali. Les séparatistes ont attaqué.\n");
        let r = resembles(&d, "les séparatistes");
        assert_eq!(r.to_string(), "at line 3 but for case (`l` for `L`)");
        assert_eq!(r.passage, "Les séparatistes");
        assert!(d.locate(&r.passage, d.everything()).is_ok());
    }

    #[test]
    fn accents_and_case_and_accents_are_told_apart() {
        let d = doc("Le Mali et la Russie ont renforcé leur alliance. À Bamako, l’État malien.\n");
        let r = resembles(&d, "ont renforce leur");
        assert_eq!(r.to_string(), "at line 1 but for accents (`e` for `é`)");
        assert_eq!(r.passage, "ont renforcé leur");
        let r = resembles(&d, "a bamako, l'etat");
        assert_eq!(
            r.to_string(),
            "at line 1 but for case and accents (`a` for `À`, `b` for `B`, `e` for `É`)"
        );
        assert_eq!(r.passage, "À Bamako, l’État");
    }

    #[test]
    fn an_accent_encoded_apart_from_its_letter_is_an_accent_difference() {
        // `é` as `e` and U+0301 in the document, as one character in the quote.
        let d = doc("Le Mali a renforce\u{301} l’alliance.");
        let r = resembles(&d, "a renforcé l'alliance");
        assert_eq!(r.passage, "a renforce\u{301} l’alliance");
        assert!(r.accents && !r.case, "{r:?}");
    }

    #[test]
    fn a_loose_match_found_twice_or_a_real_difference_falls_back_to_the_closest_passage() {
        let d = doc("Le Mali.\nle mali.\n");
        assert!(matches!(
            d.locate("LE MALI", d.everything()),
            Err(Miss::NotFound { .. })
        ));
        assert!(matches!(
            d.locate("Le Niger", d.everything()),
            Err(Miss::NotFound { .. })
        ));
    }

    #[test]
    fn occurrences_lists_every_place_with_its_offsets() {
        let d = doc("Wagner est là.\nLe groupe Wagner\u{a0}est là aussi.\n");
        let found: Vec<(usize, usize, usize)> = d
            .occurrences("Wagner est", d.everything())
            .into_iter()
            .map(|s| (s.line, s.start, s.end))
            .collect();
        assert_eq!(found, [(1, 0, 10), (2, 25, 35)]);
        assert!(d.occurrences("Wagner est", d.lines(2, 2)).len() == 1);
        assert!(d.occurrences(" ", d.everything()).is_empty());
    }

    #[test]
    fn an_empty_quote_is_a_miss() {
        let d = doc("x");
        assert_eq!(d.locate(" \u{a0} ", d.everything()), Err(Miss::Empty));
    }

    #[test]
    fn sentences_split_after_end_punctuation_and_at_line_ends() {
        let d = doc("Le Mali. La Russie ! Vive\n\n  AES ?\nx.y");
        let sentences: Vec<&str> = d.sentences().into_iter().map(|r| &d.text()[r]).collect();
        assert_eq!(
            sentences,
            ["Le Mali.", "La Russie !", "Vive", "AES ?", "x.y"]
        );
    }

    #[test]
    fn the_sentences_over_a_range_are_those_it_touches() {
        let d = doc("Intro.\nLe Mali. La Russie ! Vive\n\n  AES ?\n");
        let over = |text: &str| -> Vec<&str> {
            let at = d.text().find(text).unwrap();
            d.sentences_over(at..at + text.len())
                .into_iter()
                .map(|r| &d.text()[r])
                .collect()
        };
        assert_eq!(over("Russie"), ["La Russie !"]);
        assert_eq!(over("Mali. La"), ["Le Mali.", "La Russie !"]);
        assert_eq!(over("Vive\n\n  AES"), ["Vive", "AES ?"]);
        let all = d.sentences();
        assert_eq!(d.sentences_over(d.everything()), all);
    }

    #[test]
    fn whole_words_do_not_match_inside_longer_words() {
        let d = doc("Le Mali et les Maliens ; l’armée malienne.");
        let finder = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build([match_key("Mali"), match_key("l'armée malienne")])
            .unwrap();
        let found: Vec<(usize, &str)> = d
            .whole_words(&finder)
            .map(|(p, r)| (p, &d.text()[r]))
            .collect();
        assert_eq!(found, [(0, "Mali"), (1, "l’armée malienne")]);
    }

    #[test]
    fn line_ranges_cover_whole_lines() {
        let d = doc("a\nbb\nccc\n");
        assert_eq!(d.line_count(), 3);
        assert_eq!(&d.text()[d.lines(2, 3)], "bb\nccc");
        assert_eq!(&d.text()[d.lines(1, 1)], "a");
    }
}
