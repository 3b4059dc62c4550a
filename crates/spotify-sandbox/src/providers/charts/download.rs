//! Chart files as the sites hand them out: CSV in UTF-8 with a byte order mark, named in `Content-Disposition`.

use std::borrow::Cow;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// `text` as a CSV download called `file_name`, a byte order mark before it.
pub(crate) fn csv_download(file_name: &str, text: &str) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        format!("\u{feff}{text}"),
    )
        .into_response()
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
pub(crate) fn field(text: &str) -> Cow<'_, str> {
    if text.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", text.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(field("Espresso"), "Espresso");
        assert_eq!(field("Tyler, The Creator"), "\"Tyler, The Creator\"");
        assert_eq!(field("12\" Mix"), "\"12\"\" Mix\"");
    }
}
