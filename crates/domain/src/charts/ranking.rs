//! Merging one genre's charts of one day, from several services, into one ranking: each recording keeps its best
//! position on each service, and a [`RankingMethod`] turns those positions into one order.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::ChartService;

/// One service's chart position for a recording on the chart day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placing<K> {
    /// Whatever identifies the recording (the store's recording id), so two ISRCs of one recording meet.
    pub recording: K,
    pub service: ChartService,
    /// 1 for the top of the chart.
    pub position: u32,
}

/// How many entries a service's chart had on the chart day: what Borda points count from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartLength {
    pub service: ChartService,
    pub entries: u32,
}

/// How the merged chart orders recordings that are on different services at different positions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RankingMethod {
    /// More services first, then the lower sum of positions: the original aggregator's rule.
    #[default]
    ServicesThenPositions,
    /// Points from each service by position, none from a service the recording is absent from; more points first.
    Borda,
    /// The mean position over the services the recording is on; lower first. Unlike the other two, it judges a
    /// recording on one service by that position alone.
    AverageRank,
}

impl RankingMethod {
    pub const ALL: [RankingMethod; 3] =
        [RankingMethod::ServicesThenPositions, RankingMethod::Borda, RankingMethod::AverageRank];

    /// The code stored with a choice and used in addresses.
    pub fn code(self) -> &'static str {
        match self {
            RankingMethod::ServicesThenPositions => "services-then-positions",
            RankingMethod::Borda => "borda",
            RankingMethod::AverageRank => "average-rank",
        }
    }

    pub fn parse(code: &str) -> Option<RankingMethod> {
        RankingMethod::ALL.into_iter().find(|method| method.code() == code)
    }

    /// The method a page or the API was asked for: the default when none, else its code, or what is wrong in words.
    pub fn read(code: Option<&str>) -> Result<RankingMethod, String> {
        match code.map(str::trim).filter(|code| !code.is_empty()) {
            None => Ok(RankingMethod::default()),
            Some(code) => RankingMethod::parse(code).ok_or_else(|| {
                let known: Vec<&str> = RankingMethod::ALL.iter().map(|method| method.code()).collect();
                format!("not a ranking method (one of {})", known.join(", "))
            }),
        }
    }

    /// The method's name on the chart page's picker.
    pub fn name(self) -> &'static str {
        match self {
            RankingMethod::ServicesThenPositions => "Services, then positions",
            RankingMethod::Borda => "Borda points",
            RankingMethod::AverageRank => "Average rank",
        }
    }

    /// How the order is made, in one sentence for the chart page.
    pub fn describe(self) -> &'static str {
        match self {
            RankingMethod::ServicesThenPositions => {
                "Tracks on more services come first, and among tracks on as many services the lower sum of chart \
                 positions comes first; ties go to the better best position."
            }
            RankingMethod::Borda => {
                "Each service's chart of N entries gives a track N points at #1, N − 1 at #2 and so on down to 1 \
                 point for its last entry, and none when the track is not on it; more points come first, and ties go \
                 to the better best position."
            }
            RankingMethod::AverageRank => {
                "A track's positions are averaged over the services it is on, so a track on one service is judged by \
                 that position alone; the lower average comes first, and ties go to the better best position, then to \
                 more services."
            }
        }
    }
}

/// A recording's place on the merged chart.
#[derive(Clone, Debug, PartialEq)]
pub struct MergedEntry<K> {
    /// 1 for the top; every entry has a rank of its own, ties being broken as [`merge_charts`] says.
    pub rank: u32,
    pub recording: K,
    /// The recording's best position on each service it is on, in the order of [`ChartService::ALL`].
    pub positions: Vec<(ChartService, u32)>,
    /// What the method orders by: the sum of positions (services then positions, shown beside the number of
    /// services), the Borda points, or the average rank.
    pub score: f64,
}

/// Merges one genre's charts of one day into one ranking by `method`.
///
/// A recording placed twice on a service (two ISRCs of one recording) keeps its best position there. A chart counts
/// as long as its [`ChartLength`] says or as its lowest placing, whichever is longer, and a position 0 is read as 1,
/// so bad data neither panics nor gives negative points; a chart with no entries counts as not published. Ties on the
/// method's score go to the better best single position, then to more services, then to the lower recording key, so
/// the order never depends on the order of the input.
pub fn merge_charts<K: Clone + Ord>(
    placings: &[Placing<K>],
    lengths: &[ChartLength],
    method: RankingMethod,
) -> Vec<MergedEntry<K>> {
    let charts = chart_lengths(placings, lengths);
    let mut best: BTreeMap<&K, BTreeMap<ChartService, u32>> = BTreeMap::new();
    for placing in placings {
        let position = placing.position.max(1);
        let kept = best.entry(&placing.recording).or_default().entry(placing.service).or_insert(position);
        *kept = (*kept).min(position);
    }
    let mut tallies: Vec<Tally<'_, K>> =
        best.into_iter().map(|(recording, positions)| Tally::new(recording, positions, &charts)).collect();
    tallies.sort_by(|a, b| a.compare(b, method));
    tallies
        .into_iter()
        .zip(1..)
        .map(|(tally, rank)| MergedEntry {
            rank,
            recording: tally.recording.clone(),
            score: match method {
                RankingMethod::ServicesThenPositions => tally.position_sum as f64,
                RankingMethod::Borda => tally.points as f64,
                RankingMethod::AverageRank => tally.position_sum as f64 / tally.positions.len() as f64,
            },
            positions: tally.positions,
        })
        .collect()
}

/// Each published chart's length: the longer of the stated length and the lowest placing on it.
fn chart_lengths<K>(placings: &[Placing<K>], lengths: &[ChartLength]) -> BTreeMap<ChartService, u32> {
    let mut charts = BTreeMap::new();
    let stated = lengths.iter().map(|length| (length.service, length.entries));
    let reached = placings.iter().map(|placing| (placing.service, placing.position.max(1)));
    for (service, entries) in stated.chain(reached) {
        let longest = charts.entry(service).or_insert(entries);
        *longest = (*longest).max(entries);
    }
    charts.retain(|_, entries| *entries > 0);
    charts
}

/// A recording's figures under every method, from its best position on each service.
struct Tally<'a, K> {
    recording: &'a K,
    positions: Vec<(ChartService, u32)>,
    best: u32,
    position_sum: u64,
    points: u64,
}

impl<'a, K: Ord> Tally<'a, K> {
    fn new(recording: &'a K, positions: BTreeMap<ChartService, u32>, charts: &BTreeMap<ChartService, u32>) -> Self {
        let mut tally = Tally {
            recording,
            positions: Vec::with_capacity(positions.len()),
            best: u32::MAX,
            position_sum: 0,
            points: 0,
        };
        for (&service, &entries) in charts {
            if let Some(&position) = positions.get(&service) {
                tally.positions.push((service, position));
                tally.best = tally.best.min(position);
                tally.position_sum += u64::from(position);
                // Every placing made its chart at least as long as its position, so this is at least 1.
                tally.points += u64::from(entries - position) + 1;
            }
        }
        tally
    }

    /// Better first.
    fn compare(&self, other: &Self, method: RankingMethod) -> Ordering {
        let by_score = match method {
            RankingMethod::ServicesThenPositions => {
                other.positions.len().cmp(&self.positions.len()).then(self.position_sum.cmp(&other.position_sum))
            }
            RankingMethod::Borda => other.points.cmp(&self.points),
            // The means compared exactly, as products of whole numbers: a/n < b/m when a·m < b·n.
            RankingMethod::AverageRank => (u128::from(self.position_sum) * other.positions.len() as u128)
                .cmp(&(u128::from(other.position_sum) * self.positions.len() as u128)),
        };
        by_score
            .then(self.best.cmp(&other.best))
            .then(other.positions.len().cmp(&self.positions.len()))
            .then(self.recording.cmp(other.recording))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use ChartService::{AppleMusic, Deezer, Shazam, Spotify, YouTube};

    fn placing(recording: u32, service: ChartService, position: u32) -> Placing<u32> {
        Placing { recording, service, position }
    }

    fn charts_of(entries: u32, services: &[ChartService]) -> Vec<ChartLength> {
        services.iter().map(|&service| ChartLength { service, entries }).collect()
    }

    fn order(merged: &[MergedEntry<u32>]) -> Vec<u32> {
        merged.iter().map(|entry| entry.recording).collect()
    }

    #[test]
    fn every_code_reads_back_and_the_original_rule_is_the_default() {
        for method in RankingMethod::ALL {
            assert_eq!(RankingMethod::parse(method.code()), Some(method));
            assert!(!method.name().is_empty() && method.describe().ends_with('.'));
        }
        assert_eq!(RankingMethod::parse("Borda"), None);
        assert_eq!(RankingMethod::default(), RankingMethod::ServicesThenPositions);
    }

    #[test]
    fn nothing_merges_into_nothing() {
        for method in RankingMethod::ALL {
            assert_eq!(merge_charts::<u32>(&[], &charts_of(50, &[Spotify, Deezer]), method), []);
        }
    }

    #[test]
    fn services_then_positions_puts_more_services_first_then_the_lower_sum() {
        let lengths = charts_of(50, &[Spotify, AppleMusic, Deezer]);
        let placings = [
            placing(1, Spotify, 1),
            placing(1, AppleMusic, 1),
            placing(2, Spotify, 45),
            placing(2, AppleMusic, 45),
            placing(2, Deezer, 45),
            placing(3, Spotify, 2),
            placing(3, Deezer, 3),
        ];
        let merged = merge_charts(&placings, &lengths, RankingMethod::ServicesThenPositions);
        assert_eq!(order(&merged), [2, 1, 3]);
        assert_eq!(merged.iter().map(|entry| entry.score).collect::<Vec<_>>(), [135.0, 2.0, 5.0]);
        assert_eq!(merged.iter().map(|entry| entry.rank).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(merged[0].positions, [(Spotify, 45), (AppleMusic, 45), (Deezer, 45)]);
    }

    #[test]
    fn borda_counts_points_by_chart_length_and_nothing_for_absence() {
        let lengths = [ChartLength { service: Spotify, entries: 50 }, ChartLength { service: Deezer, entries: 10 }];
        let placings = [
            placing(1, Spotify, 1),
            placing(1, Deezer, 1),
            placing(2, Spotify, 45),
            placing(2, Deezer, 9),
            placing(3, Deezer, 1),
        ];
        let merged = merge_charts(&placings, &lengths, RankingMethod::Borda);
        assert_eq!(order(&merged), [1, 3, 2], "#1 of 10 is worth more than #45 of 50 and #9 of 10");
        assert_eq!(merged.iter().map(|entry| entry.score).collect::<Vec<_>>(), [60.0, 10.0, 8.0]);
    }

    #[test]
    fn average_rank_averages_the_services_a_recording_is_on() {
        let lengths = [ChartLength { service: Spotify, entries: 50 }, ChartLength { service: Deezer, entries: 10 }];
        let placings = [
            placing(1, Spotify, 20),
            placing(2, Deezer, 1),
            placing(3, Spotify, 30),
            placing(3, Deezer, 10),
            placing(4, Spotify, 1),
            placing(4, Deezer, 1),
        ];
        let merged = merge_charts(&placings, &lengths, RankingMethod::AverageRank);
        assert_eq!(order(&merged), [4, 2, 3, 1], "a tie at 1 goes to the recording on more services");
        assert_eq!(merged.iter().map(|entry| entry.score).collect::<Vec<_>>(), [1.0, 1.0, 20.0, 20.0]);
    }

    #[test]
    fn the_methods_weigh_a_single_number_one_against_a_steady_top_ten_differently() {
        let five = [Spotify, AppleMusic, Deezer, Shazam, YouTube];
        let mut placings = vec![placing(1, Spotify, 1)];
        placings.extend(five.iter().map(|&service| placing(2, service, 10)));
        let merged = |method| order(&merge_charts(&placings, &charts_of(50, &five), method));
        assert_eq!(merged(RankingMethod::ServicesThenPositions), [2, 1], "on five services against one");
        assert_eq!(merged(RankingMethod::Borda), [2, 1], "205 points against 50");
        assert_eq!(merged(RankingMethod::AverageRank), [1, 2], "an average of 1 against 10");

        let three = [Spotify, AppleMusic, Deezer];
        let mut placings = vec![placing(1, Spotify, 1), placing(1, AppleMusic, 1)];
        placings.extend(three.iter().map(|&service| placing(2, service, 45)));
        let merged = |method| order(&merge_charts(&placings, &charts_of(50, &three), method));
        assert_eq!(merged(RankingMethod::ServicesThenPositions), [2, 1], "on all three services");
        assert_eq!(merged(RankingMethod::Borda), [1, 2], "100 points against 18");
        assert_eq!(merged(RankingMethod::AverageRank), [1, 2], "1 against 45");
    }

    #[test]
    fn a_recording_placed_twice_on_a_service_keeps_its_best_position() {
        let lengths = charts_of(20, &[Spotify, Deezer]);
        let placings = [placing(7, Spotify, 9), placing(8, Spotify, 4), placing(7, Spotify, 3), placing(7, Deezer, 5)];
        for method in RankingMethod::ALL {
            let merged = merge_charts(&placings, &lengths, method);
            assert_eq!(order(&merged), [7, 8], "{method:?}");
            assert_eq!(merged[0].positions, [(Spotify, 3), (Deezer, 5)]);
        }
        assert_eq!(merge_charts(&placings, &lengths, RankingMethod::ServicesThenPositions)[0].score, 8.0);
        assert_eq!(merge_charts(&placings, &lengths, RankingMethod::Borda)[0].score, 18.0 + 16.0);
    }

    #[test]
    fn ties_go_to_the_best_single_position_then_more_services_then_the_recording() {
        let lengths = charts_of(10, &[Spotify, Deezer]);
        let placings = [placing(1, Spotify, 6), placing(1, Deezer, 6), placing(2, Deezer, 1)];
        let merged = merge_charts(&placings, &lengths, RankingMethod::Borda);
        assert_eq!(order(&merged), [2, 1]);
        assert_eq!(merged[0].score, merged[1].score, "10 points each");

        let placings = [placing(4, Spotify, 2), placing(4, Deezer, 3), placing(3, Spotify, 3), placing(3, Deezer, 2)];
        for method in RankingMethod::ALL {
            assert_eq!(order(&merge_charts(&placings, &lengths, method)), [3, 4], "{method:?}");
        }
    }

    #[test]
    fn positions_beyond_the_stated_length_or_of_an_unstated_chart_lengthen_it() {
        let lengths = [ChartLength { service: Spotify, entries: 3 }, ChartLength { service: Shazam, entries: 0 }];
        let placings = [placing(1, Spotify, 5), placing(2, Spotify, 0), placing(3, Deezer, 4)];
        let borda = merge_charts(&placings, &lengths, RankingMethod::Borda);
        assert_eq!(order(&borda), [2, 3, 1]);
        assert_eq!(borda[0].positions, [(Spotify, 1)], "position 0 is read as the top");
        assert_eq!(borda.iter().map(|entry| entry.score).collect::<Vec<_>>(), [5.0, 1.0, 1.0]);
        let average = merge_charts(&placings, &lengths, RankingMethod::AverageRank);
        assert_eq!(average.iter().map(|entry| entry.score).collect::<Vec<_>>(), [1.0, 4.0, 5.0]);
    }

    fn placings() -> impl Strategy<Value = Vec<Placing<u8>>> {
        prop::collection::vec((0_u8..10, 0_usize..4, 0_u32..25), 0..40).prop_map(|rows| {
            rows.into_iter()
                .map(|(recording, service, position)| Placing {
                    recording,
                    service: ChartService::ALL[service],
                    position,
                })
                .collect()
        })
    }

    fn lengths() -> impl Strategy<Value = Vec<ChartLength>> {
        prop::collection::vec((0_usize..5, 0_u32..25), 0..6).prop_map(|rows| {
            rows.into_iter()
                .map(|(service, entries)| ChartLength { service: ChartService::ALL[service], entries })
                .collect()
        })
    }

    /// `a` is on every service `b` is on, at the same position or better.
    fn dominates(a: &[(ChartService, u32)], b: &[(ChartService, u32)]) -> bool {
        b.iter().all(|(service, theirs)| a.iter().any(|(own, ours)| own == service && ours <= theirs))
    }

    /// Whether being better everywhere `b` is must put `a` above `b` under `method`: the average rank looks only at
    /// the services a recording is on, so there `a` must be on the same services.
    fn must_rank_above(method: RankingMethod, a: &[(ChartService, u32)], b: &[(ChartService, u32)]) -> bool {
        let same_services = a.len() == b.len();
        a != b && dominates(a, b) && (method != RankingMethod::AverageRank || same_services)
    }

    proptest! {
        #[test]
        fn every_recording_appears_once_ranked_1_to_n(placings in placings(), lengths in lengths()) {
            let mut recordings: Vec<u8> = placings.iter().map(|placing| placing.recording).collect();
            recordings.sort_unstable();
            recordings.dedup();
            for method in RankingMethod::ALL {
                let merged = merge_charts(&placings, &lengths, method);
                let ranks: Vec<u32> = merged.iter().map(|entry| entry.rank).collect();
                prop_assert_eq!(ranks, (1..).take(recordings.len()).collect::<Vec<u32>>());
                let mut merged_recordings: Vec<u8> = merged.iter().map(|entry| entry.recording).collect();
                merged_recordings.sort_unstable();
                prop_assert_eq!(&merged_recordings, &recordings);
                for entry in &merged {
                    prop_assert!(!entry.positions.is_empty());
                    prop_assert!(entry.positions.windows(2).all(|pair| pair[0].0 < pair[1].0));
                }
            }
        }

        #[test]
        fn the_order_of_the_input_does_not_change_the_ranking(
            (placings, shuffled_placings, lengths, shuffled_lengths) in (placings(), lengths()).prop_flat_map(
                |(placings, lengths)| {
                    (
                        Just(placings.clone()),
                        Just(placings).prop_shuffle(),
                        Just(lengths.clone()),
                        Just(lengths).prop_shuffle(),
                    )
                },
            ),
        ) {
            for method in RankingMethod::ALL {
                prop_assert_eq!(
                    merge_charts(&placings, &lengths, method),
                    merge_charts(&shuffled_placings, &shuffled_lengths, method)
                );
            }
        }

        #[test]
        fn a_recording_as_good_everywhere_never_ranks_below(placings in placings(), lengths in lengths()) {
            for method in RankingMethod::ALL {
                let merged = merge_charts(&placings, &lengths, method);
                for a in &merged {
                    for b in &merged {
                        if must_rank_above(method, &a.positions, &b.positions) {
                            prop_assert!(a.rank < b.rank, "{:?}: {:?} below {:?}", method, a, b);
                        }
                    }
                }
            }
        }

        #[test]
        fn scores_stay_within_their_bounds(placings in placings(), lengths in lengths()) {
            let mut longest: BTreeMap<ChartService, u32> = BTreeMap::new();
            let stated = lengths.iter().map(|length| (length.service, length.entries));
            for (service, entries) in stated.chain(placings.iter().map(|placing| (placing.service, placing.position.max(1)))) {
                let kept = longest.entry(service).or_default();
                *kept = (*kept).max(entries);
            }
            let total = f64::from(longest.values().sum::<u32>());
            let max = f64::from(longest.values().copied().max().unwrap_or(0));
            for entry in merge_charts(&placings, &lengths, RankingMethod::Borda) {
                prop_assert!((0.0..=total).contains(&entry.score), "{} beyond {}", entry.score, total);
            }
            for entry in merge_charts(&placings, &lengths, RankingMethod::AverageRank) {
                prop_assert!((1.0..=max).contains(&entry.score), "{} beyond {}", entry.score, max);
            }
        }
    }
}
