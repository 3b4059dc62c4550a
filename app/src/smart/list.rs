//! `/smart`: the signed-in user's smart playlists with their targets, schedules and latest runs; a form to start a
//! new one, and one to import a rule (Crossfade's JSON, or a Navidrome `.nsp` file pasted in).

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::moment::Moment;
use crate::page_answer::gated_view;

/// One smart playlist in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmartRow {
    pub id: i64,
    pub name: String,
    pub target: String,
    pub schedule: String,
    pub next_run: Option<Moment>,
    /// The latest run's state in words, and when it started.
    pub last_run: Option<(String, Moment)>,
}

/// The signed-in user's smart playlists by name. A visitor gets `None`.
#[server(prefix = "/api", endpoint = "get_smart_playlists")]
pub async fn get_smart_playlists() -> Result<Option<Vec<SmartRow>>, AppError> {
    crate::account::for_viewer("get_smart_playlists", |viewer| async move {
        let pool = expect_context::<sqlx::PgPool>();
        let rows = crossfade_store::smart_playlists::list(&pool, viewer.user_id)
            .await
            .map_err(|error| crate::error::internal("listing the smart playlists failed", &error))?;
        Ok(rows
            .into_iter()
            .map(|row| SmartRow {
                id: row.id,
                name: row.name,
                target: row.target.label().to_owned(),
                schedule: row.schedule.to_string(),
                next_run: row.next_run_at.map(Moment::at),
                last_run: row
                    .last_run
                    .map(|(state, at)| (super::runs::state_words(state.code()).to_owned(), Moment::at(at))),
            })
            .collect())
    })
    .await
}

/// Starts a smart playlist named `name` with a rule over the whole library, and goes to its page.
#[server(prefix = "/api", endpoint = "create_smart_playlist")]
pub async fn create_smart_playlist(name: String) -> Result<i64, AppError> {
    use crossfade_domain::{PlaylistName, RefreshSchedule, WriteTarget};
    let viewer = crate::account::require_viewer()?;
    let name = PlaylistName::parse(&name).map_err(|problem| AppError::invalid("name", problem).answer())?;
    let pool = expect_context::<sqlx::PgPool>();
    let rules = crossfade_library::smart_playlists::empty_rule();
    let settings = crossfade_store::smart_playlists::Settings {
        name: &name,
        rules: &rules,
        target: WriteTarget::Replace,
        playlist_id: None,
        schedule: RefreshSchedule::Never,
    };
    let id = crossfade_library::smart_playlists::save(
        &pool,
        viewer.user_id,
        None,
        &settings,
        time::OffsetDateTime::now_utc(),
    )
    .await
    .map_err(|error| super::smart_failed("creating the smart playlist failed", error))?;
    leptos_axum::redirect(&crossfade_domain::smart_playlist_path(id));
    Ok(id)
}

/// Imports a rule pasted as `text`: Crossfade's JSON (as exported), or a Navidrome smart playlist (`.nsp`). The new
/// smart playlist holds it as unsaved work, so its problems and what the import left out show in the builder.
#[server(prefix = "/api", endpoint = "import_smart_playlist")]
pub async fn import_smart_playlist(name: String, text: String) -> Result<i64, AppError> {
    use crossfade_domain::{NavidromeImport, PlaylistName, RefreshSchedule, RuleForm, WriteTarget};
    let viewer = crate::account::require_viewer()?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|error| {
        AppError::invalid(
            "text",
            format!("This is not JSON: {error} (line {}, column {}).", error.line(), error.column()),
        )
        .answer()
    })?;
    let (draft, suggested, notes) = if value.get("sets").is_some() {
        (RuleForm::from_json(&value), None, Vec::new())
    } else {
        let import =
            NavidromeImport::parse(&text).map_err(|problem| AppError::invalid("text", problem.message).answer())?;
        let notes = import.left_out.iter().map(|left| format!("{}: {}", left.path, left.message)).collect();
        (RuleForm::of(&import.rules), import.name, notes)
    };
    let name = match (name.trim(), suggested) {
        ("", Some(suggested)) => suggested,
        (given, _) => given.to_owned(),
    };
    let name = PlaylistName::parse(&name).map_err(|problem| AppError::invalid("name", problem).answer())?;
    let pool = expect_context::<sqlx::PgPool>();
    let rules = crossfade_library::smart_playlists::empty_rule();
    let settings = crossfade_store::smart_playlists::Settings {
        name: &name,
        rules: &rules,
        target: WriteTarget::Replace,
        playlist_id: None,
        schedule: RefreshSchedule::Never,
    };
    let now = time::OffsetDateTime::now_utc();
    let id = crossfade_library::smart_playlists::save(&pool, viewer.user_id, None, &settings, now)
        .await
        .map_err(|error| super::smart_failed("importing the smart playlist failed", error))?;
    let draft = serde_json::to_string(&draft.to_json().0).unwrap_or_default();
    crossfade_store::smart_playlists::save_draft(&pool, viewer.user_id, id, Some(&draft), &notes)
        .await
        .map_err(|error| crate::error::internal("keeping the imported rule failed", &error))?;
    leptos_axum::redirect(&crossfade_domain::smart_playlist_path(id));
    Ok(id)
}

/// `/smart`, for signed-in users; others are pointed to sign-in.
#[component]
pub fn SmartPlaylistsPage() -> AnyView {
    let create = ServerAction::<CreateSmartPlaylist>::new();
    let import = ServerAction::<ImportSmartPlaylist>::new();
    let data = Resource::new(|| (), |_| get_smart_playlists());
    view! {
        <Title text="Smart playlists" />
        <article class="smart-playlists">
            <h1>"Smart playlists"</h1>
            <p>
                "A smart playlist is a rule over your library (energy above 0.7, not played in the last 30 days, "
                "at most two per artist, ninety minutes, sorted by BPM…) that Crossfade writes to a Spotify "
                "playlist when you apply it or on a schedule. Every run keeps what the playlist held before, so one "
                "click undoes it."
            </p>
            <Suspense fallback=|| view! { <p>"Reading your smart playlists…"</p> }>
                {move || Suspend::new(async move {
                    gated_view(data.await, "to build smart playlists", move |rows: Vec<SmartRow>| {
                        view! {
                            <SmartList rows />
                            <NewForm create />
                            <ImportForm import />
                        }
                    })
                })}
            </Suspense>
        </article>
    }
    .into_any()
}

#[component]
fn SmartList(rows: Vec<SmartRow>) -> AnyView {
    if rows.is_empty() {
        return view! { <p class="notice">"No smart playlists yet: start one below."</p> }.into_any();
    }
    view! {
        <table class="tracks smart-list">
            <caption>"Your smart playlists"</caption>
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Writes"</th>
                    <th scope="col">"Schedule"</th>
                    <th scope="col">"Latest run"</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|row| {
                        let schedule = match row.next_run {
                            Some(next) => format!("{} (next {})", row.schedule, next.shown),
                            None => row.schedule.clone(),
                        };
                        view! {
                            <tr>
                                <td><a href=crossfade_domain::smart_playlist_path(row.id)>{row.name}</a></td>
                                <td>{row.target}</td>
                                <td>{schedule}</td>
                                <td>
                                    {row.last_run.map(|(state, at)| format!("{state}, {}", at.shown)).unwrap_or_else(|| "never run".to_owned())}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn NewForm(create: ServerAction<CreateSmartPlaylist>) -> impl IntoView {
    let problem = move || match create.value().get() {
        Some(Err(AppError::InvalidInput { message, .. })) => Some(message),
        Some(Err(other)) => Some(other.to_string()),
        _ => None,
    };
    view! {
        <section aria-labelledby="new-smart">
            <h2 id="new-smart">"Start a smart playlist"</h2>
            <ActionForm action=create attr:class="filters">
                <label for="new-smart-name">"Name"</label>
                <input id="new-smart-name" name="name" required maxlength="100" placeholder="Fresh house" />
                <button type="submit" class="button">"Start"</button>
            </ActionForm>
            {move || problem().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        </section>
    }
}

#[component]
fn ImportForm(import: ServerAction<ImportSmartPlaylist>) -> impl IntoView {
    let problem = move || match import.value().get() {
        Some(Err(AppError::InvalidInput { message, .. })) => Some(message),
        Some(Err(other)) => Some(other.to_string()),
        _ => None,
    };
    view! {
        <section aria-labelledby="import-smart">
            <h2 id="import-smart">"Import a rule"</h2>
            <p>
                "Paste a rule exported from Crossfade, or the contents of a Navidrome smart playlist (an "
                <code>".nsp"</code>
                " file). What Navidrome rules have no equivalent for a Spotify library (ratings, file details) is "
                "listed for you to review before you save."
            </p>
            <ActionForm action=import attr:class="import-rule">
                <label for="import-name">"Name (optional for .nsp files, which name themselves)"</label>
                <input id="import-name" name="name" maxlength="100" />
                <label for="import-text">"Rule"</label>
                <textarea id="import-text" name="text" rows="8" required spellcheck="false"></textarea>
                <button type="submit" class="button">"Import"</button>
            </ActionForm>
            {move || problem().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        </section>
    }
}
