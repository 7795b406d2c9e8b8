//! The direction of imports (README "Where things live"), checked on the source: pages →
//! components → app state → domain; inside the domain, the assessment rules never read a
//! file format or the YAML reader, and storage is never imported by the formats it stores.
//! A `use` that breaks one fails here with the file and line.

#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !is_test_file(&path) {
            out.push(path);
        }
    }
}

/// A file of tests beside its module (`tests.rs`, `*_tests.rs`, or in a `tests` folder).
fn is_test_file(path: &Path) -> bool {
    let name = path.file_stem().and_then(|n| n.to_str()).unwrap_or("");
    name == "tests"
        || name.ends_with("_tests")
        || name == "test_support"
        || path.parent().is_some_and(|p| p.ends_with("tests"))
}

/// Every path a file names from the crate, as an absolute `crate::` path with its line: the
/// `use` trees (grouped, `super::` and `self::` resolved from the file's module) and paths
/// written out in code. Tests are left out (an inline `mod tests { … }` at the end of a file,
/// and test files): a test may check one layer through another.
fn crate_paths(module: &[String], text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let code: Vec<String> = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or("").to_string())
        .collect();
    // `use` statements, which may span lines.
    let mut n = 0;
    while n < code.len() {
        if code[n].trim_start().starts_with("mod tests {") {
            break;
        }
        let line = code[n].trim_start();
        let line = line
            .strip_prefix("pub(crate) ")
            .or(line.strip_prefix("pub "))
            .unwrap_or(line);
        if let Some(rest) = line.strip_prefix("use ") {
            let first = n + 1;
            let mut tree = rest.to_string();
            while !tree.contains(';') && n + 1 < code.len() {
                n += 1;
                tree.push(' ');
                tree.push_str(&code[n]);
            }
            // Spaces only where they mean something (`x as y`).
            let tree = tree.split(';').next().unwrap_or("");
            let tree = tree.split_whitespace().collect::<Vec<_>>().join(" ");
            let tree = ["::", "{", "}", ","].iter().fold(tree, |t, sep| {
                t.replace(&format!(" {sep}"), sep)
                    .replace(&format!("{sep} "), sep)
            });
            for path in expand(&tree) {
                if let Some(abs) = absolute(module, &path) {
                    found.push((first, abs));
                }
            }
        } else {
            // Paths written out in code.
            let mut rest = code[n].as_str();
            while let Some(at) = rest.find("crate::") {
                let tail = &rest[at..];
                let end = tail
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    .unwrap_or(tail.len());
                found.push((n + 1, tail[..end].trim_end_matches(':').to_string()));
                rest = &tail[end..];
            }
        }
        n += 1;
    }
    found
}

/// The paths of a use tree without spaces: `a::{b::c, d}` → `a::b::c`, `a::d`.
fn expand(tree: &str) -> Vec<String> {
    let Some(open) = tree.find('{') else {
        return vec![tree.split(" as ").next().unwrap_or(tree).trim().to_string()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    // Split the braces' content at top-level commas.
    let (mut parts, mut depth, mut from) = (Vec::new(), 0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[from..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(expand)
        .map(|p| match p.as_str() {
            "self" => prefix.trim_end_matches("::").to_string(),
            _ => format!("{prefix}{p}"),
        })
        .collect()
}

/// `path` as seen from `module` (`["domain", "assessment", "teams"]`), as `crate::…`; None
/// for other crates' paths.
fn absolute(module: &[String], path: &str) -> Option<String> {
    let mut parts: Vec<&str> = path.split("::").collect();
    let mut base: Vec<String> = match *parts.first()? {
        "crate" => {
            parts.remove(0);
            Vec::new()
        }
        "self" => {
            parts.remove(0);
            module.to_vec()
        }
        "super" => module.to_vec(),
        _ => return None,
    };
    while parts.first() == Some(&"super") {
        parts.remove(0);
        base.pop();
    }
    base.extend(parts.into_iter().map(str::to_string));
    Some(format!("crate::{}", base.join("::")))
}

/// The module a source file is (`src/domain/assessment/mod.rs` → domain::assessment).
fn module_of(root: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(root.join("src")).unwrap_or(file);
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The `crate::` paths named by the files under `dir` (relative to the crate root) that
/// start with one of `forbidden`, with file and line: empty when the layer keeps its rule.
fn offending(dir: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let dir_path = root.join(dir);
    if dir_path.is_file() {
        files.push(dir_path);
    } else {
        rust_files(&dir_path, &mut files);
    }
    let mut bad = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        for (line, path) in crate_paths(&module_of(root, &file), &text) {
            if forbidden
                .iter()
                .any(|f| path == *f || path.starts_with(&format!("{f}::")))
            {
                let shown = file
                    .strip_prefix(root)
                    .unwrap_or(&file)
                    .display()
                    .to_string();
                bad.push(format!("{shown}:{line}: {path}"));
            }
        }
    }
    bad
}

#[test]
fn the_domain_never_names_the_browser_or_the_modules() {
    let bad = offending(
        "src/domain",
        &["crate::ui", "crate::shell", "crate::browser"],
    );
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn the_assessment_rules_read_no_file_format_and_no_yaml() {
    let bad = offending(
        "src/domain/assessment",
        &["crate::domain::formats", "crate::domain::storage"],
    );
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn file_formats_do_not_import_storage() {
    let bad = offending("src/domain/formats", &["crate::domain::storage"]);
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn markup_and_geometry_do_not_import_storage() {
    let bad = offending("src/domain/views", &["crate::domain::storage"]);
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn the_first_module_and_the_pages_module_never_import_each_other() {
    let bad = offending("src/shell", &["crate::ui"]);
    assert!(bad.is_empty(), "{bad:#?}");
    let bad = offending("src/ui", &["crate::shell"]);
    assert!(bad.is_empty(), "{bad:#?}");
    let bad = offending("src/browser", &["crate::ui", "crate::shell"]);
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn the_scanner_sees_grouped_and_written_out_paths() {
    let text = "use crate::domain::{formats::{json, yaml_lite::{self, Value}}, model as m};\n\
        use super::super::storage::Kind;\nuse std::fmt;\n\
        let x = crate::domain::storage::KEY; // crate::ui in a comment\n";
    let module = [
        "domain".to_string(),
        "assessment".to_string(),
        "teams".to_string(),
    ];
    let paths: Vec<String> = crate_paths(&module, text)
        .into_iter()
        .map(|(_, p)| p)
        .collect();
    assert_eq!(
        paths,
        [
            "crate::domain::formats::json",
            "crate::domain::formats::yaml_lite",
            "crate::domain::formats::yaml_lite::Value",
            "crate::domain::model",
            "crate::domain::storage::Kind",
            "crate::domain::storage::KEY",
        ]
    );
}
