//! Sign-in with Spotify (authorization code with PKCE), sign-out, and who is signed in on each request.
//!
//! A sign-in attempt's `state` and PKCE verifier live in the browser's server-side session: single use, valid for
//! ten minutes. The callback accepts only the attempt this browser started, exchanges the code, reads `/me`, stores
//! the user with their sealed refresh token in one transaction, and gives the browser a new session id.

use axum::extract::{Query, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use crossfade_app::{Chain, Viewer};
use crossfade_library::jobs;
use crossfade_library::sync::SyncKind;
use crossfade_spotify::{ApiError, Scope, TokenError};
use crossfade_store::{SpotifyProfile, users};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tower_sessions::Session;

use crate::sessions;
use crate::state::AppState;

/// Session key of the signed-in user's id.
const USER_ID: &str = "user_id";
/// Session key of the sign-in attempt in progress.
const PENDING: &str = "pending_sign_in";
/// How long a sign-in attempt may take from leaving Crossfade to coming back.
const ATTEMPT_LIFETIME_SECS: i64 = 10 * 60;

/// What Crossfade asks Spotify for: reading the library it mirrors. Later features ask for more when they need it.
pub const SIGN_IN_SCOPES: &[Scope] = &[
    Scope::UserLibraryRead,
    Scope::PlaylistReadPrivate,
    Scope::PlaylistReadCollaborative,
    Scope::UserFollowRead,
    Scope::UserTopRead,
    Scope::UserReadRecentlyPlayed,
];

/// Where a page asks for more of Spotify's permissions than sign-in does (a form posts here).
pub const CONSENT_PATH: &str = "/auth/consent";

/// A sign-in attempt waiting for Spotify's answer. The verifier never leaves the server.
#[derive(Serialize, Deserialize)]
struct PendingSignIn {
    state: String,
    verifier: String,
    started_at: i64,
    /// The page to come back to (a consent asked from a page), if not the home page.
    #[serde(default)]
    return_to: Option<String>,
}

/// Why a sign-in did not complete, as shown on the sign-in page (`/sign-in?problem=…`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInProblem {
    /// The person chose not to connect on Spotify's consent page.
    Denied,
    /// No attempt from this browser matches: missing, forged or already used `state`.
    StateMismatch,
    /// The attempt is older than ten minutes.
    Expired,
    /// Spotify asked us to slow down.
    Busy,
    /// Spotify failed or refused the exchange.
    Failed,
}

impl SignInProblem {
    pub fn code(self) -> &'static str {
        match self {
            SignInProblem::Denied => "denied",
            SignInProblem::StateMismatch => "state",
            SignInProblem::Expired => "expired",
            SignInProblem::Busy => "busy",
            SignInProblem::Failed => "failed",
        }
    }

    fn redirect(self) -> Response {
        Redirect::to(&format!("/sign-in?problem={}", self.code())).into_response()
    }
}

/// `POST /auth/sign-in`: starts an attempt and sends the browser to Spotify's consent page.
pub async fn start(State(state): State<AppState>, session: Session) -> Response {
    begin(&state, &session, SIGN_IN_SCOPES, None).await
}

/// What a page's consent form sends: the page to come back to, and `want=playback` to control the player too.
#[derive(Deserialize)]
pub struct ConsentForm {
    return_to: Option<String>,
    want: Option<String>,
}

/// `POST /auth/consent`: asks Spotify for the sign-in scopes and the ones that change playlists and Liked Songs (the
/// first time a smart playlist is applied, a board is used or a recommendation saved), and the player's when asked
/// for or granted before (Spotify's new grant replaces the old one, so nothing allowed earlier is dropped), then
/// comes back to the page that asked. Only a path on this site is returned to.
pub async fn consent(
    State(state): State<AppState>,
    session: Session,
    axum::Form(form): axum::Form<ConsentForm>,
) -> Response {
    let return_to = form.return_to.filter(|path| crossfade_app::is_local_path(path));
    let mut scopes = SIGN_IN_SCOPES.to_vec();
    scopes.extend(crossfade_library::smart_playlists::WRITE_SCOPES);
    scopes.extend(crossfade_library::discover::SAVE_SCOPES);
    let playback_granted = match session.get::<i64>(USER_ID).await {
        Ok(Some(user_id)) => crossfade_library::playback::may_control_playback(&state.pool, user_id)
            .await
            .inspect_err(|error| tracing::warn!(error = %Chain(error), "reading the granted scopes failed"))
            .unwrap_or(false),
        _ => false,
    };
    if playback_granted || form.want.as_deref() == Some("playback") {
        scopes.extend(crossfade_library::playback::PLAYBACK_SCOPES);
    }
    begin(&state, &session, &scopes, return_to).await
}

async fn begin(state: &AppState, session: &Session, scopes: &[Scope], return_to: Option<String>) -> Response {
    let request = state.spotify.authorization_request(scopes);
    let pending = PendingSignIn {
        state: request.state,
        verifier: request.pkce_verifier.expose_secret().to_owned(),
        started_at: OffsetDateTime::now_utc().unix_timestamp(),
        return_to,
    };
    if let Err(error) = session.insert(PENDING, pending).await {
        tracing::error!(error = %Chain(&error), "could not store the sign-in attempt");
        return SignInProblem::Failed.redirect();
    }
    Redirect::to(request.url.as_str()).into_response()
}

/// What Spotify sends back to the redirect URI.
#[derive(Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `GET /auth/callback`: finishes the attempt this browser started, or explains on the sign-in page why not.
pub async fn callback(State(state): State<AppState>, session: Session, Query(query): Query<CallbackQuery>) -> Response {
    // Taking the attempt out of the session first makes it single use, whatever happens next.
    let pending = session.remove::<PendingSignIn>(PENDING).await.ok().flatten();
    let (Some(pending), Some(returned_state)) = (pending, query.state.as_deref()) else {
        return SignInProblem::StateMismatch.redirect();
    };
    if pending.state != returned_state {
        return SignInProblem::StateMismatch.redirect();
    }
    if OffsetDateTime::now_utc().unix_timestamp() - pending.started_at > ATTEMPT_LIFETIME_SECS {
        return SignInProblem::Expired.redirect();
    }
    if query.error.is_some() {
        return SignInProblem::Denied.redirect();
    }
    let Some(code) = query.code else {
        return SignInProblem::Failed.redirect();
    };
    let return_to = pending.return_to.clone().unwrap_or_else(|| "/".to_owned());
    match complete(&state, &session, &code, SecretString::from(pending.verifier)).await {
        Ok(()) => Redirect::to(&return_to).into_response(),
        Err(problem) => problem.redirect(),
    }
}

async fn complete(
    state: &AppState,
    session: &Session,
    code: &str,
    verifier: SecretString,
) -> Result<(), SignInProblem> {
    let grant = state.spotify.exchange_code(code, &verifier).await.map_err(|error| match error {
        TokenError::RateLimited { .. } => SignInProblem::Busy,
        other => {
            tracing::warn!(error = %Chain(&other), "Spotify refused the authorization code");
            SignInProblem::Failed
        }
    })?;
    let refresh_token = grant.refresh_token.clone().ok_or_else(|| {
        tracing::warn!("Spotify's token response had no refresh token");
        SignInProblem::Failed
    })?;
    let me = state.spotify.current_user_with(&grant).await.map_err(|error| match error {
        ApiError::RateLimited { .. } => SignInProblem::Busy,
        other => {
            tracing::warn!(error = %Chain(&other), "reading the Spotify profile at sign-in failed");
            SignInProblem::Failed
        }
    })?;
    let profile = SpotifyProfile::of(&me);
    let signed_in = users::sign_in(
        &state.pool,
        &state.token_keys,
        &profile,
        &refresh_token,
        &grant.scopes,
        OffsetDateTime::now_utc(),
    )
    .await
    .map_err(|error| internal(&Chain(&error), "storing the signed-in user failed"))?;
    state.spotify.remember(signed_in.user.id, &grant);
    // The first sign-in mirrors the whole library; a later one (perhaps after Spotify refused the old grant) resumes
    // the schedule. Sign-in itself succeeds either way: the next scheduled run would pick the user up.
    let kind = if signed_in.is_new { SyncKind::Full } else { SyncKind::Incremental };
    if let Err(error) = jobs::request_sync(&state.queue, signed_in.user.id, kind).await {
        tracing::error!(error = %Chain(&error), "could not queue the library sync after sign-in");
    }
    begin_session(state, session, signed_in.user.id).await
}

/// A new session id for the signed-in browser (so an id planted before sign-in is worthless), linked to the user.
async fn begin_session(state: &AppState, session: &Session, user_id: i64) -> Result<(), SignInProblem> {
    session.cycle_id().await.map_err(|error| internal(&Chain(&error), "cycling the session id failed"))?;
    session
        .insert(USER_ID, user_id)
        .await
        .map_err(|error| internal(&Chain(&error), "storing the session user failed"))?;
    sessions::begin(session).await.map_err(|error| internal(&Chain(&error), "starting the session lifetime failed"))?;
    // Saving now gives the session its id, which the user's session list needs.
    session.save().await.map_err(|error| internal(&Chain(&error), "saving the session failed"))?;
    let Some(id) = session.id() else {
        return Err(internal(&"no id after saving", "the new session has no id"));
    };
    users::link_session(&state.pool, &id.to_string(), user_id)
        .await
        .map_err(|error| internal(&Chain(&error), "linking the session to its user failed"))
}

/// Logs what failed (an error with its whole chain, or a description) and answers the generic sign-in problem.
fn internal(error: &dyn std::fmt::Display, what: &str) -> SignInProblem {
    tracing::error!(error = %error, "{what}");
    SignInProblem::Failed
}

/// `POST /auth/sign-out`: ends this browser's session.
pub async fn sign_out(session: Session) -> Response {
    if let Err(error) = session.flush().await {
        tracing::error!(error = %Chain(&error), "could not end the session at sign-out");
    }
    Redirect::to("/").into_response()
}

/// Middleware: puts the signed-in user (if any) into the request for pages and server functions. A session whose
/// user no longer exists is ended.
pub async fn load_viewer(
    State(state): State<AppState>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    if let Ok(Some(user_id)) = session.get::<i64>(USER_ID).await {
        match users::find(&state.pool, user_id).await {
            Ok(Some(users::Visit { user, library_version, granted_scopes })) => {
                request.extensions_mut().insert(Viewer {
                    user_id: user.id,
                    display_name: user.display_name.unwrap_or_else(|| user.spotify_user_id.clone()),
                    spotify_user_id: user.spotify_user_id,
                    avatar_url: user.avatar_url,
                    needs_sign_in: user.needs_sign_in,
                    library_version,
                    granted_scopes,
                });
            }
            Ok(None) => {
                if let Err(error) = session.flush().await {
                    tracing::error!(error = %Chain(&error), "could not end the session of a deleted user");
                }
            }
            Err(error) => tracing::error!(error = %Chain(&error), "loading the signed-in user failed"),
        }
    }
    next.run(request).await
}
