//! The colour theme a person picked for Crossfade's pages.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Light, dark, or whatever the operating system prefers (`prefers-color-scheme`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// A theme name that is not one of `system`, `light`, `dark`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown theme `{0}`: choose system, light or dark")]
pub struct UnknownTheme(pub String);

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The label shown on the theme picker.
    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }
}

impl FromStr for Theme {
    type Err = UnknownTheme;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Theme::ALL
            .into_iter()
            .find(|theme| theme.as_str() == raw)
            .ok_or_else(|| UnknownTheme(raw.chars().take(32).collect()))
    }
}

impl fmt::Display for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_theme_round_trips_through_its_name() {
        for theme in Theme::ALL {
            assert_eq!(theme.as_str().parse::<Theme>(), Ok(theme));
        }
    }

    proptest! {
        #[test]
        fn unknown_names_are_rejected_with_a_bounded_echo(raw in ".{0,200}") {
            match raw.parse::<Theme>() {
                Ok(theme) => prop_assert_eq!(theme.as_str(), raw.as_str()),
                Err(UnknownTheme(echo)) => prop_assert!(echo.chars().count() <= 32),
            }
        }
    }
}
