//! The key-value store under the gateway (localStorage's semantics), an in-memory one for
//! tests, and why a read or write failed, as the user is told.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;

/// Why storage could not be read or written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// No storage at all (disabled, private mode, sandboxed frame).
    Unavailable(String),
    /// The browser refused the write: storage is full.
    QuotaExceeded,
    /// The key holds data that could not be read nor set aside, or data from a newer version:
    /// writing would destroy it.
    Protected(String),
    Other(String),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Unavailable(e) => write!(
                f,
                "Browser storage is not available ({e}); changes cannot be saved. Download your assessment to keep it."
            ),
            StorageError::QuotaExceeded => write!(
                f,
                "Browser storage is full, so the change was not saved. Download your assessment, then free some space (for example discard quarantined data)."
            ),
            StorageError::Protected(why) => write!(f, "Not saved: {why}"),
            StorageError::Other(e) => write!(f, "Saving failed: {e}"),
        }
    }
}

impl std::error::Error for StorageError {}

/// A key-value store with localStorage's semantics.
pub trait Backend {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError>;
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError>;
    fn remove(&self, key: &str) -> Result<(), StorageError>;
    fn keys(&self) -> Result<Vec<String>, StorageError>;
}

/// In-memory backend with an optional size limit (characters of keys + values), for tests.
#[derive(Default)]
pub struct MemoryBackend {
    pub data: RefCell<BTreeMap<String, String>>,
    pub limit: Option<usize>,
}

impl MemoryBackend {
    /// Characters of every key and value, as `limit` counts them.
    pub fn used(&self) -> usize {
        self.data
            .borrow()
            .iter()
            .map(|(k, v)| k.len() + v.len())
            .sum()
    }
}

impl Backend for MemoryBackend {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self.data.borrow().get(key).cloned())
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        if let Some(limit) = self.limit {
            let old = self
                .data
                .borrow()
                .get(key)
                .map_or(0, |v| key.len() + v.len());
            if self.used() - old + key.len() + value.len() > limit {
                return Err(StorageError::QuotaExceeded);
            }
        }
        self.data.borrow_mut().insert(key.into(), value.into());
        Ok(())
    }
    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.data.borrow_mut().remove(key);
        Ok(())
    }
    fn keys(&self) -> Result<Vec<String>, StorageError> {
        Ok(self.data.borrow().keys().cloned().collect())
    }
}
