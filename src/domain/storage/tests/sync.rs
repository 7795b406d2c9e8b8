//! The rule both modules follow for a write made elsewhere (`storage::sync`). Both modules
//! call these functions and only render the [`Change`] (no module can take in a write by
//! other means: see the `compile_fail` example in `storage::sync`), so testing them tests both.

use crate::domain::assessment::settings::Settings;
use crate::domain::assessment::targets::{Target, Targets};
use crate::domain::assessment::teams::Scope;
use crate::domain::assessment::{default_groups, default_teams, ActivityProgress, Group};
use crate::domain::storage::codec::TeamIds;
use crate::domain::storage::sync::{self, hear, Change, Heard, Held};
use crate::domain::storage::*;
use crate::domain::test_support::*;

/// What both modules show of the lists (the example teams and groups, Team A chosen, before
/// a write).
#[derive(Clone, Debug, PartialEq)]
struct Lists {
    teams: Vec<String>,
    groups: Vec<Group>,
    scope: Scope,
}

impl Lists {
    fn example() -> Lists {
        Lists {
            teams: default_teams(),
            groups: default_groups(),
            scope: Scope::Team("Team A".into()),
        }
    }

    fn held(&mut self) -> Held<'_> {
        Held {
            teams: &mut self.teams,
            groups: &mut self.groups,
            scope: &mut self.scope,
        }
    }
}

/// The pages module's gateway and the first module's, over the same store, both loaded.
fn both() -> (Gateway<MemoryBackend>, Gateway<MemoryBackend>) {
    let pages = gateway();
    let first = Gateway::for_matrix(MemoryBackend::default());
    first.load().unwrap();
    (pages, first)
}

/// Another tab writes `key` (`value`, None: removed) into `g`'s store, then `g` hears of it.
fn written(g: &Gateway<MemoryBackend>, key: &str, value: Option<&str>, held: &mut Lists) -> Heard {
    match value {
        Some(v) => g.backend().set(key, v).unwrap(),
        None => g.backend().remove(key).unwrap(),
    }
    hear(g, held.held(), Some(key), value, false)
}

/// Writes `value` as this tab would.
fn save(g: &Gateway<MemoryBackend>, value: &Stored) -> Result<(), StorageError> {
    match value {
        Stored::Teams(ids) => g.save_teams(&ids.names()),
        v => g.save_many(&Batch {
            teams: None,
            values: std::slice::from_ref(v),
        }),
    }
}

/// A write that changes the lists: they are `after` it.
fn changed(after: Lists) -> (Change, Lists) {
    (Change::Lists, after)
}

/// A write that leaves the lists as they were.
fn same(change: Change) -> (Change, Lists) {
    (change, Lists::example())
}

fn lists(teams: Vec<String>, groups: Vec<Group>, scope: Scope) -> Lists {
    Lists {
        teams,
        groups,
        scope,
    }
}

fn shown(change: Change) -> Heard {
    Heard {
        change,
        quarantine: false,
    }
}

#[test]
fn every_kind_written_removed_or_damaged_elsewhere_gives_the_same_change_in_both_modules() {
    let ids = TeamIds::default().for_list(&default_teams());
    let settings = Settings {
        max_level: 3,
        ..Settings::default()
    };
    let groups = vec![Group {
        name: "Ops".into(),
        members: vec!["Team A".into()],
    }];
    let mut pruned = default_groups();
    for g in &mut pruned {
        g.members.retain(|m| m == "Team A");
    }
    for def in KINDS {
        let key = match def.per_activity {
            true => format!("{}u-1", def.key),
            false => def.key.to_string(),
        };
        // A value of the kind, what another tab's writing it changes, what removing it
        // changes (its empty value), and a value that cannot be read (if there is one).
        let (value, change, removed, damaged) = match def.kind {
            Kind::Teams => (
                Stored::Teams(TeamIds::default().for_list(&["Team A".into(), "New".into()])),
                changed(lists(
                    vec!["Team A".into(), "New".into()],
                    // Teams B, C and D are no longer teams: no longer members.
                    pruned.clone(),
                    Scope::Team("Team A".into()),
                )),
                changed(lists(
                    default_teams(),
                    default_groups(),
                    Scope::Team("Team A".into()),
                )),
                Some("[\"A\", \"A\"]"),
            ),
            Kind::Groups => (
                Stored::Groups(groups.clone()),
                changed(lists(
                    default_teams(),
                    groups.clone(),
                    Scope::Team("Team A".into()),
                )),
                changed(lists(
                    default_teams(),
                    default_groups(),
                    Scope::Team("Team A".into()),
                )),
                Some("[{\"name\": \"\", \"members\": []}]"),
            ),
            Kind::Settings => (
                Stored::Settings(settings.clone()),
                same(Change::Value(Stored::Settings(settings.clone()))),
                same(Change::Value(Stored::Settings(Settings::default()))),
                Some("{not json"),
            ),
            Kind::Progress => (
                Stored::Progress("u-1".into(), record(3)),
                same(Change::Value(Stored::Progress("u-1".into(), record(3)))),
                same(Change::Value(Stored::Progress(
                    "u-1".into(),
                    ActivityProgress::new(),
                ))),
                Some("{not json"),
            ),
            Kind::Evidence => (
                Stored::Evidence("u-1".into(), vec![entry("e-1", &["Team A"])]),
                same(Change::Value(Stored::Evidence(
                    "u-1".into(),
                    vec![entry("e-1", &["Team A"])],
                ))),
                same(Change::Value(Stored::Evidence("u-1".into(), Vec::new()))),
                Some("[{\"id\":"),
            ),
            // Another tab's choice is its own (this tab's other module's: see below).
            Kind::SelectedTeam => (
                Stored::SelectedTeam(Some("t:Team B".into())),
                same(Change::Nothing),
                same(Change::Nothing),
                None,
            ),
            Kind::CustomModel => (
                Stored::CustomModel(Some("{\"format\":1}".into())),
                same(Change::Model),
                same(Change::Model),
                None,
            ),
            Kind::Targets => {
                let mut t = Targets::default();
                t.teams.insert(
                    "Team A".into(),
                    Target {
                        dimensions: [("Build and Deployment".to_string(), 2)]
                            .into_iter()
                            .collect(),
                        ..Target::default()
                    },
                );
                (
                    Stored::Targets(t.clone()),
                    same(Change::Value(Stored::Targets(t))),
                    same(Change::Value(Stored::Targets(Targets::default()))),
                    Some("{\"teams\":{\"Team A\":{\"dimensions\":{\"Build\":9}}}}"),
                )
            }
            Kind::Names => (
                Stored::Names(Some("{\"u-1\":\"First\"}".into())),
                same(Change::Value(Stored::Names(Some(
                    "{\"u-1\":\"First\"}".into(),
                )))),
                same(Change::Value(Stored::Names(None))),
                None,
            ),
        };
        assert_eq!(value.key(), key);
        let raw = value.encode(&ids).unwrap().unwrap();
        let (pages, first) = both();
        for (g, module) in [(&pages, "pages"), (&first, "first")] {
            // The first module does not read the pages module's kinds (it shows none).
            let read = def.matrix || module == "pages";
            // What a module that does not read the kind sees: nothing.
            let expect = |(c, l): &(Change, Lists)| match read {
                true => (shown(c.clone()), l.clone()),
                false => (shown(Change::Nothing), Lists::example()),
            };
            let what = format!("{} in the {module} module", def.what);
            let used = g.used();
            let mut held = Lists::example();
            let heard = written(g, &key, Some(&raw), &mut held);
            assert_eq!((heard, held), expect(&change), "{what}");
            assert_eq!(g.used(), used + key.len() + raw.len(), "{what}: counted");
            let mut held = Lists::example();
            let heard = written(g, &key, None, &mut held);
            assert_eq!((heard, held), expect(&removed), "{what}");
            assert_eq!(g.used(), used, "{what}: counted");
            let mut held = Lists::example();
            let Some(bad) = damaged else { continue };
            let heard = written(g, &key, Some(bad), &mut held);
            assert_eq!(held, Lists::example(), "{what}: shown as it was");
            if !read {
                assert_eq!(heard, shown(Change::Nothing), "{what}");
                continue;
            }
            assert!(
                matches!(&heard.change, Change::Unreadable(_)),
                "{what}: {heard:?}"
            );
            assert!(heard.quarantine, "{what}: the list of values set aside");
            // Never overwritten here, until it is replaced elsewhere.
            assert!(
                matches!(save(g, &value), Err(StorageError::Protected(_))),
                "{what}"
            );
            let heard = written(g, &key, Some(&raw), &mut held);
            let readable = Heard {
                change: change.0.clone(),
                quarantine: true,
            };
            assert_eq!(
                (heard, held),
                (readable, change.1.clone()),
                "{what}: readable again"
            );
            assert!(save(g, &value).is_ok(), "{what}");
        }
    }
}

#[test]
fn new_lists_from_another_tab_prune_group_members_and_move_the_choice_in_both_modules() {
    let (pages, first) = both();
    for g in [&pages, &first] {
        let mut held = Lists::example();
        held.scope = Scope::Team("Team B".into());
        // Team B deleted elsewhere: the team list comes first, then the groups.
        let ids = TeamIds::default().for_list(&default_teams());
        let ids = ids.for_list(&["Team A".into(), "Team C".into()]);
        let heard = written(g, TEAMS_KEY, Some(&ids.encode()), &mut held);
        assert_eq!(heard, shown(Change::Lists));
        assert_eq!(held.teams, ["Team A", "Team C"]);
        let teams = &held.teams;
        assert!(held
            .groups
            .iter()
            .all(|g| g.members.iter().all(|m| teams.contains(m))));
        assert_eq!(
            held.groups[0].members,
            ["Team A"],
            "Customer without Team B"
        );
        assert_eq!(held.groups.len(), default_groups().len(), "groups kept");
        assert_eq!(held.scope, Scope::Team("Team A".into()), "the first team");
        // A group chosen here, deleted there: all teams.
        held.scope = Scope::Group("Customer".into());
        let heard = written(g, GROUPS_KEY, Some("[]"), &mut held);
        assert_eq!(heard, shown(Change::Lists));
        assert_eq!(held.groups, []);
        assert_eq!(held.scope, Scope::All);
    }
}

#[test]
fn the_other_module_shares_the_choice_another_tab_keeps_its_own() {
    let (pages, first) = both();
    for g in [&pages, &first] {
        let mut held = Lists::example();
        g.backend().set(SELECTED_TEAM_KEY, "t:Team B").unwrap();
        let key = Some(SELECTED_TEAM_KEY);
        let value = Some("t:Team B");
        assert_eq!(
            hear(g, held.held(), key, value, false).change,
            Change::Nothing
        );
        assert_eq!(held, Lists::example());
        assert_eq!(hear(g, held.held(), key, value, true).change, Change::Scope);
        assert_eq!(held.scope, Scope::Team("Team B".into()));
        // A team this module does not have (yet), and a choice not stored.
        let gone = Some("t:Gone");
        assert_eq!(
            hear(g, held.held(), key, gone, true).change,
            Change::Nothing
        );
        assert_eq!(held.scope, Scope::Team("Team B".into()));
        let change = sync::sibling_scope(held.held(), "g:Customer");
        assert_eq!(change, Change::Scope);
        assert_eq!(held.scope, Scope::Group("Customer".into()));
        assert_eq!(sync::sibling_scope(held.held(), "g:Gone"), Change::Nothing);
        assert_eq!(held.scope, Scope::Group("Customer".into()));
        // The model: this tab's pages module reloads the page itself.
        let model = Some(crate::domain::model::CUSTOM_MODEL_KEY);
        let change = hear(g, held.held(), model, Some("{}"), true).change;
        assert_eq!(change, Change::Nothing);
    }
}

#[test]
fn a_stale_unreadable_value_needs_nothing() {
    let (pages, first) = both();
    let mut held = Lists::example();
    for g in [&pages, &first] {
        // Set aside by the tab that wrote it before this one heard of it.
        let key = progress_key("u-1");
        let heard = hear(g, held.held(), Some(&key), Some("{not json"), false);
        assert_eq!(heard, shown(Change::Nothing));
        assert!(g.save_activity("u-1", &record(1)).is_ok(), "not protected");
    }
}

#[test]
fn values_set_aside_another_format_and_cleared_storage_in_both_modules() {
    let (pages, first) = both();
    let mut held = Lists::example();
    for g in [&pages, &first] {
        // Set aside elsewhere: counted by both (the first module's count missed them).
        let key = format!("{QUARANTINE_PREFIX}{}", progress_key("u-1"));
        let used = g.used();
        assert_eq!(
            hear(g, held.held(), Some(&key), Some("{not json"), false),
            Heard {
                change: Change::Nothing,
                quarantine: true
            }
        );
        assert_eq!(g.used(), used + key.len() + "{not json".len());
        assert_eq!(
            hear(g, held.held(), None, None, false),
            shown(Change::Cleared)
        );
        assert_eq!(
            hear(g, held.held(), Some(SCHEMA_KEY), Some("3"), false),
            shown(Change::Nothing)
        );
        assert!(g.save_activity("u-1", &record(1)).is_ok());
        assert_eq!(
            hear(g, held.held(), Some(SCHEMA_KEY), Some("4"), false),
            shown(Change::ReadOnly)
        );
        assert!(g.save_activity("u-1", &record(2)).is_err(), "read-only");
        // Keys of no kind are not the app's.
        assert_eq!(
            hear(g, held.held(), Some("other"), Some("x"), false),
            shown(Change::Nothing)
        );
    }
}

#[test]
fn both_modules_start_with_the_same_lists_and_choice() {
    for selected in [None, Some("t:Team B"), Some("g:Gone"), Some("t:Gone")] {
        let backend = MemoryBackend::default();
        backend.set(SCHEMA_KEY, "3").unwrap();
        if let Some(s) = selected {
            backend.set(SELECTED_TEAM_KEY, s).unwrap();
        }
        backend.set(&progress_key("bad"), "{not json").unwrap();
        let first = Gateway::for_matrix(backend);
        let f = sync::load(&first, true);
        let pages = Gateway::new(MemoryBackend {
            data: first.backend().data.clone(),
            ..MemoryBackend::default()
        });
        let p = sync::load(&pages, false);
        let expect = match selected {
            Some("t:Team B") => Scope::Team("Team B".into()),
            Some("g:Gone") => Scope::All,
            _ => Scope::Team("Team A".into()),
        };
        assert_eq!((&f.scope, &p.scope), (&expect, &expect), "{selected:?}");
        assert_eq!(f.loaded.assessment, p.loaded.assessment);
        assert!(f.read && p.read);
        // The first module reports what it set aside; the pages module, which starts
        // after it, has nothing new to say.
        assert_eq!(f.problems.len(), 1, "{:?}", f.problems);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(f.first_visit(), p.first_visit());
    }
    let (pages, _) = both();
    let s = sync::load(&pages, true);
    assert!(s.first_visit() && s.problems.is_empty());
    assert_eq!(s.scope, Scope::Team("Team A".into()));
    // Set aside by an earlier load: said once more, as a count.
    let g = gateway();
    g.backend().set(&progress_key("bad"), "{not json").unwrap();
    g.load().unwrap();
    let s = sync::load(&g, true);
    assert_eq!(
        s.problems,
        ["1 stored values could not be read and are set aside; see the Import / export page."]
    );
}
