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

impl Date {
    /// Days since 0001-01-01 (which is 0): for the compact storage codec.
    pub fn to_days(self) -> u32 {
        let y = u32::from(self.year) - 1;
        let before_year = y * 365 + y / 4 - y / 100 + y / 400;
        let before_month: u32 = (1..self.month)
            .map(|m| u32::from(days_in_month(self.year, m)))
            .sum();
        before_year + before_month + u32::from(self.day) - 1
    }

    /// The date `days` after 0001-01-01 (None past 9999-12-31). Arithmetic, no loop over
    /// years (H. Hinnant's `civil_from_days`): reading storage turns 388,000 of them.
    pub fn from_days(days: u32) -> Option<Date> {
        // Days since 0000-03-01, so leap days end each 4-, 100- and 400-year cycle.
        let z = days as u64 + 306;
        let era = z / 146_097;
        let doe = z % 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = era * 400 + yoe + u64::from(month <= 2);
        Date::new(u16::try_from(year).ok()?, month, day)
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
    fn days_count_from_year_one_and_come_back() {
        assert_eq!(Date::new(1, 1, 1).unwrap().to_days(), 0);
        assert_eq!(Date::new(1970, 1, 1).unwrap().to_days(), 719_162);
        assert_eq!(Date::new(2000, 3, 1).unwrap().to_days(), 730_179);
        let mut days = 0;
        let mut d = Date::new(1, 1, 1).unwrap();
        // Every day of some leap and century years, and the last day there is.
        while d < Date::new(2401, 1, 1).unwrap() {
            assert_eq!(d.to_days(), days);
            assert_eq!(Date::from_days(days), Some(d));
            days += if d.year < 1895 { 397 } else { 1 };
            d = Date::from_days(days).unwrap();
        }
        let last = Date::new(9999, 12, 31).unwrap();
        assert_eq!(Date::from_days(last.to_days()), Some(last));
        assert_eq!(Date::from_days(last.to_days() + 1), None);
    }

    #[test]
    fn displays_zero_padded_and_orders_chronologically() {
        let a = Date::new(999, 3, 4).unwrap();
        assert_eq!(a.to_string(), "0999-03-04");
        assert!(Date::new(2025, 1, 31) < Date::new(2025, 2, 1));
    }
}
