//! A small, strict YAML reader for the assessment files (team-progress.yaml, team-evidence.yaml
//! and friends).
//!
//! It reads the subset those files use, as the reference app's `yaml` library writes them:
//! block mappings and sequences; plain, single- and double-quoted scalars, also when they are
//! folded over several lines; literal (`|`) and folded (`>`) block scalars with an optional
//! indentation indicator (`1`–`9`) and chomping indicator (`-` strip, `+` keep); single-line
//! flow collections; comments. Line folding, chomping and indentation follow YAML 1.2. It
//! refuses the rest (anchors, aliases, tags, complex keys, directives, flow collections over
//! several lines, tabs as indentation, several documents) with a message naming the line.
//! With no aliases and a depth limit, a hostile file cannot make it expand or recurse without
//! bound, and each line is looked at a bounded number of times, so reading takes linear time.
//! A scalar on one line is kept as text exactly as written (`5.10` stays `5.10`); one over
//! several lines or in a block is the string YAML 1.2 makes of it. It is also far smaller in
//! WebAssembly than a full YAML library.

use std::collections::BTreeSet;
use std::fmt;

use crate::domain::tree::Value;

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

/// YAML's white space inside a line.
const WHITE: [char; 2] = [' ', '\t'];

/// A line that holds structure: not blank, not a comment.
struct Line<'a> {
    /// 1-based line number; the line is `raw[number - 1]`.
    number: usize,
    indent: usize,
    /// The text after the indentation, without trailing white space. It may start with a tab,
    /// which is refused when the line is read as structure (in a block scalar it is text).
    text: &'a str,
}

fn err<T>(line: usize, message: impl Into<String>) -> Result<T, Error> {
    Err(Error {
        line,
        message: message.into(),
    })
}

fn tab_error<T>(line: usize) -> Result<T, Error> {
    err(line, "tabs cannot be used for indentation")
}

/// Number of spaces a line starts with.
fn spaces(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Parses one YAML document.
pub fn parse(text: &str) -> Result<Value, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut raw: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    // What follows the last line break is not a line.
    if text.ends_with('\n') {
        raw.pop();
    }
    let mut last_break = text.ends_with('\n');
    let mut lines = Vec::new();
    let mut started = false;
    for (i, &l) in raw.iter().enumerate() {
        let number = i + 1;
        if let Some(c) = l
            .chars()
            .find(|&c| (c.is_control() && c != '\t') || c == '\u{7f}')
        {
            return err(
                number,
                format!("control character U+{:04X} is not allowed", c as u32),
            );
        }
        let indent = spaces(l);
        let trimmed = l[indent..].trim_end_matches(WHITE);
        let content = trimmed.trim_start_matches(WHITE);
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        // Every line of a scalar is indented, so a marker in column 0 is never text.
        if indent == 0 && (trimmed == "---" || trimmed.starts_with("--- ")) {
            if started || !lines.is_empty() {
                return err(number, "the file holds more than one YAML document");
            }
            started = true;
            let rest = trimmed[3..].trim_matches(WHITE);
            if !rest.is_empty() && !rest.starts_with('#') {
                lines.push(Line {
                    number,
                    indent: 4,
                    text: rest,
                });
            }
            continue;
        }
        if indent == 0 && trimmed == "..." {
            if let Some(k) = raw[i + 1..].iter().position(|l| {
                let t = l.trim_matches(WHITE);
                !t.is_empty() && !t.starts_with('#')
            }) {
                return err(number + k + 1, "the file holds more than one YAML document");
            }
            raw.truncate(i);
            last_break = true;
            break;
        }
        if indent == 0 && trimmed.starts_with('%') {
            return err(number, "YAML directives are not supported");
        }
        lines.push(Line {
            number,
            indent,
            text: trimmed,
        });
    }
    if lines.is_empty() {
        return Ok(Value::Null);
    }
    // A document that is one flow collection (as JSON is).
    if lines.len() == 1 && lines[0].text.starts_with(['{', '[']) {
        return flow_or_refused(lines[0].text, lines[0].number, 0);
    }
    let mut p = Parser {
        raw,
        last_break,
        lines,
        pos: 0,
    };
    let indent = p.lines[0].indent;
    let v = p.block(indent, 0)?;
    if let Some(l) = p.lines.get(p.pos) {
        if l.text.starts_with('\t') {
            return tab_error(l.number);
        }
        return err(l.number, "unexpected indentation");
    }
    Ok(v)
}

struct Parser<'a> {
    /// Every line of the document (up to a `...` end marker), without its line break.
    raw: Vec<&'a str>,
    /// Whether the last of `raw` ends with a line break.
    last_break: bool,
    /// The lines that hold structure, in order; `pos` is the next one to read. Lines that a
    /// scalar over several lines takes are skipped.
    lines: Vec<Line<'a>>,
    pos: usize,
}

fn is_seq_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// A block scalar's chomping indicator.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Chomp {
    Strip,
    Clip,
    Keep,
}

impl<'a> Parser<'a> {
    /// A block node whose lines are indented exactly `indent`.
    fn block(&mut self, indent: usize, depth: usize) -> Result<Value, Error> {
        if depth > MAX_DEPTH {
            return err(self.lines[self.pos].number, "nesting is too deep");
        }
        if is_seq_item(self.lines[self.pos].text) {
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
            if line.text.starts_with('\t') {
                return tab_error(line.number);
            }
            // A list that is the value of `key:` at the same indentation ends at the next key.
            if line.indent < indent || (line.indent == indent && !is_seq_item(line.text)) {
                break;
            }
            if line.indent > indent {
                return err(line.number, "unexpected indentation in a list");
            }
            let number = line.number;
            let text = line.text;
            let rest = text[1..].trim_start_matches(WHITE);
            if rest.is_empty() || rest.starts_with('#') {
                self.pos += 1;
                items.push(self.nested(indent, depth)?);
            } else if starts_mapping(rest) || is_seq_item(rest) {
                // `- key: value` opens a mapping (or `- - x` a list) at the item's column.
                let l = &mut self.lines[self.pos];
                l.indent += text.len() - rest.len();
                l.text = rest;
                let col = l.indent;
                items.push(self.block(col, depth + 1)?);
            } else {
                self.pos += 1;
                items.push(self.value(rest, indent, number, depth)?);
            }
        }
        Ok(Value::Seq(items))
    }

    /// The value of a key or item whose own line had nothing after it: a more indented
    /// block or scalar, or nothing.
    fn nested(&mut self, indent: usize, depth: usize) -> Result<Value, Error> {
        let Some(next) = self.lines.get(self.pos) else {
            return Ok(Value::Null);
        };
        if next.indent <= indent {
            return Ok(Value::Null);
        }
        if next.text.starts_with('\t') {
            return tab_error(next.number);
        }
        if is_seq_item(next.text) || starts_mapping(next.text) {
            let col = next.indent;
            self.block(col, depth + 1)
        } else {
            // A scalar (or flow collection) on the lines below its key.
            let (text, number) = (next.text, next.number);
            self.pos += 1;
            self.value(text, indent, number, depth)
        }
    }

    fn mapping(&mut self, indent: usize, depth: usize) -> Result<Value, Error> {
        if depth > MAX_DEPTH {
            return err(self.lines[self.pos].number, "nesting is too deep");
        }
        let mut entries: Vec<(String, Value)> = Vec::new();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        while let Some(line) = self.lines.get(self.pos) {
            if line.text.starts_with('\t') {
                return tab_error(line.number);
            }
            if line.indent < indent
                || (line.indent == indent && is_seq_item(line.text) && !entries.is_empty())
            {
                break;
            }
            let number = line.number;
            if line.indent > indent {
                return err(number, "unexpected indentation");
            }
            let (key, rest) = split_key(line.text, number)?;
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
                    .is_some_and(|n| n.indent == indent && is_seq_item(n.text));
                if same_indent_list {
                    self.sequence(indent, depth + 1)?
                } else {
                    self.nested(indent, depth)?
                }
            } else {
                self.value(rest, indent, number, depth)?
            };
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }

    /// Moves past the structure lines among the first `end` lines of the file, which a
    /// scalar has taken.
    fn skip_to(&mut self, end: usize) {
        while self.lines.get(self.pos).is_some_and(|l| l.number <= end) {
            self.pos += 1;
        }
    }

    /// A scalar or flow collection that starts with `text` on line `number` (after `key:`,
    /// after `- `, or on a line of its own) and belongs to the key or item in column `n`:
    /// lines that continue it are indented more than `n`.
    fn value(
        &mut self,
        text: &'a str,
        n: usize,
        number: usize,
        depth: usize,
    ) -> Result<Value, Error> {
        match text.as_bytes().first() {
            None => Ok(Value::Null),
            Some(b'|' | b'>') => self.block_scalar(text, n, number),
            Some(b'"' | b'\'') => self.quoted_scalar(text, n, number),
            Some(b'[' | b'{' | b'&' | b'*' | b'!' | b'@' | b'`') => {
                flow_or_refused(text, number, depth)
            }
            Some(_) => self.plain_scalar(text, n, number),
        }
    }

    /// A plain scalar; the more indented lines after it continue it, each line break folded
    /// into a space, or into `\n` for each blank line between.
    fn plain_scalar(&mut self, text: &'a str, n: usize, number: usize) -> Result<Value, Error> {
        let (first, comment) = cut_comment(text);
        if find_colon(first).is_some() {
            return err(
                number,
                format!(
                    "unexpected `: ` in the value \"{}\"; quote it",
                    shorten(first)
                ),
            );
        }
        if comment {
            return Ok(plain(first));
        }
        let mut folded: Option<String> = None;
        let mut blank = 0;
        let mut end = number;
        let mut i = number;
        while let Some(&l) = self.raw.get(i) {
            let sp = spaces(l);
            let t = l[sp..].trim_matches(WHITE);
            if t.is_empty() {
                blank += 1;
                i += 1;
                continue;
            }
            if sp <= n || t.starts_with('#') {
                break;
            }
            let (t, comment) = cut_comment(t);
            if find_colon(t).is_some() {
                return err(
                    i + 1,
                    format!(
                        "unexpected indentation, or an unquoted `: ` in a value continued \
                         from line {number}"
                    ),
                );
            }
            let s = folded.get_or_insert_with(|| first.to_string());
            if blank == 0 {
                s.push(' ');
            } else {
                s.extend(std::iter::repeat_n('\n', blank));
            }
            s.push_str(t);
            blank = 0;
            i += 1;
            end = i;
            if comment {
                break;
            }
        }
        self.skip_to(end);
        Ok(folded.map_or_else(|| plain(first), Value::Scalar))
    }

    /// A single- or double-quoted scalar, which may go on over the following lines: a line
    /// break is folded into a space, or into `\n` for each blank line between; white space
    /// around it is dropped; in double quotes `\` at the end of a line joins the lines.
    fn quoted_scalar(&mut self, text: &'a str, n: usize, number: usize) -> Result<Value, Error> {
        let q = if text.starts_with('\'') { '\'' } else { '"' };
        // The line as written: trailing white space may be escaped (`\ `).
        let raw_line = self.raw.get(number - 1).copied().unwrap_or(text);
        let full = raw_line
            .trim_end_matches(WHITE)
            .len()
            .checked_sub(text.len())
            .and_then(|start| raw_line.get(start..))
            .filter(|full| full.starts_with(text))
            .unwrap_or(text);
        let mut out = String::new();
        let mut keep = 0;
        let mut i = number - 1;
        let mut segment = full.get(1..).unwrap_or("");
        loop {
            match quoted_line(segment, q, i + 1, &mut out, &mut keep)? {
                Quote::Closed(used) => {
                    let rest = segment[used..].trim_matches(WHITE);
                    if !(rest.is_empty() || rest.starts_with('#')) {
                        return err(i + 1, "unexpected text after a quoted value");
                    }
                    self.skip_to(i + 1);
                    return Ok(Value::Scalar(out));
                }
                Quote::Open { escaped } => {
                    if !escaped {
                        out.truncate(keep);
                    }
                    let mut blank = 0;
                    loop {
                        i += 1;
                        let Some(&l) = self.raw.get(i) else {
                            return err(number, "a quoted value is not closed");
                        };
                        let sp = spaces(l);
                        let body = &l[sp..];
                        if body.trim_matches(WHITE).is_empty() {
                            blank += 1;
                            continue;
                        }
                        if sp <= n {
                            if body.starts_with('\t') {
                                return tab_error(i + 1);
                            }
                            return err(
                                number,
                                format!(
                                    "a quoted value is not closed (line {} would continue it, \
                                     but is not indented more than its key)",
                                    i + 1
                                ),
                            );
                        }
                        segment = body.trim_start_matches(WHITE);
                        break;
                    }
                    if escaped {
                        out.extend(std::iter::repeat_n('\n', blank));
                    } else if blank == 0 {
                        out.push(' ');
                    } else {
                        out.extend(std::iter::repeat_n('\n', blank));
                    }
                    keep = out.len();
                }
            }
        }
    }

    /// A literal (`|`) or folded (`>`) block scalar whose header is `header`, on line
    /// `number`, for the key or item in column `n`.
    fn block_scalar(&mut self, header: &str, n: usize, number: usize) -> Result<Value, Error> {
        let literal = header.starts_with('|');
        let bytes = header.as_bytes();
        let mut indicator = None;
        let mut chomp = None;
        let mut i = 1;
        while i < bytes.len() && i <= 2 {
            match bytes[i] {
                d @ b'1'..=b'9' if indicator.is_none() => indicator = Some(usize::from(d - b'0')),
                b'-' if chomp.is_none() => chomp = Some(Chomp::Strip),
                b'+' if chomp.is_none() => chomp = Some(Chomp::Keep),
                _ => break,
            }
            i += 1;
        }
        let tail = &header[i..];
        let after = tail.trim_start_matches(WHITE);
        if !(after.is_empty() || (after.starts_with('#') && after.len() < tail.len())) {
            return err(
                number,
                format!(
                    "the block scalar header \"{}\" is not valid: | or > may only be followed \
                     by an indentation digit 1-9, a chomping indicator - or +, and a comment",
                    shorten(header)
                ),
            );
        }
        let chomp = chomp.unwrap_or(Chomp::Clip);
        // `raw[start]` is the first line after the header (`number` counts from 1).
        let start = number;
        // The indentation of the text: given, or that of its first non-blank line.
        let indent = match indicator {
            Some(k) => n + k,
            None => {
                let mut widest = (0, 0);
                let mut j = start;
                while let Some(&l) = self.raw.get(j) {
                    let sp = spaces(l);
                    if sp < l.len() {
                        break;
                    }
                    if sp > widest.0 {
                        widest = (sp, j);
                    }
                    j += 1;
                }
                match self.raw.get(j).map(|l| spaces(l)) {
                    Some(sp) if sp > n => {
                        if widest.0 > sp {
                            return err(
                                widest.1 + 1,
                                format!(
                                    "this blank line at the start of a block scalar has more \
                                     spaces than its first line of text ({sp}); write the \
                                     indentation in the header (|2 for text two spaces in from \
                                     its key)"
                                ),
                            );
                        }
                        sp
                    }
                    // No text: every line up to the next less indented one is blank.
                    _ => usize::MAX,
                }
            }
        };
        let mut out = String::new();
        let mut blank = 0;
        let mut last_text = None;
        let mut prev_spaced = false;
        let mut j = start;
        while let Some(&l) = self.raw.get(j) {
            let sp = spaces(l);
            let is_blank = sp == l.len();
            if is_blank && sp <= indent {
                blank += 1;
                j += 1;
                continue;
            }
            if sp < indent {
                // The scalar ends here: at a less indented line or comment.
                if sp > n {
                    let rest = &l[sp..];
                    if rest.starts_with('\t') {
                        return tab_error(j + 1);
                    }
                    if !rest.starts_with('#') {
                        return err(
                            j + 1,
                            format!(
                                "this line is indented less than the text of the block scalar \
                                 above ({indent} spaces) but more than its key"
                            ),
                        );
                    }
                }
                break;
            }
            let t = &l[indent..];
            let spaced = t.starts_with(WHITE);
            let breaks = if last_text.is_none() {
                blank
            } else if literal || prev_spaced || spaced {
                blank + 1
            } else if blank == 0 {
                out.push(' ');
                0
            } else {
                blank
            };
            out.extend(std::iter::repeat_n('\n', breaks));
            out.push_str(t);
            last_text = Some(j);
            prev_spaced = spaced;
            blank = 0;
            j += 1;
        }
        let has_break = |k: usize| k + 1 < self.raw.len() || self.last_break;
        if chomp != Chomp::Strip && last_text.is_some_and(has_break) {
            out.push('\n');
        }
        if chomp == Chomp::Keep {
            // The last line of the file may have no line break.
            let trailing = if blank > 0 && !has_break(j - 1) {
                blank - 1
            } else {
                blank
            };
            out.extend(std::iter::repeat_n('\n', trailing));
        }
        self.skip_to(j);
        Ok(Value::Scalar(out))
    }
}

/// Whether `text` starts with `key:` (a mapping entry).
fn starts_mapping(text: &str) -> bool {
    split_key(text, 0).is_ok()
}

/// Splits `key: rest` (rest without a trailing comment is returned as written).
fn split_key(text: &str, line: usize) -> Result<(String, &str), Error> {
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
            (
                text[..end].trim_end_matches(WHITE).to_string(),
                &text[end..],
            )
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
    let rest = rest.trim_matches(WHITE);
    let rest = if rest.starts_with('#') { "" } else { rest };
    if key.is_empty() && !text.starts_with(['"', '\'']) {
        return err(line, "empty key");
    }
    Ok((key, rest))
}

/// Where the closing quote of a reference-app key (`'O'Brien':`) is.
fn reference_key_end(text: &str) -> Option<usize> {
    // Bytes, not `rfind("':")`: the substring searcher is 2 KB of the first module.
    let bytes = text.as_bytes();
    (1..bytes.len())
        .rev()
        .find(|&i| bytes[i - 1] == b'\'' && bytes[i] == b':')
        .map(|i| i - 1)
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

/// A flow collection written on one line, or a value that starts with a character this
/// reader refuses.
fn flow_or_refused(text: &str, line: usize, depth: usize) -> Result<Value, Error> {
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
        Some('&' | '*') => err(line, "anchors and aliases (& and *) are not supported"),
        Some('!') => err(line, "YAML tags (!) are not supported"),
        _ => err(line, "a value cannot start with @ or `"),
    }
}

/// A plain scalar's line without its comment (`#` after a space or tab), trimmed, and whether
/// a comment followed.
fn cut_comment(text: &str) -> (&str, bool) {
    let comment = text
        .match_indices('#')
        .find(|&(i, _)| i > 0 && matches!(text.as_bytes()[i - 1], b' ' | b'\t'))
        .map(|(i, _)| i);
    match comment {
        Some(i) => (text[..i].trim_matches(WHITE), true),
        None => (text.trim_matches(WHITE), false),
    }
}

fn plain(v: &str) -> Value {
    match v {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        _ => Value::Scalar(v.to_string()),
    }
}

/// How a line of a quoted scalar ended.
enum Quote {
    /// At the closing quote; the bytes of the line read, up to and with the quote.
    Closed(usize),
    /// At the end of the line; `escaped` when it ended in `\` (double quotes).
    Open { escaped: bool },
}

/// Reads a quoted scalar on one line, starting at `text[0]`; returns it and the bytes consumed.
fn quoted(text: &str, q: char, line: usize) -> Result<(String, usize), Error> {
    let mut out = String::new();
    let mut keep = 0;
    match quoted_line(text.get(1..).unwrap_or(""), q, line, &mut out, &mut keep)? {
        Quote::Closed(used) => Ok((out, used + 1)),
        Quote::Open { .. } => err(line, "a quoted value is not closed on its line"),
    }
}

/// Reads one line of a quoted scalar (after the opening quote, or after the indentation of a
/// continuation line) into `out`. `keep` becomes the length of `out` without the line's
/// trailing white space (which folding drops unless it was escaped).
fn quoted_line(
    text: &str,
    q: char,
    line: usize,
    out: &mut String,
    keep: &mut usize,
) -> Result<Quote, Error> {
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c == q {
            if q == '\'' && it.peek().is_some_and(|&(_, n)| n == '\'') {
                it.next();
                out.push('\'');
                *keep = out.len();
                continue;
            }
            return Ok(Quote::Closed(i + 1));
        }
        if q == '"' && c == '\\' {
            let Some((_, e)) = it.next() else {
                return Ok(Quote::Open { escaped: true });
            };
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
                *keep = out.len();
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
            *keep = out.len();
            continue;
        }
        out.push(c);
        if c != ' ' && c != '\t' {
            *keep = out.len();
        }
    }
    Ok(Quote::Open { escaped: false })
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
                let mut seen: BTreeSet<String> = BTreeSet::new();
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
mod tests;
