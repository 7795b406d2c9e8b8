//! The pure core: everything DSOMM-specific, with no browser types, tested on the host.
//!
//! - `model`: the activity catalogue as typed data (generated at build time), lookups,
//!   the search index;
//! - `assessment`: teams and groups, progress states and their rules, scores, evidence,
//!   settings, dates;
//! - `tree`: the document tree the readers make and the quoting the writers use (imports
//!   nothing else of the domain);
//! - `formats`: the strict YAML reader, the stored JSON, and the file formats (team
//!   progress, team evidence, teams, the one-file assessment), each with its own error;
//! - `storage`: the storage gateway over any key-value backend (quarantine, batches,
//!   schema);
//! - `views`: markup and geometry shared by the pre-rendered page and the live one
//!   (matrix, heatmap, markdown), routes and filters in the URL, the page's CSP.

/// An error type of one module: the sentence it refuses with, shown as it is (`Display`).
/// Each module has its own, so one module's wording reaches another's only through a
/// `From` that says how it is worded there; the pages turn it into text where they show it
/// (`From<…> for String`).
macro_rules! message_error {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $name(String);

        impl std::fmt::Display for $name {
            // String's own: the same code as a message that was a String (the first module
            // has no bytes to spare).
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl std::error::Error for $name {}

        impl From<String> for $name {
            fn from(s: String) -> $name {
                $name(s)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> $name {
                $name(s.to_string())
            }
        }

        impl From<$name> for String {
            fn from(e: $name) -> String {
                e.0
            }
        }
    };
}

pub mod assessment;
pub mod formats;
pub mod model;
pub mod storage;
#[cfg(test)]
pub(crate) mod test_support;
pub mod tree;
pub mod views;
