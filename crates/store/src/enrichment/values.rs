//! Writing what a provider answered for a round of tracks, in one transaction: the values found (replacing the
//! provider's earlier values of those tracks), the tracks it did not know, and the read model of every user who
//! holds them. A round interrupted before the commit is asked again in full; after it, never again.

use crossfade_domain::{FeatureValues, GenreId, Provider, RecordLabel};
use sqlx::PgPool;

use super::said::Said;
use crate::StoreError;

/// What a provider said about one track.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrackEnrichment {
    pub track_id: String,
    pub features: FeatureValues,
    /// Genres of the hierarchy with weights summing to 1 (empty when the provider named none).
    pub genres: Vec<(GenreId, f64)>,
    /// Other words the provider used, with how many voted for each (1 when the provider does not count).
    pub tags: Vec<(String, u32)>,
    pub label: Option<RecordLabel>,
    /// The provider's own id of the track, and of its album where it has one.
    pub external_id: Option<(String, Option<String>)>,
}

/// A round of answers from `provider`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Round {
    pub found: Vec<TrackEnrichment>,
    /// Tracks the provider did not know.
    pub missing: Vec<String>,
}

impl Round {
    pub fn is_empty(&self) -> bool {
        self.found.is_empty() && self.missing.is_empty()
    }
}

/// Writes `round` from `provider` (an installation-wide provider, not a file) in one transaction.
pub async fn write_round(pool: &PgPool, provider: Provider, round: &Round) -> Result<(), StoreError> {
    if round.is_empty() {
        return Ok(());
    }
    let code = provider.code();
    let mut tx = pool.begin().await?;
    let found: Vec<String> = round.found.iter().map(|track| track.track_id.clone()).collect();

    let said: Vec<Said<'_>> = round
        .found
        .iter()
        .map(|track| Said {
            track_id: &track.track_id,
            features: &track.features,
            genres: &track.genres,
            tags: track.tags.iter().map(|(tag, votes)| (tag.as_str(), *votes)).collect(),
            label: track.label.as_ref(),
        })
        .collect();
    super::said::replace(&mut tx, provider, None, &said).await?;

    let linked: Vec<(&String, &(String, Option<String>))> =
        round.found.iter().filter_map(|t| t.external_id.as_ref().map(|id| (&t.track_id, id))).collect();
    sqlx::query!(
        "INSERT INTO track_provider_ids (track_id, provider, external_id, album_external_id)
         SELECT t.track_id, $1, t.external_id, t.album_id FROM UNNEST($2::text[], $3::text[], $4::text[])
             AS t (track_id, external_id, album_id)
         ON CONFLICT (track_id, provider) DO UPDATE
             SET external_id = EXCLUDED.external_id, album_external_id = EXCLUDED.album_external_id",
        code,
        &linked.iter().map(|(id, _)| (*id).clone()).collect::<Vec<_>>(),
        &linked.iter().map(|(_, (external, _))| external.clone()).collect::<Vec<_>>(),
        &linked.iter().map(|(_, (_, album))| album.clone()).collect::<Vec<_>>() as &[Option<String>],
    )
    .execute(&mut *tx)
    .await?;

    let checked: Vec<String> = found.iter().chain(&round.missing).cloned().collect();
    let known: Vec<bool> =
        std::iter::repeat_n(true, found.len()).chain(std::iter::repeat_n(false, round.missing.len())).collect();
    sqlx::query!(
        "INSERT INTO enrichment_checks (provider, track_id, found, checked_at)
         SELECT $1, t.track_id, t.found, now() FROM UNNEST($2::text[], $3::boolean[]) AS t (track_id, found)
         ON CONFLICT (provider, track_id) DO UPDATE SET found = EXCLUDED.found, checked_at = EXCLUDED.checked_at",
        code,
        &checked,
        &known,
    )
    .execute(&mut *tx)
    .await?;

    if !found.is_empty() {
        sqlx::query!("SELECT FROM refresh_track_facts_everywhere($1)", &found).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// An album a provider described (Deezer answers genres and label per album): kept so each is asked once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderAlbum {
    pub external_id: String,
    /// The provider's genre names, as it spells them.
    pub genres: Vec<String>,
    pub label: Option<String>,
}

/// The albums of `external_ids` that `provider` described before.
pub async fn known_albums(
    pool: &PgPool,
    provider: Provider,
    external_ids: &[String],
) -> Result<Vec<ProviderAlbum>, StoreError> {
    let rows = sqlx::query!(
        "SELECT external_id, genres, label FROM provider_albums WHERE provider = $1 AND external_id = ANY ($2)",
        provider.code(),
        external_ids,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ProviderAlbum { external_id: r.external_id, genres: r.genres, label: r.label })
        .collect())
}

/// Keeps albums `provider` described.
pub async fn remember_albums(pool: &PgPool, provider: Provider, albums: &[ProviderAlbum]) -> Result<(), StoreError> {
    for album in albums {
        sqlx::query!(
            "INSERT INTO provider_albums (provider, external_id, genres, label, fetched_at) VALUES ($1, $2, $3, $4, now())
             ON CONFLICT (provider, external_id) DO UPDATE
                 SET genres = EXCLUDED.genres, label = EXCLUDED.label, fetched_at = EXCLUDED.fetched_at",
            provider.code(),
            album.external_id,
            &album.genres,
            album.label,
        )
        .execute(pool)
        .await?;
    }
    Ok(())
}
