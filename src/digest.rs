//! Digests as people read them: lowercase hexadecimal.
//!
//! In: a digest's bytes (SHA-256 of a document, of the canonical graph). Out: the text that
//! `sources.csv`, `graph.sha256` and the messages show. Shared by validation, the graph files
//! and `synth`, so it lives in none of them. What this does not do: choose or compute a digest.

use std::fmt::Write;

/// Lowercase hexadecimal, two digits a byte.
pub fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn bytes_are_two_lowercase_digits_each() {
        assert_eq!(super::hex(&[0x00, 0x0f, 0xab, 0xff]), "000fabff");
        assert_eq!(super::hex(&[]), "");
    }
}
