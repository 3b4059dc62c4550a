//! `/charts/:genre`: a genre's merged chart on a day (`?day=`, the latest by default) by a ranking method
//! (`?method=`), in the ranking's order or by the plays counted (`?order=trending|plays`), with each service's
//! position linked to the track there, the charts merged, the latest scheduled fetch of each service, and the
//! entries no recording was tied to marked. The options are a GET form, so the page works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use super::entry_page::entry_path;
use super::settle::{SettleChartEntry, SettleEntry};
use super::{CHART_IMPORT_PATH, CHARTS_PATH, GenreView};
use crate::AppError;
use crate::moment::Moment;
use crate::page_answer::gated_view;

/// A service's position of a row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacedView {
    pub service: String,
    pub position: u32,
    pub url: Option<String>,
}

/// A row of the merged chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RowView {
    pub rank: u32,
    pub title: String,
    pub artists: String,
    /// The recording's chart history; None for an entry no recording was tied to (it stands alone, waiting to be
    /// matched).
    pub recording: Option<String>,
    /// The score as the method counts it, written for people.
    pub score: String,
    /// An unmatched entry (`{chart}-{position}`), with the recording matching proposed (id, "“title” by artists").
    pub entry: Option<String>,
    pub proposal: Option<(String, String)>,
    /// One cell per service of the chart, in the columns' order.
    pub cells: Vec<Option<PlacedView>>,
    /// The plays and views counted for it, with the week's change, in words; None when no service counts it.
    pub plays: Option<String>,
}

/// The latest scheduled fetch of one of the genre's services.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchView {
    pub service: String,
    pub at: Moment,
    /// What it stored, or why it stored nothing.
    pub outcome: String,
    pub failed: bool,
}

/// One of the charts merged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceView {
    pub service: String,
    pub day: String,
    pub title: Option<String>,
    pub entries: u32,
    pub unmatched: u32,
}

/// A ranking method to choose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodView {
    pub code: String,
    pub name: String,
    pub chosen: bool,
}

/// What the genre's chart page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GenreChartView {
    pub genre: GenreView,
    pub methods: Vec<MethodView>,
    /// How the chosen method orders the chart.
    pub method_words: String,
    /// The orders to choose (ranking, trending, total plays), and how the chosen one orders the rows.
    pub orders: Vec<MethodView>,
    pub order_words: String,
    /// The latest scheduled fetch of each service of the genre that was fetched.
    pub fetches: Vec<FetchView>,
    /// None until a chart of the genre is brought in.
    pub chart: Option<MergedView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MergedView {
    pub day: String,
    /// Every day there is a chart for, latest first.
    pub days: Vec<String>,
    /// The services with a column, in the order of the cells.
    pub services: Vec<String>,
    pub sources: Vec<SourceView>,
    pub rows: Vec<RowView>,
}

/// `genre`'s merged chart on `day` (the latest when empty) by `method` (services, then positions when empty) in
/// `order` (the ranking's when empty). A visitor gets `None` (signed out); an unknown genre answers 404, a day,
/// method or order that cannot be read 400.
#[server(prefix = "/api", endpoint = "genre_chart")]
pub async fn genre_chart(
    genre: String,
    day: Option<String>,
    method: Option<String>,
    order: Option<String>,
) -> Result<Option<GenreChartView>, AppError> {
    use crossfade_domain::{ChartOrder, ChartService, Day, RankingMethod};
    crate::account::for_viewer("genre_chart", |_| async move {
        let day = match day.as_deref().map(str::trim).filter(|day| !day.is_empty()) {
            Some(text) => Some(
                Day::parse(text)
                    .ok_or_else(|| AppError::invalid("day", "not a day (write it as YYYY-MM-DD)").answer())?,
            ),
            None => None,
        };
        let method =
            RankingMethod::read(method.as_deref()).map_err(|words| AppError::invalid("method", words).answer())?;
        let order = ChartOrder::read(order.as_deref()).map_err(|words| AppError::invalid("order", words).answer())?;
        let pool = expect_context::<sqlx::PgPool>();
        let internal =
            |error: crossfade_store::StoreError| crate::error::internal("reading a merged chart failed", &error);
        let found = crossfade_store::charts::genre(&pool, &genre).await.map_err(internal)?;
        let found = found.ok_or_else(|| AppError::NotFound.answer())?;
        let merged =
            crossfade_store::charts::merged_chart(&pool, &found.code, day, method, order).await.map_err(internal)?;
        let fetches = crossfade_store::charts::latest_fetches(&pool, &found.code).await.map_err(internal)?;
        let fetches = fetches.into_iter().map(fetch_view).collect();
        let chart = merged.map(|merged| {
            let mut services: Vec<ChartService> = merged.sources.iter().map(|source| source.service).collect();
            services.sort();
            services.dedup();
            MergedView {
                day: merged.day.to_string(),
                days: merged.days.iter().map(ToString::to_string).collect(),
                services: services.iter().map(|service| service.name().to_owned()).collect(),
                sources: merged
                    .sources
                    .iter()
                    .map(|source| SourceView {
                        service: source.service.name().to_owned(),
                        day: source.day.to_string(),
                        title: source.title.clone(),
                        entries: source.entries,
                        unmatched: source.unmatched,
                    })
                    .collect(),
                rows: merged
                    .rows
                    .into_iter()
                    .map(|row| RowView {
                        rank: row.rank,
                        recording: row.recording_id.map(super::recording_path),
                        entry: row.unmatched_entry.map(|(chart, position)| format!("{chart}-{position}")),
                        proposal: row
                            .proposal
                            .as_ref()
                            .map(|(id, title, artists, _)| (id.to_string(), format!("“{title}” by {artists}"))),
                        score: score_words(method, row.score, row.placings.len()),
                        cells: services
                            .iter()
                            .map(|service| {
                                row.placings.iter().find(|placed| placed.service == *service).map(|placed| PlacedView {
                                    service: service.name().to_owned(),
                                    position: placed.position,
                                    url: placed.url.clone(),
                                })
                            })
                            .collect(),
                        plays: row.standing.map(|standing| plays_words(&standing)),
                        title: row.title,
                        artists: row.artists,
                    })
                    .collect(),
            }
        });
        Ok(GenreChartView {
            genre: GenreView { code: found.code, name: found.name },
            methods: RankingMethod::ALL
                .iter()
                .map(|each| MethodView {
                    code: each.code().to_owned(),
                    name: each.name().to_owned(),
                    chosen: *each == method,
                })
                .collect(),
            method_words: method.describe().to_owned(),
            orders: ChartOrder::ALL
                .iter()
                .map(|each| MethodView {
                    code: each.code().to_owned(),
                    name: each.name().to_owned(),
                    chosen: *each == order,
                })
                .collect(),
            order_words: order.describe().to_owned(),
            fetches,
            chart,
        })
    })
    .await
}

/// A row's score as its method counts it.
#[cfg(feature = "ssr")]
fn score_words(method: crossfade_domain::RankingMethod, score: f64, services: usize) -> String {
    use crossfade_domain::RankingMethod;
    let on = if services == 1 { "1 service".to_owned() } else { format!("{services} services") };
    match method {
        RankingMethod::ServicesThenPositions => format!("{on}, positions summing to {score:.0}"),
        RankingMethod::Borda => format!("{score:.0} points"),
        RankingMethod::AverageRank => format!("average position {score:.1} on {on}"),
    }
}

/// A row's counted plays and their weekly change, in words.
#[cfg(feature = "ssr")]
fn plays_words(standing: &crossfade_domain::CountStanding) -> String {
    let plays = crate::format::count(i64::try_from(standing.plays).unwrap_or(i64::MAX));
    match (standing.weekly_delta, standing.weekly_change_percent) {
        (Some(delta), Some(percent)) => format!("{plays}, {percent:+.1} % this week ({delta:+})"),
        (Some(delta), None) => format!("{plays}, {delta:+} this week"),
        _ => plays,
    }
}

/// A fetch as the page says it.
#[cfg(feature = "ssr")]
fn fetch_view(fetch: crossfade_store::charts::LatestFetch) -> FetchView {
    use crossfade_store::charts::FetchOutcome;
    let at = Moment::at(fetch.fetched_at);
    let (outcome, failed) = match fetch.outcome {
        FetchOutcome::Stored { entries, matched, new_recordings, unmatched, .. } => (
            format!("{entries} entries: {matched} matched, {new_recordings} new recordings, {unmatched} not matched"),
            false,
        ),
        FetchOutcome::Failed(words) => (words, true),
    };
    FetchView { service: fetch.service.name().to_owned(), at, outcome, failed }
}

#[component]
pub fn GenreChartPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let settle = ServerAction::<SettleChartEntry>::new();
    // Settling an entry (with JavaScript) reads the chart again.
    let data = Resource::new(
        move || {
            let query = query.read();
            (
                params.read().get("genre").unwrap_or_default(),
                query.get("day"),
                query.get("method"),
                query.get("order"),
                settle.version().get(),
            )
        },
        |(genre, day, method, order, _)| genre_chart(genre, day, method, order),
    );
    let location = leptos_router::hooks::use_location();
    let here = Signal::derive(move || {
        let search = location.search.get();
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{}", location.pathname.get(), search.trim_start_matches('?'))
        }
    });
    view! {
        <Suspense fallback=|| view! { <p>"Reading the chart…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, "to see the charts", move |view: GenreChartView| view! {
                    <GenreChart view settle here=here.get_untracked() />
                })
            })}
        </Suspense>
    }
}

#[component]
fn GenreChart(view: GenreChartView, settle: ServerAction<SettleChartEntry>, here: String) -> impl IntoView {
    let GenreChartView { genre, methods, method_words, orders, order_words, fetches, chart } = view;
    let fetched = (!fetches.is_empty()).then(|| view! { <Fetches fetches /> });
    let heading = format!("{} chart", genre.name);
    let Some(chart) = chart else {
        return view! {
            <Title text=heading.clone() />
            <h1>{heading}</h1>
            <p role="status">
                "No chart of this genre has been brought in yet. "
                <a href=CHART_IMPORT_PATH>"Bring in a chart file"</a>
                ", or wait for the scheduled fetch."
            </p>
            {fetched}
            <p><a href=CHARTS_PATH>"All genres"</a></p>
        }
        .into_any();
    };
    let MergedView { day, days, services, sources, rows } = chart;
    view! {
        <Title text=format!("{heading} · {day}") />
        <h1>{heading} " · " {day.clone()}</h1>
        <form method="get" class="chart-options">
            // Labels by `for`, not wrapping: a wrapping label's name would take in its options' words.
            <label for="chart-day">"Day"</label>
            " "
            <select id="chart-day" name="day">
                {days.into_iter().map(|each| {
                    let chosen = each == day;
                    view! { <option value=each.clone() selected=chosen>{each.clone()}</option> }
                }).collect_view()}
            </select>
            " "
            <label for="chart-method">"Ranking"</label>
            " "
            <select id="chart-method" name="method">
                {methods.into_iter().map(|method| view! {
                    <option value=method.code selected=method.chosen>{method.name}</option>
                }).collect_view()}
            </select>
            " "
            <label for="chart-order">"Order"</label>
            " "
            <select id="chart-order" name="order">
                {orders.into_iter().map(|order| view! {
                    <option value=order.code selected=order.chosen>{order.name}</option>
                }).collect_view()}
            </select>
            " "
            <button type="submit" class="button secondary small">"Show"</button>
        </form>
        <p class="muted">{method_words} " " {order_words}</p>
        {move || {
            settle.value().get().and_then(Result::err).map(|error| {
                let words = match error {
                    AppError::NotFound => "That entry was settled meanwhile; the chart shows it as it is now.".to_owned(),
                    other => other.to_string(),
                };
                view! { <p class="form-error" role="alert">{words}</p> }
            })
        }}
        <table class="library-table merged-chart">
            <caption>{format!("{} tracks from {} charts", rows.len(), sources.len())}</caption>
            <thead>
                <tr>
                    <th scope="col">"#"</th>
                    <th scope="col">"Track"</th>
                    {services.iter().map(|service| view! { <th scope="col">{service.clone()}</th> }).collect_view()}
                    <th scope="col">"Score"</th>
                    <th scope="col">"Plays and views"</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| view! { <Row row settle here=here.clone() /> }).collect_view()}
            </tbody>
        </table>
        <section aria-labelledby="sources-heading">
            <h2 id="sources-heading">"Charts merged"</h2>
            <ul>
                {sources.into_iter().map(|source| {
                    let unmatched = (source.unmatched > 0)
                        .then(|| format!(", {} not matched to a recording", source.unmatched));
                    view! {
                        <li>
                            <strong>{source.service}</strong>
                            {source.title.map(|title| format!(" “{title}”"))}
                            {format!(" of {}: {} entries", source.day, source.entries)}
                            {unmatched}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        {fetched}
        <p><a href=CHARTS_PATH>"All genres"</a> " · " <a href=CHART_IMPORT_PATH>"Bring in a chart file"</a></p>
    }
    .into_any()
}

/// The latest scheduled fetch of each service.
#[component]
fn Fetches(fetches: Vec<FetchView>) -> impl IntoView {
    view! {
        <section aria-labelledby="fetches-heading">
            <h2 id="fetches-heading">"Fetched on a schedule"</h2>
            <ul>
                {fetches.into_iter().map(|fetch| view! {
                    <li class:form-error=fetch.failed>
                        <strong>{fetch.service}</strong>
                        " at " <time datetime=fetch.at.iso>{fetch.at.shown}</time> ": "
                        {if fetch.failed { format!("nothing stored — {}", fetch.outcome) } else { fetch.outcome }}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Row(row: RowView, settle: ServerAction<SettleChartEntry>, here: String) -> AnyView {
    let unmatched = row.recording.is_none();
    let answers = row.entry.map(|entry| {
        let search = entry_path(&entry, &here);
        view! {
            <div class="settle-answers">
                <SettleEntry entry proposal=row.proposal back=here action=settle />
                <a href=search class="button secondary small">"Another recording…"</a>
            </div>
        }
    });
    view! {
        <tr class:unmatched=unmatched>
            <td>{row.rank}</td>
            <td>
                {match row.recording {
                    Some(href) => view! { <a href=href><strong>{row.title}</strong></a> }.into_any(),
                    None => view! { <strong>{row.title}</strong> }.into_any(),
                }}
                " — "
                {row.artists}
                {unmatched.then(|| view! { " " <span class="badge">"not matched"</span> })}
                {answers}
            </td>
            {row.cells.into_iter().map(|cell| view! {
                <td>
                    {cell.map(|placed| {
                        let label = format!("#{} on {}", placed.position, placed.service);
                        match placed.url {
                            Some(url) => view! {
                                <a href=url rel="noopener" target="_blank" aria-label=label>{placed.position}</a>
                            }.into_any(),
                            None => view! { <span aria-label=label>{placed.position}</span> }.into_any(),
                        }
                    })}
                </td>
            }).collect_view()}
            <td>{row.score}</td>
            <td>{row.plays.unwrap_or_default()}</td>
        </tr>
    }
    .into_any()
}
