//! Targets: where a team (or every team of a group) means to be. A target is a maturity level
//! per dimension, with overrides per sub-dimension (upstream DSOMM #357's shape), activities
//! added to it or left out of it by hand, and an optional due date. Targets are kept by
//! names and uuids, never by position, so a model with other activities (a custom file)
//! leaves the rest of a target as it is.
//!
//! One rule decides which target a team has ([`resolve`]): its own wins over its groups';
//! with no own target, the targets of every group it is in combine, per sub-dimension the
//! highest level, any activity one of them includes, the earliest due date.

use std::collections::{BTreeMap, BTreeSet};

use crate::domain::assessment::date::Date;
use crate::domain::assessment::progress::ProgressDefs;
use crate::domain::assessment::teams::{Scope, TeamEvent};
use crate::domain::assessment::{ActivityProgress, Group};
use crate::domain::model::{Activity, Model};

/// The highest maturity level of the model.
pub const MAX_LEVEL: u8 = 5;

/// A target as the user set it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Target {
    /// Dimension name → level (0: none of that dimension).
    pub dimensions: BTreeMap<String, u8>,
    /// Sub-dimension name → level, instead of its dimension's.
    pub subdimensions: BTreeMap<String, u8>,
    /// Activity uuids in the target whatever their level.
    pub added: BTreeSet<String>,
    /// Activity uuids left out of it though their level is in it.
    pub left_out: BTreeSet<String>,
    pub due: Option<Date>,
}

impl Target {
    /// One level for every dimension of `model`.
    pub fn uniform(model: &Model, level: u8) -> Target {
        Target {
            dimensions: model
                .dimensions
                .iter()
                .map(|d| (d.name.to_string(), level.min(MAX_LEVEL)))
                .collect(),
            ..Target::default()
        }
    }

    /// The level this target asks of sub-dimension `sub` of `model` (its override, else its
    /// dimension's, else 0).
    pub fn level(&self, model: &Model, sub: usize) -> u8 {
        let s = &model.subdimensions[sub];
        let dimension = model.dimensions[s.dimension as usize].name;
        self.subdimensions
            .get(s.name)
            .or_else(|| self.dimensions.get(dimension))
            .copied()
            .unwrap_or(0)
            .min(MAX_LEVEL)
    }

    /// Whether activity `a` of `model` is in this target.
    pub fn includes(&self, model: &Model, a: &Activity) -> bool {
        if self.added.contains(a.uuid) {
            return true;
        }
        a.level <= self.level(model, a.subdimension as usize) && !self.left_out.contains(a.uuid)
    }
}

/// Whose target: a team's or a group's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    Team(String),
    Group(String),
}

impl Owner {
    /// Whose target the header's choice edits: its team's or group's (none for all teams).
    pub fn of_scope(scope: &Scope) -> Option<Owner> {
        match scope {
            Scope::Team(t) => Some(Owner::Team(t.clone())),
            Scope::Group(g) => Some(Owner::Group(g.clone())),
            Scope::All => None,
        }
    }

    /// What the pages call it: `team “A”`, `group “B”`.
    pub fn label(&self) -> String {
        match self {
            Owner::Team(t) => format!("team “{t}”"),
            Owner::Group(g) => format!("group “{g}”"),
        }
    }
}

impl Target {
    /// Puts activity `a` into this target (`on`) or leaves it out, by hand: an activity its
    /// levels include is taken off the left-out list or put on it, any other is put on the
    /// added list or taken off it.
    pub fn set_activity(&mut self, model: &Model, a: &Activity, on: bool) {
        let uuid = a.uuid.to_string();
        self.added.remove(&uuid);
        self.left_out.remove(&uuid);
        let by_level = a.level <= self.level(model, a.subdimension as usize);
        match (on, by_level) {
            (true, false) => {
                self.added.insert(uuid);
            }
            (false, true) => {
                self.left_out.insert(uuid);
            }
            _ => {}
        }
    }
}

/// Every target, by team and by group name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Targets {
    pub teams: BTreeMap<String, Target>,
    pub groups: BTreeMap<String, Target>,
}

impl Targets {
    /// These targets after `e` (None: it does not touch them): a renamed team or group keeps
    /// its target under the new name (and only its own: a target left under the new name
    /// goes), a deleted one's goes with it.
    pub fn after(&self, e: &TeamEvent) -> Option<Targets> {
        let (map, old, new) = match e {
            TeamEvent::Renamed { old, new } => (&self.teams, old, Some(new)),
            TeamEvent::Deleted(old) => (&self.teams, old, None),
            TeamEvent::GroupRenamed { old, new } => (&self.groups, old, Some(new)),
            TeamEvent::GroupDeleted(old) => (&self.groups, old, None),
        };
        let target = map.get(old).cloned();
        if target.is_none() && new.is_none_or(|n| !map.contains_key(n)) {
            return None;
        }
        let mut next = self.clone();
        let map = match e {
            TeamEvent::Renamed { .. } | TeamEvent::Deleted(_) => &mut next.teams,
            TeamEvent::GroupRenamed { .. } | TeamEvent::GroupDeleted(_) => &mut next.groups,
        };
        map.remove(old);
        if let Some(new) = new {
            map.remove(new);
            if let Some(t) = target {
                map.insert(new.clone(), t);
            }
        }
        Some(next)
    }

    /// Only the targets of `teams` and `groups` (a restore's lists): none is left under a
    /// name for a team or group added later to take over.
    pub fn of(&self, teams: &[String], groups: &[Group]) -> Targets {
        Targets {
            teams: (self.teams.iter())
                .filter(|(t, _)| teams.contains(t))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            groups: (self.groups.iter())
                .filter(|(g, _)| groups.iter().any(|x| &x.name == *g))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        }
    }

    /// How many targets there are (of teams and groups).
    pub fn len(&self) -> usize {
        self.teams.len() + self.groups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.teams.is_empty() && self.groups.is_empty()
    }

    pub fn get(&self, owner: &Owner) -> Option<&Target> {
        match owner {
            Owner::Team(t) => self.teams.get(t),
            Owner::Group(g) => self.groups.get(g),
        }
    }

    /// These targets with `owner`'s set to `target` (None: removed).
    pub fn with(&self, owner: &Owner, target: Option<Target>) -> Targets {
        let mut next = self.clone();
        let (map, name) = match owner {
            Owner::Team(t) => (&mut next.teams, t),
            Owner::Group(g) => (&mut next.groups, g),
        };
        match target {
            Some(t) => {
                map.insert(name.clone(), t);
            }
            None => {
                map.remove(name);
            }
        }
        next
    }
}

/// Where a team's target comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The team's own.
    Own,
    /// The targets of these groups (the team is in each), combined.
    Groups(Vec<String>),
}

/// A team's target, resolved against the model: what the pages show and score.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub source: Source,
    /// Level asked of each sub-dimension (by index in the model).
    pub levels: Vec<u8>,
    /// Whether each activity (by index in the model) is in the target.
    pub activities: Vec<bool>,
    pub due: Option<Date>,
}

impl Resolved {
    fn of(model: &Model, target: &Target, source: Source) -> Resolved {
        Resolved {
            source,
            levels: (0..model.subdimensions.len())
                .map(|s| target.level(model, s))
                .collect(),
            activities: model
                .activities
                .iter()
                .map(|a| target.includes(model, a))
                .collect(),
            due: target.due,
        }
    }

    /// The indices of the activities in the target, in model order.
    pub fn indices(&self) -> impl Iterator<Item = usize> + '_ {
        self.activities
            .iter()
            .enumerate()
            .filter_map(|(i, &on)| on.then_some(i))
    }

    /// What the pages say of where it comes from.
    pub fn source_text(&self) -> String {
        match &self.source {
            Source::Own => "its own target".into(),
            Source::Groups(g) if g.len() == 1 => format!("the target of group “{}”", g[0]),
            Source::Groups(g) => format!(
                "the targets of groups {} combined: per sub-dimension the highest level, every activity one of them includes, the earliest due date",
                g.iter()
                    .map(|n| format!("“{n}”"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// The one rule of which target `team` has: its own, else its groups' combined (see the
/// module), else none.
pub fn resolve(model: &Model, targets: &Targets, groups: &[Group], team: &str) -> Option<Resolved> {
    if let Some(own) = targets.teams.get(team) {
        return Some(Resolved::of(model, own, Source::Own));
    }
    let mut combined: Option<Resolved> = None;
    for g in groups
        .iter()
        .filter(|g| g.members.iter().any(|m| m == team))
    {
        let Some(t) = targets.groups.get(&g.name) else {
            continue;
        };
        let one = Resolved::of(model, t, Source::Groups(vec![g.name.clone()]));
        combined = Some(match combined {
            None => one,
            Some(mut c) => {
                for (l, o) in c.levels.iter_mut().zip(&one.levels) {
                    *l = (*l).max(*o);
                }
                for (a, o) in c.activities.iter_mut().zip(&one.activities) {
                    *a |= *o;
                }
                c.due = match (c.due, one.due) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                if let Source::Groups(names) = &mut c.source {
                    names.push(g.name.clone());
                }
                c
            }
        });
    }
    combined
}

/// How far a team is towards its target.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ToTarget {
    /// Activities of the target that apply to the team (not marked not applicable), and of
    /// them those it has done.
    pub done: usize,
    pub of: usize,
    /// SAMM's relative score: 1 − Σ max(0, target − current) / Σ target over the
    /// sub-dimensions, counted in the levels that hold activities of the target that apply:
    /// a sub-dimension's target is how many such levels it has, its current level how many
    /// of them from the bottom the team has done every activity of (1.0 when the target
    /// asks nothing).
    pub relative: f64,
    /// The due date has passed and the target is not reached.
    pub behind: bool,
}

impl ToTarget {
    /// Every activity of the target that applies is done.
    pub fn reached(&self) -> bool {
        self.done == self.of
    }

    /// The share of the target's activities done (1.0 for a target with none).
    pub fn share(&self) -> f64 {
        if self.of == 0 {
            1.0
        } else {
            self.done as f64 / self.of as f64
        }
    }
}

/// Where `team` stands on one activity for a target: None when it marked it not applicable
/// (it then asks nothing), else whether it is done (no record: not started).
fn standing(p: Option<&ActivityProgress>, team: &str, defs: &ProgressDefs) -> Option<bool> {
    match p.and_then(|p| p.get(team)) {
        Some(r) if r.is_not_applicable(defs) => None,
        Some(r) => Some(r.is_completed(defs)),
        None => Some(false),
    }
}

/// Whether `team` has still to do the activity of records `p` (not done, not marked not
/// applicable).
pub fn is_open(p: &ActivityProgress, team: &str, defs: &ProgressDefs) -> bool {
    standing(Some(p), team, defs) == Some(false)
}

/// The activities of `r` that `team` has still to do (not done, not marked not
/// applicable), by level then model order.
pub fn open_activities(
    model: &Model,
    r: &Resolved,
    progress: &[&ActivityProgress],
    team: &str,
    defs: &ProgressDefs,
) -> Vec<usize> {
    let mut open: Vec<usize> = r
        .indices()
        .filter(|&i| standing(progress.get(i).copied(), team, defs) == Some(false))
        .collect();
    open.sort_by_key(|&i| (model.activities[i].level, i));
    open
}

/// `team`'s progress to its resolved target `r`; `progress` is every activity's records in
/// model order; `today` decides "behind".
pub fn to_target(
    model: &Model,
    r: &Resolved,
    progress: &[&ActivityProgress],
    team: &str,
    defs: &ProgressDefs,
    today: Date,
) -> ToTarget {
    let standing = |i: usize| standing(progress.get(i).copied(), team, defs);
    let (mut done, mut of) = (0, 0);
    for i in r.indices() {
        if let Some(d) = standing(i) {
            of += 1;
            done += usize::from(d);
        }
    }
    // Per sub-dimension, SAMM's steps counted over the levels that have activities of the
    // target that apply (a level without any asks nothing: DSOMM has sub-dimensions with no
    // level-1 activity): how many there are, and how many of them from the bottom are done.
    let mut asked = 0u32;
    let mut missing = 0u32;
    for s in model.subdimensions {
        let mut levels: BTreeMap<u8, bool> = BTreeMap::new();
        for i in s
            .activities
            .iter()
            .map(|&i| i as usize)
            .filter(|&i| r.activities[i])
        {
            if let Some(d) = standing(i) {
                *levels.entry(model.activities[i].level).or_insert(true) &= d;
            }
        }
        let reached = levels.values().take_while(|&&done| done).count() as u32;
        asked += levels.len() as u32;
        missing += levels.len() as u32 - reached;
    }
    let relative = if asked == 0 {
        1.0
    } else {
        1.0 - f64::from(missing) / f64::from(asked)
    };
    ToTarget {
        done,
        of,
        relative,
        behind: r.due.is_some_and(|d| d < today) && done < of,
    }
}

#[cfg(test)]
mod tests;
