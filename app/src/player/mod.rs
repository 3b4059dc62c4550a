//! The player bar on every page of a signed-in user: what plays on their Spotify device, with its controls. Without
//! JavaScript every control is a small form and the bar shows the player as it was when the page loaded; with it the
//! bar looks again by itself and acts in place.

mod bar;
mod controls;
#[cfg(feature = "ssr")]
mod free_account;
mod look;
mod now_playing;
#[cfg(feature = "ssr")]
mod refusal;

use leptos::prelude::*;

pub use bar::PlayerBar;
pub(crate) use controls::{DeviceButton, TransferPlayback};
#[cfg(feature = "ssr")]
pub use free_account::FREE_ACCOUNT_COOKIE;

/// What a person reads when Spotify will not play for a Free account.
pub const PREMIUM_WORDS: &str =
    "Playing from Crossfade needs Spotify Premium; the “Open in Spotify” links take you to Spotify to listen there.";

/// Counts what pages started or queued on the player, so the bar looks again at once rather than at its next poll.
#[derive(Clone, Copy)]
pub(crate) struct PlayedFromPage(RwSignal<u64>);

/// Lets the pages tell the player bar that they played something; the app calls this once, above both.
pub fn provide_played_from_page() {
    provide_context(PlayedFromPage(RwSignal::new(0)));
}

/// Has the player bar look again each time `answers` moves (a page's play or queue action's version).
pub fn look_again_after(answers: impl Fn() -> usize + 'static) {
    if let Some(PlayedFromPage(played)) = use_context::<PlayedFromPage>() {
        Effect::watch(answers, move |_, _, _| played.update(|count| *count += 1), false);
    }
}

/// Where a control's plain form post sends the browser back to: `back` if it is a path on this site (else the home
/// page), without the error a refused form left in its address.
pub fn return_path(back: &str) -> String {
    if !crate::is_local_path(back) {
        return "/".to_owned();
    }
    let Some((path, query)) = back.split_once('?') else { return back.to_owned() };
    let (query, fragment) = query.split_once('#').map_or((query, None), |(query, fragment)| (query, Some(fragment)));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("__path=") && !pair.starts_with("__err="))
        .collect();
    let mut path = path.to_owned();
    if !kept.is_empty() {
        path.push('?');
        path.push_str(&kept.join("&"));
    }
    if let Some(fragment) = fragment {
        path.push('#');
        path.push_str(fragment);
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_returns_to_its_page_without_an_earlier_refusal() {
        assert_eq!(return_path("/library?sort=title&__path=%2Fapi%2Fcontrol_player&__err=abc"), "/library?sort=title");
        assert_eq!(return_path("/about?__err=abc#top"), "/about#top");
        assert_eq!(return_path("/curation/techno/2026-11-30#card-4"), "/curation/techno/2026-11-30#card-4");
        assert_eq!(return_path("//evil.example/"), "/");
        assert_eq!(return_path("javascript:alert(1)"), "/");
    }
}
