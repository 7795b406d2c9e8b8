//! The storage gateway against the browser's real localStorage (headless Chromium).
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;

use dsomm::browser::LocalStorageBackend;
use dsomm::domain::assessment::date::Date;
use dsomm::domain::assessment::evidence::Evidence;
use dsomm::domain::assessment::progress::TeamProgress;
use dsomm::domain::assessment::ActivityProgress;
use dsomm::domain::storage::{
    progress_key, Backend, Batch, Gateway, StorageError, Stored, LEGACY_PROGRESS_PREFIX,
    LEGACY_TEAMS_KEY, QUARANTINE_PREFIX, SCHEMA_KEY, TEAMS_KEY,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn clear() {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
}

/// Fills localStorage to the brim with filler keys.
fn fill(b: &LocalStorageBackend) {
    let chunk = "x".repeat(512 * 1024);
    let mut i = 0;
    while b.set(&format!("filler.{i}"), &chunk).is_ok() {
        i += 1;
        assert!(i < 200, "localStorage never filled up");
    }
    let small = "y".repeat(1024);
    while b.set(&format!("filler.small.{i}"), &small).is_ok() {
        i += 1;
    }
}

fn record(team: &str, day: u8) -> ActivityProgress {
    let r = TeamProgress::from_dates(BTreeMap::from([(
        "Started".to_string(),
        Date::new(2025, 6, day).unwrap(),
    )]));
    let mut p = ActivityProgress::new();
    p.insert(team.into(), r);
    p
}

#[wasm_bindgen_test]
fn progress_survives_a_new_gateway() {
    clear();
    let g = Gateway::new(LocalStorageBackend::new());
    g.load().unwrap();
    g.save_activity("u-1", &record("O'Brien: \"ops\"", 4))
        .unwrap();
    g.save_teams(&["O'Brien: \"ops\"".to_string()]).unwrap();
    let again = Gateway::new(LocalStorageBackend::new()).load().unwrap();
    assert_eq!(
        again.assessment.progress["u-1"],
        record("O'Brien: \"ops\"", 4)
    );
    assert_eq!(again.assessment.teams, vec!["O'Brien: \"ops\"".to_string()]);
    assert!(again.problems.is_empty());
}

#[wasm_bindgen_test]
fn corrupted_values_are_set_aside_not_dropped() {
    clear();
    let b = LocalStorageBackend::new();
    b.set("dsomm.schema", "3").unwrap();
    b.set(
        &progress_key("u-2"),
        "{\"Team A\": {\"Started\": \"yesterday\"}}",
    )
    .unwrap();
    b.set(TEAMS_KEY, "not json").unwrap();
    let g = Gateway::new(b);
    let l = g.load().unwrap();
    assert_eq!(l.problems.len(), 2, "{:?}", l.problems);
    assert!(l.assessment.progress.is_empty());
    let b = g.backend();
    assert_eq!(b.get(&progress_key("u-2")).unwrap(), None);
    assert_eq!(
        b.get(&format!("{QUARANTINE_PREFIX}{}", progress_key("u-2")))
            .unwrap()
            .as_deref(),
        Some("{\"Team A\": {\"Started\": \"yesterday\"}}")
    );
    assert_eq!(
        b.get(&format!("{QUARANTINE_PREFIX}{TEAMS_KEY}"))
            .unwrap()
            .as_deref(),
        Some("not json")
    );
}

#[wasm_bindgen_test]
fn a_full_storage_reports_quota_and_keeps_the_old_value() {
    clear();
    let g = Gateway::new(LocalStorageBackend::new());
    g.load().unwrap();
    g.save_activity("u-3", &record("Team A", 1)).unwrap();
    fill(g.backend());
    let mut big = record("Team A", 2);
    for t in 0..50 {
        big.insert(
            format!("Team {t} with a long name to need more space"),
            record("x", 2)["x"].clone(),
        );
    }
    assert_eq!(
        g.save_activity("u-3", &big),
        Err(StorageError::QuotaExceeded)
    );
    assert_eq!(
        g.load().unwrap().assessment.progress["u-3"],
        record("Team A", 1)
    );
    clear();
}

fn evidence(id: &str, title: &str) -> Evidence {
    Evidence {
        id: id.into(),
        teams: vec!["Team A".into()],
        title: title.into(),
        description: "Line 1\n**bold** \"quoted\" é 🚀".into(),
        recorded: Date::new(2025, 6, 1).unwrap(),
        reviewer: String::new(),
        attachments: Vec::new(),
    }
}

#[wasm_bindgen_test]
fn evidence_survives_a_new_gateway_and_a_full_batch_changes_nothing() {
    clear();
    let g = Gateway::new(LocalStorageBackend::new());
    g.load().unwrap();
    g.save_evidence("u-4", &[evidence("e1", "First")]).unwrap();
    let again = Gateway::new(LocalStorageBackend::new()).load().unwrap();
    assert_eq!(
        again.assessment.evidence["u-4"],
        vec![evidence("e1", "First")]
    );

    // Fill the storage, then try a batch of progress and evidence: nothing changes.
    fill(g.backend());
    let big: Vec<Evidence> = (0..40)
        .map(|n| evidence(&format!("e{n}"), &"long title ".repeat(20)))
        .collect();
    let values = [
        Stored::Progress("u-5".to_string(), record("Team A", 3)),
        Stored::Evidence("u-4".to_string(), big),
    ];
    let batch = Batch {
        teams: None,
        values: &values,
    };
    assert!(g.save_many(&batch).is_err());
    let after = g.load().unwrap();
    assert_eq!(
        after.assessment.evidence["u-4"],
        vec![evidence("e1", "First")]
    );
    assert!(
        !after.assessment.progress.contains_key("u-5"),
        "rolled back"
    );
    clear();
}

/// A write tells the tab's other wasm module which keys changed: once, when the writing
/// code has returned (never in the middle of a batch), each key once.
#[wasm_bindgen_test]
async fn writes_are_announced_once_after_the_writing_code_returns() {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::{closure::Closure, JsCast};

    clear();
    let window = web_sys::window().unwrap();
    let seen: Rc<RefCell<Vec<Vec<String>>>> = Rc::default();
    let record = seen.clone();
    let listener =
        Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |ev: web_sys::CustomEvent| {
            let keys = js_sys::Reflect::get(&ev.detail(), &"keys".into()).unwrap();
            let keys = js_sys::Array::from(&keys);
            record
                .borrow_mut()
                .push(keys.iter().filter_map(|k| k.as_string()).collect());
        });
    window
        .add_event_listener_with_callback("dsomm-stored", listener.as_ref().unchecked_ref())
        .unwrap();
    let b = LocalStorageBackend::new();
    b.set("dsomm.test.a", "1").unwrap();
    b.set("dsomm.test.b", "2").unwrap();
    b.set("dsomm.test.a", "3").unwrap();
    b.remove("dsomm.test.b").unwrap();
    assert!(
        seen.borrow().is_empty(),
        "announced while the writing task still runs"
    );
    let later = js_sys::Promise::new(&mut |resolve, _| {
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(later).await.unwrap();
    assert_eq!(
        *seen.borrow(),
        vec![vec!["dsomm.test.a".to_string(), "dsomm.test.b".to_string()]]
    );
    window
        .remove_event_listener_with_callback("dsomm-stored", listener.as_ref().unchecked_ref())
        .unwrap();
    clear();
}

/// Every key and value in localStorage now.
fn everything(b: &LocalStorageBackend) -> BTreeMap<String, String> {
    b.keys()
        .unwrap()
        .into_iter()
        .map(|k| {
            let v = b.get(&k).unwrap().unwrap();
            (k, v)
        })
        .collect()
}

/// A schema-2 store as the landed versions wrote it: `teams` teams with a dated state on
/// each of `acts` activities.
fn legacy_store(b: &LocalStorageBackend, teams: usize, acts: usize) {
    b.set(SCHEMA_KEY, "2").unwrap();
    let names: Vec<String> = (0..teams).map(|i| format!("\"Team {i}\"")).collect();
    b.set(LEGACY_TEAMS_KEY, &format!("[{}]", names.join(",")))
        .unwrap();
    for a in 0..acts {
        let records: Vec<String> = names
            .iter()
            .map(|n| {
                format!(
                    "{n}:{{\"Started\":\"2025-01-0{}\",\"Partly implemented\":\"2025-03-01\"}}",
                    1 + a % 9
                )
            })
            .collect();
        b.set(
            &format!("{LEGACY_PROGRESS_PREFIX}u-{a}"),
            &format!("{{{}}}", records.join(",")),
        )
        .unwrap();
    }
}

#[wasm_bindgen_test]
fn a_schema_2_store_becomes_schema_3_in_real_local_storage() {
    clear();
    let b = LocalStorageBackend::new();
    legacy_store(&b, 3, 4);
    let g = Gateway::new(LocalStorageBackend::new());
    let l = g.load().unwrap();
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    assert_eq!(l.assessment.teams.len(), 3);
    assert_eq!(l.assessment.progress.len(), 4);
    let after = everything(&b);
    assert_eq!(after[SCHEMA_KEY], "3");
    assert!(after.contains_key(TEAMS_KEY) && after.contains_key(&progress_key("u-3")));
    assert!(!after.contains_key(LEGACY_TEAMS_KEY));
    assert!(!after.keys().any(|k| k.starts_with(LEGACY_PROGRESS_PREFIX)));
    let again = Gateway::new(LocalStorageBackend::new()).load().unwrap();
    assert_eq!(again.assessment, l.assessment);
    clear();
}

#[wasm_bindgen_test]
fn a_full_storage_mid_migration_loses_nothing_and_says_so() {
    clear();
    let b = LocalStorageBackend::new();
    legacy_store(&b, 30, 20);
    fill(&b);
    let before = everything(&b);
    let g = Gateway::new(LocalStorageBackend::new());
    let l = g.load().unwrap();
    assert_eq!(everything(&b), before, "storage exactly as it was");
    assert_eq!(l.assessment.progress.len(), 20, "shown from the old values");
    assert_eq!(l.assessment.teams.len(), 30);
    assert!(
        l.problems
            .iter()
            .any(|p| p.contains("could not be upgraded") && p.contains("full")),
        "{:?}",
        l.problems
    );
    assert!(matches!(
        g.save_activity("u-0", &record("\"Team 0\"", 1)),
        Err(StorageError::Protected(_))
    ));
    clear();
}
