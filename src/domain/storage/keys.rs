//! Where each kind is kept: the keys, the format mark and the keys of schema 1 and 2.

pub const SCHEMA_KEY: &str = "dsomm.schema";
/// 3: progress keeps its history, teams have ids. 2: the settings hold the progress
/// states, and evidence is stored. A version that knows only an older schema opens a newer
/// store read-only.
pub const SCHEMA_VERSION: u32 = 3;

/// Whether another tab's schema marker is the one this version writes.
pub fn schema_current(v: &str) -> bool {
    v.trim() == SCHEMA_VERSION.to_string()
}

/// Stored schemas this version migrates from.
pub(super) fn schema_legacy(v: &str) -> bool {
    matches!(v.trim(), "1" | "2")
}

pub const TEAMS_KEY: &str = "dsomm.v3.teams";
pub const PROGRESS_PREFIX: &str = "dsomm.v3.progress.";
pub const GROUPS_KEY: &str = "dsomm.v1.groups";
pub const SETTINGS_KEY: &str = "dsomm.v1.settings";
pub const EVIDENCE_PREFIX: &str = "dsomm.v1.evidence.";
pub const SELECTED_TEAM_KEY: &str = "dsomm.v1.team";
pub const NAMES_KEY: &str = "dsomm.v1.names";
pub const TARGETS_KEY: &str = "dsomm.v1.targets";
pub const QUARANTINE_PREFIX: &str = "dsomm.quarantine.";
/// Schema 1 and 2's keys, read only to migrate them.
pub const LEGACY_TEAMS_KEY: &str = "dsomm.v1.teams";
pub const LEGACY_PROGRESS_PREFIX: &str = "dsomm.v1.progress.";

pub fn progress_key(uuid: &str) -> String {
    format!("{PROGRESS_PREFIX}{uuid}")
}

pub fn evidence_key(uuid: &str) -> String {
    format!("{EVIDENCE_PREFIX}{uuid}")
}
