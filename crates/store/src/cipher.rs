//! Sealing refresh tokens at rest with AES-256-GCM. Each write draws a fresh random 96-bit nonce; the associated data
//! binds the ciphertext to the user's id; every ciphertext records the id of the key that sealed it, so a keyring can
//! hold the current key plus older ones while tokens are re-sealed on their next rotation.

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use secrecy::{ExposeSecret, SecretString};

/// A sealed secret as stored: which key, the nonce, and the ciphertext with its tag.
#[derive(Clone, PartialEq, Eq)]
pub struct Sealed {
    pub key_id: String,
    pub nonce: Vec<u8>,
    pub ciphertext: Vec<u8>,
}

/// The keys refresh tokens are sealed with: the first seals, all of them open.
#[derive(Clone)]
pub struct TokenKeyring {
    keys: Vec<(String, Aes256Gcm)>,
}

impl std::fmt::Debug for TokenKeyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_struct("TokenKeyring").field("key_ids", &ids).finish_non_exhaustive()
    }
}

/// Why a keyring setting was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyringError {
    #[error("no key given; expected `ID:BASE64` entries separated by commas, the first one sealing new tokens")]
    Empty,
    #[error("entry {position} is not `ID:BASE64`")]
    Malformed { position: usize },
    #[error("key id `{id}` must be 1–32 letters, digits, `-` or `_`")]
    BadId { id: String },
    #[error("key `{id}` is not base64 of exactly 32 bytes")]
    BadKey { id: String },
    #[error("key id `{id}` appears twice")]
    DuplicateId { id: String },
}

impl TokenKeyring {
    /// Parses `ID:BASE64[,ID:BASE64…]`, each key 32 random bytes; the first entry is the current key.
    pub fn parse(setting: &str) -> Result<Self, KeyringError> {
        let mut keys: Vec<(String, Aes256Gcm)> = Vec::new();
        for (index, entry) in setting.split(',').map(str::trim).filter(|entry| !entry.is_empty()).enumerate() {
            let (id, encoded) = entry.split_once(':').ok_or(KeyringError::Malformed { position: index + 1 })?;
            let valid_id = !id.is_empty()
                && id.len() <= 32
                && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid_id {
                return Err(KeyringError::BadId { id: id.to_owned() });
            }
            let bytes = STANDARD.decode(encoded).ok().filter(|bytes| bytes.len() == 32);
            let bytes = bytes.ok_or_else(|| KeyringError::BadKey { id: id.to_owned() })?;
            if keys.iter().any(|(known, _)| known == id) {
                return Err(KeyringError::DuplicateId { id: id.to_owned() });
            }
            keys.push((id.to_owned(), Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&bytes))));
        }
        if keys.is_empty() { Err(KeyringError::Empty) } else { Ok(Self { keys }) }
    }

    /// The id of the key new tokens are sealed with.
    pub fn current_key_id(&self) -> &str {
        &self.keys[0].0
    }

    /// Seals `secret` for `user_id` with the current key and a fresh nonce.
    pub fn seal(&self, user_id: i64, secret: &SecretString) -> Sealed {
        let (key_id, cipher) = &self.keys[0];
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let aad = associated_data(user_id);
        let payload = Payload { msg: secret.expose_secret().as_bytes(), aad: &aad };
        // Encryption only fails for messages beyond GCM's 64 GiB limit; refresh tokens are a few hundred bytes.
        let ciphertext = cipher.encrypt(&nonce, payload).expect("a refresh token is far below AES-GCM's size limit");
        Sealed { key_id: key_id.clone(), nonce: nonce.to_vec(), ciphertext }
    }

    /// Opens what `seal` produced for the same `user_id`; `None` if the key is unknown or anything was altered.
    pub fn open(&self, user_id: i64, sealed: &Sealed) -> Option<SecretString> {
        let (_, cipher) = self.keys.iter().find(|(id, _)| *id == sealed.key_id)?;
        if sealed.nonce.len() != 12 {
            return None;
        }
        let aad = associated_data(user_id);
        let payload = Payload { msg: &sealed.ciphertext, aad: &aad };
        let plain = cipher.decrypt(Nonce::from_slice(&sealed.nonce), payload).ok()?;
        String::from_utf8(plain).ok().map(SecretString::from)
    }
}

fn associated_data(user_id: i64) -> Vec<u8> {
    format!("crossfade spotify refresh token; user {user_id}").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_A: &str = "a:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    const KEY_B: &str = "b:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    fn secret(text: &str) -> SecretString {
        SecretString::from(text.to_owned())
    }

    #[test]
    fn a_sealed_token_opens_for_its_user_only() {
        let keyring = TokenKeyring::parse(KEY_A).unwrap();
        let sealed = keyring.seal(7, &secret("refresh-token"));
        assert_eq!(keyring.open(7, &sealed).unwrap().expose_secret(), "refresh-token");
        assert!(keyring.open(8, &sealed).is_none(), "associated data binds the user");
        assert!(!sealed.ciphertext.windows(7).any(|w| w == b"refresh"), "no plaintext in the ciphertext");
    }

    #[test]
    fn every_seal_uses_a_fresh_nonce() {
        let keyring = TokenKeyring::parse(KEY_A).unwrap();
        let (one, two) = (keyring.seal(1, &secret("x")), keyring.seal(1, &secret("x")));
        assert_ne!(one.nonce, two.nonce);
        assert_ne!(one.ciphertext, two.ciphertext);
    }

    #[test]
    fn tampering_is_detected() {
        let keyring = TokenKeyring::parse(KEY_A).unwrap();
        let mut sealed = keyring.seal(1, &secret("token"));
        sealed.ciphertext[0] ^= 1;
        assert!(keyring.open(1, &sealed).is_none());
    }

    #[test]
    fn older_keys_still_open_after_rotation() {
        let old = TokenKeyring::parse(KEY_A).unwrap();
        let sealed = old.seal(3, &secret("kept"));
        let rotated = TokenKeyring::parse(&format!("{KEY_B},{KEY_A}")).unwrap();
        assert_eq!(rotated.current_key_id(), "b");
        assert_eq!(rotated.open(3, &sealed).unwrap().expose_secret(), "kept");
        assert_eq!(rotated.seal(3, &secret("new")).key_id, "b");
        assert!(TokenKeyring::parse(KEY_B).unwrap().open(3, &sealed).is_none(), "a retired key is needed to open");
    }

    #[test]
    fn bad_settings_name_the_problem() {
        assert_eq!(TokenKeyring::parse(" ").unwrap_err(), KeyringError::Empty);
        assert_eq!(TokenKeyring::parse("nocolon").unwrap_err(), KeyringError::Malformed { position: 1 });
        assert_eq!(TokenKeyring::parse("a:c2hvcnQ=").unwrap_err(), KeyringError::BadKey { id: "a".into() });
        assert_eq!(TokenKeyring::parse("b@d:AAAA").unwrap_err(), KeyringError::BadId { id: "b@d".into() });
        let twice = format!("{KEY_A},{KEY_A}");
        assert_eq!(TokenKeyring::parse(&twice).unwrap_err(), KeyringError::DuplicateId { id: "a".into() });
    }

    #[test]
    fn debug_shows_key_ids_only() {
        let shown = format!("{:?}", TokenKeyring::parse(KEY_A).unwrap());
        assert!(shown.contains("\"a\"") && !shown.contains("AAEC"));
    }
}
