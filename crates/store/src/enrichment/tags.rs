//! Users' own tags on tracks. Adding and removing refresh the user's read model of those tracks in the same
//! transaction, so the library table filters by a tag the moment it is set.

use crossfade_domain::Tag;
use sqlx::PgPool;

use crate::StoreError;

/// Adds every tag in `tags` to every track in `track_ids` that `user_id`'s library holds (others are ignored: a
/// form may carry a track the library lost since). Answers how many tracks were tagged.
pub async fn add_tags(pool: &PgPool, user_id: i64, track_ids: &[String], tags: &[Tag]) -> Result<u64, StoreError> {
    let tags: Vec<String> = tags.iter().map(|tag| tag.as_str().to_owned()).collect();
    let mut tx = pool.begin().await?;
    let held: Vec<String> = sqlx::query_scalar!(
        "SELECT track_id FROM track_facts WHERE user_id = $1 AND track_id = ANY ($2) ORDER BY track_id",
        user_id,
        track_ids,
    )
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO user_tags (user_id, track_id, tag)
         SELECT $1, t.track_id, g.tag FROM unnest($2::text[]) AS t (track_id) CROSS JOIN unnest($3::text[]) AS g (tag)
         ON CONFLICT DO NOTHING",
        user_id,
        &held,
        &tags,
    )
    .execute(&mut *tx)
    .await?;
    crate::facts::refresh(&mut tx, user_id, &held).await?;
    tx.commit().await?;
    Ok(held.len() as u64)
}

/// Removes `tags` from `track_ids` in `user_id`'s library. Answers how many tags were removed.
pub async fn remove_tags(pool: &PgPool, user_id: i64, track_ids: &[String], tags: &[Tag]) -> Result<u64, StoreError> {
    let tags: Vec<String> = tags.iter().map(|tag| tag.as_str().to_owned()).collect();
    let mut tx = pool.begin().await?;
    let removed = sqlx::query_scalar!(
        "DELETE FROM user_tags WHERE user_id = $1 AND track_id = ANY ($2) AND tag = ANY ($3) RETURNING track_id",
        user_id,
        track_ids,
        &tags,
    )
    .fetch_all(&mut *tx)
    .await?;
    crate::facts::refresh(&mut tx, user_id, &removed).await?;
    tx.commit().await?;
    Ok(removed.len() as u64)
}

/// A tag with how many of the user's tracks carry it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagCount {
    pub tag: String,
    pub tracks: i64,
}

/// Every tag `user_id` uses, most used first.
pub async fn tag_counts(pool: &PgPool, user_id: i64) -> Result<Vec<TagCount>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT tag, count(*) AS "tracks!" FROM user_tags WHERE user_id = $1 GROUP BY tag ORDER BY 2 DESC, tag"#,
        user_id,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|row| TagCount { tag: row.tag, tracks: row.tracks }).collect())
}
