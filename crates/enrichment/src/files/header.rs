//! Recognising a file's header: by its English names, by the names in one of the languages Exportify is exported
//! in, or, for names in any other language, by position, when the column count and the values in the track
//! column fit exactly one known layout.

use csv::StringRecord;

use super::layout::{Column, TrackForm, Variant, variants};
use super::refusal::{FileRefusal, excerpt};
use super::track::{TrackReference, track_reference};
use super::translations::exportify_header;
use crossfade_domain::{FileLayout, HeaderMatch, Language};

/// How many data rows by-position matching looks at.
const SAMPLED_ROWS: usize = 50;

/// How many of the file's column names an unknown-header refusal quotes.
const QUOTED_NAMES: usize = 40;

/// A recognised header: the layout and what each of the file's columns holds.
pub(crate) struct RecognisedHeader {
    pub(crate) layout: FileLayout,
    pub(crate) matched: HeaderMatch,
    pub(crate) columns: Vec<Column>,
}

impl RecognisedHeader {
    fn of(variant: &Variant, matched: HeaderMatch) -> Self {
        RecognisedHeader {
            layout: variant.layout,
            matched,
            columns: variant.columns.iter().map(|spec| spec.column).collect(),
        }
    }
}

/// Recognises `header` (trimmed names), looking at the first data `rows` when it must match by position.
pub(crate) fn recognise(header: &[String], rows: &[StringRecord]) -> Result<RecognisedHeader, FileRefusal> {
    let variants = variants();
    let sized: Vec<&Variant> = variants.iter().filter(|variant| variant.columns.len() == header.len()).collect();
    if let Some(variant) = sized.iter().find(|variant| matches_in(variant, header, None)) {
        return Ok(RecognisedHeader::of(variant, HeaderMatch::English));
    }
    let translated = sized
        .iter()
        .flat_map(|variant| Language::ALL.map(|language| (variant, language)))
        .filter(|(variant, language)| matches_in(variant, header, Some(*language)))
        .max_by_key(|(variant, language)| own_names(variant, header, *language));
    if let Some((variant, language)) = translated {
        return Ok(RecognisedHeader::of(variant, HeaderMatch::Translated(language)));
    }
    if sized.iter().any(|variant| track_fits(variant.track_form, &header[variant.track_column()])) {
        return Err(FileRefusal::NoHeader);
    }
    let fitting: Vec<&&Variant> = sized.iter().filter(|variant| rows_fit(variant, rows)).collect();
    if let [variant] = fitting.as_slice() {
        return Ok(RecognisedHeader::of(variant, HeaderMatch::ByPosition));
    }
    let nearest = variants
        .iter()
        .rev()
        .max_by_key(|variant| (known_names(variant, header), variant.columns.len() == header.len()))
        .expect("there are layouts to compare with");
    Err(FileRefusal::UnknownHeader {
        nearest: nearest.layout,
        expected: nearest.columns.iter().map(|spec| spec.english.to_owned()).collect(),
        found: header.iter().take(QUOTED_NAMES).map(|name| excerpt(name)).collect(),
    })
}

/// Names compared as people and spreadsheets vary them: case and runs of white space do not count.
fn same_name(found: &str, expected: &str) -> bool {
    let normal = |name: &str| name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    normal(found) == normal(expected)
}

/// Whether `found` names the column `index` of `variant` in English or, if given, in `language`.
fn names_column(variant: &Variant, index: usize, found: &str, language: Option<Language>) -> bool {
    let spec = variant.columns[index];
    if spec.column == Column::RowNumber {
        // pandas writes the index column with an empty name, and "Unnamed: 0" when it reads such a file back.
        return ["", "Unnamed: 0", "index"].iter().any(|name| same_name(found, name));
    }
    same_name(found, spec.english)
        || language
            .zip(spec.exportify_index)
            .is_some_and(|(language, index)| same_name(found, exportify_header(language)[index]))
}

fn matches_in(variant: &Variant, header: &[String], language: Option<Language>) -> bool {
    header.iter().enumerate().all(|(index, found)| names_column(variant, index, found, language))
}

/// How many names of `header` are `language`'s own rather than English, to prefer the language that explains most.
fn own_names(variant: &Variant, header: &[String], language: Language) -> usize {
    (0..header.len())
        .filter(|&index| {
            names_column(variant, index, &header[index], Some(language))
                && !names_column(variant, index, &header[index], None)
        })
        .count()
}

/// How many names of `header` name the column at the same place in `variant`, in any language.
fn known_names(variant: &Variant, header: &[String]) -> usize {
    let in_any = |index: usize, found: &str| {
        names_column(variant, index, found, None)
            || Language::ALL.iter().any(|language| names_column(variant, index, found, Some(*language)))
    };
    header.iter().take(variant.columns.len()).enumerate().filter(|(index, found)| in_any(*index, found)).count()
}

fn track_fits(form: TrackForm, value: &str) -> bool {
    let value = value.trim();
    match form {
        TrackForm::Uri => {
            value.starts_with("spotify:")
                && matches!(track_reference(value), Some(TrackReference::Id(_) | TrackReference::LocalFile))
        }
        TrackForm::BareId => crossfade_domain::SpotifyId::is_valid(value),
    }
}

/// Whether the first data rows look like `variant` writes them: more of them have a track in the form the layout
/// writes (and a number in its row-number column) than not. A majority rather than all, so that one bad row is
/// refused by the row checks, by line and column, instead of making the whole header unknown. Rows of the wrong
/// length are left to the row checks too.
fn rows_fit(variant: &Variant, rows: &[StringRecord]) -> bool {
    let track_column = variant.track_column();
    let numbered = variant.columns[0].column == Column::RowNumber;
    let (mut fitting, mut misfitting) = (0, 0);
    for row in rows.iter().take(SAMPLED_ROWS).filter(|row| row.len() == variant.columns.len()) {
        let track = row[track_column].trim();
        if track.is_empty() {
            continue;
        }
        let number_fits = !numbered || row[0].trim().bytes().all(|byte| byte.is_ascii_digit());
        if number_fits && track_fits(variant.track_form, track) {
            fitting += 1;
        } else {
            misfitting += 1;
        }
    }
    fitting > misfitting
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<String> {
        line.split(',').map(str::to_owned).collect()
    }

    #[test]
    fn names_are_compared_without_case_or_extra_spaces() {
        assert!(same_name("  track  uri ", "Track URI"));
        assert!(same_name("KÜNSTLER-GENRES", "Künstler-Genres"));
        assert!(!same_name("Track URIs", "Track URI"));
    }

    #[test]
    fn a_header_partly_left_in_english_is_read_as_its_language() {
        let mut header: Vec<String> = exportify_header(Language::German)[..19].iter().map(|n| n.to_string()).collect();
        header[0] = "Track URI".into();
        let recognised = recognise(&header, &[]).unwrap_or_else(|_| panic!("German header not recognised"));
        assert_eq!(recognised.matched, HeaderMatch::Translated(Language::German));
        assert_eq!(recognised.layout, FileLayout::Exportify);
    }

    #[test]
    fn a_data_row_in_place_of_the_header_is_called_so() {
        let row =
            names("4uLU6hMCjMI75M1A2tKUQC,Artist,Album,Title,1,2,False,0.1,0.2,1,-5,1,0.1,0.1,0,0.1,0.1,120,4,pop");
        assert_eq!(recognise(&row, &[]).err(), Some(FileRefusal::NoHeader));
    }
}
