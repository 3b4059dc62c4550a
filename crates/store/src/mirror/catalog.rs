//! The shared catalog: artists, albums, tracks and episodes as Spotify describes them, deduplicated per batch and
//! upserted by Spotify id. Short forms (an album inside a track) never overwrite what a full object told us, and a
//! row is only rewritten when a value really changed.

use std::collections::BTreeMap;

use crossfade_spotify::models::{Album, Artist, Episode, SimplifiedAlbum, SimplifiedArtist, SimplifiedTrack, Track};
use sqlx::PgConnection;

use super::pick_image;
use crate::StoreError;
use crate::facts::{self, CatalogChanges};

/// Catalog objects gathered from one collection, written with one statement per table.
#[derive(Debug, Default)]
pub struct CatalogBatch {
    artists: BTreeMap<String, String>,
    artist_details: BTreeMap<String, ArtistDetails>,
    albums: BTreeMap<String, AlbumRow>,
    album_details: BTreeMap<String, AlbumDetails>,
    album_artists: BTreeMap<String, Vec<String>>,
    tracks: BTreeMap<String, TrackRow>,
    track_artists: BTreeMap<String, Vec<String>>,
    episodes: BTreeMap<String, EpisodeRow>,
}

#[derive(Debug)]
struct ArtistDetails {
    name: String,
    genres: Vec<String>,
    popularity: Option<i16>,
    followers: Option<i32>,
    image_url: Option<String>,
}

#[derive(Debug)]
struct AlbumRow {
    name: String,
    album_type: Option<String>,
    release_date: Option<String>,
    release_date_precision: Option<String>,
    total_tracks: Option<i32>,
    image_url: Option<String>,
}

#[derive(Debug)]
struct AlbumDetails {
    label: Option<String>,
    popularity: Option<i16>,
    upc: Option<String>,
}

#[derive(Debug)]
struct TrackRow {
    name: String,
    album_id: String,
    duration_ms: i32,
    explicit: bool,
    popularity: Option<i16>,
    isrc: Option<String>,
    disc_number: Option<i16>,
    track_number: Option<i16>,
}

#[derive(Debug)]
struct EpisodeRow {
    name: String,
    duration_ms: i32,
    release_date: Option<String>,
    image_url: Option<String>,
}

fn small(value: Option<u32>) -> Option<i16> {
    value.map(|v| i16::try_from(v).unwrap_or(i16::MAX))
}

fn int(value: u64) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

impl CatalogBatch {
    /// Adds a track with its album and artists; answers its id, or `None` for a track Spotify gives no id or album
    /// id (local files), which the catalog cannot hold.
    pub fn add_track(&mut self, track: &Track) -> Option<String> {
        let id = track.id.clone()?;
        let album = track.album.as_ref()?;
        let album_id = self.add_simplified_album(album)?;
        let artists = self.add_artists(&track.artists);
        self.track_artists.insert(id.clone(), artists);
        self.tracks.insert(
            id.clone(),
            TrackRow {
                name: track.name.clone(),
                album_id,
                duration_ms: int(track.duration_ms),
                explicit: track.explicit,
                popularity: small(track.popularity),
                isrc: track.external_ids.isrc.clone(),
                disc_number: small(track.disc_number),
                track_number: small(track.track_number),
            },
        );
        Some(id)
    }

    /// Adds an album in full (a saved album, or one read on its own): its details count as fetched.
    pub fn add_album(&mut self, album: &Album) -> String {
        let artists = self.add_artists(&album.artists);
        self.album_artists.insert(album.id.clone(), artists);
        self.albums.insert(
            album.id.clone(),
            AlbumRow {
                name: album.name.clone(),
                album_type: album.album_type.as_ref().map(|kind| kind.as_str().to_owned()),
                release_date: album.release_date.clone(),
                release_date_precision: album.release_date_precision.as_ref().map(|p| p.as_str().to_owned()),
                total_tracks: album.total_tracks.map(|n| int(n.into())),
                image_url: pick_image(&album.images),
            },
        );
        self.album_details.insert(
            album.id.clone(),
            AlbumDetails {
                label: album.label.clone(),
                popularity: small(album.popularity),
                upc: album.external_ids.upc.clone(),
            },
        );
        album.id.clone()
    }

    /// Adds an album in full with `tracks`, its track list (every page of it), each track on this album; answers how
    /// many tracks were added (local files and tracks without id are left out). A track list carries no ISRC or
    /// popularity, so a track already in the catalog keeps those a full read of it gave.
    pub fn add_album_tracks(&mut self, album: &Album, tracks: &[SimplifiedTrack]) -> usize {
        let album_id = self.add_album(album);
        let mut added = 0;
        for track in tracks.iter().filter(|track| !track.is_local) {
            let Some(id) = track.id.clone() else { continue };
            let artists = self.add_artists(&track.artists);
            self.track_artists.insert(id.clone(), artists);
            self.tracks.insert(
                id,
                TrackRow {
                    name: track.name.clone(),
                    album_id: album_id.clone(),
                    duration_ms: int(track.duration_ms),
                    explicit: track.explicit,
                    popularity: None,
                    isrc: None,
                    disc_number: small(track.disc_number),
                    track_number: small(track.track_number),
                },
            );
            added += 1;
        }
        added
    }

    /// Adds an artist in full (followed, top, or read on its own): its details count as fetched.
    pub fn add_artist(&mut self, artist: &Artist) -> String {
        self.artist_details.insert(
            artist.id.clone(),
            ArtistDetails {
                name: artist.name.clone(),
                genres: artist.genres.clone(),
                popularity: small(artist.popularity),
                followers: artist.followers.as_ref().and_then(|f| f.total).map(int),
                image_url: pick_image(&artist.images),
            },
        );
        artist.id.clone()
    }

    /// Adds a podcast episode; `None` when it has no id.
    pub fn add_episode(&mut self, episode: &Episode) -> Option<String> {
        let id = episode.id.clone()?;
        self.episodes.insert(
            id.clone(),
            EpisodeRow {
                name: episode.name.clone(),
                duration_ms: int(episode.duration_ms),
                release_date: episode.release_date.clone(),
                image_url: pick_image(&episode.images),
            },
        );
        Some(id)
    }

    fn add_simplified_album(&mut self, album: &SimplifiedAlbum) -> Option<String> {
        let id = album.id.clone()?;
        let artists = self.add_artists(&album.artists);
        self.album_artists.entry(id.clone()).or_insert(artists);
        self.albums.entry(id.clone()).or_insert_with(|| AlbumRow {
            name: album.name.clone(),
            album_type: album.album_type.as_ref().map(|kind| kind.as_str().to_owned()),
            release_date: album.release_date.clone(),
            release_date_precision: album.release_date_precision.as_ref().map(|p| p.as_str().to_owned()),
            total_tracks: album.total_tracks.map(|n| int(n.into())),
            image_url: pick_image(&album.images),
        });
        Some(id)
    }

    /// The ids of `artists` in credit order, each remembered by name; artists without id are left out.
    fn add_artists(&mut self, artists: &[SimplifiedArtist]) -> Vec<String> {
        artists
            .iter()
            .filter_map(|artist| {
                let id = artist.id.clone()?;
                self.artists.entry(id.clone()).or_insert_with(|| artist.name.clone());
                Some(id)
            })
            .collect()
    }

    /// Writes the batch on `conn` (inside the caller's transaction), and refreshes the track facts of every user
    /// whose library shows a track, album or artist whose name, credits or Spotify label changed.
    pub async fn write(&self, conn: &mut PgConnection) -> Result<(), StoreError> {
        let mut changes = CatalogChanges { renamed_artists: self.write_artists(conn).await?, ..Default::default() };
        changes.changed_albums = self.write_albums(conn).await?;
        self.write_credits(conn, CreditTable::Album).await?;
        changes.tracks = self.write_tracks(conn).await?;
        changes.tracks.extend(self.write_credits(conn, CreditTable::Track).await?);
        let read_in_full: Vec<String> = self.album_details.keys().cloned().collect();
        let relabelled = super::album_labels::write(conn, &read_in_full, &changes.tracks).await?;
        changes.tracks.extend(relabelled);
        self.write_episodes(conn).await?;
        facts::refresh_after_catalog(conn, &changes).await?;
        Ok(())
    }

    /// Upserts the artists; answers the ids of those that were renamed.
    async fn write_artists(&self, conn: &mut PgConnection) -> Result<Vec<String>, StoreError> {
        let (ids, names): (Vec<String>, Vec<String>) =
            self.artists.iter().map(|(id, name)| (id.clone(), name.clone())).unzip();
        // Updated rows are renamed ones: the update happens only when the name differs.
        let mut renamed = sqlx::query_scalar!(
            r#"WITH before AS (SELECT spotify_id FROM artists WHERE spotify_id = ANY ($1::text[]))
               INSERT INTO artists (spotify_id, name) SELECT * FROM UNNEST($1::text[], $2::text[])
               ON CONFLICT (spotify_id) DO UPDATE SET name = EXCLUDED.name WHERE artists.name <> EXCLUDED.name
               RETURNING CASE WHEN artists.spotify_id IN (SELECT spotify_id FROM before) THEN spotify_id END
                   AS "renamed""#,
            &ids,
            &names,
        )
        .fetch_all(&mut *conn)
        .await?;
        let rows = &self.artist_details;
        let ids: Vec<String> = rows.keys().cloned().collect();
        let names: Vec<String> = rows.values().map(|a| a.name.clone()).collect();
        // Genres travel as one text per artist (PostgreSQL has no arrays of arrays of different lengths).
        let genres: Vec<String> = rows.values().map(|a| a.genres.join("\u{1f}")).collect();
        let popularity: Vec<Option<i16>> = rows.values().map(|a| a.popularity).collect();
        let followers: Vec<Option<i32>> = rows.values().map(|a| a.followers).collect();
        let images: Vec<Option<String>> = rows.values().map(|a| a.image_url.clone()).collect();
        let renamed_in_full = sqlx::query_scalar!(
            r#"WITH before AS (SELECT spotify_id, name FROM artists WHERE spotify_id = ANY ($1::text[]))
             INSERT INTO artists (spotify_id, name, genres, popularity, followers, image_url, details_fetched_at)
             SELECT id, name, CASE WHEN genres = '' THEN '{}'::text[] ELSE string_to_array(genres, E'\x1f') END,
                    popularity, followers, image_url, now()
             FROM UNNEST($1::text[], $2::text[], $3::text[], $4::int2[], $5::int4[], $6::text[])
                  AS given (id, name, genres, popularity, followers, image_url)
             ON CONFLICT (spotify_id) DO UPDATE SET
                name = EXCLUDED.name, genres = EXCLUDED.genres, popularity = EXCLUDED.popularity,
                followers = EXCLUDED.followers, image_url = EXCLUDED.image_url,
                details_fetched_at = coalesce(artists.details_fetched_at, EXCLUDED.details_fetched_at)
             WHERE (artists.name, artists.genres, artists.popularity, artists.followers, artists.image_url,
                    artists.details_fetched_at IS NULL)
                IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.genres, EXCLUDED.popularity, EXCLUDED.followers,
                    EXCLUDED.image_url, false)
             RETURNING CASE WHEN (SELECT b.name FROM before b WHERE b.spotify_id = artists.spotify_id) <> artists.name
                            THEN spotify_id END AS "renamed""#,
            &ids,
            &names,
            &genres,
            &popularity as &[Option<i16>],
            &followers as &[Option<i32>],
            &images as &[Option<String>],
        )
        .fetch_all(&mut *conn)
        .await?;
        renamed.extend(renamed_in_full);
        Ok(renamed.into_iter().flatten().collect())
    }

    /// Upserts the albums (and the details of those read in full); answers the ids of those whose name or release
    /// date (which the facts show) changed.
    async fn write_albums(&self, conn: &mut PgConnection) -> Result<Vec<String>, StoreError> {
        let rows = &self.albums;
        let ids: Vec<String> = rows.keys().cloned().collect();
        let names: Vec<String> = rows.values().map(|a| a.name.clone()).collect();
        let kinds: Vec<Option<String>> = rows.values().map(|a| a.album_type.clone()).collect();
        let dates: Vec<Option<String>> = rows.values().map(|a| a.release_date.clone()).collect();
        let precisions: Vec<Option<String>> = rows.values().map(|a| a.release_date_precision.clone()).collect();
        let totals: Vec<Option<i32>> = rows.values().map(|a| a.total_tracks).collect();
        let images: Vec<Option<String>> = rows.values().map(|a| a.image_url.clone()).collect();
        let changed = sqlx::query_scalar!(
            r#"WITH before AS (SELECT spotify_id, name, release_date FROM albums WHERE spotify_id = ANY ($1::text[]))
             INSERT INTO albums (spotify_id, name, album_type, release_date, release_date_precision, total_tracks,
                                 image_url)
             SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int4[], $7::text[])
             ON CONFLICT (spotify_id) DO UPDATE SET
                name = EXCLUDED.name, album_type = EXCLUDED.album_type, release_date = EXCLUDED.release_date,
                release_date_precision = EXCLUDED.release_date_precision, total_tracks = EXCLUDED.total_tracks,
                image_url = EXCLUDED.image_url
             WHERE (albums.name, albums.album_type, albums.release_date, albums.release_date_precision,
                    albums.total_tracks, albums.image_url)
                IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.album_type, EXCLUDED.release_date,
                    EXCLUDED.release_date_precision, EXCLUDED.total_tracks, EXCLUDED.image_url)
             RETURNING CASE WHEN EXISTS (SELECT FROM before b WHERE b.spotify_id = albums.spotify_id
                                AND (b.name, b.release_date) IS DISTINCT FROM (albums.name, albums.release_date))
                            THEN spotify_id END AS "changed""#,
            &ids,
            &names,
            &kinds as &[Option<String>],
            &dates as &[Option<String>],
            &precisions as &[Option<String>],
            &totals as &[Option<i32>],
            &images as &[Option<String>],
        )
        .fetch_all(&mut *conn)
        .await?;
        let details = &self.album_details;
        let ids: Vec<String> = details.keys().cloned().collect();
        let labels: Vec<Option<String>> = details.values().map(|d| d.label.clone()).collect();
        let popularity: Vec<Option<i16>> = details.values().map(|d| d.popularity).collect();
        let upcs: Vec<Option<String>> = details.values().map(|d| d.upc.clone()).collect();
        sqlx::query!(
            "UPDATE albums SET label = given.label, popularity = given.popularity, upc = given.upc,
                    details_fetched_at = coalesce(albums.details_fetched_at, now())
             FROM UNNEST($1::text[], $2::text[], $3::int2[], $4::text[]) AS given (id, label, popularity, upc)
             WHERE albums.spotify_id = given.id
               AND (albums.label, albums.popularity, albums.upc, albums.details_fetched_at IS NULL)
                   IS DISTINCT FROM (given.label, given.popularity, given.upc, false)",
            &ids,
            &labels as &[Option<String>],
            &popularity as &[Option<i16>],
            &upcs as &[Option<String>],
        )
        .execute(&mut *conn)
        .await?;
        Ok(changed.into_iter().flatten().collect())
    }

    /// Upserts the tracks; answers the ids of those inserted or changed.
    async fn write_tracks(&self, conn: &mut PgConnection) -> Result<Vec<String>, StoreError> {
        let rows = &self.tracks;
        let ids: Vec<String> = rows.keys().cloned().collect();
        let names: Vec<String> = rows.values().map(|t| t.name.clone()).collect();
        let albums: Vec<String> = rows.values().map(|t| t.album_id.clone()).collect();
        let durations: Vec<i32> = rows.values().map(|t| t.duration_ms).collect();
        let explicit: Vec<bool> = rows.values().map(|t| t.explicit).collect();
        let popularity: Vec<Option<i16>> = rows.values().map(|t| t.popularity).collect();
        let isrcs: Vec<Option<String>> = rows.values().map(|t| t.isrc.clone()).collect();
        let discs: Vec<Option<i16>> = rows.values().map(|t| t.disc_number).collect();
        let numbers: Vec<Option<i16>> = rows.values().map(|t| t.track_number).collect();
        let changed = sqlx::query_scalar!(
            "INSERT INTO tracks (spotify_id, name, album_id, duration_ms, explicit, popularity, isrc, disc_number,
                                 track_number)
             SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::int4[], $5::bool[], $6::int2[], $7::text[],
                                  $8::int2[], $9::int2[])
             ON CONFLICT (spotify_id) DO UPDATE SET
                name = EXCLUDED.name, album_id = EXCLUDED.album_id, duration_ms = EXCLUDED.duration_ms,
                explicit = EXCLUDED.explicit, popularity = coalesce(EXCLUDED.popularity, tracks.popularity),
                isrc = coalesce(EXCLUDED.isrc, tracks.isrc), disc_number = EXCLUDED.disc_number,
                track_number = EXCLUDED.track_number
             WHERE (tracks.name, tracks.album_id, tracks.duration_ms, tracks.explicit, tracks.popularity,
                    tracks.isrc, tracks.disc_number, tracks.track_number)
                IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.album_id, EXCLUDED.duration_ms, EXCLUDED.explicit,
                    coalesce(EXCLUDED.popularity, tracks.popularity), coalesce(EXCLUDED.isrc, tracks.isrc),
                    EXCLUDED.disc_number, EXCLUDED.track_number)
             RETURNING spotify_id",
            &ids,
            &names,
            &albums,
            &durations,
            &explicit,
            &popularity as &[Option<i16>],
            &isrcs as &[Option<String>],
            &discs as &[Option<i16>],
            &numbers as &[Option<i16>],
        )
        .fetch_all(&mut *conn)
        .await?;
        Ok(changed)
    }

    /// Writes the credits of the batch's albums or tracks; answers the tracks whose credits changed (none for
    /// albums: the facts show track credits only).
    async fn write_credits(&self, conn: &mut PgConnection, table: CreditTable) -> Result<Vec<String>, StoreError> {
        let credits = match table {
            CreditTable::Album => &self.album_artists,
            CreditTable::Track => &self.track_artists,
        };
        let mut owners = Vec::new();
        let mut positions = Vec::new();
        let mut artists = Vec::new();
        for (owner, credited) in credits {
            for (position, artist) in credited.iter().enumerate() {
                owners.push(owner.clone());
                positions.push(i16::try_from(position).unwrap_or(i16::MAX));
                artists.push(artist.clone());
            }
        }
        let counts: Vec<i16> = credits.values().map(|c| i16::try_from(c.len()).unwrap_or(i16::MAX)).collect();
        let credited: Vec<String> = credits.keys().cloned().collect();
        let changed = match table {
            CreditTable::Album => {
                sqlx::query!(
                    "INSERT INTO album_artists (album_id, position, artist_id)
                     SELECT * FROM UNNEST($1::text[], $2::int2[], $3::text[])
                     ON CONFLICT (album_id, position) DO UPDATE SET artist_id = EXCLUDED.artist_id
                     WHERE album_artists.artist_id <> EXCLUDED.artist_id",
                    &owners,
                    &positions,
                    &artists,
                )
                .execute(&mut *conn)
                .await?;
                sqlx::query!(
                    "DELETE FROM album_artists USING UNNEST($1::text[], $2::int2[]) AS given (id, credits)
                     WHERE album_artists.album_id = given.id AND album_artists.position >= given.credits",
                    &credited,
                    &counts,
                )
                .execute(&mut *conn)
                .await?;
                Vec::new()
            }
            CreditTable::Track => {
                let mut changed = sqlx::query_scalar!(
                    "INSERT INTO track_artists (track_id, position, artist_id)
                     SELECT * FROM UNNEST($1::text[], $2::int2[], $3::text[])
                     ON CONFLICT (track_id, position) DO UPDATE SET artist_id = EXCLUDED.artist_id
                     WHERE track_artists.artist_id <> EXCLUDED.artist_id
                     RETURNING track_id",
                    &owners,
                    &positions,
                    &artists,
                )
                .fetch_all(&mut *conn)
                .await?;
                let removed = sqlx::query_scalar!(
                    "DELETE FROM track_artists USING UNNEST($1::text[], $2::int2[]) AS given (id, credits)
                     WHERE track_artists.track_id = given.id AND track_artists.position >= given.credits
                     RETURNING track_artists.track_id",
                    &credited,
                    &counts,
                )
                .fetch_all(&mut *conn)
                .await?;
                changed.extend(removed);
                changed
            }
        };
        Ok(changed)
    }

    async fn write_episodes(&self, conn: &mut PgConnection) -> Result<(), StoreError> {
        let rows = &self.episodes;
        let ids: Vec<String> = rows.keys().cloned().collect();
        let names: Vec<String> = rows.values().map(|e| e.name.clone()).collect();
        let durations: Vec<i32> = rows.values().map(|e| e.duration_ms).collect();
        let dates: Vec<Option<String>> = rows.values().map(|e| e.release_date.clone()).collect();
        let images: Vec<Option<String>> = rows.values().map(|e| e.image_url.clone()).collect();
        sqlx::query!(
            "INSERT INTO episodes (spotify_id, name, duration_ms, release_date, image_url)
             SELECT * FROM UNNEST($1::text[], $2::text[], $3::int4[], $4::text[], $5::text[])
             ON CONFLICT (spotify_id) DO UPDATE SET
                name = EXCLUDED.name, duration_ms = EXCLUDED.duration_ms, release_date = EXCLUDED.release_date,
                image_url = EXCLUDED.image_url
             WHERE (episodes.name, episodes.duration_ms, episodes.release_date, episodes.image_url)
                IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.duration_ms, EXCLUDED.release_date, EXCLUDED.image_url)",
            &ids,
            &names,
            &durations,
            &dates as &[Option<String>],
            &images as &[Option<String>],
        )
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}

/// Which credits table `write_credits` fills.
#[derive(Clone, Copy)]
enum CreditTable {
    Album,
    Track,
}
