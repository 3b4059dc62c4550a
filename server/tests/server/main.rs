//! The server's integration tests, one binary so the server and app are linked into a test once: the router answering
//! requests in-process, pages without JavaScript over seeded libraries, sign-in against the Spotify sandbox, sessions,
//! uploads and imports, the page cache, the database's timeouts and the built binary itself.

mod common;
mod enriched;
mod seed;
mod text;

mod binary;
mod board_changes;
mod board_playback;
mod charts;
mod charts_api;
mod curation_board;
mod database;
mod discover;
mod enrichment_pages;
mod file_import;
mod history;
mod insights_pages;
mod library_pages;
mod page_cache;
mod player_bar;
mod release_review;
mod release_upload;
mod router;
mod sessions;
mod sign_in;
mod smart_pages;
mod sync_and_history;
mod uploads;
