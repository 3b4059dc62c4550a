//! Reading a collection's tracks for insights, from the user's track facts (the read model) and nothing else: one
//! query over the user's rows, whichever the collection, in no particular order (the figures do not depend on it,
//! and sorting a hundred thousand rows would cost more than reading them).

use crossfade_domain::{
    ArtistCredit, AudioFeature, EnrichedField, FeatureValues, GenreTree, HistoryRange, InsightTrack, Key, Provider,
    TOP_TRACKS, TrackCollection,
};
use serde::Deserialize;
use sqlx::PgPool;
use sqlx::types::Json;

use crate::StoreError;
use crate::listening::day_of;

pub mod cache;

/// A collection's tracks, and what the collection is called where the catalog names it.
#[derive(Debug)]
pub struct CollectionTracks {
    /// A playlist's, album's or artist's name; None for collections named by their address alone.
    pub name: Option<String>,
    pub tracks: Vec<InsightTrack>,
}

struct Row {
    track_id: String,
    title: String,
    artist_ids: Vec<String>,
    artist_names: Vec<String>,
    artists: String,
    duration_ms: Option<i32>,
    explicit: Option<bool>,
    release_year: Option<i16>,
    danceability: Option<f32>,
    energy: Option<f32>,
    valence: Option<f32>,
    acousticness: Option<f32>,
    instrumentalness: Option<f32>,
    speechiness: Option<f32>,
    liveness: Option<f32>,
    loudness: Option<f32>,
    tempo: Option<f32>,
    key: Option<i16>,
    mode: Option<i16>,
    genres: Vec<String>,
    label: Option<String>,
    label_key: Option<String>,
    plays: i32,
    skips: i32,
    value_sources: Json<Sources>,
}

/// A track's `value_sources` ({"energy": "reccobeats", …}) read straight into fields and providers, without a
/// string per entry: a collection of a hundred thousand tracks holds a million of them.
#[derive(Debug, Default)]
struct Sources(Vec<(EnrichedField, Provider)>);

impl<'de> Deserialize<'de> for Sources {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = Sources;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of field codes to provider codes")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<Sources, M::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some((field, provider)) =
                    map.next_entry::<std::borrow::Cow<'de, str>, std::borrow::Cow<'de, str>>()?
                {
                    // Codes this version does not know (written by a newer one) are left out of the coverage.
                    if let (Some(field), Some(provider)) = (EnrichedField::parse(&field), Provider::parse(&provider)) {
                        entries.push((field, provider));
                    }
                }
                Ok(Sources(entries))
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

/// `user_id`'s tracks in `collection`; None when the collection is not the user's: a playlist not in their list,
/// or an album, artist, label or tag none of their tracks has. A genre none of their tracks is in is an empty
/// collection (the genre exists for everyone).
pub async fn collection_tracks(
    pool: &PgPool,
    user_id: i64,
    collection: &TrackCollection,
) -> Result<Option<CollectionTracks>, StoreError> {
    let mut name = None;
    let mut playlist = None;
    let mut value: Option<String> = None;
    let (mut from, mut to) = (None, None);
    let mut top: Option<Vec<String>> = None;
    match collection {
        TrackCollection::Library | TrackCollection::Liked | TrackCollection::Genre(_) => {}
        TrackCollection::Played(range) => (from, to) = (range.from().map(day_of), range.to().map(day_of)),
        TrackCollection::Top(range) => top = Some(top_tracks(pool, user_id, *range).await?),
        TrackCollection::Playlist(id) => {
            let Some(found) = sqlx::query!(
                "SELECT id, name FROM playlists WHERE user_id = $1 AND spotify_id = $2",
                user_id,
                id.as_str()
            )
            .fetch_optional(pool)
            .await?
            else {
                return Ok(None);
            };
            playlist = Some(found.id);
            name = Some(found.name);
        }
        TrackCollection::Album(id) => {
            name = sqlx::query_scalar!("SELECT name FROM albums WHERE spotify_id = $1", id.as_str())
                .fetch_optional(pool)
                .await?;
            value = Some(id.as_str().to_owned());
        }
        TrackCollection::Artist(id) => {
            name = sqlx::query_scalar!("SELECT name FROM artists WHERE spotify_id = $1", id.as_str())
                .fetch_optional(pool)
                .await?;
            value = Some(id.as_str().to_owned());
        }
        TrackCollection::Label(key) => value = Some(key.as_str().to_owned()),
        TrackCollection::Tag(tag) => value = Some(tag.as_str().to_owned()),
    }
    let genres: Option<Vec<String>> =
        collection.genre_slugs().map(|slugs| slugs.into_iter().map(str::to_owned).collect());
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT f.track_id, f.title, f.artist_ids, f.artist_names, f.artists, f.duration_ms, f.explicit,
                  f.release_year, f.danceability, f.energy, f.valence, f.acousticness, f.instrumentalness,
                  f.speechiness, f.liveness, f.loudness, f.tempo, f.key, f.mode, f.genres, f.label, f.label_key,
                  f.plays, f.skips, f.value_sources AS "value_sources: Json<Sources>"
           FROM track_facts f
           WHERE f.user_id = $1
             AND CASE $2
                 WHEN 'liked' THEN f.liked_at IS NOT NULL
                 WHEN 'playlist' THEN EXISTS (SELECT FROM playlist_items i
                                              WHERE i.playlist_id = $3 AND i.track_id = f.track_id)
                 WHEN 'album' THEN f.album_id = $4
                 WHEN 'artist' THEN f.artist_ids @> ARRAY[$4::text]
                 WHEN 'genre' THEN f.genres && $5::text[]
                 WHEN 'label' THEN f.label_key = $4
                 WHEN 'tag' THEN f.tags @> ARRAY[$4::text]
                 WHEN 'played' THEN f.plays > 0 AND ($6::date IS NULL AND $7::date IS NULL OR EXISTS (
                     SELECT FROM listening_days d
                     WHERE d.user_id = $1 AND d.track_id = f.track_id AND ($6::date IS NULL OR d.day >= $6)
                       AND ($7::date IS NULL OR d.day <= $7)))
                 WHEN 'top' THEN f.track_id = ANY ($8::text[])
                 ELSE true END"#,
        user_id,
        collection.kind(),
        playlist,
        value,
        genres.as_deref(),
        from,
        to,
        top.as_deref(),
    )
    .fetch_all(pool)
    .await?;
    let owned_by_rows = matches!(
        collection,
        TrackCollection::Album(_) | TrackCollection::Artist(_) | TrackCollection::Label(_) | TrackCollection::Tag(_)
    );
    if owned_by_rows && rows.is_empty() {
        return Ok(None);
    }
    let tree = GenreTree::get();
    Ok(Some(CollectionTracks { name, tracks: rows.into_iter().map(|row| row.into_track(tree)).collect() }))
}

/// The [`TOP_TRACKS`] tracks `user_id` played most in `range` (more plays first, then by id): all of the history
/// reads the facts' totals, a range adds up its days.
async fn top_tracks(pool: &PgPool, user_id: i64, range: HistoryRange) -> Result<Vec<String>, StoreError> {
    let limit = TOP_TRACKS as i64;
    let top = if range.is_all() {
        sqlx::query_scalar!(
            "SELECT track_id FROM track_facts WHERE user_id = $1 AND plays > 0 ORDER BY plays DESC, track_id LIMIT $2",
            user_id,
            limit,
        )
        .fetch_all(pool)
        .await?
    } else {
        sqlx::query_scalar!(
            r#"SELECT track_id AS "track_id!" FROM listening_days
               WHERE user_id = $1 AND ($2::date IS NULL OR day >= $2) AND ($3::date IS NULL OR day <= $3)
               GROUP BY track_id ORDER BY sum(plays) DESC, track_id LIMIT $4"#,
            user_id,
            range.from().map(day_of),
            range.to().map(day_of),
            limit,
        )
        .fetch_all(pool)
        .await?
    };
    Ok(top)
}

/// The decimal a stored `real` of `feature` stands for: providers give 0.7, which PostgreSQL keeps as the nearest
/// 32-bit float (0.699999988…); widened as it is, it would fall below 0.70 in a histogram and print as a long tail
/// in a download. A 32-bit float holds about seven significant digits, so rounding at the seventh (for each
/// feature's range: millionths of a 0–1 feature, hundred-thousandths of a dB, ten-thousandths of a BPM) gives the
/// decimal back without formatting a string per value.
fn decimal(feature: AudioFeature, value: f32) -> f64 {
    let scale = match feature {
        AudioFeature::Tempo => 1e4,
        AudioFeature::Loudness | AudioFeature::Gain => 1e5,
        _ => 1e6,
    };
    (f64::from(value) * scale).round() / scale
}

impl Row {
    fn into_track(self, tree: &GenreTree) -> InsightTrack {
        let mut features = FeatureValues::default();
        let values = [
            (AudioFeature::Danceability, self.danceability),
            (AudioFeature::Energy, self.energy),
            (AudioFeature::Valence, self.valence),
            (AudioFeature::Acousticness, self.acousticness),
            (AudioFeature::Instrumentalness, self.instrumentalness),
            (AudioFeature::Speechiness, self.speechiness),
            (AudioFeature::Liveness, self.liveness),
            (AudioFeature::Loudness, self.loudness),
            (AudioFeature::Tempo, self.tempo),
        ];
        for (feature, value) in values {
            if let Some(value) = value {
                // Every stored value was checked when it was read from its provider.
                let _ = features.set(feature, decimal(feature, value));
            }
        }
        features.key = match (self.key, self.mode) {
            (Some(key), Some(mode)) => Key::from_numbers(key.into(), mode.into()).ok().flatten(),
            _ => None,
        };
        // A track only a listening history names has no credits, only the name the history gave.
        let artists = if self.artist_names.is_empty() {
            (!self.artists.is_empty()).then_some(ArtistCredit { id: None, name: self.artists }).into_iter().collect()
        } else {
            self.artist_ids
                .into_iter()
                .map(Some)
                .chain(std::iter::repeat(None))
                .zip(self.artist_names)
                .map(|(id, name)| ArtistCredit { id, name })
                .collect()
        };
        InsightTrack {
            track_id: self.track_id,
            title: self.title,
            artists,
            duration_ms: self.duration_ms.and_then(|ms| u32::try_from(ms).ok()),
            explicit: self.explicit,
            release_year: self.release_year,
            features,
            genres: self.genres.iter().filter_map(|slug| tree.parse_id(slug).ok()).collect(),
            label: self.label.zip(self.label_key),
            plays: u32::try_from(self.plays).unwrap_or(0),
            skips: u32::try_from(self.skips).unwrap_or(0),
            sources: self.value_sources.0.0,
        }
    }
}
