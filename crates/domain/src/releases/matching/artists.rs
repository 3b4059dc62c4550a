//! The artists of a release and of a candidate compared as sets of names. Credits are written many ways: "A, B & C"
//! as one credit or three, "A feat. B", "A x B", "A vs. B". Each credit is read twice: whole, and split at those
//! separators. Splitting lets "Above & Beyond" match a candidate crediting "Above" and "Beyond" apart; the whole
//! names let "Chase & Status" match "Chase and Status" however either side splits. The better of the two counts.

use super::spelling::{key, similarity};

/// Words that separate artists inside one credit, once the credit is a key ("&" is read as "and" by then).
const SEPARATOR_WORDS: [&str; 6] = ["and", "x", "vs", "feat", "ft", "featuring"];

/// Two names are the same artist when their keys are at least this alike ("Kolsh" for "Kölsch").
const SAME_ARTIST_FROM: f64 = 0.8;

/// The artists credited on one side, as keys: whole credits and the names split out of them, each sorted and
/// without repeats.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Credits {
    whole: Vec<String>,
    split: Vec<String>,
}

impl Credits {
    pub(super) fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Credits {
        let mut whole = Vec::new();
        let mut split = Vec::new();
        for name in names {
            whole.push(key(name));
            for credit in name.split([',', ';', '+']) {
                let credit = key(credit);
                let mut artist = Vec::new();
                for word in credit.split(' ').chain([""]) {
                    if word.is_empty() || SEPARATOR_WORDS.contains(&word) {
                        if !artist.is_empty() {
                            split.push(artist.join(" "));
                            artist.clear();
                        }
                    } else {
                        artist.push(word);
                    }
                }
            }
        }
        whole.retain(|name| !name.is_empty());
        for names in [&mut whole, &mut split] {
            names.sort();
            names.dedup();
        }
        Credits { whole, split }
    }

    /// How alike two sides' artists are, from 0 (no artist in common) to 1 (the same artists).
    pub(super) fn likeness(&self, other: &Credits) -> f64 {
        overlap(&self.whole, &other.whole).max(overlap(&self.split, &other.split))
    }
}

/// Whether two credits name the same artist.
pub(super) fn same_artist(a: &str, b: &str) -> bool {
    similarity(&key(a), &key(b)) >= SAME_ARTIST_FROM
}

/// Each name scores how well it is found on the other side (its most alike name there, when alike enough to be the
/// same artist); the overlap is the mean over both sides, so a name missing on either side lowers it alike.
fn overlap(mine: &[String], theirs: &[String]) -> f64 {
    if mine.is_empty() || theirs.is_empty() {
        return if mine.is_empty() && theirs.is_empty() { 1.0 } else { 0.0 };
    }
    let found = |name: &String, among: &[String]| {
        among.iter().map(|other| similarity(name, other)).filter(|&alike| alike >= SAME_ARTIST_FROM).fold(0.0, f64::max)
    };
    let mine_found: f64 = mine.iter().map(|name| found(name, theirs)).sum();
    let theirs_found: f64 = theirs.iter().map(|name| found(name, mine)).sum();
    (mine_found + theirs_found) / (mine.len() + theirs.len()) as f64
}
