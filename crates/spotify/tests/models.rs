//! Model decoding against fixtures written from the OpenAPI schemas: 2026 and legacy keys, nulls, local files,
//! episodes, unknown enumeration values and error paths.

use crossfade_spotify::models::{
    Album, AlbumType, Artist, ContextType, CurrentlyPlayingType, PlayHistory, Playable, PlaybackState, Playlist,
    PlaylistEntry, RepeatState, SavedTrack, SearchResults, SimplifiedPlaylist, from_json,
};
use crossfade_spotify::{ApiError, CurrentUser, CursorPage, Page};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn playlist_entries_in_2026_shape_hold_tracks_episodes_local_files_and_gaps() {
    let page: Page<PlaylistEntry> = from_json(&fixture("playlist_items_2026.json")).unwrap();
    assert_eq!(page.total, 123);
    assert!(page.next.as_deref().unwrap().contains("offset=50"));
    assert_eq!(page.items.len(), 5);

    let track = page.items[0].item.as_ref().and_then(Playable::as_track).expect("a track");
    assert_eq!(track.isrc(), Some("USRC15900001"));
    assert_eq!(track.album.as_ref().unwrap().images, Vec::new(), "null images read as none");
    assert_eq!(page.items[0].added_by.as_ref().unwrap().id, "owner1");

    let episode = page.items[1].item.as_ref().and_then(Playable::as_episode).expect("an episode");
    assert_eq!(episode.show.as_ref().unwrap().name, "Spotify Stories");
    assert_eq!(episode.duration_ms, 1_686_230);

    let local = page.items[2].item.as_ref().and_then(Playable::as_track).expect("a local track");
    assert!(page.items[2].is_local && local.is_local_file());
    assert_eq!(local.id, None);
    assert!(local.uri.starts_with("spotify:local:"));
    assert_eq!(local.artists[0].id, None);

    assert_eq!(page.items[3].item, None);
    assert_eq!(page.items[3].added_at, None);

    match &page.items[4].item {
        Some(Playable::Unsupported { kind, uri, .. }) => {
            assert_eq!(kind, "chapter");
            assert_eq!(uri.as_deref(), Some("spotify:chapter:0IsXVP0JmcB2adSE338GkK"));
        }
        other => panic!("expected an unsupported item, got {other:?}"),
    }
}

#[test]
fn legacy_track_key_is_read_and_item_wins_when_both_are_present() {
    let page: Page<PlaylistEntry> = from_json(&fixture("playlist_items_legacy.json")).unwrap();
    let legacy = page.items[0].item.as_ref().and_then(Playable::as_track).expect("legacy `track` read");
    assert_eq!(legacy.name, "Speak to Me");
    assert_eq!(legacy.popularity, Some(61));
    assert_eq!(page.items[1].item.as_ref().and_then(Playable::name), Some("From item"));
}

#[test]
fn playlists_accept_items_or_legacy_tracks_and_may_withhold_contents() {
    let legacy: Playlist = from_json(&fixture("playlist_legacy_tracks.json")).unwrap();
    assert_eq!(legacy.items.as_ref().map(|page| page.items.len()), Some(1));
    assert_eq!(legacy.public, None);
    assert!(legacy.images.is_empty());

    let followed: Playlist = from_json(&fixture("playlist_not_owner.json")).unwrap();
    assert_eq!(followed.items, None, "contents are absent for playlists the user does not own");
    assert_eq!(followed.owner.unwrap().display_name.as_deref(), Some("A Friend"));

    let mine: Page<SimplifiedPlaylist> = from_json(&fixture("my_playlists.json")).unwrap();
    assert_eq!(mine.items[0].items.as_ref().map(|r| r.total), Some(123));
    assert_eq!(mine.items[1].items.as_ref().map(|r| r.total), Some(7), "legacy `tracks` ref");
    assert!(mine.items[0].collaborative);
}

#[test]
fn null_entries_in_search_results_are_dropped() {
    let results: SearchResults = from_json(&fixture("search_with_nulls.json")).unwrap();
    let playlists = results.playlists.unwrap();
    assert_eq!(playlists.items.len(), 1);
    assert_eq!(playlists.items[0].name, "Jazz Classics");
    let artists: Vec<Artist> = results.artists.unwrap().items;
    assert!(artists[0].genres.is_empty() && artists[0].popularity.is_none());
    assert!(results.tracks.is_none());
}

#[test]
fn a_wrong_field_is_reported_with_its_path() {
    match from_json::<Page<PlaylistEntry>>(&fixture("playlist_items_bad_duration.json")) {
        Err(ApiError::Model { path, message }) => {
            assert_eq!(path, "items[3].item.duration_ms");
            assert!(message.starts_with("invalid type"), "{message}");
        }
        other => panic!("expected a model error, got {other:?}"),
    }
    match from_json::<Page<SavedTrack>>(&fixture("saved_tracks_bad_date.json")) {
        Err(ApiError::Model { path, .. }) => assert_eq!(path, "items[1].added_at"),
        other => panic!("expected a model error, got {other:?}"),
    }
}

#[test]
fn empty_cursor_page_may_have_null_cursors() {
    let json: serde_json::Value = serde_json::from_slice(&fixture("followed_artists_empty.json")).unwrap();
    let page: CursorPage<Artist> = from_json(json["artists"].to_string().as_bytes()).unwrap();
    assert!(page.items.is_empty());
    assert_eq!(page.cursors, None);
    assert_eq!(page.after(), None);
}

#[test]
fn recently_played_has_millisecond_cursors_and_precise_times() {
    let page: CursorPage<PlayHistory> = from_json(&fixture("recently_played.json")).unwrap();
    assert_eq!(page.before(), Some("1772361600000"));
    assert_eq!(page.items[0].played_at.millisecond(), 123);
    assert_eq!(page.items[0].context.as_ref().unwrap().kind, Some(ContextType::Playlist));
    assert_eq!(page.items[1].context, None);
}

#[test]
fn unknown_enumeration_values_are_kept_not_fatal() {
    let state: PlaybackState = from_json(&fixture("player_state_unknown_values.json")).unwrap();
    assert_eq!(state.repeat_state, Some(RepeatState::Other("forever".into())));
    assert_eq!(state.currently_playing_type, Some(CurrentlyPlayingType::Ad));
    assert_eq!(state.context.unwrap().kind, Some(ContextType::Other("radio".into())));
    let device = state.device.unwrap();
    assert_eq!((device.kind.as_str(), device.volume_percent), ("Hologram", None));

    let album: Album = from_json(&fixture("album.json")).unwrap();
    assert_eq!(album.album_type, Some(AlbumType::Other("mixtape".into())));
    assert_eq!(album.album_type.as_ref().unwrap().as_str(), "mixtape");
    assert_eq!(album.tracks.unwrap().items[1].artists.len(), 0);
    assert_eq!(album.external_ids.upc.as_deref(), Some("00025218624527"));
}

#[test]
fn current_user_is_keyed_on_account_id_with_id_as_fallback() {
    let me: CurrentUser = from_json(&fixture("me.json")).unwrap();
    assert_eq!(me.account_key(), "a1b2c3d4e5");
    assert!(me.images.is_empty() && me.display_name.is_none());
    let without: CurrentUser = from_json(br#"{"id":"wizzler","uri":"spotify:user:wizzler"}"#).unwrap();
    assert_eq!(without.account_key(), "wizzler");
}

#[test]
fn playable_round_trips_through_serialization() {
    let page: Page<PlaylistEntry> = from_json(&fixture("playlist_items_2026.json")).unwrap();
    let json = serde_json::to_vec(&page).unwrap();
    let again: Page<PlaylistEntry> = from_json(&json).unwrap();
    assert_eq!(again.items[..4], page.items[..4]);
}
