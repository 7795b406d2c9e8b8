//! The build-time half of the DSOMM app, run by its build.rs: obtains the pinned
//! model.yaml, checks its SHA-256 and its content, and writes the typed model as Rust
//! source into `OUT_DIR`, so the browser never parses YAML or markdown at start-up and
//! neither serde_yaml nor a markdown parser is compiled into the app.

pub mod codegen;
pub mod source;
pub mod text;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::{env, fs};

use dsomm_model_merge as merge;
use sha2::{Digest, Sha256};

/// The reference standards the app knows by name (reference-app.md §4.4); others are kept
/// as `References::other`.
pub const STANDARDS: [&str; 4] = ["samm2", "iso27001-2017", "iso27001-2022", "openCRE"];

fn fail(msg: &str) -> ! {
    eprintln!("\nerror: {msg}\n");
    panic!("{msg}");
}

fn pin(text: &str, key: &str) -> String {
    text.lines()
        .filter_map(|l| l.split_once('='))
        .find(|(k, _)| k.trim() == key)
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_else(|| fail(&format!("data/model.pin has no `{key}`")))
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn read_checked(path: &Path, want: &str) -> Vec<u8> {
    let bytes =
        fs::read(path).unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", path.display())));
    let got = sha256(&bytes);
    if got != want {
        fail(&format!(
            "{} has SHA-256 {got}, but data/model.pin pins {want}; refusing to build with an unpinned model",
            path.display()
        ));
    }
    bytes
}

/// The model file: `$DSOMM_MODEL`, else `../shared/dsomm-data/model.yaml` beside the
/// checkout, else `data/cache/`, else downloaded from the pinned URL; the SHA-256 is
/// checked in every case.
fn obtain(root: &Path) -> (PathBuf, String) {
    let pin_path = root.join("data/model.pin");
    println!("cargo:rerun-if-changed={}", pin_path.display());
    println!("cargo:rerun-if-env-changed=DSOMM_MODEL");
    let pin_text =
        fs::read_to_string(&pin_path).unwrap_or_else(|e| fail(&format!("data/model.pin: {e}")));
    let (version, url, want) = (
        pin(&pin_text, "version"),
        pin(&pin_text, "url"),
        pin(&pin_text, "sha256"),
    );
    let shared = root.join("../shared/dsomm-data/model.yaml");
    let cache = root.join(format!("data/cache/model-{version}.yaml"));
    let path = if let Ok(p) = env::var("DSOMM_MODEL") {
        PathBuf::from(p)
    } else if shared.exists() {
        shared
    } else {
        if !cache.exists() {
            fs::create_dir_all(cache.parent().unwrap()).ok();
            let tmp = cache.with_extension("part");
            let ok = Command::new("curl")
                .args(["-fsSL", "--retry", "2", "-o"])
                .arg(&tmp)
                .arg(&url)
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            if !ok {
                fail(&format!(
                    "the DSOMM model is not available: set DSOMM_MODEL to a copy of model.yaml v{version}, \
                     or put ../shared/dsomm-data/model.yaml beside the checkout; downloading {url} failed"
                ));
            }
            read_checked(&tmp, &want);
            fs::rename(&tmp, &cache).unwrap_or_else(|e| fail(&format!("{e}")));
        }
        cache
    };
    println!("cargo:rerun-if-changed={}", path.display());
    let bytes = read_checked(&path, &want);
    let text = String::from_utf8(bytes).unwrap_or_else(|_| fail("model.yaml is not UTF-8"));
    (path, text)
}

/// The custom activity files of `dir` (`*.yaml`, `*.yml`), in name order.
pub fn custom_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    files
}

/// The model of `text` (from `path`) with the custom activity files applied in order: each
/// file all or nothing, every problem named with the file and its place in it. Returns the
/// model and what each file changed.
pub fn with_custom(
    path: &Path,
    text: &str,
    custom: &[(PathBuf, String)],
) -> Result<(source::SourceModel, Vec<(PathBuf, merge::Report)>), String> {
    let (meta, mut tree) =
        source::parse_tree(text, false).map_err(|e| format!("{}: {e}", path.display()))?;
    let official = tree.clone();
    let mut reports = Vec::new();
    for (file, text) in custom {
        let (_, changes) = source::parse_tree(text, true)
            .map_err(|e| format!("custom activity file {}: {e}", file.display()))?;
        let report = merge::merge(&mut tree, &changes).map_err(|problems| {
            let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            format!(
                "custom activity file {}:\n  - {}",
                file.display(),
                lines.join("\n  - ")
            )
        })?;
        // Checked after each file, so a problem is named with the file that made it.
        source::check(&source::from_tree(meta.clone(), tree.clone())?).map_err(|errors| {
            format!(
                "custom activity file {}: the model it makes is not valid:\n  - {}",
                file.display(),
                errors.join("\n  - ")
            )
        })?;
        reports.push((file.clone(), report));
    }
    let mut model = source::from_tree(meta, tree.clone())?;
    model.origins = origins(&official, &tree);
    model.removed = removed(&official, &tree);
    Ok((model, reports))
}

/// The activities of `official` that `custom` no longer has: (uuid, name).
fn removed(official: &source::Tree, custom: &source::Tree) -> Vec<(String, String)> {
    let all = |t: &source::Tree| -> Vec<(String, String)> {
        let acts = t
            .dimensions
            .iter()
            .flat_map(|d| &d.subs)
            .flat_map(|s| &s.activities);
        acts.filter_map(|a| Some((a.uuid.clone()?, a.name.clone())))
            .collect()
    };
    let now: std::collections::HashSet<String> = all(custom).into_iter().map(|(u, _)| u).collect();
    all(official)
        .into_iter()
        .filter(|(u, _)| !now.contains(u))
        .collect()
}

/// The activities of `custom` that are not as in `official`: added (a uuid the official
/// model does not have) or changed (fields, name, dimension or sub-dimension).
fn origins(official: &source::Tree, custom: &source::Tree) -> HashMap<String, source::Origin> {
    let placed = |t: &source::Tree| {
        let mut out = HashMap::new();
        for d in &t.dimensions {
            for s in &d.subs {
                for a in &s.activities {
                    if let Some(u) = &a.uuid {
                        out.insert(
                            u.clone(),
                            (
                                d.name.clone(),
                                s.name.clone(),
                                a.name.clone(),
                                a.fields.clone(),
                            ),
                        );
                    }
                }
            }
        }
        out
    };
    let before = placed(official);
    let mut out = HashMap::new();
    for (uuid, now) in placed(custom) {
        match before.get(&uuid) {
            None => {
                out.insert(uuid, source::Origin::Added);
            }
            Some(was) if *was != now => {
                out.insert(uuid, source::Origin::Changed);
            }
            Some(_) => {}
        }
    }
    out
}

/// build.rs: obtains, checks and generates the model into `OUT_DIR`, with the custom
/// activity files of `data/custom/` applied.
pub fn run() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let (path, text) = obtain(&root);
    // `$DSOMM_CUSTOM_DIR` (relative to the checkout) instead: the test suite builds the app
    // once more with its own custom files.
    println!("cargo:rerun-if-env-changed=DSOMM_CUSTOM_DIR");
    let custom_dir = match env::var("DSOMM_CUSTOM_DIR") {
        Ok(d) if !d.is_empty() => root.join(d),
        _ => root.join("data/custom"),
    };
    println!("cargo:rerun-if-changed={}", custom_dir.display());
    let custom: Vec<(PathBuf, String)> = custom_files(&custom_dir)
        .into_iter()
        .map(|f| {
            let text = fs::read_to_string(&f)
                .unwrap_or_else(|e| fail(&format!("custom activity file {}: {e}", f.display())));
            (f, text)
        })
        .collect();
    let (source, reports) = with_custom(&path, &text, &custom).unwrap_or_else(|e| fail(&e));
    for (file, report) in &reports {
        let n = report.changes.len();
        println!(
            "cargo:warning=custom activity file {}: {n} changes",
            file.display()
        );
        for note in &report.notes {
            println!(
                "cargo:warning=custom activity file {}: {note}",
                file.display()
            );
        }
    }
    let checked = source::check(&source).unwrap_or_else(|errors| {
        let custom = if custom.is_empty() {
            String::new()
        } else {
            let files: Vec<String> = custom
                .iter()
                .map(|(f, _)| f.display().to_string())
                .collect();
            format!(" with the custom activity files {}", files.join(", "))
        };
        fail(&format!(
            "{}{custom} is not a valid DSOMM model:\n  - {}",
            path.display(),
            errors.join("\n  - ")
        ))
    });
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    for (name, code) in codegen::generate(&checked) {
        fs::write(out.join(name), code).unwrap_or_else(|e| fail(&format!("{name}: {e}")));
    }
    // A fixture model with every field, generated the same way for the app's host tests.
    let fixture = root.join("tests/fixtures/model.yaml");
    println!("cargo:rerun-if-changed={}", fixture.display());
    let text = fs::read_to_string(&fixture)
        .unwrap_or_else(|e| fail(&format!("{}: {e}", fixture.display())));
    let source =
        source::parse(&text).unwrap_or_else(|e| fail(&format!("{}: {e}", fixture.display())));
    let checked = source::check(&source)
        .unwrap_or_else(|e| fail(&format!("{}: {}", fixture.display(), e.join("; "))));
    fs::create_dir_all(out.join("fixture")).ok();
    for (name, code) in codegen::generate(&checked) {
        fs::write(out.join("fixture").join(name), code)
            .unwrap_or_else(|e| fail(&format!("fixture {name}: {e}")));
    }
    // The same with a custom activity file, for the host tests of custom activities.
    let custom_fixture = root.join("tests/fixtures/custom.yaml");
    println!("cargo:rerun-if-changed={}", custom_fixture.display());
    let custom_text = fs::read_to_string(&custom_fixture)
        .unwrap_or_else(|e| fail(&format!("{}: {e}", custom_fixture.display())));
    let (source, _) =
        with_custom(&fixture, &text, &[(custom_fixture, custom_text)]).unwrap_or_else(|e| fail(&e));
    let checked = source::check(&source).unwrap_or_else(|e| fail(&e.join("; ")));
    fs::create_dir_all(out.join("fixture_custom")).ok();
    for (name, code) in codegen::generate(&checked) {
        fs::write(out.join("fixture_custom").join(name), code)
            .unwrap_or_else(|e| fail(&format!("custom fixture {name}: {e}")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = "Dim:\n  Sub:\n    First: {uuid: u-1, level: 1, description: one, references: {iso27001-2022: [5.10]}}\n    Second: {uuid: u-2, level: 2, dependsOn: [u-1]}\n";

    fn apply(
        files: &[(&str, &str)],
    ) -> Result<(source::SourceModel, Vec<(PathBuf, merge::Report)>), String> {
        let custom: Vec<(PathBuf, String)> = files
            .iter()
            .map(|(f, t)| (PathBuf::from(f), t.to_string()))
            .collect();
        with_custom(Path::new("model.yaml"), MODEL, &custom)
    }

    #[test]
    fn custom_files_apply_in_order_and_keep_what_they_do_not_name() {
        let (m, reports) = apply(&[
            (
                "a.yaml",
                "Dim:\n  Sub:\n    Renamed: {uuid: u-1, level: 3}\n",
            ),
            (
                "b.yaml",
                "Ours:\n  Mine:\n    Own: {uuid: u-9, level: 1, dependsOn: [Renamed]}\n",
            ),
        ])
        .unwrap();
        let checked = source::check(&m).unwrap();
        let names: Vec<&str> = checked.activities.iter().map(|a| a.name).collect();
        assert_eq!(names, ["Renamed", "Second", "Own"]);
        let renamed = checked.activities[0].raw;
        assert_eq!(renamed.level, Some(3));
        assert_eq!(
            renamed.description.as_deref(),
            Some("one"),
            "not named: kept"
        );
        let refs = &renamed.references.as_ref().unwrap().0[0].1;
        assert_eq!(refs.as_deref().unwrap(), ["5.10"], "kept as written");
        assert_eq!(
            checked.activities[2].depends_on,
            [0],
            "a custom activity depends on a renamed one"
        );
        assert_eq!(reports.len(), 2);
        let origin = |n: &str| {
            checked
                .activities
                .iter()
                .find(|a| a.name == n)
                .unwrap()
                .origin
        };
        assert_eq!(origin("Renamed"), source::Origin::Changed);
        assert_eq!(origin("Second"), source::Origin::Official);
        assert_eq!(origin("Own"), source::Origin::Added);
        assert!(m.removed.is_empty());
        let (m, _) = apply(&[("gone.yaml", "Dim:\n  Sub:\n    Second: {ignore: true}\n")]).unwrap();
        assert_eq!(m.removed, [("u-2".to_string(), "Second".to_string())]);
    }

    #[test]
    fn a_bad_custom_file_fails_naming_the_file_the_activity_and_the_problem() {
        let e = apply(&[("bad.yaml", "Dim:\n  Sub:\n    Second: {uuid: u-7}\n")]).unwrap_err();
        assert!(e.contains("custom activity file bad.yaml"), "{e}");
        assert!(e.contains("Dim / Sub / Second: the activity “Second” exists with a different uuid (u-2, here u-7)"), "{e}");
        let e = apply(&[(
            "cycle.yaml",
            "Dim:\n  Sub:\n    First: {uuid: u-1, dependsOn: [Second]}\n",
        )])
        .unwrap_err();
        assert!(
            e.contains("custom activity file cycle.yaml: the model it makes is not valid"),
            "{e}"
        );
        assert!(e.contains("dependency cycle"), "{e}");
        let e = apply(&[(
            "level.yaml",
            "Dim:\n  Sub:\n    New: {uuid: u-8, level: 9}\n",
        )])
        .unwrap_err();
        assert!(
            e.contains("activity 'New' (Dim / Sub): level 9 is out of range 1-5"),
            "{e}"
        );
        let e = apply(&[("shape.yaml", "- a list\n")]).unwrap_err();
        assert!(
            e.contains("custom activity file shape.yaml: activities document"),
            "{e}"
        );
        let e = apply(&[("gone.yaml", "Dim:\n  Sub:\n    First: {ignore: true}\n")]).unwrap_err();
        assert!(
            e.contains("activity 'Second' depends on 'u-1', which is not an activity"),
            "{e}"
        );
    }

    #[test]
    fn ignore_markers_only_in_custom_files() {
        let e = with_custom(Path::new("model.yaml"), "Dim:\n  ignore: true\n", &[]).unwrap_err();
        assert!(e.contains("`ignore` is for custom activity files"), "{e}");
    }

    /// The reference app's sample custom file over the pinned model (both from the local
    /// mirror beside the checkout, as the build reads them).
    #[test]
    fn the_reference_sample_applies_to_the_pinned_model() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/dsomm-data");
        let (Ok(model), Ok(sample)) = (
            fs::read_to_string(dir.join("model.yaml")),
            fs::read_to_string(dir.join("custom-activities.yaml")),
        ) else {
            panic!("the model mirror is missing at {}", dir.display());
        };
        let custom = [(PathBuf::from("custom-activities.yaml"), sample)];
        let (m, reports) = with_custom(Path::new("model.yaml"), &model, &custom).unwrap();
        let checked = source::check(&m).unwrap();
        assert_eq!(
            checked.activities.len(),
            195,
            "194, one added, SBOM removed and re-added"
        );
        let by_uuid = |u: &str| {
            checked
                .activities
                .iter()
                .find(|a| a.raw.uuid.as_deref() == Some(u))
                .unwrap()
        };
        let ours = by_uuid("f6f7737f-25a9-4317-8de2-09bf59f29b5b");
        assert_eq!(ours.name, "Defined OUR build process");
        assert_eq!(ours.level, 1, "a partial override keeps the level");
        assert!(ours.raw.risk.is_some(), "and the risk");
        let sbom = by_uuid("2858ac12-0179-40d9-9acf-1b839c030473");
        assert_eq!(sbom.name, "Re-classify SBOM activity to CUSTOM dimension");
        assert_eq!(checked.dimensions.last().unwrap().0, "New CUSTOM dimension");
        let text: Vec<String> = reports[0].1.changes.iter().map(|c| c.to_string()).collect();
        assert!(
            text.contains(
                &"removed: Build and Deployment / Build / SBOM of components".to_string()
            ),
            "{text:?}"
        );
        assert!(
            text.contains(&"added: Build and Deployment / Build / New CUSTOM activity".to_string()),
            "{text:?}"
        );
    }
}
