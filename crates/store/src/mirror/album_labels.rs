//! Spotify's record label of an album (what an app with extended access reads in full albums), kept as the `spotify`
//! label of each of the album's tracks beside the enrichment providers' labels, so the source order can choose
//! between them. Development Mode reads carry no label, so there it writes nothing.

use std::collections::BTreeMap;

use crossfade_domain::{Provider, RecordLabel};
use sqlx::PgConnection;

use crate::StoreError;
use crate::enrichment::said::insert_labels;

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
