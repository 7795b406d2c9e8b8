//! The last known name of each activity that holds progress or evidence, kept beside them
//! (`dsomm.v1.names`): when a newer model drops an activity (or a custom file removes it),
//! what is kept for it is listed under the name it had, not only its uuid. Stored as JSON
//! (`formats::json::decode_names`).

use std::collections::BTreeMap;

/// uuid → name.
pub type Names = BTreeMap<String, String>;

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
