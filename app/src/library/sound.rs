//! What a track's page says about its sound, genres, label and tags, and where each value came from: the value
//! that counts (the read model's, chosen by the source order) with its provider, and what the other providers said.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::tags::{ChangeTags, TagForm};

/// A track's enrichment as its page shows it, every value already worded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SoundView {
    pub features: Vec<FeatureLine>,
    /// "8A · A minor", with its source.
    pub key: Option<Sourced>,
    /// "4 beats per bar", with its source.
    pub time_signature: Option<Sourced>,
    pub genres: Vec<GenreLine>,
    /// Who named the genres.
    pub genre_sources: Vec<String>,
    pub label: Option<LabelLine>,
    /// Other words providers used (moods, places, styles the hierarchy lacks), per provider.
    pub provider_tags: Vec<(String, Vec<String>)>,
    /// The user's own tags.
    pub tags: Vec<String>,
}

/// A worded value and the provider it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sourced {
    pub value: String,
    pub source: String,
}

/// One audio feature: the value that counts, its source, and the other providers' values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureLine {
    pub label: String,
    pub value: Sourced,
    /// The value on Spotify's scale, where its source is calibrated.
    pub calibrated: Option<String>,
    /// "Deezer: 124 BPM".
    pub others: Vec<String>,
}

/// A genre with the genres above it, top first ("Electronic › House").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenreLine {
    pub slug: String,
    pub name: String,
    pub parents: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelLine {
    pub name: String,
    /// The label page's address segment.
    pub slug: String,
    pub source: String,
}

#[cfg(feature = "ssr")]
impl SoundView {
    /// The page's words for `provenance`, with calibrated values where `calibrations` has its source's mapping.
    pub fn from_provenance(
        provenance: crossfade_store::enrichment::provenance::TrackProvenance,
        calibrations: &[crossfade_store::enrichment::calibration::StoredCalibration],
    ) -> Self {
        use crossfade_domain::{AudioFeature, EnrichedField, GenreTree, LabelKey};
        let provider_of = |field: EnrichedField| {
            provenance.sources.iter().find(|(known, _)| *known == field).map(|(_, provider)| *provider)
        };
        let source_of = |field: EnrichedField| provider_of(field).map(|provider| provider.name().to_owned());
        let unknown = || "unknown source".to_owned();
        let features = AudioFeature::ALL
            .into_iter()
            .filter_map(|feature| {
                let value = provenance.effective.get(feature)?;
                let source = source_of(EnrichedField::Feature(feature));
                let others = provenance
                    .features
                    .iter()
                    .filter(|said| Some(said.provider.name().to_owned()) != source)
                    .filter_map(|said| {
                        said.values.get(feature).map(|value| {
                            format!("{}: {}", said.provider.name(), crate::format::feature_value(feature, value))
                        })
                    })
                    .collect();
                let calibrated = provider_of(EnrichedField::Feature(feature)).and_then(|provider| {
                    calibrations
                        .iter()
                        .find(|stored| stored.provider == provider && stored.feature() == feature)
                        .and_then(|stored| stored.calibration.mapping())
                        .map(|mapping| crate::format::feature_value(feature, mapping.map(value)))
                });
                Some(FeatureLine {
                    label: feature.label().to_owned(),
                    value: Sourced {
                        value: crate::format::feature_value(feature, value),
                        source: source.unwrap_or_else(unknown),
                    },
                    calibrated,
                    others,
                })
            })
            .collect();
        let tree = GenreTree::get();
        let genres = provenance
            .genres
            .iter()
            .map(|genre| {
                let mut parents: Vec<String> = tree.ancestors(*genre).map(|parent| parent.name.to_owned()).collect();
                parents.reverse();
                GenreLine { slug: genre.as_str().to_owned(), name: tree.genre(*genre).name.to_owned(), parents }
            })
            .collect();
        let genre_sources = provenance
            .words
            .iter()
            .filter(|(_, said)| !said.genres.is_empty())
            .map(|(provider, _)| provider.name().to_owned())
            .collect();
        let provider_tags = provenance
            .words
            .iter()
            .filter(|(_, said)| !said.tags.is_empty())
            .map(|(provider, said)| {
                (provider.name().to_owned(), said.tags.iter().map(|(tag, _)| tag.clone()).collect())
            })
            .collect();
        let label = provenance.label.as_ref().map(|(name, key)| LabelLine {
            name: name.clone(),
            slug: LabelKey::from_slug(key).map(|key| key.slug()).unwrap_or_else(|_| key.clone()),
            source: source_of(EnrichedField::Label).unwrap_or_else(unknown),
        });
        SoundView {
            features,
            key: provenance.effective.key.map(|key| Sourced {
                value: format!("{} · {}", key.camelot(), key.name()),
                source: source_of(EnrichedField::Key).unwrap_or_else(unknown),
            }),
            time_signature: provenance.effective.time_signature.map(|beats| Sourced {
                value: format!("{beats} beats per bar"),
                source: source_of(EnrichedField::TimeSignature).unwrap_or_else(unknown),
            }),
            genres,
            genre_sources,
            label,
            provider_tags,
            tags: provenance.tags,
        }
    }
}

/// The sound section: features with their sources, key, time signature.
#[component]
pub fn SoundSection(sound: SoundView) -> impl IntoView {
    let SoundView { features, key, time_signature, .. } = sound;
    if features.is_empty() && key.is_none() && time_signature.is_none() {
        return view! {
            <section aria-labelledby="track-sound">
                <h2 id="track-sound">"Sound"</h2>
                <p>
                    "No provider has described this track's sound yet. See " <a href="/sources">"Sources"</a>
                    " for what is being asked, or import a file with its features there."
                </p>
            </section>
        }
        .into_any();
    }
    let line = |label: String, value: Sourced, calibrated: Option<String>, others: Vec<String>| {
        view! {
            <tr>
                <th scope="row">{label}</th>
                <td class="number">{value.value}</td>
                <td>{value.source}</td>
                <td class="number">{calibrated}</td>
                <td>{others.join("; ")}</td>
            </tr>
        }
    };
    view! {
        <section aria-labelledby="track-sound">
            <h2 id="track-sound">"Sound"</h2>
            <table class="sound-table">
                <thead>
                    <tr>
                        <th scope="col">"Feature"</th>
                        <th scope="col">"Value"</th>
                        <th scope="col">"Source"</th>
                        <th scope="col">"On Spotify's scale"</th>
                        <th scope="col">"Other sources said"</th>
                    </tr>
                </thead>
                <tbody>
                    {key.map(|key| line("Key".to_owned(), key, None, Vec::new()))}
                    {time_signature.map(|beats| line("Time signature".to_owned(), beats, None, Vec::new()))}
                    {features
                        .into_iter()
                        .map(|feature| line(feature.label, feature.value, feature.calibrated, feature.others))
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
    .into_any()
}

/// Genres (each with the genres above it), the record label and the words providers used.
#[component]
pub fn GenresSection(sound: SoundView) -> impl IntoView {
    let SoundView { genres, genre_sources, label, provider_tags, .. } = sound;
    view! {
        <section aria-labelledby="track-genres">
            <h2 id="track-genres">"Genres and label"</h2>
            {if genres.is_empty() {
                view! { <p>"No genre known yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="genres">
                        {genres
                            .into_iter()
                            .map(|genre| {
                                let path = genre.parents.iter().map(|parent| format!("{parent} › ")).collect::<String>();
                                let mut href = crossfade_domain::Link::new("/library");
                                href.push("genre", Some(&genre.slug));
                                view! {
                                    <li>
                                        <span class="genre-path">{path}</span>
                                        <a href=href.finish()>{genre.name}</a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <p class="source-note">"Named by " {genre_sources.join(", ")} "."</p>
                }
                .into_any()
            }}
            <dl class="facts">
                <dt>"Record label"</dt>
                <dd>
                    {match label {
                        Some(label) => view! {
                            <a href=format!("/library/labels/{}", label.slug)>{label.name}</a>
                            " (" {label.source} ")"
                        }
                        .into_any(),
                        None => view! { "Not known yet" }.into_any(),
                    }}
                </dd>
                {provider_tags
                    .into_iter()
                    .map(|(provider, tags)| view! { <dt>"Tagged on " {provider}</dt><dd>{tags.join(", ")}</dd> })
                    .collect_view()}
            </dl>
        </section>
    }
}

/// The user's own tags on this track, with the form that changes them.
#[component]
pub fn OwnTagsSection(track: String, tags: Vec<String>, action: ServerAction<ChangeTags>) -> impl IntoView {
    view! {
        <section aria-labelledby="track-tags">
            <h2 id="track-tags">"Your tags"</h2>
            {if tags.is_empty() {
                view! { <p>"No tags yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="tag-list">
                        {tags
                            .into_iter()
                            .map(|tag| {
                                let mut href = crossfade_domain::Link::new("/library");
                                href.push("tag", Some(&tag));
                                view! { <li><a class="tag" href=href.finish()>{tag}</a></li> }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
            <TagForm action track />
        </section>
    }
}
