//! Writes of the library mirror: what a sync read from Spotify, upserted into the shared catalog and replaced per
//! collection for one user. Each collection is written in one transaction, so a sync killed at any point leaves
//! every collection either as it was or as Spotify listed it, and running the same sync again changes nothing.

mod album_labels;
pub use album_labels::backfill as backfill_spotify_labels;
pub mod catalog;
pub mod collections;
pub mod lookups;
pub mod playlists;
pub mod status;

use crossfade_spotify::models::Image;

/// The cover or picture to keep: the one closest to 300 px wide (table rows and pages show it small), else the first.
pub(crate) fn pick_image(images: &[Image]) -> Option<String> {
    images.iter().min_by_key(|image| image.width.map_or(u32::MAX, |width| width.abs_diff(300))).map(|i| i.url.clone())
}
