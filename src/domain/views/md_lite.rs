//! The one markdown renderer of the app, for the model's texts and for what users type
//! (evidence descriptions): paragraphs, line breaks, `-`/`*`/`1.` lists, `#` headings,
//! `>` quotes, fenced code blocks, `**strong**`, `*em*`/`_em_` (not inside words),
//! `` `code` ``, backslash escapes, `[text](url)`, `<url>` and bare `http(s)://` links, and
//! images as links to them (nothing is loaded). It yields a tree of plain text pieces, which
//! [`to_html`] writes as markup with every text escaped, so no text can become markup (raw
//! HTML shows as written); links keep only targets [`check_url`] accepts (others stay text).
//!
//! Hand-written rather than pulldown-cmark: the subset is what the model and users write
//! (a host test checks every model text against CommonMark's), and it keeps a CommonMark
//! parser and its entity table out of the download.

use crate::domain::views::url::check_url;

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
    Quote(Vec<Inline>),
    /// A fenced code block's lines, as written.
    Code(String),
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
    let mut quote: Vec<&str> = Vec::new();
    let lines_of = |lines: &mut Vec<&str>| {
        let mut out = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            if i > 0 {
                out.push(Inline::Break);
            }
            out.extend(inlines(l.trim()));
        }
        lines.clear();
        out
    };
    let flush = |para: &mut Vec<&str>, quote: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !para.is_empty() {
            blocks.push(Block::Para(lines_of(para)));
        }
        if !quote.is_empty() {
            blocks.push(Block::Quote(lines_of(quote)));
        }
    };
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if line.trim().is_empty() {
            flush(&mut para, &mut quote, &mut blocks);
        } else if let Some(fence) = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f)) {
            flush(&mut para, &mut quote, &mut blocks);
            let indent = line.len() - trimmed.len();
            let mut code = Vec::new();
            for l in lines.by_ref() {
                if l.trim_start().starts_with(fence) {
                    break;
                }
                code.push(
                    l.get(indent..)
                        .filter(|_| l[..indent].trim().is_empty())
                        .unwrap_or(l.trim_start()),
                );
            }
            blocks.push(Block::Code(code.join("\n")));
        } else if let Some(q) = trimmed.strip_prefix('>') {
            if !para.is_empty() {
                flush(&mut para, &mut quote, &mut blocks);
            }
            quote.push(q.strip_prefix(' ').unwrap_or(q));
        } else if let Some((ordered, rest)) = item(line) {
            flush(&mut para, &mut quote, &mut blocks);
            match blocks.last_mut() {
                Some(Block::List { ordered: o, items }) if *o == ordered => {
                    items.push(inlines(rest.trim()))
                }
                _ => blocks.push(Block::List {
                    ordered,
                    items: vec![inlines(rest.trim())],
                }),
            }
        } else if let Some(h) = heading(trimmed) {
            flush(&mut para, &mut quote, &mut blocks);
            blocks.push(Block::Heading(inlines(h)));
        } else if !quote.is_empty() {
            // A lazy continuation line of the quote.
            quote.push(line);
        } else {
            para.push(line);
        }
    }
    flush(&mut para, &mut quote, &mut blocks);
    blocks
}

/// The text of an ATX heading line (`# Title`, up to six `#` and a space).
fn heading(line: &str) -> Option<&str> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    let rest = &line[hashes..];
    ((1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with(' ')))
        .then(|| rest.trim().trim_end_matches('#').trim_end())
}

/// `text` as HTML markup: every text escaped (raw HTML shows as written), links only to the
/// targets [`parse`] kept (in-app `#/…` links in place, others in a new tab without referrer),
/// headings as bold paragraphs so they never break the page's heading order. What every page
/// shows markdown with (`ui::markdown`, the report).
pub fn to_html(text: &str) -> String {
    use crate::domain::views::html::escape;
    let mut h = String::with_capacity(text.len() + text.len() / 4);
    let inline = |h: &mut String, pieces: &[Inline]| {
        for p in pieces {
            match p {
                Inline::Text(t) => h.push_str(&escape(t)),
                Inline::Strong(t) => h.push_str(&format!("<strong>{}</strong>", escape(t))),
                Inline::Em(t) => h.push_str(&format!("<em>{}</em>", escape(t))),
                Inline::Code(t) => h.push_str(&format!("<code>{}</code>", escape(t))),
                Inline::Link { text, url } if url.starts_with('#') => {
                    h.push_str(&format!("<a href=\"{}\">{}</a>", escape(url), escape(text)))
                }
                Inline::Link { text, url } => h.push_str(
                    &crate::domain::views::html::external_link(url, "", &escape(text)),
                ),
                Inline::Break => h.push_str("<br>"),
            }
        }
    };
    for b in parse(text) {
        match b {
            Block::Para(p) => {
                h.push_str("<p>");
                inline(&mut h, &p);
                h.push_str("</p>");
            }
            Block::Heading(p) => {
                h.push_str("<p><strong>");
                inline(&mut h, &p);
                h.push_str("</strong></p>");
            }
            Block::Quote(p) => {
                h.push_str("<blockquote><p>");
                inline(&mut h, &p);
                h.push_str("</p></blockquote>");
            }
            Block::Code(c) => h.push_str(&format!("<pre><code>{}</code></pre>", escape(&c))),
            Block::List { ordered, items } => {
                let tag = if ordered { "ol" } else { "ul" };
                h.push_str(&format!("<{tag}>"));
                for item in items {
                    h.push_str("<li>");
                    inline(&mut h, &item);
                    h.push_str("</li>");
                }
                h.push_str(&format!("</{tag}>"));
            }
        }
    }
    h
}

/// The plain text of blocks, as a reader sees it (the tests compare it with CommonMark's;
/// a custom activity is searched in it).
pub fn plain_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    let inline = |out: &mut String, pieces: &[Inline]| {
        for p in pieces {
            match p {
                Inline::Text(t) | Inline::Strong(t) | Inline::Em(t) | Inline::Code(t) => {
                    out.push_str(t)
                }
                Inline::Link { text, .. } => out.push_str(text),
                Inline::Break => out.push('\n'),
            }
        }
        out.push('\n');
    };
    for b in blocks {
        match b {
            Block::Para(p) | Block::Heading(p) | Block::Quote(p) => inline(&mut out, p),
            Block::List { items, .. } => items.iter().for_each(|i| inline(&mut out, i)),
            Block::Code(c) => {
                out.push_str(c);
                out.push('\n');
            }
        }
    }
    out
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
    // The character before `rest`, for the rule that `_` does not mark emphasis in words.
    let mut prev: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        let found = if c == '\\' {
            // An escaped punctuation character is itself; a backslash ending the line is a
            // line break (each line already is one).
            match rest[1..].chars().next() {
                Some(p) if p.is_ascii_punctuation() => {
                    Some((Inline::Text(p.into()), &rest[1 + p.len_utf8()..]))
                }
                None => Some((Inline::Text(String::new()), "")),
                _ => None,
            }
        } else if let Some(after) = rest.strip_prefix("**") {
            span(after, "**").map(|(s, r)| (Inline::Strong(unescape(s)), r))
        } else if c == '*' {
            span(&rest[1..], "*").map(|(s, r)| (Inline::Em(unescape(s)), r))
        } else if c == '_' && !prev.is_some_and(char::is_alphanumeric) {
            span(&rest[1..], "_")
                .filter(|(_, r)| !r.chars().next().is_some_and(char::is_alphanumeric))
                .map(|(s, r)| (Inline::Em(unescape(s)), r))
        } else if c == '`' {
            span(&rest[1..], "`").map(|(s, r)| (Inline::Code(s.into()), r))
        } else if c == '[' {
            link(rest)
        } else if let Some(after) = rest.strip_prefix("![") {
            // An image: a link to it, never loaded.
            link(&rest[1..])
                .map(|(l, r)| match l {
                    Inline::Link { text, url } => (
                        Inline::Link {
                            text: format!("[image: {}]", if text == url { "" } else { &text }),
                            url,
                        },
                        r,
                    ),
                    other => (other, r),
                })
                .or_else(|| {
                    let close = after.find("](")?;
                    let (_, r) = destination(&after[close + 2..])?;
                    Some((Inline::Text(format!("[image: {}]", &after[..close])), r))
                })
        } else if c == '<' {
            // An autolink: `<https://…>`.
            rest[1..].find('>').and_then(|end| {
                let url = &rest[1..1 + end];
                check_url(url).ok().map(|()| {
                    (
                        Inline::Link {
                            text: url.into(),
                            url: url.into(),
                        },
                        &rest[end + 2..],
                    )
                })
            })
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
            Some((Inline::Text(t), r)) => {
                text.push_str(&t);
                prev = t.chars().last().or(prev);
                rest = r;
            }
            Some((piece, r)) => {
                push_text(&mut text, &mut out);
                out.push(piece);
                prev = rest[..rest.len() - r.len()].chars().last();
                rest = r;
            }
            None => {
                text.push(c);
                prev = Some(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    push_text(&mut text, &mut out);
    out
}

/// Backslash escapes inside a styled span.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(p)) if p.is_ascii_punctuation() => {
                out.push(*p);
                chars.next();
            }
            _ => out.push(c),
        }
    }
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
    let (dest, rest) = destination(&s[close + 2..])?;
    let url = app_link(dest.trim())?;
    let text = if text.is_empty() { url.as_str() } else { text };
    Some((
        Inline::Link {
            text: unescape(text),
            url,
        },
        rest,
    ))
}

/// A link destination up to its closing `)`, parentheses inside balanced (CommonMark), and
/// what follows it.
fn destination(s: &str) -> Option<(&str, &str)> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some((&s[..i], &s[i + 1..])),
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The target a link may have in the app: a URL [`check_url`] accepts, or the reference
/// app's link to an activity (`./activity-description?uuid=…`, as the model writes them)
/// as the same page here.
fn app_link(url: &str) -> Option<String> {
    if check_url(url).is_ok() {
        return Some(url.to_string());
    }
    let query = url
        .trim_start_matches("./")
        .trim_start_matches('/')
        .strip_prefix("activity-description")?;
    crate::domain::views::route::Route::from_legacy_query(query)
        .map(|r| r.to_hash())
        .filter(|h| crate::domain::views::url::safe_href(h))
}

#[cfg(test)]
mod tests {
    #[test]
    fn html_escapes_every_text_and_links_only_safe_targets() {
        let h = super::to_html(
            "<script>alert(1)</script> **b & <i>** [x](javascript:alert(1)) [ok](https://e.org/?a=1&b=\"2\")\n\n# Head\n\n- one\n- <b>two</b>\n\n```\n<img onerror=x>\n```",
        );
        assert!(
            !h.contains("<script")
                && !h.contains("<i>")
                && !h.contains("<b>")
                && !h.contains("<img")
        );
        assert!(h.contains("&lt;script&gt;"));
        assert!(h.contains("<strong>b &amp; &lt;i&gt;</strong>"));
        assert!(!h.contains("javascript:alert(1)\""));
        assert!(h.contains("<a href=\"https://e.org/?a=1&amp;b=&quot;2&quot;\" rel=\"noopener noreferrer\" target=\"_blank\">ok</a>"));
        assert!(h.contains("<p><strong>Head</strong></p>"));
        assert!(h.contains("<ul><li>one</li><li>&lt;b&gt;two&lt;/b&gt;</li></ul>"));
        assert!(h.contains("<pre><code>&lt;img onerror=x&gt;</code></pre>"));
        assert!(!h.contains("<h1"));
    }

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

    #[test]
    fn model_markdown_features() {
        let b = parse("Intro:\n  - one\n  - two\n\n> quoted\n> on\n\n```html\n<div>{{x}}</div>\n```\n# SAMM\n");
        assert_eq!(
            b,
            vec![
                Block::Para(vec![t("Intro:")]),
                Block::List {
                    ordered: false,
                    items: vec![vec![t("one")], vec![t("two")]]
                },
                Block::Quote(vec![t("quoted"), Inline::Break, t("on")]),
                Block::Code("<div>{{x}}</div>".into()),
                Block::Heading(vec![t("SAMM")]),
            ]
        );
        assert_eq!(inlines("snake_case_name"), vec![t("snake_case_name")]);
        assert_eq!(inlines("\\*not em\\*"), vec![t("*not em*")]);
        assert_eq!(
            inlines("![plan](https://x.example/p.png) <https://y.example>"),
            vec![
                Inline::Link {
                    text: "[image: plan]".into(),
                    url: "https://x.example/p.png".into()
                },
                t(" "),
                Inline::Link {
                    text: "https://y.example".into(),
                    url: "https://y.example".into()
                },
            ]
        );
        assert_eq!(inlines("![x](javascript:alert(1))"), vec![t("[image: x]")]);
        // The model links to activities the way the reference app addresses them.
        assert_eq!(
            inlines("[Patching](./activity-description?uuid=86d490b9-d798)"),
            vec![Inline::Link {
                text: "Patching".into(),
                url: "#/activity/86d490b9-d798".into()
            }]
        );
        assert_eq!(
            inlines("[x](./other?uuid=1)"),
            vec![t("[x](./other?uuid=1)")]
        );
    }

    /// Every markdown text of the embedded model reads as CommonMark (pulldown-cmark) reads
    /// it: the same characters in the same order once markup is gone.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_model_reads_as_commonmark_reads_it() {
        use crate::domain::model::{details, MODEL};
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let mut checked = 0;
        for a in MODEL.activities {
            let d = details(a.index as usize);
            let tools = d.tools.iter().map(|t| t.description);
            for md in [
                d.description,
                d.risk,
                d.measure,
                d.assessment,
                d.implementation_guide,
                d.comments,
                d.credits,
            ]
            .into_iter()
            .chain(tools)
            {
                let ours = squeeze(&plain_text(&parse(md)));
                let theirs = squeeze(&dsomm_model_build::text::plain_text(md));
                assert_eq!(ours, theirs, "{}: {md}", a.name);
                checked += 1;
            }
        }
        assert!(checked > 1_000, "{checked}");
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
                        Block::Para(p) | Block::Heading(p) | Block::Quote(p) => p,
                        Block::List { items, .. } => items.into_iter().flatten().collect(),
                        Block::Code(_) => Vec::new(),
                    };
                    for p in pieces {
                        if let Inline::Link { url, .. } = p {
                            prop_assert!(crate::domain::views::url::safe_href(&url));
                        }
                    }
                }
            }
        }
    }
}
