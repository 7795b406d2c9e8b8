//! The build-time half of the DSOMM app, run by its build.rs: obtains the pinned
//! model.yaml, checks its SHA-256 and its content, and writes the typed model as Rust
//! source into `OUT_DIR`, so the browser never parses YAML or markdown at start-up and
//! neither serde_yaml nor a markdown parser is compiled into the app.

pub mod codegen;
pub mod source;
pub mod text;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::{env, fs};

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

/// build.rs: obtains, checks and generates the model into `OUT_DIR`.
pub fn run() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let (path, text) = obtain(&root);
    let source = source::parse(&text).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
    let checked = source::check(&source).unwrap_or_else(|errors| {
        fail(&format!(
            "{} is not a valid DSOMM model:\n  - {}",
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
}
