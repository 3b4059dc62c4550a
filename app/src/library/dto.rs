//! The piece of data every library page shows, as it crosses from the server to the browser.

use serde::{Deserialize, Serialize};

/// Something in Spotify's catalog that has a page: its Spotify id and its name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub spotify_id: String,
    pub name: String,
}

#[cfg(feature = "ssr")]
impl From<crossfade_store::browse::ArtistCredit> for Named {
    fn from(credit: crossfade_store::browse::ArtistCredit) -> Self {
        Named { spotify_id: credit.spotify_id, name: credit.name }
    }
}

/// The artists credited on a track or album, as the pages link them.
#[cfg(feature = "ssr")]
pub fn named(credits: Vec<crossfade_store::browse::ArtistCredit>) -> Vec<Named> {
    credits.into_iter().map(Named::from).collect()
}
