//! What the Sources page shows, read in one server function: how much of the signed-in user's library each
//! enrichment field covers and from which providers, and where each provider's work stands.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::moment::Moment;

/// The Sources page's data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourcesView {
    pub coverage: Vec<CoverageBlock>,
    pub providers: Vec<ProviderLine>,
    pub choices: Vec<super::preferences::ChoiceLine>,
    pub calibration: Vec<super::calibration::CalibrationLine>,
}

/// The coverage of one collection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageBlock {
    /// "your library", "your liked songs".
    pub collection: String,
    pub tracks: u64,
    pub fields: Vec<FieldLine>,
}

/// One field's coverage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldLine {
    pub field: String,
    pub percent: u64,
    /// "Energy known for 82 % of your library: ReccoBeats 70 %, Imported files 12 %."
    pub sentence: String,
}

/// One provider and where its work stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderLine {
    pub name: String,
    /// What it gives: "Audio features (no time signature)".
    pub gives: String,
    pub switched_on: bool,
    /// In plain words: "Working", "Waiting: the service asked to slow down; carrying on in 2 minutes."
    pub state: String,
    pub last_run: Option<Moment>,
    pub next_run: Option<Moment>,
    pub found: i64,
    pub missing: i64,
    pub requests: i64,
    /// Tracks of any library, or of an album gathered for Discover, still to be asked about.
    pub left: Option<i64>,
}

#[cfg(feature = "ssr")]
fn gives(provider: crossfade_domain::Provider) -> &'static str {
    use crossfade_domain::Provider;
    match provider {
        Provider::Spotify => "Spotify's own audio features, key and time signature (apps with extended access)",
        Provider::ReccoBeats => "Audio features and key by Spotify id (no time signature)",
        Provider::Deezer => "BPM and replay gain by ISRC; album genres and record label",
        Provider::MusicBrainz => "Genres and tags by ISRC, with votes; record labels of releases",
        Provider::File => "Whatever your imported files carry",
    }
}

/// The Sources page's data for the signed-in user. Open to everyone: a visitor gets `None`.
#[server(prefix = "/api", endpoint = "get_sources")]
pub async fn get_sources() -> Result<Option<SourcesView>, AppError> {
    crate::account::for_viewer("get_sources", |viewer| async move {
        use crossfade_domain::Provider;
        use crossfade_store::enrichment::coverage::{CoveredTracks, coverage};
        use crossfade_store::enrichment::runs::{RunState, run_statuses};
        let pool = expect_context::<sqlx::PgPool>();
        let setups = expect_context::<std::sync::Arc<[crossfade_library::enrichment::ProviderSetup]>>();
        let failed = |error: crossfade_store::StoreError| crate::error::internal("reading the sources failed", &error);
        let mut blocks = Vec::new();
        for (tracks, collection) in
            [(CoveredTracks::Library, "your library"), (CoveredTracks::LikedSongs, "your liked songs")]
        {
            let coverage = coverage(&pool, viewer.user_id, tracks).await.map_err(failed)?;
            blocks.push(CoverageBlock {
                collection: collection.to_owned(),
                tracks: coverage.tracks,
                fields: coverage
                    .fields
                    .iter()
                    .map(|field| FieldLine {
                        field: field.field.label().to_owned(),
                        percent: field.percent(coverage.tracks),
                        sentence: field.sentence(coverage.tracks, collection),
                    })
                    .collect(),
            });
        }
        let statuses = run_statuses(&pool).await.map_err(failed)?;
        let mut providers = Vec::new();
        for provider in [Provider::Spotify, Provider::ReccoBeats, Provider::Deezer, Provider::MusicBrainz] {
            let setup = setups.iter().find(|setup| setup.provider == provider);
            let status = statuses.iter().find(|status| status.provider == provider);
            let left = match setup {
                Some(setup) => Some(
                    crossfade_store::enrichment::pending::pending_count(
                        &pool,
                        provider,
                        setup.needs_isrc(),
                        setup.recheck_after_days,
                    )
                    .await
                    .map_err(failed)?,
                ),
                None => None,
            };
            let state = match (setup, status) {
                (None, _) => "Switched off in this installation's settings.".to_owned(),
                (Some(_), None) => "Not run yet; the first run starts shortly.".to_owned(),
                (Some(_), Some(status)) => {
                    let detail = status.detail.clone().map(|detail| format!(" {detail}")).unwrap_or_default();
                    match status.state {
                        RunState::Working => "Working now.".to_owned(),
                        RunState::Waiting => format!("Between runs; more to ask.{detail}"),
                        RunState::Failed => format!("The last run failed.{detail}"),
                        RunState::Done => {
                            "Up to date: every track was asked; tracks it did not know are asked again later."
                                .to_owned()
                        }
                    }
                }
            };
            providers.push(ProviderLine {
                name: provider.name().to_owned(),
                gives: gives(provider).to_owned(),
                switched_on: setup.is_some(),
                state,
                last_run: status.and_then(|status| status.last_finished_at).map(Moment::at),
                next_run: status.and_then(|status| status.next_run_at).map(Moment::at),
                found: status.map_or(0, |status| status.found),
                missing: status.map_or(0, |status| status.missing),
                requests: status.map_or(0, |status| status.requests),
                left,
            });
        }
        let choices = super::preferences::choice_lines(&pool, viewer.user_id).await.map_err(failed)?;
        let calibration = super::calibration::calibration_lines(&pool).await.map_err(failed)?;
        Ok(SourcesView { coverage: blocks, providers, choices, calibration })
    })
    .await
}
