//! The characters that text shown to a reader must not carry.
//!
//! In: a character, or a cell's text. Out: whether it is unfit and why (`unfit`), and its name
//! for messages. The one list that the annotations may not carry (read by `read::check_cell`),
//! that the terminal shows escaped (`problem`), that the pictures and the page replace
//! (`render::markup`), and that the CSV formula guard looks through (`render::report`): shared
//! by the readers and the writers, so it lives in neither. What this does not do: decide which
//! column may hold what (`read::check_cell` does).

/// Why a character is unfit for text shown to a reader (see `unfit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unfit {
    /// XML 1.0 cannot carry it, not even as a character reference: the C0 controls other than
    /// tab, line feed and carriage return, and the noncharacters U+FFFE and U+FFFF. In an SVG
    /// picture it makes the file not well-formed; a NUL also stops Graphviz.
    NotXml,
    /// It shows nothing, or changes how the text around it is shown, so a reader cannot see
    /// what is written: the bidirectional embeddings, overrides and isolates (U+202A-202E,
    /// U+2066-2069) and marks (U+200E, U+200F, U+061C), the zero-width characters (U+200B-200D,
    /// U+2060-2064, U+FEFF), the line and paragraph separators (U+2028, U+2029), DEL and the C1
    /// controls (U+007F-009F). XML can carry them; a name that holds one is not what it looks
    /// like.
    Hidden,
}

/// Whether `c` is unfit for text shown to a reader, and why. Lone surrogates cannot occur in
/// a Rust string. Tab, line feed and carriage return are fit: every writer carries them, and
/// quotes span lines.
pub(crate) fn unfit(c: char) -> Option<Unfit> {
    match c {
        '\t' | '\n' | '\r' => None,
        '\0'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => Some(Unfit::NotXml),
        '\u{7F}'..='\u{9F}'
        | '\u{061C}'
        | '\u{200B}'..='\u{200F}'
        | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => Some(Unfit::Hidden),
        _ => None,
    }
}

/// The first character of `text` that `unfit` flags, with its byte offset and why; with
/// `hidden` false, only one XML cannot carry. Every cell of the annotations goes through this:
/// the bytes are scanned, and a character decoded only where one of the flagged ones can start
/// (`may_start_unfit`), which in most text is nowhere.
pub(crate) fn first_unfit(text: &str, hidden: bool) -> Option<(usize, char, Unfit)> {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| may_start_unfit(b))
        .find_map(|(at, _)| {
            // These bytes are ASCII or lead bytes, never inside a character: `at` is a boundary.
            let c = text[at..].chars().next()?;
            let why = unfit(c)?;
            (hidden || why == Unfit::NotXml).then_some((at, c, why))
        })
}

/// Whether a byte may be the first of the UTF-8 form of a character `unfit` flags: C0, DEL,
/// `C2` (C1 controls), `D8` (U+061C), `E2` (U+2000-2FFF), `EF` (U+F000-FFFF).
fn may_start_unfit(b: u8) -> bool {
    b < 0x20 || matches!(b, 0x7F | 0xC2 | 0xD8 | 0xE2 | 0xEF)
}

/// The English name of a character `unfit` flags, for messages; `None` for the C0 and C1
/// controls, which `U+XXXX` names well enough.
pub(crate) fn name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{FFFE}' | '\u{FFFF}' => "a noncharacter",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => "WORD JOINER",
        '\u{2061}'..='\u{2064}' => "an invisible operator",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE, a byte-order mark",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unfit_character_is_found_by_the_byte_scan() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            if let Some(why) = unfit(c) {
                let text = format!("« a »{c}b");
                assert_eq!(first_unfit(&text, true), Some((7, c, why)), "{c:?}");
                let first = c.encode_utf8(&mut [0; 4]).as_bytes()[0];
                assert!(may_start_unfit(first), "{c:?}");
            }
        }
        assert_eq!(first_unfit("a\u{202E}b", false), None);
        assert_eq!(
            first_unfit("a\u{202E}b\u{1}", false),
            Some((5, '\u{1}', Unfit::NotXml))
        );
        assert_eq!(first_unfit("l’AES « alliés » … \u{A0}!", true), None);
    }

    #[test]
    fn the_unfit_characters_are_the_documented_ones() {
        for c in [
            '\u{0}', '\u{1}', '\u{8}', '\u{B}', '\u{C}', '\u{1B}', '\u{FFFE}',
        ] {
            assert_eq!(unfit(c), Some(Unfit::NotXml), "{c:?}");
        }
        for c in [
            '\u{7F}', '\u{85}', '\u{9F}', '\u{61C}', '\u{200B}', '\u{200F}', '\u{2028}',
            '\u{2029}', '\u{202A}', '\u{202E}', '\u{2060}', '\u{2066}', '\u{2069}', '\u{FEFF}',
        ] {
            assert_eq!(unfit(c), Some(Unfit::Hidden), "{c:?}");
        }
        for c in [
            '\t',
            '\n',
            '\r',
            ' ',
            'é',
            '«',
            '\u{A0}',
            '\u{2019}',
            '\u{202F}',
            '\u{1FFFE}',
        ] {
            assert_eq!(unfit(c), None, "{c:?}");
        }
    }
}
