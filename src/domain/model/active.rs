//! The model the pages show: the embedded one ([`OFFICIAL`]), or the one an organisation's
//! custom activity file made in this browser (`custom::compile`), installed once at
//! start-up by each wasm module before anything reads the model ([`install`]).
//!
//! A custom model is stored compiled ([`CUSTOM_MODEL_KEY`], the format: [`MAGIC`], written
//! by the pages module), so no module parses YAML or merges models when it starts. It holds the
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
use crate::domain::tree::Value;

/// Where the compiled custom model is stored (see the storage registry).
pub const CUSTOM_MODEL_KEY: &str = "dsomm.v1.custom-activities";

/// The model in use (a custom one once [`install`]ed, else the embedded one). It reads as a
/// [`Model`]: `MODEL.activities`, `&MODEL` where a `&Model` is asked for.
pub struct Current;

pub static MODEL: Current = Current;

impl Deref for Current {
    type Target = Model;
    // Not inlined: it is read in a hundred places of the first module.
    #[inline(never)]
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
    texts: Vec<(u16, &'static str)>,
    /// Activities the file removed: (uuid, name).
    pub removed: &'static [(&'static str, &'static str)],
    pub file: &'static str,
    pub applied: &'static str,
    /// The custom activity file as uploaded.
    pub text: String,
}

static ACTIVE: OnceLock<Custom> = OnceLock::new();

static NO_DETAILS: Details = Details {
    description: "",
    risk: "",
    measure: "",
    assessment: "",
    implementation_guide: "",
    comments: "",
    credits: "",
    difficulty: Difficulty {
        knowledge: 0,
        time: 0,
        resources: 0,
    },
    usefulness: 0,
    tools: &[],
    references: References {
        samm2: &[],
        iso27001_2017: &[],
        iso27001_2022: &[],
        open_cre: &[],
        other: &[],
    },
};

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
        match (
            self.details.get(index).copied().flatten(),
            self.from.get(index),
        ) {
            (Some(d), _) => d,
            (None, Some(Some(k))) => super::details::official(*k as usize),
            // Details that could not be read (`decode` gives every activity one or the
            // other): nothing rather than another activity's.
            _ => &NO_DETAILS,
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
                None => Source::Text(texts.next().map_or("", |(_, t)| *t)),
            })
            .collect();
        Overlay {
            official: OFFICIAL.activities.len(),
            sources,
        }
    }
}

/// What a compiled model was made over: valid only over this embedded model (a new app
/// version, or another build with other custom files, embeds another).
pub fn base() -> &'static str {
    super::BASE
}

/// Leaked as it is (no shrinking copy: one less routine in the first module).
fn leak<T>(v: Vec<T>) -> &'static [T] {
    v.leak()
}

fn leak_str(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

/// The stored form, one record per line, fields separated by tabs (`\\`, tab and line
/// break escaped as `\\\\`, `\\t`, `\\n`): read by the first module with a few lines of
/// code instead of a tree of JSON values (measured: 14 KB of its WebAssembly before
/// wasm-opt, against its 120 KiB first-screen budget):
/// - `dsomm-custom-model 1`, then `B` the embedded model it was made over, `V` its version,
///   `F` file name and day applied;
/// - `D` dimension, `S` sub-dimension, `A` activity (uuid, name, level, origin `o`/`a`/`c`,
///   dependencies as indices, the embedded activity whose details and searched text it
///   keeps or `-`, then its tags), `T` the searched text of the activity before (when it
///   has no embedded one);
/// - `U` activity indices by uuid, `G` every tag (both sorted by the writer), `R` a removed
///   activity (uuid, name);
/// - `J`, last: JSON of the details of activities without an embedded one and the file's
///   text, read by the pages module only.
pub const MAGIC: &str = "dsomm-custom-model 1";

fn unescape(f: &str) -> String {
    let mut out = String::with_capacity(f.len());
    let mut chars = f.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some(c) => out.push(c),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn leak_field(f: &str) -> &'static str {
    unescape(f).leak()
}

/// Space-separated numbers below `below`, added to `out`.
fn numbers(f: &str, below: usize, out: &mut Vec<u16>) -> Option<()> {
    for n in f.split(' ').filter(|n| !n.is_empty()) {
        out.push(n.parse::<u16>().ok().filter(|n| usize::from(*n) < below)?);
    }
    Some(())
}

/// The compiled model's parts every module reads.
#[derive(Debug)]
pub struct Matrix {
    pub model: &'static Model,
    pub from: Vec<Option<u16>>,
    pub texts: Vec<(u16, &'static str)>,
    pub removed: &'static [(&'static str, &'static str)],
    pub file: &'static str,
    pub applied: &'static str,
}

/// Why a stored custom model is not read.
pub const NOT_A_MODEL: &str = "it is not a custom model this version of the app wrote";
pub const OTHER_BASE: &str = "it was made over another version of the official model";

/// Reads the matrix's part of a stored custom model (what the first module needs); an
/// error for anything that is not one, or one made over another embedded model.
pub fn decode_matrix(raw: &str) -> Result<Matrix, &'static str> {
    decode_with::<false>(raw)
}

/// As [`decode_matrix`]; with `FULL` also the dependencies, what was removed and the file's
/// name (the pages module's: the first module's copy has none of that code).
fn decode_with<const FULL: bool>(raw: &str) -> Result<Matrix, &'static str> {
    let mut lines = raw.split('\n');
    if lines.next() != Some(MAGIC) {
        return Err(NOT_A_MODEL);
    }
    match lines.next().and_then(|l| l.strip_prefix("B\t")) {
        Some(b) if unescape(b) == base() => {}
        Some(_) => return Err(OTHER_BASE),
        None => return Err(NOT_A_MODEL),
    }
    matrix_of::<FULL>(lines).ok_or(NOT_A_MODEL)
}

/// Reads the records after `B`. Written for size (the first module carries it): the
/// slices of the model point into a few leaked arrays (indices `0..n`, dependencies, tags)
/// instead of one allocation each, and nothing read needs dropping on the way out.
fn matrix_of<'a, const FULL: bool>(lines: impl Iterator<Item = &'a str>) -> Option<Matrix> {
    let official = OFFICIAL.activities.len();
    // Where each dimension's sub-dimensions and each sub-dimension's activities start:
    // they are consecutive, so each is a range of `0..n`.
    let mut dimensions: Vec<(&'static str, usize)> = Vec::new();
    let mut subdimensions: Vec<(&'static str, usize)> = Vec::new();
    let mut activities: Vec<Activity> = Vec::new();
    // Per activity: where its dependencies and tags end in `edges` and `tags`.
    let mut ends: Vec<(usize, usize)> = Vec::new();
    let mut edges: Vec<u16> = Vec::new();
    let mut tags: Vec<&'static str> = Vec::new();
    let mut from = Vec::new();
    let mut texts: Vec<(u16, &'static str)> = Vec::new();
    let mut order: Vec<u16> = Vec::new();
    let mut all_tags: &'static [&'static str] = &[];
    let mut removed = Vec::new();
    let (mut version, mut file, mut applied) = (None, "", "");
    for line in lines {
        let mut f = line.split('\t');
        match f.next()? {
            "V" => version = Some(leak_field(f.next()?)),
            "F" if FULL => {
                file = leak_field(f.next()?);
                applied = leak_field(f.next()?);
            }
            "D" => dimensions.push((leak_field(f.next()?), subdimensions.len())),
            "S" => {
                subdimensions.push((leak_field(f.next()?), activities.len()));
                dimensions.last()?;
            }
            "A" => {
                let index = activities.len();
                if index >= usize::from(u16::MAX) || subdimensions.is_empty() {
                    return None;
                }
                let uuid = leak_field(f.next()?);
                let name = leak_field(f.next()?);
                let level = f
                    .next()?
                    .parse::<u8>()
                    .ok()
                    .filter(|l| (1..=5).contains(l))?;
                let origin = match f.next()? {
                    "o" => Origin::Official,
                    "a" => Origin::Added,
                    "c" => Origin::Changed,
                    _ => return None,
                };
                let deps = f.next()?;
                if FULL {
                    numbers(deps, usize::from(u16::MAX), &mut edges)?;
                }
                let mut keeps = Vec::new();
                from.push(match f.next()? {
                    "-" => None,
                    k => {
                        numbers(k, official, &mut keeps)?;
                        Some(*keeps.first()?)
                    }
                });
                tags.extend(f.map(leak_field));
                ends.push((edges.len(), tags.len()));
                activities.push(Activity {
                    uuid,
                    name,
                    dimension: dimensions.len() as u16 - 1,
                    subdimension: subdimensions.len() as u16 - 1,
                    level,
                    depends_on: &[],
                    required_by: &[],
                    tags: &[],
                    index: index as u16,
                    origin,
                });
            }
            "T" => texts.push((
                activities.len().checked_sub(1)? as u16,
                leak_field(f.next()?),
            )),
            "U" => numbers(f.next()?, usize::from(u16::MAX), &mut order)?,
            "G" => all_tags = leak(f.map(leak_field).collect()),
            "R" if FULL => removed.push((leak_field(f.next()?), leak_field(f.next()?))),
            "J" => break,
            "F" | "R" => {}
            _ => return None,
        }
    }
    let n = activities.len();
    if n == 0 || order.len() != n || texts.len() != from.iter().filter(|f| f.is_none()).count() {
        return None;
    }
    // Every dimension has sub-dimensions and every sub-dimension activities (as written):
    // so each range below is within `0..n`.
    let starts = |v: &[(&str, usize)], end: usize| {
        v.iter()
            .zip(v.iter().skip(1).map(|x| x.1).chain([end]))
            .all(|(x, next)| x.1 < next)
    };
    if !starts(&dimensions, subdimensions.len()) || !starts(&subdimensions, n) {
        return None;
    }
    let range: &'static [u16] = leak((0..n as u16).collect());
    let tags: &'static [&'static str] = leak(tags);
    let mut t = 0;
    for (a, &(_, t_end)) in activities.iter_mut().zip(&ends) {
        a.tags = &tags[t..t_end];
        t = t_end;
    }
    if FULL {
        links(&mut activities, leak(edges), &ends)?;
    }
    let dims = dimensions.iter().enumerate().map(|(d, &(name, first))| {
        let last = dimensions.get(d + 1).map_or(subdimensions.len(), |x| x.1);
        Dimension {
            name,
            subdimensions: &range[first..last],
        }
    });
    let dims: Vec<Dimension> = dims.collect();
    let mut subs = Vec::new();
    for (s, &(name, first)) in subdimensions.iter().enumerate() {
        let last = subdimensions.get(s + 1).map_or(n, |x| x.1);
        // A sub-dimension's dimension: the last that starts at or before it.
        let dimension = dimensions.iter().rposition(|d| d.1 <= s)? as u16;
        subs.push(SubDimension {
            name,
            dimension,
            activities: &range[first..last],
        });
        for &i in &range[first..last] {
            activities[usize::from(i)].dimension = dimension;
        }
    }
    // Sorted by the writer (no sort in the first module): checked, which also proves the
    // uuids unique.
    let mut by_uuid = Vec::with_capacity(n);
    for i in order {
        by_uuid.push((activities.get(usize::from(i))?.uuid, i));
    }
    if by_uuid.windows(2).any(|w| w[0].0 >= w[1].0) || all_tags.windows(2).any(|w| w[0] >= w[1]) {
        return None;
    }
    let model = Box::leak(Box::new(Model {
        version: version?,
        released: OFFICIAL.released,
        publisher: OFFICIAL.publisher,
        dimensions: leak(dims),
        subdimensions: leak(subs),
        activities: leak(activities),
        tags: all_tags,
        by_uuid: leak(by_uuid),
    }));
    Some(Matrix {
        model,
        from,
        texts,
        removed: leak(removed),
        file,
        applied,
    })
}

/// Each activity's dependencies (`edges`, ending per activity at `ends`) and what depends
/// on it: counted, then filled in place, one array for all.
fn links(
    activities: &mut [Activity],
    edges: &'static [u16],
    ends: &[(usize, usize)],
) -> Option<()> {
    let n = activities.len();
    let mut starts = vec![0usize; n + 1];
    for &j in edges {
        *starts.get_mut(usize::from(j) + 1)? += 1;
    }
    for i in 0..n {
        starts[i + 1] += starts[i];
    }
    let mut required = vec![0u16; edges.len()];
    let mut fill = starts.clone();
    let mut e = 0;
    for (i, (a, &(e_end, _))) in activities.iter_mut().zip(ends).enumerate() {
        a.depends_on = &edges[e..e_end];
        for &j in a.depends_on {
            if usize::from(j) == i {
                return None;
            }
            required[fill[usize::from(j)]] = i as u16;
            fill[usize::from(j)] += 1;
        }
        e = e_end;
    }
    let required: &'static [u16] = leak(required);
    for (i, a) in activities.iter_mut().enumerate() {
        a.required_by = &required[starts[i]..starts[i + 1]];
    }
    Some(())
}

/// The `J` line's JSON (the pages module's part).
fn json_part(raw: &str) -> Option<Value> {
    let line = raw.split('\n').find_map(|l| l.strip_prefix("J\t"))?;
    crate::domain::formats::json::parse(line).ok()
}

fn items(v: &Value) -> Option<&[Value]> {
    match v {
        Value::Seq(items) => Some(items),
        _ => None,
    }
}

fn text(v: &Value) -> Option<&str> {
    match v {
        Value::Scalar(s) => Some(s),
        _ => None,
    }
}

fn number(v: &Value, max: usize) -> Option<usize> {
    text(v)?.parse::<usize>().ok().filter(|n| *n <= max)
}

fn strs(v: &Value) -> Option<&'static [&'static str]> {
    let all: Option<Vec<&'static str>> = items(v)?.iter().map(|t| text(t).map(leak_str)).collect();
    Some(leak(all?))
}

fn pair(v: &Value) -> Option<(&Value, &Value)> {
    match items(v)? {
        [a, b] => Some((a, b)),
        _ => None,
    }
}

impl Custom {
    /// Without details (the first module never asks for them) or the file's text.
    pub fn matrix_only(m: Matrix) -> Custom {
        Custom {
            details: Vec::new(),
            model: m.model,
            from: m.from,
            texts: m.texts,
            removed: m.removed,
            file: m.file,
            applied: m.applied,
            text: String::new(),
        }
    }
}

message_error!(
    /// Why a stored custom model is not used (the embedded model is).
    StoredModelError
);

/// Reads a stored custom model with every activity's details (the pages module's).
pub fn decode(raw: &str) -> Result<Custom, StoredModelError> {
    let m = decode_with::<true>(raw)?;
    let root = json_part(raw).ok_or(NOT_A_MODEL)?;
    let list = root.get("details").and_then(items).ok_or(NOT_A_MODEL)?;
    let text = root
        .get("text")
        .and_then(text)
        .ok_or(NOT_A_MODEL)?
        .to_string();
    // One entry per activity without an embedded one, in order.
    let mut list = list.iter();
    let mut details = Vec::with_capacity(m.from.len());
    for (i, f) in m.from.iter().enumerate() {
        details.push(match f {
            Some(_) => None,
            None => Some(&*Box::leak(Box::new(
                list.next()
                    .and_then(details_of)
                    .ok_or_else(|| format!("the details of activity {i} cannot be read"))?,
            ))),
        });
    }
    if list.next().is_some() {
        return Err("it has more details than activities".into());
    }
    let mut c = Custom::matrix_only(m);
    (c.details, c.text) = (details, text);
    Ok(c)
}

fn opt_text(v: &Value, key: &str) -> Option<&'static str> {
    match v.get(key) {
        None | Some(Value::Null) => Some(""),
        Some(t) => text(t).map(leak_str),
    }
}

fn details_of(v: &Value) -> Option<Details> {
    let rating = |key: &str| -> Option<u8> {
        match v.get(key) {
            None => Some(0),
            Some(n) => number(n, 5).map(|n| n as u8),
        }
    };
    let mut tools = Vec::new();
    for t in items(v.get("tools")?)? {
        let [name, url, description, tags] = items(t)? else {
            return None;
        };
        tools.push(Tool {
            name: leak_str(text(name)?),
            url: leak_str(text(url)?),
            description: leak_str(text(description)?),
            tags: strs(tags)?,
        });
    }
    let mut references = References {
        samm2: &[],
        iso27001_2017: &[],
        iso27001_2022: &[],
        open_cre: &[],
        other: &[],
    };
    let mut other = Vec::new();
    for r in items(v.get("references")?)? {
        let (key, ids) = pair(r)?;
        let ids = strs(ids)?;
        match text(key)? {
            "samm2" => references.samm2 = ids,
            "iso27001-2017" => references.iso27001_2017 = ids,
            "iso27001-2022" => references.iso27001_2022 = ids,
            "openCRE" => references.open_cre = ids,
            k => other.push((leak_str(k), ids)),
        }
    }
    references.other = leak(other);
    Some(Details {
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

/// Installs the stored custom model `raw` with every activity's details (the pages
/// module's); an error says why it is not used (the embedded model is).
pub fn install_stored(raw: &str) -> Result<(), StoredModelError> {
    decode(raw).map(|c| {
        install(c);
    })
}

/// As [`install_stored`], the matrix's part only (the first module's).
pub fn install_stored_matrix(raw: &str) -> Result<(), &'static str> {
    decode_matrix(raw).map(|m| {
        install(Custom::matrix_only(m));
    })
}

/// The custom activity file a stored custom model was made of: (file, applied, text), also
/// of one made over another embedded model (to apply it again).
pub fn source(raw: &str) -> Option<FileSource> {
    let line = raw.split('\n').find_map(|l| l.strip_prefix("F\t"))?;
    let mut f = line.split('\t').map(unescape);
    let text = json_part(raw)?.get("text").and_then(text)?.to_string();
    Some((f.next()?, f.next()?, text))
}

/// A custom activity file as stored: (file, day applied, text).
pub type FileSource = (String, String, String);

static UNUSED: OnceLock<(String, Option<FileSource>)> = OnceLock::new();

/// Why the stored custom activity file is not used (the embedded model is), said once, and
/// the file as stored if it can be read ([`source`]): kept, downloadable and in backups.
pub fn set_unused(why: String, source: Option<FileSource>) {
    let _ = UNUSED.set((why, source));
}

/// The custom activity file stored in this browser, used or not: (file, applied, text).
pub fn stored_file() -> Option<(&'static str, &'static str, &'static str)> {
    match (ACTIVE.get(), UNUSED.get()) {
        (Some(c), _) => Some((c.file, c.applied, c.text.as_str())),
        (None, Some((_, Some((f, a, t))))) => Some((f.as_str(), a.as_str(), t.as_str())),
        _ => None,
    }
}

pub fn unused() -> Option<&'static str> {
    UNUSED.get().map(|(why, _)| why.as_str())
}
