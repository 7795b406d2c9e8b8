//! A small markdown subset for text users type into the app (evidence descriptions):
//! paragraphs, line breaks, `-`/`*`/`1.` lists, `#` headings, `**strong**`, `*em*`/`_em_`,
//! `` `code` ``, `[text](url)` and bare `http(s)://` links. It yields a tree of plain text
//! pieces that the UI turns into elements and text nodes, so nothing a user types can become
//! markup; links keep only `http`, `https` and `mailto` targets (others stay as text).

use super::evidence::check_url;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Strong(String),
    Em(String),
    Code(String),
    Link { text: String, url: String },
    Break,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Para(Vec<Inline>),
    Heading(Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
}

/// The list marker a line starts with, if any: (ordered, rest of the line).
fn item(line: &str) -> Option<(bool, &str)> {
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
        return Some((false, rest));
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && digits < 10)
        .then(|| t[digits..].strip_prefix(". "))
        .flatten()
        .map(|rest| (true, rest))
}

pub fn parse(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !para.is_empty() {
            let mut out = Vec::new();
            for (i, l) in para.iter().enumerate() {
                if i > 0 {
                    out.push(Inline::Break);
                }
                out.extend(inlines(l.trim()));
            }
            blocks.push(Block::Para(out));
            para.clear();
        }
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut para, &mut blocks);
        } else if let Some((ordered, rest)) = item(line) {
            flush(&mut para, &mut blocks);
            match blocks.last_mut() {
                Some(Block::List { ordered: o, items }) if *o == ordered => {
                    items.push(inlines(rest.trim()))
                }
                _ => blocks.push(Block::List {
                    ordered,
                    items: vec![inlines(rest.trim())],
                }),
            }
        } else if let Some(h) = line.trim_start().strip_prefix('#') {
            flush(&mut para, &mut blocks);
            blocks.push(Block::Heading(inlines(h.trim_start_matches('#').trim())));
        } else {
            para.push(line);
        }
    }
    flush(&mut para, &mut blocks);
    blocks
}

/// Splits one line into inline pieces; anything unmatched stays text.
pub fn inlines(line: &str) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let mut text = String::new();
    let mut rest = line;
    let push_text = |text: &mut String, out: &mut Vec<Inline>| {
        if !text.is_empty() {
            out.push(Inline::Text(std::mem::take(text)));
        }
    };
    while let Some(c) = rest.chars().next() {
        let found = if let Some(after) = rest.strip_prefix("**") {
            span(after, "**").map(|(s, r)| (Inline::Strong(s.into()), r))
        } else if c == '*' || c == '_' {
            span(&rest[1..], &rest[..1]).map(|(s, r)| (Inline::Em(s.into()), r))
        } else if c == '`' {
            span(&rest[1..], "`").map(|(s, r)| (Inline::Code(s.into()), r))
        } else if c == '[' {
            link(rest)
        } else if rest.starts_with("https://") || rest.starts_with("http://") {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '<' || c == '>')
                .unwrap_or(rest.len());
            // Sentence punctuation after a URL is not part of it.
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
            check_url(url).ok().map(|()| {
                (
                    Inline::Link {
                        text: url.into(),
                        url: url.into(),
                    },
                    &rest[url.len()..],
                )
            })
        } else {
            None
        };
        match found {
            Some((piece, r)) => {
                push_text(&mut text, &mut out);
                out.push(piece);
                rest = r;
            }
            None => {
                text.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    push_text(&mut text, &mut out);
    out
}

/// Text up to the closing `end` (not empty, not starting or ending with a space).
fn span<'a>(s: &'a str, end: &str) -> Option<(&'a str, &'a str)> {
    let i = s.find(end)?;
    let inner = &s[..i];
    (!inner.is_empty() && inner.trim() == inner).then(|| (inner, &s[i + end.len()..]))
}

/// `[text](url)` with an allowed URL.
fn link(s: &str) -> Option<(Inline, &str)> {
    let close = s.find("](")?;
    let text = &s[1..close];
    let after = &s[close + 2..];
    let end = after.find(')')?;
    let url = after[..end].trim();
    check_url(url).ok()?;
    let text = if text.is_empty() { url } else { text };
    Some((
        Inline::Link {
            text: text.into(),
            url: url.into(),
        },
        &after[end + 1..],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn blocks_lists_and_breaks() {
        let b = parse("# Result\nFirst line\nsecond line\n\n- one\n- two\n1. a\n\nend");
        assert_eq!(
            b,
            vec![
                Block::Heading(vec![t("Result")]),
                Block::Para(vec![t("First line"), Inline::Break, t("second line")]),
                Block::List {
                    ordered: false,
                    items: vec![vec![t("one")], vec![t("two")]]
                },
                Block::List {
                    ordered: true,
                    items: vec![vec![t("a")]]
                },
                Block::Para(vec![t("end")]),
            ]
        );
    }

    #[test]
    fn inline_styles_and_safe_links() {
        assert_eq!(
            inlines("a **b** *c* _d_ `e` [f](https://x.example/y) g"),
            vec![
                t("a "),
                Inline::Strong("b".into()),
                t(" "),
                Inline::Em("c".into()),
                t(" "),
                Inline::Em("d".into()),
                t(" "),
                Inline::Code("e".into()),
                t(" "),
                Inline::Link {
                    text: "f".into(),
                    url: "https://x.example/y".into()
                },
                t(" g"),
            ]
        );
        assert_eq!(
            inlines("see https://jira.example.com/ABC-1."),
            vec![
                t("see "),
                Inline::Link {
                    text: "https://jira.example.com/ABC-1".into(),
                    url: "https://jira.example.com/ABC-1".into()
                },
                t("."),
            ]
        );
        // Disallowed targets, raw HTML and unclosed markers stay text.
        for s in [
            "[x](javascript:alert(1))",
            "<script>alert(1)</script>",
            "a * b",
            "2*3*4 = 24",
            "[x](data:text/html,hi)",
        ] {
            let pieces = inlines(s);
            assert!(
                pieces
                    .iter()
                    .all(|p| !matches!(p, Inline::Link { .. } | Inline::Strong(_))),
                "{s}: {pieces:?}"
            );
        }
        assert_eq!(inlines("<b>"), vec![t("<b>")]);
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn never_panics_and_keeps_every_link_safe(s in "[ -~\n\u{e9}\u{1F680}*_`\\[\\]()#-]{0,200}") {
                for b in parse(&s) {
                    let pieces: Vec<Inline> = match b {
                        Block::Para(p) | Block::Heading(p) => p,
                        Block::List { items, .. } => items.into_iter().flatten().collect(),
                    };
                    for p in pieces {
                        if let Inline::Link { url, .. } = p {
                            prop_assert!(check_url(&url).is_ok());
                        }
                    }
                }
            }
        }
    }
}
