//! The board against the user's edits in Spotify: reading the period's playlists (bronze, each silver, each golden)
//! as Spotify holds them now, saying what differs from the board (`crossfade_domain::compare_with_spotify`), and
//! settling it the way the user chose: the board follows Spotify (each move logged, so it can be undone like any
//! other), or Spotify gets the board's version back. Nothing is overwritten before the user has seen the differences,
//! and an answer re-reads Spotify, so it settles what differs at that moment.

use std::collections::HashMap;

use crossfade_domain::{Drift, Layer, Place, Style, Week, compare_with_spotify};
use crossfade_spotify::models::Playable;
use crossfade_store::curation::{self, Board};

use super::BoardError;
use super::period::ensure_may_write;
use crate::Library;

/// What differs between a period's board and Spotify, with the names Spotify gives the tracks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DriftReport {
    pub drifts: Vec<Drift>,
    /// Track names by Spotify id, for tracks the board has no card for.
    pub names: HashMap<String, String>,
}

/// How the user settles the differences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DriftAnswer {
    /// The board follows Spotify: moved cards go where Spotify has them, removed ones to Trash.
    KeepSpotify,
    /// Spotify follows the board: tracks go back to their cards' playlists and out of the ones they were moved to.
    RestoreBoard,
}

/// Compares `user_id`'s board of `style` and `week` with the period's playlists on Spotify.
pub async fn spotify_drift(
    library: &Library,
    user_id: i64,
    style: Style,
    week: Week,
) -> Result<DriftReport, BoardError> {
    let board = curation::board(&library.pool, user_id, style, week).await?.ok_or(BoardError::NotFound)?;
    let (report, _) = compare(library, user_id, style, &board).await?;
    Ok(report)
}

/// Settles the differences between `user_id`'s board of `style` and `week` and Spotify as `answer` says; answers
/// how many were settled.
pub async fn settle_drift(
    library: &Library,
    user_id: i64,
    style: Style,
    week: Week,
    answer: DriftAnswer,
) -> Result<usize, BoardError> {
    ensure_may_write(library, user_id).await?;
    let board = curation::board(&library.pool, user_id, style, week).await?.ok_or(BoardError::NotFound)?;
    let (report, playlists) = compare(library, user_id, style, &board).await?;
    let mut settled = 0;
    for drift in &report.drifts {
        let Some(card) = board.cards.iter().find(|card| card.spotify_track_id == drift.track()) else {
            continue;
        };
        match answer {
            DriftAnswer::KeepSpotify => {
                let Some(to) = drift.kept_place() else { continue };
                let moved = curation::move_card(
                    &library.pool,
                    user_id,
                    board.period.id,
                    card.release_track_id,
                    (card.place, to),
                    None,
                )
                .await?;
                settled += usize::from(moved);
            }
            DriftAnswer::RestoreBoard => {
                let restore = drift.restoring();
                let uri = [format!("spotify:track:{}", card.spotify_track_id)];
                if let Some(playlist) = restore.add_to.and_then(|layer| playlists.get(&layer)) {
                    library.gate.pass(library.spotify.add_items(user_id, playlist, &uri, None)).await?;
                }
                for playlist in restore.remove_from.iter().filter_map(|layer| playlists.get(layer)) {
                    library.gate.pass(library.spotify.remove_items(user_id, playlist, &uri, None)).await?;
                }
                settled += 1;
            }
        }
    }
    Ok(settled)
}

/// Reads the period's playlists from Spotify and compares them with `board`; answers the report and each layer's
/// playlist id.
async fn compare(
    library: &Library,
    user_id: i64,
    style: Style,
    board: &Board,
) -> Result<(DriftReport, HashMap<Layer, String>), BoardError> {
    let mut playlists: HashMap<Layer, String> = HashMap::new();
    playlists.insert(Layer::Bronze, board.period.bronze_playlist_id.clone());
    for (category, playlist) in &board.period.silver {
        playlists.insert(Layer::Silver(*category), playlist.clone());
    }
    for category in curation::categories(&library.pool, user_id, style).await? {
        playlists.insert(Layer::Golden(category.id), category.playlist_id);
    }
    let mut held = Vec::new();
    let mut names = HashMap::new();
    for (layer, playlist) in &playlists {
        let first = library.gate.pass(library.spotify.playlist_items(user_id, playlist)).await?;
        let entries = library.gate.pass(library.spotify.all_items(user_id, first)).await?;
        let mut tracks = Vec::new();
        for entry in entries {
            if let Some(Playable::Track(track)) = entry.item
                && let Some(id) = track.id
            {
                names.entry(id.clone()).or_insert(track.name);
                tracks.push(id);
            }
        }
        held.push((*layer, tracks));
    }
    // A stable order of playlists, so the differences read the same on every comparison.
    held.sort_by_key(|(layer, _)| layer_order(*layer));
    let cards: Vec<(String, Place)> =
        board.cards.iter().map(|card| (card.spotify_track_id.clone(), card.place)).collect();
    let drifts = compare_with_spotify(&cards, &held);
    names.retain(|id, _| !board.cards.iter().any(|card| &card.spotify_track_id == id));
    Ok((DriftReport { drifts, names }, playlists))
}

fn layer_order(layer: Layer) -> (u8, i64) {
    match layer {
        Layer::Bronze => (0, 0),
        Layer::Silver(category) => (1, category),
        Layer::Golden(category) => (2, category),
    }
}
