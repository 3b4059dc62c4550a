//! A week's candidates as cards in the order of the user's taste: the store's rows made into the domain's taste
//! tracks, ranked against the style's golden playlists, each card with its reason.

use crossfade_domain::{GoldenTrack, Key, LabelKey, TasteTrack, artist_key, rank_by_taste};
use crossfade_store::curation::{NewCard, TasteRow, WeekCandidate};

/// The candidates as bronze cards, best first (release order when the style has no golden tracks yet).
pub(super) fn ranked_cards(candidates: &[WeekCandidate], golden: &[(String, TasteRow)]) -> Vec<NewCard> {
    let pool: Vec<TasteTrack> = candidates.iter().map(|candidate| taste_track(&candidate.taste)).collect();
    let golden: Vec<GoldenTrack> = golden
        .iter()
        .map(|(category, row)| GoldenTrack { category: category.clone(), track: taste_track(row) })
        .collect();
    rank_by_taste(&pool, &golden)
        .into_iter()
        .enumerate()
        .map(|(rank, ranked)| {
            let candidate = &candidates[ranked.index];
            #[allow(clippy::cast_possible_truncation)]
            NewCard {
                release_track_id: candidate.release_track_id,
                spotify_track_id: candidate.spotify_track_id.clone(),
                rank: i32::try_from(rank).unwrap_or(i32::MAX),
                score: (!golden.is_empty()).then_some(ranked.score as f32),
                reason: ranked.reason.map(|reason| reason.to_string()),
                followed_label: candidate.followed_label,
            }
        })
        .collect()
}

/// What ranking by taste reads of a stored track, as the domain has it; Discover's category seeds read the same.
pub(crate) fn taste_track(row: &TasteRow) -> TasteTrack {
    TasteTrack {
        bpm: row.bpm.map(f64::from),
        key: row
            .key_pitch
            .zip(row.key_mode)
            .and_then(|(pitch, mode)| Key::from_numbers(pitch.into(), mode.into()).ok().flatten()),
        energy: row.energy.map(f64::from),
        danceability: row.danceability.map(f64::from),
        valence: row.valence.map(f64::from),
        genres: Vec::new(),
        label: row.label_key.as_deref().and_then(|key| LabelKey::from_slug(key).ok()),
        artists: row.artists.iter().map(|name| artist_key(name)).collect(),
    }
}
