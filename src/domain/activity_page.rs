//! The static part of an activity's page (every field of the model), rendered to safe HTML at
//! build time so the browser ships data instead of view code. Also compiled into build.rs, so
//! it uses nothing from the crate but `super::markdown`.

use std::fmt::Write as _;

use super::markdown::{escape, safe_url, to_safe_html};
use super::url::encode;

/// Level column titles, as in the reference app's meta.yaml.
pub const LEVEL_TITLES: [&str; 5] = [
    "Level 1: Basic understanding of security practices",
    "Level 2: Adoption of basic security practices",
    "Level 3: High adoption of security practices",
    "Level 4: Very high adoption of security practices",
    "Level 5: Advanced deployment of security practices at scale",
];

/// Labels for time, resources and usefulness 1..=5.
pub const LABELS: [&str; 5] = ["Very Low", "Low", "Medium", "High", "Very High"];

/// Labels for knowledge 1..=5.
pub const KNOWLEDGE_LABELS: [&str; 5] = [
    "Very Low (one discipline)",
    "Low (one discipline)",
    "Medium (two disciplines)",
    "High (two disciplines)",
    "Very High (three or more disciplines)",
];

/// Display names of the reference frameworks.
pub const REFERENCE_NAMES: [(&str, &str); 4] = [
    ("samm2", "OWASP SAMM v2"),
    ("iso27001-2017", "ISO 27001:2017"),
    ("iso27001-2022", "ISO 27001:2022"),
    ("openCRE", "OpenCRE"),
];

/// Label for a 1..=5 value, or "unknown".
pub fn label(labels: &[&'static str; 5], value: u8) -> &'static str {
    match value {
        1..=5 => labels[value as usize - 1],
        _ => "unknown",
    }
}

/// A linked activity: (uuid, name, level, sub-dimension).
pub type Link<'a> = (&'a str, &'a str, u8, &'a str);

/// A tool: (name, url, markdown description, tags).
pub type ToolInput<'a> = (&'a str, &'a str, &'a str, Vec<&'a str>);

/// Everything shown about an activity besides team progress. Text fields are markdown.
#[derive(Debug, Default)]
pub struct PageInput<'a> {
    pub description: &'a str,
    pub risk: &'a str,
    pub measure: &'a str,
    pub assessment: &'a str,
    pub implementation_guide: &'a str,
    pub comments: &'a str,
    pub credits: &'a str,
    pub knowledge: u8,
    pub time: u8,
    pub resources: u8,
    pub usefulness: u8,
    pub tools: Vec<ToolInput<'a>>,
    pub references: Vec<(&'a str, Vec<&'a str>)>,
    pub depends_on: Vec<Link<'a>>,
    pub required_by: Vec<Link<'a>>,
    pub tags: Vec<&'a str>,
}

fn section(out: &mut String, title: &str, body: &str) {
    let _ = write!(
        out,
        "<section class=\"activity__section\"><h2>{}</h2>{body}</section>",
        escape(title)
    );
}

fn markdown_section(out: &mut String, title: &str, md: &str) {
    let html = to_safe_html(md);
    if !html.is_empty() {
        section(out, title, &format!("<div class=\"markdown\">{html}</div>"));
    }
}

fn external(url: &str, text: &str) -> String {
    format!(
        "<a href=\"{}\" rel=\"noopener noreferrer\" target=\"_blank\">{}</a>",
        escape(url),
        escape(text)
    )
}

fn links(out: &mut String, title: &str, items: &[Link], empty: &str) {
    if items.is_empty() {
        section(out, title, &format!("<p>{}</p>", escape(empty)));
        return;
    }
    let mut body = String::from("<ul>");
    for (uuid, name, level, sub) in items {
        let _ = write!(
            body,
            "<li><a href=\"#/activity/{}\">{}</a> (level {level}, {})</li>",
            encode(uuid),
            escape(name),
            escape(sub)
        );
    }
    body.push_str("</ul>");
    section(out, title, &body);
}

fn tags(list: &[&str], href: bool) -> String {
    let mut s = String::new();
    for t in list {
        if href {
            let _ = write!(
                s,
                "<li><a class=\"tag\" href=\"#/?tag={}\">{}</a></li>",
                encode(t),
                escape(t)
            );
        } else {
            let _ = write!(s, "<span class=\"tag\">{}</span>", escape(t));
        }
    }
    s
}

/// Renders the page body.
pub fn render(p: &PageInput) -> String {
    let mut out = String::new();
    markdown_section(&mut out, "Description", p.description);
    markdown_section(&mut out, "Risk", p.risk);
    markdown_section(&mut out, "Measure", p.measure);
    markdown_section(&mut out, "Assessment", p.assessment);
    markdown_section(&mut out, "Implementation guide", p.implementation_guide);

    let mut ratings = String::from("<dl class=\"ratings\">");
    for (name, v, text) in [
        (
            "Knowledge",
            p.knowledge,
            label(&KNOWLEDGE_LABELS, p.knowledge),
        ),
        ("Time", p.time, label(&LABELS, p.time)),
        ("Resources", p.resources, label(&LABELS, p.resources)),
        ("Usefulness", p.usefulness, label(&LABELS, p.usefulness)),
    ] {
        let dots: String = (1..=5u8).map(|i| if i <= v { '●' } else { '○' }).collect();
        let value = if v == 0 {
            "not rated".to_string()
        } else {
            format!("{v} of 5 — {text}")
        };
        let _ = write!(
            ratings,
            "<div class=\"ratings__row\"><dt>{name}</dt><dd><span class=\"ratings__dots\" aria-hidden=\"true\">{dots}</span> {}</dd></div>",
            escape(&value)
        );
    }
    ratings.push_str("</dl>");
    section(
        &mut out,
        "Difficulty of implementation and usefulness",
        &ratings,
    );

    if !p.tools.is_empty() {
        let mut body = String::from("<ul class=\"tools\">");
        for (name, url, description, tool_tags) in &p.tools {
            body.push_str("<li>");
            if safe_url(url) && !url.starts_with('#') {
                body.push_str(&external(url, name));
            } else {
                let _ = write!(body, "<strong>{}</strong>", escape(name));
            }
            let d = to_safe_html(description);
            if !d.is_empty() {
                let _ = write!(body, "<div class=\"markdown\">{d}</div>");
            }
            if !tool_tags.is_empty() {
                let _ = write!(
                    body,
                    "<span class=\"act__tags\">{}</span>",
                    tags(tool_tags, false)
                );
            }
            body.push_str("</li>");
        }
        body.push_str("</ul>");
        section(&mut out, &format!("Tools ({})", p.tools.len()), &body);
    }

    let refs: Vec<&(&str, Vec<&str>)> =
        p.references.iter().filter(|(_, v)| !v.is_empty()).collect();
    if refs.is_empty() {
        section(&mut out, "References", "<p>No references.</p>");
    } else {
        let mut body = String::from("<dl class=\"refs\">");
        for (key, values) in refs {
            let name = REFERENCE_NAMES
                .iter()
                .find(|(k, _)| k == key)
                .map_or(*key, |(_, n)| n);
            let _ = write!(
                body,
                "<div class=\"refs__row\"><dt>{}</dt><dd><ul>",
                escape(name)
            );
            for v in values {
                if v.starts_with("http") && safe_url(v) {
                    let text = if *key == "openCRE" {
                        "View on OpenCRE"
                    } else {
                        v
                    };
                    let _ = write!(body, "<li>{}</li>", external(v, text));
                } else {
                    let _ = write!(body, "<li>{}</li>", escape(v));
                }
            }
            body.push_str("</ul></dd></div>");
        }
        body.push_str("</dl>");
        section(&mut out, "References", &body);
    }

    links(&mut out, "Depends on", &p.depends_on, "No prerequisites.");
    links(
        &mut out,
        "Required by",
        &p.required_by,
        "No activity depends on this one.",
    );
    markdown_section(&mut out, "Comments", p.comments);
    markdown_section(&mut out, "Credits", p.credits);
    if p.tags.is_empty() {
        section(&mut out, "Tags", "<p>No tags.</p>");
    } else {
        section(
            &mut out,
            "Tags",
            &format!("<ul class=\"taglist\">{}</ul>", tags(&p.tags, true)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_every_section_and_escapes_names() {
        let p = PageInput {
            description: "A *b*",
            risk: "<script>x</script>",
            knowledge: 2,
            usefulness: 5,
            tools: vec![(
                "Tool <x>",
                "javascript:alert(1)",
                "see [docs](https://d.example)",
                vec!["ci"],
            )],
            references: vec![
                ("iso27001-2022", vec!["5.10"]),
                ("openCRE", vec!["https://opencre.org/x"]),
            ],
            depends_on: vec![("u-1", "Dep & co", 1, "Build")],
            tags: vec!["sca"],
            ..Default::default()
        };
        let html = render(&p);
        for needle in [
            "<h2>Description</h2>",
            "<em>b</em>",
            "&lt;script&gt;",
            "2 of 5 — Low (one discipline)",
            "5 of 5 — Very High",
            "not rated",
            "<strong>Tool &lt;x&gt;</strong>",
            "href=\"https://d.example\"",
            "<dt>ISO 27001:2022</dt>",
            "<li>5.10</li>",
            "View on OpenCRE",
            "<a href=\"#/activity/u-1\">Dep &amp; co</a> (level 1, Build)",
            "No activity depends on this one.",
            "href=\"#/?tag=sca\"",
        ] {
            assert!(html.contains(needle), "missing {needle:?} in {html}");
        }
        assert!(!html.contains("<script"));
        assert!(!html.contains("javascript:"));
        assert!(
            !html.contains("<h2>Measure</h2>"),
            "absent fields are not shown"
        );
    }
}
