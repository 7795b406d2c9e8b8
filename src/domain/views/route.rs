//! The app's routes, kept in the URL fragment so every page works from a plain static server
//! (no rewrite rules): `#/` matrix (with filter query), `#/activity/<uuid>`, `#/data`,
//! `#/mapping` (with its query), …

use crate::domain::assessment::teams::Scope;
use crate::domain::views::filters::Filters;
use crate::domain::views::mapping::MappingQuery;
use crate::domain::views::url::{decode, encode, query_pairs};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Matrix(Filters),
    /// An activity by uuid (or, for old links, by name).
    Activity(String),
    Data,
    Teams,
    Heatmap,
    /// The mappings table (sort, search and view in the query).
    Mapping(MappingQuery),
    /// The printable report.
    Report,
    /// Targets and what is still to do for them.
    Plan,
    /// The dependency graph of one dimension (its name; empty: the first).
    Dependencies(String),
    Settings,
    NotFound(String),
}

impl Route {
    /// Parses `location.hash` (with or without the leading `#`).
    pub fn parse(hash: &str) -> Route {
        let h = hash.trim_start_matches('#').trim_start_matches('/');
        let (path, query) = h.split_once('?').unwrap_or((h, ""));
        match path.trim_end_matches('/') {
            "" | "matrix" => Route::Matrix(Filters::from_query(query)),
            "data" => Route::Data,
            "teams" => Route::Teams,
            "heatmap" => Route::Heatmap,
            "mapping" => Route::Mapping(MappingQuery::from_query(query)),
            "dependencies" => Route::Dependencies(
                query_pairs(query)
                    .into_iter()
                    .find(|(k, _)| k == "dim")
                    .map(|(_, v)| v)
                    .unwrap_or_default(),
            ),
            "settings" => Route::Settings,
            "report" => Route::Report,
            "plan" => Route::Plan,
            p => match p.strip_prefix("activity/") {
                Some(key) if !key.is_empty() => Route::Activity(decode(key)),
                _ => Route::NotFound(p.to_string()),
            },
        }
    }

    pub fn to_hash(&self) -> String {
        match self {
            Route::Matrix(f) => match f.to_query() {
                q if q.is_empty() => "#/".to_string(),
                q => format!("#/?{q}"),
            },
            Route::Activity(key) => format!("#/activity/{}", encode(key)),
            Route::Data => "#/data".to_string(),
            Route::Teams => "#/teams".to_string(),
            Route::Heatmap => "#/heatmap".to_string(),
            Route::Mapping(q) => match q.to_query() {
                q if q.is_empty() => "#/mapping".to_string(),
                q => format!("#/mapping?{q}"),
            },
            Route::Settings => "#/settings".to_string(),
            Route::Report => "#/report".to_string(),
            Route::Plan => "#/plan".to_string(),
            Route::Dependencies(d) if d.is_empty() => "#/dependencies".to_string(),
            Route::Dependencies(d) => format!("#/dependencies?dim={}", encode(d)),
            Route::NotFound(p) => format!("#/{p}"),
        }
    }

    /// The page shown: the matrix filters and the mapping query left out, so typing a
    /// filter never builds the page again.
    pub fn page(&self) -> Route {
        match self {
            Route::Matrix(_) => Route::Matrix(Filters::default()),
            Route::Mapping(_) => Route::Mapping(MappingQuery::default()),
            Route::Dependencies(_) => Route::Dependencies(String::new()),
            other => other.clone(),
        }
    }

    /// Whether the first wasm module shows this route (the matrix, and "not found"); the
    /// other pages come with the second module.
    pub fn on_first_screen(&self) -> bool {
        matches!(self, Route::Matrix(_) | Route::NotFound(_))
    }

    /// Whether the page shows the progress of the top bar's choice (team, group or all
    /// teams), so its URL names that choice ([`with_scope`]).
    pub fn shows_scope(&self) -> bool {
        !matches!(self, Route::Data | Route::Settings | Route::NotFound(_))
    }

    /// The route for a reference-app link (`activity-description?uuid=…` or `?name=…`), from
    /// the page's query string.
    pub fn from_legacy_query(search: &str) -> Option<Route> {
        let pairs = query_pairs(search.trim_start_matches('?'));
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, v)| key == k && !v.is_empty())
                .map(|(_, v)| v.clone())
        };
        get("uuid").or_else(|| get("name")).map(Route::Activity)
    }
}

/// Set on `<html>` by the first module when the top bar's choice changes: the choice a URL
/// named when the page loaded no longer counts.
pub const CHOSEN_ATTR: &str = "data-scope-chosen";

/// The query keys that name the top bar's choice in a URL: `team=<name>`, `group=<name>`
/// or `teams=all`. Every page's own query ignores them.
const SCOPE_KEYS: [&str; 3] = ["team", "group", "teams"];

/// The team, group or all teams a URL names (`#/heatmap?group=Customer`), if any.
pub fn scope_in(hash: &str) -> Option<Scope> {
    let (_, query) = hash.split_once('?')?;
    let pairs = query_pairs(query).into_iter().rev();
    pairs
        .filter(|(_, v)| !v.is_empty())
        .find_map(|(k, v)| match k.as_str() {
            "team" => Some(Scope::Team(v)),
            "group" => Some(Scope::Group(v)),
            "teams" if v == "all" => Some(Scope::All),
            _ => None,
        })
}

/// `hash` naming `scope` instead of any choice it named, so that a link shows what this page
/// shows; pages that do not show progress ([`Route::shows_scope`]) name none. The page's own
/// query is kept as written.
pub fn with_scope(hash: &str, scope: &Scope) -> String {
    let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
    let ours = |p: &&str| SCOPE_KEYS.contains(&decode(p.split('=').next().unwrap_or("")).as_str());
    let mut parts: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && !ours(p))
        .map(str::to_string)
        .collect();
    if Route::parse(hash).shows_scope() {
        parts.push(match scope {
            Scope::All => "teams=all".into(),
            Scope::Group(g) => format!("group={}", encode(g)),
            Scope::Team(t) => format!("team={}", encode(t)),
        });
    }
    let path = if path.is_empty() { "#/" } else { path };
    match parts.is_empty() {
        true => path.to_string(),
        false => format!("{path}?{}", parts.join("&")),
    }
}

pub fn activity_href(uuid: &str) -> String {
    Route::Activity(uuid.to_string()).to_hash()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_writes_routes() {
        assert_eq!(Route::parse(""), Route::Matrix(Filters::default()));
        assert_eq!(Route::parse("#/"), Route::Matrix(Filters::default()));
        assert_eq!(Route::parse("#/data"), Route::Data);
        let a = Route::parse("#/activity/f6f7737f-25a9-4317-8de2-09bf59f29b5b");
        assert_eq!(
            a,
            Route::Activity("f6f7737f-25a9-4317-8de2-09bf59f29b5b".into())
        );
        for r in [
            a,
            Route::Data,
            Route::Teams,
            Route::Heatmap,
            Route::Settings,
            Route::Mapping(MappingQuery::default()),
            Route::Dependencies(String::new()),
            Route::Report,
            Route::Dependencies("Culture and Organization".into()),
            Route::Mapping(MappingQuery::from_query(
                "sort=iso2022&desc=1&q=a+b&view=samm2",
            )),
            Route::Activity("Defined build process".into()),
            Route::Matrix(Filters {
                tags: vec!["sca".into()],
                query: "x y".into(),
                ..Default::default()
            }),
        ] {
            assert_eq!(Route::parse(&r.to_hash()), r);
        }
        assert!(matches!(Route::parse("#/nope"), Route::NotFound(_)));
    }

    #[test]
    fn the_url_names_the_top_bars_choice_on_pages_that_show_progress() {
        let team = Scope::Team("O'Brien & Co = ops".into());
        let group = Scope::Group("Customer".into());
        for (hash, scope, want) in [
            ("#/heatmap", &group, "#/heatmap?group=Customer"),
            ("#/", &Scope::All, "#/?teams=all"),
            ("", &Scope::All, "#/?teams=all"),
            ("#/?q=sbom&team=Old", &group, "#/?q=sbom&group=Customer"),
            (
                "#/mapping?view=iso2022&group=Customer",
                &team,
                "#/mapping?view=iso2022&team=O%27Brien+%26+Co+%3D+ops",
            ),
            (
                "#/activity/abc?teams=all",
                &group,
                "#/activity/abc?group=Customer",
            ),
            ("#/settings?team=A", &group, "#/settings"),
            ("#/data", &group, "#/data"),
        ] {
            let out = with_scope(hash, scope);
            assert_eq!(out, want, "{hash}");
            if Route::parse(hash).shows_scope() {
                assert_eq!(scope_in(&out).as_ref(), Some(scope), "{out}");
            }
            // The page and its own query are unchanged; the matrix's filters keep the
            // choice as written (the first module writes them back with it).
            let strip = |r: Route| match r {
                Route::Matrix(f) => Route::Matrix(Filters {
                    scope: String::new(),
                    ..f
                }),
                r => r,
            };
            assert_eq!(strip(Route::parse(&out)), strip(Route::parse(hash)));
            if let Route::Matrix(f) = Route::parse(&out) {
                assert_eq!(Route::Matrix(f).to_hash(), out);
            }
        }
        assert_eq!(scope_in("#/heatmap"), None);
        assert_eq!(scope_in("#/heatmap?team="), None);
        assert_eq!(scope_in("#/heatmap?teams=all"), Some(Scope::All));
        assert_eq!(
            scope_in("#/?team=Team+A&dim=x"),
            Some(Scope::Team("Team A".into()))
        );
    }

    #[test]
    fn legacy_links_land_on_the_activity() {
        assert_eq!(
            Route::from_legacy_query("?uuid=abc-1"),
            Some(Route::Activity("abc-1".into()))
        );
        assert_eq!(
            Route::from_legacy_query("?name=Defined%20build%20process"),
            Some(Route::Activity("Defined build process".into()))
        );
        assert_eq!(Route::from_legacy_query(""), None);
    }

    #[test]
    fn page_leaves_out_filters_and_first_screen_is_matrix_and_not_found() {
        let filtered = Route::parse("#/?q=sbom&tag=sbom");
        assert_ne!(filtered, Route::parse("#/"));
        assert_eq!(filtered.page(), Route::parse("#/").page());
        assert_eq!(Route::Data.page(), Route::Data);
        for (hash, first) in [
            ("#/", true),
            ("#/?q=x", true),
            ("#/nowhere", true),
            ("#/activity/abc", false),
            ("#/data", false),
            ("#/teams", false),
            ("#/heatmap", false),
            ("#/settings", false),
            ("#/mapping?q=x", false),
        ] {
            assert_eq!(Route::parse(hash).on_first_screen(), first, "{hash}");
        }
    }
}
