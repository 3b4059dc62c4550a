//! Crossfade's domain core: the product's vocabulary as value types parsed from untrusted input into types that
//! cannot hold an invalid value, with the rules that belong to them (queries of the library pages, paging, days,
//! Spotify ids, the codes a sync and an upload are described in). Nothing here touches the network, the database or
//! the clock, so the same code runs on the server, in the background jobs and in the browser.

mod audio_features;
mod calibration;
mod charts;
mod coverage;
mod curation;
mod day;
mod file_import;
mod genres;
mod insights;
mod isrc;
mod library;
mod link;
mod listening;
mod paging;
mod player;
mod playlist_diff;
mod plays_query;
mod provider;
mod recommend;
mod record_label;
mod refresh_schedule;
mod releases;
pub mod rules;
mod site_origin;
mod smart_playlist;
mod spotify_id;
mod sync;
mod tag;
mod taste;
mod theme;
mod track_collection;
mod tracks_query;
mod upload_refusal;

pub use audio_features::{AudioFeature, FeatureProblem, FeatureValues, Key, Mode, check_time_signature};
pub use calibration::{
    CalibratedShares, Calibration, CalibrationProblem, Comparison, HISTOGRAM_BINS, MIN_OVERLAP, QUANTILE_POINTS,
    QuantileMapping, Quantiles, REFERENCE_SOURCES,
};
pub use charts::{
    ChartEntry, ChartFileError, ChartFormat, ChartLength, ChartLocator, ChartMatchMethod, ChartOrder, ChartPeriod,
    ChartProblem, ChartRead, ChartService, CountChange, CountPoint, CountStanding, EntryMatch, KnownRecording,
    LocatorProblem, MAX_LOCATOR_CHARS, MAX_RECORDING_SEARCH_CHARS, MergedEntry, Movement, Placing, PositionHistory,
    PositionPoint, RankingMethod, RecordingSearch, RecordingSearchProblem, Retie, StoredTie, count_changes,
    count_standing, hit_as_entry, hit_is_recording, likeness, match_entry, merge_charts, order_rows, position_history,
    read_chart, retie,
};
pub use coverage::{Coverage, EnrichedField, FieldCoverage};
pub use curation::{
    BoardAction, BoardProblem, CategoryName, CategoryNameProblem, Drift, Layer, Place, PlaylistMove, Restore, Week,
    compare_with_spotify, playlist_name,
};
pub use day::{Day, NotADay};
pub use file_import::{BadRow, FileLayout, HeaderMatch, ImportProblem, Language, RowFault};
pub use genres::{Genre, GenreId, GenreTree, GenreWeights, Normalised, UnknownGenre};
pub use insights::{
    ArtistCredit, Cell, CollectionComparison, CollectionInsights, HIGHLIGHTS, Highlight, Histogram, InsightTrack,
    InsightsTable, KeyCount, MEASURES, MeasureDifference, MeasureSummary, Ranked, SCATTER_AXES, SCATTER_POINTS,
    Scatter, ScatterPoint, ShareDifference, Superlative, SuperlativeKind, TOP_ENTRIES, TableData, TrackRef,
};
pub use isrc::{Isrc, NotAnIsrc};
pub use library::{ImportState, PlaylistRelation};
pub use link::Link;
pub use listening::{
    Discoveries, HISTORY_EXPORT_PATH, HISTORY_INSIGHTS_PATH, HistoryRange, HistoryRows, HistoryTable, HourOfWeek,
    LONGEST_SESSIONS, Listened, ListenedHour, ListenedTrack, ListeningReport, ListeningSession, ListeningTotals,
    MIN_PLAYS_FOR_SKIP_RATE, Period, RangeProblem, SessionSummary, SkipsByHour, Streak, Streaks, instant_text,
};
pub use paging::{MAX_PAGE, PageInfo, PageRequest, page_number};
pub use player::{
    CommandProblem, MAX_POSITION_SECS, POLL_PLAYING_MS, POLL_QUIET_MAX_MS, POLL_QUIET_MS, PlayerActivity,
    PlayerCommand, RepeatMode, SEEK_END_MARGIN_MS, SKIP_MS, Seek, Volume, poll_delay_ms,
};
pub use playlist_diff::{PlaylistDiff, URIS_PER_REQUEST, WritePlan, apply_plan, can_be_added};
pub use plays_query::{PLAYS_PER_PAGE, PlaysCursor, PlaysQuery, PlaysView};
pub use provider::Provider;
pub use recommend::{
    DIM, DiscoverCatalog, DiscoverOptions, DiscoverReason, DiscoverTrack, Familiarity, FeatureScale, RecentPlays,
    Recommendation, Seed, SeedKind, SeedPlay, TASTE_HALF_LIFE_DAYS, TrackVector, VectorIndex, discover, recency,
};
pub use record_label::{LabelKey, NotALabelKey, RecordLabel};
pub use refresh_schedule::{RefreshSchedule, ScheduleProblem};
pub use releases::{
    ACCEPT_AT, ASK_FROM, BadFeedRow, FeedArtist, FeedFormat, FeedGenre, FeedLabel, FeedProblem, FeedRead, FeedRelease,
    FeedRowProblem, FeedTrack, MatchMethod, MatchScore, MatchVerdict, Proposal, STYLES, SpotifyCandidate, Style,
    UnknownStyle, artist_key, fuzzy_search_terms, match_by_isrc, match_fuzzy, match_score, read_feed,
};
pub use rules::{
    CalibrationScale, Candidate, Combine, Condition, DayListening, Dedupe, Evaluation, FeatureSource, Field, FieldKind,
    FormEdit, Limit, LimitForm, MAX_CONDITIONS, MAX_DEPTH, MAX_ITEMS, MAX_LIST_VALUES, MAX_PATTERN_CHARS,
    MAX_RULE_BYTES, MAX_SETS, MAX_SORT_KEYS, MAX_TEXT_CHARS, NavidromeImport, Node, Op, Operand, Order, Pattern,
    Placed, PlacedProblem, PlaylistRef, Prepared, PreparedCondition, PreparedNode, PreparedSet, PreparedSource,
    PreparedTest, RefreshOrder, RowForm, RuleContext, RuleForm, RuleProblem, RuleProblems, RuleSet, RuleTrack, SetForm,
    SmartRules, SortForm, SortKey, Source, Span, SpanUnit, Window, feature_sources, field_choices,
    matches_to_read_first, op_choices, reads_first_matches, refresh_order, sequence, settled, unit_choices, value_hint,
};
pub use site_origin::{SiteOrigin, SiteOriginError};
pub use smart_playlist::{
    MAX_NAME_CHARS, NameProblem, PlaylistName, SMART_PLAYLISTS_PATH, WriteTarget, smart_playlist_path,
};
pub use spotify_id::{NotASpotifyId, SPOTIFY_ID_LEN, SpotifyId, SpotifyKind};
pub use sync::{Collection, SyncProblem};
pub use tag::{MAX_TAG_CHARS, Tag, TagProblem};
pub use taste::{GoldenTrack, TASTE_NEIGHBOURS, TasteRank, TasteReason, TasteTrack, rank_by_taste};
pub use theme::{Theme, UnknownTheme};
pub use track_collection::{CollectionProblem, INSIGHTS_PATH, TOP_TRACKS, TrackCollection};
pub use tracks_query::{
    ExtraColumn, MAX_SEARCH_CHARS, MeasureRange, QueryProblem, RangeFilter, SortDirection, SourceFilter,
    TRACKS_PER_PAGE, TrackColumn, TracksParams, TracksQuery,
};
pub use upload_refusal::UploadRefusal;
