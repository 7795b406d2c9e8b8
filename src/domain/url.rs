//! Percent-encoding for the URL fragment (`#/?q=…`, `#/activity/<uuid>`). Also compiled into
//! build.rs (activity pages link to other activities and tags), so it depends on nothing.

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
