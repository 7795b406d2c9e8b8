//! The printable report's markup (`#/report`): facts, the summary table, then every listed
//! activity with the chosen teams' states as text and the chosen fields. One string put in
//! place at once: the report can hold thousands of elements, and as markup it needs no
//! per-element code in the pages module. Every text is escaped; markdown goes through
//! `md_lite::to_html`; only safe URLs become links.

use crate::domain::assessment::date::Date;
use crate::domain::assessment::evidence::EvidenceStore;
use crate::domain::assessment::progress::{icon, status_name, ProgressDefs, Status};
use crate::domain::assessment::report::{
    lists_each_team, sections, summary, Counts, ReportConfig, ReportField, Section, SummaryRow,
    TEAMS_LISTED,
};
use crate::domain::assessment::scores::latest_change;
use crate::domain::assessment::ActivityProgress;
use crate::domain::model::{details, reference_name, Model};
use crate::domain::views::html::{escape, external_link};
use crate::domain::views::md_lite::to_html;
use crate::domain::views::route::activity_href;
use crate::domain::views::url::{check_url, is_web_link};

/// What the report is made from.
pub struct ReportInput<'a> {
    pub model: &'a Model,
    pub config: &'a ReportConfig,
    pub teams: &'a [String],
    /// Each activity's records, indexed like the model's activities.
    pub progress: &'a [&'a ActivityProgress],
    pub evidence: &'a EvidenceStore,
    pub defs: &'a ProgressDefs,
    /// Dates as the settings write them.
    pub date: &'a dyn Fn(Date) -> String,
    pub today: Date,
}

/// The report as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// Activities listed (the toolbar's count).
    pub activities: usize,
    /// About how many A4 pages it prints on ([`printed_pages`]).
    pub pages: usize,
    pub html: String,
}

pub fn report(r: &ReportInput) -> Report {
    let listed = sections(r.model, r.config, r.teams, r.progress, r.evidence, r.defs);
    let activities = listed
        .iter()
        .flat_map(|(_, s)| s)
        .map(|(_, a)| a.len())
        .sum();
    let rows = if r.teams.is_empty() {
        Vec::new()
    } else {
        summary(r.model, r.config, r.teams, r.progress, r.defs)
    };
    let mut h = String::with_capacity(64 * 1024);
    h.push_str("<h1 id=\"report-title\">DSOMM assessment report</h1>");
    facts(&mut h, r);
    h.push_str("<h2>Summary</h2><p class=\"hint\">Per dimension and level: the activities each team has done of those that apply to it (not applicable left out), and below, those in progress (a state above 0 % but not done).</p>");
    if !lists_each_team(r.teams.len()) {
        h.push_str(&format!("<p class=\"hint\">With more than {TEAMS_LISTED} teams the summary has one row per dimension, counting each team's activities, and each activity says how many teams are in each state. Choose a group or fewer teams for a line per team.</p>"));
    }
    summary_table(&mut h, r, &rows);
    for section in &listed {
        dimension(&mut h, r, section);
    }
    if listed.is_empty() {
        h.push_str("<p class=\"report__empty\">No activity matches the report settings.</p>");
    }
    Report {
        activities,
        pages: printed_pages(r, &rows, &listed),
        html: h,
    }
}

fn facts(h: &mut String, r: &ReportInput) {
    let latest = latest_change(r.progress.iter().copied(), r.teams);
    let levels = match r.config.max_level {
        1 => "Level 1".to_string(),
        n => format!("Levels 1–{n}"),
    };
    let teams = if r.teams.is_empty() {
        "None".to_string()
    } else {
        r.teams.join(", ")
    };
    let fact = |h: &mut String, term: &str, value: &str| {
        h.push_str(&format!(
            "<div><dt>{}</dt><dd>{}</dd></div>",
            escape(term),
            escape(value)
        ));
    };
    h.push_str("<dl class=\"report__facts\">");
    fact(h, "Teams", &teams);
    fact(h, "Report date", &(r.date)(r.today));
    let latest = latest.map_or("No progress recorded".to_string(), |d| (r.date)(d));
    fact(h, "Latest change", &latest);
    let model = format!(
        "OWASP DSOMM v{} (released {})",
        r.model.version, r.model.released
    );
    fact(h, "Model", &model);
    let scope = format!("{levels}; {}", r.config.which.label().to_lowercase());
    fact(h, "Scope", &scope);
    h.push_str("</dl>");
}

/// A summary cell: "done / applicable", and below it the activities in progress, if any.
fn cell(c: Counts) -> String {
    match c {
        Counts { applicable: 0, .. } => "—".to_string(),
        Counts {
            done,
            in_progress: 0,
            applicable,
        } => format!("{done} / {applicable}"),
        Counts {
            done,
            in_progress,
            applicable,
        } => format!(
            "{done} / {applicable}<span class=\"report__wip\"> {in_progress} in progress</span>"
        ),
    }
}

fn summary_table(h: &mut String, r: &ReportInput, rows: &[SummaryRow]) {
    if r.teams.is_empty() {
        h.push_str("<p>No team chosen.</p>");
        return;
    }
    h.push_str("<div class=\"report__scroll\"><table class=\"report__summary\"><caption class=\"visually-hidden\">Activities done and in progress per dimension, team and level</caption><thead><tr><th scope=\"col\">Dimension</th><th scope=\"col\">Team</th>");
    for l in 1..=r.config.max_level {
        h.push_str(&format!("<th scope=\"col\" class=\"num\">Level {l}</th>"));
    }
    h.push_str("<th scope=\"col\" class=\"num\">All levels</th></tr></thead>");
    // Rows per dimension: one per team, or one for all of them.
    let per = if lists_each_team(r.teams.len()) {
        r.teams.len()
    } else {
        1
    };
    for (n, row) in rows.iter().enumerate() {
        // Each dimension a row group of its own, its name once over its teams' rows.
        if n % per == 0 {
            if n > 0 {
                h.push_str("</tbody>");
            }
            h.push_str("<tbody>");
        }
        h.push_str("<tr>");
        if n % per == 0 {
            h.push_str(&format!(
                "<th scope=\"rowgroup\" rowspan=\"{per}\">{}</th>",
                escape(r.model.dimensions[row.dimension].name)
            ));
        }
        h.push_str(&format!(
            "<td class=\"report__name\">{}</td>",
            escape(&row.team)
        ));
        for &l in &row.levels {
            h.push_str(&format!("<td class=\"num\">{}</td>", cell(l)));
        }
        h.push_str(&format!(
            "<td class=\"num\"><strong>{}</strong></td></tr>",
            cell(row.total)
        ));
    }
    if !rows.is_empty() {
        h.push_str("</tbody>");
    }
    h.push_str("</table></div>");
}

fn dimension(h: &mut String, r: &ReportInput, (d, subs): &Section) {
    h.push_str(&format!(
        "<section class=\"report__dimension\" aria-labelledby=\"report-dim-{d}\"><h2 id=\"report-dim-{d}\">{}</h2>",
        escape(r.model.dimensions[*d].name)
    ));
    for (s, acts) in subs {
        h.push_str(&format!(
            "<h3>{}</h3>",
            escape(r.model.subdimensions[*s].name)
        ));
        for &i in acts {
            activity(h, r, i);
        }
    }
    h.push_str("</section>");
}

/// For many teams: how many of them are in each state ("● Fully implemented: 12 teams"),
/// states no team is in left out.
fn state_counts(h: &mut String, r: &ReportInput, p: &ActivityProgress) {
    let mut counts: Vec<(Status, usize)> = Vec::new();
    for team in r.teams {
        let status = p
            .get(team)
            .map_or(Status::State(0), |rec| rec.status(r.defs));
        match counts.iter_mut().find(|(s, _)| *s == status) {
            Some((_, n)) => *n += 1,
            None => counts.push((status, 1)),
        }
    }
    // Furthest first, not applicable last.
    counts.sort_by_key(|&(s, _)| match s {
        Status::State(i) => std::cmp::Reverse(i as isize),
        Status::NotApplicable => std::cmp::Reverse(-1),
    });
    for (status, n) in counts {
        h.push_str(&format!(
            "<li>{} {}: {n} {}</li>",
            icon(r.defs, status),
            escape(&status_name(r.defs, status)),
            if n == 1 { "team" } else { "teams" }
        ));
    }
}

/// A link to an outside address, showing the address itself (so printing does not repeat it).
fn url_link(url: &str) -> String {
    if check_url(url).is_ok() {
        external_link(url, "report__url", &escape(url))
    } else {
        escape(url)
    }
}

fn activity(h: &mut String, r: &ReportInput, i: usize) {
    let a = &r.model.activities[i];
    let d = details(i);
    let p = r.progress[i];
    h.push_str(&format!(
        "<article class=\"report__activity\"><h4><a href=\"{}\">{}</a>{}<span class=\"report__level\"> · level {}</span></h4><ul class=\"report__states\">",
        escape(&activity_href(a.uuid)),
        escape(a.name),
        super::matrix_html::origin_marker(a.origin),
        a.level
    ));
    if !lists_each_team(r.teams.len()) {
        state_counts(h, r, p);
    }
    for team in r.teams.iter().filter(|_| lists_each_team(r.teams.len())) {
        let status = p
            .get(team)
            .map_or(Status::State(0), |rec| rec.status(r.defs));
        let since = p
            .get(team)
            .and_then(|rec| rec.current_date(r.defs))
            .map(|day| format!(" since {}", (r.date)(day)))
            .unwrap_or_default();
        h.push_str(&format!(
            "<li><span class=\"report__team\">{}: </span>{} {}{}</li>",
            escape(team),
            icon(r.defs, status),
            escape(&status_name(r.defs, status)),
            escape(&since)
        ));
    }
    h.push_str("</ul>");
    let c = r.config;
    let field = |h: &mut String, f: ReportField, body: &str| {
        h.push_str(&format!(
            "<div class=\"report__field\"><h5>{}</h5>{body}</div>",
            f.label()
        ));
    };
    for (f, md) in [
        (ReportField::Description, d.description),
        (ReportField::Risk, d.risk),
        (ReportField::Measure, d.measure),
        (ReportField::Assessment, d.assessment),
        (ReportField::ImplementationGuide, d.implementation_guide),
    ] {
        if c.shows(f) && !md.trim().is_empty() {
            field(
                h,
                f,
                &format!("<div class=\"markdown\">{}</div>", to_html(md)),
            );
        }
    }
    if c.shows(ReportField::References) {
        let mut list = String::from("<ul class=\"report__list\">");
        for (key, ids) in d.references.lists() {
            let ids: Vec<String> = ids
                .iter()
                .map(|id| {
                    if is_web_link(id) {
                        url_link(id)
                    } else {
                        escape(id)
                    }
                })
                .collect();
            list.push_str(&format!(
                "<li><strong>{}: </strong>{}</li>",
                escape(reference_name(key)),
                ids.join(", ")
            ));
        }
        list.push_str("</ul>");
        field(h, ReportField::References, &list);
    }
    if c.shows(ReportField::Tools) && !d.tools.is_empty() {
        let mut list = String::from("<ul class=\"report__list\">");
        for t in d.tools {
            let link = if check_url(t.url).is_ok() {
                format!(" — {}", url_link(t.url))
            } else {
                String::new()
            };
            list.push_str(&format!(
                "<li><strong>{}</strong>{link}</li>",
                escape(t.name)
            ));
        }
        list.push_str("</ul>");
        field(h, ReportField::Tools, &list);
    }
    if c.shows(ReportField::Evidence) {
        let entries: Vec<_> = r
            .evidence
            .get(a.uuid)
            .into_iter()
            .flatten()
            .filter(|e| e.teams.iter().any(|t| r.teams.contains(t)))
            .collect();
        let mut body = String::new();
        if entries.is_empty() {
            body.push_str("<p>No evidence recorded for these teams.</p>");
        }
        for e in entries {
            let reviewer = if e.reviewer.is_empty() {
                String::new()
            } else {
                format!(", reviewed by {}", e.reviewer)
            };
            body.push_str(&format!(
                "<div class=\"report__evidence\"><p><strong>{}</strong>{}</p><div class=\"markdown\">{}</div><ul class=\"report__list\">",
                escape(&e.title),
                escape(&format!(
                    " — {}, {}{reviewer}",
                    (r.date)(e.recorded),
                    e.teams.join(", ")
                )),
                to_html(&e.description)
            ));
            for x in &e.attachments {
                body.push_str(&format!(
                    "<li>{}: {}</li>",
                    escape(x.kind.name()),
                    url_link(&x.url)
                ));
            }
            body.push_str("</ul></div>");
        }
        field(h, ReportField::Evidence, &body);
    }
    h.push_str("</article>");
}

/// The printed page's measures (style/pages.css, `@media print`: A4, margins 15 × 14 mm,
/// 10.5 pt text at line height 1.45), in lines of body text. Heights of headings, gaps and
/// rows are in the same unit; all were calibrated against Chromium's PDFs of reports (see
/// the README's Report section).
mod print {
    /// Body lines on a page: 267 mm of 15.2 pt lines.
    pub const PAGE: f64 = 49.0;
    /// Characters on a line of body text, 182 mm wide.
    pub const LINE: f64 = 100.0;
    /// The title, the facts and the summary's heading and notes.
    pub const FRONT: f64 = 11.0;
    /// A row of the summary (its padding, the line below), its header, a second line
    /// for a cell with activities in progress.
    pub const ROW: f64 = 1.4;
    pub const HEAD: f64 = 1.6;
    pub const WIP: f64 = 0.9;
    /// A dimension's heading, a sub-dimension's.
    pub const H2: f64 = 2.6;
    pub const H3: f64 = 2.2;
    /// An activity's heading with its rule and padding; a field's heading.
    pub const ACTIVITY: f64 = 3.2;
    pub const FIELD: f64 = 1.7;
    /// The gap below a paragraph or a list.
    pub const GAP: f64 = 0.3;
}

/// Lines a text of `chars` characters takes at `per_line` characters a line.
fn wrapped(chars: usize, per_line: f64) -> f64 {
    (chars as f64 / per_line).ceil().max(1.0)
}

/// Lines a markdown text takes: each source line wraps on its own (a paragraph's lines or a
/// list's items), blank lines are the gaps between paragraphs.
fn markdown_lines(md: &str) -> f64 {
    md.lines()
        .map(|l| match l.trim().chars().count() {
            0 => print::GAP,
            n => wrapped(n, print::LINE),
        })
        .sum::<f64>()
        + print::GAP
}

/// About how many A4 pages the report prints on: the front (title, facts, summary) and each
/// dimension (which starts a page of its own), each rounded up to whole pages, from the
/// lines each part takes. Within ±1 page or ±25 % of what Chromium prints (the flow of
/// tests/e2e/report.spec.ts checks it against a real PDF).
pub fn printed_pages(r: &ReportInput, rows: &[SummaryRow], listed: &[Section]) -> usize {
    let pages = |lines: f64| (lines / print::PAGE).ceil().max(1.0) as usize;
    let team_chars: usize = r.teams.iter().map(|t| t.chars().count() + 2).sum();
    // The facts' teams wrap in a third of the width.
    let front = print::FRONT
        + wrapped(team_chars, print::LINE / 3.0)
        + print::HEAD
        + rows
            .iter()
            .map(|row| {
                let wip = row.levels.iter().any(|c| c.in_progress > 0) || row.total.in_progress > 0;
                print::ROW + if wip { print::WIP } else { 0.0 }
            })
            .sum::<f64>();
    let mut total = pages(front);
    for (_, subs) in listed {
        let mut lines = print::H2;
        for (_, acts) in subs {
            lines += print::H3;
            lines += acts.iter().map(|&i| activity_lines(r, i)).sum::<f64>();
        }
        total += pages(lines);
    }
    total
}

/// The lines one activity takes: heading, its states, its fields.
fn activity_lines(r: &ReportInput, i: usize) -> f64 {
    let a = &r.model.activities[i];
    let d = details(i);
    let c = r.config;
    let p = r.progress[i];
    let states = if lists_each_team(r.teams.len()) {
        r.teams.len()
    } else {
        // A line per state some team is in.
        let mut seen: Vec<Status> = Vec::new();
        for t in r.teams {
            let s = p.get(t).map_or(Status::State(0), |rec| rec.status(r.defs));
            if !seen.contains(&s) {
                seen.push(s);
            }
        }
        seen.len()
    };
    let mut lines = print::ACTIVITY + states as f64 + print::GAP;
    for (f, md) in [
        (ReportField::Description, d.description),
        (ReportField::Risk, d.risk),
        (ReportField::Measure, d.measure),
        (ReportField::Assessment, d.assessment),
        (ReportField::ImplementationGuide, d.implementation_guide),
    ] {
        if c.shows(f) && !md.trim().is_empty() {
            lines += print::FIELD + markdown_lines(md);
        }
    }
    if c.shows(ReportField::References) {
        lines += print::FIELD + print::GAP;
        for (key, ids) in d.references.lists() {
            let chars = reference_name(key).len()
                + ids.iter().map(|id| id.chars().count() + 2).sum::<usize>();
            lines += wrapped(chars, print::LINE);
        }
    }
    if c.shows(ReportField::Tools) && !d.tools.is_empty() {
        lines += print::FIELD + print::GAP;
        for t in d.tools {
            lines += wrapped(t.name.len() + t.url.len() + 3, print::LINE);
        }
    }
    if c.shows(ReportField::Evidence) {
        lines += print::FIELD;
        let entries = r.evidence.get(a.uuid).into_iter().flatten();
        let mut any = false;
        for e in entries.filter(|e| e.teams.iter().any(|t| r.teams.contains(t))) {
            any = true;
            let head = e.title.chars().count()
                + e.teams.iter().map(|t| t.chars().count() + 2).sum::<usize>()
                + e.reviewer.chars().count()
                + 30;
            lines += wrapped(head, print::LINE) + markdown_lines(&e.description);
            lines += e
                .attachments
                .iter()
                .map(|x| wrapped(x.url.chars().count() + 10, print::LINE))
                .sum::<f64>();
        }
        if !any {
            lines += 1.0 + print::GAP;
        }
    }
    lines
}

#[cfg(test)]
mod tests;
