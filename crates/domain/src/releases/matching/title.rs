//! A title as matching reads it: the name, the version, and the artists a `feat.` clause credits. Spotify writes the
//! version into the name ("Elevate - Extended Mix", "Elevate (feat. X) [Kölsch Remix]"); Beatport keeps it apart
//! (name "Elevate", mix "Kölsch Remix"). Both read to the same title.
//!
//! A part in brackets or after " - " is a descriptor when one of its words says so (mix, remix, edit, live, dub, …);
//! any other part ("(Love Theme)") is a subtitle and stays in the name. Descriptors come in two kinds:
//! - a version that must match: a remix with its remixer, Extended and Club mixes, Dub, VIP, Live, Acoustic,
//!   Instrumental, a named edit ("Kölsch Edit"), the cut in a DJ's mixed compilation ("Mixed"). A release and a candidate whose versions differ are different
//!   recordings, however alike the rest;
//! - the same recording: Original Mix (Beatport's way of saying "no version"), Radio Edit, Remastered and a year,
//!   Mono, Stereo, Album or Single Version. These are dropped; the duration tells a radio edit from the full length.

use super::spelling::{key, similarity};

/// Words that make a part in brackets or after a dash a descriptor rather than a subtitle.
const DESCRIPTOR_WORDS: [&str; 25] = [
    "acapella",
    "acoustic",
    "bootleg",
    "club",
    "dub",
    "edit",
    "explicit",
    "extended",
    "flip",
    "instrumental",
    "live",
    "mix",
    "mixed",
    "mono",
    "refix",
    "remaster",
    "remastered",
    "remix",
    "reprise",
    "rework",
    "rmx",
    "stereo",
    "unplugged",
    "version",
    "vip",
];

/// Words of a descriptor that do not say which version it is ("Extended Mix" and "Extended Version" are one).
const FILLER_WORDS: [&str; 3] = ["mix", "original", "version"];

/// A descriptor made only of these words (and numbers, such as a remaster's year) is the same recording.
const SAME_RECORDING_WORDS: [&str; 13] = [
    "album",
    "clean",
    "digital",
    "edit",
    "explicit",
    "main",
    "mono",
    "radio",
    "remaster",
    "remastered",
    "short",
    "single",
    "stereo",
];

/// Words that open a clause crediting featured artists.
const FEATURING_WORDS: [&str; 5] = ["feat.", "feat", "ft.", "ft", "featuring"];

/// Two versions are one when their keys are at least this alike (a remixer's name misspelt by one letter).
const SAME_VERSION_FROM: f64 = 0.85;

/// A title read into the parts matching compares.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct NormalisedTitle {
    /// The name as written, without featured artists and descriptors ("Elevate"); what a search should look for.
    pub(super) readable: String,
    /// The key of the readable name.
    name: String,
    /// The keys of the version descriptors, sorted and joined ("kolsch remix"); None for the plain recording.
    version: Option<String>,
    /// The artists `feat.` clauses credit, as written.
    pub(super) featured: Vec<String>,
}

/// What a part in brackets or after a dash turned out to be.
enum Part {
    Subtitle,
    SameRecording,
    Version(String),
}

impl NormalisedTitle {
    /// Reads a title, with the feed's mix name when it keeps the mix apart (Spotify's names have none).
    pub(super) fn read(title: &str, mix: Option<&str>) -> NormalisedTitle {
        let (outside, bracketed) = split_brackets(title);
        let outside = outside.replace(" \u{2013} ", " - ").replace(" \u{2014} ", " - ");
        let mut dashed = outside.split(" - ");
        let (main, featured) = split_featuring(dashed.next().unwrap_or_default(), false);
        let mut featured: Vec<String> = featured.into_iter().collect();
        let mut readable = main;
        let mut versions = Vec::new();
        let parts = dashed.map(|part| (part, false)).chain(bracketed.iter().map(|part| (part.as_str(), true)));
        for (part, in_brackets) in parts {
            let (part, names) = split_featuring(part, in_brackets);
            featured.extend(names);
            if part.is_empty() {
                continue;
            }
            match classify(&part) {
                Part::Subtitle if in_brackets => readable = format!("{readable} ({part})"),
                Part::Subtitle => readable = format!("{readable} - {part}"),
                Part::SameRecording => {}
                Part::Version(version) => versions.push(version),
            }
        }
        versions.extend(mix.and_then(version_of));
        versions.sort();
        versions.dedup();
        let readable = readable.trim().to_owned();
        NormalisedTitle {
            name: key(&readable),
            version: (!versions.is_empty()).then(|| versions.join(" ")),
            readable,
            featured,
        }
    }

    /// How alike two titles are, from 0 to 1. Different versions, or a version on one side only, give 0.
    pub(super) fn likeness(&self, other: &NormalisedTitle) -> f64 {
        let version = match (&self.version, &other.version) {
            (None, None) => 1.0,
            (Some(mine), Some(theirs)) => {
                let alike = similarity(mine, theirs);
                if alike >= SAME_VERSION_FROM { alike } else { 0.0 }
            }
            _ => 0.0,
        };
        // Squared because one letter is already another word in a short title ("Elevate", "Elevator").
        similarity(&self.name, &other.name).powi(2) * version
    }
}

/// The text outside brackets (each bracketed part left as a space) and the text inside each outermost pair. An
/// unclosed bracket runs to the end.
fn split_brackets(title: &str) -> (String, Vec<String>) {
    let mut outside = String::with_capacity(title.len());
    let mut parts = Vec::new();
    let mut part = String::new();
    let mut depth = 0usize;
    for c in title.chars() {
        match c {
            '(' | '[' | '{' => {
                if depth == 0 {
                    outside.push(' ');
                } else {
                    part.push(c);
                }
                depth += 1;
            }
            ')' | ']' | '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    parts.push(std::mem::take(&mut part));
                } else {
                    part.push(c);
                }
            }
            ')' | ']' | '}' => outside.push(' '),
            _ if depth > 0 => part.push(c),
            _ => outside.push(c),
        }
    }
    if depth > 0 {
        parts.push(part);
    }
    (outside, parts)
}

/// The words of `part` before a featuring clause, and the names the clause credits. Inside brackets "with" opens
/// one too ("(with X)"), as Spotify writes it; outside it is part of the name ("Dancing with Myself").
fn split_featuring(part: &str, in_brackets: bool) -> (String, Option<String>) {
    let words: Vec<&str> = part.split_whitespace().collect();
    let opens = |word: &&str| {
        let word = word.to_lowercase();
        FEATURING_WORDS.contains(&word.as_str()) || (in_brackets && word == "with")
    };
    match words.iter().position(opens) {
        Some(at) => {
            let names = words[at + 1..].join(" ");
            (words[..at].join(" "), (!names.is_empty()).then_some(names))
        }
        None => (words.join(" "), None),
    }
}

fn classify(part: &str) -> Part {
    let part_key = key(part);
    if !part_key.split(' ').any(|word| DESCRIPTOR_WORDS.contains(&word)) {
        return Part::Subtitle;
    }
    version_of(part).map_or(Part::SameRecording, Part::Version)
}

/// The key of the version a descriptor names; None when it names the same recording.
fn version_of(descriptor: &str) -> Option<String> {
    let descriptor = key(descriptor);
    let words: Vec<&str> = descriptor
        .split(' ')
        .filter(|word| !word.is_empty() && !FILLER_WORDS.contains(word))
        .map(|word| if word == "rmx" { "remix" } else { word })
        .collect();
    let same_recording =
        words.iter().all(|word| SAME_RECORDING_WORDS.contains(word) || word.chars().all(|c| c.is_ascii_digit()));
    (!same_recording).then(|| words.join(" "))
}
