//! The insights page's figures as text and tables: the overview cards, every measure's averages and spread, the
//! tracks at the extremes, the top genres, labels and artists, and how well each field is known.

use crossfade_domain::{
    AudioFeature, CollectionInsights, InsightsTable, Link, MEASURES, MeasureSummary, Ranked, SuperlativeKind,
    TrackCollection,
};
use leptos::prelude::*;

use crate::format;

/// A measure's value in its unit; lengths as a player writes them.
pub(super) fn measure_value(feature: Option<AudioFeature>, value: f64) -> String {
    match feature {
        Some(feature) => format::feature_value(feature, value),
        None => format::track_length((value * 1000.0) as i64),
    }
}

#[component]
pub(super) fn Overview(insights: CollectionInsights) -> AnyView {
    let (explicit, flagged) = insights.explicit;
    let cards = [
        ("Tracks", format::count(insights.tracks as i64)),
        ("Total length", format::listening_time(insights.total_ms as i64)),
        ("Explicit", format::percent(explicit, flagged)),
        (
            "Median length",
            insights.duration.median.map_or_else(|| "–".to_owned(), |median| measure_value(None, median)),
        ),
    ];
    view! { <Cards cards=cards.to_vec() label="Overview" /> }.into_any()
}

/// Figures as cards of a label and a value; a region named `label` when one is given.
#[component]
pub(super) fn Cards(cards: Vec<(&'static str, String)>, #[prop(optional)] label: Option<&'static str>) -> AnyView {
    let cards = cards
        .into_iter()
        .map(|(label, value)| {
            view! {
                <div class="insight-card">
                    <p class="insight-label">{label}</p>
                    <p class="insight-value">{value}</p>
                </div>
            }
        })
        .collect_view();
    match label {
        Some(label) => view! { <section class="insight-cards" aria-label=label>{cards}</section> }.into_any(),
        None => view! { <div class="insight-cards">{cards}</div> }.into_any(),
    }
}

#[component]
pub(super) fn Measures(insights: CollectionInsights) -> AnyView {
    let rows: Vec<(String, Option<AudioFeature>, MeasureSummary)> = MEASURES
        .iter()
        .zip(insights.measures)
        .map(|(feature, summary)| (feature.label().to_owned(), Some(*feature), summary))
        .chain(std::iter::once(("Length".to_owned(), None, insights.duration)))
        .collect();
    let tracks = insights.tracks;
    view! {
        <section class="insight-section" aria-labelledby="measures-heading">
            <h2 id="measures-heading">"Sound and length"</h2>
            <div class="table-scroll">
                <table class="library-table">
                    <thead>
                        <tr>
                            <th scope="col">"Measure"</th>
                            <th scope="col" class="number">"Known for"</th>
                            <th scope="col" class="number">"Average"</th>
                            <th scope="col" class="number">"Median"</th>
                            <th scope="col" class="number">"Spread (SD)"</th>
                            <th scope="col" class="number">"Lowest"</th>
                            <th scope="col" class="number">"Highest"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|(label, feature, summary)| {
                                let shown = move |value: Option<f64>| {
                                    value.map_or_else(|| "–".to_owned(), |value| measure_value(feature, value))
                                };
                                let spread = summary.std_dev.map_or_else(
                                    || "–".to_owned(),
                                    |sd| match feature {
                                        Some(AudioFeature::Tempo) => format!("{sd:.1} BPM"),
                                        Some(AudioFeature::Loudness) => format!("{sd:.1} dB"),
                                        Some(_) => format!("{sd:.2}"),
                                        None => format::track_length((sd * 1000.0) as i64),
                                    },
                                );
                                view! {
                                    <tr>
                                        <th scope="row">{label}</th>
                                        <td class="number">{format::percent(summary.count, tracks)}</td>
                                        <td class="number">{shown(summary.mean)}</td>
                                        <td class="number">{shown(summary.median)}</td>
                                        <td class="number">{spread}</td>
                                        <td class="number">{shown(summary.min)}</td>
                                        <td class="number">{shown(summary.max)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// A superlative's value as its kind measures it.
fn superlative_value(kind: SuperlativeKind, value: f64) -> String {
    match kind {
        SuperlativeKind::Longest | SuperlativeKind::Shortest => measure_value(None, value),
        SuperlativeKind::Oldest | SuperlativeKind::Newest => format!("{value:.0}"),
        SuperlativeKind::MostPlayed | SuperlativeKind::LeastPlayed => format::counted(value as i64, "play", "plays"),
        SuperlativeKind::MostSkipped => format::counted(value as i64, "skip", "skips"),
        other => measure_value(other.feature(), value),
    }
}

#[component]
pub(super) fn Superlatives(insights: CollectionInsights) -> AnyView {
    view! {
        <section class="insight-section" aria-labelledby="superlatives-heading">
            <h2 id="superlatives-heading">"Extremes"</h2>
            <dl class="superlatives">
                {insights
                    .superlatives
                    .into_iter()
                    .map(|superlative| view! {
                        <div>
                            <dt>{superlative.kind.label()}</dt>
                            <dd>
                                <a href=format!("/library/tracks/{}", superlative.track.track_id)>
                                    {superlative.track.title}
                                </a>
                                {(!superlative.track.artists.is_empty())
                                    .then(|| format!(" · {}", superlative.track.artists))}
                                <span class="muted">" — "{superlative_value(superlative.kind, superlative.value)}</span>
                            </dd>
                        </div>
                    })
                    .collect_view()}
            </dl>
        </section>
    }
    .into_any()
}

/// Where a top entry leads: the insights of that genre, label or artist.
fn ranked_href(kind: &str, ranked: &Ranked) -> Option<String> {
    if ranked.key.is_empty() {
        return None;
    }
    TrackCollection::parse(&format!("{kind}:{}", ranked.key)).ok().map(|collection| collection.href())
}

#[component]
pub(super) fn Tops(insights: CollectionInsights) -> AnyView {
    let tracks = insights.tracks;
    let lists = [
        (
            "Top genres",
            "genre",
            insights.top_genres.into_iter().take(crossfade_domain::TOP_ENTRIES).collect(),
            "A genre counts the tracks of its subgenres.",
        ),
        ("Top labels", "label", insights.top_labels, ""),
        ("Top artists", "artist", insights.top_artists, ""),
    ];
    view! {
        <section class="insight-section insight-tops" aria-label="Top genres, labels and artists">
            {lists
                .into_iter()
                .map(|(heading, kind, ranked, note)| {
                    view! {
                        <div class="insight-card">
                            <h2>{heading}</h2>
                            {(!note.is_empty()).then(|| view! { <p class="muted">{note}</p> })}
                            {if ranked.is_empty() {
                                view! { <p class="muted">"None known."</p> }.into_any()
                            } else {
                                view! {
                                    <table class="library-table compact">
                                        <thead>
                                            <tr>
                                                <th scope="col">"Name"</th>
                                                <th scope="col" class="number">"Tracks"</th>
                                                <th scope="col" class="number">"Share"</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {ranked
                                                .into_iter()
                                                .map(|entry| {
                                                    let href = ranked_href(kind, &entry);
                                                    let share = format::percent(entry.tracks, tracks);
                                                    let within = entry.within.clone().map(|parent| format!(" (in {parent})"));
                                                    view! {
                                                        <tr>
                                                            <th scope="row">
                                                                {match href {
                                                                    Some(href) => view! { <a href=href>{entry.name}</a> }.into_any(),
                                                                    None => entry.name.into_any(),
                                                                }}
                                                                <span class="muted">{within}</span>
                                                            </th>
                                                            <td class="number">{format::count(entry.tracks as i64)}</td>
                                                            <td class="number">{share}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                }
                                .into_any()
                            }}
                        </div>
                    }
                })
                .collect_view()}
        </section>
    }
    .into_any()
}

#[component]
pub(super) fn CoverageList(insights: CollectionInsights) -> AnyView {
    let tracks = insights.tracks;
    view! {
        <section class="insight-section" aria-labelledby="coverage-heading">
            <h2 id="coverage-heading">"Where the values come from"</h2>
            <ul class="coverage-list">
                {insights
                    .coverage
                    .fields
                    .into_iter()
                    .map(|field| view! { <li>{field.sentence(tracks, "these tracks")}</li> })
                    .collect_view()}
            </ul>
            <p><a href="/sources">"Sources"</a>" says which services are asked and in which order."</p>
        </section>
    }
    .into_any()
}

/// Where a download of `table` in `format` is served (`server/src/insights_export.rs`).
fn download_href(code: &str, table: InsightsTable, format: &str) -> String {
    let mut link = Link::new("/insights/export");
    link.push("of", Some(code));
    link.push("table", Some(table.code()));
    link.push("format", Some(format));
    link.finish()
}

/// Every table as CSV and JSON, by plain links.
#[component]
pub(super) fn Downloads(code: String) -> AnyView {
    view! {
        <section class="insight-section" aria-labelledby="downloads-heading">
            <h2 id="downloads-heading">"Download the figures"</h2>
            <ul class="downloads">
                {InsightsTable::ALL
                    .into_iter()
                    .map(|table| view! {
                        <li>
                            {table.label()} ": "
                            <a href=download_href(&code, table, "csv") download>"CSV"</a> " · "
                            <a href=download_href(&code, table, "json") download>"JSON"</a>
                        </li>
                    })
                    .collect_view()}
            </ul>
        </section>
    }
    .into_any()
}
