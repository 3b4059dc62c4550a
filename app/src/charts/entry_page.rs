//! `/charts/entries/:entry?find=&back=`: which recording a chart entry is, when matching could not say. The entry as
//! its chart listed it, a search among the recordings charted so far (by the entry's title to begin with; every word
//! must be in a recording's title or artists), each found recording with its likeness to the entry and an "It is
//! this one" answer, and "A recording of its own". The search is a GET form and the answers plain form posts; an
//! answer goes back to the chart it came from (`back`), with JavaScript too.

use crossfade_domain::MAX_RECORDING_SEARCH_CHARS;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use super::CHARTS_PATH;
use super::settle::{SettleAs, SettleChartEntry, SettleEntry};
use crate::AppError;
use crate::page_answer::gated_view;

/// A recording found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundView {
    pub recording: String,
    pub href: String,
    pub title: String,
    pub artists: String,
    /// "87 %".
    pub likeness: String,
    /// "12 chart entries in Pop, Dance".
    pub charted: String,
}

/// What the page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryView {
    pub entry: String,
    pub title: String,
    pub artists: String,
    /// "#7 on Last.fm's Pop chart of 2026-11-30".
    pub placed: String,
    /// The chart the entry is on, where answers go back to by default.
    pub chart: String,
    /// The recording's history, when the entry is tied to one already.
    pub tied: Option<String>,
    pub search: String,
    pub found: Vec<FoundView>,
}

/// Entry `entry` (`{chart}-{position}`) of a chart with the recordings `find` finds (the entry's title's words when
/// empty). A visitor gets `None`; an unknown entry answers 404, a search the domain refuses 400 with its words.
#[server(prefix = "/api", endpoint = "chart_entry_candidates")]
pub async fn chart_entry_candidates(entry: String, find: Option<String>) -> Result<Option<EntryView>, AppError> {
    use crossfade_domain::RecordingSearch;
    crate::account::for_viewer("chart_entry_candidates", |_| async move {
        let (chart, position) = super::settle::parse_entry(&entry).ok_or_else(|| AppError::NotFound.answer())?;
        let search = match find.as_deref().map(str::trim).filter(|find| !find.is_empty()) {
            Some(find) => Some(
                RecordingSearch::parse(find)
                    .map_err(|problem| AppError::invalid("find", problem.to_string()).answer())?,
            ),
            None => None,
        };
        let pool = expect_context::<sqlx::PgPool>();
        let internal =
            |error: crossfade_store::StoreError| crate::error::internal("reading a chart entry failed", &error);
        let candidates = crossfade_library::charts::entry_candidates(&pool, chart, position, search)
            .await
            .map_err(internal)?
            .ok_or_else(|| AppError::NotFound.answer())?;
        let genres = crossfade_store::charts::genres(&pool).await.map_err(internal)?;
        let stored = &candidates.entry;
        let genre_name = genres
            .iter()
            .find(|genre| genre.code == stored.genre_code)
            .map_or_else(|| stored.genre_code.clone(), |genre| genre.name.clone());
        Ok(EntryView {
            entry: format!("{chart}-{position}"),
            title: stored.entry.title.clone(),
            artists: stored.entry.artists.clone(),
            placed: format!(
                "#{} on {}'s {genre_name} chart of {}",
                stored.entry.position,
                stored.service.name(),
                stored.day
            ),
            chart: format!("{}?day={}", super::genre_path(&stored.genre_code), stored.day),
            tied: stored.recording_id.map(super::recording_path),
            search: candidates.search.as_ref().map(|search| search.text().to_owned()).unwrap_or_default(),
            found: candidates
                .found
                .iter()
                .map(|(found, likeness)| FoundView {
                    recording: found.recording.recording.to_string(),
                    href: super::recording_path(found.recording.recording),
                    title: found.recording.title.clone(),
                    artists: found.recording.artists.clone(),
                    likeness: format!("{:.0} %", likeness * 100.0),
                    charted: match found.entries {
                        1 => format!("1 chart entry in {}", found.genres.join(", ")),
                        count => format!("{count} chart entries in {}", found.genres.join(", ")),
                    },
                })
                .collect(),
        })
    })
    .await
}

/// The address of entry `entry`'s page, coming from `back`.
pub fn entry_path(entry: &str, back: &str) -> String {
    format!("{CHARTS_PATH}/entries/{entry}?back={}", leptos_router::location::Url::escape(back))
}

#[component]
pub fn ChartEntryPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let settle = ServerAction::<SettleChartEntry>::new();
    let data = Resource::new(
        move || (params.read().get("entry").unwrap_or_default(), query.read().get("find"), settle.version().get()),
        |(entry, find, _)| chart_entry_candidates(entry, find),
    );
    let back = Signal::derive(move || query.read().get("back").filter(|back| crate::is_local_path(back)));
    view! {
        <Suspense fallback=|| view! { <p>"Reading the entry…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, "to see the charts", move |view: EntryView| {
                    let back = back.get_untracked().unwrap_or_else(|| view.chart.clone());
                    view! { <EntryAnswers view back settle /> }
                })
            })}
        </Suspense>
    }
}

#[component]
fn EntryAnswers(view: EntryView, back: String, settle: ServerAction<SettleChartEntry>) -> impl IntoView {
    // With JavaScript an answer goes back where the plain form's redirect goes.
    let navigate = use_navigate();
    let going_back = back.clone();
    Effect::new(move |_| {
        if let Some(Ok(())) = settle.value().get() {
            navigate(&going_back, Default::default());
        }
    });
    let EntryView { entry, title, artists, placed, chart: _, tied, search, found } = view;
    let heading = format!("Which recording is “{title}”?");
    let refusal = move || {
        settle.value().get().and_then(Result::err).map(|error| {
            let words = match error {
                AppError::NotFound => "That entry was settled meanwhile, or the recording is gone.".to_owned(),
                other => other.to_string(),
            };
            view! { <p class="form-error" role="alert">{words}</p> }
        })
    };
    let answers = match tied {
        Some(history) => view! {
            <p role="status">
                "This entry is tied to a recording already: " <a href=history>"its chart history"</a> "."
            </p>
        }
        .into_any(),
        None => {
            let searched = search.clone();
            let results = if found.is_empty() {
                view! {
                    <p role="status">
                        {format!("No recording charted so far holds every word of “{searched}”. ")}
                        "Fewer words find more."
                    </p>
                }
                .into_any()
            } else {
                view! {
                    <table class="library-table">
                        <caption>{format!("Recordings holding “{searched}”, the likeliest first")}</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Recording"</th>
                                <th scope="col">"Likeness"</th>
                                <th scope="col">"Charted"</th>
                                <th scope="col"><span class="visually-hidden">"Answer"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {found.into_iter().map(|found| {
                                let words = format!("It is “{}” by {}", found.title, found.artists);
                                view! {
                                    <tr>
                                        <td><a href=found.href><strong>{found.title}</strong></a> " — " {found.artists}</td>
                                        <td>{found.likeness}</td>
                                        <td>{found.charted}</td>
                                        <td>
                                            <SettleAs entry=entry.clone() recording=found.recording words
                                                back=back.clone() action=settle />
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            };
            view! {
                <form method="get" class="chart-options" role="search">
                    <label for="entry-find">"Words of the title or an artist"</label>
                    " "
                    <input id="entry-find" type="search" name="find" value=search maxlength=MAX_RECORDING_SEARCH_CHARS required />
                    <input type="hidden" name="back" value=back.clone() />
                    " "
                    <button type="submit" class="button secondary small">"Search"</button>
                </form>
                {results}
                <p>"None of these? "</p>
                <SettleEntry entry=entry.clone() proposal=None back=back.clone() action=settle />
            }
            .into_any()
        }
    };
    view! {
        <Title text=heading.clone() />
        <h1>{heading}</h1>
        <p>{placed} ", credited to " <strong>{artists}</strong> "."</p>
        {refusal}
        {answers}
        <p><a href=back.clone()>"Back to the chart"</a></p>
    }
}
