//! Keyboard triage on the board, once the page has hydrated: `j`/`k` move between cards, `1`–`9` send the card to
//! a category, `g` promotes a sorted card to its golden playlist, `b` takes a card one step back, `t` trashes it, `p`
//! plays it on the user's Spotify device (or opens it in Spotify when Crossfade may
//! not play), `u` undoes the last action, `?` shows the keys. An action
//! takes the card off its list at once and puts it back with the board's message if the server refuses. Without
//! JavaScript none of this runs: every card has its buttons.

use crossfade_domain::{BoardAction, Place};
use leptos::prelude::*;

use super::board::{ActOnCard, UndoCuration};
use crate::playback::PlayTrack;

/// A card as the keys see it: its id, where it is, and its Spotify track.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyCard {
    pub id: i64,
    pub place: Place,
    pub spotify_id: String,
}

/// What the keys act on and with.
#[derive(Clone)]
pub struct Triage {
    pub slug: String,
    pub week: String,
    /// Category ids in board order: key `1` is the first.
    pub categories: Vec<i64>,
    /// Cards in page order.
    pub cards: Vec<KeyCard>,
    pub act: ServerAction<ActOnCard>,
    pub undo: ServerAction<UndoCuration>,
    /// Playing on the user's device, when they allowed it.
    pub play: Option<ServerAction<PlayTrack>>,
    /// Cards sent off by a key and not yet confirmed by the server: hidden meanwhile.
    pub pending: RwSignal<Vec<i64>>,
    /// The card the keys act on, by id.
    pub focused: RwSignal<Option<i64>>,
}

/// What a key press asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Command {
    Next,
    Previous,
    Act(BoardAction),
    Play,
    Undo,
    Help,
}

/// The command of `key` on a board with these categories (`1`–`9` are the first nine).
fn command(key: &str, categories: &[i64]) -> Option<Command> {
    match key {
        "j" | "ArrowDown" => Some(Command::Next),
        "k" | "ArrowUp" => Some(Command::Previous),
        "t" => Some(Command::Act(BoardAction::Trash)),
        "g" => Some(Command::Act(BoardAction::Promote)),
        "b" => Some(Command::Act(BoardAction::Back)),
        "p" => Some(Command::Play),
        "u" => Some(Command::Undo),
        "?" => Some(Command::Help),
        digit => {
            let position = digit.parse::<usize>().ok().filter(|position| (1..=9).contains(position))?;
            categories.get(position - 1).map(|category| Command::Act(BoardAction::Send(*category)))
        }
    }
}

/// The card `step` places from `current` among the visible cards (the first when none is focused).
fn moved(visible: &[i64], current: Option<i64>, step: isize) -> Option<i64> {
    let position = current.and_then(|id| visible.iter().position(|card| *card == id));
    let next = match position {
        None => 0,
        Some(position) => position.saturating_add_signed(step).min(visible.len().saturating_sub(1)),
    };
    visible.get(next).copied()
}

/// Listens for the board's keys and shows their help on `?`.
#[component]
pub fn KeyboardTriage(triage: Triage) -> impl IntoView {
    let help = RwSignal::new(false);
    let Triage { slug, week, categories, cards, act, undo, play, pending, focused } = triage;
    let board = format!("/curation/{slug}/{week}");
    let handle = move |key: String| {
        let visible: Vec<i64> = cards.iter().map(|card| card.id).filter(|id| !pending.read().contains(id)).collect();
        let Some(command) = command(&key, &categories) else { return false };
        let current = focused.get_untracked().filter(|id| visible.contains(id));
        match command {
            Command::Help => help.update(|shown| *shown = !*shown),
            Command::Next | Command::Previous => {
                let step = if command == Command::Next { 1 } else { -1 };
                focused.set(moved(&visible, current, step));
            }
            Command::Undo => {
                undo.dispatch(UndoCuration { style: slug.clone(), week: week.clone() });
            }
            Command::Play => {
                if let Some(card) = current.and_then(|id| cards.iter().find(|card| card.id == id)) {
                    match play {
                        Some(play) => {
                            play.dispatch(PlayTrack {
                                track: card.spotify_id.clone(),
                                back: format!("{board}#card-{}", card.id),
                                device: None,
                            });
                        }
                        None => open_in_spotify(&card.spotify_id),
                    }
                }
            }
            Command::Act(action) => {
                let Some(card) = current.and_then(|id| cards.iter().find(|card| card.id == id)) else { return true };
                if card.place.after(action).is_err() {
                    return true;
                }
                // The next card takes the focus as this one leaves its list.
                let after = moved(&visible, Some(card.id), 1).filter(|next| *next != card.id);
                let before = moved(&visible, Some(card.id), -1);
                pending.update(|pending| pending.push(card.id));
                focused.set(after.or(before).filter(|id| *id != card.id));
                act.dispatch(ActOnCard {
                    style: slug.clone(),
                    week: week.clone(),
                    card: card.id,
                    action: action.code(),
                });
            }
        }
        true
    };
    listen(handle);
    // A refused action brings its card back (the board shows the server's message).
    Effect::new(move |_| {
        if let Some(Err(_)) = act.value().get() {
            pending.update(|pending| pending.clear());
        }
    });
    view! {
        <p class="keys-hint muted">"Keys: j/k move, 1–9 sort, g promote, b back, t trash, p play, u undo, ? help."</p>
        <Show when=move || help.get()>
            <div class="keys-help" role="dialog" aria-label="Keyboard shortcuts">
                <h2>"Keyboard shortcuts"</h2>
                <dl>
                    <dt>"j / k"</dt><dd>"next / previous card"</dd>
                    <dt>"1–9"</dt><dd>"sort the card into that category"</dd>
                    <dt>"g"</dt><dd>"promote a sorted card to its golden playlist"</dd>
                    <dt>"b"</dt><dd>"one step back (golden to silver, silver or trash to bronze)"</dd>
                    <dt>"t"</dt><dd>"trash it (never shown again)"</dd>
                    <dt>"p"</dt><dd>"play it on your Spotify device (or open it in Spotify)"</dd>
                    <dt>"u"</dt><dd>"undo the last action"</dd>
                    <dt>"?"</dt><dd>"show or hide this list"</dd>
                </dl>
            </div>
        </Show>
    }
}

/// Calls `handle` with every key pressed outside form fields, without modifier keys; a handled key does nothing
/// else (no scrolling on the arrows).
#[cfg(feature = "hydrate")]
fn listen(handle: impl Fn(String) -> bool + 'static) {
    use wasm_bindgen::JsCast;
    let listener = window_event_listener(leptos::ev::keydown, move |event| {
        if event.ctrl_key() || event.meta_key() || event.alt_key() {
            return;
        }
        let in_field = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|element| matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if !in_field && handle(event.key()) {
            event.prevent_default();
        }
    });
    on_cleanup(move || listener.remove());
}

#[cfg(not(feature = "hydrate"))]
fn listen(handle: impl Fn(String) -> bool + 'static) {
    let _ = handle;
}

#[cfg(feature = "hydrate")]
fn open_in_spotify(spotify_id: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.open_with_url_and_target(&format!("https://open.spotify.com/track/{spotify_id}"), "_blank");
    }
}

#[cfg(not(feature = "hydrate"))]
fn open_in_spotify(spotify_id: &str) {
    let _ = spotify_id;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_commands_and_digits_name_categories() {
        let categories = [11, 12];
        assert_eq!(command("1", &categories), Some(Command::Act(BoardAction::Send(11))));
        assert_eq!(command("2", &categories), Some(Command::Act(BoardAction::Send(12))));
        assert_eq!(command("3", &categories), None, "no third category");
        assert_eq!(command("0", &categories), None);
        assert_eq!(command("t", &categories), Some(Command::Act(BoardAction::Trash)));
        assert_eq!(command("j", &categories), Some(Command::Next));
        assert_eq!(command("g", &categories), Some(Command::Act(BoardAction::Promote)));
        assert_eq!(command("b", &categories), Some(Command::Act(BoardAction::Back)));
        assert_eq!(command("x", &categories), None);
    }

    #[test]
    fn moving_stays_within_the_visible_cards() {
        let visible = [5, 6, 7];
        assert_eq!(moved(&visible, None, 1), Some(5));
        assert_eq!(moved(&visible, Some(5), 1), Some(6));
        assert_eq!(moved(&visible, Some(7), 1), Some(7));
        assert_eq!(moved(&visible, Some(5), -1), Some(5));
        assert_eq!(moved(&[], Some(5), 1), None);
    }
}
