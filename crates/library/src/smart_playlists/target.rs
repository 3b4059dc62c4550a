//! The playlist a smart playlist writes to, read from Spotify before any write (its snapshot id and entries), and
//! what writing the rule's tracks there would change.

use crossfade_domain::{PlaylistDiff, WriteTarget};
use crossfade_spotify::ApiError;
use crossfade_spotify::models::{Playlist, PlaylistEntry};
use crossfade_store::smart_playlists::SmartPlaylist;
use time::OffsetDateTime;

use super::SmartError;
use super::preview::{Preview, preview};
use crate::{Library, SpotifyClient};

/// A playlist as Spotify has it now.
#[derive(Clone, Debug)]
pub struct TargetPlaylist {
    /// Its details (the first page of entries left out).
    pub playlist: Playlist,
    /// Its entries' URIs in order; an entry whose track Spotify no longer has is `spotify:unavailable:{position}`.
    pub uris: Vec<String>,
    pub entries: Vec<PlaylistEntry>,
}

impl TargetPlaylist {
    pub fn id(&self) -> &str {
        &self.playlist.id
    }

    pub fn snapshot_id(&self) -> &str {
        &self.playlist.snapshot_id
    }
}

/// What applying a smart playlist now would do.
#[derive(Clone, Debug)]
pub struct Changes {
    pub preview: Preview,
    /// The playlist written to; None when the run creates one.
    pub playlist: Option<TargetPlaylist>,
    /// The chosen playlist is gone from Spotify (a new one is created instead).
    pub playlist_gone: bool,
    /// The name of the playlist the run creates, if it creates one.
    pub creates: Option<String>,
    /// What the playlist will hold, as URIs in order.
    pub wanted: Vec<String>,
    pub diff: PlaylistDiff,
}

/// The URI of a Spotify track id.
pub(super) fn track_uri(id: &str) -> String {
    format!("spotify:track:{id}")
}

/// Reads playlist `id` with all its entries; None when Spotify no longer has it (or never gave this user access).
pub(super) async fn read_playlist(
    spotify: &SpotifyClient,
    user_id: i64,
    id: &str,
) -> Result<Option<TargetPlaylist>, ApiError> {
    let mut playlist = match spotify.playlist(user_id, id).await {
        Ok(playlist) => playlist,
        Err(ApiError::NotFound { .. }) => return Ok(None),
        Err(error) => return Err(error),
    };
    // The entries are read from `/items` (50 a page) as a sync reads them; the page embedded in the playlist is
    // left aside, as its `next` link asks for pages `/items` refuses.
    if playlist.items.take().is_none() {
        return Err(ApiError::Forbidden {
            message: "Spotify shares this playlist's entries only with its owner and collaborators".into(),
            reason: None,
        });
    }
    let first = spotify.playlist_items(user_id, id).await?;
    let entries = spotify.all_items(user_id, first).await?;
    let uris = entries
        .iter()
        .enumerate()
        .map(|(position, entry)| match entry.item.as_ref().and_then(|item| item.uri()) {
            Some(uri) => uri.to_owned(),
            None => format!("spotify:unavailable:{position}"),
        })
        .collect();
    Ok(Some(TargetPlaylist { playlist, uris, entries }))
}

/// What applying `smart` at `now` with `seed` would change, read from Spotify without writing anything.
pub async fn changes(
    library: &Library,
    user_id: i64,
    smart: &SmartPlaylist,
    seed: u64,
    now: OffsetDateTime,
) -> Result<Changes, SmartError> {
    let preview = preview(&library.pool, user_id, &smart.rules, seed, now).await?;
    let matches: Vec<String> = preview.track_ids.iter().map(|id| track_uri(id)).collect();
    let (playlist, playlist_gone) = match (smart.target, smart.playlist_id.as_deref()) {
        (WriteTarget::Dated, _) | (_, None) => (None, false),
        (_, Some(id)) => {
            let read = read_playlist(&library.spotify, user_id, id).await?;
            let gone = read.is_none();
            (read, gone)
        }
    };
    let current: Vec<String> = playlist.as_ref().map(|playlist| playlist.uris.clone()).unwrap_or_default();
    let wanted = match smart.target {
        WriteTarget::Append => {
            let held: std::collections::HashSet<&str> = current.iter().map(String::as_str).collect();
            let mut wanted = current.clone();
            wanted.extend(matches.into_iter().filter(|uri| !held.contains(uri.as_str())));
            wanted
        }
        _ => matches,
    };
    let diff = PlaylistDiff::between(&current, &wanted);
    let creates = match (&playlist, smart.target) {
        (_, WriteTarget::Dated) => {
            let day = crossfade_domain::Day::containing(now.unix_timestamp()).expect("now is a day of the calendar");
            Some(smart.name.dated(day))
        }
        (None, _) => Some(smart.name.as_str().to_owned()),
        (Some(_), _) => None,
    };
    Ok(Changes { preview, playlist, playlist_gone, creates, wanted, diff })
}
