//! The plain text of model markdown, for the search index: what a reader sees, without
//! markup (raw HTML is shown as text by the app, so it is text here too).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The text of `markdown`, with a space wherever a block, break or inline element ends, so
/// words of different blocks never run together.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, opts) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::Start(Tag::Image { .. }) => out.push_str(" [image: "),
            Event::End(TagEnd::Image) => out.push_str("] "),
            Event::SoftBreak | Event::HardBreak | Event::Rule | Event::End(_) => out.push(' '),
            Event::Start(_) => out.push(' '),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_goes_text_stays() {
        let t = plain_text("A *build* [process](https://x.org):\n- one\n- `two`\n\n<i>raw</i> ![d](https://x/y.png)");
        let words: Vec<&str> = t.split_whitespace().collect();
        assert_eq!(
            words,
            [
                "A",
                "build",
                "process",
                ":",
                "one",
                "two",
                "<i>raw</i>",
                "[image:",
                "d]"
            ]
        );
    }
}
