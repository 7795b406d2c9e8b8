//! The Content-Security-Policy of the built index.html. The app is served by any static host,
//! so the policy travels in the page as `<meta http-equiv>`; a host that can add headers
//! should send the same policy plus `frame-ancestors 'none'` (README).
//!
//! Inline scripts (the boot script of index.html and the module script trunk writes) are
//! allowed by their SHA-256, computed from the final page by the build (`dsomm-preview`), so
//! no `'unsafe-inline'` is needed and nothing else inline can run.

use sha2::{Digest, Sha256};

message_error!(
    /// Why the policy cannot be put in a page (the build stops with it).
    CspError
);

/// The policy's fixed part. `'wasm-unsafe-eval'` only allows compiling WebAssembly, not
/// `eval`; `data:` images are the empty favicon.
const FIXED: [&str; 8] = [
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "worker-src 'self'",
];

/// What marks a page as already carrying the policy.
pub const META_START: &str = "<meta http-equiv=\"Content-Security-Policy\"";

/// The bodies of the page's inline `<script>` elements (those without `src`), in order.
pub fn inline_scripts(html: &str) -> Result<Vec<&str>, CspError> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = find_ci(rest, "<script") {
        let after = &rest[at + 7..];
        let open_end = after.find('>').ok_or("a <script> tag is not closed")?;
        let attrs = &after[..open_end];
        let body_and_rest = &after[open_end + 1..];
        let close =
            find_ci(body_and_rest, "</script").ok_or("a <script> element has no end tag")?;
        if !has_src(attrs) {
            out.push(&body_and_rest[..close]);
        } else if !body_and_rest[..close].trim().is_empty() {
            return Err("a <script src> element has a body".into());
        }
        rest = &body_and_rest[close..];
        rest = &rest[rest.find('>').map_or(rest.len(), |i| i + 1)..];
    }
    Ok(out)
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn has_src(attrs: &str) -> bool {
    attrs
        .split(|c: char| c.is_ascii_whitespace())
        .any(|a| a.to_ascii_lowercase().starts_with("src="))
}

/// `'sha256-…'` of a script body, as browsers compare it (over its UTF-8 bytes).
pub fn source_hash(body: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(body.as_bytes())))
}

/// The whole policy for a page whose inline scripts have these bodies.
pub fn policy(scripts: &[&str]) -> String {
    let mut script_src = String::from("script-src 'self' 'wasm-unsafe-eval'");
    for s in scripts {
        script_src.push(' ');
        script_src.push_str(&source_hash(s));
    }
    let mut parts: Vec<String> = FIXED.iter().map(|s| s.to_string()).collect();
    parts.insert(1, script_src);
    parts.join("; ")
}

/// The page with the policy right after `<meta charset>` (or first in `<head>`), before
/// every script. Trunk's minified page has no `<head>` tag, only its content.
pub fn with_policy(html: &str) -> Result<String, CspError> {
    if html.contains(META_START) {
        return Err("the page already has a Content-Security-Policy".into());
    }
    let charset =
        find_ci(html, "<meta charset").and_then(|at| html[at..].find('>').map(|end| at + end + 1));
    let head = charset
        .or_else(|| find_ci(html, "<head>").map(|at| at + "<head>".len()))
        .ok_or("the page has no <head> and no <meta charset>")?;
    if find_ci(&html[..head], "<script").is_some() {
        return Err("a script comes before the place of the policy".into());
    }
    let meta = format!(
        "{META_START} content=\"{}\">",
        policy(&inline_scripts(html)?)
    );
    Ok(format!("{}{meta}{}", &html[..head], &html[head..]))
}

/// Standard base64 with padding (a CSP hash is 32 bytes; not worth a crate).
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_match_known_values() {
        // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            source_hash("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
    }

    #[test]
    fn inline_scripts_are_found_and_external_ones_skipped() {
        let html = "<head><SCRIPT>a()</SCRIPT><script src=\"x.js\"></script>\
                    <script type=module>import init from './x.js';</script></head>";
        assert_eq!(
            inline_scripts(html).unwrap(),
            ["a()", "import init from './x.js';"]
        );
        assert!(inline_scripts("<script>never closed").is_err());
        assert!(inline_scripts("<script src=a.js>body</script>").is_err());
    }

    #[test]
    fn the_policy_goes_first_in_head_with_every_inline_script_hashed() {
        let page =
            with_policy("<html><head><script>a()</script></head><body></body></html>").unwrap();
        assert!(page.starts_with(&format!("<html><head>{META_START} content=\"default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-")));
        assert!(page.contains(&source_hash("a()")));
        for directive in ["object-src 'none'", "base-uri 'none'", "form-action 'none'"] {
            assert!(page.contains(directive), "{directive}");
        }
        assert!(!page.contains("unsafe-inline") && !page.contains("'unsafe-eval'"));
        assert!(with_policy(&page).is_err(), "not twice");
        // Minified (no <head> tag): after the charset.
        let min =
            with_policy("<!doctype html><html lang=en><meta charset=utf-8><script>b()</script>")
                .unwrap();
        assert!(min.starts_with(&format!(
            "<!doctype html><html lang=en><meta charset=utf-8>{META_START}"
        )));
        assert!(with_policy("<p>no head</p>").is_err());
    }
}
