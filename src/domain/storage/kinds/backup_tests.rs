//! `dsomm-assessment.yaml` as a whole: every kind's part written and read through the
//! registry ([`super::write_backup`], [`super::read_backup`]) and restored
//! ([`Backup::restore_plan`]).

use crate::domain::assessment::settings::Settings;
use crate::domain::assessment::{ActivityProgress, Assessment};
use crate::domain::formats::{evidence_yaml, progress_yaml, teams_yaml};
use crate::domain::storage::{read_backup as parse, write_backup as write, TeamWrite};

mod restore_tests {
    use super::*;
    use crate::domain::assessment::date::Date;
    use crate::domain::assessment::progress::{ProgressDefs, StateDef};

    use crate::domain::storage::Stored;

    /// The settings a restore writes.
    fn settings_of(c: &TeamWrite) -> &Settings {
        let mut found = c.values.iter().filter_map(|v| match v {
            Stored::Settings(s) => Some(s),
            _ => None,
        });
        let s = found.next().expect("a restore writes the settings");
        assert!(found.next().is_none(), "once");
        s
    }

    const V1: &str = "format: dsomm-assessment\nformatVersion: 1\nsettings:\n  maxLevel: 3\nteams: [\"T\"]\nprogress:\n  u-1:\n    \"T\": {\"Started\": 2025-01-02}\n";

    #[test]
    fn a_format_1_file_keeps_the_current_states_and_evidence() {
        let b = parse(V1).unwrap();
        assert!(!b.has_evidence && !b.has_states);
        let mut current = Assessment::with_default_teams();
        current.evidence.insert("u-9".into(), Vec::new());
        current
            .progress
            .insert("u-2".into(), ActivityProgress::new());
        let states = ProgressDefs::new(
            vec![StateDef::new("New", 0, ""), StateDef::new("Done", 100, "")],
            None,
        )
        .unwrap();
        let settings = Settings {
            progress: states.clone(),
            ..Settings::default()
        };
        let change = b.restore_plan(&current, &settings, Date::new(2026, 1, 1).unwrap());
        let restored = settings_of(&change);
        assert_eq!(restored.progress, states, "the file has no progress states");
        assert_eq!(restored.max_level, 3, "its other settings are restored");
        assert!(
            !change
                .values
                .iter()
                .any(|v| matches!(v, Stored::Evidence(..))),
            "the file has no evidence: nothing changes"
        );
        assert_eq!(change.change.teams, ["T"]);
        assert!(change
            .values
            .iter()
            .any(|v| matches!(v, Stored::Progress(u, _) if u == "u-1")));
    }

    #[test]
    fn a_file_without_targets_keeps_the_current_ones_and_one_with_targets_replaces_them() {
        let written = |w: &TeamWrite| -> Vec<crate::domain::assessment::targets::Targets> {
            w.values
                .iter()
                .filter_map(|v| match v {
                    Stored::Targets(t) => Some(t.clone()),
                    _ => None,
                })
                .collect()
        };
        let mut current = Assessment::with_default_teams();
        current.targets.teams.insert("T".into(), Default::default());
        let today = Date::new(2026, 1, 1).unwrap();
        let b = parse(V1).unwrap();
        assert_eq!(b.targets, None);
        // The file's only team is "T": its target stays.
        let w = b.restore_plan(&current, &Settings::default(), today);
        assert_eq!(written(&w), [current.targets.clone()]);
        // A target of a team the file does not have goes: no team added later takes it over.
        current
            .targets
            .teams
            .insert("Team A".into(), Default::default());
        let w = b.restore_plan(&current, &Settings::default(), today);
        assert_eq!(written(&w).len(), 1);
        assert_eq!(written(&w)[0].teams.keys().collect::<Vec<_>>(), ["T"]);
        let with = format!("{V1}targets:\n  teams:\n    \"T\": {{\"dimensions\": {{\"Build and Deployment\": 1}}}}\n    \"Stranger\": {{}}\n");
        let b = parse(&with).unwrap_or_else(|e| panic!("{e}\n{with}"));
        let w = b.restore_plan(&current, &Settings::default(), today);
        let w = written(&w);
        assert_eq!(w.len(), 1);
        assert_eq!(
            w[0].teams.keys().collect::<Vec<_>>(),
            ["T"],
            "only the file's teams' targets"
        );
        assert_eq!(w[0].teams["T"].dimensions["Build and Deployment"], 1);
        // A broken part refuses the file, saying where.
        let broken = with.replace(": 1}}", ": 7}}");
        let e = parse(&broken).unwrap_err().to_string();
        assert!(e.contains("targets") && e.contains("0 to 5"), "{e}");
    }

    #[test]
    fn a_report_choice_of_teams_from_an_earlier_version_is_read_and_left_out() {
        let earlier = V1.replace(
            "  maxLevel: 3\n",
            "  maxLevel: 3\n  report: {\"scope\": \"t:T\", \"maxLevel\": 4}\n",
        );
        let b = parse(&earlier).unwrap();
        assert_eq!((b.settings.max_level, b.settings.report.max_level), (3, 4));
        assert!(!crate::domain::formats::backup::write_settings(&b.settings).contains("scope"));
    }

    #[test]
    fn a_format_2_file_replaces_states_and_evidence() {
        let text = write(
            &Assessment::with_default_teams(),
            &Settings::default(),
            "4.3.1",
            |_| None,
        );
        let b = parse(&text).unwrap();
        assert!(b.has_evidence && b.has_states);
        let mut current = Assessment::with_default_teams();
        let e = crate::domain::test_support::entry("e-1", &["Team A"]);
        current.evidence.insert("u-9".into(), vec![e]);
        let odd = Settings {
            progress: ProgressDefs::new(
                vec![StateDef::new("New", 0, ""), StateDef::new("Done", 100, "")],
                None,
            )
            .unwrap(),
            ..Settings::default()
        };
        let change = b.restore_plan(&current, &odd, Date::new(2026, 1, 1).unwrap());
        assert_eq!(settings_of(&change).progress, ProgressDefs::default());
        assert!(
            change
                .values
                .contains(&Stored::Evidence("u-9".into(), Vec::new())),
            "replaced by the file's none"
        );
    }
}

mod whole {
    use super::*;
    use crate::domain::assessment::date::Date;
    use crate::domain::assessment::default_groups;
    use crate::domain::assessment::evidence::{Attachment, AttachmentKind, Evidence};
    use crate::domain::assessment::progress::{ProgressDefs, StateDef, TeamProgress};
    use crate::domain::assessment::targets::Target;

    fn sample() -> (Assessment, Settings) {
        let mut a = Assessment::with_default_teams();
        a.teams.push("O'Brien: \"ops\"".into());
        let mut r = TeamProgress::default();
        r.insert("Started".into(), Date::new(2025, 1, 2).unwrap());
        let mut p = ActivityProgress::new();
        p.insert("O'Brien: \"ops\"".into(), r);
        // A history: done, lowered, then lowered to nothing (its record holds no state).
        let defs = ProgressDefs::default();
        let mut h = TeamProgress::default();
        h.set_state(&defs, 3, Date::new(2025, 3, 1).unwrap());
        h.set_state(&defs, 1, Date::new(2025, 4, 1).unwrap());
        h.set_date("Started", Date::new(2024, 12, 24).unwrap())
            .unwrap();
        p.insert("Team A".into(), h.clone());
        h.set_state(&defs, 0, Date::new(2025, 5, 1).unwrap());
        p.insert("Team B".into(), h);
        a.progress
            .insert("f6f7737f-25a9-4317-8de2-09bf59f29b5b".into(), p);
        a.evidence.insert(
            "f6f7737f-25a9-4317-8de2-09bf59f29b5b".into(),
            vec![Evidence {
                id: "0b8f7c1e-4d5a-4e7b-9d2e-1f3a5c7e9b11".into(),
                teams: vec!["O'Brien: \"ops\"".into(), "Team A".into()],
                title: "Pipeline: reviewed".into(),
                description: "Line one\n\n- a *list*".into(),
                recorded: Date::new(2025, 2, 3).unwrap(),
                reviewer: "Jane".into(),
                attachments: vec![Attachment {
                    kind: AttachmentKind::Link,
                    url: "https://jira.example.com/ABC-1".into(),
                }],
            }],
        );
        a.targets.teams.insert(
            "O'Brien: \"ops\"".into(),
            Target {
                dimensions: [("Build and Deployment".to_string(), 2)]
                    .into_iter()
                    .collect(),
                subdimensions: [("Build".to_string(), 3)].into_iter().collect(),
                added: ["f6f7737f-25a9-4317-8de2-09bf59f29b5b".to_string()]
                    .into_iter()
                    .collect(),
                left_out: ["not-in-this-model".to_string()].into_iter().collect(),
                due: Date::new(2027, 3, 31),
            },
        );
        a.targets.groups.insert("Cloud".into(), Target::default());
        let s = Settings {
            max_level: 3,
            date_format: "de".into(),
            theme: crate::domain::assessment::settings::Theme::Dark,
            progress: ProgressDefs::new(
                vec![
                    StateDef::new("Not implemented", 0, "Nothing: \"yet\""),
                    StateDef::new("Started", 20, "Multi\nline"),
                    StateDef::new("Done", 100, ""),
                ],
                Some(StateDef::new("Not applicable", 0, "Out of scope")),
            )
            .unwrap(),
            report: crate::domain::assessment::report::ReportConfig {
                hidden_dimensions: vec!["Culture and Organization".into()],
                max_level: 4,
                fields: vec![crate::domain::assessment::report::ReportField::Tools],
                which: crate::domain::assessment::report::Which::Implemented,
            },
        };
        (a, s)
    }

    #[test]
    fn round_trips_everything() {
        let (a, s) = sample();
        let text = write(&a, &s, "4.3.1", |_| Some((0, "Defined build process")));
        let b = parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(
            (&b.teams, &b.groups, &b.progress, &b.settings, &b.evidence),
            (&a.teams, &default_groups(), &a.progress, &s, &a.evidence)
        );
        assert_eq!(b.model_version, "4.3.1");
        assert!(b.has_evidence && b.has_states);
        assert_eq!(b.targets.as_ref(), Some(&a.targets));
        // Written again from what was read: the same file, byte for byte.
        let again = Assessment {
            teams: b.teams.clone(),
            groups: b.groups.clone(),
            progress: b.progress.clone(),
            evidence: b.evidence.clone(),
            targets: b.targets.clone().unwrap_or_default(),
        };
        assert_eq!(
            write(&again, &b.settings, "4.3.1", |_| Some((
                0,
                "Defined build process"
            ))),
            text
        );
        // The same file is a reference team-progress.yaml, teams.yaml and team-evidence.yaml.
        assert_eq!(progress_yaml::parse(&text).unwrap().progress.len(), 1);
        assert!(text.contains("history:\n"), "{text}");
        assert!(
            text.contains("- [left, \"Fully implemented\", 2025-04-01, 2025-04-01]"),
            "{text}"
        );
        assert_eq!(evidence_yaml::parse(&text).unwrap().evidence.len(), 1);
        assert_eq!(teams_yaml::parse(&text).unwrap().teams.len(), 5);
    }

    #[test]
    fn a_history_that_contradicts_the_dates_is_left_out_with_a_warning() {
        let (a, s) = sample();
        let text = write(&a, &s, "4.3.1", |_| None);
        let edited = text.replace("\"Started\": 2024-12-24", "\"Started\": 2024-12-25");
        let b = parse(&edited).unwrap();
        let r = &b.progress["f6f7737f-25a9-4317-8de2-09bf59f29b5b"]["Team A"];
        assert_eq!(r.dates()["Started"], Date::new(2024, 12, 25).unwrap());
        assert_eq!(b.warnings.len(), 1, "{:?}", b.warnings);
        for bad in [
            "[reached, \"Started\", 2025-13-01, null]",
            "[moved, \"Started\", 2025-01-01, null]",
            "[reached, \"\", 2025-01-01, null]",
            "{a: 1}",
        ] {
            let broken = text.replacen(
                "- [and reached, \"Partly implemented\", 2025-03-01, 2025-03-01]",
                &format!("- {bad}"),
                1,
            );
            assert!(broken != text);
            assert!(parse(&broken).is_err(), "{bad}");
        }
    }

    #[test]
    fn refuses_other_files_and_newer_versions() {
        assert!(parse("progress: {}\n")
            .unwrap_err()
            .to_string()
            .contains("format: dsomm-assessment"));
        let newer = "format: dsomm-assessment\nformatVersion: 5\nteams: [A]\nprogress: {}\n";
        assert!(parse(newer)
            .unwrap_err()
            .to_string()
            .contains("newer version"));
        let bad_level = "format: dsomm-assessment\nformatVersion: 1\nsettings:\n  maxLevel: 9\nteams: [A]\nprogress: {}\n";
        assert!(parse(bad_level).is_err());
        let v1 = parse("format: dsomm-assessment\nformatVersion: 1\nteams: [A]\nprogress: {}\n")
            .unwrap();
        assert!(!v1.has_evidence && !v1.has_states);
        let no_teams = "format: dsomm-assessment\nformatVersion: 1\nteams: []\nprogress: {}\n";
        assert!(parse(no_teams).is_err());
    }
}
