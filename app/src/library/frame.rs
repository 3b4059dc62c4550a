//! What every library page has around its content: the section navigation.

use leptos::prelude::*;

/// The library's sections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Tracks,
    Playlists,
    Plays,
    Tags,
    Duplicates,
}

/// Tracks · Playlists · Plays · Tags · Duplicates, with the current section marked: as the current page on a section's own page, as
/// the current section on a page `within` it (an album, a playlist).
#[component]
pub fn LibraryNav(section: Section, #[prop(optional)] within: bool) -> AnyView {
    let current = move |this: Section| (this == section).then_some(if within { "true" } else { "page" });
    view! {
        <nav class="library-nav" aria-label="Library">
            <ul>
                <li><a href="/library" aria-current=current(Section::Tracks)>"Tracks"</a></li>
                <li><a href="/library/playlists" aria-current=current(Section::Playlists)>"Playlists"</a></li>
                <li><a href="/library/plays" aria-current=current(Section::Plays)>"Plays"</a></li>
                <li><a href="/library/tags" aria-current=current(Section::Tags)>"Tags"</a></li>
                <li><a href="/library/duplicates" aria-current=current(Section::Duplicates)>"Duplicates"</a></li>
            </ul>
        </nav>
    }
    .into_any()
}
