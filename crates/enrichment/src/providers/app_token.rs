//! An application's token from a client-credentials grant (Beatport's, SoundCloud's), kept until shortly before the
//! service says it expires, and forgotten when the service stops taking it.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use secrecy::SecretString;
use serde::Deserialize;

use super::http::{Answer, ProviderError};

/// A token is renewed this long before the service says it expires.
const TOKEN_MARGIN: Duration = Duration::from_secs(60);

/// The token kept, if any.
#[derive(Debug, Default)]
pub(crate) struct AppToken {
    kept: Mutex<Option<(SecretString, Instant)>>,
}

#[derive(Deserialize)]
struct Granted {
    access_token: String,
    expires_in: u64,
}

impl AppToken {
    /// The kept token, while it is good.
    pub(crate) fn current(&self) -> Option<SecretString> {
        let kept = self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        kept.as_ref().filter(|(_, until)| Instant::now() < *until).map(|(token, _)| token.clone())
    }

    /// Keeps the token of the grant's `answer` and gives it.
    pub(crate) fn keep(&self, answer: &Answer) -> Result<SecretString, ProviderError> {
        if !answer.status.is_success() {
            return Err(answer.unexpected());
        }
        let granted: Granted = answer.json()?;
        let token = SecretString::from(granted.access_token);
        let until = Instant::now() + Duration::from_secs(granted.expires_in).saturating_sub(TOKEN_MARGIN);
        *self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some((token.clone(), until));
        Ok(token)
    }

    /// Forgets the token (the service refused it before its time).
    pub(crate) fn forget(&self) {
        *self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
    }
}
