//! The mappings page (`#/mapping`): every activity with its references to SAMM, ISO 27001
//! and OpenCRE and the chosen teams' state, sortable by any column in natural order,
//! searchable over every column, filterable to one standard, and pivoted by control. The
//! page's choices live in the URL (`#/mapping?view=…&sort=…&desc=1&q=…&std=…`) like the
//! matrix filters. The same rows feed the spreadsheet exports ([`crate::domain::formats::exports`]).

use std::cmp::Ordering;

use crate::domain::assessment::scores::ScopeState;
use crate::domain::model::{details, Activity, Model, References};
use crate::domain::views::html::escape;
use crate::domain::views::natural::{natural_cmp, natural_cmp_lists};
use crate::domain::views::route::activity_href;
use crate::domain::views::url::{decode, encode, raw_pairs};

/// The standards the model maps activities to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Standard {
    Samm2,
    Iso2017,
    Iso2022,
    OpenCre,
}

impl Standard {
    pub const ALL: [Standard; 4] = [
        Standard::Samm2,
        Standard::Iso2017,
        Standard::Iso2022,
        Standard::OpenCre,
    ];
    /// The standards with control ids to pivot by (OpenCRE entries are links).
    pub const PIVOTS: [Standard; 3] = [Standard::Iso2022, Standard::Iso2017, Standard::Samm2];

    /// Its name in the URL.
    pub fn key(self) -> &'static str {
        match self {
            Standard::Samm2 => "samm2",
            Standard::Iso2017 => "iso2017",
            Standard::Iso2022 => "iso2022",
            Standard::OpenCre => "opencre",
        }
    }

    pub fn from_key(key: &str) -> Option<Standard> {
        Standard::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Standard::Samm2 => "OWASP SAMM v2",
            Standard::Iso2017 => "ISO 27001:2017",
            Standard::Iso2022 => "ISO 27001:2022",
            Standard::OpenCre => "OpenCRE",
        }
    }

    /// What one control of it is called in a pivot's first column.
    pub fn control_label(self) -> &'static str {
        match self {
            Standard::Samm2 => "SAMM stream",
            Standard::Iso2017 => "ISO 27001:2017 control",
            Standard::Iso2022 => "ISO 27001:2022 control",
            Standard::OpenCre => "OpenCRE link",
        }
    }

    /// The activity's entries for this standard, as written in the model.
    pub fn ids(self, r: &References) -> &'static [&'static str] {
        match self {
            Standard::Samm2 => r.samm2,
            Standard::Iso2017 => r.iso27001_2017,
            Standard::Iso2022 => r.iso27001_2022,
            Standard::OpenCre => r.open_cre,
        }
    }

    /// Whether an entry names a control rather than being a note ("Not explicitly covered
    /// by ISO 27001 - too specific"): ISO ids are dotted numbers (`8.31`, `12.6.1`), SAMM
    /// ids are hyphenated codes (`I-SB-A-1`).
    pub fn is_control(self, id: &str) -> bool {
        match self {
            Standard::Iso2017 | Standard::Iso2022 => {
                let parts: Vec<&str> = id.split('.').collect();
                parts.len() >= 2
                    && parts
                        .iter()
                        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            }
            Standard::Samm2 => {
                id.contains('-')
                    && id.len() <= 24
                    && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            }
            Standard::OpenCre => false,
        }
    }

    /// The activity's control ids for this standard (notes left out).
    pub fn controls(self, r: &References) -> impl Iterator<Item = &'static str> {
        self.ids(r)
            .iter()
            .copied()
            .filter(move |id| self.is_control(id))
    }
}

/// A column of the activity table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Dimension,
    SubDimension,
    Activity,
    Level,
    Refs(Standard),
    State,
}

impl Column {
    pub const ALL: [Column; 9] = [
        Column::Dimension,
        Column::SubDimension,
        Column::Activity,
        Column::Level,
        Column::Refs(Standard::Samm2),
        Column::Refs(Standard::Iso2017),
        Column::Refs(Standard::Iso2022),
        Column::Refs(Standard::OpenCre),
        Column::State,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Column::Dimension => "dimension",
            Column::SubDimension => "subdimension",
            Column::Activity => "activity",
            Column::Level => "level",
            Column::Refs(s) => s.key(),
            Column::State => "state",
        }
    }

    pub fn from_key(key: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Column::Dimension => "Dimension",
            Column::SubDimension => "Sub-dimension",
            Column::Activity => "Activity",
            Column::Level => "Level",
            Column::Refs(s) => s.label(),
            Column::State => "State",
        }
    }
}

/// What the page shows: one row per activity, or one row per control of a standard.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Activities,
    ByControl(Standard),
}

impl View {
    pub fn key(self) -> &'static str {
        match self {
            View::Activities => "activities",
            View::ByControl(s) => s.key(),
        }
    }

    pub fn from_key(key: &str) -> View {
        match Standard::from_key(key) {
            Some(s) if Standard::PIVOTS.contains(&s) => View::ByControl(s),
            _ => View::Activities,
        }
    }

    pub fn label(self) -> String {
        match self {
            View::Activities => "One row per activity".into(),
            View::ByControl(s) => format!("One row per {}", s.control_label()),
        }
    }

    pub const ALL: [View; 4] = [
        View::Activities,
        View::ByControl(Standard::Iso2022),
        View::ByControl(Standard::Iso2017),
        View::ByControl(Standard::Samm2),
    ];
}

/// The page's choices, kept in the URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MappingQuery {
    pub view: View,
    /// The column sorted by (activity view; the control view sorts by control).
    pub sort: Column,
    pub desc: bool,
    /// Words that must all occur (case-insensitive) somewhere in the row.
    pub text: String,
    /// Only activities with at least one entry for this standard.
    pub mapped: Option<Standard>,
}

impl Default for MappingQuery {
    fn default() -> Self {
        MappingQuery {
            view: View::Activities,
            sort: Column::Dimension,
            desc: false,
            text: String::new(),
            mapped: None,
        }
    }
}

impl MappingQuery {
    pub fn from_query(query: &str) -> MappingQuery {
        let mut q = MappingQuery::default();
        for (k, v) in raw_pairs(query) {
            let v = decode(v);
            match k.as_str() {
                "view" => q.view = View::from_key(&v),
                "sort" => q.sort = Column::from_key(&v).unwrap_or(q.sort),
                "desc" => q.desc = v == "1",
                "q" => q.text = v,
                "std" => q.mapped = Standard::from_key(&v),
                _ => {}
            }
        }
        q
    }

    pub fn to_query(&self) -> String {
        let d = MappingQuery::default();
        let mut parts = Vec::new();
        if self.view != d.view {
            parts.push(format!("view={}", self.view.key()));
        }
        if self.sort != d.sort {
            parts.push(format!("sort={}", self.sort.key()));
        }
        if self.desc {
            parts.push("desc=1".to_string());
        }
        if !self.text.trim().is_empty() {
            parts.push(format!("q={}", encode(&self.text)));
        }
        if let Some(s) = self.mapped {
            parts.push(format!("std={}", s.key()));
        }
        parts.join("&")
    }

    /// The query after a click on `column`'s header: sorted by it ascending, or the other
    /// way round when it is already the sort column.
    pub fn sorted_by(&self, column: Column) -> MappingQuery {
        let desc = self.sort == column && !self.desc;
        MappingQuery {
            sort: column,
            desc,
            ..self.clone()
        }
    }

    fn terms(&self) -> Vec<String> {
        self.text
            .split_whitespace()
            .map(str::to_ascii_lowercase)
            .collect()
    }
}

/// The activities either view starts from: up to `max_level`, and with an entry for the
/// "mapped to" standard if one is chosen.
fn shown<'a>(
    m: &'a Model,
    max_level: u8,
    q: &'a MappingQuery,
) -> impl Iterator<Item = &'a Activity> + 'a {
    m.activities.iter().filter(move |a| {
        a.level <= max_level
            && q.mapped
                .is_none_or(|s| !s.ids(&details(a.index as usize).references).is_empty())
    })
}

/// The activities shown (up to `max_level`), filtered and sorted as `q` says; `state` gives
/// each activity's state cell by index. Ties keep the model's order; activities without an
/// entry in the sorted reference column come last in either direction.
pub fn activity_rows(
    m: &Model,
    max_level: u8,
    q: &MappingQuery,
    state: &dyn Fn(usize) -> ScopeState,
) -> Vec<usize> {
    let terms = q.terms();
    let mut rows: Vec<(usize, ScopeState)> = shown(m, max_level, q)
        .map(|a| (a.index as usize, state(a.index as usize)))
        .filter(|(i, cell)| {
            terms.is_empty() || {
                let text = row_text(m, &m.activities[*i], &cell.text);
                terms.iter().all(|t| text.contains(t.as_str()))
            }
        })
        .collect();
    let key = |i: usize| (&m.activities[i], &details(i).references);
    rows.sort_by(|(i, si), (j, sj)| {
        let ((a, ra), (b, rb)) = (key(*i), key(*j));
        let order = match q.sort {
            Column::Refs(s) => {
                let (x, y) = (s.ids(ra), s.ids(rb));
                match (x.is_empty(), y.is_empty()) {
                    (true, false) => return Ordering::Greater,
                    (false, true) => return Ordering::Less,
                    _ => natural_cmp_lists(x, y),
                }
            }
            Column::Dimension => natural_cmp(m.dimension_of(a).name, m.dimension_of(b).name),
            Column::SubDimension => {
                natural_cmp(m.subdimension_of(a).name, m.subdimension_of(b).name)
            }
            Column::Activity => natural_cmp(a.name, b.name),
            Column::Level => a.level.cmp(&b.level),
            Column::State => si.rank.cmp(&sj.rank),
        };
        if q.desc {
            order.reverse()
        } else {
            order
        }
    });
    rows.into_iter().map(|(i, _)| i).collect()
}

/// Everything a row shows, lower-cased, for the text search.
fn row_text(m: &Model, a: &Activity, state: &str) -> String {
    let r = &details(a.index as usize).references;
    let mut text = format!(
        "{}\n{}\n{}\nlevel {}\n{}",
        m.dimension_of(a).name,
        m.subdimension_of(a).name,
        a.name,
        a.level,
        state
    );
    for s in Standard::ALL {
        for id in s.ids(r) {
            text.push('\n');
            text.push_str(id);
        }
    }
    text.to_ascii_lowercase()
}

/// One row of a pivot: a control and the activities mapped to it (model order). The row
/// with an empty `id` holds the shown activities mapped to no control of the standard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControlRow {
    pub id: &'static str,
    pub activities: Vec<usize>,
}

/// The activities shown (up to `max_level`, with an entry for `q.mapped` if set) pivoted by
/// the controls of `standard`, in natural order of control id (`q.desc` reverses it), the
/// unmapped last; a row shows when every search term occurs in its control id or in one of
/// its activities' rows.
pub fn control_rows(
    m: &Model,
    max_level: u8,
    standard: Standard,
    q: &MappingQuery,
    state: &dyn Fn(usize) -> ScopeState,
) -> Vec<ControlRow> {
    let mut by_id: Vec<ControlRow> = Vec::new();
    let mut unmapped = Vec::new();
    for a in shown(m, max_level, q) {
        let i = a.index as usize;
        let mut any = false;
        for id in standard.controls(&details(i).references) {
            any = true;
            match by_id.iter_mut().find(|r| r.id == id) {
                Some(r) if r.activities.last() != Some(&i) => r.activities.push(i),
                Some(_) => {}
                None => by_id.push(ControlRow {
                    id,
                    activities: vec![i],
                }),
            }
        }
        if !any {
            unmapped.push(i);
        }
    }
    by_id.sort_by(|a, b| {
        let o = natural_cmp(a.id, b.id);
        if q.desc {
            o.reverse()
        } else {
            o
        }
    });
    if !unmapped.is_empty() {
        by_id.push(ControlRow {
            id: "",
            activities: unmapped,
        });
    }
    let terms = q.terms();
    if terms.is_empty() {
        return by_id;
    }
    let texts: Vec<Option<String>> = (0..m.activities.len()).map(|_| None).collect();
    let mut texts = texts;
    by_id
        .into_iter()
        .filter(|r| {
            let mut text = r.id.to_ascii_lowercase();
            for &i in &r.activities {
                let t =
                    texts[i].get_or_insert_with(|| row_text(m, &m.activities[i], &state(i).text));
                text.push('\n');
                text.push_str(t);
            }
            terms.iter().all(|t| text.contains(t.as_str()))
        })
        .collect()
}

/// The activity table's body rows as markup (the header, with its sort buttons, is the
/// page's own): every text escaped, reference lists as lists, the activity a link; each row
/// carries its activity index (`data-i`), so the page can sort and filter rows in place.
pub fn activity_rows_html(
    m: &Model,
    rows: &[usize],
    state: &dyn Fn(usize) -> ScopeState,
) -> String {
    let mut h = String::with_capacity(rows.len() * 600);
    for &i in rows {
        let a = &m.activities[i];
        let r = &details(i).references;
        h.push_str(&format!(
            "<tr role=\"row\" data-i=\"{i}\"><td role=\"cell\">"
        ));
        h.push_str(&escape(m.dimension_of(a).name));
        h.push_str("</td><td role=\"cell\">");
        h.push_str(&escape(m.subdimension_of(a).name));
        h.push_str(&format!(
            "</td><th scope=\"row\" role=\"rowheader\"><a href=\"{}\">{}</a></th><td role=\"cell\" class=\"num\">{}</td>",
            escape(&activity_href(a.uuid)),
            escape(a.name),
            a.level
        ));
        for s in Standard::ALL {
            h.push_str("<td role=\"cell\">");
            id_list(&mut h, s, s.ids(r));
            h.push_str("</td>");
        }
        h.push_str(&format!(
            "<td role=\"cell\">{}</td></tr>",
            escape(&state(i).text)
        ));
    }
    h
}

/// A pivot's body rows as markup: the control, then its activities (links, with level and
/// state).
pub fn control_rows_html(
    m: &Model,
    rows: &[ControlRow],
    state: &dyn Fn(usize) -> ScopeState,
) -> String {
    let mut h = String::new();
    for r in rows {
        let id = if r.id.is_empty() {
            "Mapped to no control".to_string()
        } else {
            escape(r.id)
        };
        h.push_str(&format!(
            "<tr role=\"row\"><th scope=\"row\" role=\"rowheader\">{id}</th><td role=\"cell\" class=\"num\">{}</td><td role=\"cell\"><ul class=\"mapping__acts\">",
            r.activities.len()
        ));
        for &i in &r.activities {
            let a = &m.activities[i];
            h.push_str(&format!(
                "<li><a href=\"{}\">{}</a> <span class=\"mapping__meta\">(level {}, {})</span></li>",
                escape(&activity_href(a.uuid)),
                escape(a.name),
                a.level,
                escape(&state(i).text)
            ));
        }
        h.push_str("</ul></td></tr>");
    }
    h
}

fn id_list(h: &mut String, s: Standard, ids: &[&str]) {
    if ids.is_empty() {
        h.push_str("<span class=\"visually-hidden\">none</span>");
        return;
    }
    h.push_str("<ul class=\"mapping__ids\">");
    for id in ids {
        h.push_str("<li>");
        if crate::domain::views::url::is_web_link(id) {
            let text = format!(
                "{}<span class=\"visually-hidden\"> entry (opens in a new tab)</span>",
                escape(s.label())
            );
            h.push_str(&crate::domain::views::html::external_link(id, "", &text));
        } else {
            h.push_str(&escape(id));
        }
        h.push_str("</li>");
    }
    h.push_str("</ul>");
}

#[cfg(test)]
mod tests;
