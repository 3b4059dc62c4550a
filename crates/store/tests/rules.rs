//! Smart playlists' rules give the same tracks in the same order whether evaluated as SQL over the read model or in
//! memory: random libraries are written into the database the way the read model holds them (facts, providers'
//! values, playlist entries, per-day listening), random rules are evaluated both ways, and the loaded facts equal
//! the generated ones.

mod common;

use std::collections::BTreeMap;

use crossfade_domain::rules::arbitrary::{self, NOW, PLAYLISTS};
use crossfade_domain::{AudioFeature, Calibration, CalibrationScale, Provider, RuleContext, RuleTrack, SmartRules};
use crossfade_store::rules::{evaluate, matches, rule_tracks};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use serde_json::json;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

fn at(seconds: Option<i64>) -> Option<time::OffsetDateTime> {
    // Half a second later than the whole second, so the truncation both sides apply is exercised.
    seconds
        .map(|seconds| time::OffsetDateTime::from_unix_timestamp(seconds).unwrap() + time::Duration::milliseconds(500))
}

fn date(day: Option<crossfade_domain::Day>) -> Option<time::Date> {
    day.map(|day| {
        time::Date::from_calendar_date(i32::from(day.year()), time::Month::try_from(day.month()).unwrap(), day.day())
            .unwrap()
    })
}

async fn clear(pool: &PgPool) {
    sqlx::query(
        "TRUNCATE track_facts, track_features, listening_days, playlist_items, playlists, tracks, albums CASCADE",
    )
    .execute(pool)
    .await
    .unwrap();
}

/// Writes `library` as `user_id`'s read model.
async fn write(pool: &PgPool, user_id: i64, library: &[RuleTrack]) {
    sqlx::query("INSERT INTO albums (spotify_id, name) VALUES ('rulesAlbum', 'Album')").execute(pool).await.unwrap();
    let mut playlist_ids = BTreeMap::new();
    for (position, spotify_id) in PLAYLISTS.iter().enumerate() {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO playlists (user_id, spotify_id, list_position, name, owner_spotify_id, relation, collaborative,
                                    snapshot_id, items_total)
             VALUES ($1, $2, $3, 'List', 'me', 'owner', false, 's', 0) RETURNING id",
        )
        .bind(user_id)
        .bind(spotify_id)
        .bind(position as i32)
        .fetch_one(pool)
        .await
        .unwrap();
        playlist_ids.insert(spotify_id.to_string(), (id, 0i32));
    }
    for track in library {
        sqlx::query("INSERT INTO tracks (spotify_id, name, album_id, duration_ms) VALUES ($1, $2, 'rulesAlbum', 0)")
            .bind(&track.id)
            .bind(&track.title)
            .execute(pool)
            .await
            .unwrap();
        for playlist in &track.playlists {
            let (playlist_id, position) = playlist_ids.get_mut(playlist).unwrap();
            sqlx::query(
                "INSERT INTO playlist_items (playlist_id, position, kind, track_id, added_at) VALUES ($1, $2, 'track', $3, $4)",
            )
            .bind(*playlist_id)
            .bind(*position)
            .bind(&track.id)
            .bind(at(track.added_to_playlist_at))
            .execute(pool)
            .await
            .unwrap();
            *position += 1;
        }
        for (provider, values) in &track.measured {
            sqlx::query(
                "INSERT INTO track_features (track_id, provider, danceability, energy, valence, acousticness,
                     instrumentalness, speechiness, liveness, loudness, tempo, gain, fetched_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now())",
            )
            .bind(&track.id)
            .bind(provider.code())
            .bind(values[0])
            .bind(values[1])
            .bind(values[2])
            .bind(values[3])
            .bind(values[4])
            .bind(values[5])
            .bind(values[6])
            .bind(values[7])
            .bind(values[8])
            .bind(values[9])
            .execute(pool)
            .await
            .unwrap();
        }
        for day in &track.days {
            sqlx::query(
                "INSERT INTO listening_days (user_id, day, track_id, plays, ms_played, skips) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(user_id)
            .bind(date(Some(day.day)))
            .bind(&track.id)
            .bind(day.plays as i32)
            .bind(day.ms_played)
            .bind(day.skips as i32)
            .execute(pool)
            .await
            .unwrap();
        }
        let effective: Vec<Option<f32>> = track.features.iter().map(|slot| slot.map(|(value, _)| value)).collect();
        let sources: serde_json::Map<String, serde_json::Value> = AudioFeature::ALL
            .into_iter()
            .zip(track.features)
            .filter_map(|(feature, slot)| slot.map(|(_, provider)| (feature.code().to_owned(), json!(provider.code()))))
            .collect();
        let joined = track.artists.join(", ");
        // A track without credited ids is one only the history names: its one name is the facts' `artists`.
        let (artist_names, artist_ids) = if track.artist_ids.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            (track.artists.clone(), track.artist_ids.clone())
        };
        sqlx::query(
            "INSERT INTO track_facts (user_id, track_id, liked_at, first_listed_at, playlists, plays, ms_played, skips,
                 first_played_at, last_played_at, in_catalog, title, artist_ids, artist_names, artists, album_name,
                 duration_ms, explicit, release_year, release_date, isrc, danceability, energy, valence, acousticness,
                 instrumentalness, speechiness, liveness, loudness, tempo, gain, key, mode, time_signature, genres,
                 label, tags, value_sources)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, true, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
                     $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37)",
        )
        .bind(user_id)
        .bind(&track.id)
        .bind(at(track.liked_at))
        .bind(at(track.added_to_playlist_at))
        .bind(track.playlists.len() as i32)
        .bind(track.plays as i32)
        .bind(track.ms_played)
        .bind(track.skips as i32)
        .bind(at(track.first_played_at))
        .bind(at(track.last_played_at))
        .bind(&track.title)
        .bind(&artist_ids)
        .bind(&artist_names)
        .bind(&joined)
        .bind(&track.album)
        .bind(track.duration_ms)
        .bind(track.explicit)
        .bind(track.release_year)
        .bind(date(track.release_date))
        .bind(&track.isrc)
        .bind(effective[0])
        .bind(effective[1])
        .bind(effective[2])
        .bind(effective[3])
        .bind(effective[4])
        .bind(effective[5])
        .bind(effective[6])
        .bind(effective[7])
        .bind(effective[8])
        .bind(effective[9])
        .bind(track.key.map(|key| i16::from(key.pitch_class())))
        .bind(track.key.map(|key| key.mode().number()))
        .bind(track.time_signature)
        .bind(track.genres.iter().map(|genre| genre.as_str().to_owned()).collect::<Vec<_>>())
        .bind(&track.label)
        .bind(&track.tags)
        .bind(json!(sources))
        .execute(pool)
        .await
        .unwrap();
    }
}

fn calibrations() -> Vec<CalibrationScale> {
    let learn = |feature, shift: f64| {
        let pairs = (0..200).map(|index| {
            let reference = f64::from(index) / 250.0;
            ((reference + shift).min(1.0), reference)
        });
        match Calibration::learn(feature, pairs) {
            Calibration::Calibrated(mapping) => mapping,
            Calibration::Uncalibrated { .. } => unreachable!("200 pairs calibrate"),
        }
    };
    vec![
        CalibrationScale { provider: Provider::ReccoBeats, mapping: learn(AudioFeature::Danceability, 0.2) },
        CalibrationScale { provider: Provider::Deezer, mapping: learn(AudioFeature::Energy, 0.1) },
        CalibrationScale { provider: Provider::ReccoBeats, mapping: learn(AudioFeature::Valence, 0.05) },
    ]
}

/// Writes the library, checks it loads back, and evaluates each rule both ways.
async fn agree(
    pool: &PgPool,
    user_id: i64,
    library: &[RuleTrack],
    rules: &[SmartRules],
    seed: u64,
) -> Result<(), TestCaseError> {
    clear(pool).await;
    write(pool, user_id, library).await;
    let ids: Vec<String> = library.iter().map(|track| track.id.clone()).collect();
    let loaded = rule_tracks(pool, user_id, &ids).await.unwrap();
    prop_assert_eq!(loaded.len(), library.len());
    for (loaded, written) in loaded.iter().zip(library) {
        prop_assert_eq!(loaded, written, "the loaded facts differ from the written ones");
    }
    let context = RuleContext {
        now: NOW,
        seed,
        calibrations: calibrations(),
        smart_playlists: [(1, PLAYLISTS[1].to_owned())].into_iter().collect(),
    };
    for rule in rules {
        let prepared = rule.prepare(&context);
        // Set by set: the matches in order, before the steps after matching (which both share).
        let sets = matches(pool, user_id, &prepared).await.unwrap();
        prop_assert_eq!(
            &sets,
            &prepared.matches(library),
            "SQL and in-memory matches differ for {}",
            rule.to_json_text()
        );
        prop_assert_eq!(evaluate(pool, user_id, &prepared).await.unwrap(), prepared.evaluate(library));
    }
    Ok(())
}

#[sqlx::test(migrations = "../../migrations")]
async fn sql_and_in_memory_evaluation_agree(pool: PgPool) {
    let user_id = common::user(&pool, "rules-agreement").await;
    let options = (*pool.connect_options()).clone();
    // Proptest drives the cases from a plain thread; each case runs on a runtime of its own there.
    tokio::task::spawn_blocking(move || {
        let cases = std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(48);
        let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
        let strategy = (arbitrary::library(30), proptest::collection::vec(arbitrary::rules(), 6), any::<u64>());
        let result = runner.run(&strategy, |(library, rules, seed)| {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async {
                let pool = PgPoolOptions::new().max_connections(2).connect_with(options.clone()).await.unwrap();
                agree(&pool, user_id, &library, &rules, seed).await
            })
        });
        if let Err(failure) = result {
            panic!("{failure}");
        }
    })
    .await
    .unwrap();
}

#[sqlx::test(migrations = "../../migrations")]
async fn rules_read_only_their_users_library(pool: PgPool) {
    let mine = common::user(&pool, "rules-mine").await;
    let theirs = common::user(&pool, "rules-theirs").await;
    let mut runner = TestRunner::deterministic();
    let library = std::iter::repeat_with(|| arbitrary::library(20).new_tree(&mut runner).unwrap().current())
        .find(|library| library.len() >= 5)
        .unwrap();
    write(&pool, theirs, &library).await;
    let everything = SmartRules::from_json(&json!({"sets": [{"sources": ["library"]}]})).unwrap();
    let context = RuleContext { now: NOW, ..RuleContext::default() };
    let evaluation = evaluate(&pool, mine, &everything.prepare(&context)).await.unwrap();
    assert!(evaluation.tracks.is_empty(), "another user's tracks were matched");
    let ids: Vec<String> = library.iter().map(|track| track.id.clone()).collect();
    assert!(rule_tracks(&pool, mine, &ids).await.unwrap().is_empty());
    assert_eq!(evaluate(&pool, theirs, &everything.prepare(&context)).await.unwrap().tracks.len(), library.len());
}
