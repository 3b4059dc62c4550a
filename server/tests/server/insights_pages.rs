//! The insights pages without JavaScript: a signed-in demo user's seeded library (five tracks, two of them enriched)
//! as collections: every section with figures worked out by hand, charts as SVG with their numbers, other people's
//! collections answering 404 and addresses that name no collection answering 400 with the reason. The listening
//! history's dashboard is tested in `history.rs`.

use crate::{common, enriched, text};

use enriched::Visit;
use http::StatusCode;
use sqlx::PgPool;

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn liked_songs_show_every_section_with_figures_from_the_read_model(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let (status, html) = visit.get("/insights?of=liked").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let text = text::visible_text(&html);
    // Alpha (energy 0.70, 124 BPM, 8A, deep house, Night Label Records) and Gamma (energy 0.40), both liked.
    assert!(text.contains("Collection · Insights Liked songs"), "{text}");
    assert!(text.contains("Tracks 2"), "{text}");
    assert!(text.contains("Total length 8 min"), "200 s + 300 s: {text}");
    assert!(text.contains("Energy 100 % 0.55 0.55 0.21 0.40 0.70"), "mean, median, SD, lowest, highest: {text}");
    assert!(text.contains("BPM 50 % 124 BPM 124 BPM – 124 BPM 124 BPM"), "{text}");
    assert!(text.contains("Most energetic Alpha Song · Moonlight Choir — 0.70"), "{text}");
    assert!(text.contains("Least energetic Gamma_Ray · Sun Collective — 0.40"), "{text}");
    assert!(text.contains("Longest Gamma_Ray · Sun Collective — 5:00"), "{text}");
    assert!(text.contains("Key known for 50 % of these tracks: 0 % major, 100 % minor."), "{text}");
    assert!(text.contains("8A A minor 1"), "the wheel's table: {text}");
    assert!(text.contains("Electronic 1 50 %") && text.contains("Deep house (in House) 1 50 %"), "{text}");
    assert!(text.contains("Night Label Records 1 50 %"), "{text}");
    assert!(text.contains("Energy known for 100 % of these tracks: ReccoBeats 100 %."), "{text}");
    // Charts are pictures with their numbers: SVG with a description, and tables.
    assert!(
        html.contains(r#"class="columns""#) && html.contains("aria-label=\"Energy. 0.40–0.45: 1; 0.70–0.75: 1\""),
        "{html}"
    );
    assert!(html.contains("Keys on the Camelot wheel. 8A A minor: 1"), "{html}");
    assert!(
        html.contains(
            r#"<a href="/library/tracks/trAlpha000000000000000" aria-label="Alpha Song: 124 BPM, 0.70"><circle"#
        ),
        "scatter points link: {html}"
    );
    // Gamma's album is from 2020, Alpha's from 2021.
    assert!(text.contains("2020s 2") && text.contains("2020 1") && text.contains("2021 1"), "{text}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn any_collection_of_the_users_opens_and_others_are_not_found(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    for (of, says) in [
        ("", "Library · Insights Your whole library Collection"),
        ("playlist:plRoadTrip000000000000", "Playlist · Insights Road Trip"),
        ("album:alNights00000000000000", "Album · Insights Nights"),
        ("artist:arSun00000000000000000", "Artist · Insights Sun Collective"),
        ("genre:house", "Genre · Insights House"),
        ("genre:jazz", "This collection holds none of your tracks yet."),
        ("label:night-label", "Record label · Insights Night Label Records"),
    ] {
        let text = visit.text(&format!("/insights?of={of}")).await;
        assert!(text.contains(says), "{of}: {text}");
    }
    let library = visit.text("/insights").await;
    assert!(library.contains("Tracks 5"), "{library}");
    assert!(library.contains("2020s 4"), "four catalog tracks from 2020 and 2021: {library}");

    for of in ["playlist:plSecret00000000000000", "album:alSecret00000000000000", "label:nobody", "tag:never-used"] {
        let (status, _) = visit.get(&format!("/insights?of={of}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{of}");
    }
    for (query, says) in [
        ("of=mixtape:1", "`mixtape` is not a kind of collection"),
        ("of=playlist:short", "`short` is not a Spotify playlist id"),
        ("of=liked&x=popularity", "`popularity` is not a measure insights can plot"),
    ] {
        let (status, html) = visit.get(&format!("/insights?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert!(text::visible_text(&html).contains(says), "{query}: {html}");
    }
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_tag_is_a_collection_once_tracks_carry_it(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    visit.change_tags("tracks%5B0%5D=trAlpha000000000000000&tags=warm-up&change=add", "/library").await;
    let text = visit.text("/insights?of=tag:warm-up").await;
    assert!(text.contains("Your tag · Insights warm-up") && text.contains("Tracks 1"), "{text}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn every_table_downloads_as_csv_and_json_with_the_same_figures(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let page = visit.get("/insights?of=liked").await.1;
    assert!(page.contains(r#"href="/insights/export?of=liked&amp;table=measures&amp;format=csv""#), "{page}");
    for table in crossfade_domain::InsightsTable::ALL {
        let csv_path = format!("/insights/export?of=liked&table={}&format=csv", table.code());
        let response = visit.browser.send(&visit.app, common::get(&csv_path)).await;
        assert_eq!(response.status(), StatusCode::OK, "{csv_path}");
        let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
        assert!(disposition.starts_with(&format!("attachment; filename=\"crossfade-liked-{}-20", table.code())));
        assert!(disposition.ends_with(".csv\""), "{disposition}");
        let csv = common::body_text(response).await;
        let json_path = csv_path.replace("format=csv", "format=json");
        let (status, json) = visit.get(&json_path).await;
        assert_eq!(status, StatusCode::OK, "{json_path}");

        // Both carry the same rows: read back, every CSV cell equals the JSON value under its column.
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let columns: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
        let objects: Vec<serde_json::Map<String, serde_json::Value>> = serde_json::from_str(&json).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), objects.len(), "{}", table.code());
        for (row, object) in rows.iter().zip(&objects) {
            for (column, cell) in columns.iter().zip(row) {
                let value = &object[column];
                let same = match value {
                    serde_json::Value::Null => cell.is_empty(),
                    serde_json::Value::String(text) => text == cell,
                    serde_json::Value::Number(number) => cell.parse::<f64>().unwrap() == number.as_f64().unwrap(),
                    other => panic!("{other}"),
                };
                assert!(same, "{}: {column}: {cell} vs {value}", table.code());
            }
        }
        if table == crossfade_domain::InsightsTable::Measures {
            let energy = objects.iter().find(|row| row["measure"] == "energy").unwrap();
            assert!((energy["mean"].as_f64().unwrap() - 0.55).abs() < 1e-9, "{energy:?}");
            assert_eq!(energy["tracks_known"], 2);
        }
    }
    for (path, status) in [
        ("/insights/export?of=playlist:plSecret00000000000000&table=measures", StatusCode::NOT_FOUND),
        ("/insights/export?of=liked&table=everything", StatusCode::BAD_REQUEST),
        ("/insights/export?of=liked&table=keys&format=xlsx", StatusCode::BAD_REQUEST),
        ("/insights/export?of=nothing:1&table=keys", StatusCode::BAD_REQUEST),
    ] {
        assert_eq!(visit.get(path).await.0, status, "{path}");
    }
    let visitor = common::send(&visit.app, common::get("/insights/export?of=liked&table=keys")).await;
    assert_eq!(visitor.status(), StatusCode::UNAUTHORIZED);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn two_collections_compare_figure_by_figure_in_plain_words(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    // Road Trip holds Alpha (124 BPM) and Beta (no BPM); liked songs Alpha and Gamma; energy 0.70 against 0.55.
    let text = visit.text("/insights/compare?a=liked&b=playlist:plRoadTrip000000000000").await;
    assert!(text.contains("Insights · Comparison Liked songs and Road Trip"), "{text}");
    assert!(text.contains("Tracks 2 2 0"), "{text}");
    assert!(text.contains("Energy (average) 0.55 0.70 +0.15"), "{text}");
    assert!(text.contains("Length (average) 4:10 2:55 −1:15"), "{text}");
    assert!(text.contains("Genre Liked songs Road Trip"), "{text}");
    let page = visit.text("/insights?of=liked").await;
    assert!(page.contains("Compare with"), "{page}");
    assert_eq!(visit.get("/insights/compare?a=liked&b=playlist:plSecret00000000000000").await.0, StatusCode::NOT_FOUND);
    let (status, html) = visit.get("/insights/compare?a=liked&b=genre:nope").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text::visible_text(&html).contains("`nope` is not a genre Crossfade knows"), "{html}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn library_pages_link_to_their_collections_insights(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    visit.change_tags("tracks%5B0%5D=trAlpha000000000000000&tags=warm-up&change=add", "/library").await;
    for (page, insights) in [
        ("/library/playlists/plRoadTrip000000000000", "/insights?of=playlist%3AplRoadTrip000000000000"),
        ("/library/albums/alNights00000000000000", "/insights?of=album%3AalNights00000000000000"),
        ("/library/artists/arSun00000000000000000", "/insights?of=artist%3AarSun00000000000000000"),
        ("/library/labels/night-label", "/insights?of=label%3Anight-label"),
        ("/library/tags", "/insights?of=tag%3Awarm-up"),
    ] {
        let (status, html) = visit.get(page).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(html.contains(&format!(r#"href="{insights}" class="insights-link">Insights</a>"#)), "{page}: {html}");
        assert_eq!(visit.get(insights).await.0, StatusCode::OK, "{insights}");
    }
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn figures_are_kept_until_the_read_model_moves_and_the_refresh_computes_them_again(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    assert!(visit.text("/insights").await.contains("Tracks 5"));
    // A page keeps what it computed behind its answer: wait for the row to be there.
    let kept = |pool: PgPool| async move {
        for _ in 0..100 {
            let row = sqlx::query_as::<_, (i64, bool, serde_json::Value)>(
                "SELECT c.user_id, c.version = s.version, c.report -> 'insights' -> 'tracks' FROM collection_insights c
                 JOIN library_summary s USING (user_id) WHERE c.collection = 'library'",
            )
            .fetch_optional(&pool)
            .await
            .unwrap();
            if let Some(row) = row {
                return row;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the library's insights were not kept");
    };
    let (user_id, fresh, tracks) = kept(pool.clone()).await;
    assert!(fresh, "the figures were kept at the read model's version");
    assert_eq!(tracks, 5);

    // A like arrives as a sync writes it: the read model moves, so the kept figures are stale.
    sqlx::raw_sql(&format!(
        "INSERT INTO liked_tracks (user_id, track_id, added_at) VALUES ({user_id}, 'trSecret00000000000000', now());
         SELECT refresh_track_facts({user_id}, ARRAY['trSecret00000000000000']);"
    ))
    .execute(&pool)
    .await
    .unwrap();
    assert!(!kept(pool.clone()).await.1);
    // The refresh the jobs queue computes them again from the read model.
    assert_eq!(crossfade_library::insights::refresh_kept_reports(&pool, user_id).await.unwrap(), 1);
    let (_, fresh, tracks) = kept(pool.clone()).await;
    assert!(fresh && tracks == 6, "{tracks}");
    assert!(visit.text("/insights").await.contains("Tracks 6"));
    assert_eq!(crossfade_library::insights::refresh_kept_reports(&pool, user_id).await.unwrap(), 0, "nothing stale");
}
