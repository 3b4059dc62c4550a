//! Reads against the sandbox's demo libraries: paging with the minimal request counts, playlists and their
//! owner rule, follows, tops, history, catalogue reads, search, and Dev-Mode refusals of the extended surface.

mod common;

use std::collections::HashSet;

use common::{harness, quick_policy};
use crossfade_spotify::models::{SearchType, SimplifiedPlaylist};
use crossfade_spotify::{ApiError, PlayedCursor, SearchQuery, TimeRange};

#[tokio::test]
async fn paging_a_large_library_follows_next_urls_with_the_minimal_number_of_requests() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "marco", true);

    let first = h.spotify.saved_tracks(1).await.unwrap();
    let total = first.total as usize;
    assert!(total > 1_000, "marco has a large library ({total})");
    let saved = h.spotify.all_items(1, first).await.unwrap();
    assert_eq!(saved.len(), total);
    assert_eq!(h.count("GET /v1/me/tracks") as usize, total.div_ceil(50));
    let ids: HashSet<_> = saved.iter().map(|s| s.track.uri.clone()).collect();
    assert_eq!(ids.len(), total, "no page read twice");
    assert!(saved.windows(2).all(|pair| pair[0].added_at >= pair[1].added_at), "newest first");

    let albums_first = h.spotify.saved_albums(1).await.unwrap();
    let album_total = albums_first.total as usize;
    let albums = h.spotify.all_items(1, albums_first).await.unwrap();
    assert_eq!(albums.len(), album_total);
    assert_eq!(h.count("GET /v1/me/albums") as usize, album_total.div_ceil(50).max(1));
}

fn owned_by(playlist: &SimplifiedPlaylist, user: &str) -> bool {
    playlist.owner.as_ref().is_some_and(|owner| owner.id == user)
}

#[tokio::test]
async fn playlists_show_contents_only_to_their_owner_or_collaborators() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "marco", true);
    let first = h.spotify.my_playlists(1).await.unwrap();
    let playlists = h.spotify.all_items(1, first).await.unwrap();
    assert!(!playlists.is_empty());

    let owned = playlists.iter().find(|p| owned_by(p, "marco")).expect("marco owns a playlist");
    let full = h.spotify.playlist(1, &owned.id).await.unwrap();
    assert_eq!(full.snapshot_id, owned.snapshot_id);
    let expected = owned.items.as_ref().map_or(0, |items| items.total);
    let page = h.spotify.playlist_items(1, &owned.id).await.unwrap();
    assert_eq!(page.total, expected);
    let entries = h.spotify.all_items(1, page).await.unwrap();
    assert_eq!(entries.len() as u32, expected);

    if let Some(followed) = playlists.iter().find(|p| !owned_by(p, "marco") && !p.collaborative) {
        let full = h.spotify.playlist(1, &followed.id).await.unwrap();
        assert_eq!(full.items, None, "contents are withheld from followers");
        let refused = h.spotify.playlist_items(1, &followed.id).await;
        assert!(matches!(refused, Err(ApiError::Forbidden { .. })), "{refused:?}");
    }
}

#[tokio::test]
async fn followed_artists_are_paged_by_cursor() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "marco", true);
    let mut page = h.spotify.followed_artists(1, None).await.unwrap();
    let total = page.total.expect("a total") as usize;
    let mut artists = Vec::new();
    loop {
        let after = page.after().map(str::to_owned);
        artists.append(&mut page.items);
        match after {
            Some(after) => page = h.spotify.followed_artists(1, Some(&after)).await.unwrap(),
            None => break,
        }
    }
    assert_eq!(artists.len(), total);
    assert_eq!(h.count("GET /v1/me/following") as usize, total.div_ceil(50).max(1));
    let ids: HashSet<_> = artists.iter().map(|a| a.id.clone()).collect();
    assert_eq!(ids.len(), total);
}

#[tokio::test]
async fn top_items_take_six_requests_and_recent_plays_one() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "marco", true);
    for range in TimeRange::ALL {
        let artists = h.spotify.top_artists(1, range).await.unwrap();
        let tracks = h.spotify.top_tracks(1, range).await.unwrap();
        assert!(!artists.items.is_empty() && !tracks.items.is_empty(), "{range:?}");
    }
    assert_eq!(h.count("GET /v1/me/top/artists") + h.count("GET /v1/me/top/tracks"), 6);

    let recent = h.spotify.recently_played(1, PlayedCursor::Latest).await.unwrap();
    assert!(recent.items.len() <= 50);
    assert!(recent.items.windows(2).all(|pair| pair[0].played_at >= pair[1].played_at));
    assert_eq!(h.count("GET /v1/me/player/recently-played"), 1);
}

#[tokio::test]
async fn single_catalogue_reads_work_and_unknown_ids_are_not_found() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "tessa", true);
    let saved = h.spotify.saved_tracks(1).await.unwrap();
    let known = &saved.items[0].track;
    let id = known.id.as_deref().unwrap();

    let track = h.spotify.track(1, id).await.unwrap();
    assert_eq!(track.uri, known.uri);
    let album_id = track.album.as_ref().and_then(|album| album.id.clone()).unwrap();
    let album = h.spotify.album(1, &album_id).await.unwrap();
    let album_tracks = h.spotify.album_tracks(1, &album_id).await.unwrap();
    assert_eq!(album_tracks.total, album.total_tracks.unwrap());
    assert!(album_tracks.items.iter().any(|t| t.id.as_deref() == Some(id)));

    let artist_id = track.artists[0].id.clone().unwrap();
    let artist = h.spotify.artist(1, &artist_id).await.unwrap();
    assert_eq!(artist.id, artist_id);
    let discography = h.spotify.artist_albums(1, &artist_id, &[]).await.unwrap();
    assert!(discography.items.len() <= 10);

    let missing = h.spotify.track(1, "0000000000000000000000").await;
    assert!(matches!(missing, Err(ApiError::NotFound { .. })), "{missing:?}");
}

#[tokio::test]
async fn search_finds_a_track_by_field_filters_and_refuses_large_limits_locally() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "tessa", true);
    let saved = h.spotify.saved_tracks(1).await.unwrap();
    let known = &saved.items[0].track;

    let query = SearchQuery::new("").track(&known.name).artist(&known.artists[0].name);
    let results = h.spotify.search(1, &query, &[SearchType::Track], 10, 0).await.unwrap();
    let tracks = results.tracks.expect("track results");
    assert!(tracks.items.len() <= 10);
    assert!(tracks.items.iter().any(|t| t.uri == known.uri), "the searched track is found");

    let before = h.count("GET /v1/search");
    let refused = h.spotify.search(1, &query, &[SearchType::Track], 11, 0).await;
    assert!(matches!(refused, Err(ApiError::BadRequest { .. })), "{refused:?}");
    assert_eq!(h.count("GET /v1/search"), before, "refused before sending");
}

#[tokio::test]
async fn the_extended_surface_is_forbidden_in_dev_mode() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "tessa", true);
    let saved = h.spotify.saved_tracks(1).await.unwrap();
    let ids: Vec<String> = saved.items.iter().filter_map(|s| s.track.id.clone()).collect();

    let batch = h.spotify.tracks_batch(1, &ids).await;
    assert!(matches!(batch, Err(ApiError::Forbidden { .. })), "{batch:?}");
    let features = h.spotify.audio_features(1, &ids).await;
    assert!(matches!(features, Err(ApiError::Forbidden { .. })), "{features:?}");
}
