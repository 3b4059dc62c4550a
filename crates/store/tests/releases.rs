//! New releases in PostgreSQL: an ingest stores each artist, label, release and track once however often feeds list
//! them, the tracks wait for matching per user, a match is stored with its method and confidence and the Spotify
//! track it found, and an ingest reports its match rate by method. Releases belong to the installation; ingests to
//! the user who brought them.

mod common;

use common::user;
use crossfade_domain::{
    BadFeedRow, Day, FeedArtist, FeedFormat, FeedGenre, FeedLabel, FeedRead, FeedRelease, FeedRowProblem, FeedTrack,
    Isrc, Key, MatchMethod, MatchVerdict,
};
use crossfade_spotify::models::Track;
use crossfade_store::releases::{
    IngestOrigin, MatchOutcome, ReportedRow, ingest_reports, pending_releases, record_ingest, record_match,
};
use sqlx::PgPool;

fn artist(name: &str, id: Option<u64>) -> FeedArtist {
    FeedArtist { beatport_id: id, name: name.into() }
}

fn release(title: &str, mix: &str, artists: &[&str], isrc: Option<&str>) -> FeedTrack {
    FeedTrack {
        beatport_id: None,
        title: title.into(),
        mix: Some(mix.into()),
        artists: artists.iter().map(|name| artist(name, None)).collect(),
        remixers: Vec::new(),
        label: Some(FeedLabel { beatport_id: Some(4146), name: "Be As One".into() }),
        release: Some(FeedRelease { beatport_id: Some(4977539), name: "Elevate EP".into(), catalog_number: None }),
        isrc: isrc.map(|isrc| Isrc::parse(isrc).unwrap()),
        bpm: Some(142.0),
        key: Key::parse("9B"),
        genre: Some(FeedGenre { beatport_id: Some(6), name: "Techno (Peak Time / Driving)".into(), slug: "x".into() }),
        release_date: Day::parse("2026-11-30"),
        length_ms: Some(326_615),
        chart_rank: None,
    }
}

fn feed(tracks: Vec<FeedTrack>) -> FeedRead {
    FeedRead { format: FeedFormat::BeatportApi, tracks, bad_rows: Vec::new(), bad_rows_total: 0, next_page: None }
}

fn spotify_track(id: &str, name: &str) -> Track {
    serde_json::from_value(serde_json::json!({
        "id": id, "name": name, "uri": format!("spotify:track:{id}"), "duration_ms": 326_000,
        "external_ids": { "isrc": "IL4092509501" },
        "artists": [{ "id": "0000000000000000000001", "name": "Kashpitzky" }],
        "album": { "id": "0000000000000000000002", "name": "Elevate", "artists": [], "release_date": "2026-11-30",
                   "release_date_precision": "day" }
    }))
    .unwrap()
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_feed_read_twice_stores_each_track_once_and_merges_what_the_second_adds(pool: PgPool) {
    let ada = user(&pool, "ada").await;
    let elevate = release("Elevate", "Original Mix", &["Kashpitzky"], Some("IL4092509501"));
    let dub = release("Elevate", "Dub Mix", &["Kashpitzky"], None);
    let first =
        record_ingest(&pool, ada, IngestOrigin::Upload, "week.json", &feed(vec![elevate.clone(), dub])).await.unwrap();
    assert_eq!((first.tracks_read, first.tracks_new), (2, 2));

    // The same track again, written differently and now with a Beatport id, plus a repeat in the file.
    let mut again = release("ELEVATE", "original mix", &["kashpitzky"], Some("IL-409-25-09501"));
    again.beatport_id = Some(20_225_852);
    again.mix = None;
    let second = record_ingest(&pool, ada, IngestOrigin::Feed, "techno 2026-11-30", &feed(vec![again.clone(), again]))
        .await
        .unwrap();
    assert_eq!((second.tracks_read, second.tracks_new), (1, 0));
    // Another recording of the same name (another ISRC) is a track of its own.
    let other = release("Elevate", "Original Mix", &["Kashpitzky"], Some("IL4092509502"));
    let third = record_ingest(&pool, ada, IngestOrigin::Upload, "more.json", &feed(vec![other])).await.unwrap();
    assert_eq!(third.tracks_new, 1);

    let row = sqlx::query!(
        "SELECT count(*) AS tracks, max(isrc) AS isrc, max(beatport_id) AS beatport_id, max(style) AS style,
                (SELECT count(*) FROM release_artists) AS artists, (SELECT count(*) FROM release_labels) AS labels,
                (SELECT count(*) FROM releases) AS releases
         FROM release_tracks"
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(row.tracks, Some(3));
    assert_eq!(row.isrc.as_deref(), Some("IL4092509502"));
    assert_eq!(row.beatport_id, Some(20_225_852));
    assert_eq!(row.style.as_deref(), Some("techno-peak-time-driving"));
    assert_eq!((row.artists, row.labels, row.releases), (Some(1), Some(1), Some(1)));
    let merged: Option<i64> = sqlx::query_scalar!(
        "SELECT beatport_id FROM release_tracks WHERE isrc = 'IL4092509501' AND mix IS NOT NULL AND title = 'Elevate'"
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(merged, Some(20_225_852), "the Beatport id joins the track read from the file");
}

#[sqlx::test(migrations = "../../migrations")]
async fn matches_are_stored_per_release_and_reported_per_ingest_by_method(pool: PgPool) {
    let (ada, bob) = (user(&pool, "ada").await, user(&pool, "bob").await);
    let mut read = feed(vec![
        release("Elevate", "Original Mix", &["Kashpitzky"], Some("IL4092509501")),
        release("Horizon", "Extended Mix", &["Kashpitzky", "Ida"], None),
        release("Tunnel", "Original Mix", &["Ida"], None),
        release("Unknown", "Original Mix", &["Nobody"], None),
    ]);
    read.bad_rows = vec![BadFeedRow { line: 7, problem: FeedRowProblem::Missing("title") }];
    read.bad_rows_total = 1;
    let ingest = record_ingest(&pool, ada, IngestOrigin::Upload, "week.csv", &read).await.unwrap();

    assert!(pending_releases(&pool, bob, 0, 10).await.unwrap().is_empty(), "bob brought none of them");
    let pending = pending_releases(&pool, ada, 0, 10).await.unwrap();
    assert_eq!(pending.len(), 4);
    assert_eq!(pending[1].track.artists.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["Kashpitzky", "Ida"]);
    assert_eq!(pending[0].track.isrc.as_ref().map(Isrc::as_str), Some("IL4092509501"));
    assert_eq!(pending[0].track.key.map(|key| key.camelot()), Some("9B".to_owned()));

    let (isrc, fuzzy) =
        (spotify_track("4iV5W9uYEdYUVa79Axb7Rh", "Elevate"), spotify_track("1301WleyT98MSxVHPZCA6M", "Horizon"));
    let found = |track, method, confidence, verdict| MatchOutcome::Found { track, method, confidence, verdict };
    record_match(&pool, pending[0].id, found(&isrc, MatchMethod::Isrc, 1.0, MatchVerdict::Accepted)).await.unwrap();
    record_match(&pool, pending[1].id, found(&fuzzy, MatchMethod::Fuzzy, 0.75, MatchVerdict::NeedsReview))
        .await
        .unwrap();
    record_match(&pool, pending[2].id, MatchOutcome::NotFound).await.unwrap();
    // A settled release keeps its outcome when a late search answers again.
    record_match(&pool, pending[0].id, MatchOutcome::NotFound).await.unwrap();

    let reports = ingest_reports(&pool, ada, 10).await.unwrap();
    assert_eq!(reports.len(), 1);
    let report = &reports[0];
    assert_eq!(report.id, ingest.ingest_id);
    let by_method: Vec<(MatchMethod, i64)> = report.matched.iter().map(|count| (count.method, count.tracks)).collect();
    assert_eq!(by_method, [(MatchMethod::Isrc, 1), (MatchMethod::Fuzzy, 0), (MatchMethod::Manual, 0)]);
    assert_eq!((report.review, report.unmatched, report.pending), (1, 1, 1));
    assert_eq!((report.tracks_read, report.tracks_new, report.bad_rows_total), (4, 4, 1));
    assert_eq!(report.bad_rows, [ReportedRow { line: 7, problem: "title is missing".into() }]);
    assert_eq!(report.format, FeedFormat::BeatportApi);
    assert_eq!(pending_releases(&pool, ada, 0, 10).await.unwrap().len(), 1);
    assert!(ingest_reports(&pool, bob, 10).await.unwrap().is_empty(), "another user's ingest");

    let matched = sqlx::query_scalar!("SELECT name FROM tracks WHERE spotify_id = '4iV5W9uYEdYUVa79Axb7Rh'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(matched, "Elevate", "the matched track joins the shared catalog");
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_users_ingests_go_with_them_and_the_releases_stay(pool: PgPool) {
    let ada = user(&pool, "ada").await;
    record_ingest(&pool, ada, IngestOrigin::Upload, "a.csv", &feed(vec![release("Elevate", "", &["K"], None)]))
        .await
        .unwrap();
    sqlx::query!("DELETE FROM users WHERE id = $1", ada).execute(&pool).await.unwrap();
    let (ingests, tracks) = sqlx::query!(
        r#"SELECT (SELECT count(*) FROM release_ingests) AS "ingests!", (SELECT count(*) FROM release_tracks) AS "tracks!""#
    )
    .fetch_one(&pool)
    .await
    .map(|row| (row.ingests, row.tracks))
    .unwrap();
    assert_eq!((ingests, tracks), (0, 1));
}
