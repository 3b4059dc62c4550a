//! Apple Music's most-played songs under `/apple-music`, as `https://rss.applemarketingtools.com` serves them:
//! `GET /api/v2/{cc}/music/most-played/{10|25|50|100}/songs.json` answers the RSS feed as JSON, the songs in chart
//! order (the position is the index), artists written "A & B" or "A, B & C", and Apple's own misspelling
//! `"contentAdvisoryRating":"Explict"` on explicit songs only.
//!
//! Each country's feed is redrawn once a day, early in the morning UTC at a time of its own, which `updated` gives
//! (RFC 2822); the smaller feeds are the top of the 100. Apple charts no genres: the feed draws from the whole
//! catalog and the songs beyond it. Another size, or a country code that is not two letters, answers 404.

use std::sync::Arc;

use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};
use time::format_description::well_known::Rfc2822;
use time::{Date, Duration, OffsetDateTime, Time};

use super::beatport::slug;
use super::charts::{Chart, ChartGenre, Song, ampersand_joined, text_seed, today, unit};
use super::identity::ProviderIndex;
use crate::state::SharedSandbox;

/// The feed sizes Apple serves.
const SIZES: [usize; 4] = [10, 25, 50, 100];

/// The Apple-Music routes, relative to `/apple-music`.
pub(super) fn routes() -> Router<SharedSandbox> {
    Router::new().route("/api/v2/{country}/music/most-played/{size}/songs.json", get(most_played))
}

/// When the feed of `day` is redrawn: between midnight and six in the morning UTC.
fn redrawn(country: &str, day: Date) -> OffsetDateTime {
    let seconds = (unit(text_seed(&format!("{country}@{day}"))) * 6.0 * 3600.0) as i64;
    day.with_time(Time::MIDNIGHT).assume_utc() + Duration::seconds(seconds)
}

/// Apple's genre id and name for a chart genre.
fn apple_genre(genre: Option<ChartGenre>) -> Option<(&'static str, &'static str)> {
    Some(match genre? {
        ChartGenre::Pop => ("14", "Pop"),
        ChartGenre::HipHop => ("18", "Hip-Hop/Rap"),
        ChartGenre::Dance => ("17", "Dance"),
        ChartGenre::Electronic => ("7", "Electronic"),
        ChartGenre::Country => ("6", "Country"),
        ChartGenre::Rock => ("21", "Rock"),
        ChartGenre::RnB => ("15", "R&B/Soul"),
        ChartGenre::Latin => ("12", "Latin"),
    })
}

/// `GET /api/v2/{cc}/music/most-played/{size}/songs.json`.
async fn most_played(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    Path((country, size)): Path<(String, String)>,
) -> Response {
    let country = country.to_ascii_lowercase();
    let size = size.parse::<usize>().ok().filter(|size| SIZES.contains(size));
    let (Some(size), true) = (size, country.len() == 2 && country.bytes().all(|b| b.is_ascii_lowercase())) else {
        return (StatusCode::NOT_FOUND, "Not Found").into_response();
    };
    let now = sandbox.clock.now();
    let today = today(&sandbox);
    let day = if redrawn(&country, today) <= now { today } else { today - Duration::days(1) };
    let name = format!("apple-music/{country}");
    let songs = Chart::new(&name, None, 100).draw(&index, day);
    let results: Vec<Value> = songs
        .into_iter()
        .take(size)
        .map(|song| result(&index, &index.charts.song(&sandbox.catalog, song), &country))
        .collect();
    let mut feed_url = sandbox.base_url.clone();
    feed_url.set_path(&format!("apple-music/api/v2/{country}/music/most-played/{size}/songs.json"));
    let updated = redrawn(&country, day).format(&Rfc2822).unwrap_or_default();
    Json(json!({ "feed": {
        "title": "Top Songs",
        "id": feed_url.as_str(),
        "author": { "name": "Apple", "url": "https://www.apple.com/" },
        "links": [{ "self": feed_url.as_str() }],
        "copyright": format!("Copyright © {} Apple Inc. All rights reserved.", day.year()),
        "country": country,
        "icon": "https://www.apple.com/favicon.ico",
        "updated": updated,
        "results": results,
    } }))
    .into_response()
}

/// One song of the feed.
fn result(index: &ProviderIndex, song: &Song<'_>, country: &str) -> Value {
    let id = index.number("apple-song", song.key, 1_400_000_000, 1_799_999_999);
    let album_id =
        index.number("apple-album", &format!("{}|{}", song.main_artist(), song.album), 1_400_000_000, 1_799_999_999);
    let artist_id = index.number("apple-artist", song.main_artist(), 100_000_000, 1_699_999_999);
    let artwork = index.uuid("apple-artwork", song.key);
    let genre = |(genre_id, name): (&str, &str)| {
        let url = format!("https://itunes.apple.com/{country}/genre/id{genre_id}");
        json!({ "genreId": genre_id, "name": name, "url": url })
    };
    let genres: Vec<Value> = apple_genre(song.genre).into_iter().chain([("34", "Music")]).map(genre).collect();
    let mut value = json!({
        "artistName": ampersand_joined(&song.artists),
        "id": id.to_string(),
        "name": song.title,
        "releaseDate": song.released.to_string(),
        "kind": "songs",
        "artistId": artist_id.to_string(),
        "artistUrl": format!("https://music.apple.com/{country}/artist/{}/{artist_id}", slug(song.main_artist())),
        "artworkUrl100": format!("https://is1-ssl.mzstatic.com/image/thumb/Music/v4/{artwork}/100x100bb.jpg"),
        "genres": genres,
        "url": format!("https://music.apple.com/{country}/album/{}/{album_id}?i={id}", slug(song.album)),
    });
    if song.explicit {
        value["contentAdvisoryRating"] = json!("Explict");
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn each_feed_is_redrawn_once_early_in_the_day() {
        let day = date!(2026 - 12 - 07);
        for country in ["us", "gb", "de"] {
            let at = redrawn(country, day);
            assert_eq!(at.date(), day);
            assert!(at.hour() < 6);
            assert_eq!(at, redrawn(country, day));
        }
        assert_eq!(apple_genre(Some(ChartGenre::HipHop)), Some(("18", "Hip-Hop/Rap")));
        assert_eq!(apple_genre(None), None);
    }
}
