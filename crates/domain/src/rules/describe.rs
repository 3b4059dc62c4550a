//! A condition in words, for the preview's "why this track" and the rule's summary: "Energy is above 0.7",
//! "Last played is not in the last 30 days", "Genre is any of House, Techno".

use super::condition::{Condition, FeatureSource, Operand, PlaylistRef};
use crate::{GenreTree, Mode};

pub fn describe(condition: &Condition) -> String {
    let mut subject = condition.field.label().to_owned();
    match condition.source {
        FeatureSource::Effective => {}
        FeatureSource::Pinned(provider) => subject.push_str(&format!(" ({})", provider.name())),
        FeatureSource::Calibrated => subject.push_str(" (calibrated)"),
    }
    if let Some(window) = condition.window {
        subject.push_str(&format!(" in the last {window}"));
    }
    match value(&condition.value) {
        Some(value) => format!("{subject} {} {value}", condition.op.label()),
        None => format!("{subject} {}", condition.op.label()),
    }
}

fn value(operand: &Operand) -> Option<String> {
    Some(match operand {
        Operand::Nothing => return None,
        Operand::Number(number) => number.to_string(),
        Operand::Numbers(low, high) => format!("{low} and {high}"),
        Operand::Text(text) => format!("“{text}”"),
        Operand::Pattern(pattern) => format!("/{}/", pattern.as_str()),
        Operand::Day(day) => day.to_string(),
        Operand::Days(first, last) => format!("{first} and {last}"),
        Operand::Span(span) => span.to_string(),
        Operand::Texts(texts) => texts.join(", "),
        Operand::Genres(genres) => {
            let tree = GenreTree::get();
            genres.iter().map(|genre| tree.genre(*genre).name).collect::<Vec<_>>().join(", ")
        }
        Operand::Keys(keys) => keys.iter().map(|key| key.camelot()).collect::<Vec<_>>().join(", "),
        Operand::Key(key) => format!("{} ({})", key.camelot(), key.name()),
        Operand::Mode(Mode::Major) => "major".to_owned(),
        Operand::Mode(Mode::Minor) => "minor".to_owned(),
        Operand::Flag(true) => "yes".to_owned(),
        Operand::Flag(false) => "no".to_owned(),
        Operand::Playlist(PlaylistRef::Spotify(id)) => format!("playlist {id}"),
        Operand::Playlist(PlaylistRef::Smart(id)) => format!("smart playlist {id}"),
    })
}
