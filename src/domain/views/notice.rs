//! How messages behave, the same in both wasm modules: they show in one fixed region in
//! view; a message does not stack up on a copy of itself, and a success takes the place of
//! the success before it. A success leaves by itself after 8 s (12 s when it offers Undo),
//! not while the pointer or focus is on it: that is style/app.css (`.notice--info`, an
//! animation paused on hover and focus), which costs the first module no code.

/// Whether a new message (`info`: a success) takes the place of one shown.
pub fn replaces(info: bool, text: &str, old_info: bool, old_text: &str) -> bool {
    text == old_text || (info && old_info)
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
    }
}
