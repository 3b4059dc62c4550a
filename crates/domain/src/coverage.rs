//! Coverage: for a collection of tracks, how many have a value of each enriched field and which provider gave it
//! ("Energy known for 82 % of your liked songs: ReccoBeats 70 %, imported files 12 %").

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{AudioFeature, Provider};

/// A field enrichment fills in, as the read model names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EnrichedField {
    Feature(AudioFeature),
    /// Key and mode together.
    Key,
    TimeSignature,
    Genres,
    Label,
}

impl EnrichedField {
    /// Every field, in the order pages list them.
    pub fn all() -> Vec<EnrichedField> {
        let mut all: Vec<EnrichedField> = AudioFeature::ALL.into_iter().map(EnrichedField::Feature).collect();
        all.extend([EnrichedField::Key, EnrichedField::TimeSignature, EnrichedField::Genres, EnrichedField::Label]);
        all
    }

    /// The code the read model records its source under.
    pub fn code(self) -> &'static str {
        match self {
            EnrichedField::Feature(feature) => feature.code(),
            EnrichedField::Key => "key",
            EnrichedField::TimeSignature => "time_signature",
            EnrichedField::Genres => "genres",
            EnrichedField::Label => "label",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        EnrichedField::all().into_iter().find(|field| field.code() == code)
    }

    /// The name a page shows.
    pub fn label(self) -> &'static str {
        match self {
            EnrichedField::Feature(feature) => feature.label(),
            EnrichedField::Key => "Key",
            EnrichedField::TimeSignature => "Time signature",
            EnrichedField::Genres => "Genres",
            EnrichedField::Label => "Record label",
        }
    }
}

impl fmt::Display for EnrichedField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// How one field is covered in a collection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldCoverage {
    pub field: EnrichedField,
    /// Tracks with a value.
    pub known: u64,
    /// Tracks per provider whose value counts, largest first.
    pub by_provider: Vec<(Provider, u64)>,
}

/// The coverage of every field in a collection of `tracks` tracks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub tracks: u64,
    pub fields: Vec<FieldCoverage>,
}

impl Coverage {
    /// Builds the coverage from counts of (field code, provider code) pairs; unknown codes are ignored, fields
    /// without any value are listed with none.
    pub fn from_counts<'a>(tracks: u64, counts: impl IntoIterator<Item = (&'a str, &'a str, u64)>) -> Coverage {
        let mut fields: Vec<FieldCoverage> = EnrichedField::all()
            .into_iter()
            .map(|field| FieldCoverage { field, known: 0, by_provider: Vec::new() })
            .collect();
        for (field, provider, count) in counts {
            let (Some(field), Some(provider)) = (EnrichedField::parse(field), Provider::parse(provider)) else {
                continue;
            };
            if let Some(entry) = fields.iter_mut().find(|entry| entry.field == field) {
                entry.known += count;
                entry.by_provider.push((provider, count));
            }
        }
        for entry in &mut fields {
            entry.known = entry.known.min(tracks);
            entry.by_provider.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        }
        Coverage { tracks, fields }
    }

    pub fn field(&self, field: EnrichedField) -> Option<&FieldCoverage> {
        self.fields.iter().find(|entry| entry.field == field)
    }
}

impl FieldCoverage {
    /// The share of `tracks` with a value, in whole percent (rounded down, so 99.6 % is not shown as all).
    pub fn percent(&self, tracks: u64) -> u64 {
        (self.known * 100).checked_div(tracks).unwrap_or(0)
    }

    /// "Energy known for 82 % of these tracks: ReccoBeats 70 %, Imported files 12 %." or "Energy unknown for all
    /// of these tracks."
    pub fn sentence(&self, tracks: u64, collection: &str) -> String {
        if self.known == 0 {
            return format!("{} unknown for all of {collection}.", self.field);
        }
        let sources: Vec<String> = self
            .by_provider
            .iter()
            .map(|(provider, count)| format!("{provider} {} %", (count * 100).checked_div(tracks).unwrap_or(0)))
            .collect();
        format!("{} known for {} % of {collection}: {}.", self.field, self.percent(tracks), sources.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn counts_become_shares_in_words() {
        let coverage = Coverage::from_counts(
            100,
            [("energy", "reccobeats", 70), ("energy", "file", 12), ("label", "deezer", 40), ("bogus", "x", 5)],
        );
        let energy = coverage.field(EnrichedField::Feature(AudioFeature::Energy)).unwrap();
        assert_eq!(energy.known, 82);
        assert_eq!(
            energy.sentence(100, "your liked songs"),
            "Energy known for 82 % of your liked songs: ReccoBeats 70 %, Imported files 12 %."
        );
        let key = coverage.field(EnrichedField::Key).unwrap();
        assert_eq!(key.sentence(100, "your liked songs"), "Key unknown for all of your liked songs.");
        assert_eq!(coverage.fields.len(), EnrichedField::all().len());
    }

    proptest! {
        #[test]
        fn known_never_exceeds_the_collection(tracks in 0u64..1000, counts in proptest::collection::vec((0usize..5, 0u64..600), 0..10)) {
            let providers = ["spotify", "reccobeats", "deezer", "musicbrainz", "file"];
            let coverage = Coverage::from_counts(tracks, counts.iter().map(|(p, n)| ("tempo", providers[*p], *n)));
            for field in &coverage.fields {
                prop_assert!(field.known <= tracks);
                prop_assert!(field.percent(tracks) <= 100);
            }
        }

        #[test]
        fn field_codes_round_trip(index in 0usize..14) {
            let field = EnrichedField::all()[index];
            prop_assert_eq!(EnrichedField::parse(field.code()), Some(field));
        }
    }
}
