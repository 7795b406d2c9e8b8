//! How full storage is.

use std::collections::BTreeMap;

use crate::domain::assessment::date::Date;
use crate::domain::assessment::ActivityProgress;
use crate::domain::storage::*;
use crate::domain::test_support::*;

/// Issue 10's bar: 1000 teams × 194 activities, each team having reached two states
/// (uploaded on another day than they were reached), stored in at most 80 % of the quota.
#[test]
fn a_thousand_teams_with_two_states_each_fit_in_80_percent() {
    let teams: Vec<String> = (0..1000).map(|i| format!("Team {i:04}")).collect();
    let g = Gateway::new(MemoryBackend {
        limit: Some(QUOTA * WARN_PERCENT / 100),
        ..Default::default()
    });
    g.load().unwrap();
    g.save_teams(&teams).unwrap();
    let upload = Date::new(2026, 11, 30).unwrap();
    let mut progress = BTreeMap::new();
    for a in crate::domain::model::MODEL.activities {
        let mut p = ActivityProgress::new();
        for t in &teams {
            let mut r = crate::domain::assessment::progress::TeamProgress::default();
            let dates = BTreeMap::from([
                ("Started".to_string(), Date::new(2025, 1, 10).unwrap()),
                (
                    "Partly implemented".to_string(),
                    Date::new(2025, 6, 1).unwrap(),
                ),
            ]);
            r.change_to(&dates, upload);
            p.insert(t.clone(), r);
        }
        progress.insert(a.uuid.to_string(), p);
    }
    g.save_progress(&progress).unwrap();
    let used = g.backend().used();
    assert_eq!(g.used(), used, "the gateway's count is what is stored");
    assert!(used <= QUOTA * 80 / 100, "{used}");
    eprintln!(
        "1000 teams × 194 activities × 2 states: {used} characters ({} % of the quota)",
        used * 100 / QUOTA
    );
    assert_eq!(g.load().unwrap().assessment.progress, progress);
}

#[test]
fn storage_over_80_percent_is_warned_of() {
    assert_eq!(
        usage_text(3_714_482),
        "Your assessment uses 70.8 % of the space this browser gives the app."
    );
    assert_eq!(usage_detail(12), "12 of 5,242,880 characters");
    assert!(usage_text(12).contains("uses less than 0.1 % of"));
    assert!(usage_text(0).contains("uses none of"));
    assert!(usage_text(QUOTA / 1000 + 1).contains("uses 0.1 % of"));
    // Rounded down, as the warning's percent: no "80.0 %" without the warning.
    assert!(usage_text(QUOTA * 80 / 100 - 1).contains("79.9 %"));
    assert!(usage_text(QUOTA).contains("100.0 %"));
    assert_eq!(usage_warning(QUOTA * 79 / 100), None);
    let w = usage_warning(QUOTA * 80 / 100 + 1).unwrap();
    assert!(
        w.contains("80 % full") && w.contains("Download your assessment"),
        "{w}"
    );
    assert!(usage_warning(QUOTA).unwrap().contains("100 % full"));
    // The count follows writes, removals and other tabs' writes.
    let g = gateway();
    g.save_activity("u", &record(1)).unwrap();
    g.accept(&progress_key("v"), Some("[]")).unwrap().unwrap();
    assert_eq!(g.used(), g.backend().used() + progress_key("v").len() + 2);
    g.save_activity("u", &ActivityProgress::new()).unwrap();
    g.accept(&progress_key("v"), None);
    assert_eq!(g.used(), "dsomm.schema".len() + 1);
}

#[test]
fn the_warning_comes_each_time_the_count_goes_over_the_mark_whoever_wrote() {
    let (under, over) = (QUOTA * 79 / 100, QUOTA * 81 / 100);
    assert_eq!(usage_crossed(under, over), usage_warning(over));
    assert!(usage_crossed(0, over).is_some(), "at start-up");
    assert_eq!(usage_crossed(over, over + 10), None, "not again while over");
    assert_eq!(usage_crossed(over, under), None);
    assert_eq!(usage_crossed(0, under), None);
}
