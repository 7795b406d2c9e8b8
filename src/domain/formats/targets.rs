//! Targets ([`crate::domain::assessment::targets`]) as stored (one line of JSON) and as the
//! `targets:` part of `dsomm-assessment.yaml` (each team's and group's target one line of
//! the same JSON, which YAML reads as a flow mapping). Both are read into one shape by
//! [`from_value`], which refuses what a hostile file could make of them.
//!
//! ```text
//! {"teams":{"Team A":{"dimensions":{"Build and Deployment":2},"subdimensions":{"Build":3},
//!   "added":["<uuid>"],"leftOut":["<uuid>"],"due":"2027-03-31"}},"groups":{…}}
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use crate::domain::assessment::check_read_name;
use crate::domain::assessment::date::Date;
use crate::domain::assessment::targets::{Target, Targets, MAX_LEVEL};
use crate::domain::assessment::teams::same_name;
use crate::domain::formats::json;
use crate::domain::formats::progress_yaml::uuid_ok;
use crate::domain::tree::{quote, Value};

message_error!(
    /// Why stored or imported targets are refused.
    TargetsError
);

/// Most targets (of teams and groups together) and most activities listed by hand in one
/// target: far above any real assessment, low enough that a hostile file cannot fill memory.
pub const MAX_TARGETS: usize = 2500;
pub const MAX_LISTED: usize = 2000;

/// The key of the one-file assessment's part.
pub const KEY: &str = "targets";

fn names<'a>(items: impl IntoIterator<Item = &'a String>) -> String {
    let quoted: Vec<String> = items.into_iter().map(|s| quote(s)).collect();
    format!("[{}]", quoted.join(","))
}

fn levels(map: &BTreeMap<String, u8>) -> String {
    let pairs: Vec<String> = map
        .iter()
        .map(|(k, v)| format!("{}:{v}", quote(k)))
        .collect();
    format!("{{{}}}", pairs.join(","))
}

/// One target as one line of JSON (empty parts left out).
pub fn encode_target(t: &Target) -> String {
    let mut parts = Vec::new();
    if !t.dimensions.is_empty() {
        parts.push(format!("\"dimensions\":{}", levels(&t.dimensions)));
    }
    if !t.subdimensions.is_empty() {
        parts.push(format!("\"subdimensions\":{}", levels(&t.subdimensions)));
    }
    if !t.added.is_empty() {
        parts.push(format!("\"added\":{}", names(&t.added)));
    }
    if !t.left_out.is_empty() {
        parts.push(format!("\"leftOut\":{}", names(&t.left_out)));
    }
    if let Some(d) = t.due {
        parts.push(format!("\"due\":\"{d}\""));
    }
    format!("{{{}}}", parts.join(","))
}

fn owners(map: &BTreeMap<String, Target>) -> String {
    let pairs: Vec<String> = map
        .iter()
        .map(|(k, t)| format!("{}:{}", quote(k), encode_target(t)))
        .collect();
    format!("{{{}}}", pairs.join(","))
}

/// Every target as stored.
pub fn encode(t: &Targets) -> String {
    format!(
        "{{\"teams\":{},\"groups\":{}}}",
        owners(&t.teams),
        owners(&t.groups)
    )
}

pub fn decode(raw: &str) -> Result<Targets, TargetsError> {
    let v = json::parse(raw).map_err(|e| TargetsError::from(e.to_string()))?;
    from_value(&v)
}

/// The `targets:` part of the one-file assessment (nothing when there are none).
pub fn write_yaml(t: &Targets) -> String {
    if t.teams.is_empty() && t.groups.is_empty() {
        return String::new();
    }
    let mut out = format!("{KEY}:\n");
    for (what, map) in [("teams", &t.teams), ("groups", &t.groups)] {
        if map.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  {what}:");
        for (owner, target) in map {
            let _ = writeln!(out, "    {}: {}", quote(owner), encode_target(target));
        }
    }
    out
}

fn map<'a>(v: &'a Value, what: &str) -> Result<&'a [(String, Value)], TargetsError> {
    match v {
        Value::Map(m) => Ok(m),
        Value::Null => Ok(&[]),
        other => Err(format!("{what}: expected a mapping, found {}", other.kind()).into()),
    }
}

fn scalar<'a>(v: &'a Value, what: &str) -> Result<&'a str, TargetsError> {
    match v {
        Value::Scalar(s) => Ok(s),
        other => Err(format!("{what}: expected a value, found {}", other.kind()).into()),
    }
}

/// Levels by dimension or sub-dimension name. The names are the model's (a custom model's
/// may hold any text): taken as they are, as they were written, and only ever compared with
/// the model's.
fn level_map(v: &Value, what: &str) -> Result<BTreeMap<String, u8>, TargetsError> {
    let entries = map(v, what)?;
    if entries.len() > MAX_LISTED {
        return Err(format!("{what}: more than {MAX_LISTED} entries").into());
    }
    let mut out = BTreeMap::new();
    for (name, level) in entries {
        let text = scalar(level, what)?;
        let level = Some(text)
            .filter(|t| t.len() == 1)
            .and_then(|t| t.parse::<u8>().ok())
            .filter(|l| *l <= MAX_LEVEL)
            .ok_or_else(|| {
                TargetsError::from(format!(
                    "{what}: the level of “{name}” is “{text}”, not a whole number from 0 to {MAX_LEVEL}"
                ))
            })?;
        out.insert(name.clone(), level);
    }
    Ok(out)
}

fn uuid_set(v: &Value, what: &str) -> Result<BTreeSet<String>, TargetsError> {
    let items = match v {
        Value::Seq(items) => items.as_slice(),
        Value::Null => &[],
        other => return Err(format!("{what}: expected a list, found {}", other.kind()).into()),
    };
    if items.len() > MAX_LISTED {
        return Err(format!("{what}: more than {MAX_LISTED} activities").into());
    }
    items
        .iter()
        .map(|i| {
            let u = scalar(i, what)?;
            // The rule progress files follow: what one of them accepts, a target takes too.
            if !uuid_ok(u) {
                return Err(format!("{what}: “{u}” is not an activity uuid").into());
            }
            Ok(u.to_string())
        })
        .collect()
}

fn target(v: &Value, owner: &str) -> Result<Target, TargetsError> {
    let mut t = Target::default();
    for (key, value) in map(v, owner)? {
        let what = format!("{owner} → {key}");
        match key.as_str() {
            "dimensions" => t.dimensions = level_map(value, &what)?,
            "subdimensions" => t.subdimensions = level_map(value, &what)?,
            "added" => t.added = uuid_set(value, &what)?,
            "leftOut" => t.left_out = uuid_set(value, &what)?,
            "due" => {
                t.due = match value {
                    Value::Null => None,
                    v => {
                        let text = scalar(v, &what)?;
                        Some(Date::parse(text).ok_or_else(|| {
                            TargetsError::from(format!(
                                "{what}: “{text}” is not a date (YYYY-MM-DD)"
                            ))
                        })?)
                    }
                }
            }
            // Unknown parts are ignored (and not written again).
            _ => {}
        }
    }
    Ok(t)
}

fn owners_of(
    v: Option<&Value>,
    what: &str,
    count: &mut usize,
) -> Result<BTreeMap<String, Target>, TargetsError> {
    let mut out = BTreeMap::new();
    let Some(v) = v else { return Ok(out) };
    for (owner, t) in map(v, what)? {
        check_read_name(owner).map_err(|e| TargetsError::from(format!("{what}: {e}")))?;
        // Names the team rules take for one (letter case, spaces around) are one owner.
        if let Some(same) = out.keys().find(|o: &&String| same_name(o, owner)) {
            return Err(format!("{what}: “{owner}” and “{same}” name the same one").into());
        }
        *count += 1;
        if *count > MAX_TARGETS {
            return Err(format!("more than {MAX_TARGETS} targets").into());
        }
        out.insert(owner.clone(), target(t, &format!("{what} → “{owner}”"))?);
    }
    Ok(out)
}

/// Targets from their stored JSON or the one-file assessment's part.
pub fn from_value(v: &Value) -> Result<Targets, TargetsError> {
    map(v, "targets")?;
    let mut count = 0;
    Ok(Targets {
        teams: owners_of(v.get("teams"), "teams", &mut count)?,
        groups: owners_of(v.get("groups"), "groups", &mut count)?,
    })
}

#[cfg(test)]
mod tests;
