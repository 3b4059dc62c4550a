//! Random rules and random libraries for property tests: here, and in the store's test that the SQL translation
//! agrees with the in-memory evaluator (feature `arbitrary`). Values come from small vocabularies (a few titles,
//! artists, genres, feature values, days) so that random conditions match some tracks and not others, and ties in
//! sort keys are common.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

use super::condition::{Condition, FeatureSource, Node, Op, Operand, PlaylistRef, Span, SpanUnit};
use super::field::{Field, FieldKind};
use super::pattern::Pattern;
use super::track::{DayListening, RuleTrack};
use super::{Combine, Dedupe, Limit, Order, RuleSet, SmartRules, SortKey, Source};
use crate::{AudioFeature, Day, GenreId, GenreTree, Key, Mode, Provider, SpotifyId};

/// The moment random rules are evaluated at: 2026-06-15T12:00:00Z.
pub const NOW: i64 = 1_781_524_800;

/// The playlists random tracks are in and random rules name.
pub const PLAYLISTS: [&str; 3] = ["37i9dQZF1DXcBWIGoYBM5M", "37i9dQZF1DX0XUsuxWHRQd", "4rOoJ6Egrf8K2IrywzwOMk"];

/// Words titles, albums, labels and artists are made of: mixed case, accents, and a space, so case folding and
/// substrings are exercised. (Only letters whose lower case is one letter in both Rust and PostgreSQL.)
const WORDS: [&str; 8] = ["Love", "love", "NIGHT", "Été", "night drive", "Ölfen", "ab", "B"];
const ARTISTS: [&str; 5] = ["Daft Punk", "daft punk", "Émilie", "Bicep", "Röyksopp"];
const TAGS: [&str; 3] = ["warm-up", "peak", "rainy day"];
const FEATURE_VALUES: [f32; 6] = [0.0, 0.1, 0.5, 0.7, 0.70001, 1.0];
const BPMS: [f32; 5] = [90.0, 120.0, 124.5, 128.0, 174.0];

fn genres() -> Vec<GenreId> {
    let tree = GenreTree::get();
    ["electronic", "house", "deep-house", "techno", "rock", "pop"]
        .into_iter()
        .filter_map(|slug| tree.parse_id(slug).ok())
        .collect()
}

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(WORDS.to_vec()).prop_map(str::to_owned)
}

fn text() -> impl Strategy<Value = String> {
    vec(word(), 0..3).prop_map(|words| words.join(" "))
}

fn instant() -> impl Strategy<Value = i64> {
    // From about three years before NOW to NOW, on a few distinct values so that ties happen.
    (0i64..40).prop_map(|step| NOW - step * step * 86_400 - 3_600)
}

fn day_near_now() -> impl Strategy<Value = Day> {
    (0i64..400).prop_map(|back| Day::containing(NOW - back * 86_400).expect("a recent day"))
}

fn key() -> impl Strategy<Value = Key> {
    (0i64..12, 0i64..2).prop_map(|(pitch, mode)| Key::from_numbers(pitch, mode).unwrap().unwrap())
}

fn feature_value(feature: AudioFeature) -> BoxedStrategy<f32> {
    match feature {
        AudioFeature::Tempo => prop::sample::select(BPMS.to_vec()).boxed(),
        AudioFeature::Loudness => prop::sample::select(vec![-60.0f32, -12.5, -6.0, 0.0]).boxed(),
        AudioFeature::Gain => prop::sample::select(vec![-3.5f32, 0.0, 2.25]).boxed(),
        _ => prop::sample::select(FEATURE_VALUES.to_vec()).boxed(),
    }
}

fn features() -> impl Strategy<Value = [Option<f32>; 10]> {
    let each: Vec<_> =
        AudioFeature::ALL.into_iter().map(|feature| option::weighted(0.7, feature_value(feature))).collect();
    each.prop_map(|values| values.try_into().expect("ten features"))
}

fn provider() -> impl Strategy<Value = Provider> {
    prop::sample::select(vec![Provider::ReccoBeats, Provider::Deezer, Provider::Spotify])
}

/// One track; `index` makes its id unique.
fn track(index: usize) -> impl Strategy<Value = RuleTrack> {
    let names =
        (text(), text(), vec(prop::sample::select(ARTISTS.to_vec()), 0..3), option::of(word()), option::of(word()));
    let sound = (
        vec((provider(), features()), 0..3),
        option::of(key()),
        option::of(3i16..8),
        prop::sample::subsequence(genres(), 0..3),
        prop::sample::subsequence(TAGS.to_vec(), 0..3),
    );
    let dates = (
        option::of(instant()),
        option::of(instant()),
        option::of(day_near_now()),
        option::of(any::<bool>()),
        option::of(120_000i32..420_000),
    );
    let listening = (
        vec((day_near_now(), 1u32..4, 0u32..3, prop::sample::select(vec![0i64, 30_000, 200_000])), 0..4),
        prop::sample::subsequence(PLAYLISTS.to_vec(), 0..3),
        any::<bool>(),
    );
    (names, sound, dates, listening).prop_map(move |(names, sound, dates, listening)| {
        let (title, album, artists, label, isrc) = names;
        let (measured, key, time_signature, genres, tags) = sound;
        let (liked_at, listed_at, release_date, explicit, duration_ms) = dates;
        let (mut days, playlists, known_length) = listening;
        days.sort_by_key(|(day, ..)| *day);
        days.dedup_by_key(|(day, ..)| *day);
        let days: Vec<DayListening> = days
            .into_iter()
            .map(|(day, plays, skips, ms)| DayListening {
                day,
                plays,
                skips: skips.min(plays),
                ms_played: if known_length { ms } else { 0 },
            })
            .collect();
        let plays = days.iter().map(|day| day.plays).sum();
        let skips = days.iter().map(|day| day.skips).sum();
        let played = |day: &DayListening| day.day.unix_start() + 3_600;
        // The effective value of each feature: the first measuring provider's.
        let mut effective = [None; 10];
        for (provider, values) in &measured {
            for (slot, value) in effective.iter_mut().zip(values) {
                if slot.is_none() {
                    *slot = value.map(|value| (value, *provider));
                }
            }
        }
        let mut measured_once: Vec<(Provider, [Option<f32>; 10])> = Vec::new();
        for (provider, values) in measured {
            if !measured_once.iter().any(|(seen, _)| *seen == provider) {
                measured_once.push((provider, values));
            }
        }
        measured_once.sort_by_key(|(provider, _)| *provider);
        let mut playlists: Vec<String> = playlists.into_iter().map(str::to_owned).collect();
        playlists.sort();
        let listed_at = listed_at.filter(|_| !playlists.is_empty());
        let first_played_at = days.first().map(played);
        let liked_at = liked_at.or(if playlists.is_empty() && days.is_empty() { Some(NOW - 86_400) } else { None });
        RuleTrack {
            id: format!("t{index:03}"),
            title,
            album,
            artist_ids: artists.iter().map(|name| format!("a-{}", name.to_lowercase().replace(' ', "-"))).collect(),
            artists: artists.into_iter().map(str::to_owned).collect(),
            label,
            isrc: isrc.map(|word| format!("GB{}", word.to_uppercase().len())),
            features: effective,
            measured: measured_once,
            key,
            time_signature,
            genres,
            tags: tags.into_iter().map(str::to_owned).collect(),
            duration_ms,
            release_year: release_date.map(|day| day.year() as i16),
            release_date,
            explicit,
            liked_at,
            added_at: liked_at.or(listed_at).or(first_played_at),
            added_to_playlist_at: listed_at,
            first_played_at,
            last_played_at: days.last().map(played),
            plays,
            skips,
            ms_played: (plays > 0 && known_length).then(|| days.iter().map(|day| day.ms_played).sum()),
            playlists,
            days,
        }
    })
}

/// A library of up to `most` tracks.
pub fn library(most: usize) -> impl Strategy<Value = Vec<RuleTrack>> {
    (0..=most).prop_flat_map(|count| (0..count).map(track).collect::<Vec<_>>())
}

fn span() -> impl Strategy<Value = Span> {
    (1u32..20, prop::sample::select(SpanUnit::ALL.to_vec())).prop_map(|(count, unit)| Span { count, unit })
}

fn number(field: Field) -> BoxedStrategy<f64> {
    match field {
        Field::Feature(AudioFeature::Tempo) => prop::sample::select(vec![0.0, 120.0, 124.5, 128.0, 130.0]).boxed(),
        Field::Feature(AudioFeature::Loudness) => prop::sample::select(vec![-60.0, -12.5, -6.0]).boxed(),
        Field::Feature(AudioFeature::Gain) => prop::sample::select(vec![-3.5, 0.0, 1.0]).boxed(),
        Field::Feature(_) | Field::SkipRatio => prop::sample::select(vec![0.0, 0.1, 0.5, 0.7, 0.70001, 1.0]).boxed(),
        Field::TimeSignature => (3i32..8).prop_map(f64::from).boxed(),
        Field::Duration => prop::sample::select(vec![120.0, 200.0, 300.5]).boxed(),
        Field::ReleaseYear => (2024i32..2027).prop_map(f64::from).boxed(),
        Field::MinutesPlayed => prop::sample::select(vec![0.0, 0.5, 3.0, 5.0]).boxed(),
        _ => (0i32..6).prop_map(f64::from).boxed(),
    }
}

fn playlist_ref() -> impl Strategy<Value = PlaylistRef> {
    prop_oneof![
        4 => prop::sample::select(PLAYLISTS.to_vec()).prop_map(|id| PlaylistRef::Spotify(SpotifyId::parse(id).unwrap())),
        1 => (1i64..3).prop_map(PlaylistRef::Smart),
    ]
}

fn operand(field: Field, op: Op) -> BoxedStrategy<Operand> {
    let texts = || vec(word(), 1..3).prop_map(|words| words.join(" "));
    match (field.kind(), op) {
        (_, Op::IsMissing | Op::IsPresent) => Just(Operand::Nothing).boxed(),
        (FieldKind::Number, Op::Between) => {
            (number(field), number(field)).prop_map(|(a, b)| Operand::Numbers(a.min(b), a.max(b))).boxed()
        }
        (FieldKind::Number, _) => number(field).prop_map(Operand::Number).boxed(),
        (FieldKind::Text | FieldKind::Names, Op::Matches) => {
            prop::sample::select(vec!["^love", "night$", "é", "^(ab|b)$", r"\d", "Ö.f", "o+v"])
                .prop_map(|pattern| Operand::Pattern(Pattern::parse(pattern).unwrap()))
                .boxed()
        }
        (FieldKind::Names, Op::AnyOf | Op::AllOf | Op::NoneOf) => prop::sample::subsequence(ARTISTS.to_vec(), 1..3)
            .prop_map(|names| Operand::Texts(names.into_iter().map(str::to_owned).collect()))
            .boxed(),
        (FieldKind::Names, _) => prop_oneof![
            prop::sample::select(ARTISTS.to_vec()).prop_map(str::to_owned),
            prop::sample::select(vec!["DAFT", "punk", "é", "ilie"]).prop_map(str::to_owned),
        ]
        .prop_map(Operand::Text)
        .boxed(),
        (FieldKind::Text, _) => {
            prop_oneof![texts(), prop::sample::select(vec!["lo", "É", "T", "GB"]).prop_map(str::to_owned)]
                .prop_map(Operand::Text)
                .boxed()
        }
        (FieldKind::List, _) if field == Field::Genres => {
            prop::sample::subsequence(genres(), 1..3).prop_map(Operand::Genres).boxed()
        }
        (FieldKind::List, _) => prop::sample::subsequence(TAGS.to_vec(), 1..3)
            .prop_map(|tags| Operand::Texts(tags.into_iter().map(str::to_owned).collect()))
            .boxed(),
        (FieldKind::Key, Op::AnyOf | Op::NoneOf) => vec(key(), 1..4)
            .prop_map(|keys| {
                let mut distinct = Vec::new();
                for key in keys {
                    if !distinct.contains(&key) {
                        distinct.push(key);
                    }
                }
                Operand::Keys(distinct)
            })
            .boxed(),
        (FieldKind::Key, _) => key().prop_map(Operand::Key).boxed(),
        (FieldKind::Mode, _) => prop::sample::select(vec![Mode::Major, Mode::Minor]).prop_map(Operand::Mode).boxed(),
        (FieldKind::Flag, _) => any::<bool>().prop_map(Operand::Flag).boxed(),
        (FieldKind::Date, Op::InLast | Op::NotInLast) => span().prop_map(Operand::Span).boxed(),
        (FieldKind::Date, Op::Between) => {
            (day_near_now(), day_near_now()).prop_map(|(a, b)| Operand::Days(a.min(b), a.max(b))).boxed()
        }
        (FieldKind::Date, _) => day_near_now().prop_map(Operand::Day).boxed(),
        (FieldKind::Membership, _) => playlist_ref().prop_map(Operand::Playlist).boxed(),
    }
}

/// A condition on any field, with an operator and value that fit it.
pub fn condition() -> impl Strategy<Value = Condition> {
    prop::sample::select(Field::ALL.to_vec())
        .prop_flat_map(|field| (Just(field), prop::sample::select(Op::for_kind(field.kind()).to_vec())))
        .prop_flat_map(|(field, op)| {
            let source = if field.has_sources() {
                prop_oneof![
                    3 => Just(FeatureSource::Effective),
                    1 => provider().prop_map(FeatureSource::Pinned),
                    1 => Just(FeatureSource::Calibrated),
                ]
                .boxed()
            } else {
                Just(FeatureSource::Effective).boxed()
            };
            let window = if field.has_window() { option::of(span()).boxed() } else { Just(None).boxed() };
            (Just(field), source, window, Just(op), operand(field, op))
        })
        .prop_map(|(field, source, window, op, value)| Condition { field, source, window, op, value })
}

/// A tree of conditions, groups and `not` a few levels deep.
pub fn node() -> impl Strategy<Value = Node> {
    condition().prop_map(Node::Condition).prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Node::All),
            vec(inner.clone(), 0..4).prop_map(Node::Any),
            inner.prop_map(|child| Node::Not(Box::new(child))),
        ]
    })
}

fn limit() -> impl Strategy<Value = Limit> {
    prop_oneof![(1u32..30).prop_map(Limit::Items), (1u32..40).prop_map(Limit::Minutes), Just(Limit::Hours(1))]
}

fn order() -> impl Strategy<Value = Order> {
    let sortable: Vec<Field> = Field::ALL.into_iter().filter(|field| field.is_sortable()).collect();
    prop_oneof![
        1 => Just(Order::Random),
        4 => vec((prop::sample::select(sortable), any::<bool>()), 0..3)
            .prop_map(|keys| Order::Keys(keys.into_iter().map(|(field, descending)| SortKey { field, descending }).collect())),
    ]
}

fn source() -> impl Strategy<Value = Source> {
    prop_oneof![
        3 => Just(Source::Library),
        1 => Just(Source::Liked),
        1 => Just(Source::History),
        1 => playlist_ref().prop_map(Source::Playlist),
    ]
}

fn set() -> impl Strategy<Value = RuleSet> {
    (vec(source(), 1..3), node(), order(), option::weighted(0.3, limit())).prop_map(
        |(mut sources, matching, order, limit)| {
            sources.sort();
            sources.dedup();
            RuleSet { sources, matching, order, limit }
        },
    )
}

/// A whole rule: one to three sets and the steps after matching.
pub fn rules() -> impl Strategy<Value = SmartRules> {
    (
        vec(set(), 1..4),
        prop::sample::select(vec![Combine::Concatenate, Combine::Alternate]),
        prop::sample::select(vec![Dedupe::Id, Dedupe::Isrc]),
        option::weighted(0.3, 1u32..4),
        option::weighted(0.3, 0u32..3),
        option::weighted(0.4, limit()),
    )
        .prop_map(|(sets, combine, dedupe, per_artist, separation, limit)| SmartRules {
            sets,
            combine,
            dedupe,
            per_artist,
            separation,
            limit,
        })
}
