//! The library browser end to end without JavaScript: a demo user signs in through the sandbox, library rows are
//! written into the tables the sync fills, and each page's plain HTML is checked, including that another user's
//! rows never appear and that their ids answer 404.

use crate::{common, seed, text};

use common::*;
use http::StatusCode;
use sqlx::PgPool;
use text::visible_text;

/// A signed-in demo user with the seeded library.
struct Visit {
    app: TestApp,
    browser: Browser,
    user_id: i64,
}

impl Visit {
    /// Signs demo user 0 in; seeds their library unless `empty`.
    async fn start(pool: &PgPool, empty: bool) -> Visit {
        let app = app(pool.clone()).await;
        let (browser, user_id) = seed::signed_in(&app, pool, empty).await;
        Visit { app, browser, user_id }
    }

    /// The status and the visible text of `path`.
    async fn get(&mut self, path: &str) -> (StatusCode, String) {
        let response = self.browser.send(&self.app, get(path)).await;
        let status = response.status();
        (status, body_text(response).await)
    }

    /// The visible text of `path`, which must answer 200.
    async fn text(&mut self, path: &str) -> String {
        let (status, html) = self.get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {html}");
        visible_text(&html)
    }
}

/// Where each of `titles` first appears in `text`, which must contain all of them.
fn order_of(text: &str, titles: &[&str]) -> Vec<usize> {
    titles.iter().map(|title| text.find(title).unwrap_or_else(|| panic!("{title} missing from {text}"))).collect()
}

fn assert_in_order(text: &str, titles: &[&str]) {
    let positions = order_of(text, titles);
    assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "{titles:?} out of order in {text}");
}

const ALL_TITLES: [&str; 5] = ["Alpha Song", "Beta 100% Pure", "Delta", "Echo From History", "Gamma_Ray"];

/// Which of the five seeded titles `text` lists.
fn titles_in(text: &str) -> Vec<&'static str> {
    ALL_TITLES.into_iter().filter(|title| text.contains(title)).collect()
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn the_tracks_table_sorts_by_any_column_both_ways(pool: PgPool) {
    let mut visit = Visit::start(&pool, false).await;
    let text = visit.text("/library").await;
    assert!(text.contains("Showing 1–5 of 5 tracks"), "{text}");
    assert!(text.contains("sorted by Added, newest first"), "{text}");
    // Liked dates win over playlist dates; a track only heard came into the library when it was first played.
    assert_in_order(&text, &["Echo From History", "Delta", "Gamma_Ray", "Beta 100% Pure", "Alpha Song"]);
    assert!(!text.contains("Secret Track"), "another user's track leaked: {text}");

    let ascending = visit.text("/library?sort=title&dir=asc").await;
    assert_in_order(&ascending, &ALL_TITLES);
    let descending = visit.text("/library?sort=title&dir=desc").await;
    let mut reversed = ALL_TITLES;
    reversed.reverse();
    assert_in_order(&descending, &reversed);

    let most_played = visit.text("/library?sort=plays&dir=desc").await;
    assert_in_order(&most_played, &["Beta 100% Pure", "Delta", "Echo From History"]);
    let shortest = visit.text("/library?sort=duration&dir=asc").await;
    assert_in_order(&shortest, &["Delta", "Beta 100% Pure", "Alpha Song", "Gamma_Ray", "Echo From History"]);
    let by_artist = visit.text("/library?sort=artists&dir=desc").await;
    assert_in_order(&by_artist, &["Gamma_Ray", "Alpha Song", "Echo From History"]);

    let (_, html) = visit.get("/library?sort=title&dir=asc").await;
    assert!(html.contains(r#"aria-sort="ascending""#), "the sorted header says so");
    assert_eq!(html.matches("aria-sort=").count(), 1, "only the sorted header carries aria-sort");
    assert!(html.contains(r#"href="/library?sort=title&amp;dir=desc""#), "its header link reverses the order");
    assert!(html.contains("<caption>") && html.contains(r#"<th scope="col""#) && html.contains(r#"<th scope="row""#));
    // Rows show their album's cover small (Nights has one, Days none) and compact dates.
    assert!(
        html.contains(
            r#"<img src="https://i.scdn.co/image/nights" alt="" width="40" height="40" loading="lazy" class="thumb">"#
        ),
        "{html}"
    );
    assert!(ascending.contains("5 Mar 2024"), "Gamma was liked on 5 March 2024: {ascending}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn an_unknown_sort_falls_back_to_the_default_order(pool: PgPool) {
    let mut visit = Visit::start(&pool, false).await;
    let text = visit.text("/library?sort=secret_column&dir=sideways").await;
    assert!(text.contains("sorted by Added, newest first"), "{text}");
    assert_in_order(&text, &["Gamma_Ray", "Beta 100% Pure", "Alpha Song"]);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn search_finds_titles_artists_and_albums_literally(pool: PgPool) {
    let mut visit = Visit::start(&pool, false).await;
    assert_eq!(titles_in(&visit.text("/library?q=ALPHA").await), ["Alpha Song"]);
    assert_eq!(titles_in(&visit.text("/library?q=moonlight+choir").await), ["Alpha Song", "Beta 100% Pure"]);
    assert_eq!(titles_in(&visit.text("/library?q=nights").await), ["Alpha Song", "Beta 100% Pure"]);
    assert_eq!(titles_in(&visit.text("/library?q=archive").await), ["Echo From History"], "history names count");
    // `%` and `_` are characters to find, not wildcards.
    assert_eq!(titles_in(&visit.text("/library?q=100%25").await), ["Beta 100% Pure"]);
    assert_eq!(titles_in(&visit.text("/library?q=%25").await), ["Beta 100% Pure"]);
    assert_eq!(titles_in(&visit.text("/library?q=_").await), ["Gamma_Ray"]);
    assert!(visit.text("/library?q=secret").await.contains("No tracks match these filters"));
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn each_source_filter_shows_its_tracks(pool: PgPool) {
    let mut visit = Visit::start(&pool, false).await;
    assert_eq!(titles_in(&visit.text("/library?source=liked&sort=title").await), ["Alpha Song", "Gamma_Ray"]);
    assert_eq!(titles_in(&visit.text("/library?source=playlist").await), ["Alpha Song", "Beta 100% Pure"]);
    let history = visit.text("/library?source=history").await;
    assert_eq!(titles_in(&history), ["Delta", "Echo From History"]);
    assert!(history.contains("History only") && history.contains("Archive Band"), "{history}");
    assert_eq!(titles_in(&visit.text("/library?source=all").await), ALL_TITLES);
    let (_, html) = visit.get("/library?source=history").await;
    // A track the catalog has not fetched links to Spotify, but not to pages here.
    assert!(html.contains("https://open.spotify.com/track/unknownEcho10000000000"));
    assert!(!html.contains("/library/tracks/unknownEcho10000000000"));
    assert!(
        html.contains("/library/tracks/trDelta000000000000000")
            && html.contains("/library/albums/alDays0000000000000000")
    );
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn the_added_range_counts_whole_days_and_explains_bad_dates(pool: PgPool) {
    let mut visit = Visit::start(&pool, false).await;
    let february = visit.text("/library?added_from=2024-02-01&added_to=2024-02-29").await;
    assert_eq!(titles_in(&february), ["Beta 100% Pure"]);
    // Liked at 23:30 on 5 March: a range ending that day includes it.
    assert_eq!(titles_in(&visit.text("/library?added_from=2024-03-05&added_to=2024-03-05").await), ["Gamma_Ray"]);
    assert_eq!(titles_in(&visit.text("/library?added_to=2024-01-31").await), ["Alpha Song"]);

    let (status, html) = visit.get("/library?added_from=2024-13-45").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let text = visible_text(&html);
    assert!(text.contains("“Added from” is not a date: write it as YYYY-MM-DD"), "{text}");
    assert!(html.contains(r#"name="added_from""#), "the form is shown again to correct it");
    let (status, html) = visit.get("/library?added_from=2024-03-01&added_to=2024-02-01").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(visible_text(&html).contains("“Added to” is before “Added from”"));
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn pages_of_fifty_with_previous_and_next(pool: PgPool) {
    let mut visit = Visit::start(&pool, false).await;
    seed::bulk_liked(&pool, visit.user_id, 120).await;
    let (_, first) = visit.get("/library?sort=title&dir=asc").await;
    let text = visible_text(&first);
    assert!(text.contains("Showing 1–50 of 125 tracks"), "{text}");
    assert!(first.contains(r#"href="/library?sort=title&amp;dir=asc&amp;page=2""#), "a next link");
    assert!(!first.contains(r#"rel="prev""#));
    assert_eq!(first.matches("<tr>").count(), 51, "a header row and fifty tracks");
    assert!(text.contains("Bulk 048") && !text.contains("Bulk 049"), "Alpha Song and Beta come first");

    let second = visit.text("/library?sort=title&dir=asc&page=2").await;
    assert!(second.contains("Showing 51–100 of 125 tracks"), "{second}");
    assert!(second.contains("Bulk 049") && second.contains("Bulk 098") && !second.contains("Bulk 099"));
    assert!(second.contains("Previous page") && second.contains("Next page"));

    let (_, last) = visit.get("/library?sort=title&dir=asc&page=3").await;
    let text = visible_text(&last);
    assert!(text.contains("Showing 101–125 of 125 tracks"), "{text}");
    assert!(last.contains(r#"rel="prev""#) && !last.contains(r#"rel="next""#));
    assert_eq!(last.matches("<tr>").count(), 26);

    let past = visit.text("/library?sort=title&dir=asc&page=4").await;
    assert!(past.contains("Page 4 is past the end of this list"), "{past}");
    assert!(visit.text("/library?page=0").await.contains("Showing 1–50 of 125 tracks"));
    assert!(visit.text("/library?page=lots").await.contains("Showing 1–50 of 125 tracks"));
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn the_playlists_list_shows_owner_relation_counts_and_spotify_links(pool: PgPool) {
    let mut visit = Visit::start(&pool, false).await;
    let (_, name) = demo_user(&visit.app, 0);
    let (_, html) = visit.get("/library/playlists").await;
    let text = visible_text(&html);
    assert_in_order(&text, &["Road Trip", "Friends Mix"]);
    assert!(text.contains(&format!("Road Trip {name} Yours 5 Public")), "{text}");
    assert!(text.contains("Friends Mix A Friend Followed 30 Public"), "{text}");
    assert!(!text.contains("Secret Playlist"));
    assert!(html.contains(r#"href="/library/playlists/plRoadTrip000000000000""#));
    assert!(
        html.contains(r#"href="https://open.spotify.com/playlist/plRoadTrip000000000000" rel="noopener""#),
        "{html}"
    );
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_playlist_page_lists_entries_of_every_kind_in_order(pool: PgPool) {
    let mut visit = Visit::start(&pool, false).await;
    let (_, name) = demo_user(&visit.app, 0);
    let (_, html) = visit.get("/library/playlists/plRoadTrip000000000000").await;
    let text = visible_text(&html);
    assert!(text.contains("Showing 1–5 of 5 entries"), "{text}");
    assert_in_order(&text, &["Alpha Song", "Home Recording", "Beta 100% Pure", "Talk Episode", "Unavailable"]);
    assert!(text.contains("Home Recording Local file Tape Band"), "a local file with its own names: {text}");
    assert!(text.contains("Talk Episode Podcast episode"), "{text}");
    assert!(text.contains("No longer available on Spotify"));
    assert!(text.contains(&format!("1 December 2023 {name}")), "the owner is named: {text}");
    assert!(text.contains("15 February 2024 friend1"), "{text}");
    assert!(html.contains("https://open.spotify.com/episode/epTalk0000000000000000"));
    assert!(html.contains("https://open.spotify.com/playlist/plRoadTrip000000000000"));
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_followed_playlist_says_spotify_does_not_share_its_contents(pool: PgPool) {
    let mut visit = Visit::start(&pool, false).await;
    let text = visit.text("/library/playlists/plFriends0000000000000").await;
    assert!(text.contains("Spotify shares a playlist's contents only with its owner and collaborators"), "{text}");
    assert!(!text.contains("Showing"), "no entries are listed");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn another_users_or_unknown_ids_answer_not_found(pool: PgPool) {
    let mut visit = Visit::start(&pool, false).await;
    for path in [
        "/library/playlists/plSecret00000000000000",
        "/library/playlists/noSuchPlaylist",
        "/library/albums/alSecret00000000000000",
        "/library/artists/arOther000000000000000",
        "/library/tracks/trSecret00000000000000",
        "/library/tracks/noSuchTrack",
    ] {
        let (status, html) = visit.get(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        let text = visible_text(&html);
        assert!(text.contains("Page not found") && !text.contains("Secret"), "{path}: {text}");
    }
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn an_album_page_shows_its_details_and_the_users_tracks(pool: PgPool) {
    let mut visit = Visit::start(&pool, false).await;
    let (_, html) = visit.get("/library/albums/alNights00000000000000").await;
    let text = visible_text(&html);
    assert!(text.contains("Album Nights Moonlight Choir"), "{text}");
    assert!(text.contains("Released 2021-05-01") && text.contains("Label Night Label"), "{text}");
    assert_in_order(&text, &["Alpha Song", "Beta 100% Pure"]);
    assert!(text.contains("Alpha Song 3:20 Liked 10 January 2024"), "{text}");
    let cover = html.split("<img").nth(1).and_then(|tag| tag.split_once('>')).map(|(tag, _)| tag).unwrap_or_default();
    assert!(cover.contains(r#"src="https://i.scdn.co/image/nights""#) && cover.contains("cover"), "{cover}");
    assert!(html.contains(r#"href="/library/artists/arMoon0000000000000000""#));
    assert!(html.contains(r#"href="https://open.spotify.com/album/alNights00000000000000" rel="noopener""#));

    let saved = visit.text("/library/albums/alDays0000000000000000").await;
    assert!(saved.contains("Single Days") && saved.contains("Saved 1 January 2024"), "{saved}");
    assert!(!saved.contains("Label"), "no label is known");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn an_artist_page_shows_genres_follows_tracks_and_saved_albums(pool: PgPool) {
    let mut visit = Visit::start(&pool, false).await;
    let sun = visit.text("/library/artists/arSun00000000000000000").await;
    assert!(sun.contains("Genres jazz, space"), "{sun}");
    assert!(sun.contains("You do not follow this artist"));
    assert_in_order(&sun, &["Beta 100% Pure", "Delta", "Gamma_Ray"]);
    assert!(sun.contains("Your saved albums Days"), "{sun}");
    assert!(!sun.contains("Secret"));

    let moon = visit.text("/library/artists/arMoon0000000000000000").await;
    assert!(moon.contains("Spotify does not share genres with this app"), "{moon}");
    assert!(moon.contains("You have saved no album by this artist"));

    let quiet = visit.text("/library/artists/arQuiet000000000000000").await;
    assert!(quiet.contains("You follow this artist"), "{quiet}");
    assert!(!quiet.contains("Genres") && !quiet.contains("does not share genres"), "details not fetched yet: {quiet}");
    assert!(quiet.contains("None of your tracks are by this artist"));
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_track_page_says_where_the_track_appears(pool: PgPool) {
    let mut visit = Visit::start(&pool, false).await;
    let (_, html) = visit.get("/library/tracks/trBeta0000000000000000").await;
    let beta = visible_text(&html);
    assert!(beta.contains("Moonlight Choir, Sun Collective") && beta.contains("From Nights"), "{beta}");
    assert!(beta.contains("Not in your liked songs"), "{beta}");
    assert!(beta.contains("Road Trip, position 3"), "{beta}");
    assert!(beta.contains("Plays 3 Skipped 1 time Listening time 4 min"), "{beta}");
    assert!(beta.contains("First played 1 April 2024, 10:00 UTC Last played 3 April 2024, 10:00 UTC"), "{beta}");
    assert!(html.contains(r#"href="https://open.spotify.com/track/trBeta0000000000000000" rel="noopener""#));

    let alpha = visit.text("/library/tracks/trAlpha000000000000000").await;
    assert!(alpha.contains("Liked since 10 January 2024") && alpha.contains("ISRC USAAA2400001"), "{alpha}");
    assert!(alpha.contains("No plays of this track in your history"), "{alpha}");

    let echo = visit.text("/library/tracks/unknownEcho10000000000").await;
    assert!(echo.contains("Echo From History Archive Band From Old Tapes"), "{echo}");
    assert!(echo.contains("Plays 1"), "{echo}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn plays_are_newest_first_with_episodes_apart(pool: PgPool) {
    let mut visit = Visit::start(&pool, false).await;
    let songs = visit.text("/library/plays").await;
    assert!(songs.contains("Showing 1–6 of 6 plays"), "{songs}");
    assert_in_order(&songs, &["Echo From History", "Delta", "Beta 100% Pure"]);
    assert!(songs.contains("Skipped"));
    assert!(!songs.contains("Secret") && !songs.contains("Talk Episode"), "{songs}");

    let (_, html) = visit.get("/library/plays?view=episodes").await;
    let episodes = visible_text(&html);
    assert!(episodes.contains("Showing 1–1 of 1 episode plays"), "{episodes}");
    assert!(episodes.contains("Talk Episode Talk Show 20:00"), "{episodes}");
    assert!(html.contains("https://open.spotify.com/episode/epTalk0000000000000000"));
    assert!(!episodes.contains("Secret Episode"));
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn an_empty_library_says_what_to_do(pool: PgPool) {
    let mut visit = Visit::start(&pool, true).await;
    seed::other_user(&pool).await;
    let (_, html) = visit.get("/library").await;
    assert!(visible_text(&html).contains("Your library has not been synced yet: open Sync"));
    assert!(html.contains(r#"href="/sync""#));
    assert!(visit.text("/library/playlists").await.contains("No playlists here yet"));
    let (_, html) = visit.get("/library/plays").await;
    assert!(visible_text(&html).contains("No plays yet: import your history"));
    assert!(html.contains(r#"href="/history""#));
    assert!(visit.text("/library/plays?view=episodes").await.contains("No podcast episode plays yet"));
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_filter_without_results_offers_to_clear_it(pool: PgPool) {
    let mut visit = Visit::start(&pool, false).await;
    let (_, html) = visit.get("/library?q=nothing+like+this&sort=title&dir=asc").await;
    assert!(visible_text(&html).contains("No tracks match these filters. Clear filters"));
    assert!(html.contains(r#"href="/library?sort=title&amp;dir=asc""#), "clearing keeps the order");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn visitors_are_pointed_to_sign_in_and_the_data_stays_closed(pool: PgPool) {
    let app = app(pool.clone()).await;
    seed::other_user(&pool).await;
    for path in ["/library", "/library/playlists", "/library/plays", "/library/tracks/trSecret00000000000000"] {
        let response = send(&app, get(path)).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let text = visible_text(&body_text(response).await);
        assert!(text.contains("Sign in with Spotify to browse your library"), "{path}: {text}");
        assert!(!text.contains("Secret"), "{path}");
    }
    const FORM: &str = "application/x-www-form-urlencoded";
    for (endpoint, content_type, body) in [
        ("list_library_tracks", "application/json", r#"{"params":{"q":"secret"}}"#),
        ("list_library_playlists", FORM, ""),
        ("get_library_playlist", FORM, "id=plSecret00000000000000&page=1"),
        ("get_library_track", FORM, "id=trSecret00000000000000"),
        ("list_library_plays", "application/json", r#"{"query":{"view":"Songs","page":1,"cursor":null}}"#),
    ] {
        let request = http::Request::post(format!("/api/{endpoint}"))
            .header("host", "127.0.0.1:3000")
            .header("content-type", content_type)
            .header("origin", ORIGIN)
            .body(axum::body::Body::from(body))
            .unwrap();
        let response = send(&app, request).await;
        // "Signed out" is an answer of its own, in the same request, and it carries nothing of anyone's library.
        assert_eq!(response.status(), StatusCode::OK, "{endpoint}");
        assert_eq!(body_text(response).await, "null", "{endpoint}");
    }
}
