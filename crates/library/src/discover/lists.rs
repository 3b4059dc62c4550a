//! A Discover list for one user: the seed made from their read model (their own values of a track's sound, a
//! playlist's order, their plays and skips, their board's golden tracks), the candidates this process holds, and the
//! picks named from the catalog.

use std::collections::HashSet;

use crossfade_domain::{
    DiscoverOptions, Familiarity, GoldenTrack, RecentPlays, Seed, SpotifyId, Style, artist_key, discover, recency,
};
use crossfade_store::StoreError;
use crossfade_store::discover::{KnownTrack, ShownTrack, known_tracks, playlist_order, shown_tracks};
use sqlx::PgPool;
use time::OffsetDateTime;
use time::macros::datetime;

use super::CandidateIndex;
use crate::curation::taste_track;

/// What a list starts from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiscoverSeed {
    /// "More like this".
    Track(SpotifyId),
    /// "Continue this playlist": one of the user's playlists.
    Playlist(SpotifyId),
    /// A mix from what the user plays.
    Taste,
    /// A golden category of the user's board.
    Category { style: Style, name: String },
}

/// A Discover list.
#[derive(Clone, Debug, PartialEq)]
pub struct DiscoverList {
    /// The track's, playlist's or category's name; None for a taste.
    pub seed_name: Option<String>,
    /// How many tracks the seed is made of.
    pub seed_tracks: usize,
    /// How many tracks the catalog offered.
    pub candidates: usize,
    pub picks: Vec<Pick>,
}

/// A recommended track.
#[derive(Clone, Debug, PartialEq)]
pub struct Pick {
    pub track: ShownTrack,
    /// Why, in words.
    pub reason: String,
    /// Whether the user knows it already (shown when "exclude what I know" is off).
    pub known: bool,
}

/// Why there is no list.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    /// No such track in the catalog, playlist of the user, or category of their board.
    #[error("there is no such track, playlist or category")]
    NotFound,
    /// Nothing is known of the seed's sound: no features of its tracks yet, no plays, an empty category.
    #[error("nothing is known yet of what the list would start from")]
    NothingToGoOn,
    #[error("reading the library failed")]
    Store(#[from] StoreError),
}

/// The day plays are counted from in the read model (migration `20261210000001_discover.sql`).
const RECENCY_FROM: OffsetDateTime = datetime!(2020-01-01 0:00 UTC);

/// `user_id`'s list for `seed` at `now`.
pub async fn discover_for(
    pool: &PgPool,
    index: &CandidateIndex,
    user_id: i64,
    seed: &DiscoverSeed,
    options: &DiscoverOptions,
    now: OffsetDateTime,
) -> Result<DiscoverList, DiscoverError> {
    let candidates = index.current(pool).await?;
    let known = known_tracks(pool, user_id).await?;
    let scale = candidates.catalog.scale();
    let (seed_name, members, made) = match seed {
        DiscoverSeed::Track(id) => {
            let sound = match known.binary_search_by(|track| track.track_id.as_str().cmp(id.as_str())) {
                Ok(at) => Some(known[at].sound.clone()),
                Err(_) => candidates.position(id.as_str()).and_then(|at| candidates.catalog.track(at)).cloned(),
            };
            let sound = sound.ok_or(DiscoverError::NotFound)?;
            let name =
                shown_tracks(pool, std::slice::from_ref(&id.as_str().to_owned())).await?.pop().map(|shown| shown.name);
            (name, vec![id.as_str().to_owned()], Seed::track(scale, &sound))
        }
        DiscoverSeed::Playlist(id) => {
            let (name, order) = playlist_order(pool, user_id, id.as_str()).await?.ok_or(DiscoverError::NotFound)?;
            let sounds: Vec<_> = order.iter().filter_map(|track| sound_of(&known, track)).cloned().collect();
            (Some(name), order, Seed::playlist(scale, &sounds))
        }
        DiscoverSeed::Taste => {
            let days_since = (now - RECENCY_FROM).as_seconds_f64() / 86_400.0;
            let weight = recency(days_since);
            let sounds: Vec<_> = known.iter().map(|track| track.sound.clone()).collect();
            let plays: Vec<RecentPlays> = known
                .iter()
                .enumerate()
                .filter(|(_, track)| track.played_since_2020 > 0.0 || track.skipped_since_2020 > 0.0)
                .map(|(at, track)| RecentPlays {
                    track: at,
                    played: track.played_since_2020 * weight,
                    skipped: track.skipped_since_2020 * weight,
                })
                .collect();
            let members = plays.iter().map(|plays| known[plays.track].track_id.clone()).collect();
            (None, members, Seed::taste_of(scale, &sounds, &plays))
        }
        DiscoverSeed::Category { style, name } => {
            let categories = crossfade_store::curation::categories(pool, user_id, *style).await?;
            let category = categories.iter().find(|category| category.name == *name).ok_or(DiscoverError::NotFound)?;
            let golden: Vec<GoldenTrack> = crossfade_store::curation::golden_tracks(pool, user_id, *style)
                .await?
                .iter()
                .map(|(category, row)| GoldenTrack { category: category.clone(), track: taste_track(row) })
                .collect();
            let members = golden_ids(pool, user_id, &category.playlist_id).await?;
            (Some(category.name.clone()), members, Seed::category(scale, &golden, name))
        }
    };
    if made.query().iter().all(|part| *part == 0.0) {
        return Err(DiscoverError::NothingToGoOn);
    }
    let in_seed: HashSet<usize> = members.iter().filter_map(|id| candidates.position(id)).collect();
    let familiar: HashSet<usize> = known.iter().filter_map(|track| candidates.position(&track.track_id)).collect();
    let familiarity = |at: usize| {
        if in_seed.contains(&at) {
            Familiarity::InSeed
        } else if familiar.contains(&at) {
            Familiarity::Known
        } else {
            Familiarity::New
        }
    };
    let found = discover(&candidates.catalog, &made, options, familiarity);
    let ids: Vec<String> = found.iter().filter_map(|pick| candidates.id(pick.index)).map(str::to_owned).collect();
    let mut shown = shown_tracks(pool, &ids).await?;
    let picks = found
        .into_iter()
        .filter_map(|pick| {
            let id = candidates.id(pick.index)?;
            let at = shown.iter().position(|track| track.track_id == id)?;
            let track = shown.swap_remove(at);
            let mut reason = pick.reason;
            // The domain compares artists by their folded names; the page names them as Spotify writes them.
            if let Some(folded) = &reason.shared_artist
                && let Some(name) = track.artists.iter().find(|name| artist_key(name) == *folded)
            {
                reason.shared_artist = Some(name.clone());
            }
            Some(Pick { track, reason: reason.to_string(), known: familiar.contains(&pick.index) })
        })
        .collect();
    Ok(DiscoverList { seed_name, seed_tracks: members.len(), candidates: candidates.catalog.len(), picks })
}

fn sound_of<'a>(known: &'a [KnownTrack], track_id: &str) -> Option<&'a crossfade_domain::DiscoverTrack> {
    known.binary_search_by(|track| track.track_id.as_str().cmp(track_id)).ok().map(|at| &known[at].sound)
}

/// The tracks a golden category holds, as far as the mirror knows its playlist: never recommended for it.
async fn golden_ids(pool: &PgPool, user_id: i64, playlist_id: &str) -> Result<Vec<String>, StoreError> {
    Ok(playlist_order(pool, user_id, playlist_id).await?.map(|(_, tracks)| tracks).unwrap_or_default())
}
