//! The preview of a rule: how many tracks it matches, the playlist it makes (its length and running time) and the
//! first tracks, each with the conditions it met. The rule is evaluated as SQL over the read model; only the shown
//! tracks' facts are loaded to explain them in memory.

use crossfade_domain::{AudioFeature, Evaluation, RuleTrack, SmartRules};
use crossfade_store::rules::{evaluate, rule_tracks};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use time::OffsetDateTime;

use super::{SmartError, rule_context};

/// Tracks a preview shows.
pub const PREVIEW_TRACKS: usize = 50;

/// What a rule makes of the library now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    /// Distinct tracks the rule's conditions match, before limits and artist rules.
    pub matched: usize,
    /// The playlist's tracks (Spotify ids), in order.
    pub track_ids: Vec<String>,
    /// Its running time over the tracks whose length is known.
    pub duration_ms: i64,
    /// The first [`PREVIEW_TRACKS`] of them, explained.
    pub tracks: Vec<PreviewTrack>,
    /// The random order's seed, which the write uses too.
    pub seed: u64,
}

/// One track of a preview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreviewTrack {
    pub id: String,
    pub title: String,
    pub artists: String,
    pub album: String,
    pub duration_ms: Option<i32>,
    pub bpm: Option<f32>,
    pub energy: Option<f32>,
    /// Camelot notation.
    pub key: Option<String>,
    /// The conditions it met, in words.
    pub met: Vec<String>,
}

/// Previews `rules` over `user_id`'s library at `now` with `seed`.
pub async fn preview(
    pool: &PgPool,
    user_id: i64,
    rules: &SmartRules,
    seed: u64,
    now: OffsetDateTime,
) -> Result<Preview, SmartError> {
    let context = rule_context(pool, user_id, now, seed).await?;
    let prepared = rules.prepare(&context);
    let evaluation: Evaluation = evaluate(pool, user_id, &prepared).await?;
    let shown: Vec<String> = evaluation.tracks.iter().take(PREVIEW_TRACKS).map(|placed| placed.id.clone()).collect();
    let facts = rule_tracks(pool, user_id, &shown).await?;
    let tracks = facts.iter().map(|track| explained(track, prepared.met(track).unwrap_or_default())).collect();
    Ok(Preview {
        matched: evaluation.matched,
        duration_ms: evaluation.duration_ms(),
        track_ids: evaluation.tracks.into_iter().map(|placed| placed.id).collect(),
        tracks,
        seed,
    })
}

fn explained(track: &RuleTrack, met: Vec<String>) -> PreviewTrack {
    let feature = |feature| track.features[RuleTrack::feature_index(feature)].map(|(value, _)| value);
    PreviewTrack {
        id: track.id.clone(),
        title: track.title.clone(),
        artists: track.artists.join(", "),
        album: track.album.clone(),
        duration_ms: track.duration_ms,
        bpm: feature(AudioFeature::Tempo),
        energy: feature(AudioFeature::Energy),
        key: track.key.map(|key| key.camelot()),
        met,
    }
}
