//! The matrix filters and their place in the URL (`#/?dim=…&sub=…&tag=a,b&q=…`), so a
//! filtered view can be shared as a link.

use crate::domain::model::{Activity, Model, Search};
use crate::domain::views::url::{decode, encode, raw_pairs};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// Dimension name, or empty for all.
    pub dimension: String,
    /// Sub-dimension name, or empty for all.
    pub subdimension: String,
    /// Activities with any of these tags (OR); empty for all.
    pub tags: Vec<String>,
    /// Case-insensitive words that must all occur in the name or description.
    pub query: String,
    /// The top bar's choice the URL names (`team=…`, `group=…` or `teams=all`, as written;
    /// `route::with_scope`), kept through filter changes: the pages module writes it, and
    /// this keeps the first module free of its code.
    pub scope: String,
}

impl Filters {
    pub fn from_query(query: &str) -> Filters {
        let mut f = Filters::default();
        for (k, v) in raw_pairs(query) {
            match k.as_str() {
                "dim" => f.dimension = decode(v),
                "sub" => f.subdimension = decode(v),
                // Split before decoding: a tag may itself contain a comma.
                "tag" => f.tags = v.split(',').filter(|t| !t.is_empty()).map(decode).collect(),
                "q" => f.query = decode(v),
                "team" | "group" | "teams" => f.scope = format!("{k}={v}"),
                _ => {}
            }
        }
        f
    }

    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if !self.dimension.is_empty() {
            parts.push(format!("dim={}", encode(&self.dimension)));
        }
        if !self.subdimension.is_empty() {
            parts.push(format!("sub={}", encode(&self.subdimension)));
        }
        if !self.tags.is_empty() {
            let tags: Vec<String> = self.tags.iter().map(|t| encode(t)).collect();
            parts.push(format!("tag={}", tags.join(",")));
        }
        if self.searches_text() {
            parts.push(format!("q={}", encode(&self.query)));
        }
        if !self.scope.is_empty() {
            parts.push(self.scope.clone());
        }
        parts.join("&")
    }

    /// The dimension picker's value for these filters (its options: `matrix_html::
    /// filter_options`): `s:<sub-dimension>`, `d:<dimension>` or empty for all.
    pub fn scope_value(&self) -> String {
        if !self.subdimension.is_empty() {
            format!("s:{}", self.subdimension)
        } else if !self.dimension.is_empty() {
            format!("d:{}", self.dimension)
        } else {
            String::new()
        }
    }

    /// Sets dimension and sub-dimension from the picker's value ([`Filters::scope_value`]).
    pub fn set_scope_value(&mut self, v: &str) {
        self.dimension.clear();
        self.subdimension.clear();
        if let Some(d) = v.strip_prefix("d:") {
            self.dimension = d.to_string();
        } else if let Some(s) = v.strip_prefix("s:") {
            self.subdimension = s.to_string();
        }
    }

    /// Whether the text filter has something to search for (blank text searches nothing).
    pub fn searches_text(&self) -> bool {
        !self.query.trim().is_empty()
    }

    /// Whether any filter narrows the matrix (the scope is not a filter).
    pub fn is_active(&self) -> bool {
        !(!self.searches_text()
            && self.dimension.is_empty()
            && self.subdimension.is_empty()
            && self.tags.is_empty())
    }

    /// Whether the row of sub-dimension `sub` is shown at all.
    pub fn shows_row(&self, model: &Model, sub: usize) -> bool {
        let s = &model.subdimensions[sub];
        (self.dimension.is_empty() || model.dimensions[s.dimension as usize].name == self.dimension)
            && (self.subdimension.is_empty() || s.name == self.subdimension)
    }

    /// Whether an activity passes the tag and text filters (the row filter is separate),
    /// the text searched in `search` (while there is none yet, every activity passes).
    pub fn shows_activity(&self, m: &Model, search: Option<&Search>, a: &Activity) -> bool {
        let tags_ok =
            self.tags.is_empty() || a.tags.iter().any(|t| self.tags.iter().any(|f| f == t));
        tags_ok
            && search
                .and_then(|s| s.hits(&self.query, m.activities.len()))
                .is_none_or(|hits| hits[a.index as usize])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_text_searches_nothing_and_stays_out_of_the_url() {
        for (q, searches) in [("", false), ("  \t", false), ("sbom", true), (" x ", true)] {
            let f = Filters {
                query: q.into(),
                ..Filters::default()
            };
            assert_eq!(f.searches_text(), searches, "{q:?}");
            assert_eq!(f.is_active(), searches, "{q:?}");
            assert_eq!(f.to_query().contains("q="), searches, "{q:?}");
        }
    }

    #[test]
    fn the_dimension_picker_value_round_trips() {
        for v in ["", "d:Build and Deployment", "s:Build", "s:a:b"] {
            let mut f = Filters::default();
            f.set_scope_value(v);
            assert_eq!(f.scope_value(), v);
        }
        let mut f = Filters {
            dimension: "X".into(),
            ..Filters::default()
        };
        f.set_scope_value("s:Y");
        assert_eq!((f.dimension.as_str(), f.subdimension.as_str()), ("", "Y"));
    }
    use crate::domain::model::{MODEL, SEARCH};

    #[test]
    fn query_round_trip_with_odd_text() {
        let f = Filters {
            dimension: "Build and Deployment".into(),
            subdimension: "Build".into(),
            tags: vec!["sca".into(), "a&b=c, d".into()],
            query: "100% \"sbom\" #x ü".into(),
            scope: "group=Cloud+%26+%22eu%22".into(),
        };
        assert_eq!(Filters::from_query(&f.to_query()), f);
        assert_eq!(Filters::default().to_query(), "");
        assert!(!Filters::default().is_active());
        assert!(f.is_active());
        // The top bar's choice the URL names is kept as written, and is not a filter.
        let scoped = Filters::from_query("q=x&team=Team+A");
        assert_eq!(scoped.to_query(), "q=x&team=Team+A");
        assert!(!Filters::from_query("teams=all").is_active());
    }

    #[test]
    fn filters_match_the_model() {
        let count = |f: &Filters| {
            MODEL
                .activities
                .iter()
                .filter(|a| {
                    f.shows_row(&MODEL, a.subdimension as usize)
                        && f.shows_activity(&MODEL, Some(&SEARCH), a)
                })
                .count()
        };
        assert_eq!(count(&Filters::default()), 194);
        assert_eq!(
            count(&Filters {
                dimension: "Build and Deployment".into(),
                ..Default::default()
            }),
            28
        );
        assert_eq!(
            count(&Filters {
                subdimension: "Build".into(),
                ..Default::default()
            }),
            6
        );
        assert_eq!(
            count(&Filters {
                tags: vec!["sca".into()],
                ..Default::default()
            }),
            7
        );
        assert_eq!(
            count(&Filters {
                tags: vec!["sca".into(), "sbom".into()],
                ..Default::default()
            }),
            7 + 1 - overlap("sca", "sbom")
        );
        assert!(
            count(&Filters {
                query: "BUILD process".into(),
                ..Default::default()
            }) >= 1
        );
        assert_eq!(
            count(&Filters {
                query: "zzzqqq".into(),
                ..Default::default()
            }),
            0
        );
    }

    fn overlap(a: &str, b: &str) -> usize {
        MODEL
            .activities
            .iter()
            .filter(|x| x.tags.contains(&a) && x.tags.contains(&b))
            .count()
    }
}
