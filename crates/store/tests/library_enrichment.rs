//! The tracks table over the enriched read model: each row carries its BPM, key, features, heaviest genre, label
//! and the user's tags; the table sorts by BPM, the features and the label with unknown values placed as the indexes
//! place them; and it filters by the user's own tag, a genre with its subgenres, a label and ranges counted in the
//! steps the table shows. The data goes in through the enrichment tables and the read model's own refresh, as the
//! enrichment runs and the tag form put it there.

use crossfade_domain::{Key, RecordLabel, TracksParams, TracksQuery};
use crossfade_store::browse::{TrackPage, library_tracks};
use sqlx::PgPool;
use time::Duration;
use time::macros::datetime;

/// A track of the fixture and what providers and its user said about it.
struct Seed {
    title: &'static str,
    tempo: Option<f32>,
    energy: Option<f32>,
    danceability: Option<f32>,
    valence: Option<f32>,
    /// Pitch class and mode.
    key: Option<(i16, i16)>,
    genres: &'static [(&'static str, f32)],
    label: Option<&'static str>,
    tags: &'static [&'static str],
}

const NONE: Seed = Seed {
    title: "",
    tempo: None,
    energy: None,
    danceability: None,
    valence: None,
    key: None,
    genres: &[],
    label: None,
    tags: &[],
};

/// Five liked tracks, liked one hour apart in this order. Bravo's tempo and energy lie on the edge of a step
/// (127.5 BPM shows as 128; energy 0.645 is stored as a `real` just below it and shows as 0.64).
const SEEDS: [Seed; 5] = [
    Seed {
        title: "Alpha",
        tempo: Some(128.4),
        energy: Some(0.8),
        danceability: Some(0.7),
        valence: Some(0.3),
        key: Some((9, 0)),
        genres: &[("deep-house", 0.7), ("techno", 0.3)],
        label: Some("Ninja Tune Records"),
        tags: &["warm-up"],
    },
    Seed {
        title: "Bravo",
        tempo: Some(127.5),
        energy: Some(0.645),
        danceability: Some(0.5),
        valence: Some(0.9),
        key: Some((0, 1)),
        genres: &[("techno", 1.0)],
        label: Some("Warp"),
        tags: &["warm-up", "peak time"],
    },
    Seed {
        title: "Charlie",
        tempo: Some(128.5),
        energy: Some(0.2),
        danceability: Some(0.9),
        valence: Some(0.1),
        genres: &[("house", 1.0)],
        label: Some("ninja tune"),
        ..NONE
    },
    Seed { title: "Delta", tags: &["warm-up"], ..NONE },
    Seed {
        title: "Echo",
        tempo: Some(90.0),
        energy: Some(0.65),
        genres: &[("rock", 1.0)],
        label: Some("WARP RECORDS"),
        ..NONE
    },
];

fn track_id(index: usize) -> String {
    format!("enrichTrack{index:011}")
}

async fn user(pool: &PgPool, key: &str) -> i64 {
    sqlx::query_scalar("INSERT INTO users (spotify_account_key, spotify_user_id) VALUES ($1, $1) RETURNING id")
        .bind(key)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Ada likes every seed with its tags; Bob likes them too and tags Charlie "warm-up", which Ada's table must not
/// see. Answers Ada's and Bob's ids.
async fn seeded(pool: &PgPool) -> (i64, i64) {
    let (ada, bob) = (user(pool, "ada").await, user(pool, "bob").await);
    let fetched = datetime!(2026-12-01 00:00 UTC);
    sqlx::query("INSERT INTO albums (spotify_id, name) VALUES ('enrichAlbum000000000001', 'Fixture')")
        .execute(pool)
        .await
        .unwrap();
    for (index, seed) in SEEDS.iter().enumerate() {
        let id = track_id(index);
        sqlx::query(
            "INSERT INTO tracks (spotify_id, name, album_id, duration_ms)
             VALUES ($1, $2, 'enrichAlbum000000000001', 200000)",
        )
        .bind(&id)
        .bind(seed.title)
        .execute(pool)
        .await
        .unwrap();
        for user_id in [ada, bob] {
            sqlx::query("INSERT INTO liked_tracks (user_id, track_id, added_at) VALUES ($1, $2, $3)")
                .bind(user_id)
                .bind(&id)
                .bind(fetched + Duration::hours(index as i64))
                .execute(pool)
                .await
                .unwrap();
        }
        sqlx::query(
            "INSERT INTO track_features (track_id, provider, tempo, energy, danceability, valence, key, mode, fetched_at)
             VALUES ($1, 'reccobeats', $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(seed.tempo)
        .bind(seed.energy)
        .bind(seed.danceability)
        .bind(seed.valence)
        .bind(seed.key.map(|(pitch, _)| pitch))
        .bind(seed.key.map(|(_, mode)| mode))
        .bind(fetched)
        .execute(pool)
        .await
        .unwrap();
        for (genre, weight) in seed.genres {
            sqlx::query(
                "INSERT INTO track_genres (track_id, provider, genre, weight, fetched_at) VALUES ($1, 'deezer', $2, $3, $4)",
            )
            .bind(&id)
            .bind(genre)
            .bind(weight)
            .bind(fetched)
            .execute(pool)
            .await
            .unwrap();
        }
        if let Some(name) = seed.label {
            let label = RecordLabel::parse(name).unwrap();
            sqlx::query(
                "INSERT INTO track_labels (track_id, provider, name, label_key, fetched_at)
                 VALUES ($1, 'deezer', $2, $3, $4)",
            )
            .bind(&id)
            .bind(label.name())
            .bind(label.key().as_str())
            .bind(fetched)
            .execute(pool)
            .await
            .unwrap();
        }
        for tag in seed.tags {
            sqlx::query("INSERT INTO user_tags (user_id, track_id, tag) VALUES ($1, $2, $3)")
                .bind(ada)
                .bind(&id)
                .bind(tag)
                .execute(pool)
                .await
                .unwrap();
        }
    }
    sqlx::query("INSERT INTO user_tags (user_id, track_id, tag) VALUES ($1, $2, 'warm-up')")
        .bind(bob)
        .bind(track_id(2))
        .execute(pool)
        .await
        .unwrap();
    let ids: Vec<String> = (0..SEEDS.len()).map(track_id).collect();
    for user_id in [ada, bob] {
        sqlx::query("SELECT refresh_track_facts($1, $2)").bind(user_id).bind(&ids).execute(pool).await.unwrap();
    }
    (ada, bob)
}

fn query(pairs: &[(&str, &str)]) -> TracksQuery {
    let params = TracksParams::read(|wanted| {
        pairs.iter().rev().find(|(key, _)| *key == wanted).map(|(_, value)| (*value).to_owned())
    });
    TracksQuery::parse(&params).unwrap()
}

async fn page(pool: &PgPool, user_id: i64, pairs: &[(&str, &str)]) -> TrackPage {
    library_tracks(pool, user_id, &query(pairs)).await.unwrap()
}

fn titles(page: &TrackPage) -> Vec<&str> {
    page.tracks.iter().map(|track| track.title.as_str()).collect()
}

#[sqlx::test(migrations = "../../migrations")]
async fn each_row_carries_its_enrichment(pool: PgPool) {
    let (ada, _) = seeded(&pool).await;
    let listed = page(&pool, ada, &[]).await;
    assert_eq!(titles(&listed), ["Echo", "Delta", "Charlie", "Bravo", "Alpha"], "newest first, as before");
    let alpha = listed.tracks.iter().find(|track| track.title == "Alpha").unwrap();
    assert_eq!(alpha.tempo, Some(128.4));
    assert_eq!(alpha.key, Key::from_numbers(9, 0).unwrap());
    assert_eq!(alpha.key.map(|key| key.camelot()).as_deref(), Some("8A"));
    assert_eq!((alpha.energy, alpha.danceability, alpha.valence), (Some(0.8), Some(0.7), Some(0.3)));
    assert_eq!(alpha.genre.as_deref(), Some("deep-house"), "the heaviest genre");
    assert_eq!(alpha.label, Some(("Ninja Tune Records".to_owned(), "ninja-tune".to_owned())));
    assert_eq!(alpha.tags, ["warm-up"]);
    let delta = listed.tracks.iter().find(|track| track.title == "Delta").unwrap();
    assert_eq!((delta.tempo, delta.key, &delta.genre, &delta.label), (None, None, &None, &None));
    let charlie = listed.tracks.iter().find(|track| track.title == "Charlie").unwrap();
    assert!(charlie.tags.is_empty(), "another user's tag is theirs alone");
}

#[sqlx::test(migrations = "../../migrations")]
async fn bpm_and_features_sort_both_ways_with_unknown_values_last(pool: PgPool) {
    let (ada, _) = seeded(&pool).await;
    let fastest = page(&pool, ada, &[("sort", "bpm")]).await;
    assert_eq!(titles(&fastest), ["Charlie", "Alpha", "Bravo", "Echo", "Delta"]);
    let slowest = page(&pool, ada, &[("sort", "bpm"), ("dir", "asc")]).await;
    assert_eq!(titles(&slowest), ["Echo", "Bravo", "Alpha", "Charlie", "Delta"]);
    let energy = page(&pool, ada, &[("sort", "energy")]).await;
    assert_eq!(titles(&energy), ["Alpha", "Echo", "Bravo", "Charlie", "Delta"]);
    let calm = page(&pool, ada, &[("sort", "energy"), ("dir", "asc")]).await;
    assert_eq!(titles(&calm), ["Charlie", "Bravo", "Echo", "Alpha", "Delta"]);
    // Echo and Delta have no danceability: ties in the unknown end are ordered by title.
    let dance = page(&pool, ada, &[("sort", "danceability")]).await;
    assert_eq!(titles(&dance), ["Charlie", "Alpha", "Bravo", "Delta", "Echo"]);
    let happy = page(&pool, ada, &[("sort", "valence"), ("dir", "asc")]).await;
    assert_eq!(titles(&happy), ["Charlie", "Alpha", "Bravo", "Delta", "Echo"]);
}

#[sqlx::test(migrations = "../../migrations")]
async fn labels_sort_by_their_key_with_unlabelled_tracks_last_both_ways(pool: PgPool) {
    let (ada, _) = seeded(&pool).await;
    let a_to_z = page(&pool, ada, &[("sort", "label")]).await;
    assert_eq!(titles(&a_to_z), ["Alpha", "Charlie", "Bravo", "Echo", "Delta"], "spellings of one label together");
    let z_to_a = page(&pool, ada, &[("sort", "label"), ("dir", "desc")]).await;
    assert_eq!(titles(&z_to_a), ["Bravo", "Echo", "Alpha", "Charlie", "Delta"]);
}

#[sqlx::test(migrations = "../../migrations")]
async fn the_tag_filter_takes_the_users_own_tags(pool: PgPool) {
    let (ada, bob) = seeded(&pool).await;
    let warm_up = page(&pool, ada, &[("tag", "Warm-Up")]).await;
    assert_eq!(titles(&warm_up), ["Delta", "Bravo", "Alpha"]);
    assert_eq!(warm_up.total, 3);
    assert_eq!(titles(&page(&pool, ada, &[("tag", "peak time")]).await), ["Bravo"]);
    assert_eq!(titles(&page(&pool, bob, &[("tag", "warm-up")]).await), ["Charlie"], "Bob's tag, Bob's table");
    let unused = page(&pool, ada, &[("tag", "sunday")]).await;
    assert_eq!((unused.total, unused.tracks.len(), unused.library_is_empty), (0, 0, false));
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_genre_takes_in_its_subgenres(pool: PgPool) {
    let (ada, _) = seeded(&pool).await;
    let house = page(&pool, ada, &[("genre", "house"), ("sort", "title"), ("dir", "asc")]).await;
    assert_eq!(titles(&house), ["Alpha", "Charlie"], "deep house is house; techno is not");
    assert_eq!(house.total, 2);
    let techno = page(&pool, ada, &[("genre", "techno"), ("sort", "title"), ("dir", "asc")]).await;
    assert_eq!(titles(&techno), ["Alpha", "Bravo"], "a lighter genre counts too");
    let electronic = page(&pool, ada, &[("genre", "electronic"), ("sort", "title"), ("dir", "asc")]).await;
    assert_eq!(titles(&electronic), ["Alpha", "Bravo", "Charlie"]);
    assert_eq!(titles(&page(&pool, ada, &[("genre", "deep-house")]).await), ["Alpha"]);
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_label_filter_takes_every_spelling_of_the_label(pool: PgPool) {
    let (ada, _) = seeded(&pool).await;
    let ninja = page(&pool, ada, &[("label", "ninja-tune"), ("sort", "title"), ("dir", "asc")]).await;
    assert_eq!(titles(&ninja), ["Alpha", "Charlie"]);
    let warp = page(&pool, ada, &[("label", "Warp Records Ltd"), ("sort", "title"), ("dir", "asc")]).await;
    assert_eq!(titles(&warp), ["Bravo", "Echo"]);
    assert_eq!(warp.total, 2);
}

#[sqlx::test(migrations = "../../migrations")]
async fn ranges_take_the_values_shown_in_their_steps(pool: PgPool) {
    let (ada, _) = seeded(&pool).await;
    // 127.5 shows as 128 and 128.4 as 128; 128.5 shows as 129.
    let at_128 = page(&pool, ada, &[("bpm_from", "128"), ("bpm_to", "128"), ("sort", "title"), ("dir", "asc")]).await;
    assert_eq!(titles(&at_128), ["Alpha", "Bravo"]);
    let from_100 = page(&pool, ada, &[("bpm_from", "100"), ("sort", "bpm"), ("dir", "asc")]).await;
    assert_eq!(titles(&from_100), ["Bravo", "Alpha", "Charlie"], "a track without BPM is in no range");
    assert_eq!(titles(&page(&pool, ada, &[("bpm_to", "127")]).await), ["Echo"]);
    // 0.65 as a `real` is just below 0.65 and shows as 0.65; 0.645 as a `real` is just below 0.645 and shows as 0.64.
    let energetic = page(&pool, ada, &[("energy_from", "0.65"), ("sort", "energy")]).await;
    assert_eq!(titles(&energetic), ["Alpha", "Echo"]);
    let mellow = page(&pool, ada, &[("energy_to", "0.64"), ("sort", "energy")]).await;
    assert_eq!(titles(&mellow), ["Bravo", "Charlie"]);
    let danceable = page(&pool, ada, &[("danceability_from", "0.6"), ("valence_to", "0.5"), ("sort", "title")]).await;
    assert_eq!(titles(&danceable), ["Alpha", "Charlie"]);
}

#[sqlx::test(migrations = "../../migrations")]
async fn filters_combine_and_page_like_the_others(pool: PgPool) {
    let (ada, _) = seeded(&pool).await;
    let both = page(&pool, ada, &[("tag", "warm-up"), ("genre", "electronic"), ("sort", "bpm")]).await;
    assert_eq!(titles(&both), ["Alpha", "Bravo"]);
    assert_eq!(both.total, 2);
    let liked_on_warp = page(&pool, ada, &[("source", "liked"), ("label", "warp")]).await;
    assert_eq!(liked_on_warp.total, 2, "counted, not the summary's count of liked songs");
    let past_the_end = library_tracks(&pool, ada, &query(&[("tag", "warm-up")]).at_page(2)).await.unwrap();
    assert_eq!((past_the_end.total, past_the_end.tracks.len()), (3, 0));
}

/// Every new order reads an index in order and every new filter can use one: with sorting and sequential scans
/// priced out, a plan that still sorts or scans the table would mean the read costs the library's size.
#[sqlx::test(migrations = "../../migrations")]
async fn the_new_orders_and_filters_are_index_backed(pool: PgPool) {
    let (ada, _) = seeded(&pool).await;
    let mut connection = pool.acquire().await.unwrap();
    for setting in ["SET enable_sort = off", "SET enable_seqscan = off"] {
        sqlx::query(setting).execute(&mut *connection).await.unwrap();
    }
    let orders = [
        ("tempo DESC NULLS LAST, title_key, track_id", "track_facts_by_tempo"),
        ("tempo NULLS LAST, title_key, track_id", "track_facts_by_tempo_up"),
        ("energy DESC NULLS LAST, title_key, track_id", "track_facts_by_energy"),
        ("energy NULLS LAST, title_key, track_id", "track_facts_by_energy_up"),
        ("danceability DESC NULLS LAST, title_key, track_id", "track_facts_by_danceability"),
        ("danceability NULLS LAST, title_key, track_id", "track_facts_by_danceability_up"),
        ("valence DESC NULLS LAST, title_key, track_id", "track_facts_by_valence"),
        ("valence NULLS LAST, title_key, track_id", "track_facts_by_valence_up"),
        ("label_key NULLS LAST, title_key, track_id", "track_facts_by_label"),
        ("label_key DESC NULLS FIRST, title_key DESC, track_id DESC", "track_facts_by_label"),
    ];
    for (order, index) in orders {
        let plan = explain(
            &mut connection,
            &format!("SELECT track_id FROM track_facts WHERE user_id = {ada} ORDER BY {order} LIMIT 50 OFFSET 50"),
        )
        .await;
        assert!(plan.contains(index) && !plan.contains("Sort"), "{order}:\n{plan}");
    }
    // The GIN indexes hold every user's rows: what matters is that the condition can be answered from them (the
    // planner then intersects them with the user's rows, or reads the user's rows, whichever is fewer). The label
    // filter is the leading pair of the label index, checked with its order above.
    sqlx::query("SET enable_indexscan = off").execute(&mut *connection).await.unwrap();
    let filters = [
        ("tags @> ARRAY['warm-up']", "track_facts_by_tags"),
        ("genres && ARRAY['house', 'deep-house']", "track_facts_by_genres"),
    ];
    for (condition, index) in filters {
        let plan = explain(&mut connection, &format!("SELECT count(*) FROM track_facts WHERE {condition}")).await;
        assert!(plan.contains(index), "{condition}:\n{plan}");
    }
}

async fn explain(connection: &mut sqlx::PgConnection, statement: &str) -> String {
    let lines: Vec<String> =
        sqlx::query_scalar(&format!("EXPLAIN {statement}")).fetch_all(&mut *connection).await.unwrap();
    lines.join("\n")
}
