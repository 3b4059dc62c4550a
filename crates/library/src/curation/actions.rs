//! Moving a card: the playlist edits on Spotify first (add to the new place's playlist, then remove from the old
//! one's), then the board, so the board never shows a move Spotify did not make. A failure between the two edits is
//! undone by removing the track from the playlist it was just added to, which leaves Spotify as the board says.

use crossfade_domain::{BoardAction, Layer, Place, PlaylistMove, Style, Week};
use crossfade_store::curation::{self, BoardPeriod};

use super::BoardError;
use super::period::ensure_may_write;
use crate::Library;

/// What an action or an undo did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Acted {
    pub release_track_id: i64,
    pub from: Place,
    pub to: Place,
}

/// Applies `action` to the card of release `release_track_id` on `user_id`'s board of `style` and `week`.
pub async fn act(
    library: &Library,
    user_id: i64,
    style: Style,
    week: Week,
    release_track_id: i64,
    action: BoardAction,
) -> Result<Acted, BoardError> {
    ensure_may_write(library, user_id).await?;
    let board = curation::board(&library.pool, user_id, style, week).await?.ok_or(BoardError::NotFound)?;
    let card = board.cards.iter().find(|card| card.release_track_id == release_track_id).ok_or(BoardError::NotFound)?;
    if let BoardAction::Send(category) = action
        && !board.period.silver.iter().any(|(id, _)| *id == category)
    {
        return Err(BoardError::NotFound);
    }
    let to = card.place.after(action)?;
    move_on_spotify(library, user_id, style, &board.period, &card.spotify_track_id, card.place, to).await?;
    let moved =
        curation::move_card(&library.pool, user_id, board.period.id, release_track_id, (card.place, to), None).await?;
    if !moved {
        // Another tab moved the card first: put Spotify back as the board has it.
        move_on_spotify(library, user_id, style, &board.period, &card.spotify_track_id, to, card.place).await?;
        return Err(BoardError::NotFound);
    }
    Ok(Acted { release_track_id, from: card.place, to })
}

/// Undoes the latest action of `user_id`'s board of `style` and `week` not undone yet, on Spotify and on the board.
pub async fn undo_last(library: &Library, user_id: i64, style: Style, week: Week) -> Result<Acted, BoardError> {
    ensure_may_write(library, user_id).await?;
    let period = curation::period_of(&library.pool, user_id, style, week).await?.ok_or(BoardError::NotFound)?;
    let action = curation::last_action(&library.pool, user_id, period.id).await?.ok_or(BoardError::NothingToUndo)?;
    let board = curation::board(&library.pool, user_id, style, week).await?.ok_or(BoardError::NotFound)?;
    let card =
        board.cards.iter().find(|card| card.release_track_id == action.release_track_id).ok_or(BoardError::NotFound)?;
    if card.place != action.to {
        return Err(BoardError::NothingToUndo);
    }
    move_on_spotify(library, user_id, style, &period, &card.spotify_track_id, action.to, action.from).await?;
    let moved = curation::move_card(
        &library.pool,
        user_id,
        period.id,
        action.release_track_id,
        (action.to, action.from),
        Some(action.id),
    )
    .await?;
    if !moved {
        move_on_spotify(library, user_id, style, &period, &card.spotify_track_id, action.from, action.to).await?;
        return Err(BoardError::NothingToUndo);
    }
    Ok(Acted { release_track_id: action.release_track_id, from: action.to, to: action.from })
}

/// The Spotify side of a move from `from` to `to`.
async fn move_on_spotify(
    library: &Library,
    user_id: i64,
    style: Style,
    period: &BoardPeriod,
    spotify_track_id: &str,
    from: Place,
    to: Place,
) -> Result<(), BoardError> {
    let edits = PlaylistMove::between(from, to);
    let uri = [format!("spotify:track:{spotify_track_id}")];
    let add_to = match edits.add_to {
        Some(layer) => Some(playlist_of(library, user_id, style, period, layer).await?),
        None => None,
    };
    let remove_from = match edits.remove_from {
        Some(layer) => Some(playlist_of(library, user_id, style, period, layer).await?),
        None => None,
    };
    if let Some(playlist) = &add_to {
        library.spotify.add_items(user_id, playlist, &uri, None).await?;
    }
    if let Some(playlist) = &remove_from
        && let Err(error) = library.spotify.remove_items(user_id, playlist, &uri, None).await
    {
        if let Some(added) = &add_to
            && let Err(undo) = library.spotify.remove_items(user_id, added, &uri, None).await
        {
            tracing::warn!(user_id, error = %undo, "a half-made board move stays on Spotify");
        }
        return Err(error.into());
    }
    Ok(())
}

/// The Spotify playlist of a layer of the period.
async fn playlist_of(
    library: &Library,
    user_id: i64,
    style: Style,
    period: &BoardPeriod,
    layer: Layer,
) -> Result<String, BoardError> {
    match layer {
        Layer::Bronze => Ok(period.bronze_playlist_id.clone()),
        Layer::Silver(category) => period
            .silver
            .iter()
            .find(|(id, _)| *id == category)
            .map(|(_, playlist)| playlist.clone())
            .ok_or(BoardError::NotFound),
        Layer::Golden(category) => curation::categories(&library.pool, user_id, style)
            .await?
            .into_iter()
            .find(|known| known.id == category)
            .map(|known| known.playlist_id)
            .ok_or(BoardError::NotFound),
    }
}
