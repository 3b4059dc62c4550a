//! Rendered library pages kept per user and address until the user's library read model moves.
//!
//! The tracks table (`/library`) and the plays (`/library/plays`) show nothing but a user's track facts, plays and
//! summary, and every writer of those moves the summary's version in the same transaction. So the HTML rendered for
//! a user, an address (normalised through the domain's query types, so `?sort=added&dir=desc` and no query share
//! one entry), a theme and the header's account details stays right for as long as the version it was rendered at
//! is the user's current one, which the request's viewer carries (read with the session, at no extra query). A
//! response differs from the stored one only in its CSP nonce, which is put back in on the way out.
//!
//! The insights of a collection (`/insights`) are kept the same way: their figures come from the facts, and the names
//! they show move the version too (a changed playlist list moves it; renamed albums and artists refresh the facts).
//! So is the listening history (`/insights/history`): every writer of plays moves the version with its read model.
//!
//! Anything a page shows beyond those inputs must not be cached here: the track, playlist, album and artist pages
//! (catalog details) and the Sync and History pages (job state) are always rendered. So is every page of a user who
//! allowed the playback controls, since each page carries the player bar showing what plays right now; for anyone
//! else the bar shows a request for that consent (or, once Spotify refused a Free account, a note, remembered in a
//! cookie the key holds).

use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use crossfade_app::{CspNonce, FREE_ACCOUNT_COOKIE, THEME_COOKIE, Viewer};
use crossfade_domain::{
    HISTORY_INSIGHTS_PATH, HistoryRange, INSIGHTS_PATH, Link, PlaysQuery, TrackCollection, TracksParams, TracksQuery,
};
use http::{HeaderMap, Method, StatusCode};
use http_body_util::BodyExt as _;
use lru::LruCache;

/// Pages larger than this are served but not kept (a page of 50 tracks is about 60 kB).
const LARGEST_PAGE: usize = 1024 * 1024;

/// What makes two requests get the same page.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    user_id: i64,
    /// The page's address as the domain writes it back.
    address: String,
    theme: Option<String>,
    header: (String, Option<String>, bool),
    /// The cookie remembering a Free account, which the player bar reads.
    free_account: Option<String>,
}

/// A rendered page, cut where its CSP nonce stood.
struct Entry {
    version: i64,
    headers: HeaderMap,
    pieces: Vec<Bytes>,
    size: usize,
}

/// The kept pages, least recently used first out when they pass their memory budget.
pub struct PageCache {
    budget: usize,
    state: Mutex<Kept>,
}

struct Kept {
    pages: LruCache<Key, Entry>,
    size: usize,
}

impl PageCache {
    /// A cache holding at most `budget` bytes of pages; 0 keeps none.
    pub fn new(budget: usize) -> Arc<PageCache> {
        Arc::new(PageCache { budget, state: Mutex::new(Kept { pages: LruCache::unbounded(), size: 0 }) })
    }

    /// The page `request` asks for, as kept at the viewer's current version, with `nonce` put in.
    fn get(&self, key: &Key, version: i64, nonce: &str) -> Option<(HeaderMap, Body)> {
        let mut kept = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = kept.pages.get(key).filter(|entry| entry.version == version)?;
        let mut body = Vec::with_capacity(entry.size + entry.pieces.len() * nonce.len());
        for (index, piece) in entry.pieces.iter().enumerate() {
            if index > 0 {
                body.extend_from_slice(nonce.as_bytes());
            }
            body.extend_from_slice(piece);
        }
        Some((entry.headers.clone(), Body::from(body)))
    }

    fn put(&self, key: Key, version: i64, headers: HeaderMap, body: &Bytes, nonce: &str) {
        if body.len() > LARGEST_PAGE || body.len() > self.budget {
            return;
        }
        let pieces = split_at(body, nonce.as_bytes());
        let entry = Entry { version, headers, pieces, size: body.len() };
        let mut kept = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.size += entry.size;
        if let Some(replaced) = kept.pages.put(key, entry) {
            kept.size -= replaced.size;
        }
        while kept.size > self.budget {
            match kept.pages.pop_lru() {
                Some((_, evicted)) => kept.size -= evicted.size,
                None => break,
            }
        }
    }
}

/// `body` cut at every occurrence of `nonce` (which is left out).
fn split_at(body: &Bytes, nonce: &[u8]) -> Vec<Bytes> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while !nonce.is_empty() && at + nonce.len() <= body.len() {
        if &body[at..at + nonce.len()] == nonce {
            pieces.push(body.slice(start..at));
            at += nonce.len();
            start = at;
        } else {
            at += 1;
        }
    }
    pieces.push(body.slice(start..));
    pieces
}

/// The key of a request for a page kept here; None for anything else.
fn key_of(request: &Request, viewer: &Viewer) -> Option<Key> {
    if request.method() != Method::GET || crossfade_library::playback::playback_granted(&viewer.granted_scopes) {
        return None;
    }
    let query = request.uri().query().unwrap_or("");
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    // The last of a repeated key wins, as in the router's query map.
    let value_of = |wanted: &str| pairs.iter().rev().find(|(key, _)| key == wanted).map(|(_, value)| value.clone());
    let address = match request.uri().path() {
        "/library" => match TracksQuery::understood(&TracksParams::read(value_of)) {
            (query, None) => query.href(),
            // A refused value is answered 400 with the problem: always rendered.
            (_, Some(_)) => return None,
        },
        "/library/plays" => PlaysQuery::read(value_of).href(),
        // Insights of a collection: figures of the facts, and names the version follows (playlists, the catalog's
        // albums and artists, whose renames refresh the facts).
        INSIGHTS_PATH => {
            let collection = TrackCollection::parse(&value_of("of").unwrap_or_default()).ok()?;
            let axis = |name: &str| value_of(name).filter(|code| !code.is_empty());
            let mut link = Link::new(&collection.href());
            link.push("x", axis("x").as_deref());
            link.push("y", axis("y").as_deref());
            link.finish()
        }
        // The listening history: figures of the plays' read model, whose every writer moves the version.
        HISTORY_INSIGHTS_PATH => {
            let range = HistoryRange::parse(value_of("from").as_deref(), value_of("to").as_deref()).ok()?;
            format!("{HISTORY_INSIGHTS_PATH}?{}", range.query())
        }
        _ => return None,
    };
    let theme = cookie(request.headers(), THEME_COOKIE);
    let header = (viewer.display_name.clone(), viewer.avatar_url.clone(), viewer.needs_sign_in);
    let free_account = cookie(request.headers(), FREE_ACCOUNT_COOKIE);
    Some(Key { user_id: viewer.user_id, address, theme, header, free_account })
}

/// The value of the cookie `name`, if the request carries it.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(http::header::COOKIE).iter().filter_map(|value| value.to_str().ok()).find_map(|cookies| {
        cookies.split(';').find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name).then(|| value.to_owned())
        })
    })
}

/// Middleware (inside the signed-in user and the CSP nonce): serves a kept page when it is current, and keeps what
/// is rendered otherwise.
pub async fn serve(State(cache): State<Arc<PageCache>>, request: Request, next: Next) -> Response {
    if cache.budget == 0 {
        return next.run(request).await;
    }
    let found = request.extensions().get::<Viewer>().and_then(|viewer| {
        let nonce = request.extensions().get::<CspNonce>()?.0.clone();
        Some((key_of(&request, viewer)?, viewer.library_version, nonce))
    });
    let Some((key, version, nonce)) = found else { return next.run(request).await };
    if let Some((headers, body)) = cache.get(&key, version, &nonce) {
        metrics::counter!("page_cache_requests_total", "outcome" => "kept").increment(1);
        let mut response = Response::new(body);
        *response.headers_mut() = headers;
        return response;
    }
    metrics::counter!("page_cache_requests_total", "outcome" => "rendered").increment(1);
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (parts, body) = response.into_parts();
    match body.collect().await {
        Ok(collected) => {
            let body = collected.to_bytes();
            cache.put(key, version, parts.headers.clone(), &body, &nonce);
            Response::from_parts(parts, Body::from(body))
        }
        Err(error) => {
            tracing::warn!(error = %crossfade_app::Chain(&error), "a page could not be read to keep it");
            Response::from_parts(parts, Body::empty())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(address: &str) -> Key {
        Key {
            user_id: 1,
            address: address.to_owned(),
            theme: None,
            header: ("Ada".into(), None, false),
            free_account: None,
        }
    }

    fn viewer(granted_scopes: &[&str]) -> Viewer {
        Viewer {
            user_id: 1,
            spotify_user_id: "ada".into(),
            display_name: "Ada".into(),
            avatar_url: None,
            needs_sign_in: false,
            library_version: 3,
            granted_scopes: granted_scopes.iter().map(|scope| (*scope).to_owned()).collect(),
        }
    }

    fn library_request(cookie: Option<&str>) -> Request {
        let mut request = Request::get("/library?sort=title");
        if let Some(cookie) = cookie {
            request = request.header(http::header::COOKIE, cookie);
        }
        request.body(Body::empty()).unwrap()
    }

    #[test]
    fn pages_with_a_live_player_bar_are_never_kept() {
        let signed_in = ["user-read-private", "user-read-email"];
        let player = ["user-read-private", "user-read-playback-state", "user-modify-playback-state"];
        assert!(key_of(&library_request(None), &viewer(&signed_in)).is_some(), "the bar asks for consent: kept");
        assert!(key_of(&library_request(None), &viewer(&player)).is_none(), "the bar shows what plays now");
        let plain = key_of(&library_request(None), &viewer(&signed_in));
        let free = key_of(&library_request(Some("crossfade-free-account=1")), &viewer(&signed_in));
        assert_ne!(plain, free, "the bar's Free-account note is part of the page");
    }

    async fn text(body: Body) -> String {
        String::from_utf8(body.collect().await.unwrap().to_bytes().to_vec()).unwrap()
    }

    #[tokio::test]
    async fn a_kept_page_comes_back_with_the_new_nonce_at_its_version_only() {
        let cache = PageCache::new(1024);
        let page = Bytes::from_static(b"<script nonce=\"N1\">a</script><p>N</p><script nonce=\"N1\">b</script>");
        cache.put(key("/library"), 7, HeaderMap::new(), &page, "N1");
        let (_, body) = cache.get(&key("/library"), 7, "Z9").unwrap();
        assert_eq!(text(body).await, "<script nonce=\"Z9\">a</script><p>N</p><script nonce=\"Z9\">b</script>");
        assert!(cache.get(&key("/library"), 8, "Z9").is_none(), "the library moved on");
        assert!(cache.get(&key("/library?page=2"), 7, "Z9").is_none());
    }

    #[test]
    fn the_least_recently_used_pages_leave_first_within_the_budget() {
        let cache = PageCache::new(25);
        let page = Bytes::from_static(b"0123456789");
        cache.put(key("/a"), 1, HeaderMap::new(), &page, "x");
        cache.put(key("/b"), 1, HeaderMap::new(), &page, "x");
        assert!(cache.get(&key("/a"), 1, "n").is_some());
        cache.put(key("/c"), 1, HeaderMap::new(), &page, "x");
        assert!(cache.get(&key("/b"), 1, "n").is_none(), "b was used least recently");
        assert!(cache.get(&key("/a"), 1, "n").is_some() && cache.get(&key("/c"), 1, "n").is_some());
        let too_big = Bytes::from(vec![b'a'; 30]);
        cache.put(key("/d"), 1, HeaderMap::new(), &too_big, "x");
        assert!(cache.get(&key("/d"), 1, "n").is_none());
    }

    #[test]
    fn splitting_at_the_nonce_keeps_everything_else() {
        let body = Bytes::from_static(b"abXYcdXYXY");
        let pieces = split_at(&body, b"XY");
        let pieces: Vec<&[u8]> = pieces.iter().map(|piece| piece.as_ref()).collect();
        assert_eq!(pieces, [&b"ab"[..], b"cd", b"", b""]);
    }
}
