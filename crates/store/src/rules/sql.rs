//! A prepared rule set as one SQL query over the read model: the track facts, each provider's values for pinned
//! features, playlist entries for membership, and the per-day listening for windows (summed once per window in a
//! `WITH`). Every decision about meaning was made when the rule was prepared (crates/domain/src/rules/prepare.rs);
//! this file only spells each prepared test the way the in-memory evaluator computes it, so both give the same
//! tracks in the same order:
//!
//! - a test is false for a missing value, and a negative one is `NOT` of its partner: a test's NULL is made false
//!   (`coalesce(…, false)`) only under a `NOT`; elsewhere it passes up through `AND` and `OR`, which then give
//!   NULL only where they would give false with it made false, and the `WHERE` drops it like false. Bare tests
//!   keep the read model's indexes usable (a BPM range, genres);
//! - numbers are compared as float8, computed with the same operations as in Rust (a stored column is compared
//!   and sorted as it is stored, which widening to float8 neither reorders nor changes, so its index serves);
//! - text is lower-cased and compared, and sorted, byte by byte (`COLLATE "C"`);
//! - instants are compared at whole seconds since 1970 and sorted truncated to seconds, as the in-memory facts
//!   hold them.
//!
//! The query is built at run time (a rule is a tree of any shape), so it cannot be checked at compile time; every
//! value is a bound parameter, and every name pushed into the text comes from a closed list in this file.

use crossfade_domain::{
    AudioFeature, Day, FeatureSource, Field, Op, PreparedCondition, PreparedNode, PreparedSet, PreparedSource,
    PreparedTest, SortKey,
};
use sqlx::{Postgres, QueryBuilder};

/// The query of one set: rows of (track_id, isrc, first_artist_id, first_artist_name, duration_ms) in the set's
/// order (by id for a random order, which is shuffled after), the first `first` of them if given, each with the
/// number of all the set's matches (`matched`) if `counted`.
pub fn set_query(
    user_id: i64,
    set: &PreparedSet,
    keys: &[SortKey],
    first: Option<i64>,
    counted: bool,
) -> QueryBuilder<'static, Postgres> {
    let columns = format!(
        "f.track_id, f.isrc, f.artist_ids[1] AS first_artist_id, \
         coalesce(f.artist_names[1], nullif(f.artists, '')) AS first_artist_name, f.duration_ms{}",
        if counted { ", count(*) OVER () AS matched" } else { "" }
    );
    let mut query = matching_query(user_id, set, &columns);
    query.push(" ORDER BY ");
    for key in keys {
        push_sort_value(&mut query, key.field);
        query.push(if key.descending { " DESC NULLS LAST, " } else { " ASC NULLS LAST, " });
    }
    query.push("f.track_id COLLATE \"C\"");
    if let Some(first) = first {
        query.push(" LIMIT ");
        query.push_bind(first);
    }
    query
}

/// Whether the read model keeps an index in the order of `keys` (`track_facts_by_*`, made for the tracks page), so
/// that a query with a limit may read the matches in order and stop at it rather than sort them all.
pub fn indexed_order(keys: &[SortKey]) -> bool {
    use AudioFeature::{Danceability, Energy, Tempo, Valence};
    matches!(keys.first().map(|key| key.field), Some(Field::Feature(Tempo | Energy | Danceability | Valence)))
}

/// The number of tracks a set matches.
pub fn count_query(user_id: i64, set: &PreparedSet) -> QueryBuilder<'static, Postgres> {
    matching_query(user_id, set, "count(*)")
}

/// `SELECT {columns}` over the set's matching tracks.
fn matching_query(user_id: i64, set: &PreparedSet, columns: &str) -> QueryBuilder<'static, Postgres> {
    let mut windows = Vec::new();
    windows_of(&set.matching, &mut windows);
    let mut query = QueryBuilder::new("");
    for (index, since) in windows.iter().enumerate() {
        query.push(if index == 0 { "WITH " } else { ", " });
        query.push(format!(
            "w{index} AS (SELECT track_id, sum(plays) AS plays, sum(skips) AS skips, sum(ms_played) AS ms \
             FROM listening_days WHERE user_id = "
        ));
        query.push_bind(user_id);
        query.push(" AND day >= ");
        query.push_bind(since.to_string());
        query.push("::date GROUP BY track_id) ");
    }
    query.push(format!("SELECT {columns} FROM track_facts f"));
    for index in 0..windows.len() {
        query.push(format!(" LEFT JOIN w{index} ON w{index}.track_id = f.track_id"));
    }
    query.push(" WHERE f.user_id = ");
    query.push_bind(user_id);
    query.push(" AND (");
    for (index, source) in set.sources.iter().enumerate() {
        if index > 0 {
            query.push(" OR ");
        }
        push_source(&mut query, source);
    }
    query.push(") AND ");
    push_node(&mut query, &set.matching, &windows);
    query
}

fn windows_of(node: &PreparedNode, windows: &mut Vec<Day>) {
    match node {
        PreparedNode::All(children) | PreparedNode::Any(children) => {
            children.iter().for_each(|child| windows_of(child, windows))
        }
        PreparedNode::Not(child) => windows_of(child, windows),
        PreparedNode::Condition(condition) => {
            if let Some(window) = condition.window
                && !windows.contains(&window.since)
            {
                windows.push(window.since);
            }
        }
    }
}

fn push_source(query: &mut QueryBuilder<'static, Postgres>, source: &PreparedSource) {
    let condition = match source {
        PreparedSource::Library => "true",
        PreparedSource::Liked => "f.liked_at IS NOT NULL",
        PreparedSource::History => "f.plays > 0",
        PreparedSource::Playlist(Some(id)) => return push_membership(query, id),
        PreparedSource::Playlist(None) => "false",
    };
    query.push(condition);
}

fn push_membership(query: &mut QueryBuilder<'static, Postgres>, playlist: &str) {
    query.push(
        "EXISTS (SELECT FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id \
         WHERE p.user_id = f.user_id AND i.track_id = f.track_id AND p.spotify_id = ",
    );
    query.push_bind(playlist.to_owned());
    query.push(")");
}

fn push_node(query: &mut QueryBuilder<'static, Postgres>, node: &PreparedNode, windows: &[Day]) {
    let mut group = |children: &[PreparedNode], joiner: &str, empty: &str| {
        if children.is_empty() {
            query.push(empty);
            return;
        }
        query.push("(");
        for (index, child) in children.iter().enumerate() {
            if index > 0 {
                query.push(joiner);
            }
            push_node(query, child, windows);
        }
        query.push(")");
    };
    match node {
        PreparedNode::All(children) => group(children, " AND ", "true"),
        PreparedNode::Any(children) => group(children, " OR ", "false"),
        PreparedNode::Not(child) => {
            query.push("NOT coalesce(");
            push_node(query, child, windows);
            query.push(", false)");
        }
        PreparedNode::Condition(condition) => {
            query.push(if condition.negate { "NOT coalesce((" } else { "((" });
            push_test(query, condition, &condition.test, windows);
            query.push(if condition.negate { "), false)" } else { "))" });
        }
    }
}

/// The track_facts column of a feature (named as the feature's code).
fn feature_column(feature: AudioFeature) -> &'static str {
    feature.code()
}

/// The number a condition reads (NULL when missing): a stored column as it is, which a comparison with a bound
/// float8 widens, or a float8 expression.
fn push_number(query: &mut QueryBuilder<'static, Postgres>, condition: &PreparedCondition, windows: &[Day]) {
    let window = condition.window.and_then(|window| windows.iter().position(|since| *since == window.since));
    match (condition.field, window) {
        (Field::Feature(feature), _) => match condition.source {
            FeatureSource::Pinned(provider) => {
                query.push(format!(
                    "(SELECT tf.{}::float8 FROM track_features tf WHERE tf.track_id = f.track_id \
                     AND (tf.user_id IS NULL OR tf.user_id = f.user_id) AND tf.provider = ",
                    feature_column(feature)
                ));
                query.push_bind(provider.code());
                query.push(")");
            }
            _ => {
                query.push(format!("f.{}", feature_column(feature)));
            }
        },
        (Field::TimeSignature, _) => {
            query.push("f.time_signature");
        }
        (Field::Duration, _) => {
            query.push("(f.duration_ms::float8 / 1000)");
        }
        (Field::ReleaseYear, _) => {
            query.push("f.release_year");
        }
        (Field::PlaylistCount, _) => {
            query.push("f.playlists");
        }
        (Field::Plays, Some(window)) => {
            query.push(format!("coalesce(w{window}.plays, 0)::float8"));
        }
        (Field::Plays, None) => {
            query.push("f.plays");
        }
        (Field::Skips, Some(window)) => {
            query.push(format!("coalesce(w{window}.skips, 0)::float8"));
        }
        (Field::Skips, None) => {
            query.push("f.skips");
        }
        (Field::SkipRatio, Some(window)) => {
            query.push(format!("(w{window}.skips::float8 / nullif(w{window}.plays, 0)::float8)"));
        }
        (Field::SkipRatio, None) => {
            query.push("(f.skips::float8 / nullif(f.plays, 0)::float8)");
        }
        (Field::MinutesPlayed, Some(window)) => {
            query.push(format!("(coalesce(w{window}.ms, 0)::float8 / 60000)"));
        }
        (Field::MinutesPlayed, None) => {
            query.push("(f.ms_played::float8 / 60000)");
        }
        _ => {
            query.push("NULL::float8");
        }
    }
}

/// A text field lower-cased, NULL when missing or empty: the read model's stored `lower()` keys where it has them.
fn lowered_column(field: Field) -> String {
    match field {
        Field::Title => "nullif(f.title_key, '')".to_owned(),
        Field::Album => "nullif(f.album_key, '')".to_owned(),
        other => format!("lower({})", text_column(other)),
    }
}

/// The text of a text field, NULL when missing or empty.
fn text_column(field: Field) -> &'static str {
    match field {
        Field::Title => "nullif(f.title, '')",
        Field::Album => "nullif(f.album_name, '')",
        Field::Label => "nullif(f.label, '')",
        Field::Isrc => "nullif(f.isrc, '')",
        _ => "NULL::text",
    }
}

/// The artists' names: the catalog's credits, or the one name a history gave.
const NAMES: &str = "unnest(CASE WHEN cardinality(f.artist_names) > 0 THEN f.artist_names ELSE ARRAY[f.artists] END) \
                     AS n (name)";

/// The column of a date field: a timestamp, or for the release date a day.
fn instant_column(field: Field) -> &'static str {
    match field {
        Field::Liked => "f.liked_at",
        Field::Added => "f.added_at",
        Field::AddedToPlaylist => "f.first_listed_at",
        Field::FirstPlayed => "f.first_played_at",
        Field::LastPlayed => "f.last_played_at",
        Field::ReleaseDate => "f.release_date",
        _ => "NULL::timestamptz",
    }
}

/// Compares a date field with an instant (whole seconds since 1970): a timestamp against the instant itself, which
/// for whole seconds holds exactly when the timestamp truncated to seconds does (as the in-memory facts hold
/// them); a release date by its midnight.
fn push_instant_bound(query: &mut QueryBuilder<'static, Postgres>, field: Field, op: &str, seconds: i64) {
    if field == Field::ReleaseDate {
        query.push(format!(" AND (f.release_date - DATE '1970-01-01')::bigint * 86400 {op} "));
        query.push_bind(seconds);
    } else {
        query.push(format!(" AND {} {op} to_timestamp(", instant_column(field)));
        query.push_bind(seconds as f64);
        query.push(")");
    }
}

/// A date field as a sort value: timestamps truncated to the second (ties within a second go by track id, as in
/// memory), release dates as they are.
fn instant_sort_value(field: Field) -> String {
    match field {
        Field::ReleaseDate => "f.release_date".to_owned(),
        other => format!("date_trunc('second', {})", instant_column(other)),
    }
}

fn push_test(
    query: &mut QueryBuilder<'static, Postgres>,
    condition: &PreparedCondition,
    test: &PreparedTest,
    windows: &[Day],
) {
    match test {
        PreparedTest::Present => push_present(query, condition, windows),
        PreparedTest::Compare(op, value) => {
            push_number(query, condition, windows);
            query.push(match op {
                Op::Gt => " > ",
                Op::Gte => " >= ",
                Op::Lt => " < ",
                Op::Lte => " <= ",
                _ => " = ",
            });
            query.push_bind(*value);
        }
        PreparedTest::Between(low, high) => {
            push_number(query, condition, windows);
            query.push(" BETWEEN ");
            query.push_bind(*low);
            query.push(" AND ");
            query.push_bind(*high);
        }
        // No provider of this feature is calibrated: every value is compared as given.
        PreparedTest::Calibrated { raw, otherwise } if raw.is_empty() => {
            push_test(query, condition, otherwise, windows)
        }
        PreparedTest::Calibrated { raw, otherwise } => {
            let Field::Feature(feature) = condition.field else {
                query.push("false");
                return;
            };
            let column = feature_column(feature);
            query.push(format!("CASE f.value_sources ->> '{column}'"));
            for (provider, range) in raw {
                query.push(" WHEN ");
                query.push_bind(provider.code());
                query.push(" THEN ");
                match range {
                    Some((low, high)) => {
                        query.push(format!("f.{column} BETWEEN "));
                        query.push_bind(*low);
                        query.push(" AND ");
                        query.push_bind(*high);
                    }
                    None => {
                        query.push("false");
                    }
                }
            }
            query.push(" ELSE ");
            push_test(query, condition, otherwise, windows);
            query.push(" END");
        }
        PreparedTest::Text(op, needle) => {
            if condition.field == Field::Artists {
                query.push(format!("EXISTS (SELECT FROM {NAMES} WHERE n.name <> '' AND "));
                push_lowered_test(query, "lower(n.name)", *op, needle);
                query.push(")");
            } else {
                push_lowered_test(query, &lowered_column(condition.field), *op, needle);
            }
        }
        PreparedTest::Pattern(pattern) => {
            if condition.field == Field::Artists {
                query.push(format!("EXISTS (SELECT FROM {NAMES} WHERE n.name ~ "));
                query.push_bind(pattern.postgres().to_owned());
                query.push(")");
            } else {
                query.push(format!("{} ~ ", text_column(condition.field)));
                query.push_bind(pattern.postgres().to_owned());
            }
        }
        PreparedTest::AnyName(names) => {
            query.push(format!("EXISTS (SELECT FROM {NAMES} WHERE lower(n.name) = ANY ("));
            query.push_bind(names.clone());
            query.push("))");
        }
        PreparedTest::AllNames(names) => {
            query.push("NOT EXISTS (SELECT FROM unnest(");
            query.push_bind(names.clone());
            query.push(format!(
                "::text[]) AS v (name) WHERE NOT EXISTS (SELECT FROM {NAMES} WHERE lower(n.name) = v.name))"
            ));
        }
        PreparedTest::AnyGenre(groups) => {
            query.push("f.genres && ");
            query.push_bind(groups.iter().flatten().map(|genre| (*genre).to_owned()).collect::<Vec<String>>());
            query.push("::text[]");
        }
        PreparedTest::AllGenres(groups) => {
            query.push("(");
            for (index, group) in groups.iter().enumerate() {
                if index > 0 {
                    query.push(" AND ");
                }
                query.push("f.genres && ");
                query.push_bind(group.iter().map(|genre| (*genre).to_owned()).collect::<Vec<String>>());
                query.push("::text[]");
            }
            query.push(")");
        }
        PreparedTest::AnyTag(tags) => {
            query.push("f.tags && ");
            query.push_bind(tags.clone());
            query.push("::text[]");
        }
        PreparedTest::AllTags(tags) => {
            query.push("f.tags @> ");
            query.push_bind(tags.clone());
            query.push("::text[]");
        }
        PreparedTest::Keys(keys) => {
            query.push("(f.key * 2 + f.mode)::integer = ANY (");
            query.push_bind(
                keys.iter()
                    .map(|key| i32::from(key.pitch_class()) * 2 + i32::from(key.mode().number()))
                    .collect::<Vec<i32>>(),
            );
            query.push(")");
        }
        PreparedTest::Mode(mode) => {
            query.push("f.mode = ");
            query.push_bind(mode.number());
        }
        PreparedTest::Flag(flag) => {
            query.push("f.explicit = ");
            query.push_bind(*flag);
        }
        PreparedTest::Instant { from, until } => {
            query.push(format!("({} IS NOT NULL", instant_column(condition.field)));
            if let Some(from) = from {
                push_instant_bound(query, condition.field, ">=", *from);
            }
            if let Some(until) = until {
                push_instant_bound(query, condition.field, "<", *until);
            }
            query.push(")");
        }
        PreparedTest::Member(Some(playlist)) => push_membership(query, playlist),
        PreparedTest::Member(None) => {
            query.push("false");
        }
    }
}

/// Tests text already lower-cased (`lowered`) against a lower-cased needle.
fn push_lowered_test(query: &mut QueryBuilder<'static, Postgres>, lowered: &str, op: Op, needle: &str) {
    match op {
        Op::Contains => {
            query.push(format!("strpos({lowered}, "));
            query.push_bind(needle.to_owned());
            query.push(") > 0");
        }
        Op::StartsWith => {
            query.push(format!("starts_with({lowered}, "));
            query.push_bind(needle.to_owned());
            query.push(")");
        }
        Op::EndsWith => {
            query.push(format!("right({lowered}, char_length("));
            query.push_bind(needle.to_owned());
            query.push(")) = ");
            query.push_bind(needle.to_owned());
        }
        _ => {
            query.push(format!("{lowered} = "));
            query.push_bind(needle.to_owned());
        }
    }
}

fn push_present(query: &mut QueryBuilder<'static, Postgres>, condition: &PreparedCondition, windows: &[Day]) {
    match condition.field {
        Field::Title | Field::Album | Field::Label | Field::Isrc => {
            query.push(format!("{} IS NOT NULL", text_column(condition.field)));
        }
        Field::Artists => {
            query.push(format!("EXISTS (SELECT FROM {NAMES} WHERE n.name <> '')"));
        }
        Field::Genres => {
            query.push("cardinality(f.genres) > 0");
        }
        Field::Tags => {
            query.push("cardinality(f.tags) > 0");
        }
        Field::Key | Field::Mode => {
            query.push("f.key IS NOT NULL");
        }
        Field::Explicit => {
            query.push("f.explicit IS NOT NULL");
        }
        Field::Playlist => {
            query.push("f.playlists > 0");
        }
        Field::Liked
        | Field::Added
        | Field::AddedToPlaylist
        | Field::FirstPlayed
        | Field::LastPlayed
        | Field::ReleaseDate => {
            query.push(format!("{} IS NOT NULL", instant_column(condition.field)));
        }
        _ => {
            push_number(query, condition, windows);
            query.push(" IS NOT NULL");
        }
    }
}

/// What a set is ordered by for `field`, NULL last whichever the direction.
fn push_sort_value(query: &mut QueryBuilder<'static, Postgres>, field: Field) {
    match field {
        Field::Title | Field::Album | Field::Label | Field::Isrc => {
            query.push(format!("{} COLLATE \"C\"", lowered_column(field)));
        }
        Field::Artists => {
            query.push("nullif(f.artists_key, '') COLLATE \"C\"");
        }
        // Around the Camelot wheel (1A, 1B, 2A, …): the number of the relative major's fifth-steps, then the mode.
        Field::Key => {
            query.push("(((7 * CASE WHEN f.mode = 1 THEN f.key ELSE (f.key + 3) % 12 END + 7) % 12 + 1) * 2 + f.mode)");
        }
        Field::Liked
        | Field::Added
        | Field::AddedToPlaylist
        | Field::FirstPlayed
        | Field::LastPlayed
        | Field::ReleaseDate => {
            query.push(instant_sort_value(field));
        }
        number => {
            let condition = PreparedCondition {
                path: String::new(),
                description: String::new(),
                field: number,
                source: FeatureSource::Effective,
                window: None,
                negate: false,
                test: PreparedTest::Present,
            };
            push_number(query, &condition, &[]);
        }
    }
}
