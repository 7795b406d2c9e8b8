//! The storage gateway: the only code that knows how the assessment is laid out in
//! key-value storage (the browser's localStorage, or memory in tests).
//!
//! Layout (schema 3). What each key holds is one entry of [`KINDS`], the registry of stored
//! kinds ([`kinds`]: its key, codec, checks, how it follows team changes, its part of the
//! one-file assessment); every module shows a kind by matching on [`Stored`].
//! - `dsomm.schema` = `3` (`1` and `2` are migrated on first load, see [`Gateway::load`])
//! - `dsomm.v3.teams` = the team list with stable short ids ([`codec::TeamIds`])
//! - `dsomm.v3.progress.<uuid>` = one activity's progress with its history ([`codec`])
//! - `dsomm.v1.groups` = JSON list of `{name, members}`
//! - `dsomm.v1.settings` = JSON `{maxLevel, dateFormat, theme, progressStates, …}`
//! - `dsomm.v1.evidence.<uuid>` = JSON list of evidence entries (as in team-evidence.yaml)
//! - `dsomm.v1.team` = the team, group (`g:name`) or all teams (empty) last selected
//! - `dsomm.quarantine.<original key>` = a stored value that could not be read, kept aside
//!   byte for byte so the user can download it.
//!
//! Schema 2 kept teams in `dsomm.v1.teams` (a JSON list of names) and progress in
//! `dsomm.v1.progress.<uuid>` (`{team: {state: "YYYY-MM-DD"}}`, no history).

//!
//! One file per concern: [`keys`] (where each kind is kept), [`backend`] (the key-value store
//! and its errors), [`gateway`] (writes), [`read`] (a value as its kind), [`load`] (start-up),
//! [`upgrade`] (schema 1 and 2), [`quarantine`] (unreadable values), [`usage`] (how full), [`sync`]
//! (the load and another tab's writes, the same for both modules).

mod backend;
pub mod codec;
mod gateway;
mod keys;
pub mod kinds;
mod load;
mod quarantine;
mod read;
pub mod sync;
mod upgrade;
mod usage;

pub use backend::{Backend, MemoryBackend, StorageError};
pub use gateway::{Batch, Gateway};
pub use keys::*;
pub use kinds::{
    follow_states, follow_team, kind_of, read_backup, write_backup, Kind, KindDef, Stored,
    TeamWrite, KINDS,
};
pub use load::Loaded;
pub use quarantine::Quarantined;
pub use read::{decode_groups, decode_teams};
pub use upgrade::UPGRADING_ATTR;
pub use usage::*;

// The names `kinds` (untouched here) takes from this module with `use super::*`.
use crate::domain::assessment::evidence::{ActivityEvidence, Evidence};
use crate::domain::assessment::settings::Settings;
use crate::domain::assessment::{ActivityProgress, Assessment, Group};
use crate::domain::formats::json;
use crate::domain::formats::json::encode_evidence;
use std::collections::BTreeMap;

#[cfg(test)]
mod tests;
