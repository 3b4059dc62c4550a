//! Calibration of audio features in PostgreSQL: each provider's distribution of each feature and, for providers not
//! on the reference scale, the quantile mapping learned from the tracks that also have a reference value (migration
//! `20261205000002_calibrations.sql`). Learning reads every value in one query and replaces everything at once.

use std::collections::BTreeMap;

use crossfade_domain::{
    AudioFeature, Calibration, CalibrationProblem, Comparison, Provider, QUANTILE_POINTS, QuantileMapping, Quantiles,
    REFERENCE_SOURCES,
};
use sqlx::PgPool;
use time::OffsetDateTime;

use crate::StoreError;

/// A provider's calibration of one feature, with everything a page shows about it.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredCalibration {
    pub provider: Provider,
    /// Whose scale the values are mapped onto.
    pub reference: Provider,
    /// Every value the provider gave for the feature, not only those of the overlapping tracks.
    pub values: Quantiles,
    pub calibration: Calibration,
    pub learned_at: OffsetDateTime,
}

impl StoredCalibration {
    pub fn feature(&self) -> AudioFeature {
        self.calibration.feature()
    }

    /// The provider's values before and after calibration, beside the reference's.
    pub fn comparison(&self) -> Comparison {
        Comparison::new(&self.values, &self.calibration)
    }
}

/// Learns every provider's distribution of every feature, and the calibration of each provider not on the reference
/// scale, from the values stored now; replaces the stored ones in one transaction. Returns the calibrations, one per
/// provider and feature it gave values for.
pub async fn learn_calibrations(pool: &PgPool) -> Result<Vec<StoredCalibration>, StoreError> {
    let [preferred, fallback] = REFERENCE_SOURCES.map(Provider::code);
    let rows = sqlx::query!(
        r#"WITH per_track AS (
               -- Users who import the same dataset hold the same figures: averaged, each track counts once.
               SELECT track_id, provider, avg(danceability) AS danceability, avg(energy) AS energy,
                      avg(valence) AS valence, avg(acousticness) AS acousticness,
                      avg(instrumentalness) AS instrumentalness, avg(speechiness) AS speechiness,
                      avg(liveness) AS liveness, avg(loudness) AS loudness, avg(tempo) AS tempo, avg(gain) AS gain
               FROM track_features GROUP BY track_id, provider
           ), reference AS (
               SELECT track_id,
                   coalesce(max(danceability) FILTER (WHERE provider = $1),
                            max(danceability) FILTER (WHERE provider = $2)) AS danceability,
                   coalesce(max(energy) FILTER (WHERE provider = $1),
                            max(energy) FILTER (WHERE provider = $2)) AS energy,
                   coalesce(max(valence) FILTER (WHERE provider = $1),
                            max(valence) FILTER (WHERE provider = $2)) AS valence,
                   coalesce(max(acousticness) FILTER (WHERE provider = $1),
                            max(acousticness) FILTER (WHERE provider = $2)) AS acousticness,
                   coalesce(max(instrumentalness) FILTER (WHERE provider = $1),
                            max(instrumentalness) FILTER (WHERE provider = $2)) AS instrumentalness,
                   coalesce(max(speechiness) FILTER (WHERE provider = $1),
                            max(speechiness) FILTER (WHERE provider = $2)) AS speechiness,
                   coalesce(max(liveness) FILTER (WHERE provider = $1),
                            max(liveness) FILTER (WHERE provider = $2)) AS liveness,
                   coalesce(max(loudness) FILTER (WHERE provider = $1),
                            max(loudness) FILTER (WHERE provider = $2)) AS loudness,
                   coalesce(max(tempo) FILTER (WHERE provider = $1),
                            max(tempo) FILTER (WHERE provider = $2)) AS tempo,
                   coalesce(max(gain) FILTER (WHERE provider = $1),
                            max(gain) FILTER (WHERE provider = $2)) AS gain
               FROM per_track WHERE provider IN ($1, $2) GROUP BY track_id
           )
           SELECT p.provider AS "provider!", p.danceability, p.energy, p.valence, p.acousticness,
                  p.instrumentalness, p.speechiness, p.liveness, p.loudness, p.tempo, p.gain,
                  r.danceability AS reference_danceability, r.energy AS reference_energy,
                  r.valence AS reference_valence, r.acousticness AS reference_acousticness,
                  r.instrumentalness AS reference_instrumentalness, r.speechiness AS reference_speechiness,
                  r.liveness AS reference_liveness, r.loudness AS reference_loudness, r.tempo AS reference_tempo,
                  r.gain AS reference_gain
           FROM per_track p
           LEFT JOIN reference r ON r.track_id = p.track_id AND p.provider NOT IN ($1, $2)"#,
        preferred,
        fallback,
    )
    .fetch_all(pool)
    .await?;

    let mut values: BTreeMap<(Provider, AudioFeature), Vec<f64>> = BTreeMap::new();
    let mut pairs: BTreeMap<(Provider, AudioFeature), Vec<(f64, f64)>> = BTreeMap::new();
    for row in rows {
        // The table's CHECK admits only known providers.
        let Some(provider) = Provider::parse(&row.provider) else { continue };
        let own = [
            row.danceability,
            row.energy,
            row.valence,
            row.acousticness,
            row.instrumentalness,
            row.speechiness,
            row.liveness,
            row.loudness,
            row.tempo,
            row.gain,
        ];
        let reference = [
            row.reference_danceability,
            row.reference_energy,
            row.reference_valence,
            row.reference_acousticness,
            row.reference_instrumentalness,
            row.reference_speechiness,
            row.reference_liveness,
            row.reference_loudness,
            row.reference_tempo,
            row.reference_gain,
        ];
        for ((feature, own), reference) in AudioFeature::ALL.into_iter().zip(own).zip(reference) {
            let Some(own) = own else { continue };
            values.entry((provider, feature)).or_default().push(own);
            if let Some(reference) = reference {
                pairs.entry((provider, feature)).or_default().push((own, reference));
            }
        }
    }

    let distributions: Vec<(Provider, AudioFeature, Quantiles)> = values
        .into_iter()
        .filter_map(|((provider, feature), values)| Some((provider, feature, Quantiles::of(values)?)))
        .collect();
    let learned: Vec<(Provider, &Quantiles, Calibration)> = distributions
        .iter()
        .filter(|(provider, _, _)| !REFERENCE_SOURCES.contains(provider))
        .map(|(provider, feature, values)| {
            let pairs = pairs.remove(&(*provider, *feature)).unwrap_or_default();
            (*provider, values, Calibration::learn(*feature, pairs))
        })
        .collect();

    let mut tx = pool.begin().await?;
    // A second learner running at the same time would delete only the rows it saw and then collide on insert.
    sqlx::query!("LOCK TABLE feature_quantiles, calibrations IN SHARE ROW EXCLUSIVE MODE").execute(&mut *tx).await?;
    let learned_at = sqlx::query_scalar!(r#"SELECT now() AS "now!""#).fetch_one(&mut *tx).await?;
    sqlx::query!("DELETE FROM feature_quantiles").execute(&mut *tx).await?;

    // Arrays of arrays do not UNNEST row by row, so each row's points are a slice of one flat array.
    let points = QUANTILE_POINTS as i32;
    sqlx::query!(
        "INSERT INTO feature_quantiles (provider, feature, sample_count, quantiles, computed_at)
         SELECT t.provider, t.feature, t.sample_count, ($4::float8[])[(t.n - 1) * $5::integer + 1 : t.n * $5::integer], $6
         FROM UNNEST($1::text[], $2::text[], $3::integer[]) WITH ORDINALITY AS t (provider, feature, sample_count, n)",
        &distributions.iter().map(|(provider, _, _)| provider.code().to_owned()).collect::<Vec<_>>(),
        &distributions.iter().map(|(_, feature, _)| feature.code().to_owned()).collect::<Vec<_>>(),
        &distributions.iter().map(|(_, _, values)| stored_count(values.count())).collect::<Vec<_>>(),
        &distributions.iter().flat_map(|(_, _, values)| values.points().iter().copied()).collect::<Vec<_>>(),
        points,
        learned_at,
    )
    .execute(&mut *tx)
    .await?;

    // Uncalibrated rows have no slot: a slice with a NULL bound is NULL.
    let mappings: Vec<&QuantileMapping> =
        learned.iter().filter_map(|(_, _, calibration)| calibration.mapping()).collect();
    let slots: Vec<Option<i32>> = learned
        .iter()
        .scan(0, |taken, (_, _, calibration)| {
            Some(calibration.mapping().map(|_| {
                *taken += 1;
                *taken
            }))
        })
        .collect();
    let reference = REFERENCE_SOURCES[0];
    sqlx::query!(
        "INSERT INTO calibrations (provider, feature, reference, overlap, provider_quantiles, reference_quantiles,
                                   learned_at)
         SELECT t.provider, t.feature, $3, t.overlap, ($5::float8[])[(t.slot - 1) * $7 + 1 : t.slot * $7],
                ($6::float8[])[(t.slot - 1) * $7 + 1 : t.slot * $7], $8
         FROM UNNEST($1::text[], $2::text[], $4::integer[], $9::integer[]) AS t (provider, feature, overlap, slot)",
        &learned.iter().map(|(provider, _, _)| provider.code().to_owned()).collect::<Vec<_>>(),
        &learned.iter().map(|(_, _, calibration)| calibration.feature().code().to_owned()).collect::<Vec<_>>(),
        reference.code(),
        &learned.iter().map(|(_, _, calibration)| stored_count(calibration.overlap())).collect::<Vec<_>>(),
        &mappings.iter().flat_map(|mapping| mapping.provider().points().iter().copied()).collect::<Vec<_>>(),
        &mappings.iter().flat_map(|mapping| mapping.reference().points().iter().copied()).collect::<Vec<_>>(),
        points,
        learned_at,
        &slots as &[Option<i32>],
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;

    Ok(learned
        .into_iter()
        .map(|(provider, values, calibration)| StoredCalibration {
            provider,
            reference,
            values: values.clone(),
            calibration,
            learned_at,
        })
        .collect())
}

/// The stored calibrations, by provider and then feature in [`AudioFeature::ALL`] order.
pub async fn calibrations(pool: &PgPool) -> Result<Vec<StoredCalibration>, StoreError> {
    let rows = sqlx::query!(
        "SELECT c.provider, c.feature, c.reference, c.overlap, c.provider_quantiles, c.reference_quantiles,
                c.learned_at, q.sample_count, q.quantiles
         FROM calibrations c JOIN feature_quantiles q ON q.provider = c.provider AND q.feature = c.feature"
    )
    .fetch_all(pool)
    .await?;
    let mut stored = rows
        .into_iter()
        .map(|row| {
            let feature = AudioFeature::parse(&row.feature).ok_or_else(|| unknown("feature", &row.feature))?;
            // The tables' CHECKs keep counts non-negative.
            let overlap = row.overlap.unsigned_abs();
            let calibration = match (row.provider_quantiles, row.reference_quantiles) {
                (Some(own), Some(reference)) => Calibration::Calibrated(
                    QuantileMapping::new(
                        feature,
                        Quantiles::from_points(overlap, own).map_err(malformed)?,
                        Quantiles::from_points(overlap, reference).map_err(malformed)?,
                    )
                    .map_err(malformed)?,
                ),
                _ => Calibration::Uncalibrated { feature, overlap },
            };
            Ok(StoredCalibration {
                provider: Provider::parse(&row.provider).ok_or_else(|| unknown("provider", &row.provider))?,
                reference: Provider::parse(&row.reference).ok_or_else(|| unknown("provider", &row.reference))?,
                values: Quantiles::from_points(row.sample_count.unsigned_abs(), row.quantiles).map_err(malformed)?,
                calibration,
                learned_at: row.learned_at,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    stored.sort_by_key(|stored| (stored.provider, stored.feature()));
    Ok(stored)
}

fn stored_count(count: u32) -> i32 {
    i32::try_from(count).unwrap_or(i32::MAX)
}

fn malformed(problem: CalibrationProblem) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(Box::new(problem)))
}

fn unknown(what: &str, code: &str) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(format!("unknown {what} {code:?} in calibrations").into()))
}
