//! Spotify's record label of an album (what an app with extended access reads in full albums), kept as the `spotify`
//! label of each of the album's tracks beside the enrichment providers' labels, so the source order can choose
//! between them. Development Mode reads carry no label, so there it writes nothing.

use std::collections::BTreeMap;

use crossfade_domain::{Provider, RecordLabel};
use sqlx::{PgConnection, PgPool};

use crate::StoreError;
use crate::enrichment::said::insert_labels;
use crate::facts::{self, CatalogChanges};

/// Albums written per transaction by [`backfill`].
const BACKFILL_ROUND: i64 = 200;

/// Gives Spotify's label to the tracks of albums whose label was read before labels were kept per track (an
/// installation upgraded from a version without them), a round of albums per transaction, and refreshes the facts
/// that show them; answers how many tracks took a label. Each album is visited once per call, so labels that name
/// no label ("[no label]") cost one look, and once done a call finds nothing to do.
pub async fn backfill(pool: &PgPool) -> Result<usize, StoreError> {
    let mut after = String::new();
    let mut relabelled = 0;
    loop {
        let albums = sqlx::query_scalar!(
            "SELECT a.spotify_id FROM albums a
             WHERE a.label IS NOT NULL AND a.spotify_id > $1
               AND EXISTS (SELECT FROM tracks t WHERE t.album_id = a.spotify_id AND NOT EXISTS
                   (SELECT FROM track_labels l WHERE l.track_id = t.spotify_id AND l.provider = 'spotify'))
             ORDER BY a.spotify_id LIMIT $2",
            after,
            BACKFILL_ROUND,
        )
        .fetch_all(pool)
        .await?;
        let Some(last) = albums.last() else { return Ok(relabelled) };
        after = last.clone();
        let mut tx = pool.begin().await?;
        let tracks = write(&mut tx, &albums, &[]).await?;
        relabelled += tracks.len();
        facts::refresh_after_catalog(&mut tx, &CatalogChanges { tracks, ..CatalogChanges::default() }).await?;
        tx.commit().await?;
    }
}

/// Brings the `spotify` labels of the tracks of `albums` (read in full just now) and of `tracks` (written just now)
/// in line with their albums' labels; answers the tracks whose label changed.
pub(crate) async fn write(
    conn: &mut PgConnection,
    albums: &[String],
    tracks: &[String],
) -> Result<Vec<String>, StoreError> {
    if albums.is_empty() && tracks.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query!(
        "SELECT t.spotify_id, a.label, l.name AS \"said?\"
         FROM tracks t JOIN albums a ON a.spotify_id = t.album_id
         LEFT JOIN track_labels l ON l.track_id = t.spotify_id AND l.provider = 'spotify'
         WHERE t.album_id = ANY ($1) OR t.spotify_id = ANY ($2)",
        albums,
        tracks,
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut changed: BTreeMap<String, Option<RecordLabel>> = BTreeMap::new();
    for row in rows {
        let label = row.label.as_deref().and_then(RecordLabel::parse);
        if label.as_ref().map(RecordLabel::name) != row.said.as_deref() {
            changed.insert(row.spotify_id, label);
        }
    }
    if changed.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = changed.keys().cloned().collect();
    sqlx::query!("DELETE FROM track_labels WHERE provider = 'spotify' AND track_id = ANY ($1)", &ids)
        .execute(&mut *conn)
        .await?;
    let labelled: Vec<(&str, &RecordLabel)> =
        changed.iter().filter_map(|(id, label)| label.as_ref().map(|label| (id.as_str(), label))).collect();
    insert_labels(conn, Provider::Spotify.code(), None, &labelled).await?;
    Ok(ids)
}
