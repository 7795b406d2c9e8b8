//! Markdown (the model's texts, evidence descriptions) on a page: the markup of the one
//! renderer (`domain::views::md_lite::to_html`, which escapes every text and keeps only safe
//! links), put in place in one step.

use leptos::prelude::*;

use crate::domain::views::md_lite;

/// `text` as a `<div class="markdown">`.
pub fn markdown(text: &str) -> impl IntoView {
    view! { <div class="markdown" inner_html=md_lite::to_html(text)></div> }
}
