use super::*;
use crate::domain::model::{decode, decode_matrix, Custom, Model, Source};

/// The reference app's sample custom activity file (../shared/dsomm-data, not committed).
fn sample() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/dsomm-data/custom-activities.yaml"
    );
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("the model mirror is missing at {path}: {e}"))
}
const DAY: &str = "2026-12-02";

fn compiled(text: &str) -> Compiled {
    compile("ours.yaml", text, DAY).unwrap_or_else(|p| panic!("{p:?}"))
}

fn problems(text: &str) -> Vec<String> {
    compile("ours.yaml", text, DAY)
        .unwrap_err()
        .iter()
        .map(|p| p.to_string())
        .collect()
}

fn index(m: &Model, name: &str) -> usize {
    m.activity_by_name(name)
        .unwrap_or_else(|| panic!("no activity {name}"))
}

const BUILD: &str = "f6f7737f-25a9-4317-8de2-09bf59f29b5b";
const SBOM: &str = "2858ac12-0179-40d9-9acf-1b839c030473";

#[test]
fn the_reference_sample_applies_and_reads_back() {
    let c = compiled(&sample());
    assert_eq!(
        c.activities, 195,
        "194, one added, SBOM removed and re-added"
    );
    assert_eq!((c.added, c.changed), (1, 2), "{:?}", c.report);
    assert!(c.removed.is_empty(), "SBOM comes back under its uuid");
    let said: Vec<String> = c.report.changes.iter().map(|x| x.to_string()).collect();
    assert!(said.contains(&"removed: Build and Deployment / Build / SBOM of components".into()));
    assert!(said.contains(&"added: Build and Deployment / Build / New CUSTOM activity".into()));
    let notes: Vec<String> = c.report.notes.iter().map(|x| x.to_string()).collect();
    assert_eq!(notes, ["New CUSTOM dimension / CUSTOM sub-dimension / Re-classify SBOM activity to CUSTOM dimension: has the uuid of the official activity “SBOM of components”, so it counts as that one changed: its progress and evidence are this activity's"]);

    let custom: Custom = decode(&c.stored).unwrap();
    let m = custom.model;
    assert_eq!(m.activities.len(), 195);
    assert!(m
        .version
        .starts_with(&format!("{}+custom.", OFFICIAL.version)));
    assert_eq!(m.dimensions.last().unwrap().name, "New CUSTOM dimension");
    let ours = index(m, "Defined OUR build process");
    assert_eq!(m.activities[ours].uuid, BUILD);
    assert_eq!(m.activities[ours].origin, Origin::Changed);
    assert_eq!(
        m.activities[ours].level, 1,
        "a partial override keeps the level"
    );
    let official = OFFICIAL.activity_index(BUILD).unwrap();
    let d = custom.details(ours);
    assert!(
        d.description.contains("custom _title_"),
        "{}",
        d.description
    );
    assert_eq!(
        d.risk,
        details::official(official).risk,
        "and the other fields"
    );
    assert_eq!(d.references, details::official(official).references);
    let mut theirs: Vec<&str> = OFFICIAL.activities[official]
        .required_by
        .iter()
        .map(|&j| OFFICIAL.activities[j as usize].uuid)
        .collect();
    let mut now: Vec<&str> = m.activities[ours]
        .required_by
        .iter()
        .map(|&j| m.activities[j as usize].uuid)
        .collect();
    // Removed, then added again with only the fields the file gives (the merge rules): the
    // re-classified SBOM activity no longer depends on it.
    theirs.retain(|u| *u != SBOM);
    theirs.sort_unstable();
    now.sort_unstable();
    assert_eq!(now, theirs, "what depends on it still does");
    let new = index(m, "New CUSTOM activity");
    assert_eq!(m.activities[new].origin, Origin::Added);
    assert!(custom
        .details(new)
        .measure
        .starts_with("Write your own measure"));
    let sbom = m.activity_index(SBOM).unwrap();
    assert_eq!(
        m.activities[sbom].name,
        "Re-classify SBOM activity to CUSTOM dimension"
    );
    assert_eq!(
        m.dimension_of(&m.activities[sbom]).name,
        "New CUSTOM dimension"
    );
    assert!(m.activity_by_name("SBOM of components").is_none());
    // Untouched activities keep the embedded details, not a copy.
    let other = index(m, "Pinning of artifacts");
    assert!(std::ptr::eq(
        custom.details(other),
        details::official(OFFICIAL.activity_by_name("Pinning of artifacts").unwrap())
    ));
    assert_eq!(m.activities[other].origin, Origin::Official);
    // Activities stay in the generator's order, each sub-dimension's by level.
    for (i, a) in m.activities.iter().enumerate() {
        assert_eq!(a.index as usize, i);
        assert_eq!(m.activity_index(a.uuid), Some(i));
    }
    for sub in m.subdimensions {
        let levels: Vec<u8> = sub
            .activities
            .iter()
            .map(|&i| m.activities[i as usize].level)
            .collect();
        assert!(levels.windows(2).all(|w| w[0] <= w[1]), "{levels:?}");
    }
    // The first module's part reads the same tree, without the links it does not show.
    let matrix = decode_matrix(&c.stored).unwrap();
    assert_eq!(matrix.model.activities.len(), 195);
    for (a, b) in matrix.model.activities.iter().zip(m.activities) {
        assert_eq!(
            (a.uuid, a.name, a.level, a.tags, a.origin),
            (b.uuid, b.name, b.level, b.tags, b.origin)
        );
        assert!(a.depends_on.is_empty() && a.required_by.is_empty());
    }
    assert_eq!(matrix.model.tags, m.tags);
    assert_eq!((custom.file, custom.applied), ("ours.yaml", DAY));
    assert_eq!(custom.text, sample());
    assert_eq!(
        crate::domain::model::source(&c.stored).unwrap(),
        ("ours.yaml".into(), DAY.into(), sample())
    );
}

#[test]
fn search_finds_custom_text_and_keeps_the_embedded_index_for_the_rest() {
    let custom = decode(&compiled(&sample()).stored).unwrap();
    let m = custom.model;
    let overlay = custom.search_overlay();
    assert_eq!(overlay.sources.len(), m.activities.len());
    let new = index(m, "New CUSTOM activity");
    assert!(
        matches!(&overlay.sources[new], Source::Text(t) if t.contains("specific to your organization"))
    );
    let mut search = crate::domain::model::Search {
        words: crate::domain::model::SEARCH.words.clone(),
        postings: crate::domain::model::SEARCH.postings.clone(),
        overlay: Some(overlay),
    };
    let n = m.activities.len();
    let hits = search.hits("example of a custom ACTIVITY", n).unwrap();
    assert!(hits[new]);
    let pinning = index(m, "Pinning of artifacts");
    assert!(!hits[pinning]);
    assert!(search.hits("pinning", n).unwrap()[pinning]);
    // The overridden title is searched, the old one no longer.
    let ours = index(m, "Defined OUR build process");
    assert!(search.hits("our build", n).unwrap()[ours]);
    search.overlay = None;
    assert_eq!(
        search
            .hits("pinning", OFFICIAL.activities.len())
            .unwrap()
            .len(),
        194
    );
}

#[test]
fn an_activity_removed_is_listed_with_its_name_and_comes_back_without_the_file() {
    // One nothing depends on (removing one that others depend on is refused: below).
    let gone = OFFICIAL
        .activities
        .iter()
        .find(|a| a.required_by.is_empty())
        .unwrap();
    let (dim, sub) = (
        OFFICIAL.dimension_of(gone).name,
        OFFICIAL.subdimension_of(gone).name,
    );
    let c = compiled(&format!(
        "{dim}:\n  {sub}:\n    {}:\n      ignore: true\n",
        gone.name
    ));
    let uuid = gone.uuid;
    assert_eq!(c.removed, [(uuid.to_string(), gone.name.to_string())]);
    assert_eq!(c.activities, 193);
    let m = decode(&c.stored).unwrap();
    assert_eq!(m.removed, [(uuid, gone.name)]);
    assert!(m.model.activity_index(uuid).is_none());
    let refused = problems(
        "Build and Deployment:\n  Build:\n    Pinning of artifacts:\n      ignore: true\n",
    )
    .join("\n");
    assert!(
        refused.contains("activity 'Signing of artifacts' depends on"),
        "{refused}"
    );
}

#[test]
fn a_file_that_changes_nothing_makes_the_embedded_model() {
    let c = compiled("# nothing yet\nBuild and Deployment:\n  Build:\n");
    assert_eq!((c.activities, c.added, c.changed), (194, 0, 0));
    let m = decode(&c.stored).unwrap();
    for (a, o) in m.model.activities.iter().zip(OFFICIAL.activities) {
        assert_eq!(
            (a.uuid, a.name, a.level, a.origin),
            (o.uuid, o.name, o.level, o.origin)
        );
        assert_eq!(a.depends_on, o.depends_on);
        assert_eq!(a.tags, o.tags);
    }
    assert_eq!(m.model.tags, OFFICIAL.tags);
}

#[test]
fn every_problem_is_named_with_its_place_and_nothing_applies() {
    let name_taken = problems("Build and Deployment:\n  Build:\n    Pinning of artifacts:\n      uuid: 11111111-1111-1111-1111-111111111111\n      level: 2\nOurs:\n  Here:\n    Too high:\n      uuid: a-1\n      level: 9\n");
    assert_eq!(
        name_taken.len(),
        2,
        "the field's and the merge's, together: {name_taken:?}"
    );
    assert!(name_taken[1].starts_with("Build and Deployment / Build / Pinning of artifacts: the activity “Pinning of artifacts” exists with a different uuid"), "{name_taken:?}");

    let all = problems(
        "Ours:\n  Here:\n    Too high:\n      uuid: a-1\n      level: 7\n    No level:\n      uuid: a-2\n    No uuid:\n      level: 1\n    Bad rating:\n      uuid: a-3\n      level: 1\n      difficultyOfImplementation:\n        knowledge: lots\n    Nowhere:\n      uuid: a-4\n      level: 1\n      dependsOn: [Not an activity]\n",
    )
    .join("\n");
    for needle in [
        "Ours / Here / Too high: level: 7 is out of range 1-5",
        "Ours / Here / Bad rating: difficultyOfImplementation: knowledge: expected a number 1-5, found “lots”",
    ] {
        assert!(all.contains(needle), "{needle} in\n{all}");
    }
    // Range problems stop the file before the model is checked; then the model's checks.
    let checked = problems("Ours:\n  Here:\n    No level:\n      uuid: a-2\n    No uuid:\n      level: 1\n    Nowhere:\n      uuid: a-4\n      level: 1\n      dependsOn: [Not an activity]\n").join("\n");
    for needle in [
        "Ours / Here / No level: has no level (1-5)",
        "Ours / Here / No uuid: has no uuid",
    ] {
        assert!(checked.contains(needle), "{needle} in\n{checked}");
    }
    let cycle = problems("Ours:\n  Here:\n    A:\n      uuid: c-1\n      level: 1\n      dependsOn: [B]\n    B:\n      uuid: c-2\n      level: 1\n      dependsOn: [c-1]\n").join("\n");
    assert!(cycle.contains("dependency cycle: A → B → A"), "{cycle}");
    let dangling = problems("Ours:\n  Here:\n    A:\n      uuid: c-1\n      level: 1\n      dependsOn: [Not an activity]\n").join("\n");
    assert!(
        dangling.contains(
            "activity 'A' depends on 'Not an activity', which is not an activity of the model"
        ),
        "{dangling}"
    );
    // A custom activity may depend on another custom one and on official ones, by name or uuid.
    let ok = compiled("Ours:\n  Here:\n    A:\n      uuid: c-1\n      level: 2\n      dependsOn: [B, Pinning of artifacts]\n    B:\n      uuid: c-2\n      level: 1\n");
    let m = decode(&ok.stored).unwrap().model;
    let a = index(m, "A");
    let deps: Vec<&str> = m.activities[a]
        .depends_on
        .iter()
        .map(|&j| m.activities[j as usize].name)
        .collect();
    assert_eq!(deps, ["B", "Pinning of artifacts"]);
    assert_eq!(m.subdimensions.last().unwrap().activities.len(), 2);
    assert_eq!(m.activities[index(m, "B")].required_by.len(), 1);
}

#[test]
fn files_that_are_not_custom_activity_files_are_refused_with_a_reason() {
    for (text, needle) in [
        ("- a\n- b\n", "expected dimensions"),
        ("Dim: [1, 2]\n", "Dim: expected a mapping, found a list"),
        (
            "Dim:\n  Sub:\n    A: [1]\n",
            "Dim / Sub / A: expected the activity's fields, found a list",
        ),
        (
            "Dim:\n  Sub:\n    A:\n      level: {x: 1}\n",
            "Dim / Sub / A: level: expected a number 1-5, found a mapping",
        ),
        ("Dim:\n  Sub:\n    A: &x\n", "line 3"),
        ("", "it has no activities"),
        ("a: 1\n---\nb: 2\n---\nc: 3\n", "more than one document"),
    ] {
        let p = problems(text).join("\n");
        assert!(p.contains(needle), "{text:?}: {p}");
    }
    // A meta document before the activities is skipped.
    let c = compiled(
        "meta:\n  version: 1\n---\nOurs:\n  Here:\n    A:\n      uuid: c-1\n      level: 1\n",
    );
    assert_eq!(c.added, 1);
}

#[test]
fn hostile_text_stays_text_and_stored_models_that_are_not_ours_are_refused() {
    let c = compiled("\"<script>x</script>\":\n  \"<b>\":\n    \"A \\\" \\\\ \\n <img src=x>\":\n      uuid: \"u<i>\"\n      level: 1\n      description: \"<script>alert(1)</script>\"\n");
    let custom = decode(&c.stored).unwrap();
    let m = custom.model;
    assert_eq!(m.dimensions.last().unwrap().name, "<script>x</script>");
    let a = m.activities.last().unwrap();
    assert_eq!(a.name, "A \" \\ \n <img src=x>");
    assert_eq!(a.uuid, "u<i>");
    assert_eq!(
        custom.details(a.index as usize).description,
        "<script>alert(1)</script>"
    );
    let html = crate::domain::views::matrix_html::table(m, "c", &|_| String::new());
    assert!(
        !html.contains("<script>") && !html.contains("<img"),
        "escaped"
    );

    let good = c.stored;
    assert!(decode("{}").is_err());
    assert!(decode("").is_err());
    assert!(decode(&good.replacen("model 1", "model 2", 1)).is_err());
    let other_base = good.replacen(
        &esc(crate::domain::model::active::base()),
        "3.0.0 12 x y",
        1,
    );
    assert_eq!(
        decode_matrix(&other_base).unwrap_err(),
        crate::domain::model::active::OTHER_BASE
    );
    // Cut anywhere, it is refused, never a panic.
    for cut in (0..good.len()).step_by(97) {
        if good.is_char_boundary(cut) {
            assert!(decode(&good[..cut]).is_err() || good[cut..].starts_with('\n'));
        }
    }
    // Indices out of range, duplicate or unsorted uuids, unsorted tags, a missing text.
    let head: Vec<&str> = good.split('\n').take(4).collect();
    let with = |acts: &[&str], by_uuid: &str, tags: &str, details: usize| {
        let d = vec!["{\"tools\":[],\"references\":[]}"; details].join(",");
        format!(
            "{}\nD\tD\nS\tS\n{}\nU\t{by_uuid}\nG{tags}\nJ\t{{\"details\":[{d}],\"text\":\"\"}}",
            head.join("\n"),
            acts.join("\n")
        )
    };
    let a = "A\tu1\tA\t1\ta\t\t-\tx\nT\ta";
    let b = "A\tu2\tB\t1\ta\t0\t3";
    let ok = decode(&with(&[a, b], "0 1", "\tx", 1)).unwrap();
    assert_eq!(ok.model.activities[0].required_by, [1]);
    assert_eq!(ok.model.activity_index("u2"), Some(1));
    assert_eq!(ok.model.tags, ["x"]);
    assert!(std::ptr::eq(ok.details(1), details::official(3)));
    for bad in [
        with(&[a, "A\tu2\tB\t1\ta\t5\t3"], "0 1", "\tx", 1),
        with(&[a, "A\tu2\tB\t1\ta\t1\t3"], "0 1", "\tx", 1),
        with(&[a, "A\tu1\tB\t1\ta\t\t3"], "0 1", "\tx", 1),
        with(&[a, b], "1 0", "\tx", 1),
        with(&[a, b], "0", "\tx", 1),
        with(&[a, b], "0 1", "\ty\tx", 1),
        with(&[a, b], "0 1", "\tx", 0),
        with(&[a, b], "0 1", "\tx", 2),
        with(&[&a.replace("\t1\t", "\t6\t"), b], "0 1", "\tx", 1),
        with(&[&a.replace("\ta\t", "\tz\t"), b], "0 1", "\tx", 1),
        with(&["A\tu1\tA\t1\ta\t\t-", b], "0 1", "", 1),
        with(&[a, "A\tu2\tB\t1\ta\t0\t999"], "0 1", "\tx", 1),
        with(&[a, "Q\tx"], "0", "\tx", 1),
        // More sub-dimensions than activities, a dimension without sub-dimensions.
        with(&[a, "S\tT", "S\tU", b], "0 1", "\tx", 1),
        with(&[a, "D\tE", b], "0 1", "\tx", 1),
    ] {
        assert!(decode(&bad).is_err(), "{bad}");
    }
}

#[test]
fn the_one_file_assessment_carries_the_custom_file_and_refuses_one_that_does_not_apply() {
    use crate::domain::formats::backup::{read_custom, write_custom, CUSTOM_KEY};
    let text = sample();
    let part = write_custom("ours.yaml", DAY, &text);
    let root = yaml_lite::parse(&part).unwrap();
    let read = read_custom(root.get(CUSTOM_KEY).unwrap()).unwrap();
    assert_eq!(
        (read.file.as_str(), read.applied.as_str(), read.activities),
        ("ours.yaml", DAY, 195)
    );
    assert_eq!(
        read.stored,
        compiled(&text).stored,
        "the same model, byte for byte"
    );
    let bad = write_custom("bad.yaml", DAY, "Ours:\n  Here:\n    A:\n      level: 1\n");
    let root = yaml_lite::parse(&bad).unwrap();
    let e = read_custom(root.get(CUSTOM_KEY).unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("bad.yaml does not apply") && e.contains("Ours / Here / A: has no uuid"),
        "{e}"
    );
    // In a whole assessment, the rest restores without it, and the preview says so.
    let file = format!(
        "format: dsomm-assessment\nformatVersion: 3\nmodel: \"4.3.1\"\nteams:\n  - \"Team A\"\nprogress: {{}}\n{bad}"
    );
    let b = crate::domain::storage::read_backup(&file).unwrap();
    assert!(b.custom.is_none());
    // A sentence of its own (it read "The file is not a DSOMM team-progress file: …").
    assert!(b.warnings[0].starts_with("Its custom activity file bad.yaml does not apply"));
    assert!(
        b.warnings[0].contains("It is restored without it"),
        "{:?}",
        b.warnings
    );
    let good = crate::domain::storage::read_backup(&file.replace(&bad, &part)).unwrap();
    assert_eq!(good.custom.unwrap().activities, 195);
}

#[test]
fn the_misspelt_comment_key_reads_as_the_build_reads_it() {
    let c = compiled("Ours:\n  Here:\n    A:\n      uuid: c-1\n      level: 1\n      comment: misspelt\n    B:\n      uuid: c-2\n      level: 1\n      comment: second\n      comments: first\n");
    let m = decode(&c.stored).unwrap();
    let at = |name| m.details(index(m.model, name)).comments;
    assert_eq!((at("A"), at("B")), ("misspelt", "first"));
}
