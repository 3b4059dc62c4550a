//! The matches matching leaves to the user, through the production router as a browser without JavaScript posts its
//! forms, against the sandbox's Spotify: a proposal confirmed, another turned down, a release not found searched
//! for and picked from Spotify's results, one matched by a pasted link, a bad link refused in words; another user
//! sees none of it. Releases matched after a week's period started are offered on its board and join its bronze
//! playlist on Spotify after the cards already there.

use crate::common;
use crate::curation_board::{STYLE, Visit, card, ingest, releases, this_week};

use common::{Browser, ORIGIN, form_post, page};
use crossfade_domain::{MatchMethod, MatchVerdict};
use crossfade_store::releases::{MatchOutcome, record_match};
use http::StatusCode;
use sqlx::PgPool;

/// A release's match as stored: state, method and Spotify track.
async fn stored(pool: &PgPool, release: i64) -> (String, Option<String>, Option<String>) {
    let row: (String, Option<String>, Option<String>) =
        sqlx::query_as("SELECT match_state, match_method, spotify_track_id FROM release_tracks WHERE id = $1")
            .bind(release)
            .fetch_one(pool)
            .await
            .unwrap();
    row
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn proposals_are_confirmed_or_turned_down_and_misses_are_found_by_hand(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let week = this_week();
    let four = ingest(&pool, &visit, week.monday(), "Original Mix", (0, 4)).await;
    let [(right, right_track), (wrong, _), (missing, missing_track), (pasted, pasted_track)] =
        <[_; 4]>::try_from(four).unwrap();
    let unsure = |track| MatchOutcome::Found {
        track,
        method: MatchMethod::Fuzzy,
        confidence: 0.74,
        verdict: MatchVerdict::NeedsReview,
    };
    record_match(&pool, right, unsure(&right_track)).await.unwrap();
    // A proposal of another track (the fourth release's) for the second release.
    record_match(&pool, wrong, unsure(&pasted_track)).await.unwrap();
    record_match(&pool, missing, MatchOutcome::NotFound).await.unwrap();
    record_match(&pool, pasted, MatchOutcome::NotFound).await.unwrap();

    let text = visit.text("/curation/matches").await;
    assert!(text.contains("2 proposals to confirm, 2 releases not found."), "{text}");
    assert!(text.contains(&right_track.name) && text.contains("74 % alike"), "{text}");
    assert!(text.contains("Find on Spotify"), "{text}");

    let answer = |release: i64, answer: &'static str| (release.to_string(), answer);
    let (id, word) = answer(right, "confirm");
    assert_eq!(visit.post("answer_match", &[("release", &id), ("answer", word)]).await, "/curation/matches");
    assert_eq!(stored(&pool, right).await, ("matched".into(), Some("manual".into()), right_track.id.clone()));
    let (id, word) = answer(wrong, "turn-down");
    visit.post("answer_match", &[("release", &id), ("answer", word)]).await;
    assert_eq!(stored(&pool, wrong).await, ("unmatched".into(), None, None));

    // The search page searches with matching's words and scores what Spotify found.
    let search = format!("/curation/matches/{missing}");
    let text = visit.text(&search).await;
    assert!(text.contains("Spotify's results") && text.contains(&missing_track.name), "{text}");
    assert!(text.contains("% alike (title"), "{text}");
    let html = page(&visit.app, &mut visit.browser, &search).await;
    let missing_id = missing_track.id.clone().unwrap();
    assert!(html.contains(&format!(r#"name="track" value="{missing_id}""#)), "a button picks the track");
    let picked = visit.post("pick_release_match", &[("release", &missing.to_string()), ("track", &missing_id)]).await;
    assert_eq!(picked, "/curation/matches");
    assert_eq!(stored(&pool, missing).await, ("matched".into(), Some("manual".into()), Some(missing_id)));
    // Searching with the user's own words.
    let text = visit.text(&format!("/curation/matches/{pasted}?words=zzzz%20nothing%20like%20it")).await;
    assert!(text.contains("Spotify found nothing for these words"), "{text}");

    // A pasted link of the user's choice, after a pasted text that is no Spotify track.
    let referer = format!("{ORIGIN}/curation/matches/{pasted}");
    let mut request = form_post(
        "/api/pick_release_match",
        &format!("release={pasted}&track=https%3A%2F%2Fopen.spotify.com%2Falbum%2F4uLU6hMCjMI75M1A2tKUQC"),
        &[("origin", ORIGIN)],
    );
    request.headers_mut().insert("referer", referer.parse().unwrap());
    let response = visit.browser.send(&visit.app, request).await;
    let location = response.headers()[http::header::LOCATION].to_str().unwrap().to_owned();
    let html = page(&visit.app, &mut visit.browser, location.trim_start_matches(ORIGIN)).await;
    assert!(html.contains(r#"role="alert""#) && html.contains("that is not a Spotify track"), "{html}");
    assert_eq!(stored(&pool, pasted).await.0, "unmatched");
    let pasted_id = pasted_track.id.clone().unwrap();
    let link = format!("https://open.spotify.com/intl-de/track/{pasted_id}?si=0123abcd");
    visit.post("pick_release_match", &[("release", &pasted.to_string()), ("track", &link)]).await;
    assert_eq!(stored(&pool, pasted).await, ("matched".into(), Some("manual".into()), Some(pasted_id)));

    let text = visit.text("/curation/matches").await;
    assert!(text.contains("0 proposals to confirm, 1 release not found."), "{text}");

    // Another user sees none of it and can settle nothing.
    let (other, _) = common::demo_user(&visit.app, 1);
    let mut stranger = Browser::default();
    stranger.sign_in_as(&visit.app, &other).await;
    let response = stranger.send(&visit.app, common::get(&format!("/curation/matches/{wrong}"))).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let text = crate::text::visible_text(&page(&visit.app, &mut stranger, "/curation/matches").await);
    assert!(text.contains("0 proposals to confirm, 0 releases not found."), "{text}");
    let request = form_post("/api/answer_match", &format!("release={wrong}&answer=confirm"), &[("origin", ORIGIN)]);
    let response = stranger.send(&visit.app, request).await;
    let location = response.headers()[http::header::LOCATION].to_str().unwrap();
    assert!(location.contains("__err="), "refused: {location}");
    assert_eq!(stored(&pool, wrong).await.0, "unmatched");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn releases_matched_after_a_period_started_join_its_bronze_playlist_after_the_cards_there(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let week = this_week();
    let week_text = week.to_string();
    let first = releases(&pool, &visit, week.monday(), "Original Mix", (0, 2)).await;
    let (late, late_track) = ingest(&pool, &visit, week.monday(), "Original Mix", (2, 1)).await.remove(0);
    record_match(&pool, late, MatchOutcome::NotFound).await.unwrap();
    visit.post("curate_style", &[("style", STYLE)]).await;
    visit.post("add_curation_category", &[("style", STYLE), ("name", "Peak Time")]).await;
    visit.post("start_curation_period", &[("style", STYLE), ("week", &week_text)]).await;
    let bronze_name = format!("Techno (Peak Time / Driving) · {} · Bronze", week.iso_name());
    let board = format!("/curation/{STYLE}/{week_text}");
    // Sort the board empty: the period is sorted.
    let peak: i64 = sqlx::query_scalar("SELECT id FROM curation_categories").fetch_one(&pool).await.unwrap();
    for track in &first {
        let id = card(&pool, visit.user_id, track).await;
        visit.act(week, &id, &format!("send-{peak}")).await;
    }
    let text = visit.text(&board).await;
    assert!(text.contains("Sorted") && !text.contains("came after you started"), "{text}");

    // The missing release is found by hand: the board offers it, and adds it to bronze on Spotify when asked.
    let late_id = late_track.id.clone().unwrap();
    visit.post("pick_release_match", &[("release", &late.to_string()), ("track", &late_id)]).await;
    let text = visit.text(&board).await;
    assert!(text.contains("1 new release of this week came after you started"), "{text}");
    let added = visit.post("bring_in_late_releases", &[("style", STYLE), ("week", &week_text)]).await;
    assert_eq!(added, format!("{board}#bronze"));
    assert_eq!(visit.playlist(&bronze_name).1, vec![late_id.clone()]);
    let text = visit.text(&board).await;
    assert!(text.contains("1 of 3 left to sort.") && !text.contains("came after you started"), "{text}");
    let state: String = sqlx::query_scalar("SELECT state FROM curation_periods").fetch_one(&pool).await.unwrap();
    assert_eq!(state, "in_progress", "a sorted period has something to sort again");
    let rank: i32 = sqlx::query_scalar("SELECT rank FROM curation_cards WHERE spotify_track_id = $1")
        .bind(&late_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rank, 2, "after the two cards there");
    // Asking again adds nothing twice.
    visit.post("bring_in_late_releases", &[("style", STYLE), ("week", &week_text)]).await;
    assert_eq!(visit.playlist(&bronze_name).1, vec![late_id]);
}
