//! Names the app gives to model values: level titles, rating labels, reference standards.

/// Level column titles, as in the reference app's meta.yaml.
pub const LEVEL_TITLES: [&str; 5] = [
    "Level 1: Basic understanding of security practices",
    "Level 2: Adoption of basic security practices",
    "Level 3: High adoption of security practices",
    "Level 4: Very high adoption of security practices",
    "Level 5: Advanced deployment of security practices at scale",
];

/// Labels for time, resources and usefulness 1..=5.
pub const LABELS: [&str; 5] = ["Very Low", "Low", "Medium", "High", "Very High"];

/// Labels for knowledge 1..=5.
pub const KNOWLEDGE_LABELS: [&str; 5] = [
    "Very Low (one discipline)",
    "Low (one discipline)",
    "Medium (two disciplines)",
    "High (two disciplines)",
    "Very High (three or more disciplines)",
];

/// Display names of the reference standards, by their key in model.yaml.
pub const REFERENCE_NAMES: [(&str, &str); 4] = [
    ("samm2", "OWASP SAMM v2"),
    ("iso27001-2017", "ISO 27001:2017"),
    ("iso27001-2022", "ISO 27001:2022"),
    ("openCRE", "OpenCRE"),
];

/// Label for a 1..=5 value, or "unknown".
pub fn label(labels: &[&'static str; 5], value: u8) -> &'static str {
    match value {
        1..=5 => labels[value as usize - 1],
        _ => "unknown",
    }
}

/// A 1..=5 rating in words ("2 of 5 — Low"), or "not rated" for 0.
pub fn rating_text(labels: &[&'static str; 5], value: u8) -> String {
    match value {
        1..=5 => format!("{value} of 5 — {}", label(labels, value)),
        _ => "not rated".into(),
    }
}

/// Five dots, the first `value` filled (shown beside [`rating_text`], hidden from readers).
pub fn rating_dots(value: u8) -> String {
    (1..=5u8)
        .map(|i| if i <= value { '●' } else { '○' })
        .collect()
}

/// How a reference standard is called on screen (its model key if the app does not know it).
pub fn reference_name(key: &str) -> &str {
    REFERENCE_NAMES
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_and_standards_in_words() {
        assert_eq!(
            rating_text(&KNOWLEDGE_LABELS, 2),
            "2 of 5 — Low (one discipline)"
        );
        assert_eq!(rating_text(&LABELS, 5), "5 of 5 — Very High");
        assert_eq!(rating_text(&LABELS, 0), "not rated");
        assert_eq!(rating_dots(3), "●●●○○");
        assert_eq!(reference_name("iso27001-2022"), "ISO 27001:2022");
        assert_eq!(reference_name("d3f"), "d3f");
    }
}
