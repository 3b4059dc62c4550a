//! SoundCloud under `/soundcloud`, as `https://api.soundcloud.com`: client-credentials OAuth, track search and
//! tracks by id with their play counts.
//!
//! `POST /oauth/token` (HTTP Basic or form `client_id`/`client_secret`, any non-empty pair; form
//! `grant_type=client_credentials`, or `refresh_token` with a refresh token issued here) answers a token that lasts
//! 3,599 seconds by the sandbox clock. Every other route needs `Authorization: OAuth {access_token}` (401
//! otherwise): `GET /tracks?q=&limit=&offset=&linked_partitioning=true` finds the uploads whose title, uploader or
//! credited artist hold every word of `q`, most played first (`limit` 50 by default, at most 200; with
//! `linked_partitioning` a `{"collection","next_href"}` page, without it a bare list), and `GET /tracks/{id}` answers
//! one. `publisher_metadata` is null on some uploads and carries an ISRC on some of the others, as when the
//! distributor filled it in; `playback_count` grows every day.

mod auth;
mod tracks;

use axum::Json;
use axum::Router;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;

pub(crate) use auth::SoundCloudTokens;
pub(crate) use tracks::Uploads;

use crate::state::SharedSandbox;

/// The SoundCloud routes, relative to `/soundcloud`: the token endpoint open, the tracks behind a token.
pub(super) fn routes(sandbox: &SharedSandbox) -> Router<SharedSandbox> {
    let tracks = Router::new()
        .route("/tracks", get(tracks::search))
        .route("/tracks/{id}", get(tracks::track))
        .route_layer(from_fn_with_state(SharedSandbox::clone(sandbox), auth::require_token));
    Router::new().route("/oauth/token", post(auth::token)).merge(tracks)
}

/// SoundCloud's error answer.
pub(crate) fn error(status: StatusCode) -> Response {
    let body = json!({
        "code": status.as_u16(),
        "message": "",
        "link": "https://developers.soundcloud.com/docs/api/explorer/open-api",
        "status": format!("{} - {}", status.as_u16(), status.canonical_reason().unwrap_or_default()),
        "errors": [],
        "error": null,
    });
    (status, Json(body)).into_response()
}
