//! `/curation/:style`: a curated style's categories (each a golden playlist on Spotify) with a form to add one, this
//! week's period (started, or a button to start it) and the earlier periods.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::page_answer::gated_view;

/// A period in the style's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodRow {
    pub week: String,
    pub week_name: String,
    pub sorted: bool,
    pub unsorted: i64,
    pub cards: i64,
}

/// What a style's page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StyleView {
    pub slug: String,
    pub name: String,
    /// Id and name, in board order.
    pub categories: Vec<(i64, String)>,
    /// This week's Monday and ISO name.
    pub this_week: (String, String),
    pub periods: Vec<PeriodRow>,
    /// This week's releases of the style: matched on Spotify, still to look up, not found or unsure.
    pub this_week_releases: (i64, i64, i64),
    pub may_write: bool,
}

/// The signed-in user's style `style`: 404 for a style they do not curate. A visitor gets `None` (signed out).
#[server(prefix = "/api", endpoint = "curation_style")]
pub async fn curation_style(style: String) -> Result<Option<StyleView>, AppError> {
    use crossfade_domain::{Style, Week};
    use crossfade_store::curation;
    crate::account::for_viewer("curation_style", |viewer| async move {
        let style = Style::parse(&style).map_err(|_| AppError::NotFound.answer())?;
        let pool = expect_context::<sqlx::PgPool>();
        let failed =
            |error: crossfade_store::StoreError| crate::error::internal("reading a curated style failed", &error);
        let curated = curation::curated_styles(&pool, viewer.user_id).await.map_err(failed)?;
        if !curated.iter().any(|row| row.style == style) {
            return Err(AppError::NotFound.answer());
        }
        let categories = curation::categories(&pool, viewer.user_id, style).await.map_err(failed)?;
        let periods = curation::periods(&pool, viewer.user_id, style).await.map_err(failed)?;
        let may_write =
            crossfade_library::smart_playlists::may_write_playlists(&pool, viewer.user_id).await.map_err(failed)?;
        let this_week = super::this_week();
        let releases = curation::week_releases(&pool, style, this_week).await.map_err(failed)?;
        Ok(StyleView {
            slug: style.slug.to_owned(),
            name: style.name.to_owned(),
            categories: categories.into_iter().map(|category| (category.id, category.name)).collect(),
            this_week: (this_week.to_string(), this_week.iso_name()),
            periods: periods
                .into_iter()
                .filter_map(|period| {
                    let week = Week::parse(&period.week.to_string())?;
                    Some(PeriodRow {
                        week: week.to_string(),
                        week_name: week.iso_name(),
                        sorted: period.sorted,
                        unsorted: period.unsorted,
                        cards: period.cards,
                    })
                })
                .collect(),
            this_week_releases: (releases.matched, releases.pending, releases.unsettled),
            may_write,
        })
    })
    .await
}

/// Adds a category named `name` to `style`, creating its golden playlist on Spotify (private). Requires sign-in
/// and the permission to change playlists.
#[server(prefix = "/api", endpoint = "add_curation_category")]
pub async fn add_curation_category(style: String, name: String) -> Result<(), AppError> {
    use crossfade_domain::{CategoryName, Style};
    let viewer = crate::account::require_viewer()?;
    let style = Style::parse(&style).map_err(|problem| AppError::invalid("style", problem).answer())?;
    let name = CategoryName::parse(&name).map_err(|problem| AppError::invalid("name", problem).answer())?;
    let library = expect_context::<crossfade_library::Library>();
    crossfade_library::curation::add_category(&library, viewer.user_id, style, &name)
        .await
        .map_err(|error| super::board_failed("adding a category failed", error))?;
    leptos_axum::redirect(&super::style_path(style));
    Ok(())
}

/// Starts the period of `style` for the week starting `week` (a Monday): the bronze playlist filled with the week's
/// releases ranked by taste, and a silver playlist per category; then opens the board. Requires sign-in and the
/// permission to change playlists.
#[server(prefix = "/api", endpoint = "start_curation_period")]
pub async fn start_curation_period(style: String, week: String) -> Result<(), AppError> {
    use crossfade_domain::{Style, Week};
    let viewer = crate::account::require_viewer()?;
    let style = Style::parse(&style).map_err(|problem| AppError::invalid("style", problem).answer())?;
    let week =
        Week::parse(&week).ok_or_else(|| AppError::invalid("week", "not a Monday written YYYY-MM-DD").answer())?;
    let library = expect_context::<crossfade_library::Library>();
    crossfade_library::curation::start_period(&library, viewer.user_id, style, week)
        .await
        .map_err(|error| super::board_failed("starting a period failed", error))?;
    leptos_axum::redirect(&super::board_path(style, week));
    Ok(())
}

#[component]
pub fn CurationStylePage() -> impl IntoView {
    let params = use_params_map();
    let add = ServerAction::<AddCurationCategory>::new();
    let start = ServerAction::<StartCurationPeriod>::new();
    let data = Resource::new(
        move || (params.read().get("style").unwrap_or_default(), add.version().get(), start.version().get()),
        |(style, _, _)| curation_style(style),
    );
    view! {
        <Title text="Curation" />
        <Suspense fallback=|| view! { <p>"Reading the style…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, "to curate new releases", move |view: StyleView| view! {
                    <StylePage view add start />
                })
            })}
        </Suspense>
    }
}

#[component]
fn StylePage(
    view: StyleView,
    add: ServerAction<AddCurationCategory>,
    start: ServerAction<StartCurationPeriod>,
) -> impl IntoView {
    let here = format!("/curation/{}", view.slug);
    let slug = view.slug.clone();
    let periods = view
        .periods
        .iter()
        .map(|period| {
            let state = if period.sorted {
                "sorted".to_owned()
            } else {
                format!("{} of {} to sort", period.unsorted, period.cards)
            };
            view! {
                <li>
                    <a href=format!("/curation/{}/{}", view.slug, period.week)>{period.week_name.clone()}</a>
                    " · " {state}
                </li>
            }
        })
        .collect_view();
    let (this_week, this_week_name) = view.this_week.clone();
    let started = view.periods.iter().any(|period| period.week == this_week);
    let (matched, pending, unsettled) = view.this_week_releases;
    let mut this_week_words =
        format!("{this_week_name}: {} on Spotify", crate::format::counted(matched, "new release", "new releases"));
    if pending > 0 {
        this_week_words.push_str(&format!(", {} still being looked up", crate::format::count(pending)));
    }
    if unsettled > 0 {
        this_week_words.push_str(&format!(", {} not found or unsure", crate::format::count(unsettled)));
    }
    this_week_words.push('.');
    let problem = move || {
        [add.value().get(), start.value().get()].into_iter().flatten().find_map(|outcome| match outcome {
            Err(AppError::InvalidInput { message, .. }) => Some(message),
            Err(other) => Some(other.to_string()),
            Ok(()) => None,
        })
    };
    view! {
        <Title text=format!("{} · Curation", view.name) />
        <p class="kind"><a href="/curation">"Curation"</a></p>
        <h1>{view.name.clone()}</h1>
        {move || problem().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        {(!view.may_write).then(|| view! { <super::ConsentNotice here=here.clone() /> })}
        <section aria-labelledby="categories-heading">
            <h2 id="categories-heading">"Categories"</h2>
            {if view.categories.is_empty() {
                view! { <p>"No category yet. Each category is a golden playlist on Spotify where its keepers go."</p> }.into_any()
            } else {
                view! {
                    <ol class="categories">
                        {view.categories.iter().map(|(_, name)| view! { <li>{name.clone()}</li> }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <ActionForm action=add attr:class="filters">
                <input type="hidden" name="style" value=view.slug.clone() />
                <label for="category-name">"New category"</label>
                <input id="category-name" name="name" required maxlength="50" placeholder="Peak Time" />
                <button type="submit" class="button">"Add category"</button>
            </ActionForm>
        </section>
        <section aria-labelledby="weeks-heading">
            <h2 id="weeks-heading">"Weeks"</h2>
            <p role="status">{this_week_words}</p>
            {(unsettled > 0).then(|| view! { <p><a href="/curation/matches">"Check the releases not found or unsure"</a></p> })}
            {(!started).then(|| view! {
                <ActionForm action=start attr:class="filters">
                    <input type="hidden" name="style" value=slug />
                    <input type="hidden" name="week" value=this_week.clone() />
                    <button type="submit" class="button">{format!("Start {this_week_name}")}</button>
                </ActionForm>
            })}
            <ul class="periods">{periods}</ul>
        </section>
    }
}
