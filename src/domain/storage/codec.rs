//! Schema 3's compact values: the team table (stable short ids for team names) and one
//! activity's progress with its whole history.
//!
//! Why not JSON: 1000 teams × 194 activities, each with two states reached, must fit in
//! 80 % of the 5.24 million characters Chromium gives localStorage, i.e. about 21
//! characters per team and activity. Schema 2's JSON took 70 for one dated state (team and
//! state names written out in every record). Here a team is its id (two characters up to
//! 1296 teams), a state one letter from the value's own list of names, a date three
//! characters:
//!
//! ```text
//! ["Started","Partly implemented"] 0AJb7+BJb7-BJc0~Jd1 1AJa3?
//! ```
//!
//! - the header: a JSON list of the state names used in this value; `A` is the first, `B`
//!   the second … `Z`, then `*` and two date-alphabet characters for any further one;
//! - then, after a space each, one team: its id (base 36, `0-9a-z`) and its history, oldest
//!   first, each entry written `[+][-]<state><date>[~<recorded>|?]`: `+` when it is part
//!   of the same change as the entry before (one click that fills skipped states), `-` for
//!   a state left (else reached), the date it applies from, and when it was recorded:
//!   nothing when on that same date, `~` and the day, or `?` when not known;
//! - a date: three characters of `0-9A-Za-z_.` counting days from 1900-01-01 (until 2617),
//!   or `!` and four for any other date from year 1 to 9999.
//!
//! A team with 2 entries recorded on other days takes 19 characters (`cap_1000_teams` test).

use std::collections::BTreeMap;

use crate::domain::assessment::date::Date;
use crate::domain::assessment::progress::{Change, TeamProgress};
use crate::domain::assessment::{check_read_name, ActivityProgress};
use crate::domain::formats::json;
use crate::domain::tree::quote;
use crate::domain::tree::Value;

const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_.";

fn digit(c: u8) -> Option<u32> {
    Some(match c {
        b'0'..=b'9' => c - b'0',
        b'A'..=b'Z' => c - b'A' + 10,
        b'a'..=b'z' => c - b'a' + 36,
        b'_' => 62,
        b'.' => 63,
        _ => return None,
    } as u32)
}

/// Days from 0001-01-01 to 1900-01-01.
const EPOCH: u32 = 693_595;

/// `width` base-64 digits of `v`, most significant first.
fn push_digits(out: &mut String, v: u32, width: usize) {
    for i in (0..width).rev() {
        out.push(DIGITS[((v >> (6 * i)) & 63) as usize] as char);
    }
}

fn push_date(out: &mut String, d: Date) {
    let days = d.to_days();
    match days.checked_sub(EPOCH).filter(|v| *v < 64 * 64 * 64) {
        Some(v) => push_digits(out, v, 3),
        None => {
            out.push('!');
            push_digits(out, days, 4);
        }
    }
}

/// Team ids, written in base 36.
pub fn id_text(id: u32) -> String {
    let mut digits = Vec::new();
    let mut v = id;
    loop {
        digits.push(DIGITS[(v % 36) as usize].to_ascii_lowercase() as char);
        v /= 36;
        if v == 0 {
            break;
        }
    }
    digits.iter().rev().collect()
}

/// The stable short id of every team name the stored progress may use: the team list in
/// its order, and teams deleted since (`gone`), whose ids are never given to another name.
/// A name deleted and added again gets its old id back. Lookups both ways are indexed:
/// reading 1000 teams' progress looks up 194,000 ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TeamIds {
    list: Vec<(u32, String)>,
    gone: Vec<(u32, String)>,
    /// (usize: the map type the gateway's size count uses, one copy of its code.)
    by_name: BTreeMap<String, usize>,
    /// id → name, for ids below `by_id.len()` (ids are small and dense).
    by_id: Vec<Option<String>>,
}

impl TeamIds {
    /// The table of `list` (in order) and `gone`; ids and names must be unique.
    fn new(list: Vec<(u32, String)>, gone: Vec<(u32, String)>) -> TeamIds {
        let mut t = TeamIds {
            list,
            gone,
            ..TeamIds::default()
        };
        let all: Vec<(u32, String)> = t.list.iter().chain(&t.gone).cloned().collect();
        for (id, name) in all {
            t.index(id, &name);
        }
        t
    }

    fn index(&mut self, id: u32, name: &str) {
        self.by_name.insert(name.to_string(), id as usize);
        let i = id as usize;
        if self.by_id.len() <= i {
            self.by_id.resize(i + 1, None);
        }
        self.by_id[i] = Some(name.to_string());
    }

    /// The team list, in order.
    pub fn names(&self) -> Vec<String> {
        self.list.iter().map(|(_, n)| n.clone()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn id_of(&self, name: &str) -> Option<u32> {
        self.by_name.get(name).map(|&id| id as u32)
    }

    pub fn name_of(&self, id: u32) -> Option<&str> {
        self.by_id.get(id as usize)?.as_deref()
    }

    fn next_id(&self) -> u32 {
        self.by_id.len() as u32
    }

    /// The table for the team list `names` (in that order): names keep their ids, new
    /// names get new ones, names no longer listed are kept as gone.
    pub fn for_list(&self, names: &[String]) -> TeamIds {
        let mut next = self.next_id();
        let mut list = Vec::with_capacity(names.len());
        for name in names {
            let id = self.id_of(name).unwrap_or_else(|| {
                next += 1;
                next - 1
            });
            list.push((id, name.clone()));
        }
        // Looked up in the new list's own index (no set built: less code in the first module).
        let mut fresh = TeamIds::default();
        for (id, name) in &list {
            fresh.index(*id, name);
        }
        let gone = self
            .list
            .iter()
            .chain(&self.gone)
            .filter(|(_, n)| fresh.id_of(n).is_none())
            .cloned()
            .collect();
        TeamIds::new(list, gone)
    }

    /// Makes sure `name` has an id (as a gone team if not listed): for progress of a team
    /// the list does not (yet) hold.
    pub fn ensure(&mut self, name: &str) -> u32 {
        if let Some(id) = self.id_of(name) {
            return id;
        }
        let id = self.next_id();
        self.gone.push((id, name.to_string()));
        self.index(id, name);
        id
    }

    /// `{"teams":[["0","Team A"],…],"gone":[["7","Old team"]]}`
    pub fn encode(&self) -> String {
        let list = |l: &[(u32, String)]| {
            let items: Vec<String> = l
                .iter()
                .map(|(id, n)| format!("[\"{}\",{}]", id_text(*id), quote(n)))
                .collect();
            format!("[{}]", items.join(","))
        };
        format!(
            "{{\"teams\":{},\"gone\":{}}}",
            list(&self.list),
            list(&self.gone)
        )
    }

    pub fn decode(raw: &str) -> Result<TeamIds, String> {
        let v = json::parse(raw)?;
        if !matches!(v, Value::Map(_)) {
            return Err("expected the team table".into());
        }
        let pairs = |key: &str| -> Result<Vec<(u32, String)>, String> {
            let Some(Value::Seq(items)) = v.get(key) else {
                return match v.get(key) {
                    None | Some(Value::Null) => Ok(Vec::new()),
                    _ => Err(format!("\"{key}\" must be a list")),
                };
            };
            items
                .iter()
                .map(|item| match item {
                    Value::Seq(p) => match p.as_slice() {
                        [Value::Scalar(id), Value::Scalar(name)] => {
                            let id = parse_id(id.as_bytes())
                                .ok_or_else(|| format!("\"{id}\" is not a team id"))?;
                            check_read_name(name).map_err(|e| format!("team name: {e}"))?;
                            Ok((id, name.clone()))
                        }
                        _ => Err("a team must be [id, name]".to_string()),
                    },
                    _ => Err("a team must be [id, name]".to_string()),
                })
                .collect()
        };
        let (list, gone) = (pairs("teams")?, pairs("gone")?);
        let mut ids = std::collections::BTreeSet::new();
        let mut names = std::collections::BTreeSet::new();
        for (id, name) in list.iter().chain(&gone) {
            if *id > 100_000 {
                return Err(format!("team id \"{}\" is too large", id_text(*id)));
            }
            if !ids.insert(id) {
                return Err(format!("team id \"{}\" is used twice", id_text(*id)));
            }
            if !names.insert(name) {
                return Err(format!("team \"{name}\" is listed twice"));
            }
        }
        Ok(TeamIds::new(list, gone))
    }
}

fn parse_id(s: &[u8]) -> Option<u32> {
    if s.is_empty() || s.len() > 6 {
        return None;
    }
    s.iter().try_fold(0u32, |acc, &c| {
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'z' => c - b'a' + 10,
            _ => return None,
        };
        Some(acc * 36 + u32::from(d))
    })
}

/// Writes one activity's progress. `ids` must know every team (see [`TeamIds::ensure`]).
pub fn encode_progress(p: &ActivityProgress, ids: &TeamIds) -> Result<String, String> {
    let mut names: Vec<&str> = Vec::new();
    let mut body = String::new();
    for (team, record) in p {
        if record.is_empty() {
            continue;
        }
        let id = ids
            .id_of(team)
            .ok_or_else(|| format!("team \"{team}\" has no id"))?;
        body.push(' ');
        body.push_str(&id_text(id));
        for c in record.log() {
            if c.joined {
                body.push('+');
            }
            if !c.reached {
                body.push('-');
            }
            let code = match names.iter().position(|n| **n == *c.state) {
                Some(i) => i,
                None => {
                    names.push(&c.state);
                    names.len() - 1
                }
            };
            if code < 26 {
                body.push((b'A' + code as u8) as char);
            } else if code < 26 + 64 * 64 {
                body.push('*');
                push_digits(&mut body, (code - 26) as u32, 2);
            } else {
                return Err("more than 4,000 state names on one activity".into());
            }
            push_date(&mut body, c.date);
            match c.recorded {
                None => body.push('?'),
                Some(r) if r == c.date => {}
                Some(r) => {
                    body.push('~');
                    push_date(&mut body, r);
                }
            }
        }
    }
    let header: Vec<String> = names.iter().map(|n| quote(n)).collect();
    Ok(format!("[{}]{body}", header.join(",")))
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn digits(&mut self, n: usize) -> Option<u32> {
        let mut v = 0;
        for _ in 0..n {
            v = v * 64 + digit(self.peek()?)?;
            self.i += 1;
        }
        Some(v)
    }

    fn date(&mut self) -> Option<Date> {
        if self.peek() == Some(b'!') {
            self.i += 1;
            Date::from_days(self.digits(4)?)
        } else {
            Date::from_days(EPOCH + self.digits(3)?)
        }
    }
}

/// The end of the JSON list the value starts with.
fn header_end(s: &[u8]) -> Option<usize> {
    let mut in_string = false;
    let mut i = 0;
    while i < s.len() {
        match (s[i], in_string) {
            (b'"', _) => in_string = !in_string,
            (b'\\', true) => i += 1,
            (b']', false) => return Some(i + 1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Reads one activity's progress; `ids` names the teams. Every name and date is checked.
pub fn decode_progress(raw: &str, ids: &TeamIds) -> Result<ActivityProgress, String> {
    let bytes = raw.as_bytes();
    if bytes.first() != Some(&b'[') {
        return Err("expected the list of state names first".into());
    }
    let end = header_end(bytes).ok_or("the list of state names is not closed")?;
    let names = match json::parse(&raw[..end])? {
        Value::Seq(items) => items
            .into_iter()
            .map(|v| match v {
                Value::Scalar(s) => {
                    check_read_name(&s).map_err(|e| format!("state name: {e}"))?;
                    Ok(std::sync::Arc::<str>::from(s))
                }
                _ => Err("a state name must be text".to_string()),
            })
            .collect::<Result<Vec<_>, String>>()?,
        _ => return Err("expected a list of state names".into()),
    };
    let mut r = Reader { s: bytes, i: end };
    let mut out = ActivityProgress::new();
    let bad = |i: usize| format!("unreadable progress at character {i}");
    while r.i < bytes.len() {
        if r.peek() != Some(b' ') {
            return Err(bad(r.i));
        }
        r.i += 1;
        let start = r.i;
        while matches!(r.peek(), Some(b'0'..=b'9' | b'a'..=b'z')) {
            r.i += 1;
        }
        let id = parse_id(&bytes[start..r.i]).ok_or_else(|| bad(start))?;
        let team = ids
            .name_of(id)
            .ok_or_else(|| format!("team id \"{}\" is not in the team list", id_text(id)))?;
        let mut log = Vec::new();
        while r.peek().is_some_and(|c| c != b' ') {
            let at = r.i;
            let joined = r.peek() == Some(b'+');
            r.i += usize::from(joined);
            let reached = r.peek() != Some(b'-');
            r.i += usize::from(!reached);
            let code = match r.peek() {
                Some(c @ b'A'..=b'Z') => {
                    r.i += 1;
                    usize::from(c - b'A')
                }
                Some(b'*') => {
                    r.i += 1;
                    26 + r.digits(2).ok_or_else(|| bad(at))? as usize
                }
                _ => return Err(bad(at)),
            };
            let state = names.get(code).ok_or_else(|| bad(at))?;
            let date = r.date().ok_or_else(|| bad(at))?;
            let recorded = match r.peek() {
                Some(b'?') => {
                    r.i += 1;
                    None
                }
                Some(b'~') => {
                    r.i += 1;
                    Some(r.date().ok_or_else(|| bad(at))?)
                }
                _ => Some(date),
            };
            let same = log
                .last()
                .is_some_and(|p: &Change| p.date == date && p.recorded == recorded);
            if joined && !same {
                return Err(bad(at));
            }
            log.push(Change {
                state: state.clone(),
                reached,
                date,
                recorded,
                joined,
            });
        }
        if log.is_empty() {
            return Err(bad(start));
        }
        if out
            .insert(team.to_string(), TeamProgress::from_log(log))
            .is_some()
        {
            return Err(format!("team \"{team}\" is written twice"));
        }
    }
    Ok(out)
}

/// The progress, ready to write: every team named gets an id in `ids` first.
pub fn ensure_ids<'a>(ids: &mut TeamIds, progress: impl IntoIterator<Item = &'a ActivityProgress>) {
    for p in progress {
        for team in p.keys() {
            ids.ensure(team);
        }
    }
}

/// Schema 2's value for one activity (`{team: {state: date}}`), for migration.
pub fn decode_legacy_progress(raw: &str) -> Result<ActivityProgress, String> {
    json::decode_progress(raw).map_err(String::from)
}

/// What a map of records weighs written out (for the capacity tests and the bench).
pub fn encoded_len(progress: &BTreeMap<String, ActivityProgress>, ids: &TeamIds) -> usize {
    progress
        .values()
        .map(|p| encode_progress(p, ids).map_or(0, |s| s.len()))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assessment::progress::ProgressDefs;

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn ids(n: usize) -> TeamIds {
        TeamIds::default().for_list(&(0..n).map(|i| format!("Team {i}")).collect::<Vec<_>>())
    }

    #[test]
    fn a_history_round_trips_with_every_kind_of_entry() {
        let defs = ProgressDefs::default();
        let mut r = TeamProgress::default();
        r.set_state(&defs, 3, d(2026, 3, 1));
        r.set_state(&defs, 1, d(2026, 4, 2));
        r.set_date("Started", d(1850, 1, 1)).unwrap();
        let mut old = TeamProgress::from_dates(BTreeMap::from([
            ("Backlog \"x\" ] é".to_string(), d(9999, 12, 31)),
            ("Started".to_string(), d(2025, 1, 1)),
        ]));
        old.set_state(&defs, 2, d(2026, 5, 5));
        let mut p = ActivityProgress::new();
        p.insert("Team 0".into(), r);
        p.insert("Team 1".into(), old);
        let ids = ids(2);
        let raw = encode_progress(&p, &ids).unwrap();
        assert_eq!(decode_progress(&raw, &ids).unwrap(), p, "{raw}");
        assert!(!raw.contains('\n'));
    }

    #[test]
    fn many_state_names_on_one_activity_still_round_trip() {
        let mut r = TeamProgress::default();
        for i in 0..100 {
            r.insert(format!("S{i}"), d(2026, 1, 1));
        }
        let p = ActivityProgress::from([("Team 0".to_string(), r)]);
        let raw = encode_progress(&p, &ids(1)).unwrap();
        assert_eq!(decode_progress(&raw, &ids(1)).unwrap(), p);
    }

    #[test]
    fn damaged_values_are_refused_not_misread() {
        let ids = ids(1);
        let mut r = TeamProgress::default();
        r.insert("Started".into(), d(2026, 1, 1));
        let good = encode_progress(&ActivityProgress::from([("Team 0".into(), r)]), &ids).unwrap();
        assert!(decode_progress(&good, &ids).is_ok());
        for bad in [
            String::new(),
            "{\"Team A\":{}}".into(),
            good.replace(" 0", " 9"),
            good.replace(" 0", " "),
            good.replace(" 0", "0"),
            format!("{good} 0AJb7"),
            good.replace("[\"Started\"]", "[]"),
            good.replace("[\"Started\"]", "[\"\"]"),
            good[..good.len() - 2].to_string(),
            format!("{good}x"),
            "[\"Started\"".into(),
        ] {
            assert!(decode_progress(&bad, &ids).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn team_ids_are_stable_and_never_reused() {
        let a = TeamIds::default().for_list(&["A".into(), "B".into(), "C".into()]);
        assert_eq!(a.id_of("C"), Some(2));
        let b = a.for_list(&["C".into(), "D".into()]);
        assert_eq!(b.id_of("C"), Some(2));
        assert_eq!(b.id_of("D"), Some(3), "not A's or B's id");
        assert_eq!(b.names(), ["C", "D"]);
        assert_eq!(b.name_of(0), Some("A"), "gone, still known");
        let c = b.for_list(&["A".into(), "C".into()]);
        assert_eq!(c.id_of("A"), Some(0), "back with its old id");
        assert_eq!(TeamIds::decode(&c.encode()).unwrap(), c);
        let mut many = ids(2000);
        assert_eq!(id_text(many.id_of("Team 1295").unwrap()), "zz");
        assert_eq!(many.ensure("New"), 2000);
        assert_eq!(TeamIds::decode(&many.encode()).unwrap(), many);
        for bad in [
            "{\"teams\":[[\"0\",\"A\"],[\"0\",\"B\"]]}",
            "{\"teams\":[[\"0\",\"A\"]],\"gone\":[[\"1\",\"A\"]]}",
            "{\"teams\":[[\"X\",\"A\"]]}",
            "{\"teams\":[[\"0\",\"\"]]}",
            "{\"teams\":\"A\"}",
            "[]",
        ] {
            assert!(TeamIds::decode(bad).is_err(), "{bad}");
        }
    }
}
