//! How messages behave, the same in both wasm modules: they show in one fixed region in
//! view; a success leaves by itself after a while (later when it offers Undo, and not while
//! the pointer or focus is on it); a message does not stack up on a copy of itself, and a
//! success takes the place of the success before it.

/// How long a success is shown.
pub const SHOWN_MS: i32 = 6_000;
/// How long a success with an Undo is shown.
pub const UNDO_MS: i32 = 12_000;
/// When a message due to leave is pointed at or focused: asked again after this.
pub const PAUSED_MS: i32 = 2_000;

/// Whether a new message (`info`: a success) takes the place of one shown.
pub fn replaces(info: bool, text: &str, old_info: bool, old_text: &str) -> bool {
    text == old_text || (info && old_info)
}

/// How long a message stays before it leaves by itself (None: until dismissed).
pub fn lifetime(info: bool, undo: bool) -> Option<i32> {
    match (info, undo) {
        (false, _) => None,
        (true, false) => Some(SHOWN_MS),
        (true, true) => Some(UNDO_MS),
    }
}

/// The word that starts a message, so its kind is not told by colour alone.
pub fn prefix(info: bool) -> &'static str {
    if info {
        "Done: "
    } else {
        "Problem: "
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_and_successes_replace_errors_stay() {
        assert!(replaces(false, "Full", false, "Full"));
        assert!(replaces(true, "Saved.", true, "Team added."));
        assert!(!replaces(true, "Saved.", false, "Storage is full"));
        assert!(!replaces(false, "Storage is full", true, "Saved."));
        assert!(!replaces(false, "A", false, "B"));
        assert_eq!(lifetime(false, false), None);
        assert!(lifetime(true, true) > lifetime(true, false));
    }
}
