//! The smaller parts of a sync: the profile, followed artists (cursor paging, one page after another), the top
//! tracks and artists for the three time ranges (six requests, sent together), and recently played.

use crossfade_domain::Collection;
use crossfade_spotify::{PlayedCursor, TimeRange};
use crossfade_store::mirror::collections::{self, TopLists};
use crossfade_store::{SpotifyProfile, plays, users};
use tokio::task::JoinSet;

use super::progress::Tracker;
use crate::contention::retrying;
use crate::{Library, SyncError};

/// Refreshes the stored profile from `/me`; answers the Spotify user id (to tell owned playlists apart).
pub(crate) async fn profile(library: &Library, user_id: i64) -> Result<String, SyncError> {
    let mut tracker = Tracker::start(library, user_id, Collection::Profile).await?;
    tracker.set(0, 1).await?;
    let me = library.gate.pass(library.spotify.current_user(user_id)).await?;
    users::update_profile(&library.pool, user_id, &SpotifyProfile::of(&me)).await?;
    tracker.finish().await?;
    Ok(me.id)
}

/// Replaces the followed artists; answers how many.
pub(crate) async fn followed_artists(library: &Library, user_id: i64) -> Result<usize, SyncError> {
    let mut tracker = Tracker::start(library, user_id, Collection::FollowedArtists).await?;
    let mut artists = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let mut page = library.gate.pass(library.spotify.followed_artists(user_id, after.as_deref())).await?;
        let total = page.total.map_or(0, |total| usize::try_from(total).unwrap_or(usize::MAX));
        artists.append(&mut page.items);
        tracker.set(artists.len(), total.max(artists.len())).await?;
        match page.after() {
            Some(cursor) => after = Some(cursor.to_owned()),
            None => break,
        }
    }
    retrying(|| collections::replace_followed_artists(&library.pool, user_id, &artists)).await?;
    tracker.finish().await?;
    Ok(artists.len())
}

/// Replaces the top tracks and artists of every time range; answers how many entries.
pub(crate) async fn top_lists(library: &Library, user_id: i64) -> Result<usize, SyncError> {
    let mut tracker = Tracker::start(library, user_id, Collection::TopItems).await?;
    tracker.set(0, 2 * TimeRange::ALL.len()).await?;
    let mut tracks = JoinSet::new();
    let mut artists = JoinSet::new();
    for range in TimeRange::ALL {
        let library_for_tracks = library.clone();
        tracks.spawn(async move {
            let page = library_for_tracks.gate.pass(library_for_tracks.spotify.top_tracks(user_id, range)).await;
            (range, page)
        });
        let library = library.clone();
        artists.spawn(async move { (range, library.gate.pass(library.spotify.top_artists(user_id, range)).await) });
    }
    let mut top = TopLists::default();
    while let Some(joined) = tracks.join_next().await {
        let (range, page) = joined?;
        top.tracks.push((range, page?.items));
        tracker.advance(1).await?;
    }
    while let Some(joined) = artists.join_next().await {
        let (range, page) = joined?;
        top.artists.push((range, page?.items));
        tracker.advance(1).await?;
    }
    retrying(|| collections::replace_top_lists(&library.pool, user_id, &top)).await?;
    tracker.finish().await?;
    Ok(top.tracks.iter().map(|(_, t)| t.len()).sum::<usize>() + top.artists.iter().map(|(_, a)| a.len()).sum::<usize>())
}

/// Adds the plays recently played shows since the last one stored (one request; Spotify keeps only the last 50, so
/// polling on a schedule is what builds the history); answers how many were new.
pub(crate) async fn recently_played(library: &Library, user_id: i64) -> Result<usize, SyncError> {
    let mut tracker = Tracker::start(library, user_id, Collection::RecentlyPlayed).await?;
    let cursor = match plays::latest_recent_play(&library.pool, user_id).await? {
        // Stored plays are whole seconds: asking from that second on may repeat a play, which is skipped as known.
        Some(latest) => PlayedCursor::After(latest.unix_timestamp() * 1000),
        None => PlayedCursor::Latest,
    };
    let page = library.gate.pass(library.spotify.recently_played(user_id, cursor)).await?;
    tracker.set(0, page.items.len()).await?;
    let added = retrying(|| collections::record_recently_played(&library.pool, user_id, &page.items)).await?;
    tracker.finish().await?;
    Ok(usize::try_from(added).unwrap_or(usize::MAX))
}
