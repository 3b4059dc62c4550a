//! What Discover starts from: one track ("more like this"), a playlist ("continue this playlist"), the user's
//! listening, or a golden category of the curation board. Each is a set of weighted tracks; its query is their
//! weighted mean point, scaled to length 1, and its profile their genres, labels and artists.
//!
//! The weights say what the user means. Continuing a playlist should follow where it ends, so a track weighs half as
//! much every [`END_HALF_LIFE_TRACKS`] back from the end; so that the playlist's character is not lost, the playlist
//! as a whole counts as one track more, spread over all its tracks. A taste is what the user plays
//! now: a play weighs half as much every [`HALF_LIFE_DAYS`], and a skip counts against its track, half as much as a
//! play, since a skip is as often about the moment as about the track. A track skipped more than played pulls the
//! query away from its sound but adds nothing to the profile: an unwanted label is no reason to avoid a label.

use super::reason::Member;
use super::score::{self, Profile};
use super::vector::{DIM, TrackVector, unit};
use super::{DiscoverTrack, FeatureScale};
use crate::GoldenTrack;

/// Plays this many days old weigh half as much as today's. The library's read model keeps each track's plays
/// summed with this half-life (migration `20261210000001_discover.sql`).
pub const TASTE_HALF_LIFE_DAYS: f64 = 60.0;
/// A skip's weight against a play's.
const SKIP_WEIGHT: f64 = 0.5;
/// About the last twenty minutes of a set.
const END_HALF_LIFE_TRACKS: f64 = 4.0;

/// What a seed is, for the reason's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SeedKind {
    Track,
    Playlist,
    /// The user's plays.
    Taste,
    /// A golden category of the board ("Peak Time").
    Category(String),
}

/// A play of one of the tracks given with it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SeedPlay {
    /// The track's position among the tracks.
    pub track: usize,
    /// How long ago it was played; less than 0 (a clock ahead) or not a number counts as today.
    pub days_ago: f64,
    /// Whether the user skipped it.
    pub skipped: bool,
}

/// A track's plays and skips, each counted by its [`recency`]: what a taste is made of. Summing per track lets
/// the library keep a taste without reading every play again.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RecentPlays {
    /// The track's position among the tracks.
    pub track: usize,
    pub played: f64,
    pub skipped: f64,
}

impl RecentPlays {
    /// The `plays` summed per track.
    pub fn of_plays(plays: &[SeedPlay]) -> Vec<RecentPlays> {
        let mut by_track: Vec<RecentPlays> = Vec::new();
        for play in plays {
            let at = match by_track.binary_search_by_key(&play.track, |recent| recent.track) {
                Ok(at) => at,
                Err(at) => {
                    by_track.insert(at, RecentPlays { track: play.track, ..RecentPlays::default() });
                    at
                }
            };
            let counted = recency(play.days_ago);
            if play.skipped {
                by_track[at].skipped += counted;
            } else {
                by_track[at].played += counted;
            }
        }
        by_track
    }
}

/// What a play `days_ago` counts for: 1 today, half every [`TASTE_HALF_LIFE_DAYS`]. Less than 0 (a clock ahead)
/// or not a number counts as today.
pub fn recency(days_ago: f64) -> f64 {
    0.5f64.powf(days_ago.max(0.0) / TASTE_HALF_LIFE_DAYS)
}

/// The start of a Discover list.
#[derive(Clone, Debug, PartialEq)]
pub struct Seed {
    kind: SeedKind,
    query: TrackVector,
    profile: Profile,
    /// The tracks that weigh more than 0, for the reason.
    members: Vec<Member>,
}

impl Seed {
    /// "More like this".
    pub fn track(scale: &FeatureScale, track: &DiscoverTrack) -> Seed {
        Seed::weighed(SeedKind::Track, scale, [(track, 1.0)])
    }

    /// "Continue this playlist": `tracks` in the playlist's order.
    pub fn playlist(scale: &FeatureScale, tracks: &[DiscoverTrack]) -> Seed {
        let whole = 1.0 / tracks.len() as f64;
        let weighed = tracks
            .iter()
            .rev()
            .enumerate()
            .map(|(from_end, track)| (track, 0.5f64.powf(from_end as f64 / END_HALF_LIFE_TRACKS) + whole));
        Seed::weighed(SeedKind::Playlist, scale, weighed)
    }

    /// The user's taste: `plays` of `tracks`. Plays of positions past the end of `tracks` are left out.
    pub fn taste(scale: &FeatureScale, tracks: &[DiscoverTrack], plays: &[SeedPlay]) -> Seed {
        Seed::taste_of(scale, tracks, &RecentPlays::of_plays(plays))
    }

    /// The user's taste from what they played of `tracks`, summed per track.
    pub fn taste_of(scale: &FeatureScale, tracks: &[DiscoverTrack], recent: &[RecentPlays]) -> Seed {
        let mut weights = vec![0.0; tracks.len()];
        for plays in recent {
            if let Some(weight) = weights.get_mut(plays.track) {
                *weight += plays.played - SKIP_WEIGHT * plays.skipped;
            }
        }
        Seed::weighed(SeedKind::Taste, scale, tracks.iter().zip(weights))
    }

    /// The tracks of the golden playlist of `category`, each counting alike, as on the board.
    pub fn category(scale: &FeatureScale, golden: &[GoldenTrack], category: &str) -> Seed {
        let tracks: Vec<DiscoverTrack> =
            golden.iter().filter(|golden| golden.category == category).map(|golden| (&golden.track).into()).collect();
        Seed::weighed(SeedKind::Category(category.to_owned()), scale, tracks.iter().map(|track| (track, 1.0)))
    }

    pub fn kind(&self) -> &SeedKind {
        &self.kind
    }

    /// The point the nearest tracks are searched around: length 1, or 0 when nothing is known of the seed's
    /// sound.
    pub fn query(&self) -> &TrackVector {
        &self.query
    }

    /// How alike the track with `vector` is to the seed, from 0 to 1.
    pub(super) fn score(&self, vector: &TrackVector, track: &DiscoverTrack) -> f64 {
        score::score(&self.query, &self.profile, vector, track)
    }

    pub(super) fn profile(&self) -> &Profile {
        &self.profile
    }

    pub(super) fn members(&self) -> &[Member] {
        &self.members
    }

    fn weighed<'a>(
        kind: SeedKind,
        scale: &FeatureScale,
        tracks: impl IntoIterator<Item = (&'a DiscoverTrack, f64)>,
    ) -> Seed {
        let mut sum = [0.0f64; DIM];
        let mut wanted = Vec::new();
        for (track, weight) in tracks {
            if !weight.is_finite() || weight == 0.0 {
                continue;
            }
            for (total, part) in sum.iter_mut().zip(scale.vector(track)) {
                *total += weight * f64::from(part);
            }
            if weight > 0.0 {
                wanted.push((track, weight));
            }
        }
        Seed {
            kind,
            query: unit(sum),
            profile: Profile::of(wanted.iter().copied()),
            members: wanted.iter().map(|(track, weight)| Member::of(track, *weight)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::vector::tests::{discover_track, length};
    use super::super::vector::{dot, is_blank};
    use super::*;
    use crate::TasteTrack;

    fn at(bpm: f64) -> DiscoverTrack {
        DiscoverTrack { bpm: Some(bpm), ..DiscoverTrack::default() }
    }

    fn nearer(seed: &Seed, scale: &FeatureScale, to: f64, than: f64) -> bool {
        dot(seed.query(), &scale.vector(&at(to))) > dot(seed.query(), &scale.vector(&at(than)))
    }

    #[test]
    fn a_track_seed_is_the_tracks_own_point() {
        let scale = FeatureScale::fit(&[]);
        let seed = Seed::track(&scale, &at(128.0));
        assert!((dot(seed.query(), &scale.vector(&at(128.0))) - 1.0).abs() < 1e-6);
        assert_eq!(seed.kind(), &SeedKind::Track);
    }

    #[test]
    fn a_playlist_seed_leans_to_where_the_playlist_ends() {
        let scale = FeatureScale::fit(&[]);
        let warm_up_to_peak: Vec<DiscoverTrack> = [120.0; 10].into_iter().chain([132.0; 4]).map(at).collect();
        let seed = Seed::playlist(&scale, &warm_up_to_peak);
        assert!(nearer(&seed, &scale, 132.0, 120.0), "the last four weigh more than the ten before");
        assert_eq!(seed.members().len(), 14);
        assert!(is_blank(Seed::playlist(&scale, &[]).query()));
    }

    #[test]
    fn a_taste_follows_recent_plays_and_skips_push_away() {
        let scale = FeatureScale::fit(&[]);
        let tracks = [at(100.0), at(128.0), at(140.0)];
        let play = |track: usize, days_ago: f64, skipped: bool| SeedPlay { track, days_ago, skipped };
        let old_favourite = [play(0, 365.0, false), play(0, 360.0, false), play(1, 2.0, false), play(7, 0.0, false)];
        let seed = Seed::taste(&scale, &tracks, &old_favourite);
        assert!(nearer(&seed, &scale, 128.0, 100.0), "two plays a year ago weigh less than one this week");
        assert_eq!(seed.members().len(), 2, "the play of a track not given is left out");
        let skipped = Seed::taste(&scale, &tracks, &[play(1, 0.0, false), play(2, 0.0, true), play(2, 1.0, true)]);
        assert_eq!(skipped.members().len(), 1, "a track skipped more than played is no member");
        assert!(nearer(&skipped, &scale, 128.0, 140.0));
        assert!(
            dot(skipped.query(), &scale.vector(&at(140.0))) < dot(&scale.vector(&at(128.0)), &scale.vector(&at(140.0)))
        );
    }

    #[test]
    fn plays_summed_per_track_count_by_recency() {
        let play = |track: usize, days_ago: f64, skipped: bool| SeedPlay { track, days_ago, skipped };
        let summed = RecentPlays::of_plays(&[play(3, 0.0, false), play(1, 60.0, true), play(3, 120.0, false)]);
        assert_eq!(
            summed,
            [RecentPlays { track: 1, played: 0.0, skipped: 0.5 }, RecentPlays { track: 3, played: 1.25, skipped: 0.0 }]
        );
        assert!((recency(-3.0) - 1.0).abs() < f64::EPSILON && (recency(f64::NAN) - 1.0).abs() < f64::EPSILON);
    }

    #[test]
    fn a_category_seed_holds_the_golden_tracks_of_that_category_only() {
        let scale = FeatureScale::fit(&[]);
        let golden = |category: &str, bpm: f64| GoldenTrack {
            category: category.into(),
            track: TasteTrack { bpm: Some(bpm), ..TasteTrack::default() },
        };
        let board = [golden("Peak Time", 132.0), golden("Warm-up", 118.0), golden("Peak Time", 130.0)];
        let seed = Seed::category(&scale, &board, "Peak Time");
        assert_eq!(seed.kind(), &SeedKind::Category("Peak Time".into()));
        assert_eq!(seed.members().len(), 2);
        assert!(nearer(&seed, &scale, 131.0, 118.0));
    }

    proptest! {
        #[test]
        fn every_seed_is_finite_and_of_length_1_or_0(
            tracks in prop::collection::vec(discover_track(), 0..10),
            plays in prop::collection::vec((0usize..12, -5.0f64..1000.0, any::<bool>()), 0..20),
            category in prop::sample::select(vec!["Peak Time", "Warm-up"]),
        ) {
            let scale = FeatureScale::fit(&tracks);
            let plays: Vec<SeedPlay> =
                plays.into_iter().map(|(track, days_ago, skipped)| SeedPlay { track, days_ago, skipped }).collect();
            let golden: Vec<GoldenTrack> = tracks
                .iter()
                .enumerate()
                .map(|(at, track)| GoldenTrack {
                    category: if at % 2 == 0 { "Peak Time" } else { "Warm-up" }.into(),
                    track: TasteTrack { bpm: track.bpm, key: track.key, energy: track.energy, ..TasteTrack::default() },
                })
                .collect();
            let mut seeds = vec![
                Seed::playlist(&scale, &tracks),
                Seed::taste(&scale, &tracks, &plays),
                Seed::category(&scale, &golden, category),
            ];
            seeds.extend(tracks.iter().map(|track| Seed::track(&scale, track)));
            for seed in seeds {
                let query = seed.query();
                prop_assert!(query.iter().all(|part| part.is_finite()));
                prop_assert!(is_blank(query) || (length(query) - 1.0).abs() < 1e-5, "{:?}", query);
            }
        }
    }
}
