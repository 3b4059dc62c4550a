//! The tracks table's search and filter form.

use crossfade_domain::{ExtraColumn, MAX_SEARCH_CHARS, MAX_TAG_CHARS, RangeFilter, SourceFilter, TracksQuery};
use leptos::prelude::*;

/// The search and filter form: a GET form, so its result has an address of its own. Its values are the query as
/// the server understood it. The optional columns are checkboxes in it, so a search keeps them.
#[component]
pub(super) fn TrackFilters(query: TracksQuery, filtered: bool) -> AnyView {
    let default = TracksQuery::default();
    let order = ((query.sort, query.direction) != (default.sort, default.direction))
        .then_some((query.sort.key(), query.direction.key()));
    let clear = query.without_filters().href();
    let day = |day: Option<crossfade_domain::Day>| day.map(|day| day.to_string());
    let features = [RangeFilter::Energy, RangeFilter::Danceability, RangeFilter::Valence];
    let sound_narrowed = features.iter().any(|filter| query.range(*filter).narrows());
    view! {
        <form class="track-filters" method="get" action="/library" role="search" aria-label="Your tracks">
            <label>
                "Search titles, artists and albums"
                <input type="search" name="q" value=query.search.clone() maxlength=MAX_SEARCH_CHARS.to_string() />
            </label>
            <label>
                "Source"
                <select name="source">
                    {SourceFilter::ALL
                        .into_iter()
                        .map(|option| {
                            let selected = query.source == option;
                            view! { <option value=option.key() selected=selected>{option.label()}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>"Added from" <input type="date" name="added_from" value=day(query.added_from) /></label>
            <label>"Added to" <input type="date" name="added_to" value=day(query.added_to) /></label>
            <label>
                "Tag"
                <input
                    type="text"
                    name="tag"
                    value=query.tag.as_ref().map(|tag| tag.as_str().to_owned())
                    maxlength=MAX_TAG_CHARS.to_string()
                />
            </label>
            <label>
                "Label"
                <input
                    type="text"
                    name="label"
                    value=query.label.as_ref().map(|key| key.as_str().to_owned())
                    placeholder="Ninja Tune"
                />
            </label>
            <label>
                "Genre, with its subgenres"
                <input type="text" name="genre" value=query.genre.map(|id| id.as_str()) placeholder="deep house" />
            </label>
            <RangeInputs filter=RangeFilter::Bpm query=query.clone() />
            <details class="sound-filters" open=sound_narrowed>
                <summary>"Energy, danceability and valence (0 to 1)"</summary>
                {features.map(|filter| view! { <RangeInputs filter query=query.clone() /> }).into_iter().collect_view()}
            </details>
            <fieldset class="column-choice">
                <legend>"Columns"</legend>
                {ExtraColumn::ALL
                    .into_iter()
                    .map(|column| {
                        view! {
                            <label>
                                <input type="checkbox" name=column.param() value="1" checked=query.shows(column) />
                                {column.label()}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            {order.map(|(sort, dir)| view! {
                <input type="hidden" name="sort" value=sort />
                <input type="hidden" name="dir" value=dir />
            })}
            <button type="submit">"Show tracks"</button>
            {filtered.then(|| view! { <a href=clear>"Clear filters"</a> })}
        </form>
    }
    .into_any()
}

/// The two ends of one range, as number fields the browser checks against the measure's limits.
#[component]
fn RangeInputs(filter: RangeFilter, query: TracksQuery) -> impl IntoView {
    let range = query.range(filter);
    let (low, high) = filter.limits();
    let step = if filter == RangeFilter::Bpm { "1" } else { "0.01" };
    let end = move |name: &'static str, words: String, value: Option<u16>| {
        view! {
            <label>
                {words}
                <input
                    type="number"
                    name=name
                    value=value.map(|value| filter.write(value))
                    min=filter.write(low)
                    max=filter.write(high)
                    step=step
                />
            </label>
        }
    };
    view! {
        {end(filter.from_param(), format!("{} from", filter.label()), range.from)}
        {end(filter.to_param(), format!("{} to", filter.label()), range.to)}
    }
}
