//! Every field of an activity beyond what the matrix shows, as typed data (reference-app.md
//! §4.4). Texts are markdown exactly as written in the model (rendered safely where shown,
//! `domain::views::md_lite`); reference ids are strings as written (`5.10` stays `5.10`).

/// One activity's details; [`details()`](super::details()) gives them by activity index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Details {
    pub description: &'static str,
    pub risk: &'static str,
    pub measure: &'static str,
    pub assessment: &'static str,
    /// `meta.implementationGuide` in the model.
    pub implementation_guide: &'static str,
    /// `comments` (or the one activity's misspelt `comment`).
    pub comments: &'static str,
    pub credits: &'static str,
    pub difficulty: Difficulty,
    /// 1..=5, 0 when not given.
    pub usefulness: u8,
    /// `implementation` in the model (entries without a name are left out).
    pub tools: &'static [Tool],
    pub references: References,
}

/// `difficultyOfImplementation`: each 1..=5, 0 when not given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Difficulty {
    pub knowledge: u8,
    pub time: u8,
    pub resources: u8,
}

/// A tool of `implementation`. Its `uuid` (the model generator's own id, which no page and
/// no file format uses) and `test-url-expects` (the generator's link checker) are left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tool {
    pub name: &'static str,
    /// As written (empty when absent); checked where it becomes a link.
    pub url: &'static str,
    /// Markdown.
    pub description: &'static str,
    pub tags: &'static [&'static str],
}

/// The mappings to other standards, each a list of ids (or URLs, for OpenCRE) as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct References {
    pub samm2: &'static [&'static str],
    pub iso27001_2017: &'static [&'static str],
    pub iso27001_2022: &'static [&'static str],
    pub open_cre: &'static [&'static str],
    /// Standards the app does not know by name (`d3f` in v4.3.1): (key, ids).
    pub other: &'static [(&'static str, &'static [&'static str])],
}

impl References {
    /// Every standard with at least one id, as (model key, ids), known ones first in the
    /// order of [`super::REFERENCE_NAMES`].
    pub fn lists(&self) -> Vec<(&'static str, &'static [&'static str])> {
        let known = [
            ("samm2", self.samm2),
            ("iso27001-2017", self.iso27001_2017),
            ("iso27001-2022", self.iso27001_2022),
            ("openCRE", self.open_cre),
        ];
        known
            .into_iter()
            .chain(self.other.iter().copied())
            .filter(|(_, ids)| !ids.is_empty())
            .collect()
    }
}

/// The details of activity `index` of the embedded model (of the model in use:
/// [`super::details()`]).
pub(super) fn official(index: usize) -> &'static Details {
    &DETAILS[index]
}

include!(concat!(env!("OUT_DIR"), "/model_details.rs"));

#[cfg(test)]
mod tests {
    use super::super::{details, MODEL};
    use super::*;

    #[test]
    fn every_activity_has_details() {
        assert_eq!(DETAILS.len(), MODEL.activities.len());
    }

    #[test]
    fn fields_are_carried_over_as_written() {
        let i = MODEL.activity_by_name("Defined build process").unwrap();
        let d = details(i);
        assert!(d
            .description
            .starts_with("A *build process* includes more than just compiling"));
        assert!(d
            .risk
            .starts_with("Without a defined and automated build process"));
        assert!(d
            .measure
            .starts_with("Find a tool that suits your environment."));
        assert!(d
            .assessment
            .starts_with("- Show your build pipeline configuration"));
        assert_eq!(
            d.difficulty,
            Difficulty {
                knowledge: 2,
                time: 3,
                resources: 2
            }
        );
        assert_eq!(d.usefulness, 4);
        let names: Vec<&str> = d.tools.iter().map(|t| t.name).collect();
        assert_eq!(
            names,
            [
                "Jenkins",
                "Maven",
                "CI/CD tools",
                "Container technologies and orchestration like Docker, Kubernetes"
            ]
        );
        assert_eq!(d.tools[0].url, "https://www.jenkins.io/");
        assert_eq!(d.tools[2].tags, ["ci-cd"]);
        assert_eq!(
            d.tools[2].description,
            "CI/CD tools such as jenkins, gitlab-ci or github-actions"
        );
        assert_eq!(d.references.samm2, ["I-SB-A-1"]);
        assert_eq!(d.references.iso27001_2017, ["12.1.1", "14.2.2"]);
        assert_eq!(d.references.iso27001_2022, ["5.37", "8.32"]);
        assert_eq!(d.references.open_cre.len(), 1);
        let counted = |f: fn(&Details) -> &str| DETAILS.iter().filter(|d| !f(d).is_empty()).count();
        assert_eq!(counted(|d| d.implementation_guide), 8);
        assert_eq!(counted(|d| d.credits), 3);
        assert_eq!(
            counted(|d| d.description),
            51,
            "53 have the key, 2 of them empty"
        );
        assert_eq!(counted(|d| d.assessment), 21);
        let with_d3f = DETAILS
            .iter()
            .filter(|d| d.references.other.iter().any(|(k, _)| *k == "d3f"));
        assert_eq!(with_d3f.count(), 5);
        let tools: usize = DETAILS.iter().map(|d| d.tools.len()).sum();
        assert_eq!(tools, 321);
        assert!(DETAILS.iter().all(|d| (1..=5).contains(&d.usefulness)));
    }

    #[test]
    fn reference_ids_stay_text_as_written() {
        // Not numbers: `12.1.1` is no float, and `5.10` (fixture model) stays `5.10`.
        let with = |id: &str| {
            DETAILS
                .iter()
                .filter(|d| d.references.iso27001_2017.contains(&id))
                .count()
        };
        assert_eq!(with("12.1.1"), 7);
        let lists = DETAILS
            .iter()
            .find(|d| !d.references.other.is_empty())
            .unwrap()
            .references
            .lists();
        assert_eq!(lists.last().unwrap().0, "d3f");
    }
}
