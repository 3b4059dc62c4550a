//! Calibration in PostgreSQL: a provider whose values are a known distortion of Spotify's is mapped back onto
//! Spotify's scale, learned from the tracks that have both (Spotify's own values preferred over imported files,
//! users' copies of one file counted once); a provider without enough such tracks is reported uncalibrated; learning
//! again replaces what was stored.

use crossfade_domain::{AudioFeature, Calibration, Provider};
use crossfade_store::enrichment::calibration::{StoredCalibration, calibrations, learn_calibrations};
use sqlx::PgPool;

const TRACKS: usize = 400;

/// Spotify's value of track `index`, spread evenly over 0–1.
fn reference(index: usize) -> f64 {
    (index as f64 + 0.5) / TRACKS as f64
}

/// A substitute provider's value for a track Spotify gives `d`: higher everywhere but at the ends.
fn distorted(d: f64) -> f64 {
    1.0 - (1.0 - d).powf(1.3)
}

/// One row of track_features; `None` features stay NULL.
struct Row {
    track: usize,
    provider: &'static str,
    user_id: Option<i64>,
    danceability: Option<f64>,
    energy: Option<f64>,
    tempo: Option<f64>,
    gain: Option<f64>,
}

impl Row {
    fn new(track: usize, provider: &'static str) -> Row {
        Row { track, provider, user_id: None, danceability: None, energy: None, tempo: None, gain: None }
    }
}

async fn insert(pool: &PgPool, rows: &[Row]) {
    let column =
        |value: fn(&Row) -> Option<f64>| rows.iter().map(|row| value(row).map(|v| v as f32)).collect::<Vec<_>>();
    sqlx::query!(
        "INSERT INTO track_features (track_id, provider, user_id, danceability, energy, tempo, gain, fetched_at)
         SELECT t.*, now() FROM UNNEST($1::text[], $2::text[], $3::bigint[], $4::real[], $5::real[], $6::real[],
             $7::real[]) AS t",
        &rows.iter().map(|row| format!("calibrationTrack{:06}", row.track)).collect::<Vec<_>>(),
        &rows.iter().map(|row| row.provider.to_owned()).collect::<Vec<_>>(),
        &rows.iter().map(|row| row.user_id).collect::<Vec<_>>() as &[Option<i64>],
        &column(|row| row.danceability) as &[Option<f32>],
        &column(|row| row.energy) as &[Option<f32>],
        &column(|row| row.tempo) as &[Option<f32>],
        &column(|row| row.gain) as &[Option<f32>],
    )
    .execute(pool)
    .await
    .unwrap();
}

async fn user(pool: &PgPool, key: &str) -> i64 {
    sqlx::query_scalar!("INSERT INTO users (spotify_account_key, spotify_user_id) VALUES ($1, $1) RETURNING id", key)
        .fetch_one(pool)
        .await
        .unwrap()
}

fn find(stored: &[StoredCalibration], provider: Provider, feature: AudioFeature) -> &StoredCalibration {
    stored.iter().find(|s| s.provider == provider && s.feature() == feature).expect("a calibration")
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_distorted_provider_is_mapped_back_onto_spotifys_scale(pool: PgPool) {
    let (ada, bob) = (user(&pool, "ada").await, user(&pool, "bob").await);
    let mut rows = Vec::new();
    for track in 0..TRACKS {
        let d = reference(track);
        rows.push(Row { danceability: Some(distorted(d)), energy: Some(d), ..Row::new(track, "reccobeats") });
        if track < TRACKS / 2 {
            rows.push(Row { danceability: Some(d), energy: Some(d), tempo: Some(100.0), ..Row::new(track, "spotify") });
        }
        // Where Spotify has a value, a file's disagreeing one must not count.
        if track < TRACKS / 4 {
            rows.push(Row { user_id: Some(ada), danceability: Some(1.0 - d), ..Row::new(track, "file") });
        }
        if track >= TRACKS / 2 {
            rows.push(Row { user_id: Some(ada), danceability: Some(d), energy: Some(d), ..Row::new(track, "file") });
        }
        // A second user's copy of the same dataset.
        if track >= 3 * TRACKS / 4 {
            rows.push(Row { user_id: Some(bob), danceability: Some(d), energy: Some(d), ..Row::new(track, "file") });
        }
        // Deezer's BPM overlaps on too few tracks; Spotify has no replay gain at all.
        if track < 30 {
            rows.push(Row { tempo: Some(101.0), gain: Some(-7.0), ..Row::new(track, "deezer") });
        }
    }
    insert(&pool, &rows).await;

    let learned = learn_calibrations(&pool).await.unwrap();
    assert_eq!(calibrations(&pool).await.unwrap(), learned, "what is read back is what was learned");
    let listed: Vec<(Provider, AudioFeature)> = learned.iter().map(|s| (s.provider, s.feature())).collect();
    assert_eq!(
        listed,
        [
            (Provider::ReccoBeats, AudioFeature::Danceability),
            (Provider::ReccoBeats, AudioFeature::Energy),
            (Provider::Deezer, AudioFeature::Tempo),
            (Provider::Deezer, AudioFeature::Gain),
        ],
        "only providers off the reference scale, only for features they gave"
    );

    let danceability = find(&learned, Provider::ReccoBeats, AudioFeature::Danceability);
    assert_eq!(danceability.reference, Provider::Spotify);
    let mapping = danceability.calibration.mapping().expect("calibrated");
    assert_eq!(mapping.overlap(), TRACKS as u32);
    for track in (0..TRACKS).step_by(7) {
        let d = reference(track);
        let calibrated = mapping.map(distorted(d));
        assert!((calibrated - d).abs() < 0.01, "track {track}: {calibrated} for {d}");
    }
    let comparison = danceability.comparison();
    let after = comparison.calibrated.expect("calibrated shares");
    for (calibrated, reference) in after.calibrated.iter().zip(&after.reference) {
        assert!((calibrated - reference).abs() < 0.01, "{after:?}");
    }

    let energy = find(&learned, Provider::ReccoBeats, AudioFeature::Energy).calibration.mapping().expect("calibrated");
    for value in [0.1, 0.5, 0.9] {
        assert!((energy.map(value) - value).abs() < 1e-3, "agreeing providers need no correction");
    }

    let tempo = find(&learned, Provider::Deezer, AudioFeature::Tempo);
    assert_eq!(tempo.calibration, Calibration::Uncalibrated { feature: AudioFeature::Tempo, overlap: 30 });
    assert_eq!(tempo.comparison().calibrated, None);
    let gain = find(&learned, Provider::Deezer, AudioFeature::Gain);
    assert_eq!(gain.calibration, Calibration::Uncalibrated { feature: AudioFeature::Gain, overlap: 0 });
    assert_eq!(gain.values.count(), 30);

    let counts = sqlx::query!(
        r#"SELECT provider, sample_count FROM feature_quantiles WHERE feature = 'danceability' ORDER BY provider"#
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let counts: Vec<(String, i32)> = counts.into_iter().map(|row| (row.provider, row.sample_count)).collect();
    assert_eq!(
        counts,
        [("file".to_owned(), 300), ("reccobeats".to_owned(), 400), ("spotify".to_owned(), 200)],
        "every provider's distribution is kept, each track of the files once"
    );
}

#[sqlx::test(migrations = "../../migrations")]
async fn learning_again_replaces_what_was_stored(pool: PgPool) {
    let rows: Vec<Row> = (0..60)
        .flat_map(|track| {
            let d = reference(track);
            [
                Row { energy: Some(d), ..Row::new(track, "spotify") },
                Row { energy: Some(d), ..Row::new(track, "reccobeats") },
            ]
        })
        .collect();
    insert(&pool, &rows).await;
    let first = learn_calibrations(&pool).await.unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].calibration.overlap(), 60);

    sqlx::query!("DELETE FROM track_features WHERE provider = 'spotify' AND track_id > 'calibrationTrack000019'")
        .execute(&pool)
        .await
        .unwrap();
    let second = learn_calibrations(&pool).await.unwrap();
    assert_eq!(second[0].calibration, Calibration::Uncalibrated { feature: AudioFeature::Energy, overlap: 20 });
    assert_eq!(calibrations(&pool).await.unwrap(), second);

    sqlx::query!("DELETE FROM track_features").execute(&pool).await.unwrap();
    assert_eq!(learn_calibrations(&pool).await.unwrap(), []);
    assert_eq!(calibrations(&pool).await.unwrap(), []);
}
