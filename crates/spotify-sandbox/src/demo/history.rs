//! Generating a demo user's recent play history (more than the 50 plays Spotify lets an app reach).

use std::collections::HashMap;

use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;
use time::{Duration, OffsetDateTime};

use crate::catalog::Catalog;
use crate::state::{Item, Play, Playlist, UserLibrary};

/// Fills `user.plays` with sessions of back-to-back plays ending a few minutes before `now`, newest first.
pub(super) fn fill(
    user: &mut UserLibrary,
    catalog: &Catalog,
    playlists: &HashMap<String, Playlist>,
    now: OffsetDateTime,
    rng: &mut ChaCha8Rng,
) {
    if user.liked.is_empty() || catalog.tracks.is_empty() {
        return;
    }
    let count = if user.liked.len() >= 30 { 120 } else { user.liked.len() * 3 + 5 };
    let readable: Vec<&Playlist> = user
        .playlists
        .iter()
        .filter_map(|id| playlists.get(id))
        .filter(|p| p.owner == user.id && p.entries.iter().any(|e| matches!(e.item, Item::Track(_))))
        .collect();
    let mut at = now - Duration::seconds(rng.random_range(120..3_600));
    let mut plays = Vec::with_capacity(count);
    let mut session_left = 0;
    let mut context: Option<(String, Vec<usize>)> = None;
    while plays.len() < count {
        if session_left == 0 {
            session_left = rng.random_range(4..20);
            at -= Duration::minutes(rng.random_range(30..24 * 60));
            context = match (rng.random::<f64>(), readable.choose(rng)) {
                (roll, Some(playlist)) if roll < 0.5 => {
                    let tracks = playlist
                        .entries
                        .iter()
                        .filter_map(|e| if let Item::Track(t) = e.item { Some(t) } else { None })
                        .collect();
                    Some((format!("spotify:playlist:{}", playlist.id), tracks))
                }
                (roll, _) if roll < 0.8 => {
                    let liked = user.liked[rng.random_range(0..user.liked.len())].index;
                    let album = catalog.tracks[liked].album;
                    Some((format!("spotify:album:{}", catalog.albums[album].id), catalog.albums[album].tracks.clone()))
                }
                _ => None,
            };
        }
        let track = match &context {
            Some((_, tracks)) if !tracks.is_empty() => tracks[rng.random_range(0..tracks.len())],
            _ => user.liked[rng.random_range(0..user.liked.len())].index,
        };
        let played_at = at - Duration::milliseconds(rng.random_range(0..1_000));
        plays.push(Play { track, played_at, context: context.as_ref().map(|(uri, _)| uri.clone()) });
        at -= Duration::milliseconds(i64::from(catalog.tracks[track].duration_ms));
        session_left -= 1;
    }
    user.plays = plays;
}
