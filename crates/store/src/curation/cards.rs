//! A period's cards: the releases a new week brings to the board (the style's matched releases of the week, minus
//! what the user trashed and what their golden playlists hold), and moving a card between places with the action
//! logged in the same transaction, so the board and its undo never disagree.

use crossfade_domain::{Place, Style, Week};
use sqlx::PgPool;

use crate::StoreError;
use crate::listening::day_of;

/// A release that may go on a week's board, with what ranking by taste looks at.
#[derive(Clone, Debug, PartialEq)]
pub struct WeekCandidate {
    pub release_track_id: i64,
    pub spotify_track_id: String,
    /// From a label the user follows.
    pub followed_label: bool,
    pub taste: TasteRow,
}

/// What ranking by taste reads of a track (release or golden).
#[derive(Clone, Debug, PartialEq)]
pub struct TasteRow {
    pub bpm: Option<f32>,
    pub key_pitch: Option<i16>,
    pub key_mode: Option<i16>,
    pub energy: Option<f32>,
    pub danceability: Option<f32>,
    pub valence: Option<f32>,
    pub label_key: Option<String>,
    pub artists: Vec<String>,
}

/// The style's releases of `week` matched to Spotify that `user_id` may still want: not trashed before, not in
/// any of their golden playlists of any style, each Spotify track once; in release order.
pub async fn week_candidates(
    pool: &PgPool,
    user_id: i64,
    style: Style,
    week: Week,
) -> Result<Vec<WeekCandidate>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT DISTINCT ON (t.spotify_track_id)
                  t.id, t.spotify_track_id AS "spotify_track_id!", t.bpm, t.key_pitch, t.key_mode,
                  l.label_key AS "label_key?",
                  EXISTS (SELECT 1 FROM followed_labels f WHERE f.user_id = $1 AND f.label_id = r.label_id)
                      AS "followed!",
                  f.energy AS "energy?", f.danceability AS "danceability?", f.valence AS "valence?",
                  ARRAY(SELECT a.name_key FROM release_track_artists c JOIN release_artists a ON a.id = c.artist_id
                        WHERE c.release_track_id = t.id ORDER BY c.role, c.position) AS "artists!"
           FROM release_tracks t
           LEFT JOIN releases r ON r.id = t.release_id
           LEFT JOIN release_labels l ON l.id = r.label_id
           LEFT JOIN LATERAL (SELECT energy, danceability, valence FROM track_features tf
                              WHERE tf.track_id = t.spotify_track_id AND tf.user_id IS NULL
                              ORDER BY tf.energy IS NULL, tf.provider LIMIT 1) f ON true
           WHERE t.style = $2 AND t.release_date BETWEEN $3 AND $4 AND t.match_state = 'matched'
             AND NOT EXISTS (SELECT 1 FROM never_show_again n WHERE n.user_id = $1 AND n.spotify_track_id = t.spotify_track_id)
             AND NOT EXISTS (SELECT 1 FROM curation_cards cc JOIN curation_periods p ON p.id = cc.period_id
                             WHERE p.user_id = $1 AND cc.place = 'golden' AND cc.spotify_track_id = t.spotify_track_id)
             AND NOT EXISTS (SELECT 1 FROM curation_categories k
                             JOIN playlists pl ON pl.user_id = k.user_id AND pl.spotify_id = k.playlist_id
                             JOIN playlist_items i ON i.playlist_id = pl.id
                             WHERE k.user_id = $1 AND i.track_id = t.spotify_track_id)
           ORDER BY t.spotify_track_id, t.id"#,
        user_id,
        style.slug,
        day_of(week.monday()),
        day_of(week.sunday()),
    )
    .fetch_all(pool)
    .await?;
    let mut candidates: Vec<WeekCandidate> = rows
        .into_iter()
        .map(|row| WeekCandidate {
            release_track_id: row.id,
            spotify_track_id: row.spotify_track_id,
            followed_label: row.followed,
            taste: TasteRow {
                bpm: row.bpm,
                key_pitch: row.key_pitch,
                key_mode: row.key_mode,
                energy: row.energy,
                danceability: row.danceability,
                valence: row.valence,
                label_key: row.label_key,
                artists: row.artists,
            },
        })
        .collect();
    candidates.sort_by_key(|candidate| candidate.release_track_id);
    Ok(candidates)
}

/// A card of a new period, in bronze.
#[derive(Clone, Debug, PartialEq)]
pub struct NewCard {
    pub release_track_id: i64,
    pub spotify_track_id: String,
    pub rank: i32,
    pub score: Option<f32>,
    pub reason: Option<String>,
    pub followed_label: bool,
}

/// Stores a started period: its bronze playlist, a silver playlist per category and its cards, all in bronze.
/// None when `user_id` has a period of that style and week already (nothing is stored).
pub async fn new_period(
    pool: &PgPool,
    user_id: i64,
    style: Style,
    week: Week,
    bronze_playlist_id: &str,
    silver: &[(i64, String)],
    cards: &[NewCard],
) -> Result<Option<i64>, StoreError> {
    let mut tx = pool.begin().await?;
    let Some(period_id) = sqlx::query_scalar!(
        "INSERT INTO curation_periods (user_id, style, week, bronze_playlist_id, state)
         VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN 'sorted' ELSE 'in_progress' END)
         ON CONFLICT (user_id, style, week) DO NOTHING RETURNING id",
        user_id,
        style.slug,
        day_of(week.monday()),
        bronze_playlist_id,
        cards.is_empty(),
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(None);
    };
    let (categories, playlists): (Vec<i64>, Vec<String>) = silver.iter().cloned().unzip();
    sqlx::query!(
        "INSERT INTO curation_silver_playlists (period_id, category_id, playlist_id)
         SELECT $1, * FROM UNNEST($2::bigint[], $3::text[])",
        period_id,
        &categories,
        &playlists,
    )
    .execute(&mut *tx)
    .await?;
    insert_cards(&mut tx, period_id, cards).await?;
    tx.commit().await?;
    Ok(Some(period_id))
}

/// Puts `cards` in bronze of period `period_id`, leaving out any the period holds already; answers how many went in.
async fn insert_cards(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    period_id: i64,
    cards: &[NewCard],
) -> Result<u64, StoreError> {
    let releases: Vec<i64> = cards.iter().map(|card| card.release_track_id).collect();
    let tracks: Vec<String> = cards.iter().map(|card| card.spotify_track_id.clone()).collect();
    let ranks: Vec<i32> = cards.iter().map(|card| card.rank).collect();
    let scores: Vec<Option<f32>> = cards.iter().map(|card| card.score).collect();
    let reasons: Vec<Option<String>> = cards.iter().map(|card| card.reason.clone()).collect();
    let followed: Vec<bool> = cards.iter().map(|card| card.followed_label).collect();
    let inserted = sqlx::query!(
        "INSERT INTO curation_cards (period_id, release_track_id, spotify_track_id, place, rank, score, reason,
                                     followed_label)
         SELECT $1, r, t, 'bronze', k, s, e, f
         FROM UNNEST($2::bigint[], $3::text[], $4::integer[], $5::real[], $6::text[], $7::boolean[]) AS u(r, t, k, s, e, f)
         ON CONFLICT DO NOTHING",
        period_id,
        &releases,
        &tracks,
        &ranks,
        &scores as &[Option<f32>],
        &reasons as &[Option<String>],
        &followed,
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(inserted)
}

/// Adds `cards` (releases that arrived or were matched after the period started) to bronze of `user_id`'s period
/// `period_id`, after the cards it holds; a sorted period is in progress again. Answers how many went in.
pub async fn add_late_cards(pool: &PgPool, user_id: i64, period_id: i64, cards: &[NewCard]) -> Result<u64, StoreError> {
    let mut tx = pool.begin().await?;
    let owned = sqlx::query_scalar!(
        "SELECT id FROM curation_periods WHERE id = $1 AND user_id = $2 FOR UPDATE",
        period_id,
        user_id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    if owned.is_none() {
        return Ok(0);
    }
    let inserted = insert_cards(&mut tx, period_id, cards).await?;
    if inserted > 0 {
        sqlx::query!("UPDATE curation_periods SET state = 'in_progress', sorted_at = NULL WHERE id = $1", period_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(inserted)
}

/// An action of the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedAction {
    pub id: i64,
    pub release_track_id: i64,
    pub from: Place,
    pub to: Place,
}

/// The latest action of `user_id`'s period not undone yet.
pub async fn last_action(pool: &PgPool, user_id: i64, period_id: i64) -> Result<Option<LoggedAction>, StoreError> {
    let row = sqlx::query!(
        "SELECT a.id, a.release_track_id, a.from_place, a.from_category, a.to_place, a.to_category
         FROM curation_actions a JOIN curation_periods p ON p.id = a.period_id
         WHERE a.period_id = $1 AND p.user_id = $2 AND a.undone_at IS NULL
         ORDER BY a.id DESC LIMIT 1",
        period_id,
        user_id
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(|row| {
        Some(LoggedAction {
            id: row.id,
            release_track_id: row.release_track_id,
            from: Place::stored(&row.from_place, row.from_category)?,
            to: Place::stored(&row.to_place, row.to_category)?,
        })
    }))
}

/// Moves a card of `user_id`'s period from `from` to `to` (after its playlists were edited on Spotify), logging the
/// action, or marking `undoing` undone when this move reverses it. Trashing adds the track to the user's
/// never-show-again list; bringing it back takes it off. The period is sorted exactly when no card is left in
/// bronze. False when the card was not at `from` (another tab moved it first): nothing changes.
pub async fn move_card(
    pool: &PgPool,
    user_id: i64,
    period_id: i64,
    release_track_id: i64,
    (from, to): (Place, Place),
    undoing: Option<i64>,
) -> Result<bool, StoreError> {
    let mut tx = pool.begin().await?;
    let moved = sqlx::query_scalar!(
        "UPDATE curation_cards c SET place = $5, category_id = $6
         FROM curation_periods p
         WHERE p.id = c.period_id AND p.user_id = $1 AND c.period_id = $2 AND c.release_track_id = $3
           AND c.place = $4 AND c.category_id IS NOT DISTINCT FROM $7
         RETURNING c.spotify_track_id",
        user_id,
        period_id,
        release_track_id,
        from.code(),
        to.code(),
        to.category(),
        from.category(),
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(spotify_track_id) = moved else {
        return Ok(false);
    };
    match undoing {
        Some(action_id) => {
            sqlx::query!(
                "UPDATE curation_actions SET undone_at = now() WHERE id = $1 AND period_id = $2",
                action_id,
                period_id
            )
            .execute(&mut *tx)
            .await?;
        }
        None => {
            sqlx::query!(
                "INSERT INTO curation_actions (period_id, release_track_id, from_place, from_category, to_place,
                                               to_category)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                period_id,
                release_track_id,
                from.code(),
                from.category(),
                to.code(),
                to.category(),
            )
            .execute(&mut *tx)
            .await?;
        }
    }
    if to == Place::Trashed {
        sqlx::query!(
            "INSERT INTO never_show_again (user_id, spotify_track_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            user_id,
            spotify_track_id
        )
        .execute(&mut *tx)
        .await?;
    } else if from == Place::Trashed {
        sqlx::query!(
            "DELETE FROM never_show_again WHERE user_id = $1 AND spotify_track_id = $2",
            user_id,
            spotify_track_id
        )
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query!(
        "UPDATE curation_periods p
         SET state = CASE WHEN bronze.left THEN 'in_progress' ELSE 'sorted' END,
             sorted_at = CASE WHEN bronze.left THEN NULL ELSE coalesce(p.sorted_at, now()) END
         FROM (SELECT EXISTS (SELECT 1 FROM curation_cards WHERE period_id = $1 AND place = 'bronze') AS left) bronze
         WHERE p.id = $1",
        period_id
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The tracks of `user_id`'s golden playlists of `style`, by category name: those the board promoted and those the
/// mirrored playlists hold (added in Spotify), each with what ranking by taste reads.
pub async fn golden_tracks(pool: &PgPool, user_id: i64, style: Style) -> Result<Vec<(String, TasteRow)>, StoreError> {
    let rows = sqlx::query!(
        r#"WITH golden AS (
               SELECT k.name, cc.spotify_track_id AS track_id
               FROM curation_categories k
               JOIN curation_cards cc ON cc.category_id = k.id AND cc.place = 'golden'
               WHERE k.user_id = $1 AND k.style = $2
               UNION
               SELECT k.name, i.track_id
               FROM curation_categories k
               JOIN playlists pl ON pl.user_id = k.user_id AND pl.spotify_id = k.playlist_id
               JOIN playlist_items i ON i.playlist_id = pl.id AND i.track_id IS NOT NULL
               WHERE k.user_id = $1 AND k.style = $2
           )
           SELECT g.name AS "name!", f.tempo, f.key, f.mode, f.energy, f.danceability, f.valence, al.label,
                  ARRAY(SELECT a.name FROM track_artists ta JOIN artists a ON a.spotify_id = ta.artist_id
                        WHERE ta.track_id = g.track_id ORDER BY ta.position) AS "artists!"
           FROM golden g
           LEFT JOIN tracks t ON t.spotify_id = g.track_id
           LEFT JOIN albums al ON al.spotify_id = t.album_id
           LEFT JOIN LATERAL (SELECT tempo, key, mode, energy, danceability, valence FROM track_features tf
                              WHERE tf.track_id = g.track_id AND tf.user_id IS NULL
                              ORDER BY tf.energy IS NULL, tf.provider LIMIT 1) f ON true
           ORDER BY g.name, g.track_id"#,
        user_id,
        style.slug,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let taste = TasteRow {
                bpm: row.tempo,
                key_pitch: row.key,
                key_mode: row.mode,
                energy: row.energy,
                danceability: row.danceability,
                valence: row.valence,
                label_key: row
                    .label
                    .as_deref()
                    .and_then(crossfade_domain::RecordLabel::parse)
                    .map(|label| label.key().as_str().to_owned()),
                artists: row.artists,
            };
            (row.name, taste)
        })
        .collect())
}
