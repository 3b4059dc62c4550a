//! `/charts/sources`: which chart of each service stands for each genre, and whether the schedule fetches it. Each
//! source is a plain form (the service's chart as it names it, checked against how it names its charts, and "fetched
//! on the schedule"); saving a fetched source fetches it at once when this installation fetches that service. A genre
//! takes a chart of a service it has none of with the form under its sources.

use crossfade_domain::MAX_LOCATOR_CHARS;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::CHARTS_PATH;
use crate::AppError;
use crate::page_answer::gated_view;

/// Where the sources are set.
pub const CHART_SOURCES_PATH: &str = "/charts/sources";

/// One source of a genre.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceView {
    pub service_code: String,
    pub service: String,
    pub locator: String,
    pub fetched: bool,
    /// How the service names its charts.
    pub hint: String,
    /// Whether this installation fetches the service at all.
    pub fetched_here: bool,
    /// The latest fetch, in words.
    pub last: Option<String>,
}

/// A genre with its sources and the services it has none of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenreSourcesView {
    pub code: String,
    pub name: String,
    pub sources: Vec<SourceView>,
    /// (code, name) of each service that could be added.
    pub missing: Vec<(String, String)>,
}

/// What the page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcesView {
    pub genres: Vec<GenreSourcesView>,
}

/// Every genre's sources. A visitor gets `None`.
#[server(prefix = "/api", endpoint = "chart_sources")]
pub async fn chart_sources() -> Result<Option<SourcesView>, AppError> {
    use crossfade_domain::ChartService;
    use crossfade_store::charts::FetchOutcome;
    crate::account::for_viewer("chart_sources", |_| async move {
        let pool = expect_context::<sqlx::PgPool>();
        let fetched_here = expect_context::<crossfade_library::charts::FetchedServices>();
        let internal =
            |error: crossfade_store::StoreError| crate::error::internal("reading the chart sources failed", &error);
        let genres = crossfade_store::charts::genres(&pool).await.map_err(internal)?;
        let mut views = Vec::with_capacity(genres.len());
        for genre in genres {
            let fetches = crossfade_store::charts::latest_fetches(&pool, &genre.code).await.map_err(internal)?;
            let sources = genre
                .sources
                .iter()
                .map(|source| SourceView {
                    service_code: source.service.code().to_owned(),
                    service: source.service.name().to_owned(),
                    locator: source.locator.clone(),
                    fetched: source.fetched,
                    hint: source.service.locator_hint().to_owned(),
                    fetched_here: fetched_here.fetches(source.service),
                    last: fetches.iter().find(|fetch| fetch.service == source.service).map(|fetch| {
                        let at = crate::moment::Moment::at(fetch.fetched_at).shown;
                        match &fetch.outcome {
                            FetchOutcome::Stored { entries, .. } => format!("last fetched {at}: {entries} entries"),
                            FetchOutcome::Failed(words) => format!("last fetched {at}: nothing stored — {words}"),
                        }
                    }),
                })
                .collect();
            let missing = ChartService::ALL
                .iter()
                .filter(|service| service.has_charts())
                .filter(|service| genre.sources.iter().all(|source| source.service != **service))
                .map(|service| (service.code().to_owned(), service.name().to_owned()))
                .collect();
            views.push(GenreSourcesView { code: genre.code, name: genre.name, sources, missing });
        }
        Ok(SourcesView { genres: views })
    })
    .await
}

/// Makes `locator` `service`'s chart for genre `genre`, fetched on the schedule when `fetched` is given; a fetched
/// source is fetched at once when this installation fetches its service. Requires sign-in; a locator the service would
/// not know answers 400 with how the service names its charts, an unknown genre 404. Answers the source's key
/// (`{genre}-{service}`), which the page says the saved source by.
#[server(prefix = "/api", endpoint = "save_chart_source")]
pub async fn save_chart_source(
    genre: String,
    service: String,
    locator: String,
    fetched: Option<String>,
) -> Result<String, AppError> {
    use crossfade_domain::{ChartLocator, ChartService};
    use crossfade_library::charts::SavedSource;
    crate::account::require_viewer()?;
    let service = ChartService::parse(&service)
        .filter(|service| service.has_charts())
        .ok_or_else(|| AppError::invalid("service", "not a service with charts").answer())?;
    let locator = ChartLocator::parse(service, &locator)
        .map_err(|problem| AppError::invalid("locator", problem.to_string()).answer())?;
    let fetched = fetched.is_some();
    let pool = expect_context::<sqlx::PgPool>();
    let queue = expect_context::<crossfade_jobs::Queue>();
    let fetched_here = expect_context::<crossfade_library::charts::FetchedServices>();
    let saved = crossfade_library::charts::save_chart_source(&pool, &queue, &fetched_here, &genre, &locator, fetched)
        .await
        .map_err(|error| crate::error::internal("saving a chart source failed", &error))?;
    if saved == SavedSource::UnknownGenre {
        return Err(AppError::NotFound.answer());
    }
    let key = format!("{genre}-{}", service.code());
    if crate::error::plain_form_post() {
        leptos_axum::redirect(&format!("{CHART_SOURCES_PATH}?saved={key}#{key}"));
    }
    Ok(key)
}

/// What the page says of the source `key` (`{genre}-{service}`) just saved, as it now stands.
fn saved_words(view: &SourcesView, key: &str) -> Option<String> {
    let (genre, source) = view.genres.iter().find_map(|genre| {
        let source = genre.sources.iter().find(|source| format!("{}-{}", genre.code, source.service_code) == key)?;
        Some((genre, source))
    })?;
    let fetch = match (source.fetched, source.fetched_here) {
        (true, true) => "fetched now and then on the schedule",
        (false, _) => "the schedule does not fetch it",
        (true, false) => "this installation does not fetch the service's charts",
    };
    Some(format!("Saved: {} takes {}'s chart “{}”; {fetch}.", genre.name, source.service, source.locator))
}

#[component]
pub fn ChartSourcesPage() -> impl IntoView {
    let save = ServerAction::<SaveChartSource>::new();
    let data = Resource::new(move || save.version().get(), |_| chart_sources());
    let query = use_query_map();
    view! {
        <Title text="Chart sources" />
        <h1>"Chart sources"</h1>
        <p>
            "Which chart of each service stands for each genre. The schedule fetches the ticked ones; saving a ticked "
            "one fetches it at once. Files of any service can be brought in for any genre as well: "
            <a href=super::CHART_IMPORT_PATH>"bring in a chart file"</a> "."
        </p>
        {move || {
            save.value().get().and_then(Result::err).map(|error| {
                let words = match error {
                    AppError::InvalidInput { message, .. } => message,
                    AppError::NotFound => "There is no such genre.".to_owned(),
                    other => other.to_string(),
                };
                view! { <p class="form-error" role="alert">{words}</p> }
            })
        }}
        <Suspense fallback=|| view! { <p>"Reading the sources…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, "to set the chart sources", move |view: SourcesView| {
                    // Saved with JavaScript, or come back to after a plain post.
                    let saved = match save.value().get_untracked() {
                        Some(answer) => answer.ok(),
                        None => query.read_untracked().get("saved"),
                    };
                    let said = saved.and_then(|key| saved_words(&view, &key));
                    view! {
                        {said.map(|words| view! { <p role="status">{words}</p> })}
                        {view.genres.into_iter().map(|genre| view! { <GenreSources genre save /> }).collect_view()}
                        <p><a href=CHARTS_PATH>"All genres"</a></p>
                    }
                })
            })}
        </Suspense>
    }
}

#[component]
fn GenreSources(genre: GenreSourcesView, save: ServerAction<SaveChartSource>) -> impl IntoView {
    let GenreSourcesView { code, name, sources, missing } = genre;
    let (heading, labelled) = (format!("sources-{code}"), format!("sources-{code}"));
    let adding = (!missing.is_empty()).then(|| {
        let (select, select_label) = (format!("{code}-new-service"), format!("{code}-new-service"));
        let (input, input_label) = (format!("{code}-new-locator"), format!("{code}-new-locator"));
        let (check, check_label) = (format!("{code}-new-fetched"), format!("{code}-new-fetched"));
        let (genre_code, words) = (code.clone(), format!("Another service for {name}"));
        view! {
            <ActionForm action=save attr:class="chart-source">
                <input type="hidden" name="genre" value=genre_code />
                <label for=select_label>{words}</label>
                " "
                <select id=select name="service">
                    {missing.into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
                </select>
                " "
                <label for=input_label>"its chart"</label>
                " "
                <input id=input name="locator" required maxlength=MAX_LOCATOR_CHARS />
                " "
                <input id=check type="checkbox" name="fetched" value="on" checked />
                <label for=check_label>"Fetched on the schedule"</label>
                " "
                <button type="submit" class="button secondary small">"Add"</button>
            </ActionForm>
        }
    });
    let rows: Vec<_> = sources
        .into_iter()
        .map(|source| {
            let id = format!("{code}-{}", source.service_code);
            let (input, input_label) = (format!("{id}-locator"), format!("{id}-locator"));
            let (check, check_label) = (format!("{id}-fetched"), format!("{id}-fetched"));
            let (hint, described_by) = (format!("{id}-hint"), format!("{id}-hint"));
            let label = format!("{} chart for {name}", source.service);
            let genre_code = code.clone();
            let off = (!source.fetched_here).then_some(" (this installation does not fetch it)");
            let said = format!("{}{}", source.hint, source.last.map(|last| format!(" · {last}")).unwrap_or_default());
            let (service, locator, fetched) = (source.service_code, source.locator, source.fetched);
            view! {
                <li id=id>
                    <ActionForm action=save attr:class="chart-source">
                        <input type="hidden" name="genre" value=genre_code />
                        <input type="hidden" name="service" value=service />
                        <label for=input_label>{label}</label>
                        " "
                        <input id=input name="locator" value=locator required maxlength=MAX_LOCATOR_CHARS
                            aria-describedby=described_by />
                        " "
                        <input id=check type="checkbox" name="fetched" value="on" checked=fetched />
                        <label for=check_label>"Fetched on the schedule"</label>
                        {off}
                        " "
                        <button type="submit" class="button secondary small">"Save"</button>
                    </ActionForm>
                    <p id=hint class="muted">{said}</p>
                </li>
            }
        })
        .collect();
    view! {
        <section aria-labelledby=labelled>
            <h2 id=heading>{name}</h2>
            <ul class="chart-sources">{rows}</ul>
            {adding}
        </section>
    }
}
