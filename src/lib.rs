//! DSOMM assessment app: a pure core (`domain`) and a thin Leptos UI (`ui`, browser only).

pub mod domain;

#[cfg(target_arch = "wasm32")]
pub mod ui;
