//! The error type that crosses from server functions to the browser. It carries only what a person can act on:
//! internal failures are logged on the server and arrive here as a reference id, never as their text.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What went wrong, as far as the person using Crossfade needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// A submitted value was refused; `field` names the form field, `message` says what is wrong with it.
    #[error("{field}: {message}")]
    InvalidInput { field: String, message: String },
    /// The thing asked for does not exist (or belongs to someone else).
    #[error("not found")]
    NotFound,
    /// The request never got an answer (network down, server stopped).
    #[error("Crossfade could not be reached; check your connection and try again")]
    Unreachable,
    /// Something failed inside Crossfade; the server logged it under this reference.
    #[error("something went wrong on our side (reference {reference})")]
    Internal { reference: String },
}

impl AppError {
    pub fn invalid(field: &str, message: impl ToString) -> Self {
        AppError::InvalidInput { field: field.to_owned(), message: message.to_string() }
    }

    /// The HTTP status this error is answered with.
    #[cfg(feature = "ssr")]
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::InvalidInput { .. } => StatusCode::BAD_REQUEST,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unreachable => StatusCode::BAD_GATEWAY,
            AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Sets this error's status on the current server-function response and hands the error back. A plain form
    /// post (a browser without JavaScript) keeps the framework's redirect back to the form's page, which carries
    /// the error in its URL so the page can show it next to the form.
    #[cfg(feature = "ssr")]
    pub fn answer(self) -> Self {
        use leptos::prelude::use_context;
        if !plain_form_post()
            && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        {
            response.set_status(self.status());
        }
        self
    }
}

/// Whether the server function being answered was called by a plain form post (a browser without JavaScript, which
/// asks for HTML), not by the hydrated page's fetch.
#[cfg(feature = "ssr")]
pub fn plain_form_post() -> bool {
    leptos::prelude::use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|accept| accept.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
    })
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(message) | ServerFnErrorErr::Deserialization(message) => {
                AppError::invalid("request", message)
            }
            ServerFnErrorErr::MissingArg(field) => AppError::invalid(&field, "is required"),
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Unreachable,
            other => AppError::Internal { reference: internal_reference(&other) },
        }
    }
}

/// Framework-level failures (registration, serialization) are logged on the server; the browser sees a reference.
#[cfg(feature = "ssr")]
fn internal_reference(error: &ServerFnErrorErr) -> String {
    let reference = error_reference();
    tracing::error!(%reference, error = %error, "server function failed");
    reference
}

/// Turns a failure inside Crossfade into what the browser may see: logs `what` failed with the error's whole
/// `source()` chain once, under a fresh reference, sets the response's status, and answers the reference only.
#[cfg(feature = "ssr")]
pub fn internal(what: &str, error: &(dyn std::error::Error + 'static)) -> AppError {
    let reference = error_reference();
    tracing::error!(%reference, error = %Chain(error), "{what}");
    AppError::Internal { reference }.answer()
}

/// An error and every error beneath it, outermost first: `database error: pool timed out: …`.
#[cfg(feature = "ssr")]
pub struct Chain<'a>(pub &'a (dyn std::error::Error + 'static));

#[cfg(feature = "ssr")]
impl std::fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(error) = source {
            write!(f, ": {error}")?;
            source = error.source();
        }
        Ok(())
    }
}

#[cfg(not(feature = "ssr"))]
fn internal_reference(_: &ServerFnErrorErr) -> String {
    "unavailable".to_owned()
}

/// A short random id that ties what a person saw to the one log line that explains it.
#[cfg(feature = "ssr")]
pub fn error_reference() -> String {
    format!("E{:010X}", rand::random::<u64>() & 0xFF_FFFF_FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_requests_are_invalid_input_naming_the_argument() {
        let error = AppError::from_server_fn_error(ServerFnErrorErr::MissingArg("theme".into()));
        assert_eq!(error, AppError::invalid("theme", "is required"));
    }

    #[test]
    fn framework_failures_reach_the_browser_as_a_reference_only() {
        let error = AppError::from_server_fn_error(ServerFnErrorErr::ServerError("pool timed out at 10.0.0.5".into()));
        let AppError::Internal { reference } = &error else { panic!("{error:?}") };
        assert!(!error.to_string().contains("10.0.0.5"));
        assert!(error.to_string().contains(reference.as_str()));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_chain_names_every_cause_outermost_first() {
        #[derive(Debug, thiserror::Error)]
        #[error("reading the sync status failed")]
        struct Outer(#[source] Middle);
        #[derive(Debug, thiserror::Error)]
        #[error("database error")]
        struct Middle(#[source] std::io::Error);
        let error = Outer(Middle(std::io::Error::other("connection reset by peer")));
        assert_eq!(
            Chain(&error).to_string(),
            "reading the sync status failed: database error: connection reset by peer"
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn each_error_has_its_http_status() {
        use http::StatusCode;
        assert_eq!(AppError::invalid("theme", "unknown").status(), StatusCode::BAD_REQUEST);
        assert_eq!(AppError::NotFound.status(), StatusCode::NOT_FOUND);
        assert_eq!(AppError::Internal { reference: "E1".into() }.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
