//! Markdown (the model's texts, evidence descriptions) as elements and text nodes: no text
//! ever becomes markup (see `domain::views::md_lite`, the one renderer).

use leptos::prelude::*;

use crate::domain::views::md_lite::{self, Block, Inline};

fn link(text: String, url: String) -> AnyView {
    if url.starts_with('#') {
        view! { <a href=url>{text}</a> }.into_any()
    } else {
        view! { <a href=url rel="noopener noreferrer" target="_blank">{text}</a> }.into_any()
    }
}

fn inline(pieces: Vec<Inline>) -> impl IntoView {
    pieces
        .into_iter()
        .map(|p| match p {
            Inline::Text(t) => t.into_any(),
            Inline::Strong(t) => view! { <strong>{t}</strong> }.into_any(),
            Inline::Em(t) => view! { <em>{t}</em> }.into_any(),
            Inline::Code(t) => view! { <code>{t}</code> }.into_any(),
            Inline::Link { text, url } => link(text, url),
            Inline::Break => view! { <br /> }.into_any(),
        })
        .collect_view()
}

/// The blocks of `text`. Headings inside a text are bold paragraphs, so they never break the
/// page's heading order.
pub fn markdown(text: &str) -> impl IntoView {
    md_lite::parse(text)
        .into_iter()
        .map(|b| match b {
            Block::Para(p) => view! { <p>{inline(p)}</p> }.into_any(),
            Block::Heading(p) => view! { <p><strong>{inline(p)}</strong></p> }.into_any(),
            Block::Quote(p) => view! { <blockquote><p>{inline(p)}</p></blockquote> }.into_any(),
            Block::Code(c) => view! { <pre><code>{c}</code></pre> }.into_any(),
            Block::List { ordered: false, items } => {
                view! { <ul>{items.into_iter().map(|i| view! { <li>{inline(i)}</li> }).collect_view()}</ul> }.into_any()
            }
            Block::List { ordered: true, items } => {
                view! { <ol>{items.into_iter().map(|i| view! { <li>{inline(i)}</li> }).collect_view()}</ol> }.into_any()
            }
        })
        .collect_view()
}
