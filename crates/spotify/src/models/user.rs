//! Spotify users: the signed-in user (`GET /me`) and the users named on playlists (owners, adders).

use serde::{Deserialize, Serialize};

use super::common::{ExternalUrls, Image};
use super::serde_util::{null_as_default, skip_null_entries};

/// The signed-in user, as `GET /me` describes them in 2026 (email, country and product are gone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    /// The Spotify user id (may change; do not key accounts on it).
    pub id: String,
    /// The stable, pseudonymous account id: key users on this when present.
    #[serde(default)]
    pub account_id: Option<String>,
    /// The profile's display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Profile pictures.
    #[serde(default, deserialize_with = "skip_null_entries")]
    pub images: Vec<Image>,
    /// `spotify:user:…`.
    #[serde(default)]
    pub uri: String,
}

impl CurrentUser {
    /// The key to link the Spotify account to an app user by: `account_id`, falling back to `id`.
    pub fn account_key(&self) -> &str {
        self.account_id.as_deref().filter(|id| !id.is_empty()).unwrap_or(&self.id)
    }
}

/// A user named by a playlist: its owner or the one who added an entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRef {
    /// The Spotify user id.
    #[serde(default)]
    pub id: String,
    /// The display name (owners only, and not always).
    #[serde(default)]
    pub display_name: Option<String>,
    /// `spotify:user:…`.
    #[serde(default)]
    pub uri: Option<String>,
    /// The user's Spotify page.
    #[serde(default, deserialize_with = "null_as_default")]
    pub external_urls: ExternalUrls,
}
