use super::*;

const REFERENCE: &str = "progress:
  f6f7737f-25a9-4317-8de2-09bf59f29b5b:  # Defined build process
    'Team A':
      'Started': 2025-01-10
      'Partly implemented': 2025-02-01
      'Fully implemented': 2025-03-01
    'Team B':
      'Started': 2025-04-02
";

fn no_names(_: &str) -> Option<(usize, &'static str)> {
    None
}

#[test]
fn reads_the_reference_example() {
    let f = parse(REFERENCE).unwrap();
    let a = &f.progress["f6f7737f-25a9-4317-8de2-09bf59f29b5b"];
    assert_eq!(a["Team A"].dates().len(), 3);
    assert_eq!(
        a["Team A"].dates()["Partly implemented"].to_string(),
        "2025-02-01"
    );
    assert_eq!(a["Team B"].dates()["Started"].to_string(), "2025-04-02");
    assert!(f.warnings.is_empty());
}

#[test]
fn reads_reference_names_with_unescaped_apostrophes() {
    // The reference app writes `'…'` without escaping, so an apostrophe is left bare.
    let f = parse("progress:\n  u-1:  # x\n    'O'Brien's team':\n      'Started': 2025-01-10\n")
        .unwrap();
    assert_eq!(
        f.progress["u-1"]["O'Brien's team"].dates()["Started"].to_string(),
        "2025-01-10"
    );
}

#[test]
fn round_trips_hostile_names_and_unknown_uuids() {
    let mut progress = BTreeMap::new();
    let mut teams = ActivityProgress::new();
    for team in [
        "O'Brien: \"ops\"",
        "back\\slash # not a comment",
        "- dash",
        "{flow}, [list] & *star !tag %pct @at `tick`",
        "2024",
        "true",
        "null",
        "émoji 🚀 ünïcödé",
        "trailing:",
    ] {
        let mut r = TeamProgress::default();
        r.insert("Started".into(), Date::new(2025, 1, 2).unwrap());
        r.insert("Custom 'state'".into(), Date::new(2024, 12, 31).unwrap());
        teams.insert(team.to_string(), r);
    }
    progress.insert(
        "f6f7737f-25a9-4317-8de2-09bf59f29b5b".to_string(),
        teams.clone(),
    );
    progress.insert("not a uuid: #1".to_string(), teams.clone());
    progress.insert("12345".to_string(), teams.clone());
    progress.insert("2025-01-10".to_string(), teams.clone());
    progress.insert("1e-5".to_string(), teams);
    let text = write(&progress, &ProgressDefs::default(), no_names);
    let back = parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(back.progress, progress, "{text}");
    // A full YAML parser (as other tools use) reads the same names and dates.
    type Full = BTreeMap<String, BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>>;
    let full: Full = serde_yaml::from_str(&text).unwrap();
    for (uuid, teams) in &progress {
        for (team, record) in teams {
            for (state, date) in record.dates() {
                assert_eq!(full["progress"][uuid][team][state], date.to_string());
            }
        }
    }
}

#[test]
fn writes_the_reference_shape_with_name_comments_in_state_order() {
    let f = parse(REFERENCE).unwrap();
    let text = write(&f.progress, &ProgressDefs::default(), |_| {
        Some((0, "Defined build process"))
    });
    let expected = "progress:
  f6f7737f-25a9-4317-8de2-09bf59f29b5b:  # Defined build process
    \"Team A\":
      \"Started\": 2025-01-10
      \"Partly implemented\": 2025-02-01
      \"Fully implemented\": 2025-03-01
    \"Team B\":
      \"Started\": 2025-04-02
";
    assert!(text.ends_with(expected), "{text}");
}

#[test]
fn a_newline_in_a_name_cannot_break_the_comment() {
    let mut progress = BTreeMap::new();
    let mut teams = ActivityProgress::new();
    let mut r = TeamProgress::default();
    r.insert("Started".into(), Date::new(2025, 1, 2).unwrap());
    teams.insert("Team A".to_string(), r);
    progress.insert("u-1".to_string(), teams);
    let text = write(&progress, &ProgressDefs::default(), |_| {
        Some((0, "evil\nprogress: {}"))
    });
    assert_eq!(parse(&text).unwrap().progress, progress);
}

#[test]
fn empty_and_null_progress_are_valid() {
    assert!(parse("progress:\n").unwrap().progress.is_empty());
    assert!(parse("progress: {}\n").unwrap().progress.is_empty());
    let empty = write(&BTreeMap::new(), &ProgressDefs::default(), no_names);
    assert!(parse(&empty).unwrap().progress.is_empty());
}

#[test]
fn null_dates_are_skipped_with_a_warning() {
    let f = parse("progress:\n  u-1:\n    A:\n      Started:\n").unwrap();
    assert!(f.progress.is_empty());
    assert_eq!(f.warnings.len(), 1);
}

fn err(text: &str) -> String {
    parse(text).unwrap_err().to_string()
}

#[test]
fn bad_inputs_give_clear_errors() {
    assert!(err("").contains("empty"));
    assert!(err("evidence:\n  x: []\n").contains("no top-level `progress:`"));
    assert!(err("- a\n- b\n").contains("found a list"));
    assert!(err("progress: [1, 2]\n").contains("expected a mapping"));
    assert!(
        err("progress:\n  u-1:\n    A:\n      Started: 2025-13-01\n")
            .contains("progress → u-1 → A → Started: `2025-13-01` is not a date")
    );
    assert!(err("progress:\n  u-1:\n    A:\n      Started: [2025]\n").contains("found a list"));
    assert!(err("progress:\n  u-1:\n    \"\":\n      Started: 2025-01-01\n").contains("team name"));
    assert!(err("progress: {a: 1\n").contains("could not be read as YAML"));
    assert!(err("\u{0}\u{1}binary").contains("could not be read as YAML"));
    assert!(err("progress: {}\n---\nprogress: {}\n").contains("could not be read as YAML"));
}

#[test]
fn refuses_huge_files_before_parsing() {
    let big = format!("progress:\n# {}\n", "x".repeat(MAX_FILE_BYTES));
    assert!(matches!(
        parse(&big),
        Err(ProgressFileError::TooLarge { .. })
    ));
}

#[test]
fn survives_an_alias_bomb() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        let _ = writeln!(
            text,
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]"
        );
    }
    text.push_str("progress:\n  u-1: *a11\n");
    assert!(parse(&text).is_err());
}

#[test]
fn survives_deep_nesting() {
    let text = format!("progress: {}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(parse(&text).is_err());
}

/// The direct reader reads what the general one reads, or gives up.
fn agree(text: &str) -> bool {
    match (fast::read(text), parse_general(text)) {
        (Some(f), Ok(g)) => f == g,
        (None, _) => true,
        (Some(_), Err(_)) => false,
    }
}

#[test]
fn the_direct_reader_agrees_with_the_general_one() {
    // What the reference app and this app write takes the direct path.
    assert!(fast::read(REFERENCE).is_some());
    assert!(agree(REFERENCE));
    let fixture = include_str!("../../../../tests/fixtures/reference-progress.yaml");
    assert!(agree(fixture));
    let f = parse(REFERENCE).unwrap();
    let ours = write(&f.progress, &ProgressDefs::default(), no_names);
    assert!(fast::read(&ours).is_some(), "{ours}");
    assert!(agree(&ours));
    for text in [
        "",
        "progress:\n",
        "progress: {}\n",
        "progress:\n  u:\n    'A':\n      'Started':\n",
        "progress:\n  u:\n    'A':\n      'Started': 2025-02-30\n",
        "progress:\n  u:\n    'A':\n      'Started': 2025-01-10\n      'Started': 2025-01-11\n",
        "progress:\n  u:\n    'A':\n      'S': 2025-01-10\n    'A':\n      'S': 2025-01-10\n",
        "progress:\n  u:\n    A:\n      S: 2025-01-10 # a comment\n  # between\n  v:  # x\n    \"B \\\"q\\\"\":\n      'It''s': 2025-01-10T10:00:00.000Z\n",
        "progress:\n  u:\n    null:\n      S: 2025-01-10\n",
        "progress:\n  u:\n    'A': {S: 2025-01-10}\n",
        "progress:\n  u:\n    &a 'A':\n      S: 2025-01-10\n",
        "progress:\n  u:\n\t'A':\n      S: 2025-01-10\n",
        "progress:\n  u:\n    'A':\n      'S': 2025-01-10\nother: 1\n",
        "progress:\n  u:\n    'A':\n       'S': 2025-01-10\n",
        "progress:\n  u:\n    'A:\n      'S': 2025-01-10\n",
        "progress:\n  u:\n    'A':\n      'S': '2025-01-10'\n",
        "progress:\n  \"\":\n    'A':\n      'S': 2025-01-10\n",
        "\u{feff}progress:\r\n  u:\r\n    A:\r\n      S: 2025-01-10\r\n",
        "---\nprogress:\n  u:\n    A:\n      S: 2025-01-10\n",
    ] {
        assert!(agree(text), "{text:?}");
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod direct {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any progress, written by this app or in the reference app's style (single
        /// quotes), reads the same through both readers.
        #[test]
        fn both_readers_read_any_written_file_alike(
            rows in proptest::collection::vec(
                ("[a-f0-9-]{1,12}", "[ -~é🚀]{1,12}", "[ -~é]{1,10}", 1u8..28),
                1..12,
            )
        ) {
            let mut progress: BTreeMap<String, ActivityProgress> = BTreeMap::new();
            for (uuid, team, state, day) in &rows {
                let mut dates = progress
                    .get(uuid)
                    .and_then(|p| p.get(team))
                    .map(|r| r.dates().clone())
                    .unwrap_or_default();
                dates.insert(state.clone(), Date::new(2025, 3, *day).unwrap());
                progress
                    .entry(uuid.clone())
                    .or_default()
                    .insert(team.clone(), TeamProgress::from_dates(dates));
            }
            let ours = write(&progress, &ProgressDefs::default(), no_names);
            prop_assert!(agree(&ours), "{}", ours);
            // Names without escapes take the direct path.
            let plain = |n: &String| !n.contains(['"', '\\']) && !n.trim().is_empty();
            if rows.iter().all(|(_, t, s, _)| plain(t) && plain(s)) {
                prop_assert!(fast::read(&ours).is_some(), "{}", ours);
            }
            let reference = ours
                .lines()
                .map(|l| {
                    // "name": -> 'name': where the name has no escape
                    match l.trim_start().strip_prefix('"').and_then(|r| r.split_once("\":")) {
                        Some((name, rest)) if !name.contains('\\') => {
                            let indent = &l[..l.len() - l.trim_start().len()];
                            format!("{indent}'{}':{rest}", name.replace('\'', "''"))
                        }
                        _ => l.to_string(),
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            prop_assert!(agree(&reference), "{}", reference);
        }
    }
}
