//! The player bar's vocabulary: the commands a person gives Spotify's player (pause, resume, skip, seek, volume,
//! shuffle, repeat), read from the bar's form fields with limits, where a seek lands within the track, and how often
//! the bar asks Spotify for news.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How far the "back" and "ahead" buttons move in the track.
pub const SKIP_MS: u64 = 15_000;

/// A seek stops this far before the end of the track: Spotify answers a seek to the very end by playing the next one.
pub const SEEK_END_MARGIN_MS: u64 = 1_000;

/// The longest position a form may name, in seconds (longer than any track or episode).
pub const MAX_POSITION_SECS: u64 = 86_400;

/// Spotify's repeat modes, in the order the bar's button steps through them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RepeatMode {
    #[default]
    Off,
    /// The whole album or playlist.
    Context,
    /// The track playing.
    Track,
}

impl RepeatMode {
    pub const ALL: [RepeatMode; 3] = [RepeatMode::Off, RepeatMode::Context, RepeatMode::Track];

    /// Spotify's word for the mode.
    pub fn as_str(self) -> &'static str {
        match self {
            RepeatMode::Off => "off",
            RepeatMode::Context => "context",
            RepeatMode::Track => "track",
        }
    }

    /// The mode the repeat button switches to.
    pub fn next(self) -> RepeatMode {
        match self {
            RepeatMode::Off => RepeatMode::Context,
            RepeatMode::Context => RepeatMode::Track,
            RepeatMode::Track => RepeatMode::Off,
        }
    }

    /// The mode in words, as the bar shows it.
    pub fn label(self) -> &'static str {
        match self {
            RepeatMode::Off => "Repeat off",
            RepeatMode::Context => "Repeat all",
            RepeatMode::Track => "Repeat one",
        }
    }
}

impl FromStr for RepeatMode {
    type Err = CommandProblem;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        RepeatMode::ALL.into_iter().find(|mode| mode.as_str() == raw).ok_or(CommandProblem::Repeat)
    }
}

impl fmt::Display for RepeatMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A playback volume in percent, 0 to 100.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Volume(u8);

impl Volume {
    /// `percent` if it is at most 100.
    pub fn new(percent: u8) -> Option<Volume> {
        (percent <= 100).then_some(Volume(percent))
    }

    pub fn percent(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Volume {
    type Error = CommandProblem;

    fn try_from(percent: u8) -> Result<Self, Self::Error> {
        Volume::new(percent).ok_or(CommandProblem::Volume)
    }
}

impl From<Volume> for u8 {
    fn from(volume: Volume) -> u8 {
        volume.0
    }
}

impl FromStr for Volume {
    type Err = CommandProblem;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        raw.trim().parse::<u8>().ok().and_then(Volume::new).ok_or(CommandProblem::Volume)
    }
}

/// Where in the track to go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Seek {
    /// To this position, in milliseconds.
    To { ms: u64 },
    /// [`SKIP_MS`] back.
    Back,
    /// [`SKIP_MS`] ahead.
    Ahead,
}

impl Seek {
    /// The position to seek to from `progress_ms` in a track of `duration_ms`: never before the start, never within
    /// [`SEEK_END_MARGIN_MS`] of the end (so the track keeps playing rather than skipping to the next one).
    pub fn target(self, progress_ms: u64, duration_ms: u64) -> u64 {
        let wanted = match self {
            Seek::To { ms } => ms,
            Seek::Back => progress_ms.saturating_sub(SKIP_MS),
            Seek::Ahead => progress_ms.saturating_add(SKIP_MS),
        };
        wanted.min(duration_ms.saturating_sub(SEEK_END_MARGIN_MS))
    }
}

/// A command for Spotify's player.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PlayerCommand {
    Pause,
    Resume,
    Next,
    Previous,
    Seek(Seek),
    Volume(Volume),
    Shuffle(bool),
    Repeat(RepeatMode),
}

/// Why the bar's form fields name no command.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CommandProblem {
    #[error("unknown player command `{0}`")]
    Unknown(String),
    #[error("the position must be a whole number of seconds from 0 to {MAX_POSITION_SECS}")]
    Position,
    #[error("the volume must be a whole number from 0 to 100")]
    Volume,
    #[error("shuffle is either on or off")]
    Shuffle,
    #[error("repeat is off, context or track")]
    Repeat,
}

impl PlayerCommand {
    /// Reads the bar's form: the `command` field and, for the commands that take one, its `value` (seek: seconds;
    /// volume: percent; shuffle: on or off; repeat: off, context or track).
    pub fn parse(command: &str, value: Option<&str>) -> Result<PlayerCommand, CommandProblem> {
        let value = value.map(str::trim).unwrap_or_default();
        Ok(match command {
            "pause" => PlayerCommand::Pause,
            "resume" => PlayerCommand::Resume,
            "next" => PlayerCommand::Next,
            "previous" => PlayerCommand::Previous,
            "back" => PlayerCommand::Seek(Seek::Back),
            "ahead" => PlayerCommand::Seek(Seek::Ahead),
            "seek" => {
                let seconds = value.parse::<u64>().ok().filter(|seconds| *seconds <= MAX_POSITION_SECS);
                PlayerCommand::Seek(Seek::To { ms: seconds.ok_or(CommandProblem::Position)? * 1000 })
            }
            "volume" => PlayerCommand::Volume(value.parse()?),
            "shuffle" => PlayerCommand::Shuffle(match value {
                "on" => true,
                "off" => false,
                _ => return Err(CommandProblem::Shuffle),
            }),
            "repeat" => PlayerCommand::Repeat(value.parse()?),
            other => return Err(CommandProblem::Unknown(other.chars().take(32).collect())),
        })
    }

    /// The form fields that name this command: `command` and, if it takes one, `value` (what [`parse`] reads back).
    /// A seek to a position names whole seconds.
    ///
    /// [`parse`]: PlayerCommand::parse
    pub fn form(self) -> (&'static str, Option<String>) {
        match self {
            PlayerCommand::Pause => ("pause", None),
            PlayerCommand::Resume => ("resume", None),
            PlayerCommand::Next => ("next", None),
            PlayerCommand::Previous => ("previous", None),
            PlayerCommand::Seek(Seek::Back) => ("back", None),
            PlayerCommand::Seek(Seek::Ahead) => ("ahead", None),
            PlayerCommand::Seek(Seek::To { ms }) => ("seek", Some((ms / 1000).to_string())),
            PlayerCommand::Volume(volume) => ("volume", Some(volume.percent().to_string())),
            PlayerCommand::Shuffle(on) => ("shuffle", Some(if on { "on" } else { "off" }.to_owned())),
            PlayerCommand::Repeat(mode) => ("repeat", Some(mode.as_str().to_owned())),
        }
    }
}

/// What the player was doing at the bar's last look.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PlayerActivity {
    /// Playing, with this much of the item left.
    Playing {
        remaining_ms: u64,
    },
    Paused,
    /// Nothing loaded, or no device active.
    Idle,
}

/// How often the bar looks while music plays: often enough to follow skips made elsewhere.
pub const POLL_PLAYING_MS: u64 = 3_000;
/// The first wait once nothing plays; it doubles with each look that finds nothing playing…
pub const POLL_QUIET_MS: u64 = 15_000;
/// …up to this.
pub const POLL_QUIET_MAX_MS: u64 = 30_000;
/// A look this long after the item should have ended finds the next one.
const AFTER_END_MS: u64 = 750;

/// How long the bar waits before its next look, after `quiet_looks` looks in a row found nothing playing.
pub fn poll_delay_ms(activity: PlayerActivity, quiet_looks: u32) -> u64 {
    match activity {
        PlayerActivity::Playing { remaining_ms } => POLL_PLAYING_MS.min(remaining_ms.saturating_add(AFTER_END_MS)),
        PlayerActivity::Paused | PlayerActivity::Idle => {
            POLL_QUIET_MS.saturating_mul(1 << quiet_looks.min(8)).min(POLL_QUIET_MAX_MS)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn repeat_cycles_through_every_mode() {
        let mut mode = RepeatMode::Off;
        let mut seen = Vec::new();
        for _ in 0..3 {
            seen.push(mode);
            mode = mode.next();
        }
        assert_eq!(mode, RepeatMode::Off);
        assert_eq!(seen, RepeatMode::ALL);
        for mode in RepeatMode::ALL {
            assert_eq!(mode.as_str().parse::<RepeatMode>(), Ok(mode));
        }
        assert_eq!("all".parse::<RepeatMode>(), Err(CommandProblem::Repeat));
    }

    #[test]
    fn a_form_names_every_command() {
        assert_eq!(PlayerCommand::parse("pause", None), Ok(PlayerCommand::Pause));
        assert_eq!(PlayerCommand::parse("ahead", Some("ignored")), Ok(PlayerCommand::Seek(Seek::Ahead)));
        assert_eq!(PlayerCommand::parse("seek", Some(" 75 ")), Ok(PlayerCommand::Seek(Seek::To { ms: 75_000 })));
        assert_eq!(PlayerCommand::parse("volume", Some("100")), Ok(PlayerCommand::Volume(Volume(100))));
        assert_eq!(PlayerCommand::parse("shuffle", Some("on")), Ok(PlayerCommand::Shuffle(true)));
        assert_eq!(PlayerCommand::parse("repeat", Some("track")), Ok(PlayerCommand::Repeat(RepeatMode::Track)));
    }

    #[test]
    fn a_bad_value_names_what_is_wrong() {
        assert_eq!(PlayerCommand::parse("volume", Some("101")), Err(CommandProblem::Volume));
        assert_eq!(PlayerCommand::parse("volume", None), Err(CommandProblem::Volume));
        assert_eq!(PlayerCommand::parse("seek", Some("-3")), Err(CommandProblem::Position));
        assert_eq!(PlayerCommand::parse("seek", Some("86401")), Err(CommandProblem::Position));
        assert_eq!(PlayerCommand::parse("shuffle", Some("yes")), Err(CommandProblem::Shuffle));
        let long = "x".repeat(100);
        assert_eq!(PlayerCommand::parse(&long, None), Err(CommandProblem::Unknown("x".repeat(32))));
    }

    #[test]
    fn a_seek_stays_within_the_track() {
        assert_eq!(Seek::Back.target(10_000, 200_000), 0);
        assert_eq!(Seek::Ahead.target(10_000, 200_000), 25_000);
        assert_eq!(Seek::Ahead.target(190_000, 200_000), 199_000);
        assert_eq!(Seek::To { ms: 500_000 }.target(0, 200_000), 199_000);
        assert_eq!(Seek::To { ms: 5_000 }.target(0, 0), 0);
    }

    #[test]
    fn the_bar_looks_often_while_playing_and_backs_off_when_quiet() {
        assert_eq!(poll_delay_ms(PlayerActivity::Playing { remaining_ms: 60_000 }, 0), 3_000);
        assert_eq!(poll_delay_ms(PlayerActivity::Playing { remaining_ms: 1_000 }, 0), 1_750);
        assert_eq!(poll_delay_ms(PlayerActivity::Paused, 0), 15_000);
        assert_eq!(poll_delay_ms(PlayerActivity::Idle, 1), 30_000);
        assert_eq!(poll_delay_ms(PlayerActivity::Idle, u32::MAX), 30_000);
    }

    fn commands() -> impl Strategy<Value = PlayerCommand> {
        prop_oneof![
            Just(PlayerCommand::Pause),
            Just(PlayerCommand::Resume),
            Just(PlayerCommand::Next),
            Just(PlayerCommand::Previous),
            Just(PlayerCommand::Seek(Seek::Back)),
            Just(PlayerCommand::Seek(Seek::Ahead)),
            (0..=MAX_POSITION_SECS).prop_map(|seconds| PlayerCommand::Seek(Seek::To { ms: seconds * 1000 })),
            (0..=100_u8).prop_map(|percent| PlayerCommand::Volume(Volume(percent))),
            any::<bool>().prop_map(PlayerCommand::Shuffle),
            proptest::sample::select(RepeatMode::ALL.to_vec()).prop_map(PlayerCommand::Repeat),
        ]
    }

    proptest! {
        #[test]
        fn every_command_reads_back_from_its_form(command in commands()) {
            let (name, value) = command.form();
            prop_assert_eq!(PlayerCommand::parse(name, value.as_deref()), Ok(command));
        }

        #[test]
        fn any_form_is_read_or_refused_without_panicking(name in ".{0,40}", value in proptest::option::of(".{0,40}")) {
            if let Ok(command) = PlayerCommand::parse(&name, value.as_deref()) {
                prop_assert_eq!(command.form().0, name.as_str());
            }
        }

        #[test]
        fn volumes_are_exactly_the_whole_percents(raw in "[0-9]{1,4}") {
            let number: u32 = raw.parse().unwrap();
            prop_assert_eq!(raw.parse::<Volume>().is_ok(), number <= 100);
        }

        #[test]
        fn a_seek_lands_within_the_track(
            ms in 0..10_000_000_u64,
            progress in 0..10_000_000_u64,
            duration in 0..10_000_000_u64,
            kind in 0..3_u8,
        ) {
            let seek = match kind { 0 => Seek::To { ms }, 1 => Seek::Back, _ => Seek::Ahead };
            let target = seek.target(progress, duration);
            prop_assert!(target <= duration.saturating_sub(SEEK_END_MARGIN_MS));
            if seek == Seek::Back {
                prop_assert!(target <= progress);
            }
        }

        #[test]
        fn back_undoes_ahead_where_the_track_has_room(
            progress in 0..1_000_000_u64,
            room in SKIP_MS + SEEK_END_MARGIN_MS..1_000_000,
        ) {
            let duration = progress + room;
            let ahead = Seek::Ahead.target(progress, duration);
            prop_assert_eq!(ahead, progress + SKIP_MS);
            prop_assert_eq!(Seek::Back.target(ahead, duration), progress);
        }

        #[test]
        fn looks_are_never_sooner_than_the_track_end_allows_nor_rarer_than_half_a_minute(
            remaining in any::<u64>(),
            quiet in any::<u32>(),
            playing in any::<bool>(),
        ) {
            let activity =
                if playing { PlayerActivity::Playing { remaining_ms: remaining } } else { PlayerActivity::Paused };
            let delay = poll_delay_ms(activity, quiet);
            prop_assert!((AFTER_END_MS..=POLL_QUIET_MAX_MS).contains(&delay));
            if playing {
                prop_assert!(delay <= POLL_PLAYING_MS);
            } else {
                prop_assert!(delay >= POLL_QUIET_MS);
            }
        }
    }
}
