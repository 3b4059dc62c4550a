//! Crossfade's enrichment sources. Each turns what a provider or a file says about tracks into the domain core's
//! values (audio features, keys, genres and tags, record labels), checked, with nothing of the source's shape left.

pub mod files;
pub mod providers;
