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
use crate::domain::formats::progress_yaml::quote;
use crate::domain::formats::yaml_lite::{self, Value};
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

/// Why a one-line text field is refused.
fn check_line(field: &str, text: &str, max: usize) -> Result<(), String> {
    if text.chars().count() > max {
        return Err(format!("the {field} is longer than {max} characters"));
    }
    if text.chars().any(bad_char) {
        return Err(format!("the {field} contains a control character"));
    }
    Ok(())
}

impl Evidence {
    /// Why the entry cannot be kept. With `known_teams`, every team must be one of them
    /// (new entries and edits); without, any valid name is accepted (files and storage,
    /// whose teams may be added on import).
    pub fn check(&self, known_teams: Option<&[String]>) -> Result<(), String> {
        let id = &self.id;
        if id.is_empty()
            || id.chars().count() > MAX_ID_CHARS
            || id.chars().any(|c| c.is_whitespace() || bad_char(c))
        {
            return Err(format!(
                "the id must be 1 to {MAX_ID_CHARS} characters without spaces or control characters"
            ));
        }
        if self.teams.is_empty() {
            return Err("at least one team is required".into());
        }
        if self.teams.len() > MAX_TEAMS {
            return Err(format!("more than {MAX_TEAMS} teams"));
        }
        let mut seen = BTreeSet::new();
        for team in &self.teams {
            check_read_name(team).map_err(|e| format!("team name: {e}"))?;
            if !seen.insert(team) {
                return Err(format!("the team “{team}” is listed twice"));
            }
            if known_teams.is_some_and(|known| !known.contains(team)) {
                return Err(format!("there is no team called “{team}”"));
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
            ));
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
            return Err(format!("more than {MAX_ATTACHMENTS} attachments"));
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

fn position(list: &[Evidence], id: &str) -> Result<usize, String> {
    list.iter()
        .position(|e| e.id == id)
        .ok_or_else(|| "This evidence entry no longer exists; it may have been deleted.".into())
}

fn check_edit(entry: &Evidence, teams: &[String]) -> Result<(), String> {
    entry
        .check(Some(teams))
        .map_err(|e| format!("Evidence not saved: {e}."))
}

/// The activity's entries with `entry` appended.
pub fn add_entry(
    list: &[Evidence],
    entry: Evidence,
    teams: &[String],
) -> Result<ActivityEvidence, String> {
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
) -> Result<ActivityEvidence, String> {
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

pub fn delete_entry(list: &[Evidence], id: &str) -> Result<ActivityEvidence, String> {
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
    pub fn check(&self, teams_now: usize) -> Result<(), String> {
        let total = teams_now + self.unknown_teams.len();
        if total > crate::domain::assessment::MAX_TEAMS {
            return Err(format!(
                "the file names {} teams that do not exist yet, which would make {total}; at most {} are supported",
                self.unknown_teams.len(),
                crate::domain::assessment::MAX_TEAMS
            ));
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

fn text<'a>(v: Option<&'a Value>, field: &str) -> Result<&'a str, String> {
    match v {
        None | Some(Value::Null) => Ok(""),
        Some(Value::Scalar(s)) => Ok(s),
        Some(other) => Err(format!("{field}: expected text, found {}", other.kind())),
    }
}

/// Reads one entry in the reference shape (`id`, `teams`, `title`, `description`,
/// `evidenceRecorded`, optional `reviewer` and `attachment`), without checking it. Keys it
/// does not know are pushed to `unknown`.
pub fn read_entry(v: &Value, unknown: &mut Vec<String>) -> Result<Evidence, String> {
    let Value::Map(fields) = v else {
        return Err(format!(
            "expected an evidence entry (a mapping), found {}",
            v.kind()
        ));
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
                other => Err(format!(
                    "teams: expected a team name, found {}",
                    other.kind()
                )),
            })
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err(format!(
                "teams: expected a list of team names, found {}",
                other.kind()
            ))
        }
    };
    let recorded = match v.get("evidenceRecorded") {
        Some(Value::Scalar(d)) => Date::parse(d)
            .ok_or_else(|| format!("evidenceRecorded: `{d}` is not a date (YYYY-MM-DD)"))?,
        None | Some(Value::Null) => return Err("the entry has no evidenceRecorded date".into()),
        Some(other) => {
            return Err(format!(
                "evidenceRecorded: expected a date, found {}",
                other.kind()
            ))
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
                    ));
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
            .collect::<Result<_, String>>()?,
        Some(other) => {
            return Err(format!(
                "attachment: expected a list, found {}",
                other.kind()
            ))
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

/// One activity's entries as one line of JSON, with the reference file's field names.
pub fn encode_evidence(list: &[Evidence]) -> String {
    let entries: Vec<String> = list
        .iter()
        .map(|e| {
            let teams: Vec<String> = e.teams.iter().map(|t| quote(t)).collect();
            let attachments: Vec<String> = e
                .attachments
                .iter()
                .map(|a| {
                    format!(
                        "{{\"type\":\"{}\",\"externalLink\":{}}}",
                        a.kind.name(),
                        quote(&a.url)
                    )
                })
                .collect();
            format!(
                "{{\"id\":{},\"teams\":[{}],\"title\":{},\"description\":{},\"evidenceRecorded\":\"{}\",\"reviewer\":{},\"attachment\":[{}]}}",
                quote(&e.id),
                teams.join(","),
                quote(&e.title),
                quote(&e.description),
                e.recorded,
                quote(&e.reviewer),
                attachments.join(",")
            )
        })
        .collect();
    format!("[{}]", entries.join(","))
}

/// Reads what [`encode_evidence`] wrote; every entry is checked (teams need not be known).
pub fn decode_evidence(raw: &str) -> Result<ActivityEvidence, String> {
    if raw.contains('\n') {
        return Err("stored JSON must be one line".into());
    }
    let Value::Seq(items) = yaml_lite::parse(raw).map_err(|e| e.message)? else {
        return Err("expected a list of evidence entries".into());
    };
    let mut out = ActivityEvidence::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = |e: String| format!("entry {}: {e}", i + 1);
        let mut unknown = Vec::new();
        let e = read_entry(item, &mut unknown).map_err(at)?;
        if let Some(k) = unknown.first() {
            return Err(at(format!("unknown field `{k}`")));
        }
        e.check(None).map_err(at)?;
        if out.iter().any(|x: &Evidence| x.id == e.id) {
            return Err(at(format!("the id {} appears twice", e.id)));
        }
        out.push(e);
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::assessment::default_teams;

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

    fn link(url: &str) -> Attachment {
        Attachment {
            kind: AttachmentKind::Link,
            url: url.into(),
        }
    }

    fn rich() -> Evidence {
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

    fn store(rows: &[(&str, Vec<Evidence>)]) -> EvidenceStore {
        rows.iter()
            .map(|(u, l)| (u.to_string(), l.clone()))
            .collect()
    }

    fn check_err(e: &Evidence) -> String {
        e.check(Some(&default_teams())).unwrap_err()
    }

    #[test]
    fn a_valid_entry_passes() {
        let mut e = rich();
        e.teams = vec!["Team A".into(), "Team C".into()];
        e.description = "a".repeat(MAX_DESCRIPTION_CHARS);
        e.title = "t".repeat(MAX_TITLE_CHARS);
        e.attachments = vec![link("http://x"); MAX_ATTACHMENTS];
        assert_eq!(e.check(Some(&default_teams())), Ok(()));
    }

    #[test]
    fn entries_are_validated_with_messages_naming_the_field() {
        let base = entry("e1", &["Team A"]);
        let with = |f: &dyn Fn(&mut Evidence)| {
            let mut e = base.clone();
            f(&mut e);
            check_err(&e)
        };
        assert!(with(&|e| e.id.clear()).contains("id"));
        assert!(with(&|e| e.id = "a b".into()).contains("id"));
        assert!(with(&|e| e.id = "x".repeat(201)).contains("id"));
        assert!(with(&|e| e.teams.clear()).contains("at least one team"));
        assert!(with(&|e| e.teams.push("Ghost".into())).contains("no team called “Ghost”"));
        assert!(with(&|e| e.teams.push("Team A".into())).contains("listed twice"));
        assert!(with(&|e| e.teams = vec!["".into()]).contains("team name"));
        assert!(with(&|e| e.title = "  ".into()).contains("title must not be empty"));
        assert!(with(&|e| e.title = "x".repeat(301)).contains("title is longer than 300"));
        assert!(with(&|e| e.title = "a\nb".into()).contains("title contains a control"));
        assert!(with(&|e| e.description = "x".repeat(20_001)).contains("description"));
        assert!(with(&|e| e.description = "bell\u{7}".into()).contains("description"));
        assert!(with(&|e| e.reviewer = "x".repeat(201)).contains("reviewer"));
        assert!(with(&|e| e.attachments = vec![link("https://x"); 51]).contains("attachments"));
        assert!(
            with(&|e| e.attachments = vec![link("https://ok"), link("ftp://x")])
                .starts_with("attachment 2: the URL must start with")
        );
        // Without a team list (files, storage), unknown teams are fine.
        let mut ghost = base.clone();
        ghost.teams = vec!["Ghost".into()];
        assert_eq!(ghost.check(None), Ok(()));
    }

    #[test]
    fn new_ids_are_v4_uuids() {
        let id = new_id([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(new_id([0; 16]), "00000000-0000-4000-8000-000000000000");
        let id2 = new_id(*b"0123456789abcdef");
        assert_eq!(id2.len(), 36);
        assert_eq!(id2.as_bytes()[14], b'4');
        assert!(matches!(id2.as_bytes()[19], b'8' | b'9' | b'a' | b'b'));
        assert_eq!(
            crate::domain::formats::progress_yaml::key(&id2),
            id2,
            "written bare"
        );
        assert_eq!(entry(&id2, &["Team A"]).check(None), Ok(()));
    }

    #[test]
    fn add_update_delete_by_id() {
        let teams = default_teams();
        let list = add_entry(&[], entry("a", &["Team A"]), &teams).unwrap();
        let list = add_entry(&list, entry("b", &["Team B"]), &teams).unwrap();
        assert!(add_entry(&list, entry("a", &["Team A"]), &teams)
            .unwrap_err()
            .contains("already exists"));
        assert!(add_entry(&list, entry("c", &["Ghost"]), &teams).is_err());
        let mut a2 = entry("a", &["Team A", "Team D"]);
        a2.title = "Changed".into();
        let a1 = entry("a", &["Team A"]);
        let list = update_entry(&list, &a1, a2.clone(), &teams).unwrap();
        assert_eq!(
            list,
            vec![a2.clone(), entry("b", &["Team B"])],
            "kept in place"
        );
        let zz = entry("zz", &["Team A"]);
        assert!(update_entry(&list, &zz, zz.clone(), &teams)
            .unwrap_err()
            .contains("no longer exists"));
        let mut bad = a2.clone();
        bad.title.clear();
        assert!(update_entry(&list, &a2, bad, &teams).is_err());
        // Edited elsewhere since this edit began (the list holds a2, not a1): refused.
        let mut a3 = a2.clone();
        a3.title = "Mine".into();
        assert!(update_entry(&list, &a1, a3, &teams)
            .unwrap_err()
            .contains("another tab"));
        let list = delete_entry(&list, "a").unwrap();
        assert_eq!(list, vec![entry("b", &["Team B"])]);
        assert!(delete_entry(&list, "a").is_err());
    }

    #[test]
    fn renaming_a_team_renames_it_in_every_entry() {
        let mut s = store(&[
            (
                "u1",
                vec![entry("a", &["Team A", "Team B"]), entry("b", &["Team C"])],
            ),
            ("u2", vec![entry("c", &["Team C"])]),
            ("u3", vec![entry("d", &["Team B", "New"])]),
        ]);
        let c = rename_team(&s, "Team B", "New");
        assert_eq!(c.entries, 2);
        assert_eq!(c.removed, 0);
        assert_eq!(c.changed.keys().collect::<Vec<_>>(), ["u1", "u3"]);
        apply(&mut s, &c.changed);
        assert_eq!(s["u1"][0].teams, ["Team A", "New"], "keeps its place");
        assert_eq!(s["u1"][1], entry("b", &["Team C"]));
        assert_eq!(
            s["u3"][0].teams,
            ["New"],
            "no duplicate when both were named"
        );
        assert_eq!(
            rename_team(&s, "Team C", "Team C"),
            EvidenceChange::default()
        );
        assert!(rename_team(&s, "Nobody", "X").changed.is_empty());
    }

    #[test]
    fn deleting_a_team_drops_entries_left_without_a_team() {
        let mut s = store(&[
            (
                "u1",
                vec![entry("a", &["Team A", "Team B"]), entry("b", &["Team B"])],
            ),
            ("u2", vec![entry("c", &["Team B"])]),
            ("u3", vec![entry("d", &["Team C"])]),
        ]);
        let c = delete_team(&s, "Team B");
        assert_eq!((c.entries, c.removed), (3, 2));
        assert_eq!(c.changed.keys().collect::<Vec<_>>(), ["u1", "u2"]);
        apply(&mut s, &c.changed);
        assert_eq!(
            s,
            store(&[
                ("u1", vec![entry("a", &["Team A"])]),
                ("u3", vec![entry("d", &["Team C"])]),
            ])
        );
    }

    #[test]
    fn import_merges_by_id() {
        let current = store(&[
            ("u1", vec![entry("a", &["Team A"]), entry("b", &["Team B"])]),
            ("u2", vec![entry("c", &["Team C"])]),
        ]);
        let mut b2 = entry("b", &["Team B", "Ops"]);
        b2.reviewer = "Jane".into();
        let incoming = store(&[
            (
                "u1",
                vec![b2.clone(), entry("n", &["Team A"]), entry("a", &["Team A"])],
            ),
            ("u9", vec![entry("m", &["Zed"])]),
        ]);
        let plan = plan_evidence_import(&current, &incoming, &default_teams());
        assert_eq!((plan.added, plan.updated, plan.unchanged), (2, 1, 1));
        assert_eq!(plan.unknown_teams, ["Ops", "Zed"]);
        assert_eq!(
            plan.changed,
            store(&[
                (
                    "u1",
                    vec![entry("a", &["Team A"]), b2, entry("n", &["Team A"])]
                ),
                ("u9", vec![entry("m", &["Zed"])]),
            ]),
            "u2 untouched; order kept, new ids appended"
        );
        let again = plan_evidence_import(&current, &current, &default_teams());
        assert!(again.is_noop());
        assert_eq!(again.unchanged, 3);
    }

    #[test]
    fn an_id_filed_under_another_activity_moves_there() {
        let current = store(&[
            ("u1", vec![entry("a", &["Team A"]), entry("b", &["Team A"])]),
            ("u2", vec![entry("c", &["Team A"])]),
        ]);
        let incoming = store(&[("u2", vec![entry("a", &["Team A"])])]);
        let plan = plan_evidence_import(&current, &incoming, &default_teams());
        assert_eq!((plan.added, plan.updated, plan.unchanged), (0, 1, 0));
        let mut s = current.clone();
        apply(&mut s, &plan.changed);
        assert_eq!(
            s,
            store(&[
                ("u1", vec![entry("b", &["Team A"])]),
                ("u2", vec![entry("c", &["Team A"]), entry("a", &["Team A"])]),
            ])
        );
        // Moving the only entry out of an activity empties it.
        let only = store(&[("u1", vec![entry("a", &["Team A"])])]);
        let plan = plan_evidence_import(&only, &incoming, &default_teams());
        assert_eq!(plan.changed["u1"], vec![]);
        let mut s = only;
        apply(&mut s, &plan.changed);
        assert_eq!(s.keys().collect::<Vec<_>>(), ["u2"]);
    }

    #[test]
    fn json_round_trips_and_is_real_json() {
        let list = vec![rich(), entry("b", &["Team B"])];
        let text = encode_evidence(&list);
        assert!(!text.contains('\n'));
        assert_eq!(decode_evidence(&text), Ok(list));
        assert_eq!(decode_evidence("[]"), Ok(vec![]));
        #[cfg(not(target_arch = "wasm32"))]
        {
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(v[0]["teams"][0], "O'Brien: \"ops\"");
            assert_eq!(v[0]["attachment"][1]["type"], "document");
        }
    }

    #[test]
    fn bad_stored_json_is_refused() {
        let good = encode_evidence(&[entry("a", &["Team A"])]);
        for (bad, why) in [
            ("", "expected a list"),
            ("{}", "expected a list"),
            ("[1", "not closed"),
            ("[1]", "entry 1: expected an evidence entry"),
            ("[{\"teams\":[\"A\"]}]", "no id"),
            (
                &good.replace("\"Title a\"", "\"\""),
                "title must not be empty",
            ),
            (&good.replace("2026-03-01", "2026-02-30"), "not a date"),
            (
                &good.replace("[\"Team A\"]", "\"Team A\""),
                "teams: expected a list",
            ),
            (
                &good.replace(
                    "[]}",
                    "[{\"type\":\"link\",\"externalLink\":\"javascript:x\"}]}",
                ),
                "attachment 1",
            ),
            (
                &good.replace(
                    "[]}",
                    "[{\"type\":\"video\",\"externalLink\":\"https://x\"}]}",
                ),
                "unknown type",
            ),
            (
                &good.replace("\"id\"", "\"extra\":1,\"id\""),
                "unknown field `extra`",
            ),
            (
                &format!("[{0},{0}]", &good[1..good.len() - 1]),
                "appears twice",
            ),
            (&format!("{good}\n"), "one line"),
        ] {
            let e = decode_evidence(bad).unwrap_err();
            assert!(e.contains(why), "{bad:?}: {e}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) mod props {
        use super::*;
        use proptest::prelude::*;

        fn line() -> impl Strategy<Value = String> {
            "[^\\p{C}]{0,20}"
        }

        pub(crate) fn evidence() -> impl Strategy<Value = Evidence> {
            let attachment =
                (0..3usize, "(https?://|mailto:)[^\\p{C}\\s]{1,20}").prop_map(|(k, url)| {
                    Attachment {
                        kind: AttachmentKind::ALL[k],
                        url,
                    }
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

        proptest! {
            #[test]
            fn json_round_trips(list in proptest::collection::vec(evidence(), 0..4)) {
                let mut seen = BTreeSet::new();
                let list: Vec<Evidence> =
                    list.into_iter().filter(|e| seen.insert(e.id.clone())).collect();
                prop_assert_eq!(decode_evidence(&encode_evidence(&list)), Ok(list));
            }

            #[test]
            fn decode_never_panics(text in "(?s).{0,200}") {
                let _ = decode_evidence(&text);
            }
        }
    }

    #[test]
    fn replace_all_changes_exactly_what_differs() {
        let e = |id: &str| entry(id, &["Team A"]);
        let current = EvidenceStore::from([
            ("u1".to_string(), vec![e("a")]),
            ("u2".to_string(), vec![e("b")]),
        ]);
        let incoming = EvidenceStore::from([
            ("u2".to_string(), vec![e("b")]),
            ("u3".to_string(), vec![e("c")]),
        ]);
        let c = replace_all(&current, &incoming);
        assert_eq!(c.keys().collect::<Vec<_>>(), ["u1", "u3"]);
        assert!(c["u1"].is_empty());
        let mut after = current.clone();
        apply(&mut after, &c);
        assert_eq!(after, incoming);
    }

    #[test]
    fn entries_are_listed_once_under_all_their_teams_in_team_order() {
        let list = vec![
            entry("a", &["Team C", "Team A"]),
            entry("b", &["Zed"]),
            entry("c", &["Team A"]),
            entry("d", &["Team A", "Team C"]),
            entry("e", &["Team B"]),
        ];
        let order = ["Team A".to_string(), "Team B".into(), "Team C".into()];
        let groups: Vec<(String, Vec<&str>)> = by_teams(&list, &order)
            .into_iter()
            .map(|(t, es)| (t.join(", "), es.iter().map(|e| e.id.as_str()).collect()))
            .collect();
        assert_eq!(
            groups,
            [
                ("Team A".to_string(), vec!["c"]),
                ("Team A, Team C".to_string(), vec!["a", "d"]),
                ("Team B".to_string(), vec!["e"]),
                ("Zed".to_string(), vec!["b"]),
            ]
        );
    }

    #[test]
    fn an_import_naming_too_many_new_teams_is_refused() {
        let names: Vec<String> = (0..=crate::domain::assessment::MAX_TEAMS)
            .map(|i| format!("T{i}"))
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let incoming = EvidenceStore::from([("u".to_string(), vec![entry("a", &refs)])]);
        let plan = plan_evidence_import(&EvidenceStore::new(), &incoming, &[]);
        assert!(plan.check(0).is_err());
        let small = EvidenceStore::from([("u".to_string(), vec![entry("a", &["X"])])]);
        assert!(plan_evidence_import(&EvidenceStore::new(), &small, &[])
            .check(crate::domain::assessment::MAX_TEAMS - 1)
            .is_ok());
    }
}
