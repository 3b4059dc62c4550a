//! Where a release is on the board and how actions move it. Every move between two places is the same two playlist
//! edits (add to the new place's playlist, remove from the old one's), so an undo is the move back, and a failed
//! write can be undone by the same rule.

use serde::{Deserialize, Serialize};

/// Where a release of a period is. Categories are named by their id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Place {
    /// In the week's bronze playlist, waiting to be sorted.
    Bronze,
    /// Sorted into a category: in the period's silver playlist of that category.
    Silver(i64),
    /// Promoted into the category's permanent golden playlist.
    Golden(i64),
    /// Thrown away: in no playlist, and never shown to this user again.
    Trashed,
}

/// A playlist of the board.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layer {
    Bronze,
    Silver(i64),
    Golden(i64),
}

/// What a user does with a card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BoardAction {
    /// Sort into this category (from bronze, or from another category's silver playlist).
    Send(i64),
    /// Throw away (from bronze or silver).
    Trash,
    /// Keep for good: silver to the category's golden playlist.
    Promote,
    /// One step back: golden to silver, silver to bronze, trash to bronze.
    Back,
}

/// An action that does not apply where the card is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BoardProblem {
    #[error("the track is already in that category")]
    AlreadyThere,
    #[error("only a sorted track can be promoted to its golden playlist")]
    NotSorted,
    #[error("a track in the bronze playlist has no step back")]
    NothingBack,
    #[error("a promoted track is moved back before it is sorted again or trashed")]
    Promoted,
    #[error("a trashed track is brought back before anything else")]
    Trashed,
}

/// The playlist edits that move a track between two places: add first, then remove, so a failure between the two
/// leaves the track in both playlists (visible, and undone by removing it from the new one) rather than in none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlaylistMove {
    pub add_to: Option<Layer>,
    pub remove_from: Option<Layer>,
}

impl Place {
    /// Where `action` takes a card from here.
    pub fn after(self, action: BoardAction) -> Result<Place, BoardProblem> {
        match (self, action) {
            (Place::Bronze, BoardAction::Send(category)) => Ok(Place::Silver(category)),
            (Place::Silver(current), BoardAction::Send(category)) if current == category => {
                Err(BoardProblem::AlreadyThere)
            }
            (Place::Silver(_), BoardAction::Send(category)) => Ok(Place::Silver(category)),
            (Place::Bronze | Place::Silver(_), BoardAction::Trash) => Ok(Place::Trashed),
            (Place::Silver(category), BoardAction::Promote) => Ok(Place::Golden(category)),
            (Place::Bronze, BoardAction::Promote) => Err(BoardProblem::NotSorted),
            (Place::Silver(_), BoardAction::Back) | (Place::Trashed, BoardAction::Back) => Ok(Place::Bronze),
            (Place::Golden(category), BoardAction::Back) => Ok(Place::Silver(category)),
            (Place::Bronze, BoardAction::Back) => Err(BoardProblem::NothingBack),
            (Place::Golden(_), _) => Err(BoardProblem::Promoted),
            (Place::Trashed, _) => Err(BoardProblem::Trashed),
        }
    }

    /// The playlist a card here is in.
    pub fn layer(self) -> Option<Layer> {
        match self {
            Place::Bronze => Some(Layer::Bronze),
            Place::Silver(category) => Some(Layer::Silver(category)),
            Place::Golden(category) => Some(Layer::Golden(category)),
            Place::Trashed => None,
        }
    }

    /// The category a card here belongs to.
    pub fn category(self) -> Option<i64> {
        match self {
            Place::Silver(category) | Place::Golden(category) => Some(category),
            Place::Bronze | Place::Trashed => None,
        }
    }

    /// The code stored for this place (the category is stored beside it).
    pub fn code(self) -> &'static str {
        match self {
            Place::Bronze => "bronze",
            Place::Silver(_) => "silver",
            Place::Golden(_) => "golden",
            Place::Trashed => "trashed",
        }
    }

    /// The place stored as `code` and `category`; None for a pair no place has.
    pub fn stored(code: &str, category: Option<i64>) -> Option<Place> {
        match (code, category) {
            ("bronze", None) => Some(Place::Bronze),
            ("silver", Some(category)) => Some(Place::Silver(category)),
            ("golden", Some(category)) => Some(Place::Golden(category)),
            ("trashed", None) => Some(Place::Trashed),
            _ => None,
        }
    }
}

impl PlaylistMove {
    /// The edits that take a track from `from` to `to`.
    pub fn between(from: Place, to: Place) -> PlaylistMove {
        PlaylistMove { add_to: to.layer(), remove_from: from.layer() }
    }
}

impl BoardAction {
    /// The code a form posts and the action log keeps.
    pub fn code(self) -> String {
        match self {
            BoardAction::Send(category) => format!("send-{category}"),
            BoardAction::Trash => "trash".to_owned(),
            BoardAction::Promote => "promote".to_owned(),
            BoardAction::Back => "back".to_owned(),
        }
    }

    pub fn parse(code: &str) -> Option<BoardAction> {
        match code {
            "trash" => Some(BoardAction::Trash),
            "promote" => Some(BoardAction::Promote),
            "back" => Some(BoardAction::Back),
            other => other.strip_prefix("send-")?.parse().ok().filter(|id| *id > 0).map(BoardAction::Send),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn place() -> impl Strategy<Value = Place> {
        prop_oneof![
            Just(Place::Bronze),
            (1..4i64).prop_map(Place::Silver),
            (1..4i64).prop_map(Place::Golden),
            Just(Place::Trashed),
        ]
    }

    fn action() -> impl Strategy<Value = BoardAction> {
        prop_oneof![
            (1..4i64).prop_map(BoardAction::Send),
            Just(BoardAction::Trash),
            Just(BoardAction::Promote),
            Just(BoardAction::Back),
        ]
    }

    #[test]
    fn the_weekly_flow() {
        let sorted = Place::Bronze.after(BoardAction::Send(7)).unwrap();
        assert_eq!(sorted, Place::Silver(7));
        assert_eq!(sorted.after(BoardAction::Promote), Ok(Place::Golden(7)));
        assert_eq!(sorted.after(BoardAction::Send(8)), Ok(Place::Silver(8)));
        assert_eq!(sorted.after(BoardAction::Send(7)), Err(BoardProblem::AlreadyThere));
        assert_eq!(Place::Bronze.after(BoardAction::Promote), Err(BoardProblem::NotSorted));
        assert_eq!(Place::Trashed.after(BoardAction::Send(7)), Err(BoardProblem::Trashed));
        assert_eq!(Place::Golden(7).after(BoardAction::Trash), Err(BoardProblem::Promoted));
        assert_eq!(
            PlaylistMove::between(Place::Bronze, Place::Silver(7)),
            PlaylistMove { add_to: Some(Layer::Silver(7)), remove_from: Some(Layer::Bronze) }
        );
        assert_eq!(
            PlaylistMove::between(Place::Bronze, Place::Trashed),
            PlaylistMove { add_to: None, remove_from: Some(Layer::Bronze) }
        );
    }

    proptest! {
        #[test]
        fn every_action_can_be_undone_by_the_move_back(from in place(), action in action()) {
            if let Ok(to) = from.after(action) {
                prop_assert_ne!(to, from);
                let there = PlaylistMove::between(from, to);
                let back = PlaylistMove::between(to, from);
                prop_assert_eq!((back.add_to, back.remove_from), (there.remove_from, there.add_to));
            }
        }

        #[test]
        fn a_card_reaches_bronze_again_by_stepping_back(from in place()) {
            let mut place = from;
            for _ in 0..3 {
                place = place.after(BoardAction::Back).unwrap_or(place);
            }
            prop_assert_eq!(place, Place::Bronze);
        }

        #[test]
        fn places_and_actions_read_back_from_their_codes(place in place(), action in action()) {
            prop_assert_eq!(Place::stored(place.code(), place.category()), Some(place));
            prop_assert_eq!(BoardAction::parse(&action.code()), Some(action));
        }
    }
}
