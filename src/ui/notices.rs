//! Messages: errors and confirmations, each dismissable; after storage was cleared elsewhere,
//! an offer to save this tab's assessment again.

use leptos::prelude::*;

use super::state::{use_app, NoticeKind};
use crate::domain::views::notice;

#[component]
pub fn Notices() -> impl IntoView {
    let app = use_app();
    view! {
        <div class="notices">
            // Keyed by id: a message's element is its own (an unkeyed list gave a new message
            // the element of the one it replaced, hidden by that one's ended animation).
            <For each=move || app.notices.get() key=|n| n.id let:n>
            {
                    let id = n.id;
                    let class = match (&n.kind, n.undo.is_some()) {
                        (NoticeKind::Error, _) => "notice notice--error",
                        (NoticeKind::Info, false) => "notice notice--info",
                        (NoticeKind::Info, true) => "notice notice--info notice--undo",
                    };
                    let prefix = notice::prefix(n.kind == NoticeKind::Info);
                    let restore = n.offer_restore;
                    let role = if n.kind == NoticeKind::Error { "alert" } else { "status" };
                    let undo = n.undo.clone();
                    view! {
                        <div class=class role=role data-text=n.text.clone()>
                            <strong>{prefix}</strong>
                            <span>{n.text.clone()}</span>
                            {undo.map(|changes| view! {
                                <button type="button" class="button notice__undo" on:click=move |_| {
                                    app.dismiss(id);
                                    app.undo(&changes);
                                }>"Undo"</button>
                            })}
                            {restore.then(|| view! {
                                <button type="button" class="button" on:click=move |_| {
                                    app.restore_to_storage();
                                    app.dismiss(id);
                                }>"Save to storage again"</button>
                            })}
                            <button type="button" class="notice__close" aria-label="Dismiss message" on:click=move |_| app.dismiss(id)>"×"</button>
                        </div>
                    }
            }
            </For>
        </div>
    }
}
