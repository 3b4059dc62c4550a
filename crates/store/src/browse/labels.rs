//! A record label as one user's library holds it: the tracks of theirs on it, from the track facts (the label that
//! counts for each track, by its normalised key, so "Ninja Tune" and "Ninja Tune Records" are one label).

use crossfade_domain::LabelKey;
use sqlx::PgPool;

use super::{ArtistCredit, credits};
use crate::StoreError;

/// A track of the user's on a label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelTrack {
    pub spotify_id: String,
    pub title: String,
    pub artists: Vec<ArtistCredit>,
    pub album_id: Option<String>,
    pub album_name: String,
    pub liked: bool,
    pub plays: i32,
}

/// A label and the user's tracks on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelDetail {
    /// The name most of the user's tracks on it carry.
    pub name: String,
    pub tracks: Vec<LabelTrack>,
}

/// The label `key` in `user_id`'s library; `None` when none of their tracks is on it.
pub async fn label(pool: &PgPool, user_id: i64, key: &LabelKey) -> Result<Option<LabelDetail>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT track_id, title, artist_ids, artist_names, album_id, album_name, liked_at IS NOT NULL AS "liked!",
                  plays, label AS "label!"
           FROM track_facts WHERE user_id = $1 AND label_key = $2
           ORDER BY artists, album_name, title"#,
        user_id,
        key.as_str(),
    )
    .fetch_all(pool)
    .await?;
    let Some(name) = most_common(rows.iter().map(|row| row.label.as_str())) else {
        return Ok(None);
    };
    let tracks = rows
        .into_iter()
        .map(|row| LabelTrack {
            spotify_id: row.track_id,
            title: row.title,
            artists: credits(row.artist_ids, row.artist_names),
            album_id: row.album_id,
            album_name: row.album_name,
            liked: row.liked,
            plays: row.plays,
        })
        .collect();
    Ok(Some(LabelDetail { name, tracks }))
}

/// The spelling most tracks use; the first in order on a tie.
fn most_common<'a>(names: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut counted: Vec<(&str, usize)> = Vec::new();
    for name in names {
        match counted.iter_mut().find(|(known, _)| *known == name) {
            Some((_, count)) => *count += 1,
            None => counted.push((name, 1)),
        }
    }
    let most = counted.iter().map(|(_, count)| *count).max()?;
    counted.into_iter().find(|(_, count)| *count == most).map(|(name, _)| name.to_owned())
}
