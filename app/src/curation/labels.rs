//! Following a record label, from a board card or the label's page: the label's new releases are flagged on the
//! board.

use leptos::prelude::*;

use crate::AppError;

/// Follows (`follow` true) or stops following the label named `name` for the signed-in user, then returns to the
/// page the form was on (`back`, a path on this site). Requires sign-in.
#[server(prefix = "/api", endpoint = "follow_label")]
pub async fn follow_label(name: String, follow: bool, back: String) -> Result<(), AppError> {
    let viewer = crate::account::require_viewer()?;
    let label = crossfade_domain::RecordLabel::parse(&name)
        .ok_or_else(|| AppError::invalid("name", "not a record label's name").answer())?;
    let pool = expect_context::<sqlx::PgPool>();
    crossfade_store::curation::follow_label(&pool, viewer.user_id, &label, follow)
        .await
        .map_err(|error| crate::error::internal("following a label failed", &error))?;
    if crate::is_local_path(&back) {
        leptos_axum::redirect(&back);
    }
    Ok(())
}

/// The button that follows a label, or stops following it.
#[component]
pub fn FollowLabelButton(
    name: String,
    followed: bool,
    back: String,
    action: ServerAction<FollowLabel>,
) -> impl IntoView {
    let words = if followed { format!("Stop following {name}") } else { format!("Follow {name}") };
    view! {
        <ActionForm action attr:class="follow-label">
            <input type="hidden" name="name" value=name />
            <input type="hidden" name="follow" value=(!followed).to_string() />
            <input type="hidden" name="back" value=back />
            <button type="submit" class="button secondary small">{words}</button>
        </ActionForm>
    }
}
