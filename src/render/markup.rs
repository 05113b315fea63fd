//! Escaping text for the SVG pictures and the HTML page.
//!
//! In: any text, quotes from web pages and reader comments included, and the answers of
//! stored queries (which a query, or an endpoint over plain HTTP, may fill with markup). Out:
//! `Html`, text safe inside XML or HTML element content and double- or single-quoted attribute
//! values, with the characters XML cannot carry (`chars::unfit`) replaced. What this does not
//! do: decide which column may hold what (`read::check_cell` does).

use std::fmt;

use crate::chars::{Unfit, unfit};

/// Text that is safe in SVG and HTML: data escaped by `escape`, or markup this program wrote
/// (`Html::markup` and `+` take only `&'static str`, which no data can be). The page builds
/// its cells as `Html`, so a value that was not escaped does not compile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Html(String);

impl Html {
    /// Markup written in this program.
    pub(crate) fn markup(text: &'static str) -> Self {
        Self(text.to_owned())
    }

    /// `<name>content</name>`.
    pub(crate) fn element(name: &'static str, content: &Self) -> Self {
        Self(format!("<{name}>{}</{name}>", content.0))
    }

    /// The pieces with `separator` between them.
    pub(crate) fn join(pieces: &[Self], separator: &'static str) -> Self {
        Self(
            pieces
                .iter()
                .map(|p| p.0.as_str())
                .collect::<Vec<_>>()
                .join(separator),
        )
    }
}

impl std::ops::Add<&Html> for Html {
    type Output = Self;
    fn add(mut self, more: &Html) -> Self {
        self.0.push_str(&more.0);
        self
    }
}

impl std::ops::Add<&'static str> for Html {
    type Output = Self;
    fn add(mut self, markup: &'static str) -> Self {
        self.0.push_str(markup);
        self
    }
}

impl fmt::Display for Html {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Escapes `& < > " '`, and writes U+FFFD for each character XML cannot carry
/// (`Unfit::NotXml`): validation refuses them in the annotations, but a query's answer or a
/// document may still hold one, and the picture must stay well-formed.
pub(crate) fn escape(text: &str) -> Html {
    Html(replaced(text, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&#39;"),
        _ => None,
    }))
}

/// Text for a quoted Graphviz string whose value ends up in the SVG (a node name, a label, a
/// tooltip). Graphviz copies `&...;` into the SVG as written, undefined entities and `&#1;`
/// included, and decodes some into raw control characters, so `&` goes in as `&amp;` (which
/// Graphviz shows as `&`); `\` and `"` are escaped for DOT; what XML cannot carry becomes
/// U+FFFD.
pub(crate) fn graphviz(text: &str) -> String {
    replaced(text, |c| match c {
        '\\' => Some("\\\\"),
        '"' => Some("\\\""),
        '&' => Some("&amp;"),
        _ => None,
    })
}

/// `text` with each character that `escaped` gives a replacement for replaced by it, and each
/// other one XML cannot carry by U+FFFD: what both kinds of escaping share.
fn replaced(text: &str, escaped: impl Fn(char) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match escaped(c) {
            Some(replacement) => out.push_str(replacement),
            None if unfit(c) == Some(Unfit::NotXml) => out.push('\u{FFFD}'),
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(
            escape("<a href=\"x\">l'AES & co</a>").to_string(),
            "&lt;a href=&quot;x&quot;&gt;l&#39;AES &amp; co&lt;/a&gt;"
        );
    }

    #[test]
    fn what_xml_cannot_carry_becomes_a_replacement_character() {
        assert_eq!(
            escape("a\u{0}b\u{1}c\u{B}d\u{1B}e\u{FFFE}f\u{FFFF}g").to_string(),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f\u{FFFD}g"
        );
        assert_eq!(escape("a\tb\nc\rd").to_string(), "a\tb\nc\rd");
        assert_eq!(graphviz("&#1;\u{0}\"\\"), "&amp;#1;\u{FFFD}\\\"\\\\");
    }
}
