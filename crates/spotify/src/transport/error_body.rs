//! Reading Web API error bodies: `{"error":{"status","message","reason"}}`, plain text, or nothing.

use serde_json::Value;

/// What an error response said, as far as it said anything.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct ErrorBody {
    pub(crate) message: String,
    pub(crate) reason: Option<String>,
}

impl ErrorBody {
    /// Parses the body of a non-2xx response; falls back to the text itself (shortened) or the status' reason.
    pub(crate) fn parse(status: reqwest::StatusCode, body: &[u8]) -> ErrorBody {
        if let Ok(json) = serde_json::from_slice::<Value>(body) {
            let error = json.get("error");
            let message = error
                .and_then(|e| e.get("message").or(Some(e)))
                .and_then(Value::as_str)
                .or_else(|| json.get("message").and_then(Value::as_str))
                .map(str::to_owned);
            let reason = error
                .and_then(|e| e.get("reason"))
                .or_else(|| json.get("reason"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            if message.is_some() || reason.is_some() {
                return ErrorBody { message: message.unwrap_or_else(|| fallback(status)), reason };
            }
        }
        let text = String::from_utf8_lossy(body);
        let text = text.trim();
        let message = if text.is_empty() { fallback(status) } else { text.chars().take(200).collect() };
        ErrorBody { message, reason: None }
    }

    /// The body names the per-developer quota (July 2026), not an ordinary rolling-window limit.
    pub(crate) fn is_quota_exceeded(&self) -> bool {
        self.reason.as_deref() == Some("QUOTA_EXCEEDED")
    }
}

fn fallback(status: reqwest::StatusCode) -> String {
    status.canonical_reason().map_or_else(|| format!("HTTP {}", status.as_u16()), str::to_owned)
}

#[cfg(test)]
mod tests {
    use reqwest::StatusCode;

    use super::*;

    #[test]
    fn reads_the_web_api_error_object_with_reason() {
        let body = br#"{"error":{"status":404,"message":"Player command failed: No active device found","reason":"NO_ACTIVE_DEVICE"}}"#;
        let parsed = ErrorBody::parse(StatusCode::NOT_FOUND, body);
        assert_eq!(parsed.message, "Player command failed: No active device found");
        assert_eq!(parsed.reason.as_deref(), Some("NO_ACTIVE_DEVICE"));
    }

    #[test]
    fn recognises_quota_exceeded_at_either_level() {
        let nested = br#"{"error":{"status":429,"message":"Quota exceeded","reason":"QUOTA_EXCEEDED"}}"#;
        assert!(ErrorBody::parse(StatusCode::TOO_MANY_REQUESTS, nested).is_quota_exceeded());
        let top = br#"{"error":{"status":429,"message":"Quota exceeded"},"reason":"QUOTA_EXCEEDED"}"#;
        assert!(ErrorBody::parse(StatusCode::TOO_MANY_REQUESTS, top).is_quota_exceeded());
    }

    #[test]
    fn plain_text_and_empty_bodies_still_give_a_message() {
        let plain = ErrorBody::parse(StatusCode::TOO_MANY_REQUESTS, b"Too many requests");
        assert_eq!(plain, ErrorBody { message: "Too many requests".into(), reason: None });
        assert!(!plain.is_quota_exceeded());
        assert_eq!(ErrorBody::parse(StatusCode::BAD_GATEWAY, b"").message, "Bad Gateway");
    }
}
