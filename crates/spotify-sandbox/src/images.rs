//! Cover art served by the sandbox itself, so image URLs work without internet access: an SVG whose colours
//! derive from the item id.

use axum::extract::Path;
use axum::http::header;
use axum::response::IntoResponse;
use sha2::{Digest, Sha256};

/// `GET /sandbox/images/{id}/{size}`.
pub(crate) async fn cover(Path((id, size)): Path<(String, u32)>) -> impl IntoResponse {
    let digest = Sha256::digest(id.as_bytes());
    let hue = |byte: u8| u32::from(byte) * 360 / 256;
    let (from, to) = (hue(digest[0]), hue(digest[1]));
    let size = size.clamp(16, 1024);
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{size}\" height=\"{size}\" viewBox=\"0 0 100 100\">\
<defs><linearGradient id=\"g\" x1=\"0\" y1=\"0\" x2=\"1\" y2=\"1\"><stop offset=\"0\" stop-color=\"hsl({from},65%,55%)\"/>\
<stop offset=\"1\" stop-color=\"hsl({to},70%,30%)\"/></linearGradient></defs><rect width=\"100\" height=\"100\" fill=\"url(#g)\"/>\
<circle cx=\"50\" cy=\"50\" r=\"{}\" fill=\"none\" stroke=\"rgba(255,255,255,.35)\" stroke-width=\"3\"/></svg>",
        18 + digest[2] % 20
    );
    ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")], svg)
}
