//! The security baseline every response gets: a cross-site request check on anything that is not a read, a
//! Content-Security-Policy whose per-response nonce the hydration scripts carry, and headers that keep personalised
//! pages out of shared caches.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use crossfade_app::CspNonce;
use crossfade_domain::SiteOrigin;
use http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, HeaderValue, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use http::{Response as HttpResponse, StatusCode};
use tower_http::csrf::{CsrfLayer, ProtectionError};

/// Rejects state-changing requests that a browser marks as cross-site, or whose `Origin` is not this site.
pub fn cross_site_guard(origin: &SiteOrigin) -> CsrfLayer<fn(ProtectionError) -> HttpResponse<Body>> {
    CsrfLayer::new()
        .add_trusted_origin(origin.as_header_value())
        .expect("a parsed SiteOrigin is a valid origin")
        .with_rejection_response(cross_site_rejection as fn(ProtectionError) -> HttpResponse<Body>)
}

fn cross_site_rejection(error: ProtectionError) -> HttpResponse<Body> {
    tracing::info!(reason = ?error, "refused a cross-site request");
    HttpResponse::builder()
        .status(StatusCode::FORBIDDEN)
        .header(CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(Body::from("Refused: this request came from another site."))
        .expect("static response")
}

/// What the Content-Security-Policy lets pages reach beyond their own origin.
#[derive(Clone, Debug)]
pub struct ContentPolicy {
    pub origin: SiteOrigin,
    /// The Spotify accounts service: the sign-in form's post is redirected there, which `form-action` governs.
    pub sign_in_origin: String,
    /// Hosts of profile pictures and cover art (Spotify's image servers, or the sandbox).
    pub image_sources: String,
}

/// Middleware: picks the response's CSP nonce (handed to the renderer through the request) and sets the headers.
pub async fn headers(State(policy): State<Arc<ContentPolicy>>, mut request: Request, next: Next) -> Response {
    let nonce = new_nonce();
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Ok(policy) = HeaderValue::from_str(&content_security_policy(&nonce, &policy)) {
        headers.insert(CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    if policy.origin.is_secure() {
        headers.insert(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    // Pages show who is signed in, so nothing is cacheable by others unless a handler said so (static assets do).
    headers.entry(CACHE_CONTROL).or_insert(HeaderValue::from_static("private, no-store"));
    response
}

fn content_security_policy(nonce: &str, policy: &ContentPolicy) -> String {
    let ContentPolicy { sign_in_origin, image_sources, .. } = policy;
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: {image_sources}; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'none'; frame-ancestors 'none'; form-action 'self' {sign_in_origin}"
    )
}

fn new_nonce() -> Arc<str> {
    let bytes: [u8; 16] = rand::random();
    base64::engine::general_purpose::STANDARD.encode(bytes).into()
}
