//! The About page: the parts Crossfade is made of, built on top of a mirror of the library.

use leptos::prelude::*;
use leptos_meta::Title;

struct Part {
    name: &'static str,
    summary: &'static str,
}

const PARTS: [Part; 5] = [
    Part {
        name: "Insights",
        summary: "Dashboards over any collection: averages, superlatives, distributions of audio features, decades, \
                  genres, keys and tempo; compare two collections; your listening history over time.",
    },
    Part {
        name: "Smart playlists",
        summary: "Rules over features, genres, labels, dates and plays, nested as all/any/not. Preview the result, \
                  see the difference from what is on Spotify, apply it, and undo it in one click.",
    },
    Part {
        name: "Curation board",
        summary: "Each week's new releases land in a bronze playlist per style; sort them into silver category \
                  playlists with buttons or keys, promote keepers to golden playlists, and trash the rest.",
    },
    Part {
        name: "Discover",
        summary: "Recommendations from your taste, more like this, and playlist continuation, each with its reason; \
                  control playback on your Spotify devices.",
    },
    Part {
        name: "Charts",
        summary: "Per-genre charts from several streaming services joined by ISRC, with the history of each entry.",
    },
];

#[component]
pub fn AboutPage() -> impl IntoView {
    view! {
        <Title text="About" />
        <h1>"About Crossfade"</h1>
        <p class="lead">
            "Crossfade mirrors your Spotify library (liked songs, playlists, followed artists, albums, top "
            "items and recent plays) into PostgreSQL and imports your full listening history. Five parts build on "
            "that mirror:"
        </p>
        <ol class="parts">
            {PARTS
                .iter()
                .map(|part| {
                    view! {
                        <li>
                            <h2>{part.name}</h2>
                            <p>{part.summary}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        <p>
            "Crossfade is meant for its owner and a few friends: a Spotify app in Development Mode allows five users."
        </p>
    }
}
