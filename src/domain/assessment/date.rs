//! Calendar dates as the assessment files write them (`YYYY-MM-DD`).

use std::fmt;

/// A validated calendar date. Ordering is chronological.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`, also when followed by a time (`2025-01-10T00:00:00.000Z`),
    /// which is how a JavaScript `Date` is written by YAML/JSON libraries.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.trim().as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        // A time may follow (`T00:00:00.000Z`, or ` 10:00`), nothing else.
        let time = &b[10..];
        let time_ok = time.is_empty()
            || (matches!(time[0], b'T' | b' ')
                && time.len() > 1
                && time[1..]
                    .iter()
                    .all(|c| c.is_ascii_digit() || b":.+-Z".contains(c)));
        let digits = |r: std::ops::Range<usize>| -> Option<u16> {
            b[r].iter().try_fold(0u16, |acc, &c| {
                c.is_ascii_digit().then(|| acc * 10 + u16::from(c - b'0'))
            })
        };
        if !time_ok {
            return None;
        }
        Date::new(digits(0..4)?, digits(5..7)? as u8, digits(8..10)? as u8)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// For the tests' JSON oracle only (the app writes dates by hand, `formats::json`).
#[cfg(test)]
impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_and_timestamp_forms() {
        assert_eq!(Date::parse("2025-01-10"), Date::new(2025, 1, 10));
        assert_eq!(
            Date::parse("2025-01-10T00:00:00.000Z"),
            Date::new(2025, 1, 10)
        );
        assert_eq!(Date::parse(" 2024-02-29 "), Date::new(2024, 2, 29));
    }

    #[test]
    fn rejects_impossible_dates_and_garbage() {
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-00-10",
            "2025-01-32",
            "25-01-10",
            "2025/01/10",
            "",
            "yesterday",
            "2025-01-10x",
            "+025-01-10",
            "2025-1-10",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn never_panics_and_round_trips(text in "(?s).{0,24}") {
                if let Some(d) = Date::parse(&text) {
                    prop_assert_eq!(Date::parse(&d.to_string()), Some(d));
                }
            }
        }
    }

    #[test]
    fn displays_zero_padded_and_orders_chronologically() {
        let a = Date::new(999, 3, 4).unwrap();
        assert_eq!(a.to_string(), "0999-03-04");
        assert!(Date::new(2025, 1, 31) < Date::new(2025, 2, 1));
    }
}
