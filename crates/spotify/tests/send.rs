//! The client's futures are `Send`, so the server can spawn them and hold them across `.await` in handlers,
//! whatever borrows a store implementation's futures hold.

mod common;

use std::future::Future;
use std::sync::Arc;

use common::{MemoryStore, REDIRECT_URI, quick_policy};
use crossfade_spotify::models::SearchType;
use crossfade_spotify::{PlayTarget, Scope, SearchQuery, Spotify, SpotifyConfig, TimeRange};
use secrecy::SecretString;
use url::Url;

fn require_send<F: Future + Send>(future: F) -> F {
    future
}

#[test]
fn operation_futures_are_send() {
    let mut config = SpotifyConfig::spotify("app".into(), None, Url::parse(REDIRECT_URI).unwrap());
    config.policy = quick_policy();
    let spotify = Spotify::new(config, Arc::new(MemoryStore::default())).unwrap();
    let uris = vec!["spotify:track:a".to_owned()];
    let verifier = SecretString::from("verifier");
    let request = spotify.authorization_request(&[Scope::UserLibraryRead]);
    assert!(request.url.as_str().starts_with("https://accounts.spotify.com/authorize?"));

    // Built and checked, never polled: no request leaves the test.
    drop(require_send(spotify.exchange_code("code", &verifier)));
    drop(require_send(spotify.current_user(1)));
    drop(require_send(spotify.saved_tracks(1)));
    drop(require_send(spotify.top_tracks(1, TimeRange::ShortTerm)));
    drop(require_send(spotify.add_items(1, "playlist", &uris, None)));
    drop(require_send(spotify.replace_items(1, "playlist", &uris)));
    drop(require_send(spotify.library_contains(1, &uris)));
    drop(require_send(spotify.search(1, &SearchQuery::new("x"), &[SearchType::Track], 5, 0)));
    drop(require_send(spotify.play(1, &PlayTarget::Resume, None, None)));
}
