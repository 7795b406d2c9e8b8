//! Fixtures shared by the tests of several modules: team lists, progress states, days,
//! evidence entries and their generator; stored values, stores and gateways. A fixture one
//! module uses stays in its own tests.

use std::collections::BTreeMap;

use crate::domain::assessment::date::Date;
use crate::domain::assessment::evidence::{Attachment, AttachmentKind, Evidence};
use crate::domain::assessment::progress::{StateDef, TeamProgress};
use crate::domain::assessment::{default_teams, ActivityProgress, Group};
use crate::domain::formats::json;
use crate::domain::storage::codec::{self, TeamIds};
use crate::domain::storage::*;

pub(crate) fn teams(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

pub(crate) fn state(name: &str, percent: u8, definition: &str) -> StateDef {
    StateDef::new(name, percent, definition)
}

/// A day of January 2025.
pub(crate) fn jan_2025(day: u8) -> Date {
    Date::new(2025, 1, day).unwrap()
}

/// A valid entry for `teams`, titled after its id.
pub(crate) fn entry(id: &str, teams: &[&str]) -> Evidence {
    Evidence {
        id: id.into(),
        teams: teams.iter().map(|t| t.to_string()).collect(),
        title: format!("Title {id}"),
        description: String::new(),
        recorded: Date::new(2026, 3, 1).unwrap(),
        reviewer: String::new(),
        attachments: Vec::new(),
    }
}

pub(crate) fn link(url: &str) -> Attachment {
    Attachment {
        kind: AttachmentKind::Link,
        url: url.into(),
    }
}

/// An entry with every field filled with what is hard to write and read back: quotes,
/// YAML indicators, line breaks, tabs, non-ASCII, an upper-case scheme.
pub(crate) fn rich() -> Evidence {
    Evidence {
        id: "0b8f7c1e-4d5a-4e7b-9d2e-1f3a5c7e9b11".into(),
        teams: vec!["O'Brien: \"ops\"".into(), "Team A".into()],
        title: "Pipeline \"config\" reviewed: # not a comment".into(),
        description: "Line 1\n\n- item `x` \\ é 🚀\r\n\ttabbed\u{a0}".into(),
        recorded: Date::new(2026, 3, 1).unwrap(),
        reviewer: "Jane O'Doe".into(),
        attachments: vec![
            link("https://jira.example.com/ABC-1?a=b&c=\"d\"#e"),
            Attachment {
                kind: AttachmentKind::Document,
                url: "MAILTO:ops@example.com".into(),
            },
        ],
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod props {
    use super::*;
    use proptest::prelude::*;

    fn line() -> impl Strategy<Value = String> {
        "[^\\p{C}]{0,20}"
    }

    /// Any valid evidence entry.
    pub(crate) fn evidence() -> impl Strategy<Value = Evidence> {
        let attachment =
            (0..3usize, "(https?://|mailto:)[^\\p{C}\\s]{1,20}").prop_map(|(k, url)| Attachment {
                kind: AttachmentKind::ALL[k],
                url,
            });
        (
            "[a-z0-9-]{1,36}",
            proptest::collection::btree_set(line(), 1..4),
            line(),
            "([^\\p{C}]|\n|\r|\t){0,80}",
            (1u16..=9999, 1u8..=12, 1u8..=28),
            line(),
            proptest::collection::vec(attachment, 0..3),
        )
            .prop_map(
                |(id, teams, title, description, (y, m, d), reviewer, attachments)| Evidence {
                    id,
                    teams: teams.into_iter().collect(),
                    title: format!("T{title}"),
                    description,
                    recorded: Date::new(y, m, d).unwrap(),
                    reviewer,
                    attachments,
                },
            )
            .prop_filter("valid", |e| e.check(None).is_ok())
    }
}

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
        .set(&evidence_key("u-e"), &json::encode_evidence(&[e]))
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
