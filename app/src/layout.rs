//! The frame around every page: header with the product name, navigation and account area; footer with the
//! attribution Spotify's terms ask for and the theme picker.

use leptos::prelude::*;

use crate::account::AccountArea;
use crate::theme::ThemePicker;

#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                "Crossfade"
            </a>
            <nav aria-label="Main">
                <ul>
                    <li>
                        <a href="/library">"Library"</a>
                    </li>
                    <li>
                        <a href="/insights">"Insights"</a>
                    </li>
                    <li>
                        <a href="/smart">"Smart playlists"</a>
                    </li>
                    <li>
                        <a href="/discover">"Discover"</a>
                    </li>
                    <li>
                        <a href="/curation">"Curation"</a>
                    </li>
                    <li>
                        <a href="/charts">"Charts"</a>
                    </li>
                    <li>
                        <a href="/sync">"Sync"</a>
                    </li>
                    <li>
                        <a href="/history">"History"</a>
                    </li>
                    <li>
                        <a href="/sources">"Sources"</a>
                    </li>
                    <li>
                        <a href="/about">"About"</a>
                    </li>
                </ul>
            </nav>
            <AccountArea />
        </header>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>
                "Data from Spotify. Crossfade is self-hosted and not affiliated with Spotify."
            </p>
            <ThemePicker />
        </footer>
    }
}
