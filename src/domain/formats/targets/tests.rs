use super::*;
use crate::domain::formats::yaml_lite;

fn sample() -> Targets {
    let mut t = Targets::default();
    t.teams.insert(
        "O'Brien: \"ops\" ✓".into(),
        Target {
            dimensions: [
                ("Build and Deployment".to_string(), 2),
                ("Test and Verification".to_string(), 0),
            ]
            .into_iter()
            .collect(),
            subdimensions: [("Build".to_string(), 3)].into_iter().collect(),
            added: ["f6f7737f-25a9-4317-8de2-09bf59f29b5b".to_string()]
                .into_iter()
                .collect(),
            left_out: ["removed-by-a-custom-file".to_string()]
                .into_iter()
                .collect(),
            due: Date::new(2027, 3, 31),
        },
    );
    t.teams.insert("Empty".into(), Target::default());
    t.groups.insert(
        "Cloud".into(),
        Target {
            dimensions: [("Culture and Organization".to_string(), 1)]
                .into_iter()
                .collect(),
            ..Target::default()
        },
    );
    t
}

#[test]
fn stored_json_round_trips_byte_for_byte() {
    let t = sample();
    let raw = encode(&t);
    assert!(!raw.contains('\n'));
    assert_eq!(decode(&raw).unwrap(), t);
    assert_eq!(encode(&decode(&raw).unwrap()), raw);
    assert_eq!(
        decode(&encode(&Targets::default())).unwrap(),
        Targets::default()
    );
}

#[test]
fn the_yaml_part_round_trips_and_is_absent_without_targets() {
    let t = sample();
    let yaml = write_yaml(&t);
    assert!(yaml.starts_with("targets:\n  teams:\n"), "{yaml}");
    let root = yaml_lite::parse(&yaml).unwrap();
    assert_eq!(from_value(root.get(KEY).unwrap()).unwrap(), t);
    assert_eq!(write_yaml(&Targets::default()), "");
}

fn refused(raw: &str) -> String {
    decode(raw).expect_err(raw).to_string()
}

#[test]
fn hostile_or_malformed_targets_are_refused_with_what_is_wrong() {
    let with = |target: &str| format!("{{\"teams\":{{\"A\":{target}}},\"groups\":{{}}}}");
    for (raw, says) in [
        (
            with("{\"dimensions\":{\"Build\":6}}"),
            "not a whole number from 0 to 5",
        ),
        (
            with("{\"dimensions\":{\"Build\":-1}}"),
            "not a whole number",
        ),
        (
            with("{\"dimensions\":{\"Build\":2.5}}"),
            "not a whole number",
        ),
        (with("{\"dimensions\":{\"Build\":[2]}}"), "expected a value"),
        (with("{\"subdimensions\":[1]}"), "expected a mapping"),
        (with("{\"due\":\"2027-02-30\"}"), "not a date"),
        (with("{\"added\":\"uuid\"}"), "expected a list"),
        (with("{\"added\":[\"\"]}"), "is not an activity uuid"),
        (with("[]"), "expected a mapping"),
        ("[]".to_string(), "expected a mapping"),
        ("{\"teams\":{\"\":{}}}".to_string(), "teams"),
        ("{\"teams\":{\"a\\u0007b\":{}}}".to_string(), "teams"),
    ] {
        let e = refused(&raw);
        assert!(e.contains(says), "{raw}: {e}");
    }
    let many: Vec<String> = (0..=MAX_LISTED).map(|i| format!("\"u{i}\"")).collect();
    assert!(refused(&with(&format!("{{\"added\":[{}]}}", many.join(",")))).contains("more than"));
    let owners: Vec<String> = (0..=MAX_TARGETS)
        .map(|i| format!("\"T{i}\":{{}}"))
        .collect();
    assert!(refused(&format!("{{\"teams\":{{{}}}}}", owners.join(","))).contains("more than"));
}

#[test]
fn unknown_and_missing_parts_are_ignored() {
    let t =
        decode("{\"teams\":{\"A\":{\"dimensions\":{\"Build\":1},\"weights\":{\"x\":2}}}}").unwrap();
    assert_eq!(t.teams["A"].dimensions["Build"], 1);
    assert!(t.groups.is_empty());
    assert_eq!(decode("{}").unwrap(), Targets::default());
    assert_eq!(decode("").unwrap(), Targets::default());
}

#[test]
fn what_a_custom_model_names_round_trips_whatever_its_text() {
    // Names of a custom model's dimensions may hold any text; its uuids are what progress
    // files accept (up to 200 characters).
    let odd = format!("Odd \u{7} “name” {}", "x".repeat(600));
    let uuid = "u".repeat(200);
    let mut t = Targets::default();
    t.teams.insert(
        "A".into(),
        Target {
            dimensions: [(odd.clone(), 3)].into_iter().collect(),
            subdimensions: [(String::new(), 1)].into_iter().collect(),
            added: [uuid.clone()].into_iter().collect(),
            ..Target::default()
        },
    );
    assert_eq!(decode(&encode(&t)).unwrap(), t);
    let root = yaml_lite::parse(&write_yaml(&t)).unwrap();
    assert_eq!(from_value(root.get(KEY).unwrap()).unwrap(), t);
}
