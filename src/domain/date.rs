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
        let text = text.trim();
        let (date, rest) = text.split_at(text.len().min(10));
        if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
            return None;
        }
        let b = date.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |s: &str| -> Option<u16> {
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())
                .flatten()
        };
        Date::new(
            num(&date[0..4])?,
            num(&date[5..7])? as u8,
            num(&date[8..10])? as u8,
        )
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

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a date (YYYY-MM-DD)")))
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

    #[test]
    fn displays_zero_padded_and_orders_chronologically() {
        let a = Date::new(999, 3, 4).unwrap();
        assert_eq!(a.to_string(), "0999-03-04");
        assert!(Date::new(2025, 1, 31) < Date::new(2025, 2, 1));
    }
}
