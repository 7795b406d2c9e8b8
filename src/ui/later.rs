//! Work a page can leave until its first frame is painted and the browser is idle, so
//! what a visitor reads and uses first is shown sooner: parts below the first screen (an
//! activity page's fields after its description, with its dependency graph: 280 SVG
//! elements laid out by the core held a cold load's first frame about 40 ms) and text few
//! will look at (the date-format samples: each locale's first date costs the browser its
//! locale data, 50 ms for the eight).

use leptos::prelude::*;

/// False until the next frame has been painted and the browser is idle, then true.
pub fn painted() -> ReadSignal<bool> {
    let (done, set_done) = signal(false);
    crate::browser::after_next_frame(
        move || {
            set_done.try_set(true);
        },
        true,
    );
    done
}

/// Renders `children` once [`painted`] (nothing until then).
#[component]
pub fn Later(children: ChildrenFn) -> impl IntoView {
    let shown = painted();
    move || shown.get().then(|| children())
}
