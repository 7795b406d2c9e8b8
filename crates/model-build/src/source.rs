//! Reading and checking the DSOMM model.yaml (reference-app.md §4.4): every field of an
//! activity, with its values kept as written.

use std::collections::HashMap;
use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use dsomm_model_merge as merge;

/// A mapping that keeps the file's key order.
#[derive(Clone, Debug, Default, PartialEq)]
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
#[derive(Clone, Debug, Default, PartialEq)]
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

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
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

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct RawDifficulty {
    pub knowledge: Option<i64>,
    pub time: Option<i64>,
    pub resources: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct RawMeta {
    #[serde(rename = "implementationGuide")]
    pub implementation_guide: Option<String>,
}

/// The fields of an activity: (key in the file, field, type), one list for reading them
/// and for a custom file's override of them ([`merge::Fields`]).
macro_rules! activity_fields {
    ($m:ident) => {
        $m! {
            "description" => description: Option<String>,
            "risk" => risk: Option<String>,
            "measure" => measure: Option<String>,
            "assessment" => assessment: Option<String>,
            "meta" => meta: Option<RawMeta>,
            "level" => level: Option<i64>,
            "difficultyOfImplementation" => difficulty: Option<RawDifficulty>,
            "usefulness" => usefulness: Option<i64>,
            "implementation" => implementation: Tools,
            // Values are read as text exactly as written (`5.10` stays `5.10`).
            "references" => references: Option<Ordered<Option<Vec<String>>>>,
            "dependsOn" => depends_on: Option<Vec<String>>,
            "comments" => comments: Option<String>,
            "comment" => comment: Option<String>,
            "credits" => credits: Option<String>,
            "tags" => tags: Option<Vec<String>>,
        }
    };
}

macro_rules! raw_activity {
    ($($key:literal => $field:ident: $ty:ty,)*) => {
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct RawActivity {
            pub uuid: Option<String>,
            $(pub $field: $ty,)*
        }

        impl merge::Fields for RawActivity {
            fn take(&mut self, key: &str, from: &Self) -> bool {
                match key {
                    $($key => merge::take_field(&mut self.$field, &from.$field),)*
                    _ => false,
                }
            }
        }

        /// Reads one field of an activity into `a` (unknown keys are skipped, as the
        /// reference app does); whether the key is a field.
        fn read_field<'de, A: MapAccess<'de>>(
            key: &str,
            map: &mut A,
            a: &mut RawActivity,
        ) -> Result<bool, A::Error> {
            match key {
                $($key => a.$field = map.next_value()?,)*
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    return Ok(false);
                }
            }
            Ok(true)
        }
    };
}

activity_fields!(raw_activity);

/// An activity as a file gives it: its fields, the keys it names, and a custom file's
/// `ignore` flag (also what `ignore: true` in place of a sub-dimension or an activity reads
/// as).
#[derive(Debug, Default)]
pub struct Entry {
    pub raw: RawActivity,
    pub keys: Vec<String>,
    pub ignore: bool,
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Entry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an activity (a mapping of its fields)")
            }
            fn visit_unit<E>(self) -> Result<Entry, E> {
                Ok(Entry::default())
            }
            fn visit_bool<E>(self, b: bool) -> Result<Entry, E> {
                Ok(Entry {
                    ignore: b,
                    ..Entry::default()
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Entry, A::Error> {
                let mut e = Entry::default();
                while let Some(key) = m.next_key::<String>()? {
                    match key.as_str() {
                        "uuid" => e.raw.uuid = m.next_value()?,
                        "ignore" => e.ignore = m.next_value::<Option<bool>>()? == Some(true),
                        k => {
                            if read_field(k, &mut m, &mut e.raw)? {
                                e.keys.push(key);
                            }
                        }
                    }
                }
                Ok(e)
            }
        }
        d.deserialize_any(V)
    }
}

/// A sub-dimension's or dimension's mapping, or the `true` of an `ignore: true` in its
/// place (read by [`Ordered`] as one more entry).
#[derive(Debug)]
pub enum Node<T> {
    Flag(bool),
    Items(Ordered<T>),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Node<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Node<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
                Ok(Node::Flag(b))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Node::Items(Ordered(Vec::new())))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, T>()? {
                    out.push((k, v));
                }
                Ok(Node::Items(Ordered(out)))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
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
    /// Activities custom files added or changed, by uuid (none for the official model).
    pub origins: HashMap<String, Origin>,
    /// Official activities custom files removed: (uuid, name).
    pub removed: Vec<(String, String)>,
}

/// Parses one or two YAML documents (the first may be the `meta:` document).
pub fn parse(text: &str) -> Result<SourceModel, String> {
    let (meta, tree) = parse_tree(text, false)?;
    from_tree(meta, tree)
}

/// A model or custom file as a tree (see `dsomm_model_merge`): the form custom files are
/// merged in.
pub type Tree = merge::Model<RawActivity>;

/// Reads one or two YAML documents (the first may be the `meta:` document) into a [`Tree`];
/// with `custom`, `ignore: true` marks a dimension, sub-dimension or activity (a custom
/// activity file).
pub fn parse_tree(text: &str, custom: bool) -> Result<(ModelMeta, Tree), String> {
    let docs: Vec<serde_yaml::Deserializer> = serde_yaml::Deserializer::from_str(text).collect();
    let n = docs.len();
    if n == 0 || n > 2 {
        return Err(format!("expected 1 or 2 YAML documents, found {n}"));
    }
    let mut docs = docs.into_iter();
    let mut meta = ModelMeta::default();
    if n == 2 {
        meta = MetaDoc::deserialize(docs.next().unwrap())
            .map_err(|e| format!("first document (meta): {e}"))?
            .meta;
    }
    let data: Ordered<Node<Node<Entry>>> = Ordered::deserialize(docs.next().unwrap())
        .map_err(|e| format!("activities document: {e}"))?;
    tree(data, custom).map(|t| (meta, t))
}

fn tree(data: Ordered<Node<Node<Entry>>>, custom: bool) -> Result<Tree, String> {
    let flag = |place: &str| {
        if custom {
            Ok(())
        } else {
            Err(format!("{place}: `ignore` is for custom activity files"))
        }
    };
    let mut t = Tree::default();
    for (dim_name, subs) in data.0 {
        let mut dim = merge::Dimension {
            name: dim_name.clone(),
            ..Default::default()
        };
        let subs = match subs {
            Node::Items(subs) => subs.0,
            Node::Flag(_) => return Err(format!("{dim_name}: expected a mapping")),
        };
        for (sub_name, acts) in subs {
            let place = format!("{dim_name} / {sub_name}");
            let acts = match acts {
                Node::Flag(b) if sub_name == "ignore" => {
                    flag(&dim_name)?;
                    dim.ignore = b;
                    continue;
                }
                Node::Flag(_) => return Err(format!("{place}: expected a mapping")),
                Node::Items(acts) => acts.0,
            };
            let mut sub = merge::Sub {
                name: sub_name,
                ..Default::default()
            };
            for (name, e) in acts {
                if name == "ignore" && e.keys.is_empty() && e.raw.uuid.is_none() {
                    flag(&place)?;
                    sub.ignore = e.ignore;
                    continue;
                }
                if e.ignore {
                    flag(&format!("{place} / {name}"))?;
                }
                sub.activities.push(merge::Activity {
                    name,
                    uuid: e.raw.uuid.clone(),
                    ignore: e.ignore,
                    keys: e.keys,
                    fields: e.raw,
                });
            }
            dim.subs.push(sub);
        }
        t.dimensions.push(dim);
    }
    Ok(t)
}

/// The typed model of a tree.
pub fn from_tree(meta: ModelMeta, tree: Tree) -> Result<SourceModel, String> {
    let mut data = Vec::new();
    for dim in tree.dimensions {
        let mut subs = Vec::new();
        for sub in dim.subs {
            let acts = sub.activities.into_iter().map(|a| {
                let mut raw = a.fields;
                raw.uuid = a.uuid;
                (a.name, raw)
            });
            subs.push((sub.name, Ordered(acts.collect())));
        }
        data.push((dim.name, Ordered(subs)));
    }
    Ok(SourceModel {
        meta,
        data: Ordered(data),
        origins: HashMap::new(),
        removed: Vec::new(),
    })
}

/// Where an activity comes from (see the app's `model::Origin`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Origin {
    #[default]
    Official,
    Added,
    Changed,
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
    pub origin: Origin,
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
                    origin: raw
                        .uuid
                        .as_deref()
                        .and_then(|u| source.origins.get(u))
                        .copied()
                        .unwrap_or_default(),
                });
            }
        }
    }
    let nodes: Vec<merge::Node> = m
        .activities
        .iter()
        .map(|a| merge::Node {
            name: a.name,
            uuid: a.raw.uuid.as_deref(),
            depends_on: a.raw.depends_on.as_deref().unwrap_or(&[]),
        })
        .collect();
    let deps = match merge::links(&nodes) {
        Ok(deps) => deps,
        Err(e) => {
            errors.extend(e);
            vec![Vec::new(); m.activities.len()]
        }
    };
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
