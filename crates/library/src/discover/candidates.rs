//! The installation's candidate tracks as vectors, held by each process: a full scan of them answers every
//! Discover list, so they live in memory, shared by every user, and are rebuilt when the jobs that change the
//! catalog say so (store `catalog_changed`). A request never waits for a rebuild once one set exists: it is
//! answered from the set at hand while a newer one is built beside it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use crossfade_domain::{DiscoverCatalog, DiscoverTrack};
use crossfade_store::StoreError;
use crossfade_store::discover::{Candidate, candidates, catalog_version};
use sqlx::PgPool;

/// How often a request may read the catalog's version: enough for a job's new tracks to show within seconds,
/// few enough that the reads cost nothing.
const CHECK_EVERY: Duration = Duration::from_secs(5);

/// One build of the candidates.
#[derive(Debug)]
pub struct Candidates {
    pub catalog: DiscoverCatalog,
    /// Each candidate's Spotify id, by its position in the catalog.
    ids: Vec<String>,
    positions: HashMap<String, usize>,
    /// The catalog version the build read.
    version: i64,
}

impl Candidates {
    fn build(version: i64, rows: Vec<Candidate>) -> Candidates {
        let (ids, tracks): (Vec<String>, Vec<DiscoverTrack>) =
            rows.into_iter().map(|row| (row.track_id, row.sound)).unzip();
        let positions = ids.iter().enumerate().map(|(position, id)| (id.clone(), position)).collect();
        Candidates { catalog: DiscoverCatalog::new(tracks), ids, positions, version }
    }

    /// The Spotify id of the candidate at `position`.
    pub fn id(&self, position: usize) -> Option<&str> {
        self.ids.get(position).map(String::as_str)
    }

    /// The position of the candidate with Spotify id `id`.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.positions.get(id).copied()
    }

    pub fn version(&self) -> i64 {
        self.version
    }
}

/// This process's candidates; clones share them.
#[derive(Clone, Debug, Default)]
pub struct CandidateIndex {
    inner: Arc<Held>,
}

#[derive(Debug, Default)]
struct Held {
    current: RwLock<Option<Arc<Candidates>>>,
    /// When a request last read the catalog's version.
    checked: Mutex<Option<Instant>>,
    rebuilding: tokio::sync::Mutex<()>,
}

impl CandidateIndex {
    /// The candidates to answer a request with: built now the first time; afterwards the set at hand, with a
    /// rebuild started beside it when the catalog's version moved on since it was built.
    pub async fn current(&self, pool: &PgPool) -> Result<Arc<Candidates>, StoreError> {
        let held = self.held();
        let Some(held) = held else {
            return self.rebuild(pool).await;
        };
        if self.due_for_check() {
            let version = catalog_version(pool).await?;
            if version != held.version {
                let (index, pool) = (self.clone(), pool.clone());
                tokio::spawn(async move {
                    if let Err(error) = index.rebuild(&pool).await {
                        tracing::warn!(error = ?error, "rebuilding Discover's candidates failed");
                    }
                });
            }
        }
        Ok(held)
    }

    /// Builds the candidates from the catalog now (one build at a time; one that finds a newer set built while it
    /// waited returns that).
    pub async fn rebuild(&self, pool: &PgPool) -> Result<Arc<Candidates>, StoreError> {
        let _one_at_a_time = self.inner.rebuilding.lock().await;
        let version = catalog_version(pool).await?;
        if let Some(held) = self.held()
            && held.version == version
        {
            return Ok(held);
        }
        let started = Instant::now();
        let (version, rows) = candidates(pool).await?;
        let count = rows.len();
        // Fitting the scale and making a vector per track is CPU work; it must not hold a runtime thread.
        // A panic in the build is the caller's, as if it had built inline.
        let built = tokio::task::spawn_blocking(move || Candidates::build(version, rows))
            .await
            .unwrap_or_else(|stopped| std::panic::resume_unwind(stopped.into_panic()));
        let built = Arc::new(built);
        *self.inner.current.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(built.clone());
        tracing::info!(tracks = count, version, ms = started.elapsed().as_millis(), "Discover's candidates built");
        Ok(built)
    }

    fn held(&self) -> Option<Arc<Candidates>> {
        self.inner.current.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    fn due_for_check(&self) -> bool {
        let mut checked = self.inner.checked.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let due = checked.is_none_or(|at| at.elapsed() >= CHECK_EVERY);
        if due {
            *checked = Some(Instant::now());
        }
        due
    }
}
