//! What a file holds and what importing it would do, in the words of the Import / export
//! page's previews: counts with the right plural, dates as the user chose to see them.
//!
//! Every function takes the date format as `date` (the browser's `format_date` with the
//! setting), so the sentences are tested here and the page only puts them in place.

use std::collections::BTreeMap;

use crate::domain::assessment::date::Date;
use crate::domain::assessment::evidence::{EvidencePlan, EvidenceStore};
use crate::domain::assessment::{ActivityProgress, Group, ImportPlan};
use crate::domain::formats::backup::Backup;
use crate::domain::views::words::count;

/// "on 2025-03-01", or "from 2025-01-10 to 2025-03-01" (None: no dates).
fn span(dates: impl Iterator<Item = Date>, date: &impl Fn(Date) -> String) -> Option<String> {
    let (first, last) = dates.fold(None, |acc: Option<(Date, Date)>, d| match acc {
        None => Some((d, d)),
        Some((a, b)) => Some((a.min(d), b.max(d))),
    })?;
    Some(if first == last {
        format!("on {}", date(first))
    } else {
        format!("from {} to {}", date(first), date(last))
    })
}

/// A team-progress file (or the progress a DSOMM 1.x file gives): its records, activities,
/// teams and the dates the states were reached.
pub fn progress_file(
    progress: &BTreeMap<String, ActivityProgress>,
    teams: usize,
    date: &impl Fn(Date) -> String,
) -> String {
    let records: usize = progress.values().map(BTreeMap::len).sum();
    let dates = progress
        .values()
        .flat_map(BTreeMap::values)
        .flat_map(|r| r.dates().values().copied());
    format!(
        "The file holds {} on {} for {}{}.",
        count(records, "team record", "team records"),
        count(progress.len(), "activity", "activities"),
        count(teams, "team", "teams"),
        span(dates, date).map_or(String::new(), |s| format!(", states reached {s}"))
    )
}

/// What a merge of a progress file does.
pub fn merge_line(m: &ImportPlan) -> String {
    format!(
        "{}, {} changed (the file's version wins), {} identical; everything else of yours stays.",
        count(m.added, "record added", "records added"),
        m.updated,
        m.unchanged
    )
}

/// What replacing the progress with a file's does.
pub fn replace_line(r: &ImportPlan) -> String {
    format!(
        "your progress becomes the file's: {}, {} changed, {} removed.",
        count(r.added, "record added", "records added"),
        r.updated,
        r.removed
    )
}

/// A DSOMM 1.x file: the date its teams' progress gets (it holds none) and its evidence.
pub fn legacy_file(evidence: usize, on: Date, date: &impl Fn(Date) -> String) -> String {
    let texts = (evidence > 0).then(|| {
        format!(
            " It holds {}; each becomes an evidence entry on that day.",
            count(evidence, "evidence text", "evidence texts")
        )
    });
    format!(
        "A DSOMM 1.x file: each team it marks as implemented reaches the completed state on {} (the file holds no dates; the day it was saved is proposed, change it below).{}",
        date(on),
        texts.unwrap_or_default()
    )
}

/// A team-evidence file: its entries and their dates, and what an import does with them.
pub fn evidence_file(
    incoming: &EvidenceStore,
    plan: &EvidencePlan,
    warnings: &[String],
    date: &impl Fn(Date) -> String,
) -> String {
    let entries: usize = incoming.values().map(Vec::len).sum();
    let recorded = span(incoming.values().flatten().map(|e| e.recorded), date);
    let mut out = format!(
        "The file holds {} on {}{}: {}, {} changed, {} unchanged (matched by entry id; entries not in the file are kept).",
        count(entries, "evidence entry", "evidence entries"),
        count(incoming.len(), "activity", "activities"),
        recorded.map_or(String::new(), |s| format!(", recorded {s}")),
        count(plan.added, "new entry", "new entries"),
        plan.updated,
        plan.unchanged
    );
    if !plan.unknown_teams.is_empty() {
        out += &format!(" New teams: {}.", plan.unknown_teams.join(", "));
    }
    if !warnings.is_empty() {
        out += &format!(" Skipped: {}", warnings.join("; "));
    }
    out
}

/// A teams file: the teams it adds and the groups it brings.
pub fn teams_file(new_teams: &[&str], groups: &[Group]) -> String {
    let names = |v: Vec<&str>| {
        if v.is_empty() {
            String::new()
        } else {
            format!(" ({})", v.join(", "))
        }
    };
    format!(
        "{}{}; {} from the file, each replacing yours of the same name or added{}. No progress changes.",
        count(new_teams.len(), "new team", "new teams"),
        names(new_teams.to_vec()),
        count(groups.len(), "group", "groups"),
        names(groups.iter().map(|g| g.name.as_str()).collect())
    )
}

/// What is here now, for a restore's preview.
pub struct Current<'a> {
    pub records: usize,
    pub evidence: usize,
    /// The version of the model in use.
    pub model_version: &'a str,
    /// Whether a custom activity file is in use.
    pub custom: bool,
    /// Targets here of teams and groups the file also has: what a restore of a file without
    /// targets keeps (`Targets::of`).
    pub targets: usize,
}

/// A whole-assessment file: everything a restore puts in place of what is here.
pub fn backup_file(b: &Backup, now: &Current, date: &impl Fn(Date) -> String) -> String {
    let records: usize = b.progress.values().map(BTreeMap::len).sum();
    let latest = b
        .progress
        .values()
        .flat_map(BTreeMap::values)
        .filter_map(|r| r.last_change())
        .max();
    let evidence = if b.has_evidence {
        count(
            b.evidence.values().map(Vec::len).sum(),
            "evidence entry",
            "evidence entries",
        )
    } else {
        format!(
            "no evidence: the file has none, so your {} kept",
            count(now.evidence, "evidence entry is", "evidence entries are")
        )
    };
    let states = if b.has_states {
        "its progress states"
    } else {
        "your progress states (the file has none)"
    };
    let model = match &b.custom {
        Some(c) => format!(
            " Its model is the custom activity file “{}” ({}), which replaces yours; the page reloads.",
            c.file,
            count(c.activities, "activity", "activities")
        ),
        None if now.custom => " It has no custom activity file: yours is kept.".to_string(),
        None => String::new(),
    };
    let targets = match &b.targets {
        Some(t) => format!(
            " Its {} yours.",
            count(
                t.of(&b.teams, &b.groups).len(),
                "target replaces",
                "targets replace"
            )
        ),
        None if now.targets > 0 => format!(
            " It has no targets: your {} kept.",
            count(now.targets, "target is", "targets are")
        ),
        None => String::new(),
    };
    format!(
        "Restoring replaces everything you have ({}, {}) with the file's settings, {states}, {}, {}, {} on {}{}{}, and {evidence}.{targets}{model}",
        count(now.records, "team record", "team records"),
        count(now.evidence, "evidence entry", "evidence entries"),
        count(b.teams.len(), "team", "teams"),
        count(b.groups.len(), "group", "groups"),
        count(records, "team record", "team records"),
        count(b.progress.len(), "activity", "activities"),
        latest.map_or(String::new(), |d| format!(" (latest change {})", date(d))),
        if b.model_version.is_empty() || b.model_version == now.model_version {
            String::new()
        } else {
            format!(" (written for model v{})", b.model_version)
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assessment::evidence::Evidence;
    use crate::domain::assessment::progress::TeamProgress;

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    /// A non-ISO format, as a locale would write it: every date must go through it.
    fn dotted(x: Date) -> String {
        format!("{:02}.{:02}.{}", x.day, x.month, x.year)
    }

    fn record(dates: &[(&str, Date)]) -> TeamProgress {
        TeamProgress::from_dates(dates.iter().map(|(s, d)| (s.to_string(), *d)).collect())
    }

    fn entry(id: &str, recorded: Date) -> Evidence {
        Evidence {
            id: id.into(),
            teams: vec!["Team A".into()],
            title: "Reviewed".into(),
            description: String::new(),
            recorded,
            reviewer: String::new(),
            attachments: Vec::new(),
        }
    }

    #[test]
    fn a_progress_file_counts_in_words_and_dates_in_the_chosen_format() {
        let one = BTreeMap::from([(
            "u1".to_string(),
            BTreeMap::from([("Team A".to_string(), record(&[("Started", d(2025, 1, 10))]))]),
        )]);
        assert_eq!(
            progress_file(&one, 1, &dotted),
            "The file holds 1 team record on 1 activity for 1 team, states reached on 10.01.2025."
        );
        let mut two = one.clone();
        two.insert(
            "u2".into(),
            BTreeMap::from([
                ("Team A".to_string(), record(&[("Started", d(2025, 3, 1))])),
                (
                    "Team B".to_string(),
                    record(&[("Started", d(2024, 12, 24))]),
                ),
            ]),
        );
        assert_eq!(
            progress_file(&two, 2, &dotted),
            "The file holds 3 team records on 2 activities for 2 teams, states reached from 24.12.2024 to 01.03.2025."
        );
        assert_eq!(
            progress_file(&BTreeMap::new(), 0, &dotted),
            "The file holds 0 team records on 0 activities for 0 teams."
        );
    }

    #[test]
    fn merge_and_replace_lines_say_record_for_one() {
        let plan = ImportPlan {
            added: 1,
            updated: 2,
            unchanged: 3,
            removed: 1,
            ..ImportPlan::default()
        };
        assert_eq!(
            merge_line(&plan),
            "1 record added, 2 changed (the file's version wins), 3 identical; everything else of yours stays."
        );
        assert_eq!(
            replace_line(&ImportPlan { added: 2, ..plan }),
            "your progress becomes the file's: 2 records added, 2 changed, 1 removed."
        );
    }

    #[test]
    fn a_legacy_file_names_its_date_and_evidence_texts() {
        let one = legacy_file(1, d(2021, 6, 30), &dotted);
        assert!(one.contains("completed state on 30.06.2021 ("), "{one}");
        assert!(
            one.ends_with("It holds 1 evidence text; each becomes an evidence entry on that day."),
            "{one}"
        );
        assert!(legacy_file(2, d(2021, 6, 30), &dotted).contains("It holds 2 evidence texts;"));
        assert!(!legacy_file(0, d(2021, 6, 30), &dotted).contains("evidence"));
    }

    #[test]
    fn an_evidence_file_says_entry_for_one_and_its_dates() {
        let one = EvidenceStore::from([("u1".to_string(), vec![entry("a", d(2026, 3, 1))])]);
        let plan = EvidencePlan {
            added: 1,
            ..EvidencePlan::default()
        };
        assert_eq!(
            evidence_file(&one, &plan, &[], &dotted),
            "The file holds 1 evidence entry on 1 activity, recorded on 01.03.2026: 1 new entry, 0 changed, 0 unchanged (matched by entry id; entries not in the file are kept)."
        );
        let two = EvidenceStore::from([(
            "u1".to_string(),
            vec![entry("a", d(2026, 3, 1)), entry("b", d(2025, 11, 2))],
        )]);
        let plan = EvidencePlan {
            updated: 2,
            unknown_teams: vec!["Ops".into()],
            ..EvidencePlan::default()
        };
        let text = evidence_file(&two, &plan, &["one skipped".into()], &dotted);
        assert!(
            text.starts_with("The file holds 2 evidence entries on 1 activity, recorded from 02.11.2025 to 01.03.2026: 0 new entries, 2 changed"),
            "{text}"
        );
        assert!(
            text.ends_with(" New teams: Ops. Skipped: one skipped"),
            "{text}"
        );
    }

    #[test]
    fn a_teams_file_counts_teams_and_groups() {
        let groups = [Group {
            name: "Cloud".into(),
            members: vec!["Ops".into()],
        }];
        assert_eq!(
            teams_file(&["Ops"], &groups),
            "1 new team (Ops); 1 group from the file, each replacing yours of the same name or added (Cloud). No progress changes."
        );
        assert_eq!(
            teams_file(&[], &[]),
            "0 new teams; 0 groups from the file, each replacing yours of the same name or added. No progress changes."
        );
    }

    #[test]
    fn a_backup_says_what_it_replaces_with_its_latest_change() {
        let b = Backup {
            teams: vec!["Team A".into()],
            progress: BTreeMap::from([(
                "u1".to_string(),
                BTreeMap::from([(
                    "Team A".to_string(),
                    record(&[
                        ("Started", d(2025, 1, 10)),
                        ("Fully implemented", d(2025, 3, 1)),
                    ]),
                )]),
            )]),
            has_states: true,
            has_evidence: true,
            evidence: EvidenceStore::from([("u1".to_string(), vec![entry("a", d(2026, 3, 1))])]),
            model_version: "4.3.1".into(),
            ..Backup::default()
        };
        let now = Current {
            records: 1,
            evidence: 0,
            model_version: "4.3.1",
            custom: false,
            targets: 0,
        };
        assert_eq!(
            backup_file(&b, &now, &dotted),
            "Restoring replaces everything you have (1 team record, 0 evidence entries) with the file's settings, its progress states, 1 team, 0 groups, 1 team record on 1 activity (latest change 01.03.2025), and 1 evidence entry."
        );
        let old = Backup {
            has_evidence: false,
            has_states: false,
            model_version: "4.2".into(),
            ..b
        };
        let text = backup_file(
            &old,
            &Current {
                evidence: 1,
                custom: true,
                targets: 2,
                ..now
            },
            &dotted,
        );
        assert!(
            text.contains("your progress states (the file has none)"),
            "{text}"
        );
        assert!(text.contains("(latest change 01.03.2025) (written for model v4.2), and no evidence: the file has none, so your 1 evidence entry is kept."), "{text}");
        assert!(
            text.ends_with(" It has no targets: your 2 targets are kept. It has no custom activity file: yours is kept."),
            "{text}"
        );
        let mut t = crate::domain::assessment::targets::Targets::default();
        t.teams.insert(old.teams[0].clone(), Default::default());
        // A target of a team the file does not have is not restored, nor counted.
        t.teams.insert("Not in the file".into(), Default::default());
        let with = Backup {
            targets: Some(t),
            ..old
        };
        let text = backup_file(&with, &now, &dotted);
        assert!(text.ends_with(" Its 1 target replaces yours."), "{text}");
    }
}
