//! The staging table an import copies its records into, and the encoding of records as lines of PostgreSQL's COPY
//! text format.

use std::io::Write;

use crossfade_history::{PlayDetails, Record};

/// Dropped with the transaction that created it, whether that commits or rolls back.
pub(crate) const CREATE: &str = "CREATE TEMP TABLE history_staging (
    episode boolean NOT NULL,
    played_at bigint NOT NULL,
    ms_played integer NOT NULL,
    uri text,
    spotify_id text,
    name text,
    creator text,
    album text,
    reason_start text,
    reason_end text,
    skipped boolean,
    shuffle boolean
) ON COMMIT DROP";

/// Receives what [`encode`] writes. Columns in the order [`encode`] writes them.
pub(crate) const COPY: &str = "COPY history_staging (episode, played_at, ms_played, uri, spotify_id, name, creator, \
     album, reason_start, reason_end, skipped, shuffle) FROM STDIN (FORMAT text)";

/// Appends `record` to `out` as one COPY line. Records that are neither songs nor episodes are not staged.
pub(crate) fn encode(record: &Record, out: &mut Vec<u8>) {
    match record {
        Record::Song(song) => {
            field(out, Some("f"));
            details_head(out, &song.details);
            field(out, song.track_uri.as_deref());
            field(out, song.track_id());
            field(out, song.track_name.as_deref());
            field(out, song.artist_name.as_deref());
            field(out, song.album_name.as_deref());
            details_tail(out, &song.details);
        }
        Record::Episode(episode) => {
            field(out, Some("t"));
            details_head(out, &episode.details);
            field(out, episode.episode_uri.as_deref());
            field(out, episode.episode_id());
            field(out, episode.episode_name.as_deref());
            field(out, episode.show_name.as_deref());
            field(out, None);
            details_tail(out, &episode.details);
        }
        Record::Other => return,
    }
    // Every field above ends with a tab; the last one ends the line instead.
    if let Some(last) = out.last_mut() {
        *last = b'\n';
    }
}

fn details_head(out: &mut Vec<u8>, details: &PlayDetails) {
    // Writing to a Vec cannot fail.
    let _ = write!(out, "{}\t{}\t", details.played_at.unix_timestamp(), details.ms_played);
}

fn details_tail(out: &mut Vec<u8>, details: &PlayDetails) {
    field(out, details.reason_start.as_deref());
    field(out, details.reason_end.as_deref());
    field(out, details.skipped.map(flag));
    field(out, details.shuffle.map(flag));
}

fn flag(value: bool) -> &'static str {
    if value { "t" } else { "f" }
}

/// One field followed by a tab: `\N` for NULL, otherwise the text with backslash, tab, newline and carriage return
/// escaped, the only bytes COPY's text format gives a meaning to.
fn field(out: &mut Vec<u8>, value: Option<&str>) {
    match value {
        None => out.extend_from_slice(b"\\N"),
        Some(text) => {
            for &byte in text.as_bytes() {
                match byte {
                    b'\\' => out.extend_from_slice(b"\\\\"),
                    b'\t' => out.extend_from_slice(b"\\t"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    other => out.push(other),
                }
            }
        }
    }
    out.push(b'\t');
}

#[cfg(test)]
mod tests {
    use crossfade_history::{EpisodePlay, SongPlay};
    use time::macros::datetime;

    use super::*;

    fn details() -> PlayDetails {
        PlayDetails {
            played_at: datetime!(2023-04-01 12:00:31 UTC),
            ms_played: 215_373,
            reason_start: Some("trackdone".into()),
            reason_end: None,
            skipped: Some(false),
            shuffle: Some(true),
        }
    }

    fn encoded(record: &Record) -> String {
        let mut out = Vec::new();
        encode(record, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_song_is_one_line_with_escapes_and_nulls() {
        let song = Record::Song(SongPlay {
            details: details(),
            track_uri: Some("spotify:track:abc".into()),
            track_name: Some("Tab\there\\back\nline\rcr \"quoted\" Café".into()),
            artist_name: None,
            album_name: Some("\\N".into()),
        });
        assert_eq!(
            encoded(&song),
            "f\t1680350431\t215373\tspotify:track:abc\tabc\tTab\\there\\\\back\\nline\\rcr \"quoted\" Café\t\\N\t\
             \\\\N\ttrackdone\t\\N\tf\tt\n"
        );
    }

    #[test]
    fn an_episode_has_no_album_and_other_records_are_not_staged() {
        let episode = Record::Episode(EpisodePlay {
            details: details(),
            episode_uri: None,
            episode_name: Some("#12".into()),
            show_name: Some("The Atlas Hour".into()),
        });
        assert_eq!(
            encoded(&episode),
            "t\t1680350431\t215373\t\\N\t\\N\t#12\tThe Atlas Hour\t\\N\ttrackdone\t\\N\tf\tt\n"
        );
        assert_eq!(encoded(&Record::Other), "");
    }
}
