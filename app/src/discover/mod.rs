//! Discover: tracks from the installation's catalog like a seed, each with the reason it was picked, and what to do
//! with one (play, queue, save to Liked Songs, add to a playlist). `/discover` is a mix from the user's listening;
//! `/discover/tracks/:id` "more like this", `/discover/playlists/:id` "continue this playlist" and
//! `/discover/categories/:style/:name` more for a golden category of the board. Every action is a plain form.

mod actions;
mod page;
#[cfg(feature = "ssr")]
mod read;

use serde::{Deserialize, Serialize};

pub use page::DiscoverPage;

use crate::AppError;

/// Shown to visitors: what signing in gives here.
const PURPOSE: &str = "to discover tracks like the ones you play";

/// What a Discover list starts from, as the page's address says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeedAddress {
    Taste,
    Track(String),
    Playlist(String),
    Category { style: String, name: String },
}

impl SeedAddress {
    /// The page of this seed.
    pub fn path(&self) -> String {
        use leptos_router::location::Url;
        match self {
            SeedAddress::Taste => "/discover".to_owned(),
            SeedAddress::Track(id) => format!("/discover/tracks/{}", Url::escape(id)),
            SeedAddress::Playlist(id) => format!("/discover/playlists/{}", Url::escape(id)),
            // A style's slug needs no escaping; a category's name is the user's words.
            SeedAddress::Category { style, name } => format!("/discover/categories/{style}/{}", Url::escape(name)),
        }
    }
}

/// A recommended track as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickView {
    pub spotify_id: String,
    pub name: String,
    pub artists: String,
    pub album: String,
    pub image_url: Option<String>,
    pub duration_ms: i64,
    pub reason: String,
    pub known: bool,
}

/// A place the page links to or writes into: a playlist, or a board category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedChoice {
    pub path: String,
    pub name: String,
}

/// A track added to a playlist from Discover, to undo.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddedView {
    pub run: i64,
    pub summary: String,
    pub undone: bool,
}

/// What a button did, said on the page: in place with JavaScript, and through the address it comes back to
/// without (`done=saved`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Done {
    Queued,
    Saved,
    Added,
    /// The playlist held the track already.
    AlreadyThere,
}

impl Done {
    const ALL: [Done; 4] = [Done::Queued, Done::Saved, Done::Added, Done::AlreadyThere];

    pub fn code(self) -> &'static str {
        match self {
            Done::Queued => "queued",
            Done::Saved => "saved",
            Done::Added => "added",
            Done::AlreadyThere => "already-there",
        }
    }

    pub fn parse(code: &str) -> Option<Done> {
        Done::ALL.into_iter().find(|done| done.code() == code)
    }

    pub fn words(self) -> &'static str {
        match self {
            Done::Queued => "Queued: it plays after the current track.",
            Done::Saved => "Saved to your Liked Songs.",
            Done::Added => "Added to the playlist; undo it below.",
            Done::AlreadyThere => "The playlist holds this track already.",
        }
    }
}

/// Everything the page shows, in one answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscoverView {
    /// "More like “Strobe”"…
    pub title: String,
    /// Why there is no list (nothing known of the seed's sound yet), instead of picks.
    pub empty_because: Option<String>,
    pub seed_tracks: usize,
    pub candidates: usize,
    pub picks: Vec<PickView>,
    pub show_known: bool,
    pub per_artist: usize,
    /// The user's playlists to continue, and their board's categories.
    pub playlists: Vec<SeedChoice>,
    pub categories: Vec<SeedChoice>,
    /// The playlists a track can be added to (the user's own and collaborative ones): Spotify id and name.
    pub writable: Vec<(String, String)>,
    pub may_write: bool,
    pub may_play: bool,
    pub added: Vec<AddedView>,
}

/// How many tracks of one artist a list may hold, at most, as the page offers it.
const MAX_PER_ARTIST: usize = 10;

/// The list for `seed` for the signed-in user; `known=show` keeps what they know, `per_artist` caps each artist
/// (1–10, 2 when absent). A visitor gets `None`; a seed that is not theirs answers 404.
#[leptos::server(prefix = "/api", endpoint = "discover_list")]
pub async fn discover_list(
    seed: SeedAddress,
    known: Option<String>,
    per_artist: Option<String>,
) -> Result<Option<DiscoverView>, AppError> {
    crate::account::for_viewer("discover_list", |viewer| async move {
        let show_known = known.as_deref() == Some("show");
        let per_artist = match per_artist.as_deref().filter(|text| !text.is_empty()) {
            None => crossfade_domain::DiscoverOptions::default().per_artist,
            Some(text) => {
                text.parse::<usize>().ok().filter(|count| (1..=MAX_PER_ARTIST).contains(count)).ok_or_else(|| {
                    AppError::invalid("per_artist", format!("a number from 1 to {MAX_PER_ARTIST}")).answer()
                })?
            }
        };
        let options =
            crossfade_domain::DiscoverOptions { per_artist, exclude_known: !show_known, ..Default::default() };
        read::read(viewer.user_id, &seed, &options).await
    })
    .await
}
