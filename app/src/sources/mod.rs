//! `/sources`: where the values behind the sound, genre and label columns come from. Coverage of every field for
//! the library and the liked songs with each provider's share, each provider's status in plain words, the
//! calibration of each provider's features onto Spotify's scale, your own source order, and the way to add values
//! from files (`/sources/import`).

mod calibration;
mod import;
mod preferences;
mod status;

pub use import::FileImportPage;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::format;
use crate::page_answer::gated_view;
use calibration::CalibrationSection;
use preferences::{SetSourceOrder, SourceOrderForm};
use status::{CoverageBlock, ProviderLine, SourcesView, get_sources};

#[component]
pub fn SourcesPage() -> AnyView {
    let set_order = ServerAction::<SetSourceOrder>::new();
    // A saved order (with JavaScript) reads the page again: the coverage by source changes with it.
    let data = Resource::new(move || set_order.version().get(), |_| get_sources());
    view! {
        <Title text="Sources" />
        <h1>"Sources"</h1>
        <p>
            "Spotify no longer shares audio features, genres or labels with apps like this one, so Crossfade asks "
            "other services and keeps every value with the service it came from. You can also "
            <a href="/sources/import">"import a file"</a> " you already have (an Exportify export or the Spotify "
            "tracks dataset)."
        </p>
        <Suspense fallback=|| view! { <p>"Reading the sources…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, "to see where your tracks' details come from", move |view: SourcesView| {
                    let SourcesView { coverage, providers, choices, calibration } = view;
                    view! {
                        {coverage.into_iter().map(|block| view! { <Coverage block /> }).collect_view()}
                        <Providers providers />
                        <CalibrationSection lines=calibration />
                        <SourceOrderForm lines=choices action=set_order />
                    }
                })
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Coverage(block: CoverageBlock) -> impl IntoView {
    let CoverageBlock { collection, tracks, fields } = block;
    let heading = format!("Coverage of {collection}");
    let id = format!("coverage-{}", collection.replace(' ', "-"));
    let labelled_by = id.clone();
    view! {
        <section aria-labelledby=labelled_by>
            <h2 id=id>{heading}</h2>
            {if tracks == 0 {
                view! { <p>"No tracks here yet."</p> }.into_any()
            } else {
                view! {
                    <p>{format::counted(tracks as i64, "track", "tracks")} "."</p>
                    <table class="coverage-table">
                        <thead>
                            <tr>
                                <th scope="col">"Field"</th>
                                <th scope="col">"Known"</th>
                                <th scope="col">"Where from"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {fields
                                .into_iter()
                                .map(|field| view! {
                                    <tr>
                                        <th scope="row">{field.field}</th>
                                        <td class="number">
                                            <meter min="0" max="100" value=field.percent.to_string()></meter>
                                            " " {field.percent} " %"
                                        </td>
                                        <td>{field.sentence}</td>
                                    </tr>
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn Providers(providers: Vec<ProviderLine>) -> impl IntoView {
    view! {
        <section aria-labelledby="providers">
            <h2 id="providers">"Providers"</h2>
            <ul class="provider-list">
                {providers
                    .into_iter()
                    .map(|provider| {
                        let counts = provider.switched_on.then(|| {
                            let mut words = format!(
                                "Found {}, did not know {}, in {}.",
                                format::counted(provider.found, "track", "tracks"),
                                format::count(provider.missing),
                                format::counted(provider.requests, "request", "requests"),
                            );
                            if let Some(left) = provider.left {
                                words.push_str(&format!(" {} still to ask.", format::count(left)));
                            }
                            words
                        });
                        view! {
                            <li class="provider" class:off=!provider.switched_on>
                                <h3>{provider.name}</h3>
                                <p class="gives">{provider.gives}</p>
                                <p class="state">{provider.state}</p>
                                {counts.map(|counts| view! { <p>{counts}</p> })}
                                <dl class="facts">
                                    {provider.last_run.map(|moment| view! {
                                        <dt>"Last run"</dt>
                                        <dd><time datetime=moment.iso>{moment.shown}</time></dd>
                                    })}
                                    {provider.next_run.map(|moment| view! {
                                        <dt>"Next run"</dt>
                                        <dd><time datetime=moment.iso>{moment.shown}</time></dd>
                                    })}
                                </dl>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
