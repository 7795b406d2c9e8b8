//! The printable report (`#/report`): its configuration, kept in the settings (which teams,
//! dimensions, levels, activity fields and activities), which activities it lists, and the
//! summary at its top (per dimension and level, implemented of applicable, per team).

use crate::domain::assessment::progress::ProgressDefs;
use crate::domain::assessment::scores::{completed_by_all, teams_done};
use crate::domain::assessment::ActivityProgress;
use crate::domain::formats::progress_yaml::quote;
use crate::domain::formats::yaml_lite::Value;
use crate::domain::model::Model;

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
    #[default]
    All,
    /// Completed by every chosen team it applies to.
    Implemented,
    /// Applies to a chosen team that has not completed it.
    NotImplemented,
}

impl Which {
    pub const ALL: [Which; 3] = [Which::All, Which::Implemented, Which::NotImplemented];

    pub fn key(self) -> &'static str {
        match self {
            Which::All => "all",
            Which::Implemented => "implemented",
            Which::NotImplemented => "notImplemented",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Which::All => "All activities",
            Which::Implemented => "Implemented only",
            Which::NotImplemented => "Not implemented only",
        }
    }

    pub fn from_key(key: &str) -> Option<Which> {
        Which::ALL.into_iter().find(|w| w.key() == key)
    }
}

/// The report's configuration, kept in the settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportConfig {
    /// The teams shown, as a stored scope (`teams::Scope::to_value`: empty = all teams).
    pub scope: String,
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
            scope: String::new(),
            hidden_dimensions: Vec::new(),
            max_level: 5,
            fields: vec![
                ReportField::Description,
                ReportField::References,
                ReportField::Evidence,
            ],
            which: Which::All,
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
            "{{\"scope\": {}, \"hiddenDimensions\": {}, \"maxLevel\": {}, \"fields\": {}, \"activities\": \"{}\"}}",
            quote(&self.scope),
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
            scope: scalar("scope").unwrap_or(d.scope),
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

/// Whether activity progress `p` passes the report's choice of activities for `teams`.
pub fn listed(which: Which, p: &ActivityProgress, teams: &[String], defs: &ProgressDefs) -> bool {
    match which {
        Which::All => true,
        Which::Implemented => completed_by_all(p, teams, defs),
        Which::NotImplemented => {
            let (done, of) = teams_done(p, teams, defs);
            done < of
        }
    }
}

/// A dimension's part of the report: (dimension, [(sub-dimension, [activity])]), indices
/// into the model.
pub type Section = (usize, Vec<(usize, Vec<usize>)>);

/// The activities the report lists, in model order; dimensions and sub-dimensions with none
/// listed are left out.
pub fn sections(
    m: &Model,
    cfg: &ReportConfig,
    teams: &[String],
    progress: &[&ActivityProgress],
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
                .filter(|&i| listed(cfg.which, progress[i], teams, defs))
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

/// One row of the summary: a dimension and a team, (implemented, applicable) per level
/// 1..=`max_level`, and in all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryRow {
    pub dimension: usize,
    pub team: String,
    pub levels: Vec<(usize, usize)>,
    pub total: (usize, usize),
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

/// Per shown dimension and team: how many of the activities of each level (up to the
/// report's highest) that apply to the team it completed. With more teams than
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
            let mut levels = vec![(0, 0); cfg.max_level as usize];
            for (level, p) in &acts {
                let (done, of) = teams_done(p, of_teams, defs);
                let cell = &mut levels[*level as usize - 1];
                cell.0 += done;
                cell.1 += of;
            }
            let total = levels.iter().fold((0, 0), |(a, b), (c, e)| (a + c, b + e));
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

    fn teams(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

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
    fn the_configuration_round_trips_and_bad_values_are_refused() {
        let mut c = ReportConfig {
            scope: "g:Cloud \"x\"".into(),
            hidden_dimensions: vec!["Culture and Organization".into()],
            max_level: 3,
            fields: vec![],
            which: Which::NotImplemented,
        };
        c.set_field(ReportField::Tools, true);
        c.set_field(ReportField::Risk, true);
        assert_eq!(c.fields, [ReportField::Risk, ReportField::Tools]);
        let v = crate::domain::formats::json::parse(&c.to_json()).unwrap();
        assert_eq!(ReportConfig::from_value(&v), c);
        let read =
            |s: &str| ReportConfig::from_value(&crate::domain::formats::json::parse(s).unwrap());
        let d = ReportConfig::default();
        assert_eq!(read("{}"), d);
        // Values out of range or of the wrong kind take their defaults; the rest is kept.
        let odd = read("{\"maxLevel\": 7, \"scope\": \"t:A\"}");
        assert_eq!((odd.max_level, odd.scope.as_str()), (5, "t:A"));
        assert_eq!(read("{\"activities\": \"some\"}").which, Which::All);
        assert_eq!(read("{\"fields\": \"risk\"}").fields, d.fields);
        assert_eq!(read("[1, 2]"), d);
        // A field a later version adds is left out.
        assert_eq!(
            read("{\"fields\": [\"risk\", \"pictures\"]}").fields,
            [ReportField::Risk]
        );
    }

    #[test]
    fn sections_follow_dimensions_levels_and_the_choice_of_activities() {
        let defs = ProgressDefs::default();
        let b = MODEL.activity_by_name("Defined build process").unwrap();
        let progress = with(&[(b, "A", Status::State(defs.completed()))]);
        let get: Vec<&ActivityProgress> = progress.iter().collect();
        let t = teams(&["A"]);
        let all = sections(&MODEL, &ReportConfig::default(), &t, &get, &defs);
        let count: usize = all.iter().flat_map(|(_, s)| s).map(|(_, a)| a.len()).sum();
        assert_eq!(count, MODEL.activities.len());
        let done = ReportConfig {
            which: Which::Implemented,
            ..ReportConfig::default()
        };
        let listed_done = sections(&MODEL, &done, &t, &get, &defs);
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
        let rest = sections(&MODEL, &not_done, &t, &get, &defs);
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
        assert_eq!(a.levels[0], (1, level1));
        let b_row = rows
            .iter()
            .find(|r| r.dimension == dim && r.team == "B")
            .unwrap();
        assert_eq!(b_row.levels[0], (0, level1 - 1));
        assert_eq!(
            a.total.1,
            MODEL
                .activities
                .iter()
                .filter(|x| x.dimension as usize == dim)
                .count()
        );
    }
}
