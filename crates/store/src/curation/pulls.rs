//! When each curated style's new releases were last pulled from the release feed: what the scheduled pull reads to
//! choose the weeks it fetches, marks once a style is done, and what start-up reads to put every curator's pull back
//! on the schedule.

use crossfade_domain::Style;
use sqlx::PgPool;
use time::OffsetDateTime;

use crate::StoreError;

/// A style a user curates, with when its releases were last pulled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StylePull {
    pub style: Style,
    /// None: never.
    pub pulled_at: Option<OffsetDateTime>,
}

/// A user who curates at least one style, with the oldest of their styles' last pulls (None: a style was never
/// pulled).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Curator {
    pub user_id: i64,
    pub oldest_pull: Option<OffsetDateTime>,
}

/// The styles `user_id` curates with their last pulls, in the order of [`crossfade_domain::STYLES`].
pub async fn styles_to_pull(pool: &PgPool, user_id: i64) -> Result<Vec<StylePull>, StoreError> {
    let rows =
        sqlx::query!("SELECT style, pulled_at FROM curated_styles WHERE user_id = $1", user_id).fetch_all(pool).await?;
    let mut pulls: Vec<StylePull> = rows
        .into_iter()
        .filter_map(|row| Some(StylePull { style: Style::parse(&row.style).ok()?, pulled_at: row.pulled_at }))
        .collect();
    let order = |style: &Style| crossfade_domain::STYLES.iter().position(|known| known == style);
    pulls.sort_by_key(|pull| order(&pull.style));
    Ok(pulls)
}

/// Records that `user_id`'s `style` was pulled by a pull that began reading at `at`.
pub async fn mark_pulled(pool: &PgPool, user_id: i64, style: Style, at: OffsetDateTime) -> Result<(), StoreError> {
    sqlx::query!("UPDATE curated_styles SET pulled_at = $3 WHERE user_id = $1 AND style = $2", user_id, style.slug, at)
        .execute(pool)
        .await?;
    Ok(())
}

/// Every user who curates a style, by id.
pub async fn curators(pool: &PgPool) -> Result<Vec<Curator>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT user_id AS "user_id!",
                  CASE WHEN bool_or(pulled_at IS NULL) THEN NULL ELSE min(pulled_at) END AS oldest_pull
           FROM curated_styles GROUP BY user_id ORDER BY user_id"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|row| Curator { user_id: row.user_id, oldest_pull: row.oldest_pull }).collect())
}
