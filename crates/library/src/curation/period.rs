//! Categories and periods: the Spotify playlists the board owns are created here, private and named the same way
//! for every user and week (`crossfade_domain::playlist_name`).

use crossfade_domain::{CategoryName, Style, Week, playlist_name};
use crossfade_spotify::NewPlaylist;
use crossfade_store::curation::{self, Board, Category, NewCard, WeekCandidate};

use super::BoardError;
use crate::Library;
use crate::smart_playlists::may_write_playlists;

/// How a period start went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodStart {
    /// The period was created with this many cards in bronze.
    Started { cards: usize },
    /// The period existed already; nothing changed.
    Existing,
}

/// Creates a category of `style` for `user_id`: its golden playlist on Spotify (private), then the category.
pub async fn add_category(
    library: &Library,
    user_id: i64,
    style: Style,
    name: &CategoryName,
) -> Result<Category, BoardError> {
    ensure_may_write(library, user_id).await?;
    curation::curate_style(&library.pool, user_id, style).await?;
    let existing = curation::categories(&library.pool, user_id, style).await?;
    if existing.iter().any(|category| category.name.eq_ignore_ascii_case(name.as_str())) {
        return Err(BoardError::CategoryTaken);
    }
    let description = format!("Keepers of {} sorted on Crossfade's curation board.", style.name);
    let playlist =
        library.spotify.create_playlist(user_id, &private(playlist_name(style, None, Some(name)), description)).await?;
    match curation::add_category(&library.pool, user_id, style, name, &playlist.id).await? {
        Some(category) => Ok(category),
        None => {
            forget_playlists(library, user_id, &[playlist.id]).await;
            Err(BoardError::CategoryTaken)
        }
    }
}

/// Starts `user_id`'s period of `style` for `week`: ranks the week's releases by the user's taste, creates the
/// bronze playlist filled in that order and a silver playlist per category, then stores the period. If Spotify
/// fails halfway, the playlists created so far are removed again and nothing is stored.
pub async fn start_period(
    library: &Library,
    user_id: i64,
    style: Style,
    week: Week,
) -> Result<PeriodStart, BoardError> {
    ensure_may_write(library, user_id).await?;
    let pool = &library.pool;
    if curation::period_of(pool, user_id, style, week).await?.is_some() {
        return Ok(PeriodStart::Existing);
    }
    let categories = curation::categories(pool, user_id, style).await?;
    if categories.is_empty() {
        return Err(BoardError::NoCategories);
    }
    let candidates = curation::week_candidates(pool, user_id, style, week).await?;
    let golden = curation::golden_tracks(pool, user_id, style).await?;
    let cards = super::ranking::ranked_cards(&candidates, &golden);

    let mut created = Vec::new();
    let outcome = create_playlists(library, user_id, style, week, &categories, &cards, &mut created).await;
    let (bronze, silver) = match outcome {
        Ok(playlists) => playlists,
        Err(error) => {
            forget_playlists(library, user_id, &created).await;
            return Err(error);
        }
    };
    match curation::new_period(pool, user_id, style, week, &bronze, &silver, &cards).await {
        Ok(Some(_)) => Ok(PeriodStart::Started { cards: cards.len() }),
        // Started meanwhile from another tab: that one's playlists stay, these go.
        Ok(None) => {
            forget_playlists(library, user_id, &created).await;
            Ok(PeriodStart::Existing)
        }
        Err(error) => {
            forget_playlists(library, user_id, &created).await;
            Err(error.into())
        }
    }
}

/// The releases of `style` and `week` that may go on `board` but are not on it: matched, pulled or brought in after the period
/// started. In release order.
pub async fn late_releases(
    library: &Library,
    user_id: i64,
    style: Style,
    week: Week,
    board: &Board,
) -> Result<Vec<WeekCandidate>, BoardError> {
    let mut candidates = curation::week_candidates(&library.pool, user_id, style, week).await?;
    candidates.retain(|candidate| {
        !board.cards.iter().any(|card| {
            card.release_track_id == candidate.release_track_id || card.spotify_track_id == candidate.spotify_track_id
        })
    });
    Ok(candidates)
}

/// Adds the releases that came after `user_id`'s period of `style` and `week` started to its bronze playlist, in
/// the order of the user's taste after the cards already there: on Spotify first, then on the board. Answers how
/// many cards were added.
pub async fn bring_in_late_releases(
    library: &Library,
    user_id: i64,
    style: Style,
    week: Week,
) -> Result<usize, BoardError> {
    ensure_may_write(library, user_id).await?;
    let pool = &library.pool;
    let board = curation::board(pool, user_id, style, week).await?.ok_or(BoardError::NotFound)?;
    let late = late_releases(library, user_id, style, week, &board).await?;
    if late.is_empty() {
        return Ok(0);
    }
    let golden = curation::golden_tracks(pool, user_id, style).await?;
    let after = board.cards.iter().map(|card| card.rank).max().map_or(0, |rank| rank.saturating_add(1));
    let mut cards = super::ranking::ranked_cards(&late, &golden);
    for card in &mut cards {
        card.rank = card.rank.saturating_add(after);
    }
    let uris: Vec<String> = cards.iter().map(|card| format!("spotify:track:{}", card.spotify_track_id)).collect();
    library.spotify.add_items(user_id, &board.period.bronze_playlist_id, &uris, None).await?;
    let added = curation::add_late_cards(pool, user_id, board.period.id, &cards).await?;
    Ok(usize::try_from(added).unwrap_or(usize::MAX))
}

/// Creates the bronze playlist (filled with `cards` in rank order) and each category's silver playlist, noting every
/// playlist in `created` as soon as it exists.
async fn create_playlists(
    library: &Library,
    user_id: i64,
    style: Style,
    week: Week,
    categories: &[Category],
    cards: &[NewCard],
    created: &mut Vec<String>,
) -> Result<(String, Vec<(i64, String)>), BoardError> {
    let spotify = &library.spotify;
    let description =
        format!("New {} releases of {} to sort on Crossfade's curation board.", style.name, week.iso_name());
    let bronze =
        spotify.create_playlist(user_id, &private(playlist_name(style, Some(week), None), description)).await?;
    created.push(bronze.id.clone());
    let uris: Vec<String> = cards.iter().map(|card| format!("spotify:track:{}", card.spotify_track_id)).collect();
    if !uris.is_empty() {
        spotify.add_items(user_id, &bronze.id, &uris, None).await?;
    }
    let mut silver = Vec::new();
    for category in categories {
        let name = CategoryName::parse(&category.name).map_err(|_| BoardError::NotFound)?;
        let description = format!("{} of {}, sorted on Crossfade's curation board.", category.name, week.iso_name());
        let playlist = spotify
            .create_playlist(user_id, &private(playlist_name(style, Some(week), Some(&name)), description))
            .await?;
        created.push(playlist.id.clone());
        silver.push((category.id, playlist.id));
    }
    Ok((bronze.id, silver))
}

fn private(name: String, description: String) -> NewPlaylist {
    NewPlaylist { name, description: Some(description), public: Some(false), collaborative: None }
}

/// Unfollows playlists a failed start created (Spotify's way of deleting one's own playlist); a failure here is
/// logged, as the start's own error is what the user needs to see.
async fn forget_playlists(library: &Library, user_id: i64, playlists: &[String]) {
    if playlists.is_empty() {
        return;
    }
    let uris: Vec<String> = playlists.iter().map(|id| format!("spotify:playlist:{id}")).collect();
    if let Err(error) = library.spotify.remove_from_library(user_id, &uris).await {
        tracing::warn!(user_id, error = %error, playlists = uris.len(), "playlists of a failed board start stay on Spotify");
    }
}

pub(super) async fn ensure_may_write(library: &Library, user_id: i64) -> Result<(), BoardError> {
    if may_write_playlists(&library.pool, user_id).await? { Ok(()) } else { Err(BoardError::NeedsConsent) }
}
