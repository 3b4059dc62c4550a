//! People who signed in with Spotify: creating or updating them at sign-in, reading them for each request, marking
//! them as needing a new sign-in, and deleting everything that belongs to them.

use crossfade_spotify::CurrentUser;
use secrecy::SecretString;
use sqlx::PgPool;
use time::OffsetDateTime;

use crate::StoreError;
use crate::cipher::TokenKeyring;

/// What Crossfade keeps from Spotify's `/me`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpotifyProfile {
    /// `account_id`, or the user id when Spotify sends no account id: the key users are matched on.
    pub account_key: String,
    pub spotify_user_id: String,
    pub display_name: Option<String>,
    pub avatar_url: Option<String>,
}

impl SpotifyProfile {
    /// What Crossfade keeps of `/me`: the account key, the name, and the largest image as the avatar.
    pub fn of(me: &CurrentUser) -> Self {
        let avatar = me.images.iter().max_by_key(|image| image.width.unwrap_or(0));
        SpotifyProfile {
            account_key: me.account_key().to_owned(),
            spotify_user_id: me.id.clone(),
            display_name: me.display_name.clone(),
            avatar_url: avatar.map(|image| image.url.clone()),
        }
    }
}

/// A user as the pages show them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub spotify_user_id: String,
    pub display_name: Option<String>,
    pub avatar_url: Option<String>,
    /// Spotify refused the stored refresh token for good: the user must sign in again.
    pub needs_sign_in: bool,
}

/// A user as one request finds them: who they are, the version their library's read model had then (it moves
/// whenever their track facts or plays change), and the scopes they granted at their latest consent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visit {
    pub user: User,
    pub library_version: i64,
    /// By Spotify's names; empty when not recorded (signed in before Crossfade kept them).
    pub granted_scopes: Vec<String>,
}

/// The outcome of a sign-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedInUser {
    pub user: User,
    /// True when this account signed in for the first time.
    pub is_new: bool,
}

/// Creates or updates the user for `profile` and stores their sealed refresh token, in one transaction: either both
/// are written or neither is.
pub async fn sign_in(
    pool: &PgPool,
    keyring: &TokenKeyring,
    profile: &SpotifyProfile,
    refresh_token: &SecretString,
    granted_scopes: &[String],
    authorised_at: OffsetDateTime,
) -> Result<SignedInUser, StoreError> {
    let mut transaction = pool.begin().await?;
    let row = sqlx::query!(
        r#"INSERT INTO users (spotify_account_key, spotify_user_id, display_name, avatar_url, granted_scopes)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (spotify_account_key) DO UPDATE
           SET spotify_user_id = EXCLUDED.spotify_user_id, display_name = EXCLUDED.display_name,
               avatar_url = EXCLUDED.avatar_url, granted_scopes = EXCLUDED.granted_scopes,
               needs_sign_in_since = NULL, signed_in_at = now()
           RETURNING id, (xmax = 0) AS "is_new!""#,
        profile.account_key,
        profile.spotify_user_id,
        profile.display_name,
        profile.avatar_url,
        granted_scopes,
    )
    .fetch_one(&mut *transaction)
    .await?;
    let sealed = keyring.seal(row.id, refresh_token);
    sqlx::query!(
        r#"INSERT INTO spotify_refresh_tokens (user_id, key_id, nonce, ciphertext, authorised_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (user_id) DO UPDATE
           SET key_id = EXCLUDED.key_id, nonce = EXCLUDED.nonce, ciphertext = EXCLUDED.ciphertext,
               authorised_at = EXCLUDED.authorised_at, updated_at = now()"#,
        row.id,
        sealed.key_id,
        sealed.nonce,
        sealed.ciphertext,
        authorised_at,
    )
    .execute(&mut *transaction)
    .await?;
    transaction.commit().await?;
    let user = User {
        id: row.id,
        spotify_user_id: profile.spotify_user_id.clone(),
        display_name: profile.display_name.clone(),
        avatar_url: profile.avatar_url.clone(),
        needs_sign_in: false,
    };
    Ok(SignedInUser { user, is_new: row.is_new })
}

/// The scopes `user_id` granted at their latest consent, by Spotify's names; None when not recorded (signed in
/// before Crossfade kept them).
pub async fn granted_scopes(pool: &PgPool, user_id: i64) -> Result<Option<Vec<String>>, StoreError> {
    Ok(sqlx::query_scalar!("SELECT granted_scopes FROM users WHERE id = $1", user_id)
        .fetch_optional(pool)
        .await?
        .flatten())
}

/// Records that `session_id` is signed in as `user_id`, so deleting the user can end that session.
pub async fn link_session(pool: &PgPool, session_id: &str, user_id: i64) -> Result<(), StoreError> {
    sqlx::query!(
        "INSERT INTO user_sessions (session_id, user_id) VALUES ($1, $2)
         ON CONFLICT (session_id) DO UPDATE SET user_id = EXCLUDED.user_id",
        session_id,
        user_id,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The user with this id, if they still exist, with their library's version and granted scopes.
pub async fn find(pool: &PgPool, user_id: i64) -> Result<Option<Visit>, StoreError> {
    let row = sqlx::query!(
        r#"SELECT u.id, u.spotify_user_id, u.display_name, u.avatar_url,
                  (u.needs_sign_in_since IS NOT NULL) AS "needs_sign_in!",
                  coalesce((SELECT s.version FROM library_summary s WHERE s.user_id = u.id), 0) AS "library_version!",
                  u.granted_scopes
           FROM users u WHERE u.id = $1"#,
        user_id,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| Visit {
        user: User {
            id: row.id,
            spotify_user_id: row.spotify_user_id,
            display_name: row.display_name,
            avatar_url: row.avatar_url,
            needs_sign_in: row.needs_sign_in,
        },
        library_version: row.library_version,
        granted_scopes: row.granted_scopes.unwrap_or_default(),
    }))
}

/// Keeps the name and avatar current after a fresh read of `/me`.
pub async fn update_profile(pool: &PgPool, user_id: i64, profile: &SpotifyProfile) -> Result<(), StoreError> {
    sqlx::query!(
        "UPDATE users SET display_name = $2, avatar_url = $3 WHERE id = $1",
        user_id,
        profile.display_name,
        profile.avatar_url,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Spotify refused the user's refresh token for good: forget it and ask the user to sign in again.
pub async fn mark_needs_sign_in(pool: &PgPool, user_id: i64) -> Result<(), StoreError> {
    let mut transaction = pool.begin().await?;
    sqlx::query!("DELETE FROM spotify_refresh_tokens WHERE user_id = $1", user_id).execute(&mut *transaction).await?;
    sqlx::query!("UPDATE users SET needs_sign_in_since = coalesce(needs_sign_in_since, now()) WHERE id = $1", user_id)
        .execute(&mut *transaction)
        .await?;
    transaction.commit().await?;
    Ok(())
}

/// Deletes the user, every row that belongs to them, and every session they are signed in with, in one
/// transaction. Returns false when there was no such user.
pub async fn delete_with_everything(pool: &PgPool, user_id: i64) -> Result<bool, StoreError> {
    // A job still writing the user's rows (the first sync, right after sign-in) can deadlock with the cascade;
    // PostgreSQL then rolls one back whole, so the deletion is simply tried again.
    const ATTEMPTS: usize = 3;
    for attempt in 1..=ATTEMPTS {
        match delete_once(pool, user_id).await {
            Err(StoreError::Database(sqlx::Error::Database(error)))
                if attempt < ATTEMPTS && error.code().as_deref() == Some("40P01") =>
            {
                tracing::warn!(user_id, attempt, "deleting a user met a deadlock with a running job; trying again");
            }
            outcome => return outcome,
        }
    }
    unreachable!("the last attempt returns")
}

async fn delete_once(pool: &PgPool, user_id: i64) -> Result<bool, StoreError> {
    let mut transaction = pool.begin().await?;
    sqlx::query!(
        "DELETE FROM tower_sessions.session WHERE id IN (SELECT session_id FROM user_sessions WHERE user_id = $1)",
        user_id,
    )
    .execute(&mut *transaction)
    .await?;
    // Every other table that holds a user's data references users(id) with ON DELETE CASCADE.
    let deleted = sqlx::query!("DELETE FROM users WHERE id = $1", user_id).execute(&mut *transaction).await?;
    transaction.commit().await?;
    Ok(deleted.rows_affected() == 1)
}

/// Users whose Spotify grant is stored and still accepted: the ones background syncs run for.
pub async fn connected(pool: &PgPool) -> Result<Vec<i64>, StoreError> {
    let ids = sqlx::query_scalar!(
        "SELECT u.id FROM users u JOIN spotify_refresh_tokens t ON t.user_id = u.id
         WHERE u.needs_sign_in_since IS NULL ORDER BY u.id"
    )
    .fetch_all(pool)
    .await?;
    Ok(ids)
}

/// The user who signed in with Spotify user id `spotify_user_id`, if any (the latest to sign in, should two
/// accounts share one: users are keyed by Spotify's account id).
pub async fn id_of_spotify_user(pool: &PgPool, spotify_user_id: &str) -> Result<Option<i64>, StoreError> {
    let id = sqlx::query_scalar!(
        "SELECT id FROM users WHERE spotify_user_id = $1 ORDER BY signed_in_at DESC LIMIT 1",
        spotify_user_id
    )
    .fetch_optional(pool)
    .await?;
    Ok(id)
}
