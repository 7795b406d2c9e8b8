//! What tests of several modules build: stored values, stores and gateways.

use std::collections::BTreeMap;

use crate::domain::assessment::date::Date;
use crate::domain::assessment::progress::TeamProgress;
use crate::domain::assessment::{default_teams, ActivityProgress, Group};
use crate::domain::formats::json;
use crate::domain::storage::codec::{self, TeamIds};
use crate::domain::storage::*;

pub(crate) use crate::domain::assessment::evidence::tests::entry;

/// The team table of a store that has never stored one.
pub(crate) fn default_ids() -> TeamIds {
    TeamIds::default().for_list(&default_teams())
}

/// A gateway for every kind over an empty store, loaded.
pub(crate) fn gateway() -> Gateway<MemoryBackend> {
    let g = Gateway::new(MemoryBackend::default());
    g.load().unwrap();
    g
}

/// A schema-3 value for the default teams.
pub(crate) fn v3(p: &ActivityProgress) -> String {
    codec::encode_progress(p, &default_ids()).unwrap()
}

pub(crate) fn record(day: u8) -> ActivityProgress {
    let mut r = TeamProgress::default();
    r.insert("Started".into(), Date::new(2025, 5, day).unwrap());
    let mut p = ActivityProgress::new();
    p.insert("Team A".into(), r);
    p
}

/// A schema-2 store as the landed versions wrote it: `n` teams, `acts` activities with
/// two states reached by every team, evidence, settings and groups.
pub(crate) fn legacy_store(
    n: usize,
    acts: usize,
) -> (MemoryBackend, BTreeMap<String, ActivityProgress>) {
    let backend = MemoryBackend::default();
    backend.set(SCHEMA_KEY, "2").unwrap();
    let teams: Vec<String> = (0..n).map(|i| format!("Team \"{i}\"")).collect();
    backend
        .set(LEGACY_TEAMS_KEY, &json::encode_teams(&teams))
        .unwrap();
    let mut progress = BTreeMap::new();
    for a in crate::domain::model::MODEL.activities.iter().take(acts) {
        let mut p = ActivityProgress::new();
        for (i, t) in teams.iter().enumerate() {
            let mut r = crate::domain::assessment::progress::TeamProgress::default();
            r.insert(
                "Started".into(),
                Date::new(2025, 1, 1 + (i % 28) as u8).unwrap(),
            );
            r.insert("Partly implemented".into(), Date::new(2025, 3, 1).unwrap());
            p.insert(t.clone(), r);
        }
        backend
            .set(
                &format!("{LEGACY_PROGRESS_PREFIX}{}", a.uuid),
                &json::encode_progress(&p),
            )
            .unwrap();
        progress.insert(a.uuid.to_string(), p);
    }
    let e = entry("e-1", &[&teams[0]]);
    backend
        .set(
            &evidence_key("u-e"),
            &crate::domain::assessment::evidence::encode_evidence(&[e]),
        )
        .unwrap();
    backend
        .set(
            GROUPS_KEY,
            &json::encode_groups(&[Group {
                name: "G".into(),
                members: vec![teams[0].clone()],
            }]),
        )
        .unwrap();
    backend
        .set(SELECTED_TEAM_KEY, &format!("t:{}", teams[1]))
        .unwrap();
    (backend, progress)
}

pub(crate) fn reference_export(p: &BTreeMap<String, ActivityProgress>) -> String {
    crate::domain::formats::progress_yaml::write(p, &Default::default(), |_| None)
}
