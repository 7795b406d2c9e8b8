//! The activity catalogue as the app uses it: read-only data generated at build time from the
//! pinned model.yaml (see build.rs and `model_source`), so nothing is parsed in the browser.

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

/// Display names of the reference frameworks, in display order.
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

#[derive(Debug)]
pub struct Model {
    pub version: &'static str,
    pub released: &'static str,
    pub publisher: &'static str,
    pub dimensions: &'static [Dimension],
    pub subdimensions: &'static [SubDimension],
    pub activities: &'static [Activity],
    /// Distinct tags (without the generator's `none`), sorted.
    pub tags: &'static [&'static str],
    /// (uuid, activity index), sorted by uuid.
    pub by_uuid: &'static [(&'static str, u16)],
}

#[derive(Debug)]
pub struct Dimension {
    pub name: &'static str,
    pub subdimensions: &'static [u16],
}

#[derive(Debug)]
pub struct SubDimension {
    pub name: &'static str,
    pub dimension: u16,
    /// Activity indices, by level then model order.
    pub activities: &'static [u16],
}

#[derive(Debug)]
pub struct Tool {
    pub name: &'static str,
    /// Empty when the model gives none (or an unsafe one).
    pub url: &'static str,
    /// Sanitised HTML.
    pub description: &'static str,
    pub tags: &'static [&'static str],
}

/// One activity. Every `&str` documented as HTML is sanitised at build time; empty means absent.
#[derive(Debug)]
pub struct Activity {
    pub uuid: &'static str,
    pub name: &'static str,
    pub dimension: u16,
    pub subdimension: u16,
    pub level: u8,
    pub description: &'static str,
    pub risk: &'static str,
    pub measure: &'static str,
    pub assessment: &'static str,
    pub implementation_guide: &'static str,
    pub comments: &'static str,
    pub credits: &'static str,
    /// 1..=5; 0 when the model does not say.
    pub knowledge: u8,
    pub time: u8,
    pub resources: u8,
    pub usefulness: u8,
    pub tools: &'static [Tool],
    /// (framework key, ids exactly as written in the model), in model order.
    pub references: &'static [(&'static str, &'static [&'static str])],
    pub depends_on: &'static [u16],
    pub required_by: &'static [u16],
    /// Tags without the generator's `none`.
    pub tags: &'static [&'static str],
    /// Lower-cased name and description text, for the matrix search.
    pub search: &'static str,
}

impl Model {
    pub fn activity_index(&self, uuid: &str) -> Option<usize> {
        self.by_uuid
            .binary_search_by(|(u, _)| (*u).cmp(uuid))
            .ok()
            .map(|i| self.by_uuid[i].1 as usize)
    }

    pub fn activity(&self, uuid: &str) -> Option<&'static Activity> {
        self.activity_index(uuid).map(|i| &self.activities[i])
    }

    pub fn activity_by_name(&self, name: &str) -> Option<usize> {
        self.activities.iter().position(|a| a.name == name)
    }

    pub fn subdimension_of(&self, a: &Activity) -> &SubDimension {
        &self.subdimensions[a.subdimension as usize]
    }

    pub fn dimension_of(&self, a: &Activity) -> &Dimension {
        &self.dimensions[a.dimension as usize]
    }

    pub fn max_level(&self) -> u8 {
        self.activities.iter().map(|a| a.level).max().unwrap_or(1)
    }
}

include!(concat!(env!("OUT_DIR"), "/model_data.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_model_is_v4_3_1_with_194_activities() {
        assert_eq!(MODEL.version, "4.3.1");
        assert_eq!(MODEL.activities.len(), 194);
        assert_eq!(MODEL.dimensions.len(), 5);
        assert_eq!(MODEL.subdimensions.len(), 19);
        let per_level: Vec<usize> = (1..=5)
            .map(|l| MODEL.activities.iter().filter(|a| a.level == l).count())
            .collect();
        assert_eq!(per_level, vec![26, 57, 61, 31, 19]);
        assert_eq!(MODEL.tags.len(), 15);
        let edges: usize = MODEL.activities.iter().map(|a| a.depends_on.len()).sum();
        assert_eq!(edges, 123);
    }

    #[test]
    fn uuid_lookup_finds_every_activity() {
        for (i, a) in MODEL.activities.iter().enumerate() {
            assert_eq!(MODEL.activity_index(a.uuid), Some(i));
        }
        assert_eq!(MODEL.activity_index("nope"), None);
    }

    #[test]
    fn fields_are_carried_over() {
        let i = MODEL.activity_by_name("Defined build process").unwrap();
        let a = &MODEL.activities[i];
        assert_eq!(a.uuid, "f6f7737f-25a9-4317-8de2-09bf59f29b5b");
        assert_eq!(
            (a.knowledge, a.time, a.resources, a.usefulness),
            (2, 3, 2, 4)
        );
        assert!(a.description.contains("<em>build process</em>"));
        assert_eq!(a.tools.len(), 4);
        assert_eq!(a.tools[0].name, "Jenkins");
        let iso22 = a
            .references
            .iter()
            .find(|(k, _)| *k == "iso27001-2022")
            .unwrap()
            .1;
        assert_eq!(iso22, &["5.37", "8.32"]);
        assert_eq!(
            MODEL.activities[a.required_by[0] as usize]
                .depends_on
                .iter()
                .filter(|&&d| d as usize == i)
                .count(),
            1
        );
        let guides = MODEL
            .activities
            .iter()
            .filter(|a| !a.implementation_guide.is_empty())
            .count();
        assert_eq!(guides, 8);
        let credits = MODEL
            .activities
            .iter()
            .filter(|a| !a.credits.is_empty())
            .count();
        assert_eq!(credits, 3);
    }

    #[test]
    fn no_model_text_reaches_the_dom_as_raw_html() {
        for a in MODEL.activities {
            for html in [
                a.description,
                a.risk,
                a.measure,
                a.assessment,
                a.implementation_guide,
                a.comments,
                a.credits,
            ] {
                assert!(!html.contains("<script"), "{}", a.name);
                assert!(!html.contains("<i>"), "{}", a.name);
                assert!(!html.contains("<img"), "{}", a.name);
                assert!(
                    !html.to_ascii_lowercase().contains("javascript:"),
                    "{}",
                    a.name
                );
            }
        }
    }
}
