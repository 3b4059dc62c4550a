//! `/charts/recordings/:recording`: a recording's history on the charts. For each chart it was on (a genre's chart of
//! one service): its peak, days and weeks on the chart, when it entered and left, and its position day by day (a day
//! the chart was not published is a gap, never an exit); then the play and view counts the services reported, with
//! each day's change (per day across missing days), the change over a week and the weekly change in per cent.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use super::lines::Lines;
use super::{CHARTS_PATH, genre_path};
use crate::AppError;
use crate::page_answer::gated_view;

/// One chart the recording was on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartRunView {
    pub genre_code: String,
    /// "Spotify · Pop".
    pub name: String,
    pub peak: Option<(u32, String)>,
    pub days_on_chart: u32,
    pub weeks_on_chart: u32,
    pub entries: Vec<String>,
    pub exits: Vec<String>,
    /// Day and position (None: published without it).
    pub points: Vec<(String, Option<u32>)>,
}

/// A day's count and its changes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountRowView {
    pub day: String,
    pub count: u64,
    pub daily: Option<f64>,
    pub gap_days: u32,
    pub weekly: Option<i64>,
    pub weekly_percent: Option<f64>,
}

/// One service's counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountsView {
    pub service: String,
    pub rows: Vec<CountRowView>,
}

/// What the page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordingHistoryView {
    pub title: String,
    pub artists: String,
    pub isrcs: Vec<String>,
    pub charts: Vec<ChartRunView>,
    pub counts: Vec<CountsView>,
}

/// The chart history of recording `recording`. A visitor gets `None` (signed out); an unknown recording answers 404.
#[server(prefix = "/api", endpoint = "recording_chart_history")]
pub async fn recording_chart_history(recording: String) -> Result<Option<RecordingHistoryView>, AppError> {
    use crossfade_domain::Movement;
    crate::account::for_viewer("recording_chart_history", |_| async move {
        let id = recording.parse::<i64>().map_err(|_| AppError::NotFound.answer())?;
        let pool = expect_context::<sqlx::PgPool>();
        let internal =
            |error: crossfade_store::StoreError| crate::error::internal("reading a chart history failed", &error);
        let history = crossfade_library::charts::chart_history(&pool, id).await.map_err(internal)?;
        let history = history.ok_or_else(|| AppError::NotFound.answer())?;
        let genres = crossfade_store::charts::genres(&pool).await.map_err(internal)?;
        let genre_name = |code: &str| {
            genres.iter().find(|genre| genre.code == code).map_or_else(|| code.to_owned(), |genre| genre.name.clone())
        };
        let charts = history
            .runs
            .iter()
            .map(|chart| {
                let run = &chart.history;
                ChartRunView {
                    genre_code: chart.genre_code.clone(),
                    name: format!("{} · {}", chart.service.name(), genre_name(&chart.genre_code)),
                    peak: run.peak.map(|(position, day)| (position, day.to_string())),
                    days_on_chart: run.days_on_chart,
                    weeks_on_chart: run.weeks_on_chart,
                    entries: run.entries.iter().map(ToString::to_string).collect(),
                    exits: run.exits.iter().map(ToString::to_string).collect(),
                    points: run
                        .points
                        .iter()
                        .map(|point| {
                            (point.day.to_string(), point.position.filter(|_| point.movement != Movement::Off))
                        })
                        .collect(),
                }
            })
            .collect();
        let counts = history
            .counts
            .into_iter()
            .map(|(service, changes)| CountsView {
                service: service.name().to_owned(),
                rows: changes
                    .into_iter()
                    .map(|change| CountRowView {
                        day: change.day.to_string(),
                        count: change.count,
                        daily: change.daily_delta,
                        gap_days: change.gap_days,
                        weekly: change.weekly_delta,
                        weekly_percent: change.weekly_change_percent,
                    })
                    .collect(),
            })
            .collect();
        Ok(RecordingHistoryView {
            title: history.title,
            artists: history.artists,
            isrcs: history.isrcs,
            charts,
            counts,
        })
    })
    .await
}

#[component]
pub fn RecordingHistoryPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.read().get("recording").unwrap_or_default(), recording_chart_history);
    view! {
        <Suspense fallback=|| view! { <p>"Reading the chart history…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, "to see the charts", |view: RecordingHistoryView| view! { <History view /> })
            })}
        </Suspense>
    }
}

#[component]
fn History(view: RecordingHistoryView) -> AnyView {
    let RecordingHistoryView { title, artists, isrcs, charts, counts } = view;
    // Every day any of its charts was published, in order: the lines' common axis.
    let mut days: Vec<String> =
        charts.iter().flat_map(|chart| chart.points.iter().map(|(day, _)| day.clone())).collect();
    days.sort();
    days.dedup();
    let series: Vec<(String, Vec<Option<f64>>)> = charts
        .iter()
        .map(|chart| {
            let values = days
                .iter()
                .map(|day| {
                    chart
                        .points
                        .iter()
                        .find(|(shown, _)| shown == day)
                        .and_then(|(_, position)| position.map(f64::from))
                })
                .collect();
            (chart.name.clone(), values)
        })
        .collect();
    view! {
        <Title text=format!("{title} on the charts") />
        <h1>{title.clone()}</h1>
        <p class="byline">{artists}</p>
        {(!isrcs.is_empty()).then(|| view! { <p class="muted">{format!("ISRC {}", isrcs.join(", "))}</p> })}
        <section aria-labelledby="positions-heading">
            <h2 id="positions-heading">"Positions"</h2>
            <Lines title=format!("{title}: positions") days series positions=true value_heading="position" />
            <ul class="chart-runs">
                {charts.into_iter().map(|chart| view! { <li><ChartRun chart /></li> }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="counts-heading">
            <h2 id="counts-heading">"Plays and views"</h2>
            {if counts.is_empty() {
                view! { <p>"No service has reported a play or view count for this recording yet."</p> }.into_any()
            } else {
                counts.into_iter().map(|counts| view! { <Counts title=title.clone() counts /> }).collect_view().into_any()
            }}
        </section>
        <p><a href=CHARTS_PATH>"All genres"</a></p>
    }
    .into_any()
}

#[component]
fn ChartRun(chart: ChartRunView) -> impl IntoView {
    let peak = chart.peak.map(|(position, day)| format!("peak #{position} on {day}")).unwrap_or_default();
    let weeks = if chart.weeks_on_chart == 1 { "1 week".to_owned() } else { format!("{} weeks", chart.weeks_on_chart) };
    let days = if chart.days_on_chart == 1 { "1 day".to_owned() } else { format!("{} days", chart.days_on_chart) };
    let entered = format!("entered {}", chart.entries.join(", "));
    let left = (!chart.exits.is_empty()).then(|| format!("; left {}", chart.exits.join(", ")));
    view! {
        <a href=genre_path(&chart.genre_code)><strong>{chart.name}</strong></a>
        {format!(": {peak}, on the chart {days} in {weeks}; {entered}")}
        {left}
    }
}

#[component]
fn Counts(title: String, counts: CountsView) -> AnyView {
    let days: Vec<String> = counts.rows.iter().map(|row| row.day.clone()).collect();
    let values: Vec<Option<f64>> = counts.rows.iter().map(|row| Some(row.count as f64)).collect();
    let series = vec![(counts.service.clone(), values)];
    let signed = |value: f64| {
        if value > 0.0 {
            format!("+{}", crate::format::count(value.round() as i64))
        } else {
            crate::format::count(value.round() as i64)
        }
    };
    view! {
        <Lines title=format!("{title}: {} counts", counts.service) days series positions=false value_heading="count" />
        <table class="library-table compact">
            <caption>{format!("{} counts and their changes", counts.service)}</caption>
            <thead>
                <tr>
                    <th scope="col">"Day"</th>
                    <th scope="col" class="number">"Count"</th>
                    <th scope="col" class="number">"Per day"</th>
                    <th scope="col" class="number">"Over a week"</th>
                    <th scope="col" class="number">"Weekly change"</th>
                </tr>
            </thead>
            <tbody>
                {counts.rows.into_iter().map(|row| {
                    let daily = row.daily.map(|daily| {
                        let over = if row.gap_days > 1 { format!(" (over {} days)", row.gap_days) } else { String::new() };
                        format!("{}{over}", signed(daily))
                    });
                    view! {
                        <tr>
                            <th scope="row">{row.day}</th>
                            <td class="number">{crate::format::count(row.count as i64)}</td>
                            <td class="number">{daily.unwrap_or_else(|| "–".to_owned())}</td>
                            <td class="number">{row.weekly.map_or_else(|| "–".to_owned(), |weekly| signed(weekly as f64))}</td>
                            <td class="number">{row.weekly_percent.map_or_else(|| "–".to_owned(), |percent| format!("{percent:+.1} %"))}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
