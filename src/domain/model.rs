//! The activity catalogue as the app uses it: read-only data generated at build time from the
//! pinned model.yaml (see build.rs and `model_source`), so nothing is parsed in the browser.

pub use super::activity_page::{label, KNOWLEDGE_LABELS, LABELS, LEVEL_TITLES, REFERENCE_NAMES};

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

/// One activity. Its page body (every model field) is sanitised HTML made at build time.
#[derive(Clone, Debug)]
pub struct Activity {
    pub uuid: &'static str,
    pub name: &'static str,
    pub dimension: u16,
    pub subdimension: u16,
    pub level: u8,
    pub depends_on: &'static [u16],
    pub required_by: &'static [u16],
    /// Tags without the generator's `none`.
    pub tags: &'static [&'static str],
    /// The page body: description, risk, measure, …, tags (see `activity_page`).
    pub page: &'static str,
    /// Position in `Model::activities`.
    pub index: u16,
}

/// Lower-cased name plus the text of the page up to the ratings (description, risk,
/// measure, assessment, guide), per activity: what the matrix search looks in. Made on the
/// first search rather than shipped, to keep the download small.
pub fn search_text(a: &Activity) -> &'static str {
    static INDEX: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| {
        MODEL
            .activities
            .iter()
            .map(|a| {
                let end = a.page.find("<h2>Difficulty").unwrap_or(a.page.len());
                format!("{}\n{}", a.name, html_text(&a.page[..end])).to_lowercase()
            })
            .collect()
    });
    &index[a.index as usize]
}

/// The text of sanitised HTML: tags dropped, the entities `escape` writes decoded.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

impl Model {
    /// The activities of one matrix cell (sub-dimension `sub` at `level`), as indices into
    /// `activities`, in the model's order.
    pub fn cell(&self, sub: usize, level: u8) -> Vec<usize> {
        let acts = self.subdimensions[sub]
            .activities
            .iter()
            .map(|&i| i as usize);
        acts.filter(|&i| self.activities[i].level == level)
            .collect()
    }

    pub fn activity_index(&self, uuid: &str) -> Option<usize> {
        self.by_uuid
            .binary_search_by(|(u, _)| (*u).cmp(uuid))
            .ok()
            .map(|i| self.by_uuid[i].1 as usize)
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
    fn search_text_holds_name_and_description_not_other_sections() {
        let i = MODEL.activity_by_name("Defined build process").unwrap();
        let t = search_text(&MODEL.activities[i]);
        assert!(t.starts_with("defined build process\n"));
        assert!(t.contains("managing (third party) dependencies"));
        assert!(
            t.contains("without a defined and automated build process"),
            "risk"
        );
        assert!(!t.contains("jenkins</a>") && !t.contains("<"), "no markup");
        assert!(
            !t.contains("required by"),
            "later sections are not searched"
        );
        assert_eq!(html_text("<p>a &amp; b &lt;c&gt;</p>").trim(), "a & b <c>");
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
        for needle in [
            "<em>build process</em>",
            "2 of 5 — Low (one discipline)",
            "3 of 5 — Medium",
            "4 of 5 — High",
            "<h2>Tools (4)</h2>",
            ">Jenkins</a>",
            "<li>5.37</li><li>8.32</li>",
            "<li>12.1.1</li>",
            "<h2>Assessment</h2>",
        ] {
            assert!(a.page.contains(needle), "missing {needle:?}");
        }
        let dependent = &MODEL.activities[a.required_by[0] as usize];
        assert!(dependent.depends_on.contains(&(i as u16)));
        assert!(dependent.page.contains(&format!(
            "<a href=\"#/activity/{}\">Defined build process</a>",
            a.uuid
        )));
        let count = |h: &str| {
            MODEL
                .activities
                .iter()
                .filter(|a| a.page.contains(h))
                .count()
        };
        assert_eq!(count("<h2>Implementation guide</h2>"), 8);
        assert_eq!(count("<h2>Credits</h2>"), 3);
        // 53 activities have the key; 2 of those are empty.
        assert_eq!(count("<h2>Description</h2>"), 51);
    }

    #[test]
    fn no_model_text_reaches_the_dom_as_raw_html() {
        for a in MODEL.activities {
            {
                let html = a.page;
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
