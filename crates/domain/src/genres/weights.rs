//! Several sources' genres and tags for one artist, album or track, weighed into one share per genre: MusicBrainz
//! votes, Deezer's album genres and Spotify's artist genres each say something, and a page wants one answer.

use std::collections::BTreeMap;

use super::{GenreId, GenreTree, Normalised};
use crate::Tag;

/// Genres with shares that sum to 1, largest first (ties by id), and the texts that were tags, heaviest first (ties
/// by spelling). Both orders depend only on what was weighed, not on the order it came in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GenreWeights {
    genres: Vec<(GenreId, f64)>,
    tags: Vec<Tag>,
}

impl GenreWeights {
    /// Empty when no text named a genre.
    pub fn genres(&self) -> &[(GenreId, f64)] {
        &self.genres
    }

    pub fn tags(&self) -> &[Tag] {
        &self.tags
    }
}

impl GenreTree {
    /// Normalises each `(text, weight)` (a MusicBrainz vote count, or 1.0 for a provider that only lists names) and
    /// merges the texts that name the same genre or tag. Weights that are zero, negative or not finite are left
    /// out: MusicBrainz counts down-votes, and a genre voted to zero says nothing.
    pub fn weigh<'a>(&self, texts: impl IntoIterator<Item = (&'a str, f64)>) -> GenreWeights {
        let mut genres: BTreeMap<GenreId, Vec<f64>> = BTreeMap::new();
        let mut tags: BTreeMap<Tag, Vec<f64>> = BTreeMap::new();
        for (text, weight) in texts {
            if !(weight.is_finite() && weight > 0.0) {
                continue;
            }
            match self.normalise(text) {
                Normalised::Genre(id) => genres.entry(id).or_default().push(weight),
                Normalised::Tag(tag) => tags.entry(tag).or_default().push(weight),
                Normalised::Nothing => {}
            }
        }
        let mut genres = ranked(genres);
        let total: f64 = genres.iter().map(|(_, weight)| weight).sum();
        for (_, weight) in &mut genres {
            *weight /= total;
        }
        GenreWeights { genres, tags: ranked(tags).into_iter().map(|(tag, _)| tag).collect() }
    }

    /// The share of `weights` that lies within `genre`, its subgenres included: with house 0.5, deep house 0.3 and
    /// jazz 0.2, house's share is 0.8.
    pub fn share(&self, weights: &GenreWeights, genre: GenreId) -> f64 {
        weights.genres.iter().filter(|(id, _)| self.is_within(*id, genre)).map(|(_, weight)| weight).sum()
    }
}

/// Each key's weights summed, heaviest first. Every weight is first divided by the largest, so even weights near
/// `f64::MAX` cannot sum to infinity, and each key's weights are summed in sorted order, since a float sum depends
/// on the order of its terms.
fn ranked<K: Ord>(weights: BTreeMap<K, Vec<f64>>) -> Vec<(K, f64)> {
    let largest = weights.values().flatten().copied().fold(0.0, f64::max);
    let mut ranked: Vec<(K, f64)> = weights
        .into_iter()
        .map(|(key, mut weights)| {
            weights.sort_by(f64::total_cmp);
            (key, weights.iter().map(|weight| weight / largest).sum())
        })
        .collect();
    ranked.sort_by(|(a, x), (b, y)| y.total_cmp(x).then_with(|| a.cmp(b)));
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(slug: &str) -> GenreId {
        GenreTree::get().parse_id(slug).unwrap()
    }

    #[test]
    fn merges_spellings_and_keeps_tags_apart() {
        let tree = GenreTree::get();
        let weights = tree.weigh([
            ("house", 3.0),
            ("Deep House", 2.0),
            ("deep-house", 1.0),
            ("chill", 4.0),
            ("jazz", 2.0),
            ("Chill", 1.0),
            ("seen live", 1.0),
            ("rock", 0.0),
            ("metal", -2.0),
            ("", 5.0),
        ]);
        assert_eq!(weights.genres(), [(id("deep-house"), 0.375), (id("house"), 0.375), (id("jazz"), 0.25)]);
        assert_eq!(weights.tags().iter().map(Tag::as_str).collect::<Vec<_>>(), ["chill", "seen live"]);
        assert_eq!(tree.share(&weights, id("house")), 0.75);
        assert_eq!(tree.share(&weights, id("electronic")), 0.75);
        assert_eq!(tree.share(&weights, id("deep-house")), 0.375);
        assert_eq!(tree.share(&weights, id("rock")), 0.0);
    }

    #[test]
    fn nothing_weighed_is_no_genres() {
        let weights = GenreTree::get().weigh([("happy", 1.0), ("rock", f64::NAN)]);
        assert!(weights.genres().is_empty());
        assert_eq!(weights.tags().iter().map(Tag::as_str).collect::<Vec<_>>(), ["happy"]);
    }

    #[test]
    fn huge_weights_do_not_overflow() {
        let weights = GenreTree::get().weigh([("rock", f64::MAX), ("jazz", f64::MAX), ("rock", f64::MAX)]);
        assert_eq!(weights.genres(), [(id("rock"), 2.0 / 3.0), (id("jazz"), 1.0 / 3.0)]);
    }
}
