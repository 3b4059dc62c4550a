//! The Crossfade server as a library, so tests build exactly the router and start-up that production runs.

pub mod auth;
pub mod chart_feeds;
pub mod chart_upload;
pub mod charts_api;
pub mod db;
pub mod enrichment;
pub mod error_page;
pub mod file_import;
pub mod insights_export;
pub mod ops;
pub mod page_cache;
pub mod release_feed;
pub mod release_upload;
pub mod router;
pub mod security;
pub mod sessions;
pub mod settings;
pub mod smart_export;
pub mod spotify;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod uploads;
pub mod workers;

pub use router::router;
