//! What the spreadsheet exports hold, as [`Sheet`]s (written as CSV or XLSX by `super::sheet`):
//! the mappings table as shown, its pivot by control, and an ISO 27001:2022 Statement of
//! Applicability. Every text that came from a user or a file (team, state and evidence
//! texts) is a plain text cell.

use crate::domain::assessment::evidence::EvidenceStore;
use crate::domain::assessment::progress::ProgressDefs;
use crate::domain::assessment::scores::{latest_change, scope_state, teams_done};
use crate::domain::assessment::ActivityProgress;
use crate::domain::formats::sheet::{Cell, Sheet};
use crate::domain::model::{details, Model};
use crate::domain::views::mapping::{control_rows, ControlRow, MappingQuery, Standard};

/// The references of an activity for one standard, as one cell (one id per line).
fn ids_cell(standard: Standard, i: usize) -> Cell {
    Cell::Text(standard.ids(&details(i).references).join("\n"))
}

/// The team's state name and the date it was reached, for one activity.
fn team_cells(p: &ActivityProgress, team: &str, defs: &ProgressDefs) -> [Cell; 2] {
    let one = [team.to_string()];
    let state = scope_state(p, &one, defs).text;
    let since = p
        .get(team)
        .and_then(|r| r.current_date(defs))
        .map_or(Cell::Empty, |d| Cell::Text(d.to_string()));
    [Cell::Text(state), since]
}

/// The mappings table as the page shows it (`rows`: activity indices, filtered and sorted),
/// with the chosen teams' state and its date as two columns per team.
pub fn mapping_sheet(
    m: &Model,
    rows: &[usize],
    teams: &[String],
    progress: &[ActivityProgress],
    defs: &ProgressDefs,
) -> Sheet {
    let mut columns: Vec<(String, u16)> = vec![
        ("Dimension".into(), 22),
        ("Sub-dimension".into(), 24),
        ("Activity".into(), 40),
        ("Level".into(), 7),
        ("UUID".into(), 38),
    ];
    for s in Standard::ALL {
        let width = if s == Standard::OpenCre { 50 } else { 18 };
        columns.push((s.label().to_string(), width));
    }
    for t in teams {
        columns.push((format!("{t}: state"), 20));
        columns.push((format!("{t}: since"), 12));
    }
    let mut sheet = Sheet::new("Mappings", columns);
    for &i in rows {
        let a = &m.activities[i];
        let mut row: Vec<Cell> = vec![
            m.dimension_of(a).name.into(),
            m.subdimension_of(a).name.into(),
            a.name.into(),
            Cell::Int(i64::from(a.level)),
            a.uuid.into(),
        ];
        row.extend(Standard::ALL.map(|s| ids_cell(s, i)));
        for t in teams {
            row.extend(team_cells(&progress[i], t, defs));
        }
        sheet.push(row);
    }
    sheet
}

/// A pivot as the page shows it: one row per control with its activities and, per chosen
/// team, how many of them it completed.
pub fn control_sheet(
    m: &Model,
    standard: Standard,
    rows: &[ControlRow],
    teams: &[String],
    progress: &[ActivityProgress],
    defs: &ProgressDefs,
) -> Sheet {
    let mut columns: Vec<(String, u16)> = vec![
        (standard.control_label().to_string(), 16),
        ("Activities".into(), 9),
        ("DSOMM activities".into(), 60),
    ];
    for t in teams {
        columns.push((format!("{t}: implemented"), 14));
    }
    let mut sheet = Sheet::new(&format!("By {}", standard.label()), columns);
    for r in rows {
        let id = if r.id.is_empty() {
            "Mapped to no control"
        } else {
            r.id
        };
        let mut row: Vec<Cell> = vec![
            id.into(),
            Cell::Int(r.activities.len() as i64),
            activity_list(m, &r.activities).into(),
        ];
        for t in teams {
            row.push(share_cell(&r.activities, t, progress, defs));
        }
        sheet.push(row);
    }
    sheet
}

fn activity_list(m: &Model, activities: &[usize]) -> String {
    let names: Vec<String> = activities
        .iter()
        .map(|&i| {
            let a = &m.activities[i];
            format!("{} (level {})", a.name, a.level)
        })
        .collect();
    names.join("\n")
}

/// The share of `activities` that apply to `team` and that it completed; "Not applicable"
/// when none applies.
fn share_cell(
    activities: &[usize],
    team: &str,
    progress: &[ActivityProgress],
    defs: &ProgressDefs,
) -> Cell {
    let one = [team.to_string()];
    let (done, of) = activities
        .iter()
        .map(|&i| teams_done(&progress[i], &one, defs))
        .fold((0, 0), |(d, o), (d1, o1)| (d + d1, o + o1));
    if of == 0 {
        Cell::Text(defs.na_label().to_string())
    } else {
        Cell::Share {
            done: done as u32,
            of: of as u32,
        }
    }
}

/// A Statement of Applicability for ISO 27001:2022 Annex A: one row per control the shown
/// activities (up to `max_level`) map to, in natural order, with those activities, per
/// chosen team the share implemented and the date of its latest change on them, the
/// evidence recorded for them by the chosen teams (date, title, teams), and empty
/// "Applicable" and "Justification" columns for the auditor.
pub fn soa_sheet(
    m: &Model,
    max_level: u8,
    teams: &[String],
    progress: &[ActivityProgress],
    evidence: &EvidenceStore,
    defs: &ProgressDefs,
) -> Sheet {
    // The pivot's grouping (one rule for "which activities map to a control"), without its
    // row of activities mapped to none.
    let q = MappingQuery::default();
    let controls: Vec<(&str, Vec<usize>)> =
        control_rows(m, max_level, Standard::Iso2022, &q, &|_| Default::default())
            .into_iter()
            .filter(|r| !r.id.is_empty())
            .map(|r| (r.id, r.activities))
            .collect();
    let mut columns: Vec<(String, u16)> = vec![
        ("Annex A control (ISO 27001:2022)".into(), 14),
        ("DSOMM activities".into(), 50),
    ];
    for t in teams {
        columns.push((format!("{t}: implemented"), 14));
        columns.push((format!("{t}: latest change"), 14));
    }
    columns.push(("Evidence".into(), 50));
    columns.push(("Applicable".into(), 12));
    columns.push(("Justification".into(), 40));
    let mut sheet = Sheet::new("Statement of Applicability", columns);
    for (id, acts) in controls {
        let mut row: Vec<Cell> = vec![id.into(), activity_list(m, &acts).into()];
        for t in teams {
            row.push(share_cell(&acts, t, progress, defs));
            let latest = latest_change(acts.iter().map(|&i| &progress[i]), std::slice::from_ref(t));
            row.push(latest.map_or(Cell::Empty, |d| Cell::Text(d.to_string())));
        }
        let mut lines = Vec::new();
        for &i in &acts {
            for e in evidence.get(m.activities[i].uuid).into_iter().flatten() {
                if e.teams.iter().any(|t| teams.contains(t)) {
                    lines.push(format!(
                        "{} {} ({})",
                        e.recorded,
                        e.title,
                        e.teams.join(", ")
                    ));
                }
            }
        }
        row.push(Cell::Text(lines.join("\n")));
        sheet.push(row);
    }
    sheet
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assessment::date::Date;
    use crate::domain::assessment::evidence::Evidence;
    use crate::domain::assessment::progress::Status;
    use crate::domain::model::MODEL;
    use crate::domain::test_support::teams;
    use crate::domain::views::mapping::activity_rows;
    use crate::domain::views::natural::natural_cmp;

    fn progress_with(states: &[(usize, &str, usize, Date)]) -> Vec<ActivityProgress> {
        let defs = ProgressDefs::default();
        let mut all = vec![ActivityProgress::new(); MODEL.activities.len()];
        for &(i, team, s, d) in states {
            all[i]
                .entry(team.to_string())
                .or_default()
                .set_status(&defs, Status::State(s), d);
        }
        all
    }

    #[test]
    fn the_mapping_sheet_is_the_table_as_shown_with_two_columns_per_team() {
        let defs = ProgressDefs::default();
        let d = Date::new(2025, 3, 4).unwrap();
        let progress = progress_with(&[(0, "=cmd|' /C calc'!A0", defs.completed(), d)]);
        let t = teams(&["=cmd|' /C calc'!A0", "Team B"]);
        let rows = activity_rows(&MODEL, 5, &MappingQuery::default(), &|_| Default::default());
        let sheet = mapping_sheet(&MODEL, &rows, &t, &progress, &defs);
        assert_eq!(sheet.rows.len(), rows.len());
        assert_eq!(sheet.columns.len(), 9 + 4);
        assert_eq!(sheet.columns[9].0, "=cmd|' /C calc'!A0: state");
        let row = &sheet.rows[rows.iter().position(|&i| i == 0).unwrap()];
        let a = &MODEL.activities[0];
        assert_eq!(row[2], Cell::Text(a.name.into()));
        assert_eq!(row[3], Cell::Int(i64::from(a.level)));
        assert_eq!(row[4], Cell::Text(a.uuid.into()));
        assert_eq!(row[9], Cell::Text(defs.name(defs.completed()).into()));
        assert_eq!(row[10], Cell::Text("2025-03-04".into()));
        assert_eq!(row[11], Cell::Text(defs.name(0).into()));
        assert_eq!(row[12], Cell::Empty);
        // In CSV the team name cannot start a formula.
        let csv = String::from_utf8(crate::domain::formats::sheet::to_csv(&sheet)).unwrap();
        assert!(csv.contains("'=cmd|"));
        assert!(!csv.contains(",=cmd") && !csv.contains("\"=cmd"));
    }

    #[test]
    fn the_pivot_sheet_counts_what_each_team_completed() {
        let defs = ProgressDefs::default();
        let d = Date::new(2025, 1, 1).unwrap();
        let q = MappingQuery::default();
        let rows = control_rows(&MODEL, 5, Standard::Iso2022, &q, &|_| Default::default());
        let first = &rows[0];
        let done = first.activities[0];
        let progress = progress_with(&[(done, "A", defs.completed(), d)]);
        let sheet = control_sheet(
            &MODEL,
            Standard::Iso2022,
            &rows,
            &teams(&["A"]),
            &progress,
            &defs,
        );
        assert_eq!(sheet.rows.len(), rows.len());
        assert_eq!(sheet.rows[0][0], Cell::Text(first.id.into()));
        assert_eq!(sheet.rows[0][1], Cell::Int(first.activities.len() as i64));
        assert_eq!(
            sheet.rows[0][3],
            Cell::Share {
                done: 1,
                of: first.activities.len() as u32
            }
        );
    }

    #[test]
    fn the_statement_of_applicability_has_one_row_per_annex_a_control() {
        let defs = ProgressDefs::default();
        let (d1, d2) = (
            Date::new(2025, 1, 1).unwrap(),
            Date::new(2025, 6, 30).unwrap(),
        );
        // Two activities mapped to 8.31 (if the model has them): one done early, one started later.
        let mapped: Vec<usize> = MODEL
            .activities
            .iter()
            .map(|a| a.index as usize)
            .filter(|&i| details(i).references.iso27001_2022.contains(&"8.31"))
            .collect();
        assert!(mapped.len() >= 2);
        let progress = progress_with(&[
            (mapped[0], "A", defs.completed(), d1),
            (mapped[1], "A", 1, d2),
            (mapped[1], "B", defs.completed(), d1),
        ]);
        let mut evidence = EvidenceStore::new();
        evidence.insert(
            MODEL.activities[mapped[0]].uuid.to_string(),
            vec![Evidence {
                id: "e1".into(),
                teams: teams(&["A"]),
                title: "@Pipeline run log".into(),
                description: String::new(),
                recorded: d1,
                reviewer: String::new(),
                attachments: vec![],
            }],
        );
        let sheet = soa_sheet(&MODEL, 5, &teams(&["A"]), &progress, &evidence, &defs);
        let ids: Vec<&Cell> = sheet.rows.iter().map(|r| &r[0]).collect();
        let texts: Vec<String> = ids
            .iter()
            .map(|c| match c {
                Cell::Text(t) => t.clone(),
                _ => panic!(),
            })
            .collect();
        let mut sorted = texts.clone();
        sorted.sort_by(|a, b| natural_cmp(a, b));
        sorted.dedup();
        assert_eq!(texts, sorted);
        assert!(texts.iter().all(|t| Standard::Iso2022.is_control(t)));
        let row = &sheet.rows[texts.iter().position(|t| t == "8.31").unwrap()];
        assert_eq!(
            row[2],
            Cell::Share {
                done: 1,
                of: mapped.len() as u32
            }
        );
        assert_eq!(row[3], Cell::Text("2025-06-30".into()));
        assert_eq!(
            row[4],
            Cell::Text("2025-01-01 @Pipeline run log (A)".into())
        );
        assert_eq!(row[5], Cell::Empty);
        assert_eq!(row[6], Cell::Empty);
        assert_eq!(sheet.columns.last().unwrap().0, "Justification");
        // Another team's evidence is not listed for A.
        let only_b = soa_sheet(&MODEL, 5, &teams(&["B"]), &progress, &evidence, &defs);
        let row = &only_b.rows[texts.iter().position(|t| t == "8.31").unwrap()];
        assert_eq!(row[4], Cell::Text(String::new()));
    }
}
