//! The read-only charts API (JSON, open to anyone who can reach the server):
//!
//! - `GET /api/v1/charts/genres`: the genres, each with its services and its latest chart day;
//! - `GET /api/v1/charts/genres/{genre}?day=YYYY-MM-DD&method=…&order=…`: a genre's merged chart (the latest day on or
//!   before `day`, the default ranking when `method` is left out, in the ranking's order or by the plays counted
//!   when `order` is `trending` or `plays`), every service's position with its link, and the counted plays;
//! - `GET /api/v1/charts/recordings/{id}`: a recording's history (positions per chart, counts with their changes).
//!
//! Answers come from a cache in this process, kept per address and emptied whenever the charts' version (moved on by
//! every import and fetch, in their transactions) differs from the one the answers were made at, so every process
//! serves what the database holds; each request reads the version (one row). An answer carries the version as its
//! ETag (a repeated request with `If-None-Match` gets 304) and may be kept by clients until the next scheduled ingest
//! (a fetch or a play count, read with the version) is due, at least a minute and at most an hour (uploads and
//! settled entries come when they come); with nothing scheduled, for `FRESH_FOR_SECS`.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use crossfade_domain::{ChartOrder, Day, RankingMethod};
use crossfade_library::charts::{COUNT_PLAYS, FETCH_CHART};
use crossfade_store::StoreError;
use crossfade_store::charts::{charts_freshness, genres, merged_chart};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use lru::LruCache;
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

use crate::state::AppState;

/// Where the API lives.
pub const CHARTS_API_PATH: &str = "/api/v1/charts";

/// How long a client may keep an answer when no fetch is scheduled: uploads alone change the charts.
const FRESH_FOR_SECS: i64 = 300;
/// The least a client may keep an answer: a fetch that is due or running lands within about this long.
const FRESH_AT_LEAST_SECS: i64 = 60;
/// The most a client may keep an answer however late the next ingest: an upload or a settled entry shows within it.
const FRESH_AT_MOST_SECS: i64 = 3600;

/// The routes of the API.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&format!("{CHARTS_API_PATH}/genres"), get(genre_list))
        .route(&format!("{CHARTS_API_PATH}/genres/{{genre}}"), get(genre_chart))
        .route(&format!("{CHARTS_API_PATH}/recordings/{{id}}"), get(recording))
}

/// The answers this process made, at the charts' version they were made at.
pub struct ChartsCache {
    /// None when answers are not kept (`CROSSFADE_CHARTS_API_CACHE=0`).
    kept: Option<Mutex<Kept>>,
}

struct Kept {
    version: i64,
    answers: LruCache<String, Arc<Answer>>,
}

/// An answer as sent: its status and JSON body.
struct Answer {
    status: StatusCode,
    body: Bytes,
}

impl ChartsCache {
    /// A cache of at most `answers` answers (a genre's chart is a few hundred rows: tens of kilobytes); 0 keeps none.
    pub fn new(answers: usize) -> Arc<ChartsCache> {
        let kept = std::num::NonZeroUsize::new(answers)
            .map(|capacity| Mutex::new(Kept { version: i64::MIN, answers: LruCache::new(capacity) }));
        Arc::new(ChartsCache { kept })
    }

    fn get(&self, version: i64, key: &str) -> Option<Arc<Answer>> {
        let mut kept = self.kept.as_ref()?.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if kept.version != version {
            kept.answers.clear();
            kept.version = version;
            return None;
        }
        kept.answers.get(key).cloned()
    }

    fn put(&self, version: i64, key: String, answer: Arc<Answer>) {
        let Some(kept) = &self.kept else { return };
        let mut kept = kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // An answer made at an older version than the one now kept is not kept (an import landed meanwhile).
        if kept.version == version {
            kept.answers.put(key, answer);
        }
    }
}

/// Why an answer could not be made.
enum Refusal {
    NotFound(String),
    Store(StoreError),
}

impl From<StoreError> for Refusal {
    fn from(error: StoreError) -> Self {
        Refusal::Store(error)
    }
}

#[derive(Serialize)]
struct Problem {
    error: String,
}

/// Answers `key` from the cache at the current version, or makes it with `make` and keeps it.
async fn answer<T, Make>(state: &AppState, headers: &HeaderMap, key: String, make: Make) -> Response
where
    T: Serialize,
    Make: Future<Output = Result<T, Refusal>>,
{
    let (version, next_ingest) = match charts_freshness(&state.pool, &[FETCH_CHART, COUNT_PLAYS]).await {
        Ok(freshness) => freshness,
        Err(error) => return failed(&error),
    };
    let etag = format!("\"charts-{version}\"");
    let found = state.charts_cache.get(version, &key);
    let found = match found {
        Some(found) => {
            metrics::counter!("charts_api_requests_total", "outcome" => "kept").increment(1);
            found
        }
        None => {
            metrics::counter!("charts_api_requests_total", "outcome" => "made").increment(1);
            let (status, body) = match make.await {
                Ok(value) => (StatusCode::OK, serde_json::to_vec(&value)),
                Err(Refusal::NotFound(error)) => (StatusCode::NOT_FOUND, serde_json::to_vec(&Problem { error })),
                Err(Refusal::Store(error)) => return failed(&error),
            };
            let body = match body {
                Ok(body) => Bytes::from(body),
                Err(error) => return failed(&error),
            };
            let made = Arc::new(Answer { status, body });
            state.charts_cache.put(version, key, made.clone());
            made
        }
    };
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag || tag.trim() == "*"));
    let mut response = if unchanged && found.status == StatusCode::OK {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (found.status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], found.body.clone())
            .into_response()
    };
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert(header::ETAG, etag);
    }
    let fresh_for = next_ingest.map_or(FRESH_FOR_SECS, |next| {
        (next - time::OffsetDateTime::now_utc()).whole_seconds().clamp(FRESH_AT_LEAST_SECS, FRESH_AT_MOST_SECS)
    });
    if let Ok(fresh) = HeaderValue::from_str(&format!("public, max-age={fresh_for}")) {
        response.headers_mut().insert(header::CACHE_CONTROL, fresh);
    }
    response
}

/// A 500 with the error's reference; the error is logged once with its chain.
fn failed(error: &(dyn std::error::Error + 'static)) -> Response {
    let reference = crossfade_app::error_reference();
    tracing::error!(%reference, error = %crossfade_app::Chain(error), "answering the charts API failed");
    let problem = Problem { error: format!("something went wrong inside Crossfade (reference {reference})") };
    (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(problem)).into_response()
}

#[derive(Serialize)]
struct GenreAnswer {
    code: String,
    name: String,
    /// The genre of Crossfade's hierarchy it stands for.
    genre_id: String,
    services: Vec<&'static str>,
}

async fn genre_list(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let pool = state.pool.clone();
    answer(&state, &headers, "genres".to_owned(), async move {
        let list = genres(&pool).await?;
        Ok(list
            .into_iter()
            .map(|genre| GenreAnswer {
                services: genre.sources.iter().map(|source| source.service.code()).collect(),
                code: genre.code,
                name: genre.name,
                genre_id: genre.genre_id,
            })
            .collect::<Vec<_>>())
    })
    .await
}

#[derive(Deserialize)]
struct ChartQuery {
    day: Option<String>,
    method: Option<String>,
    order: Option<String>,
}

#[derive(Serialize)]
struct MergedAnswer {
    genre: String,
    day: String,
    method: &'static str,
    order: &'static str,
    /// Every day the genre has a merged chart for, latest first.
    days: Vec<String>,
    sources: Vec<SourceAnswer>,
    entries: Vec<EntryAnswer>,
}

#[derive(Serialize)]
struct SourceAnswer {
    service: &'static str,
    day: String,
    title: Option<String>,
    entries: u32,
    unmatched: u32,
}

#[derive(Serialize)]
struct EntryAnswer {
    rank: u32,
    /// None for an entry no recording was tied to.
    recording: Option<i64>,
    title: String,
    artists: String,
    score: f64,
    positions: Vec<PositionAnswer>,
    /// Plays and views counted up to the day, summed over the services that count the recording; with the week's
    /// change and that change in per cent, when known.
    plays: Option<u64>,
    weekly_change: Option<i64>,
    weekly_change_percent: Option<f64>,
}

#[derive(Serialize)]
struct PositionAnswer {
    service: &'static str,
    position: u32,
    url: Option<String>,
}

async fn genre_chart(
    State(state): State<AppState>,
    Path(genre): Path<String>,
    Query(query): Query<ChartQuery>,
    headers: HeaderMap,
) -> Response {
    let day = match query.day.as_deref().map(str::trim).filter(|day| !day.is_empty()) {
        Some(text) => match Day::parse(text) {
            Some(day) => Some(day),
            None => return refused(StatusCode::BAD_REQUEST, "day: not a day (write it as YYYY-MM-DD)"),
        },
        None => None,
    };
    let method = match RankingMethod::read(query.method.as_deref()) {
        Ok(method) => method,
        Err(words) => return refused(StatusCode::BAD_REQUEST, &format!("method: {words}")),
    };
    let order = match ChartOrder::read(query.order.as_deref()) {
        Ok(order) => order,
        Err(words) => return refused(StatusCode::BAD_REQUEST, &format!("order: {words}")),
    };
    let key = format!(
        "genres/{genre}?day={}&method={}&order={}",
        day.map(|day| day.to_string()).unwrap_or_default(),
        method.code(),
        order.code()
    );
    let pool = state.pool.clone();
    answer(&state, &headers, key, async move { merged(&pool, &genre, day, method, order).await }).await
}

async fn merged(
    pool: &PgPool,
    genre: &str,
    day: Option<Day>,
    method: RankingMethod,
    order: ChartOrder,
) -> Result<MergedAnswer, Refusal> {
    if crossfade_store::charts::genre(pool, genre).await?.is_none() {
        return Err(Refusal::NotFound(format!("there is no chart genre “{genre}”")));
    }
    let Some(chart) = merged_chart(pool, genre, day, method, order).await? else {
        return Err(Refusal::NotFound(format!("no chart of “{genre}” has been brought in yet")));
    };
    Ok(MergedAnswer {
        genre: genre.to_owned(),
        day: chart.day.to_string(),
        method: method.code(),
        order: order.code(),
        days: chart.days.iter().map(ToString::to_string).collect(),
        sources: chart
            .sources
            .into_iter()
            .map(|source| SourceAnswer {
                service: source.service.code(),
                day: source.day.to_string(),
                title: source.title,
                entries: source.entries,
                unmatched: source.unmatched,
            })
            .collect(),
        entries: chart
            .rows
            .into_iter()
            .map(|row| EntryAnswer {
                rank: row.rank,
                recording: row.recording_id,
                title: row.title,
                artists: row.artists,
                score: row.score,
                positions: row
                    .placings
                    .into_iter()
                    .map(|placed| PositionAnswer {
                        service: placed.service.code(),
                        position: placed.position,
                        url: placed.url,
                    })
                    .collect(),
                plays: row.standing.map(|standing| standing.plays),
                weekly_change: row.standing.and_then(|standing| standing.weekly_delta),
                weekly_change_percent: row.standing.and_then(|standing| standing.weekly_change_percent),
            })
            .collect(),
    })
}

#[derive(Serialize)]
struct RecordingAnswer {
    id: i64,
    title: String,
    artists: String,
    isrcs: Vec<String>,
    charts: Vec<RunAnswer>,
    counts: Vec<CountsAnswer>,
}

#[derive(Serialize)]
struct RunAnswer {
    genre: String,
    service: &'static str,
    peak: Option<PeakAnswer>,
    days_on_chart: u32,
    weeks_on_chart: u32,
    entries: Vec<String>,
    exits: Vec<String>,
    /// Every day the chart was published, with the recording's position (null: not on it that day).
    positions: Vec<DayPosition>,
}

#[derive(Serialize)]
struct PeakAnswer {
    position: u32,
    day: String,
}

#[derive(Serialize)]
struct DayPosition {
    day: String,
    position: Option<u32>,
}

#[derive(Serialize)]
struct CountsAnswer {
    service: &'static str,
    days: Vec<CountAnswer>,
}

#[derive(Serialize)]
struct CountAnswer {
    day: String,
    count: u64,
    daily_delta: Option<f64>,
    weekly_delta: Option<i64>,
    weekly_change_percent: Option<f64>,
}

async fn recording(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return refused(StatusCode::NOT_FOUND, "there is no such recording");
    };
    let pool = state.pool.clone();
    answer(&state, &headers, format!("recordings/{id}"), async move {
        let history = crossfade_library::charts::chart_history(&pool, id)
            .await?
            .ok_or_else(|| Refusal::NotFound("there is no such recording".into()))?;
        Ok(RecordingAnswer {
            id,
            title: history.title,
            artists: history.artists,
            isrcs: history.isrcs,
            charts: history
                .runs
                .iter()
                .map(|chart| {
                    let run = &chart.history;
                    RunAnswer {
                        genre: chart.genre_code.clone(),
                        service: chart.service.code(),
                        peak: run.peak.map(|(position, day)| PeakAnswer { position, day: day.to_string() }),
                        days_on_chart: run.days_on_chart,
                        weeks_on_chart: run.weeks_on_chart,
                        entries: run.entries.iter().map(ToString::to_string).collect(),
                        exits: run.exits.iter().map(ToString::to_string).collect(),
                        positions: run
                            .points
                            .iter()
                            .map(|point| DayPosition { day: point.day.to_string(), position: point.position })
                            .collect(),
                    }
                })
                .collect(),
            counts: history
                .counts
                .into_iter()
                .map(|(service, changes)| CountsAnswer {
                    service: service.code(),
                    days: changes
                        .into_iter()
                        .map(|change| CountAnswer {
                            day: change.day.to_string(),
                            count: change.count,
                            daily_delta: change.daily_delta,
                            weekly_delta: change.weekly_delta,
                            weekly_change_percent: change.weekly_change_percent,
                        })
                        .collect(),
                })
                .collect(),
        })
    })
    .await
}

/// A refusal made before the cache is asked (the request itself is wrong).
fn refused(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(Problem { error: message.to_owned() })).into_response()
}
