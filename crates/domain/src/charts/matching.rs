//! Which recording a chart entry is. An ISRC decides when the entry has one (its own, or one read from the service's
//! track), since the code names the recording; otherwise the entry's title with its version, its artists and its
//! length are compared with the recordings already charted, as release feeds are matched to Spotify
//! (`releases::likeness_to`). One recording may carry several ISRCs (a re-release, another distributor's code): an
//! entry whose ISRC is new but which is clearly a known recording adds its code to that recording. An entry like no
//! known recording starts a recording of its own (by its ISRC, or by its title and artists until an ISRC comes), so
//! the services without ISRCs still merge; an entry between the two, close to a recording but not clearly it, stays
//! unmatched with that recording to ask about.

use serde::{Deserialize, Serialize};

use super::ChartEntry;
use crate::Isrc;
use crate::releases::{ACCEPT_AT, ASK_FROM, Described, FeedArtist, FeedTrack, likeness_to};

/// A recording already on some chart, as matching compares entries with it.
#[derive(Clone, Debug, PartialEq)]
pub struct KnownRecording<K> {
    pub recording: K,
    pub title: String,
    /// The artist credit as first charted.
    pub artists: String,
    pub duration_ms: Option<u32>,
    /// Every ISRC known for the recording.
    pub isrcs: Vec<Isrc>,
}

/// How an entry was tied to its recording.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChartMatchMethod {
    /// The entry's own ISRC.
    Isrc,
    /// The ISRC of the service's track, read from the service (Spotify's or Deezer's track).
    IsrcLookup,
    /// A scored comparison of title, version, artists and length.
    Fuzzy,
    /// No ISRC and like no recording charted before: the entry started a recording of its own.
    FirstSeen,
    /// A person chose the recording.
    Manual,
}

impl ChartMatchMethod {
    pub const ALL: [ChartMatchMethod; 5] = [
        ChartMatchMethod::Isrc,
        ChartMatchMethod::IsrcLookup,
        ChartMatchMethod::Fuzzy,
        ChartMatchMethod::FirstSeen,
        ChartMatchMethod::Manual,
    ];

    /// The code stored with a match.
    pub fn code(self) -> &'static str {
        match self {
            ChartMatchMethod::Isrc => "isrc",
            ChartMatchMethod::IsrcLookup => "isrc-lookup",
            ChartMatchMethod::Fuzzy => "fuzzy",
            ChartMatchMethod::FirstSeen => "first-seen",
            ChartMatchMethod::Manual => "manual",
        }
    }

    pub fn parse(code: &str) -> Option<ChartMatchMethod> {
        ChartMatchMethod::ALL.into_iter().find(|method| method.code() == code)
    }

    /// How the match was made, for people.
    pub fn name(self) -> &'static str {
        match self {
            ChartMatchMethod::Isrc => "ISRC",
            ChartMatchMethod::IsrcLookup => "ISRC from the service",
            ChartMatchMethod::Fuzzy => "title and artists",
            ChartMatchMethod::FirstSeen => "first charted here",
            ChartMatchMethod::Manual => "chosen by hand",
        }
    }
}

/// What matching decided for one entry.
#[derive(Clone, Debug, PartialEq)]
pub enum EntryMatch<K> {
    /// The entry is this recording; `alias` is an ISRC of the entry the recording did not carry yet.
    Known { recording: K, method: ChartMatchMethod, confidence: f64, alias: Option<Isrc> },
    /// A recording not charted before, made from the entry: known by its ISRC (the entry's own or looked up, as
    /// `method` says), or by its title and artists alone (`FirstSeen`).
    New { isrc: Option<Isrc>, method: ChartMatchMethod },
    /// Not certain: the entry is kept and shown unmatched, with the closest recording and its score when it is close
    /// enough to ask about.
    Unmatched { closest: Option<(K, f64)> },
}

/// Matches `entry` against the `known` recordings; `looked_up` is the ISRC the service's track read gave, for an
/// entry without one of its own.
pub fn match_entry<K: Clone>(
    entry: &ChartEntry,
    looked_up: Option<&Isrc>,
    known: &[KnownRecording<K>],
) -> EntryMatch<K> {
    let isrc = match (&entry.isrc, looked_up) {
        (Some(own), _) => Some((own, ChartMatchMethod::Isrc)),
        (None, Some(read)) => Some((read, ChartMatchMethod::IsrcLookup)),
        (None, None) => None,
    };
    if let Some((isrc, method)) = isrc
        && let Some(recording) = known.iter().find(|recording| recording.isrcs.contains(isrc))
    {
        return EntryMatch::Known { recording: recording.recording.clone(), method, confidence: 1.0, alias: None };
    }
    let closest = closest(entry, known);
    match (isrc, closest) {
        (isrc, Some((recording, score))) if score >= ACCEPT_AT => EntryMatch::Known {
            recording,
            method: ChartMatchMethod::Fuzzy,
            confidence: score,
            alias: isrc.map(|(isrc, _)| isrc.clone()),
        },
        (Some((isrc, method)), _) => EntryMatch::New { isrc: Some(isrc.clone()), method },
        (None, Some(closest)) if closest.1 >= ASK_FROM => EntryMatch::Unmatched { closest: Some(closest) },
        (None, _) => EntryMatch::New { isrc: None, method: ChartMatchMethod::FirstSeen },
    }
}

/// How like `entry` `recording` is, from 0 to 1: title, version, artists and length as release matching weighs them.
pub fn likeness<K>(entry: &ChartEntry, recording: &KnownRecording<K>) -> f64 {
    likeness_of(&as_feed_track(entry), recording)
}

fn as_feed_track(entry: &ChartEntry) -> FeedTrack {
    let mut track =
        FeedTrack::new(&entry.title, None, vec![FeedArtist { beatport_id: None, name: entry.artists.clone() }]);
    track.length_ms = entry.duration_ms;
    track
}

fn likeness_of<K>(track: &FeedTrack, recording: &KnownRecording<K>) -> f64 {
    let artists = std::slice::from_ref(&recording.artists);
    let described = Described { title: &recording.title, artists, duration_ms: recording.duration_ms };
    let score = likeness_to(track, &described);
    // Titles repeat across artists on charts ("Sugar", "Runaway"): a recording sharing no artist with the entry is
    // another song, not one to ask about.
    if score.artists > 0.0 { score.total } else { 0.0 }
}

/// The known recording most like `entry`, with its score (0 for a recording sharing no artist with it); equal scores
/// go to the first.
fn closest<K: Clone>(entry: &ChartEntry, known: &[KnownRecording<K>]) -> Option<(K, f64)> {
    let track = as_feed_track(entry);
    known
        .iter()
        .map(|recording| (recording, likeness_of(&track, recording)))
        .fold(None, |best: Option<(&KnownRecording<K>, f64)>, (recording, score)| match best {
            Some((_, best_score)) if best_score >= score => best,
            _ => Some((recording, score)),
        })
        .map(|(recording, score)| (recording.recording.clone(), score))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(title: &str, artists: &str, isrc: Option<&str>) -> ChartEntry {
        let mut entry = ChartEntry::new(1, title.to_owned(), artists.to_owned());
        entry.isrc = isrc.map(|isrc| Isrc::parse(isrc).unwrap());
        entry
    }

    fn known() -> Vec<KnownRecording<u32>> {
        vec![
            KnownRecording {
                recording: 1,
                title: "Die With A Smile".into(),
                artists: "Lady Gaga, Bruno Mars".into(),
                duration_ms: Some(251_667),
                isrcs: vec![Isrc::parse("USUM72409273").unwrap()],
            },
            KnownRecording {
                recording: 2,
                title: "Espresso".into(),
                artists: "Sabrina Carpenter".into(),
                duration_ms: Some(175_459),
                isrcs: vec![Isrc::parse("USUM72401994").unwrap()],
            },
        ]
    }

    #[test]
    fn an_isrc_decides() {
        let matched = match_entry(&entry("Something Else", "Nobody", Some("USUM72401994")), None, &known());
        assert_eq!(
            matched,
            EntryMatch::Known { recording: 2, method: ChartMatchMethod::Isrc, confidence: 1.0, alias: None }
        );
        let looked_up = Isrc::parse("USUM72409273").unwrap();
        let matched = match_entry(&entry("Die With A Smile", "Lady Gaga", None), Some(&looked_up), &known());
        assert!(matches!(matched, EntryMatch::Known { recording: 1, method: ChartMatchMethod::IsrcLookup, .. }));
    }

    #[test]
    fn a_new_isrc_of_a_known_recording_becomes_its_alias() {
        let matched = match_entry(&entry("Espresso", "Sabrina Carpenter", Some("USUM72499999")), None, &known());
        let EntryMatch::Known { recording: 2, method: ChartMatchMethod::Fuzzy, alias: Some(alias), .. } = matched
        else {
            panic!("{matched:?}");
        };
        assert_eq!(alias.as_str(), "USUM72499999");
        let matched = match_entry(&entry("Sailor Song", "Gigi Perez", Some("USAT22403553")), None, &known());
        assert_eq!(matched, EntryMatch::New { isrc: Isrc::parse("USAT22403553").ok(), method: ChartMatchMethod::Isrc });
    }

    #[test]
    fn without_an_isrc_the_title_and_artists_decide_and_a_close_call_waits() {
        let matched = match_entry(&entry("Die With A Smile", "Lady Gaga & Bruno Mars", None), None, &known());
        assert!(
            matches!(matched, EntryMatch::Known { recording: 1, method: ChartMatchMethod::Fuzzy, alias: None, .. }),
            "{matched:?}"
        );
        let matched = match_entry(&entry("Die With A Smile", "Lady Gaga", None), None, &known());
        assert!(
            matches!(matched, EntryMatch::Unmatched { closest: Some((1, _)) }),
            "one of the artists, the same title: asked about: {matched:?}"
        );
        let first = EntryMatch::New { isrc: None, method: ChartMatchMethod::FirstSeen };
        assert_eq!(
            match_entry(&entry("Espresso", "Someone Else", None), None, &known()),
            first,
            "the same title by other artists is another song"
        );
        assert_eq!(match_entry(&entry("Sailor Song", "Gigi Perez", None), None, &known()), first);
        assert_eq!(match_entry::<u32>(&entry("Anything", "Anyone", None), None, &[]), first);
    }

    #[test]
    fn every_code_reads_back() {
        for method in ChartMatchMethod::ALL {
            assert_eq!(ChartMatchMethod::parse(method.code()), Some(method));
        }
    }
}
