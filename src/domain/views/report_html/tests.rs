use super::*;
use crate::domain::assessment::evidence::{Attachment, AttachmentKind, Evidence};
use crate::domain::assessment::report::Which;
use crate::domain::model::MODEL;

#[test]
fn the_report_escapes_user_text_and_links_only_safe_urls() {
    let defs = ProgressDefs::default();
    let b = MODEL.activity_by_name("Defined build process").unwrap();
    let team = "<img src=x onerror=alert(1)>".to_string();
    let d = Date::new(2025, 5, 6).unwrap();
    let mut progress = vec![ActivityProgress::new(); MODEL.activities.len()];
    progress[b].entry(team.clone()).or_default().set_status(
        &defs,
        Status::State(defs.completed()),
        d,
    );
    let mut evidence = EvidenceStore::new();
    evidence.insert(
        MODEL.activities[b].uuid.into(),
        vec![Evidence {
            id: "e".into(),
            teams: vec![team.clone()],
            title: "<script>x</script>".into(),
            description: "[a](javascript:alert(1)) <b>".into(),
            recorded: d,
            reviewer: "\"Jane\"".into(),
            attachments: vec![Attachment {
                kind: AttachmentKind::Link,
                url: "https://jira.example.com/A-1?x=<y>".into(),
            }],
        }],
    );
    let config = ReportConfig {
        which: Which::Implemented,
        fields: ReportField::ALL.to_vec(),
        ..ReportConfig::default()
    };
    let teams = vec![team];
    let get: Vec<&ActivityProgress> = progress.iter().collect();
    let date = |d: Date| d.to_string();
    let Report {
        activities: count,
        html: h,
        ..
    } = report(&ReportInput {
        model: &MODEL,
        config: &config,
        teams: &teams,
        progress: &get,
        evidence: &evidence,
        defs: &defs,
        date: &date,
        today: d,
    });
    assert_eq!(count, 1);
    assert!(!h.contains("<img") && !h.contains("<script") && !h.contains("<b>"));
    assert!(h.contains(
        "&lt;img src=x onerror=alert(1)&gt;: </span>● Fully implemented since 2025-05-06"
    ));
    assert!(!h.contains("href=\"javascript"));
    assert!(h.contains("href=\"https://jira.example.com/A-1?x=&lt;y&gt;\""));
    assert!(h.contains("reviewed by &quot;Jane&quot;"));
    assert_eq!(h.matches("<section class=\"report__dimension\"").count(), 1);
    for f in ReportField::ALL {
        if f != ReportField::ImplementationGuide {
            assert!(h.contains(&format!("<h5>{}</h5>", f.label())), "{f:?}");
        }
    }
}

#[test]
fn a_report_for_many_teams_counts_them_per_state_and_sums_the_summary() {
    let defs = ProgressDefs::default();
    let b = MODEL.activity_by_name("Defined build process").unwrap();
    let d = Date::new(2025, 5, 6).unwrap();
    let teams: Vec<String> = (0..=TEAMS_LISTED).map(|i| format!("T{i}")).collect();
    let mut progress = vec![ActivityProgress::new(); MODEL.activities.len()];
    for (k, t) in teams.iter().enumerate().take(3) {
        let state = if k == 0 { defs.completed() } else { 1 };
        progress[b]
            .entry(t.clone())
            .or_default()
            .set_status(&defs, Status::State(state), d);
    }
    let config = ReportConfig::default();
    let get: Vec<&ActivityProgress> = progress.iter().collect();
    let date = |d: Date| d.to_string();
    let input = ReportInput {
        model: &MODEL,
        config: &config,
        teams: &teams,
        progress: &get,
        evidence: &EvidenceStore::new(),
        defs: &defs,
        date: &date,
        today: d,
    };
    let h = report(&input).html;
    assert!(h.contains("<li>● Fully implemented: 1 team</li><li>◔ Started: 2 teams</li><li>○ Not implemented: 28 teams</li>"));
    assert!(!h.contains("report__team"), "no line per team");
    let dims = MODEL.dimensions.len();
    assert_eq!(h.matches("All 31 teams").count(), dims);
    assert_eq!(h.matches("rowspan=\"1\"").count(), dims);
    // One team fewer: a line per team again.
    let h = report(&ReportInput {
        teams: &teams[..TEAMS_LISTED],
        ..input
    })
    .html;
    assert!(
        h.contains("<span class=\"report__team\">T0: </span>● Fully implemented since 2025-05-06")
    );
    assert!(!h.contains("All 30 teams"));
}

/// Twelve activities spread over the model with progress (Team A; Team B on every
/// second), two of them with evidence of Team A.
fn sample(defs: &ProgressDefs) -> (Vec<ActivityProgress>, EvidenceStore) {
    let d = Date::new(2025, 5, 6).unwrap();
    let n = MODEL.activities.len();
    let mut progress = vec![ActivityProgress::new(); n];
    let mut evidence = EvidenceStore::new();
    for k in 0..12 {
        let i = k * n / 12;
        let mut set = |team: &str, state| {
            progress[i]
                .entry(team.into())
                .or_default()
                .set_status(defs, Status::State(state), d);
        };
        set("Team A", [1, 2, 3][k % 3]);
        if k % 2 == 0 {
            set("Team B", 1);
        }
        if k < 2 {
            evidence.insert(
                MODEL.activities[i].uuid.into(),
                vec![Evidence {
                    id: format!("e{i}"),
                    teams: vec!["Team A".into()],
                    title: "Pipeline reviewed".into(),
                    description: "See [the wiki](https://wiki.example.com/build) for the review notes of the pipeline and its stages.".into(),
                    recorded: d,
                    reviewer: "Jane".into(),
                    attachments: vec![Attachment {
                        kind: AttachmentKind::Link,
                        url: "https://jira.example.com/A-1".into(),
                    }],
                }],
            );
        }
    }
    (progress, evidence)
}

/// Reports of [`sample`] and the pages Chromium 156 printed them on (A4, the print
/// styles of style/app.css and style/pages.css, `chromium --headless --print-to-pdf`,
/// pages counted in the PDF): (name, configuration, teams, pages printed).
fn calibration() -> Vec<(&'static str, ReportConfig, Vec<String>, usize)> {
    let four: Vec<String> = ["Team A", "Team B", "Team C", "Team D"]
        .map(String::from)
        .to_vec();
    let one = four[..1].to_vec();
    let forty: Vec<String> = (0..40).map(|i| format!("Squad {i}")).collect();
    let all = |fields: Vec<ReportField>, max_level| ReportConfig {
        which: Which::All,
        fields,
        max_level,
        ..ReportConfig::default()
    };
    let d = ReportConfig::default().fields;
    vec![
        ("touched, 4 teams", ReportConfig::default(), four.clone(), 9),
        ("touched, 1 team", ReportConfig::default(), one.clone(), 8),
        (
            "touched, all fields",
            ReportConfig {
                fields: ReportField::ALL.to_vec(),
                ..ReportConfig::default()
            },
            four.clone(),
            14,
        ),
        (
            "touched, 40 teams",
            ReportConfig::default(),
            forty.clone(),
            1,
        ),
        ("all, 4 teams", all(d.clone(), 5), four.clone(), 91),
        (
            "all, 1 team, all fields",
            all(ReportField::ALL.to_vec(), 5),
            one.clone(),
            121,
        ),
        ("all, no fields, level 2", all(vec![], 2), four.clone(), 16),
        ("all, no fields", all(vec![], 5), four.clone(), 35),
        ("all, 1 team, no fields", all(vec![], 5), one.clone(), 20),
        (
            "all, 40 teams, no fields",
            all(vec![], 5),
            forty.clone(),
            20,
        ),
        (
            "all, 1 team, description",
            all(vec![ReportField::Description], 5),
            one.clone(),
            31,
        ),
        (
            "all, 1 team, references",
            all(vec![ReportField::References], 5),
            one,
            52,
        ),
        ("all, 40 teams, level 3", all(d, 3), forty, 58),
    ]
}

/// The report of [`sample`] with `config` for `teams` (the calibration's one input).
fn sample_report(config: &ReportConfig, teams: &[String]) -> Report {
    let defs = ProgressDefs::default();
    let (progress, evidence) = sample(&defs);
    let get: Vec<&ActivityProgress> = progress.iter().collect();
    report(&ReportInput {
        model: &MODEL,
        config,
        teams,
        progress: &get,
        evidence: &evidence,
        defs: &defs,
        date: &|d: Date| d.to_string(),
        today: Date::new(2025, 5, 6).unwrap(),
    })
}

#[test]
fn the_page_estimate_is_close_to_what_chromium_prints() {
    for (name, config, teams, printed) in calibration() {
        let r = sample_report(&config, &teams);
        let off = r.pages.abs_diff(printed);
        assert!(
            off <= 1 || off * 4 <= printed,
            "{name}: estimated {}, printed {printed}",
            r.pages
        );
    }
}

#[test]
fn the_page_estimate_counts_a_page_per_dimension_and_grows_with_the_content() {
    let defs = ProgressDefs::default();
    let (progress, evidence) = sample(&defs);
    let get: Vec<&ActivityProgress> = progress.iter().collect();
    let date = |d: Date| d.to_string();
    let teams = vec!["Team A".to_string()];
    let pages = |config: &ReportConfig, teams: &[String]| {
        let input = ReportInput {
            model: &MODEL,
            config,
            teams,
            progress: &get,
            evidence: &evidence,
            defs: &defs,
            date: &date,
            today: Date::new(2025, 5, 6).unwrap(),
        };
        let listed = sections(&MODEL, config, teams, &get, &evidence, &defs);
        (report(&input).pages, listed.len())
    };
    // Nothing listed: the front page.
    assert_eq!(pages(&ReportConfig::default(), &[]), (1, 0));
    let (touched, dims) = pages(&ReportConfig::default(), &teams);
    assert!(
        touched > dims,
        "the front, then each dimension on its own pages"
    );
    let mut more = ReportConfig::default();
    more.set_field(ReportField::Risk, true);
    more.set_field(ReportField::Measure, true);
    assert!(pages(&more, &teams).0 >= touched);
    let all = ReportConfig {
        which: Which::All,
        ..ReportConfig::default()
    };
    assert!(pages(&all, &teams).0 > 5 * touched);
}

/// Writes the reports of [`calibration`] as pages to print, into the folder
/// `DSOMM_CALIBRATION` names: `cargo test --lib report_html -- --ignored`, then
/// `chromium --headless --no-pdf-header-footer --print-to-pdf=x.pdf x.html` and count
/// the pages (`pdfinfo`); the figures in [`calibration`] come from it.
#[test]
#[ignore]
fn write_calibration_pages() {
    let dir = std::env::var("DSOMM_CALIBRATION").unwrap_or("/tmp/dsomm-calibration".into());
    std::fs::create_dir_all(&dir).unwrap();
    let style = concat!(env!("CARGO_MANIFEST_DIR"), "/style");
    for (name, config, teams, _) in calibration() {
        let r = sample_report(&config, &teams);
        let page = format!("<!doctype html><html lang=en><head><meta charset=utf-8><link rel=stylesheet href=\"file://{style}/app.css\"><link rel=stylesheet href=\"file://{style}/pages.css\"></head><body><main><section class=\"page page--wide\"><div class=\"report\">{}</div></section></main></body></html>", r.html);
        std::fs::write(
            format!("{dir}/{}.html", name.replace([' ', ','], "_")),
            page,
        )
        .unwrap();
        println!("{name}: estimated {} pages", r.pages);
    }
}
