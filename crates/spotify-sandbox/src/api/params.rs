//! Query parameters and JSON bodies of Web API requests, with Spotify's validation messages.

use std::collections::HashMap;
use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde_json::Value;

use crate::errors::ApiError;

/// The request's query parameters (the last value of a repeated key wins).
#[derive(Debug, Clone, Default)]
pub(crate) struct Params(HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        Ok(Params(url::form_urlencoded::parse(query.as_bytes()).into_owned().collect()))
    }
}

impl Params {
    /// A non-empty parameter.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str).filter(|value| !value.is_empty())
    }

    /// `limit`, defaulting to `default`; outside 1..=max is `400 Invalid limit`.
    pub(crate) fn limit(&self, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.get("limit") {
            None => Ok(default),
            Some(text) => match text.parse::<usize>() {
                Ok(limit) if (1..=max).contains(&limit) => Ok(limit),
                _ => Err(ApiError::bad_request("Invalid limit")),
            },
        }
    }

    /// `offset`, defaulting to 0; negative, non-numeric or above `max` is `400 Invalid offset`.
    pub(crate) fn offset(&self, max: Option<usize>) -> Result<usize, ApiError> {
        match self.get("offset") {
            None => Ok(0),
            Some(text) => match text.parse::<usize>() {
                Ok(offset) if max.is_none_or(|max| offset <= max) => Ok(offset),
                _ => Err(ApiError::bad_request("Invalid offset")),
            },
        }
    }

    /// A comma-separated list parameter.
    pub(crate) fn list(&self, name: &str) -> Vec<String> {
        self.get(name)
            .map(|text| text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect())
            .unwrap_or_default()
    }
}

/// Parses an optional JSON body: empty is `None`, malformed is `400 Error parsing JSON.`.
pub(crate) fn json_body(bytes: &[u8]) -> Result<Option<Value>, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(bytes).map(Some).map_err(|_| ApiError::bad_request("Error parsing JSON."))
}
