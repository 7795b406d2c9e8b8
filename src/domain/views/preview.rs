//! The first screen as static HTML, written into index.html by the build (see
//! `src/preview_main.rs`): the shell and the matrix with every activity, shown while the
//! app's code is still downloading. It is the live page's one markup: the first wasm module
//! (`crate::shell`) takes it over in place when it starts, so nothing moves
//! (tests/e2e/preview.spec.ts checks that). Until then it claims nothing about the
//! assessment: no state, no counts, every control inert, and a line saying the assessment is
//! loading.

use crate::domain::model::Model;
use crate::domain::views::html::escape;
use crate::domain::views::matrix_html::{filter_options, pending, table};
use crate::domain::views::url::safe_href;

/// The id of the preview's root element, removed by the app when it starts.
pub const PREVIEW_ID: &str = "preview";
/// How the preview's root starts (to tell whether a page has one already).
pub const PREVIEW_ID_ATTR: &str = "<div id=\"preview\"";

/// The footer sentence about the model, shared with the live footer.
pub fn model_note(m: &Model) -> String {
    format!(
        " v{} (released {}), {} activities; content by OWASP under CC BY-SA 4.0. ",
        m.version,
        m.released,
        m.activities.len()
    )
}

/// The main navigation: (label, href), shared with the live header.
pub const NAV: [(&str, &str); 9] = [
    ("Matrix", "#/"),
    ("Heatmap", "#/heatmap"),
    ("Mappings", "#/mapping"),
    ("Dependencies", "#/dependencies"),
    ("Report", "#/report"),
    ("Teams", "#/teams"),
    ("Plan", "#/plan"),
    ("Settings", "#/settings"),
    ("Import / export", "#/data"),
];

/// Ids of the shell's parts, shared by this markup and the code that binds it
/// (`crate::shell`), and the pages module (`crate::ui`).
pub const SHELL_NOTICES_ID: &str = "shell-notices";
/// Where the pages module shows its messages (above every page, as the shell's).
pub const PAGES_NOTICES_ID: &str = "notices";
/// The first visit's note on the matrix (`crate::shell::bars::welcome`).
pub const WELCOME_ID: &str = "welcome";
/// Where the pages module renders its pages.
pub const PAGES_ID: &str = "pages";
/// The line the shell shows while the pages module loads, or why it could not.
pub const PAGES_STATUS_ID: &str = "pages-status";

/// The whole first screen inside `<div id="preview">`: skip link, header, message areas,
/// the matrix page and footer, as the live app has them. The first module (`crate::shell`)
/// takes it over in place: it removes the id, enables the controls and puts each
/// activity's control in; nothing is built twice.
pub fn first_screen(m: &Model) -> String {
    let mut h = String::with_capacity(160 * 1024);
    h.push_str(PREVIEW_ID_ATTR);
    h.push_str("><a class=\"skip\" href=\"#main\">Skip to content</a><header class=\"topbar\">");
    h.push_str("<a class=\"topbar__brand\" href=\"#/\">DSOMM<span class=\"topbar__sub\"> DevSecOps Maturity Model</span></a>");
    h.push_str("<nav aria-label=\"Main\"><ul class=\"topbar__nav\">");
    // No link is marked current: the header shows on every page before the app starts, so
    // only the app says which is shown (style/app.css draws the matrix's link as current
    // where the preview is the matrix).
    for (label, href) in NAV {
        h.push_str(&format!("<li><a href=\"{href}\">{label}</a></li>"));
    }
    h.push_str("</ul></nav><label class=\"teampicker\"><span>Team</span><select disabled><option>…</option></select></label></header>");
    // One fixed region in view for both modules' messages (`views::notice`), and the
    // first visit's note: shown there, it moves nothing on the page.
    h.push_str("<div class=\"notice-area\">");
    h.push_str(&format!(
        "<aside class=\"welcome\" id=\"{WELCOME_ID}\" aria-label=\"Getting started\" hidden><p><strong>Welcome.</strong> Team A–D and the groups Customer, Internal, Cloud and On-premise are examples: rename them or add your own under <a href=\"#/teams\">Teams</a>, then choose a team in the header and mark what it has implemented. Your assessment stays in this browser only, until you export it from <a href=\"#/data\">Import / export</a> (download it regularly).</p><button type=\"button\" class=\"button\" disabled>Got it</button></aside>"
    ));
    h.push_str(&format!(
        "<div class=\"notices\" id=\"{SHELL_NOTICES_ID}\"></div><div id=\"{PAGES_NOTICES_ID}\"></div></div>"
    ));
    h.push_str("<main id=\"main\" tabindex=\"-1\"><section class=\"matrix-page\" aria-labelledby=\"matrix-title\"><h1 id=\"matrix-title\">Maturity matrix</h1>");

    filters(&mut h, m);
    h.push_str("<div class=\"matrix-holder\">");
    h.push_str(&table(
        m,
        "DSOMM activities by sub-dimension and level",
        &pending,
    ));
    h.push_str("</div><p class=\"matrix__empty\" role=\"status\" hidden>No activities match the selected filters.</p></section>");
    h.push_str(&format!(
        "<section class=\"page\" id=\"{PAGES_STATUS_ID}\" hidden></section><div id=\"{PAGES_ID}\"></div></main>"
    ));
    h.push_str("<footer class=\"footer\"><p>Model: ");
    if safe_href(m.publisher) {
        h.push_str(&crate::domain::views::html::external_link(
            m.publisher,
            "",
            "OWASP DevSecOps Maturity Model",
        ));
    } else {
        h.push_str("OWASP DevSecOps Maturity Model");
    }
    h.push_str(&escape(&model_note(m)));
    h.push_str(
        "Your assessment stays in this browser; nothing is sent anywhere.</p></footer></div>",
    );
    h
}

/// The filter bar, inert until the app runs, with the line that says the assessment is
/// loading where the live bar says how many activities it shows.
/// The filter bar of `m` (pre-rendered, and made again by the first module for a custom
/// model).
pub fn filters(h: &mut String, m: &Model) {
    h.push_str("<form class=\"filters\" role=\"search\"><fieldset disabled class=\"preview__fields\"><label class=\"filters__field\"><span>Dimension</span><select>");
    h.push_str(&filter_options(m));
    h.push_str("</select></label>");
    h.push_str("<label class=\"filters__field filters__search\"><span>Search</span><input type=\"search\" placeholder=\"Name or description\"></label>");
    h.push_str("<fieldset class=\"filters__tags\"><legend>Tags</legend>");
    for t in m.tags {
        h.push_str(&format!(
            "<button type=\"button\" class=\"chip\" aria-pressed=\"false\" data-tag=\"{0}\"><span aria-hidden=\"true\"></span>{0}</button>",
            escape(t)
        ));
    }
    h.push_str("</fieldset><div class=\"filters__summary\"><span role=\"status\">Loading your assessment…</span><button type=\"button\" class=\"button\">Reset filters</button></div></fieldset></form>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{LEVEL_TITLES, MODEL};
    use crate::domain::views::route::activity_href;

    #[test]
    fn every_activity_is_in_the_preview_once_with_its_link_and_escaped_name() {
        let html = first_screen(&MODEL);
        assert_eq!(
            html.matches("<li class=\"act\"").count(),
            MODEL.activities.len()
        );
        for a in MODEL.activities {
            let link = format!(
                "<a class=\"act__name\" href=\"{}\">{}</a>",
                escape(&activity_href(a.uuid)),
                escape(a.name)
            );
            assert_eq!(html.matches(&link).count(), 1, "{}", a.name);
        }
        for t in LEVEL_TITLES {
            assert!(html.contains(&format!("\">{}</th>", escape(t))));
        }
        assert!(html.starts_with(PREVIEW_ID_ATTR));
        assert!(PREVIEW_ID_ATTR.contains(PREVIEW_ID));
        assert!(html.ends_with("</div>"));
    }

    #[test]
    fn the_preview_claims_no_state_and_offers_nothing_to_click_but_links() {
        let html = first_screen(&MODEL);
        for claim in ["Not implemented", "done", "data-state", "data-progress"] {
            assert!(!html.contains(claim), "{claim}");
        }
        assert!(!html.contains("<script"));
        assert!(html.contains("Loading your assessment…"));
        // Every form control is disabled: in the disabled fieldset or disabled itself.
        let fieldset = html.find("<fieldset disabled").unwrap();
        let fieldset_end = html.rfind("</fieldset></form>").unwrap();
        for (at, _) in html
            .match_indices("<button")
            .chain(html.match_indices("<input"))
        {
            let tag = &html[at..at + html[at..].find('>').unwrap()];
            assert!(
                (at > fieldset && at < fieldset_end) || tag.ends_with(" disabled"),
                "control outside the disabled fieldset: {tag}"
            );
        }
        assert_eq!(html.matches("<select").count(), 2);
        assert_eq!(html.matches("<select disabled>").count(), 1);
    }
}
