//! The player: idle state, devices, transfer, play/pause, skips, seek, volume, shuffle, repeat, the queue, and
//! the reasons Spotify gives when a command cannot be carried out.

mod common;

use common::{harness, quick_policy};
use crossfade_spotify::models::RepeatState;
use crossfade_spotify::{ApiError, PlayTarget};

#[tokio::test]
async fn playback_is_none_until_something_plays_then_commands_take_effect() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "tessa", true);
    assert_eq!(h.spotify.playback_state(1).await.unwrap(), None, "204 when idle");

    let devices = h.spotify.devices(1).await.unwrap();
    let device = devices.first().and_then(|d| d.id.clone()).expect("a device");
    h.spotify.transfer_playback(1, &device, false).await.unwrap();

    let saved = h.spotify.saved_tracks(1).await.unwrap();
    let uris: Vec<String> = saved.items.iter().map(|s| s.track.uri.clone()).take(3).collect();
    let target = PlayTarget::Uris { uris: uris.clone(), offset: None };
    h.spotify.play(1, &target, None, Some(&device)).await.unwrap();
    let state = h.spotify.playback_state(1).await.unwrap().expect("playing");
    assert!(state.is_playing);
    assert_eq!(state.item.as_ref().and_then(|item| item.uri()), Some(uris[0].as_str()));

    h.spotify.skip_to_next(1, None).await.unwrap();
    let state = h.spotify.playback_state(1).await.unwrap().unwrap();
    assert_eq!(state.item.as_ref().and_then(|item| item.uri()), Some(uris[1].as_str()));

    h.spotify.seek(1, 1_000, None).await.unwrap();
    h.spotify.set_shuffle(1, true, None).await.unwrap();
    h.spotify.set_repeat(1, &RepeatState::Context, None).await.unwrap();
    let state = h.spotify.playback_state(1).await.unwrap().unwrap();
    assert_eq!(state.shuffle_state, Some(true));
    assert_eq!(state.repeat_state, Some(RepeatState::Context));

    h.spotify.add_to_queue(1, &uris[2], None).await.unwrap();
    let queue = h.spotify.queue(1).await.unwrap();
    assert!(queue.queue.iter().any(|item| item.uri() == Some(uris[2].as_str())));

    h.spotify.pause(1, None).await.unwrap();
    let paused = h.spotify.currently_playing(1).await.unwrap().expect("paused, not idle");
    assert!(!paused.is_playing);
    h.spotify.skip_to_previous(1, None).await.unwrap();
}

#[tokio::test]
async fn commands_without_an_active_device_or_premium_are_refused_with_a_reason() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "tessa", true);
    let idle = h.spotify.pause(1, None).await;
    assert!(matches!(idle, Err(ApiError::NotFound { .. })), "no active device: {idle:?}");

    h.sign_in(2, "juniper", true);
    match h.spotify.play(2, &PlayTarget::Resume, None, None).await {
        Err(ApiError::Forbidden { reason, .. }) => assert_eq!(reason.as_deref(), Some("PREMIUM_REQUIRED")),
        other => panic!("expected PREMIUM_REQUIRED, got {other:?}"),
    }

    let refused = h.spotify.set_volume(1, 101, None).await;
    assert!(matches!(refused, Err(ApiError::BadRequest { .. })));
}
