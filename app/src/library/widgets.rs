//! Small pieces the library pages share: links to Spotify, artist credits, dates, cover art and page links.

use leptos::prelude::*;

use crossfade_domain::SpotifyId;

use super::dto::Named;
use crate::moment::Moment;

pub use crossfade_domain::SpotifyKind;

/// The open.spotify.com page of `id`; None unless `id` is a Spotify id.
pub fn spotify_url(kind: SpotifyKind, id: &str) -> Option<String> {
    SpotifyId::parse(id).ok().map(|id| kind.open_url(&id))
}

/// "Insights" into the collection `of` (a `TrackCollection` code such as `playlist:…`); nothing for a code that
/// names no collection.
#[component]
pub fn InsightsLink(#[prop(into)] of: String) -> impl IntoView {
    crossfade_domain::TrackCollection::parse(&of)
        .ok()
        .map(|collection| view! { <a class="insights-link" href=collection.href()>"Insights"</a> })
}

/// "Open in Spotify", naming `what` for screen readers when the link sits among many (table rows).
#[component]
pub fn SpotifyLink(kind: SpotifyKind, id: String, #[prop(optional, into)] what: Option<String>) -> impl IntoView {
    spotify_url(kind, &id).map(|href| {
        view! {
            <a class="spotify-link" href=href rel="noopener">
                "Open in Spotify"
                {what.map(|what| view! { <span class="visually-hidden">": " {what}</span> })}
            </a>
        }
    })
}

/// Artist names, each linking to its page here, separated by commas.
#[component]
pub fn ArtistLinks(artists: Vec<Named>) -> impl IntoView {
    let count = artists.len();
    artists
        .into_iter()
        .enumerate()
        .map(|(index, artist)| {
            let href = format!("/library/artists/{}", artist.spotify_id);
            view! {
                <a href=href>{artist.name}</a>
                {(index + 1 < count).then_some(", ")}
            }
        })
        .collect_view()
}

/// A `<time>` element.
#[component]
pub fn When(moment: Moment) -> impl IntoView {
    view! { <time datetime=moment.iso>{moment.shown}</time> }
}

/// Cover art or an artist picture as Spotify serves it: no cropping, no filters.
#[component]
pub fn Cover(url: Option<String>, alt: String) -> impl IntoView {
    url.map(|url| view! { <img class="cover" src=url alt=alt width="160" height="160" /> })
}

/// Links to the pages before and after the current one; nothing when the list fits on one page.
#[component]
pub fn Pager(previous: Option<String>, next: Option<String>) -> impl IntoView {
    (previous.is_some() || next.is_some()).then(|| {
        view! {
            <nav class="pager" aria-label="Pages">
                {previous.map(|href| view! { <a href=href rel="prev">"Previous page"</a> })}
                {next.map(|href| view! { <a href=href rel="next">"Next page"</a> })}
            </nav>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spotify_links_only_for_spotify_ids() {
        assert_eq!(
            spotify_url(SpotifyKind::Track, "4uLU6hMCjMI75M1A2tKUQC").as_deref(),
            Some("https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC")
        );
        assert_eq!(
            spotify_url(SpotifyKind::Playlist, "37i9dQZF1DXcBWIGoYBM5M").as_deref(),
            Some("https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M")
        );
        for id in ["", "../me", "a b", "x\"onclick", "id?x=1", "4uLU6hMCjMI75M1A2tKUQ"] {
            assert_eq!(spotify_url(SpotifyKind::Album, id), None, "{id:?}");
        }
    }
}
