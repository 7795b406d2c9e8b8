//! Markdown to HTML that is safe to put into the DOM.
//!
//! Raw HTML in the source is shown as text, never as markup; links keep only http(s), mailto
//! and in-page targets; images become links (nothing is fetched from the internet).
//! This module is also compiled into build.rs, so it depends on nothing in the crate.

use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

/// Whether a link target may be followed from the app.
pub fn safe_url(url: &str) -> bool {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    // Browsers ignore tabs and newlines inside a scheme (`java\tscript:`), so refuse them.
    if u.chars().any(|c| c.is_control()) {
        return false;
    }
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || (u.starts_with('#') && !u.contains(':'))
}

/// HTML-escapes text for element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Renders markdown to sanitised HTML. Empty input gives an empty string.
pub fn to_safe_html(markdown: &str) -> String {
    if markdown.trim().is_empty() {
        return String::new();
    }
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    // Which link/image starts were turned into plain text, so their ends are dropped too.
    let mut open: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, opts).flat_map(|event| -> Vec<Event> {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => vec![Event::Text(raw)],
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let href = if link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                let ok = safe_url(&href);
                open.push(ok);
                if ok {
                    vec![Event::Html(CowStr::from(link_open(&href)))]
                } else {
                    vec![]
                }
            }
            Event::End(TagEnd::Link) => {
                if open.pop().unwrap_or(false) {
                    vec![Event::Html("</a>".into())]
                } else {
                    vec![]
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let ok = safe_url(&dest_url);
                open.push(ok);
                if ok {
                    vec![
                        Event::Html(CowStr::from(link_open(&dest_url))),
                        Event::Text("[image: ".into()),
                    ]
                } else {
                    vec![Event::Text("[image: ".into())]
                }
            }
            Event::End(TagEnd::Image) => {
                if open.pop().unwrap_or(false) {
                    vec![Event::Text("]".into()), Event::Html("</a>".into())]
                } else {
                    vec![Event::Text("]".into())]
                }
            }
            other => vec![other],
        }
    });
    let mut out = String::with_capacity(markdown.len() * 5 / 4);
    html::push_html(&mut out, events);
    out
}

fn link_open(href: &str) -> String {
    if href.starts_with('#') {
        format!("<a href=\"{}\">", escape(href))
    } else {
        format!(
            "<a href=\"{}\" rel=\"noopener noreferrer\" target=\"_blank\">",
            escape(href)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_common_markdown() {
        let html = to_safe_html("A *build* process:\n- one\n- two\n");
        assert!(html.contains("<em>build</em>"));
        assert!(html.contains("<li>one</li>"));
        assert_eq!(to_safe_html("  \n"), "");
    }

    #[test]
    fn raw_html_is_text() {
        for md in [
            "<script>alert(1)</script>",
            "hi <img src=x onerror=alert(1)> there",
            "<i>italic</i>",
            "<div onclick=\"x()\">\n\nblock\n\n</div>",
            "```\n<script>alert(1)</script>\n```",
        ] {
            let html = to_safe_html(md);
            assert!(!html.contains("<script"), "{html}");
            assert!(!html.contains("<img"), "{html}");
            assert!(!html.contains("<i>"), "{html}");
            assert!(!html.contains("<div"), "{html}");
        }
    }

    #[test]
    fn only_safe_links_survive() {
        let html = to_safe_html("[ok](https://owasp.org) [bad](javascript:alert(1)) [b2](JaVaScRiPt:x) [d](data:text/html,x) [v](vbscript:x)");
        assert!(html.contains("href=\"https://owasp.org\""));
        assert!(!html.to_ascii_lowercase().contains("javascript"));
        assert!(!html.contains("data:"));
        assert!(!html.contains("vbscript"));
        assert!(html.contains(">bad<") || html.contains("bad"));
        let auto = to_safe_html("<https://example.org/a?b=\"c\"> <mailto:x@y.z> <x@y.z>");
        assert!(
            auto.contains("href=\"https://example.org/a?b=%22c%22\"") || auto.contains("&quot;"),
            "{auto}"
        );
        assert!(auto.contains("mailto:x@y.z"));
    }

    #[test]
    fn images_become_links_and_are_never_loaded() {
        let html = to_safe_html("![diagram](https://github.com/x.png)");
        assert!(!html.contains("<img"));
        assert!(html.contains("[image: diagram]"));
        assert!(html.contains("href=\"https://github.com/x.png\""));
        let bad = to_safe_html("![x](javascript:alert(1))");
        assert!(!bad.contains("javascript"));
    }

    #[test]
    fn safe_url_refuses_obfuscated_schemes() {
        assert!(!safe_url("java\tscript:alert(1)"));
        assert!(!safe_url(" javascript:alert(1)"));
        assert!(!safe_url("/relative"));
        assert!(safe_url("#/activity/abc"));
        assert!(safe_url("HTTPS://OWASP.ORG"));
    }
}
