//! `/charts`: the genres charts are merged for, each with its services, and the signed-in user's own tracks on the
//! genres' latest charts of the week.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::{CHART_IMPORT_PATH, GenreView, genre_path};
use crate::AppError;
use crate::page_answer::gated_view;

/// A genre with the services whose charts stand for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenreSummary {
    pub genre: GenreView,
    pub services: Vec<String>,
}

/// One of the user's tracks on a genre's latest chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MineView {
    pub genre: GenreView,
    pub day: String,
    pub rank: u32,
    pub title: String,
    pub artists: String,
    /// The track's page in the library, and the recording's chart history.
    pub track_path: String,
    pub history_path: String,
}

/// What the charts page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartsView {
    pub genres: Vec<GenreSummary>,
    pub mine: Vec<MineView>,
}

/// The genres in the installation's order, and the signed-in user's tracks on their latest charts of the week. A
/// visitor gets `None` (signed out).
#[server(prefix = "/api", endpoint = "chart_genres")]
pub async fn chart_genres() -> Result<Option<ChartsView>, AppError> {
    crate::account::for_viewer("chart_genres", |viewer| async move {
        let pool = expect_context::<sqlx::PgPool>();
        let internal =
            |error: crossfade_store::StoreError| crate::error::internal("reading the chart genres failed", &error);
        let genres = crossfade_store::charts::genres(&pool).await.map_err(internal)?;
        let mine = crossfade_store::charts::tracks_on_charts(&pool, viewer.user_id).await.map_err(internal)?;
        Ok(ChartsView {
            genres: genres
                .into_iter()
                .map(|genre| GenreSummary {
                    genre: GenreView { code: genre.code, name: genre.name },
                    services: genre.sources.iter().map(|source| source.service.name().to_owned()).collect(),
                })
                .collect(),
            mine: mine
                .into_iter()
                .map(|track| MineView {
                    genre: GenreView { code: track.genre_code, name: track.genre_name },
                    day: track.day.to_string(),
                    rank: track.rank,
                    title: track.title,
                    artists: track.artists,
                    track_path: format!("/library/tracks/{}", track.track_id),
                    history_path: super::recording_path(track.recording_id),
                })
                .collect(),
        })
    })
    .await
}

#[component]
pub fn ChartsPage() -> impl IntoView {
    let genres = Resource::new(|| (), |_| chart_genres());
    view! {
        <Title text="Charts" />
        <h1>"Charts"</h1>
        <p>
            "Each genre's charts from several services, merged by recording: a track on more charts, higher up, "
            "ranks higher, and each service's own position is shown beside it."
        </p>
        <Suspense fallback=|| view! { <p>"Reading the genres…"</p> }>
            {move || Suspend::new(async move {
                gated_view(genres.await, "to see the charts", |charts: ChartsView| view! {
                    <Mine mine=charts.mine />
                    <h2>"Genres"</h2>
                    <ul class="chart-genres">
                        {charts.genres
                            .into_iter()
                            .map(|summary| {
                                let href = genre_path(&summary.genre.code);
                                view! {
                                    <li>
                                        <a href=href>{summary.genre.name}</a>
                                        " — "
                                        {summary.services.join(", ")}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <p>
                        <a href=CHART_IMPORT_PATH>"Bring in a chart file"</a>
                        " · "
                        <a href=super::CHART_SOURCES_PATH>"Chart sources"</a>
                    </p>
                })
            })}
        </Suspense>
    }
}

/// The user's tracks on the charts this week.
#[component]
fn Mine(mine: Vec<MineView>) -> impl IntoView {
    view! {
        <section aria-labelledby="mine-heading">
            <h2 id="mine-heading">"Your tracks on the charts this week"</h2>
            {if mine.is_empty() {
                view! { <p>"None of your library's tracks is on a genre's chart of the last seven days."</p> }.into_any()
            } else {
                view! {
                    <ul class="chart-runs">
                        {mine.into_iter().map(|track| view! {
                            <li>
                                {format!("#{} on the ", track.rank)}
                                <a href=genre_path(&track.genre.code)>{format!("{} chart", track.genre.name)}</a>
                                {format!(" of {}: ", track.day)}
                                <a href=track.track_path><strong>{track.title}</strong></a>
                                {format!(" — {} · ", track.artists)}
                                <a href=track.history_path>"chart history"</a>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
