//! A small library written straight into the tables the sync fills: the signed-in user's liked songs, playlists
//! (with local, episode and unavailable entries), saved album, followed artist and plays, plus another user's rows
//! that must never show up on the first user's pages. Written around the writers, so each seed ends by rebuilding
//! the users' track facts from those tables.

use sqlx::PgPool;

use crate::common::{Browser, TestApp, demo_user};

/// Signs `app`'s first demo user in and, unless `empty`, seeds their library (and another user's rows); answers
/// the signed-in browser and the user's id.
pub async fn signed_in(app: &TestApp, pool: &PgPool, empty: bool) -> (Browser, i64) {
    let (spotify_id, name) = demo_user(app, 0);
    let mut browser = Browser::default();
    browser.sign_in_as(app, &spotify_id).await;
    let user_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE spotify_user_id = $1")
        .bind(&spotify_id)
        .fetch_one(pool)
        .await
        .unwrap();
    if !empty {
        library(pool, user_id, &spotify_id, &name.replace('\'', "''")).await;
    }
    (browser, user_id)
}

/// The catalog shared by both users.
const CATALOG: &str = r#"
INSERT INTO artists (spotify_id, name, genres, details_fetched_at) VALUES
    ('arMoon0000000000000000', 'Moonlight Choir', '{}', '2024-05-01T00:00:00Z'),
    ('arSun00000000000000000', 'Sun Collective', '{jazz,space}', '2024-05-01T00:00:00Z'),
    ('arQuiet000000000000000', 'Quiet Unknown', '{}', NULL),
    ('arOther000000000000000', 'Other Person', '{}', NULL);
INSERT INTO albums (spotify_id, name, album_type, release_date, release_date_precision, total_tracks, image_url, label)
VALUES
    ('alNights00000000000000', 'Nights', 'album', '2021-05-01', 'day', 12, 'https://i.scdn.co/image/nights', 'Night Label'),
    ('alDays0000000000000000', 'Days', 'single', '2020', 'year', 3, NULL, NULL),
    ('alSecret00000000000000', 'Secret Album', 'album', '2019', 'year', 1, NULL, NULL);
INSERT INTO album_artists (album_id, position, artist_id) VALUES
    ('alNights00000000000000', 0, 'arMoon0000000000000000'), ('alDays0000000000000000', 0, 'arSun00000000000000000'), ('alSecret00000000000000', 0, 'arOther000000000000000');
INSERT INTO tracks (spotify_id, name, album_id, duration_ms, isrc, disc_number, track_number) VALUES
    ('trAlpha000000000000000', 'Alpha Song', 'alNights00000000000000', 200000, 'USAAA2400001', 1, 1),
    ('trBeta0000000000000000', 'Beta 100% Pure', 'alNights00000000000000', 150000, NULL, 1, 2),
    ('trGamma000000000000000', 'Gamma_Ray', 'alDays0000000000000000', 300000, NULL, 1, 1),
    ('trDelta000000000000000', 'Delta', 'alDays0000000000000000', 100000, NULL, 1, 2),
    ('trSecret00000000000000', 'Secret Track', 'alSecret00000000000000', 180000, NULL, 1, 1);
INSERT INTO track_artists (track_id, position, artist_id) VALUES
    ('trAlpha000000000000000', 0, 'arMoon0000000000000000'), ('trBeta0000000000000000', 0, 'arMoon0000000000000000'), ('trBeta0000000000000000', 1, 'arSun00000000000000000'), ('trGamma000000000000000', 0, 'arSun00000000000000000'),
    ('trDelta000000000000000', 0, 'arSun00000000000000000'), ('trSecret00000000000000', 0, 'arOther000000000000000');
INSERT INTO episodes (spotify_id, name, duration_ms) VALUES ('epTalk0000000000000000', 'Talk Episode', 1800000);
"#;

/// The catalog, and another user (not signed in here) with rows of their own; returns their id.
pub async fn other_user(pool: &PgPool) -> i64 {
    sqlx::raw_sql(CATALOG).execute(pool).await.unwrap();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (spotify_account_key, spotify_user_id, display_name)
         VALUES ('someone-else', 'someone-else', 'Someone Else') RETURNING id",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let rows = format!(
        r#"
        INSERT INTO liked_tracks (user_id, track_id, added_at) VALUES ({id}, 'trSecret00000000000000', '2024-02-10T00:00:00Z');
        INSERT INTO saved_albums (user_id, album_id, added_at) VALUES ({id}, 'alSecret00000000000000', '2024-02-10T00:00:00Z');
        INSERT INTO followed_artists (user_id, artist_id) VALUES ({id}, 'arOther000000000000000');
        INSERT INTO playlists (user_id, spotify_id, list_position, name, owner_spotify_id, owner_name, relation,
                               public, collaborative, snapshot_id, items_total, items_snapshot_id)
        VALUES ({id}, 'plSecret00000000000000', 0, 'Secret Playlist', 'someone-else', 'Someone Else', 'owner', false, false,
                's1', 1, 's1');
        INSERT INTO playlist_items (playlist_id, position, kind, track_id, added_at)
        SELECT id, 0, 'track', 'trSecret00000000000000', '2024-02-10T00:00:00Z' FROM playlists WHERE spotify_id = 'plSecret00000000000000';
        INSERT INTO plays (user_id, played_at, ms_played, track_uri, track_id, track_name, artist_name, source)
        SELECT {id}, '2024-06-01T00:00:00Z'::timestamptz + n * interval '1 hour', 180000, 'spotify:track:trSecret00000000000000',
               'trSecret00000000000000', 'Secret Track', 'Other Person', 'history'
        FROM generate_series(1, 5) AS n;
        INSERT INTO episode_plays (user_id, played_at, ms_played, episode_uri, episode_name, show_name)
        VALUES ({id}, '2024-06-01T00:00:00Z', 60000, 'spotify:episode:epSecret00000000000000', 'Secret Episode', 'Hidden Show');
        SELECT rebuild_track_facts(id) FROM users;
        "#
    );
    sqlx::raw_sql(&rows).execute(pool).await.unwrap();
    id
}

/// The catalog, another user's rows, and the library of the signed-in user (`user_id`, Spotify id `spotify_id`,
/// named `name`).
pub async fn library(pool: &PgPool, user_id: i64, spotify_id: &str, name: &str) {
    other_user(pool).await;
    let id = user_id;
    let rows = format!(
        r#"
        INSERT INTO liked_tracks (user_id, track_id, added_at) VALUES
            ({id}, 'trAlpha000000000000000', '2024-01-10T08:00:00Z'), ({id}, 'trGamma000000000000000', '2024-03-05T23:30:00Z');
        INSERT INTO saved_albums (user_id, album_id, added_at) VALUES ({id}, 'alDays0000000000000000', '2024-01-01T00:00:00Z');
        INSERT INTO followed_artists (user_id, artist_id) VALUES ({id}, 'arQuiet000000000000000');
        INSERT INTO playlists (user_id, spotify_id, list_position, name, owner_spotify_id, owner_name, relation,
                               public, collaborative, snapshot_id, items_total, items_snapshot_id)
        VALUES ({id}, 'plRoadTrip000000000000', 0, 'Road Trip', '{spotify_id}', '{name}', 'owner', true, false, 's1', 5, 's1'),
               ({id}, 'plFriends0000000000000', 1, 'Friends Mix', 'friend1', 'A Friend', 'follower', true, false, 's9', 30, NULL);
        INSERT INTO playlist_items (playlist_id, position, kind, track_id, episode_id, local_uri, local_name,
                                    local_artist, local_album, local_duration_ms, added_at, added_by)
        SELECT p.id, v.position, v.kind, v.track_id, v.episode_id, v.local_uri, v.local_name, v.local_artist,
               v.local_album, v.local_duration_ms, v.added_at::timestamptz, v.added_by
        FROM playlists p, (VALUES
            (0, 'track', 'trAlpha000000000000000', NULL, NULL, NULL, NULL, NULL, NULL, '2023-12-01T00:00:00Z', '{spotify_id}'),
            (1, 'local', NULL, NULL, 'spotify:local:Tape+Band::Home+Recording:95', 'Home Recording', 'Tape Band',
                NULL, 95000, '2023-12-02T00:00:00Z', '{spotify_id}'),
            (2, 'track', 'trBeta0000000000000000', NULL, NULL, NULL, NULL, NULL, NULL, '2024-02-15T12:00:00Z', 'friend1'),
            (3, 'episode', NULL, 'epTalk0000000000000000', NULL, NULL, NULL, NULL, NULL, '2024-02-16T00:00:00Z', 'friend1'),
            (4, 'unavailable', NULL, NULL, NULL, NULL, NULL, NULL, NULL, '2024-02-17T00:00:00Z', 'friend1')
        ) AS v (position, kind, track_id, episode_id, local_uri, local_name, local_artist, local_album,
                local_duration_ms, added_at, added_by)
        WHERE p.user_id = {id} AND p.spotify_id = 'plRoadTrip000000000000';
        INSERT INTO plays (user_id, played_at, ms_played, track_uri, track_id, track_name, artist_name, album_name,
                           skipped, source)
        VALUES
            ({id}, '2024-04-01T10:00:00Z', 150000, 'spotify:track:trBeta0000000000000000', 'trBeta0000000000000000', 'Beta 100% Pure',
                'Moonlight Choir', 'Nights', false, 'history'),
            ({id}, '2024-04-02T10:00:00Z', 100000, 'spotify:track:trBeta0000000000000000', 'trBeta0000000000000000', 'Beta 100% Pure',
                'Moonlight Choir', 'Nights', false, 'history'),
            ({id}, '2024-04-03T10:00:00Z', 30000, 'spotify:track:trBeta0000000000000000', 'trBeta0000000000000000', 'Beta 100% Pure',
                'Moonlight Choir', 'Nights', true, 'history'),
            ({id}, '2024-04-04T10:00:00Z', 100000, 'spotify:track:trDelta000000000000000', 'trDelta000000000000000', 'Delta', 'Sun Collective',
                'Days', false, 'history'),
            ({id}, '2024-04-05T10:00:00Z', 100000, 'spotify:track:trDelta000000000000000', 'trDelta000000000000000', 'Delta', 'Sun Collective',
                'Days', false, 'history'),
            ({id}, '2024-04-06T10:00:00Z', 210000, 'spotify:track:unknownEcho10000000000', 'unknownEcho10000000000',
                'Echo From History', 'Archive Band', 'Old Tapes', false, 'history');
        INSERT INTO episode_plays (user_id, played_at, ms_played, episode_uri, episode_name, show_name)
        VALUES ({id}, '2024-04-07T09:00:00Z', 1200000, 'spotify:episode:epTalk0000000000000000', 'Talk Episode', 'Talk Show');
        SELECT rebuild_track_facts(id) FROM users;
        "#
    );
    sqlx::raw_sql(&rows).execute(pool).await.unwrap();
}

/// `count` more liked songs for `user_id`, named `Bulk 001`, `Bulk 002`…, on an album of their own.
pub async fn bulk_liked(pool: &PgPool, user_id: i64, count: i32) {
    let rows = format!(
        r#"
        INSERT INTO albums (spotify_id, name) VALUES ('alBulk0000000000000000', 'Bulk Album');
        INSERT INTO tracks (spotify_id, name, album_id, duration_ms)
        SELECT 'trBulk' || lpad(n::text, 16, '0'), 'Bulk ' || lpad(n::text, 3, '0'), 'alBulk0000000000000000', 1000 * n FROM generate_series(1, {count}) n;
        INSERT INTO liked_tracks (user_id, track_id, added_at)
        SELECT {user_id}, 'trBulk' || lpad(n::text, 16, '0'), '2022-01-01T00:00:00Z'::timestamptz + n * interval '1 day'
        FROM generate_series(1, {count}) n;
        SELECT rebuild_track_facts(id) FROM users;
        "#
    );
    sqlx::raw_sql(&rows).execute(pool).await.unwrap();
}
