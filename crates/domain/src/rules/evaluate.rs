//! The in-memory evaluator: matches a prepared rule against tracks held in memory, orders each set as the SQL
//! translation does, and runs the shared steps after matching. Used for the preview's explanations, by the browser,
//! and by tests as the reference the SQL translation must agree with.

use std::cmp::Ordering;
use std::collections::HashSet;

use super::condition::{FeatureSource, Op};
use super::field::Field;
use super::prepare::{Prepared, PreparedCondition, PreparedNode, PreparedSet, PreparedSource, PreparedTest};
use super::sequence::{Candidate, Placed, sequence};
use super::track::RuleTrack;
use super::{Order, SortKey};
use crate::Mode;

/// What a rule makes of a library.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    /// The playlist, in order.
    pub tracks: Vec<Placed>,
    /// Distinct tracks any set matched, before limits and artist rules.
    pub matched: usize,
}

impl Evaluation {
    /// From each set's ordered matches.
    pub fn of(prepared: &Prepared, sets: Vec<Vec<Candidate>>) -> Evaluation {
        let matched = sets.iter().flatten().map(|candidate| candidate.id.as_str()).collect::<HashSet<_>>().len();
        Evaluation { tracks: sequence(&prepared.rules, prepared.seed, sets), matched }
    }

    /// From the first matches of a rule that [reads its first matches](super::reads_first_matches), once they
    /// [settle](super::settled) its playlist, and the number of tracks it matches in all.
    pub fn of_first(prepared: &Prepared, first: Vec<Candidate>, matched: usize) -> Evaluation {
        Evaluation { tracks: sequence(&prepared.rules, prepared.seed, vec![first]), matched }
    }

    /// The playlist's length in milliseconds, over the tracks whose length is known.
    pub fn duration_ms(&self) -> i64 {
        self.tracks.iter().filter_map(|track| track.duration_ms).map(i64::from).sum()
    }
}

impl Prepared {
    /// The whole evaluation over `tracks` (one user's library).
    pub fn evaluate(&self, tracks: &[RuleTrack]) -> Evaluation {
        Evaluation::of(self, self.matches(tracks))
    }

    /// Each set's matching tracks in the set's order (by id for a random order, shuffled after).
    pub fn matches(&self, tracks: &[RuleTrack]) -> Vec<Vec<Candidate>> {
        self.sets
            .iter()
            .map(|set| {
                let mut matching: Vec<&RuleTrack> = tracks.iter().filter(|track| set.admits(track)).collect();
                let keys: &[SortKey] = match &set.order {
                    Order::Keys(keys) => keys,
                    Order::Random => &[],
                };
                matching.sort_by(|a, b| compare(keys, a, b));
                matching
                    .into_iter()
                    .map(|track| Candidate {
                        id: track.id.clone(),
                        isrc: track.isrc.clone(),
                        artist: track.primary_artist(),
                        duration_ms: track.duration_ms,
                    })
                    .collect()
            })
            .collect()
    }

    /// The conditions `track` met in the first set that takes it, in words; None when no set does.
    pub fn met(&self, track: &RuleTrack) -> Option<Vec<String>> {
        self.sets.iter().find(|set| set.admits(track)).map(|set| {
            let mut met = Vec::new();
            set.matching.met(track, &mut met);
            met
        })
    }
}

impl PreparedSet {
    /// Whether the track is in one of the set's sources and matches its tree.
    pub fn admits(&self, track: &RuleTrack) -> bool {
        self.sources.iter().any(|source| match source {
            PreparedSource::Library => true,
            PreparedSource::Liked => track.liked_at.is_some(),
            PreparedSource::History => track.plays > 0,
            PreparedSource::Playlist(id) => id.as_ref().is_some_and(|id| track.playlists.contains(id)),
        }) && self.matching.holds(track)
    }
}

impl PreparedNode {
    pub fn holds(&self, track: &RuleTrack) -> bool {
        match self {
            PreparedNode::All(children) => children.iter().all(|child| child.holds(track)),
            PreparedNode::Any(children) => children.iter().any(|child| child.holds(track)),
            PreparedNode::Not(child) => !child.holds(track),
            PreparedNode::Condition(condition) => condition.holds(track),
        }
    }

    /// Whether it holds, adding to `met` the conditions that made it hold: every condition of an `all`, those of
    /// the `any` children that held, and a `not` whose condition failed as "not …".
    fn met(&self, track: &RuleTrack, met: &mut Vec<String>) -> bool {
        match self {
            PreparedNode::All(children) => {
                let mut held = Vec::new();
                let all = children.iter().all(|child| child.met(track, &mut held));
                if all {
                    met.extend(held);
                }
                all
            }
            PreparedNode::Any(children) => {
                let mut any = false;
                for child in children {
                    any |= child.met(track, met);
                }
                any
            }
            PreparedNode::Not(child) => {
                let held = !child.holds(track);
                if held {
                    met.push(format!("not: {}", child.summary()));
                }
                held
            }
            PreparedNode::Condition(condition) => {
                let held = condition.holds(track);
                if held {
                    met.push(condition.description.clone());
                }
                held
            }
        }
    }

    /// The node in words, for a `not` that held.
    fn summary(&self) -> String {
        match self {
            PreparedNode::All(children) => children.iter().map(PreparedNode::summary).collect::<Vec<_>>().join(" and "),
            PreparedNode::Any(children) => children.iter().map(PreparedNode::summary).collect::<Vec<_>>().join(" or "),
            PreparedNode::Not(child) => format!("not ({})", child.summary()),
            PreparedNode::Condition(condition) => condition.description.clone(),
        }
    }
}

impl PreparedCondition {
    pub fn holds(&self, track: &RuleTrack) -> bool {
        self.test(track) != self.negate
    }

    /// The positive test; false for a value the track does not have.
    fn test(&self, track: &RuleTrack) -> bool {
        match &self.test {
            PreparedTest::Present => self.present(track),
            PreparedTest::Compare(op, value) => {
                self.number(track).is_some_and(|number| compare_number(*op, number, *value))
            }
            PreparedTest::Between(low, high) => {
                self.number(track).is_some_and(|number| *low <= number && number <= *high)
            }
            PreparedTest::Calibrated { raw, otherwise } => {
                let Field::Feature(feature) = self.field else { return false };
                let Some((value, provider)) = track.features[RuleTrack::feature_index(feature)] else { return false };
                match raw.iter().find(|(calibrated, _)| *calibrated == provider) {
                    Some((_, range)) => range.is_some_and(|(low, high)| low <= value && value <= high),
                    None => match otherwise.as_ref() {
                        PreparedTest::Compare(op, number) => compare_number(*op, f64::from(value), *number),
                        PreparedTest::Between(low, high) => *low <= f64::from(value) && f64::from(value) <= *high,
                        _ => true,
                    },
                }
            }
            PreparedTest::Text(op, needle) => self.texts(track).iter().any(|text| {
                let text = text.to_lowercase();
                match op {
                    Op::Contains => text.contains(needle.as_str()),
                    Op::StartsWith => text.starts_with(needle.as_str()),
                    Op::EndsWith => text.ends_with(needle.as_str()),
                    _ => text == *needle,
                }
            }),
            PreparedTest::Pattern(pattern) => self.texts(track).iter().any(|text| pattern.is_match(text)),
            PreparedTest::AnyName(names) => track.artists.iter().any(|artist| names.contains(&artist.to_lowercase())),
            PreparedTest::AllNames(names) => {
                names.iter().all(|name| track.artists.iter().any(|artist| artist.to_lowercase() == *name))
            }
            PreparedTest::AnyGenre(groups) => {
                track.genres.iter().any(|genre| groups.iter().any(|group| group.contains(&genre.as_str())))
            }
            PreparedTest::AllGenres(groups) => {
                groups.iter().all(|group| track.genres.iter().any(|genre| group.contains(&genre.as_str())))
            }
            PreparedTest::AnyTag(tags) => track.tags.iter().any(|tag| tags.contains(tag)),
            PreparedTest::AllTags(tags) => tags.iter().all(|tag| track.tags.contains(tag)),
            PreparedTest::Keys(keys) => track.key.is_some_and(|key| keys.contains(&key)),
            PreparedTest::Mode(mode) => track.key.is_some_and(|key| key.mode() == *mode),
            PreparedTest::Flag(flag) => track.explicit == Some(*flag),
            PreparedTest::Instant { from, until } => self
                .instant(track)
                .is_some_and(|at| from.is_none_or(|from| at >= from) && until.is_none_or(|until| at < until)),
            PreparedTest::Member(playlist) => playlist.as_ref().is_some_and(|id| track.playlists.contains(id)),
        }
    }

    fn present(&self, track: &RuleTrack) -> bool {
        match self.field {
            Field::Title | Field::Album | Field::Label | Field::Isrc | Field::Artists => !self.texts(track).is_empty(),
            Field::Genres => !track.genres.is_empty(),
            Field::Tags => !track.tags.is_empty(),
            Field::Key | Field::Mode => track.key.is_some(),
            Field::Explicit => track.explicit.is_some(),
            Field::Playlist => !track.playlists.is_empty(),
            Field::Liked
            | Field::Added
            | Field::AddedToPlaylist
            | Field::FirstPlayed
            | Field::LastPlayed
            | Field::ReleaseDate => self.instant(track).is_some(),
            _ => self.number(track).is_some(),
        }
    }

    /// The field's number for this condition: pinned, windowed or as the read model has it.
    fn number(&self, track: &RuleTrack) -> Option<f64> {
        let windowed = self.window.map(|window| track.listening_since(window.since));
        match self.field {
            Field::Feature(feature) => {
                let index = RuleTrack::feature_index(feature);
                match self.source {
                    FeatureSource::Pinned(provider) => track
                        .measured
                        .iter()
                        .find(|(measured, _)| *measured == provider)
                        .and_then(|(_, values)| values[index])
                        .map(f64::from),
                    _ => track.features[index].map(|(value, _)| f64::from(value)),
                }
            }
            Field::TimeSignature => track.time_signature.map(f64::from),
            Field::Duration => track.duration_ms.map(|ms| f64::from(ms) / 1000.0),
            Field::ReleaseYear => track.release_year.map(f64::from),
            Field::PlaylistCount => Some(track.playlists.len() as f64),
            Field::Plays => Some(f64::from(windowed.map_or(track.plays, |(plays, _, _)| plays))),
            Field::Skips => Some(f64::from(windowed.map_or(track.skips, |(_, skips, _)| skips))),
            Field::SkipRatio => {
                let (plays, skips) = windowed.map_or((track.plays, track.skips), |(plays, skips, _)| (plays, skips));
                (plays > 0).then(|| f64::from(skips) / f64::from(plays))
            }
            Field::MinutesPlayed => match windowed {
                Some((_, _, ms)) => Some(ms as f64 / 60_000.0),
                None => track.ms_played.map(|ms| ms as f64 / 60_000.0),
            },
            _ => None,
        }
    }

    /// The field's text values: one for a text field (none when missing or empty), every name for the artists.
    fn texts<'a>(&self, track: &'a RuleTrack) -> Vec<&'a str> {
        let one = |text: Option<&'a str>| text.filter(|text| !text.is_empty()).into_iter().collect();
        match self.field {
            Field::Title => one(Some(&track.title)),
            Field::Album => one(Some(&track.album)),
            Field::Label => one(track.label.as_deref()),
            Field::Isrc => one(track.isrc.as_deref()),
            Field::Artists => track.artists.iter().map(String::as_str).filter(|name| !name.is_empty()).collect(),
            _ => Vec::new(),
        }
    }

    fn instant(&self, track: &RuleTrack) -> Option<i64> {
        instant(self.field, track)
    }
}

fn instant(field: Field, track: &RuleTrack) -> Option<i64> {
    match field {
        Field::Liked => track.liked_at,
        Field::Added => track.added_at,
        Field::AddedToPlaylist => track.added_to_playlist_at,
        Field::FirstPlayed => track.first_played_at,
        Field::LastPlayed => track.last_played_at,
        Field::ReleaseDate => track.release_date.map(|day| day.unix_start()),
        _ => None,
    }
}

fn compare_number(op: Op, value: f64, with: f64) -> bool {
    match op {
        Op::Gt => value > with,
        Op::Gte => value >= with,
        Op::Lt => value < with,
        Op::Lte => value <= with,
        _ => value == with,
    }
}

/// A value a set is ordered by.
#[derive(Clone, Debug, PartialEq, PartialOrd)]
enum SortValue {
    Number(f64),
    Text(String),
}

/// The value `track` is ordered by for `field`; None sorts last in either direction.
fn sort_value(field: Field, track: &RuleTrack) -> Option<SortValue> {
    let text =
        |text: Option<&str>| text.filter(|text| !text.is_empty()).map(|text| SortValue::Text(text.to_lowercase()));
    match field {
        Field::Title => text(Some(&track.title)),
        Field::Album => text(Some(&track.album)),
        Field::Artists => text(Some(&track.artists.join(", "))),
        Field::Label => text(track.label.as_deref()),
        Field::Isrc => text(track.isrc.as_deref()),
        // Around the Camelot wheel: 1A, 1B, 2A, …
        Field::Key => track.key.map(|key| {
            SortValue::Number(f64::from(key.camelot_number()) * 2.0 + f64::from(u8::from(key.mode() == Mode::Major)))
        }),
        Field::Liked
        | Field::Added
        | Field::AddedToPlaylist
        | Field::FirstPlayed
        | Field::LastPlayed
        | Field::ReleaseDate => instant(field, track).map(|at| SortValue::Number(at as f64)),
        number => PreparedCondition {
            path: String::new(),
            description: String::new(),
            field: number,
            source: FeatureSource::Effective,
            window: None,
            negate: false,
            test: PreparedTest::Present,
        }
        .number(track)
        .map(SortValue::Number),
    }
}

/// The set's order: each key in turn (unknown values last), then the track id.
fn compare(keys: &[SortKey], a: &RuleTrack, b: &RuleTrack) -> Ordering {
    for key in keys {
        let ordering = match (sort_value(key.field, a), sort_value(key.field, b)) {
            (Some(x), Some(y)) => {
                let ordering = x.partial_cmp(&y).unwrap_or(Ordering::Equal);
                if key.descending { ordering.reverse() } else { ordering }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        if ordering != Ordering::Equal {
            return ordering;
        }
    }
    a.id.cmp(&b.id)
}
