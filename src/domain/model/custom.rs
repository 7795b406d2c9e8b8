//! An organisation's custom activity file applied in the browser: read (the reference
//! app's format, with `ignore: true` on a dimension, sub-dimension or activity), merged over
//! the embedded model by the same rules as the build's `data/custom/` (`dsomm-model-merge`),
//! checked as the official model is (uuids and names unique, levels 1-5, dependencies
//! resolve without cycles), and compiled into the stored form [`super::active`] reads.
//! Nothing is parsed when the app starts: only when a file is previewed, or a restored
//! assessment carries one.

use dsomm_model_merge::{self as merge, Change, Place, Problem, Report};

use super::{active, details, Difficulty, Origin, OFFICIAL};
use crate::domain::formats::yaml_lite;
use crate::domain::tree::quote;
use crate::domain::tree::Value;
use crate::domain::views::md_lite;

/// An activity's fields as a custom file gives them (the reader's side of the merge).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Own {
    level: Option<u8>,
    tags: Vec<String>,
    depends_on: Vec<String>,
    description: String,
    risk: String,
    measure: String,
    assessment: String,
    guide: String,
    comments: String,
    comment: String,
    credits: String,
    difficulty: Difficulty,
    usefulness: u8,
    /// (name, url, description, tags)
    tools: Tools,
    /// (standard, ids as written)
    references: Vec<(String, Vec<String>)>,
}

/// Each key of an activity the app reads, the field it sets and how it is read: one list
/// for reading a file and for overriding an activity (the build's is `activity_fields!` in
/// model-build, with the same keys).
macro_rules! own_fields {
    ($($key:literal => $field:ident: $read:expr,)*) => {
        impl merge::Fields for Own {
            fn take(&mut self, key: &str, from: &Self) -> bool {
                match key {
                    $($key => merge::take_field(&mut self.$field, &from.$field),)*
                    _ => false,
                }
            }
        }

        /// Reads field `key` into `own`; whether the app reads that key (others are
        /// skipped, as the reference app does).
        fn read_field(key: &str, v: &Value, own: &mut Own) -> Result<bool, FieldError> {
            match key {
                $($key => own.$field = $read(v)?,)*
                _ => return Ok(false),
            }
            Ok(true)
        }
    };
}

own_fields! {
    "level" => level: |v| rating(v).map(|n| (n > 0).then_some(n)),
    "tags" => tags: |v| list(v).map(|t| t.into_iter().filter(|t| t != "none").collect()),
    "dependsOn" => depends_on: list,
    "description" => description: scalar,
    "risk" => risk: scalar,
    "measure" => measure: scalar,
    "assessment" => assessment: scalar,
    "meta" => guide: read_guide,
    // As the build: `comments`, else the one activity's misspelt `comment`.
    "comments" => comments: scalar,
    "comment" => comment: scalar,
    "credits" => credits: scalar,
    "difficultyOfImplementation" => difficulty: read_difficulty,
    "usefulness" => usefulness: rating,
    "implementation" => tools: read_tools,
    "references" => references: read_references,
}

type Tree = merge::Model<Own>;

message_error!(
    /// Why a field of an activity in a custom activity file is refused (it becomes a
    /// [`Problem`] at the field's place).
    FieldError
);

fn problem(place: &[&str], message: impl Into<String>) -> Problem {
    Problem {
        place: Place(place.iter().map(|s| s.to_string()).collect()),
        message: message.into(),
    }
}

fn is_true(v: &Value) -> Option<bool> {
    match v {
        Value::Scalar(s) => match s.as_str() {
            "true" | "True" | "TRUE" => Some(true),
            "false" | "False" | "FALSE" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn scalar(v: &Value) -> Result<String, FieldError> {
    match v {
        Value::Null => Ok(String::new()),
        Value::Scalar(s) => Ok(s.clone()),
        other => Err(format!("expected text, found {}", other.kind()).into()),
    }
}

fn list(v: &Value) -> Result<Vec<String>, FieldError> {
    match v {
        Value::Null => Ok(Vec::new()),
        // `tags: none`, `implementation: ''`: written for "nothing" by the generator.
        Value::Scalar(s) if s.is_empty() => Ok(Vec::new()),
        Value::Seq(items) => items.iter().map(scalar).collect(),
        other => Err(format!("expected a list, found {}", other.kind()).into()),
    }
}

fn rating(v: &Value) -> Result<u8, FieldError> {
    match v {
        Value::Null => Ok(0),
        Value::Scalar(s) => match s.trim().parse::<i64>() {
            Ok(n @ 1..=5) => Ok(n as u8),
            Ok(n) => Err(format!("{n} is out of range 1-5").into()),
            Err(_) => Err(format!("expected a number 1-5, found “{s}”").into()),
        },
        other => Err(format!("expected a number 1-5, found {}", other.kind()).into()),
    }
}

fn read_guide(v: &Value) -> Result<String, FieldError> {
    match v {
        Value::Map(_) => v
            .get("implementationGuide")
            .map_or(Ok(String::new()), scalar),
        Value::Null => Ok(String::new()),
        other => Err(format!("expected a mapping, found {}", other.kind()).into()),
    }
}

fn read_difficulty(v: &Value) -> Result<Difficulty, FieldError> {
    let get = |k: &str| {
        v.get(k)
            .map_or(Ok(0), rating)
            .map_err(|e| format!("{k}: {e}"))
    };
    match v {
        Value::Map(_) => Ok(Difficulty {
            knowledge: get("knowledge")?,
            time: get("time")?,
            resources: get("resources")?,
        }),
        Value::Null => Ok(Difficulty::default()),
        other => Err(format!("expected a mapping, found {}", other.kind()).into()),
    }
}

type Tools = Vec<(String, String, String, Vec<String>)>;

fn read_tools(v: &Value) -> Result<Tools, FieldError> {
    let tools = match v {
        Value::Seq(items) => &items[..],
        Value::Null => &[],
        Value::Scalar(s) if s.is_empty() => &[],
        other => return Err(format!("expected a list of tools, found {}", other.kind()).into()),
    };
    let mut out = Vec::new();
    for t in tools {
        let get = |k: &str| t.get(k).map_or(Ok(String::new()), scalar);
        let name = get("name")?;
        // The reference leaves tools without a name out too.
        if name.trim().is_empty() {
            continue;
        }
        let tags = t.get("tags").map_or(Ok(Vec::new()), list)?;
        out.push((name, get("url")?, get("description")?, tags));
    }
    Ok(out)
}

fn read_references(v: &Value) -> Result<Vec<(String, Vec<String>)>, FieldError> {
    let mut out = Vec::new();
    match v {
        Value::Map(m) => {
            for (k, ids) in m {
                let ids = list(ids).map_err(|e| format!("{k}: {e}"))?;
                if !ids.is_empty() {
                    out.push((k.clone(), ids));
                }
            }
        }
        Value::Null => {}
        other => return Err(format!("expected a mapping, found {}", other.kind()).into()),
    }
    Ok(out)
}

fn entries<'a>(v: &'a Value, place: &[&str], problems: &mut Vec<Problem>) -> &'a [(String, Value)] {
    match v {
        Value::Map(m) => m,
        Value::Null => &[],
        other => {
            problems.push(problem(
                place,
                format!("expected a mapping, found {}", other.kind()),
            ));
            &[]
        }
    }
}

/// The documents of a file: a `meta:` document before the activities is skipped, as the
/// reference's reader does.
fn activities_document(text: &str) -> Result<Value, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut docs: Vec<(usize, String)> = vec![(0, String::new())];
    for (n, line) in text.split('\n').enumerate() {
        let l = line.trim_end_matches('\r');
        if l == "---" || l.starts_with("--- ") {
            docs.push((n + 1, String::new()));
        } else {
            let d = &mut docs.last_mut().expect("one").1;
            d.push_str(line);
            d.push('\n');
        }
    }
    let mut found = None;
    for (offset, doc) in docs {
        let v = yaml_lite::parse(&doc)
            .map_err(|e| problem(&[], format!("line {}: {}", e.line + offset, e.message)))?;
        match &v {
            Value::Null => {}
            Value::Map(m) if m.len() == 1 && m[0].0 == "meta" => {}
            _ if found.is_some() => {
                return Err(problem(&[], "it has more than one document of activities"))
            }
            _ => found = Some(v),
        }
    }
    found.ok_or_else(|| problem(&[], "it has no activities"))
}

/// Reads a custom activity file into the tree merged over the model, with every problem
/// found in its fields (each with its place in the file; the tree leaves those fields
/// out); only a file that is no such tree at all is an error.
pub fn read(text: &str) -> Result<(Tree, Vec<Problem>), Vec<Problem>> {
    let root = activities_document(text).map_err(|p| vec![p])?;
    let mut problems = Vec::new();
    let mut tree = Tree::default();
    let Value::Map(dims) = &root else {
        return Err(vec![problem(
            &[],
            format!(
                "expected dimensions (a mapping: dimension → sub-dimension → activity), found {}",
                root.kind()
            ),
        )]);
    };
    for (dim_name, subs) in dims {
        let mut dim = merge::Dimension {
            name: dim_name.clone(),
            ..Default::default()
        };
        for (sub_name, acts) in entries(subs, &[dim_name], &mut problems) {
            if sub_name == "ignore" {
                match is_true(acts) {
                    Some(b) => dim.ignore = b,
                    None => problems.push(problem(&[dim_name], "ignore: expected true or false")),
                }
                continue;
            }
            let mut sub = merge::Sub {
                name: sub_name.clone(),
                ..Default::default()
            };
            for (name, entry) in entries(acts, &[dim_name, sub_name], &mut problems) {
                let here = [dim_name.as_str(), sub_name, name];
                if name == "ignore" {
                    if let Some(b) = is_true(entry) {
                        sub.ignore = b;
                        continue;
                    }
                }
                let mut a = merge::Activity {
                    name: name.clone(),
                    ..Default::default()
                };
                match entry {
                    // `Activity: true` in place of its fields reads as an ignore marker.
                    Value::Scalar(_) => match is_true(entry) {
                        Some(b) => a.ignore = b,
                        None => problems.push(problem(&here, "expected the activity's fields")),
                    },
                    Value::Null => {}
                    Value::Seq(_) => problems.push(problem(
                        &here,
                        "expected the activity's fields, found a list",
                    )),
                    Value::Map(fields) => {
                        for (key, v) in fields {
                            match key.as_str() {
                                "uuid" => match scalar(v) {
                                    Ok(u) if !u.trim().is_empty() => {
                                        a.uuid = Some(u.trim().to_string())
                                    }
                                    Ok(_) => {}
                                    Err(e) => problems.push(problem(&here, format!("uuid: {e}"))),
                                },
                                "ignore" => match is_true(v) {
                                    Some(b) => a.ignore = b,
                                    None => problems
                                        .push(problem(&here, "ignore: expected true or false")),
                                },
                                k => match read_field(k, v, &mut a.fields) {
                                    Ok(true) => a.keys.push(k.to_string()),
                                    Ok(false) => {}
                                    Err(e) => problems.push(problem(&here, format!("{k}: {e}"))),
                                },
                            }
                        }
                    }
                }
                sub.activities.push(a);
            }
            dim.subs.push(sub);
        }
        tree.dimensions.push(dim);
    }
    Ok((tree, problems))
}

/// Activity `i` of the embedded model as a custom file would give all of it.
fn official_own(i: usize) -> Own {
    let a = &OFFICIAL.activities[i];
    let d = details::official(i);
    let texts = |s: &[&str]| s.iter().map(|t| t.to_string()).collect::<Vec<_>>();
    Own {
        level: Some(a.level),
        tags: texts(a.tags),
        depends_on: a
            .depends_on
            .iter()
            .map(|&j| OFFICIAL.activities[j as usize].uuid.to_string())
            .collect(),
        description: d.description.into(),
        risk: d.risk.into(),
        measure: d.measure.into(),
        assessment: d.assessment.into(),
        guide: d.implementation_guide.into(),
        // The embedded model's is `comments`, else `comment` (as read by the build).
        comments: d.comments.into(),
        comment: String::new(),
        credits: d.credits.into(),
        difficulty: d.difficulty,
        usefulness: d.usefulness,
        tools: d
            .tools
            .iter()
            .map(|t| {
                (
                    t.name.into(),
                    t.url.into(),
                    t.description.into(),
                    texts(t.tags),
                )
            })
            .collect(),
        references: d
            .references
            .lists()
            .into_iter()
            .map(|(k, ids)| (k.to_string(), texts(ids)))
            .collect(),
    }
}

/// The embedded model as a tree, to merge a file over.
fn official_tree() -> Tree {
    let m = &OFFICIAL;
    let mut tree = Tree::default();
    for dim in m.dimensions {
        let mut d = merge::Dimension {
            name: dim.name.to_string(),
            ..Default::default()
        };
        for &s in dim.subdimensions {
            let sub = &m.subdimensions[s as usize];
            let mut acts: Vec<usize> = sub.activities.iter().map(|&i| i as usize).collect();
            acts.sort_unstable();
            d.subs.push(merge::Sub {
                name: sub.name.to_string(),
                ignore: false,
                activities: acts
                    .into_iter()
                    .map(|i| merge::Activity {
                        name: m.activities[i].name.to_string(),
                        uuid: Some(m.activities[i].uuid.to_string()),
                        ignore: false,
                        keys: Vec::new(),
                        fields: official_own(i),
                    })
                    .collect(),
            });
        }
        tree.dimensions.push(d);
    }
    tree
}

/// A file that applies: what it changes, and the model it makes, ready to store.
#[derive(Debug)]
pub struct Compiled {
    pub report: Report,
    /// Activities of the model it makes; and of them added and changed.
    pub activities: usize,
    pub added: usize,
    pub changed: usize,
    /// Embedded activities it removes (uuid, name); their progress is kept aside.
    pub removed: Vec<(String, String)>,
    /// The stored form ([`super::active::decode`]).
    pub stored: String,
}

/// The text an activity is searched in (as the build's `search_texts`).
fn search_text(name: &str, o: &Own) -> String {
    let mut t = name.to_string();
    for md in [&o.description, &o.risk, &o.measure, &o.assessment, &o.guide] {
        t.push('\n');
        t.push_str(&md_lite::plain_text(&md_lite::parse(md)));
    }
    t.to_lowercase()
}

fn json_list(items: impl IntoIterator<Item = String>) -> String {
    format!("[{}]", items.into_iter().collect::<Vec<_>>().join(","))
}

fn json_strs(items: &[String]) -> String {
    json_list(items.iter().map(|s| quote(s)))
}

fn details_json(o: &Own) -> String {
    let mut out = String::from("{");
    for (k, v) in [
        ("description", &o.description),
        ("risk", &o.risk),
        ("measure", &o.measure),
        ("assessment", &o.assessment),
        ("guide", &o.guide),
        (
            "comments",
            if o.comments.is_empty() {
                &o.comment
            } else {
                &o.comments
            },
        ),
        ("credits", &o.credits),
    ] {
        out.push_str(&format!("{}:{},", quote(k), quote(v)));
    }
    let d = o.difficulty;
    out.push_str(&format!(
        "\"knowledge\":{},\"time\":{},\"resources\":{},\"usefulness\":{},",
        d.knowledge, d.time, d.resources, o.usefulness
    ));
    let tools = o
        .tools
        .iter()
        .map(|(n, u, d, t)| format!("[{},{},{},{}]", quote(n), quote(u), quote(d), json_strs(t)));
    out.push_str(&format!("\"tools\":{},", json_list(tools)));
    let refs = o
        .references
        .iter()
        .map(|(k, ids)| format!("[{},{}]", quote(k), json_strs(ids)));
    out.push_str(&format!("\"references\":{}}}", json_list(refs)));
    out
}

/// A field of the stored form: `\\`, tab and line break escaped (`active::MAGIC`).
fn esc(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
}

/// A 32-bit FNV-1a hash: tells one custom model from another in its version.
fn fnv(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// Applies the custom activity file `text` (named `file`, applied on `applied`) over the
/// embedded model: the model it makes, stored form included, or every problem found.
pub fn compile(file: &str, text: &str, applied: &str) -> Result<Compiled, Vec<Problem>> {
    let (custom, mut problems) = read(text)?;
    let mut tree = official_tree();
    // Problems of the merge are listed with those of the fields (all at once, in file
    // order); the model is checked once there are none.
    let report = match merge::merge(&mut tree, &custom) {
        Ok(report) if problems.is_empty() => report,
        Ok(_) => return Err(problems),
        Err(more) => {
            problems.extend(more);
            return Err(problems);
        }
    };
    let mut report = report;
    // Removed and added again under its uuid (the sample file's re-classified SBOM
    // activity): the list says "removed" and "added", its progress follows it; said.
    let again: Vec<Problem> = report
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::Added {
                place,
                uuid: Some(u),
            } => OFFICIAL.activity_index(u).map(|k| Problem {
                place: place.clone(),
                message: format!(
                    "has the uuid of the official activity “{}”, so it counts as that one changed: its progress and evidence are this activity's",
                    OFFICIAL.activities[k].name
                ),
            }),
            _ => None,
        })
        .collect();
    report.notes.extend(again);
    let mut order: Vec<(usize, usize, usize)> = Vec::new();
    for (d, dim) in tree.dimensions.iter().enumerate() {
        for (s, sub) in dim.subs.iter().enumerate() {
            let mut acts: Vec<usize> = (0..sub.activities.len()).collect();
            // By level, then file order (the generator's order).
            acts.sort_by_key(|&a| sub.activities[a].fields.level.unwrap_or(0));
            for a in acts {
                let act = &sub.activities[a];
                let here = [dim.name.as_str(), &sub.name, &act.name];
                if act.uuid.is_none() {
                    problems.push(problem(&here, "has no uuid (a new activity needs one)"));
                }
                if act.fields.level.is_none() {
                    problems.push(problem(&here, "has no level (1-5)"));
                }
                order.push((d, s, a));
            }
        }
    }
    if order.len() >= u16::MAX as usize {
        problems.push(problem(
            &[],
            format!(
                "it makes {} activities, more than the app holds",
                order.len()
            ),
        ));
    }
    let at = |&(d, s, a): &(usize, usize, usize)| &tree.dimensions[d].subs[s].activities[a];
    let nodes: Vec<merge::Node> = order
        .iter()
        .map(|p| {
            let a = at(p);
            merge::Node {
                name: &a.name,
                uuid: a.uuid.as_deref(),
                depends_on: &a.fields.depends_on,
            }
        })
        .collect();
    let deps = match merge::links(&nodes) {
        Ok(deps) => deps,
        Err(e) => {
            problems.extend(e.into_iter().map(|m| problem(&[], m)));
            Vec::new()
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }

    // The stored form (`active::MAGIC` describes it).
    let (mut added, mut changed) = (0, 0);
    let mut lines = vec![
        active::MAGIC.to_string(),
        format!("B\t{}", esc(active::base())),
    ];
    let mut details_out = Vec::new();
    let mut index = 0;
    for (d, dim) in tree.dimensions.iter().enumerate() {
        lines.push(format!("D\t{}", esc(&dim.name)));
        for (s, sub) in dim.subs.iter().enumerate() {
            lines.push(format!("S\t{}", esc(&sub.name)));
            for p in order.iter().filter(|p| p.0 == d && p.1 == s) {
                let a = at(p);
                let uuid = a.uuid.as_deref().unwrap_or_default();
                let dep_uuids: Vec<&str> = deps[index]
                    .iter()
                    .map(|&j| at(&order[j]).uuid.as_deref().unwrap_or_default())
                    .collect();
                let official = OFFICIAL.activity_index(uuid);
                let same = official.map(|k| {
                    let o = &OFFICIAL.activities[k];
                    let mut own = a.fields.clone();
                    own.depends_on = official_own(k).depends_on;
                    let deps_same = o.depends_on.len() == dep_uuids.len()
                        && o.depends_on
                            .iter()
                            .zip(&dep_uuids)
                            .all(|(&j, u)| OFFICIAL.activities[j as usize].uuid == *u);
                    let content = a.name == o.name && deps_same && own == official_own(k);
                    let place = OFFICIAL.dimension_of(o).name == dim.name
                        && OFFICIAL.subdimension_of(o).name == sub.name;
                    (k, content, place)
                });
                let origin = match same {
                    None => {
                        added += 1;
                        "a"
                    }
                    Some((k, true, true)) => match OFFICIAL.activities[k].origin {
                        Origin::Official => "o",
                        Origin::Added => "a",
                        Origin::Changed => "c",
                    },
                    Some(_) => {
                        changed += 1;
                        "c"
                    }
                };
                let keeps = match same {
                    Some((k, true, _)) => k.to_string(),
                    _ => "-".to_string(),
                };
                let dep_index: Vec<String> = deps[index].iter().map(|j| j.to_string()).collect();
                let mut line = format!(
                    "A\t{}\t{}\t{}\t{origin}\t{}\t{keeps}",
                    esc(uuid),
                    esc(&a.name),
                    a.fields.level.unwrap_or(1),
                    dep_index.join(" ")
                );
                for t in &a.fields.tags {
                    line.push('\t');
                    line.push_str(&esc(t));
                }
                lines.push(line);
                if keeps == "-" {
                    lines.push(format!("T\t{}", esc(&search_text(&a.name, &a.fields))));
                    details_out.push(details_json(&a.fields));
                }
                index += 1;
            }
        }
    }
    let present = |u: &str| order.iter().any(|p| at(p).uuid.as_deref() == Some(u));
    let mut removed: Vec<(String, String)> = Vec::new();
    for c in &report.changes {
        if let Change::Removed {
            place,
            uuid: Some(u),
        } = c
        {
            if !present(u) && !removed.iter().any(|(r, _)| r == u) {
                removed.push((u.clone(), place.0.last().cloned().unwrap_or_default()));
            }
        }
    }
    for (u, n) in &removed {
        lines.push(format!("R\t{}\t{}", esc(u), esc(n)));
    }
    // Sorted here, so the first module, which reads them, links no sort.
    let mut by_uuid: Vec<(&str, usize)> = order
        .iter()
        .enumerate()
        .map(|(i, p)| (at(p).uuid.as_deref().unwrap_or_default(), i))
        .collect();
    by_uuid.sort_unstable();
    let by_uuid: Vec<String> = by_uuid.iter().map(|(_, i)| i.to_string()).collect();
    lines.push(format!("U\t{}", by_uuid.join(" ")));
    let mut tags: Vec<&String> = order.iter().flat_map(|p| &at(p).fields.tags).collect();
    tags.sort_unstable();
    tags.dedup();
    let mut g = String::from("G");
    for t in tags {
        g.push('\t');
        g.push_str(&esc(t));
    }
    lines.push(g);
    let body = lines[2..].join("\n");
    let version = format!("{}+custom.{:08x}", OFFICIAL.version, fnv(&body));
    lines.insert(2, format!("V\t{}", esc(&version)));
    lines.insert(3, format!("F\t{}\t{}", esc(file), esc(applied)));
    lines.push(format!(
        "J\t{{\"details\":{},\"text\":{}}}",
        json_list(details_out),
        quote(text)
    ));
    let stored = lines.join("\n");
    Ok(Compiled {
        report,
        activities: order.len(),
        added,
        changed,
        removed,
        stored,
    })
}

#[cfg(test)]
mod tests;
