//! Turning what a provider calls genres, tags and labels into the product's vocabulary: names on the genre
//! hierarchy with weights summing to one, the other words kept as tags with their votes, and a normalised label.

use crossfade_domain::{GenreId, GenreTree, RecordLabel, Tag};

/// Genres of the hierarchy with weights summing to one, and the other words with their votes.
pub(super) type Named = (Vec<(GenreId, f64)>, Vec<(String, u32)>);

/// The genres and tags a provider's words name: `words` are `(text, votes)`, votes 1 where a provider does not count.
pub(super) fn genres_and_tags(words: &[(String, u32)]) -> Named {
    let weights = GenreTree::get().weigh(words.iter().map(|(text, votes)| (text.as_str(), f64::from(*votes))));
    let total: f64 = weights.genres().iter().map(|(_, weight)| weight).sum();
    let genres = weights.genres().iter().map(|(genre, weight)| (*genre, weight / total)).collect();
    let tags = weights
        .tags()
        .iter()
        .map(|tag| {
            let votes = words
                .iter()
                .filter(|(text, _)| Tag::parse(text).as_ref() == Ok(tag))
                .map(|(_, votes)| *votes)
                .sum::<u32>()
                .max(1);
            (tag.as_str().to_owned(), votes)
        })
        .collect();
    (genres, tags)
}

/// The first of `names` that is a label name at all.
pub(super) fn label<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<RecordLabel> {
    names.into_iter().find_map(RecordLabel::parse)
}
