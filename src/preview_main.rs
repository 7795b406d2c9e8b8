//! Build step (run on the host by scripts/post-build) on the built index.html:
//! 1. writes the pre-rendered first screen (`domain::views::preview`) right before its `<noscript>`;
//! 2. writes the search index beside it as `search-<hash>.bin` (`domain::model::Search`),
//!    named in `<meta name="dsomm-search">` and preloaded, so the first module fetches it
//!    while it starts instead of carrying it;
//! 3. lets the boot script preload or compile the first module's wasm
//!    (`dsomm::domain::views::boot`);
//! 4. puts the Content-Security-Policy with the hashes of the final page's inline scripts in
//!    front (`dsomm::domain::views::csp`).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use sha2::{Digest, Sha256};

    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dsomm-preview DIST/index.html");
        std::process::exit(2);
    };
    let fail = |why: String| -> ! {
        eprintln!("dsomm-preview: {path}: {why}");
        std::process::exit(1);
    };
    let html = std::fs::read_to_string(&path).unwrap_or_else(|e| fail(e.to_string()));
    if html.contains(dsomm::domain::views::preview::PREVIEW_ID_ATTR) {
        fail("already has a preview".into());
    }
    let Some(at) = html.find("<noscript>") else {
        fail("no <noscript> tag".into());
    };
    let preview = dsomm::domain::views::preview::first_screen(&dsomm::domain::model::MODEL);
    let html = format!("{}{preview}{}", &html[..at], &html[at..]);

    let index = dsomm::domain::model::SEARCH.to_bytes();
    let hash: String = Sha256::digest(&index)
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    let name = format!("search-{hash}.bin");
    let dir = std::path::Path::new(&path)
        .parent()
        .unwrap_or(std::path::Path::new("."));
    std::fs::write(dir.join(&name), &index).unwrap_or_else(|e| fail(e.to_string()));
    let Some(head_end) = html.find("<title>") else {
        fail("no <title> tag".into());
    };
    let links = format!(
        "<meta name=dsomm-search content={name}><link rel=preload href=./{name} as=fetch crossorigin>"
    );
    let html = format!("{}{links}{}", &html[..head_end], &html[head_end..]);

    let html = dsomm::domain::views::boot::early_first_module(&html)
        .unwrap_or_else(|e| fail(e.to_string()));
    let out = dsomm::domain::views::csp::with_policy(&html).unwrap_or_else(|e| fail(e.to_string()));
    std::fs::write(&path, out).unwrap_or_else(|e| fail(e.to_string()));
}

#[cfg(target_arch = "wasm32")]
fn main() {}
