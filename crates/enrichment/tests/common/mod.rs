//! Random tracks, and files written from them in each layout the reader knows, with the tracks the reader should
//! read back from each.

#![allow(dead_code, reason = "each test binary uses its own part of these helpers")]

use crossfade_domain::{AudioFeature, Isrc, Key, SpotifyId};
use crossfade_enrichment::files::FileTrack;
use proptest::prelude::*;

/// A track to write.
#[derive(Clone, Debug)]
pub struct Track {
    pub id: SpotifyId,
    pub isrc: Option<Isrc>,
    pub title: String,
    pub artists: Vec<String>,
    /// Values as written; a tempo of 0 is "unknown".
    pub features: Vec<(AudioFeature, f64)>,
    /// Pitch class (-1 for none) and mode.
    pub key: Option<(i64, i64)>,
    /// As written; 0 and 1 mean "unknown".
    pub time_signature: Option<i64>,
    pub genres: Vec<String>,
    pub label: Option<String>,
}

/// Which layout, and which of its optional columns, a file is written in.
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    Exportify { artist_genres: bool, features: bool, album: bool },
    ExportifyNet,
    ExportifyNetSpotifyIds,
    TracksDataset { row_number: bool },
}

/// How the file is written, apart from its layout.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub crlf: bool,
    pub bom: bool,
    /// Quote every field; Exportify always does.
    pub quote_all: bool,
    /// Header names no table knows, so the header must be matched by position.
    pub unknown_names: bool,
}

/// The continuous features in the order the files write them, with the names the exportify layouts and the
/// dataset give their columns. Key, mode and time signature sit among them (see `feature_cells`).
const FEATURE_COLUMNS: [(&str, &str); 12] = [
    ("Danceability", "danceability"),
    ("Energy", "energy"),
    ("Key", "key"),
    ("Loudness", "loudness"),
    ("Mode", "mode"),
    ("Speechiness", "speechiness"),
    ("Acousticness", "acousticness"),
    ("Instrumentalness", "instrumentalness"),
    ("Liveness", "liveness"),
    ("Valence", "valence"),
    ("Tempo", "tempo"),
    ("Time Signature", "time_signature"),
];

fn feature_of(column: &str) -> Option<AudioFeature> {
    AudioFeature::ALL.into_iter().find(|feature| feature.code() == column.to_lowercase())
}

impl Track {
    fn value(&self, feature: AudioFeature) -> String {
        self.features.iter().find(|(f, _)| *f == feature).map(|(_, value)| value.to_string()).unwrap_or_default()
    }

    fn feature_cells(&self, dataset: bool) -> Vec<(&'static str, String)> {
        FEATURE_COLUMNS
            .iter()
            .map(|&(name, dataset_name)| {
                let value = match name {
                    "Key" => self.key.map(|(pitch, _)| pitch.to_string()).unwrap_or_default(),
                    "Mode" => self.key.map(|(_, mode)| mode.to_string()).unwrap_or_default(),
                    "Time Signature" => self.time_signature.map(|beats| beats.to_string()).unwrap_or_default(),
                    _ => self.value(feature_of(name).expect("a feature column")),
                };
                (if dataset { dataset_name } else { name }, value)
            })
            .collect()
    }

    /// The genres split between Exportify's two genre columns.
    fn genre_halves(&self) -> (String, String) {
        let half = self.genres.len() / 2;
        (self.genres[..half].join(","), self.genres[half..].join(","))
    }

    /// The row's cells, named by the layout's English column names.
    pub fn cells(&self, shape: Shape, row_number: usize) -> Vec<(&'static str, String)> {
        let owned = |text: &str| text.to_owned();
        let mut cells: Vec<(&'static str, String)> = Vec::new();
        match shape {
            Shape::Exportify { artist_genres, features, album } => {
                cells.extend([
                    ("Track URI", format!("spotify:track:{}", self.id)),
                    ("Track Name", self.title.clone()),
                    ("Artist URI(s)", owned("spotify:artist:0OdUWJ0sBjDrqHygGUXeCF")),
                    ("Artist Name(s)", self.artists.join(",")),
                    ("Album URI", owned("spotify:album:2noRn2Aes5aoNVsU6iWThc")),
                    ("Album Name", owned("Discovery")),
                    ("Album Artist URI(s)", owned("spotify:artist:4tZwfgrHOc3mvqYlEYSvVi")),
                    ("Album Artist Name(s)", owned("Daft Punk")),
                    ("Album Release Date", owned("2001-03-07")),
                    ("Album Image URL", owned("https://i.scdn.co/image/ab67616d0000b273")),
                    ("Disc Number", owned("1")),
                    ("Track Number", owned("4")),
                    ("Track Duration (ms)", owned("224693")),
                    ("Track Preview URL", String::new()),
                    ("Explicit", owned("false")),
                    ("Popularity", owned("71")),
                    ("ISRC", self.isrc.as_ref().map(ToString::to_string).unwrap_or_default()),
                    ("Added By", owned("spotify:user:someone")),
                    ("Added At", owned("2024-05-01T10:00:00Z")),
                ]);
                let (first_genres, second_genres) = self.genre_halves();
                if artist_genres {
                    cells.push(("Artist Genres", first_genres));
                }
                if features {
                    cells.extend(self.feature_cells(false));
                }
                if album {
                    cells.push(("Album Genres", second_genres));
                    cells.push(("Label", self.label.clone().unwrap_or_default()));
                    cells.push(("Copyrights", owned("C 2001 Someone, P 2001 Someone")));
                }
            }
            Shape::ExportifyNet => {
                cells.extend([
                    ("Track URI", format!("spotify:track:{}", self.id)),
                    ("Track Name", self.title.clone()),
                    ("Album Name", owned("Discovery")),
                    ("Artist Name(s)", self.artists.join(",")),
                    ("Release Date", owned("2001-03-07")),
                    ("Duration (ms)", owned("224693")),
                    ("Popularity", owned("71")),
                    ("Explicit", owned("false")),
                    ("Added By", owned("someone")),
                    ("Added At", owned("2024-05-01T10:00:00Z")),
                    ("Genres", self.genres.join(",")),
                    ("Record Label", self.label.clone().unwrap_or_default()),
                ]);
                cells.extend(self.feature_cells(false));
            }
            Shape::ExportifyNetSpotifyIds => {
                cells.extend([
                    ("Spotify ID", self.id.to_string()),
                    ("Artist IDs", owned("0OdUWJ0sBjDrqHygGUXeCF")),
                    ("Track Name", self.title.clone()),
                    ("Album Name", owned("Discovery")),
                    ("Artist Name(s)", self.artists.join(",")),
                    ("Release Date", owned("2001-03-07")),
                    ("Duration (ms)", owned("224693")),
                    ("Popularity", owned("71")),
                    ("Added By", owned("someone")),
                    ("Added At", owned("2024-05-01T10:00:00Z")),
                    ("Genres", self.genres.join(",")),
                ]);
                cells.extend(self.feature_cells(false));
            }
            Shape::TracksDataset { row_number: with_row_number } => {
                if with_row_number {
                    cells.push(("", row_number.to_string()));
                }
                cells.extend([
                    ("track_id", self.id.to_string()),
                    ("artists", self.artists.join(";")),
                    ("album_name", owned("Discovery")),
                    ("track_name", self.title.clone()),
                    ("popularity", owned("71")),
                    ("duration_ms", owned("224693")),
                    ("explicit", owned("False")),
                ]);
                let features = self.feature_cells(true);
                cells.extend(features);
                cells.push(("track_genre", self.genres.join(",")));
            }
        }
        cells
    }

    /// What the reader should read from this track's row at `line` of a file of `shape`.
    pub fn expected(&self, shape: Shape, line: u64) -> FileTrack {
        let (has_isrc, has_features, genres, has_label) = match shape {
            Shape::Exportify { artist_genres, features, album } => {
                let half = self.genres.len() / 2;
                let mut genres = Vec::new();
                if artist_genres {
                    genres.extend_from_slice(&self.genres[..half]);
                }
                if album {
                    genres.extend_from_slice(&self.genres[half..]);
                }
                (true, features, genres, album)
            }
            Shape::ExportifyNet => (false, true, self.genres.clone(), true),
            Shape::ExportifyNetSpotifyIds => (false, true, self.genres.clone(), false),
            Shape::TracksDataset { .. } => (false, true, self.genres.clone(), false),
        };
        let mut features: Vec<(AudioFeature, f64)> = if has_features {
            self.features
                .iter()
                .copied()
                .filter(|&(feature, value)| feature != AudioFeature::Tempo || value != 0.0)
                .collect()
        } else {
            Vec::new()
        };
        features.sort_by_key(|(feature, _)| *feature);
        FileTrack {
            line,
            spotify_id: Some(self.id.clone()),
            isrc: if has_isrc { self.isrc.clone() } else { None },
            title: self.title.trim().to_owned(),
            artists: self.artists.clone(),
            features,
            key: if has_features {
                self.key.and_then(|(pitch, mode)| Key::from_numbers(pitch, mode).expect("a valid key"))
            } else {
                None
            },
            time_signature: if has_features {
                self.time_signature.filter(|beats| *beats > 1).map(|beats| beats as i16)
            } else {
                None
            },
            genres,
            label: if has_label { self.label.clone() } else { None },
        }
    }
}

/// A written file: its bytes, the line each row starts on, and its header names.
pub struct Written {
    pub bytes: Vec<u8>,
    pub lines: Vec<u64>,
    pub header: Vec<String>,
}

/// Writes `rows` (cells named by column) under their header, in `style`.
pub fn write_rows(rows: &[Vec<(&'static str, String)>], style: Style) -> Written {
    let header: Vec<String> = rows[0]
        .iter()
        .enumerate()
        .map(|(index, (name, _))| if style.unknown_names { format!("Sarake {index}") } else { (*name).to_owned() })
        .collect();
    let mut writer = csv::WriterBuilder::new()
        .quote_style(if style.quote_all { csv::QuoteStyle::Always } else { csv::QuoteStyle::Necessary })
        .terminator(if style.crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
        .from_writer(if style.bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() });
    writer.write_record(&header).unwrap();
    let mut lines = Vec::new();
    for row in rows {
        writer.flush().unwrap();
        lines.push(writer.get_ref().iter().filter(|&&byte| byte == b'\n').count() as u64 + 1);
        writer.write_record(row.iter().map(|(_, value)| value)).unwrap();
    }
    Written { bytes: writer.into_inner().unwrap(), lines, header }
}

/// Writes `tracks` in `shape` and `style`, with the tracks the reader should read back.
pub fn write_file(tracks: &[Track], shape: Shape, style: Style) -> (Written, Vec<FileTrack>) {
    let rows: Vec<_> = tracks.iter().enumerate().map(|(index, track)| track.cells(shape, index)).collect();
    let written = write_rows(&rows, style);
    let expected = tracks.iter().zip(&written.lines).map(|(track, line)| track.expected(shape, *line)).collect();
    (written, expected)
}

fn feature_value(feature: AudioFeature) -> BoxedStrategy<f64> {
    match feature {
        AudioFeature::Loudness => (-60.0..=5.0f64).boxed(),
        AudioFeature::Tempo => prop_oneof![1 => Just(0.0), 9 => 1.0..=300.0f64].boxed(),
        _ => prop_oneof![1 => Just(0.0), 1 => Just(1.0), 8 => 0.0..=1.0f64].boxed(),
    }
}

fn features() -> impl Strategy<Value = Vec<(AudioFeature, f64)>> {
    let written = AudioFeature::ALL.into_iter().filter(|feature| *feature != AudioFeature::Gain);
    let each: Vec<_> = written
        .map(|feature| proptest::option::of(feature_value(feature).prop_map(move |value| (feature, value))))
        .collect();
    each.prop_map(|values| values.into_iter().flatten().collect())
}

fn name() -> impl Strategy<Value = String> {
    "[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9 .'&!-]{0,14}".prop_map(|name| name.trim().to_owned())
}

fn genres() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec("[a-z][a-z &-]{0,12}", 0..5).prop_map(|genres| {
        let mut unique: Vec<String> = Vec::new();
        for genre in genres.into_iter().map(|genre| genre.trim().to_owned()) {
            if !unique.contains(&genre) {
                unique.push(genre);
            }
        }
        unique
    })
}

prop_compose! {
    /// A random track; its id starts with `index`, so the tracks of one file differ.
    pub fn track(index: usize)(
        id in "[0-9A-Za-z]{18}",
        isrc in proptest::option::of("[A-Z]{2}[A-Z0-9]{3}[0-9]{7}"),
        title in "[a-zA-Z0-9 ,;\"'éü♯\n]{0,20}",
        artists in proptest::collection::vec(name(), 1..3),
        features in features(),
        key in proptest::option::of((-1i64..=11, 0i64..=1)),
        time_signature in proptest::option::of(prop_oneof![1 => 0i64..=1, 9 => 3i64..=7]),
        genres in genres(),
        label in proptest::option::of(name()),
    ) -> Track {
        Track {
            id: SpotifyId::parse(&format!("{index:04}{id}")).unwrap(),
            isrc: isrc.map(|isrc| Isrc::parse(&isrc).unwrap()),
            title,
            artists,
            features,
            key,
            time_signature,
            genres,
            label,
        }
    }
}

/// One to eight random tracks.
pub fn tracks() -> impl Strategy<Value = Vec<Track>> {
    (1usize..=8).prop_flat_map(|count| (0..count).map(track).collect::<Vec<_>>())
}

/// Any shape of any layout.
pub fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(artist_genres, features, album)| Shape::Exportify {
            artist_genres,
            features,
            album
        }),
        Just(Shape::ExportifyNet),
        Just(Shape::ExportifyNetSpotifyIds),
        any::<bool>().prop_map(|row_number| Shape::TracksDataset { row_number }),
    ]
}

/// Any style the layout allows: Exportify quotes every field.
pub fn style(shape: Shape) -> impl Strategy<Value = Style> {
    let always_quoted = matches!(shape, Shape::Exportify { .. });
    (any::<bool>(), any::<bool>(), any::<bool>(), prop_oneof![4 => Just(false), 1 => Just(true)]).prop_map(
        move |(crlf, bom, quote_all, unknown_names)| Style {
            crlf,
            bom,
            quote_all: quote_all || always_quoted,
            unknown_names,
        },
    )
}
