//! Turning response bodies into models, naming the failing field's path when they do not fit.

use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// Decodes `body` as `T`; a mismatch becomes [`ApiError::Model`] with the path of the offending field.
pub(crate) fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let mut json = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut json)
        .map_err(|error| ApiError::Model { path: error.path().to_string(), message: error.into_inner().to_string() })
}
