//! Partial dates, as the texts give them.
//!
//! In: a cell such as `2022`, `2023-09` or `2025-04-03`. Out: a `PartialDate` that keeps its
//! precision, so `2022` becomes an `xsd:gYear`, never a made-up 1 January. Comparisons treat a
//! partial date as the interval it covers: `2025-04-03` is not after `2025-04`. A date written
//! another way (`juillet 2024`, `3 avril 2025`, `03/07/2024` read day first as in French,
//! `2024/07/03`, `début 2024`) is refused with the ISO form to write instead, never read as
//! one: the cell says exactly what the annotator chose. What this does not do: times of day,
//! time zones, or dates before year 1.

use std::fmt;

use crate::vocab::xsd;
use oxigraph::model::NamedNodeRef;

/// A date at the precision the text gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartialDate {
    /// `2022`
    Year(u16),
    /// `2023-09`
    YearMonth(u16, u8),
    /// `2025-04-03`
    Date(u16, u8, u8),
}

/// A day as `(year, month, day)`, comparable.
type Day = (u16, u8, u8);

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, saying what is wrong otherwise.
    pub fn parse(text: &str) -> Result<Self, String> {
        const EXPECTED: &str = "expected a date as YYYY, YYYY-MM or YYYY-MM-DD";
        let parts: Vec<&str> = text.split('-').collect();
        let widths_ok = match parts.as_slice() {
            [y] => y.len() == 4,
            [y, m] => y.len() == 4 && m.len() == 2,
            [y, m, d] => y.len() == 4 && m.len() == 2 && d.len() == 2,
            _ => false,
        };
        if !widths_ok || parts.iter().any(|p| !p.bytes().all(|b| b.is_ascii_digit())) {
            if let Some(advice) = other_form(text) {
                return Err(advice);
            }
            let hint = text
                .char_indices()
                .find(|(_, c)| !c.is_ascii_digit() && *c != '-')
                .map(|(i, c)| format!(" (character {} is `{c}`)", i + 1))
                .unwrap_or_default();
            return Err(format!("`{text}` is not a date{hint}: {EXPECTED}"));
        }
        let number = |s: &str| {
            s.parse::<u16>()
                .map_err(|_| format!("`{text}`: {EXPECTED}"))
        };
        let year = number(parts[0])?;
        if year == 0 {
            return Err(format!(
                "`{text}` is not a possible date: there is no year 0"
            ));
        }
        let Some(month) = parts.get(1) else {
            return Ok(Self::Year(year));
        };
        let month = u8::try_from(number(month)?).unwrap_or(u8::MAX);
        if !(1..=12).contains(&month) {
            return Err(format!(
                "`{text}` is not a possible date: month {month} is not 01 to 12"
            ));
        }
        let Some(day) = parts.get(2) else {
            return Ok(Self::YearMonth(year, month));
        };
        let day = u8::try_from(number(day)?).unwrap_or(u8::MAX);
        let last = days_in_month(year, month);
        if day == 0 || day > last {
            return Err(format!(
                "`{text}` is not a possible date: {year}-{month:02} has days 01 to {last}"
            ));
        }
        Ok(Self::Date(year, month, day))
    }

    /// The first day the date may mean.
    pub fn earliest(self) -> Day {
        match self {
            Self::Year(y) => (y, 1, 1),
            Self::YearMonth(y, m) => (y, m, 1),
            Self::Date(y, m, d) => (y, m, d),
        }
    }

    /// The last day the date may mean.
    pub fn latest(self) -> Day {
        match self {
            Self::Year(y) => (y, 12, 31),
            Self::YearMonth(y, m) => (y, m, days_in_month(y, m)),
            Self::Date(y, m, d) => (y, m, d),
        }
    }

    /// Certainly after `other`: every day it may mean comes after every day `other` may mean.
    pub fn is_after(self, other: Self) -> bool {
        self.earliest() > other.latest()
    }

    /// The XML Schema datatype that keeps the precision.
    pub fn datatype(self) -> NamedNodeRef<'static> {
        match self {
            Self::Year(_) => xsd::G_YEAR,
            Self::YearMonth(..) => xsd::G_YEAR_MONTH,
            Self::Date(..) => xsd::DATE,
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Year(y) => write!(f, "{y:04}"),
            Self::YearMonth(y, m) => write!(f, "{y:04}-{m:02}"),
            Self::Date(y, m, d) => write!(f, "{y:04}-{m:02}-{d:02}"),
        }
    }
}

/// What to write instead of a date written another way, or `None` when it is not recognised.
/// A suggestion is given only when it is a possible date; a month without a year is explained.
fn other_form(text: &str) -> Option<String> {
    let not = format!("`{text}` is not written YYYY, YYYY-MM or YYYY-MM-DD");
    let (iso, reading) = match numeric(text) {
        Some(found) => found,
        None => match in_words(text)? {
            Words::Date(iso) => (iso, ""),
            Words::Vague(iso) => {
                return Some(format!(
                    "{not}: write `{iso}`, the most precise date that covers it, and keep \
                     `{text}` in the note"
                ));
            }
            Words::NoYear(month) => {
                return Some(format!(
                    "{not}, and has no year: write `YYYY-{month:02}` with the year the text \
                     gives, or leave the cell empty when it gives none"
                ));
            }
        },
    };
    Some(match PartialDate::parse(&iso) {
        Ok(_) => format!("{not}{reading}: write `{iso}`"),
        Err(why) => {
            let why = why.strip_prefix(&format!("`{iso}` ")).unwrap_or(&why);
            format!("{not}{reading}: it would be `{iso}`, which {why}")
        }
    })
}

/// `2024/07/03`, `2024.7.3`, `2024-7-3` (year first) and `03/07/2024`, `3-7-2024`, `07/2024`
/// (day first, the French order) in ISO form, with how they were read.
fn numeric(text: &str) -> Option<(String, &'static str)> {
    let fields: Vec<&str> = text.split(['/', '-', '.']).collect();
    let numbers = fields
        .iter()
        .map(|f| {
            (!f.is_empty() && f.len() <= 4 && f.bytes().all(|b| b.is_ascii_digit()))
                .then(|| f.parse::<u16>().ok())
                .flatten()
        })
        .collect::<Option<Vec<u16>>>()?;
    let year_first = fields[0].len() == 4;
    let year_last = fields.last().is_some_and(|f| f.len() == 4);
    match (numbers.as_slice(), year_first, year_last) {
        ([y, m], true, false) => Some((format!("{y:04}-{m:02}"), "")),
        ([y, m, d], true, false) => Some((format!("{y:04}-{m:02}-{d:02}"), "")),
        ([m, y], false, true) => Some((format!("{y:04}-{m:02}"), "; read as month/year")),
        ([d, m, y], false, true) => Some((
            format!("{y:04}-{m:02}-{d:02}"),
            "; read as day/month/year, as in French",
        )),
        _ => None,
    }
}

/// A date written in French words.
enum Words {
    /// `3 avril 2025`, `juillet 2024`: its ISO form.
    Date(String),
    /// `début 2024`, `mi-2022`, `fin juillet 2024`: the ISO form of the year or month it lies in.
    Vague(String),
    /// `janvier`: a month, with no year.
    NoYear(u8),
}

/// Reads `[weekday] [day|1er] month [year]`, or `début|fin|mi-|courant|... [month] year`,
/// ignoring case and accents.
fn in_words(text: &str) -> Option<Words> {
    const VAGUE: [&str; 10] = [
        "debut",
        "fin",
        "mi",
        "milieu",
        "courant",
        "printemps",
        "ete",
        "automne",
        "hiver",
        "vers",
    ];
    let lower: String = text
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'û' | 'ù' | 'ü' => 'u',
            'ô' => 'o',
            'à' | 'â' => 'a',
            'î' | 'ï' => 'i',
            ',' => ' ',
            c => c,
        })
        .collect();
    let lower = lower.replacen("mi-", "mi ", 1);
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    let vague = words.first().is_some_and(|w| VAGUE.contains(w));
    if vague {
        words.remove(0);
        if words.first() == Some(&"de") {
            words.remove(0);
        }
    }
    if words.first().is_some_and(|w| {
        [
            "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        ]
        .contains(w)
    }) {
        words.remove(0);
    }
    let day = match words.first().copied() {
        Some("1er") => Some(1),
        Some(w) if w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit()) => w.parse::<u8>().ok(),
        _ => None,
    };
    if day.is_some() {
        words.remove(0);
    }
    let (month, rest) = match words.split_first() {
        Some((w, rest)) => match month(w) {
            Some(m) => (Some(m), rest),
            None => (None, words.as_slice()),
        },
        None => (None, words.as_slice()),
    };
    let year = match rest {
        [] => None,
        [y] if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => y.parse::<u16>().ok(),
        _ => return None,
    };
    match (vague, day, month, year) {
        (false, Some(d), Some(m), Some(y)) => Some(Words::Date(format!("{y:04}-{m:02}-{d:02}"))),
        (false, None, Some(m), Some(y)) => Some(Words::Date(format!("{y:04}-{m:02}"))),
        (true, None, Some(m), Some(y)) => Some(Words::Vague(format!("{y:04}-{m:02}"))),
        (true, None, None, Some(y)) => Some(Words::Vague(format!("{y:04}"))),
        (_, _, Some(m), None) => Some(Words::NoYear(m)),
        _ => None,
    }
}

/// The month a French name or its usual abbreviation (`févr.`, `sept`) stands for, written
/// without accents.
fn month(word: &str) -> Option<u8> {
    let word = word.trim_end_matches('.');
    let months: [&[&str]; 12] = [
        &["janvier", "janv"],
        &["fevrier", "fevr", "fev"],
        &["mars"],
        &["avril", "avr"],
        &["mai"],
        &["juin"],
        &["juillet", "juil"],
        &["aout"],
        &["septembre", "sept"],
        &["octobre", "oct"],
        &["novembre", "nov"],
        &["decembre", "dec"],
    ];
    let i = months.iter().position(|names| names.contains(&word))?;
    u8::try_from(i + 1).ok()
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_keep_their_precision() {
        assert_eq!(PartialDate::parse("2022"), Ok(PartialDate::Year(2022)));
        assert_eq!(
            PartialDate::parse("2023-09"),
            Ok(PartialDate::YearMonth(2023, 9))
        );
        assert_eq!(
            PartialDate::parse("2025-04-03"),
            Ok(PartialDate::Date(2025, 4, 3))
        );
        assert_eq!(
            PartialDate::parse("2023-09")
                .map(|d| d.to_string())
                .as_deref(),
            Ok("2023-09")
        );
    }

    #[test]
    fn a_letter_o_for_a_zero_is_named() {
        let err = PartialDate::parse("2O22").unwrap_err();
        assert!(err.contains("character 2 is `O`"), "{err}");
    }

    /// The message for `text`, which must be refused.
    fn refused(text: &str) -> String {
        PartialDate::parse(text).expect_err(text)
    }

    #[test]
    fn dates_in_french_words_are_refused_with_the_iso_form_to_write() {
        let form = "is not written YYYY, YYYY-MM or YYYY-MM-DD";
        for (text, iso) in [
            ("juillet 2024", "2024-07"),
            ("Juillet 2024", "2024-07"),
            ("3 avril 2025", "2025-04-03"),
            ("1er mars 2023", "2023-03-01"),
            ("jeudi 3 avril 2025", "2025-04-03"),
            ("12 février 2024", "2024-02-12"),
            ("12 fevrier 2024", "2024-02-12"),
            ("août 2022", "2022-08"),
            ("sept. 2023", "2023-09"),
        ] {
            assert_eq!(refused(text), format!("`{text}` {form}: write `{iso}`"));
        }
        assert_eq!(
            refused("janvier"),
            format!(
                "`janvier` {form}, and has no year: write `YYYY-01` with the year the text \
                 gives, or leave the cell empty when it gives none"
            )
        );
        assert!(refused("3 avril").contains("has no year: write `YYYY-04`"));
    }

    #[test]
    fn a_vague_time_is_refused_with_the_year_or_month_that_covers_it() {
        assert_eq!(
            refused("mi-2022"),
            "`mi-2022` is not written YYYY, YYYY-MM or YYYY-MM-DD: write `2022`, the most \
             precise date that covers it, and keep `mi-2022` in the note"
        );
        assert!(refused("début 2024").contains("write `2024`, the most precise"));
        assert!(refused("fin juillet 2024").contains("write `2024-07`, the most precise"));
    }

    #[test]
    fn dates_with_slashes_are_read_year_first_or_day_first_as_in_french() {
        assert_eq!(
            refused("2024/07/03"),
            "`2024/07/03` is not written YYYY, YYYY-MM or YYYY-MM-DD: write `2024-07-03`"
        );
        assert_eq!(
            refused("03/07/2024"),
            "`03/07/2024` is not written YYYY, YYYY-MM or YYYY-MM-DD; read as day/month/year, \
             as in French: write `2024-07-03`"
        );
        assert!(refused("3/7/2024").ends_with("write `2024-07-03`"));
        assert!(refused("2024-7-3").ends_with("write `2024-07-03`"));
        assert!(refused("07/2024").ends_with("read as month/year: write `2024-07`"));
        assert_eq!(
            refused("31/02/2024"),
            "`31/02/2024` is not written YYYY, YYYY-MM or YYYY-MM-DD; read as day/month/year, \
             as in French: it would be `2024-02-31`, which is not a possible date: 2024-02 has \
             days 01 to 29"
        );
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert!(refused("2023-02-29").contains("days 01 to 28"));
        assert!(refused("2023-13").contains("month 13"));
        for text in ["1900-02-29", "0000", "22-01-2023", ""] {
            assert!(PartialDate::parse(text).is_err(), "`{text}`");
        }
        for leap in ["2024-02-29", "2000-02-29"] {
            assert!(PartialDate::parse(leap).is_ok(), "`{leap}`");
        }
    }

    #[test]
    fn partial_dates_compare_as_intervals() {
        let april = PartialDate::parse("2025-04").unwrap();
        let third = PartialDate::parse("2025-04-03").unwrap();
        let may = PartialDate::parse("2025-05-01").unwrap();
        assert!(!third.is_after(april));
        assert!(!april.is_after(third));
        assert!(may.is_after(april));
        assert!(
            !PartialDate::parse("2022")
                .unwrap()
                .is_after(PartialDate::parse("2022-06").unwrap())
        );
    }
}
