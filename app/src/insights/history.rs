//! `/insights/history?from=…&to=…`: the signed-in user's listening history over a date range (all of it when the
//! address names none), from the history's read model: time listened per day (a calendar), week, month and year;
//! an hour of day × weekday grid; skips by hour; top tracks, artists, albums, genres and labels; the most skipped;
//! sessions, streaks and discoveries; podcast time apart. Choosing a range is a GET form and year links, so every
//! view has an address; the charts are SVG drawn on the server with their numbers in tables.

use crossfade_domain::{
    HISTORY_EXPORT_PATH, HISTORY_INSIGHTS_PATH, HistoryRange, HistoryTable, Link, ListeningReport, TOP_TRACKS,
    TrackCollection,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::figures::Cards;
use super::history_sections::{Calendar, Discoveries, Sessions, Skips, Tops, WeekGrid};
use crate::AppError;
use crate::format;
use crate::moment::Moment;
use crate::page_answer::gated_view;

/// Everything the page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryView {
    pub range: HistoryRange,
    /// The years the whole history spans, newest first, for choosing one.
    pub years: Vec<u16>,
    pub computed: Moment,
    pub report: ListeningReport,
}

/// The listening history in the range `from`–`to` (days `YYYY-MM-DD`, either may be empty). Open to everyone: a
/// visitor gets `None`; a range that is not one answers 400 naming the field.
#[server(prefix = "/api", endpoint = "get_listening_history")]
pub async fn get_listening_history(from: Option<String>, to: Option<String>) -> Result<Option<HistoryView>, AppError> {
    crate::account::for_viewer("get_listening_history", |viewer| async move {
        let range = HistoryRange::parse(from.as_deref(), to.as_deref())
            .map_err(|problem| AppError::invalid(problem.field(), problem).answer())?;
        let pool = expect_context::<sqlx::PgPool>();
        let history = crossfade_library::insights::history_report(&pool, viewer.user_id, range)
            .await
            .map_err(|error| crate::error::internal("reading the listening history failed", &error))?;
        let years = history.years.map_or_else(Vec::new, |(first, last)| {
            (first..=last).rev().filter_map(|year| u16::try_from(year).ok()).collect()
        });
        Ok(HistoryView { range, years, computed: Moment::at(time::OffsetDateTime::now_utc()), report: history.report })
    })
    .await
}

/// `/insights/history`, for signed-in users; others are pointed to sign-in.
#[component]
pub fn HistoryInsightsPage() -> AnyView {
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let query = query.read();
            (query.get("from"), query.get("to"))
        },
        |(from, to)| get_listening_history(from, to),
    );
    view! {
        <Title text="Listening history" />
        <Suspense fallback=|| view! { <p>"Working out the figures…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, "to see your listening history", |view: HistoryView| {
                    view! { <Dashboard view /> }
                })
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Dashboard(view: HistoryView) -> AnyView {
    let HistoryView { range, years, computed, report } = view;
    let empty = report.totals.plays == 0 && report.totals.episodes == 0;
    view! {
        <Title text=format!("Listening history: {}", range.describe()) />
        <article class="insights">
            <p class="kind">"Listening history · Insights"</p>
            <h1>{format!("Your listening: {}", range.describe())}</h1>
            <RangePicker range years />
            <p>
                "The sound of "
                <a href=TrackCollection::Played(range).href()>"the tracks you played"</a>
                " and of "
                <a href=TrackCollection::Top(range).href()>{format!("your {TOP_TRACKS} most played")}</a>
                " in this range, or of "
                <a href=crossfade_domain::INSIGHTS_PATH>"any collection"</a>
                "."
            </p>
            <p class="freshness">
                "Figures from your plays as of "
                <time datetime=computed.iso>{computed.shown}</time>
                ". They follow every history import and every poll of recently played. Days and hours are UTC."
            </p>
            {if empty {
                view! {
                    <p class="notice">
                        "No plays in this range. Import your streaming history on the "
                        <a href="/history">"History"</a>
                        " page, or choose another range."
                    </p>
                }
                .into_any()
            } else {
                view! {
                    <Overview report=report.clone() />
                    <Calendar report=report.clone() />
                    <WeekGrid report=report.clone() />
                    <Tops report=report.clone() />
                    <Skips report=report.clone() />
                    <Sessions report=report.clone() />
                    <Discoveries report=report.clone() />
                    <Downloads range />
                }
                .into_any()
            }}
        </article>
    }
    .into_any()
}

/// A range from any day to any day (a GET form), the years of the history, and all of it, as links.
#[component]
fn RangePicker(range: HistoryRange, years: Vec<u16>) -> AnyView {
    let day = |day: Option<crossfade_domain::Day>| day.map(|day| day.to_string()).unwrap_or_default();
    let link = |range: HistoryRange| {
        let query = range.query();
        if query.is_empty() { HISTORY_INSIGHTS_PATH.to_owned() } else { format!("{HISTORY_INSIGHTS_PATH}?{query}") }
    };
    let current = |candidate: HistoryRange| (candidate == range).then_some("page");
    view! {
        <div class="insights-pickers">
            <form method="get" action=HISTORY_INSIGHTS_PATH class="filters insights-picker">
                <label for="history-from">"From"</label>
                <input id="history-from" type="date" name="from" value=day(range.from()) />
                <label for="history-to">"To"</label>
                <input id="history-to" type="date" name="to" value=day(range.to()) />
                <button type="submit" class="button">"Show"</button>
            </form>
            <nav aria-label="Ranges" class="range-links">
                <a href=link(HistoryRange::ALL) aria-current=current(HistoryRange::ALL)>"All time"</a>
                {years
                    .into_iter()
                    .filter_map(HistoryRange::year)
                    .map(|year| view! {
                        <a href=link(year) aria-current=current(year)>{year.describe()}</a>
                    })
                    .collect_view()}
            </nav>
        </div>
    }
    .into_any()
}

#[component]
fn Overview(report: ListeningReport) -> AnyView {
    let totals = report.totals;
    let cards = [
        ("Time listened", format::listening_time(totals.ms as i64)),
        ("Plays", format::count(totals.plays as i64)),
        ("Days with plays", format::count(totals.days_listened as i64)),
        ("Tracks", format::count(totals.tracks as i64)),
        ("Artists", format::count(totals.artists as i64)),
        ("Skipped", format::percent(totals.skips, totals.plays)),
        ("Sessions", format::count(report.sessions.count as i64)),
        ("Podcasts", format::listening_time(totals.episode_ms as i64)),
    ];
    let unmeasured = (totals.unmeasured > 0).then(|| {
        format!(
            "{} came from recently played, which does not say how long they lasted: they count as plays, not as time.",
            format::counted(totals.unmeasured as i64, "play", "plays")
        )
    });
    view! {
        <Cards cards=cards.to_vec() label="Overview" />
        {unmeasured.map(|text| view! { <p class="muted">{text}</p> })}
    }
    .into_any()
}

fn download_href(range: HistoryRange, table: HistoryTable, format: &str) -> String {
    let mut link = Link::new(HISTORY_EXPORT_PATH);
    link.push("from", range.from().map(|day| day.to_string()).as_deref());
    link.push("to", range.to().map(|day| day.to_string()).as_deref());
    link.push("table", Some(table.code()));
    link.push("format", Some(format));
    link.finish()
}

/// Every table as CSV and JSON, by plain links.
#[component]
fn Downloads(range: HistoryRange) -> AnyView {
    view! {
        <section class="insight-section" aria-labelledby="downloads-heading">
            <h2 id="downloads-heading">"Download the figures"</h2>
            <ul class="downloads">
                {HistoryTable::ALL
                    .into_iter()
                    .map(|table| view! {
                        <li>
                            {table.label()} ": "
                            <a href=download_href(range, table, "csv") download>"CSV"</a> " · "
                            <a href=download_href(range, table, "json") download>"JSON"</a>
                        </li>
                    })
                    .collect_view()}
            </ul>
        </section>
    }
    .into_any()
}
