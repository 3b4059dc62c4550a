//! The layouts of the files people already have, column by column: which tool wrote them, the English names of
//! their columns, and what each column tells the enrichment. Columns the enrichment has no use for (album, dates,
//! popularity, …) are named so the header can be recognised, and are otherwise not read.

use crossfade_domain::{AudioFeature, FileLayout};

/// What a column tells the enrichment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Column {
    /// The track: a Spotify URI, an open.spotify.com link or a bare id.
    Track,
    Title,
    /// Artist names joined by the separator.
    Artists(char),
    Isrc,
    Feature(AudioFeature),
    Key,
    Mode,
    TimeSignature,
    /// Genre names joined by commas.
    Genres,
    Label,
    /// The dataset's leading row number, written by pandas with an empty name.
    RowNumber,
    Unused,
}

/// How a layout writes the track in its track column; by-position matching checks the file's values against it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TrackForm {
    /// `spotify:track:…` (and `spotify:local:…` for local files).
    Uri,
    /// 22 letters and digits.
    BareId,
}

/// One column of a layout.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ColumnSpec {
    pub(crate) english: &'static str,
    pub(crate) column: Column,
    /// The column's place in Exportify's full header, where its translations are found.
    pub(crate) exportify_index: Option<usize>,
}

/// One exact sequence of columns a layout writes.
#[derive(Clone, Debug)]
pub(crate) struct Variant {
    pub(crate) layout: FileLayout,
    pub(crate) track_form: TrackForm,
    pub(crate) columns: Vec<ColumnSpec>,
}

impl Variant {
    pub(crate) fn track_column(&self) -> usize {
        self.columns.iter().position(|spec| spec.column == Column::Track).unwrap_or(0)
    }
}

const DANCEABILITY: Column = Column::Feature(AudioFeature::Danceability);
const ENERGY: Column = Column::Feature(AudioFeature::Energy);
const LOUDNESS: Column = Column::Feature(AudioFeature::Loudness);
const SPEECHINESS: Column = Column::Feature(AudioFeature::Speechiness);
const ACOUSTICNESS: Column = Column::Feature(AudioFeature::Acousticness);
const INSTRUMENTALNESS: Column = Column::Feature(AudioFeature::Instrumentalness);
const LIVENESS: Column = Column::Feature(AudioFeature::Liveness);
const VALENCE: Column = Column::Feature(AudioFeature::Valence);
const TEMPO: Column = Column::Feature(AudioFeature::Tempo);

/// Exportify's full header; the translation tables follow this order.
const EXPORTIFY: [(&str, Column); 35] = [
    ("Track URI", Column::Track),
    ("Track Name", Column::Title),
    ("Artist URI(s)", Column::Unused),
    ("Artist Name(s)", Column::Artists(',')),
    ("Album URI", Column::Unused),
    ("Album Name", Column::Unused),
    ("Album Artist URI(s)", Column::Unused),
    ("Album Artist Name(s)", Column::Unused),
    ("Album Release Date", Column::Unused),
    ("Album Image URL", Column::Unused),
    ("Disc Number", Column::Unused),
    ("Track Number", Column::Unused),
    ("Track Duration (ms)", Column::Unused),
    ("Track Preview URL", Column::Unused),
    ("Explicit", Column::Unused),
    ("Popularity", Column::Unused),
    ("ISRC", Column::Isrc),
    ("Added By", Column::Unused),
    ("Added At", Column::Unused),
    ("Artist Genres", Column::Genres),
    ("Danceability", DANCEABILITY),
    ("Energy", ENERGY),
    ("Key", Column::Key),
    ("Loudness", LOUDNESS),
    ("Mode", Column::Mode),
    ("Speechiness", SPEECHINESS),
    ("Acousticness", ACOUSTICNESS),
    ("Instrumentalness", INSTRUMENTALNESS),
    ("Liveness", LIVENESS),
    ("Valence", VALENCE),
    ("Tempo", TEMPO),
    ("Time Signature", Column::TimeSignature),
    ("Album Genres", Column::Genres),
    ("Label", Column::Label),
    ("Copyrights", Column::Unused),
];

/// Exportify's optional groups, as ranges of its full header: artist genres, the features, album data. The
/// base columns always come first and the groups keep this order.
const EXPORTIFY_BASE: std::ops::Range<usize> = 0..19;
const EXPORTIFY_GROUPS: [std::ops::Range<usize>; 3] = [19..20, 20..32, 32..35];

/// The twelve feature columns of the exportify.net layouts, in their order.
const FEATURES: [(&str, Column); 12] = [
    ("Danceability", DANCEABILITY),
    ("Energy", ENERGY),
    ("Key", Column::Key),
    ("Loudness", LOUDNESS),
    ("Mode", Column::Mode),
    ("Speechiness", SPEECHINESS),
    ("Acousticness", ACOUSTICNESS),
    ("Instrumentalness", INSTRUMENTALNESS),
    ("Liveness", LIVENESS),
    ("Valence", VALENCE),
    ("Tempo", TEMPO),
    ("Time Signature", Column::TimeSignature),
];

const EXPORTIFY_NET: [(&str, Column); 12] = [
    ("Track URI", Column::Track),
    ("Track Name", Column::Title),
    ("Album Name", Column::Unused),
    ("Artist Name(s)", Column::Artists(',')),
    ("Release Date", Column::Unused),
    ("Duration (ms)", Column::Unused),
    ("Popularity", Column::Unused),
    ("Explicit", Column::Unused),
    ("Added By", Column::Unused),
    ("Added At", Column::Unused),
    ("Genres", Column::Genres),
    ("Record Label", Column::Label),
];

const EXPORTIFY_NET_SPOTIFY_IDS: [(&str, Column); 11] = [
    ("Spotify ID", Column::Track),
    ("Artist IDs", Column::Unused),
    ("Track Name", Column::Title),
    ("Album Name", Column::Unused),
    ("Artist Name(s)", Column::Artists(',')),
    ("Release Date", Column::Unused),
    ("Duration (ms)", Column::Unused),
    ("Popularity", Column::Unused),
    ("Added By", Column::Unused),
    ("Added At", Column::Unused),
    ("Genres", Column::Genres),
];

const TRACKS_DATASET: [(&str, Column); 20] = [
    ("track_id", Column::Track),
    ("artists", Column::Artists(';')),
    ("album_name", Column::Unused),
    ("track_name", Column::Title),
    ("popularity", Column::Unused),
    ("duration_ms", Column::Unused),
    ("explicit", Column::Unused),
    ("danceability", DANCEABILITY),
    ("energy", ENERGY),
    ("key", Column::Key),
    ("loudness", LOUDNESS),
    ("mode", Column::Mode),
    ("speechiness", SPEECHINESS),
    ("acousticness", ACOUSTICNESS),
    ("instrumentalness", INSTRUMENTALNESS),
    ("liveness", LIVENESS),
    ("valence", VALENCE),
    ("tempo", TEMPO),
    ("time_signature", Column::TimeSignature),
    ("track_genre", Column::Genres),
];

fn specs(columns: &[(&'static str, Column)]) -> impl Iterator<Item = ColumnSpec> {
    columns.iter().map(|&(english, column)| ColumnSpec { english, column, exportify_index: None })
}

/// Every exact header the reader knows: Exportify with each choice of its optional groups, the two
/// exportify.net layouts, and the dataset with and without its row-number column.
pub(crate) fn variants() -> Vec<Variant> {
    let mut variants = Vec::new();
    for chosen in 0..1u8 << EXPORTIFY_GROUPS.len() {
        let indices = EXPORTIFY_BASE.chain(
            EXPORTIFY_GROUPS
                .iter()
                .enumerate()
                .filter(|(bit, _)| chosen & (1 << bit) != 0)
                .flat_map(|(_, r)| r.clone()),
        );
        let columns = indices
            .map(|index| {
                let (english, column) = EXPORTIFY[index];
                ColumnSpec { english, column, exportify_index: Some(index) }
            })
            .collect();
        variants.push(Variant { layout: FileLayout::Exportify, track_form: TrackForm::Uri, columns });
    }
    variants.push(Variant {
        layout: FileLayout::ExportifyNet,
        track_form: TrackForm::Uri,
        columns: specs(&EXPORTIFY_NET).chain(specs(&FEATURES)).collect(),
    });
    variants.push(Variant {
        layout: FileLayout::ExportifyNetSpotifyIds,
        track_form: TrackForm::BareId,
        columns: specs(&EXPORTIFY_NET_SPOTIFY_IDS).chain(specs(&FEATURES)).collect(),
    });
    for row_number in [false, true] {
        let first = row_number.then_some(ColumnSpec { english: "", column: Column::RowNumber, exportify_index: None });
        variants.push(Variant {
            layout: FileLayout::TracksDataset,
            track_form: TrackForm::BareId,
            columns: first.into_iter().chain(specs(&TRACKS_DATASET)).collect(),
        });
    }
    variants
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exportify_has_eight_shapes_and_no_two_variants_are_alike_in_count_and_form() {
        let variants = variants();
        let counts: Vec<usize> =
            variants.iter().filter(|v| v.layout == FileLayout::Exportify).map(|v| v.columns.len()).collect();
        assert_eq!(counts, [19, 20, 31, 32, 22, 23, 34, 35]);
        for (i, a) in variants.iter().enumerate() {
            for b in &variants[i + 1..] {
                let alike = a.columns.len() == b.columns.len()
                    && a.track_form == b.track_form
                    && a.track_column() == b.track_column();
                assert!(!alike, "{} and {} cannot be told apart by position", a.layout, b.layout);
            }
        }
    }
}
