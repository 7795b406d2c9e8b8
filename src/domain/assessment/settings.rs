//! User settings: how many maturity levels are shown, how dates are written, the colour
//! theme and the progress states. Stored as one JSON value by the storage gateway and
//! written into the one-file assessment; both are read by [`Settings::from_value`].

use crate::domain::assessment::progress::{ProgressDefs, StateDef};
use crate::domain::assessment::report::ReportConfig;
use crate::domain::tree::Value;

message_error!(
    /// Why stored or restored settings are refused.
    SettingsError
);

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Highest level shown in the matrix and heatmap, 1..=5.
    pub max_level: u8,
    /// One of the keys of [`DATE_FORMATS`].
    pub date_format: String,
    pub theme: Theme,
    pub progress: ProgressDefs,
    /// The printable report's configuration.
    pub report: ReportConfig,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_level: 5,
            date_format: "iso".into(),
            theme: Theme::System,
            progress: ProgressDefs::default(),
            report: ReportConfig::default(),
        }
    }
}

/// A stored setting's value, as JSON text (which YAML reads as a flow value too).
pub enum Field {
    One(String),
    List(Vec<String>),
}

impl Settings {
    /// The one shape of the settings, written as JSON into storage (`formats::json`) and as
    /// YAML into the one-file assessment (`formats::backup`); [`Settings::from_value`] reads
    /// both.
    pub fn fields(&self) -> Vec<(&'static str, Field)> {
        use crate::domain::tree::quote;
        let state = |d: &StateDef, score: bool| {
            let score = if score {
                format!("\"score\": {}, ", d.percent)
            } else {
                String::new()
            };
            format!(
                "{{\"name\": {}, {score}\"definition\": {}}}",
                quote(&d.name),
                quote(&d.definition)
            )
        };
        let states = self.progress.states().iter().map(|d| state(d, true));
        let na = self.progress.not_applicable().map(|d| state(d, false));
        vec![
            ("maxLevel", Field::One(self.max_level.to_string())),
            ("dateFormat", Field::One(quote(&self.date_format))),
            ("theme", Field::One(format!("\"{}\"", self.theme.value()))),
            ("progressStates", Field::List(states.collect())),
            (
                "notApplicable",
                Field::One(na.unwrap_or_else(|| "null".into())),
            ),
            ("report", Field::One(self.report.to_json())),
        ]
    }

    /// Reads settings from a parsed mapping: missing fields take their defaults, anything
    /// out of range is an error (the caller keeps the stored value aside).
    pub fn from_value(v: &Value) -> Result<Settings, SettingsError> {
        let Value::Map(_) = v else {
            return Err(format!("expected a mapping of settings, found {}", v.kind()).into());
        };
        let mut s = Settings::default();
        if let Some(l) = v.get("maxLevel") {
            s.max_level = scalar(l)
                .and_then(|t| t.parse().ok())
                .filter(|l| (1..=5).contains(l))
                .ok_or("maxLevel must be a number from 1 to 5")?;
        }
        if let Some(f) = v.get("dateFormat") {
            s.date_format = scalar(f)
                .filter(|f| DATE_FORMATS.iter().any(|(k, _)| k == f))
                .ok_or("dateFormat is not one of the formats offered")?
                .to_string();
        }
        if let Some(t) = v.get("theme") {
            s.theme = scalar(t)
                .filter(|t| ["system", "light", "dark"].contains(t))
                .map(Theme::from_value)
                .ok_or("theme must be system, light or dark")?;
        }
        if let Some(r) = v.get("report") {
            s.report = ReportConfig::from_value(r);
        }
        if let Some(states) = v.get("progressStates") {
            let Value::Seq(items) = states else {
                return Err("progressStates must be a list".into());
            };
            let states = items.iter().map(state).collect::<Result<_, _>>()?;
            let na = match v.get("notApplicable") {
                None | Some(Value::Null) => None,
                Some(na) => Some(state(na)?),
            };
            s.progress =
                ProgressDefs::new(states, na).map_err(|e| format!("progressStates: {e}"))?;
        }
        Ok(s)
    }

    pub fn level_caption(&self) -> String {
        match self.max_level {
            5 => "All maturity levels".into(),
            1 => "Maturity level 1 only".into(),
            n => format!("Maturity levels 1-{n} only"),
        }
    }
}

fn scalar(v: &Value) -> Option<&str> {
    match v {
        Value::Scalar(s) => Some(s),
        _ => None,
    }
}

/// `{name, score (whole percent), definition}`
fn state(v: &Value) -> Result<StateDef, SettingsError> {
    let text = |k: &str| v.get(k).and_then(scalar).unwrap_or_default().to_string();
    let percent = match v.get("score").and_then(scalar) {
        None => 0,
        Some(p) => p
            .trim_end_matches('%')
            .parse()
            .ok()
            .filter(|p| *p <= 100)
            .ok_or_else(|| format!("the score `{p}` is not a whole percent 0-100"))?,
    };
    Ok(StateDef {
        name: text("name"),
        percent,
        definition: text("definition"),
    })
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
            progress: ProgressDefs::new(
                vec![
                    StateDef::new("Backlog \"x\"", 0, "Not yet\nplanned"),
                    StateDef::new("Done", 100, ""),
                ],
                Some(StateDef::new("N/A", 0, "")),
            )
            .unwrap(),
            report: ReportConfig {
                max_level: 2,
                ..ReportConfig::default()
            },
        };
        assert_eq!(Settings::decode(&s.encode()).unwrap(), s);
        assert_eq!(Settings::decode("{}").unwrap(), Settings::default());
        assert_eq!(s.level_caption(), "Maturity levels 1-3 only");
        // Settings of an earlier version, whose report kept its own choice of teams.
        let earlier = r#"{"maxLevel": 3, "report": {"scope": "t:Team B", "maxLevel": 2}}"#;
        let read = Settings::decode(earlier).unwrap();
        assert_eq!((read.max_level, read.report.max_level), (3, 2));
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(Settings::decode("{\"maxLevel\": 9}").is_err());
        // A report preference from a later version never sets the progress states aside.
        let later = r#"{"progressStates":[{"name":"A","score":0},{"name":"B","score":100}],"report":{"maxLevel":9,"activities":"new"}}"#;
        assert_eq!(Settings::decode(later).unwrap().progress.name(1), "B");
        assert!(Settings::decode("{\"dateFormat\": \"xx\"}").is_err());
        assert!(Settings::decode("{\"theme\": \"pink\"}").is_err());
        assert!(Settings::decode("nope").is_err());
        // Stored states must follow the same rules as the editor's.
        let one_state = r#"{"progressStates":[{"name":"A","score":0}]}"#;
        assert!(Settings::decode(one_state).is_err());
        let dup = r#"{"progressStates":[{"name":"A","score":0},{"name":"A","score":100}]}"#;
        assert!(Settings::decode(dup).is_err());
        let pct = r#"{"progressStates":[{"name":"A","score":"0%"},{"name":"B","score":"100%"}]}"#;
        assert_eq!(Settings::decode(pct).unwrap().progress.name(1), "B");
    }
}
