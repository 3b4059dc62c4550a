//! Shazam's chart downloads under `/shazam`: `GET /services/charts/csv/{chart}` answers today's chart as CSV (a byte
//! order mark, a blank line, a quoted caption naming the chart and the day, then `Rank,Artist,Title`), saved as
//! `shazam-{chart}-{YYYY-MM-DD}.csv`, artists comma-joined.
//!
//! `top-200-global` charts 200 songs of every genre; the genre charts (`pop-global`, `hip-hop-rap-global`,
//! `dance-global`, `electronic-global`, `country-global`, `rock-global`, `r-b-soul-global`, `latin-global`) 100 of
//! their genre. Any other chart answers 404.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::charts::{Chart, ChartGenre, comma_joined, csv_download, field, today};
use super::identity::ProviderIndex;
use crate::state::SharedSandbox;

/// The Shazam routes, relative to `/shazam`.
pub(super) fn routes() -> Router<SharedSandbox> {
    Router::new().route("/services/charts/csv/{chart}", get(chart))
}

/// A chart's genre (none for the Top 200), length and caption.
fn chart_of(slug: &str) -> Option<(Option<ChartGenre>, usize, &'static str)> {
    let genre = match slug {
        "top-200-global" => return Some((None, 200, "Shazam Top 200 Global Chart")),
        "pop-global" => (ChartGenre::Pop, "Shazam Top 100 Pop Global Chart"),
        "hip-hop-rap-global" => (ChartGenre::HipHop, "Shazam Top 100 Hip-Hop/Rap Global Chart"),
        "dance-global" => (ChartGenre::Dance, "Shazam Top 100 Dance Global Chart"),
        "electronic-global" => (ChartGenre::Electronic, "Shazam Top 100 Electronic Global Chart"),
        "country-global" => (ChartGenre::Country, "Shazam Top 100 Country Global Chart"),
        "rock-global" => (ChartGenre::Rock, "Shazam Top 100 Rock Global Chart"),
        "r-b-soul-global" => (ChartGenre::RnB, "Shazam Top 100 R&B/Soul Global Chart"),
        "latin-global" => (ChartGenre::Latin, "Shazam Top 100 Latin Global Chart"),
        _ => return None,
    };
    Some((Some(genre.0), 100, genre.1))
}

/// `GET /services/charts/csv/{chart}`.
async fn chart(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    Path(slug): Path<String>,
) -> Response {
    let Some((genre, length, caption)) = chart_of(&slug) else {
        return (StatusCode::NOT_FOUND, "Not Found").into_response();
    };
    let day = today(&sandbox);
    let name = format!("shazam/{slug}");
    let mut text = format!("\n\"{caption} {day}\"\nRank,Artist,Title\n");
    for (n, song) in Chart::new(&name, genre, length).draw(&index, day).into_iter().enumerate() {
        let song = index.charts.song(&sandbox.catalog, song);
        let _infallible = writeln!(text, "{},{},{}", n + 1, field(&comma_joined(&song.artists)), field(song.title));
    }
    csv_download(&format!("shazam-{slug}-{day}.csv"), &text)
}
