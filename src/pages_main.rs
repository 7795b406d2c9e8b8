//! The second wasm module: every page but the matrix, loaded by the first after it started.

#[cfg(target_arch = "wasm32")]
fn main() {
    dsomm::ui::start_pages();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This is a browser app: build and serve it with `scripts/serve` (see README.md).");
}
