//! The styles a user curates and each style's categories.

use crossfade_domain::{CategoryName, Style};
use sqlx::PgPool;

use crate::StoreError;

/// A style on the user's board list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StyleSummary {
    pub style: Style,
    pub categories: i64,
    /// The latest period's week (its Monday) and whether it is sorted.
    pub latest_week: Option<time::Date>,
    pub latest_sorted: bool,
}

/// A category of a style: its golden playlist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    pub id: i64,
    pub name: String,
    pub position: i16,
    pub playlist_id: String,
}

/// Adds `style` to the styles `user_id` curates (nothing when it is there already).
pub async fn curate_style(pool: &PgPool, user_id: i64, style: Style) -> Result<(), StoreError> {
    sqlx::query!(
        "INSERT INTO curated_styles (user_id, style) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        user_id,
        style.slug
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The styles `user_id` curates, in the order of [`crossfade_domain::STYLES`].
pub async fn curated_styles(pool: &PgPool, user_id: i64) -> Result<Vec<StyleSummary>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT s.style,
                  (SELECT count(*) FROM curation_categories c WHERE c.user_id = s.user_id AND c.style = s.style)
                      AS "categories!",
                  p.week AS "latest_week?", p.state AS "latest_state?"
           FROM curated_styles s
           LEFT JOIN LATERAL (SELECT week, state FROM curation_periods p
                              WHERE p.user_id = s.user_id AND p.style = s.style ORDER BY week DESC LIMIT 1) p ON true
           WHERE s.user_id = $1"#,
        user_id
    )
    .fetch_all(pool)
    .await?;
    let mut styles: Vec<StyleSummary> = rows
        .into_iter()
        .filter_map(|row| {
            Some(StyleSummary {
                style: Style::parse(&row.style).ok()?,
                categories: row.categories,
                latest_week: row.latest_week,
                latest_sorted: row.latest_state.as_deref() == Some("sorted"),
            })
        })
        .collect();
    let order = |style: &Style| crossfade_domain::STYLES.iter().position(|known| known == style);
    styles.sort_by_key(|summary| order(&summary.style));
    Ok(styles)
}

/// The categories of `user_id`'s `style`, in board order.
pub async fn categories(pool: &PgPool, user_id: i64, style: Style) -> Result<Vec<Category>, StoreError> {
    let rows = sqlx::query_as!(
        Category,
        "SELECT id, name, position, playlist_id FROM curation_categories
         WHERE user_id = $1 AND style = $2 ORDER BY position, id",
        user_id,
        style.slug
    )
    .fetch_all(pool)
    .await?;
    Ok(rows)
}

/// Stores a category whose golden playlist was created on Spotify, after the style's others. None when the user
/// has a category of that name in the style already.
pub async fn add_category(
    pool: &PgPool,
    user_id: i64,
    style: Style,
    name: &CategoryName,
    playlist_id: &str,
) -> Result<Option<Category>, StoreError> {
    let row = sqlx::query_as!(
        Category,
        "INSERT INTO curation_categories (user_id, style, name, position, playlist_id)
         SELECT $1, $2, $3, coalesce(max(position) + 1, 1), $4
         FROM curation_categories WHERE user_id = $1 AND style = $2
         ON CONFLICT (user_id, style, name) DO NOTHING
         RETURNING id, name, position, playlist_id",
        user_id,
        style.slug,
        name.as_str(),
        playlist_id
    )
    .fetch_optional(pool)
    .await?;
    Ok(row)
}
