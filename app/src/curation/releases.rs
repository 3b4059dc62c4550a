//! `/curation/releases`: bringing in new releases from a file (Beatport API or page JSON, an older Beatport feed, a
//! Top 100 chart CSV, a release list CSV), and what each ingest read and matched. The form is a plain multipart post
//! to the server's release route (`server/src/release_upload.rs`), which works without JavaScript and comes back
//! here with codes and numbers only, turned into words here.

use crossfade_domain::{FeedFormat, MatchMethod};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::format;
use crate::moment::Moment;
use crate::page_answer::gated_view;

/// How many ingests the page lists.
#[cfg(feature = "ssr")]
const LISTED_INGESTS: i64 = 10;

/// One ingest and how its tracks matched so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestView {
    pub id: i64,
    pub format: String,
    pub source: String,
    pub read_at: Moment,
    pub tracks_read: i64,
    pub tracks_new: i64,
    pub bad_rows_total: i64,
    /// The first rows left out: line and problem.
    pub bad_rows: Vec<(usize, String)>,
    /// Matched tracks per method (`isrc`, `fuzzy`, `manual`).
    pub matched: Vec<(String, i64)>,
    pub review: i64,
    pub unmatched: i64,
    pub pending: i64,
}

/// What the releases page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleasesView {
    /// The latest ingests, newest first.
    pub ingests: Vec<IngestView>,
    /// The name of the user's subfolder of the watched folder, when the installation watches one.
    pub folder: Option<String>,
}

/// The signed-in user's latest ingests, newest first. Open to everyone: a visitor gets `None` (signed out).
#[server(prefix = "/api", endpoint = "release_ingests")]
pub async fn release_ingests() -> Result<Option<ReleasesView>, AppError> {
    use crossfade_store::releases::ingest_reports;
    crate::account::for_viewer("release_ingests", |viewer| async move {
        let pool = expect_context::<sqlx::PgPool>();
        let reports = ingest_reports(&pool, viewer.user_id, LISTED_INGESTS)
            .await
            .map_err(|error| crate::error::internal("reading the release ingests failed", &error))?;
        let watched = use_context::<crossfade_library::releases::ReleaseFolderOn>().is_some_and(|folder| folder.0);
        Ok(ReleasesView {
            ingests: reports.into_iter().map(ingest_view).collect(),
            folder: watched.then_some(viewer.spotify_user_id),
        })
    })
    .await
}

#[cfg(feature = "ssr")]
fn ingest_view(report: crossfade_store::releases::IngestReport) -> IngestView {
    IngestView {
        id: report.id,
        format: report.format.code().to_owned(),
        source: report.source,
        read_at: Moment::at(report.created_at),
        tracks_read: report.tracks_read,
        tracks_new: report.tracks_new,
        bad_rows_total: report.bad_rows_total,
        bad_rows: report.bad_rows.into_iter().map(|row| (row.line, row.problem)).collect(),
        matched: report.matched.into_iter().map(|count| (count.method.code().to_owned(), count.tracks)).collect(),
        review: report.review,
        unmatched: report.unmatched,
        pending: report.pending,
    }
}

#[component]
pub fn ReleasesPage() -> impl IntoView {
    // One request for the page: "signed out", or the latest ingests with their reports.
    let ingests = Resource::new(|| (), |_| release_ingests());
    view! {
        <Title text="New releases" />
        <h1>"New releases"</h1>
        <p>
            "The curation board sorts each week's new releases. Bring them in from a file you have; Crossfade "
            "stores each track once, looks it up on Spotify (by ISRC, else by title, mix, artists and length) and "
            "says how much of each file it found."
        </p>
        <Suspense fallback=|| view! { <p>"Reading your releases…"</p> }>
            {move || Suspend::new(async move {
                gated_view(ingests.await, "to bring in new releases", |view: ReleasesView| view! {
                    <Outcome />
                    <UploadForm />
                    {view.folder.map(|folder| view! { <WatchedFolder folder /> })}
                    <AcceptedFiles />
                    <Ingests ingests=view.ingests />
                })
            })}
        </Suspense>
    }
}

/// What the last upload did, as the server's redirect put it in the URL.
#[component]
fn Outcome() -> impl IntoView {
    let query = use_query_map();
    move || {
        let query = query.read();
        if let Some(ingest) = query.get("ingest").and_then(|id| id.parse::<i64>().ok()) {
            return view! {
                <div class="notice" role="status">
                    <p>
                        "The file was read; its tracks are listed below as ingest " {ingest}
                        ". Matching them to Spotify goes on in the background: reload to see how far it got."
                    </p>
                </div>
            }
            .into_any();
        }
        let Some(code) = query.get("problem") else { return ().into_any() };
        let number = |name: &str| query.get(name).and_then(|value| value.parse::<u64>().ok());
        let reason = refusal_words(&code, number("line"), number("limit"), query.get("column"), query.get("ref"));
        view! {
            <div class="form-error" role="alert">
                <p>{reason}</p>
            </div>
        }
        .into_any()
    }
}

/// A refusal's code (and its numbers) in words. Unknown codes say only that nothing was stored.
fn refusal_words(
    code: &str,
    line: Option<u64>,
    limit: Option<u64>,
    column: Option<String>,
    reference: Option<String>,
) -> String {
    let stored = "Nothing was stored: ";
    match code {
        "no-file" => format!("{stored}choose a file of releases to upload."),
        "empty" => format!("{stored}the file is empty."),
        "too-large" => match limit {
            Some(limit) => format!("{stored}the file is larger than {limit} MB."),
            None => format!("{stored}the file is too large."),
        },
        "broken" => format!("{stored}the upload broke off before it was complete. Please try again."),
        "stalled" => format!("{stored}the upload stopped sending data. Please try again."),
        "not-utf8" => format!("{stored}the file is not text (UTF-8)."),
        "unknown-format" => format!(
            "{stored}the file is none of the formats listed below. A CSV needs a header row naming its columns."
        ),
        "malformed" => match line {
            Some(line) => format!("{stored}the file's structure is broken at line {line}."),
            None => format!("{stored}the file's structure is broken."),
        },
        "page-without-tracks" => format!(
            "{stored}the page holds no Beatport tracks. Save a Beatport track list once it has loaded, as a \
             complete page."
        ),
        "missing-column" => match column.as_deref() {
            Some(column @ ("artist" | "title")) => {
                format!("{stored}the header has no {column} column; a release list needs an artist and a title.")
            }
            _ => format!("{stored}the header lacks a column every release needs (artist and title)."),
        },
        "unqueued" => {
            "The releases were stored, but their matching could not be started; it starts with the next file \
                       you bring in, or when Crossfade starts again."
                .to_owned()
        }
        "failed" => match reference {
            Some(reference) => format!("{stored}something went wrong inside Crossfade (reference {reference})."),
            None => format!("{stored}something went wrong inside Crossfade."),
        },
        _ => format!("{stored}the upload was refused."),
    }
}

#[component]
fn UploadForm() -> impl IntoView {
    view! {
        <section aria-labelledby="upload-heading">
            <h2 id="upload-heading">"Upload releases"</h2>
            <form method="post" action="/curation/releases" enctype="multipart/form-data" class="upload">
                <label for="releases-file">"File of releases"</label>
                <input
                    id="releases-file"
                    type="file"
                    name="file"
                    accept=".json,.csv,.html,.htm,application/json,text/csv,text/html"
                    required
                />
                <button type="submit" class="button">"Upload"</button>
            </form>
        </section>
    }
}

/// Where the user's files go in the watched folder.
#[component]
fn WatchedFolder(folder: String) -> impl IntoView {
    view! {
        <section aria-labelledby="folder-heading">
            <h2 id="folder-heading">"Or drop files into the watched folder"</h2>
            <p>
                "This installation watches a folder for release files. Put yours in its subfolder named "
                <code>{folder}</code> " (your Spotify user id): each file is read within a minute or so, then moved "
                "to " <code>"read/"</code> ", or to " <code>"refused/"</code> " with a note saying why."
            </p>
        </section>
    }
}

#[component]
fn AcceptedFiles() -> impl IntoView {
    view! {
        <section aria-labelledby="formats-heading">
            <h2 id="formats-heading">"Files Crossfade reads"</h2>
            <ul>
                {FeedFormat::ALL
                    .into_iter()
                    .map(|format| view! { <li><strong>{format.name()}</strong> ": " {format_help(format)}</li> })
                    .collect_view()}
            </ul>
            <p>
                "Rows that cannot be read are listed by line and left out; the rest are stored. A track read again "
                "from another file is the same track (same artists, title, mix and ISRC): what the new file adds (a key, a BPM, a \
                 label) is kept."
            </p>
        </section>
    }
}

fn format_help(format: FeedFormat) -> &'static str {
    match format {
        FeedFormat::BeatportApi => "the JSON of Beatport's v4 API: a list with results, or one track.",
        FeedFormat::BeatportPage => "a Beatport page saved from the browser; its embedded track data is read.",
        FeedFormat::BeatportFeed => "the JSON of Beatport's older feeds (keys as text, the label beside the release).",
        FeedFormat::Top100Csv => "genre,title,artists,rank: no ISRC, so these are matched by title and artists.",
        FeedFormat::PlainCsv => {
            "a header naming artist and title, and any of mix, ISRC, label, release date, BPM, key and genre; \
             commas or semicolons."
        }
    }
}

/// What a method of matching is called on the page.
fn method_words(code: &str) -> &'static str {
    match MatchMethod::parse(code) {
        Some(MatchMethod::Isrc) => "by ISRC",
        Some(MatchMethod::Fuzzy) => "by title and artists",
        Some(MatchMethod::Manual) => "picked by you",
        None => "otherwise",
    }
}

#[component]
fn Ingests(ingests: Vec<IngestView>) -> impl IntoView {
    if ingests.is_empty() {
        return view! { <p>"No releases brought in yet."</p> }.into_any();
    }
    view! {
        <section aria-labelledby="ingests-heading">
            <h2 id="ingests-heading">"Latest files"</h2>
            {ingests.into_iter().map(|ingest| view! { <IngestReport ingest /> }).collect_view()}
        </section>
    }
    .into_any()
}

#[component]
fn IngestReport(ingest: IngestView) -> impl IntoView {
    let format_name = FeedFormat::parse(&ingest.format).map_or("a file", FeedFormat::name);
    let matched: i64 = ingest.matched.iter().map(|(_, tracks)| tracks).sum();
    let looked_up = ingest.tracks_read - ingest.pending;
    let rate = format::percent(matched.max(0) as u64, looked_up.max(1) as u64);
    let methods = ingest
        .matched
        .iter()
        .map(|(method, tracks)| format!("{} {}", format::count(*tracks), method_words(method)))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <article class="ingest" id=format!("ingest-{}", ingest.id)>
            <h3>{ingest.source.clone()}</h3>
            <p class="muted">
                {format_name} ", read " <time datetime=ingest.read_at.iso.clone()>{ingest.read_at.shown.clone()}</time>
                " (ingest " {ingest.id} ")"
            </p>
            <p>
                {format::counted(ingest.tracks_read, "track", "tracks")} " read, "
                {format::count(ingest.tracks_new)} " new."
            </p>
            <p>
                {if looked_up > 0 {
                    format!("Matched on Spotify: {rate} of those looked up ({methods}).")
                } else {
                    "Not looked up on Spotify yet.".to_owned()
                }}
                {(ingest.review > 0).then(|| format!(" {} to confirm.", format::count(ingest.review)))}
                {(ingest.unmatched > 0).then(|| format!(" {} not found.", format::count(ingest.unmatched)))}
                {(ingest.pending > 0).then(|| format!(" {} still to look up.", format::count(ingest.pending)))}
                {(ingest.review + ingest.unmatched > 0).then(|| view! { " " <a href="/curation/matches">"Check them"</a> })}
            </p>
            {(ingest.bad_rows_total > 0).then(|| view! {
                <details>
                    <summary>{format::counted(ingest.bad_rows_total, "row left out", "rows left out")}</summary>
                    <ul>
                        {ingest.bad_rows.iter().map(|(line, problem)| view! {
                            <li>"Line " {*line} ": " {problem.clone()}</li>
                        }).collect_view()}
                    </ul>
                </details>
            })}
        </article>
    }
}
