//! `team-evidence.yaml`, the reference app's evidence file:
//! `evidence` → activity uuid (`# name` comment) → list of entries.
//!
//! Reading is all or nothing: a malformed entry, one failing [`Evidence::check`](crate::domain::assessment::evidence::Evidence::check), or an id
//! used twice refuses the whole file with a message naming where. Writing quotes every
//! string, so quotes, colons and line breaks survive; dates stay bare as the reference
//! writes them.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::domain::assessment::evidence::{read_entry, ActivityEvidence, EvidenceStore};
use crate::domain::formats::progress_yaml::{comment, in_model_order, key, MAX_FILE_BYTES};
use crate::domain::formats::yaml_lite;
use crate::domain::tree::quote;
use crate::domain::tree::Value;

/// The file name the reference app uses.
pub const FILE_NAME: &str = "team-evidence.yaml";

/// A parsed evidence file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EvidenceFile {
    pub evidence: EvidenceStore,
    /// Things skipped while reading that did not make the file unusable.
    pub warnings: Vec<String>,
}

message_error!(
    /// Why a `team-evidence.yaml` (or the evidence part of `dsomm-assessment.yaml`) cannot
    /// be read. The message is meant for the user.
    EvidenceFileError
);

fn shape(e: impl std::fmt::Display) -> EvidenceFileError {
    format!("The file is not a valid DSOMM team-evidence file: {e}").into()
}

/// Parses a `team-evidence.yaml` text. The error is meant for the user.
pub fn parse(text: &str) -> Result<EvidenceFile, EvidenceFileError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(format!(
            "The file is {} MB; evidence files larger than {} MB are refused.",
            text.len().div_ceil(1_000_000),
            MAX_FILE_BYTES / (1024 * 1024)
        )
        .into());
    }
    let root =
        yaml_lite::parse(text).map_err(|e| format!("The file could not be read as YAML: {e}"))?;
    let top = match &root {
        Value::Map(m) => m,
        Value::Null => return Err(shape("the file is empty")),
        other => {
            return Err(shape(format!(
                "expected a mapping with an `evidence:` key, found {}",
                other.kind()
            )))
        }
    };
    let Some(evidence) = root.get("evidence") else {
        let keys: Vec<&str> = top.iter().map(|(k, _)| k.as_str()).take(5).collect();
        return Err(shape(format!(
            "it has no top-level `evidence:` key (it has: {})",
            keys.join(", ")
        )));
    };
    read_evidence(evidence).map_err(shape)
}

/// Reads the value of an `evidence:` key (uuid → entries), checking every entry.
pub fn read_evidence(evidence: &Value) -> Result<EvidenceFile, EvidenceFileError> {
    let mut file = EvidenceFile::default();
    let activities = match evidence {
        Value::Null => return Ok(file),
        Value::Map(m) => m,
        other => {
            return Err(format!(
                "evidence: expected a mapping of activity uuids, found {}",
                other.kind()
            )
            .into())
        }
    };
    // id → where it was first seen, so a repeat names both places.
    let mut seen: HashMap<String, String> = HashMap::new();
    for (uuid, entries) in activities {
        let path = format!("evidence → {uuid}");
        if uuid.trim().is_empty()
            || uuid.chars().count() > 200
            || uuid.chars().any(char::is_control)
        {
            return Err(format!(
                "{path}: an activity uuid must be 1 to 200 characters without control characters"
            )
            .into());
        }
        let items = match entries {
            Value::Null => continue,
            Value::Seq(items) => items,
            other => {
                return Err(format!(
                    "{path}: expected a list of evidence entries, found {}",
                    other.kind()
                )
                .into())
            }
        };
        let mut list = ActivityEvidence::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = format!("{path} → entry {}", i + 1);
            let mut unknown = Vec::new();
            let e = read_entry(item, &mut unknown).map_err(|e| format!("{path}: {e}"))?;
            e.check(None).map_err(|e| format!("{path}: {e}"))?;
            if let Some(first) = seen.get(&e.id) {
                return Err(format!("{path}: the id {} is already used by {first}", e.id).into());
            }
            for k in unknown {
                file.warnings
                    .push(format!("{path}: unknown key `{k}` skipped"));
            }
            seen.insert(e.id.clone(), path);
            list.push(e);
        }
        if !list.is_empty() {
            file.evidence.insert(uuid.clone(), list);
        }
    }
    Ok(file)
}

/// Writes evidence in the reference format. `activity` gives each uuid's sort key and name:
/// known activities in model order, unknown ones after them; entries keep their order.
pub fn write(
    store: &EvidenceStore,
    activity: impl Fn(&str) -> Option<(usize, &'static str)>,
) -> String {
    let rows = in_model_order(store, |list: &ActivityEvidence| !list.is_empty(), activity);
    let mut out = String::from(
        "# DSOMM team evidence: activity uuid → entries (teams, title, description, date recorded, reviewer, attachments)\n",
    );
    if rows.is_empty() {
        out.push_str("evidence: {}\n");
        return out;
    }
    out.push_str("evidence:\n");
    for (_, uuid, name, list) in rows {
        let name = name.map_or("not in the embedded model".into(), comment);
        let _ = writeln!(out, "  {}:  # {name}", key(uuid));
        for e in list {
            let teams: Vec<String> = e.teams.iter().map(|t| quote(t)).collect();
            let _ = writeln!(out, "    - id: {}", key(&e.id));
            let _ = writeln!(out, "      teams: [{}]", teams.join(", "));
            let _ = writeln!(out, "      title: {}", quote(&e.title));
            let _ = writeln!(out, "      description: {}", quote(&e.description));
            let _ = writeln!(out, "      evidenceRecorded: {}", e.recorded);
            if !e.reviewer.is_empty() {
                let _ = writeln!(out, "      reviewer: {}", quote(&e.reviewer));
            }
            if !e.attachments.is_empty() {
                out.push_str("      attachment:\n");
                for a in &e.attachments {
                    let _ = writeln!(
                        out,
                        "        - {{type: {}, externalLink: {}}}",
                        a.kind.name(),
                        quote(&a.url)
                    );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assessment::date::Date;
    use crate::domain::assessment::evidence::{new_id, Attachment, AttachmentKind, Evidence};
    use crate::domain::test_support::entry;

    /// The example of reference-app.md §4.7, as `yaml.stringify` writes it (plus comments).
    const REFERENCE: &str = "evidence:
  f6f7737f-25a9-4317-8de2-09bf59f29b5b:          # activity uuid
    - id: 0b8f7c1e-4d5a-4e7b-9d2e-1f3a5c7e9b11     # stable entry uuid, the merge key
      teams: [Team A, Team C]
      title: Pipeline config reviewed
      description: Jenkinsfile includes SAST stage
      evidenceRecorded: 2026-03-01            # written unquoted, so read back as a Date
      reviewer: Jane Doe                      # optional
      attachment:                             # optional
        - {type: link, externalLink: https://jira.example.com/ABC-1}
";

    const UUID: &str = "f6f7737f-25a9-4317-8de2-09bf59f29b5b";

    fn no_names(_: &str) -> Option<(usize, &'static str)> {
        None
    }

    fn reference_entry() -> Evidence {
        Evidence {
            id: "0b8f7c1e-4d5a-4e7b-9d2e-1f3a5c7e9b11".into(),
            teams: vec!["Team A".into(), "Team C".into()],
            title: "Pipeline config reviewed".into(),
            description: "Jenkinsfile includes SAST stage".into(),
            recorded: Date::new(2026, 3, 1).unwrap(),
            reviewer: "Jane Doe".into(),
            attachments: vec![Attachment {
                kind: AttachmentKind::Link,
                url: "https://jira.example.com/ABC-1".into(),
            }],
        }
    }

    #[test]
    fn reads_the_reference_example() {
        let f = parse(REFERENCE).unwrap();
        assert_eq!(f.evidence[UUID], vec![reference_entry()]);
        assert!(f.warnings.is_empty());
    }

    #[test]
    fn reads_other_reference_spellings() {
        // Block lists, a quoted date, a timestamp, no reviewer or attachment, an unknown key.
        let text = "evidence:
  u-1:
    - id: a1
      teams:
        - 'O''Brien'
      title: \"Title: with colon\"
      description:
      evidenceRecorded: \"2026-03-01\"
      attachment:
        - type: image
          externalLink: 'https://x.example/i.png'
    - id: a2
      teams: [B]
      title: Second
      description: ''
      evidenceRecorded: 2026-03-02T10:11:12.000Z
      progress: 0.5
  u-2:
  u-3: []
";
        let f = parse(text).unwrap();
        assert_eq!(f.evidence.keys().collect::<Vec<_>>(), ["u-1"]);
        let [a1, a2] = &f.evidence["u-1"][..] else {
            panic!("two entries")
        };
        assert_eq!(a1.teams, ["O'Brien"]);
        assert_eq!(a1.title, "Title: with colon");
        assert_eq!(a1.description, "");
        assert_eq!(a1.recorded, Date::new(2026, 3, 1).unwrap());
        assert_eq!(a1.reviewer, "");
        assert_eq!(a1.attachments[0].kind, AttachmentKind::Image);
        assert_eq!(a2.recorded, Date::new(2026, 3, 2).unwrap());
        assert!(a2.attachments.is_empty());
        assert_eq!(
            f.warnings,
            ["evidence → u-1 → entry 2: unknown key `progress` skipped"]
        );
    }

    #[test]
    fn reads_block_scalars_and_folded_lines_as_the_reference_writes_them() {
        // `yaml.stringify` (lineWidth 80) folds a long title and writes a description with
        // line breaks as a block scalar.
        let text = "evidence:
  f6f7737f-25a9-4317-8de2-09bf59f29b5b:
    - id: 0b8f7c1e-4d5a-4e7b-9d2e-1f3a5c7e9b11
      teams:
        - Team A
        - Team C
      title: Pipeline config reviewed and a rather long title that the yaml library
        folds onto a second line
      description: |-
        Jenkinsfile includes SAST stage.

        Second paragraph with \"quotes\" and 'apostrophes'.
      evidenceRecorded: 2026-03-01
      attachment:
        - type: link
          externalLink: https://jira.example.com/ABC-1
    - id: e2
      teams: [B]
      title: \"Quoted: and folded, a title long enough that the yaml library breaks
        it\"
      description: >+
        Folded text
        on lines

          - an indented line

      evidenceRecorded: 2026-03-02
";
        let f = parse(text).unwrap_or_else(|e| panic!("{e}"));
        let [first, second] = &f.evidence[UUID][..] else {
            panic!("two entries")
        };
        assert_eq!(
            first,
            &Evidence {
                title: "Pipeline config reviewed and a rather long title that the yaml library folds onto a second line".into(),
                description: "Jenkinsfile includes SAST stage.\n\nSecond paragraph with \"quotes\" and 'apostrophes'.".into(),
                reviewer: String::new(),
                ..reference_entry()
            }
        );
        assert_eq!(
            second.title,
            "Quoted: and folded, a title long enough that the yaml library breaks it"
        );
        assert_eq!(
            second.description,
            "Folded text on lines\n\n  - an indented line\n\n"
        );
        assert!(f.warnings.is_empty());
    }

    #[test]
    fn null_and_empty_evidence_are_empty_files() {
        assert_eq!(parse("evidence:\n"), Ok(EvidenceFile::default()));
        assert_eq!(parse("evidence: {}\n"), Ok(EvidenceFile::default()));
        let empty = write(&EvidenceStore::new(), no_names);
        assert_eq!(parse(&empty), Ok(EvidenceFile::default()));
    }

    #[test]
    fn writes_the_reference_shape() {
        let f = parse(REFERENCE).unwrap();
        let text = write(&f.evidence, |_| Some((0, "Defined build process")));
        let expected = "evidence:
  f6f7737f-25a9-4317-8de2-09bf59f29b5b:  # Defined build process
    - id: 0b8f7c1e-4d5a-4e7b-9d2e-1f3a5c7e9b11
      teams: [\"Team A\", \"Team C\"]
      title: \"Pipeline config reviewed\"
      description: \"Jenkinsfile includes SAST stage\"
      evidenceRecorded: 2026-03-01
      reviewer: \"Jane Doe\"
      attachment:
        - {type: link, externalLink: \"https://jira.example.com/ABC-1\"}
";
        assert!(text.ends_with(expected), "{text}");
    }

    fn hostile() -> EvidenceStore {
        let mut odd = entry(
            "not-a-uuid_1",
            &["O'Brien: \"ops\"", "- dash", "true", "#1"],
        );
        odd.title = "{flow}, [list] & *star !tag %pct @at `tick` 'q' \"dq\": x".into();
        odd.description = "# Heading\n\nmulti-line\r\n\ttabbed \\ back\u{a0}\n---\n...\n".into();
        odd.reviewer = "null".into();
        odd.attachments = vec![Attachment {
            kind: AttachmentKind::Document,
            url: "https://x.example/a,b]c}d#e?f='g'&h=\"i\"".into(),
        }];
        let mut s = EvidenceStore::new();
        s.insert(UUID.into(), vec![reference_entry(), odd]);
        s.insert("2025-01-10".into(), vec![entry("b", &["émoji 🚀"])]);
        s.insert("not a uuid: #1".into(), vec![entry("c", &["x"])]);
        s
    }

    #[test]
    fn round_trips_hostile_text() {
        let s = hostile();
        let text = write(&s, |u| (u == UUID).then_some((0, "evil\nevidence: {}")));
        let back = parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(back.evidence, s, "{text}");
        assert!(back.warnings.is_empty());
        // A full YAML parser (as other tools use) reads the same text.
        let full: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        let odd = &full["evidence"][UUID][1];
        assert_eq!(odd["title"].as_str(), Some(s[UUID][1].title.as_str()));
        assert_eq!(
            odd["description"].as_str(),
            Some(s[UUID][1].description.as_str())
        );
        assert_eq!(odd["teams"][0].as_str(), Some("O'Brien: \"ops\""));
        assert_eq!(
            full["evidence"]["2025-01-10"][0]["evidenceRecorded"].as_str(),
            Some("2026-03-01")
        );
    }

    fn err(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn bad_files_are_refused_with_clear_messages() {
        let one = |body: &str| format!("evidence:\n  u-1:\n    - id: a\n{body}");
        let ok = "      teams: [A]\n      title: T\n      evidenceRecorded: 2026-03-01\n";
        assert!(parse(&one(ok)).is_ok());
        assert!(err("").contains("empty"));
        assert!(
            err("progress:\n  u: {}\n").contains("no top-level `evidence:` key (it has: progress)")
        );
        assert!(err("- a\n").contains("found a list"));
        assert!(err("evidence: [1]\n").contains("expected a mapping of activity uuids"));
        assert!(err("evidence:\n  u-1: {id: a}\n").contains("evidence → u-1: expected a list"));
        assert!(err("evidence:\n  u-1: [x]\n").contains("entry 1: expected an evidence entry"));
        assert!(err("evidence: {a: 1\n").contains("could not be read as YAML"));
        // A block scalar is read; a title must still be one line.
        assert!(err(&one(&ok.replace("title: T", "title: |\n        T")))
            .contains("evidence → u-1 → entry 1: the title contains a control character"));
        assert!(parse(&one(&ok.replace("title: T", "title: |-\n        T"))).is_ok());
        assert!(err(&one(
            &ok.replace("title: T", "title: |\n        T\n       x")
        ))
        .contains("could not be read as YAML: line 7: this line is indented less"));
        assert!(err(&one(
            "      teams: [A]\n      evidenceRecorded: 2026-03-01\n"
        ))
        .contains("evidence → u-1 → entry 1: the title must not be empty"));
        assert!(err(&one("      teams: [A]\n      title: T\n")).contains("no evidenceRecorded"));
        assert!(err(&one(&ok.replace("2026-03-01", "2026-13-01"))).contains("not a date"));
        assert!(err(&one(&ok.replace("[A]", "A"))).contains("teams: expected a list"));
        assert!(err(&one(&ok.replace("[A]", "[]"))).contains("at least one team"));
        assert!(err(&one(&ok.replace("[A]", "[A, A]"))).contains("listed twice"));
        let bad_url = format!("{ok}      attachment:\n        - {{type: link, externalLink: 'JavaScript:alert(1)'}}\n");
        assert!(err(&one(&bad_url)).contains("entry 1: attachment 1: the URL must start with"));
        let no_type = format!("{ok}      attachment:\n        - {{externalLink: https://x}}\n");
        assert!(err(&one(&no_type)).contains("unknown type ``"));
        assert!(err("evidence:\n  \"\": []\n").contains("activity uuid"));
    }

    #[test]
    fn duplicate_ids_are_refused_even_across_activities() {
        let e = "    - {id: a, teams: [A], title: T, evidenceRecorded: 2026-03-01}\n";
        assert!(err(&format!("evidence:\n  u-1:\n{e}{e}")).contains(
            "evidence → u-1 → entry 2: the id a is already used by evidence → u-1 → entry 1"
        ));
        assert!(err(&format!("evidence:\n  u-1:\n{e}  u-2:\n{e}"))
            .contains("evidence → u-2 → entry 1: the id a is already used by evidence → u-1"));
    }

    #[test]
    fn refuses_huge_files_before_parsing() {
        let big = format!("evidence:\n# {}\n", "x".repeat(MAX_FILE_BYTES));
        let e = err(&big);
        assert!(
            e.contains("The file is 68 MB; evidence files larger than 64 MB are refused"),
            "{e}"
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use crate::domain::test_support::props::evidence;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn written_files_read_back_identically(
                rows in proptest::collection::vec(("[^\\p{C}]{1,12}", proptest::collection::vec(evidence(), 1..3)), 0..3)
            ) {
                let mut store = EvidenceStore::new();
                let mut seen = std::collections::BTreeSet::new();
                for (uuid, list) in rows {
                    if uuid.trim().is_empty() {
                        continue;
                    }
                    let list: Vec<Evidence> =
                        list.into_iter().filter(|e| seen.insert(e.id.clone())).collect();
                    if !list.is_empty() {
                        store.insert(uuid, list);
                    }
                }
                let text = write(&store, no_names);
                prop_assert_eq!(parse(&text).map(|f| f.evidence), Ok(store));
            }

            #[test]
            fn parse_never_panics(text in "(?s).{0,200}") {
                let _ = parse(&text);
            }
        }
    }

    #[test]
    fn new_ids_are_v4_uuids() {
        let id = new_id([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(new_id([0; 16]), "00000000-0000-4000-8000-000000000000");
        let id2 = new_id(*b"0123456789abcdef");
        assert_eq!(id2.len(), 36);
        assert_eq!(id2.as_bytes()[14], b'4');
        assert!(matches!(id2.as_bytes()[19], b'8' | b'9' | b'a' | b'b'));
        assert_eq!(
            crate::domain::formats::progress_yaml::key(&id2),
            id2,
            "written bare"
        );
        assert_eq!(entry(&id2, &["Team A"]).check(None), Ok(()));
    }
}
