//! User settings: how many maturity levels are shown, how dates are written, and the colour
//! theme. Stored as one JSON value by the storage gateway.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Follow the system's light or dark preference.
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn value(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_value(v: &str) -> Theme {
        match v {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }
}

/// Date formats offered: ISO, the browser's own, and the reference app's locales.
pub const DATE_FORMATS: [(&str, &str); 9] = [
    ("iso", "ISO 8601 (2025-01-31)"),
    ("browser", "Browser default"),
    ("en-GB", "English (UK)"),
    ("en-US", "English (US)"),
    ("de", "German"),
    ("nl", "Dutch"),
    ("sv", "Swedish"),
    ("ja", "Japanese"),
    ("hu", "Hungarian"),
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    /// Highest level shown in the matrix and heatmap, 1..=5.
    pub max_level: u8,
    /// One of the keys of [`DATE_FORMATS`].
    pub date_format: String,
    pub theme: Theme,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_level: 5,
            date_format: "iso".into(),
            theme: Theme::System,
        }
    }
}

impl Settings {
    /// Reads stored settings; values out of range are an error (the caller sets them aside).
    pub fn decode(raw: &str) -> Result<Settings, String> {
        let s = super::json::decode_settings(raw)?;
        if !(1..=5).contains(&s.max_level) {
            return Err(format!("max level {} is out of range 1-5", s.max_level));
        }
        if !DATE_FORMATS.iter().any(|(k, _)| *k == s.date_format) {
            return Err(format!("unknown date format \"{}\"", s.date_format));
        }
        Ok(s)
    }

    pub fn encode(&self) -> String {
        super::json::encode_settings(self)
    }

    pub fn level_caption(&self) -> String {
        match self.max_level {
            5 => "All maturity levels".into(),
            1 => "Maturity level 1 only".into(),
            n => format!("Maturity levels 1-{n} only"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_defaults() {
        let s = Settings {
            max_level: 3,
            date_format: "de".into(),
            theme: Theme::Dark,
        };
        assert_eq!(Settings::decode(&s.encode()).unwrap(), s);
        assert_eq!(Settings::decode("{}").unwrap(), Settings::default());
        assert_eq!(s.level_caption(), "Maturity levels 1-3 only");
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(Settings::decode("{\"maxLevel\": 9}").is_err());
        assert!(Settings::decode("{\"dateFormat\": \"xx\"}").is_err());
        assert!(Settings::decode("{\"theme\": \"pink\"}").is_err());
        assert!(Settings::decode("nope").is_err());
    }
}
