//! `/charts`: the genres charts are merged for, each with its services and its latest chart day.

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

/// The genres in the installation's order. A visitor gets `None` (signed out).
#[server(prefix = "/api", endpoint = "chart_genres")]
pub async fn chart_genres() -> Result<Option<Vec<GenreSummary>>, AppError> {
    crate::account::for_viewer("chart_genres", |_| async move {
        let pool = expect_context::<sqlx::PgPool>();
        let genres = crossfade_store::charts::genres(&pool)
            .await
            .map_err(|error| crate::error::internal("reading the chart genres failed", &error))?;
        Ok(genres
            .into_iter()
            .map(|genre| GenreSummary {
                genre: GenreView { code: genre.code, name: genre.name },
                services: genre.sources.iter().map(|source| source.service.name().to_owned()).collect(),
            })
            .collect())
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
                gated_view(genres.await, "to see the charts", |genres: Vec<GenreSummary>| view! {
                    <ul class="chart-genres">
                        {genres
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
                    <p><a href=CHART_IMPORT_PATH>"Bring in a chart file"</a></p>
                })
            })}
        </Suspense>
    }
}
