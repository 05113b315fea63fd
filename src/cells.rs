//! Strings stored back to back in one buffer, each found by where it ends.
//!
//! In: strings, one at a time. Out: the i-th string, borrowed. A table of a million rows held
//! as a `String` per cell costs an allocation and 24 bytes per cell; this costs one buffer and
//! 8 bytes per cell. The annotation rows (`read.rs`) and the queries' answers (`query.rs`) are
//! held this way. What this does not do: change or remove a string once pushed.

/// Strings stored back to back (see the module comment).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Cells {
    text: String,
    /// Where each string ends in `text`.
    ends: Vec<usize>,
}

impl Cells {
    /// Room for `count` strings of `bytes` bytes in all.
    pub(crate) fn with_capacity(bytes: usize, count: usize) -> Self {
        Self {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(count),
        }
    }

    /// Adds a string after the others.
    pub(crate) fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        self.ends.push(self.text.len());
    }

    /// The `i`-th string, if there are that many.
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }

    /// How many strings.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_string_comes_back_as_it_was_pushed_empty_ones_too() {
        let mut cells = Cells::default();
        for cell in ["mali", "", "« alliés »", ""] {
            cells.push(cell);
        }
        assert_eq!(cells.len(), 4);
        let back: Vec<&str> = (0..cells.len()).filter_map(|i| cells.get(i)).collect();
        assert_eq!(back, ["mali", "", "« alliés »", ""]);
        assert_eq!(cells.get(4), None);
    }
}
