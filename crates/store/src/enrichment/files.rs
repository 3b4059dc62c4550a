//! Values from files a user imported (Exportify exports, the "Spotify tracks dataset"): kept per user under the
//! provider `file`, matched to the library by Spotify id or ISRC, written all at once or not at all.
//!
//! A file describes the tracks it names, so the latest file that gives any value for a track replaces everything
//! earlier files said about it; a row that gives no value at all (an export made without its optional columns)
//! leaves the track's earlier values alone rather than erasing them.

use std::collections::{HashMap, HashSet};

use crossfade_domain::{FeatureValues, GenreId, GenreTree, Isrc, Provider, RecordLabel, SpotifyId, Tag};
use sqlx::PgPool;

use super::said::Said;
use crate::StoreError;

/// How many lines of rows that matched nothing a summary lists; the rest are counted.
pub const UNMATCHED_LINES_LISTED: usize = 20;

/// What one row (or several rows naming the same track, merged) of a file says about a track.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileTrackValues {
    /// The line the row starts on, counting the header as line 1, for naming rows that matched nothing.
    pub line: u64,
    pub spotify_id: Option<SpotifyId>,
    pub isrc: Option<Isrc>,
    pub features: FeatureValues,
    /// Genres of the hierarchy with weights summing to 1 (empty when the row named none).
    pub genres: Vec<(GenreId, f64)>,
    /// The row's genre words that are no genre of the hierarchy.
    pub tags: Vec<Tag>,
    pub label: Option<RecordLabel>,
}

impl FileTrackValues {
    /// The values of a row whose genre column(s) hold `genre_names` and whose label column holds `label`, as
    /// written: the names are weighed on the genre hierarchy (each counts once, unknown words become tags) and the
    /// label is read as providers' labels are, so "not on label" and the like are no label.
    pub fn from_written(
        line: u64,
        spotify_id: Option<SpotifyId>,
        isrc: Option<Isrc>,
        features: FeatureValues,
        genre_names: &[String],
        label: Option<&str>,
    ) -> Self {
        let weights = GenreTree::get().weigh(genre_names.iter().map(|name| (name.as_str(), 1.0)));
        FileTrackValues {
            line,
            spotify_id,
            isrc,
            features,
            genres: weights.genres().to_vec(),
            tags: weights.tags().to_vec(),
            label: label.and_then(RecordLabel::parse),
        }
    }

    /// How many values the row gives: each feature, the key, the time signature, each genre and tag, the label.
    pub fn value_count(&self) -> u64 {
        let features = self.features.values().count()
            + usize::from(self.features.key.is_some())
            + usize::from(self.features.time_signature.is_some());
        (features + self.genres.len() + self.tags.len() + usize::from(self.label.is_some())) as u64
    }
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileImportSummary {
    /// The tracks the file gave (rows naming the same track count once).
    pub rows: u64,
    /// Rows whose Spotify id is a track of the user's library.
    pub matched_by_id: u64,
    /// Rows matched by ISRC instead: their Spotify id is not in the library (or they have none), but a track of
    /// the library has their ISRC.
    pub matched_by_isrc: u64,
    /// Rows that name no track of the user's library.
    pub unmatched: u64,
    /// The lines of the first [`UNMATCHED_LINES_LISTED`] rows that matched nothing, in file order.
    pub unmatched_lines: Vec<u64>,
    /// Library tracks whose file values were replaced.
    pub tracks_updated: u64,
    /// Values stored over all those tracks (see [`FileTrackValues::value_count`]).
    pub values_written: u64,
}

/// How a row found its track.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Match {
    ById,
    ByIsrc,
}

/// Imports `rows` from one file for `user_id` in one transaction: matches each to the user's library, replaces the
/// earlier file values of the tracks that get values, stores the new ones and refreshes the user's read model of
/// those tracks. A failure leaves everything as it was.
///
/// A row matches the library track with its Spotify id; failing that, every library track with its ISRC (the same
/// recording on an album and a single has one ISRC, and the values belong to both). A track named by id takes that
/// row's values even when another row's ISRC also names it; among rows matched by ISRC, the first in the file wins.
pub async fn import_file_values(
    pool: &PgPool,
    user_id: i64,
    rows: &[FileTrackValues],
) -> Result<FileImportSummary, StoreError> {
    let mut tx = pool.begin().await?;
    lock_file_values(&mut tx, user_id).await?;

    let ids: Vec<String> =
        rows.iter().filter_map(|row| row.spotify_id.as_ref().map(|id| id.as_str().to_owned())).collect();
    let held: HashSet<String> = sqlx::query_scalar!(
        "SELECT track_id FROM track_facts WHERE user_id = $1 AND track_id = ANY ($2)",
        user_id,
        &ids,
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .collect();
    let held_by_id = |row: &FileTrackValues| row.spotify_id.as_ref().is_some_and(|id| held.contains(id.as_str()));

    let isrcs: Vec<String> = rows
        .iter()
        .filter(|row| !held_by_id(row))
        .filter_map(|row| row.isrc.as_ref().map(|isrc| isrc.as_str().to_owned()))
        .collect();
    let mut by_isrc: HashMap<String, Vec<String>> = HashMap::new();
    if !isrcs.is_empty() {
        // Spotify's ISRCs are stored as Spotify gave them; compared in the canonical form the file's were read into.
        let found = sqlx::query!(
            r#"SELECT f.track_id, upper(translate(t.isrc, '- ', '')) AS "isrc!"
               FROM track_facts f JOIN tracks t ON t.spotify_id = f.track_id
               WHERE f.user_id = $1 AND t.isrc IS NOT NULL AND upper(translate(t.isrc, '- ', '')) = ANY ($2)
               ORDER BY f.track_id"#,
            user_id,
            &isrcs,
        )
        .fetch_all(&mut *tx)
        .await?;
        for row in found {
            by_isrc.entry(row.isrc).or_default().push(row.track_id);
        }
    }

    let mut summary = FileImportSummary { rows: rows.len() as u64, ..FileImportSummary::default() };
    let mut matches: Vec<Option<Match>> = Vec::with_capacity(rows.len());
    for row in rows {
        let matched = if held_by_id(row) {
            Some(Match::ById)
        } else if row.isrc.as_ref().is_some_and(|isrc| by_isrc.contains_key(isrc.as_str())) {
            Some(Match::ByIsrc)
        } else {
            None
        };
        match matched {
            Some(Match::ById) => summary.matched_by_id += 1,
            Some(Match::ByIsrc) => summary.matched_by_isrc += 1,
            None => {
                summary.unmatched += 1;
                if summary.unmatched_lines.len() < UNMATCHED_LINES_LISTED {
                    summary.unmatched_lines.push(row.line);
                }
            }
        }
        matches.push(matched);
    }

    // Each library track once, with the row it takes its values from: rows matched by id first.
    let mut writes: Vec<(String, &FileTrackValues)> = Vec::new();
    let mut claimed: HashSet<String> = HashSet::new();
    for (row, matched) in rows.iter().zip(&matches) {
        if let (Some(Match::ById), Some(id)) = (matched, &row.spotify_id)
            && row.value_count() > 0
            && claimed.insert(id.as_str().to_owned())
        {
            writes.push((id.as_str().to_owned(), row));
        }
    }
    for (row, matched) in rows.iter().zip(&matches) {
        if *matched == Some(Match::ByIsrc) && row.value_count() > 0 {
            let tracks = row.isrc.as_ref().and_then(|isrc| by_isrc.get(isrc.as_str())).into_iter().flatten();
            for track in tracks {
                if claimed.insert(track.clone()) {
                    writes.push((track.clone(), row));
                }
            }
        }
    }
    summary.tracks_updated = writes.len() as u64;
    summary.values_written = writes.iter().map(|(_, row)| row.value_count()).sum();

    if !writes.is_empty() {
        write_values(&mut tx, user_id, &writes).await?;
        let written: Vec<String> = writes.iter().map(|(track, _)| track.clone()).collect();
        crate::facts::refresh(&mut tx, user_id, &written).await?;
    }
    tx.commit().await?;
    Ok(summary)
}

/// Waits for any other import or forgetting of `user_id`'s file values to finish, and holds them until the
/// transaction ends: two imports at once would both insert the same tracks' rows, and the second would fail on the
/// unique keys after waiting for the first.
async fn lock_file_values(tx: &mut sqlx::PgConnection, user_id: i64) -> Result<(), StoreError> {
    sqlx::query!(
        "SELECT FROM pg_advisory_xact_lock(hashtextextended('crossfade file values ' || $1::bigint::text, 0))",
        user_id
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// Replaces `user_id`'s file values of the tracks in `writes` with the rows' values.
async fn write_values(
    tx: &mut sqlx::PgConnection,
    user_id: i64,
    writes: &[(String, &FileTrackValues)],
) -> Result<(), StoreError> {
    let said: Vec<Said<'_>> = writes
        .iter()
        .map(|(track, row)| Said {
            track_id: track,
            features: &row.features,
            genres: &row.genres,
            tags: row.tags.iter().map(|tag| (tag.as_str(), 1)).collect(),
            label: row.label.as_ref(),
        })
        .collect();
    super::said::replace(tx, Provider::File, Some(user_id), &said).await
}

/// Removes every value `user_id` imported from files and refreshes the user's read model of those tracks.
/// Answers how many tracks had any.
pub async fn forget_file_values(pool: &PgPool, user_id: i64) -> Result<u64, StoreError> {
    let code = Provider::File.code();
    let mut tx = pool.begin().await?;
    lock_file_values(&mut tx, user_id).await?;
    let tracks: Vec<String> = sqlx::query_scalar!(
        r#"WITH features AS (
               DELETE FROM track_features WHERE provider = $1 AND user_id = $2 RETURNING track_id
           ), genres AS (
               DELETE FROM track_genres WHERE provider = $1 AND user_id = $2 RETURNING track_id
           ), tags AS (
               DELETE FROM track_source_tags WHERE provider = $1 AND user_id = $2 RETURNING track_id
           ), labels AS (
               DELETE FROM track_labels WHERE provider = $1 AND user_id = $2 RETURNING track_id
           )
           SELECT track_id AS "track_id!" FROM features UNION SELECT track_id FROM genres
           UNION SELECT track_id FROM tags UNION SELECT track_id FROM labels
           ORDER BY 1"#,
        code,
        user_id,
    )
    .fetch_all(&mut *tx)
    .await?;
    crate::facts::refresh(&mut tx, user_id, &tracks).await?;
    tx.commit().await?;
    Ok(tracks.len() as u64)
}

/// How many tracks of `user_id`'s library take at least one value from the user's imported files (in the read
/// model: values another provider overrides do not count).
pub async fn tracks_with_file_values(pool: &PgPool, user_id: i64) -> Result<i64, StoreError> {
    let count = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM track_facts
           WHERE user_id = $1 AND EXISTS (SELECT FROM jsonb_each_text(value_sources) AS s WHERE s.value = $2)"#,
        user_id,
        Provider::File.code(),
    )
    .fetch_one(pool)
    .await?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use crossfade_domain::AudioFeature;

    use super::*;

    #[test]
    fn written_genres_are_weighed_and_labels_read() {
        let names = ["House".to_owned(), "deep house".to_owned(), "seen live".to_owned(), "house".to_owned()];
        let values =
            FileTrackValues::from_written(7, None, None, FeatureValues::default(), &names, Some("Not On Label"));
        let total: f64 = values.genres.iter().map(|(_, weight)| weight).sum();
        assert!((total - 1.0).abs() < 1e-9, "{:?}", values.genres);
        assert_eq!(values.genres.len(), 2);
        assert_eq!(values.tags.iter().map(Tag::as_str).collect::<Vec<_>>(), ["seen live"]);
        assert_eq!(values.label, None);
        assert_eq!(values.value_count(), 3);
    }

    #[test]
    fn every_kind_of_value_counts() {
        let mut features = FeatureValues::default();
        features.set(AudioFeature::Energy, 0.5).unwrap();
        features.set(AudioFeature::Tempo, 120.0).unwrap();
        features.key = crossfade_domain::Key::from_numbers(9, 0).unwrap();
        features.time_signature = Some(4);
        let values = FileTrackValues::from_written(2, None, None, features, &[], Some("Parlophone Records"));
        assert_eq!(values.label.as_ref().map(RecordLabel::name), Some("Parlophone Records"));
        assert_eq!(values.value_count(), 5);
        assert_eq!(FileTrackValues::default().value_count(), 0);
    }
}
