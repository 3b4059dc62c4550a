//! `GET /smart/{id}/export`: a smart playlist's saved rule as a JSON file (`crossfade-smart-fresh-house.json`), the
//! same JSON the builder's JSON tab accepts and the import reads, so a rule can be kept, shared and brought back.
//! A plain link on the page leads here. 404 for someone else's or an unknown smart playlist, 401 for a visitor.

use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use crossfade_app::Viewer;
use http::StatusCode;
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};

use crate::insights_export::{failed, refused};
use crate::state::AppState;

pub async fn export(
    State(state): State<AppState>,
    viewer: Option<Extension<Viewer>>,
    Path(id): Path<String>,
) -> Response {
    let Some(Extension(viewer)) = viewer else {
        return refused(StatusCode::UNAUTHORIZED, "Sign in with Spotify to download your smart playlists.");
    };
    let Ok(id) = id.parse::<i64>() else {
        return refused(StatusCode::NOT_FOUND, "There is no such smart playlist.");
    };
    let smart = match crossfade_store::smart_playlists::get(&state.pool, viewer.user_id, id).await {
        Ok(Some(smart)) => smart,
        Ok(None) => return refused(StatusCode::NOT_FOUND, "There is no such smart playlist."),
        Err(error) => return failed(&error, "reading a smart playlist to export failed"),
    };
    let slug: String = smart
        .name
        .as_str()
        .chars()
        .map(|character| if character.is_ascii_alphanumeric() { character.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let file =
        if slug.is_empty() { format!("crossfade-smart-{id}.json") } else { format!("crossfade-smart-{slug}.json") };
    (
        [
            (CONTENT_TYPE, "application/json".to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        smart.rules.to_json_text(),
    )
        .into_response()
}
