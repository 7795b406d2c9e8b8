//! DSOMM assessment app: a pure core (`domain`) and a thin Leptos UI (`ui`, browser only).

pub mod domain;

/// Browser plumbing shared by both wasm modules (no Leptos).
#[cfg(target_arch = "wasm32")]
pub mod browser;
/// The first wasm module: the pre-rendered shell and matrix, bound by hand (no Leptos).
#[cfg(target_arch = "wasm32")]
pub mod shell;
/// The second wasm module: every other page (Leptos). Left out of the first module's build
/// (`--no-default-features`): Leptos brings wasm-streams, whose exported classes and their
/// futures executor every module linking it carries (7 KB of the first module, brotli).
#[cfg(all(target_arch = "wasm32", feature = "pages"))]
pub mod ui;
