//! A smart playlist's settings: its name, where its tracks go (replace a playlist's tracks, add only new ones, or a
//! new dated playlist each run; into a playlist you choose or one Crossfade creates), and its schedule.

use crossfade_domain::WriteTarget;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::Choice;
use crate::AppError;
use crate::moment::Moment;

/// The settings as the form shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsView {
    pub name: String,
    pub target: String,
    /// The Spotify playlist written to, and its name.
    pub playlist: Option<Choice>,
    pub schedule_kind: String,
    pub schedule_time: String,
    pub schedule_weekday: String,
    pub schedule_text: String,
    pub next_run: Option<Moment>,
}

#[cfg(feature = "ssr")]
impl SettingsView {
    pub fn of(smart: &crossfade_store::smart_playlists::SmartPlaylist, playlist_name: Option<String>) -> SettingsView {
        let (kind, time, weekday) = smart.schedule.form_values();
        SettingsView {
            name: smart.name.as_str().to_owned(),
            target: smart.target.code().to_owned(),
            playlist: smart.playlist_id.clone().zip(playlist_name).map(|(value, name)| Choice { value, name }),
            schedule_kind: kind.to_owned(),
            schedule_time: time,
            schedule_weekday: weekday.to_owned(),
            schedule_text: smart.schedule.to_string(),
            next_run: smart.next_run_at.map(Moment::at),
        }
    }
}

/// Saves the settings of smart playlist `id`. `playlist` is a Spotify playlist id, or empty for one Crossfade
/// creates on the next run.
#[server(prefix = "/api", endpoint = "save_smart_settings")]
pub async fn save_smart_settings(
    id: i64,
    name: String,
    target: String,
    playlist: String,
    schedule_kind: String,
    schedule_time: String,
    schedule_weekday: String,
) -> Result<(), AppError> {
    use crossfade_domain::{PlaylistName, RefreshSchedule};
    let (viewer, smart) = super::owned(id).await?;
    let name = PlaylistName::parse(&name).map_err(|problem| AppError::invalid("name", problem).answer())?;
    let target = WriteTarget::parse(&target)
        .ok_or_else(|| AppError::invalid("target", "choose where the tracks go").answer())?;
    let schedule = RefreshSchedule::parse(&schedule_kind, &schedule_time, &schedule_weekday)
        .map_err(|problem| AppError::invalid("schedule", problem).answer())?;
    let pool = expect_context::<sqlx::PgPool>();
    let playlist = match playlist.trim() {
        "" => None,
        chosen => {
            let writable = crossfade_store::browse::playlists(&pool, viewer.user_id)
                .await
                .map_err(|error| crate::error::internal("listing the playlists failed", &error))?
                .into_iter()
                .any(|listed| {
                    listed.spotify_id == chosen
                        && matches!(
                            listed.relation,
                            crossfade_domain::PlaylistRelation::Owner
                                | crossfade_domain::PlaylistRelation::Collaborator
                        )
                });
            if !writable {
                return Err(AppError::invalid("playlist", "choose one of your own playlists, or a new one").answer());
            }
            Some(chosen.to_owned())
        }
    };
    let settings = crossfade_store::smart_playlists::Settings {
        name: &name,
        rules: &smart.rules,
        target,
        playlist_id: playlist.as_deref(),
        schedule,
    };
    // Settings keep the rule being built as it is.
    let draft = smart.draft.clone();
    crossfade_library::smart_playlists::save(
        &pool,
        viewer.user_id,
        Some(id),
        &settings,
        time::OffsetDateTime::now_utc(),
    )
    .await
    .map_err(|error| super::smart_failed("saving the settings failed", error))?;
    if draft.is_some() {
        crossfade_store::smart_playlists::save_draft(&pool, viewer.user_id, id, draft.as_deref(), &smart.import_notes)
            .await
            .map_err(|error| crate::error::internal("keeping the rule being built failed", &error))?;
    }
    Ok(())
}

/// Deletes smart playlist `id` and its run history (the Spotify playlist stays), and goes back to the list.
#[server(prefix = "/api", endpoint = "delete_smart_playlist")]
pub async fn delete_smart_playlist(id: i64) -> Result<(), AppError> {
    let (viewer, _) = super::owned(id).await?;
    let pool = expect_context::<sqlx::PgPool>();
    crossfade_store::smart_playlists::delete(&pool, viewer.user_id, id)
        .await
        .map_err(|error| crate::error::internal("deleting the smart playlist failed", &error))?;
    leptos_axum::redirect(crossfade_domain::SMART_PLAYLISTS_PATH);
    Ok(())
}

#[component]
pub fn SettingsForm(
    id: i64,
    settings: SettingsView,
    writable: Vec<Choice>,
    action: ServerAction<SaveSmartSettings>,
    delete: ServerAction<DeleteSmartPlaylist>,
) -> impl IntoView {
    let outcome = move || match action.value().get() {
        Some(Ok(())) => Some(("notice", "Settings saved.".to_owned())),
        Some(Err(AppError::InvalidInput { message, .. })) => Some(("form-error", message)),
        Some(Err(other)) => Some(("form-error", other.to_string())),
        None => None,
    };
    let chosen = settings.playlist.as_ref().map(|choice| choice.value.clone()).unwrap_or_default();
    let mut choices = writable;
    // A written playlist the mirror does not list yet (created since the last sync) stays choosable.
    if let Some(current) = &settings.playlist
        && !choices.iter().any(|choice| choice.value == current.value)
    {
        choices.insert(0, current.clone());
    }
    let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    view! {
        <section aria-labelledby="settings-heading" class="smart-settings">
            <h2 id="settings-heading">"Playlist and schedule"</h2>
            <ActionForm action attr:class="settings-form">
                <input type="hidden" name="id" value=id.to_string() />
                <label for="smart-name">"Name"</label>
                <input id="smart-name" name="name" value=settings.name.clone() required maxlength="100" />
                <fieldset>
                    <legend>"Each run"</legend>
                    {WriteTarget::ALL
                        .into_iter()
                        .map(|target| view! {
                            <label class="check">
                                <input type="radio" name="target" value=target.code() checked=settings.target == target.code() />
                                {target.label()}
                            </label>
                        })
                        .collect_view()}
                </fieldset>
                <label for="smart-playlist">"Spotify playlist"</label>
                <select id="smart-playlist" name="playlist">
                    <option value="" selected=chosen.is_empty()>"A new private playlist Crossfade creates"</option>
                    {choices
                        .into_iter()
                        .map(|choice| view! { <option value=choice.value.clone() selected=choice.value == chosen>{choice.name}</option> })
                        .collect_view()}
                </select>
                <fieldset>
                    <legend>"Refresh by itself"</legend>
                    <label>
                        "How often "
                        <select name="schedule_kind">
                            <option value="never" selected=settings.schedule_kind == "never">"never (only when you apply it)"</option>
                            <option value="hourly" selected=settings.schedule_kind == "hourly">"every hour"</option>
                            <option value="daily" selected=settings.schedule_kind == "daily">"every day"</option>
                            <option value="weekly" selected=settings.schedule_kind == "weekly">"every week"</option>
                        </select>
                    </label>
                    <label>
                        "at (UTC; minutes past the hour for hourly) "
                        <input name="schedule_time" value=settings.schedule_time.clone() class="short" />
                    </label>
                    <label>
                        "on (weekly) "
                        <select name="schedule_weekday">
                            {weekdays
                                .into_iter()
                                .map(|day| view! { <option value=day selected=settings.schedule_weekday == day>{day}</option> })
                                .collect_view()}
                        </select>
                    </label>
                </fieldset>
                <p>
                    {settings.schedule_text.clone()}
                    {settings.next_run.clone().map(|next| view! { "; next run " <time datetime=next.iso>{next.shown}</time> })}
                    "."
                </p>
                <button type="submit" class="button">"Save settings"</button>
            </ActionForm>
            {move || outcome().map(|(class, message)| view! { <p class=class role="status">{message}</p> })}
            <ActionForm action=delete attr:class="delete-form">
                <input type="hidden" name="id" value=id.to_string() />
                <button type="submit" class="button secondary">"Delete this smart playlist"</button>
                <span>" (its Spotify playlist stays)"</span>
            </ActionForm>
        </section>
    }
}
