//! Team and group operations on an assessment. Identity is the name, never the list
//! position, so a rename carries exactly that team's progress and group memberships, and a
//! delete removes exactly its own.

use std::collections::BTreeMap;

use crate::domain::assessment::evidence::{self, EvidenceChange, EvidenceStore};
use crate::domain::assessment::{check_name, ActivityProgress, Assessment, Group, MAX_TEAMS};

/// What a team or group operation changes: the new team and group lists (group members
/// follow a team's rename or delete), and the events the rest of the assessment follows.
/// The storage gateway turns the events into the values it writes with the lists, all or
/// nothing (`storage::follow_team`); [`Assessment::apply_team_change`] applies them here.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TeamChange {
    pub teams: Vec<String>,
    pub groups: Vec<Group>,
    /// A team or group renamed by this change (old name, new name): choices of it follow.
    pub renamed: Option<(String, String)>,
    pub events: Vec<TeamEvent>,
}

impl TeamChange {
    /// No change yet: the current teams and groups.
    fn roster<'a>(r: impl Into<Roster<'a>>) -> TeamChange {
        let r = r.into();
        TeamChange {
            teams: r.teams.to_vec(),
            groups: r.groups.to_vec(),
            ..TeamChange::default()
        }
    }
}

/// The team and group lists as they are now: all that the changes of the lists alone (add,
/// reorder, the groups) read, so they need no copy of the assessment's progress and
/// evidence (1000 teams hold 194,000 records). A rename or delete reads the whole
/// [`Assessment`]: its progress and evidence follow.
#[derive(Clone, Copy, Debug)]
pub struct Roster<'a> {
    pub teams: &'a [String],
    pub groups: &'a [Group],
}

impl<'a> From<&'a Assessment> for Roster<'a> {
    fn from(a: &'a Assessment) -> Roster<'a> {
        Roster {
            teams: &a.teams,
            groups: &a.groups,
        }
    }
}

/// What happened to one team or group, for the progress, evidence and targets that name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TeamEvent {
    Renamed { old: String, new: String },
    Deleted(String),
    GroupRenamed { old: String, new: String },
    GroupDeleted(String),
}

impl TeamEvent {
    /// An activity's records after this event (None: it does not touch them).
    pub fn records_after(&self, p: &ActivityProgress) -> Option<ActivityProgress> {
        match self {
            TeamEvent::Renamed { old, new } => p.get(old).map(|record| {
                let mut next = p.clone();
                next.remove(old);
                next.insert(new.to_string(), record.clone());
                next
            }),
            TeamEvent::Deleted(name) => p.contains_key(name).then(|| {
                let mut next = p.clone();
                next.remove(name);
                next
            }),
            // Progress names teams only.
            TeamEvent::GroupRenamed { .. } | TeamEvent::GroupDeleted(_) => None,
        }
    }

    /// The activities whose evidence this event changes.
    pub fn evidence_after(&self, store: &EvidenceStore) -> EvidenceChange {
        match self {
            TeamEvent::Renamed { old, new } => evidence::rename_team(store, old, new),
            TeamEvent::Deleted(name) => evidence::delete_team(store, name),
            TeamEvent::GroupRenamed { .. } | TeamEvent::GroupDeleted(_) => {
                EvidenceChange::default()
            }
        }
    }

    /// Group members after this event.
    fn follow_members(&self, groups: &mut [Group]) {
        for g in groups {
            match self {
                TeamEvent::Renamed { old, new } => {
                    for m in g.members.iter_mut().filter(|m| *m == old) {
                        *m = new.to_string();
                    }
                }
                TeamEvent::Deleted(name) => g.members.retain(|m| m != name),
                TeamEvent::GroupRenamed { .. } | TeamEvent::GroupDeleted(_) => {}
            }
        }
    }
}

message_error!(
    /// Why a team or group operation is refused.
    TeamError
);

/// Whether two team or group names would be taken for the same one: they differ only in
/// letter case or surrounding spaces ("payments api " beside "Payments API"). The one rule
/// for refusing a new name as a duplicate.
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    a == b || a.to_lowercase() == b.to_lowercase()
}

/// A new name for the team or group `own` (None: a new one), typed as `name`: the name
/// without surrounding spaces, refused when another of `names` is [`same_name`].
fn check_new_name<'n>(
    names: impl IntoIterator<Item = &'n str>,
    own: Option<&str>,
    name: &'n str,
    what: &str,
) -> Result<&'n str, TeamError> {
    let name = name.trim();
    check_name(name).map_err(|e| format!("{what} name refused: {e}."))?;
    let mut others = names.into_iter().filter(|n| Some(*n) != own);
    if let Some(taken) = others.find(|n| same_name(n, name)) {
        return Err(format!(
            "There is already a {} called “{taken}”; names that differ only in letter case or spaces would be mistaken for each other.",
            what.to_lowercase()
        )
        .into());
    }
    Ok(name)
}

fn check_new<'n>(
    teams: &'n [String],
    own: Option<&str>,
    name: &'n str,
) -> Result<&'n str, TeamError> {
    check_new_name(teams.iter().map(String::as_str), own, name, "Team")
}

fn team_index(teams: &[String], name: &str) -> Result<usize, TeamError> {
    teams
        .iter()
        .position(|t| t == name)
        .ok_or_else(|| format!("There is no team called “{name}”.").into())
}

/// Whether `team` has any recorded progress on an activity.
pub fn has_progress(p: &ActivityProgress, team: &str) -> bool {
    p.get(team).is_some_and(|r| !r.is_empty())
}

/// Evidence entries that name `team`, and how many of them name no other team (those go
/// when the team is deleted).
pub fn evidence_of(a: &Assessment, team: &str) -> (usize, usize) {
    let c = evidence::delete_team(&a.evidence, team);
    (c.entries, c.removed)
}

/// For each of `teams`, the number of activities (of `progress`: every activity's records)
/// on which it has any recorded progress ([`has_progress`]). Asked only for the teams a page
/// shows: counting all of 1000 teams' 194,000 records took 40 ms on every opening of the
/// Teams page, 30 teams take 5,820 look-ups.
pub fn progress_counts<'a, 't>(
    progress: impl IntoIterator<Item = &'a ActivityProgress>,
    teams: &[&'t str],
) -> BTreeMap<&'t str, usize> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for t in teams {
        // Inserted, not collected: a collect into this map would link a stable sort.
        counts.insert(*t, 0);
    }
    for p in progress {
        for (team, n) in counts.iter_mut() {
            *n += usize::from(has_progress(p, team));
        }
    }
    counts
}

/// The first `limit` of `teams` whose name contains `find` (ignoring case; everything for
/// an empty `find`), and how many more match.
pub fn find<'a>(teams: &'a [String], find: &str, limit: usize) -> (Vec<&'a String>, usize) {
    let find = find.trim().to_lowercase();
    let mut matching = teams
        .iter()
        .filter(|t| find.is_empty() || t.to_lowercase().contains(&find));
    let shown: Vec<&String> = matching.by_ref().take(limit).collect();
    (shown, matching.count())
}

pub fn add<'a>(r: impl Into<Roster<'a>>, name: &str) -> Result<TeamChange, TeamError> {
    let r = r.into();
    let name = check_new(r.teams, None, name)?;
    if r.teams.len() >= MAX_TEAMS {
        return Err(format!("At most {MAX_TEAMS} teams are supported.").into());
    }
    let mut c = TeamChange::roster(r);
    c.teams.push(name.to_string());
    Ok(c)
}

pub fn rename(a: &Assessment, old: &str, new: &str) -> Result<TeamChange, TeamError> {
    let pos = team_index(&a.teams, old)?;
    let mut c = TeamChange::roster(a);
    // Saved unchanged: nothing to check (a store may hold names an older version let in).
    if old == new.trim() {
        return Ok(c);
    }
    let new = check_new(&a.teams, Some(old), new)?;
    c.teams[pos] = new.to_string();
    c.renamed = Some((old.to_string(), new.to_string()));
    let e = TeamEvent::Renamed {
        old: old.to_string(),
        new: new.to_string(),
    };
    e.follow_members(&mut c.groups);
    c.events.push(e);
    Ok(c)
}

pub fn delete(a: &Assessment, name: &str) -> Result<TeamChange, TeamError> {
    team_index(&a.teams, name)?;
    if a.teams.len() == 1 {
        return Err("The last team cannot be deleted; add another team first.".into());
    }
    let mut c = TeamChange::roster(a);
    c.teams.retain(|t| t != name);
    let e = TeamEvent::Deleted(name.to_string());
    e.follow_members(&mut c.groups);
    c.events.push(e);
    Ok(c)
}

/// Moves a team one place up (`-1`) or down (`1`) in the list.
pub fn reorder<'a>(
    r: impl Into<Roster<'a>>,
    name: &str,
    delta: isize,
) -> Result<TeamChange, TeamError> {
    let r = r.into();
    let pos = team_index(r.teams, name)?;
    let target = pos as isize + delta;
    let mut c = TeamChange::roster(r);
    if (0..c.teams.len() as isize).contains(&target) {
        c.teams.swap(pos, target as usize);
    }
    Ok(c)
}

fn group_index(groups: &[Group], name: &str) -> Result<usize, TeamError> {
    groups
        .iter()
        .position(|g| g.name == name)
        .ok_or_else(|| format!("There is no group called “{name}”.").into())
}

fn check_new_group<'n>(
    groups: &'n [Group],
    own: Option<&str>,
    name: &'n str,
) -> Result<&'n str, TeamError> {
    check_new_name(groups.iter().map(|g| g.name.as_str()), own, name, "Group")
}

pub fn add_group<'a>(r: impl Into<Roster<'a>>, name: &str) -> Result<TeamChange, TeamError> {
    let r = r.into();
    let name = check_new_group(r.groups, None, name)?;
    let mut c = TeamChange::roster(r);
    c.groups.push(Group {
        name: name.to_string(),
        members: Vec::new(),
    });
    Ok(c)
}

pub fn rename_group<'a>(
    r: impl Into<Roster<'a>>,
    old: &str,
    new: &str,
) -> Result<TeamChange, TeamError> {
    let r = r.into();
    let i = group_index(r.groups, old)?;
    if old == new.trim() {
        return Ok(TeamChange::roster(r));
    }
    let new = check_new_group(r.groups, Some(old), new)?;
    let mut c = TeamChange::roster(r);
    c.groups[i].name = new.to_string();
    if old != new {
        c.renamed = Some((old.to_string(), new.to_string()));
        c.events.push(TeamEvent::GroupRenamed {
            old: old.to_string(),
            new: new.to_string(),
        });
    }
    Ok(c)
}

pub fn delete_group<'a>(r: impl Into<Roster<'a>>, name: &str) -> Result<TeamChange, TeamError> {
    let r = r.into();
    let i = group_index(r.groups, name)?;
    let mut c = TeamChange::roster(r);
    c.groups.remove(i);
    c.events.push(TeamEvent::GroupDeleted(name.to_string()));
    Ok(c)
}

/// Adds `team` to the group, or removes it when it is a member. Members keep team-list order.
pub fn toggle_member<'a>(
    r: impl Into<Roster<'a>>,
    group: &str,
    team: &str,
) -> Result<TeamChange, TeamError> {
    let r = r.into();
    let i = group_index(r.groups, group)?;
    team_index(r.teams, team)?;
    let mut c = TeamChange::roster(r);
    let g = &mut c.groups[i];
    if g.members.iter().any(|m| m == team) {
        g.members.retain(|m| m != team);
    } else {
        g.members.push(team.to_string());
        g.members
            .sort_by_key(|m| r.teams.iter().position(|t| t == m));
    }
    Ok(c)
}

/// What a team choice stands for: every team, a group's members, or one team.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    Group(String),
    Team(String),
}

impl Scope {
    /// The teams meant, in team-list order (members that no longer exist are left out).
    pub fn teams(&self, teams: &[String], groups: &[Group]) -> Vec<String> {
        match self {
            Scope::All => teams.to_vec(),
            Scope::Team(t) => teams.iter().filter(|x| *x == t).cloned().collect(),
            Scope::Group(g) => groups
                .iter()
                .find(|x| &x.name == g)
                .map(|x| {
                    teams
                        .iter()
                        .filter(|t| x.members.contains(t))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// Whether the teams and groups still have what this scope names.
    pub fn exists(&self, teams: &[String], groups: &[Group]) -> bool {
        match self {
            Scope::All => true,
            Scope::Team(t) => teams.contains(t),
            Scope::Group(g) => groups.iter().any(|x| &x.name == g),
        }
    }

    /// The one fallback for a choice of teams that no longer exists (at load, when the
    /// lists change here or in another tab, in every picker): a team that is gone becomes
    /// the first team (all teams when there is none), a group that is gone all teams (it
    /// meant several).
    pub fn resolve(self, teams: &[String], groups: &[Group]) -> Scope {
        match self {
            s if s.exists(teams, groups) => s,
            Scope::Team(_) => teams.first().map_or(Scope::All, |t| Scope::Team(t.clone())),
            _ => Scope::All,
        }
    }

    /// Encodes the scope as a `<select>` value.
    pub fn to_value(&self) -> String {
        match self {
            Scope::All => String::new(),
            Scope::Group(g) => format!("g:{g}"),
            Scope::Team(t) => format!("t:{t}"),
        }
    }

    /// Reads the stored choice: a [`Scope::to_value`], or a plain team name as stored by
    /// earlier versions (team names are never empty).
    pub fn from_stored(v: &str) -> Scope {
        if v.is_empty() || v.starts_with("g:") || v.starts_with("t:") {
            Scope::from_value(v)
        } else {
            Scope::Team(v.to_string())
        }
    }

    /// The one team meant, if it is a single team.
    pub fn team(&self) -> Option<&str> {
        match self {
            Scope::Team(t) => Some(t),
            _ => None,
        }
    }

    /// What the scope is called in messages.
    pub fn label(&self) -> String {
        match self {
            Scope::All => "all teams".into(),
            Scope::Group(g) => format!("group {g}"),
            Scope::Team(t) => t.clone(),
        }
    }

    /// The scope after a team change made here: a renamed team or group is followed; one
    /// that is gone falls back as [`Scope::resolve`] says.
    pub fn after_change(&self, c: &TeamChange) -> Scope {
        let renamed = c.renamed.as_ref().map(|(o, n)| (o.as_str(), n.as_str()));
        let followed = match (self, renamed) {
            (Scope::Team(t), Some((old, new))) if old == t && !c.teams.contains(t) => {
                Scope::Team(new.to_string())
            }
            (Scope::Group(g), Some((old, new)))
                if old == g && !c.groups.iter().any(|x| &x.name == g) =>
            {
                Scope::Group(new.to_string())
            }
            _ => self.clone(),
        };
        followed.resolve(&c.teams, &c.groups)
    }

    pub fn from_value(v: &str) -> Scope {
        if let Some(g) = v.strip_prefix("g:") {
            Scope::Group(g.to_string())
        } else if let Some(t) = v.strip_prefix("t:") {
            Scope::Team(t.to_string())
        } else {
            Scope::All
        }
    }
}

impl Assessment {
    /// `c` applied here: its lists, and its events followed by progress and evidence.
    pub fn apply_team_change(&mut self, c: &TeamChange) {
        self.teams = c.teams.clone();
        self.groups = c.groups.clone();
        for e in &c.events {
            let changed: Vec<_> = (self.progress.iter())
                .filter_map(|(uuid, p)| Some((uuid.clone(), e.records_after(p)?)))
                .collect();
            for (uuid, p) in changed {
                if p.is_empty() {
                    self.progress.remove(&uuid);
                } else {
                    self.progress.insert(uuid, p);
                }
            }
            let changed = e.evidence_after(&self.evidence).changed;
            evidence::apply(&mut self.evidence, &changed);
            if let Some(next) = self.targets.after(e) {
                self.targets = next;
            }
        }
    }
}

#[cfg(test)]
mod tests;
