//! What persistence can fail with.

/// A storage failure. Callers log it with its chain and show people only a generic message.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error")]
    Database(#[from] sqlx::Error),
    /// A sealed token could not be opened: wrong key, unknown key id, or a ciphertext moved to another user.
    #[error("a stored token could not be decrypted (key id {key_id})")]
    Undecryptable { key_id: String },
}
