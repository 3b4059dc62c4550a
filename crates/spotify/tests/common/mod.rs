//! Shared test fixtures: an in-memory refresh-token store, a sandbox with a registered client, and sign-in.

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossfade_spotify::{RefreshTokenStore, RetryPolicy, Scope, Spotify, SpotifyConfig, StoreError, TokenGrant};
use crossfade_spotify_sandbox::{Control, RegisteredClient, RunningSandbox, SandboxConfig};
use secrecy::{ExposeSecret, SecretString};
use url::Url;

pub const CLIENT_ID: &str = "crossfade-test";
pub const REDIRECT_URI: &str = "http://127.0.0.1:3000/callback";

/// What the store holds for one user.
#[derive(Clone, Debug, Default)]
pub struct Record {
    pub token: Option<String>,
    pub needs_sign_in: bool,
    pub saves: u32,
}

/// A refresh-token store in memory, as two processes would share a database.
#[derive(Debug, Default)]
pub struct MemoryStore {
    users: Mutex<HashMap<i64, Record>>,
    stale: Mutex<Option<String>>,
    failing_saves: Mutex<bool>,
}

impl MemoryStore {
    pub fn record(&self, user: i64) -> Record {
        self.users.lock().unwrap().get(&user).cloned().unwrap_or_default()
    }

    /// The next `load` answers `token` instead of the stored one: a read that raced another process's rotation.
    pub fn serve_stale_once(&self, token: &str) {
        *self.stale.lock().unwrap() = Some(token.to_owned());
    }

    /// Every `save` fails from now on, as a database outage would.
    pub fn fail_saves(&self) {
        *self.failing_saves.lock().unwrap() = true;
    }

    pub fn put(&self, user: i64, token: &str) {
        self.users.lock().unwrap().entry(user).or_default().token = Some(token.to_owned());
    }
}

impl RefreshTokenStore for MemoryStore {
    async fn load(&self, user: i64) -> Result<Option<SecretString>, StoreError> {
        if let Some(stale) = self.stale.lock().unwrap().take() {
            return Ok(Some(SecretString::from(stale)));
        }
        Ok(self.record(user).token.map(SecretString::from))
    }

    async fn save(&self, user: i64, refresh_token: &SecretString) -> Result<(), StoreError> {
        if *self.failing_saves.lock().unwrap() {
            return Err(StoreError(Box::new(std::io::Error::other("the database is down"))));
        }
        let mut users = self.users.lock().unwrap();
        let record = users.entry(user).or_default();
        record.token = Some(refresh_token.expose_secret().to_owned());
        record.saves += 1;
        Ok(())
    }

    async fn mark_needs_sign_in(&self, user: i64) -> Result<(), StoreError> {
        self.users.lock().unwrap().entry(user).or_default().needs_sign_in = true;
        Ok(())
    }
}

/// A retry policy that keeps tests quick.
pub fn quick_policy() -> RetryPolicy {
    RetryPolicy {
        max_retry_after: Duration::from_secs(3),
        max_attempts: 4,
        backoff_base: Duration::from_millis(50),
        backoff_max: Duration::from_millis(400),
        request_timeout: Duration::from_secs(5),
        connect_timeout: Duration::from_secs(2),
    }
}

/// A running sandbox with the test client registered.
pub struct Harness {
    pub sandbox: RunningSandbox,
    pub control: Control,
    pub store: Arc<MemoryStore>,
    pub spotify: Spotify<Arc<MemoryStore>>,
}

pub async fn start_sandbox() -> RunningSandbox {
    let config = SandboxConfig {
        clients: vec![RegisteredClient {
            client_id: CLIENT_ID.into(),
            client_secret: None,
            redirect_uris: vec![REDIRECT_URI.into()],
        }],
        ..SandboxConfig::default()
    };
    crossfade_spotify_sandbox::start(config, "127.0.0.1:0".parse().unwrap()).await.unwrap()
}

pub fn config(sandbox: &RunningSandbox, policy: RetryPolicy) -> SpotifyConfig {
    SpotifyConfig {
        accounts_base: sandbox.base_url(),
        api_base: sandbox.api_base_url(),
        client_id: CLIENT_ID.into(),
        client_secret: None,
        redirect_uri: Url::parse(REDIRECT_URI).unwrap(),
        policy,
    }
}

pub async fn harness(policy: RetryPolicy) -> Harness {
    let sandbox = start_sandbox().await;
    let control = sandbox.control();
    let store = Arc::new(MemoryStore::default());
    let spotify = Spotify::new(config(&sandbox, policy), Arc::clone(&store)).unwrap();
    Harness { sandbox, control, store, spotify }
}

impl Harness {
    /// Another client instance on the same store: a second process of the same install.
    pub fn second_process(&self, policy: RetryPolicy) -> Spotify<Arc<MemoryStore>> {
        Spotify::new(config(&self.sandbox, policy), Arc::clone(&self.store)).unwrap()
    }

    /// A grant for a demo user, issued directly by the sandbox, with its refresh token saved in the store.
    /// The access token is remembered by the client only when `remember` is set.
    pub fn sign_in(&self, user: i64, demo_user: &str, remember: bool) -> TokenGrant {
        let names: Vec<&str> = Scope::ALL.iter().map(|scope| scope.as_str()).collect();
        let scopes: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
        let grant = self.control.grant(demo_user, CLIENT_ID, &names).unwrap();
        self.store.put(user, &grant.refresh_token);
        let grant = TokenGrant {
            access_token: SecretString::from(grant.access_token),
            refresh_token: Some(SecretString::from(grant.refresh_token)),
            expires_in: Duration::from_secs(grant.expires_in),
            scopes,
        };
        if remember {
            self.spotify.remember(user, &grant);
        }
        grant
    }

    /// How many requests the sandbox counted for `route` (`"GET /v1/me"`).
    pub fn count(&self, route: &str) -> u64 {
        self.control.counters().get(route).copied().unwrap_or(0)
    }
}
