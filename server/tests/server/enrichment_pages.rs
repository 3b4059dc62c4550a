//! The enrichment on the pages, without JavaScript: a signed-in demo user's seeded library gets values from
//! several providers, and the track page shows each value with its source and what the others said, genres with
//! the genres above them and the label; tags are added and removed with plain form posts; the label page lists
//! the user's tracks on it; the Sources page says how much each field covers and from where.

use crate::{common, enriched, text};

use common::*;
use enriched::Visit;
use http::StatusCode;
use sqlx::PgPool;
use text::visible_text;

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn the_track_page_shows_each_value_with_its_source(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let alpha = visit.text("/library/tracks/trAlpha000000000000000").await;
    assert!(alpha.contains("Key 8A · A minor ReccoBeats"), "{alpha}");
    assert!(alpha.contains("BPM 124 BPM ReccoBeats Deezer: 118 BPM"), "{alpha}");
    assert!(alpha.contains("Energy 0.70 ReccoBeats"), "{alpha}");
    assert!(alpha.contains("Replay gain -7.2 dB Deezer"), "{alpha}");
    assert!(alpha.contains("Electronic › House › Deep house"), "genres come with their parents: {alpha}");
    assert!(alpha.contains("Named by Deezer, MusicBrainz."), "{alpha}");
    assert!(alpha.contains("Record label Night Label Records (Deezer)"), "{alpha}");
    assert!(alpha.contains("Tagged on MusicBrainz seen live"), "{alpha}");

    let delta = visit.text("/library/tracks/trDelta000000000000000").await;
    assert!(delta.contains("No provider has described this track's sound yet"), "{delta}");
    assert!(delta.contains("No genre known yet") && delta.contains("Record label Not known yet"), "{delta}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn tags_are_added_and_removed_with_plain_form_posts(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let both = "tracks%5B0%5D=trAlpha000000000000000&tracks%5B3%5D=trGamma000000000000000";
    let back = visit.change_tags(&format!("{both}&tags=warm-up%2C+Sunday+Morning&change=add"), "/library").await;
    assert!(back.starts_with("http://127.0.0.1:3000/library"), "{back}");
    let tags = visit.text("/library/tags").await;
    assert!(tags.contains("warm-up 2 tracks") && tags.contains("sunday morning 2 tracks"), "{tags}");
    let alpha = visit.text("/library/tracks/trAlpha000000000000000").await;
    assert!(alpha.contains("Your tags sunday morning warm-up"), "{alpha}");

    let one = "tracks%5B0%5D=trGamma000000000000000&tags=warm-up&change=remove";
    visit.change_tags(one, "/library/tracks/trGamma000000000000000").await;
    let tags = visit.text("/library/tags").await;
    assert!(tags.contains("warm-up 1 track") && tags.contains("sunday morning 2 tracks"), "{tags}");

    // Refusals change nothing and say what is wrong on the page the form came from.
    for (form, message) in [
        ("tags=warm-up&change=add", "choose at least one track"),
        ("tracks%5B0%5D=trAlpha000000000000000&tags=+%2C+&change=add", "a tag needs at least one letter or digit"),
        ("tracks%5B0%5D=not-a-track&tags=x&change=add", "a chosen track is not a Spotify track"),
    ] {
        let back = visit.change_tags(form, "/library/tracks/trAlpha000000000000000").await;
        let path = back.trim_start_matches("http://127.0.0.1:3000");
        let page = visit.text(path).await;
        assert!(page.contains(message), "{form}: {page}");
    }
    let tags = visit.text("/library/tags").await;
    assert!(tags.contains("warm-up 1 track") && tags.contains("sunday morning 2 tracks"), "{tags}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn the_label_page_lists_the_users_tracks_on_it(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let slug = crossfade_domain::RecordLabel::parse("Night Label Records").unwrap().key().slug();
    let label = visit.text(&format!("/library/labels/{slug}")).await;
    assert!(label.contains("Record label Night Label Records 1 track of yours on this label."), "{label}");
    assert!(label.contains("Alpha Song") && !label.contains("Gamma_Ray"), "{label}");
    assert_eq!(visit.get("/library/labels/nobody-s-label").await.0, StatusCode::NOT_FOUND);
    assert_eq!(visit.get("/library/labels/Not%20A%20Key").await.0, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn the_sources_page_says_how_much_is_known_and_from_where(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let sources = visit.text("/sources").await;
    assert!(sources.contains("Coverage of your library 5 tracks."), "{sources}");
    assert!(sources.contains("Energy known for 40 % of your library: ReccoBeats 40 %."), "{sources}");
    assert!(sources.contains("BPM known for 20 % of your library: ReccoBeats 20 %."), "{sources}");
    assert!(sources.contains("Genres known for 20 % of your library"), "{sources}");
    assert!(sources.contains("Time signature unknown for all of your library."), "{sources}");
    assert!(sources.contains("Energy known for 100 % of your liked songs: ReccoBeats 100 %."), "{sources}");
    assert!(sources.contains("ReccoBeats Audio features and key by Spotify id"), "{sources}");
    assert!(sources.contains("Spotify Spotify's own audio features"), "{sources}");
    assert!(
        sources.contains("Switched off in this installation's settings."),
        "Spotify needs extended access: {sources}"
    );
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn visitors_are_pointed_to_sign_in(pool: PgPool) {
    let app = app(pool.clone()).await;
    let mut browser = Browser::default();
    for path in ["/sources", "/library/tags", "/library/labels/night-label"] {
        let text = visible_text(&page(&app, &mut browser, path).await);
        assert!(text.contains("Sign in with Spotify"), "{path}: {text}");
    }
    let refused = browser
        .send(&app, form_post("/api/change_tags", "tracks%5B0%5D=trAlpha000000000000000&tags=x&change=add", &[]))
        .await;
    assert!(refused.status().is_redirection() || refused.status() == StatusCode::UNAUTHORIZED, "{}", refused.status());
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM user_tags").fetch_one(&pool).await.unwrap();
    assert_eq!(count, 0);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_users_own_source_order_decides_which_value_counts(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    visit.post("/api/set_source_order", "first%5Btempo%5D=deezer", "/sources").await;
    let alpha = visit.text("/library/tracks/trAlpha000000000000000").await;
    assert!(alpha.contains("BPM 118 BPM Deezer ReccoBeats: 124 BPM"), "{alpha}");
    assert!(alpha.contains("Energy 0.70 ReccoBeats"), "other fields keep the installation's order: {alpha}");
    let sources = visit.text("/sources").await;
    assert!(sources.contains("BPM known for 20 % of your library: Deezer 20 %."), "{sources}");

    // Back to the installation's order; an unknown source changes nothing and says why.
    let back = visit.post("/api/set_source_order", "first%5Btempo%5D=tidal", "/sources").await;
    let page = visit.text(back.trim_start_matches("http://127.0.0.1:3000")).await;
    assert!(page.contains("`tidal` is not a source BPM can come from"), "{page}");
    visit.post("/api/set_source_order", "first%5Btempo%5D=", "/sources").await;
    let alpha = visit.text("/library/tracks/trAlpha000000000000000").await;
    assert!(alpha.contains("BPM 124 BPM ReccoBeats Deezer: 118 BPM"), "{alpha}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn calibrated_values_are_shown_beside_the_values_as_given(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    // Sixty catalog tracks both Spotify and ReccoBeats describe; ReccoBeats' danceability runs high.
    sqlx::raw_sql(
        "INSERT INTO track_features (track_id, provider, danceability, fetched_at)
         SELECT 'trCal' || lpad(n::text, 17, '0'), 'spotify', n / 61.0, now() FROM generate_series(1, 60) n;
         INSERT INTO track_features (track_id, provider, danceability, fetched_at)
         SELECT 'trCal' || lpad(n::text, 17, '0'), 'reccobeats', 1 - power(1 - n / 61.0, 1.3), now()
         FROM generate_series(1, 60) n;",
    )
    .execute(&pool)
    .await
    .unwrap();
    crossfade_store::enrichment::calibration::learn_calibrations(&pool).await.unwrap();

    let sources = visit.text("/sources").await;
    assert!(
        sources.contains("ReccoBeats Danceability Calibrated onto Spotify's scale from the 60 tracks both describe."),
        "{sources}"
    );
    assert!(
        sources.contains(
            "ReccoBeats Energy Uncalibrated: 0 tracks have a value from both ReccoBeats and Spotify or an imported \
             file; 50 are needed."
        ),
        "{sources}"
    );
    let alpha = visit.text("/library/tracks/trAlpha000000000000000").await;
    let row = alpha.split("Danceability ").nth(1).unwrap_or_default();
    let calibrated: f64 = row.split_whitespace().nth(2).and_then(|value| value.parse().ok()).unwrap_or(f64::NAN);
    assert!(row.starts_with("0.80 ReccoBeats"), "{alpha}");
    assert!((0.65..0.78).contains(&calibrated), "0.80 as given is lower on Spotify's scale: {alpha}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn an_artist_gets_the_genres_of_the_users_tracks_by_them(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    // Alpha Song is the only one of the artist's tracks with genres: Deezer says deep house, MusicBrainz house.
    let moon = visit.text("/library/artists/arMoon0000000000000000").await;
    assert!(moon.contains("Genres of your tracks Deep house 50 %, House 50 %"), "{moon}");
    let (_, html) = visit.get("/library/artists/arMoon0000000000000000").await;
    assert!(html.contains(r#"href="/library?genre=deep-house""#), "{html}");
    let sun = visit.text("/library/artists/arSun00000000000000000").await;
    assert!(!sun.contains("Genres of your tracks"), "no provider named a genre of theirs: {sun}");
}
