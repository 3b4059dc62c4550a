//! Enrichment values in PostgreSQL: what each provider said about each track (features, genres, tags, labels, its
//! own ids), which tracks each provider was asked about, each provider's latest run, users' own tags, the
//! preference order between providers, and coverage. Every write refreshes the read model of every user whose
//! library holds the tracks, in the same transaction (migration `20261205000001_enrichment.sql`).

pub mod calibration;
pub mod coverage;
pub mod files;
pub mod pending;
pub mod preferences;
pub mod provenance;
pub mod runs;
pub(crate) mod said;
pub mod tags;
pub mod values;
