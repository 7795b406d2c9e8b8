//! Evidence: per activity uuid, entries that show what a team did (a review, a ticket, a
//! screenshot), as in the reference app's `team-evidence.yaml` (see `evidence_yaml`).
//!
//! An entry's `id` is its identity: edits, deletes and imports match by id, never by position.
//! Team names in entries follow team renames and deletes (the reference app forgets this).
//! The stored JSON uses the reference file's field names, so one entry reader serves both.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use crate::domain::assessment::date::Date;
use crate::domain::assessment::{bad_char, check_read_name, MAX_TEAMS};
use crate::domain::tree::Value;
pub use crate::domain::views::url::{check_url, MAX_URL_CHARS};

pub const MAX_ID_CHARS: usize = 200;
pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
pub const MAX_REVIEWER_CHARS: usize = 200;
pub const MAX_ATTACHMENTS: usize = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttachmentKind {
    Document,
    Image,
    Link,
}

impl AttachmentKind {
    pub const ALL: [AttachmentKind; 3] = [
        AttachmentKind::Document,
        AttachmentKind::Image,
        AttachmentKind::Link,
    ];

    /// The name the reference file uses (`type: link`).
    pub fn name(self) -> &'static str {
        match self {
            AttachmentKind::Document => "document",
            AttachmentKind::Image => "image",
            AttachmentKind::Link => "link",
        }
    }

    pub fn from_name(name: &str) -> Option<AttachmentKind> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub kind: AttachmentKind,
    pub url: String,
}

/// One evidence entry of one activity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub id: String,
    pub teams: Vec<String>,
    pub title: String,
    /// Markdown source.
    pub description: String,
    pub recorded: Date,
    /// Empty = no reviewer.
    pub reviewer: String,
    pub attachments: Vec<Attachment>,
}

/// The entries of one activity, in the order they were recorded.
pub type ActivityEvidence = Vec<Evidence>;

/// activity uuid → entries; activities without evidence are absent.
pub type EvidenceStore = BTreeMap<String, ActivityEvidence>;

message_error!(
    /// Why an evidence entry, an edit of one or an import of entries is refused.
    EvidenceError
);

/// Why a one-line text field is refused.
fn check_line(field: &str, text: &str, max: usize) -> Result<(), EvidenceError> {
    if text.chars().count() > max {
        return Err(format!("the {field} is longer than {max} characters").into());
    }
    if text.chars().any(bad_char) {
        return Err(format!("the {field} contains a control character").into());
    }
    Ok(())
}

impl Evidence {
    /// Why the entry cannot be kept. With `known_teams`, every team must be one of them
    /// (new entries and edits); without, any valid name is accepted (files and storage,
    /// whose teams may be added on import).
    pub fn check(&self, known_teams: Option<&[String]>) -> Result<(), EvidenceError> {
        let id = &self.id;
        if id.is_empty()
            || id.chars().count() > MAX_ID_CHARS
            || id.chars().any(|c| c.is_whitespace() || bad_char(c))
        {
            return Err(format!(
                "the id must be 1 to {MAX_ID_CHARS} characters without spaces or control characters"
            )
            .into());
        }
        if self.teams.is_empty() {
            return Err("at least one team is required".into());
        }
        if self.teams.len() > MAX_TEAMS {
            return Err(format!("more than {MAX_TEAMS} teams").into());
        }
        let mut seen = BTreeSet::new();
        for team in &self.teams {
            check_read_name(team).map_err(|e| format!("team name: {e}"))?;
            if !seen.insert(team) {
                return Err(format!("the team “{team}” is listed twice").into());
            }
            if known_teams.is_some_and(|known| !known.contains(team)) {
                return Err(format!("there is no team called “{team}”").into());
            }
        }
        if self.title.trim().is_empty() {
            return Err("the title must not be empty".into());
        }
        check_line("title", &self.title, MAX_TITLE_CHARS)?;
        check_line("reviewer", &self.reviewer, MAX_REVIEWER_CHARS)?;
        if self.description.chars().count() > MAX_DESCRIPTION_CHARS {
            return Err(format!(
                "the description is longer than {MAX_DESCRIPTION_CHARS} characters"
            )
            .into());
        }
        // Line breaks and tabs are markdown; other control characters are not text.
        if self
            .description
            .chars()
            .any(|c| bad_char(c) && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err("the description contains a control character".into());
        }
        if self.attachments.len() > MAX_ATTACHMENTS {
            return Err(format!("more than {MAX_ATTACHMENTS} attachments").into());
        }
        for (i, a) in self.attachments.iter().enumerate() {
            check_url(&a.url).map_err(|e| format!("attachment {}: {e}", i + 1))?;
        }
        Ok(())
    }
}

/// A new entry id: a version 4 UUID from 16 random bytes the caller supplies (the browser's
/// `crypto.getRandomValues`), so this stays pure and testable.
pub fn new_id(random: [u8; 16]) -> String {
    let mut b = random;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        let _ = write!(out, "{byte:02x}");
    }
    out
}

fn position(list: &[Evidence], id: &str) -> Result<usize, EvidenceError> {
    list.iter()
        .position(|e| e.id == id)
        .ok_or_else(|| "This evidence entry no longer exists; it may have been deleted.".into())
}

fn check_edit(entry: &Evidence, teams: &[String]) -> Result<(), EvidenceError> {
    entry
        .check(Some(teams))
        .map_err(|e| format!("Evidence not saved: {e}.").into())
}

/// The activity's entries with `entry` appended.
pub fn add_entry(
    list: &[Evidence],
    entry: Evidence,
    teams: &[String],
) -> Result<ActivityEvidence, EvidenceError> {
    check_edit(&entry, teams)?;
    if list.iter().any(|e| e.id == entry.id) {
        return Err("An evidence entry with this id already exists.".into());
    }
    let mut next = list.to_vec();
    next.push(entry);
    Ok(next)
}

/// The activity's entries with `before` replaced by `entry`, in place. `before` is the entry
/// as it was when the edit began: if it was changed since (in another tab), nothing is
/// overwritten.
pub fn update_entry(
    list: &[Evidence],
    before: &Evidence,
    entry: Evidence,
    teams: &[String],
) -> Result<ActivityEvidence, EvidenceError> {
    check_edit(&entry, teams)?;
    let i = position(list, &before.id)?;
    if list[i] != *before || entry.id != before.id {
        return Err(
            "This entry was changed in another tab since you opened it; nothing was saved. Cancel and open it again."
                .into(),
        );
    }
    let mut next = list.to_vec();
    next[i] = entry;
    Ok(next)
}

pub fn delete_entry(list: &[Evidence], id: &str) -> Result<ActivityEvidence, EvidenceError> {
    let i = position(list, id)?;
    let mut next = list.to_vec();
    next.remove(i);
    Ok(next)
}

/// What a team rename or delete changes in the evidence.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EvidenceChange {
    /// The activities whose entries change, with their new entries (empty = none left).
    pub changed: BTreeMap<String, ActivityEvidence>,
    /// Entries that named the team.
    pub entries: usize,
    /// Of those, entries deleted because the team was their only team.
    pub removed: usize,
}

/// Applies `edit` to every entry naming `team`; `edit` returns false to drop the entry.
fn each_naming(
    store: &EvidenceStore,
    team: &str,
    edit: impl Fn(&mut Evidence) -> bool,
) -> EvidenceChange {
    let mut c = EvidenceChange::default();
    for (uuid, list) in store {
        if !list.iter().any(|e| e.teams.iter().any(|t| t == team)) {
            continue;
        }
        let mut next = Vec::with_capacity(list.len());
        for e in list {
            let mut e = e.clone();
            if e.teams.iter().any(|t| t == team) {
                c.entries += 1;
                if !edit(&mut e) {
                    c.removed += 1;
                    continue;
                }
            }
            next.push(e);
        }
        c.changed.insert(uuid.clone(), next);
    }
    c
}

/// Renames `old` to `new` in every entry's teams (keeping its place in the list).
pub fn rename_team(store: &EvidenceStore, old: &str, new: &str) -> EvidenceChange {
    if old == new {
        return EvidenceChange::default();
    }
    each_naming(store, old, |e| {
        if e.teams.iter().any(|t| t == new) {
            e.teams.retain(|t| t != old);
        } else if let Some(t) = e.teams.iter_mut().find(|t| *t == old) {
            *t = new.to_string();
        }
        true
    })
}

/// Removes `team` from every entry; entries left without a team are deleted.
pub fn delete_team(store: &EvidenceStore, team: &str) -> EvidenceChange {
    each_naming(store, team, |e| {
        e.teams.retain(|t| t != team);
        !e.teams.is_empty()
    })
}

/// Entries grouped by the teams they name, for display: each entry is listed once, under
/// all its teams ("Team A, Team C"); groups by their first team in `order` (teams not in it
/// after, by name), then by their other teams the same way.
pub fn by_teams<'a>(
    list: &'a [Evidence],
    order: &[String],
) -> Vec<(Vec<String>, Vec<&'a Evidence>)> {
    let rank = |t: &String| {
        (
            order.iter().position(|o| o == t).unwrap_or(usize::MAX),
            t.clone(),
        )
    };
    // (the teams ranked, the entries naming exactly them)
    type Group<'e> = (Vec<(usize, String)>, Vec<&'e Evidence>);
    let mut groups: Vec<Group> = Vec::new();
    for e in list {
        let mut key: Vec<(usize, String)> = e.teams.iter().map(rank).collect();
        key.sort();
        key.dedup();
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, es)) => es.push(e),
            None => groups.push((key, vec![e])),
        }
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    groups
        .into_iter()
        .map(|(k, es)| (k.into_iter().map(|(_, t)| t).collect(), es))
        .collect()
}

/// The changes that turn `current` into `incoming` (a restore): every activity whose
/// entries differ, with its new entries (empty = none left).
pub fn replace_all(
    current: &EvidenceStore,
    incoming: &EvidenceStore,
) -> BTreeMap<String, ActivityEvidence> {
    let uuids: std::collections::BTreeSet<&String> =
        current.keys().chain(incoming.keys()).collect();
    uuids
        .into_iter()
        .filter(|u| current.get(*u) != incoming.get(*u))
        .map(|u| (u.clone(), incoming.get(u).cloned().unwrap_or_default()))
        .collect()
}

/// Writes changed activities into the store (an empty list removes the activity).
pub fn apply(store: &mut EvidenceStore, changed: &BTreeMap<String, ActivityEvidence>) {
    for (uuid, next) in changed {
        if next.is_empty() {
            store.remove(uuid);
        } else {
            store.insert(uuid.clone(), next.clone());
        }
    }
}

/// What importing a file's evidence would change, computed before anything is written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EvidencePlan {
    /// The activities whose entries change, with their new entries (empty = none left).
    pub changed: BTreeMap<String, ActivityEvidence>,
    /// Entries whose id is new, that differ from ours (or moved activity), or are identical.
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Teams the file's entries name that the assessment does not have, sorted.
    pub unknown_teams: Vec<String>,
}

impl EvidencePlan {
    pub fn is_noop(&self) -> bool {
        self.changed.is_empty() && self.unknown_teams.is_empty()
    }

    /// Refuses a file that would add more teams than the app supports.
    pub fn check(&self, teams_now: usize) -> Result<(), EvidenceError> {
        let total = teams_now + self.unknown_teams.len();
        if total > crate::domain::assessment::MAX_TEAMS {
            return Err(format!(
                "the file names {} teams that do not exist yet, which would make {total}; at most {} are supported",
                self.unknown_teams.len(),
                crate::domain::assessment::MAX_TEAMS
            ).into());
        }
        Ok(())
    }
}

/// The copy of an activity's entries that a plan is editing.
fn working<'a>(
    next: &'a mut BTreeMap<String, ActivityEvidence>,
    current: &EvidenceStore,
    uuid: &str,
) -> &'a mut ActivityEvidence {
    next.entry(uuid.to_string())
        .or_insert_with(|| current.get(uuid).cloned().unwrap_or_default())
}

/// Plans merging `incoming` into `current` by entry id, across the whole store: an entry
/// with a known id replaces ours where it stands; a new id is appended to its activity. When
/// the file files an id under another activity, the file wins: the entry moves there (and
/// counts as updated), so an id is never held twice. Entries the file lacks are kept. Ids in
/// `incoming` are expected to be unique, as [`crate::domain::formats::evidence_yaml::parse`] ensures.
pub fn plan_evidence_import(
    current: &EvidenceStore,
    incoming: &EvidenceStore,
    teams: &[String],
) -> EvidencePlan {
    let mut plan = EvidencePlan::default();
    let mut homes: HashMap<&str, Vec<&String>> = HashMap::new();
    for (uuid, list) in current {
        for e in list {
            homes.entry(e.id.as_str()).or_default().push(uuid);
        }
    }
    let mut next: BTreeMap<String, ActivityEvidence> = BTreeMap::new();
    for (uuid, list) in incoming {
        for e in list {
            let elsewhere: Vec<&String> = homes
                .get(e.id.as_str())
                .map(|h| h.iter().copied().filter(|h| *h != uuid).collect())
                .unwrap_or_default();
            for other in &elsewhere {
                working(&mut next, current, other).retain(|x| x.id != e.id);
            }
            let here = working(&mut next, current, uuid);
            match here.iter().position(|x| x.id == e.id) {
                Some(i) if here[i] == *e && elsewhere.is_empty() => plan.unchanged += 1,
                Some(i) => {
                    plan.updated += 1;
                    here[i] = e.clone();
                }
                None if elsewhere.is_empty() => {
                    plan.added += 1;
                    here.push(e.clone());
                }
                None => {
                    plan.updated += 1;
                    here.push(e.clone());
                }
            }
        }
    }
    let empty = ActivityEvidence::new();
    plan.changed = next
        .into_iter()
        .filter(|(uuid, list)| list != current.get(uuid).unwrap_or(&empty))
        .collect();
    let unknown: BTreeSet<&String> = incoming
        .values()
        .flatten()
        .flat_map(|e| &e.teams)
        .filter(|t| !teams.contains(t))
        .collect();
    plan.unknown_teams = unknown.into_iter().cloned().collect();
    plan
}

fn text<'a>(v: Option<&'a Value>, field: &str) -> Result<&'a str, EvidenceError> {
    match v {
        None | Some(Value::Null) => Ok(""),
        Some(Value::Scalar(s)) => Ok(s),
        Some(other) => Err(format!("{field}: expected text, found {}", other.kind()).into()),
    }
}

/// Reads one entry in the reference shape (`id`, `teams`, `title`, `description`,
/// `evidenceRecorded`, optional `reviewer` and `attachment`), without checking it. Keys it
/// does not know are pushed to `unknown`.
pub fn read_entry(v: &Value, unknown: &mut Vec<String>) -> Result<Evidence, EvidenceError> {
    let Value::Map(fields) = v else {
        return Err(format!("expected an evidence entry (a mapping), found {}", v.kind()).into());
    };
    const KNOWN: [&str; 7] = [
        "id",
        "teams",
        "title",
        "description",
        "evidenceRecorded",
        "reviewer",
        "attachment",
    ];
    unknown.extend(
        fields
            .iter()
            .filter(|(k, _)| !KNOWN.contains(&k.as_str()))
            .map(|(k, _)| k.clone()),
    );
    let id = match v.get("id") {
        Some(Value::Scalar(id)) => id.clone(),
        _ => return Err("the entry has no id".into()),
    };
    let teams = match v.get("teams") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Seq(items)) => items
            .iter()
            .map(|t| match t {
                Value::Scalar(t) => Ok(t.clone()),
                other => Err(format!("teams: expected a team name, found {}", other.kind()).into()),
            })
            .collect::<Result<_, EvidenceError>>()?,
        Some(other) => {
            return Err(format!(
                "teams: expected a list of team names, found {}",
                other.kind()
            )
            .into())
        }
    };
    let recorded = match v.get("evidenceRecorded") {
        Some(Value::Scalar(d)) => Date::parse(d).ok_or_else(|| {
            EvidenceError::from(format!(
                "evidenceRecorded: `{d}` is not a date (YYYY-MM-DD)"
            ))
        })?,
        None | Some(Value::Null) => return Err("the entry has no evidenceRecorded date".into()),
        Some(other) => {
            return Err(format!("evidenceRecorded: expected a date, found {}", other.kind()).into())
        }
    };
    let attachments = match v.get("attachment") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Seq(items)) => items
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let n = i + 1;
                if !matches!(a, Value::Map(_)) {
                    return Err(format!(
                        "attachment {n}: expected {{type, externalLink}}, found {}",
                        a.kind()
                    )
                    .into());
                }
                let kind = text(a.get("type"), &format!("attachment {n}: type"))?;
                let kind = AttachmentKind::from_name(kind).ok_or_else(|| {
                    format!("attachment {n}: unknown type `{kind}` (document, image or link)")
                })?;
                let url = text(
                    a.get("externalLink"),
                    &format!("attachment {n}: externalLink"),
                )?;
                Ok(Attachment {
                    kind,
                    url: url.to_string(),
                })
            })
            .collect::<Result<_, EvidenceError>>()?,
        Some(other) => {
            return Err(format!("attachment: expected a list, found {}", other.kind()).into())
        }
    };
    Ok(Evidence {
        id,
        teams,
        title: text(v.get("title"), "title")?.to_string(),
        description: text(v.get("description"), "description")?.to_string(),
        recorded,
        reviewer: text(v.get("reviewer"), "reviewer")?.to_string(),
        attachments,
    })
}

#[cfg(test)]
mod tests;
