//! Model decoding against fixtures written from the OpenAPI schemas: 2026 and legacy keys, nulls, local files,
//! episodes, unknown enumeration values and error paths; and the shapes real answers take beyond the schemas
//! (whole numbers written as floats, `null` images).

use crossfade_spotify::models::{
    Album, AlbumType, Artist, AudioFeatures, ContextType, CurrentlyPlayingType, Devices, Image, PlayHistory, Playable,
    PlaybackState, Playlist, PlaylistEntry, RepeatState, SavedTrack, SearchResults, SimplifiedPlaylist, from_json,
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

#[test]
fn whole_numbers_written_as_floats_are_read() {
    let artist: Artist = from_json(
        br#"{"id":"0OdUWJ0sBjDrqHygGUXeCF","popularity":61.0,"followers":{"href":null,"total":1234.0},
             "images":[{"url":"https://i.scdn.co/image/a","height":640.0,"width":640.0}]}"#,
    )
    .unwrap();
    assert_eq!(artist.popularity, Some(61));
    assert_eq!(artist.followers.unwrap().total, Some(1234));
    assert_eq!(
        artist.images[0],
        Image { url: "https://i.scdn.co/image/a".into(), height: Some(640), width: Some(640) }
    );

    let page: Page<SavedTrack> = from_json(
        br#"{"href":null,"limit":50.0,"offset":0.0,"total":1.0,"next":null,"previous":null,"items":[
             {"added_at":"2026-03-01T12:00:00Z","track":{"id":"t","uri":"spotify:track:t","duration_ms":215000.0,
              "disc_number":1.0,"track_number":7.0,"popularity":40.0,
              "album":{"id":"a","total_tracks":12.0,"images":[{"url":"u","height":300.0,"width":null}]}}}]}"#,
    )
    .unwrap();
    assert_eq!((page.limit, page.total), (50, 1));
    let track = &page.items[0].track;
    assert_eq!((track.duration_ms, track.disc_number, track.track_number), (215_000, Some(1), Some(7)));
    assert_eq!(track.popularity, Some(40));
    let album = track.album.as_ref().unwrap();
    assert_eq!(album.total_tracks, Some(12));
    assert_eq!((album.images[0].height, album.images[0].width), (Some(300), None));

    let mine: Page<SimplifiedPlaylist> =
        from_json(br#"{"limit":50,"offset":0,"total":1,"items":[{"id":"p","items":{"href":"h","total":25.0}}]}"#)
            .unwrap();
    assert_eq!(mine.items[0].items.as_ref().map(|r| r.total), Some(25));

    let state: PlaybackState =
        from_json(br#"{"timestamp":1772365200000.0,"progress_ms":42000.0,"is_playing":true}"#).unwrap();
    assert_eq!((state.timestamp, state.progress_ms), (Some(1_772_365_200_000), Some(42_000)));
    let devices: Devices = from_json(br#"{"devices":[{"id":"d","name":"Kitchen","volume_percent":55.0}]}"#).unwrap();
    assert_eq!(devices.devices[0].volume_percent, Some(55));
    let features: AudioFeatures =
        from_json(br#"{"id":"t","key":-1.0,"mode":1.0,"time_signature":4.0,"duration_ms":215000.0}"#).unwrap();
    assert_eq!((features.key, features.mode, features.time_signature), (Some(-1), Some(1), Some(4)));
}

#[test]
fn fractional_or_out_of_range_numbers_are_refused_with_their_path() {
    let cases: [(&[u8], &str, &str); 4] = [
        (br#"{"id":"a","images":[{"url":"u","height":640.5}]}"#, "images[0].height", "640.5"),
        (br#"{"id":"a","popularity":-1}"#, "popularity", "-1"),
        (br#"{"id":"a","followers":{"total":1e30}}"#, "followers.total", "fits u64"),
        (br#"{"id":"a","popularity":"high"}"#, "popularity", "invalid type"),
    ];
    for (json, wanted_path, wanted_text) in cases {
        match from_json::<Artist>(json) {
            Err(ApiError::Model { path, message }) => {
                assert_eq!(path, wanted_path);
                assert!(message.contains(wanted_text) && message.contains("whole number"), "{message}");
            }
            other => panic!("expected a model error for {wanted_path}, got {other:?}"),
        }
    }
}

#[test]
fn null_images_are_skipped_and_a_null_image_list_is_empty() {
    let me: CurrentUser = from_json(
        br#"{"id":"wizzler","images":[null,{"url":"https://i.scdn.co/image/me","height":64.0,"width":64.0},null]}"#,
    )
    .unwrap();
    assert_eq!(me.images.len(), 1);
    assert_eq!(me.images[0].height, Some(64));
    let none: CurrentUser = from_json(br#"{"id":"wizzler","images":null}"#).unwrap();
    assert!(none.images.is_empty());

    let album: Album = from_json(br#"{"id":"a","images":[null],"tracks":null}"#).unwrap();
    assert!(album.images.is_empty());
    let playlist: Playlist =
        from_json(br#"{"id":"p","images":[{"url":"u","height":null,"width":null},null]}"#).unwrap();
    assert_eq!(playlist.images.len(), 1);
    let entries: Page<PlaylistEntry> = from_json(
        br#"{"total":1,"items":[{"item":{"type":"episode","uri":"spotify:episode:e","duration_ms":1.0,"images":null,
             "show":{"name":"S","images":[null]}}}]}"#,
    )
    .unwrap();
    let episode = entries.items[0].item.as_ref().and_then(Playable::as_episode).unwrap();
    assert!(episode.images.is_empty() && episode.show.as_ref().unwrap().images.is_empty());
}
