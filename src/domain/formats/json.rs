//! The JSON values the storage gateway keeps in localStorage, written and read by hand
//! (`tree::quote` writes JSON strings; [`parse`] is a strict JSON reader of its own). This
//! keeps a JSON library out of the WebAssembly binary. Reading through `yaml_lite`'s flow
//! collections instead (JSON is a subset of what it reads on one line) linked the YAML reader
//! into the first module: measured 2026-12-07, the first screen was 5.4 KB (brotli) larger
//! (123,519 against 118,124 B).
//!
//! Measured (2026-12, release build, brotli -q 11): reading through `serde_json::Value`
//! instead (`default-features = false, features = ["std"]`) made the first module 10.1 KB
//! and the pages module 10.2 KB larger (119.8 -> 129.9 KB, 294.2 -> 304.4 KB): 20 KB for the
//! app, over the 15 KB this was allowed to cost. Both readers are checked against each other
//! (serde_json is the tests' oracle: `tests::progress_round_trips_and_is_real_json`,
//! `tests::props::the_reader_agrees_with_serde_json`).

use std::collections::BTreeMap;

use crate::domain::assessment::date::Date;
use crate::domain::assessment::evidence::{read_entry, ActivityEvidence, Evidence};
use crate::domain::assessment::names::Names;
use crate::domain::assessment::progress::TeamProgress;
use crate::domain::assessment::settings::{Field, Settings};
use crate::domain::assessment::{check_read_name, ActivityProgress, Group};
use crate::domain::tree::quote;
use crate::domain::tree::Value;

message_error!(
    /// Why a stored JSON value cannot be read (the gateway sets it aside with this reason).
    JsonError
);

/// Reads one stored JSON value into the document tree: objects are maps (a key twice is
/// refused), arrays lists, strings, numbers, `true` and `false` text, `null` nothing.
/// An empty value is nothing; more than one line is refused. Strict JSON only (RFC 8259;
/// nesting up to `yaml_lite::MAX_DEPTH`). Its own reader, not
/// `yaml_lite`'s flow collections: the first module reads JSON only (see the module doc).
pub fn parse(raw: &str) -> Result<Value, JsonError> {
    if raw.contains('\n') {
        return Err("stored JSON must be one line".into());
    }
    // Nothing stored in the value: nothing (as a YAML reader reads it).
    if raw.trim().is_empty() {
        return Ok(Value::Null);
    }
    let mut r = Reader {
        text: raw,
        pos: 0,
        depth: 0,
    };
    let v = r.value()?;
    r.spaces();
    match r.pos == raw.len() {
        true => Ok(v),
        false => Err(r.refused("unexpected text after the value")),
    }
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl Reader<'_> {
    fn refused(&self, why: &str) -> JsonError {
        format!("not valid JSON at character {}: {why}", self.pos + 1).into()
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Skips `c` (after spaces), or says it is missing.
    fn expect(&mut self, c: u8, what: &str) -> Result<(), JsonError> {
        self.spaces();
        if self.peek() != Some(c) {
            return Err(self.refused(what));
        }
        self.pos += 1;
        Ok(())
    }

    fn value(&mut self) -> Result<Value, JsonError> {
        self.spaces();
        let open = self.peek();
        if matches!(open, Some(b'[' | b'{')) {
            self.depth += 1;
            if self.depth > super::yaml_lite::MAX_DEPTH {
                return Err(self.refused("nested too deeply"));
            }
            self.pos += 1;
            let v = self.collection(open == Some(b'{'))?;
            self.depth -= 1;
            return Ok(v);
        }
        if open == Some(b'"') {
            return self.string().map(Value::Scalar);
        }
        // A number, true, false or null: its text up to the next delimiter.
        let rest = &self.text[self.pos..];
        let len = rest
            .find([',', ']', '}', ' ', '\t', '\n', '\r'])
            .unwrap_or(rest.len());
        let word = &rest[..len];
        // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
        let number = {
            let digits = word.strip_prefix('-').unwrap_or(word);
            let (mantissa, exp) = match digits.split_once(['e', 'E']) {
                Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
                None => (digits, None),
            };
            let (int, frac) = match mantissa.split_once('.') {
                Some((i, f)) => (i, Some(f)),
                None => (mantissa, None),
            };
            let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            all_digits(int)
                && (int == "0" || !int.starts_with('0'))
                && frac.is_none_or(all_digits)
                && exp.is_none_or(all_digits)
        };
        let v = match word {
            "null" => Value::Null,
            "true" | "false" => Value::Scalar(word.into()),
            _ if number => Value::Scalar(word.into()),
            _ => return Err(self.refused("expected a value")),
        };
        self.pos += len;
        Ok(v)
    }

    /// The rest of an array or object (after its bracket).
    fn collection(&mut self, object: bool) -> Result<Value, JsonError> {
        let close = if object { b'}' } else { b']' };
        let mut items = Vec::new();
        let mut entries: Vec<(String, Value)> = Vec::new();
        self.spaces();
        if self.peek() == Some(close) {
            self.pos += 1;
        } else {
            loop {
                if object {
                    self.spaces();
                    if self.peek() != Some(b'"') {
                        return Err(self.refused("expected a key in double quotes"));
                    }
                    let key = self.string()?;
                    if entries.iter().any(|(k, _)| *k == key) {
                        return Err(self.refused("a key appears twice"));
                    }
                    self.expect(b':', "expected a colon after the key")?;
                    entries.push((key, self.value()?));
                } else {
                    items.push(self.value()?);
                }
                self.spaces();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(c) if c == close => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err(self.refused("a list or mapping is not closed")),
                    _ => return Err(self.refused("expected a comma or the closing bracket")),
                }
            }
        }
        Ok(match object {
            true => Value::Map(entries),
            false => Value::Seq(items),
        })
    }

    /// A string (at its opening quote), unescaped.
    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.pos..];
            let Some(at) = rest.find(['"', '\\']) else {
                return Err(self.refused("a string is not closed"));
            };
            let plain = &rest[..at];
            if plain.chars().any(|c| c < ' ') {
                return Err(self.refused("a control character in a string"));
            }
            out.push_str(plain);
            self.pos += at + 1;
            if rest.as_bytes()[at] == b'"' {
                return Ok(out);
            }
            let e = self
                .peek()
                .ok_or_else(|| self.refused("a string is not closed"))?;
            self.pos += 1;
            let c = match e {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let high = self.hex4()?;
                    // A pair of surrogates is one character; one alone is refused.
                    let code = if (0xD800..0xDC00).contains(&high)
                        && self.text[self.pos..].starts_with("\\u")
                    {
                        self.pos += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..0xE000).contains(&low) {
                            return Err(self.refused("a lone surrogate escape"));
                        }
                        0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        high
                    };
                    char::from_u32(code).ok_or_else(|| self.refused("a lone surrogate escape"))?
                }
                _ => return Err(self.refused("an unknown escape in a string")),
            };
            out.push(c);
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.text.get(self.pos..self.pos + 4).unwrap_or("");
        match u32::from_str_radix(digits, 16) {
            Ok(n) if digits.bytes().all(|b| b.is_ascii_hexdigit()) => {
                self.pos += 4;
                Ok(n)
            }
            _ => Err(self.refused("expected four hex digits after \\u")),
        }
    }
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

        #[test]
        fn numbers_follow_the_json_grammar() {
            for ok in ["0", "-0", "0e0", "1E+2", "-0.5e-3", "12.25", "10"] {
                assert_eq!(parse(ok), Ok(Value::Scalar(ok.into())), "{ok}");
            }
            for bad in [
                "01", "1.", ".5", "-", "1e", "1e+-2", "+1", "0x1", "1.2.3", "NaN",
            ] {
                assert!(parse(bad).is_err(), "{bad}");
            }
        }

        /// `v` as the tree this reader makes of its JSON text (numbers compared by value).
        fn same(ours: &Value, theirs: &serde_json::Value) -> bool {
            use serde_json::Value as J;
            match (ours, theirs) {
                (Value::Null, J::Null) => true,
                (Value::Scalar(s), J::Bool(b)) => *s == b.to_string(),
                (Value::Scalar(s), J::String(t)) => s == t,
                (Value::Scalar(s), J::Number(n)) => s.parse::<f64>().ok() == n.as_f64(),
                (Value::Seq(a), J::Array(b)) => {
                    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
                }
                (Value::Map(a), J::Object(b)) => {
                    a.len() == b.len()
                        && a.iter().all(|(k, x)| b.get(k).is_some_and(|y| same(x, y)))
                }
                _ => false,
            }
        }

        proptest! {
            /// This reader and serde_json (the oracle) agree on any one-line text: both
            /// refuse it, or both read the same tree. (A key twice, which serde_json lets
            /// the last one win, is refused here.)
            #[test]
            fn the_reader_agrees_with_serde_json(
                text in "([\\[\\]{},:\" ]|true|false|null|-?[0-9]{1,3}(\\.[0-9])?(e-?[0-9])?|\\\\[\"\\\\/bfnrtu]|u[0-9a-fA-F]{4}|[a-z\u{e9}\u{1F680}\u{7}]){1,24}"
            ) {
                let ours = parse(&text);
                let theirs = serde_json::from_str::<serde_json::Value>(&text);
                // serde_json also refuses numbers beyond f64 (`1e310`), which JSON allows and
                // this reader keeps as written.
                let out_of_range = theirs.as_ref().is_err_and(|e| e.to_string().contains("out of range"));
                if text.trim().is_empty() || out_of_range || ours.as_ref().is_err_and(|e| e.to_string().contains("appears twice")) {
                    return Ok(());
                }
                match (&ours, &theirs) {
                    (Ok(a), Ok(b)) => prop_assert!(same(a, b), "{text:?}: {a:?} vs {b:?}"),
                    (Err(_), Err(_)) => {}
                    _ => prop_assert!(false, "{text:?}: ours {ours:?}, serde_json {theirs:?}"),
                }
            }

            /// Any value serde_json writes is read back the same.
            #[test]
            fn what_serde_json_writes_is_read_back(
                v in proptest::collection::btree_map("[ -~\u{e9}\u{1F680}\u{2028}\u{7}]{0,6}", proptest::collection::vec("[ -~\u{e9}\u{0}-\u{1f}\u{1F680}]{0,8}", 0..4), 0..4)
            ) {
                let text = serde_json::to_string(&v).unwrap();
                let theirs: serde_json::Value = serde_json::from_str(&text).unwrap();
                let ours = parse(&text).unwrap();
                prop_assert!(same(&ours, &theirs), "{text:?}");
            }

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
