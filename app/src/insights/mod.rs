//! `/insights?of=…`: the figures of a collection of the signed-in user's tracks (the whole library, liked songs, a
//! playlist, an album, an artist, a genre, a label or a tag): size and length, coverage with sources, averages and
//! spread, the tracks at the extremes, distributions, decades, keys on the Camelot wheel, top genres, labels and
//! artists, and a scatter of any two measures. One request answers the page; the charts are SVG drawn on the server
//! with their numbers in tables beside them, so they show without JavaScript too. Choosing another collection or
//! other scatter axes is a GET form, so every view has an address.

mod charts;
mod compare;
mod figures;
mod history;
mod history_sections;

pub use compare::ComparePage;
pub use history::HistoryInsightsPage;

use crossfade_domain::{CollectionInsights, Scatter};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::moment::Moment;
use crate::page_answer::gated_view;

/// What a visitor is asked to sign in for.
pub(crate) const PURPOSE: &str = "to see insights into your library";

/// A collection the picker offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// The `of` value.
    pub code: String,
    pub name: String,
}

/// Everything the page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InsightsView {
    /// The collection's `of` value.
    pub code: String,
    /// "Playlist", "Genre", …
    pub kind: String,
    pub name: String,
    /// When the figures were computed from the read model (they are kept until it moves, and refreshed by the jobs
    /// that move it).
    pub computed: Moment,
    pub insights: CollectionInsights,
    pub scatter: Scatter,
    /// The whole library, liked songs and the user's playlists, for the picker.
    pub choices: Vec<Choice>,
}

/// The user's `collection` with its figures, what kind of collection it is and its name; 404 when it is not theirs.
#[cfg(feature = "ssr")]
async fn report(
    pool: &sqlx::PgPool,
    user_id: i64,
    collection: &crossfade_domain::TrackCollection,
    axes: (crossfade_domain::AudioFeature, crossfade_domain::AudioFeature),
) -> Result<(crossfade_library::insights::CollectionReport, &'static str, String), AppError> {
    use crossfade_domain::{GenreTree, TrackCollection};
    let report = crossfade_library::insights::collection_report(pool, user_id, collection, axes)
        .await
        .map_err(|error| crate::error::internal("reading a collection's insights failed", &error))?
        .ok_or_else(|| AppError::NotFound.answer())?;
    let (kind, name) = match collection {
        TrackCollection::Library => ("Library", "Your whole library".to_owned()),
        TrackCollection::Liked => ("Collection", "Liked songs".to_owned()),
        TrackCollection::Playlist(_) => ("Playlist", report.name.clone().unwrap_or_default()),
        TrackCollection::Album(_) => ("Album", report.name.clone().unwrap_or_default()),
        TrackCollection::Artist(_) => ("Artist", report.name.clone().unwrap_or_default()),
        TrackCollection::Genre(id) => ("Genre", GenreTree::get().genre(*id).name.to_owned()),
        TrackCollection::Label(key) => (
            "Record label",
            report.insights.top_labels.first().map_or_else(|| key.as_str().to_owned(), |label| label.name.clone()),
        ),
        TrackCollection::Tag(tag) => ("Your tag", tag.as_str().to_owned()),
        TrackCollection::Played(range) => ("Played", format!("Tracks you played: {}", range.describe())),
        TrackCollection::Top(range) => {
            ("Top tracks", format!("Your {} most played: {}", crossfade_domain::TOP_TRACKS, range.describe()))
        }
    };
    Ok((report, kind, name))
}

/// The collections the pickers offer: the whole library, liked songs and the user's playlists.
#[cfg(feature = "ssr")]
async fn choices(pool: &sqlx::PgPool, user_id: i64) -> Result<Vec<Choice>, AppError> {
    use crossfade_domain::TrackCollection;
    let playlists = crossfade_store::browse::playlists(pool, user_id)
        .await
        .map_err(|error| crate::error::internal("reading the playlists for the insights picker failed", &error))?;
    let mut choices = vec![
        Choice { code: TrackCollection::Library.code(), name: "Your whole library".to_owned() },
        Choice { code: TrackCollection::Liked.code(), name: "Liked songs".to_owned() },
        Choice {
            code: TrackCollection::Top(crossfade_domain::HistoryRange::ALL).code(),
            name: format!("Your {} most played", crossfade_domain::TOP_TRACKS),
        },
    ];
    choices.extend(playlists.into_iter().filter_map(|playlist| {
        let id = crossfade_domain::SpotifyId::parse(&playlist.spotify_id).ok()?;
        Some(Choice { code: TrackCollection::Playlist(id).code(), name: playlist.name })
    }));
    Ok(choices)
}

/// The insights of the collection `of` (see `TrackCollection`; empty for the whole library), with a scatter of the
/// measures `x` and `y`. Open to everyone: a visitor gets `None`; a playlist, album, artist, label or tag that is
/// not the user's answers 404, and an address that names no collection or measure answers 400 saying why.
#[server(prefix = "/api", endpoint = "get_insights")]
pub async fn get_insights(
    of: Option<String>,
    x: Option<String>,
    y: Option<String>,
) -> Result<Option<InsightsView>, AppError> {
    use crossfade_domain::{AudioFeature, MEASURES, TrackCollection};
    crate::account::for_viewer("get_insights", |viewer| async move {
        let collection = TrackCollection::parse(of.as_deref().unwrap_or_default())
            .map_err(|problem| AppError::invalid("of", problem).answer())?;
        let axis = |field: &str, text: Option<String>, default: AudioFeature| match text.as_deref() {
            None | Some("") => Ok(default),
            Some(code) => AudioFeature::parse(code).filter(|feature| MEASURES.contains(feature)).ok_or_else(|| {
                let shown: String = code.chars().take(40).collect();
                AppError::invalid(field, format!("`{shown}` is not a measure insights can plot")).answer()
            }),
        };
        let (default_x, default_y) = crossfade_domain::SCATTER_AXES;
        let axes = (axis("x", x, default_x)?, axis("y", y, default_y)?);
        let pool = expect_context::<sqlx::PgPool>();
        let (report, kind, name) = report(&pool, viewer.user_id, &collection, axes).await?;
        Ok(InsightsView {
            code: collection.code(),
            kind: kind.to_owned(),
            name,
            computed: Moment::at(report.computed_at),
            insights: report.insights,
            scatter: report.scatter,
            choices: choices(&pool, viewer.user_id).await?,
        })
    })
    .await
}

/// `/insights`, for signed-in users; others are pointed to sign-in.
#[component]
pub fn InsightsPage() -> AnyView {
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let query = query.read();
            (query.get("of"), query.get("x"), query.get("y"))
        },
        |(of, x, y)| get_insights(of, x, y),
    );
    view! {
        <Title text="Insights" />
        <Suspense fallback=|| view! { <p>"Working out the figures…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, PURPOSE, |view: InsightsView| view! { <Dashboard view /> })
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Dashboard(view: InsightsView) -> AnyView {
    let InsightsView { code, kind, name, computed, insights, scatter, choices } = view;
    let empty = insights.tracks == 0;
    view! {
        <Title text=format!("Insights: {name}") />
        <article class="insights">
            <p class="kind">{kind}" · Insights"</p>
            <h1>{name}</h1>
            <Picker code=code.clone() choices />
            <p>
                <a href=crossfade_domain::HISTORY_INSIGHTS_PATH>"Your listening history"</a>
                ": time listened, when, top tracks and artists, skips, sessions and discoveries."
            </p>
            <p class="freshness">
                "Figures from your library as of "
                <time datetime=computed.iso>{computed.shown}</time>
                ". They are recomputed after every sync, import, lookup and enrichment run that changes your library."
            </p>
            {if empty {
                view! { <p class="notice">"This collection holds none of your tracks yet."</p> }.into_any()
            } else {
                view! {
                    <figures::Overview insights=insights.clone() />
                    <figures::Measures insights=insights.clone() />
                    <figures::Superlatives insights=insights.clone() />
                    <charts::Distributions insights=insights.clone() />
                    <charts::Keys insights=insights.clone() />
                    <figures::Tops insights=insights.clone() />
                    <charts::ScatterSection code=code.clone() scatter />
                    <figures::CoverageList insights />
                    <figures::Downloads code />
                }
                .into_any()
            }}
        </article>
    }
    .into_any()
}

/// Choosing the collection, and another to compare it with: GET forms, so each choice is an address.
#[component]
fn Picker(code: String, choices: Vec<Choice>) -> AnyView {
    let options = compare::choice_options(&choices, &code);
    let other = if code == "liked" { "library" } else { "liked" };
    let others = compare::choice_options(&choices, other);
    view! {
        <div class="insights-pickers">
            <form method="get" action=crossfade_domain::INSIGHTS_PATH class="filters insights-picker">
                <label for="insights-of">"Collection"</label>
                <select id="insights-of" name="of">{options}</select>
                <button type="submit" class="button">"Show"</button>
            </form>
            <form method="get" action=compare::COMPARE_PATH class="filters insights-picker">
                <input type="hidden" name="a" value=code />
                <label for="compare-with">"Compare with"</label>
                <select id="compare-with" name="b">{others}</select>
                <button type="submit" class="button">"Compare"</button>
            </form>
        </div>
    }
    .into_any()
}
