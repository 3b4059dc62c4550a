//! `GET /me/player/recently-played`: the play history with Unix-millisecond cursors; only the 50 most recent
//! plays are reachable at all.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use super::auth::Caller;
use super::library_of;
use super::params::Params;
use super::player::context_json;
use super::render::Render;
use crate::clock::{format_millis, unix_millis};
use crate::errors::ApiError;
use crate::state::{Play, SharedSandbox};

/// Plays beyond this many are gone for apps.
const REACHABLE: usize = 50;

fn cursor(params: &Params, name: &str) -> Result<Option<i64>, ApiError> {
    params
        .get(name)
        .map(|text| text.parse::<i64>().map_err(|_| ApiError::bad_request(format!("Invalid {name} cursor"))))
        .transpose()
}

/// The history page: `before` (or nothing) walks back from the newest play; `after` returns the plays that
/// followed the cursor. The two are mutually exclusive.
pub(super) async fn recently_played(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    caller.require("user-read-recently-played")?;
    let limit = params.limit(20, 50)?;
    let (after, before) = (cursor(&params, "after")?, cursor(&params, "before")?);
    if after.is_some() && before.is_some() {
        return Err(ApiError::bad_request("Only one of after or before may be specified"));
    }
    let state = sandbox.lock();
    let user = library_of(&state, &caller.user_id)?;
    let reachable = &user.plays[..user.plays.len().min(REACHABLE)];
    let page: Vec<&Play> = match after {
        Some(after) => {
            let newer: Vec<&Play> = reachable.iter().filter(|p| unix_millis(p.played_at) > after).collect();
            newer[newer.len().saturating_sub(limit)..].to_vec()
        }
        None => reachable
            .iter()
            .filter(|p| before.is_none_or(|before| unix_millis(p.played_at) < before))
            .take(limit)
            .collect(),
    };
    let render = Render::new(&sandbox);
    let url = |name: &str, value: Option<i64>| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        if let Some(value) = value {
            query.append_pair(name, &value.to_string());
        }
        query.append_pair("limit", &limit.to_string());
        format!("{}?{}", render.api_url("me/player/recently-played"), query.finish())
    };
    let newest = page.first().map(|p| unix_millis(p.played_at));
    let oldest = page.last().map(|p| unix_millis(p.played_at));
    let older_left = oldest.is_some_and(|oldest| reachable.iter().any(|p| unix_millis(p.played_at) < oldest));
    let cursors = match (newest, oldest) {
        (Some(newest), Some(oldest)) => json!({ "after": newest.to_string(), "before": oldest.to_string() }),
        _ => Value::Null,
    };
    let href = match (after, before) {
        (Some(after), _) => url("after", Some(after)),
        (_, before) => url("before", before),
    };
    let items: Vec<Value> = page
        .iter()
        .map(|play| {
            json!({
                "track": render.track(play.track),
                "played_at": format_millis(play.played_at),
                "context": play.context.as_deref().map(|uri| context_json(&render, uri)),
            })
        })
        .collect();
    Ok(Json(json!({
        "href": href,
        "limit": limit,
        "next": if older_left { oldest.map(|oldest| url("before", Some(oldest))) } else { None },
        "cursors": cursors,
        "items": items,
    })))
}
