//! Build step (run on the host by scripts/post-build): writes the pre-rendered first screen
//! (`domain::preview`) into the built index.html, right before its `<noscript>`, then puts
//! the Content-Security-Policy with the hashes of the final page's inline scripts in front
//! (`domain::csp`).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dsomm-preview DIST/index.html");
        std::process::exit(2);
    };
    let fail = |why: String| -> ! {
        eprintln!("dsomm-preview: {path}: {why}");
        std::process::exit(1);
    };
    let html = std::fs::read_to_string(&path).unwrap_or_else(|e| fail(e.to_string()));
    if html.contains(dsomm::domain::preview::PREVIEW_ID_ATTR) {
        fail("already has a preview".into());
    }
    let Some(at) = html.find("<noscript>") else {
        fail("no <noscript> tag".into());
    };
    let preview = dsomm::domain::preview::first_screen(&dsomm::domain::model::MODEL);
    let out = format!("{}{preview}{}", &html[..at], &html[at..]);
    let out = dsomm::domain::csp::with_policy(&out).unwrap_or_else(|e| fail(e));
    std::fs::write(&path, out).unwrap_or_else(|e| fail(e.to_string()));
}

#[cfg(target_arch = "wasm32")]
fn main() {}
