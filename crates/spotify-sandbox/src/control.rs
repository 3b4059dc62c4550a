//! In-process control of a running sandbox: faults (the enrichment providers' too), the clock, token lifetime, counters, direct grants, and
//! changes to upstream data made "as another user" or "in another Spotify client".

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use time::{Date, OffsetDateTime};

use crate::accounts::scopes::describe;
use crate::catalog::{Catalog, SkippedRow};
use crate::config::RegisteredClient;
use crate::errors::ControlError;
use crate::faults::Faults;
use crate::providers::{BeatportRelease, Provider, ProviderSettings, current_week_start, week_of_genre};
use crate::state::{Item, Play, Playlist, SharedSandbox, State, UserLibrary};

/// A cheap, cloneable handle on a running sandbox.
#[derive(Debug, Clone)]
pub struct Control {
    sandbox: SharedSandbox,
}

/// Tokens issued as if a user approved a PKCE client and the code was exchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grant {
    /// Bearer token for the Web API.
    pub access_token: String,
    /// Rotating refresh token.
    pub refresh_token: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Granted scopes, space-separated.
    pub scope: String,
}

/// A demo user as listed by `GET /sandbox/users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoUserSummary {
    /// Spotify user id.
    pub id: String,
    /// Display name.
    pub display_name: String,
    /// Number of liked songs now.
    pub liked_songs: usize,
    /// Number of playlists in the user's list now (owned and followed).
    pub playlists: usize,
    /// Whether the account has Premium.
    pub premium: bool,
}

/// A playlist as seen from the control API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaylistSummary {
    /// Playlist id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Owner's user id.
    pub owner_id: String,
    /// Public flag.
    pub public: bool,
    /// Collaborative flag.
    pub collaborative: bool,
    /// Spotify-owned editorial playlist (404 for Development-Mode apps).
    pub editorial: bool,
    /// Current snapshot id.
    pub snapshot_id: String,
    /// Number of entries.
    pub total: usize,
}

impl PlaylistSummary {
    fn of(playlist: &Playlist) -> Self {
        Self {
            id: playlist.id.clone(),
            name: playlist.name.clone(),
            owner_id: playlist.owner.clone(),
            public: playlist.public,
            collaborative: playlist.collaborative,
            editorial: playlist.editorial,
            snapshot_id: playlist.snapshot_id().to_owned(),
            total: playlist.entries.len(),
        }
    }
}

fn user_mut<'s>(state: &'s mut State, user_id: &str) -> Result<&'s mut UserLibrary, ControlError> {
    state.users.get_mut(user_id).ok_or_else(|| ControlError::UnknownUser(user_id.to_owned()))
}

impl Control {
    pub(crate) fn new(sandbox: SharedSandbox) -> Self {
        Self { sandbox }
    }

    /// Replaces the faults in force (rate-limit windows start afresh).
    pub fn set_faults(&self, faults: Faults) {
        let mut state = self.sandbox.lock();
        state.faults = faults;
        state.rate_windows.clear();
    }

    /// The faults in force (scheduled faults already used up are gone).
    pub fn faults(&self) -> Faults {
        self.sandbox.lock().faults.clone()
    }

    /// Replaces the providers' rate budgets, delays and YouTube quota (their rate windows start afresh).
    pub fn set_provider_settings(&self, settings: ProviderSettings) {
        self.sandbox.lock().providers.set_settings(settings);
    }

    /// The providers' rate budgets, delays and YouTube quota.
    pub fn provider_settings(&self) -> ProviderSettings {
        self.sandbox.lock().providers.settings()
    }

    /// Answers the next `count` requests to `provider` with its characteristic refusal (ReccoBeats 429, Deezer
    /// 200 with error code 4, MusicBrainz 503, Beatport 429, the chart downloads and Billboard 429 in plain text,
    /// Last.fm 429 with error 29, YouTube 403 `rateLimitExceeded`, SoundCloud 429), replacing any refusals still
    /// pending.
    pub fn fail_provider_requests(&self, provider: Provider, count: u32) {
        self.sandbox.lock().providers.fail_next(provider, count);
    }

    /// How many injected refusals of `provider` are still pending.
    pub fn pending_provider_failures(&self, provider: Provider) -> u32 {
        self.sandbox.lock().providers.pending_failures(provider)
    }

    /// The Monday (UTC) of the week the sandbox clock is in: the week of Beatport's newest releases.
    pub fn beatport_current_week(&self) -> Date {
        current_week_start(&self.sandbox)
    }

    /// What Beatport's emulation lists for genre `genre_id` in the week (Monday to Sunday, UTC) holding
    /// `week_start`, in track-id order, with the Spotify track each release is: the answers a matcher should find.
    /// Empty for a week not yet begun or more than two years back, and for a genre the emulation does not serve.
    pub fn beatport_week(&self, genre_id: u32, week_start: Date) -> Vec<BeatportRelease> {
        let index = self.sandbox.lock().providers.index();
        week_of_genre(&self.sandbox, &index, genre_id, week_start)
    }

    /// Moves the sandbox clock forward.
    pub fn advance_clock(&self, by: Duration) {
        self.sandbox.clock.advance(by);
    }

    /// The sandbox clock's current time.
    pub fn now(&self) -> OffsetDateTime {
        self.sandbox.clock.now()
    }

    /// Lifetime of access tokens issued from now on.
    pub fn set_access_token_lifetime(&self, lifetime: Duration) {
        self.sandbox.lock().tokens.access_token_lifetime = lifetime;
    }

    /// Requests per `METHOD /route/template`, whether or not a fault answered them.
    pub fn counters(&self) -> BTreeMap<String, u64> {
        self.sandbox.lock().counters.clone()
    }

    /// Sets every counter back to zero.
    pub fn reset_counters(&self) {
        self.sandbox.lock().counters.clear();
    }

    /// Registers (or replaces) a client app.
    pub fn register_client(&self, client: RegisteredClient) {
        self.sandbox.lock().tokens.register(client);
    }

    /// Issues tokens as if `user_id` approved `client_id` for `scopes` now and a PKCE client exchanged the code.
    /// An unregistered client id is registered as a public client without redirect URIs.
    pub fn grant(&self, user_id: &str, client_id: &str, scopes: &[&str]) -> Result<Grant, ControlError> {
        if let Some(unknown) = scopes.iter().find(|scope| describe(scope).is_none()) {
            return Err(ControlError::UnknownScope((*unknown).to_owned()));
        }
        let now = self.sandbox.clock.now();
        let mut state = self.sandbox.lock();
        if !state.users.contains_key(user_id) {
            return Err(ControlError::UnknownUser(user_id.to_owned()));
        }
        if state.tokens.client(client_id).is_none() {
            state.tokens.register(RegisteredClient::public(client_id, &[]));
        }
        let mut granted: Vec<String> = Vec::new();
        for scope in scopes {
            if !granted.iter().any(|known| known == scope) {
                granted.push((*scope).to_owned());
            }
        }
        let issued = state.tokens.issue(client_id, user_id, granted, now, now, true);
        Ok(Grant {
            access_token: issued.access_token,
            refresh_token: issued.refresh_token.unwrap_or_default(),
            expires_in: issued.expires_in,
            scope: issued.scope,
        })
    }

    /// Revokes every token of a user, as when they remove the app's access in their account settings.
    pub fn revoke_user_tokens(&self, user_id: &str) -> Result<(), ControlError> {
        let mut state = self.sandbox.lock();
        if !state.users.contains_key(user_id) {
            return Err(ControlError::UnknownUser(user_id.to_owned()));
        }
        state.tokens.revoke_user(user_id);
        Ok(())
    }

    /// The demo users and the current size of their libraries.
    pub fn demo_users(&self) -> Vec<DemoUserSummary> {
        self.sandbox
            .lock()
            .users
            .values()
            .map(|user| DemoUserSummary {
                id: user.id.clone(),
                display_name: user.display_name.clone(),
                liked_songs: user.liked.len(),
                playlists: user.playlists.len(),
                premium: user.premium,
            })
            .collect()
    }

    /// The catalog.
    pub fn catalog(&self) -> Arc<Catalog> {
        Arc::clone(&self.sandbox.catalog)
    }

    /// Rows of the catalog CSV that were skipped as malformed.
    pub fn skipped_csv_rows(&self) -> Vec<SkippedRow> {
        self.sandbox.lock().skipped_csv_rows.clone()
    }

    fn track(&self, track_id: &str) -> Result<usize, ControlError> {
        self.sandbox.catalog.track_index(track_id).ok_or_else(|| ControlError::UnknownItem(track_id.to_owned()))
    }

    /// Likes a track in another Spotify client (it becomes the newest liked song).
    pub fn like_track(&self, user_id: &str, track_id: &str) -> Result<(), ControlError> {
        let track = self.track(track_id)?;
        let now = self.sandbox.clock.now();
        user_mut(&mut self.sandbox.lock(), user_id)?.like(track, now);
        Ok(())
    }

    /// Unlikes a track; returns whether it was liked.
    pub fn unlike_track(&self, user_id: &str, track_id: &str) -> Result<bool, ControlError> {
        let track = self.track(track_id)?;
        Ok(user_mut(&mut self.sandbox.lock(), user_id)?.unlike(track))
    }

    /// Follows an artist in another client.
    pub fn follow_artist(&self, user_id: &str, artist_id: &str) -> Result<(), ControlError> {
        let artist = self
            .sandbox
            .catalog
            .artist_index(artist_id)
            .ok_or_else(|| ControlError::UnknownItem(artist_id.to_owned()))?;
        user_mut(&mut self.sandbox.lock(), user_id)?.follow_artist(artist);
        Ok(())
    }

    /// Adds a play to the user's history now (as if a track was listened to elsewhere).
    pub fn record_play(&self, user_id: &str, track_id: &str, context_uri: Option<&str>) -> Result<(), ControlError> {
        let track = self.track(track_id)?;
        let played_at = self.sandbox.clock.now();
        let mut state = self.sandbox.lock();
        let user = user_mut(&mut state, user_id)?;
        user.plays.insert(0, Play { track, played_at, context: context_uri.map(str::to_owned) });
        Ok(())
    }

    /// Makes a device active as if the user opened Spotify on it (`None`: the first device). Returns its id.
    pub fn activate_device(&self, user_id: &str, device_id: Option<&str>) -> Result<String, ControlError> {
        let mut state = self.sandbox.lock();
        let player = &mut user_mut(&mut state, user_id)?.player;
        let index = match device_id {
            Some(id) => player.device_index(id).ok_or_else(|| ControlError::UnknownItem(id.to_owned()))?,
            None => 0,
        };
        let device = player.devices.get(index).ok_or_else(|| ControlError::UnknownItem("device".into()))?;
        let id = device.id.clone();
        player.active = Some(index);
        Ok(id)
    }

    /// What plays for a user: the active device's id and the id of the track loaded there (None when nothing is).
    pub fn now_playing(&self, user_id: &str) -> Result<Option<(String, String)>, ControlError> {
        let state = self.sandbox.lock();
        let user = state.users.get(user_id).ok_or_else(|| ControlError::UnknownUser(user_id.to_owned()))?;
        let player = &user.player;
        let device = player.active.and_then(|index| player.devices.get(index));
        let track = player.playback.as_ref().and_then(|playback| match playback.current_item() {
            Some(Item::Track(track)) => Some(self.sandbox.catalog.tracks[*track].id.clone()),
            _ => None,
        });
        Ok(device.zip(track).map(|(device, track)| (device.id.clone(), track)))
    }

    /// The playlists in a user's list, in `/me/playlists` order.
    pub fn playlists(&self, user_id: &str) -> Result<Vec<PlaylistSummary>, ControlError> {
        let state = self.sandbox.lock();
        let user = state.users.get(user_id).ok_or_else(|| ControlError::UnknownUser(user_id.to_owned()))?;
        Ok(user.playlists.iter().filter_map(|id| state.playlists.get(id)).map(PlaylistSummary::of).collect())
    }

    /// One playlist.
    pub fn playlist(&self, playlist_id: &str) -> Result<PlaylistSummary, ControlError> {
        let state = self.sandbox.lock();
        state
            .playlists
            .get(playlist_id)
            .map(PlaylistSummary::of)
            .ok_or_else(|| ControlError::UnknownPlaylist(playlist_id.to_owned()))
    }

    /// A playlist's entries as URIs in order (`spotify:track:…`, `spotify:episode:…`, `spotify:local:…`; an entry
    /// Spotify no longer serves is `unavailable`), for tests to check what a client wrote.
    pub fn playlist_uris(&self, playlist_id: &str) -> Result<Vec<String>, ControlError> {
        let state = self.sandbox.lock();
        let playlist =
            state.playlists.get(playlist_id).ok_or_else(|| ControlError::UnknownPlaylist(playlist_id.to_owned()))?;
        let catalog = &self.sandbox.catalog;
        Ok(playlist
            .entries
            .iter()
            .map(|entry| match &entry.item {
                Item::Track(index) => format!("spotify:track:{}", catalog.tracks[*index].id),
                Item::Episode(index) => format!("spotify:episode:{}", catalog.episodes[*index].id),
                Item::Local(file) => file.uri(),
                Item::Unavailable => "unavailable".to_owned(),
            })
            .collect())
    }

    /// Creates a playlist owned by a demo user; returns its id.
    pub fn create_playlist(
        &self,
        user_id: &str,
        name: &str,
        public: bool,
        collaborative: bool,
    ) -> Result<String, ControlError> {
        let id = crate::catalog::random_id(&mut rand::rng());
        let mut state = self.sandbox.lock();
        user_mut(&mut state, user_id)?.playlists.insert(0, id.clone());
        let playlist = Playlist::new(
            id.clone(),
            user_id.to_owned(),
            name.to_owned(),
            String::new(),
            public && !collaborative,
            collaborative,
        );
        state.playlists.insert(id.clone(), playlist);
        Ok(id)
    }

    /// Makes a demo user a collaborator of a collaborative playlist; it joins their playlist list.
    pub fn add_collaborator(&self, playlist_id: &str, user_id: &str) -> Result<(), ControlError> {
        let mut state = self.sandbox.lock();
        user_mut(&mut state, user_id)?.follow_playlist(playlist_id);
        let playlist = state
            .playlists
            .get_mut(playlist_id)
            .ok_or_else(|| ControlError::UnknownPlaylist(playlist_id.to_owned()))?;
        if !playlist.collaborative {
            return Err(ControlError::NotAllowed("only collaborative playlists have collaborators".into()));
        }
        playlist.collaborators.insert(user_id.to_owned());
        Ok(())
    }

    /// Follows a playlist (it joins the user's list).
    pub fn follow_playlist(&self, user_id: &str, playlist_id: &str) -> Result<(), ControlError> {
        let mut state = self.sandbox.lock();
        if !state.playlists.contains_key(playlist_id) {
            return Err(ControlError::UnknownPlaylist(playlist_id.to_owned()));
        }
        user_mut(&mut state, user_id)?.follow_playlist(playlist_id);
        Ok(())
    }

    fn items(&self, uris: &[&str]) -> Result<Vec<Item>, ControlError> {
        let catalog = &self.sandbox.catalog;
        uris.iter()
            .map(|uri| {
                let unknown = || ControlError::UnknownItem((*uri).to_owned());
                match uri.strip_prefix("spotify:").and_then(|rest| rest.split_once(':')) {
                    Some(("track", id)) => catalog.track_index(id).map(Item::Track).ok_or_else(unknown),
                    Some(("episode", id)) => catalog.episode_index(id).map(Item::Episode).ok_or_else(unknown),
                    _ => Err(unknown()),
                }
            })
            .collect()
    }

    fn edit_as<T>(
        &self,
        user_id: &str,
        playlist_id: &str,
        edit: impl FnOnce(&mut Playlist) -> T,
    ) -> Result<T, ControlError> {
        let mut state = self.sandbox.lock();
        if !state.users.contains_key(user_id) {
            return Err(ControlError::UnknownUser(user_id.to_owned()));
        }
        let playlist = state
            .playlists
            .get_mut(playlist_id)
            .ok_or_else(|| ControlError::UnknownPlaylist(playlist_id.to_owned()))?;
        if !playlist.is_member(user_id) {
            return Err(ControlError::NotAllowed(format!("{user_id} neither owns nor collaborates on {playlist_id}")));
        }
        Ok(edit(playlist))
    }

    /// Appends tracks or episodes to a playlist as `user_id` (owner or collaborator); returns the new snapshot id.
    pub fn add_to_playlist(&self, user_id: &str, playlist_id: &str, uris: &[&str]) -> Result<String, ControlError> {
        let items = self.items(uris)?;
        let now = self.sandbox.clock.now();
        self.edit_as(user_id, playlist_id, |playlist| {
            playlist.append(items, user_id, now);
            playlist.snapshot_id().to_owned()
        })
    }

    /// Removes every occurrence of the items as `user_id`; returns the new snapshot id.
    pub fn remove_from_playlist(
        &self,
        user_id: &str,
        playlist_id: &str,
        uris: &[&str],
    ) -> Result<String, ControlError> {
        let items = self.items(uris)?;
        self.edit_as(user_id, playlist_id, |playlist| {
            playlist.remove_every(&items);
            playlist.snapshot_id().to_owned()
        })
    }
}
