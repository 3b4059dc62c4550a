//! The insights page's charts, drawn as SVG on the server (and the same SVG when the page hydrates), each with its
//! numbers in a table beside it, so the pictures and the figures are there without JavaScript and for screen
//! readers.

use crossfade_domain::{AudioFeature, CollectionInsights, Histogram, MEASURES, Scatter};
use leptos::prelude::*;

use super::figures::measure_value;
use crate::drawn::{Drawing, Drawn, chart_id};
use crate::format;

/// Column chart size in SVG units.
const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 120.0;
/// Room under the columns for the first and last labels.
const AXIS: f64 = 16.0;

/// A column chart of labelled counts, with the counts in a table under a disclosure whose columns are headed
/// `label_heading` and `value_heading`.
#[component]
pub(super) fn Columns(
    title: String,
    columns: Vec<(String, u64)>,
    #[prop(default = "Range")] label_heading: &'static str,
    #[prop(default = "Tracks")] value_heading: &'static str,
) -> AnyView {
    let tallest = columns.iter().map(|(_, count)| *count).max().unwrap_or(0).max(1) as f64;
    let width = WIDTH / columns.len().max(1) as f64;
    let plot = HEIGHT - AXIS;
    let described = columns
        .iter()
        .filter(|(_, count)| *count > 0)
        .map(|(label, count)| format!("{label}: {count}"))
        .collect::<Vec<_>>()
        .join("; ");
    let first = columns.first().map(|(label, _)| label.clone()).unwrap_or_default();
    let last = columns.last().map(|(label, _)| label.clone()).unwrap_or_default();
    let rows = columns.clone();
    let drawing = Drawing::Columns {
        labels: columns.iter().map(|(label, _)| label.clone()).collect(),
        values: columns.iter().map(|(_, count)| *count).collect(),
        series: value_heading.to_owned(),
    };
    let drawn = view! { <Drawn id=chart_id(&title) label=format!("{title}. {described}") drawing /> };
    view! {
        <figure class="chart">
            <figcaption>{title.clone()}</figcaption>
            <svg
                class="columns"
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img"
                aria-label=format!("{title}. {described}")
                preserveAspectRatio="none"
            >
                {columns
                    .into_iter()
                    .enumerate()
                    .map(|(index, (label, count))| {
                        let height = plot * count as f64 / tallest;
                        view! {
                            <rect
                                x=format!("{:.2}", index as f64 * width)
                                y=format!("{:.2}", plot - height)
                                width=format!("{:.2}", (width - 1.0).max(0.5))
                                height=format!("{height:.2}")
                            >
                                <title>{format!("{label}: {count}")}</title>
                            </rect>
                        }
                    })
                    .collect_view()}
                <text x="0" y=format!("{}", HEIGHT - 3.0) class="axis">{first}</text>
                <text x=format!("{WIDTH}") y=format!("{}", HEIGHT - 3.0) class="axis" text-anchor="end">{last}</text>
            </svg>
            {drawn}
            <details>
                <summary>"Numbers"</summary>
                <table class="library-table compact">
                    <thead>
                        <tr><th scope="col">{label_heading}</th><th scope="col" class="number">{value_heading}</th></tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|(label, count)| view! {
                                <tr><th scope="row">{label}</th><td class="number">{format::count(count as i64)}</td></tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
    .into_any()
}

/// A histogram's bins as labelled columns: "0.20–0.25", "120–125 BPM", "3:00–3:30"; the end bins also hold what
/// lies beyond them, which their labels say.
fn histogram_columns(histogram: &Histogram, feature: Option<AudioFeature>) -> Vec<(String, u64)> {
    let last = histogram.counts.len().saturating_sub(1);
    histogram
        .counts
        .iter()
        .enumerate()
        .map(|(index, count)| {
            let (low, high) = histogram.bounds(index);
            let label = match feature {
                Some(AudioFeature::Tempo) | Some(AudioFeature::Loudness) | None => {
                    let (low, high) = (measure_value(feature, low), measure_value(feature, high));
                    // "120–125 BPM": the unit once, after the range.
                    let unit = high.split_once(' ').map(|(_, unit)| format!(" {unit}")).unwrap_or_default();
                    let bare = |text: &str| text.split(' ').next().unwrap_or_default().to_owned();
                    match index {
                        0 => format!("under {high}"),
                        _ if index == last => format!("{low} and over"),
                        _ => format!("{}–{}{unit}", bare(&low), bare(&high)),
                    }
                }
                Some(_) => format!("{low:.2}–{high:.2}"),
            };
            (label, *count)
        })
        .collect()
}

#[component]
pub(super) fn Distributions(insights: CollectionInsights) -> AnyView {
    let mut charts: Vec<(String, Vec<(String, u64)>)> = MEASURES
        .iter()
        .zip(&insights.measures)
        .filter(|(_, summary)| summary.count > 0)
        .map(|(feature, summary)| (feature.label().to_owned(), histogram_columns(&summary.histogram, Some(*feature))))
        .collect();
    if insights.duration.count > 0 {
        charts.push(("Length".to_owned(), histogram_columns(&insights.duration.histogram, None)));
    }
    if !insights.decades.is_empty() {
        charts.push((
            "Release decades".to_owned(),
            insights.decades.iter().map(|(decade, count)| (format!("{decade}s"), *count)).collect(),
        ));
    }
    if let (Some((first, _)), Some((last, _))) = (insights.years.first(), insights.years.last()) {
        // Every year in the span, so gaps show as gaps.
        let years = (*first..=*last)
            .map(|year| {
                let count = insights.years.iter().find(|(known, _)| *known == year).map_or(0, |(_, count)| *count);
                (year.to_string(), count)
            })
            .collect();
        charts.push(("Release years".to_owned(), years));
    }
    view! {
        <section class="insight-section" aria-labelledby="distributions-heading">
            <h2 id="distributions-heading">"Distributions"</h2>
            <div class="chart-grid">
                {charts.into_iter().map(|(title, columns)| view! { <Columns title columns /> }).collect_view()}
            </div>
        </section>
    }
    .into_any()
}

/// A point on a circle of `radius` around the wheel's centre, `degrees` clockwise from the top.
fn on_wheel(radius: f64, degrees: f64) -> (f64, f64) {
    let radians = degrees.to_radians();
    (100.0 + radius * radians.sin(), 100.0 - radius * radians.cos())
}

/// The ring segment of Camelot number `number` between two radii, as an SVG path.
fn segment(number: u8, inner: f64, outer: f64) -> String {
    let centre = f64::from(number % 12) * 30.0;
    let (from, to) = (centre - 15.0, centre + 15.0);
    let (a, b, c, d) = (on_wheel(outer, from), on_wheel(outer, to), on_wheel(inner, to), on_wheel(inner, from));
    format!(
        "M{:.2} {:.2}A{outer} {outer} 0 0 1 {:.2} {:.2}L{:.2} {:.2}A{inner} {inner} 0 0 0 {:.2} {:.2}Z",
        a.0, a.1, b.0, b.1, c.0, c.1, d.0, d.1
    )
}

/// Keys on the Camelot wheel (major keys outside, minor inside, neighbours mix harmonically), shaded by how many
/// tracks are in each, with the counts in a table.
#[component]
pub(super) fn Keys(insights: CollectionInsights) -> AnyView {
    let known: u64 = insights.keys.iter().map(|entry| entry.count).sum();
    let most = insights.keys.iter().map(|entry| entry.count).max().unwrap_or(0).max(1) as f64;
    let described = insights
        .keys
        .iter()
        .filter(|entry| entry.count > 0)
        .map(|entry| format!("{} {}: {}", entry.key.camelot(), entry.key.name(), entry.count))
        .collect::<Vec<_>>()
        .join("; ");
    let (major, minor): (u64, u64) = insights.keys.iter().fold((0, 0), |(major, minor), entry| {
        if entry.key.camelot().ends_with('B') { (major + entry.count, minor) } else { (major, minor + entry.count) }
    });
    let rows = insights.keys.clone();
    view! {
        <section class="insight-section" aria-labelledby="keys-heading">
            <h2 id="keys-heading">"Keys"</h2>
            {if known == 0 {
                view! { <p class="muted">"No key is known for these tracks."</p> }.into_any()
            } else {
                view! {
                    <p>
                        {format!(
                            "Key known for {} of these tracks: {} major, {} minor.",
                            format::percent(known, insights.tracks),
                            format::percent(major, known),
                            format::percent(minor, known),
                        )}
                    </p>
                    <figure class="chart wheel">
                        <svg viewBox="0 0 200 200" role="img" aria-label=format!("Keys on the Camelot wheel. {described}")>
                            {insights
                                .keys
                                .into_iter()
                                .map(|entry| {
                                    let number = entry.key.camelot_number();
                                    let major = entry.key.camelot().ends_with('B');
                                    let (inner, outer) = if major { (68.0, 98.0) } else { (38.0, 68.0) };
                                    let (x, y) = on_wheel((inner + outer) / 2.0, f64::from(number % 12) * 30.0);
                                    let shade = 0.08 + 0.92 * entry.count as f64 / most;
                                    view! {
                                        <g>
                                            <path d=segment(number, inner, outer) fill-opacity=format!("{shade:.2}")>
                                                <title>{format!("{} · {}: {}", entry.key.camelot(), entry.key.name(), entry.count)}</title>
                                            </path>
                                            <text x=format!("{x:.1}") y=format!("{:.1}", y + 3.0) text-anchor="middle">
                                                {entry.key.camelot()}
                                            </text>
                                        </g>
                                    }
                                })
                                .collect_view()}
                        </svg>
                        <details>
                            <summary>"Numbers"</summary>
                            <table class="library-table compact">
                                <thead>
                                    <tr>
                                        <th scope="col">"Camelot"</th>
                                        <th scope="col">"Key"</th>
                                        <th scope="col" class="number">"Tracks"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows
                                        .into_iter()
                                        .map(|entry| view! {
                                            <tr>
                                                <th scope="row">{entry.key.camelot()}</th>
                                                <td>{entry.key.name()}</td>
                                                <td class="number">{format::count(entry.count as i64)}</td>
                                            </tr>
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </details>
                    </figure>
                }
                .into_any()
            }}
        </section>
    }
    .into_any()
}

/// Scatter size in SVG units, and the margin left for the axes' labels.
const PLOT_WIDTH: f64 = 320.0;
const PLOT_HEIGHT: f64 = 220.0;
const MARGIN: f64 = 22.0;

/// The span an axis shows for `values` of `feature`: a 0–1 feature's whole range, else the values' own span.
fn span(feature: AudioFeature, values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (low, high) = feature.range();
    if (low, high) == (0.0, 1.0) {
        return (0.0, 1.0);
    }
    let (min, max) =
        values.fold((f64::INFINITY, f64::NEG_INFINITY), |(min, max), value| (min.min(value), max.max(value)));
    if min.is_finite() && max > min {
        (min, max)
    } else if min.is_finite() {
        (min - 1.0, min + 1.0)
    } else {
        (low, high)
    }
}

/// A scatter of two measures, each point linking to its track, with a GET form choosing the measures.
#[component]
pub(super) fn ScatterSection(code: String, scatter: Scatter) -> AnyView {
    let Scatter { x, y, tracks, points } = scatter;
    let (x_low, x_high) = span(x, points.iter().map(|point| point.x));
    let (y_low, y_high) = span(y, points.iter().map(|point| point.y));
    let place_x = move |value: f64| MARGIN + (value - x_low) / (x_high - x_low) * (PLOT_WIDTH - MARGIN - 4.0);
    let place_y =
        move |value: f64| PLOT_HEIGHT - MARGIN - (value - y_low) / (y_high - y_low) * (PLOT_HEIGHT - MARGIN - 4.0);
    let shown = points.len() as u64;
    let note = if shown < tracks {
        format!(
            "{} of the {} tracks with both values, evenly sampled.",
            format::count(shown as i64),
            format::count(tracks as i64)
        )
    } else {
        format!("{} with both values.", format::counted(tracks as i64, "track", "tracks"))
    };
    let options = move |chosen: AudioFeature| {
        MEASURES
            .iter()
            .map(
                |feature| view! { <option value=feature.code() selected=*feature == chosen>{feature.label()}</option> },
            )
            .collect_view()
    };
    view! {
        <section class="insight-section" aria-labelledby="scatter-heading">
            <h2 id="scatter-heading">{format!("{} against {}", y.label(), x.label())}</h2>
            <form method="get" action=crossfade_domain::INSIGHTS_PATH class="filters">
                <input type="hidden" name="of" value=code />
                <label for="scatter-x">"Across"</label>
                <select id="scatter-x" name="x">{options(x)}</select>
                <label for="scatter-y">"Up"</label>
                <select id="scatter-y" name="y">{options(y)}</select>
                <button type="submit" class="button">"Plot"</button>
            </form>
            <p class="muted">{note}" Each point links to its track."</p>
            <figure class="chart scatter">
                // A group, not an image: its points are links.
                <svg
                    viewBox=format!("0 0 {PLOT_WIDTH} {PLOT_HEIGHT}")
                    role="group"
                    aria-label=format!("{} against {} for {}", y.label(), x.label(), format::counted(shown as i64, "track", "tracks"))
                >
                    <line class="axis-line" x1=MARGIN.to_string() y1="0" x2=MARGIN.to_string() y2=(PLOT_HEIGHT - MARGIN).to_string() />
                    <line class="axis-line" x1=MARGIN.to_string() y1=(PLOT_HEIGHT - MARGIN).to_string() x2=PLOT_WIDTH.to_string() y2=(PLOT_HEIGHT - MARGIN).to_string() />
                    <text class="axis" x=MARGIN.to_string() y=(PLOT_HEIGHT - 6.0).to_string()>{measure_value(Some(x), x_low)}</text>
                    <text class="axis" x=PLOT_WIDTH.to_string() y=(PLOT_HEIGHT - 6.0).to_string() text-anchor="end">{measure_value(Some(x), x_high)}</text>
                    <text class="axis" x="2" y=(PLOT_HEIGHT - MARGIN).to_string()>{measure_value(Some(y), y_low)}</text>
                    <text class="axis" x="2" y="10">{measure_value(Some(y), y_high)}</text>
                    {points
                        .into_iter()
                        .map(|point| {
                            let label = format!("{}: {}, {}", point.title, measure_value(Some(x), point.x), measure_value(Some(y), point.y));
                            let name = label.clone();
                            view! {
                                <a href=format!("/library/tracks/{}", point.track_id) aria-label=name>
                                    <circle cx=format!("{:.1}", place_x(point.x)) cy=format!("{:.1}", place_y(point.y)) r="2.5">
                                        <title>{label}</title>
                                    </circle>
                                </a>
                            }
                        })
                        .collect_view()}
                </svg>
            </figure>
        </section>
    }
    .into_any()
}
