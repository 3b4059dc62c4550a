//! The calibration part of the Sources page: for each provider and feature, whether its values are mapped onto
//! Spotify's scale (learned from the tracks both describe) and the distributions before and after, beside the
//! reference's, as small server-drawn bar charts with their numbers in a table.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One provider's feature as the page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalibrationLine {
    pub provider: String,
    pub feature: String,
    /// In plain words: calibrated against what, from how many tracks; or why not.
    pub words: String,
    /// The low and high end of the feature's range, for the charts' axes.
    pub low: f64,
    pub high: f64,
    /// Shares of values per bin: the provider's as given, calibrated, and the reference's.
    pub raw: Vec<f64>,
    pub calibrated: Option<Vec<f64>>,
    pub reference: Option<Vec<f64>>,
}

#[cfg(feature = "ssr")]
pub async fn calibration_lines(pool: &sqlx::PgPool) -> Result<Vec<CalibrationLine>, crossfade_store::StoreError> {
    use crossfade_domain::MIN_OVERLAP;
    let stored = crossfade_store::enrichment::calibration::calibrations(pool).await?;
    Ok(stored
        .into_iter()
        .filter(|stored| !crossfade_domain::REFERENCE_SOURCES.contains(&stored.provider))
        .map(|stored| {
            let comparison = stored.comparison();
            let feature = stored.feature();
            let (low, high) = feature.range();
            let words = match stored.calibration.mapping() {
                Some(mapping) => format!(
                    "Calibrated onto {}'s scale from the {} tracks both describe.",
                    stored.reference.name(),
                    mapping.overlap()
                ),
                None => format!(
                    "Uncalibrated: {} tracks have a value from both {} and Spotify or an imported file; {} are needed.",
                    stored.calibration.overlap(),
                    stored.provider.name(),
                    MIN_OVERLAP
                ),
            };
            CalibrationLine {
                provider: stored.provider.name().to_owned(),
                feature: feature.label().to_owned(),
                words,
                low,
                high,
                raw: comparison.raw,
                calibrated: comparison.calibrated.as_ref().map(|shares| shares.calibrated.clone()),
                reference: comparison.calibrated.map(|shares| shares.reference),
            }
        })
        .collect())
}

/// The section: every provider feature with its state and charts.
#[component]
pub fn CalibrationSection(lines: Vec<CalibrationLine>) -> impl IntoView {
    view! {
        <section aria-labelledby="calibration">
            <h2 id="calibration">"Calibration"</h2>
            <p>
                "Services measure differently: one's 0.80 danceability may be Spotify's 0.65. Where enough tracks "
                "have a value from a service and from Spotify (or a file carrying Spotify's values), Crossfade maps "
                "the service's values onto Spotify's scale, keeping their order; track pages show both."
            </p>
            {if lines.is_empty() {
                view! { <p>"No values to compare yet."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="calibration-table">
                            <thead>
                                <tr>
                                    <th scope="col">"Source"</th>
                                    <th scope="col">"Feature"</th>
                                    <th scope="col">"State"</th>
                                    <th scope="col">"As given"</th>
                                    <th scope="col">"Calibrated"</th>
                                    <th scope="col">"Spotify's"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {lines.into_iter().map(|line| view! { <CalibrationRow line /> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </section>
    }
}

// Rows and charts are type-erased (`AnyView`): nested as they are, their static view types grow past what the
// compiler lays out for the browser build.
#[component]
fn CalibrationRow(line: CalibrationLine) -> AnyView {
    let what = format!("{} {}", line.provider, line.feature);
    let chart = |shares: Option<Vec<f64>>, which: &str| {
        shares
            .map(|shares| view! { <Bars shares=shares label=format!("{what}, {which}") low=line.low high=line.high /> })
    };
    view! {
        <tr>
            <th scope="row">{line.provider.clone()}</th>
            <td>{line.feature.clone()}</td>
            <td>{line.words.clone()}</td>
            <td>{chart(Some(line.raw.clone()), "as given")}</td>
            <td>{chart(line.calibrated.clone(), "calibrated")}</td>
            <td>{chart(line.reference.clone(), "Spotify's values")}</td>
        </tr>
    }
    .into_any()
}

/// Chart size in SVG units.
const WIDTH: f64 = 120.0;
const HEIGHT: f64 = 36.0;

/// A histogram as bars, with its numbers in the accessible label (the shares per bin, so no number is only drawn).
#[component]
fn Bars(shares: Vec<f64>, label: String, low: f64, high: f64) -> AnyView {
    let tallest = shares.iter().copied().fold(0.0, f64::max).max(f64::EPSILON);
    let width = WIDTH / shares.len().max(1) as f64;
    let step = (high - low) / shares.len().max(1) as f64;
    let described = shares
        .iter()
        .enumerate()
        .filter(|(_, share)| **share > 0.0)
        .map(|(bin, share)| {
            let from = low + step * bin as f64;
            format!("{:.2}–{:.2}: {:.0} %", from, from + step, share * 100.0)
        })
        .collect::<Vec<_>>()
        .join("; ");
    view! {
        <svg
            class="bars"
            viewBox=format!("0 0 {WIDTH} {HEIGHT}")
            width=WIDTH.to_string()
            height=HEIGHT.to_string()
            role="img"
            aria-label=format!("{label}: {described}")
        >
            {shares
                .into_iter()
                .enumerate()
                .map(|(bin, share)| {
                    let height = HEIGHT * share / tallest;
                    view! {
                        <rect
                            x=format!("{:.2}", bin as f64 * width)
                            y=format!("{:.2}", HEIGHT - height)
                            width=format!("{:.2}", (width - 1.0).max(0.5))
                            height=format!("{height:.2}")
                        />
                    }
                })
                .collect_view()}
        </svg>
    }
    .into_any()
}
