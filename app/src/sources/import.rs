//! `/sources/import`: adding audio features, genres and labels from a file you already have (an Exportify export,
//! an exportify.net export, the "Spotify tracks dataset"). The form is a plain multipart post to the server's
//! import route, which works without JavaScript and comes back here with what happened in the URL: codes and
//! numbers only (see `server/src/file_import.rs`), turned into words here, so a crafted link cannot put words of
//! its own on the page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crossfade_domain::{BadRow, FileLayout, HeaderMatch, ImportProblem, RowFault};

use crate::AppError;
use crate::format;
use crate::page_answer::gated_view;

/// How many problems of a refused file the server passes back at most; more are only counted.
const LISTED_PROBLEMS: usize = 5;

/// What the page shows besides the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedValuesView {
    /// Tracks of the library that take at least one value from the user's imported files.
    pub tracks: i64,
}

/// How many of the signed-in user's tracks take values from files they imported. Open to everyone: a visitor gets
/// `None` (signed out).
#[server(prefix = "/api", endpoint = "file_import_status")]
pub async fn file_import_status() -> Result<Option<ImportedValuesView>, AppError> {
    use crossfade_store::enrichment::files::tracks_with_file_values;
    crate::account::for_viewer("file_import_status", |viewer| async move {
        let pool = expect_context::<sqlx::PgPool>();
        let tracks = tracks_with_file_values(&pool, viewer.user_id)
            .await
            .map_err(|error| crate::error::internal("reading the tracks with imported values failed", &error))?;
        Ok(ImportedValuesView { tracks })
    })
    .await
}

#[component]
pub fn FileImportPage() -> impl IntoView {
    // One request for the page: "signed out", or how many tracks carry imported values.
    let status = Resource::new(|| (), |_| file_import_status());
    view! {
        <Title text="Import a file" />
        <h1>"Import a file"</h1>
        <p>
            "Spotify no longer tells apps like this one how a track sounds, but you may already have a file that "
            "does. Crossfade takes the audio features, keys, genres and record labels from it for the tracks of "
            "your library. " <a href="/sources">"Back to Sources"</a>
        </p>
        <Suspense fallback=|| view! { <p>"Reading your imported values…"</p> }>
            {move || Suspend::new(async move {
                gated_view(status.await, "to import values from a file", |status: ImportedValuesView| view! {
                    <Outcome />
                    <ImportForm />
                    <AcceptedFiles />
                    <ImportedValues tracks=status.tracks />
                })
            })}
        </Suspense>
    }
}

/// What the last import or forgetting did, as the server's redirect put it in the URL.
#[component]
fn Outcome() -> impl IntoView {
    let query = use_query_map();
    move || {
        let query = query.read();
        match read_outcome(|name| query.get(name)) {
            Some(Outcome::Done(sentences)) => view! {
                <div class="notice" role="status">
                    {sentences.into_iter().map(|sentence| view! { <p>{sentence}</p> }).collect_view()}
                </div>
            }
            .into_any(),
            Some(Outcome::Refused { message, problems, more }) => view! {
                <div class="form-error" role="alert">
                    <p>{message}</p>
                    {(!problems.is_empty()).then(|| view! {
                        <ul>{problems.into_iter().map(|problem| view! { <li>{problem}</li> }).collect_view()}</ul>
                    })}
                    {more.map(|more| view! { <p>{more}</p> })}
                </div>
            }
            .into_any(),
            None => ().into_any(),
        }
    }
}

#[component]
fn ImportForm() -> impl IntoView {
    view! {
        <section aria-labelledby="import-heading">
            <h2 id="import-heading">"Import values"</h2>
            <form method="post" action="/sources/import" enctype="multipart/form-data" class="upload">
                <label for="enrichment-file">"CSV file"</label>
                <input id="enrichment-file" type="file" name="file" accept=".csv,text/csv" required />
                <button type="submit" class="button">"Import"</button>
            </form>
        </section>
    }
}

#[component]
fn AcceptedFiles() -> impl IntoView {
    view! {
        <section aria-labelledby="accepted-heading">
            <h2 id="accepted-heading">"Files Crossfade reads"</h2>
            <ul>
                <li>
                    <strong>"Exportify"</strong>
                    " exports of a playlist or your liked songs, every value in quotes. Its artist genre, audio "
                    "feature and album columns are optional; export with them switched on, since they are what "
                    "Crossfade takes. Exportify writes its header in your language: German, French, Spanish, "
                    "Portuguese, Italian, Dutch and Swedish headers are recognised by name, any other by the number "
                    "and order of its columns, and the result says which."
                </li>
                <li>
                    <strong>"exportify.net"</strong>
                    " exports, in its current layout (starting with Track URI) and its older one (starting with "
                    "Spotify ID)."
                </li>
                <li>
                    <strong>"The Spotify tracks dataset"</strong>
                    " (dataset.csv: about 114,000 tracks with audio features and a genre each), as downloaded, with "
                    "or without its leading row-number column."
                </li>
            </ul>
            <p>
                "Rows are matched to your library by Spotify URI or id, and else by ISRC; rows naming tracks that "
                "are not in your library are counted and left out. If any row cannot be read, nothing is imported "
                "and every bad row is named by its line, so a file is never half imported. Importing a file again "
                "replaces what earlier files said about the same tracks. Imported values are yours alone: nobody "
                "else on this Crossfade sees them."
            </p>
        </section>
    }
}

#[component]
fn ImportedValues(tracks: i64) -> impl IntoView {
    let summary = if tracks == 0 {
        "No track in your library takes a value from an imported file.".to_owned()
    } else {
        format!(
            "{} in your library {} values from files you imported.",
            format::counted(tracks, "track", "tracks"),
            if tracks == 1 { "takes" } else { "take" }
        )
    };
    view! {
        <section aria-labelledby="imported-heading">
            <h2 id="imported-heading">"Imported values"</h2>
            <p>{summary}</p>
            // A full-page form post: forgetting changes state, so it is never a link.
            <form method="post" action="/sources/import/forget">
                <button type="submit" class="button">"Forget imported values"</button>
            </form>
        </section>
    }
}

/// What the URL says happened.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    /// An import or forgetting that went through, in sentences.
    Done(Vec<String>),
    /// A refusal: what happened, the problems listed, and how many more there are.
    Refused { message: String, problems: Vec<String>, more: Option<String> },
}

/// Reads the outcome from the query parameters `get` answers; `None` when there is none (or it is not one the
/// server writes).
fn read_outcome(get: impl Fn(&str) -> Option<String>) -> Option<Outcome> {
    let number = |name: &str| get(name).and_then(|text| text.parse::<i64>().ok()).filter(|n| *n >= 0);
    if let Some(rows) = number("imported") {
        return Some(Outcome::Done(imported_sentences(rows, &get, &number)));
    }
    if let Some(tracks) = number("forgotten") {
        let sentence = if tracks == 0 {
            "There were no imported values to forget.".to_owned()
        } else {
            format!("Forgot the values you imported for {}.", format::counted(tracks, "track", "tracks"))
        };
        return Some(Outcome::Done(vec![sentence]));
    }
    let code = ImportProblem::parse(&get("problem")?)?;
    if code == ImportProblem::BadRows {
        let bad = get("bad").unwrap_or_default();
        let problems: Vec<String> = bad.split(',').filter_map(row_problem_words).take(LISTED_PROBLEMS).collect();
        let more = number("more").unwrap_or(0);
        let total = problems.len() as i64 + more;
        let message = format!(
            "Nothing was imported, because the file has {}:",
            if total == 1 { "one problem".to_owned() } else { format!("{} problems", format::count(total)) }
        );
        let more = (more > 0).then(|| format!("… and {} more.", format::count(more)));
        return Some(Outcome::Refused { message, problems, more });
    }
    let reason = refusal_words(code, &get, &number);
    let message = if code == ImportProblem::ForgetFailed { reason } else { format!("Nothing was imported: {reason}") };
    Some(Outcome::Refused { message, problems: Vec::new(), more: None })
}

/// "Imported 1,204 rows from an Exportify export (headers in German): 1,150 matched by Spotify id, 40 by ISRC, 14
/// not in your library (lines 12, 98, …)." and what was stored.
fn imported_sentences(
    rows: i64,
    get: &impl Fn(&str) -> Option<String>,
    number: &impl Fn(&str) -> Option<i64>,
) -> Vec<String> {
    let layout = layout_words(get("layout"));
    let header = match get("header").as_deref().and_then(HeaderMatch::parse) {
        Some(HeaderMatch::ByPosition) => {
            " (its header is in a language Crossfade does not know, so the columns were matched by position)".to_owned()
        }
        Some(HeaderMatch::Translated(language)) => format!(" (headers in {language})"),
        Some(HeaderMatch::English) | None => String::new(),
    };
    let (by_id, by_isrc, missed) =
        (number("id").unwrap_or(0), number("isrc").unwrap_or(0), number("missed").unwrap_or(0));
    let lines: Vec<i64> = get("lines")
        .unwrap_or_default()
        .split(',')
        .filter_map(|line| line.parse::<i64>().ok())
        .filter(|line| *line > 0)
        .collect();
    let listed = if lines.is_empty() {
        String::new()
    } else {
        let mut listed: Vec<String> = lines.iter().map(|line| line.to_string()).collect();
        if missed > lines.len() as i64 {
            listed.push("…".to_owned());
        }
        format!(" ({} {})", if lines.len() == 1 { "line" } else { "lines" }, listed.join(", "))
    };
    let mut sentences = vec![format!(
        "Imported {} from {layout}{header}: {} matched by Spotify id, {} by ISRC, {} not in your library{listed}.",
        format::counted(rows, "row", "rows"),
        format::count(by_id),
        format::count(by_isrc),
        format::count(missed),
    )];
    let (tracks, values) = (number("tracks").unwrap_or(0), number("values").unwrap_or(0));
    sentences.push(if values > 0 {
        format!(
            "Stored {} for {}.",
            format::counted(values, "value", "values"),
            format::counted(tracks, "track", "tracks"),
        )
    } else if by_id + by_isrc > 0 {
        "The file gives no audio features, genres or labels for those tracks, so nothing was stored: export it \
         again with those columns included."
            .to_owned()
    } else {
        "None of its tracks is in your library, so nothing was stored.".to_owned()
    });
    let mut skipped = Vec::new();
    if let Some(merged) = number("merged").filter(|n| *n > 0) {
        skipped.push(format!(
            "{} named a track an earlier row named and {} merged into it",
            format::counted(merged, "more row", "more rows"),
            if merged == 1 { "was" } else { "were" }
        ));
    }
    if let Some(local) = number("local").filter(|n| *n > 0) {
        skipped.push(format!(
            "{} named local files, which no service knows, and {} left out",
            format::counted(local, "row", "rows"),
            if local == 1 { "was" } else { "were" }
        ));
    }
    if !skipped.is_empty() {
        let mut sentence = skipped.join("; ");
        sentence.push('.');
        sentences.push(sentence);
    }
    sentences
}

/// "an Exportify export" for a layout's code, "a file" for anything else.
fn layout_words(code: Option<String>) -> &'static str {
    code.as_deref().and_then(FileLayout::parse).map_or("a file", FileLayout::described)
}

/// Why a whole file was refused, after "Nothing was imported: ".
fn refusal_words(
    code: ImportProblem,
    get: &impl Fn(&str) -> Option<String>,
    number: &impl Fn(&str) -> Option<i64>,
) -> String {
    match code {
        ImportProblem::NoFile => "choose a CSV file to import.".to_owned(),
        ImportProblem::Empty => "the file is empty.".to_owned(),
        ImportProblem::TooLarge => match number("limit") {
            Some(limit) => format!(
                "the file is larger than {} MB, the most this page takes. Split it and import the parts.",
                format::count(limit)
            ),
            None => "the file is larger than this page takes. Split it and import the parts.".to_owned(),
        },
        ImportProblem::Broken => "the upload broke off before it was complete. Please try again.".to_owned(),
        ImportProblem::Stalled => {
            "nothing arrived for a while, so the upload was cancelled. Please try again on a steadier \
                      connection."
                .to_owned()
        }
        ImportProblem::NotUtf8 => match number("line") {
            Some(line) => {
                format!("the file is not UTF-8 text (line {line} holds bytes that are not). Export it again as UTF-8.")
            }
            None => "the file is not UTF-8 text. Export it again as UTF-8.".to_owned(),
        },
        ImportProblem::NotCsv => {
            "this is not a CSV file with commas between its values. If a spreadsheet saved it with \
                      semicolons or tabs, save it again as CSV with commas."
                .to_owned()
        }
        ImportProblem::NoHeader => {
            "the first line is a track, not a header. Export the file again with its header line, or add \
                        the header the tool writes."
                .to_owned()
        }
        ImportProblem::UnknownHeader => format!(
            "the file's header is not one Crossfade knows, by its names or by the number and order of its columns. \
             The nearest is {}; export the file again without changing its columns.",
            layout_words(get("nearest"))
        ),
        ImportProblem::NoTracks => "the file has a header but no tracks.".to_owned(),
        ImportProblem::TooManyRows => format!(
            "the file holds more than {} tracks, the most one file may hold. Split it and import the parts.",
            number("limit").map_or_else(|| "the most".to_owned(), format::count)
        ),
        ImportProblem::Failed => format!("the values could not be stored. Please try again later{}.", reference(get)),
        ImportProblem::ForgetFailed => {
            format!("Your imported values could not be forgotten. Please try again later{}.", reference(get))
        }
        // Listed row by row by the caller.
        ImportProblem::BadRows => "the file has rows that cannot be read.".to_owned(),
    }
}

/// " (reference E0123456789)" when the URL carries a reference of the server's shape, else nothing.
fn reference(get: &impl Fn(&str) -> Option<String>) -> String {
    get("ref")
        .filter(|reference| {
            reference.len() <= 17
                && reference
                    .strip_prefix('E')
                    .is_some_and(|hex| !hex.is_empty() && hex.bytes().all(|byte| byte.is_ascii_hexdigit()))
        })
        .map(|reference| format!(" (reference {reference})"))
        .unwrap_or_default()
}

/// "line 7: Energy 1.8 is outside 0–1" from `7:range:energy:1.8`; `None` for what the server never writes.
fn row_problem_words(code: &str) -> Option<String> {
    let BadRow { line, fault } = BadRow::parse(code)?;
    let reason = match fault {
        RowFault::WrongFieldCount { expected, found } => {
            format!("the row has {found} fields where the header has {expected}")
        }
        RowFault::TooLong { limit } => format!("a value is longer than {limit} bytes"),
        RowFault::NoTrack => "the row names no track: it has neither a Spotify id nor an ISRC".to_owned(),
        RowFault::NotATrack => "the track is not a Spotify track (a spotify:track: URI, an open.spotify.com/track/ \
                                link or a 22-character id)"
            .to_owned(),
        RowFault::NotAnIsrc => {
            "the ISRC is not one (two letters, three letters or digits, then seven digits, like GBDUW0000059)"
                .to_owned()
        }
        RowFault::NotANumber => "a value that must be a number is not one".to_owned(),
        RowFault::NotAWholeNumber => "a value that must be a whole number is not one".to_owned(),
        RowFault::KeyWithoutMode => {
            "the row has a key but no mode (1 for major, 0 for minor), and a key needs one".to_owned()
        }
        RowFault::OutOfRange { feature, value } => {
            let (low, high) = feature.range();
            let range = if low < 0.0 { format!("{low} to {high}") } else { format!("{low}–{high}") };
            format!("{} {value} is outside {range}", feature.label())
        }
        RowFault::Key(number) => {
            format!("the key must be a pitch class from 0 (C) to 11 (B), or -1 for none, not {number}")
        }
        RowFault::Mode(number) => format!("the mode must be 1 (major) or 0 (minor), not {number}"),
        RowFault::TimeSignature(number) => format!("the time signature must be 3 to 7 beats per bar, not {number}"),
    };
    Some(format!("line {line}: {reason}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(query: &str) -> Option<Outcome> {
        let pairs: Vec<(String, String)> = query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect();
        read_outcome(|name| pairs.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone()))
    }

    #[test]
    fn an_import_reads_as_the_issue_says() {
        let Some(Outcome::Done(sentences)) = outcome(
            "imported=1204&layout=exportify&header=de&id=1150&isrc=40&missed=14&tracks=1190&values=9342\
             &lines=12,98&local=2",
        ) else {
            panic!("an import outcome")
        };
        assert_eq!(
            sentences,
            [
                "Imported 1,204 rows from an Exportify export (headers in German): 1,150 matched by Spotify id, 40 by \
                 ISRC, 14 not in your library (lines 12, 98, …).",
                "Stored 9,342 values for 1,190 tracks.",
                "2 rows named local files, which no service knows, and were left out.",
            ]
        );
    }

    #[test]
    fn an_import_that_matched_nothing_says_so() {
        let Some(Outcome::Done(sentences)) =
            outcome("imported=1&layout=tracks-dataset&header=en&id=0&isrc=0&missed=1&tracks=0&values=0&lines=2")
        else {
            panic!("an import outcome")
        };
        assert_eq!(
            sentences,
            [
                "Imported 1 row from the Spotify tracks dataset: 0 matched by Spotify id, 0 by ISRC, 1 not in your \
                 library (line 2).",
                "None of its tracks is in your library, so nothing was stored.",
            ]
        );
    }

    #[test]
    fn bad_rows_are_named_by_line() {
        let Some(Outcome::Refused { message, problems, more }) =
            outcome("problem=bad-rows&bad=7:range:energy:1.8,9:fields:3:20,10:range:loudness:-70,11:bogus&more=2")
        else {
            panic!("a refusal")
        };
        assert_eq!(message, "Nothing was imported, because the file has 5 problems:");
        assert_eq!(
            problems,
            [
                "line 7: Energy 1.8 is outside 0–1",
                "line 9: the row has 3 fields where the header has 20",
                "line 10: Loudness -70 is outside -60 to 5",
            ]
        );
        assert_eq!(more.as_deref(), Some("… and 2 more."));
    }

    #[test]
    fn only_a_reference_of_the_servers_shape_is_shown() {
        let words = |query: &str| match outcome(query) {
            Some(Outcome::Refused { message, .. }) => message,
            other => panic!("{other:?}"),
        };
        assert!(words("problem=failed&ref=E00DEADBEEF").ends_with("(reference E00DEADBEEF)."));
        assert!(words("problem=failed&ref=Ecall-this-number").ends_with("Please try again later."));
        assert_eq!(outcome("problem=something-else"), None);
        assert_eq!(outcome(""), None);
    }
}
