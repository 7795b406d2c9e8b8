//! The last known name of each activity that holds progress or evidence, kept beside them
//! (`dsomm.v1.names`): when a newer model drops an activity (or a custom file removes it),
//! what is kept for it is listed under the name it had, not only its uuid.

use std::collections::BTreeMap;

use crate::domain::formats::json;
use crate::domain::formats::progress_yaml::quote;
use crate::domain::formats::yaml_lite::Value;

/// uuid → name.
pub type Names = BTreeMap<String, String>;

/// Reads the stored names; anything unreadable reads as none (they are only ever a hint).
pub fn decode(raw: Option<&str>) -> Names {
    let mut names = Names::new();
    if let Some(Ok(Value::Map(m))) = raw.map(json::parse) {
        for (uuid, v) in m {
            if let Value::Scalar(name) = v {
                names.insert(uuid, name);
            }
        }
    }
    names
}

pub fn encode(names: &Names) -> String {
    let items: Vec<String> = names
        .iter()
        .map(|(u, n)| format!("{}:{}", quote(u), quote(n)))
        .collect();
    format!("{{{}}}", items.join(","))
}

/// The names to keep: those of `stored`, with each of `with_data` that the model names
/// (`name_of`) under its current name. None when nothing changed (nothing to write).
pub fn remember<'a>(
    stored: &Names,
    with_data: impl IntoIterator<Item = &'a str>,
    name_of: impl Fn(&str) -> Option<&'a str>,
) -> Option<Names> {
    let mut next = stored.clone();
    for uuid in with_data {
        if let Some(name) = name_of(uuid) {
            if next.get(uuid).map(String::as_str) != Some(name) {
                next.insert(uuid.to_string(), name.to_string());
            }
        }
    }
    (next != *stored).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_remembered_kept_and_read_back() {
        let model = |u: &str| match u {
            "u-1" => Some("First"),
            "u-2" => Some("Second \"quoted\"\n"),
            _ => None,
        };
        let first = remember(&Names::new(), ["u-1", "u-2", "gone"], model).unwrap();
        assert_eq!(first.len(), 2);
        assert_eq!(decode(Some(&encode(&first))), first);
        // Nothing new: nothing to write.
        assert_eq!(remember(&first, ["u-1"], model), None);
        // A newer model without u-1 keeps its last known name.
        let newer = |u: &str| (u == "u-2").then_some("Second, renamed");
        let next = remember(&first, ["u-1", "u-2"], newer).unwrap();
        assert_eq!(next["u-1"], "First");
        assert_eq!(next["u-2"], "Second, renamed");
        assert!(decode(Some("not json")).is_empty());
        assert!(decode(None).is_empty());
    }
}
