//! `/charts/import`: bringing in a chart file for a genre (any format Crossfade reads), with the day for files that do
//! not say it, and what became of each file the user brought. The form is a plain multipart post to the server's
//! route (`server/src/chart_upload.rs`), which comes back here with the attempt's id, or with an upload problem's
//! code when no file arrived whole.

use crossfade_domain::ChartFormat;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::{CHART_IMPORT_PATH, GenreView, genre_path};
use crate::AppError;
use crate::moment::Moment;
use crate::page_answer::gated_view;

/// How many files the page lists.
#[cfg(feature = "ssr")]
const LISTED_ATTEMPTS: i64 = 10;

/// What became of one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptView {
    pub id: i64,
    pub genre: String,
    pub file_name: String,
    pub at: Moment,
    /// The counts of a stored chart: entries, matched, new recordings, unmatched.
    pub stored: Option<(i32, i32, i32, i32)>,
    pub refusal: Option<String>,
}

/// What the import page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartImportView {
    pub genres: Vec<GenreView>,
    pub attempts: Vec<AttemptView>,
}

/// The genres to import into and the signed-in user's latest files. A visitor gets `None` (signed out).
#[server(prefix = "/api", endpoint = "chart_imports")]
pub async fn chart_imports() -> Result<Option<ChartImportView>, AppError> {
    use crossfade_store::charts::{AttemptOutcome, genres, import_attempts};
    crate::account::for_viewer("chart_imports", |viewer| async move {
        let pool = expect_context::<sqlx::PgPool>();
        let internal =
            |error: crossfade_store::StoreError| crate::error::internal("reading chart imports failed", &error);
        let genres = genres(&pool).await.map_err(internal)?;
        let attempts = import_attempts(&pool, viewer.user_id, LISTED_ATTEMPTS).await.map_err(internal)?;
        Ok(ChartImportView {
            genres: genres.into_iter().map(|genre| GenreView { code: genre.code, name: genre.name }).collect(),
            attempts: attempts
                .into_iter()
                .map(|attempt| {
                    let (stored, refusal) = match attempt.outcome {
                        AttemptOutcome::Stored { entries, matched, new_recordings, unmatched, .. } => {
                            (Some((entries, matched, new_recordings, unmatched)), None)
                        }
                        AttemptOutcome::Refused(words) => (None, Some(words)),
                    };
                    AttemptView {
                        id: attempt.id,
                        genre: attempt.genre_code,
                        file_name: attempt.file_name,
                        at: Moment::at(attempt.created_at),
                        stored,
                        refusal,
                    }
                })
                .collect(),
        })
    })
    .await
}

#[component]
pub fn ChartImportPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| chart_imports());
    view! {
        <Title text="Bring in a chart" />
        <h1>"Bring in a chart"</h1>
        <p>
            "Upload a chart you downloaded and choose the genre it stands for. Crossfade reads the whole file or "
            "none of it, ties each entry to a recording (by ISRC, else by title, version, artists and length) and "
            "merges it with the genre's other charts."
        </p>
        <Suspense fallback=|| view! { <p>"Reading your imports…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, "to bring in charts", |view: ChartImportView| view! {
                    <Outcome attempts=view.attempts.clone() />
                    <ImportForm genres=view.genres />
                    <Formats />
                    <Attempts attempts=view.attempts />
                })
            })}
        </Suspense>
    }
}

/// What the last post did, as the server's redirect put it in the address.
#[component]
fn Outcome(attempts: Vec<AttemptView>) -> impl IntoView {
    let query = use_query_map();
    move || {
        let query = query.read();
        if let Some(attempt) = query
            .get("import")
            .and_then(|id| id.parse::<i64>().ok())
            .and_then(|id| attempts.iter().find(|attempt| attempt.id == id).cloned())
        {
            return match (attempt.stored, attempt.refusal) {
                (Some((entries, matched, new_recordings, unmatched)), _) => view! {
                    <div class="notice" role="status">
                        <p>
                            {format!(
                                "{} was stored: {entries} entries, {matched} tied to recordings already charted, \
                                 {new_recordings} new, {unmatched} not matched. ",
                                attempt.file_name
                            )}
                            <a href=genre_path(&attempt.genre)>"See the merged chart"</a>
                        </p>
                    </div>
                }
                .into_any(),
                (None, refusal) => view! {
                    <div class="form-error" role="alert">
                        <p>"Nothing was stored. " {refusal}</p>
                    </div>
                }
                .into_any(),
            };
        }
        let Some(code) = query.get("problem") else { return ().into_any() };
        if code == "unreported" {
            let reference = query.get("ref").unwrap_or_default();
            return view! {
                <div class="form-error" role="alert">
                    <p>
                        {format!(
                            "The chart was stored, but Crossfade could not keep its report for this list (reference \
                             {reference}). See the genre's chart."
                        )}
                    </p>
                </div>
            }
            .into_any();
        }
        let limit = query.get("limit");
        let words = match code.as_str() {
            "no-file" => "Choose a chart file to upload.".to_owned(),
            "empty" => "The file is empty.".to_owned(),
            "too-large" => format!("The file is larger than {} MB.", limit.unwrap_or_else(|| "the limit in".into())),
            "broken" => "The upload broke off before it was complete. Please try again.".to_owned(),
            "stalled" => "The upload stopped sending data. Please try again.".to_owned(),
            "no-genre" => "Choose the genre the chart stands for.".to_owned(),
            "failed" => match query.get("ref") {
                Some(reference) => format!("Something went wrong inside Crossfade (reference {reference})."),
                None => "Something went wrong inside Crossfade.".to_owned(),
            },
            _ => "The upload was refused.".to_owned(),
        };
        view! {
            <div class="form-error" role="alert">
                <p>"Nothing was stored: " {words}</p>
            </div>
        }
        .into_any()
    }
}

#[component]
fn ImportForm(genres: Vec<GenreView>) -> impl IntoView {
    view! {
        <section aria-labelledby="import-heading">
            <h2 id="import-heading">"Upload a chart"</h2>
            <form method="post" action=CHART_IMPORT_PATH enctype="multipart/form-data" class="upload">
                <label for="chart-genre">"Genre"</label>
                <select id="chart-genre" name="genre" required>
                    {genres.into_iter().map(|genre| view! { <option value=genre.code>{genre.name}</option> }).collect_view()}
                </select>
                <label for="chart-day">"Chart day (when the file does not say)"</label>
                <input id="chart-day" type="date" name="day" />
                <label for="chart-file">"Chart file"</label>
                <input id="chart-file" type="file" name="file" accept=".json,.csv,application/json,text/csv" required />
                <button type="submit" class="button">"Upload"</button>
            </form>
        </section>
    }
}

#[component]
fn Formats() -> impl IntoView {
    view! {
        <section aria-labelledby="formats-heading">
            <h2 id="formats-heading">"Files Crossfade reads"</h2>
            <ul>
                {ChartFormat::ALL.into_iter().map(|format| view! { <li>{format.name()}</li> }).collect_view()}
            </ul>
            <p>
                "Spotify's files carry their day in their names (as downloaded); Apple Music, Billboard and Shazam "
                "files carry it inside. Bringing in the same genre's chart of a service for the same day again "
                "replaces it."
            </p>
        </section>
    }
}

#[component]
fn Attempts(attempts: Vec<AttemptView>) -> impl IntoView {
    (!attempts.is_empty()).then(|| {
        view! {
            <section aria-labelledby="attempts-heading">
                <h2 id="attempts-heading">"Your latest files"</h2>
                <ul class="chart-imports">
                    {attempts.into_iter().map(|attempt| {
                        let outcome = match (attempt.stored, attempt.refusal) {
                            (Some((entries, matched, new_recordings, unmatched)), _) => format!(
                                "{entries} entries: {matched} matched, {new_recordings} new, {unmatched} not matched"
                            ),
                            (None, refusal) => format!("refused: {}", refusal.unwrap_or_default()),
                        };
                        view! {
                            <li>
                                <strong>{attempt.file_name}</strong>
                                " for "
                                <a href=genre_path(&attempt.genre)>{attempt.genre.clone()}</a>
                                ", " <time datetime=attempt.at.iso>{attempt.at.shown}</time> ": " {outcome}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}
