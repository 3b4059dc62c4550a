//! Refresh tokens in PostgreSQL for the Spotify client: loaded and opened when an access token must be renewed,
//! replaced in one statement when Spotify rotates them, dropped when Spotify refuses them for good.

use crossfade_spotify::{RefreshTokenStore, StoreError as ClientStoreError};
use secrecy::SecretString;
use sqlx::PgPool;

use crate::StoreError;
use crate::cipher::{Sealed, TokenKeyring};

/// The Spotify client's token store, sealing tokens with the configured keyring.
#[derive(Clone, Debug)]
pub struct PgTokenStore {
    pool: PgPool,
    keyring: TokenKeyring,
}

impl PgTokenStore {
    pub fn new(pool: PgPool, keyring: TokenKeyring) -> Self {
        Self { pool, keyring }
    }

    async fn current(&self, user: i64) -> Result<Option<SecretString>, StoreError> {
        let row = sqlx::query!("SELECT key_id, nonce, ciphertext FROM spotify_refresh_tokens WHERE user_id = $1", user)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let sealed = Sealed { key_id: row.key_id, nonce: row.nonce, ciphertext: row.ciphertext };
        match self.keyring.open(user, &sealed) {
            Some(token) => Ok(Some(token)),
            None => Err(StoreError::Undecryptable { key_id: sealed.key_id }),
        }
    }

    async fn replace(&self, user: i64, token: &SecretString) -> Result<(), StoreError> {
        let sealed = self.keyring.seal(user, token);
        sqlx::query!(
            "UPDATE spotify_refresh_tokens SET key_id = $2, nonce = $3, ciphertext = $4, updated_at = now()
             WHERE user_id = $1",
            user,
            sealed.key_id,
            sealed.nonce,
            sealed.ciphertext,
        )
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

fn for_client(error: StoreError) -> ClientStoreError {
    ClientStoreError(Box::new(error))
}

impl RefreshTokenStore for PgTokenStore {
    async fn load(&self, user: i64) -> Result<Option<SecretString>, ClientStoreError> {
        self.current(user).await.map_err(for_client)
    }

    async fn save(&self, user: i64, refresh_token: &SecretString) -> Result<(), ClientStoreError> {
        self.replace(user, refresh_token).await.map_err(for_client)
    }

    async fn mark_needs_sign_in(&self, user: i64) -> Result<(), ClientStoreError> {
        crate::users::mark_needs_sign_in(&self.pool, user).await.map_err(for_client)
    }
}
