//! URLs: the one rule for which links the app follows ([`check_url`], [`safe_href`]), and
//! percent-encoding for the URL fragment (`#/?q=…`, `#/activity/<uuid>`).

use crate::domain::assessment::bad_char;

message_error!(
    /// Why a URL is refused as a link (see [`check_url`]).
    UrlError
);

/// Longest URL accepted.
pub const MAX_URL_CHARS: usize = 2_000;

/// Why a URL is refused as a link (evidence attachments, links in markdown, model tools): only web and mail links, written exactly (no spaces a
/// browser would strip, no `javascript:` or `data:`), so following one cannot run code.
pub fn check_url(url: &str) -> Result<(), UrlError> {
    if url.is_empty() {
        return Err("the URL is empty".into());
    }
    if url.chars().count() > MAX_URL_CHARS {
        return Err(format!("the URL is longer than {MAX_URL_CHARS} characters").into());
    }
    // Browsers drop leading spaces and tabs or newlines inside a scheme (`java\tscript:`).
    if url.chars().any(|c| c.is_whitespace() || bad_char(c)) {
        return Err("the URL must not contain spaces or control characters".into());
    }
    let lower = url.to_ascii_lowercase();
    let rest = ["https://", "http://", "mailto:"]
        .iter()
        .find_map(|s| lower.strip_prefix(s));
    match rest {
        Some("") => Err("the URL has nothing after its scheme".into()),
        Some(_) => Ok(()),
        None => Err("the URL must start with http://, https:// or mailto:".into()),
    }
}

/// Whether `href` may become a link: a URL [`check_url`] accepts, or a link within the app
/// (`#/…`, no scheme).
pub fn safe_href(href: &str) -> bool {
    (href.starts_with('#') && !href.contains(':') && !href.chars().any(bad_char))
        || check_url(href).is_ok()
}

/// Whether a model reference (an id such as `8.31`, or an address such as OpenCRE's)
/// is shown as a link: a web address [`check_url`] accepts.
pub fn is_web_link(id: &str) -> bool {
    (id.starts_with("http://") || id.starts_with("https://")) && check_url(id).is_ok()
}

/// Percent-encodes a query component (RFC 3986 unreserved characters stay).
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else if b == b' ' {
            out.push('+');
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes a percent-encoded query component; invalid escapes are kept as written.
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match hex_byte(bytes.get(i + 1..i + 3)) {
                Some(v) => {
                    out.push(v);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_byte(pair: Option<&[u8]>) -> Option<u8> {
    let text = std::str::from_utf8(pair?).ok()?;
    text.bytes()
        .all(|c| c.is_ascii_hexdigit())
        .then(|| u8::from_str_radix(text, 16).ok())
        .flatten()
}

/// key → still-encoded value pairs of a query string (without the `?`), for values that are
/// lists of encoded items.
pub fn raw_pairs(query: &str) -> Vec<(String, &str)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), v),
            None => (decode(p), ""),
        })
        .collect()
}

/// key → value pairs of a query string (without the `?`).
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    raw_pairs(query)
        .into_iter()
        .map(|(k, v)| (k, decode(v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_urls_are_accepted() {
        for ok in [
            "https://x.example/a?b=c#d",
            "http://x",
            "HTTPS://X.EXAMPLE",
            "mailto:a@b.c",
            "MailTo:a@b.c",
        ] {
            assert_eq!(check_url(ok), Ok(()), "{ok}");
        }
        for bad in [
            "JavaScript:alert(1)",
            "javascript:alert(1)",
            " https://x",
            "https://x ",
            "java\tscript:alert(1)",
            "https://x\ny",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "file:///etc/passwd",
            "//evil.example",
            "/relative",
            "https://",
            "mailto:",
            "",
            "https://x\u{2028}",
            "https://x\u{a0}y",
        ] {
            assert!(check_url(bad).is_err(), "{bad:?}");
        }
        assert!(check_url(&format!("https://{}", "x".repeat(MAX_URL_CHARS))).is_err());
    }

    #[test]
    fn in_app_links_are_safe_hrefs_and_schemes_are_not() {
        assert!(safe_href("#/activity/abc"));
        assert!(safe_href("https://owasp.org"));
        assert!(!safe_href("#javascript:alert(1)"));
        assert!(!safe_href("java\tscript:alert(1)"));
        assert!(!safe_href("/relative"));
    }

    #[test]
    fn decode_keeps_broken_escapes() {
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(decode("a%20b+c"), "a b c");
    }

    #[test]
    fn encode_round_trips() {
        for s in ["a b&c=d", "100% ü #x", ""] {
            assert_eq!(decode(&encode(s)), s);
        }
    }
}
