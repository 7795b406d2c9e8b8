use super::*;

/// Fields as text, for the tests.
#[derive(Clone, Debug, Default, PartialEq)]
struct Text(Vec<(String, String)>);

impl Fields for Text {
    fn take(&mut self, key: &str, from: &Self) -> bool {
        let Some((_, v)) = from.0.iter().find(|(k, _)| k == key) else {
            return false;
        };
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, old)) if old == v => false,
            Some((_, old)) => {
                *old = v.clone();
                true
            }
            None => {
                self.0.push((key.to_string(), v.clone()));
                true
            }
        }
    }
}

type M = Model<Text>;

trait Field {
    fn field(&self, key: &str) -> Option<&String>;
}

impl Field for Activity<Text> {
    fn field(&self, key: &str) -> Option<&String> {
        self.fields.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

fn act(name: &str, uuid: Option<&str>, fields: &[(&str, &str)]) -> Activity<Text> {
    Activity {
        name: name.into(),
        uuid: uuid.map(str::to_string),
        ignore: false,
        keys: fields.iter().map(|(k, _)| k.to_string()).collect(),
        fields: Text(
            fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        ),
    }
}

fn ignored(name: &str, uuid: Option<&str>) -> Activity<Text> {
    Activity {
        ignore: true,
        ..act(name, uuid, &[])
    }
}

fn sub(name: &str, activities: Vec<Activity<Text>>) -> Sub<Text> {
    Sub {
        name: name.into(),
        ignore: false,
        activities,
    }
}

fn dim(name: &str, subs: Vec<Sub<Text>>) -> Dimension<Text> {
    Dimension {
        name: name.into(),
        ignore: false,
        subs,
    }
}

fn names(m: &M) -> Vec<String> {
    let mut out = Vec::new();
    for d in &m.dimensions {
        for s in &d.subs {
            for a in &s.activities {
                out.push(format!("{}/{}/{}", d.name, s.name, a.name));
            }
        }
    }
    out
}

fn get<'m>(m: &'m M, name: &str) -> Option<&'m Activity<Text>> {
    m.dimensions
        .iter()
        .flat_map(|d| &d.subs)
        .flat_map(|s| &s.activities)
        .find(|a| a.name == name)
}

const U111: &str = "00000000-1111-1111-1111-000000000000";
const U112: &str = "00000000-1111-1111-2222-000000000000";
const U121: &str = "00000000-1111-2222-1111-000000000000";

/// The reference app's spec data (activity-store.spec.ts upstream): `baseYaml`.
fn base() -> M {
    let desc = ("description", "Description from base yaml");
    Model {
        dimensions: vec![
            dim(
                "Category 1",
                vec![
                    sub(
                        "Dimension 11",
                        vec![
                            act("Activity 111", Some(U111), &[("level", "1"), desc]),
                            act(
                                "Activity 112",
                                Some(U112),
                                &[("level", "1"), desc, ("dependsOn", "[Activity 111, 121]")],
                            ),
                        ],
                    ),
                    sub(
                        "Dimension 12",
                        vec![
                            act("Activity 121", Some(U121), &[("level", "1"), desc]),
                            act(
                                "Activity 122",
                                Some("00000000-1111-2222-2222-000000000000"),
                                &[("level", "1"), desc],
                            ),
                        ],
                    ),
                ],
            ),
            dim(
                "Category 2",
                vec![sub(
                    "Dimension 21",
                    vec![act(
                        "Activity 211",
                        Some("00000000-2222-1111-1111-000000000000"),
                        &[("level", "1"), desc],
                    )],
                )],
            ),
        ],
    }
}

/// Its `extraYaml`.
fn extra() -> M {
    let mut d21 = sub("Dimension 21", Vec::new());
    d21.ignore = true;
    Model {
        dimensions: vec![
            dim(
                "Category 1",
                vec![
                    sub(
                        "Dimension 11",
                        vec![
                            act(
                                "OVERRIDE 111",
                                Some(U111),
                                &[("level", "2"), ("description", "OVERRIDE DESC AND LEVEL")],
                            ),
                            act(
                                "Activity 112",
                                None,
                                &[("description", "OVERRIDE: BASED ON NAME")],
                            ),
                        ],
                    ),
                    sub("Dimension 12", vec![ignored("Activity 121", None)]),
                ],
            ),
            dim("Category 2", vec![d21]),
            dim(
                "Category 3",
                vec![sub(
                    "Dimension 31",
                    vec![act(
                        "New Activity 311",
                        Some("00000000-3333-1111-1111-000000000000"),
                        &[("level", "3")],
                    )],
                )],
            ),
        ],
    }
}

#[test]
fn the_reference_override_case() {
    let mut m = base();
    let r = merge(&mut m, &extra()).unwrap();
    // Three dimensions: Category 2 lost its only sub-dimension, Category 3 is new.
    let dims: Vec<&str> = m.dimensions.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        dims,
        ["Category 1", "Category 3"],
        "an emptied dimension goes"
    );
    assert!(get(&m, "Activity 111").is_none(), "renamed");
    let o = get(&m, "OVERRIDE 111").unwrap();
    assert_eq!(o.uuid.as_deref(), Some(U111));
    assert_eq!(o.field("description").unwrap(), "OVERRIDE DESC AND LEVEL");
    assert_eq!(o.field("level").unwrap(), "2");
    let a112 = get(&m, "Activity 112").unwrap();
    assert_eq!(
        a112.field("description").unwrap(),
        "OVERRIDE: BASED ON NAME"
    );
    assert!(get(&m, "Activity 121").is_none(), "ignored");
    assert!(
        get(&m, "Activity 211").is_none(),
        "its sub-dimension ignored"
    );
    assert!(get(&m, "New Activity 311").is_some());
    assert_eq!(
        names(&m),
        [
            "Category 1/Dimension 11/OVERRIDE 111",
            "Category 1/Dimension 11/Activity 112",
            "Category 1/Dimension 12/Activity 122",
            "Category 3/Dimension 31/New Activity 311",
        ],
        "renamed in place, new ones after"
    );
    let text: Vec<String> = r.changes.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "removed: Category 1 / Dimension 12 / Activity 121",
            "removed: Category 2 / Dimension 21 / Activity 211",
            "renamed: “Activity 111” to “OVERRIDE 111”",
            "changed: Category 1 / Dimension 11 / OVERRIDE 111 (level, description)",
            "changed: Category 1 / Dimension 11 / Activity 112 (description)",
            "added: Category 3 / Dimension 31 / New Activity 311",
        ]
    );
    assert!(r.notes.is_empty());
}

#[test]
fn a_partial_override_keeps_the_fields_it_does_not_name() {
    // The reference sets every markdown field, erasing the level, dependencies and text.
    let mut m = base();
    merge(&mut m, &extra()).unwrap();
    let a112 = get(&m, "Activity 112").unwrap();
    assert_eq!(a112.field("level").unwrap(), "1");
    assert_eq!(a112.field("dependsOn").unwrap(), "[Activity 111, 121]");
    let o = get(&m, "OVERRIDE 111").unwrap();
    assert_eq!(o.fields.0.len(), 2, "no field added or lost");
}

#[test]
fn a_new_uuid_for_an_existing_name_is_an_error_and_changes_nothing() {
    // The reference spec's "produce error messages when merging yaml": a copy of an
    // activity under another's name with a new uuid (here beside the file's other changes).
    let mut file = extra();
    file.dimensions[1] = dim(
        "Category 2",
        vec![sub(
            "Dimension 21",
            vec![act("Activity 122", Some("fake-uuid"), &[("level", "1")])],
        )],
    );
    let mut m = base();
    let e = merge(&mut m, &file).unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(
        e[0].place.to_string(),
        "Category 2 / Dimension 21 / Activity 122"
    );
    assert!(
        e[0].message.contains(
            "exists with a different uuid (00000000-1111-2222-2222-000000000000, here fake-uuid)"
        ),
        "{}",
        e[0]
    );
    assert_eq!(m, base(), "all or nothing");
}

#[test]
fn an_override_moves_an_activity_to_a_new_dimension() {
    // As the sample custom file re-classifies "SBOM of components".
    let file = Model {
        dimensions: vec![dim(
            "New CUSTOM dimension",
            vec![sub(
                "CUSTOM sub-dimension",
                vec![act("Re-classified", Some(U121), &[("level", "2")])],
            )],
        )],
    };
    let mut m = base();
    let r = merge(&mut m, &file).unwrap();
    assert_eq!(
        names(&m).last().unwrap(),
        "New CUSTOM dimension/CUSTOM sub-dimension/Re-classified"
    );
    assert!(r.changes.contains(&Change::Moved {
        name: "Re-classified".into(),
        from: place(&["Category 1", "Dimension 12"]),
        to: place(&["New CUSTOM dimension", "CUSTOM sub-dimension"]),
    }));
    let moved = get(&m, "Re-classified").unwrap();
    assert_eq!(
        moved.field("description").unwrap(),
        "Description from base yaml"
    );
}

#[test]
fn ignoring_what_the_model_does_not_have_is_a_note() {
    let mut gone = dim("Nowhere", Vec::new());
    gone.ignore = true;
    let file = Model {
        dimensions: vec![
            gone,
            dim(
                "Category 1",
                vec![sub("Dimension 11", vec![ignored("Dropped", Some("u-x"))])],
            ),
        ],
    };
    let mut m = base();
    let r = merge(&mut m, &file).unwrap();
    assert_eq!(m, base());
    let notes: Vec<String> = r.notes.iter().map(ToString::to_string).collect();
    assert_eq!(
        notes,
        [
            "Nowhere: ignores a dimension the model does not have",
            "Category 1 / Dimension 11 / Dropped: ignores an activity the model does not have",
        ]
    );
}

#[test]
fn an_ignore_by_uuid_finds_the_activity_under_any_name_and_place() {
    let file = Model {
        dimensions: vec![dim(
            "Elsewhere",
            vec![sub("Any", vec![ignored("Old name", Some(U112))])],
        )],
    };
    let mut m = base();
    merge(&mut m, &file).unwrap();
    assert!(get(&m, "Activity 112").is_none());
    assert_eq!(names(&m).len(), 4);
}

#[test]
fn an_unchanged_override_reports_nothing() {
    let file = Model {
        dimensions: vec![dim(
            "Category 1",
            vec![sub(
                "Dimension 11",
                vec![act("Activity 111", Some(U111), &[("level", "1")])],
            )],
        )],
    };
    let mut m = base();
    let r = merge(&mut m, &file).unwrap();
    assert!(r.changes.is_empty(), "{:?}", r.changes);
    assert_eq!(m, base());
}

#[test]
fn activities_inside_an_ignored_sub_dimension_are_noted_not_added() {
    let mut gone = sub(
        "Dimension 12",
        vec![act("Mine", Some("u-m"), &[("level", "1")])],
    );
    gone.ignore = true;
    let file = Model {
        dimensions: vec![dim("Category 1", vec![gone])],
    };
    let mut m = base();
    let r = merge(&mut m, &file).unwrap();
    assert!(get(&m, "Mine").is_none());
    assert!(
        get(&m, "Activity 121").is_none(),
        "the sub-dimension is removed"
    );
    assert_eq!(
        r.notes[0].to_string(),
        "Category 1 / Dimension 12 / Mine: is inside an ignored dimension or sub-dimension, so it is not added"
    );
}
