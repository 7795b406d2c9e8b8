//! Counts in words: the one place that picks "1 team" or "2 teams", so no page says
//! "1 evidence entries".

/// `n` with thousands separators ("193,800").
pub fn grouped(n: usize) -> String {
    let mut digits = n.to_string();
    let len = digits.len();
    for i in (1..len).rev().filter(|i| (len - i).is_multiple_of(3)) {
        digits.insert(i, ',');
    }
    digits
}

/// `n` (with thousands separators) and the noun that fits it: the singular for exactly one,
/// the plural otherwise, "0 teams" included. Both forms are given, as English needs
/// ("evidence entry", "evidence entries").
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(
            count(1, "evidence entry", "evidence entries"),
            "1 evidence entry"
        );
        assert_eq!(
            count(2, "evidence entry", "evidence entries"),
            "2 evidence entries"
        );
        assert_eq!(count(0, "team", "teams"), "0 teams");
        assert_eq!(count(1, "activity", "activities"), "1 activity");
        assert_eq!(
            count(194_000, "team record", "team records"),
            "194,000 team records"
        );
    }
}
