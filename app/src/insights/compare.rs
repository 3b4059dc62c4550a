//! `/insights/compare?a=…&b=…`: two collections side by side, the difference of every figure, and the largest
//! differences in plain words ("Road Trip is 18 BPM faster than Liked songs"). Choosing the two is a GET form.

use crossfade_domain::{AudioFeature, CollectionComparison, Highlight};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::figures::measure_value;
use super::{Choice, PURPOSE};
use crate::AppError;
use crate::format;
use crate::page_answer::gated_view;

/// The path of the comparison page.
pub const COMPARE_PATH: &str = "/insights/compare";

/// One side of a comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Side {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComparisonView {
    pub left: Side,
    pub right: Side,
    pub comparison: CollectionComparison,
    pub choices: Vec<Choice>,
}

/// The collections `a` and `b` compared (`b` against `a`). Open to everyone: a visitor gets `None`; either
/// collection not being the user's answers 404, and an address naming no collection 400 with the reason.
#[server(prefix = "/api", endpoint = "get_comparison")]
pub async fn get_comparison(a: Option<String>, b: Option<String>) -> Result<Option<ComparisonView>, AppError> {
    use crossfade_domain::TrackCollection;
    crate::account::for_viewer("get_comparison", |viewer| async move {
        let parse = |field: &str, code: Option<String>| {
            TrackCollection::parse(code.as_deref().unwrap_or_default())
                .map_err(|problem| AppError::invalid(field, problem).answer())
        };
        // Without a second collection, liked songs are set against the whole library.
        let left = parse("a", a)?;
        let right = match b.as_deref() {
            None | Some("") => TrackCollection::Liked,
            Some(_) => parse("b", b)?,
        };
        let pool = expect_context::<sqlx::PgPool>();
        let (left_report, _, left_name) =
            super::report(&pool, viewer.user_id, &left, crossfade_domain::SCATTER_AXES).await?;
        let (right_report, _, right_name) =
            super::report(&pool, viewer.user_id, &right, crossfade_domain::SCATTER_AXES).await?;
        Ok(ComparisonView {
            left: Side { code: left.code(), name: left_name },
            right: Side { code: right.code(), name: right_name },
            comparison: CollectionComparison::of(&left_report.insights, &right_report.insights),
            choices: super::choices(&pool, viewer.user_id).await?,
        })
    })
    .await
}

#[component]
pub fn ComparePage() -> AnyView {
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let query = query.read();
            (query.get("a"), query.get("b"))
        },
        |(a, b)| get_comparison(a, b),
    );
    view! {
        <Title text="Compare collections" />
        <Suspense fallback=|| view! { <p>"Setting the two side by side…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, PURPOSE, |view: ComparisonView| view! { <Comparison view /> })
            })}
        </Suspense>
    }
    .into_any()
}

/// Words for a measure's direction: (higher, lower).
fn directions(feature: Option<AudioFeature>) -> (&'static str, &'static str) {
    match feature {
        Some(AudioFeature::Danceability) => ("more danceable", "less danceable"),
        Some(AudioFeature::Energy) => ("more energetic", "calmer"),
        Some(AudioFeature::Valence) => ("happier", "sadder"),
        Some(AudioFeature::Acousticness) => ("more acoustic", "less acoustic"),
        Some(AudioFeature::Instrumentalness) => ("more instrumental", "less instrumental"),
        Some(AudioFeature::Speechiness) => ("wordier", "less wordy"),
        Some(AudioFeature::Liveness) => ("more live", "less live"),
        Some(AudioFeature::Tempo) => ("faster", "slower"),
        Some(AudioFeature::Loudness) | Some(AudioFeature::Gain) => ("louder", "quieter"),
        None => ("longer", "shorter"),
    }
}

/// "Road Trip is 18 BPM faster than Liked songs on average."
fn sentence(highlight: &Highlight, left: &str, right: &str) -> String {
    match highlight {
        Highlight::Measure { feature, difference, left: from, right: to } => {
            let (higher, lower) = directions(*feature);
            let word = if *difference >= 0.0 { higher } else { lower };
            let amount = match feature {
                Some(AudioFeature::Tempo) => format!("{:.0} BPM ", difference.abs()),
                Some(AudioFeature::Loudness) => format!("{:.1} dB ", difference.abs()),
                None => format!("{} ", format::track_length((difference.abs() * 1000.0) as i64)),
                Some(_) => String::new(),
            };
            format!(
                "{right} is {amount}{word} than {left} on average ({} against {}).",
                measure_value(*feature, *to),
                measure_value(*feature, *from)
            )
        }
        Highlight::Genre { name, points } => {
            let more = if *points >= 0.0 { "more" } else { "less" };
            format!("{right} has {:.0} percentage points {more} {name} than {left}.", points.abs())
        }
    }
}

#[component]
fn Comparison(view: ComparisonView) -> AnyView {
    let ComparisonView { left, right, comparison, choices } = view;
    let sentences: Vec<String> =
        comparison.highlights.iter().map(|highlight| sentence(highlight, &left.name, &right.name)).collect();
    let shown = |value: Option<f64>, feature: Option<AudioFeature>| {
        value.map_or_else(|| "–".to_owned(), |value| measure_value(feature, value))
    };
    let percent = |value: Option<f64>| value.map_or_else(|| "–".to_owned(), |value| format!("{value:.0} %"));
    let mut rows: Vec<(String, String, String, String)> = vec![
        (
            "Tracks".to_owned(),
            format::count(comparison.tracks.0 as i64),
            format::count(comparison.tracks.1 as i64),
            format::count(comparison.tracks.1 as i64 - comparison.tracks.0 as i64),
        ),
        (
            "Total length".to_owned(),
            format::listening_time(comparison.total_ms.0 as i64),
            format::listening_time(comparison.total_ms.1 as i64),
            String::new(),
        ),
        (
            "Explicit".to_owned(),
            percent(comparison.explicit.0),
            percent(comparison.explicit.1),
            comparison
                .explicit
                .0
                .zip(comparison.explicit.1)
                .map(|(a, b)| format!("{:+.0} points", b - a))
                .unwrap_or_default(),
        ),
    ];
    rows.extend(comparison.measures.iter().map(|measure| {
        let label =
            measure.feature.map_or("Length (average)".to_owned(), |feature| format!("{} (average)", feature.label()));
        let difference = measure.difference.map_or_else(String::new, |difference| {
            let sign = if difference >= 0.0 { "+" } else { "−" };
            format!("{sign}{}", measure_value(measure.feature, difference.abs()))
        });
        (label, shown(measure.left, measure.feature), shown(measure.right, measure.feature), difference)
    }));
    let genres: Vec<_> = comparison.genres.iter().take(crossfade_domain::TOP_ENTRIES).cloned().collect();
    let (left_name, right_name) = (left.name.clone(), right.name.clone());
    view! {
        <Title text=format!("{} and {}", left.name, right.name) />
        <article class="insights">
            <p class="kind">"Insights · Comparison"</p>
            <h1>{format!("{} and {}", left.name, right.name)}</h1>
            <form method="get" action=COMPARE_PATH class="filters insights-picker">
                <label for="compare-a">"Compare"</label>
                <select id="compare-a" name="a">{choice_options(&choices, &left.code)}</select>
                <label for="compare-b">"with"</label>
                <select id="compare-b" name="b">{choice_options(&choices, &right.code)}</select>
                <button type="submit" class="button">"Compare"</button>
            </form>
            <section class="insight-section" aria-labelledby="differences-heading">
                <h2 id="differences-heading">"The largest differences"</h2>
                {if sentences.is_empty() {
                    view! { <p>"The two are much alike: no figure differs by much."</p> }.into_any()
                } else {
                    view! { <ul class="highlights">{sentences.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul> }
                        .into_any()
                }}
            </section>
            <section class="insight-section" aria-labelledby="figures-heading">
                <h2 id="figures-heading">"Every figure"</h2>
                <div class="table-scroll">
                    <table class="library-table">
                        <thead>
                            <tr>
                                <th scope="col">"Figure"</th>
                                <th scope="col" class="number">{left_name.clone()}</th>
                                <th scope="col" class="number">{right_name.clone()}</th>
                                <th scope="col" class="number">"Difference"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows
                                .into_iter()
                                .map(|(label, a, b, difference)| view! {
                                    <tr>
                                        <th scope="row">{label}</th>
                                        <td class="number">{a}</td>
                                        <td class="number">{b}</td>
                                        <td class="number">{difference}</td>
                                    </tr>
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
            <section class="insight-section" aria-labelledby="genre-shares-heading">
                <h2 id="genre-shares-heading">"Genres"</h2>
                <p class="muted">"Each genre's share of the tracks, a genre counting its subgenres; largest differences first."</p>
                <div class="table-scroll">
                    <table class="library-table">
                        <thead>
                            <tr>
                                <th scope="col">"Genre"</th>
                                <th scope="col" class="number">{left_name}</th>
                                <th scope="col" class="number">{right_name}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {genres
                                .into_iter()
                                .map(|genre| view! {
                                    <tr>
                                        <th scope="row">{genre.name}</th>
                                        <td class="number">{format!("{:.0} %", genre.left)}</td>
                                        <td class="number">{format!("{:.0} %", genre.right)}</td>
                                    </tr>
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        </article>
    }
    .into_any()
}

/// The picker's options, `chosen` selected (listed first as "this collection" when it is not among the choices).
pub(super) fn choice_options(choices: &[Choice], chosen: &str) -> AnyView {
    let listed = choices.iter().any(|choice| choice.code == chosen);
    let extra = (!listed).then(|| view! { <option value=chosen.to_owned() selected=true>"This collection"</option> });
    let options = choices
        .iter()
        .map(|choice| {
            let selected = choice.code == chosen;
            view! { <option value=choice.code.clone() selected=selected>{choice.name.clone()}</option> }
        })
        .collect_view();
    view! { {extra} {options} }.into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_read_as_sentences() {
        let faster =
            Highlight::Measure { feature: Some(AudioFeature::Tempo), difference: 18.0, left: 124.0, right: 142.0 };
        assert_eq!(
            sentence(&faster, "Liked songs", "Road Trip"),
            "Road Trip is 18 BPM faster than Liked songs on average (142 BPM against 124 BPM)."
        );
        let sadder =
            Highlight::Measure { feature: Some(AudioFeature::Valence), difference: -0.2, left: 0.6, right: 0.4 };
        assert_eq!(sentence(&sadder, "A", "B"), "B is sadder than A on average (0.40 against 0.60).");
        let shorter = Highlight::Measure { feature: None, difference: -75.0, left: 250.0, right: 175.0 };
        assert_eq!(sentence(&shorter, "A", "B"), "B is 1:15 shorter than A on average (2:55 against 4:10).");
        let genre = Highlight::Genre { name: "House".into(), points: -30.0 };
        assert_eq!(sentence(&genre, "A", "B"), "B has 30 percentage points less House than A.");
    }
}
