//! A smart playlist besides its rule: its name, where its tracks go (replace a playlist's contents, append only new
//! matches, or a new dated playlist on every run), and the addresses of its pages.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Day;

/// The list of smart playlists; each one is at `/smart/{id}`.
pub const SMART_PLAYLISTS_PATH: &str = "/smart";
/// The longest smart playlist name, in characters (Spotify's own limit is far higher; this keeps pages readable).
pub const MAX_NAME_CHARS: usize = 100;

/// What a run does to its Spotify playlist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum WriteTarget {
    /// The playlist holds exactly the rule's tracks, in the rule's order.
    #[default]
    Replace,
    /// Tracks the rule matches that the playlist lacks are added at its end; nothing is removed.
    Append,
    /// Every run creates a new playlist named with the day.
    Dated,
}

impl WriteTarget {
    pub const ALL: [WriteTarget; 3] = [WriteTarget::Replace, WriteTarget::Append, WriteTarget::Dated];

    pub fn code(self) -> &'static str {
        match self {
            WriteTarget::Replace => "replace",
            WriteTarget::Append => "append",
            WriteTarget::Dated => "dated",
        }
    }

    pub fn parse(code: &str) -> Option<WriteTarget> {
        WriteTarget::ALL.into_iter().find(|target| target.code() == code)
    }

    /// The choice in the form.
    pub fn label(self) -> &'static str {
        match self {
            WriteTarget::Replace => "Replace the playlist's tracks with the matches",
            WriteTarget::Append => "Add only new matches at the end",
            WriteTarget::Dated => "Create a new playlist, named with the date, on every run",
        }
    }
}

/// A smart playlist's name: trimmed, inner whitespace collapsed, 1 to [`MAX_NAME_CHARS`] characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PlaylistName(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NameProblem {
    #[error("give the smart playlist a name")]
    Empty,
    #[error("a name has at most {MAX_NAME_CHARS} characters; this one has {0}")]
    TooLong(usize),
}

impl PlaylistName {
    pub fn parse(text: &str) -> Result<PlaylistName, NameProblem> {
        let name: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let name: String = name.chars().filter(|character| !character.is_control()).collect();
        let length = name.chars().count();
        match length {
            0 => Err(NameProblem::Empty),
            length if length > MAX_NAME_CHARS => Err(NameProblem::TooLong(length)),
            _ => Ok(PlaylistName(name)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name of the playlist a dated run creates on `day`: "Fresh house · 2026-12-06".
    pub fn dated(&self, day: Day) -> String {
        format!("{} · {day}", self.0)
    }
}

impl TryFrom<String> for PlaylistName {
    type Error = NameProblem;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        PlaylistName::parse(&text)
    }
}

impl From<PlaylistName> for String {
    fn from(name: PlaylistName) -> Self {
        name.0
    }
}

impl fmt::Display for PlaylistName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The page of smart playlist `id`.
pub fn smart_playlist_path(id: i64) -> String {
    format!("{SMART_PLAYLISTS_PATH}/{id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_tidied_and_bounded() {
        assert_eq!(PlaylistName::parse("  Fresh \n house ").unwrap().as_str(), "Fresh house");
        assert_eq!(PlaylistName::parse(" \t "), Err(NameProblem::Empty));
        assert_eq!(PlaylistName::parse(&"x".repeat(101)), Err(NameProblem::TooLong(101)));
        let day = Day::parse("2026-12-06").unwrap();
        assert_eq!(PlaylistName::parse("Fresh house").unwrap().dated(day), "Fresh house · 2026-12-06");
    }

    #[test]
    fn targets_read_back_from_their_codes() {
        for target in WriteTarget::ALL {
            assert_eq!(WriteTarget::parse(target.code()), Some(target));
        }
        assert_eq!(WriteTarget::parse("merge"), None);
    }
}
