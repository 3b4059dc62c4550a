//! The order in which providers' values count, per field: the installation's (from the settings, written at
//! start-up) and any user's own. The read model applies it (SQL function `effective_enrichment`), so a changed
//! order rewrites the affected facts in the same transaction.

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
