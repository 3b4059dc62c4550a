//! Remembering, for a day, that Spotify refused to play for this account because it has no Premium. Spotify no longer
//! says which plan an account has (`GET /me` lost `product` in 2026), so the bar learns it from the first refusal,
//! and from then on shows its one-line note instead of controls that would only be refused again.

use http::HeaderValue;
use http::header::{COOKIE, SET_COOKIE};
use leptos::prelude::use_context;

/// The cookie holding the Crossfade user id of the account Spotify refused (nothing secret: it names the browser's
/// own user, and only to this site).
pub const FREE_ACCOUNT_COOKIE: &str = "crossfade-free-account";

/// How long the note stands before the bar offers the controls again (the account may have upgraded).
const REMEMBERED_SECS: u32 = 86_400;

/// Remembers in this response that `user_id` has no Premium.
pub fn remember(user_id: i64) {
    let secure = use_context::<crossfade_domain::SiteOrigin>().is_some_and(|origin| origin.is_secure());
    let cookie = format!(
        "{FREE_ACCOUNT_COOKIE}={user_id}; Path=/; Max-Age={REMEMBERED_SECS}; SameSite=Lax; HttpOnly{}",
        if secure { "; Secure" } else { "" }
    );
    if let (Some(response), Ok(value)) = (use_context::<leptos_axum::ResponseOptions>(), HeaderValue::from_str(&cookie))
    {
        response.append_header(SET_COOKIE, value);
    }
}

/// Whether this request's browser remembers that `user_id` has no Premium.
pub fn remembered(user_id: i64) -> bool {
    let Some(parts) = use_context::<http::request::Parts>() else { return false };
    let wanted = user_id.to_string();
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(name, value)| name == FREE_ACCOUNT_COOKIE && value == wanted)
}
