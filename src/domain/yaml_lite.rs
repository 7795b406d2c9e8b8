//! A small, strict YAML reader for the assessment files (team-progress.yaml and friends).
//!
//! It reads the subset those files use — block mappings and sequences, plain, single- and
//! double-quoted scalars, single-line flow collections, comments — and refuses the rest
//! (anchors, aliases, tags, block scalars, several documents) with a message naming the line.
//! With no aliases and a depth limit, a hostile file cannot make it expand or recurse without
//! bound. Scalars are kept as text exactly as written (`5.10` stays `5.10`). It is also far
//! smaller in WebAssembly than a full YAML library.

use std::collections::HashSet;
use std::fmt;

/// A parsed node. Scalars keep their text; `Null` is an empty value, `~` or `null`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Null,
    Scalar(String),
    Seq(Vec<Value>),
    /// Entries in file order; keys are unique.
    Map(Vec<(String, Value)>),
}

impl Value {
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// What kind of node this is, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Scalar(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// Where and why reading failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Deepest nesting accepted.
pub const MAX_DEPTH: usize = 64;

struct Line {
    /// 1-based line number.
    number: usize,
    indent: usize,
    /// The text after the indentation (not empty, not a comment).
    text: String,
}

fn err<T>(line: usize, message: impl Into<String>) -> Result<T, Error> {
    Err(Error {
        line,
        message: message.into(),
    })
}

/// Parses one YAML document.
pub fn parse(text: &str) -> Result<Value, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = Vec::new();
    let mut started = false;
    for (i, raw) in text.split('\n').enumerate() {
        let number = i + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(c) = raw
            .chars()
            .find(|&c| (c.is_control() && c != '\t') || c == '\u{7f}')
        {
            return err(
                number,
                format!("control character U+{:04X} is not allowed", c as u32),
            );
        }
        let body = raw.trim_start_matches(' ');
        let indent = raw.len() - body.len();
        let trimmed = body.trim_end();
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        if body.starts_with('\t') {
            return err(number, "tabs cannot be used for indentation");
        }
        if indent == 0 && (trimmed == "---" || trimmed.starts_with("--- ")) {
            if started || !lines.is_empty() {
                return err(number, "the file holds more than one YAML document");
            }
            started = true;
            let rest = trimmed[3..].trim();
            if !rest.is_empty() && !rest.starts_with('#') {
                lines.push(Line {
                    number,
                    indent: 4,
                    text: rest.to_string(),
                });
            }
            continue;
        }
        if indent == 0 && trimmed == "..." {
            let rest = text.split('\n').skip(number);
            if let Some((k, _)) = rest
                .enumerate()
                .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            {
                return err(number + k + 1, "the file holds more than one YAML document");
            }
            break;
        }
        if indent == 0 && trimmed.starts_with('%') {
            return err(number, "YAML directives are not supported");
        }
        lines.push(Line {
            number,
            indent,
            text: trimmed.to_string(),
        });
    }
    if lines.is_empty() {
        return Ok(Value::Null);
    }
    // A document that is one flow collection (as JSON is).
    if lines.len() == 1 && lines[0].text.starts_with(['{', '[']) {
        return inline(&lines[0].text, lines[0].number, 0);
    }
    let mut p = Parser { lines, pos: 0 };
    let indent = p.lines[0].indent;
    let v = p.block(indent, 0)?;
    if let Some(l) = p.lines.get(p.pos) {
        return err(l.number, "unexpected indentation");
    }
    Ok(v)
}

struct Parser {
    lines: Vec<Line>,
    pos: usize,
}

fn is_seq_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

impl Parser {
    /// A block node whose lines are indented exactly `indent`.
    fn block(&mut self, indent: usize, depth: usize) -> Result<Value, Error> {
        if depth > MAX_DEPTH {
            return err(self.lines[self.pos].number, "nesting is too deep");
        }
        if is_seq_item(&self.lines[self.pos].text) {
            self.sequence(indent, depth)
        } else {
            self.mapping(indent, depth)
        }
    }

    fn sequence(&mut self, indent: usize, depth: usize) -> Result<Value, Error> {
        if depth > MAX_DEPTH {
            return err(self.lines[self.pos].number, "nesting is too deep");
        }
        let mut items = Vec::new();
        while let Some(line) = self.lines.get(self.pos) {
            // A list that is the value of `key:` at the same indentation ends at the next key.
            if line.indent < indent || (line.indent == indent && !is_seq_item(&line.text)) {
                break;
            }
            if line.indent > indent {
                return err(line.number, "unexpected indentation in a list");
            }
            let number = line.number;
            let rest = line.text[1..].trim_start().to_string();
            if rest.is_empty() || rest.starts_with('#') {
                self.pos += 1;
                items.push(self.nested(indent, depth)?);
            } else if starts_mapping(&rest) || is_seq_item(&rest) {
                // `- key: value` opens a mapping (or `- - x` a list) at the item's column.
                let offset = line.text.len() - rest.len();
                let l = &mut self.lines[self.pos];
                l.indent += offset;
                l.text = rest;
                let col = l.indent;
                items.push(self.block(col, depth + 1)?);
            } else {
                self.pos += 1;
                items.push(inline(&rest, number, depth)?);
            }
        }
        Ok(Value::Seq(items))
    }

    /// The value of a key or item whose own line had nothing after it: a more indented
    /// block, or nothing.
    fn nested(&mut self, indent: usize, depth: usize) -> Result<Value, Error> {
        match self.lines.get(self.pos) {
            Some(next) if next.indent > indent => {
                let col = next.indent;
                self.block(col, depth + 1)
            }
            _ => Ok(Value::Null),
        }
    }

    fn mapping(&mut self, indent: usize, depth: usize) -> Result<Value, Error> {
        if depth > MAX_DEPTH {
            return err(self.lines[self.pos].number, "nesting is too deep");
        }
        let mut entries: Vec<(String, Value)> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        while let Some(line) = self.lines.get(self.pos) {
            if line.indent < indent
                || (line.indent == indent && is_seq_item(&line.text) && !entries.is_empty())
            {
                break;
            }
            let number = line.number;
            if line.indent > indent {
                return err(number, "unexpected indentation");
            }
            let (key, rest) = split_key(&line.text, number)?;
            if !seen.insert(key.clone()) {
                return err(
                    number,
                    format!("the key \"{key}\" appears twice in the same mapping"),
                );
            }
            self.pos += 1;
            let value = if rest.is_empty() {
                let same_indent_list = self
                    .lines
                    .get(self.pos)
                    .is_some_and(|n| n.indent == indent && is_seq_item(&n.text));
                if same_indent_list {
                    self.sequence(indent, depth + 1)?
                } else {
                    self.nested(indent, depth)?
                }
            } else {
                inline(&rest, number, depth)?
            };
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

/// Whether `text` starts with `key:` (a mapping entry).
fn starts_mapping(text: &str) -> bool {
    split_key(text, 0).is_ok()
}

/// Splits `key: rest` (rest without a trailing comment is returned as written).
fn split_key(text: &str, line: usize) -> Result<(String, String), Error> {
    let (key, after) = match text.chars().next() {
        Some(q @ ('"' | '\'')) => match quoted(text, q, line) {
            Ok((key, used)) if text[used..].trim_start_matches(' ').starts_with(':') => {
                (key, &text[used..])
            }
            // The reference app writes `'O'Brien':` without escaping the quote: take
            // everything up to the last `':` as the name.
            _ if q == '\'' && reference_key_end(text).is_some() => {
                let end = reference_key_end(text).unwrap_or(1);
                (text[1..end].to_string(), &text[end + 1..])
            }
            other => other.map(|(k, used)| (k, &text[used..]))?,
        },
        Some('?') => return err(line, "complex mapping keys (`? …`) are not supported"),
        Some('&' | '*') => return err(line, "anchors and aliases (& and *) are not supported"),
        Some('!') => return err(line, "YAML tags (!) are not supported"),
        Some(c @ ('|' | '>' | '@' | '`' | '%')) => {
            return err(line, format!("a key cannot start with {c}"))
        }
        Some('{' | '[') => return err(line, "flow collections cannot be keys"),
        _ => {
            let end = find_colon(text).ok_or(Error {
                line,
                message: format!("expected `key: value`, found \"{}\"", shorten(text)),
            })?;
            (text[..end].trim_end().to_string(), &text[end..])
        }
    };
    let after = after.trim_start_matches(' ');
    let Some(rest) = after.strip_prefix(':') else {
        return err(
            line,
            format!("expected `:` after the key \"{}\"", shorten(&key)),
        );
    };
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return err(line, "expected a space after `:`");
    }
    let rest = rest.trim();
    let rest = if rest.starts_with('#') { "" } else { rest };
    if key.is_empty() && !text.starts_with(['"', '\'']) {
        return err(line, "empty key");
    }
    Ok((key, rest.to_string()))
}

/// Where the closing quote of a reference-app key (`'O'Brien':`) is.
fn reference_key_end(text: &str) -> Option<usize> {
    text.rfind("':")
        .filter(|&end| end > 0 && text[end + 2..].chars().next().is_none_or(|c| c == ' '))
}

/// Byte position of the `:` that ends a plain key (followed by a space or the end).
fn find_colon(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .find(|&i| {
            bytes[i] == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' ')
                || (bytes[i] == b'#' && i > 0 && bytes[i - 1] == b' ')
        })
        .filter(|&i| bytes[i] == b':')
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// A value written on the same line as its key or dash.
fn inline(text: &str, line: usize, depth: usize) -> Result<Value, Error> {
    match text.chars().next() {
        Some('[' | '{') => {
            let mut f = Flow {
                bytes: text.as_bytes(),
                pos: 0,
                line,
                text,
            };
            let v = f.node(depth + 1)?;
            f.skip_spaces();
            if f.pos < f.bytes.len() && f.bytes[f.pos] != b'#' {
                return err(line, "unexpected text after a flow collection");
            }
            Ok(v)
        }
        Some(q @ ('"' | '\'')) => {
            let (s, used) = quoted(text, q, line)?;
            let rest = text[used..].trim();
            if !(rest.is_empty() || rest.starts_with('#')) {
                return err(line, "unexpected text after a quoted value");
            }
            Ok(Value::Scalar(s))
        }
        Some('&' | '*') => err(line, "anchors and aliases (& and *) are not supported"),
        Some('!') => err(line, "YAML tags (!) are not supported"),
        Some('|' | '>') => err(
            line,
            "block scalars (| and >) are not supported; write the text on one line in quotes",
        ),
        Some('@' | '`') => err(line, "a value cannot start with @ or `"),
        _ => {
            // A comment starts at `#` after a space or tab.
            let end = text
                .match_indices('#')
                .find(|&(i, _)| i > 0 && matches!(text.as_bytes()[i - 1], b' ' | b'\t'))
                .map_or(text.len(), |(i, _)| i);
            let v = text[..end].trim();
            if find_colon(v).is_some() {
                return err(
                    line,
                    format!("unexpected `: ` in the value \"{}\"; quote it", shorten(v)),
                );
            }
            Ok(plain(v))
        }
    }
}

fn plain(v: &str) -> Value {
    match v {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        _ => Value::Scalar(v.to_string()),
    }
}

/// Reads a quoted scalar starting at `text[0]`; returns it and the bytes consumed.
fn quoted(text: &str, q: char, line: usize) -> Result<(String, usize), Error> {
    let mut out = String::new();
    let mut it = text.char_indices().skip(1).peekable();
    while let Some((i, c)) = it.next() {
        if c == q {
            if q == '\'' && it.peek().is_some_and(|&(_, n)| n == '\'') {
                it.next();
                out.push('\'');
                continue;
            }
            return Ok((out, i + 1));
        }
        if q == '"' && c == '\\' {
            let Some((_, e)) = it.next() else { break };
            let simple = match e {
                '0' => Some('\0'),
                'a' => Some('\u{7}'),
                'b' => Some('\u{8}'),
                't' | '\t' => Some('\t'),
                'n' => Some('\n'),
                'v' => Some('\u{b}'),
                'f' => Some('\u{c}'),
                'r' => Some('\r'),
                'e' => Some('\u{1b}'),
                ' ' => Some(' '),
                '"' => Some('"'),
                '/' => Some('/'),
                '\\' => Some('\\'),
                'N' => Some('\u{85}'),
                '_' => Some('\u{a0}'),
                'L' => Some('\u{2028}'),
                'P' => Some('\u{2029}'),
                _ => None,
            };
            if let Some(c) = simple {
                out.push(c);
                continue;
            }
            let digits = match e {
                'x' => 2,
                'u' => 4,
                'U' => 8,
                _ => return err(line, format!("unknown escape \\{e} in a quoted value")),
            };
            let hex: String = (0..digits)
                .filter_map(|_| it.next().map(|(_, c)| c))
                .collect();
            let bad = || Error {
                line,
                message: format!("bad escape \\{e}{hex} in a quoted value"),
            };
            let mut code = u32::from_str_radix(&hex, 16)
                .ok()
                .filter(|_| hex.len() == digits && hex.chars().all(|c| c.is_ascii_hexdigit()))
                .ok_or_else(bad)?;
            // A JSON-style UTF-16 surrogate pair, `\ud83d\ude80`, is one character.
            if (0xD800..=0xDBFF).contains(&code) {
                let next: String = (0..6).filter_map(|_| it.next().map(|(_, c)| c)).collect();
                let low = next
                    .strip_prefix("\\u")
                    .filter(|h| h.chars().all(|c| c.is_ascii_hexdigit()))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .filter(|l| (0xDC00..=0xDFFF).contains(l))
                    .ok_or_else(bad)?;
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            }
            let c = char::from_u32(code).ok_or_else(bad)?;
            out.push(c);
            continue;
        }
        out.push(c);
    }
    err(line, "a quoted value is not closed on its line")
}

/// A single-line flow collection: `[a, "b"]`, `{k: v, k2: [x]}`.
/// Works on bytes: every syntax character is ASCII, and UTF-8 never puts an ASCII byte
/// inside a multi-byte character, so positions always land on character boundaries.
struct Flow<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    text: &'a str,
}

impl Flow<'_> {
    fn skip_spaces(&mut self) {
        while self.bytes.get(self.pos) == Some(&b' ') {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<char> {
        self.bytes.get(self.pos).map(|&b| b as char)
    }

    fn node(&mut self, depth: usize) -> Result<Value, Error> {
        if depth > MAX_DEPTH {
            return err(self.line, "nesting is too deep");
        }
        self.skip_spaces();
        match self.peek() {
            Some('[') => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_spaces();
                    if self.peek() == Some(']') {
                        self.pos += 1;
                        return Ok(Value::Seq(items));
                    }
                    if self.peek() == Some(',') {
                        return err(self.line, "empty entry in a flow list");
                    }
                    items.push(self.node(depth + 1)?);
                    self.separator(']')?;
                }
            }
            Some('{') => {
                self.pos += 1;
                let mut entries: Vec<(String, Value)> = Vec::new();
                let mut seen: HashSet<String> = HashSet::new();
                loop {
                    self.skip_spaces();
                    if self.peek() == Some('}') {
                        self.pos += 1;
                        return Ok(Value::Map(entries));
                    }
                    let key = match self.scalar(true)? {
                        Value::Scalar(k) => k,
                        _ => return err(self.line, "empty key in a flow mapping"),
                    };
                    self.skip_spaces();
                    let value = if self.peek() == Some(':') {
                        self.pos += 1;
                        self.skip_spaces();
                        if matches!(self.peek(), Some(',' | '}')) {
                            Value::Null
                        } else {
                            self.node(depth + 1)?
                        }
                    } else {
                        Value::Null
                    };
                    if !seen.insert(key.clone()) {
                        return err(
                            self.line,
                            format!("the key \"{key}\" appears twice in the same mapping"),
                        );
                    }
                    entries.push((key, value));
                    self.separator('}')?;
                }
            }
            _ => self.scalar(false),
        }
    }

    fn separator(&mut self, close: char) -> Result<(), Error> {
        self.skip_spaces();
        match self.peek() {
            Some(',') => {
                self.pos += 1;
                Ok(())
            }
            Some(c) if c == close => Ok(()),
            None => err(self.line, "a flow collection is not closed on its line"),
            Some(_) => {
                let c = self.text[self.pos..].chars().next().unwrap_or(' ');
                err(self.line, format!("unexpected `{c}` in a flow collection"))
            }
        }
    }

    fn scalar(&mut self, key: bool) -> Result<Value, Error> {
        let start = self.pos;
        match self.peek() {
            Some(q @ ('"' | '\'')) => {
                let (s, used) = quoted(&self.text[start..], q, self.line)?;
                self.pos = start + used;
                Ok(Value::Scalar(s))
            }
            Some('&' | '*') => err(self.line, "anchors and aliases (& and *) are not supported"),
            Some('!') => err(self.line, "YAML tags (!) are not supported"),
            None => err(self.line, "a flow collection is not closed on its line"),
            _ => {
                while let Some(c) = self.peek() {
                    let next_is_space = self
                        .bytes
                        .get(self.pos + 1)
                        .is_none_or(|&n| n == b' ' || n == b',');
                    if matches!(c, ',' | ']' | '}' | '[' | '{')
                        || (c == ':' && (key || next_is_space))
                    {
                        break;
                    }
                    if c == '#' && self.pos > 0 && self.bytes[self.pos - 1] == b' ' {
                        return err(
                            self.line,
                            "comments inside a flow collection are not supported",
                        );
                    }
                    self.pos += 1;
                }
                Ok(plain(self.text[start..self.pos].trim()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::Scalar(v.into())
    }

    fn map(entries: &[(&str, Value)]) -> Value {
        Value::Map(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn block_mappings_with_comments_and_quotes() {
        let v = parse(
            "# header\nprogress:\n  f6f7:  # Defined build process\n    'Team A':\n      'Started': 2025-01-10 # c\n    \"O'Brien: \\\"ops\\\"\":\n      Started: 2025-04-02\n",
        )
        .unwrap();
        let team_a = map(&[("Started", s("2025-01-10"))]);
        let obrien = map(&[("Started", s("2025-04-02"))]);
        let expected = map(&[(
            "progress",
            map(&[(
                "f6f7",
                map(&[("Team A", team_a), ("O'Brien: \"ops\"", obrien)]),
            )]),
        )]);
        assert_eq!(v, expected);
    }

    #[test]
    fn sequences_block_and_flow() {
        let v = parse("teams:\n- Team A\n- 'Team B'\ngroups:\n  G: [Team A, \"Team, B\"]\nlist:\n  - id: 1\n    teams: [x]\n  - id: 2\nempty: []\nnone:\n").unwrap();
        assert_eq!(
            v.get("teams"),
            Some(&Value::Seq(vec![s("Team A"), s("Team B")]))
        );
        assert_eq!(
            v.get("groups").unwrap().get("G"),
            Some(&Value::Seq(vec![s("Team A"), s("Team, B")]))
        );
        let list = v.get("list").unwrap();
        assert_eq!(
            list,
            &Value::Seq(vec![
                map(&[("id", s("1")), ("teams", Value::Seq(vec![s("x")]))]),
                map(&[("id", s("2"))])
            ])
        );
        assert_eq!(v.get("empty"), Some(&Value::Seq(vec![])));
        assert_eq!(v.get("none"), Some(&Value::Null));
    }

    #[test]
    fn flow_mappings_and_scalars_as_written() {
        let v = parse(
            "a: {type: link, externalLink: 'https://x.example/a?b=c#d', n: 5.10}\nb: 5.10\nc: ~\n",
        )
        .unwrap();
        assert_eq!(
            v.get("a"),
            Some(&map(&[
                ("type", s("link")),
                ("externalLink", s("https://x.example/a?b=c#d")),
                ("n", s("5.10"))
            ]))
        );
        assert_eq!(v.get("b"), Some(&s("5.10")));
        assert_eq!(v.get("c"), Some(&Value::Null));
        assert_eq!(
            parse("a: https://x.example/p:8080\n").unwrap().get("a"),
            Some(&s("https://x.example/p:8080"))
        );
    }

    #[test]
    fn escapes_in_double_quotes() {
        let v = parse("k: \"a\\\\b\\n\\t\\u00e9\\x41\\\"\\/\"\n").unwrap();
        assert_eq!(v.get("k"), Some(&s("a\\b\n\té\u{41}\"/")));
        assert_eq!(parse("k: 'it''s'\n").unwrap().get("k"), Some(&s("it's")));
    }

    #[test]
    fn document_markers() {
        assert_eq!(parse("---\na: 1\n...\n").unwrap(), map(&[("a", s("1"))]));
        assert_eq!(parse("").unwrap(), Value::Null);
        assert_eq!(parse("# only a comment\n").unwrap(), Value::Null);
        assert_eq!(parse("\u{feff}a: 1\r\n").unwrap(), map(&[("a", s("1"))]));
    }

    fn e(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn refuses_what_assessment_files_never_need() {
        assert_eq!(
            e("a: &x 1\nb: *x\n"),
            "line 1: anchors and aliases (& and *) are not supported"
        );
        assert!(e("a: [*x]\n").contains("aliases"));
        assert!(e("a: !!str 1\n").contains("tags"));
        assert!(e("a: |\n  text\n").contains("block scalars"));
        assert!(
            e("a: 1\n---\nb: 2\n").contains("line 2: the file holds more than one YAML document")
        );
        assert!(e("a: 1\na: 2\n").contains("line 2: the key \"a\" appears twice"));
        assert!(e("a:\n\tb: 1\n").contains("tabs"));
        assert!(e("a: \"open\n").contains("not closed"));
        assert!(e("a: [1, 2\n").contains("not closed"));
        assert!(e("a: 1\n   b: 2\n").contains("line 2: unexpected indentation"));
        assert!(e("just text\n").contains("expected `key: value`"));
        assert!(e("a: b: c\n").contains("quote it"));
        assert!(e("a: \u{0}\n").contains("control character"));
        assert!(e("? complex\n").contains("complex mapping keys"));
        assert!(e("a: \"\\q\"\n").contains("unknown escape"));
    }

    #[test]
    fn review_cases() {
        assert_eq!(
            parse("-\n- b\n").unwrap(),
            Value::Seq(vec![Value::Null, s("b")])
        );
        assert_eq!(
            parse("a:\n  - x\n  -\n  - y\n").unwrap().get("a"),
            Some(&Value::Seq(vec![s("x"), Value::Null, s("y")]))
        );
        assert_eq!(parse("- # c\n").unwrap(), Value::Seq(vec![Value::Null]));
        assert_eq!(
            parse("a: b\t# c\n  \t# comment\n").unwrap().get("a"),
            Some(&s("b"))
        );
        assert_eq!(parse("a: b#c\n").unwrap().get("a"), Some(&s("b#c")));
        assert!(e("k: \"\\x+1\"\n").contains("bad escape"));
        assert_eq!(
            parse("k: \"\\ud83d\\ude80\"\n").unwrap().get("k"),
            Some(&s("🚀"))
        );
        assert!(e("k: \"\\ud83d x\"\n").contains("bad escape"));
        assert!(e("k: \"\\ude80\"\n").contains("bad escape"));
        assert!(e("&a x: 1\n").contains("anchors"));
        assert!(e("!t k: 1\n").contains("tags"));
        assert!(e("a: 1\n...\nb: 2\n").contains("line 3: the file holds more than one"));
        assert!(e("a: [x,,y]\n").contains("empty entry"));
        assert!(e("a: [x #y]\n").contains("comments inside"));
        // The reference app's unescaped single quotes.
        let v = parse("'O'Brien':\n  'Started': 2025-01-01\n").unwrap();
        assert_eq!(
            v.get("O'Brien").and_then(|x| x.get("Started")),
            Some(&s("2025-01-01"))
        );
    }

    #[test]
    fn one_line_json_is_read() {
        let v = parse("{\"Team A\":{\"Started\":\"2025-01-10\"},\"B\":{}}").unwrap();
        assert_eq!(
            v.get("Team A").and_then(|t| t.get("Started")),
            Some(&s("2025-01-10"))
        );
        assert_eq!(v.get("B"), Some(&Value::Map(vec![])));
        assert_eq!(
            parse("[\"a\",\"b\"]").unwrap(),
            Value::Seq(vec![s("a"), s("b")])
        );
        assert_eq!(
            parse("{\"n\":5,\"x\":null}").unwrap().get("n"),
            Some(&s("5"))
        );
    }

    #[test]
    fn many_keys_are_read_in_linear_time() {
        let text: String = (0..100_000).map(|i| format!("k{i}: v\n")).collect();
        assert!(matches!(parse(&text), Ok(Value::Map(m)) if m.len() == 100_000));
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        // A long list of bare dashes is a flat list, not nesting.
        assert!(matches!(parse(&"-\n".repeat(100_000)), Ok(Value::Seq(v)) if v.len() == 100_000));
        let flow = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert!(e(&flow).contains("too deep"));
        let mut block = String::new();
        for i in 0..200 {
            block.push_str(&" ".repeat(i));
            block.push_str("k:\n");
        }
        assert!(e(&block).contains("too deep"));
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn never_panics_on_any_text(text in "(?s).{0,200}") {
                let _ = parse(&text);
            }

            #[test]
            fn never_panics_on_yamlish_text(text in "[ a-z:'\"#\\-\\[\\]{},\n\\\\]{0,120}") {
                let _ = parse(&text);
            }
        }
    }
}
