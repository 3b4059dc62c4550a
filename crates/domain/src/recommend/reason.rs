//! Why a track is recommended, in the words the board uses for its cards: what it shares in sound with the seed
//! ("124 BPM, 5A like this playlist's end") and what it shares besides ("same label as 3 tracks you play often").
//!
//! A tempo or key is named when it agrees with at least half of the seed, by weight, among the seed's tracks whose
//! tempo or key is known; so with a playlist, whose end weighs most, it agrees with where the playlist ends.

use std::fmt;

use super::DiscoverTrack;
use super::seed::{Seed, SeedKind};
use crate::{AudioFeature, Key};

/// Tempos this close (BPM), at half or double tempo too, count as the same tempo in a reason: the board's "in
/// range".
const IN_TEMPO: f64 = 6.0;
/// The share of the seed a tempo or key must agree with to be named.
const AGREEING: f64 = 0.5;

/// Why a track is recommended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiscoverReason {
    pub seed: SeedKind,
    /// The track's BPM, rounded, when it is in tempo with the seed.
    pub bpm: Option<u16>,
    /// The track's key in Camelot notation, when it is the same as or a harmonic neighbour of the seed's.
    pub key: Option<String>,
    /// The track's genre that weighs most in the seed (the first listed on a tie).
    pub genre: Option<String>,
    /// How many of the seed's tracks are on the track's label.
    pub label_tracks: usize,
    /// The first of the track's artists credited in the seed.
    pub shared_artist: Option<String>,
}

/// What a reason needs of each of the seed's tracks.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Member {
    weight: f64,
    bpm: Option<f64>,
    key: Option<Key>,
}

impl Member {
    pub(super) fn of(track: &DiscoverTrack, weight: f64) -> Member {
        Member { weight, bpm: tempo(track), key: track.key }
    }
}

fn tempo(track: &DiscoverTrack) -> Option<f64> {
    track.bpm.and_then(|bpm| AudioFeature::Tempo.check(bpm).ok())
}

/// BPM apart, where a track at half or double the other's tempo is as close as at the same.
fn bpm_apart(a: f64, b: f64) -> f64 {
    (a - b).abs().min((2.0 * a - b).abs()).min((a - 2.0 * b).abs())
}

/// The share of the weight of the members `agrees` knows about that it says agree; 0 when it knows about none.
fn agreeing(members: &[Member], agrees: impl Fn(&Member) -> Option<bool>) -> f64 {
    let (mut known, mut agree) = (0.0, 0.0);
    for member in members {
        if let Some(agrees) = agrees(member) {
            known += member.weight;
            if agrees {
                agree += member.weight;
            }
        }
    }
    if known > 0.0 { agree / known } else { 0.0 }
}

/// Why `track` is recommended for `seed`.
pub(super) fn explain(seed: &Seed, track: &DiscoverTrack) -> DiscoverReason {
    let members = seed.members();
    let profile = seed.profile();
    let bpm = tempo(track)
        .filter(|own| agreeing(members, |member| member.bpm.map(|bpm| bpm_apart(*own, bpm) <= IN_TEMPO)) >= AGREEING);
    let key = track
        .key
        .filter(|own| agreeing(members, |member| member.key.map(|key| own.is_harmonic_neighbour_of(key))) >= AGREEING);
    let genre =
        track.genres.iter().map(|genre| (genre, profile.genre(genre))).filter(|(_, weight)| *weight > 0.0).fold(
            None,
            |best: Option<(&String, f64)>, (genre, weight)| match best {
                Some((_, most)) if most >= weight => best,
                _ => Some((genre, weight)),
            },
        );
    DiscoverReason {
        seed: seed.kind().clone(),
        bpm: bpm.map(|bpm| bpm.round() as u16),
        key: key.map(Key::camelot),
        genre: genre.map(|(genre, _)| genre.clone()),
        label_tracks: profile.label(track.label.as_ref()).map_or(0, |label| label.tracks),
        shared_artist: profile.artist(&track.artists).map(|(artist, _)| artist.to_owned()),
    }
}

impl SeedKind {
    /// What the sound is like: "like this playlist's end".
    fn like(&self) -> &str {
        match self {
            SeedKind::Track => "this track",
            SeedKind::Playlist => "this playlist's end",
            SeedKind::Taste => "what you play",
            SeedKind::Category(category) => category,
        }
    }

    /// `count` of the seed's tracks: "3 tracks you play often".
    fn tracks(&self, count: usize) -> String {
        let tracks = if count == 1 { "track" } else { "tracks" };
        match self {
            SeedKind::Track => "this track".to_owned(),
            SeedKind::Playlist => format!("{count} {tracks} in this playlist"),
            SeedKind::Taste => format!("{count} {tracks} you play often"),
            SeedKind::Category(category) => format!("{count} {tracks} in {category}"),
        }
    }
}

impl fmt::Display for DiscoverReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bpm = self.bpm.map(|bpm| format!("{bpm} BPM"));
        let sound: Vec<String> = bpm.into_iter().chain(self.key.clone()).chain(self.genre.clone()).collect();
        if sound.is_empty() {
            write!(f, "sounds like {}", self.seed.like())?;
        } else {
            write!(f, "{} like {}", sound.join(", "), self.seed.like())?;
        }
        if self.label_tracks > 0 {
            write!(f, "; same label as {}", self.seed.tracks(self.label_tracks))?;
        }
        if let Some(artist) = &self.shared_artist {
            write!(f, "; also {artist}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::FeatureScale;
    use super::super::SeedPlay;
    use super::super::vector::tests::key;
    use super::*;
    use crate::RecordLabel;

    /// The reason of `track` for a seed of `tracks`.
    fn explained(
        seed: impl Fn(&FeatureScale, &[DiscoverTrack]) -> Seed,
        tracks: &[DiscoverTrack],
        track: &DiscoverTrack,
    ) -> DiscoverReason {
        explain(&seed(&FeatureScale::fit(tracks), tracks), track)
    }

    fn track(bpm: f64, camelot: &str, label: &str, artists: &[&str]) -> DiscoverTrack {
        DiscoverTrack {
            bpm: Some(bpm),
            key: Some(key(camelot)),
            label: RecordLabel::parse(label).map(|label| label.key().clone()),
            artists: artists.iter().map(|artist| (*artist).to_owned()).collect(),
            genres: vec!["techno".into()],
            ..DiscoverTrack::default()
        }
    }

    #[test]
    fn the_reason_reads_as_the_issue_says() {
        let reason = DiscoverReason {
            seed: SeedKind::Playlist,
            bpm: Some(124),
            key: Some("5A".into()),
            genre: None,
            label_tracks: 3,
            shared_artist: None,
        };
        assert_eq!(reason.to_string(), "124 BPM, 5A like this playlist's end; same label as 3 tracks in this playlist");
        let taste = DiscoverReason { seed: SeedKind::Taste, ..reason.clone() };
        assert_eq!(taste.to_string(), "124 BPM, 5A like what you play; same label as 3 tracks you play often");
        let bare = DiscoverReason {
            seed: SeedKind::Category("Peak Time".into()),
            bpm: None,
            key: None,
            genre: None,
            label_tracks: 1,
            shared_artist: Some("dj koze".into()),
        };
        assert_eq!(bare.to_string(), "sounds like Peak Time; same label as 1 track in Peak Time; also dj koze");
        let one = DiscoverReason { seed: SeedKind::Track, genre: Some("techno".into()), ..reason };
        assert_eq!(one.to_string(), "124 BPM, 5A, techno like this track; same label as this track");
    }

    #[test]
    fn a_playlist_reason_follows_where_the_playlist_ends() {
        let mut playlist: Vec<DiscoverTrack> = (0..10).map(|_| track(120.0, "2B", "Kompakt", &["ann"])).collect();
        playlist.extend((0..4).map(|_| track(124.0, "5A", "Drumcode", &["bob"])));
        let candidate = track(124.2, "6A", "Drumcode", &["cy", "bob"]);
        let reason = explained(Seed::playlist, &playlist, &candidate);
        assert_eq!(
            reason.to_string(),
            "124 BPM, 6A, techno like this playlist's end; same label as 4 tracks in this playlist; also bob"
        );
        let from_the_start = explained(Seed::playlist, &playlist[..10], &candidate);
        assert_eq!(
            from_the_start.to_string(),
            "124 BPM, techno like this playlist's end",
            "4 BPM is in tempo, 6A is far from 2B"
        );
    }

    #[test]
    fn a_taste_reason_counts_the_tracks_played() {
        let tracks = [
            track(62.0, "8A", "Drumcode", &[]),
            track(130.0, "8A", "Drumcode", &[]),
            track(90.0, "1B", "Kompakt", &[]),
        ];
        let plays = [0, 1, 1, 2].map(|at| SeedPlay { track: at, days_ago: 1.0, skipped: false });
        let taste = |scale: &FeatureScale, tracks: &[DiscoverTrack]| Seed::taste(scale, tracks, &plays);
        let reason = explained(taste, &tracks, &track(125.0, "9A", "Drumcode Records", &[]));
        assert_eq!(reason.to_string(), "125 BPM, 9A, techno like what you play; same label as 2 tracks you play often");
    }
}
