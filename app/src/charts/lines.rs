//! A line chart over days as a server-rendered SVG picture with its numbers in a table, and the same lines drawn by
//! ECharts once the page has hydrated (`crate::drawn`): a recording's positions on each chart (1 at the top) or its
//! play counts.

use leptos::prelude::*;

use crate::drawn::{Drawing, Drawn, chart_id};

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 140.0;
/// Room under the lines for the first and last days.
const AXIS: f64 = 16.0;

/// Lines of `series` (name, one value per day of `days`, None where it has none) titled `title`; with `positions`
/// smaller values are drawn higher, as chart positions read.
#[component]
pub fn Lines(
    title: String,
    days: Vec<String>,
    series: Vec<(String, Vec<Option<f64>>)>,
    positions: bool,
    value_heading: &'static str,
) -> AnyView {
    let values = series.iter().flat_map(|(_, points)| points.iter().flatten().copied());
    let (low, high) = values.fold((f64::MAX, f64::MIN), |(low, high), value| (low.min(value), high.max(value)));
    let (low, high) = if low > high {
        (0.0, 1.0)
    } else if positions {
        (1.0, high.max(2.0))
    } else {
        (low.min(0.0), high.max(1.0))
    };
    let plot = HEIGHT - AXIS;
    let x = |index: usize| if days.len() > 1 { WIDTH * index as f64 / (days.len() - 1) as f64 } else { WIDTH / 2.0 };
    let y = |value: f64| {
        let share = (value - low) / (high - low);
        if positions { share * plot } else { plot - share * plot }
    };
    // Each series as runs of consecutive days with values: a gap (off the chart, no count) breaks the line.
    let paths: Vec<(String, String)> = series
        .iter()
        .map(|(name, points)| {
            let mut path = String::new();
            let mut drawing = false;
            for (index, point) in points.iter().enumerate() {
                match point {
                    Some(value) => {
                        path.push_str(&format!("{}{:.1},{:.1} ", if drawing { "L" } else { "M" }, x(index), y(*value)));
                        drawing = true;
                    }
                    None => drawing = false,
                }
            }
            (name.clone(), path)
        })
        .collect();
    let described = series
        .iter()
        .map(|(name, points)| {
            let known: Vec<String> = points
                .iter()
                .zip(&days)
                .filter_map(|(point, day)| point.map(|value| format!("{day} {value}")))
                .collect();
            format!("{name}: {}", known.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let label = format!("{title}. {described}");
    let first = days.first().cloned().unwrap_or_default();
    let last = days.last().cloned().unwrap_or_default();
    let drawing = Drawing::Lines { days: days.clone(), series: series.clone(), positions };
    let names: Vec<String> = series.iter().map(|(name, _)| name.clone()).collect();
    view! {
        <figure class="chart">
            <figcaption>{title.clone()}</figcaption>
            <svg class="lines" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=label.clone() preserveAspectRatio="none">
                {paths.into_iter().enumerate().map(|(index, (name, path))| view! {
                    <path d=path class=format!("line line-{}", index % 6)><title>{name}</title></path>
                }).collect_view()}
                <text x="0" y=format!("{}", HEIGHT - 3.0) class="axis">{first}</text>
                <text x=format!("{WIDTH}") y=format!("{}", HEIGHT - 3.0) class="axis" text-anchor="end">{last}</text>
            </svg>
            <Drawn id=chart_id(&title) label drawing />
            <details>
                <summary>"Numbers"</summary>
                <table class="library-table compact">
                    <thead>
                        <tr>
                            <th scope="col">"Day"</th>
                            {names.into_iter().map(|name| view! { <th scope="col" class="number">{format!("{name} ({value_heading})")}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {days.iter().enumerate().map(|(index, day)| view! {
                            <tr>
                                <th scope="row">{day.clone()}</th>
                                {series.iter().map(|(_, points)| {
                                    let value = points.get(index).copied().flatten();
                                    view! { <td class="number">{value.map_or_else(|| "–".to_owned(), |value| crate::format::count(value as i64))}</td> }
                                }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
    .into_any()
}
