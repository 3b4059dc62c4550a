//! `/curation`: the styles a DJ curates, each with its categories and its latest week, and a form to start curating
//! another style.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::page_answer::gated_view;

/// A curated style in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StyleRow {
    pub slug: String,
    pub name: String,
    pub categories: i64,
    /// The latest period's Monday and whether it is sorted.
    pub latest: Option<(String, bool)>,
}

/// What `/curation` shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StylesView {
    pub curated: Vec<StyleRow>,
    /// Styles not curated yet: slug and name.
    pub others: Vec<(String, String)>,
}

/// The styles the signed-in user curates. Open to everyone: a visitor gets `None` (signed out).
#[server(prefix = "/api", endpoint = "curation_styles")]
pub async fn curation_styles() -> Result<Option<StylesView>, AppError> {
    use crossfade_domain::STYLES;
    crate::account::for_viewer("curation_styles", |viewer| async move {
        let pool = expect_context::<sqlx::PgPool>();
        let curated = crossfade_store::curation::curated_styles(&pool, viewer.user_id)
            .await
            .map_err(|error| crate::error::internal("reading the curated styles failed", &error))?;
        let others = STYLES
            .iter()
            .filter(|style| !curated.iter().any(|row| row.style == **style))
            .map(|style| (style.slug.to_owned(), style.name.to_owned()))
            .collect();
        let curated = curated
            .into_iter()
            .map(|row| StyleRow {
                slug: row.style.slug.to_owned(),
                name: row.style.name.to_owned(),
                categories: row.categories,
                latest: row.latest_week.map(|week| (week.to_string(), row.latest_sorted)),
            })
            .collect();
        Ok(StylesView { curated, others })
    })
    .await
}

/// Starts curating `style` for the signed-in user and goes to its page, where categories are added. Requires
/// sign-in.
#[server(prefix = "/api", endpoint = "curate_style")]
pub async fn curate_style(style: String) -> Result<(), AppError> {
    use crossfade_domain::Style;
    let viewer = crate::account::require_viewer()?;
    let style = Style::parse(&style).map_err(|problem| AppError::invalid("style", problem).answer())?;
    let pool = expect_context::<sqlx::PgPool>();
    crossfade_store::curation::curate_style(&pool, viewer.user_id, style)
        .await
        .map_err(|error| crate::error::internal("curating a style failed", &error))?;
    // The style's releases of this week are pulled at once rather than at the next scheduled pull.
    if use_context::<crossfade_library::releases::ReleaseFeedOn>().is_some_and(|feed| feed.0) {
        let queue = expect_context::<crossfade_jobs::Queue>();
        if let Err(error) = crossfade_library::releases::request_pull(&queue, viewer.user_id).await {
            tracing::warn!(user_id = viewer.user_id, error = %error, "the pull of a newly curated style was not queued");
        }
    }
    leptos_axum::redirect(&super::style_path(style));
    Ok(())
}

#[component]
pub fn CurationPage() -> impl IntoView {
    let curate = ServerAction::<CurateStyle>::new();
    let data = Resource::new(move || curate.version().get(), |_| curation_styles());
    view! {
        <Title text="Curation" />
        <h1>"Curation board"</h1>
        <p>
            "Each week, the new releases of the styles you curate land in a bronze playlist on Spotify. Sort them "
            "into your categories (silver), promote the keepers to each category's golden playlist, and throw the "
            "rest away for good. " <a href="/curation/releases">"Bring in releases from a file"</a>
        </p>
        <Suspense fallback=|| view! { <p>"Reading your styles…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, "to curate new releases", move |view: StylesView| view! {
                    <CuratedStyles rows=view.curated />
                    <AddStyle others=view.others curate />
                })
            })}
        </Suspense>
    }
}

#[component]
fn CuratedStyles(rows: Vec<StyleRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p>"You curate no style yet: pick one below."</p> }.into_any();
    }
    view! {
        <section aria-labelledby="curated-heading">
            <h2 id="curated-heading">"Your styles"</h2>
            <ul class="styles">
                {rows.into_iter().map(|row| {
                    let latest = match row.latest {
                        Some((week, true)) => format!("week of {week} sorted"),
                        Some((week, false)) => format!("week of {week} in progress"),
                        None => "no week started".to_owned(),
                    };
                    view! {
                        <li>
                            <a href=format!("/curation/{}", row.slug)>{row.name}</a>
                            " · " {crate::format::counted(row.categories, "category", "categories")} " · " {latest}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

#[component]
fn AddStyle(others: Vec<(String, String)>, curate: ServerAction<CurateStyle>) -> impl IntoView {
    if others.is_empty() {
        return ().into_any();
    }
    let problem = move || match curate.value().get() {
        Some(Err(AppError::InvalidInput { message, .. })) => Some(message),
        Some(Err(other)) => Some(other.to_string()),
        _ => None,
    };
    view! {
        <section aria-labelledby="add-style-heading">
            <h2 id="add-style-heading">"Curate a style"</h2>
            <ActionForm action=curate attr:class="filters">
                <label for="new-style">"Style"</label>
                <select id="new-style" name="style">
                    {others.into_iter().map(|(slug, name)| view! { <option value=slug>{name}</option> }).collect_view()}
                </select>
                <button type="submit" class="button">"Curate"</button>
            </ActionForm>
            {move || problem().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        </section>
    }
    .into_any()
}
