//! The values of a feed's fields, read the same way whatever the format: empty text is a missing value, and anything
//! else must be valid, or the row is left out with the field named.

use super::FeedRowProblem;
use crate::releases::FeedArtist;
use crate::{Day, Isrc, Key};

/// The tempo range a track's BPM must lie in.
const BPM_RANGE: std::ops::RangeInclusive<f64> = 20.0..=400.0;

/// Trimmed text, or None when nothing is left.
pub(super) fn present(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|text| !text.is_empty())
}

pub(super) fn invalid(field: &'static str, message: String) -> FeedRowProblem {
    FeedRowProblem::Invalid { field, message }
}

/// A value from the file as a message shows it: quoted, and cut short so a hostile file cannot make messages long.
pub(super) fn quoted(text: &str) -> String {
    const SHOWN: usize = 40;
    match text.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("\"{}…\"", &text[..end]),
        None => format!("\"{text}\""),
    }
}

pub(super) fn isrc(text: &str) -> Result<Isrc, FeedRowProblem> {
    Isrc::parse(text).map_err(|not_an_isrc| invalid("ISRC", format!("{} is {not_an_isrc}", quoted(text))))
}

/// A tempo written as text: "128", "127.99", or "127,99" as spreadsheets set to a decimal comma write it.
pub(super) fn bpm_text(text: &str) -> Result<f64, FeedRowProblem> {
    let number = if text.contains('.') { text.to_owned() } else { text.replace(',', ".") };
    match number.parse::<f64>() {
        Ok(bpm) if bpm.is_finite() => bpm_number(bpm),
        _ => Err(invalid("BPM", format!("{} is not a number of beats per minute", quoted(text)))),
    }
}

pub(super) fn bpm_number(bpm: f64) -> Result<f64, FeedRowProblem> {
    if BPM_RANGE.contains(&bpm) {
        Ok(bpm)
    } else {
        Err(invalid("BPM", format!("must be between {} and {}, not {bpm}", BPM_RANGE.start(), BPM_RANGE.end())))
    }
}

/// A key in Camelot notation ("8A") or by name ("A minor", "F♯ min", "G Major").
pub(super) fn key(text: &str) -> Result<Key, FeedRowProblem> {
    Key::parse(text).ok_or_else(|| {
        invalid("key", format!("{} is not a key (Camelot like 8A, or a name like A minor)", quoted(text)))
    })
}

/// A release day, `YYYY-MM-DD`, or the day of an ISO date-time such as "2025-03-20T00:00:00Z".
pub(super) fn release_date(text: &str) -> Result<Day, FeedRowProblem> {
    let day_of_instant = || {
        let (day, rest) = (text.get(..10)?, text.get(10..)?);
        rest.starts_with(['T', ' ']).then(|| Day::parse(day)).flatten()
    };
    Day::parse(text)
        .or_else(day_of_instant)
        .ok_or_else(|| invalid("release date", format!("{} is not a date written YYYY-MM-DD", quoted(text))))
}

/// A length written `m:ss` ("5:26"), in milliseconds.
pub(super) fn length(text: &str) -> Result<u32, FeedRowProblem> {
    let milliseconds = || {
        let (minutes, seconds) = text.split_once(':')?;
        let digits = |part: &str| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit());
        if !digits(minutes) || seconds.len() != 2 || !digits(seconds) {
            return None;
        }
        let seconds: u32 = seconds.parse().ok().filter(|seconds| *seconds < 60)?;
        minutes.parse::<u32>().ok()?.checked_mul(60)?.checked_add(seconds)?.checked_mul(1000)
    };
    milliseconds().ok_or_else(|| invalid("length", format!("{} is not a length written m:ss", quoted(text))))
}

/// Splits a title that carries its mix in trailing parentheses, as charts write it: "Elevate (Extended Mix)" is
/// "Elevate" in the "Extended Mix". Only a mix, remix, edit, dub or VIP is split off; "Song (feat. Someone)" stays
/// whole.
pub(super) fn title_and_mix(title: &str) -> (&str, Option<&str>) {
    let split = || {
        let inside = title.strip_suffix(')')?;
        let open = inside.rfind('(')?;
        let (before, mix) = (inside[..open].trim_end(), inside[open + 1..].trim());
        let balanced = before.matches('(').count() == before.matches(')').count();
        (!before.is_empty() && balanced && is_mix_name(mix)).then_some((before, Some(mix)))
    };
    split().unwrap_or((title, None))
}

/// Whether the last word names a version: "Extended Mix", "Kölsch Remix", "Radio Edit", "Re-Edit", "Dub", "VIP".
fn is_mix_name(mix: &str) -> bool {
    let Some(last_word) = mix.split_whitespace().last() else { return false };
    let last_word = last_word.to_lowercase();
    let last_part = last_word.rsplit('-').next().unwrap_or_default();
    matches!(last_part, "mix" | "remix" | "edit" | "dub" | "vip")
}

/// The artists of a cell that joins their names with any of `separators`. A name that itself holds a separator (a
/// duo such as "Chase & Status") is split too: the file cannot tell them apart, and the matcher splits Spotify's
/// artists on the same separators, so the sets still compare.
pub(super) fn artists(cell: &str, separators: &[&str]) -> Vec<FeedArtist> {
    let mut names = vec![cell];
    for separator in separators {
        names = names.into_iter().flat_map(|name| name.split(separator)).collect();
    }
    names.into_iter().filter_map(present).map(|name| FeedArtist { beatport_id: None, name: name.to_owned() }).collect()
}

/// A genre's slug as Beatport makes them from names: "Melodic House & Techno" is "melodic-house-techno".
pub(super) fn slug(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for character in name.chars().flat_map(char::to_lowercase) {
        if character.is_alphanumeric() {
            slug.push(character);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let kept = slug.trim_end_matches('-').len();
    slug.truncate(kept);
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(problem: FeedRowProblem) -> &'static str {
        match problem {
            FeedRowProblem::Invalid { field, .. } => field,
            other => panic!("not an invalid value: {other:?}"),
        }
    }

    #[test]
    fn tempos_as_files_write_them() {
        assert_eq!(bpm_text("128"), Ok(128.0));
        assert_eq!(bpm_text("127.99"), Ok(127.99));
        assert_eq!(bpm_text("127,99"), Ok(127.99));
        for text in ["19.9", "401", "fast", "NaN", "inf", "1,000.5"] {
            assert_eq!(bpm_text(text).map_err(field_of), Err("BPM"), "{text}");
        }
        assert_eq!(
            bpm_number(500.0),
            Err(FeedRowProblem::Invalid { field: "BPM", message: "must be between 20 and 400, not 500".into() })
        );
    }

    #[test]
    fn release_dates_and_instants() {
        assert_eq!(release_date("2025-03-20"), Ok(Day::parse("2025-03-20").unwrap()));
        assert_eq!(release_date("2025-03-20T00:00:00Z"), Ok(Day::parse("2025-03-20").unwrap()));
        assert_eq!(release_date("2025-03-20 10:00"), Ok(Day::parse("2025-03-20").unwrap()));
        for text in ["2025-02-30", "20/03/2025", "2025-03-201", "2025-03-2€"] {
            assert_eq!(release_date(text).map_err(field_of), Err("release date"), "{text}");
        }
    }

    #[test]
    fn lengths_written_minutes_and_seconds() {
        assert_eq!(length("5:26"), Ok(326_000));
        assert_eq!(length("0:07"), Ok(7_000));
        assert_eq!(length("75:00"), Ok(4_500_000));
        for text in ["5:6", "5:60", ":26", "5", "5:26:00", "-1:00", "99999999:00"] {
            assert_eq!(length(text).map_err(field_of), Err("length"), "{text}");
        }
    }

    #[test]
    fn mixes_split_from_chart_titles() {
        assert_eq!(title_and_mix("Elevate (Extended Mix)"), ("Elevate", Some("Extended Mix")));
        assert_eq!(title_and_mix("Rhythm Of The Night (Kölsch Remix)"), ("Rhythm Of The Night", Some("Kölsch Remix")));
        assert_eq!(title_and_mix("Losing It (Re-Edit)"), ("Losing It", Some("Re-Edit")));
        assert_eq!(title_and_mix("Baddadan (VIP)"), ("Baddadan", Some("VIP")));
        assert_eq!(title_and_mix("Tarantula (Dub)"), ("Tarantula", Some("Dub")));
        for title in ["Finally (feat. Kym)", "Edit", "(Extended Mix)", "Mix (Part 1)", "A (B (Dub)"] {
            assert_eq!(title_and_mix(title), (title, None), "{title}");
        }
    }

    #[test]
    fn artists_joined_in_one_cell() {
        let names = |cell, separators| artists(cell, separators).into_iter().map(|a| a.name).collect::<Vec<_>>();
        assert_eq!(names("Fisher & Chris Lake", &[" & "]), ["Fisher", "Chris Lake"]);
        assert_eq!(names("Bicep, Hammer & Clara La San", &[", ", " & "]), ["Bicep", "Hammer", "Clara La San"]);
        assert_eq!(names("Tyler, The Creator", &[" & "]), ["Tyler, The Creator"]);
        assert!(names(" & ", &[" & "]).is_empty());
    }

    #[test]
    fn genre_slugs_as_beatport_makes_them() {
        assert_eq!(slug("Melodic House & Techno"), "melodic-house-techno");
        assert_eq!(slug("Techno (Peak Time / Driving)"), "techno-peak-time-driving");
        assert_eq!(slug("Drum & Bass"), "drum-bass");
        assert_eq!(slug("140 / Deep Dubstep / Grime"), "140-deep-dubstep-grime");
        assert_eq!(slug("tech-house"), "tech-house");
        assert_eq!(slug("Électro"), "électro");
    }

    #[test]
    fn values_are_quoted_short() {
        assert_eq!(quoted("8Z"), "\"8Z\"");
        let long = "x".repeat(100);
        assert_eq!(quoted(&long), format!("\"{}…\"", "x".repeat(40)));
    }
}
