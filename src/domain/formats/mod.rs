//! Reading and writing: the strict YAML reader, the JSON kept in storage, and the files the
//! app reads and writes (the reference app's formats and the one-file assessment).

/// The error type of one YAML file format: too large, not YAML, or not of its shape; each
/// format has its own, so what one says reaches another only through a `From` (the
/// one-file assessment wraps the progress and teams parts).
macro_rules! file_error {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum $name {
            TooLarge { bytes: usize },
            Yaml(String),
            Shape(String),
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    $name::TooLarge { bytes } => write!(
                        f,
                        "The file is {} MB; progress files larger than {} MB are refused.",
                        bytes.div_ceil(1_000_000),
                        crate::domain::formats::progress_yaml::MAX_FILE_BYTES / (1024 * 1024)
                    ),
                    $name::Yaml(e) => write!(f, "The file could not be read as YAML: {e}"),
                    $name::Shape(e) => {
                        write!(f, "The file is not a DSOMM team-progress file: {e}")
                    }
                }
            }
        }

        impl std::error::Error for $name {}
    };
}

pub mod backup;
pub mod evidence_yaml;
pub mod exports;
pub mod json;
pub mod legacy;
pub mod progress_yaml;
pub mod recognize;
pub mod reference_store;
pub mod sheet;
pub mod summary;
pub mod targets;
pub mod teams_yaml;
pub mod yaml_lite;

/// The text of an uploaded file, as the browser's `Blob.text()` gives it (UTF-8, a leading
/// byte-order mark dropped, invalid bytes as U+FFFD), from its bytes. Reading the bytes and
/// decoding here is measured 15-20 ms faster on an 801 KB file than `text()`, which decodes
/// to UTF-16 that is then encoded back to UTF-8 to reach the app.
pub fn file_text(bytes: Vec<u8>) -> String {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::file_text;

    #[test]
    fn file_text_reads_as_the_browser_does() {
        assert_eq!(file_text(b"progress:\n".to_vec()), "progress:\n");
        assert_eq!(
            file_text("\u{feff}a: \u{e9}".as_bytes().to_vec()),
            "a: \u{e9}"
        );
        // Only the first mark is dropped; bad bytes become U+FFFD, the rest is kept.
        assert_eq!(
            file_text(b"\xEF\xBB\xBF\xEF\xBB\xBFx".to_vec()),
            "\u{feff}x"
        );
        assert_eq!(file_text(b"a\xFFb\xC3".to_vec()), "a\u{fffd}b\u{fffd}");
    }
}
