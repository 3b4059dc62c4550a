//! Finding a recording at a service that counts its plays but charts nothing (YouTube, SoundCloud): what a search
//! hit says its title and artists are, and whether it is the recording. Uploaders write "Artist - Title (Official
//! Video)" on channels named "Artist - Topic" or "ArtistVEVO"; the hit is taken only when the chart matching would
//! tie it to the recording by title and artists (or by its ISRC, when the distributor gave one).

use super::{ChartEntry, EntryMatch, KnownRecording, match_entry};
use crate::Isrc;

/// Words uploaders add to a video's title that are not the recording's.
const VIDEO_DRESSING: [&str; 12] = [
    "official music video",
    "official video",
    "official audio",
    "official lyric video",
    "official visualizer",
    "lyric video",
    "lyrics",
    "visualizer",
    "audio",
    "video",
    "hd",
    "4k",
];

/// A search hit as a chart entry: its title without the uploader's dressing, and its artists from the title's
/// "Artist - " part, else from the channel without " - Topic" or "VEVO".
pub fn hit_as_entry(title: &str, channel: &str) -> ChartEntry {
    let (artists, title) = match title.split_once(" - ") {
        Some((artists, rest)) if !artists.trim().is_empty() && !rest.trim().is_empty() => {
            (artists.trim().to_owned(), rest)
        }
        _ => (channel_artist(channel), title),
    };
    ChartEntry::new(1, undressed(title), artists)
}

/// Whether the hit `entry` (with the ISRC its service gave, if any) is `recording`.
pub fn hit_is_recording(entry: &ChartEntry, isrc: Option<&Isrc>, recording: &KnownRecording<()>) -> bool {
    matches!(match_entry(entry, isrc, std::slice::from_ref(recording)), EntryMatch::Known { .. })
}

fn channel_artist(channel: &str) -> String {
    let channel = channel.trim();
    let channel = channel.strip_suffix(" - Topic").unwrap_or(channel);
    let channel = channel.strip_suffix("VEVO").unwrap_or(channel);
    channel.trim().to_owned()
}

/// `title` without bracketed dressing ("(Official Video)", "[Lyrics]"); other brackets (a version, a feature) stay.
fn undressed(title: &str) -> String {
    let mut kept = String::new();
    let mut rest = title;
    while let Some(open) = rest.find(['(', '[']) {
        let close_char = if rest[open..].starts_with('(') { ')' } else { ']' };
        let Some(close) = rest[open..].find(close_char).map(|at| open + at) else { break };
        let inside = rest[open + 1..close].trim().to_lowercase();
        kept.push_str(&rest[..open]);
        if !VIDEO_DRESSING.contains(&inside.as_str()) {
            kept.push_str(&rest[open..=close]);
        }
        rest = &rest[close + 1..];
    }
    kept.push_str(rest);
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(title: &str, artists: &str) -> KnownRecording<()> {
        KnownRecording { recording: (), title: title.into(), artists: artists.into(), duration_ms: None, isrcs: vec![] }
    }

    #[test]
    fn a_video_title_gives_artists_and_title_without_dressing() {
        let entry = hit_as_entry("Ann Clarke & Bo Lee - Night Drive (Official Music Video)", "AnnClarkeVEVO");
        assert_eq!((entry.title.as_str(), entry.artists.as_str()), ("Night Drive", "Ann Clarke & Bo Lee"));
        let entry = hit_as_entry("Night Drive (Extended Mix) [Lyrics]", "Ann Clarke - Topic");
        assert_eq!((entry.title.as_str(), entry.artists.as_str()), ("Night Drive (Extended Mix)", "Ann Clarke"));
        let entry = hit_as_entry("Night Drive", "AnnClarkeVEVO");
        assert_eq!(entry.artists, "AnnClarke");
    }

    #[test]
    fn a_hit_is_the_recording_only_when_title_and_artists_agree() {
        let recording = known("Night Drive", "Ann Clarke, Bo Lee");
        let hit = hit_as_entry("Ann Clarke, Bo Lee - Night Drive (Official Video)", "Ann Clarke");
        assert!(hit_is_recording(&hit, None, &recording));
        let other_song = hit_as_entry("Ann Clarke - Morning Walk (Official Video)", "Ann Clarke");
        assert!(!hit_is_recording(&other_song, None, &recording));
        let cover = hit_as_entry("Somebody Else - Night Drive (Official Video)", "Somebody Else");
        assert!(!hit_is_recording(&cover, None, &recording));
    }

    #[test]
    fn a_hit_with_the_recordings_isrc_is_the_recording_whatever_its_title() {
        let isrc = Isrc::parse("GBAYE2600001").unwrap();
        let recording = KnownRecording { isrcs: vec![isrc.clone()], ..known("Night Drive", "Ann Clarke") };
        let hit = hit_as_entry("night drive sped up", "some uploader");
        assert!(hit_is_recording(&hit, Some(&isrc), &recording));
    }
}
