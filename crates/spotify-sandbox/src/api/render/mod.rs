//! Spotify's JSON shapes for catalog items, users and playlists. In Development Mode the fields Spotify removed
//! (popularity, followers, genres, label, available_markets) are absent; in Extended mode they are present.

mod catalog;
mod playlist;

use serde_json::{Value, json};
use url::Url;

use crate::catalog::Catalog;
use crate::config::Mode;
use crate::state::Sandbox;

/// Markets listed in Extended mode's `available_markets`.
const MARKETS: [&str; 8] = ["BR", "CA", "DE", "FR", "GB", "JP", "SE", "US"];

/// Renders objects for one request.
pub(crate) struct Render<'a> {
    pub catalog: &'a Catalog,
    api: &'a Url,
    base: &'a Url,
    pub mode: Mode,
}

impl<'a> Render<'a> {
    pub(crate) fn new(sandbox: &'a Sandbox) -> Self {
        Self { catalog: &sandbox.catalog, api: &sandbox.api_base_url, base: &sandbox.base_url, mode: sandbox.mode }
    }

    /// The absolute Web API URL of `path` (no leading slash).
    pub(crate) fn api_url(&self, path: &str) -> String {
        format!("{}{path}", self.api)
    }

    fn extended(&self) -> bool {
        self.mode.is_extended()
    }

    fn external_urls(kind: &str, id: &str) -> Value {
        json!({ "spotify": format!("https://open.spotify.com/{kind}/{id}") })
    }

    /// Three sizes of the generated cover served by the sandbox itself (nothing is fetched from the internet).
    fn images(&self, id: &str) -> Value {
        let sizes = [640, 300, 64];
        Value::Array(
            sizes
                .iter()
                .map(|size| json!({ "url": format!("{}sandbox/images/{id}/{size}", self.base), "height": size, "width": size }))
                .collect(),
        )
    }

    fn markets(&self) -> Value {
        json!(MARKETS)
    }
}
