//! The History page: uploading Spotify's "Extended streaming history" export (a plain multipart form, so it works
//! without JavaScript) and following each import. With JavaScript the list refreshes while imports run.

mod imports;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::page_answer::{Problem, SignInPointer};

use crossfade_domain::ImportState;
use imports::{HistoryView, ImportView, history_imports};

/// How often the list is refreshed while an import is queued or running.
const POLL_MS: u64 = 1500;

#[component]
pub fn HistoryPage() -> impl IntoView {
    let tick = RwSignal::new(0_u32);
    // Set when the list arrives (inside the Transition), read by the poll: the resource itself is only read there.
    let running = RwSignal::new(false);
    // One resource for the page: its one request answers "signed out" or the imports, so the server renders and
    // the browser hydrates the same answer.
    let imports = Resource::new(move || tick.get(), |_| history_imports());
    Effect::new(move |_| {
        let handle = set_interval_with_handle(
            move || {
                if running.get_untracked() {
                    tick.update(|n| *n += 1);
                }
            },
            std::time::Duration::from_millis(POLL_MS),
        );
        on_cleanup(move || {
            if let Ok(handle) = handle {
                handle.clear();
            }
        });
    });
    view! {
        <Title text="Listening history" />
        <h1>"Listening history"</h1>
        <Transition fallback=|| view! { <p>"Reading your imports…"</p> }>
            {move || Suspend::new(async move {
                let history = imports.await;
                running.set(matches!(&history, Ok(Some(history)) if history.imports.iter().any(|i| {
                    i.phase.is_pending()
                })));
                match history {
                    Ok(Some(HistoryView { imports, demo_export })) => view! {
                        <UploadForm demo_export />
                        <Imports list=imports />
                    }.into_any(),
                    Ok(None) => view! { <SignInPointer purpose="to import your listening history" /> }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Words for a refusal the upload route passed back in the URL.
fn problem_words(refusal: crossfade_domain::UploadRefusal) -> &'static str {
    use crossfade_domain::UploadRefusal;
    match refusal {
        UploadRefusal::NoFile => {
            "Choose a file to upload: the .zip Spotify sent you, or the Streaming_History_Audio_*.json files in it."
        }
        UploadRefusal::NotAnExport => {
            "That is neither a .zip nor a .json file. Upload the .zip of Spotify's \u{201c}Extended \
                            streaming history\u{201d}, or the Streaming_History_Audio_*.json files in it."
        }
        UploadRefusal::TooLarge => "That file is larger than this Crossfade accepts (see CROSSFADE_UPLOAD_LIMIT_MB).",
        UploadRefusal::Empty => "That file is empty.",
        UploadRefusal::Broken => "The upload broke off before it was complete. Please try again.",
        UploadRefusal::Stalled => {
            "The upload stopped: nothing arrived for a while, so it was cancelled. Please try again on a steadier \
             connection."
        }
        UploadRefusal::OverQuota => {
            "This upload, with your uploads still waiting to be imported, would take more space than this \
             Crossfade keeps for each person (see CROSSFADE_UPLOAD_QUOTA_MB). Wait until the imports below have \
             finished, then upload it again."
        }
        UploadRefusal::Failed => "The upload could not be stored. Please try again later.",
    }
}

#[component]
fn UploadForm(demo_export: Option<String>) -> impl IntoView {
    let query = use_query_map();
    let problem = move || {
        query.read().get("problem").and_then(|code| crossfade_domain::UploadRefusal::parse(&code)).map(problem_words)
    };
    view! {
        <section aria-labelledby="upload-heading">
            <h2 id="upload-heading">"Import your history"</h2>
            <p>
                "Spotify's API only shows your last 50 plays. For everything since you joined, request the "
                <strong>"Extended streaming history"</strong>
                " on your Spotify account's privacy page; Spotify emails a .zip within a few days. Upload it here "
                "as it is (or the Streaming_History_Audio_*.json files in it, or older endsong_*.json files). "
                "Crossfade reads it without asking Spotify anything and keeps only what you played, when, and how: "
                "never your IP address, country or devices."
            </p>
            {demo_export.map(|url| view! {
                <p class="demo-export">
                    "Demo mode: sandbox accounts have no real history, but the sandbox makes one up. "
                    <a href=url>"Download this account's streaming history"</a>
                    " (a Streaming_History_Audio_*.json file) and upload it here."
                </p>
            })}
            <form method="post" action="/history/upload" enctype="multipart/form-data" class="upload">
                <label for="export">"Export files"</label>
                <input id="export" type="file" name="export" accept=".zip,.json,application/zip,application/json"
                    multiple required />
                <button type="submit" class="button">"Upload and import"</button>
            </form>
            {move || problem().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        </section>
    }
}

#[component]
fn Imports(list: Vec<ImportView>) -> impl IntoView {
    view! {
        <section aria-labelledby="imports-heading">
            <h2 id="imports-heading">"Imports"</h2>
            {if list.is_empty() {
                view! { <p>"No imports yet: upload your export above."</p> }.into_any()
            } else {
                view! {
                    <ul class="imports">
                        {list.into_iter().map(|import| view! { <ImportItem import /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <p><a href="/history">"Refresh"</a> " · " <a href="/library/plays">"See your plays"</a> " · "
                <a href=crossfade_domain::HISTORY_INSIGHTS_PATH>"See your listening insights"</a></p>
        </section>
    }
}

#[component]
fn ImportItem(import: ImportView) -> impl IntoView {
    let ImportView {
        file_name,
        phase,
        read_per_mille,
        plays_read,
        plays_added,
        episodes_added,
        duplicates,
        other_records,
        error,
        uploaded,
    } = import;
    let summary = match phase {
        ImportState::Queued => "Waiting to be imported…".to_owned(),
        ImportState::Importing => format!("Importing: {plays_read} records read so far…"),
        ImportState::Done => format!(
            "Imported: {plays_added} new song plays, {episodes_added} new podcast episode plays, {duplicates} already \
             known, {other_records} other records skipped."
        ),
        ImportState::Failed => "Not imported: nothing from this file was kept.".to_owned(),
    };
    view! {
        <li class="import" data-phase=format!("{phase:?}")>
            <p>
                <strong>{file_name.clone()}</strong>
                " · uploaded " <time datetime=uploaded.iso>{uploaded.shown}</time>
            </p>
            {(phase == ImportState::Importing).then(|| view! {
                <progress max="1000" value=read_per_mille aria-label=format!("Import of {file_name}")></progress>
            })}
            <p role="status">{summary}</p>
            {error.map(|error| view! { <p class="form-error">{error}</p> })}
        </li>
    }
}
