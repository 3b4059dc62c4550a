//! The run history: every apply, scheduled refresh and undo, with what it changed, what went wrong in plain words,
//! and an undo button for each run that wrote. An undo puts back exactly the tracks the playlist held before the
//! run, in their order; Spotify gives re-added tracks a new "date added". When the playlist changed on Spotify
//! since the run, the undo asks before going ahead.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::moment::Moment;

/// A run's state in words.
#[cfg(feature = "ssr")]
pub fn state_words(code: &str) -> &'static str {
    match code {
        "applied" => "Applied",
        "unchanged" => "Already up to date",
        "failed" => "Failed",
        "waiting" => "Waiting for Spotify",
        _ => "Writing",
    }
}

/// One run as the history shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunView {
    pub id: i64,
    pub started: Moment,
    pub trigger: String,
    pub state: String,
    pub summary: String,
    pub problem: Option<String>,
    pub undoable: bool,
    pub undone: bool,
    pub created_playlist: bool,
}

#[cfg(feature = "ssr")]
impl From<crossfade_store::smart_playlists::Run> for RunView {
    fn from(run: crossfade_store::smart_playlists::Run) -> Self {
        use crossfade_store::smart_playlists::{RunState, RunTrigger};
        let count = |value: Option<i32>| value.unwrap_or(0).max(0) as usize;
        let parts: Vec<String> = [("adds", run.added), ("removes", run.removed), ("moves", run.moved)]
            .into_iter()
            .filter(|(_, count_of)| count(*count_of) > 0)
            .map(|(verb, count_of)| format!("{verb} {}", count(count_of)))
            .collect();
        let mut summary = if parts.is_empty() { "no changes".to_owned() } else { parts.join(", ") };
        if run.created_playlist {
            summary = format!("created the playlist; {summary}");
        }
        if let Some(requests) = run.requests.filter(|requests| *requests > 0) {
            summary.push_str(&format!(" ({})", crate::format::counted(i64::from(requests), "request", "requests")));
        }
        RunView {
            id: run.id,
            started: Moment::at(run.started_at),
            trigger: match run.trigger {
                RunTrigger::Apply => "You applied it",
                RunTrigger::Schedule => "Schedule",
                RunTrigger::Undo => "Undo",
                RunTrigger::Duplicates => "Duplicates removed",
                RunTrigger::Discover => "Added from Discover",
            }
            .to_owned(),
            state: state_words(run.state.code()).to_owned(),
            summary,
            problem: run.problem,
            undoable: matches!(run.state, RunState::Applied) && run.undone_at.is_none() && run.uris_before.is_some(),
            undone: run.undone_at.is_some(),
            created_playlist: run.created_playlist,
        }
    }
}

/// Undoes run `run` of smart playlist `id`; `anyway` goes ahead though the playlist changed on Spotify since.
#[server(prefix = "/api", endpoint = "undo_smart_run")]
pub async fn undo_smart_run(id: i64, run: i64, anyway: Option<String>) -> Result<String, AppError> {
    let (viewer, _) = super::owned(id).await?;
    let library = expect_context::<crossfade_library::Library>();
    let anyway = anyway.is_some_and(|value| value == "1");
    let outcome = crossfade_library::smart_playlists::undo(
        &library,
        viewer.user_id,
        Some(id),
        run,
        anyway,
        time::OffsetDateTime::now_utc(),
    )
    .await
    .map_err(|error| match error {
        crossfade_library::smart_playlists::SmartError::ChangedSince { .. } => {
            // The run is named, so the page offers "Undo anyway" beside it.
            match super::smart_failed("undoing the run failed", error) {
                AppError::InvalidInput { message, .. } => AppError::invalid(&format!("undo:{run}"), message),
                other => other,
            }
        }
        other => super::smart_failed("undoing the run failed", other),
    })?;
    Ok(match outcome.problem {
        Some(problem) => format!("{}: {problem}", state_words(outcome.state.code())),
        None => format!("Undone: the playlist {}.", outcome.summary),
    })
}

#[component]
pub fn Runs(id: i64, runs: Vec<RunView>, action: ServerAction<UndoSmartRun>) -> impl IntoView {
    let outcome = move || match action.value().get() {
        Some(Ok(message)) => Some(("notice", message, None)),
        Some(Err(AppError::InvalidInput { field, message })) => {
            let changed_run = field.strip_prefix("undo:").and_then(|run| run.parse::<i64>().ok());
            Some(("form-error", message, changed_run))
        }
        Some(Err(other)) => Some(("form-error", other.to_string(), None)),
        None => None,
    };
    view! {
        <section aria-labelledby="runs-heading" class="smart-runs">
            <h2 id="runs-heading">"Runs"</h2>
            <p>
                "Each run keeps what the playlist held before it. Undo puts those tracks back in their order; Spotify "
                "gives tracks it adds back a new “date added”."
            </p>
            {move || outcome().map(|(class, message, changed_run)| view! {
                <div class=class role="status">
                    <p>{message}</p>
                    {changed_run.map(|run| view! {
                        <ActionForm action>
                            <input type="hidden" name="id" value=id.to_string() />
                            <input type="hidden" name="run" value=run.to_string() />
                            <input type="hidden" name="anyway" value="1" />
                            <button type="submit" class="button">"Undo anyway"</button>
                        </ActionForm>
                    })}
                </div>
            })}
            {if runs.is_empty() {
                view! { <p>"No runs yet."</p> }.into_any()
            } else {
                view! {
                    <table class="tracks runs">
                        <caption>"The latest runs, newest first"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Started"</th>
                                <th scope="col">"By"</th>
                                <th scope="col">"Outcome"</th>
                                <th scope="col">"Changes"</th>
                                <th scope="col"><span class="visually-hidden">"Undo"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {runs
                                .into_iter()
                                .map(|run| {
                                    let outcome = match (&run.problem, run.undone) {
                                        (Some(problem), _) => format!("{}: {problem}", run.state),
                                        (None, true) => format!("{} (undone)", run.state),
                                        (None, false) => run.state.clone(),
                                    };
                                    view! {
                                        <tr>
                                            <td><time datetime=run.started.iso.clone()>{run.started.shown.clone()}</time></td>
                                            <td>{run.trigger.clone()}</td>
                                            <td>{outcome}</td>
                                            <td>{run.summary.clone()}</td>
                                            <td>
                                                {run.undoable.then(|| view! {
                                                    <ActionForm action>
                                                        <input type="hidden" name="id" value=id.to_string() />
                                                        <input type="hidden" name="run" value=run.id.to_string() />
                                                        <button type="submit" class="button secondary small">
                                                            {if run.created_playlist { "Undo (remove the playlist)" } else { "Undo" }}
                                                        </button>
                                                    </ActionForm>
                                                })}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            }}
        </section>
    }
}
