#[cfg(target_arch = "wasm32")]
fn main() {
    dsomm::shell::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This is a browser app: build and serve it with `scripts/serve` (see README.md).");
}
