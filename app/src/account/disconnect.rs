//! "Disconnect and delete my data": removes the user and everything that belongs to them, and ends all of their
//! sessions, in one transaction; then removes their uploaded history exports that were still waiting on disk.

use leptos::prelude::*;

use crate::AppError;

/// Deletes the signed-in user's account and data, their uploads waiting to be imported included, after an explicit
/// confirmation. Requires sign-in.
#[server(prefix = "/api", endpoint = "disconnect_account")]
pub async fn disconnect_account(confirm: Option<String>) -> Result<(), AppError> {
    let viewer = super::require_viewer()?;
    if confirm.as_deref() != Some("delete") {
        return Err(AppError::invalid("confirm", "tick the box to confirm that everything should be deleted").answer());
    }
    let pool = expect_context::<sqlx::PgPool>();
    let uploads = expect_context::<crossfade_library::jobs::UploadFolder>();
    let internal = |error: crossfade_store::StoreError| {
        crate::error::internal("deleting a user failed; nothing was deleted", &error)
    };
    // Read before the rows go: afterwards nothing says which uploads were this user's.
    let waiting: Vec<i64> = crossfade_store::plays::list_imports(&pool, viewer.user_id)
        .await
        .map_err(internal)?
        .into_iter()
        .filter(|import| import.state.is_pending())
        .map(|import| import.id)
        .collect();
    expect_context::<super::SpotifyClient>().forget(viewer.user_id);
    crossfade_store::users::delete_with_everything(&pool, viewer.user_id).await.map_err(internal)?;
    // Committed: the imports and their jobs are gone, so no worker starts on these files any more.
    uploads.remove_uploads(&waiting).await;
    leptos_axum::redirect("/?disconnected");
    Ok(())
}

/// The confirmation form. A full-page post with or without JavaScript, so the page that follows is rendered for a
/// signed-out browser.
#[component]
pub fn DisconnectForm() -> impl IntoView {
    // Reads a refusal passed back in the URL after a post without JavaScript.
    let disconnect = ServerAction::<DisconnectAccount>::new();
    let problem = move || match disconnect.value().get() {
        Some(Err(AppError::InvalidInput { message, .. })) => Some(message),
        Some(Err(other)) => Some(other.to_string()),
        _ => None,
    };
    view! {
        <form method="post" action="/api/disconnect_account" class="danger-zone">
            <p>
                "Deletes your library copy, listening history, rules, settings and your stored Spotify access from "
                "this Crossfade, and signs you out everywhere. Your Spotify account itself is not touched. To also "
                "remove Crossfade's permission on Spotify's side, visit your Spotify account's apps page."
            </p>
            <label>
                <input type="checkbox" name="confirm" value="delete" required />
                " I understand that this deletes all of my data in Crossfade"
            </label>
            {move || problem().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <button type="submit" class="button danger">"Disconnect and delete my data"</button>
        </form>
    }
}
