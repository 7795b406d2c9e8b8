//! The JSON values the storage gateway keeps in localStorage, written and read by hand: JSON
//! is a subset of what `yaml_lite` reads on one line, and `tree::quote` writes JSON
//! strings. This keeps a JSON library out of the WebAssembly binary.
//!
//! Measured (2026-12, release build, brotli -q 11): reading through `serde_json::Value`
//! instead (`default-features = false, features = ["std"]`) made the first module 10.1 KB
//! and the pages module 10.2 KB larger (119.8 -> 129.9 KB, 294.2 -> 304.4 KB): 20 KB for the
//! app, over the 15 KB this was allowed to cost. Both readers are checked against each other
//! (serde_json is the tests' oracle: `tests::progress_round_trips_and_is_real_json`).

use std::collections::BTreeMap;

use crate::domain::assessment::date::Date;
use crate::domain::assessment::evidence::{read_entry, ActivityEvidence, Evidence};
use crate::domain::assessment::names::Names;
use crate::domain::assessment::progress::TeamProgress;
use crate::domain::assessment::settings::{Field, Settings};
use crate::domain::assessment::{check_read_name, ActivityProgress, Group};
use crate::domain::formats::yaml_lite;
use crate::domain::tree::quote;
use crate::domain::tree::Value;

message_error!(
    /// Why a stored JSON value cannot be read (the gateway sets it aside with this reason).
    JsonError
);

/// Reads one stored JSON value into the document tree (one line: what `yaml_lite` reads of
/// it).
pub fn parse(raw: &str) -> Result<Value, JsonError> {
    if raw.contains('\n') {
        return Err("stored JSON must be one line".into());
    }
    yaml_lite::parse(raw).map_err(|e| e.message.into())
}

fn entries<'a>(v: &'a Value, what: &str) -> Result<&'a [(String, Value)], JsonError> {
    match v {
        Value::Map(m) => Ok(m),
        other => Err(format!("expected {what}, found {}", other.kind()).into()),
    }
}

fn strings(v: &Value, what: &str) -> Result<Vec<String>, JsonError> {
    match v {
        Value::Seq(items) => items
            .iter()
            .map(|i| match i {
                Value::Scalar(s) => Ok(s.clone()),
                other => Err(format!("expected {what}, found {}", other.kind())),
            })
            // Collected as the other readers of the first module collect (one copy of the
            // code), then typed.
            .collect::<Result<_, _>>()
            .map_err(JsonError),
        other => Err(format!("expected a list of {what}, found {}", other.kind()).into()),
    }
}

fn list(items: impl IntoIterator<Item = String>) -> String {
    format!("[{}]", items.into_iter().collect::<Vec<_>>().join(","))
}

pub fn encode_progress(p: &ActivityProgress) -> String {
    let teams = p.iter().map(|(team, r)| {
        let states: Vec<String> = r
            .dates()
            .iter()
            .map(|(s, d)| format!("{}:\"{d}\"", quote(s)))
            .collect();
        format!("{}:{{{}}}", quote(team), states.join(","))
    });
    format!("{{{}}}", teams.collect::<Vec<_>>().join(","))
}

/// Reads one activity's stored progress. Values this app wrote take a direct path (start-up
/// reads one per activity, 50 teams make 680 kB); anything else, and every error, goes
/// through the general reader, so both accept and refuse the same things.
pub fn decode_progress(raw: &str) -> Result<ActivityProgress, JsonError> {
    match Fast::new(raw).progress() {
        Some(p) => Ok(p),
        None => decode_progress_general(raw),
    }
}

/// A reader for exactly the JSON `encode_progress` writes (objects of objects of strings,
/// optional spaces). It gives up (None) on anything else instead of reporting an error.
struct Fast<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Fast<'a> {
    fn new(raw: &'a str) -> Self {
        Fast {
            s: raw.as_bytes(),
            i: 0,
        }
    }

    fn ws(&mut self) {
        while matches!(self.s.get(self.i), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        let ok = self.s.get(self.i) == Some(&c);
        self.i += usize::from(ok);
        ok
    }

    /// A string without escapes or control characters (escaped ones go the general way).
    fn string(&mut self) -> Option<&'a str> {
        if !self.eat(b'"') {
            return None;
        }
        let start = self.i;
        loop {
            match *self.s.get(self.i)? {
                b'"' => break,
                b'\\' => return None,
                c if c < 0x20 => return None,
                _ => self.i += 1,
            }
        }
        let text = std::str::from_utf8(&self.s[start..self.i]).ok()?;
        self.i += 1;
        Some(text)
    }

    /// `{ key: item, ... }`, calling `item` after each key; None if anything is off.
    fn object(&mut self, mut item: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        if !self.eat(b'{') {
            return None;
        }
        if self.eat(b'}') {
            return Some(());
        }
        loop {
            let key = self.string()?;
            if !self.eat(b':') {
                return None;
            }
            item(self, key)?;
            if self.eat(b'}') {
                return Some(());
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    fn progress(mut self) -> Option<ActivityProgress> {
        let mut out = ActivityProgress::new();
        self.object(|p, team| {
            check_read_name(team).ok()?;
            let mut dates = BTreeMap::new();
            p.object(|p, state| {
                check_read_name(state).ok()?;
                let date = Date::parse(p.string()?)?;
                dates
                    .insert(state.to_string(), date)
                    .is_none()
                    .then_some(())
            })?;
            out.insert(team.to_string(), TeamProgress::from_dates(dates))
                .is_none()
                .then_some(())
        })?;
        self.ws();
        (self.i == self.s.len()).then_some(out)
    }
}

fn decode_progress_general(raw: &str) -> Result<ActivityProgress, JsonError> {
    let v = parse(raw)?;
    let mut out = ActivityProgress::new();
    for (team, record) in entries(&v, "a mapping of teams")? {
        check_read_name(team).map_err(|e| format!("team name: {e}"))?;
        let mut dates = BTreeMap::new();
        for (state, date) in entries(record, "a mapping of states")? {
            check_read_name(state).map_err(|e| format!("state name: {e}"))?;
            let Value::Scalar(text) = date else {
                return Err(format!("{team} → {state}: expected a date").into());
            };
            let d = Date::parse(text).ok_or_else(|| format!("`{text}` is not a date"))?;
            dates.insert(state.clone(), d);
        }
        out.insert(team.clone(), TeamProgress::from_dates(dates));
    }
    Ok(out)
}

pub fn encode_teams(teams: &[String]) -> String {
    list(teams.iter().map(|t| quote(t)))
}

pub fn decode_teams(raw: &str) -> Result<Vec<String>, JsonError> {
    strings(&parse(raw)?, "team names")
}

pub fn encode_groups(groups: &[Group]) -> String {
    list(groups.iter().map(|g| {
        format!(
            "{{\"name\":{},\"members\":{}}}",
            quote(&g.name),
            encode_teams(&g.members)
        )
    }))
}

pub fn decode_groups(raw: &str) -> Result<Vec<Group>, JsonError> {
    let Value::Seq(items) = parse(raw)? else {
        return Err("expected a list of groups".into());
    };
    items
        .iter()
        .map(|g| {
            let name = match g.get("name") {
                Some(Value::Scalar(n)) => n.clone(),
                _ => return Err(JsonError::from("a group has no name")),
            };
            let members = match g.get("members") {
                None | Some(Value::Null) => Vec::new(),
                Some(m) => strings(m, "team names")?,
            };
            Ok(Group { name, members })
        })
        .collect()
}

/// The settings as stored: here, not in `assessment::settings`, so the assessment knows no
/// stored format (its one shape is [`Settings::fields`], read by [`Settings::from_value`]).
impl Settings {
    /// Reads stored settings (JSON).
    pub fn decode(raw: &str) -> Result<Settings, String> {
        Ok(Settings::from_value(&parse(raw)?)?)
    }

    pub fn encode(&self) -> String {
        let fields = self.fields().into_iter().map(|(key, value)| {
            let value = match value {
                Field::One(v) => v,
                Field::List(items) => list(items),
            };
            format!("\"{key}\":{value}")
        });
        format!("{{{}}}", fields.collect::<Vec<_>>().join(","))
    }
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
    // `parse` refuses a value over several lines ("stored JSON must be one line").
    let Value::Seq(items) = parse(raw)? else {
        return Err("expected a list of evidence entries".into());
    };
    let mut out = ActivityEvidence::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = |e: &dyn std::fmt::Display| format!("entry {}: {e}", i + 1);
        let mut unknown = Vec::new();
        let e = read_entry(item, &mut unknown).map_err(|e| at(&e))?;
        if let Some(k) = unknown.first() {
            return Err(at(&format!("unknown field `{k}`")));
        }
        e.check(None).map_err(|e| at(&e))?;
        if out.iter().any(|x: &Evidence| x.id == e.id) {
            return Err(at(&format!("the id {} appears twice", e.id)));
        }
        out.push(e);
    }
    Ok(out)
}

/// Reads the stored names (`assessment::names`); anything unreadable reads as none (they are only ever a hint).
pub fn decode_names(raw: Option<&str>) -> Names {
    let mut names = Names::new();
    if let Some(Ok(Value::Map(m))) = raw.map(parse) {
        for (uuid, v) in m {
            if let Value::Scalar(name) = v {
                names.insert(uuid, name);
            }
        }
    }
    names
}

pub fn encode_names(names: &Names) -> String {
    let items: Vec<String> = names
        .iter()
        .map(|(u, n)| format!("{}:{}", quote(u), quote(n)))
        .collect();
    format!("{{{}}}", items.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assessment::names;
    use crate::domain::assessment::report::{ReportConfig, ReportField, Which};
    use crate::domain::test_support::{entry, rich};

    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    fn sample() -> ActivityProgress {
        let mut r = TeamProgress::default();
        r.insert("Started \"x\"".into(), Date::new(2025, 1, 2).unwrap());
        r.insert("Fully implemented".into(), Date::new(2025, 3, 4).unwrap());
        let mut p = ActivityProgress::new();
        p.insert("O'Brien: \"ops\" \\ é 🚀".into(), r);
        p.insert("Empty".into(), TeamProgress::default());
        p
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn progress_round_trips_and_is_real_json() {
        let text = encode_progress(&sample());
        assert_eq!(decode_progress(&text).unwrap(), sample());
        // Any JSON reader gets the same data.
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            v["O'Brien: \"ops\" \\ é 🚀"]["Fully implemented"],
            "2025-03-04"
        );
        // And what serde_json writes (earlier versions of this app) is read too.
        let serde_text = serde_json::to_string(&sample()).unwrap();
        assert_eq!(decode_progress(&serde_text).unwrap(), sample());
    }

    #[test]
    fn teams_groups_settings_round_trip() {
        let teams = vec!["A, \"b\"".to_string(), "[c]".into()];
        assert_eq!(decode_teams(&encode_teams(&teams)).unwrap(), teams);
        let groups = vec![Group {
            name: "G: 1".into(),
            members: teams.clone(),
        }];
        assert_eq!(decode_groups(&encode_groups(&groups)).unwrap(), groups);
        let s = Settings {
            max_level: 2,
            date_format: "de".into(),
            ..Settings::default()
        };
        assert_eq!(Settings::decode(&s.encode()).unwrap(), s);
        assert_eq!(Settings::decode("{}").unwrap(), Settings::default());
    }

    #[test]
    fn bad_values_are_errors() {
        for bad in [
            "",
            "{not json",
            "[1,",
            "{\"A\":{\"Started\":\"yesterday\"}}",
            "{\"A\":[1]}",
            "{\"\":{}}",
            "{\"a\":1}\n{\"b\":2}",
        ] {
            assert!(decode_progress(bad).is_err(), "{bad:?}");
        }
        assert!(decode_teams("{\"a\":1}").is_err());
        assert!(decode_groups("[{\"members\":[]}]").is_err());
        assert!(Settings::decode("{\"maxLevel\":\"x\"}").is_err());
        assert!(Settings::decode("{\"theme\":\"pink\"}").is_err());
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// The direct path reads what the app writes, and never accepts anything the
            /// general reader would read differently or refuse.
            #[test]
            fn fast_path_agrees_with_the_general_reader(
                teams in proptest::collection::btree_map("[ -~\u{e9}\u{1F680}]{1,12}", proptest::collection::btree_map("[ -~]{1,10}", (2000u16..2100, 1u8..13, 1u8..29), 0..4), 0..4),
                noise in "[ -~]{0,40}",
            ) {
                let mut p = ActivityProgress::new();
                for (team, states) in teams {
                    if check_read_name(&team).is_err() { continue; }
                    let mut dates = BTreeMap::new();
                    for (s, (y, m, d)) in states {
                        if check_read_name(&s).is_err() { continue; }
                        dates.insert(s, Date::new(y, m, d).unwrap());
                    }
                    p.insert(team, TeamProgress::from_dates(dates));
                }
                let text = encode_progress(&p);
                prop_assert_eq!(decode_progress(&text).unwrap(), p);
                let cut = (0..=text.len() / 2).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
                for raw in [text.clone(), format!("{}{}", &text[..cut], noise), noise.clone()] {
                    if let Some(fast) = Fast::new(&raw).progress() {
                        prop_assert_eq!(Ok(fast), decode_progress_general(&raw));
                    }
                }
            }
        }
    }

    #[test]
    fn names_are_remembered_kept_and_read_back() {
        let model = |u: &str| match u {
            "u-1" => Some("First"),
            "u-2" => Some("Second \"quoted\"\n"),
            _ => None,
        };
        let first = names::remember(&names::Names::new(), ["u-1", "u-2", "gone"], model).unwrap();
        assert_eq!(first.len(), 2);
        assert_eq!(decode_names(Some(&encode_names(&first))), first);
        // Nothing new: nothing to write.
        assert_eq!(names::remember(&first, ["u-1"], model), None);
        // A newer model without u-1 keeps its last known name.
        let newer = |u: &str| (u == "u-2").then_some("Second, renamed");
        let next = names::remember(&first, ["u-1", "u-2"], newer).unwrap();
        assert_eq!(next["u-1"], "First");
        assert_eq!(next["u-2"], "Second, renamed");
        assert!(decode_names(Some("not json")).is_empty());
        assert!(decode_names(None).is_empty());
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
    mod evidence_props {
        use super::*;
        use crate::domain::test_support::props::evidence;
        use proptest::prelude::*;
        use std::collections::BTreeSet;

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
    fn the_configuration_round_trips_and_bad_values_are_refused() {
        let mut c = ReportConfig {
            hidden_dimensions: vec!["Culture and Organization".into()],
            max_level: 3,
            fields: vec![],
            which: Which::NotImplemented,
        };
        c.set_field(ReportField::Tools, true);
        c.set_field(ReportField::Risk, true);
        assert_eq!(c.fields, [ReportField::Risk, ReportField::Tools]);
        let v = parse(&c.to_json()).unwrap();
        assert_eq!(ReportConfig::from_value(&v), c);
        let read = |s: &str| ReportConfig::from_value(&parse(s).unwrap());
        let d = ReportConfig::default();
        assert_eq!(read("{}"), d);
        // Values out of range or of the wrong kind take their defaults; the rest is kept.
        let odd = read("{\"maxLevel\": 7, \"activities\": \"all\"}");
        assert_eq!((odd.max_level, odd.which), (5, Which::All));
        // The teams an earlier version kept here: read, and left out (the header chooses).
        let earlier = "{\"scope\": \"t:A\", \"maxLevel\": 3}";
        assert_eq!(
            read(earlier),
            ReportConfig {
                max_level: 3,
                ..d.clone()
            }
        );
        assert!(!read(earlier).to_json().contains("scope"));
        // An activity choice a later version adds takes the default; the rest is kept.
        let later = read("{\"activities\": \"some\", \"maxLevel\": 2}");
        assert_eq!((later.which, later.max_level), (Which::Touched, 2));
        // Values of earlier versions read as they were written: a stored "all" stays.
        for w in Which::ALL {
            assert_eq!(
                read(&format!("{{\"activities\": \"{}\"}}", w.key())).which,
                w
            );
        }
        assert_eq!(read("{\"activities\": \"all\"}").which, Which::All);
        assert_eq!(read("{\"fields\": \"risk\"}").fields, d.fields);
        assert_eq!(read("[1, 2]"), d);
        // A field a later version adds is left out.
        assert_eq!(
            read("{\"fields\": [\"risk\", \"pictures\"]}").fields,
            [ReportField::Risk]
        );
    }
}
