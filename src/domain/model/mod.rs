//! The activity catalogue as typed data, generated at build time from the pinned model.yaml
//! (`crates/model-build`), so nothing is parsed in the browser.
//!
//! It comes in two parts, so each wasm module carries only what it uses: [`MODEL`] holds
//! what the first screen needs (names, uuids, levels, tags, the dimension tree, dependencies
//! and, separately, the search index [`SEARCH`]); [`details()`] holds every other field (long texts as markdown,
//! ratings, tools, references), linked only into code that shows them.
//!
//! The types borrow `'static` data. A model combined at run time (an organisation's custom
//! activity file applied over the embedded one, [`custom()`]) is built once per page load and
//! leaked to `'static`, so every page reads the same types whichever model it is given;
//! [`MODEL`] is the one in use ([`active`]), [`OFFICIAL`] the embedded one.

mod active;
pub mod custom;
mod details;
mod labels;
mod search;

pub use active::{
    custom, decode, decode_matrix, details, install, install_stored, install_stored_matrix,
    removed, search_overlay, set_unused, source, stored_file, unused, Current, Custom,
    CUSTOM_MODEL_KEY, MODEL,
};
pub use details::{Details, Difficulty, References, Tool};
pub use labels::{
    label, rating_dots, rating_text, reference_name, KNOWLEDGE_LABELS, LABELS, LEVEL_TITLES,
    REFERENCE_NAMES,
};
pub use search::{Overlay, Search, Source};

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

/// Where an activity comes from: the official model, or the organisation's custom
/// activity files applied at build time (`data/custom/`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Official,
    /// Added by a custom activity file.
    Added,
    /// An official activity a custom file changed (fields, name or place).
    Changed,
}

impl Origin {
    /// The marker pages show (text, not colour alone), if any.
    pub fn label(self) -> Option<&'static str> {
        match self {
            Origin::Official => None,
            Origin::Added => Some("custom"),
            Origin::Changed => Some("customised"),
        }
    }

    /// What the marker means, for its title and the activity page.
    pub fn meaning(self) -> Option<&'static str> {
        match self {
            Origin::Official => None,
            Origin::Added => Some("Your organisation's own activity (a custom activity file)"),
            Origin::Changed => {
                Some("An official activity your organisation changed (a custom activity file)")
            }
        }
    }
}

/// One activity: what the matrix shows of it. Its other fields: [`details()`].
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
    /// Position in `Model::activities`.
    pub index: u16,
    pub origin: Origin,
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

/// The fixture model with a custom activity file (tests/fixtures/custom.yaml) applied, as
/// `data/custom/` is to the app's.
#[cfg(test)]
#[allow(dead_code)]
mod fixture_custom {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/fixture_custom/model_data.rs"));

    #[test]
    fn activities_from_custom_files_are_marked_everywhere_they_are_listed() {
        let origin = |i: usize| OFFICIAL.activities[i].origin;
        let names: Vec<&str> = OFFICIAL.activities.iter().map(|a| a.name).collect();
        assert_eq!(
            names,
            [
                "Defined build process",
                "Pinning of artifacts",
                "Security training",
                "Namespaces per team <b>"
            ]
        );
        assert_eq!(
            [0, 1, 2, 3].map(origin),
            [
                Origin::Official,
                Origin::Official,
                Origin::Changed,
                Origin::Added
            ]
        );
        assert_eq!(OFFICIAL.dimensions.last().unwrap().name, "Our platform");
        // The matrix (pre-rendered and live) marks them with a word, escaped.
        let html =
            crate::domain::views::matrix_html::table(&OFFICIAL, "caption", &|_| String::new());
        assert_eq!(html.matches("class=\"origin\"").count(), 2, "{html}");
        assert!(html.contains("Namespaces per team &lt;b&gt;</a><span class=\"act__tags\"><span class=\"origin\" title=\"Your organisation&#39;s own activity (a custom activity file)\">custom</span>"), "{html}");
        assert!(html.contains(">customised</span>"));
        assert!(!html.contains("<b>"));
    }
}

/// The fixture model (tests/fixtures/model.yaml: every field model.yaml has), generated
/// like the embedded one.
#[cfg(test)]
#[allow(dead_code)]
mod fixture {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/fixture/model_data.rs"));
    include!(concat!(env!("OUT_DIR"), "/fixture/model_details.rs"));

    #[test]
    fn every_field_of_the_fixture_is_typed_data() {
        assert_eq!(
            (OFFICIAL.version, OFFICIAL.released),
            ("0.9.0", "2026-01-02")
        );
        assert_eq!(OFFICIAL.publisher, "https://example.org/dsomm-data");
        let names: Vec<&str> = OFFICIAL.dimensions.iter().map(|d| d.name).collect();
        assert_eq!(names, ["Build and Deployment", "Culture and Organization"]);
        assert_eq!(OFFICIAL.dimensions[1].subdimensions, [1]);
        assert_eq!(OFFICIAL.subdimensions[0].name, "Build");
        assert_eq!(OFFICIAL.subdimensions[0].activities, [0, 1]);
        let [build, pinning, training] = [0, 1, 2].map(|i| &OFFICIAL.activities[i]);
        assert_eq!(build.uuid, "00000000-0000-4000-8000-000000000001");
        assert_eq!(
            (build.name, build.level, build.dimension, build.subdimension),
            ("Defined build process", 1, 0, 0)
        );
        assert!(build.tags.is_empty(), "the generator's `none` is no tag");
        assert_eq!(pinning.tags, ["sca", "ci-cd"]);
        assert_eq!(OFFICIAL.tags, ["ci-cd", "sca"]);
        // dependsOn by uuid (with a comment), by name and by `uuid:` prefix, as indices.
        assert_eq!(pinning.depends_on, [0]);
        assert_eq!(training.depends_on, [1, 0]);
        assert_eq!(build.required_by, [1, 2]);
        assert_eq!(
            OFFICIAL.activity_index("00000000-0000-4000-8000-000000000003"),
            Some(2)
        );

        let d = &DETAILS[0];
        assert_eq!(
            d.description,
            "A *build process* with `tools`:\n- one\n- two\n"
        );
        assert_eq!(
            (d.risk, d.measure, d.assessment),
            ("Mistakes.", "Automate it.", "Show the pipeline.")
        );
        assert_eq!(
            d.implementation_guide,
            "Start with [a checklist](https://example.org/list)."
        );
        assert_eq!(d.comments, "Look **here**");
        assert_eq!(d.credits, "By [someone](https://example.org/who)");
        assert_eq!(
            d.difficulty,
            Difficulty {
                knowledge: 2,
                time: 3,
                resources: 4
            }
        );
        assert_eq!(d.usefulness, 5);
        assert_eq!(
            d.tools,
            [
                Tool {
                    name: "Jenkins",
                    url: "https://www.jenkins.io/",
                    description: "A CI server",
                    tags: &["ci-cd"]
                },
                Tool {
                    name: "Checklist",
                    url: "",
                    description: "",
                    tags: &[]
                },
            ]
        );
        let r = &d.references;
        assert_eq!(r.samm2, ["I-SB-A-1"]);
        assert_eq!(r.iso27001_2017, ["12.1.1", "14.2.2"]);
        assert_eq!(
            r.iso27001_2022,
            ["5.10", "8.32"],
            "ids as written, not numbers"
        );
        assert_eq!(r.open_cre, ["https://www.opencre.org/node/standard/x"]);
        assert_eq!(r.other, [("d3f", &["Hardening"][..])]);
        // The misspelt `comment`, an empty tool list written as '' and as null.
        assert_eq!(DETAILS[1].comments, "The misspelt key");
        assert!(DETAILS[1].tools.is_empty() && DETAILS[2].tools.is_empty());
        assert_eq!(
            DETAILS[1].references.lists(),
            [("iso27001-2022", &["8.8"][..])]
        );
        assert_eq!(DETAILS[2].difficulty, Difficulty::default());
        assert_eq!(DETAILS[2].usefulness, 0);
        // The search index finds the markdown's text, not its markup.
        let hits = SEARCH.hits("build tools", 3).unwrap();
        assert_eq!(&hits[..], [true, false, false]);
        assert!(SEARCH.hits("*build", 3).unwrap().iter().all(|h| !h));
    }
}

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
}
