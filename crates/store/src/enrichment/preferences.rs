//! The order in which providers' values count, per field: the installation's (from the settings, written at
//! start-up) and any user's own first choice. The read model applies it (SQL function `effective_enrichment`), so
//! a changed order rewrites the affected facts in the same transaction.

use crossfade_domain::{EnrichedField, Provider};
use sqlx::PgPool;

use crate::StoreError;

/// Sets the installation's order for every field in `orders` and refreshes every user's facts if it changed.
/// Answers whether it changed.
pub async fn set_installation_orders(
    pool: &PgPool,
    orders: &[(EnrichedField, Vec<Provider>)],
) -> Result<bool, StoreError> {
    let mut tx = pool.begin().await?;
    let mut changed = false;
    for (field, providers) in orders {
        let codes: Vec<String> = providers.iter().map(|provider| provider.code().to_owned()).collect();
        let written = sqlx::query!(
            "INSERT INTO source_preferences (user_id, field, providers) VALUES (NULL, $1, $2)
             ON CONFLICT (user_id, field) DO UPDATE SET providers = EXCLUDED.providers
             WHERE source_preferences.providers IS DISTINCT FROM EXCLUDED.providers",
            field.code(),
            &codes,
        )
        .execute(&mut *tx)
        .await?;
        changed |= written.rows_affected() > 0;
    }
    if changed {
        sqlx::query!("SELECT FROM refresh_track_facts_everywhere(ARRAY(SELECT DISTINCT track_id FROM track_facts))")
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(changed)
}

/// `user_id`'s own first choice per field (fields without one follow the installation's order).
pub async fn user_first_choices(pool: &PgPool, user_id: i64) -> Result<Vec<(EnrichedField, Provider)>, StoreError> {
    let rows = sqlx::query!("SELECT field, providers FROM source_preferences WHERE user_id = $1", user_id)
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let provider = row.providers.first().and_then(|code| Provider::parse(code))?;
            Some((EnrichedField::parse(&row.field)?, provider))
        })
        .collect())
}

/// Sets `user_id`'s first choice for each field in `choices` (`None`: back to the installation's order) and
/// refreshes the user's facts, in one transaction.
pub async fn set_user_first_choices(
    pool: &PgPool,
    user_id: i64,
    choices: &[(EnrichedField, Option<Provider>)],
) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    for (field, provider) in choices {
        match provider {
            Some(provider) => {
                sqlx::query!(
                    "INSERT INTO source_preferences (user_id, field, providers) VALUES ($1, $2, $3)
                     ON CONFLICT (user_id, field) DO UPDATE SET providers = EXCLUDED.providers",
                    user_id,
                    field.code(),
                    &[provider.code().to_owned()],
                )
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query!("DELETE FROM source_preferences WHERE user_id = $1 AND field = $2", user_id, field.code())
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    sqlx::query!(
        "SELECT FROM refresh_track_facts($1, ARRAY(SELECT track_id FROM track_facts WHERE user_id = $1))",
        user_id
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
