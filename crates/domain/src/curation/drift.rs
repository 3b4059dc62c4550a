//! The board against Spotify: the board's playlists are the user's own, so they may change them in Spotify (drag a
//! track from bronze to a silver playlist, delete one, add something). Comparing what each playlist holds with where
//! the board has each card says what changed, without overwriting either side; the user then keeps Spotify's
//! version (the board follows) or puts the board's back (Spotify follows).

use std::collections::HashSet;

use super::place::{Layer, Place};

/// A difference between the board and Spotify.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Drift {
    /// The card's track is not in its place's playlist but in others of the board's (`found_in`, the one furthest
    /// along the board's flow first, which is `to`): moved in Spotify.
    Moved { track: String, from: Place, to: Place, found_in: Vec<Layer> },
    /// The card's track is in none of the board's playlists: removed in Spotify.
    Removed { track: String, from: Place },
    /// A bronze or silver playlist holds a track the board has no card for: added in Spotify. (Golden playlists
    /// keep every week's keepers and whatever the user adds, so additions there are not differences.)
    Added { track: String, to: Layer },
}

impl Drift {
    /// Where the board puts the card when the user keeps Spotify's version: where Spotify has it, and Trash for a
    /// track removed from every playlist (the user threw it away). None for an addition, which stays as it is.
    pub fn kept_place(&self) -> Option<Place> {
        match self {
            Drift::Moved { to, .. } => Some(*to),
            Drift::Removed { .. } => Some(Place::Trashed),
            Drift::Added { .. } => None,
        }
    }

    /// The playlist edits that put the board's version back on Spotify: the track back where the board has it
    /// (added first, as every move of the board), then out of every playlist it was moved to. An addition is left
    /// alone.
    pub fn restoring(&self) -> Restore {
        match self {
            Drift::Moved { from, found_in, .. } => Restore { add_to: from.layer(), remove_from: found_in.clone() },
            Drift::Removed { from, .. } => Restore { add_to: from.layer(), remove_from: Vec::new() },
            Drift::Added { .. } => Restore { add_to: None, remove_from: Vec::new() },
        }
    }

    pub fn track(&self) -> &str {
        match self {
            Drift::Moved { track, .. } | Drift::Removed { track, .. } | Drift::Added { track, .. } => track,
        }
    }
}

/// The playlist edits that put a card's track back where the board has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restore {
    pub add_to: Option<Layer>,
    pub remove_from: Vec<Layer>,
}

/// The differences between `cards` (each track with its place on the board) and `playlists` (each of the period's
/// playlists with the tracks Spotify holds in it), cards first in their order, then additions by playlist.
pub fn compare_with_spotify(cards: &[(String, Place)], playlists: &[(Layer, Vec<String>)]) -> Vec<Drift> {
    let holds = |layer: Layer, track: &str| {
        playlists.iter().any(|(held, tracks)| *held == layer && tracks.iter().any(|held| held == track))
    };
    let mut drifts = Vec::new();
    for (track, place) in cards {
        let expected = place.layer();
        if expected.is_some_and(|layer| holds(layer, track)) {
            continue;
        }
        // Where Spotify has it instead: the furthest along the board's flow first.
        let mut found_in: Vec<Layer> = playlists
            .iter()
            .filter(|(_, tracks)| tracks.iter().any(|held| held == track))
            .map(|(layer, _)| *layer)
            .collect();
        found_in.sort_by_key(|layer| match layer {
            Layer::Golden(_) => 0,
            Layer::Silver(_) => 1,
            Layer::Bronze => 2,
        });
        found_in.dedup();
        match (found_in.first(), expected) {
            (Some(layer), _) => {
                let to = place_of(*layer);
                drifts.push(Drift::Moved { track: track.clone(), from: *place, to, found_in });
            }
            (None, Some(_)) => drifts.push(Drift::Removed { track: track.clone(), from: *place }),
            (None, None) => {}
        }
    }
    let carded: HashSet<&str> = cards.iter().map(|(track, _)| track.as_str()).collect();
    let mut added: HashSet<(Layer, &str)> = HashSet::new();
    for (layer, tracks) in playlists {
        if matches!(layer, Layer::Golden(_)) {
            continue;
        }
        for track in tracks {
            if !carded.contains(track.as_str()) && added.insert((*layer, track)) {
                drifts.push(Drift::Added { track: track.clone(), to: *layer });
            }
        }
    }
    drifts
}

/// The place of a card in `layer`'s playlist.
fn place_of(layer: Layer) -> Place {
    match layer {
        Layer::Bronze => Place::Bronze,
        Layer::Silver(category) => Place::Silver(category),
        Layer::Golden(category) => Place::Golden(category),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn tracks(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn moves_removals_and_additions_in_spotify_are_told_apart() {
        let cards = vec![
            ("a".to_owned(), Place::Bronze),
            ("b".to_owned(), Place::Bronze),
            ("c".to_owned(), Place::Silver(1)),
            ("d".to_owned(), Place::Golden(1)),
            ("e".to_owned(), Place::Trashed),
            ("f".to_owned(), Place::Silver(1)),
        ];
        let playlists = vec![
            (Layer::Bronze, tracks(&["a", "x"])),
            (Layer::Silver(1), tracks(&["b", "f"])),
            (Layer::Golden(1), tracks(&["c", "d", "old keeper"])),
        ];
        assert_eq!(
            compare_with_spotify(&cards, &playlists),
            vec![
                Drift::Moved {
                    track: "b".into(),
                    from: Place::Bronze,
                    to: Place::Silver(1),
                    found_in: vec![Layer::Silver(1)]
                },
                Drift::Moved {
                    track: "c".into(),
                    from: Place::Silver(1),
                    to: Place::Golden(1),
                    found_in: vec![Layer::Golden(1)]
                },
                Drift::Added { track: "x".into(), to: Layer::Bronze },
            ]
        );
        let removed = compare_with_spotify(&cards, &[(Layer::Golden(1), tracks(&["d"]))]);
        assert!(removed.contains(&Drift::Removed { track: "a".into(), from: Place::Bronze }));
        assert!(!removed.iter().any(|drift| drift.track() == "e"), "a trashed track is in no playlist");
    }

    #[test]
    fn a_trashed_track_put_back_in_spotify_is_moved_out_of_the_trash() {
        let cards = vec![("e".to_owned(), Place::Trashed)];
        let playlists = [(Layer::Bronze, tracks(&["e"])), (Layer::Silver(1), tracks(&["e"]))];
        let drifts = compare_with_spotify(&cards, &playlists);
        let found_in = vec![Layer::Silver(1), Layer::Bronze];
        assert_eq!(
            drifts,
            vec![Drift::Moved {
                track: "e".into(),
                from: Place::Trashed,
                to: Place::Silver(1),
                found_in: found_in.clone()
            }]
        );
        assert_eq!(drifts[0].kept_place(), Some(Place::Silver(1)));
        assert_eq!(drifts[0].restoring(), Restore { add_to: None, remove_from: found_in });
    }

    fn place() -> impl Strategy<Value = Place> {
        prop_oneof![
            Just(Place::Bronze),
            (1..3i64).prop_map(Place::Silver),
            (1..3i64).prop_map(Place::Golden),
            Just(Place::Trashed),
        ]
    }

    fn layer() -> impl Strategy<Value = Layer> {
        prop_oneof![Just(Layer::Bronze), (1..3i64).prop_map(Layer::Silver), (1..3i64).prop_map(Layer::Golden)]
    }

    /// Every playlist of a board with categories 1 and 2, holding what `cards` put there.
    fn as_board_has_it(cards: &[(String, Place)]) -> Vec<(Layer, Vec<String>)> {
        let layers = [Layer::Bronze, Layer::Silver(1), Layer::Silver(2), Layer::Golden(1), Layer::Golden(2)];
        layers
            .into_iter()
            .map(|layer| {
                let held =
                    cards.iter().filter(|(_, place)| place.layer() == Some(layer)).map(|(track, _)| track.clone());
                (layer, held.collect())
            })
            .collect()
    }

    /// `playlists` after `edits`.
    fn edited(mut playlists: Vec<(Layer, Vec<String>)>, track: &str, edits: &Restore) -> Vec<(Layer, Vec<String>)> {
        for (layer, tracks) in &mut playlists {
            if edits.remove_from.contains(layer) {
                tracks.retain(|held| held != track);
            }
            if edits.add_to == Some(*layer) && !tracks.iter().any(|held| held == track) {
                tracks.push(track.to_owned());
            }
        }
        playlists
    }

    proptest! {
        #[test]
        fn a_board_as_spotify_has_it_shows_no_difference(places in prop::collection::vec(place(), 0..12)) {
            let cards: Vec<(String, Place)> =
                places.into_iter().enumerate().map(|(index, place)| (format!("t{index}"), place)).collect();
            prop_assert!(compare_with_spotify(&cards, &as_board_has_it(&cards)).is_empty());
        }

        /// Whatever the user did in Spotify, keeping Spotify's version or putting the board's back leaves no
        /// difference but the user's additions.
        #[test]
        fn either_answer_settles_every_difference(
            places in prop::collection::vec(place(), 1..10),
            changes in prop::collection::vec((0..10usize, prop::option::of(layer()), prop::option::of(layer())), 0..8),
        ) {
            let cards: Vec<(String, Place)> =
                places.into_iter().enumerate().map(|(index, place)| (format!("t{index}"), place)).collect();
            let mut spotify = as_board_has_it(&cards);
            for (index, add_to, remove_from) in changes {
                let track = cards.get(index).map_or_else(|| format!("new{index}"), |(track, _)| track.clone());
                spotify = edited(spotify, &track, &Restore { add_to, remove_from: remove_from.into_iter().collect() });
            }
            let drifts = compare_with_spotify(&cards, &spotify);
            let only_additions = |drifts: &[Drift]| drifts.iter().all(|drift| matches!(drift, Drift::Added { .. }));

            let mut restored = spotify.clone();
            for drift in &drifts {
                restored = edited(restored, drift.track(), &drift.restoring());
            }
            let after_restore = compare_with_spotify(&cards, &restored);
            prop_assert!(only_additions(&after_restore), "{after_restore:?}");

            let kept: Vec<(String, Place)> = cards
                .iter()
                .map(|(track, place)| {
                    let moved = drifts.iter().find(|drift| drift.track() == track).and_then(Drift::kept_place);
                    (track.clone(), moved.unwrap_or(*place))
                })
                .collect();
            let after_keep = compare_with_spotify(&kept, &spotify);
            prop_assert!(only_additions(&after_keep), "{after_keep:?}");
        }
    }
}
