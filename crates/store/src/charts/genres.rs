//! The genres charts are merged for and which chart of each service stands for each.

use crossfade_domain::{ChartLocator, ChartService};
use sqlx::PgPool;

use super::{move_charts_version, service_of};
use crate::StoreError;

/// A genre's chart of one service, and what the scheduled fetch asks the service for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartSource {
    pub service: ChartService,
    pub locator: String,
    pub fetched: bool,
}

/// A genre charts are merged for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartGenre {
    pub code: String,
    pub name: String,
    /// The genre of the hierarchy it maps onto.
    pub genre_id: String,
    pub sources: Vec<ChartSource>,
}

/// Every genre in the order the installation shows them, each with its sources.
pub async fn genres(pool: &PgPool) -> Result<Vec<ChartGenre>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT g.code, g.name, g.genre_id,
                  coalesce(array_agg(s.service ORDER BY s.service) FILTER (WHERE s.service IS NOT NULL), '{}')
                      AS "services!",
                  coalesce(array_agg(s.locator ORDER BY s.service) FILTER (WHERE s.service IS NOT NULL), '{}')
                      AS "locators!",
                  coalesce(array_agg(s.fetched ORDER BY s.service) FILTER (WHERE s.service IS NOT NULL), '{}')
                      AS "fetched!"
           FROM chart_genres g LEFT JOIN chart_sources s ON s.genre_code = g.code
           GROUP BY g.code ORDER BY g.shown_order, g.code"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| ChartGenre {
            code: row.code,
            name: row.name,
            genre_id: row.genre_id,
            sources: row
                .services
                .iter()
                .zip(row.locators)
                .zip(row.fetched)
                .map(|((service, locator), fetched)| ChartSource { service: service_of(service), locator, fetched })
                .collect(),
        })
        .collect())
}

/// The genre with this code, if the installation has it.
pub async fn genre(pool: &PgPool, code: &str) -> Result<Option<ChartGenre>, StoreError> {
    Ok(genres(pool).await?.into_iter().find(|genre| genre.code == code))
}

/// Makes `locator`'s chart stand for genre `genre_code` (replacing the genre's chart of that service), fetched on the
/// schedule or not, and moves the charts' version (the genre list answers name each genre's services). Answers false
/// when the installation has no such genre.
pub async fn save_source(
    pool: &PgPool,
    genre_code: &str,
    locator: &ChartLocator,
    fetched: bool,
) -> Result<bool, StoreError> {
    let mut transaction = pool.begin().await?;
    let saved = sqlx::query!(
        "INSERT INTO chart_sources (genre_code, service, locator, fetched)
         SELECT code, $2, $3, $4 FROM chart_genres WHERE code = $1
         ON CONFLICT (genre_code, service) DO UPDATE SET locator = EXCLUDED.locator, fetched = EXCLUDED.fetched",
        genre_code,
        locator.service().code(),
        locator.as_str(),
        fetched,
    )
    .execute(&mut *transaction)
    .await?;
    if saved.rows_affected() != 1 {
        return Ok(false);
    }
    move_charts_version(&mut transaction).await?;
    transaction.commit().await?;
    Ok(true)
}
