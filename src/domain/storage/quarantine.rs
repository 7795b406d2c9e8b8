//! Values that could not be read: set aside byte for byte under `dsomm.quarantine.<key>`
//! (or, when that fails, protected where they are), listed for download, discarded on request.

use super::load::Loaded;
use super::{kind_of, Backend, Gateway, StorageError, QUARANTINE_PREFIX};

/// A stored value that could not be read and was set aside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quarantined {
    /// Where it is kept now.
    pub key: String,
    /// Where it was found.
    pub original_key: String,
    pub value: String,
    pub reason: String,
}

impl<B: Backend> Gateway<B> {
    pub(super) fn set_aside(
        &self,
        key: &str,
        raw: &str,
        reason: String,
        tidy: bool,
        loaded: &mut Loaded,
    ) {
        let before = loaded.problems.len();
        self.move_aside(key, raw, reason, tidy, loaded);
        if kind_of(key).is_some_and(|(def, _)| !def.matrix) {
            let new = loaded.problems[before..].to_vec();
            loaded.problems_not_matrix.extend(new);
        }
    }

    pub(super) fn move_aside(
        &self,
        key: &str,
        raw: &str,
        reason: String,
        tidy: bool,
        loaded: &mut Loaded,
    ) {
        let target = format!("{QUARANTINE_PREFIX}{key}");
        let moved = tidy
            && self.read_only.borrow().is_none()
            && self.backend.get(&target).ok().flatten().is_none()
            && self.set(&target, raw).is_ok()
            && self.remove(key).is_ok();
        if moved {
            loaded.problems.push(format!(
                "Stored data under \"{key}\" could not be read ({reason}). It was set aside unchanged; download it from the Data page."
            ));
        } else {
            self.protected.borrow_mut().insert(key.to_string());
            loaded.problems.push(format!(
                "Stored data under \"{key}\" could not be read ({reason}) and could not be set aside, so it is left untouched and will not be overwritten."
            ));
            loaded.quarantined.push(Quarantined {
                key: key.to_string(),
                original_key: key.to_string(),
                value: raw.to_string(),
                reason,
            });
        }
    }

    /// Values set aside by earlier loads, plus those that could not be moved.
    pub fn quarantined(&self) -> Result<Vec<Quarantined>, StorageError> {
        let mut out = Vec::new();
        for key in self.backend.keys()? {
            if let Some(original) = key.strip_prefix(QUARANTINE_PREFIX) {
                let value = self.backend.get(&key)?.unwrap_or_default();
                let reason = self
                    .problem(original, &value)
                    .unwrap_or_else(|| "unreadable".into());
                out.push(Quarantined {
                    original_key: original.to_string(),
                    key,
                    value,
                    reason,
                });
            }
        }
        for key in self.protected.borrow().iter() {
            if let Some(value) = self.backend.get(key)? {
                let reason = self.problem(key, &value).unwrap_or_default();
                out.push(Quarantined {
                    key: key.clone(),
                    original_key: key.clone(),
                    value,
                    reason,
                });
            }
        }
        Ok(out)
    }

    /// Deletes a value from quarantine (after the user chose to).
    pub fn discard(&self, quarantine_key: &str) -> Result<(), StorageError> {
        // A protected key is exactly what the user may discard; only read-only mode forbids it.
        if let Some(why) = self.read_only.borrow().as_ref() {
            return Err(StorageError::Protected(why.clone()));
        }
        self.protected.borrow_mut().remove(quarantine_key);
        self.remove(quarantine_key)
    }
}
