//! `GET /me`: the current user's profile.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use super::auth::Caller;
use super::library_of;
use super::render::Render;
use crate::errors::ApiError;
use crate::state::SharedSandbox;

/// The profile: `id`, `account_id`, `display_name`, `images`, `uri`; Extended mode adds the fields Development
/// Mode lost (`email`, `country`, `product`, `followers`, `explicit_content`), scope permitting.
pub(super) async fn profile(State(sandbox): State<SharedSandbox>, caller: Caller) -> Result<Json<Value>, ApiError> {
    let state = sandbox.lock();
    let user = library_of(&state, &caller.user_id)?;
    let render = Render::new(&sandbox);
    let mut profile = render.public_user(&user.id, &state);
    profile["account_id"] = json!(user.account_id);
    if sandbox.mode.is_extended() {
        profile["followers"] = json!({ "href": null, "total": user.followed_users.len() });
        if caller.has("user-read-private") {
            profile["country"] = json!("SE");
            profile["product"] = json!(if user.premium { "premium" } else { "free" });
            profile["explicit_content"] = json!({ "filter_enabled": false, "filter_locked": false });
        }
        if caller.has("user-read-email") {
            profile["email"] = json!(format!("{}@sandbox.invalid", user.id));
        }
    }
    Ok(Json(profile))
}
