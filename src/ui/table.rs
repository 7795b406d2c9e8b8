//! A table that scrolls sideways in its own labelled region (at 390 px wide a long table
//! would otherwise widen the page), named by a caption for screen readers.

use leptos::prelude::*;

/// `label` names the region and the table; `class` is the table's.
#[component]
pub fn ScrollTable(label: &'static str, class: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="table-scroll" role="region" aria-label=label tabindex="0">
            <table class=class>
                <caption class="visually-hidden">{label}</caption>
                {children()}
            </table>
        </div>
    }
}
