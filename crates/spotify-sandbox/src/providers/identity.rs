//! What each provider knows of the catalog and under which identifiers: every draw is a hash of the world's seed,
//! a purpose and a catalog id, so answers are the same on every run and in any request order.

use std::collections::HashMap;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

use super::Shelves;
use super::charts::ChartIndex;
use super::soundcloud::Uploads;
use super::youtube::Videos;
use crate::catalog::Catalog;

/// Share of catalog tracks ReccoBeats has analysed.
const RECCOBEATS_KNOWN: f64 = 0.87;
/// Share of catalog ISRCs Deezer resolves.
const DEEZER_KNOWN: f64 = 0.9;
/// Share of catalog ISRCs attached to at least one MusicBrainz recording.
const MUSICBRAINZ_KNOWN: f64 = 0.88;
/// Share of known ISRCs attached to two recordings (a duplicate or a differently mastered release).
const MUSICBRAINZ_TWO_RECORDINGS: f64 = 0.06;

/// The providers' views of the catalog: which items each knows and the identifiers it gives them.
#[derive(Debug)]
pub(crate) struct ProviderIndex {
    seed: u64,
    by_isrc: HashMap<String, usize>,
    reccobeats: HashMap<String, usize>,
    deezer_track_ids: Vec<Option<u64>>,
    deezer_tracks: HashMap<u64, usize>,
    deezer_album_ids: Vec<Option<u64>>,
    deezer_albums: HashMap<u64, usize>,
    recording_ids: Vec<Vec<String>>,
    recordings: HashMap<String, usize>,
    /// What Beatport carries of the catalog.
    pub(crate) beatport: Shelves,
    /// What the chart sources know of the catalog, and the songs they chart beyond it.
    pub(crate) charts: ChartIndex,
    /// The songs with videos on YouTube.
    pub(crate) youtube: Videos,
    /// The songs uploaded to SoundCloud.
    pub(crate) soundcloud: Uploads,
}

impl ProviderIndex {
    /// Decides, for the world built from `seed`, what each provider knows of `catalog`.
    pub(crate) fn build(seed: u64, catalog: &Catalog) -> Self {
        let mut index = Self {
            seed,
            by_isrc: HashMap::new(),
            reccobeats: HashMap::new(),
            deezer_track_ids: vec![None; catalog.tracks.len()],
            deezer_tracks: HashMap::new(),
            deezer_album_ids: vec![None; catalog.albums.len()],
            deezer_albums: HashMap::new(),
            recording_ids: vec![Vec::new(); catalog.tracks.len()],
            recordings: HashMap::new(),
            beatport: Shelves::default(),
            charts: ChartIndex::default(),
            youtube: Videos::default(),
            soundcloud: Uploads::default(),
        };
        for (position, track) in catalog.tracks.iter().enumerate() {
            // An ISRC shared by two catalog tracks resolves to the first, as a provider keeps one recording.
            index.by_isrc.entry(track.isrc.clone()).or_insert(position);
            if index.share("reccobeats-known", &track.id) < RECCOBEATS_KNOWN {
                index.reccobeats.insert(index.uuid("reccobeats-track", &track.id), position);
            }
            if index.share("deezer-known", &track.isrc) < DEEZER_KNOWN {
                let id =
                    free_id(&index.deezer_tracks, index.number("deezer-track", &track.id, 1_000_000, 3_999_999_999));
                index.deezer_tracks.insert(id, position);
                index.deezer_track_ids[position] = Some(id);
                let album = track.album;
                if index.deezer_album_ids[album].is_none() {
                    let album_id = &catalog.albums[album].id;
                    let id =
                        free_id(&index.deezer_albums, index.number("deezer-album", album_id, 100_000, 899_999_999));
                    index.deezer_albums.insert(id, album);
                    index.deezer_album_ids[album] = Some(id);
                }
            }
            if index.share("musicbrainz-known", &track.isrc) < MUSICBRAINZ_KNOWN {
                let count =
                    if index.share("musicbrainz-twice", &track.isrc) < MUSICBRAINZ_TWO_RECORDINGS { 2 } else { 1 };
                for copy in 0..count {
                    let mbid = index.uuid(&format!("musicbrainz-recording-{copy}"), &track.id);
                    index.recordings.insert(mbid.clone(), position);
                    index.recording_ids[position].push(mbid);
                }
            }
        }
        index.beatport = Shelves::build(&index, catalog);
        let charts = ChartIndex::build(&index, catalog);
        index.youtube = Videos::build(&index, catalog, &charts);
        index.soundcloud = Uploads::build(&index, catalog, &charts);
        index.charts = charts;
        index
    }

    /// The catalog track with this ISRC (any case).
    pub(crate) fn track_by_isrc(&self, isrc: &str) -> Option<usize> {
        self.by_isrc.get(&isrc.to_ascii_uppercase()).copied()
    }

    /// The catalog track with this Spotify id, if ReccoBeats has analysed it.
    pub(crate) fn reccobeats_knows(&self, catalog: &Catalog, spotify_id: &str) -> Option<usize> {
        let track = catalog.track_index(spotify_id)?;
        self.reccobeats.contains_key(&self.uuid("reccobeats-track", spotify_id)).then_some(track)
    }

    /// The track behind a ReccoBeats id.
    pub(crate) fn reccobeats_track(&self, reccobeats_id: &str) -> Option<usize> {
        self.reccobeats.get(&reccobeats_id.to_ascii_lowercase()).copied()
    }

    /// Deezer's id of a catalog track it knows.
    pub(crate) fn deezer_track_id(&self, track: usize) -> Option<u64> {
        self.deezer_track_ids.get(track).copied().flatten()
    }

    /// The track behind a Deezer track id.
    pub(crate) fn deezer_track(&self, id: u64) -> Option<usize> {
        self.deezer_tracks.get(&id).copied()
    }

    /// Deezer's id of a catalog album (known when Deezer knows one of its tracks).
    pub(crate) fn deezer_album_id(&self, album: usize) -> Option<u64> {
        self.deezer_album_ids.get(album).copied().flatten()
    }

    /// The album behind a Deezer album id.
    pub(crate) fn deezer_album(&self, id: u64) -> Option<usize> {
        self.deezer_albums.get(&id).copied()
    }

    /// The MusicBrainz recordings (MBIDs) of a track, none when MusicBrainz does not know its ISRC.
    pub(crate) fn recording_ids(&self, track: usize) -> &[String] {
        self.recording_ids.get(track).map_or(&[], Vec::as_slice)
    }

    /// The track behind a MusicBrainz recording id.
    pub(crate) fn recording(&self, mbid: &str) -> Option<usize> {
        self.recordings.get(&mbid.to_ascii_lowercase()).copied()
    }

    fn digest(&self, purpose: &str, id: &str) -> [u8; 32] {
        Sha256::new()
            .chain_update(self.seed.to_le_bytes())
            .chain_update(purpose.as_bytes())
            .chain_update([0])
            .chain_update(id.as_bytes())
            .finalize()
            .into()
    }

    /// A random generator for one purpose and one item.
    pub(crate) fn rng(&self, purpose: &str, id: &str) -> ChaCha8Rng {
        ChaCha8Rng::from_seed(self.digest(purpose, id))
    }

    /// A uniform draw in `[0, 1)` for one purpose and one item.
    pub(crate) fn share(&self, purpose: &str, id: &str) -> f64 {
        let digest = self.digest(purpose, id);
        let bits = u64::from_le_bytes(digest[..8].try_into().unwrap_or_default());
        (bits >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An integer in `low..=high` for one purpose and one item.
    pub(crate) fn number(&self, purpose: &str, id: &str, low: u64, high: u64) -> u64 {
        let digest = self.digest(purpose, id);
        low + u64::from_le_bytes(digest[..8].try_into().unwrap_or_default()) % (high - low + 1)
    }

    /// A version-4-shaped UUID (lower case) for one purpose and one item.
    pub(crate) fn uuid(&self, purpose: &str, id: &str) -> String {
        let mut bytes = self.digest(purpose, id);
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let hex: String = bytes[..16].iter().map(|b| format!("{b:02x}")).collect();
        format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
    }
}

/// `wanted`, or the next id above it that is still free.
fn free_id(taken: &HashMap<u64, usize>, wanted: u64) -> u64 {
    (wanted..).find(|id| !taken.contains_key(id)).unwrap_or(wanted)
}

/// Whether `text` has the shape of a UUID (MBIDs and ReccoBeats ids).
pub(crate) fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `value` rounded to `decimals` places, as Spotify reports features.
pub(crate) fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::build_catalog;
    use crate::config::CatalogOptions;
    use time::macros::date;

    fn index() -> (Catalog, ProviderIndex) {
        let options = CatalogOptions { tracks: 2_000, ..CatalogOptions::default() };
        let (catalog, _) = build_catalog(5, &options, date!(2026 - 06 - 01), 0).unwrap();
        let index = ProviderIndex::build(5, &catalog);
        (catalog, index)
    }

    #[test]
    fn each_provider_knows_its_share_of_the_catalog() {
        let (catalog, index) = index();
        let n = catalog.tracks.len() as f64;
        let reccobeats = index.reccobeats.len() as f64 / n;
        let deezer = index.deezer_tracks.len() as f64 / n;
        let known_isrcs = index.recording_ids.iter().filter(|ids| !ids.is_empty()).count() as f64 / n;
        assert!((0.84..0.90).contains(&reccobeats), "{reccobeats}");
        assert!((0.87..0.93).contains(&deezer), "{deezer}");
        assert!((0.85..0.91).contains(&known_isrcs), "{known_isrcs}");
        assert!(index.recording_ids.iter().any(|ids| ids.len() == 2));
    }

    #[test]
    fn identifiers_are_stable_and_resolve_back() {
        let (catalog, first) = index();
        let again = ProviderIndex::build(5, &catalog);
        let other_seed = ProviderIndex::build(6, &catalog);
        let track = &catalog.tracks[3];
        assert_eq!(first.uuid("reccobeats-track", &track.id), again.uuid("reccobeats-track", &track.id));
        assert_ne!(first.uuid("reccobeats-track", &track.id), other_seed.uuid("reccobeats-track", &track.id));
        assert!(is_uuid(&first.uuid("x", "y")) && !is_uuid("not-a-uuid") && !is_uuid(&track.id));
        for (position, track) in catalog.tracks.iter().enumerate() {
            if let Some(id) = first.deezer_track_id(position) {
                assert_eq!(first.deezer_track(id), Some(position));
                assert_eq!(first.deezer_album(first.deezer_album_id(track.album).unwrap()), Some(track.album));
            }
            for mbid in first.recording_ids(position) {
                assert_eq!(first.recording(&mbid.to_uppercase()), Some(position));
            }
        }
    }
}
