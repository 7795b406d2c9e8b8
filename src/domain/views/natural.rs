//! Natural order: runs of digits compare as numbers, so control ids sort as people read them
//! (`5.9` before `5.10`, `9.4.2` before `12.1.1`), where plain text order (the reference
//! app's, upstream #498) puts `14.2.1` before `5.1`.

use std::cmp::Ordering;

/// Compares `a` and `b` in natural order: case-insensitive text, digit runs by value (then,
/// for equal values, the one with fewer leading zeros first), and finally plain text order
/// so that no two different strings compare equal.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let n = digits(&mut x);
                let m = digits(&mut y);
                let (n0, m0) = (n.trim_start_matches('0'), m.trim_start_matches('0'));
                let by_value = n0.len().cmp(&m0.len()).then_with(|| n0.cmp(m0));
                match by_value.then_with(|| n.len().cmp(&m.len())) {
                    Ordering::Equal => {}
                    other => return other,
                }
            }
            (Some(c), Some(d)) => {
                let order = c.to_ascii_lowercase().cmp(&d.to_ascii_lowercase());
                if order != Ordering::Equal {
                    return order;
                }
                x.next();
                y.next();
            }
        }
    }
}

fn digits(it: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut s = String::new();
    while let Some(c) = it.next_if(char::is_ascii_digit) {
        s.push(c);
    }
    s
}

/// Compares two lists of ids: the first ids first, then the next, a shorter list first; an
/// empty list after every other (rows with nothing to sort by go to the end either way is
/// the caller's choice: see `mapping`).
pub fn natural_cmp_lists(a: &[&str], b: &[&str]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        match natural_cmp(x, y) {
            Ordering::Equal => {}
            other => return other,
        }
    }
    a.len().cmp(&b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(items: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = items.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| natural_cmp(a, b));
        v
    }

    #[test]
    fn control_ids_sort_as_people_read_them() {
        assert_eq!(
            sorted(&["5.10", "14.2.1", "5.9", "12.1.1", "9.4.2", "5.1", "8.2", "8.20"]),
            ["5.1", "5.9", "5.10", "8.2", "8.20", "9.4.2", "12.1.1", "14.2.1"]
        );
        assert_eq!(
            sorted(&["I-SB-A-2", "D-TA-A-1", "I-SB-A-10", "i-sb-a-3"]),
            ["D-TA-A-1", "I-SB-A-2", "i-sb-a-3", "I-SB-A-10"]
        );
        assert_eq!(
            sorted(&["b", "A", "a2", "a10", ""]),
            ["", "A", "a2", "a10", "b"]
        );
        assert_eq!(sorted(&["007", "7", "07"]), ["7", "07", "007"]);
    }

    #[test]
    fn lists_compare_id_by_id() {
        assert_eq!(natural_cmp_lists(&["5.9"], &["5.10"]), Ordering::Less);
        assert_eq!(
            natural_cmp_lists(&["5.9", "8.1"], &["5.9"]),
            Ordering::Greater
        );
        assert_eq!(natural_cmp_lists(&[], &["1"]), Ordering::Less);
    }

    // Host only (proptest).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        // A total order: antisymmetric, equal only when equal, transitive on triples.
        #[test]
        fn is_a_total_order(a in "[a-c0-9.]{0,6}", b in "[a-c0-9.]{0,6}", c in "[a-cA-C0-9.]{0,6}") {
            proptest::prop_assert_eq!(natural_cmp(&a, &b), natural_cmp(&b, &a).reverse());
            proptest::prop_assert_eq!(natural_cmp(&a, &b) == Ordering::Equal, a == b);
            if natural_cmp(&a, &b) != Ordering::Greater && natural_cmp(&b, &c) != Ordering::Greater {
                proptest::prop_assert_ne!(natural_cmp(&a, &c), Ordering::Greater);
            }
        }
    }
}
