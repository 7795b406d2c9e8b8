//! The pure core: everything DSOMM-specific, with no browser types, tested on the host.
//!
//! - `model`: the activity catalogue as typed data (generated at build time), lookups,
//!   the search index;
//! - `assessment`: teams and groups, progress states and their rules, scores, evidence,
//!   settings, dates;
//! - `formats`: the strict YAML reader, the stored JSON, and the file formats (team
//!   progress, team evidence, teams, the one-file assessment);
//! - `storage`: the storage gateway over any key-value backend (quarantine, batches,
//!   schema);
//! - `views`: markup and geometry shared by the pre-rendered page and the live one
//!   (matrix, heatmap, markdown), routes and filters in the URL, the page's CSP.

pub mod assessment;
pub mod formats;
pub mod model;
pub mod storage;
#[cfg(test)]
pub(crate) mod test_support;
pub mod views;
