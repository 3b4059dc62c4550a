//! How each service writes a song's artists and title: Spotify and Shazam join the artists with commas, Apple Music
//! with "&", Billboard credits featured artists with "Featuring", and Deezer, YouTube and SoundCloud name the main
//! artist and put the others in the title. Searches compare words.

/// "A, B, C".
pub(crate) fn comma_joined(artists: &[&str]) -> String {
    artists.join(", ")
}

/// "A", "A & B", "A, B & C".
pub(crate) fn ampersand_joined(artists: &[&str]) -> String {
    match artists {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [init @ .., last] => format!("{} & {last}", init.join(", ")),
    }
}

/// Billboard's credit: "A Featuring B" (or "A Featuring B & C"), or for a duet "A & B".
pub(crate) fn billboard_credit(artists: &[&str], duet: bool) -> String {
    match artists {
        [main, featured @ ..] if !featured.is_empty() && !duet => {
            format!("{main} Featuring {}", ampersand_joined(featured))
        }
        _ => ampersand_joined(artists),
    }
}

/// The title with the featured artists in it ("Title (feat. B)"), unless it names a featured artist already.
pub(crate) fn with_featured(title: &str, featured: &[&str]) -> String {
    if featured.is_empty() || title.to_lowercase().contains("feat.") {
        title.to_owned()
    } else {
        format!("{title} (feat. {})", ampersand_joined(featured))
    }
}

/// The title without a "(feat. …)" part, as Billboard prints it.
pub(crate) fn without_featured(title: &str) -> String {
    match title.find(" (feat.") {
        Some(start) => {
            let end = title[start..].find(')').map_or(title.len(), |end| start + end + 1);
            format!("{}{}", &title[..start], &title[end..])
        }
        None => title.to_owned(),
    }
}

/// The lower-case words of letters and digits in `text`, as the services' searches compare them.
pub(crate) fn search_words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_service_credits_its_way() {
        assert_eq!(comma_joined(&["A", "B", "C"]), "A, B, C");
        assert_eq!(ampersand_joined(&["A", "B", "C"]), "A, B & C");
        assert_eq!(ampersand_joined(&["A"]), "A");
        assert_eq!(billboard_credit(&["A", "B"], false), "A Featuring B");
        assert_eq!(billboard_credit(&["A", "B"], true), "A & B");
        assert_eq!(billboard_credit(&["A"], false), "A");
        assert_eq!(with_featured("Run", &["B"]), "Run (feat. B)");
        assert_eq!(with_featured("Run (feat. Friends)", &["B"]), "Run (feat. Friends)");
        assert_eq!(without_featured("Run (feat. Friends) - Radio Edit"), "Run - Radio Edit");
        assert_eq!(without_featured("Run"), "Run");
        assert_eq!(search_words("Mira & the Foxes - Run (Live)"), ["mira", "the", "foxes", "run", "live"]);
    }
}
