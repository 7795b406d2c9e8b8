//! DSOMM 1.x `generated.yaml`: the model's shape (dimension → sub-dimension → activity)
//! whose activities carry `teamsImplemented: {team: true}`, `isImplemented` (the flag of
//! the time before teams) and `teamsEvidence: {team: text}` — how users of the old
//! versions kept their assessment.
//!
//! Imported as progress: each team marked implemented reaches the completed state on one
//! date the user picks (the file holds none; the reference app re-dates them to "now" on
//! every reload, reference-app.md §5.10), and each evidence text becomes an evidence entry.

use std::collections::BTreeMap;

use crate::domain::assessment::date::Date;
use crate::domain::assessment::evidence::{new_id, Evidence, EvidenceStore};
use crate::domain::assessment::progress::TeamProgress;
use crate::domain::assessment::{check_read_name, ActivityProgress};
use crate::domain::formats::progress_yaml::{ProgressFile, MAX_FILE_BYTES};
use crate::domain::formats::yaml_lite;
use crate::domain::tree::Value;

file_error!(
    /// Why a DSOMM 1.x `generated.yaml` cannot be read (worded as a progress file is, as before).
    LegacyError
);

/// The team `isImplemented: true` stands for: DSOMM 1.x's only team before teams came.
pub const LEGACY_TEAM: &str = "Default";

/// What a 1.x file says, by activity uuid.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LegacyFile {
    /// Activities read, and the teams marked implemented on each.
    pub activities: usize,
    pub implemented: BTreeMap<String, Vec<String>>,
    /// (activity uuid, team, text) of each `teamsEvidence` entry.
    pub evidence: Vec<(String, String, String)>,
    /// Things skipped (an activity without uuid whose name the model does not have, …).
    pub warnings: Vec<String>,
}

fn flag(v: Option<&Value>) -> bool {
    matches!(v, Some(Value::Scalar(s)) if s == "true")
}

/// Reads a 1.x file; `by_name` finds the uuid of an activity of the model by name (for
/// activities written without one).
pub fn parse(
    text: &str,
    by_name: impl Fn(&str) -> Option<&'static str>,
) -> Result<LegacyFile, LegacyError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(LegacyError::TooLarge { bytes: text.len() });
    }
    // A leading document marker, as the 1.x generator wrote it.
    let body = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
        .unwrap_or(text);
    let root = yaml_lite::parse(body).map_err(|e| LegacyError::Yaml(e.to_string()))?;
    let shape = LegacyError::Shape;
    let Value::Map(dims) = &root else {
        return Err(shape(
            "expected dimension → sub-dimension → activity".into(),
        ));
    };
    let mut f = LegacyFile::default();
    for (dim, subs) in dims {
        let Value::Map(subs) = subs else { continue };
        for (sub, acts) in subs {
            let Value::Map(acts) = acts else { continue };
            for (name, a) in acts {
                let place = format!("{dim} / {sub} / {name}");
                let uuid = match a.get("uuid") {
                    Some(Value::Scalar(u)) if !u.trim().is_empty() => u.trim().to_string(),
                    _ => match by_name(name) {
                        Some(u) => u.to_string(),
                        None => {
                            f.warnings.push(format!(
                                "{place}: no uuid, and the model has no activity of that name; skipped"
                            ));
                            continue;
                        }
                    },
                };
                f.activities += 1;
                let mut teams: Vec<String> = Vec::new();
                if let Some(Value::Map(t)) = a.get("teamsImplemented") {
                    for (team, v) in t {
                        check_read_name(team)
                            .map_err(|e| shape(format!("{place} → teamsImplemented: {e}")))?;
                        if flag(Some(v)) && !teams.contains(team) {
                            teams.push(team.clone());
                        }
                    }
                }
                if flag(a.get("isImplemented")) && !teams.iter().any(|t| t == LEGACY_TEAM) {
                    teams.push(LEGACY_TEAM.to_string());
                }
                if !teams.is_empty() {
                    // Two entries for one activity (by uuid and by name): both count.
                    let all = f.implemented.entry(uuid.clone()).or_default();
                    for t in teams {
                        if !all.contains(&t) {
                            all.push(t);
                        }
                    }
                }
                if let Some(Value::Map(t)) = a.get("teamsEvidence") {
                    for (team, v) in t {
                        check_read_name(team)
                            .map_err(|e| shape(format!("{place} → teamsEvidence: {e}")))?;
                        if let Value::Scalar(text) = v {
                            if text.trim().is_empty() {
                                continue;
                            }
                            // Checked as every entry is (a text too long would make the
                            // stored evidence unreadable later).
                            let day = Date::new(2000, 1, 1).expect("a date");
                            match entry(&uuid, team, text, day).check(None) {
                                Ok(()) => {
                                    f.evidence.push((uuid.clone(), team.clone(), text.clone()))
                                }
                                Err(e) => f.warnings.push(format!(
                                    "{place} → teamsEvidence → {team}: {e}; skipped"
                                )),
                            }
                        }
                    }
                }
            }
        }
    }
    if f.activities == 0 {
        return Err(shape("it has no activities".into()));
    }
    Ok(f)
}

/// A stable id for the evidence of `team` on `uuid` (FNV-1a over both, shaped as a version
/// 4 UUID): importing the same file again updates those entries instead of adding copies.
fn evidence_id(uuid: &str, team: &str) -> String {
    let mut bytes = [0u8; 16];
    for (half, seed) in [
        (0usize, 0xcbf2_9ce4_8422_2325u64),
        (8, 0x8422_2325_cbf2_9ce4),
    ] {
        let mut h = seed;
        for b in uuid.bytes().chain([0]).chain(team.bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        bytes[half..half + 8].copy_from_slice(&h.to_be_bytes());
    }
    new_id(bytes)
}

/// The evidence entry a 1.x text becomes.
fn entry(uuid: &str, team: &str, text: &str, date: Date) -> Evidence {
    Evidence {
        id: evidence_id(uuid, team),
        teams: vec![team.to_string()],
        title: "Evidence from DSOMM 1.x".into(),
        description: text.to_string(),
        recorded: date,
        reviewer: String::new(),
        attachments: Vec::new(),
    }
}

impl LegacyFile {
    /// The progress it stands for: each team marked implemented reaches `done` (the
    /// completed state's name) on `date`.
    pub fn progress(&self, done: &str, date: Date) -> ProgressFile {
        let mut progress: BTreeMap<String, ActivityProgress> = BTreeMap::new();
        for (uuid, teams) in &self.implemented {
            let records = progress.entry(uuid.clone()).or_default();
            for team in teams {
                let dates = BTreeMap::from([(done.to_string(), date)]);
                records.insert(team.clone(), TeamProgress::from_dates(dates));
            }
        }
        ProgressFile {
            progress,
            warnings: self.warnings.clone(),
        }
    }

    /// Its evidence texts as entries recorded on `date`.
    pub fn evidence(&self, date: Date) -> EvidenceStore {
        let mut store = EvidenceStore::new();
        for (uuid, team, text) in &self.evidence {
            store
                .entry(uuid.clone())
                .or_default()
                .push(entry(uuid, team, text, date));
        }
        store
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "---\nBuild and Deployment:\n  Build:\n    Defined build process:\n      uuid: f6f7737f-25a9-4317-8de2-09bf59f29b5b\n      isImplemented: true\n      teamsImplemented:\n        Default: false\n        B: true\n        C: false\n      teamsEvidence:\n        B: |\n          Jenkinsfile in every repo.\n    Pinning of artifacts:\n      teamsImplemented:\n        C: true\n    Gone activity:\n      teamsImplemented:\n        C: true\n";

    fn by_name(name: &str) -> Option<&'static str> {
        (name == "Pinning of artifacts").then_some("f3c4971e-9f4d-4e59-8ed0-f0bdb6262477")
    }

    #[test]
    fn teams_marked_implemented_reach_the_completed_state_on_the_date_chosen() {
        let f = parse(FILE, by_name).unwrap();
        assert_eq!(f.activities, 2);
        let day = Date::new(2024, 6, 30).unwrap();
        let p = f.progress("Fully implemented", day).progress;
        let build = &p["f6f7737f-25a9-4317-8de2-09bf59f29b5b"];
        assert_eq!(
            build.keys().collect::<Vec<_>>(),
            ["B", "Default"],
            "isImplemented: Default"
        );
        assert_eq!(build["B"].dates()["Fully implemented"], day);
        assert!(
            p["f3c4971e-9f4d-4e59-8ed0-f0bdb6262477"].contains_key("C"),
            "matched by name"
        );
        assert_eq!(f.warnings.len(), 1, "{:?}", f.warnings);
        assert!(f.warnings[0].contains("Gone activity: no uuid"));
    }

    #[test]
    fn evidence_texts_become_entries_with_stable_ids() {
        let f = parse(FILE, by_name).unwrap();
        let day = Date::new(2024, 6, 30).unwrap();
        let e = f.evidence(day);
        let list = &e["f6f7737f-25a9-4317-8de2-09bf59f29b5b"];
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].teams, ["B"]);
        assert_eq!(list[0].description, "Jenkinsfile in every repo.\n");
        assert!(list[0].check(None).is_ok(), "a valid entry");
        assert_eq!(
            parse(FILE, by_name).unwrap().evidence(day),
            e,
            "same ids again"
        );
        assert_ne!(evidence_id("u", "B"), evidence_id("u", "C"));
    }

    #[test]
    fn the_v1_9_file_reads_and_bad_files_are_refused() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/dsomm-data");
        let text = std::fs::read_to_string(dir.join("legacy-generated-v1.9.0.yaml")).unwrap();
        let f = parse(&text, |_| None).unwrap();
        assert!(f.activities > 100, "{}", f.activities);
        assert!(f.implemented.is_empty(), "nothing is marked in the sample");
        assert!(parse("progress: {}\n", |_| None).is_err());
        assert!(parse("- a\n", |_| None).is_err());
        let bad_team =
            "D:\n  S:\n    A:\n      uuid: u\n      teamsImplemented:\n        \"\": true\n";
        assert!(parse(bad_team, |_| None).is_err());
        // An evidence text no entry may hold is skipped with a warning, not stored.
        let long = format!(
            "D:\n  S:\n    A:\n      uuid: u\n      teamsEvidence:\n        B: \"{}\"\n",
            "x".repeat(30_000)
        );
        let f = parse(&long, |_| None).unwrap();
        assert!(f.evidence.is_empty());
        assert!(
            f.warnings[0].contains("teamsEvidence → B"),
            "{:?}",
            f.warnings
        );
        // Two entries for one activity: the teams of both.
        let twice = "D:\n  S:\n    A:\n      uuid: u\n      teamsImplemented: {B: true}\n    Again:\n      uuid: u\n      teamsImplemented: {C: true}\n";
        assert_eq!(parse(twice, |_| None).unwrap().implemented["u"], ["B", "C"]);
    }
}
