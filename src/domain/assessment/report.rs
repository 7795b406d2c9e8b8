//! The printable report (`#/report`): its configuration, kept in the settings (which teams,
//! dimensions, levels, activity fields and activities), which activities it lists, and the
//! summary at its top (per dimension and level: done, in progress and applicable, per team).

use crate::domain::assessment::evidence::{Evidence, EvidenceStore};
use crate::domain::assessment::progress::{ProgressDefs, Status};
use crate::domain::assessment::scores::{completed_by_all, teams_done};
use crate::domain::assessment::ActivityProgress;
use crate::domain::model::Model;
use crate::domain::tree::quote;
use crate::domain::tree::Value;

/// An activity field the report can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportField {
    Description,
    Risk,
    Measure,
    Assessment,
    ImplementationGuide,
    References,
    Tools,
    Evidence,
}

impl ReportField {
    pub const ALL: [ReportField; 8] = [
        ReportField::Description,
        ReportField::Risk,
        ReportField::Measure,
        ReportField::Assessment,
        ReportField::ImplementationGuide,
        ReportField::References,
        ReportField::Tools,
        ReportField::Evidence,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ReportField::Description => "description",
            ReportField::Risk => "risk",
            ReportField::Measure => "measure",
            ReportField::Assessment => "assessment",
            ReportField::ImplementationGuide => "implementationGuide",
            ReportField::References => "references",
            ReportField::Tools => "tools",
            ReportField::Evidence => "evidence",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReportField::Description => "Description",
            ReportField::Risk => "Risk",
            ReportField::Measure => "Measure",
            ReportField::Assessment => "Assessment",
            ReportField::ImplementationGuide => "Implementation guide",
            ReportField::References => "References",
            ReportField::Tools => "Tools",
            ReportField::Evidence => "Evidence",
        }
    }

    pub fn from_key(key: &str) -> Option<ReportField> {
        ReportField::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// Which activities the report lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Which {
    /// Those a reported team has a state other than the 0 % state on (not applicable
    /// included: a decision worth reading) or evidence for: what a reader wants printed,
    /// a few pages instead of 85 for a dozen touched activities.
    #[default]
    Touched,
    All,
    /// Completed by every chosen team it applies to.
    Implemented,
    /// Applies to a chosen team that has not completed it.
    NotImplemented,
}

impl Which {
    pub const ALL: [Which; 4] = [
        Which::Touched,
        Which::All,
        Which::Implemented,
        Which::NotImplemented,
    ];

    /// The stored value (`report.activities`). Stored values are kept as they are: a user
    /// with "all" stored (earlier versions wrote the default with any setting) keeps it.
    pub fn key(self) -> &'static str {
        match self {
            Which::Touched => "progressOrEvidence",
            Which::All => "all",
            Which::Implemented => "implemented",
            Which::NotImplemented => "notImplemented",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Which::Touched => "With progress or evidence",
            Which::All => "All activities",
            Which::Implemented => "Implemented only",
            Which::NotImplemented => "Not implemented only",
        }
    }

    pub fn from_key(key: &str) -> Option<Which> {
        Which::ALL.into_iter().find(|w| w.key() == key)
    }
}

/// The report's configuration, kept in the settings. Its teams are the header's choice, as
/// on every page: a `scope` stored by earlier versions is read as an unknown entry (left out).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportConfig {
    /// Dimensions left out, by name (so dimensions added later are in).
    pub hidden_dimensions: Vec<String>,
    /// Highest level listed, 1..=5.
    pub max_level: u8,
    /// The fields shown for each activity, in [`ReportField::ALL`] order.
    pub fields: Vec<ReportField>,
    pub which: Which,
}

impl Default for ReportConfig {
    fn default() -> Self {
        ReportConfig {
            hidden_dimensions: Vec::new(),
            max_level: 5,
            fields: vec![
                ReportField::Description,
                ReportField::References,
                ReportField::Evidence,
            ],
            which: Which::Touched,
        }
    }
}

impl ReportConfig {
    pub fn shows(&self, f: ReportField) -> bool {
        self.fields.contains(&f)
    }

    /// Turns a field on or off, keeping the fields in their fixed order.
    pub fn set_field(&mut self, f: ReportField, on: bool) {
        let mut fields: Vec<ReportField> = ReportField::ALL
            .into_iter()
            .filter(|&g| if g == f { on } else { self.shows(g) })
            .collect();
        fields.dedup();
        self.fields = fields;
    }

    pub fn shows_dimension(&self, name: &str) -> bool {
        !self.hidden_dimensions.iter().any(|d| d == name)
    }

    pub fn set_dimension(&mut self, name: &str, on: bool) {
        self.hidden_dimensions.retain(|d| d != name);
        if !on {
            self.hidden_dimensions.push(name.to_string());
        }
    }

    /// As JSON (which YAML also reads), for the settings' one shape.
    pub fn to_json(&self) -> String {
        let list = |items: Vec<String>| format!("[{}]", items.join(", "));
        format!(
            "{{\"hiddenDimensions\": {}, \"maxLevel\": {}, \"fields\": {}, \"activities\": \"{}\"}}",
            list(self.hidden_dimensions.iter().map(|d| quote(d)).collect()),
            self.max_level,
            list(self.fields.iter().map(|f| format!("\"{}\"", f.key())).collect()),
            self.which.key()
        )
    }

    /// Reads a stored configuration. It is a view preference, so nothing in it sets the
    /// other settings (progress states!) aside: an entry missing, of the wrong kind or out of
    /// range (say, from a later version) takes its default, and field names this version does
    /// not know are left out.
    pub fn from_value(v: &Value) -> ReportConfig {
        let scalar = |k: &str| match v.get(k) {
            Some(Value::Scalar(s)) => Some(s.clone()),
            _ => None,
        };
        let list = |k: &str| match v.get(k) {
            Some(Value::Seq(items)) => Some(
                items
                    .iter()
                    .filter_map(|i| match i {
                        Value::Scalar(s) => Some(s.clone()),
                        _ => None,
                    })
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        };
        let d = ReportConfig::default();
        ReportConfig {
            hidden_dimensions: list("hiddenDimensions").unwrap_or(d.hidden_dimensions),
            max_level: scalar("maxLevel")
                .and_then(|l| l.parse().ok())
                .filter(|l| (1..=5).contains(l))
                .unwrap_or(d.max_level),
            fields: list("fields").map_or(d.fields, |f| {
                ReportField::ALL
                    .into_iter()
                    .filter(|g| f.iter().any(|k| k == g.key()))
                    .collect()
            }),
            which: scalar("activities")
                .and_then(|w| Which::from_key(&w))
                .unwrap_or(d.which),
        }
    }
}

/// Whether an activity, with progress `p` and evidence entries `evidence`, passes the
/// report's choice of activities for `teams`.
pub fn listed(
    which: Which,
    p: &ActivityProgress,
    evidence: &[Evidence],
    teams: &[String],
    defs: &ProgressDefs,
) -> bool {
    match which {
        Which::Touched => {
            teams
                .iter()
                .any(|t| p.get(t).is_some_and(|r| r.status(defs) != Status::State(0)))
                || evidence
                    .iter()
                    .any(|e| e.teams.iter().any(|t| teams.contains(t)))
        }
        Which::All => true,
        Which::Implemented => completed_by_all(p, teams, defs),
        Which::NotImplemented => {
            let (done, of) = teams_done(p, teams, defs);
            done < of
        }
    }
}

/// A dimension's part of the report: (dimension, [(sub-dimension, \[activity\])]), indices
/// into the model.
pub type Section = (usize, Vec<(usize, Vec<usize>)>);

/// The activities the report lists, in model order; dimensions and sub-dimensions with none
/// listed are left out.
pub fn sections(
    m: &Model,
    cfg: &ReportConfig,
    teams: &[String],
    progress: &[&ActivityProgress],
    evidence: &EvidenceStore,
    defs: &ProgressDefs,
) -> Vec<Section> {
    let mut out = Vec::new();
    for (d, dim) in m.dimensions.iter().enumerate() {
        if !cfg.shows_dimension(dim.name) {
            continue;
        }
        let mut subs = Vec::new();
        for &s in dim.subdimensions {
            let acts: Vec<usize> = m.subdimensions[s as usize]
                .activities
                .iter()
                .map(|&i| i as usize)
                .filter(|&i| m.activities[i].level <= cfg.max_level)
                .filter(|&i| {
                    let entries = evidence.get(m.activities[i].uuid);
                    let entries = entries.map_or(&[][..], Vec::as_slice);
                    listed(cfg.which, progress[i], entries, teams, defs)
                })
                .collect();
            if !acts.is_empty() {
                subs.push((s as usize, acts));
            }
        }
        if !subs.is_empty() {
            out.push((d, subs));
        }
    }
    out
}

/// One cell of the summary: of the team × activity pairs counted, those done (the 100 %
/// state), in progress (a state above 0 % but not done) and applicable (not marked not
/// applicable). Counting only "done of applicable" hid most of what a first assessment
/// records: the activities started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub done: usize,
    pub in_progress: usize,
    pub applicable: usize,
}

impl Counts {
    /// Counts `teams`' states on one activity (the one walk of `scores::group_counts`).
    pub fn of(p: &ActivityProgress, teams: &[String], defs: &ProgressDefs) -> Counts {
        let c = crate::domain::assessment::scores::group_counts(p, teams, defs);
        Counts {
            done: c.done,
            in_progress: c.going,
            applicable: c.of,
        }
    }
}

impl std::ops::Add for Counts {
    type Output = Counts;

    fn add(self, o: Counts) -> Counts {
        Counts {
            done: self.done + o.done,
            in_progress: self.in_progress + o.in_progress,
            applicable: self.applicable + o.applicable,
        }
    }
}

/// One row of the summary: a dimension and a team, the counts per level
/// 1..=`max_level`, and in all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryRow {
    pub dimension: usize,
    pub team: String,
    pub levels: Vec<Counts>,
    pub total: Counts,
}

/// At most this many teams are reported one by one: a line per team on each activity and
/// a summary row per team. Above, each activity says how many teams are in each state and
/// the summary has one row per dimension (1000 teams made a report of 194,000 lines that
/// took 16 s to show).
pub const TEAMS_LISTED: usize = 30;

/// Whether a report for `teams` teams lists each team (see [`TEAMS_LISTED`]).
pub fn lists_each_team(teams: usize) -> bool {
    teams <= TEAMS_LISTED
}

/// Per shown dimension and team: of the activities of each level (up to the report's
/// highest) that apply to the team, how many it completed and how many it has in progress
/// ([`Counts`]). With more teams than
/// [`TEAMS_LISTED`], one row per dimension for all of them, counting team × activity.
pub fn summary(
    m: &Model,
    cfg: &ReportConfig,
    teams: &[String],
    progress: &[&ActivityProgress],
    defs: &ProgressDefs,
) -> Vec<SummaryRow> {
    let mut rows = Vec::new();
    let all = format!("All {} teams", teams.len());
    for (d, dim) in m.dimensions.iter().enumerate() {
        if !cfg.shows_dimension(dim.name) {
            continue;
        }
        let acts: Vec<(u8, &ActivityProgress)> = m
            .activities
            .iter()
            .filter(|a| a.dimension as usize == d && a.level <= cfg.max_level)
            .map(|a| (a.level, progress[a.index as usize]))
            .collect();
        let mut row = |team: String, of_teams: &[String]| {
            let mut levels = vec![Counts::default(); cfg.max_level as usize];
            for (level, p) in &acts {
                let cell = &mut levels[*level as usize - 1];
                *cell = *cell + Counts::of(p, of_teams, defs);
            }
            let total = levels.iter().fold(Counts::default(), |a, &c| a + c);
            rows.push(SummaryRow {
                dimension: d,
                team,
                levels,
                total,
            });
        };
        if lists_each_team(teams.len()) {
            for team in teams {
                row(team.clone(), std::slice::from_ref(team));
            }
        } else {
            row(all.clone(), teams);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assessment::date::Date;
    use crate::domain::assessment::progress::Status;
    use crate::domain::model::MODEL;
    use crate::domain::test_support::teams;

    fn with(states: &[(usize, &str, Status)]) -> Vec<ActivityProgress> {
        use crate::domain::assessment::progress::{StateDef, NOT_APPLICABLE};
        let plain = ProgressDefs::default();
        let na = StateDef::new(NOT_APPLICABLE, 0, "");
        let defs = ProgressDefs::new(plain.states().to_vec(), Some(na)).unwrap();
        let mut all = vec![ActivityProgress::new(); MODEL.activities.len()];
        for &(i, t, s) in states {
            all[i].entry(t.to_string()).or_default().set_status(
                &defs,
                s,
                Date::new(2025, 1, 1).unwrap(),
            );
        }
        all
    }

    #[test]
    fn sections_follow_dimensions_levels_and_the_choice_of_activities() {
        let defs = ProgressDefs::default();
        let b = MODEL.activity_by_name("Defined build process").unwrap();
        let progress = with(&[(b, "A", Status::State(defs.completed()))]);
        let get: Vec<&ActivityProgress> = progress.iter().collect();
        let t = teams(&["A"]);
        let no_evidence = EvidenceStore::new();
        let everything = ReportConfig {
            which: Which::All,
            ..ReportConfig::default()
        };
        let all = sections(&MODEL, &everything, &t, &get, &no_evidence, &defs);
        let count: usize = all.iter().flat_map(|(_, s)| s).map(|(_, a)| a.len()).sum();
        assert_eq!(count, MODEL.activities.len());
        let done = ReportConfig {
            which: Which::Implemented,
            ..ReportConfig::default()
        };
        let listed_done = sections(&MODEL, &done, &t, &get, &no_evidence, &defs);
        assert_eq!(listed_done.len(), 1);
        assert_eq!(
            listed_done[0].1,
            [(MODEL.activities[b].subdimension as usize, vec![b])]
        );
        let not_done = ReportConfig {
            which: Which::NotImplemented,
            max_level: 1,
            hidden_dimensions: vec![MODEL.dimensions[0].name.into()],
            ..ReportConfig::default()
        };
        let rest = sections(&MODEL, &not_done, &t, &get, &no_evidence, &defs);
        assert!(rest.iter().all(|(d, _)| *d != 0));
        for (_, subs) in &rest {
            for (_, acts) in subs {
                assert!(acts
                    .iter()
                    .all(|&i| MODEL.activities[i].level == 1 && i != b));
            }
        }
    }

    #[test]
    fn the_summary_counts_per_dimension_level_and_team_leaving_out_not_applicable() {
        use crate::domain::assessment::progress::{StateDef, NOT_APPLICABLE};
        let plain = ProgressDefs::default();
        let na = StateDef::new(NOT_APPLICABLE, 0, "");
        let defs = ProgressDefs::new(plain.states().to_vec(), Some(na)).unwrap();
        let b = MODEL.activity_by_name("Defined build process").unwrap();
        let dim = MODEL.activities[b].dimension as usize;
        let progress = with(&[
            (b, "A", Status::State(defs.completed())),
            (b, "B", Status::NotApplicable),
        ]);
        let get: Vec<&ActivityProgress> = progress.iter().collect();
        let rows = summary(
            &MODEL,
            &ReportConfig::default(),
            &teams(&["A", "B"]),
            &get,
            &defs,
        );
        assert_eq!(rows.len(), MODEL.dimensions.len() * 2);
        let level1 = MODEL
            .activities
            .iter()
            .filter(|a| a.dimension as usize == dim && a.level == 1)
            .count();
        let a = rows
            .iter()
            .find(|r| r.dimension == dim && r.team == "A")
            .unwrap();
        let counts = |done, in_progress, applicable| Counts {
            done,
            in_progress,
            applicable,
        };
        assert_eq!(a.levels[0], counts(1, 0, level1));
        let b_row = rows
            .iter()
            .find(|r| r.dimension == dim && r.team == "B")
            .unwrap();
        assert_eq!(b_row.levels[0], counts(0, 0, level1 - 1));
        assert_eq!(
            a.total.applicable,
            MODEL
                .activities
                .iter()
                .filter(|x| x.dimension as usize == dim)
                .count()
        );
    }

    #[test]
    fn the_default_lists_the_activities_a_reported_team_has_progress_or_evidence_on() {
        use crate::domain::assessment::evidence::Evidence;
        use crate::domain::assessment::progress::{StateDef, NOT_APPLICABLE};
        let plain = ProgressDefs::default();
        let na = StateDef::new(NOT_APPLICABLE, 0, "");
        let defs = ProgressDefs::new(plain.states().to_vec(), Some(na)).unwrap();
        let by = |n: &str| MODEL.activity_by_name(n).unwrap();
        let (started, na_act, back, other, ev, ev_other) = (
            by("Defined build process"),
            by("Pinning of artifacts"),
            by("SBOM of components"),
            by("Building and testing of artifacts in virtual environments"),
            by("Defined deployment process"),
            by("Inventory of production components"),
        );
        let mut progress = with(&[
            (started, "A", Status::State(1)),
            (na_act, "B", Status::NotApplicable),
            (back, "A", Status::State(2)),
            (other, "C", Status::State(defs.completed())),
        ]);
        // Set and taken back: the record is there, its state is the 0 % state again.
        progress[back].get_mut("A").unwrap().set_status(
            &defs,
            Status::State(0),
            Date::new(2025, 2, 1).unwrap(),
        );
        let entry = |teams: &[&str]| Evidence {
            id: "e".into(),
            teams: teams.iter().map(|t| t.to_string()).collect(),
            title: "Reviewed".into(),
            description: String::new(),
            recorded: Date::new(2025, 1, 1).unwrap(),
            reviewer: String::new(),
            attachments: Vec::new(),
        };
        let mut evidence = EvidenceStore::new();
        evidence.insert(MODEL.activities[ev].uuid.into(), vec![entry(&["C", "B"])]);
        evidence.insert(MODEL.activities[ev_other].uuid.into(), vec![entry(&["C"])]);
        let get: Vec<&ActivityProgress> = progress.iter().collect();
        let config = ReportConfig::default();
        assert_eq!(config.which, Which::Touched);
        let listed = |teams: &[String], cfg: &ReportConfig| -> Vec<usize> {
            let mut v: Vec<usize> = sections(&MODEL, cfg, teams, &get, &evidence, &defs)
                .into_iter()
                .flat_map(|(_, s)| s)
                .flat_map(|(_, a)| a)
                .collect();
            v.sort_unstable();
            v
        };
        let mut want = vec![started, na_act, ev];
        want.sort_unstable();
        // Team C's progress and its own evidence are not of this report.
        assert_eq!(listed(&teams(&["A", "B"]), &config), want);
        let mut all_three = vec![started, na_act, other, ev, ev_other];
        all_three.sort_unstable();
        assert_eq!(listed(&teams(&["A", "B", "C"]), &config), all_three);
        // Levels and dimensions still narrow it.
        let level1 = ReportConfig {
            max_level: 1,
            ..ReportConfig::default()
        };
        assert!(listed(&teams(&["A", "B"]), &level1)
            .iter()
            .all(|&i| MODEL.activities[i].level == 1));
        assert!(listed(&[], &config).is_empty());
    }

    #[test]
    fn the_summary_counts_activities_in_progress_beside_those_done() {
        let defs = ProgressDefs::default();
        let by = |n: &str| MODEL.activity_by_name(n).unwrap();
        let (b, p, s) = (
            by("Defined build process"),
            by("Pinning of artifacts"),
            by("SBOM of components"),
        );
        let dim = MODEL.activities[b].dimension as usize;
        let lb = MODEL.activities[b].level as usize - 1;
        let progress = with(&[
            (b, "A", Status::State(defs.completed())),
            (p, "A", Status::State(1)),
            (s, "A", Status::State(2)),
            (s, "B", Status::State(1)),
        ]);
        let get: Vec<&ActivityProgress> = progress.iter().collect();
        let t = teams(&["A", "B"]);
        let rows = summary(&MODEL, &ReportConfig::default(), &t, &get, &defs);
        let row = |team: &str| {
            rows.iter()
                .find(|r| r.dimension == dim && r.team == team)
                .unwrap()
        };
        let in_dim = MODEL
            .activities
            .iter()
            .filter(|a| a.dimension as usize == dim)
            .count();
        let a = row("A");
        assert_eq!((a.total.done, a.total.in_progress), (1, 2));
        assert_eq!(a.total.applicable, in_dim);
        assert_eq!(a.levels[lb].done, 1);
        let in_progress: usize = a.levels.iter().map(|c| c.in_progress).sum();
        assert_eq!(in_progress, 2);
        assert_eq!((row("B").total.done, row("B").total.in_progress), (0, 1));
        // Beyond TEAMS_LISTED teams: one row per dimension counting team × activity.
        let many: Vec<String> = (0..=TEAMS_LISTED)
            .map(|i| match i {
                0 => "A".into(),
                1 => "B".into(),
                i => format!("T{i}"),
            })
            .collect();
        let rows = summary(&MODEL, &ReportConfig::default(), &many, &get, &defs);
        assert_eq!(rows.len(), MODEL.dimensions.len());
        let r = rows.iter().find(|r| r.dimension == dim).unwrap();
        assert_eq!((r.total.done, r.total.in_progress), (1, 3));
        assert_eq!(r.total.applicable, in_dim * many.len());
    }
}
