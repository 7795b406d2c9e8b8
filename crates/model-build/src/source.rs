//! Reading and checking the DSOMM model.yaml (reference-app.md §4.4): every field of an
//! activity, with its values kept as written.

use std::collections::HashMap;
use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;

/// A mapping that keeps the file's key order.
#[derive(Debug, Default)]
pub struct Ordered<T>(pub Vec<(String, T)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Ordered(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, T>()? {
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// `implementation:` is a list, or null, or an empty string in the real model.
#[derive(Debug, Default)]
pub struct Tools(pub Vec<RawTool>);

impl<'de> Deserialize<'de> for Tools {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            List(Vec<RawTool>),
            // The real model has `implementation: ''`; any non-list means "no tools".
            #[allow(dead_code)]
            Other(serde_yaml::Value),
        }
        Ok(match Option::<Either>::deserialize(d)? {
            Some(Either::List(v)) => Tools(v),
            _ => Tools(Vec::new()),
        })
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct RawTool {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub tags: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawDifficulty {
    pub knowledge: Option<i64>,
    pub time: Option<i64>,
    pub resources: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawMeta {
    #[serde(rename = "implementationGuide")]
    pub implementation_guide: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawActivity {
    pub uuid: Option<String>,
    pub description: Option<String>,
    pub risk: Option<String>,
    pub measure: Option<String>,
    pub assessment: Option<String>,
    pub meta: Option<RawMeta>,
    pub level: Option<i64>,
    #[serde(rename = "difficultyOfImplementation")]
    pub difficulty: Option<RawDifficulty>,
    pub usefulness: Option<i64>,
    #[serde(default)]
    pub implementation: Tools,
    /// Values are read as text exactly as written (`5.10` stays `5.10`).
    pub references: Option<Ordered<Option<Vec<String>>>>,
    #[serde(rename = "dependsOn")]
    pub depends_on: Option<Vec<String>>,
    pub comments: Option<String>,
    pub comment: Option<String>,
    pub credits: Option<String>,
    pub tags: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ModelMeta {
    pub version: Option<String>,
    pub released: Option<String>,
    pub publisher: Option<String>,
}

#[derive(Debug, Deserialize)]
struct MetaDoc {
    meta: ModelMeta,
}

/// A parsed model file: meta plus dimension → sub-dimension → activity name → activity.
#[derive(Debug, Default)]
pub struct SourceModel {
    pub meta: ModelMeta,
    pub data: Ordered<Ordered<Ordered<RawActivity>>>,
}

/// Parses one or two YAML documents (the first may be the `meta:` document).
pub fn parse(text: &str) -> Result<SourceModel, String> {
    let docs: Vec<serde_yaml::Deserializer> = serde_yaml::Deserializer::from_str(text).collect();
    let mut model = SourceModel::default();
    let n = docs.len();
    if n == 0 || n > 2 {
        return Err(format!("expected 1 or 2 YAML documents, found {n}"));
    }
    let mut docs = docs.into_iter();
    if n == 2 {
        let meta = MetaDoc::deserialize(docs.next().unwrap())
            .map_err(|e| format!("first document (meta): {e}"))?;
        model.meta = meta.meta;
    }
    model.data = Ordered::deserialize(docs.next().unwrap())
        .map_err(|e| format!("activities document: {e}"))?;
    Ok(model)
}

/// A checked activity, with its position.
#[derive(Debug)]
pub struct Checked<'a> {
    pub dimension: usize,
    pub subdimension: usize,
    pub name: &'a str,
    pub raw: &'a RawActivity,
    pub level: u8,
    pub depends_on: Vec<usize>,
}

/// The model after validation, activities in generator order (by dimension, sub-dimension,
/// then level; the file is already in that order).
#[derive(Debug)]
pub struct CheckedModel<'a> {
    pub source: &'a SourceModel,
    pub dimensions: Vec<(&'a str, Vec<usize>)>,
    pub subdimensions: Vec<(&'a str, usize, Vec<usize>)>,
    pub activities: Vec<Checked<'a>>,
}

fn in_range(v: Option<i64>) -> Result<u8, String> {
    match v {
        None => Ok(0),
        Some(x @ 1..=5) => Ok(x as u8),
        Some(x) => Err(format!("{x} is out of range 1-5")),
    }
}

/// Checks the model: uuids and names present and unique, levels and difficulty in range,
/// every dependsOn resolves (by uuid or name), and no dependency cycle. Returns every problem,
/// each naming the activity.
pub fn check(source: &SourceModel) -> Result<CheckedModel<'_>, Vec<String>> {
    let mut errors = Vec::new();
    let mut m = CheckedModel {
        source,
        dimensions: Vec::new(),
        subdimensions: Vec::new(),
        activities: Vec::new(),
    };
    for (dim_name, subs) in &source.data.0 {
        let dim = m.dimensions.len();
        m.dimensions.push((dim_name, Vec::new()));
        for (sub_name, activities) in &subs.0 {
            let sub = m.subdimensions.len();
            m.dimensions[dim].1.push(sub);
            m.subdimensions.push((sub_name, dim, Vec::new()));
            for (name, raw) in &activities.0 {
                let who = format!("activity '{name}' ({dim_name} / {sub_name})");
                let level = match raw.level {
                    Some(l @ 1..=5) => l as u8,
                    Some(l) => {
                        errors.push(format!("{who}: level {l} is out of range 1-5"));
                        1
                    }
                    None => {
                        errors.push(format!("{who}: has no level"));
                        1
                    }
                };
                match raw.uuid.as_deref().map(str::trim) {
                    None | Some("") => errors.push(format!("{who}: has no uuid")),
                    _ => {}
                }
                if let Some(d) = &raw.difficulty {
                    for (what, v) in [
                        ("knowledge", d.knowledge),
                        ("time", d.time),
                        ("resources", d.resources),
                    ] {
                        if let Err(e) = in_range(v) {
                            errors.push(format!("{who}: difficulty {what} {e}"));
                        }
                    }
                }
                if let Err(e) = in_range(raw.usefulness) {
                    errors.push(format!("{who}: usefulness {e}"));
                }
                m.subdimensions[sub].2.push(m.activities.len());
                m.activities.push(Checked {
                    dimension: dim,
                    subdimension: sub,
                    name,
                    raw,
                    level,
                    depends_on: Vec::new(),
                });
            }
        }
    }
    // Unique uuids and names.
    let mut by_uuid: HashMap<&str, usize> = HashMap::new();
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for (i, a) in m.activities.iter().enumerate() {
        if let Some(u) = a.raw.uuid.as_deref().filter(|u| !u.trim().is_empty()) {
            if let Some(&j) = by_uuid.get(u) {
                errors.push(format!(
                    "activity '{}': uuid {u} is also used by activity '{}'",
                    a.name, m.activities[j].name
                ));
            } else {
                by_uuid.insert(u, i);
            }
        }
        if let Some(&j) = by_name.get(a.name) {
            let _ = j;
            errors.push(format!("activity '{}': the name is used twice", a.name));
        } else {
            by_name.insert(a.name, i);
        }
    }
    // Dependencies resolve.
    let mut deps = vec![Vec::new(); m.activities.len()];
    for (i, a) in m.activities.iter().enumerate() {
        for d in a.raw.depends_on.iter().flatten() {
            let key = d.trim().trim_start_matches("uuid:").trim();
            match by_uuid.get(key).or_else(|| by_name.get(key)) {
                Some(&j) if j == i => {
                    errors.push(format!("activity '{}' depends on itself", a.name))
                }
                Some(&j) => deps[i].push(j),
                None => errors.push(format!(
                    "activity '{}' depends on '{key}', which is not an activity of the model",
                    a.name
                )),
            }
        }
    }
    // No cycles (iterative DFS, colouring nodes).
    let mut state = vec![0u8; deps.len()]; // 0 new, 1 on stack, 2 done
    for start in 0..deps.len() {
        if state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&dep) = deps[node].get(*next) {
                *next += 1;
                match state[dep] {
                    0 => {
                        state[dep] = 1;
                        stack.push((dep, 0));
                    }
                    1 => {
                        let from = stack.iter().position(|&(n, _)| n == dep).unwrap_or(0);
                        let cycle: Vec<&str> = stack[from..]
                            .iter()
                            .map(|&(n, _)| m.activities[n].name)
                            .chain([m.activities[dep].name])
                            .collect();
                        errors.push(format!(
                            "activity '{}': dependency cycle: {}",
                            m.activities[dep].name,
                            cycle.join(" → ")
                        ));
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    for (a, d) in m.activities.iter_mut().zip(deps) {
        a.depends_on = d;
    }
    if errors.is_empty() {
        Ok(m)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "---
meta:
  version: 0.1.0
---
Dim:
  Sub:
    First:
      uuid: u-1
      level: 1
      risk: r
      measure: m
      references:
        iso27001-2022:
        - 5.10
        - 8.20
        - 12.1.1
    Second:
      uuid: u-2
      level: 2
      dependsOn:
      - u-1 # First
      - First
      implementation: ''
";

    #[test]
    fn a_good_fixture_passes_and_keeps_references_as_written() {
        let src = parse(GOOD).unwrap();
        let m = check(&src).unwrap();
        assert_eq!(m.activities.len(), 2);
        assert_eq!(m.activities[1].depends_on, vec![0, 0]);
        let refs = &m.activities[0].raw.references.as_ref().unwrap().0[0].1;
        assert_eq!(refs.as_deref().unwrap(), ["5.10", "8.20", "12.1.1"]);
    }

    fn errors(yaml: &str) -> Vec<String> {
        check(&parse(yaml).unwrap()).unwrap_err()
    }

    #[test]
    fn duplicate_uuid_and_name_fail() {
        let e = errors("D:\n  S:\n    A: {uuid: x, level: 1}\n    B: {uuid: x, level: 1}\n  T:\n    A: {uuid: y, level: 1}\n");
        assert!(
            e.iter()
                .any(|e| e.contains("activity 'B': uuid x is also used by activity 'A'")),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|e| e.contains("activity 'A': the name is used twice")),
            "{e:?}"
        );
    }

    #[test]
    fn cycles_fail_naming_the_activities() {
        let e = errors("D:\n  S:\n    A: {uuid: a, level: 1, dependsOn: [c]}\n    B: {uuid: b, level: 1, dependsOn: [a]}\n    C: {uuid: c, level: 1, dependsOn: [B]}\n");
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].contains("dependency cycle: A → C → B → A"), "{e:?}");
        let selfdep = errors("D:\n  S:\n    A: {uuid: a, level: 1, dependsOn: [a]}\n");
        assert!(selfdep[0].contains("depends on itself"));
    }

    #[test]
    fn ranges_and_missing_fields_fail() {
        let e = errors("D:\n  S:\n    A: {uuid: a, level: 6, difficultyOfImplementation: {knowledge: 0, time: 3, resources: 9}, usefulness: 7}\n    B: {level: 2}\n    C: {uuid: c}\n    E: {uuid: e, level: 1, dependsOn: [nowhere]}\n");
        let all = e.join("\n");
        for needle in [
            "activity 'A' (D / S): level 6 is out of range 1-5",
            "activity 'A' (D / S): difficulty knowledge 0 is out of range 1-5",
            "difficulty resources 9",
            "usefulness 7",
            "activity 'B' (D / S): has no uuid",
            "activity 'C' (D / S): has no level",
            "activity 'E' depends on 'nowhere', which is not an activity",
        ] {
            assert!(all.contains(needle), "missing {needle:?} in\n{all}");
        }
    }

    #[test]
    fn wrong_shapes_are_parse_errors() {
        assert!(parse("- a\n- b\n").is_err());
        assert!(parse("a: 1\n---\nb: 2\n---\nc: 3\n").is_err());
        assert!(parse("D:\n  S:\n    A: {uuid: a, level: high}\n").is_err());
    }
}
