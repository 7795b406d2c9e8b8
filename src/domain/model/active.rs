//! The model the pages show: the embedded one ([`OFFICIAL`]), or the one an organisation's
//! custom activity file made in this browser (`custom::compile`), installed once at
//! start-up by each wasm module before anything reads the model ([`install`]).
//!
//! A custom model is stored compiled ([`CUSTOM_MODEL_KEY`]: one line of JSON, written by the
//! pages module), so no module parses YAML or merges models when it starts. It holds the
//! matrix's part (the dimension tree, each activity's uuid, name, level, origin, tags and
//! dependencies), the details of activities the file added or changed (the others are the
//! embedded activity's, by index), the searched text of those activities, what the file
//! removed, and the file itself. The first module reads only the matrix's part
//! ([`decode_matrix`]); the details are read by the pages module ([`decode`]).
//!
//! The types borrow `'static` data, so a model made at run time is leaked: once per page
//! load, since changing the model reloads the page (every module's activity indices
//! follow the model).

use std::ops::Deref;
use std::sync::OnceLock;

use super::search::{Overlay, Source};
use super::{Activity, Details, Difficulty, Dimension, Model, Origin, References, SubDimension};
use super::{Tool, OFFICIAL};
use crate::domain::formats::yaml_lite::Value;

/// Where the compiled custom model is stored (see the storage registry).
pub const CUSTOM_MODEL_KEY: &str = "dsomm.v1.custom-activities";

/// The model in use (a custom one once [`install`]ed, else the embedded one). It reads as a
/// [`Model`]: `MODEL.activities`, `&MODEL` where a `&Model` is asked for.
pub struct Current;

pub static MODEL: Current = Current;

impl Deref for Current {
    type Target = Model;
    fn deref(&self) -> &Model {
        match ACTIVE.get() {
            Some(a) => a.model,
            None => &OFFICIAL,
        }
    }
}

/// A model made by a custom activity file.
#[derive(Debug)]
pub struct Custom {
    pub model: &'static Model,
    /// Per activity: its details, or None for the embedded activity's (`from[i]`).
    details: Vec<Option<&'static Details>>,
    /// Per activity: the embedded activity it keeps the details and searched text of.
    from: Vec<Option<u16>>,
    /// Searched text (lower-cased) of the activities that have no `from`.
    texts: Vec<(u16, String)>,
    /// Activities the file removed: (uuid, name).
    pub removed: &'static [(&'static str, &'static str)],
    pub file: String,
    pub applied: String,
    /// The custom activity file as uploaded.
    pub text: String,
}

static ACTIVE: OnceLock<Custom> = OnceLock::new();

/// Makes `custom` the model for the rest of this page load (once; false if one already is).
pub fn install(custom: Custom) -> bool {
    ACTIVE.set(custom).is_ok()
}

/// The custom model in use, if any.
pub fn custom() -> Option<&'static Custom> {
    ACTIVE.get()
}

/// The details of activity `index` of the model in use.
pub fn details(index: usize) -> &'static Details {
    match ACTIVE.get() {
        Some(c) => c.details(index),
        None => super::details::official(index),
    }
}

impl Custom {
    /// The details of its activity `index`.
    pub fn details(&self, index: usize) -> &'static Details {
        match (self.details.get(index).copied().flatten(), self.from.get(index)) {
            (Some(d), _) => d,
            (None, Some(Some(k))) => super::details::official(*k as usize),
            // `decode` gives every activity one or the other.
            _ => super::details::official(0),
        }
    }
}

/// Activities removed from the embedded model, by the build's custom files and by this
/// browser's: (uuid, name).
pub fn removed() -> Vec<(&'static str, &'static str)> {
    let mut all = super::REMOVED.to_vec();
    if let Some(c) = ACTIVE.get() {
        all.extend(c.removed.iter().copied());
    }
    all
}

/// How the search index of the embedded model answers for the model in use (None: as it
/// is).
pub fn search_overlay() -> Option<Overlay> {
    ACTIVE.get().map(Custom::search_overlay)
}

impl Custom {
    pub fn search_overlay(&self) -> Overlay {
        let c = self;
        let mut texts = c.texts.iter();
    let sources = c
        .from
        .iter()
        .map(|f| match f {
            Some(k) => Source::Official(*k),
            None => Source::Text(texts.next().map(|(_, t)| t.clone()).unwrap_or_default()),
        })
        .collect();
        Overlay {
            official: OFFICIAL.activities.len(),
            sources,
        }
    }
}

/// The fingerprint of the embedded model a compiled model was made over: it is valid only
/// over that one (a new app version may embed a newer model).
pub fn base() -> String {
    crate::domain::views::matrix_html::fingerprint(&OFFICIAL)
}

fn leak<T>(v: Vec<T>) -> &'static [T] {
    Box::leak(v.into_boxed_slice())
}

fn leak_str(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

fn items<'a>(v: &'a Value, what: &str) -> Result<&'a [Value], String> {
    match v {
        Value::Seq(items) => Ok(items),
        other => Err(format!("{what}: expected a list, found {}", other.kind())),
    }
}

fn text<'a>(v: &'a Value, what: &str) -> Result<&'a str, String> {
    match v {
        Value::Scalar(s) => Ok(s),
        other => Err(format!("{what}: expected text, found {}", other.kind())),
    }
}

fn number(v: &Value, what: &str, max: usize) -> Result<usize, String> {
    text(v, what)?
        .parse::<usize>()
        .ok()
        .filter(|n| *n <= max)
        .ok_or_else(|| format!("{what}: expected a number up to {max}"))
}

fn field<'a>(v: &'a Value, key: &str) -> Result<&'a Value, String> {
    v.get(key).ok_or_else(|| format!("it has no `{key}`"))
}

fn strs(v: &Value, what: &str) -> Result<&'static [&'static str], String> {
    let all: Result<Vec<&'static str>, String> = items(v, what)?
        .iter()
        .map(|t| text(t, what).map(leak_str))
        .collect();
    Ok(leak(all?))
}

/// The compiled model's parts every module reads.
#[derive(Debug)]
pub struct Matrix {
    pub model: &'static Model,
    pub from: Vec<Option<u16>>,
    pub texts: Vec<(u16, String)>,
    pub removed: &'static [(&'static str, &'static str)],
    pub file: String,
    pub applied: String,
    pub text: String,
}

/// Reads the matrix's part of a stored custom model (what the first module needs); an
/// error for anything that is not one, or one made over another embedded model.
pub fn decode_matrix(raw: &str) -> Result<Matrix, String> {
    let root = crate::domain::formats::json::parse(raw)?;
    matrix_of(&root)
}

fn matrix_of(root: &Value) -> Result<Matrix, String> {
    if text(field(root, "format")?, "format")? != "1" {
        return Err("it has a format this version of the app does not know".into());
    }
    let made_over = text(field(root, "base")?, "base")?;
    if made_over != base() {
        return Err(format!(
            "it was made over another model ({made_over}; this app embeds {})",
            base()
        ));
    }
    let official = OFFICIAL.activities.len();
    let mut dimensions = Vec::new();
    let mut subdimensions = Vec::new();
    let mut activities: Vec<Activity> = Vec::new();
    let mut deps: Vec<Vec<u16>> = Vec::new();
    let mut from = Vec::new();
    let mut texts = Vec::new();
    let search = items(field(root, "search")?, "search")?;
    for dim in items(field(root, "dims")?, "dims")? {
        let [name, subs] = items(dim, "a dimension")? else {
            return Err("a dimension: expected [name, sub-dimensions]".into());
        };
        let mut dim_subs = Vec::new();
        for sub in items(subs, "sub-dimensions")? {
            let [sub_name, acts] = items(sub, "a sub-dimension")? else {
                return Err("a sub-dimension: expected [name, activities]".into());
            };
            let mut sub_acts = Vec::new();
            for a in items(acts, "activities")? {
                let [uuid, name, level, origin, tags, depends] = items(a, "an activity")? else {
                    return Err("an activity: expected six fields".into());
                };
                let index = activities.len();
                if index >= u16::MAX as usize {
                    return Err("too many activities".into());
                }
                let origin = match text(origin, "origin")? {
                    "o" => Origin::Official,
                    "a" => Origin::Added,
                    "c" => Origin::Changed,
                    o => return Err(format!("unknown origin {o}")),
                };
                let level = number(level, "level", 5)?;
                if level == 0 {
                    return Err("level: expected 1-5".into());
                }
                let d: Result<Vec<u16>, String> = items(depends, "dependsOn")?
                    .iter()
                    .map(|d| number(d, "dependsOn", u16::MAX as usize).map(|n| n as u16))
                    .collect();
                deps.push(d?);
                // The embedded activity whose text it has, or [its own text].
                match search.get(index) {
                    Some(k @ Value::Scalar(_)) => {
                        from.push(Some(number(k, "search", official - 1)? as u16))
                    }
                    Some(Value::Seq(t)) if t.len() == 1 => {
                        from.push(None);
                        texts.push((index as u16, text(&t[0], "search")?.to_string()));
                    }
                    _ => return Err("search: one entry per activity expected".into()),
                }
                sub_acts.push(index as u16);
                activities.push(Activity {
                    uuid: leak_str(text(uuid, "uuid")?),
                    name: leak_str(text(name, "name")?),
                    dimension: dimensions.len() as u16,
                    subdimension: subdimensions.len() as u16,
                    level: level as u8,
                    depends_on: &[],
                    required_by: &[],
                    tags: strs(tags, "tags")?,
                    index: index as u16,
                    origin,
                });
            }
            dim_subs.push(subdimensions.len() as u16);
            subdimensions.push(SubDimension {
                name: leak_str(text(sub_name, "a sub-dimension's name")?),
                dimension: dimensions.len() as u16,
                activities: leak(sub_acts),
            });
        }
        dimensions.push(Dimension {
            name: leak_str(text(name, "a dimension's name")?),
            subdimensions: leak(dim_subs),
        });
    }
    let n = activities.len();
    if n == 0 || search.len() != n {
        return Err("it has no activities, or not one searched text per activity".into());
    }
    let mut required_by = vec![Vec::new(); n];
    for (i, d) in deps.iter().enumerate() {
        for &j in d {
            let Some(r) = required_by.get_mut(j as usize).filter(|_| j as usize != i) else {
                return Err(format!("activity {i} depends on {j}, which it cannot"));
            };
            r.push(i as u16);
        }
    }
    for ((a, d), r) in activities.iter_mut().zip(deps).zip(required_by) {
        a.depends_on = leak(d);
        a.required_by = leak(r);
    }
    let mut by_uuid: Vec<(&'static str, u16)> =
        activities.iter().map(|a| (a.uuid, a.index)).collect();
    by_uuid.sort_unstable();
    if by_uuid.windows(2).any(|w| w[0].0 == w[1].0) {
        return Err("two activities have one uuid".into());
    }
    let mut tags: Vec<&'static str> = activities.iter().flat_map(|a| a.tags.iter().copied()).collect();
    tags.sort_unstable();
    tags.dedup();
    let mut removed = Vec::new();
    for r in items(field(root, "removed")?, "removed")? {
        let [uuid, name] = items(r, "removed")? else {
            return Err("removed: expected [uuid, name]".into());
        };
        removed.push((leak_str(text(uuid, "uuid")?), leak_str(text(name, "name")?)));
    }
    let model = Box::leak(Box::new(Model {
        version: leak_str(text(field(root, "version")?, "version")?),
        released: OFFICIAL.released,
        publisher: OFFICIAL.publisher,
        dimensions: leak(dimensions),
        subdimensions: leak(subdimensions),
        activities: leak(activities),
        tags: leak(tags),
        by_uuid: leak(by_uuid),
    }));
    Ok(Matrix {
        model,
        from,
        texts,
        removed: leak(removed),
        file: text(field(root, "file")?, "file")?.to_string(),
        applied: text(field(root, "applied")?, "applied")?.to_string(),
        text: text(field(root, "text")?, "text")?.to_string(),
    })
}

impl Custom {
    /// The first module's: details are never asked for there.
    pub fn matrix_only(m: Matrix) -> Custom {
        Custom {
            details: Vec::new(),
            model: m.model,
            from: m.from,
            texts: m.texts,
            removed: m.removed,
            file: m.file,
            applied: m.applied,
            text: m.text,
        }
    }
}

/// Reads a stored custom model with every activity's details (the pages module's).
pub fn decode(raw: &str) -> Result<Custom, String> {
    let root = crate::domain::formats::json::parse(raw)?;
    let m = matrix_of(&root)?;
    let list = items(field(&root, "details")?, "details")?;
    if list.len() != m.model.activities.len() {
        return Err("details: one entry per activity expected".into());
    }
    let mut details = Vec::with_capacity(list.len());
    for (i, d) in list.iter().enumerate() {
        match (d, m.from[i]) {
            (Value::Null, Some(_)) => details.push(None),
            (Value::Map(_), _) => details.push(Some(&*Box::leak(Box::new(details_of(d)?)))),
            _ => return Err(format!("details of activity {i}: expected a mapping")),
        }
    }
    Ok(Custom {
        details,
        model: m.model,
        from: m.from,
        texts: m.texts,
        removed: m.removed,
        file: m.file,
        applied: m.applied,
        text: m.text,
    })
}

fn opt_text(v: &Value, key: &str) -> Result<&'static str, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(""),
        Some(t) => text(t, key).map(leak_str),
    }
}

fn details_of(v: &Value) -> Result<Details, String> {
    let rating = |key: &str| -> Result<u8, String> {
        match v.get(key) {
            None => Ok(0),
            Some(n) => number(n, key, 5).map(|n| n as u8),
        }
    };
    let mut tools = Vec::new();
    if let Some(list) = v.get("tools") {
        for t in items(list, "tools")? {
            let [name, url, description, tags] = items(t, "a tool")? else {
                return Err("a tool: expected [name, url, description, tags]".into());
            };
            tools.push(Tool {
                name: leak_str(text(name, "a tool's name")?),
                url: leak_str(text(url, "a tool's url")?),
                description: leak_str(text(description, "a tool's description")?),
                tags: strs(tags, "a tool's tags")?,
            });
        }
    }
    let mut references = References {
        samm2: &[],
        iso27001_2017: &[],
        iso27001_2022: &[],
        open_cre: &[],
        other: &[],
    };
    let mut other = Vec::new();
    if let Some(list) = v.get("references") {
        for r in items(list, "references")? {
            let [key, ids] = items(r, "a reference")? else {
                return Err("a reference: expected [standard, ids]".into());
            };
            let ids = strs(ids, "ids")?;
            match text(key, "a standard")? {
                "samm2" => references.samm2 = ids,
                "iso27001-2017" => references.iso27001_2017 = ids,
                "iso27001-2022" => references.iso27001_2022 = ids,
                "openCRE" => references.open_cre = ids,
                k => other.push((leak_str(k), ids)),
            }
        }
    }
    references.other = leak(other);
    Ok(Details {
        description: opt_text(v, "description")?,
        risk: opt_text(v, "risk")?,
        measure: opt_text(v, "measure")?,
        assessment: opt_text(v, "assessment")?,
        implementation_guide: opt_text(v, "guide")?,
        comments: opt_text(v, "comments")?,
        credits: opt_text(v, "credits")?,
        difficulty: Difficulty {
            knowledge: rating("knowledge")?,
            time: rating("time")?,
            resources: rating("resources")?,
        },
        usefulness: rating("usefulness")?,
        tools: leak(tools),
        references,
    })
}

/// Installs the stored custom model (`raw`), if any, with every activity's details (the
/// pages module's); an error says why a stored one is not used (the embedded model is).
pub fn install_stored(raw: Option<&str>) -> Result<(), String> {
    match raw {
        Some(raw) => decode(raw).map(|c| {
            install(c);
        }),
        None => Ok(()),
    }
}

/// As [`install_stored`], the matrix's part only (the first module's).
pub fn install_stored_matrix(raw: Option<&str>) -> Result<(), String> {
    match raw {
        Some(raw) => decode_matrix(raw).map(|m| {
            install(Custom::matrix_only(m));
        }),
        None => Ok(()),
    }
}
