//! Partial dates, as the texts give them.
//!
//! In: a cell such as `2022`, `2023-09` or `2025-04-03`. Out: a `PartialDate` that keeps its
//! precision, so `2022` becomes an `xsd:gYear`, never a made-up 1 January. Comparisons treat a
//! partial date as the interval it covers: `2025-04-03` is not after `2025-04`. A date written
//! as texts write it (`juillet 2024`, `12/07/2024`) is refused with its ISO form (`suggest`).
//! What this does not do: times of day, time zones, or dates before year 1.

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
            let hint = text
                .char_indices()
                .find(|(_, c)| !c.is_ascii_digit() && *c != '-')
                .map(|(i, c)| format!(" (character {} is `{c}`)", i + 1))
                .unwrap_or_default();
            let written = suggest(text)
                .map(|iso| format!(": `{text}` is written `{iso}`"))
                .unwrap_or_default();
            return Err(format!("`{text}` is not a date{hint}: {EXPECTED}{written}"));
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

/// The ISO form of a date written the way French texts (or English ones) write it:
/// `juillet 2024` is `2024-07`, `mardi 1er juillet 2024` and `01/07/2024` are `2024-07-01`;
/// `None` when the text is not recognisably a date, or not a possible one.
pub fn suggest(text: &str) -> Option<String> {
    const FILLERS: &[&str] = &[
        "le",
        "du",
        "the",
        "of",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let lower = text.trim().to_lowercase();
    let mut year = None;
    let mut month = None;
    // Day and month numbers, in the order written; whether the year came first (ISO order).
    let mut numbers: Vec<u32> = Vec::new();
    let mut year_first = false;
    for token in lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '/' | '-' | '.'))
        .filter(|t| !t.is_empty())
    {
        if let Some(m) = month_named(token) {
            if month.replace(m).is_some() {
                return None;
            }
            continue;
        }
        let digits = token.strip_suffix("er").unwrap_or(token);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            let n: u32 = digits.parse().ok()?;
            match digits.len() {
                4 if year.is_none() => {
                    year_first = numbers.is_empty() && month.is_none();
                    year = Some(n);
                }
                1 | 2 => numbers.push(n),
                _ => return None,
            }
            continue;
        }
        if !FILLERS.contains(&token) {
            return None;
        }
    }
    let year = year?;
    let (month, day) = match (month, numbers.as_slice()) {
        (Some(m), []) => (m, None),
        (Some(m), [d]) => (m, Some(*d)),
        (None, [m]) => (*m, None),
        (None, [a, b]) if year_first => (*a, Some(*b)),
        (None, [d, m]) => (*m, Some(*d)),
        _ => return None,
    };
    let iso = match day {
        Some(day) => format!("{year:04}-{month:02}-{day:02}"),
        None => format!("{year:04}-{month:02}"),
    };
    PartialDate::parse(&iso).ok().map(|d| d.to_string())
}

/// The number of a month named in French or English, in full or abbreviated, with or without
/// its accents.
fn month_named(word: &str) -> Option<u32> {
    const MONTHS: [&[&str]; 12] = [
        &["janvier", "janv", "jan", "january"],
        &[
            "février", "fevrier", "févr", "fevr", "fév", "fev", "feb", "february",
        ],
        &["mars", "mar", "march"],
        &["avril", "avr", "apr", "april"],
        &["mai", "may"],
        &["juin", "jun", "june"],
        &["juillet", "juil", "jul", "july"],
        &["août", "aout", "aug", "august"],
        &["septembre", "sept", "sep", "september"],
        &["octobre", "oct", "october"],
        &["novembre", "nov", "november"],
        &["décembre", "decembre", "déc", "dec", "december"],
    ];
    (1..=12)
        .zip(MONTHS)
        .find(|(_, names)| names.contains(&word))
        .map(|(n, _)| n)
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

    #[test]
    fn dates_written_in_words_or_day_first_get_their_iso_form() {
        for (text, iso) in [
            ("juillet 2024", Some("2024-07")),
            ("12 juillet 2024", Some("2024-07-12")),
            ("mardi 1er juillet 2025", Some("2025-07-01")),
            ("le 3 août 2023", Some("2023-08-03")),
            ("3 aout 2023", Some("2023-08-03")),
            ("12/07/2024", Some("2024-07-12")),
            ("12.07.2024", Some("2024-07-12")),
            ("07/2024", Some("2024-07")),
            ("2024/7/12", Some("2024-07-12")),
            ("2024-7", Some("2024-07")),
            ("sept. 2023", Some("2023-09")),
            ("July 12, 2024", Some("2024-07-12")),
            ("30 février 2024", None),
            ("hier", None),
            ("2O22", None),
            ("13/13/2024", None),
        ] {
            assert_eq!(suggest(text).as_deref(), iso, "{text}");
        }
        assert_eq!(
            PartialDate::parse("juillet 2024").unwrap_err(),
            "`juillet 2024` is not a date (character 1 is `j`): expected a date as YYYY, YYYY-MM or YYYY-MM-DD: `juillet 2024` is written `2024-07`"
        );
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert!(
            PartialDate::parse("2023-02-29")
                .unwrap_err()
                .contains("days 01 to 28")
        );
        assert!(PartialDate::parse("2024-02-29").is_ok());
        assert!(PartialDate::parse("1900-02-29").is_err());
        assert!(PartialDate::parse("2000-02-29").is_ok());
        assert!(
            PartialDate::parse("2023-13")
                .unwrap_err()
                .contains("month 13")
        );
        assert!(PartialDate::parse("0000").is_err());
        assert!(PartialDate::parse("22-01-2023").is_err());
        assert!(PartialDate::parse("").is_err());
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
