//! The track facts (the library's read model) stay exact: random sequences of liked-songs syncs (adding and
//! replacing, so songs get unliked), playlist lists and entries, withheld playlists, history imports, polls of
//! recently played, catalog lookups that rename tracks, albums and artists (redating albums and flipping explicit
//! flags too) or find tracks only a history named, and disconnects, for two users sharing one catalog. After every
//! step the stored facts and counts must equal a recomputation from the source tables that shares no code with the
//! writers.

use std::path::Path;

use crossfade_history::{HistoryFileWriter, PlayDetails, Record, SongPlay};
use crossfade_spotify::models::{PlayHistory, PlaylistEntry, SavedTrack, SimplifiedPlaylist, Track};
use crossfade_store::mirror::catalog::CatalogBatch;
use crossfade_store::mirror::collections::{self, Write};
use crossfade_store::mirror::{lookups, playlists};
use crossfade_store::plays::{create_import, import_history};
use crossfade_store::users;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::json;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

/// Tracks 0 to 5 come to the catalog with syncs; 6 and 7 only a history names until a lookup finds them.
const TRACKS: usize = 8;
const SYNCED_TRACKS: usize = 6;
const PLAYLISTS: usize = 3;
const USERS: usize = 2;

fn track_id(index: usize) -> String {
    format!("factsTrack{index:012}")
}

fn playlist_id(index: usize) -> String {
    format!("factsPlaylist{index:09}")
}

/// Everything a write says about track `index`, in naming generation `names`: a new generation renames the track,
/// moves it to the other album, renames that album and changes its credits.
fn track_json(index: usize, names: u8) -> serde_json::Value {
    let album = (index + usize::from(names)) % 2;
    let credited = 1 + usize::from(names) % 3;
    let artists: Vec<serde_json::Value> = (0..credited)
        .map(|n| {
            let artist = (index + n) % 4;
            json!({"id": format!("factsArtist{artist:011}"), "name": format!("Artist {artist} ({})", names % 2)})
        })
        .collect();
    // Each generation redates the album, at the precisions Spotify writes (and its unknown "0000").
    let (release_date, precision) =
        [("1999", "year"), ("2004-05", "month"), ("2012-11-30", "day"), ("0000", "year")][usize::from(names) % 4];
    json!({
        "id": track_id(index),
        "name": format!("Song {index} ({names})"),
        "uri": format!("spotify:track:{}", track_id(index)),
        "type": "track",
        "duration_ms": 120_000 + 1_000 * index as u64 + u64::from(names),
        "explicit": (index + usize::from(names)).is_multiple_of(3),
        // A generation that gives no ISRC leaves the catalog's earlier one in place.
        "external_ids": if names % 3 == 2 { json!({}) } else { json!({"isrc": format!("GBAAA{index:05}{names:02}")}) },
        "album": {
            "id": format!("factsAlbum{album:012}"),
            "name": format!("Album {album} ({names})"),
            "release_date": release_date,
            "release_date_precision": precision,
            "artists": [artists[0].clone()],
        },
        "artists": artists,
    })
}

fn track(index: usize, names: u8) -> Track {
    serde_json::from_value(track_json(index, names)).unwrap()
}

fn at(hours: u16) -> OffsetDateTime {
    datetime!(2024-01-01 00:00 UTC) + Duration::hours(i64::from(hours))
}

/// A history play: of a track (or, for index `TRACKS`, a record without a track URI).
#[derive(Clone, Debug)]
struct Play {
    track: usize,
    hour: u16,
    ms: u32,
    skipped: Option<bool>,
}

#[derive(Clone, Debug)]
enum Step {
    /// A liked-songs sync: the given songs with their `added_at` hour; `replace` drops the others.
    Like {
        user: usize,
        songs: Vec<(usize, u16)>,
        replace: bool,
        names: u8,
    },
    /// A sync of the playlist list: these playlists stay, the others leave with their entries.
    List {
        user: usize,
        playlists: Vec<usize>,
    },
    /// A playlist's entries read at a new version.
    Fill {
        user: usize,
        playlist: usize,
        entries: Vec<(usize, Option<u16>)>,
        names: u8,
    },
    /// Spotify refused a playlist's entries: the user only follows it.
    Withhold {
        user: usize,
        playlist: usize,
    },
    Import {
        user: usize,
        plays: Vec<Play>,
    },
    Poll {
        user: usize,
        plays: Vec<(usize, u16)>,
        names: u8,
    },
    /// Catalog lookups found these tracks (in another naming generation).
    LookUp {
        tracks: Vec<usize>,
        names: u8,
    },
    Disconnect {
        user: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let user = 0..USERS;
    let names = 0_u8..4;
    prop_oneof![
        (user.clone(), prop::collection::vec((0..SYNCED_TRACKS, 0_u16..500), 0..6), any::<bool>(), names.clone())
            .prop_map(|(user, songs, replace, names)| Step::Like { user, songs, replace, names }),
        (user.clone(), prop::collection::vec(0..PLAYLISTS, 0..4))
            .prop_map(|(user, playlists)| Step::List { user, playlists }),
        (
            user.clone(),
            0..PLAYLISTS,
            prop::collection::vec((0..SYNCED_TRACKS, prop::option::of(0_u16..500)), 0..6),
            names.clone()
        )
            .prop_map(|(user, playlist, entries, names)| Step::Fill { user, playlist, entries, names }),
        (user.clone(), 0..PLAYLISTS).prop_map(|(user, playlist)| Step::Withhold { user, playlist }),
        (
            user.clone(),
            prop::collection::vec(
                (0..=TRACKS, 0_u16..2_000, 0_u32..400_000, prop::option::of(any::<bool>()))
                    .prop_map(|(track, hour, ms, skipped)| Play { track, hour, ms, skipped }),
                0..8
            )
        )
            .prop_map(|(user, plays)| Step::Import { user, plays }),
        (user.clone(), prop::collection::vec((0..TRACKS, 0_u16..2_000), 0..4), names.clone())
            .prop_map(|(user, plays, names)| Step::Poll { user, plays, names }),
        (prop::collection::vec(0..TRACKS, 1..4), names).prop_map(|(tracks, names)| Step::LookUp { tracks, names }),
        user.prop_map(|user| Step::Disconnect { user }),
    ]
}

/// The users of a run (replaced by new accounts when disconnected) and where exports are written.
struct World<'a> {
    pool: PgPool,
    users: Vec<i64>,
    signed_up: usize,
    scratch: &'a Path,
}

impl World<'_> {
    async fn run(&mut self, step: &Step) {
        let pool = &self.pool;
        match step.clone() {
            Step::Like { user, songs, replace, names } => {
                let saved: Vec<SavedTrack> = songs
                    .iter()
                    .map(|(index, hour)| SavedTrack { added_at: at(*hour), track: track(*index, names) })
                    .collect();
                let write = if replace { Write::Replace } else { Write::Add };
                collections::write_liked_tracks(pool, self.users[user], &saved, write).await.unwrap();
            }
            Step::List { user, playlists: kept } => {
                let listed: Vec<SimplifiedPlaylist> = kept
                    .iter()
                    .map(|index| {
                        serde_json::from_value(json!({
                            "id": playlist_id(*index), "name": format!("Playlist {index}"), "collaborative": false,
                            "owner": {"id": format!("user{user}")}, "snapshot_id": "s1", "items": {"total": 1}
                        }))
                        .unwrap()
                    })
                    .collect();
                playlists::replace_playlist_list(pool, self.users[user], &format!("user{user}"), &listed)
                    .await
                    .unwrap();
            }
            Step::Fill { user, playlist, entries, names } => {
                let entries: Vec<PlaylistEntry> = entries
                    .iter()
                    .map(|(index, hour)| {
                        serde_json::from_value(json!({
                            "added_at": hour.map(|hour| at(hour).format(&time::format_description::well_known::Rfc3339).unwrap()),
                            "is_local": false,
                            "item": track_json(*index, names),
                        }))
                        .unwrap()
                    })
                    .collect();
                let version = format!("s{names}");
                playlists::replace_playlist_items(pool, self.users[user], &playlist_id(playlist), &version, &entries)
                    .await
                    .unwrap();
            }
            Step::Withhold { user, playlist } => {
                playlists::mark_items_withheld(pool, self.users[user], &playlist_id(playlist), "s9").await.unwrap();
            }
            Step::Import { user, plays } => self.import(user, &plays).await,
            Step::Poll { user, plays, names } => {
                let played: Vec<PlayHistory> = plays
                    .iter()
                    .map(|(index, hour)| PlayHistory {
                        track: track(*index, names),
                        played_at: at(*hour),
                        context: None,
                    })
                    .collect();
                collections::record_recently_played(pool, self.users[user], &played).await.unwrap();
            }
            Step::LookUp { tracks, names } => {
                let mut found = CatalogBatch::default();
                for index in tracks {
                    found.add_track(&track(index, names));
                }
                lookups::write_lookups(pool, &found, &[]).await.unwrap();
            }
            Step::Disconnect { user } => {
                assert!(users::delete_with_everything(pool, self.users[user]).await.unwrap());
                self.users[user] = self.sign_up().await;
            }
        }
    }

    async fn import(&mut self, user: usize, plays: &[Play]) {
        let path = self.scratch.join("Streaming_History_Audio_2024.json");
        let mut writer = HistoryFileWriter::new(std::fs::File::create(&path).unwrap()).unwrap();
        for play in plays {
            let named = play.track < TRACKS;
            writer
                .write(&Record::Song(SongPlay {
                    details: PlayDetails {
                        played_at: at(play.hour),
                        ms_played: play.ms,
                        reason_start: None,
                        reason_end: None,
                        skipped: play.skipped,
                        shuffle: None,
                    },
                    track_uri: named.then(|| format!("spotify:track:{}", track_id(play.track))),
                    track_name: Some(format!("History name {}", play.track)),
                    artist_name: Some(format!("History artist {}", play.track)),
                    album_name: Some(format!("History album {}", play.track)),
                }))
                .unwrap();
        }
        writer.finish().unwrap();
        let size = std::fs::metadata(&path).unwrap().len() as i64;
        let id = create_import(&self.pool, self.users[user], "Streaming_History_Audio_2024.json", size).await.unwrap();
        import_history(&self.pool, self.users[user], id, &path).await.unwrap();
    }

    async fn sign_up(&mut self) -> i64 {
        self.signed_up += 1;
        let key = format!("listener-{}", self.signed_up);
        sqlx::query_scalar!(
            "INSERT INTO users (spotify_account_key, spotify_user_id) VALUES ($1, $1) RETURNING id",
            key
        )
        .fetch_one(&self.pool)
        .await
        .unwrap()
    }
}

/// A user's track as the writers keep it, or as the recomputation derives it.
#[derive(Debug, PartialEq, Eq)]
struct Fact {
    user_id: i64,
    track_id: String,
    liked_at: Option<OffsetDateTime>,
    first_listed_at: Option<OffsetDateTime>,
    playlists: i32,
    plays: i32,
    ms_played: Option<i64>,
    skips: i32,
    first_played_at: Option<OffsetDateTime>,
    last_played_at: Option<OffsetDateTime>,
    in_catalog: bool,
    title: String,
    artist_ids: Vec<String>,
    artists: String,
    album_id: Option<String>,
    album_name: String,
    duration_ms: Option<i32>,
    explicit: Option<bool>,
    release_year: Option<i16>,
    isrc: Option<String>,
    release_date: Option<time::Date>,
}

async fn stored_facts(pool: &PgPool) -> Vec<Fact> {
    sqlx::query_as!(
        Fact,
        "SELECT user_id, track_id, liked_at, first_listed_at, playlists, plays, ms_played, skips, first_played_at,
                last_played_at, in_catalog, title, artist_ids, artists, album_id, album_name, duration_ms, explicit,
                release_year, isrc, release_date
         FROM track_facts ORDER BY user_id, track_id"
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

/// Every user's tracks derived from likes, playlist entries, plays and the catalog, one subquery per value.
async fn recomputed_facts(pool: &PgPool) -> Vec<Fact> {
    sqlx::query_as!(
        Fact,
        r#"WITH library AS (
               SELECT user_id, track_id FROM liked_tracks
               UNION SELECT p.user_id, i.track_id FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id
                     WHERE i.track_id IS NOT NULL
               UNION SELECT user_id, track_id FROM plays WHERE track_id IS NOT NULL
           )
           SELECT l.user_id AS "user_id!", l.track_id AS "track_id!",
               (SELECT added_at FROM liked_tracks x WHERE x.user_id = l.user_id AND x.track_id = l.track_id)
                   AS liked_at,
               (SELECT min(i.added_at) FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id
                WHERE p.user_id = l.user_id AND i.track_id = l.track_id) AS first_listed_at,
               (SELECT count(DISTINCT i.playlist_id) FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id
                WHERE p.user_id = l.user_id AND i.track_id = l.track_id)::integer AS "playlists!",
               (SELECT count(*) FROM plays x WHERE x.user_id = l.user_id AND x.track_id = l.track_id)::integer
                   AS "plays!",
               (SELECT sum(ms_played) FROM plays x WHERE x.user_id = l.user_id AND x.track_id = l.track_id)::bigint
                   AS ms_played,
               (SELECT count(*) FROM plays x WHERE x.user_id = l.user_id AND x.track_id = l.track_id AND x.skipped)
                   ::integer AS "skips!",
               (SELECT min(played_at) FROM plays x WHERE x.user_id = l.user_id AND x.track_id = l.track_id)
                   AS first_played_at,
               (SELECT max(played_at) FROM plays x WHERE x.user_id = l.user_id AND x.track_id = l.track_id)
                   AS last_played_at,
               EXISTS (SELECT FROM tracks t WHERE t.spotify_id = l.track_id) AS "in_catalog!",
               coalesce((SELECT name FROM tracks t WHERE t.spotify_id = l.track_id),
                        (SELECT max(track_name) FROM plays x WHERE x.user_id = l.user_id AND x.track_id = l.track_id),
                        '') AS "title!",
               coalesce((SELECT array_agg(artist_id ORDER BY position) FROM track_artists a
                         WHERE a.track_id = l.track_id), '{}') AS "artist_ids!",
               coalesce((SELECT string_agg(ar.name, ', ' ORDER BY a.position)
                         FROM track_artists a JOIN artists ar ON ar.spotify_id = a.artist_id
                         WHERE a.track_id = l.track_id),
                        (SELECT max(artist_name) FROM plays x WHERE x.user_id = l.user_id AND x.track_id = l.track_id),
                        '') AS "artists!",
               (SELECT album_id FROM tracks t WHERE t.spotify_id = l.track_id) AS album_id,
               coalesce((SELECT al.name FROM tracks t JOIN albums al ON al.spotify_id = t.album_id
                         WHERE t.spotify_id = l.track_id),
                        (SELECT max(album_name) FROM plays x WHERE x.user_id = l.user_id AND x.track_id = l.track_id),
                        '') AS "album_name!",
               (SELECT duration_ms FROM tracks t WHERE t.spotify_id = l.track_id) AS duration_ms,
               (SELECT explicit FROM tracks t WHERE t.spotify_id = l.track_id) AS explicit,
               (SELECT CASE WHEN left(al.release_date, 4) ~ '^[0-9]{4}$' AND left(al.release_date, 4) <> '0000'
                            THEN left(al.release_date, 4)::smallint END
                FROM tracks t JOIN albums al ON al.spotify_id = t.album_id WHERE t.spotify_id = l.track_id)
                   AS release_year,
               (SELECT isrc FROM tracks t WHERE t.spotify_id = l.track_id) AS isrc,
               (SELECT CASE WHEN al.release_date ~ '^[0-9]{4}$' AND al.release_date <> '0000'
                                THEN (al.release_date || '-01-01')::date
                            WHEN al.release_date ~ '^[0-9]{4}-[0-9]{2}$' THEN (al.release_date || '-01')::date
                            WHEN al.release_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN al.release_date::date END
                FROM tracks t JOIN albums al ON al.spotify_id = t.album_id WHERE t.spotify_id = l.track_id)
                   AS release_date
           FROM library l ORDER BY 1, 2"#
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

/// Each user's counts: as stored, and recounted.
async fn summaries(pool: &PgPool) -> (Vec<[i64; 7]>, Vec<[i64; 7]>) {
    let stored = sqlx::query!(
        "SELECT user_id, tracks, liked, listed, heard_only, song_plays, episode_plays FROM library_summary
         WHERE tracks > 0 OR song_plays > 0 OR episode_plays > 0 ORDER BY user_id"
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .into_iter()
    .map(|r| {
        let counts = [r.tracks, r.liked, r.listed, r.heard_only].map(i64::from);
        [r.user_id, counts[0], counts[1], counts[2], counts[3], r.song_plays, r.episode_plays]
    })
    .collect();
    let recounted = sqlx::query!(
        r#"SELECT u.id AS "user_id!",
               (SELECT count(*) FROM track_facts f WHERE f.user_id = u.id) AS "tracks!",
               (SELECT count(*) FROM liked_tracks l WHERE l.user_id = u.id) AS "liked!",
               (SELECT count(DISTINCT i.track_id) FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id
                WHERE p.user_id = u.id AND i.track_id IS NOT NULL) AS "listed!",
               (SELECT count(DISTINCT x.track_id) FROM plays x WHERE x.user_id = u.id AND x.track_id IS NOT NULL
                  AND NOT EXISTS (SELECT FROM liked_tracks l WHERE l.user_id = u.id AND l.track_id = x.track_id)
                  AND NOT EXISTS (SELECT FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id
                                  WHERE p.user_id = u.id AND i.track_id = x.track_id)) AS "heard_only!",
               (SELECT count(*) FROM plays x WHERE x.user_id = u.id) AS "song_plays!",
               (SELECT count(*) FROM episode_plays x WHERE x.user_id = u.id) AS "episode_plays!"
           FROM users u ORDER BY u.id"#
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .into_iter()
    .map(|r| [r.user_id, r.tracks, r.liked, r.listed, r.heard_only, r.song_plays, r.episode_plays])
    .filter(|counts| counts[1] > 0 || counts[5] > 0 || counts[6] > 0)
    .collect();
    (stored, recounted)
}

async fn reset(pool: &PgPool) {
    sqlx::query!(
        "TRUNCATE users, artists, albums, album_artists, tracks, track_artists, episodes, catalog_misses CASCADE"
    )
    .execute(pool)
    .await
    .unwrap();
}

/// Runs `steps` from an empty database, checking the facts after each; answers the first step that broke them.
async fn check(pool: PgPool, steps: &[Step]) -> Result<(), TestCaseError> {
    reset(&pool).await;
    let scratch = tempfile::tempdir().unwrap();
    let mut world = World { pool, users: Vec::new(), signed_up: 0, scratch: scratch.path() };
    for user in 0..USERS {
        let id = world.sign_up().await;
        world.users.push(id);
        // Every playlist starts in the list, so entries, withholding and leaving the list all meet filled ones.
        world.run(&Step::List { user, playlists: (0..PLAYLISTS).collect() }).await;
    }
    let mut before = versions(&world.pool).await;
    for (number, step) in steps.iter().enumerate() {
        world.run(step).await;
        let (stored, recomputed) = (stored_facts(&world.pool).await, recomputed_facts(&world.pool).await);
        prop_assert_eq!(stored, recomputed, "facts after step {} ({:?})", number + 1, step);
        let (stored, recounted) = summaries(&world.pool).await;
        prop_assert_eq!(stored, recounted, "counts after step {} ({:?})", number + 1, step);
        // A page kept for a version stays right only if every change to what it shows moves the version.
        let after = versions(&world.pool).await;
        for (user, (shown, version)) in &after {
            if let Some((shown_before, version_before)) = before.get(user) {
                prop_assert!(
                    shown == shown_before || version > version_before,
                    "user {}'s library changed at step {} ({:?}) but its version stayed {}",
                    user,
                    number + 1,
                    step,
                    version
                );
            }
        }
        before = after;
    }
    Ok(())
}

/// Per user: everything the library pages show (their facts and their plays), and the summary's version.
async fn versions(pool: &PgPool) -> std::collections::HashMap<i64, (String, i64)> {
    let rows = sqlx::query!(
        r#"SELECT u.id AS "user_id!",
               coalesce((SELECT string_agg(f::text, '|' ORDER BY f.track_id) FROM track_facts f WHERE f.user_id = u.id),
                        '') || coalesce((SELECT string_agg(p::text, '|' ORDER BY p.id) FROM plays p WHERE p.user_id = u.id),
                        '') AS "shown!",
               coalesce((SELECT version FROM library_summary s WHERE s.user_id = u.id), 0) AS "version!"
           FROM users u"#
    )
    .fetch_all(pool)
    .await
    .unwrap();
    rows.into_iter().map(|row| (row.user_id, (row.shown, row.version))).collect()
}

#[sqlx::test(migrations = "../../migrations")]
async fn the_facts_equal_a_recomputation_after_every_step(pool: PgPool) {
    let options = (*pool.connect_options()).clone();
    // Proptest drives the cases from a plain thread; each case runs on a runtime of its own there.
    tokio::task::spawn_blocking(move || {
        // 40 cases unless PROPTEST_CASES asks for more or fewer.
        let cases = std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(40);
        let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
        let result = runner.run(&prop::collection::vec(step(), 1..12), |steps| {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async {
                let pool = PgPoolOptions::new().max_connections(2).connect_with(options.clone()).await.unwrap();
                check(pool, &steps).await
            })
        });
        if let Err(failure) = result {
            panic!("{failure}");
        }
    })
    .await
    .unwrap();
}
