//! Custom activity files over a DSOMM model: the reference app's merge rules
//! (reference-app.md §4.8) without its bugs, for the build (`data/custom/*.yaml`) and, with
//! the same code, the browser.
//!
//! - `ignore: true` on a dimension, a sub-dimension or an activity (matched by uuid, else by
//!   name) removes it; every ignore marker of a file is applied before its activities.
//! - An activity is matched by uuid, else by name. A match changes only the fields the file
//!   names (the reference erases every markdown field it does not name, §8.2); a different
//!   name renames it, a different dimension or sub-dimension moves it.
//! - An activity with a new uuid whose name exists is an error (the reference's "exists with
//!   different uuids"); other new activities are appended, new dimensions and
//!   sub-dimensions after the official ones.
//! - Sub-dimensions and dimensions left empty are dropped.
//!
//! The merged model is then checked as the official one is: unique uuids and names and
//! dependencies by [`links()`] (shared by both readers), field types and ranges by each reader.

use std::fmt;

mod links;
pub use links::{links, Node};

/// A model or a custom file: dimension → sub-dimension → activity, in file order. The
/// `ignore` flags are only ever set in custom files.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model<V> {
    pub dimensions: Vec<Dimension<V>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dimension<V> {
    pub name: String,
    pub ignore: bool,
    pub subs: Vec<Sub<V>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sub<V> {
    pub name: String,
    pub ignore: bool,
    pub activities: Vec<Activity<V>>,
}

/// An activity: its name and uuid, the keys of the other fields its file gives (`level`,
/// `description`, `dependsOn`, …, in file order) and their values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Activity<V> {
    pub name: String,
    pub uuid: Option<String>,
    pub ignore: bool,
    pub keys: Vec<String>,
    pub fields: V,
}

/// An activity's fields, typed as the reader of each side keeps them (the build's keeps
/// reference values as written, which a generic YAML value would not).
pub trait Fields: Clone {
    /// Sets the field `key` to `from`'s; whether its value changed. A key the fields do not
    /// know changes nothing.
    fn take(&mut self, key: &str, from: &Self) -> bool;
}

/// [`Fields::take`] of one field: sets `to` to `from`; whether it changed.
pub fn take_field<T: PartialEq + Clone>(to: &mut T, from: &T) -> bool {
    let changed = to != from;
    *to = from.clone();
    changed
}

/// Where something is in a file: "dimension / sub-dimension / activity".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place(pub Vec<String>);

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join(" / "))
    }
}

/// What a custom file did, for its preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Added {
        place: Place,
        uuid: Option<String>,
    },
    /// The fields whose value the file changed (name and place are reported apart).
    Overridden {
        place: Place,
        fields: Vec<String>,
    },
    Renamed {
        from: String,
        to: String,
    },
    Moved {
        name: String,
        from: Place,
        to: Place,
    },
    /// An activity removed by an ignore marker (on it or on its sub-dimension or dimension).
    Removed {
        place: Place,
        uuid: Option<String>,
    },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Added { place, .. } => write!(f, "added: {place}"),
            Change::Overridden { place, fields } => {
                write!(f, "changed: {place} ({})", fields.join(", "))
            }
            Change::Renamed { from, to } => write!(f, "renamed: “{from}” to “{to}”"),
            Change::Moved { name, from, to } => write!(f, "moved: “{name}” from {from} to {to}"),
            Change::Removed { place, .. } => write!(f, "removed: {place}"),
        }
    }
}

/// A problem found in a custom file, with its place in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub place: Place,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// What merging a file did: its changes, and notes that do not stop it (an ignore marker
/// for something the model does not have, as when a newer model dropped it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub changes: Vec<Change>,
    pub notes: Vec<Problem>,
}

fn place(parts: &[&str]) -> Place {
    Place(parts.iter().map(|s| s.to_string()).collect())
}

/// Where an activity is: (dimension, sub-dimension, position).
type At = (usize, usize, usize);

fn find<V>(m: &Model<V>, hit: impl Fn(&Activity<V>) -> bool) -> Option<At> {
    for (d, dim) in m.dimensions.iter().enumerate() {
        for (s, sub) in dim.subs.iter().enumerate() {
            if let Some(a) = sub.activities.iter().position(&hit) {
                return Some((d, s, a));
            }
        }
    }
    None
}

fn by_uuid<V>(m: &Model<V>, uuid: &str) -> Option<At> {
    find(m, |a| a.uuid.as_deref() == Some(uuid))
}

fn by_name<V>(m: &Model<V>, name: &str) -> Option<At> {
    find(m, |a| a.name == name)
}

fn activity_at<V>(m: &Model<V>, (d, s, a): At) -> &Activity<V> {
    &m.dimensions[d].subs[s].activities[a]
}

fn place_of<V>(m: &Model<V>, (d, s, a): At) -> Place {
    let dim = &m.dimensions[d];
    let sub = &dim.subs[s];
    place(&[&dim.name, &sub.name, &sub.activities[a].name])
}

/// The sub-dimension `dim / sub`, added after the others if it is new.
fn sub_mut<'m, V>(m: &'m mut Model<V>, dim: &str, sub: &str) -> &'m mut Sub<V> {
    let d = match m.dimensions.iter().position(|x| x.name == dim) {
        Some(d) => d,
        None => {
            m.dimensions.push(Dimension {
                name: dim.to_string(),
                ignore: false,
                subs: Vec::new(),
            });
            m.dimensions.len() - 1
        }
    };
    let subs = &mut m.dimensions[d].subs;
    let s = match subs.iter().position(|x| x.name == sub) {
        Some(s) => s,
        None => {
            subs.push(Sub {
                name: sub.to_string(),
                ignore: false,
                activities: Vec::new(),
            });
            subs.len() - 1
        }
    };
    &mut subs[s]
}

fn removed_all<V>(dim: &str, sub: &Sub<V>, changes: &mut Vec<Change>) {
    for a in &sub.activities {
        changes.push(Change::Removed {
            place: place(&[dim, &sub.name, &a.name]),
            uuid: a.uuid.clone(),
        });
    }
}

/// Applies `file` to `model`: all of it, or nothing and every problem found.
pub fn merge<V: Fields + PartialEq>(
    model: &mut Model<V>,
    file: &Model<V>,
) -> Result<Report, Vec<Problem>> {
    let mut m = model.clone();
    let mut report = Report::default();
    let mut problems = Vec::new();
    let note = |place: Place, message: String| Problem { place, message };

    // 1. Every ignore marker.
    for dim in &file.dimensions {
        if dim.ignore {
            match m.dimensions.iter().position(|d| d.name == dim.name) {
                Some(d) => {
                    let gone = m.dimensions.remove(d);
                    for sub in &gone.subs {
                        removed_all(&gone.name, sub, &mut report.changes);
                    }
                }
                None => report.notes.push(note(
                    place(&[&dim.name]),
                    "ignores a dimension the model does not have".into(),
                )),
            }
            continue;
        }
        for sub in &dim.subs {
            if sub.ignore {
                let found = m
                    .dimensions
                    .iter_mut()
                    .find(|d| d.name == dim.name)
                    .and_then(|d| {
                        let s = d.subs.iter().position(|s| s.name == sub.name)?;
                        Some(d.subs.remove(s))
                    });
                match found {
                    Some(gone) => removed_all(&dim.name, &gone, &mut report.changes),
                    None => report.notes.push(note(
                        place(&[&dim.name, &sub.name]),
                        "ignores a sub-dimension the model does not have".into(),
                    )),
                }
                continue;
            }
            for a in sub.activities.iter().filter(|a| a.ignore) {
                let hit = match &a.uuid {
                    Some(u) => by_uuid(&m, u),
                    None => by_name(&m, &a.name),
                };
                match hit {
                    Some(at @ (d, s, i)) => {
                        report.changes.push(Change::Removed {
                            place: place_of(&m, at),
                            uuid: at_uuid(&m, at),
                        });
                        m.dimensions[d].subs[s].activities.remove(i);
                    }
                    None => report.notes.push(note(
                        place(&[&dim.name, &sub.name, &a.name]),
                        "ignores an activity the model does not have".into(),
                    )),
                }
            }
        }
    }

    // Activities written inside an ignored dimension or sub-dimension are not added: said.
    for dim in &file.dimensions {
        for sub in &dim.subs {
            if dim.ignore || sub.ignore {
                for a in sub.activities.iter().filter(|a| !a.ignore) {
                    report.notes.push(note(
                        place(&[&dim.name, &sub.name, &a.name]),
                        "is inside an ignored dimension or sub-dimension, so it is not added"
                            .into(),
                    ));
                }
            }
        }
    }

    // 2. Every other activity, in file order.
    for dim in file.dimensions.iter().filter(|d| !d.ignore) {
        for sub in dim.subs.iter().filter(|s| !s.ignore) {
            for a in sub.activities.iter().filter(|a| !a.ignore) {
                let here = place(&[&dim.name, &sub.name, &a.name]);
                let hit = match &a.uuid {
                    Some(u) => match by_uuid(&m, u) {
                        Some(at) => Some(at),
                        None => {
                            if let Some(other) = by_name(&m, &a.name) {
                                let theirs = at_uuid(&m, other).unwrap_or_default();
                                problems.push(note(
                                    here.clone(),
                                    format!(
                                        "the activity “{}” exists with a different uuid ({theirs}, here {u}): give the model's uuid to change it, or another name to add a new activity",
                                        a.name
                                    ),
                                ));
                                continue;
                            }
                            None
                        }
                    },
                    None => by_name(&m, &a.name),
                };
                match hit {
                    None => {
                        report.changes.push(Change::Added {
                            place: here,
                            uuid: a.uuid.clone(),
                        });
                        let mut new = a.clone();
                        new.ignore = false;
                        sub_mut(&mut m, &dim.name, &sub.name).activities.push(new);
                    }
                    Some(at @ (d, s, i)) => {
                        let from = place_of(&m, at);
                        let old = activity_at(&m, at).clone();
                        let mut next = old.clone();
                        let mut changed = Vec::new();
                        for k in &a.keys {
                            if next.fields.take(k, &a.fields) {
                                changed.push(k.clone());
                            }
                            if !next.keys.contains(k) {
                                next.keys.push(k.clone());
                            }
                        }
                        if next.uuid.is_none() {
                            next.uuid = a.uuid.clone();
                        }
                        if a.name != old.name {
                            next.name = a.name.clone();
                            report.changes.push(Change::Renamed {
                                from: old.name.clone(),
                                to: a.name.clone(),
                            });
                        }
                        if !changed.is_empty() {
                            report.changes.push(Change::Overridden {
                                place: here.clone(),
                                fields: changed,
                            });
                        }
                        let same_place = m.dimensions[d].name == dim.name
                            && m.dimensions[d].subs[s].name == sub.name;
                        if same_place {
                            m.dimensions[d].subs[s].activities[i] = next;
                        } else {
                            m.dimensions[d].subs[s].activities.remove(i);
                            report.changes.push(Change::Moved {
                                name: a.name.clone(),
                                from: Place(from.0[..2].to_vec()),
                                to: place(&[&dim.name, &sub.name]),
                            });
                            sub_mut(&mut m, &dim.name, &sub.name).activities.push(next);
                        }
                    }
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // Nothing left in them: the hierarchy is built from the activities (as the reference's).
    for d in &mut m.dimensions {
        d.subs.retain(|s| !s.activities.is_empty());
    }
    m.dimensions.retain(|d| !d.subs.is_empty());
    *model = m;
    Ok(report)
}

fn at_uuid<V>(m: &Model<V>, a: At) -> Option<String> {
    activity_at(m, a).uuid.clone()
}

#[cfg(test)]
mod tests;
