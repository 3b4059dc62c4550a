//! One track as a release feed lists it, whatever the feed's format: what each format knows is filled in, the rest
//! is missing. Beatport's own ids are kept where the feed has them, so the same track read twice is stored once.

use serde::{Deserialize, Serialize};

use crate::genres::fold;
use crate::{Day, Isrc, Key, LabelKey};

/// An artist (or remixer) credited on a release.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedArtist {
    pub beatport_id: Option<u64>,
    pub name: String,
}

/// The record label a release came out on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedLabel {
    pub beatport_id: Option<u64>,
    pub name: String,
}

/// The release (single, EP, album) a track is part of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedRelease {
    pub beatport_id: Option<u64>,
    pub name: String,
    pub catalog_number: Option<String>,
}

/// The feed's genre: Beatport's id and slug where known ("techno-peak-time-driving", 6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedGenre {
    pub beatport_id: Option<u32>,
    pub name: String,
    pub slug: String,
}

/// A released track as a feed describes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedTrack {
    /// Beatport's track id, when the feed is Beatport's.
    pub beatport_id: Option<u64>,
    /// The title without the mix ("Elevate").
    pub title: String,
    /// The mix name as written ("Original Mix", "Extended Mix", "Kölsch Remix"); None when the feed has none.
    pub mix: Option<String>,
    pub artists: Vec<FeedArtist>,
    pub remixers: Vec<FeedArtist>,
    pub label: Option<FeedLabel>,
    pub release: Option<FeedRelease>,
    pub isrc: Option<Isrc>,
    /// Beats per minute, 20 to 400.
    pub bpm: Option<f64>,
    pub key: Option<Key>,
    pub genre: Option<FeedGenre>,
    /// The day the track was released (Beatport's `new_release_date`, else `publish_date`).
    pub release_date: Option<Day>,
    pub length_ms: Option<u32>,
    /// The position in a chart (Top 100 files), 1 first.
    pub chart_rank: Option<u16>,
}

impl FeedTrack {
    /// A track of which only the title, mix and artists are known yet; readers fill in what their format has.
    pub fn new(title: &str, mix: Option<&str>, artists: Vec<FeedArtist>) -> FeedTrack {
        FeedTrack {
            beatport_id: None,
            title: title.to_owned(),
            mix: mix.map(str::to_owned),
            artists,
            remixers: Vec::new(),
            label: None,
            release: None,
            isrc: None,
            bpm: None,
            key: None,
            genre: None,
            release_date: None,
            length_ms: None,
            chart_rank: None,
        }
    }

    /// What makes two feed rows the same track: the credited artists (in any order), the title and the mix, folded,
    /// with "Original Mix" the same as no mix, and the ISRC when there is one (two recordings that share artists,
    /// title and mix are told apart by it). Beatport ids are not part of it, so a track read from a file and from
    /// the API is stored once.
    pub fn identity(&self) -> String {
        let mut artists: Vec<String> = self.artists.iter().map(|artist| folded_words(&artist.name)).collect();
        artists.sort();
        artists.dedup();
        let mix = self.mix.as_deref().map(folded_words).filter(|mix| mix != "original mix").unwrap_or_default();
        let isrc = self.isrc.as_ref().map(Isrc::as_str).unwrap_or_default();
        format!("{}|{}|{}|{isrc}", artists.join(","), folded_words(&self.title), mix)
    }
}

impl FeedArtist {
    /// What makes two credits the same artist: the folded name.
    pub fn key(&self) -> String {
        artist_key(&self.name)
    }
}

/// An artist's name folded for comparison (case, accents and punctuation ignored), wherever the name comes from: a
/// feed's credit or Spotify's artist.
pub fn artist_key(name: &str) -> String {
    folded_words(name)
}

impl FeedRelease {
    /// What makes two releases the same: the label's grouping key (empty without a label) and the folded name.
    pub fn key(&self, label: Option<&LabelKey>) -> String {
        format!("{}|{}", label.map(LabelKey::as_str).unwrap_or_default(), folded_words(&self.name))
    }
}

/// Folded text with every run of non-alphanumeric characters made one space.
fn folded_words(text: &str) -> String {
    fold(text).split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn track(artists: &[&str], title: &str, mix: Option<&str>) -> FeedTrack {
        let artists = artists.iter().map(|name| FeedArtist { beatport_id: None, name: (*name).into() }).collect();
        FeedTrack::new(title, mix, artists)
    }

    #[test]
    fn identity_ignores_case_accents_order_and_the_original_mix() {
        let a = track(&["Kölsch", "Tale Of Us"], "Elevate!", Some("Original Mix"));
        let b = track(&["tale of us", "Kolsch"], "elevate", None);
        assert_eq!(a.identity(), b.identity());
        assert_ne!(a.identity(), track(&["Kolsch", "Tale Of Us"], "Elevate", Some("Dub Mix")).identity());
        assert_ne!(a.identity(), track(&["Kolsch"], "Elevate", None).identity());
        let mut recorded = a.clone();
        recorded.isrc = Isrc::parse("GBDUW0000059").ok();
        let mut other_recording = a.clone();
        other_recording.isrc = Isrc::parse("GBDUW0000060").ok();
        assert_ne!(recorded.identity(), other_recording.identity(), "another recording of the same name");
    }
}
