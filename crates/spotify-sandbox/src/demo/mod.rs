//! Generating the demo users' libraries from the seed: liked songs, saved albums, followed artists, top items,
//! play history, devices and (in `playlists`) owned, followed, collaborative and editorial playlists.

mod history;
mod playlists;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use crate::catalog::{Catalog, random_id};
use crate::config::DemoUserSpec;
use crate::state::{Device, Player, Playlist, Profile, Saved, UserLibrary};

/// The generated users, every profile that owns a playlist, and all playlists.
#[derive(Debug)]
pub(crate) struct DemoWorld {
    pub users: BTreeMap<String, UserLibrary>,
    pub profiles: BTreeMap<String, Profile>,
    pub playlists: HashMap<String, Playlist>,
}

/// A random stream of its own for each user, so one user's library does not depend on the others'.
fn user_rng(seed: u64, user_id: &str) -> ChaCha8Rng {
    let digest = Sha256::digest(user_id.as_bytes());
    let mut stream = [0u8; 8];
    stream.copy_from_slice(&digest[..8]);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(u64::from_le_bytes(stream));
    rng
}

/// Builds every demo user's library as of `now`.
pub(crate) fn build_world(seed: u64, catalog: &Catalog, specs: &[DemoUserSpec], now: OffsetDateTime) -> DemoWorld {
    let mut profiles: BTreeMap<String, Profile> = specs
        .iter()
        .map(|spec| (spec.id.clone(), Profile { id: spec.id.clone(), display_name: spec.display_name.clone() }))
        .collect();
    let mut users: BTreeMap<String, UserLibrary> = BTreeMap::new();
    let mut rngs: Vec<ChaCha8Rng> = Vec::new();
    for spec in specs {
        let mut rng = user_rng(seed, &spec.id);
        users.insert(spec.id.clone(), library(spec, catalog, now, &mut rng));
        rngs.push(rng);
    }
    let mut shared_rng = ChaCha8Rng::seed_from_u64(seed);
    shared_rng.set_stream(2);
    let playlists = playlists::build(specs, &mut users, &mut profiles, catalog, now, &mut rngs, &mut shared_rng);
    for (spec, rng) in specs.iter().zip(rngs.iter_mut()) {
        if let Some(user) = users.get_mut(&spec.id) {
            history::fill(user, catalog, &playlists, now, rng);
        }
    }
    DemoWorld { users, profiles, playlists }
}

fn library(spec: &DemoUserSpec, catalog: &Catalog, now: OffsetDateTime, rng: &mut ChaCha8Rng) -> UserLibrary {
    let genres: BTreeSet<&str> = catalog.tracks.iter().map(|t| t.genre.as_str()).collect();
    let mut genres: Vec<&str> = genres.into_iter().collect();
    genres.shuffle(rng);
    let favourites: BTreeSet<&str> = genres.iter().take(rng.random_range(3..=6)).copied().collect();
    let mut order: Vec<usize> = (0..catalog.tracks.len()).collect();
    order.shuffle(rng);
    let (mut preferred, mut others): (Vec<usize>, Vec<usize>) =
        order.into_iter().partition(|t| favourites.contains(catalog.tracks[*t].genre.as_str()));
    let wanted = spec.liked_songs.min(catalog.tracks.len());
    let mut liked_tracks = Vec::with_capacity(wanted);
    while liked_tracks.len() < wanted {
        let from_preferred = rng.random_bool(0.7);
        let next = if from_preferred {
            preferred.pop().or_else(|| others.pop())
        } else {
            others.pop().or_else(|| preferred.pop())
        };
        match next {
            Some(track) => liked_tracks.push(track),
            None => break,
        }
    }
    let liked = saved_newest_first(&liked_tracks, now, rng);

    let mut album_seen = BTreeSet::new();
    let albums: Vec<usize> =
        liked_tracks.iter().map(|t| catalog.tracks[*t].album).filter(|album| album_seen.insert(*album)).collect();
    let saved_albums = saved_newest_first(&albums[..spec.saved_albums.min(albums.len())], now, rng);

    let mut artist_counts: BTreeMap<usize, usize> = BTreeMap::new();
    for track in &liked_tracks {
        *artist_counts.entry(catalog.tracks[*track].artists[0]).or_default() += 1;
    }
    let mut by_affinity: Vec<(usize, usize)> = artist_counts.into_iter().collect();
    by_affinity.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut followed_artists: Vec<usize> =
        by_affinity.iter().take(spec.followed_artists).map(|(artist, _)| *artist).collect();
    followed_artists.shuffle(rng);

    let top_artists = std::array::from_fn(|slot| {
        let mut ranked: Vec<usize> = by_affinity.iter().take(70).map(|(artist, _)| *artist).collect();
        let swaps = [25, 10, 0][slot];
        for _ in 0..swaps.min(ranked.len()) {
            let (a, b) = (rng.random_range(0..ranked.len()), rng.random_range(0..ranked.len()));
            ranked.swap(a, b);
        }
        ranked.truncate(50);
        ranked
    });
    let top_tracks = std::array::from_fn(|slot| {
        let window = [60, 400, liked_tracks.len()][slot].min(liked_tracks.len());
        let mut ranked: Vec<usize> = liked_tracks[..window].to_vec();
        ranked.shuffle(rng);
        ranked.truncate(50);
        ranked
    });

    UserLibrary {
        id: spec.id.clone(),
        account_id: random_id(rng),
        display_name: spec.display_name.clone(),
        premium: spec.premium,
        liked,
        saved_albums,
        saved_shows: Vec::new(),
        saved_episodes: Vec::new(),
        followed_artists,
        followed_users: BTreeSet::new(),
        playlists: Vec::new(),
        top_tracks,
        top_artists,
        plays: Vec::new(),
        player: Player::with_devices(devices(rng)),
    }
}

/// Dates `items` newest first, going back from `now` with irregular gaps (sometimes several in the same second,
/// as when a whole album is saved at once).
fn saved_newest_first(items: &[usize], now: OffsetDateTime, rng: &mut ChaCha8Rng) -> Vec<Saved> {
    let span_secs = (items.len() as f64 * 3.0 * 86_400.0).min(8.0 * 365.0 * 86_400.0);
    let mean_gap = span_secs / items.len().max(1) as f64;
    let mut at = (now - Duration::seconds(rng.random_range(600..172_800))).replace_nanosecond(0).unwrap_or(now);
    items
        .iter()
        .map(|index| {
            let saved = Saved { index: *index, added_at: at };
            if !rng.random_bool(0.03) {
                let gap = -mean_gap * (1.0 - rng.random::<f64>()).ln();
                at -= Duration::seconds(gap.max(1.0) as i64);
            }
            saved
        })
        .collect()
}

fn devices(rng: &mut ChaCha8Rng) -> Vec<Device> {
    let mut device_id =
        || (0..40).map(|_| char::from(b"0123456789abcdef"[rng.random_range(0..16)])).collect::<String>();
    vec![
        Device {
            id: device_id(),
            name: "Web Player (Firefox)".into(),
            kind: "Computer",
            volume_percent: Some(80),
            supports_volume: true,
        },
        Device {
            id: device_id(),
            name: "Pocket Phone".into(),
            kind: "Smartphone",
            volume_percent: Some(65),
            supports_volume: true,
        },
        Device {
            id: device_id(),
            name: "Kitchen Radio".into(),
            kind: "Speaker",
            volume_percent: None,
            supports_volume: false,
        },
    ]
}
