//! Matching chart entries to recordings on a fixture with known answers (`charts/matching-cases.json`: recordings a
//! Spotify chart would bring, and entries of the other services written as they write them, each with the recording
//! it is or none). Prints precision and recall by method; `cargo test -p crossfade-domain --test chart_matching --
//! --nocapture` shows them.

use crossfade_domain::{ChartEntry, ChartMatchMethod, EntryMatch, Isrc, KnownRecording, match_entry};
use serde::Deserialize;

#[derive(Deserialize)]
struct Cases {
    recordings: Vec<Recording>,
    entries: Vec<Case>,
}

#[derive(Deserialize)]
struct Recording {
    id: u32,
    title: String,
    artists: String,
    duration_ms: Option<u32>,
    isrcs: Vec<String>,
}

#[derive(Deserialize)]
struct Case {
    source: String,
    title: String,
    artists: String,
    duration_ms: Option<u32>,
    isrc: Option<String>,
    looked_up: Option<String>,
    expected: Option<u32>,
}

#[derive(Default)]
struct Tally {
    matched: usize,
    right: usize,
}

#[test]
fn entries_are_matched_with_high_precision_and_recall() {
    let cases: Cases = serde_json::from_str(include_str!("charts/matching-cases.json")).unwrap();
    let known: Vec<KnownRecording<u32>> = cases
        .recordings
        .iter()
        .map(|recording| KnownRecording {
            recording: recording.id,
            title: recording.title.clone(),
            artists: recording.artists.clone(),
            duration_ms: recording.duration_ms,
            isrcs: recording.isrcs.iter().map(|isrc| Isrc::parse(isrc).unwrap()).collect(),
        })
        .collect();
    let mut by_method: Vec<(ChartMatchMethod, Tally)> =
        ChartMatchMethod::ALL.into_iter().map(|method| (method, Tally::default())).collect();
    let mut missed = Vec::new();
    let should_match = cases.entries.iter().filter(|case| case.expected.is_some()).count();
    for case in &cases.entries {
        let mut entry = ChartEntry::new(1, case.title.clone(), case.artists.clone());
        entry.duration_ms = case.duration_ms;
        entry.isrc = case.isrc.as_deref().map(|isrc| Isrc::parse(isrc).unwrap());
        let looked_up = case.looked_up.as_deref().map(|isrc| Isrc::parse(isrc).unwrap());
        match match_entry(&entry, looked_up.as_ref(), &known) {
            EntryMatch::Known { recording, method, .. } => {
                let tally = &mut by_method.iter_mut().find(|(kind, _)| *kind == method).unwrap().1;
                tally.matched += 1;
                if Some(recording) == case.expected {
                    tally.right += 1;
                } else {
                    println!(
                        "wrong: {} “{}” by {} matched {recording} by {}",
                        case.source,
                        case.title,
                        case.artists,
                        method.code()
                    );
                }
            }
            EntryMatch::New { .. } | EntryMatch::Unmatched { .. } if case.expected.is_some() => {
                missed.push(format!("{} “{}” by {}", case.source, case.title, case.artists));
            }
            EntryMatch::New { .. } | EntryMatch::Unmatched { .. } => {}
        }
    }
    let (matched, right) = by_method.iter().fold((0, 0), |(m, r), (_, tally)| (m + tally.matched, r + tally.right));
    println!("{:<24} {:>7} {:>6} {:>9}", "method", "matched", "right", "precision");
    for (method, tally) in &by_method {
        if tally.matched > 0 {
            let precision = 100.0 * tally.right as f64 / tally.matched as f64;
            println!("{:<24} {:>7} {:>6} {:>8.1}%", method.name(), tally.matched, tally.right, precision);
        }
    }
    let precision = right as f64 / matched as f64;
    let recall = right as f64 / should_match as f64;
    println!("all: precision {:.1}%, recall {:.1}% ({right} of {should_match})", 100.0 * precision, 100.0 * recall);
    for entry in &missed {
        println!("missed: {entry}");
    }
    assert_eq!(precision, 1.0, "no entry is tied to the wrong recording");
    assert!(recall >= 0.9, "recall {recall}");
    for method in [ChartMatchMethod::Isrc, ChartMatchMethod::IsrcLookup, ChartMatchMethod::Fuzzy] {
        assert!(by_method.iter().any(|(kind, tally)| *kind == method && tally.right > 0), "{method:?} is exercised");
    }
}
