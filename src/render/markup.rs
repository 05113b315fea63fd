//! Escaping text for the SVG pictures and the HTML page.
//!
//! In: any text, quotes from web pages and reader comments included. Out: the same text safe
//! inside XML or HTML element content and double- or single-quoted attribute values.

/// Escapes `& < > " '`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
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
            escape("<a href=\"x\">l'AES & co</a>"),
            "&lt;a href=&quot;x&quot;&gt;l&#39;AES &amp; co&lt;/a&gt;"
        );
    }
}
