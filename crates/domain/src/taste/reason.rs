//! The reason a card shows for its place: which golden playlist the candidate is close to and what it has in common
//! with the close tracks there ("close to 4 tracks in Peak Time: 128–130 BPM, 8A, same label").

use std::fmt;

use super::TasteTrack;
use super::similarity::{bpm_credit, tempo};

/// Why a candidate ranks where it does: the golden playlist it is most like and what it shares with its close
/// tracks there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TasteReason {
    /// The golden playlist's category ("Peak Time").
    pub category: String,
    /// How many of the category's tracks nearest the candidate are close to it (at most the number of neighbours a
    /// score looks at).
    pub neighbours: usize,
    /// The lowest and highest BPM, rounded, of the close tracks within a few BPM of the candidate, each at the
    /// candidate's octave: next to a candidate at 87, a track at 174 counts as 87, so the range reads like the card.
    pub bpm: Option<(u16, u16)>,
    /// The candidate's key in Camelot notation, when it is the same as or a harmonic neighbour of the key of at
    /// least half the close tracks whose key is known.
    pub key: Option<String>,
    /// Whether a close track is on the candidate's label.
    pub same_label: bool,
    /// The first of the candidate's artists credited on a close track.
    pub shared_artist: Option<String>,
    /// The candidate's genre that the most close tracks share (the first listed on a tie).
    pub shared_genre: Option<String>,
}

/// Tempos count as "in range" from this much credit on, within about 7 BPM.
const IN_TEMPO: f64 = 0.5;

/// The reason for `candidate` being close to the `close` tracks of `category`, or `None` when there are none.
pub(super) fn explain<'a>(
    candidate: &TasteTrack,
    category: &str,
    close: impl Iterator<Item = &'a TasteTrack> + Clone,
) -> Option<TasteReason> {
    let neighbours = close.clone().count();
    if neighbours == 0 {
        return None;
    }
    let bpm = tempo(candidate.bpm).and_then(|own| {
        close
            .clone()
            .filter_map(|track| tempo(track.bpm))
            .filter(|bpm| bpm_credit(own, *bpm) >= IN_TEMPO)
            .map(|bpm| at_octave_of(own, bpm).round().min(f64::from(u16::MAX)) as u16)
            .fold(None, |range, bpm| match range {
                None => Some((bpm, bpm)),
                Some((low, high)) => Some((bpm.min(low), bpm.max(high))),
            })
    });
    let key = candidate.key.filter(|own| {
        let keyed = close.clone().filter_map(|track| track.key);
        let harmonic = keyed.clone().filter(|other| own.is_harmonic_neighbour_of(*other)).count();
        let known = keyed.count();
        known > 0 && 2 * harmonic >= known
    });
    let shared_genre = candidate
        .genres
        .iter()
        .map(|genre| (genre, close.clone().filter(|track| track.genres.contains(genre)).count()))
        .filter(|(_, sharing)| *sharing > 0)
        .fold(None, |best: Option<(&String, usize)>, (genre, sharing)| match best {
            Some((_, most)) if most >= sharing => best,
            _ => Some((genre, sharing)),
        })
        .map(|(genre, _)| genre.clone());
    Some(TasteReason {
        category: category.to_owned(),
        neighbours,
        bpm,
        key: key.map(|key| key.camelot()),
        same_label: candidate.label.is_some() && close.clone().any(|track| track.label == candidate.label),
        shared_artist: candidate
            .artists
            .iter()
            .find(|artist| !artist.is_empty() && close.clone().any(|track| track.artists.contains(artist)))
            .cloned(),
        shared_genre,
    })
}

/// `bpm`, halved or doubled when that brings it nearer `own`.
fn at_octave_of(own: f64, bpm: f64) -> f64 {
    [bpm / 2.0, bpm * 2.0]
        .into_iter()
        .fold(bpm, |near, other| if (other - own).abs() < (near - own).abs() { other } else { near })
}

impl fmt::Display for TasteReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tracks = if self.neighbours == 1 { "track" } else { "tracks" };
        write!(f, "close to {} {tracks} in {}", self.neighbours, self.category)?;
        let mut separator = ": ";
        let mut detail = |f: &mut fmt::Formatter<'_>, text: fmt::Arguments<'_>| {
            f.write_str(separator)?;
            separator = ", ";
            f.write_fmt(text)
        };
        match self.bpm {
            Some((low, high)) if low == high => detail(f, format_args!("{low} BPM"))?,
            Some((low, high)) => detail(f, format_args!("{low}–{high} BPM"))?,
            None => {}
        }
        if let Some(key) = &self.key {
            detail(f, format_args!("{key}"))?;
        }
        if self.same_label {
            detail(f, format_args!("same label"))?;
        }
        if let Some(artist) = &self.shared_artist {
            detail(f, format_args!("also {artist}"))?;
        }
        if let Some(genre) = &self.shared_genre {
            detail(f, format_args!("{genre}"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Key, RecordLabel};

    fn reason() -> TasteReason {
        TasteReason {
            category: "Peak Time".into(),
            neighbours: 4,
            bpm: Some((128, 130)),
            key: Some("8A".into()),
            same_label: true,
            shared_artist: None,
            shared_genre: None,
        }
    }

    #[test]
    fn the_reason_reads_as_a_dj_says_it() {
        assert_eq!(reason().to_string(), "close to 4 tracks in Peak Time: 128–130 BPM, 8A, same label");
        let every =
            TasteReason { shared_artist: Some("dj koze".into()), shared_genre: Some("deep-house".into()), ..reason() };
        assert_eq!(
            every.to_string(),
            "close to 4 tracks in Peak Time: 128–130 BPM, 8A, same label, also dj koze, deep-house"
        );
        let bare = TasteReason {
            category: "Warm-up".into(),
            neighbours: 1,
            bpm: None,
            key: None,
            same_label: false,
            shared_artist: None,
            shared_genre: None,
        };
        assert_eq!(bare.to_string(), "close to 1 track in Warm-up");
        let one_tempo = TasteReason { bpm: Some((174, 174)), key: None, same_label: false, ..reason() };
        assert_eq!(one_tempo.to_string(), "close to 4 tracks in Peak Time: 174 BPM");
    }

    #[test]
    fn the_details_come_from_the_close_tracks() {
        let label = |name: &str| Some(RecordLabel::parse(name).unwrap().key().clone());
        let track = |bpm: f64, key: &str, label_name: &str, genres: &[&str]| TasteTrack {
            bpm: Some(bpm),
            key: Key::parse(key),
            label: label(label_name),
            genres: genres.iter().map(|genre| (*genre).to_owned()).collect(),
            artists: vec!["someone else".into()],
            ..TasteTrack::default()
        };
        let candidate = TasteTrack {
            artists: vec!["ann".into(), "bob".into()],
            ..track(87.0, "8A", "Be As One", &["jungle", "drum-and-bass"])
        };
        let close = [
            track(174.0, "8A", "Hospital", &["drum-and-bass"]),
            track(172.4, "2B", "Hospital", &["drum-and-bass", "jungle"]),
            TasteTrack { artists: vec!["bob".into()], ..track(120.0, "9A", "Be As One", &["drum-and-bass"]) },
        ];
        let reason = explain(&candidate, "Rollers", close.iter()).unwrap();
        assert_eq!(
            reason,
            TasteReason {
                category: "Rollers".into(),
                neighbours: 3,
                bpm: Some((86, 87)),
                key: Some("8A".into()),
                same_label: true,
                shared_artist: Some("bob".into()),
                shared_genre: Some("drum-and-bass".into()),
            }
        );
        assert_eq!(explain(&candidate, "Rollers", [].iter()), None);
        let off_key = explain(&candidate, "Rollers", close[1..2].iter()).unwrap();
        assert_eq!(off_key.key, None, "2B is far from 8A");
        assert_eq!(off_key.shared_genre, Some("jungle".into()), "the first listed on a tie");
    }
}
