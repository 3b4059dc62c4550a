//! Crossfade's user interface: the HTML shell, the layout and the pages. The same components render on the server
//! (feature `ssr`) and hydrate in the browser (feature `hydrate`); server functions are declared here and run on the
//! server only.

mod account;
pub mod charts;
pub(crate) mod curation;
mod discover;
mod drawn;
mod error;
mod format;
mod history;
mod insights;
mod layout;
mod library;
mod moment;
mod page_answer;
mod pages;
mod playback;
mod player;
mod return_to;
mod smart;
mod sources;
mod sync;
mod theme;

pub use account::{DemoUser, SignInMode};
#[cfg(feature = "ssr")]
pub use account::{SpotifyClient, Viewer};
pub use error::AppError;
#[cfg(feature = "ssr")]
pub use error::{Chain, error_reference};
#[cfg(feature = "ssr")]
pub use player::FREE_ACCOUNT_COOKIE;
pub use return_to::is_local_path;
pub use theme::{SetTheme, THEME_COOKIE};

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, StaticSegment};

use crate::layout::{SiteFooter, SiteHeader};
use crate::pages::{AboutPage, HomePage, NotFoundPage, SettingsPage, SignInPage};

/// The stylesheet's URL, shared by the pages and the server's plain error documents.
pub const STYLESHEET_HREF: &str = "/pkg/crossfade.css";

/// The HTML document around the application. Rendered on the server only; the browser hydrates `<body>`.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    provide_request_nonce();
    let theme = theme::initial_theme();
    view! {
        <!DOCTYPE html>
        <html lang="en" data-theme=theme.as_str()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Makes the per-response CSP nonce that the server's security layer chose visible to the hydration scripts.
#[cfg(feature = "ssr")]
fn provide_request_nonce() {
    use leptos::nonce::Nonce;
    if let Some(parts) = use_context::<http::request::Parts>()
        && let Some(nonce) = parts.extensions.get::<CspNonce>()
    {
        provide_context(Nonce::from_value(nonce.0.clone()));
    }
}

/// The CSP nonce of one response, put into the request's extensions by the server before rendering.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct CspNonce(pub std::sync::Arc<str>);

/// Marks the document once the browser has taken over, so CSS can hide controls only needed without JavaScript.
fn mark_hydrated() {
    // Effects run in the browser only, after hydration.
    Effect::new(|_| {
        #[cfg(feature = "hydrate")]
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "");
        }
    });
}

/// The application: layout and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    player::provide_played_from_page();
    mark_hydrated();
    view! {
        <Stylesheet id="crossfade" href=STYLESHEET_HREF />
        <Title formatter=|page: String| {
            if page.is_empty() { "Crossfade".to_owned() } else { format!("{page} · Crossfade") }
        } />
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <SiteHeader />
            <player::PlayerBar />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    // Async: the whole page, account details included, is rendered before the first byte, so
                    // browsers without JavaScript get complete pages.
                    <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("about") view=AboutPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("sign-in") view=SignInPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("settings") view=SettingsPage ssr=SsrMode::Async />
                    <Route
                        path=leptos_router::path!("/library")
                        view=library::LibraryTracksPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=leptos_router::path!("/library/playlists")
                        view=library::LibraryPlaylistsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=leptos_router::path!("/library/playlists/:id")
                        view=library::LibraryPlaylistPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=leptos_router::path!("/library/albums/:id")
                        view=library::LibraryAlbumPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=leptos_router::path!("/library/artists/:id")
                        view=library::LibraryArtistPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=leptos_router::path!("/library/tracks/:id")
                        view=library::LibraryTrackPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=leptos_router::path!("/library/plays")
                        view=library::LibraryPlaysPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=leptos_router::path!("/library/duplicates")
                        view=library::LibraryDuplicatesPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=leptos_router::path!("/library/tags")
                        view=library::LibraryTagsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=leptos_router::path!("/library/labels/:key")
                        view=library::LibraryLabelPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("insights") view=insights::InsightsPage ssr=SsrMode::Async />
                    <Route
                        path=leptos_router::path!("/insights/compare")
                        view=insights::ComparePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=leptos_router::path!("/insights/history")
                        view=insights::HistoryInsightsPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("sources") view=sources::SourcesPage ssr=SsrMode::Async />
                    <Route
                        path=leptos_router::path!("/sources/import")
                        view=sources::FileImportPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("smart") view=smart::SmartPlaylistsPage ssr=SsrMode::Async />
                    <Route
                        path=leptos_router::path!("/smart/:id")
                        view=smart::SmartPlaylistPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("sync") view=sync::SyncPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("curation") view=curation::CurationPage ssr=SsrMode::Async />
                    <Route
                        path=leptos_router::path!("/curation/releases")
                        view=curation::ReleasesPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=leptos_router::path!("/curation/matches")
                        view=curation::MatchReviewPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=leptos_router::path!("/curation/matches/:release")
                        view=curation::FindMatchPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=leptos_router::path!("/curation/:style")
                        view=curation::CurationStylePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=leptos_router::path!("/curation/:style/:week")
                        view=curation::CurationBoardPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("history") view=history::HistoryPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("charts") view=charts::ChartsPage ssr=SsrMode::Async />
                    <Route
                        path=leptos_router::path!("/charts/import")
                        view=charts::ChartImportPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=leptos_router::path!("/charts/sources")
                        view=charts::ChartSourcesPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=leptos_router::path!("/charts/entries/:entry")
                        view=charts::ChartEntryPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=leptos_router::path!("/charts/recordings/:recording")
                        view=charts::RecordingHistoryPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=leptos_router::path!("/charts/:genre")
                        view=charts::GenreChartPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("discover") view=discover::DiscoverPage ssr=SsrMode::Async />
                    <Route
                        path=leptos_router::path!("/discover/tracks/:track")
                        view=discover::DiscoverPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=leptos_router::path!("/discover/playlists/:playlist")
                        view=discover::DiscoverPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=leptos_router::path!("/discover/categories/:style/:name")
                        view=discover::DiscoverPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=leptos_router::path!("/player/devices")
                        view=playback::ChooseDevicePage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </main>
            <SiteFooter />
        </Router>
    }
}
