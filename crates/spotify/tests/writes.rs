//! Playlist and library changes: create, rename, add/replace/reorder/remove in chunks of 100, and `/me/library`
//! in chunks of 40.

mod common;

use common::{Harness, harness, quick_policy};
use crossfade_spotify::{NewPlaylist, PlaylistDetails, Reorder};

async fn saved_uris(h: &Harness, count: usize) -> Vec<String> {
    let first = h.spotify.saved_tracks(1).await.unwrap();
    let saved = h.spotify.all_items(1, first).await.unwrap();
    let uris: Vec<String> = saved.into_iter().map(|s| s.track.uri).take(count).collect();
    assert_eq!(uris.len(), count);
    uris
}

async fn entry_uris(h: &Harness, playlist: &str) -> Vec<String> {
    let first = h.spotify.playlist_items(1, playlist).await.unwrap();
    let entries = h.spotify.all_items(1, first).await.unwrap();
    entries.iter().filter_map(|e| e.item.as_ref()?.uri().map(str::to_owned)).collect()
}

#[tokio::test]
async fn a_created_playlist_can_be_renamed_and_filled_in_chunks() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "marco", true);
    let new = NewPlaylist {
        name: "Evening".into(),
        description: Some("made by a test".into()),
        public: Some(false),
        ..NewPlaylist::default()
    };
    let created = h.spotify.create_playlist(1, &new).await.unwrap();
    assert_eq!(created.name, "Evening");
    assert_eq!(created.owner.as_ref().unwrap().id, "marco");

    let details = PlaylistDetails { name: Some("Late evening".into()), ..PlaylistDetails::default() };
    h.spotify.change_playlist_details(1, &created.id, &details).await.unwrap();
    assert_eq!(h.spotify.playlist(1, &created.id).await.unwrap().name, "Late evening");

    let uris = saved_uris(&h, 250).await;
    h.control.reset_counters();
    let snapshot = h.spotify.add_items(1, &created.id, &uris, None).await.unwrap();
    assert_eq!(h.count("POST /v1/playlists/{playlist_id}/items"), 3, "250 URIs in chunks of 100");
    assert_eq!(entry_uris(&h, &created.id).await, uris, "in order");
    assert_ne!(snapshot, created.snapshot_id);

    let inserted = saved_uris(&h, 252).await[250..].to_vec();
    h.spotify.add_items(1, &created.id, &inserted, Some(1)).await.unwrap();
    let now = entry_uris(&h, &created.id).await;
    assert_eq!(now[1..3], inserted[..]);
    assert_eq!(now.len(), 252);
}

#[tokio::test]
async fn replace_reorder_and_remove_change_the_snapshot() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "marco", true);
    let created =
        h.spotify.create_playlist(1, &NewPlaylist { name: "Shuffle".into(), ..NewPlaylist::default() }).await.unwrap();
    let uris = saved_uris(&h, 130).await;

    h.control.reset_counters();
    let replaced = h.spotify.replace_items(1, &created.id, &uris).await.unwrap();
    assert_eq!(h.count("PUT /v1/playlists/{playlist_id}/items"), 1);
    assert_eq!(h.count("POST /v1/playlists/{playlist_id}/items"), 1, "the 30 beyond the first 100 are appended");
    assert_eq!(entry_uris(&h, &created.id).await, uris);

    let reorder = Reorder { range_start: 0, insert_before: 130, range_length: 1, snapshot_id: Some(replaced.clone()) };
    let reordered = h.spotify.reorder_items(1, &created.id, &reorder).await.unwrap();
    assert_ne!(reordered, replaced);
    let now = entry_uris(&h, &created.id).await;
    assert_eq!(now.last(), uris.first());

    let removed = h.spotify.remove_items(1, &created.id, &uris[..10], None).await.unwrap();
    assert_ne!(removed, reordered);
    assert_eq!(entry_uris(&h, &created.id).await.len(), 120);

    let cleared = h.spotify.replace_items(1, &created.id, &Vec::<String>::new()).await.unwrap();
    assert_ne!(cleared, removed);
    assert!(entry_uris(&h, &created.id).await.is_empty());
}

#[tokio::test]
async fn the_library_is_changed_and_checked_in_chunks_of_forty() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "marco", true);
    let saved = saved_uris(&h, 45).await;

    h.control.reset_counters();
    let contained = h.spotify.library_contains(1, &saved).await.unwrap();
    assert_eq!(contained, vec![true; 45]);
    assert_eq!(h.count("GET /v1/me/library/contains"), 2);

    h.spotify.remove_from_library(1, &saved).await.unwrap();
    assert_eq!(h.count("DELETE /v1/me/library"), 2);
    assert_eq!(h.spotify.library_contains(1, &saved).await.unwrap(), vec![false; 45]);

    h.spotify.save_to_library(1, &saved).await.unwrap();
    assert_eq!(h.count("PUT /v1/me/library"), 2);
    assert_eq!(h.spotify.library_contains(1, &saved).await.unwrap(), vec![true; 45]);
}
