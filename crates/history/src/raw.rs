//! One object of a history file as written, and the checks that turn it into a [`Record`]. Only the fields a play is
//! described by are read; the rest (IP address, country, platform, user agent, username) are skipped unread.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

use crate::record::{EPISODE_URI_PREFIX, EpisodePlay, PlayDetails, Record, SongPlay, TRACK_URI_PREFIX};

/// The longest play believed: a day. Longer values are a corrupt file, not listening.
pub const MAX_MS_PLAYED: i64 = 24 * 60 * 60 * 1000;

/// Why one record was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordProblem {
    #[error("\"{0}\" is missing")]
    Missing(&'static str),
    #[error("\"ts\" is not a date ({})", Quoted(.0))]
    NotADate(String),
    #[error("\"ms_played\" is negative ({0})")]
    NegativeMsPlayed(i64),
    #[error("\"ms_played\" is {0}, longer than a day")]
    AbsurdMsPlayed(i64),
    #[error("\"{field}\" is not a {prefix} URI ({})", Quoted(.value))]
    NotAUri { field: &'static str, prefix: &'static str, value: String },
    #[error("\"{0}\" contains a NUL character")]
    NulCharacter(&'static str),
    #[error("the record is larger than {} KiB", crate::stream::MAX_RECORD_BYTES / 1024)]
    TooLarge,
    #[error("the file ends in the middle of it (is the file complete?)")]
    Truncated,
    /// The JSON itself is wrong: a syntax error, or a value of the wrong type (naming the field when known).
    #[error("{0}")]
    Json(String),
}

/// A value quoted for an error message, cut short when long.
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 60;
        match self.0.char_indices().nth(SHOWN) {
            Some((end, _)) => write!(f, "{:?}…", &self.0[..end]),
            None => write!(f, "{:?}", self.0),
        }
    }
}

/// The keys read from a record; every other key is skipped.
#[derive(Clone, Copy, Debug, serde::Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Field {
    Ts,
    MsPlayed,
    MasterMetadataTrackName,
    MasterMetadataAlbumArtistName,
    MasterMetadataAlbumAlbumName,
    SpotifyTrackUri,
    EpisodeName,
    EpisodeShowName,
    SpotifyEpisodeUri,
    AudiobookTitle,
    AudiobookUri,
    AudiobookChapterUri,
    AudiobookChapterTitle,
    ReasonStart,
    ReasonEnd,
    Shuffle,
    Skipped,
    /// The "Account data" download's end time, which marks a file of that older layout.
    #[serde(rename = "endTime")]
    EndTime,
    #[serde(other)]
    Ignored,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Ts => "ts",
            Field::MsPlayed => "ms_played",
            Field::MasterMetadataTrackName => "master_metadata_track_name",
            Field::MasterMetadataAlbumArtistName => "master_metadata_album_artist_name",
            Field::MasterMetadataAlbumAlbumName => "master_metadata_album_album_name",
            Field::SpotifyTrackUri => "spotify_track_uri",
            Field::EpisodeName => "episode_name",
            Field::EpisodeShowName => "episode_show_name",
            Field::SpotifyEpisodeUri => "spotify_episode_uri",
            Field::AudiobookTitle => "audiobook_title",
            Field::AudiobookUri => "audiobook_uri",
            Field::AudiobookChapterUri => "audiobook_chapter_uri",
            Field::AudiobookChapterTitle => "audiobook_chapter_title",
            Field::ReasonStart => "reason_start",
            Field::ReasonEnd => "reason_end",
            Field::Shuffle => "shuffle",
            Field::Skipped => "skipped",
            Field::EndTime => "endTime",
            Field::Ignored => "",
        }
    }
}

/// A record's fields as written, before any check.
#[derive(Debug, Default)]
pub(crate) struct RawRecord {
    ts: Option<String>,
    ms_played: Option<i64>,
    track_name: Option<String>,
    artist_name: Option<String>,
    album_name: Option<String>,
    track_uri: Option<String>,
    episode_name: Option<String>,
    show_name: Option<String>,
    episode_uri: Option<String>,
    audiobook: bool,
    reason_start: Option<String>,
    reason_end: Option<String>,
    shuffle: Option<bool>,
    skipped: Option<bool>,
    end_time: bool,
}

/// What a checked record turned out to be.
pub(crate) enum Checked {
    Record(Record),
    /// A record of the "Account data" layout: the whole file is of the wrong kind.
    AccountData,
}

impl RawRecord {
    /// Checks the record and keeps what describes the play.
    pub(crate) fn check(self) -> Result<Checked, RecordProblem> {
        let Some(ts) = self.ts else {
            return if self.end_time { Ok(Checked::AccountData) } else { Err(RecordProblem::Missing("ts")) };
        };
        let played_at = parse_ts(&ts)?;
        let ms_played = match self.ms_played {
            None => return Err(RecordProblem::Missing("ms_played")),
            Some(ms) if ms < 0 => return Err(RecordProblem::NegativeMsPlayed(ms)),
            Some(ms) if ms > MAX_MS_PLAYED => return Err(RecordProblem::AbsurdMsPlayed(ms)),
            // Bounded by MAX_MS_PLAYED just above, which fits in u32.
            Some(ms) => u32::try_from(ms).unwrap_or(u32::MAX),
        };
        let details = PlayDetails {
            played_at,
            ms_played,
            reason_start: text("reason_start", self.reason_start)?,
            reason_end: text("reason_end", self.reason_end)?,
            skipped: self.skipped,
            shuffle: self.shuffle,
        };
        let track_uri = uri("spotify_track_uri", TRACK_URI_PREFIX, self.track_uri)?;
        let track_name = text("master_metadata_track_name", self.track_name)?;
        if track_uri.is_some() || track_name.is_some() {
            return Ok(Checked::Record(Record::Song(SongPlay {
                details,
                track_uri,
                track_name,
                artist_name: text("master_metadata_album_artist_name", self.artist_name)?,
                album_name: text("master_metadata_album_album_name", self.album_name)?,
            })));
        }
        let episode_uri = uri("spotify_episode_uri", EPISODE_URI_PREFIX, self.episode_uri)?;
        let episode_name = text("episode_name", self.episode_name)?;
        if (episode_uri.is_some() || episode_name.is_some()) && !self.audiobook {
            return Ok(Checked::Record(Record::Episode(EpisodePlay {
                details,
                episode_uri,
                episode_name,
                show_name: text("episode_show_name", self.show_name)?,
            })));
        }
        Ok(Checked::Record(Record::Other))
    }
}

fn parse_ts(ts: &str) -> Result<OffsetDateTime, RecordProblem> {
    let parsed = OffsetDateTime::parse(ts, &Rfc3339).map_err(|_| RecordProblem::NotADate(ts.to_owned()))?;
    // Both history and recently played identify a play by its end time to the second.
    parsed.to_offset(UtcOffset::UTC).replace_nanosecond(0).map_err(|_| RecordProblem::NotADate(ts.to_owned()))
}

/// An optional text field: empty means absent, and NUL (which PostgreSQL text cannot hold) is refused.
fn text(field: &'static str, value: Option<String>) -> Result<Option<String>, RecordProblem> {
    match value {
        Some(value) if value.contains('\0') => Err(RecordProblem::NulCharacter(field)),
        Some(value) if value.is_empty() => Ok(None),
        other => Ok(other),
    }
}

/// An optional Spotify URI that must start with `prefix` followed by an id of ASCII letters and digits.
fn uri(field: &'static str, prefix: &'static str, value: Option<String>) -> Result<Option<String>, RecordProblem> {
    let Some(value) = text(field, value)? else { return Ok(None) };
    let valid = value
        .strip_prefix(prefix)
        .is_some_and(|id| !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric()));
    if valid { Ok(Some(value)) } else { Err(RecordProblem::NotAUri { field, prefix, value }) }
}

/// Deserializes one record, telling `field` which key is being read so an error can name it.
pub(crate) struct RecordSeed<'a> {
    pub(crate) field: &'a Cell<&'static str>,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = RawRecord;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<RawRecord, D::Error> {
        self.field.set("");
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = RawRecord;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object describing one play")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawRecord, A::Error> {
        let mut raw = RawRecord::default();
        while let Some(field) = map.next_key::<Field>()? {
            self.field.set(field.name());
            match field {
                Field::Ts => raw.ts = map.next_value()?,
                Field::MsPlayed => raw.ms_played = map.next_value()?,
                Field::MasterMetadataTrackName => raw.track_name = map.next_value()?,
                Field::MasterMetadataAlbumArtistName => raw.artist_name = map.next_value()?,
                Field::MasterMetadataAlbumAlbumName => raw.album_name = map.next_value()?,
                Field::SpotifyTrackUri => raw.track_uri = map.next_value()?,
                Field::EpisodeName => raw.episode_name = map.next_value()?,
                Field::EpisodeShowName => raw.show_name = map.next_value()?,
                Field::SpotifyEpisodeUri => raw.episode_uri = map.next_value()?,
                Field::AudiobookTitle
                | Field::AudiobookUri
                | Field::AudiobookChapterUri
                | Field::AudiobookChapterTitle => {
                    raw.audiobook |= map.next_value::<Option<IgnoredAny>>()?.is_some();
                }
                Field::ReasonStart => raw.reason_start = map.next_value()?,
                Field::ReasonEnd => raw.reason_end = map.next_value()?,
                Field::Shuffle => raw.shuffle = map.next_value()?,
                Field::Skipped => raw.skipped = map.next_value()?,
                Field::EndTime => {
                    raw.end_time = true;
                    map.next_value::<IgnoredAny>()?;
                }
                Field::Ignored => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            self.field.set("");
        }
        Ok(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(json: &str) -> Result<Record, RecordProblem> {
        let field = Cell::new("");
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let raw = RecordSeed { field: &field }
            .deserialize(&mut deserializer)
            .map_err(|e| RecordProblem::Json(format!("{}: {e}", field.get())))?;
        match raw.check()? {
            Checked::Record(record) => Ok(record),
            Checked::AccountData => Err(RecordProblem::Json("account data".into())),
        }
    }

    #[test]
    fn ts_is_truncated_to_the_second_in_utc() {
        let Record::Song(song) =
            check(r#"{"ts":"2023-04-01T14:00:31.900+02:00","ms_played":1,"spotify_track_uri":"spotify:track:abc"}"#)
                .unwrap()
        else {
            panic!("not a song")
        };
        assert_eq!(song.details.played_at, time::macros::datetime!(2023-04-01 12:00:31 UTC));
        assert_eq!(song.track_id(), Some("abc"));
    }

    #[test]
    fn problems_name_the_field() {
        let problem = check(r#"{"ts":"yesterday","ms_played":1}"#).unwrap_err();
        assert_eq!(problem.to_string(), r#""ts" is not a date ("yesterday")"#);
        let problem = check(r#"{"ts":"2023-04-01T12:00:31Z","ms_played":-4}"#).unwrap_err();
        assert_eq!(problem.to_string(), r#""ms_played" is negative (-4)"#);
        let problem = check(r#"{"ts":"2023-04-01T12:00:31Z","ms_played":"4"}"#).unwrap_err();
        assert!(problem.to_string().starts_with("ms_played: invalid type"), "{problem}");
        let problem =
            check(r#"{"ts":"2023-04-01T12:00:31Z","ms_played":4,"spotify_track_uri":"spotify:album:x"}"#).unwrap_err();
        assert_eq!(problem.to_string(), r#""spotify_track_uri" is not a spotify:track: URI ("spotify:album:x")"#);
    }

    #[test]
    fn audiobook_chapters_and_empty_records_are_other() {
        let chapter = r#"{"ts":"2023-04-01T12:00:31Z","ms_played":4,"episode_name":null,
            "audiobook_title":"A Book","audiobook_chapter_uri":"spotify:chapter:x"}"#;
        assert_eq!(check(chapter).unwrap(), Record::Other);
        assert_eq!(check(r#"{"ts":"2023-04-01T12:00:31Z","ms_played":4}"#).unwrap(), Record::Other);
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        let long = "x".repeat(500);
        let message = RecordProblem::NotADate(long).to_string();
        assert!(message.len() < 100, "{message}");
    }
}
