//! The pure core: everything DSOMM-specific, with no browser types, tested on the host.

pub mod activity_page;
pub mod assessment;
pub mod backup;
pub mod date;
pub mod evidence;
pub mod evidence_yaml;
pub mod filters;
pub mod heatmap;
pub mod json;
pub mod markdown;
pub mod md_lite;
pub mod model;
pub mod model_source;
pub mod overview;
pub mod preview;
pub mod progress;
pub mod progress_defs;
pub mod progress_yaml;
pub mod route;
pub mod scores;
pub mod settings;
pub mod storage;
pub mod teams;
pub mod teams_yaml;
pub mod url;
pub mod yaml_lite;
