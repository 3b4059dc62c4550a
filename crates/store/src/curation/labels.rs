//! Record labels a user follows: their new releases are flagged on the board (and come with the style's bronze
//! playlist like every release of the week).

use crossfade_domain::RecordLabel;
use sqlx::PgPool;

use crate::StoreError;

/// Follows (or stops following) `label` for `user_id`. A label not seen in any release yet is recorded, so its
/// first release is flagged.
pub async fn follow_label(pool: &PgPool, user_id: i64, label: &RecordLabel, follow: bool) -> Result<(), StoreError> {
    if follow {
        sqlx::query!(
            "WITH label AS (
                 INSERT INTO release_labels (label_key, name) VALUES ($2, $3)
                 ON CONFLICT (label_key) DO UPDATE SET name = release_labels.name
                 RETURNING id
             )
             INSERT INTO followed_labels (user_id, label_id) SELECT $1, id FROM label ON CONFLICT DO NOTHING",
            user_id,
            label.key().as_str(),
            label.name(),
        )
        .execute(pool)
        .await?;
    } else {
        sqlx::query!(
            "DELETE FROM followed_labels f USING release_labels l
             WHERE f.label_id = l.id AND f.user_id = $1 AND l.label_key = $2",
            user_id,
            label.key().as_str(),
        )
        .execute(pool)
        .await?;
    }
    Ok(())
}

/// The grouping keys of the labels `user_id` follows.
pub async fn followed_labels(pool: &PgPool, user_id: i64) -> Result<Vec<String>, StoreError> {
    let keys = sqlx::query_scalar!(
        "SELECT l.label_key FROM followed_labels f JOIN release_labels l ON l.id = f.label_id
         WHERE f.user_id = $1 ORDER BY l.label_key",
        user_id
    )
    .fetch_all(pool)
    .await?;
    Ok(keys)
}
