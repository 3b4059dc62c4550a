//! `/smart/:id`: one smart playlist, read in one request: the rule in the builder (unsaved work first, with every
//! problem at its row), the preview of what it matches now, the JSON tab, the settings, the changes a write would
//! make on Spotify (when asked for with `?changes=1`), and the run history.

use crossfade_domain::RuleForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use super::Choice;
use super::builder::{Builder, EditSmartRule};
use super::changes::{ApplySmartPlaylist, ChangesSection, ChangesView};
use super::json::{JsonTab, UseSmartJson};
use super::preview::{PreviewSection, PreviewView};
use super::runs::{RunView, Runs, UndoSmartRun};
use super::settings::{DeleteSmartPlaylist, SaveSmartSettings, SettingsForm, SettingsView};
use crate::AppError;
use crate::page_answer::gated_view;

/// A problem with the rule, placed at its row (or at the set, or the rule).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownProblem {
    pub set: Option<usize>,
    pub row: Option<usize>,
    pub path: String,
    pub message: String,
}

/// Everything the page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SmartView {
    pub id: i64,
    pub name: String,
    pub form: RuleForm,
    /// The builder holds work not saved yet.
    pub unsaved: bool,
    pub problems: Vec<ShownProblem>,
    /// What an import left out of the rule.
    pub import_notes: Vec<String>,
    /// The rule's JSON as the JSON tab shows it.
    pub json: String,
    /// What the rule matches now; None while it has problems.
    pub preview: Option<PreviewView>,
    pub settings: SettingsView,
    /// The user's playlists a rule may read (mirrored), and the other smart playlists.
    pub readable: Vec<Choice>,
    pub smart: Vec<Choice>,
    /// The playlists the user may write to (owned or collaborative).
    pub writable: Vec<Choice>,
    pub may_write: bool,
    pub changes: Option<ChangesView>,
    pub runs: Vec<RunView>,
    /// The random order's seed, as text (it is a 64-bit number); the preview and an apply from it use it.
    pub seed: String,
}

/// Smart playlist `id` of the signed-in user. With `changes`, the target playlist is read from Spotify and the
/// changes a write would make are worked out. `seed` keeps a random order of an earlier preview. A visitor gets
/// `None`; someone else's or an unknown smart playlist answers 404.
#[server(prefix = "/api", endpoint = "get_smart_playlist")]
pub async fn get_smart_playlist(id: i64, changes: bool, seed: Option<String>) -> Result<Option<SmartView>, AppError> {
    use crossfade_library::smart_playlists as service;
    crate::account::for_viewer("get_smart_playlist", |viewer| async move {
        let pool = expect_context::<sqlx::PgPool>();
        let library = expect_context::<crossfade_library::Library>();
        let smart = crossfade_store::smart_playlists::get(&pool, viewer.user_id, id)
            .await
            .map_err(|error| crate::error::internal("reading the smart playlist failed", &error))?
            .ok_or_else(|| AppError::NotFound.answer())?;
        let seed = seed.and_then(|seed| seed.parse::<u64>().ok()).unwrap_or_else(rand::random);
        let now = time::OffsetDateTime::now_utc();
        let draft = smart.draft.as_deref().and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok());
        let form = match &draft {
            Some(value) => RuleForm::from_json(value),
            None => RuleForm::of(&smart.rules),
        };
        let (rules, problems) = match form.rules() {
            Ok(rules) => (Some(rules), Vec::new()),
            Err(problems) => (None, problems.into_iter().map(shown).collect()),
        };
        let preview = match &rules {
            Some(rules) => Some(
                service::preview(&pool, viewer.user_id, rules, seed, now)
                    .await
                    .map_err(|error| super::smart_failed("previewing the smart playlist failed", error))?,
            ),
            None => None,
        };
        let playlists = crossfade_store::browse::playlists(&pool, viewer.user_id)
            .await
            .map_err(|error| crate::error::internal("listing the playlists failed", &error))?;
        let others = crossfade_store::smart_playlists::list(&pool, viewer.user_id)
            .await
            .map_err(|error| crate::error::internal("listing the smart playlists failed", &error))?;
        let may_write = service::may_write_playlists(&pool, viewer.user_id)
            .await
            .map_err(|error| super::smart_failed("reading the granted permissions failed", error.into()))?;
        let changes = if changes {
            let worked_out = service::changes(&library, viewer.user_id, &smart, seed, now)
                .await
                .map_err(|error| super::smart_failed("reading the playlist from Spotify failed", error))?;
            Some(super::changes::view_of(&pool, viewer.user_id, &worked_out).await?)
        } else {
            None
        };
        let runs = crossfade_store::smart_playlists::runs(&pool, viewer.user_id, id, 20)
            .await
            .map_err(|error| crate::error::internal("reading the run history failed", &error))?;
        let json = serde_json::to_string_pretty(&form.to_json().0).unwrap_or_default();
        let writable: Vec<Choice> = playlists
            .iter()
            .filter(|playlist| {
                matches!(
                    playlist.relation,
                    crossfade_domain::PlaylistRelation::Owner | crossfade_domain::PlaylistRelation::Collaborator
                )
            })
            .map(|playlist| Choice { value: playlist.spotify_id.clone(), name: playlist.name.clone() })
            .collect();
        let target_name = smart.playlist_id.as_ref().map(|target| {
            playlists
                .iter()
                .find(|playlist| &playlist.spotify_id == target)
                .map_or_else(|| target.clone(), |playlist| playlist.name.clone())
        });
        Ok(SmartView {
            id,
            name: smart.name.as_str().to_owned(),
            unsaved: smart.draft.is_some(),
            problems,
            import_notes: smart.import_notes.clone(),
            json,
            preview: preview.map(PreviewView::from),
            settings: SettingsView::of(&smart, target_name),
            readable: playlists
                .iter()
                .filter(|playlist| playlist.items_mirrored)
                .map(|playlist| Choice { value: playlist.spotify_id.clone(), name: playlist.name.clone() })
                .collect(),
            smart: others
                .into_iter()
                .filter(|other| other.id != id)
                .map(|other| Choice { value: format!("smart:{}", other.id), name: format!("{} (smart)", other.name) })
                .collect(),
            writable,
            may_write,
            changes,
            runs: runs.into_iter().map(RunView::from).collect(),
            seed: seed.to_string(),
            form,
        })
    })
    .await
}

#[cfg(feature = "ssr")]
fn shown((row, problem): crossfade_domain::PlacedProblem) -> ShownProblem {
    let set = row.map(|(set, _)| set).or_else(|| {
        problem
            .path
            .strip_prefix("$.sets[")
            .and_then(|rest| rest.split(']').next())
            .and_then(|index| index.parse().ok())
    });
    ShownProblem { set, row: row.map(|(_, row)| row), path: problem.path, message: problem.message }
}

/// The actions the page's forms run; the page reads its data again after each.
#[derive(Clone, Copy)]
pub struct Actions {
    pub edit: ServerAction<EditSmartRule>,
    pub json: ServerAction<UseSmartJson>,
    pub settings: ServerAction<SaveSmartSettings>,
    pub delete: ServerAction<DeleteSmartPlaylist>,
    pub apply: ServerAction<ApplySmartPlaylist>,
    pub undo: ServerAction<UndoSmartRun>,
}

/// `/smart/:id`, for signed-in users; others are pointed to sign-in.
#[component]
pub fn SmartPlaylistPage() -> AnyView {
    let params = use_params_map();
    let query = use_query_map();
    let actions = Actions {
        edit: ServerAction::new(),
        json: ServerAction::new(),
        settings: ServerAction::new(),
        delete: ServerAction::new(),
        apply: ServerAction::new(),
        undo: ServerAction::new(),
    };
    let data = Resource::new(
        move || {
            let id = params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or_default();
            let query = query.read();
            let changes = query.get("changes").is_some_and(|value| value == "1");
            let versions = (
                actions.edit.version().get(),
                actions.json.version().get(),
                actions.settings.version().get(),
                actions.apply.version().get(),
                actions.undo.version().get(),
            );
            (id, changes, query.get("seed"), versions)
        },
        |(id, changes, seed, _)| get_smart_playlist(id, changes, seed),
    );
    view! {
        <Title text="Smart playlist" />
        <Suspense fallback=|| view! { <p>"Reading the smart playlist…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, "to build smart playlists", move |view: SmartView| {
                    view! { <SmartPage view actions /> }
                })
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn SmartPage(view: SmartView, actions: Actions) -> AnyView {
    let id = view.id;
    let live = RwSignal::new(None::<PreviewView>);
    view! {
        <Title text=format!("{} · Smart playlist", view.name) />
        <article class="smart-playlist">
            <p class="kind">
                <a href=crossfade_domain::SMART_PLAYLISTS_PATH>"Smart playlists"</a>
            </p>
            <h1>{view.name.clone()}</h1>
            <Builder
                id
                form=view.form.clone()
                problems=view.problems.clone()
                unsaved=view.unsaved
                import_notes=view.import_notes.clone()
                readable=view.readable.clone()
                smart=view.smart.clone()
                edit=actions.edit
                live
            />
            <PreviewSection preview=view.preview.clone() live seed=view.seed.clone() />
            <JsonTab id json=view.json.clone() problems=view.problems.clone() action=actions.json />
            <SettingsForm id settings=view.settings.clone() writable=view.writable.clone() action=actions.settings delete=actions.delete />
            <ChangesSection
                id
                may_write=view.may_write
                changes=view.changes.clone()
                seed=view.seed.clone()
                unsaved=view.unsaved
                action=actions.apply
            />
            <Runs id runs=view.runs.clone() action=actions.undo />
        </article>
    }
    .into_any()
}
