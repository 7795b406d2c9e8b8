//! Reading and writing: the strict YAML reader, the JSON kept in storage, and the files the
//! app reads and writes (the reference app's formats and the one-file assessment).

pub mod backup;
pub mod evidence_yaml;
pub mod exports;
pub mod json;
pub mod progress_yaml;
pub mod sheet;
pub mod teams_yaml;
pub mod yaml_lite;
