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
        for (i, c) in text.char_indices() {
            let key = fold(c);
            if key == ' ' && folded.ends_with(' ') {
                continue;
            }
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
        let range = self.folded_range(within);
        let haystack = &self.key().folded[range.clone()];
        // memchr's SIMD search, not `str::match_indices`: every quote is searched through its
        // whole part to be sure it occurs once, and the standard library's searcher made that a
        // large share of validation. Both report non-overlapping matches; a match of
        // UTF-8 in UTF-8 starts on a character boundary.
        let found: Vec<usize> = memchr::memmem::find_iter(haystack.as_bytes(), key.as_bytes())
            .map(|i| range.start + i)
            .collect();
        match found.as_slice() {
            [] => Err(Miss::NotFound {
                closest: self.closest(&key, range),
            }),
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
            (boundary_before && boundary_after).then(|| {
                let span = self.span(m.start(), m.end() - m.start());
                (m.pattern().as_usize(), span.bytes)
            })
        })
    }

    /// The sentences of the document as byte ranges: each line is split after `.`, `!`, `?`
    /// or `…` followed by white space. Blank lines yield nothing.
    pub fn sentences(&self) -> Vec<Range<usize>> {
        let mut sentences = Vec::new();
        for (i, &line_start) in self.line_starts.iter().enumerate() {
            let line_end = self
                .line_starts
                .get(i + 1)
                .map_or(self.text.len(), |next| next - 1);
            if line_start >= line_end {
                continue;
            }
            let line = &self.text[line_start..line_end];
            let mut start = 0;
            let mut chars = line.char_indices().peekable();
            while let Some((at, c)) = chars.next() {
                let ends = matches!(c, '.' | '!' | '?' | '…')
                    && chars.peek().is_some_and(|(_, next)| next.is_whitespace());
                if ends {
                    sentences.push(line_start + start..line_start + at + c.len_utf8());
                    start = at + c.len_utf8();
                }
            }
            sentences.push(line_start + start..line_end);
        }
        sentences
            .into_iter()
            .map(|r| {
                let text = &self.text[r.clone()];
                let lead = text.len() - text.trim_start().len();
                let trail = text.len() - text.trim_end().len();
                r.start + lead..r.end - trail
            })
            .filter(|r| r.start < r.end)
            .collect()
    }

    /// The byte range of the whole document.
    pub fn everything(&self) -> Range<usize> {
        0..self.text.len()
    }

    fn span(&self, folded_start: usize, folded_len: usize) -> Span {
        let key = self.key();
        let start = key.origin(folded_start);
        let last = key.origin(folded_start + folded_len - 1);
        let end = last + self.text[last..].chars().next().map_or(0, char::len_utf8);
        let cp_start = self.code_point_offset(start);
        Span {
            bytes: start..end,
            start: cp_start,
            end: cp_start + self.text[start..end].chars().count(),
            line: self.line_of(start),
        }
    }

    /// The range of the match key that covers a byte range of the text.
    fn folded_range(&self, bytes: Range<usize>) -> Range<usize> {
        let origin = &self.key().origin;
        let start = origin.partition_point(|&o| (o as usize) < bytes.start);
        let end = origin.partition_point(|&o| (o as usize) < bytes.end);
        start..end
    }

    /// Describes the passage that shares the longest beginning with the quote, or the one that
    /// differs from it only by case.
    fn closest(&self, key: &str, range: Range<usize>) -> Option<String> {
        if let Some(hint) = self.but_for_case(key, range.clone()) {
            return Some(hint);
        }
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

impl Document {
    /// Where the quote occurs in `range` (of the match key) but for case: a quote typed with a
    /// capital the document lacks (`Le Mali` at the start of a quote cut from mid-sentence)
    /// is the commonest miss after accents, and the closest-passage hint misreads it.
    fn but_for_case(&self, key: &str, range: Range<usize>) -> Option<String> {
        let folded = &self.key().folded[range.clone()];
        let mut lower = String::with_capacity(folded.len());
        // For each byte of `lower`, the byte of `folded` its character comes from.
        let mut from = Vec::with_capacity(folded.len());
        for (i, c) in folded.char_indices() {
            for l in c.to_lowercase() {
                lower.push(l);
                from.extend(std::iter::repeat_n(i, l.len_utf8()));
            }
        }
        let needle = key.to_lowercase();
        let at = lower.find(&needle)?;
        let (start, last) = (from[at], from[at + needle.len() - 1]);
        let end = last + folded[last..].chars().next().map_or(0, char::len_utf8);
        let span = self.span(range.start + start, end - start);
        Some(format!(
            "quote matches line {} but for case: the document has `{}`",
            span.line, &self.text[span.bytes]
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

/// The match key of a quote: folded, runs of white space collapsed, trimmed.
pub fn match_key(quote: &str) -> String {
    let mut key = String::with_capacity(quote.len());
    for c in quote.trim().chars().map(fold) {
        if !(c == ' ' && key.ends_with(' ')) {
            key.push(c);
        }
    }
    key
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
            d.locate("la Russie ont signe", d.everything())
        else {
            panic!("expected a miss with a passage");
        };
        assert!(msg.contains("line 2"), "{msg}");
        assert!(
            msg.contains("`e` (U+0065) where the document has `é` (U+00E9)"),
            "{msg}"
        );
    }

    #[test]
    fn a_quote_that_differs_only_by_case_says_so_with_the_document_s_spelling() {
        let d = doc("Intro.\nLe Mali et la Russie ont signé.\n");
        assert_eq!(
            d.locate("le mali et la russie", d.everything()),
            Err(Miss::NotFound {
                closest: Some(
                    "quote matches line 2 but for case: the document has `Le Mali et la Russie`"
                        .to_owned()
                )
            })
        );
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
