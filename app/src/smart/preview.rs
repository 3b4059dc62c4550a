//! The preview: how many tracks the rule matches, how long the playlist it makes runs, and its first tracks, each
//! with the conditions it met. Rendered with the page; with JavaScript it follows the builder as you type.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::format;

/// What the rule makes of the library now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreviewView {
    pub matched: usize,
    pub tracks_total: usize,
    pub duration_ms: i64,
    pub tracks: Vec<PreviewRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreviewRow {
    pub id: String,
    pub title: String,
    pub artists: String,
    pub duration: String,
    pub bpm: String,
    pub energy: String,
    pub key: String,
    pub met: Vec<String>,
}

#[cfg(feature = "ssr")]
impl From<crossfade_library::smart_playlists::Preview> for PreviewView {
    fn from(preview: crossfade_library::smart_playlists::Preview) -> Self {
        PreviewView {
            matched: preview.matched,
            tracks_total: preview.track_ids.len(),
            duration_ms: preview.duration_ms,
            tracks: preview
                .tracks
                .into_iter()
                .map(|track| PreviewRow {
                    id: track.id,
                    title: track.title,
                    artists: track.artists,
                    duration: track.duration_ms.map(|ms| format::track_length(i64::from(ms))).unwrap_or_default(),
                    bpm: track.bpm.map(|bpm| format!("{bpm:.0}")).unwrap_or_default(),
                    energy: track.energy.map(|energy| format!("{energy:.2}")).unwrap_or_default(),
                    key: track.key.unwrap_or_default(),
                    met: track.met,
                })
                .collect(),
        }
    }
}

/// The preview section: the live one while typing (JavaScript), else the one rendered with the page.
#[component]
pub fn PreviewSection(
    preview: Option<PreviewView>,
    live: RwSignal<Option<PreviewView>>,
    seed: String,
) -> impl IntoView {
    let shown = move || live.get().or_else(|| preview.clone());
    view! {
        <section aria-labelledby="preview-heading" class="rule-preview">
            <h2 id="preview-heading">"Preview"</h2>
            <input type="hidden" name="seed" value=seed />
            {move || match shown() {
                None => view! {
                    <p class="notice">"Fix the rule's problems to see what it matches."</p>
                }
                .into_any(),
                Some(preview) => view! { <PreviewTable preview /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn PreviewTable(preview: PreviewView) -> AnyView {
    let summary = format!(
        "{} match; the playlist holds {}, {}.",
        format::counted(preview.matched as i64, "track", "tracks"),
        format::counted(preview.tracks_total as i64, "track", "tracks"),
        format::listening_time(preview.duration_ms)
    );
    let shown = preview.tracks.len();
    view! {
        <p class="preview-summary" role="status" aria-live="polite">{summary}</p>
        {(shown > 0).then(|| view! {
            <table class="tracks preview-tracks">
                <caption>{format!("The first {shown}, and why each matched")}</caption>
                <thead>
                    <tr>
                        <th scope="col">"#"</th>
                        <th scope="col">"Title"</th>
                        <th scope="col">"Artist"</th>
                        <th scope="col">"Length"</th>
                        <th scope="col">"BPM"</th>
                        <th scope="col">"Energy"</th>
                        <th scope="col">"Key"</th>
                        <th scope="col">"Matched because"</th>
                    </tr>
                </thead>
                <tbody>
                    {preview
                        .tracks
                        .into_iter()
                        .enumerate()
                        .map(|(position, track)| view! {
                            <tr>
                                <td>{position + 1}</td>
                                <td><a href=format!("/library/tracks/{}", track.id)>{track.title}</a></td>
                                <td>{track.artists}</td>
                                <td>{track.duration}</td>
                                <td>{track.bpm}</td>
                                <td>{track.energy}</td>
                                <td>{track.key}</td>
                                <td class="met">{track.met.join("; ")}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        })}
    }
    .into_any()
}
