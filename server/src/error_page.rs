//! The 500 page for failures that escape a handler (a panic). It shows a reference id that matches the single log
//! line describing the failure; the failure's own text never reaches the browser.

use std::any::Any;

use axum::body::Body;
use crossfade_app::STYLESHEET_HREF;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::{Response, StatusCode};

/// Logs a panic with its message under a fresh reference, and answers with the error page.
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response<Body> {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    let reference = crossfade_app::error_reference();
    tracing::error!(%reference, panic = message, "request handler panicked");
    Response::builder()
        .status(StatusCode::INTERNAL_SERVER_ERROR)
        .header(CONTENT_TYPE, "text/html; charset=utf-8")
        .header(CACHE_CONTROL, "no-store")
        .body(Body::from(server_error_document(&reference)))
        .expect("static response")
}

/// A self-contained page: it must render even when the application's renderer is what failed.
fn server_error_document(reference: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Something went wrong · Crossfade</title>
<link rel="stylesheet" href="{STYLESHEET_HREF}">
</head>
<body>
<header class="site-header"><a class="brand" href="/">Crossfade</a></header>
<main id="main">
<h1>Something went wrong</h1>
<p>Crossfade could not finish this request. Nothing you did caused it; trying again in a moment usually helps.</p>
<p>If it keeps happening, the server's log explains it under reference <code class="reference">{reference}</code>.</p>
<p><a href="/">Go to the home page</a></p>
</main>
<footer class="site-footer"><p>Data from Spotify.</p></footer>
</body>
</html>"#
    )
}
