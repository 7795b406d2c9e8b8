//! What pages show, as data and markup the browser code only puts in place: the matrix
//! table (pre-rendered and live), the first screen, heatmap geometry, markdown, routes and
//! filters in the URL, HTML escaping, counts in words, and the page's Content-Security-Policy.

#[cfg(not(target_arch = "wasm32"))]
pub mod boot;
#[cfg(not(target_arch = "wasm32"))]
pub mod csp;
pub mod filters;
pub mod graph;
pub mod heatmap;
pub mod html;
pub mod mapping;
pub mod matrix_html;
pub mod md_lite;
pub mod natural;
pub mod notice;
pub mod preview;
pub mod report_html;
pub mod route;
pub mod url;
pub mod words;
