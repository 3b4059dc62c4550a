//! The styles a DJ curates: Beatport's genres, named by their slugs, each with the genre id Beatport's API filters
//! by. A style's page, its golden playlists and its weekly periods all hang off the slug.

use std::fmt;

use super::FeedGenre;
use crate::genres::fold;

/// A curated style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Style {
    /// Beatport's genre slug, also the style's code in URLs and the database.
    pub slug: &'static str,
    /// The name shown to users.
    pub name: &'static str,
    /// Beatport's genre id.
    pub beatport_genre_id: u32,
}

/// The styles Crossfade knows, with Beatport's genre ids (release-feeds.md).
pub const STYLES: [Style; 8] = [
    Style { slug: "tech-house", name: "Tech House", beatport_genre_id: 11 },
    Style { slug: "house", name: "House", beatport_genre_id: 5 },
    Style { slug: "techno-peak-time-driving", name: "Techno (Peak Time / Driving)", beatport_genre_id: 6 },
    Style { slug: "melodic-house-techno", name: "Melodic House & Techno", beatport_genre_id: 90 },
    Style { slug: "drum-bass", name: "Drum & Bass", beatport_genre_id: 1 },
    Style { slug: "afro-house", name: "Afro House", beatport_genre_id: 89 },
    Style { slug: "mainstage", name: "Mainstage", beatport_genre_id: 96 },
    Style { slug: "dance-pop", name: "Dance / Pop", beatport_genre_id: 39 },
];

/// A slug or genre id that is none of [`STYLES`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "no such style (one of: tech-house, house, techno-peak-time-driving, melodic-house-techno, drum-bass, afro-house, mainstage, dance-pop)"
)]
pub struct UnknownStyle;

impl Style {
    /// The style with this slug.
    pub fn parse(slug: &str) -> Result<Style, UnknownStyle> {
        STYLES.iter().copied().find(|style| style.slug == slug.trim()).ok_or(UnknownStyle)
    }

    /// The style a feed's genre belongs to: by Beatport's id, else by slug, else by name written any way ("Tech
    /// House", "tech house", "Drum & Bass").
    pub fn of_genre(genre: &FeedGenre) -> Option<Style> {
        let by_words = |text: &str| {
            let words = text_words(text);
            STYLES.iter().copied().find(|style| text_words(style.slug) == words || text_words(style.name) == words)
        };
        genre
            .beatport_id
            .and_then(Style::of_genre_id)
            .or_else(|| by_words(&genre.slug))
            .or_else(|| by_words(&genre.name))
    }

    /// The style Beatport's genre id belongs to.
    pub fn of_genre_id(id: u32) -> Option<Style> {
        STYLES.iter().copied().find(|style| style.beatport_genre_id == id)
    }
}

/// A name's words, folded, with "&" and "and" dropped so "Drum & Bass", "drum-bass" and "Drum and Bass" agree.
fn text_words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty() && *word != "and")
        .map(str::to_owned)
        .collect()
}

impl fmt::Display for Style {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_genre_ids_are_unique_and_read_back() {
        for style in STYLES {
            assert_eq!(Style::parse(style.slug), Ok(style));
            assert_eq!(Style::of_genre_id(style.beatport_genre_id), Some(style));
            assert_eq!(STYLES.iter().filter(|other| other.slug == style.slug).count(), 1);
        }
        assert_eq!(Style::parse("techno"), Err(UnknownStyle));
    }

    #[test]
    fn a_feed_genre_finds_its_style_by_id_slug_or_name() {
        let genre = |id, name: &str, slug: &str| FeedGenre { beatport_id: id, name: name.into(), slug: slug.into() };
        assert_eq!(Style::of_genre(&genre(Some(6), "Techno", "x")).map(|s| s.slug), Some("techno-peak-time-driving"));
        assert_eq!(Style::of_genre(&genre(None, "", "tech-house")).map(|s| s.slug), Some("tech-house"));
        assert_eq!(Style::of_genre(&genre(None, "Drum and Bass", "")).map(|s| s.slug), Some("drum-bass"));
        assert_eq!(
            Style::of_genre(&genre(None, "Melodic House & Techno", "")).map(|s| s.slug),
            Some("melodic-house-techno")
        );
        assert_eq!(Style::of_genre(&genre(None, "140 / Deep Dubstep / Grime", "140-deep-dubstep-grime")), None);
    }
}
