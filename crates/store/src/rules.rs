//! Smart playlists' rules over the read model: a prepared rule evaluated as SQL (one query per set, rules/sql.rs),
//! the facts of chosen tracks loaded for the in-memory evaluator (the preview's "conditions it met"), and what a
//! rule is evaluated against (calibrations).

mod sql;

use std::collections::HashMap;

use crossfade_domain::{
    AudioFeature, CalibrationScale, Candidate, Day, DayListening, Evaluation, GenreTree, Key, Order, Prepared,
    PreparedSet, Provider, RuleTrack, SortKey, matches_to_read_first, reads_first_matches, settled,
};
use sqlx::{PgPool, Row};

use crate::StoreError;
use crate::enrichment::calibration::calibrations;

/// One provider's values of a track's features, in `AudioFeature::ALL` order.
type Measured = (Provider, [Option<f32>; 10]);

/// Each set's matching tracks of `user_id`'s library, in the set's order.
pub async fn matches(pool: &PgPool, user_id: i64, prepared: &Prepared) -> Result<Vec<Vec<Candidate>>, StoreError> {
    let mut sets = Vec::with_capacity(prepared.sets.len());
    for set in &prepared.sets {
        sets.push(set_matches(pool, user_id, set, None, false).await?.0);
    }
    Ok(sets)
}

/// A set's matching tracks in its order, the first `first` of them if given, and if `counted` how many it matches
/// in all.
async fn set_matches(
    pool: &PgPool,
    user_id: i64,
    set: &PreparedSet,
    first: Option<usize>,
    counted: bool,
) -> Result<(Vec<Candidate>, Option<usize>), StoreError> {
    let first = first.map(|first| i64::try_from(first).unwrap_or(i64::MAX));
    let rows = sql::set_query(user_id, set, sort_keys(set), first, counted).build().fetch_all(pool).await?;
    let mut matched = counted.then_some(0);
    let mut candidates = Vec::with_capacity(rows.len());
    for row in rows {
        if counted {
            matched = Some(usize::try_from(row.try_get::<i64, _>("matched")?).unwrap_or(0));
        }
        let first_id: Option<String> = row.try_get("first_artist_id")?;
        let first_name: Option<String> = row.try_get("first_artist_name")?;
        candidates.push(Candidate {
            id: row.try_get("track_id")?,
            isrc: row.try_get("isrc")?,
            artist: Candidate::artist_key(first_id.as_deref(), first_name.as_deref()),
            duration_ms: row.try_get("duration_ms")?,
        });
    }
    Ok((candidates, matched))
}

fn sort_keys(set: &PreparedSet) -> &[SortKey] {
    match &set.order {
        Order::Keys(keys) => keys,
        Order::Random => &[],
    }
}

/// The whole evaluation of a prepared rule over `user_id`'s library.
///
/// A rule whose playlist is made from its first matches reads only as many as settle it (eight times more each
/// time it must read on). Where the read model keeps an index in the rule's order, the database reads the matches
/// in that order and stops at the limit, and counting them all is a query of its own; elsewhere it must sort every
/// match anyway, and the count comes with the first ones.
pub async fn evaluate(pool: &PgPool, user_id: i64, prepared: &Prepared) -> Result<Evaluation, StoreError> {
    let ([set], true) = (prepared.sets.as_slice(), reads_first_matches(&prepared.rules)) else {
        return Ok(Evaluation::of(prepared, matches(pool, user_id, prepared).await?));
    };
    let counted = !sql::indexed_order(sort_keys(set));
    let mut reading = matches_to_read_first(&prepared.rules);
    loop {
        let (first, matched) = set_matches(pool, user_id, set, Some(reading), counted).await?;
        if first.len() < reading {
            return Ok(Evaluation::of(prepared, vec![first]));
        }
        if settled(&prepared.rules, &first) {
            let matched = match matched {
                Some(matched) => matched,
                None => {
                    let counted: i64 = sql::count_query(user_id, set).build_query_scalar().fetch_one(pool).await?;
                    usize::try_from(counted).unwrap_or(0)
                }
            };
            return Ok(Evaluation::of_first(prepared, first, matched));
        }
        reading = reading.saturating_mul(8);
    }
}

/// Every calibrated provider's mapping of each feature, for rules' calibrated conditions.
pub async fn calibration_scales(pool: &PgPool) -> Result<Vec<CalibrationScale>, StoreError> {
    Ok(calibrations(pool)
        .await?
        .into_iter()
        .filter_map(|stored| {
            stored
                .calibration
                .mapping()
                .map(|mapping| CalibrationScale { provider: stored.provider, mapping: mapping.clone() })
        })
        .collect())
}

/// The facts of `ids` in `user_id`'s library, as the in-memory evaluator reads them; tracks not in the library are
/// left out. In the order of `ids`.
pub async fn rule_tracks(pool: &PgPool, user_id: i64, ids: &[String]) -> Result<Vec<RuleTrack>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT f.track_id, f.title, f.album_name, f.artist_ids, f.artist_names, f.artists, f.label, f.isrc,
                  f.danceability, f.energy, f.valence, f.acousticness, f.instrumentalness, f.speechiness,
                  f.liveness, f.loudness, f.tempo, f.gain, f.value_sources, f.key, f.mode, f.time_signature,
                  f.genres, f.tags, f.duration_ms, f.release_date, f.release_year, f.explicit,
                  floor(extract(epoch FROM f.liked_at))::bigint AS liked_at,
                  floor(extract(epoch FROM f.added_at))::bigint AS added_at,
                  floor(extract(epoch FROM f.first_listed_at))::bigint AS first_listed_at,
                  floor(extract(epoch FROM f.first_played_at))::bigint AS first_played_at,
                  floor(extract(epoch FROM f.last_played_at))::bigint AS last_played_at,
                  f.plays, f.skips, f.ms_played,
                  ARRAY(SELECT DISTINCT p.spotify_id FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id
                        WHERE p.user_id = f.user_id AND i.track_id = f.track_id ORDER BY 1) AS "playlists!"
           FROM track_facts f WHERE f.user_id = $1 AND f.track_id = ANY ($2)"#,
        user_id,
        ids,
    )
    .fetch_all(pool)
    .await?;
    let measured = sqlx::query!(
        r#"SELECT track_id, provider, danceability, energy, valence, acousticness, instrumentalness, speechiness,
                  liveness, loudness, tempo, gain
           FROM track_features WHERE track_id = ANY ($2) AND (user_id IS NULL OR user_id = $1)
           ORDER BY track_id, provider"#,
        user_id,
        ids,
    )
    .fetch_all(pool)
    .await?;
    let days = sqlx::query!(
        "SELECT track_id, day, plays, skips, ms_played FROM listening_days
         WHERE user_id = $1 AND track_id = ANY ($2) ORDER BY track_id, day",
        user_id,
        ids,
    )
    .fetch_all(pool)
    .await?;

    let mut measured_by_track: HashMap<String, Vec<Measured>> = HashMap::new();
    for row in measured {
        let Some(provider) = Provider::parse(&row.provider) else { continue };
        let values = [
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
        measured_by_track.entry(row.track_id).or_default().push((provider, values));
    }
    for measured in measured_by_track.values_mut() {
        measured.sort_by_key(|(provider, _)| *provider);
    }
    let mut days_by_track: HashMap<String, Vec<DayListening>> = HashMap::new();
    for row in days {
        let Some(day) = Day::parse(&row.day.to_string()) else { continue };
        days_by_track.entry(row.track_id).or_default().push(DayListening {
            day,
            plays: u32::try_from(row.plays).unwrap_or(0),
            skips: u32::try_from(row.skips).unwrap_or(0),
            ms_played: row.ms_played,
        });
    }
    let tree = GenreTree::get();
    let mut tracks: HashMap<String, RuleTrack> = HashMap::with_capacity(rows.len());
    for row in rows {
        let effective = [
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
        let mut features = [None; 10];
        for (slot, (feature, value)) in features.iter_mut().zip(AudioFeature::ALL.into_iter().zip(effective)) {
            let provider =
                row.value_sources.get(feature.code()).and_then(|code| code.as_str()).and_then(Provider::parse);
            *slot = value.zip(provider);
        }
        let artists = if row.artist_names.is_empty() {
            Some(row.artists).filter(|name| !name.is_empty()).into_iter().collect()
        } else {
            row.artist_names
        };
        let track = RuleTrack {
            features,
            measured: measured_by_track.remove(&row.track_id).unwrap_or_default(),
            days: days_by_track.remove(&row.track_id).unwrap_or_default(),
            title: row.title,
            album: row.album_name,
            artist_ids: row.artist_ids,
            artists,
            label: row.label,
            isrc: row.isrc,
            key: match (row.key, row.mode) {
                (Some(key), Some(mode)) => Key::from_numbers(i64::from(key), i64::from(mode)).ok().flatten(),
                _ => None,
            },
            time_signature: row.time_signature,
            genres: row.genres.iter().filter_map(|genre| tree.parse_id(genre).ok()).collect(),
            tags: row.tags,
            duration_ms: row.duration_ms,
            release_date: row.release_date.and_then(|date| Day::parse(&date.to_string())),
            release_year: row.release_year,
            explicit: row.explicit,
            liked_at: row.liked_at,
            added_at: row.added_at,
            added_to_playlist_at: row.first_listed_at,
            first_played_at: row.first_played_at,
            last_played_at: row.last_played_at,
            plays: u32::try_from(row.plays).unwrap_or(0),
            skips: u32::try_from(row.skips).unwrap_or(0),
            ms_played: row.ms_played,
            playlists: row.playlists,
            id: row.track_id.clone(),
        };
        tracks.insert(row.track_id, track);
    }
    Ok(ids.iter().filter_map(|id| tracks.remove(id)).collect())
}
