//! The server's side of the Discover page: the seed from the address, the list from the library, and what the page
//! offers around it (other seeds, the playlists a track can go to, the permissions, the latest additions to undo).

use crossfade_domain::{DiscoverOptions, PlaylistRelation, SpotifyKind, Style};
use crossfade_library::discover::{CandidateIndex, DiscoverError, DiscoverSeed, discover_for};

use crossfade_store::smart_playlists::RunTrigger;
use leptos::prelude::expect_context;
use sqlx::PgPool;

use super::{AddedView, DiscoverView, PickView, SeedAddress, SeedChoice};
use crate::AppError;

/// How many of the latest additions the page offers to undo.
const ADDED_SHOWN: usize = 5;

pub(super) async fn read(
    user_id: i64,
    address: &SeedAddress,
    options: &DiscoverOptions,
) -> Result<DiscoverView, AppError> {
    let pool = expect_context::<PgPool>();
    let index = expect_context::<CandidateIndex>();
    let not_found = || AppError::NotFound.answer();
    let seed = match address {
        SeedAddress::Taste => DiscoverSeed::Taste,
        SeedAddress::Track(id) => DiscoverSeed::Track(SpotifyKind::Track.id_in_reference(id).ok_or_else(not_found)?),
        SeedAddress::Playlist(id) => {
            DiscoverSeed::Playlist(SpotifyKind::Playlist.id_in_reference(id).ok_or_else(not_found)?)
        }
        SeedAddress::Category { style, name } => {
            DiscoverSeed::Category { style: Style::parse(style).map_err(|_| not_found())?, name: name.clone() }
        }
    };
    // Opening Discover asks for the albums of the artists the user plays (a run collapses into a queued one, and
    // artists read in the last 30 days cost nothing), so users who never open it spend no requests on it.
    let queue = expect_context::<crossfade_jobs::Queue>();
    if let Err(error) = crossfade_library::discover::request_gathering(&queue, user_id).await {
        tracing::warn!(user_id, error = %error, "gathering artists' albums could not be queued");
    }
    let now = time::OffsetDateTime::now_utc();
    let (list, empty_because) = match discover_for(&pool, &index, user_id, &seed, options, now).await {
        Ok(list) => (Some(list), None),
        Err(DiscoverError::NotFound) => return Err(not_found()),
        Err(DiscoverError::NothingToGoOn) => (None, Some(nothing_known(address))),
        Err(error) => return Err(crate::error::internal("making a Discover list failed", &error)),
    };
    let read_failed = |error: crossfade_store::StoreError| crate::error::internal("reading the library failed", &error);
    let playlists = crossfade_store::browse::playlists(&pool, user_id).await.map_err(read_failed)?;
    let mut categories = Vec::new();
    for curated in crossfade_store::curation::curated_styles(&pool, user_id).await.map_err(read_failed)? {
        let style = curated.style;
        for category in crossfade_store::curation::categories(&pool, user_id, style).await.map_err(read_failed)? {
            let path = SeedAddress::Category { style: style.slug.to_owned(), name: category.name.clone() }.path();
            categories.push(SeedChoice { path, name: format!("{} · {}", style.name, category.name) });
        }
    }
    let library = expect_context::<crossfade_library::Library>();
    let may_write =
        crossfade_library::discover::may_change_library(&library.pool, user_id).await.map_err(read_failed)?;
    let may_play =
        crossfade_library::playback::may_control_playback(&library.pool, user_id).await.map_err(read_failed)?;
    let name_of = |id: &str| playlists.iter().find(|playlist| playlist.spotify_id == id).map(|playlist| &playlist.name);
    let added = crossfade_store::smart_playlists::duplicate_runs(&pool, user_id, 20)
        .await
        .map_err(read_failed)?
        .into_iter()
        .filter(|run| run.trigger == RunTrigger::Discover)
        .take(ADDED_SHOWN)
        .map(|run| AddedView {
            summary: match run.playlist_id.as_deref().and_then(name_of) {
                Some(name) => format!("A track added to “{name}”"),
                None => "A track added to a playlist".to_owned(),
            },
            run: run.id,
            undone: run.undone_at.is_some(),
        })
        .collect();
    let title = title(address, list.as_ref().and_then(|list| list.seed_name.as_deref()));
    let (seed_tracks, candidates, picks) = match list {
        Some(list) => (list.seed_tracks, list.candidates, list.picks.into_iter().map(pick_view).collect()),
        None => (0, 0, Vec::new()),
    };
    Ok(DiscoverView {
        title,
        empty_because,
        seed_tracks,
        candidates,
        picks,
        show_known: !options.exclude_known,
        per_artist: options.per_artist,
        writable: playlists
            .iter()
            .filter(|playlist| playlist.relation == PlaylistRelation::Owner || playlist.collaborative)
            .map(|playlist| (playlist.spotify_id.clone(), playlist.name.clone()))
            .collect(),
        playlists: playlists
            .into_iter()
            .map(|playlist| SeedChoice { path: SeedAddress::Playlist(playlist.spotify_id).path(), name: playlist.name })
            .collect(),
        categories,
        may_write,
        may_play,
        added,
    })
}

fn title(address: &SeedAddress, seed_name: Option<&str>) -> String {
    let name = seed_name.unwrap_or("…");
    match address {
        SeedAddress::Taste => "A mix from your listening".to_owned(),
        SeedAddress::Track(_) => format!("More like “{name}”"),
        SeedAddress::Playlist(_) => format!("Continue “{name}”"),
        SeedAddress::Category { name, .. } => format!("More for “{name}”"),
    }
}

/// Why a seed gives no list, and what fills it in.
fn nothing_known(address: &SeedAddress) -> String {
    match address {
        SeedAddress::Taste => "Crossfade knows none of your plays of tracks whose sound is known yet. Import your \
                               listening history (History) or let the sync read your recent plays; enrichment \
                               (Sources) fills in the sound."
            .to_owned(),
        SeedAddress::Track(_) => {
            "Nothing is known of this track's sound yet; enrichment (Sources) fills it in.".to_owned()
        }
        SeedAddress::Playlist(_) => {
            "Nothing is known of the sound of this playlist's tracks yet; enrichment (Sources) \
                                     fills it in, or the playlist's tracks are still to be synced."
                .to_owned()
        }
        SeedAddress::Category { .. } => "This category's golden playlist holds no track whose sound is known yet: \
                                         promote tracks on the board, or let enrichment fill in their sound."
            .to_owned(),
    }
}

fn pick_view(pick: crossfade_library::discover::Pick) -> PickView {
    PickView {
        spotify_id: pick.track.track_id,
        name: pick.track.name,
        artists: pick.track.artists.join(", "),
        album: pick.track.album,
        image_url: pick.track.image_url,
        duration_ms: i64::from(pick.track.duration_ms),
        reason: pick.reason,
        known: pick.known,
    }
}
