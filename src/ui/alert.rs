//! The error line of a form or section: why the last action was refused (hidden when
//! there is none), read out when it appears.

use leptos::prelude::*;

#[component]
pub fn ErrorAlert(error: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <div role="alert" class="alert alert--error" hidden=move || error.with(Option::is_none)>
            {move || error.get().unwrap_or_default()}
        </div>
    }
}
