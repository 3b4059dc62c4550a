//! The background workers of this process: they run the library's jobs (syncs, history imports, lookups) and, on
//! workers of their own, the enrichment jobs and the release pulls and matching with the chart fetches and play
//! counts, from the shared queue, next to the web server, and stop with it. Several processes on one database share the work.

use std::time::Duration;

use crossfade_app::Chain;
use crossfade_domain::{EnrichedField, Provider};
use crossfade_jobs::{Kinds, Queue, Worker, WorkerConfig};
use crossfade_library::enrichment::provider_pacing;
use crossfade_library::jobs::{self, JobSettings};
use crossfade_library::releases;
use crossfade_store::enrichment::preferences::set_installation_orders;
use crossfade_store::users;
use tokio::task::JoinHandle;

use crate::state::AppState;

/// Starts the workers; they stop claiming jobs once `stop` resolves and hand unfinished ones back.
/// Enrichment runs on a worker of its own, one slot per provider and one for calibration, and new releases and
/// charts on another, so slow providers, long matching runs and chart fetches never hold the slots syncs and imports
/// need.
pub fn spawn(state: &AppState, stop: impl Future<Output = ()> + Send + 'static) -> JoinHandle<()> {
    let settings = JobSettings {
        sync_interval: state.library_settings.sync_interval,
        upload_dir: state.library_settings.upload_dir.clone(),
        enrichment: state.enrichment.to_vec(),
    };
    let enrichment_kinds: Vec<String> = jobs::ENRICHMENT_KINDS.iter().map(|kind| (*kind).to_owned()).collect();
    let release_kinds: Vec<String> = jobs::RELEASE_KINDS.iter().map(|kind| (*kind).to_owned()).collect();
    let chart_kinds: Vec<String> = jobs::CHART_KINDS.iter().map(|kind| (*kind).to_owned()).collect();
    let library = Worker::new(
        state.pool.clone(),
        jobs::handlers(state.library.clone(), state.queue.clone(), settings),
        WorkerConfig {
            concurrency: state.library_settings.workers,
            kinds: Kinds::AllBut(enrichment_kinds.iter().chain(&release_kinds).chain(&chart_kinds).cloned().collect()),
            ..WorkerConfig::default()
        },
    );
    let enrichment = Worker::new(
        state.pool.clone(),
        jobs::enrichment_handlers(state.library.clone(), state.queue.clone(), state.enrichment.to_vec()),
        WorkerConfig {
            name: format!("{}-enrichment", library.name()),
            concurrency: state.enrichment.len() + 1,
            kinds: Kinds::Only(enrichment_kinds),
            // A run writes each round in its own transaction and resumes from the database, so one cut short at
            // shutdown loses at most a round; a paced MusicBrainz run is not worth holding a shutdown for.
            shutdown_grace: Duration::from_secs(2),
            ..WorkerConfig::default()
        },
    );
    // Matching, pulling and the watched folder: one slot each, so none waits behind a long matching run; chart
    // fetches and counts share the worker (each worker holds a connection to listen on, so they get no worker of
    // their own) with two more slots.
    let releases = Worker::new(
        state.pool.clone(),
        jobs::with_chart_handlers(
            jobs::release_handlers(
                state.library.clone(),
                state.queue.clone(),
                state.release_feed.clone(),
                state.release_pull_interval,
                state.release_folder.clone(),
            ),
            state.library.clone(),
            state.queue.clone(),
            state.chart_feeds.clone(),
            deezer_gate(state),
            state.play_counters.clone(),
            state.chart_fetch_interval,
        ),
        WorkerConfig {
            name: format!("{}-releases", library.name()),
            concurrency: 5,
            kinds: Kinds::Only(release_kinds.iter().chain(&chart_kinds).cloned().collect()),
            // A matching run stores each release as it settles it and resumes from the database; a fetch stores its
            // chart in one transaction, and one cut short is fetched again.
            shutdown_grace: Duration::from_secs(2),
            ..WorkerConfig::default()
        },
    );
    tracing::info!(
        worker = library.name(),
        enrichment = enrichment.name(),
        releases = releases.name(),
        "background jobs: workers started"
    );
    let (stop_library, stopped) = tokio::sync::watch::channel(false);
    let mut stop_enrichment = stopped.clone();
    let mut stop_releases = stopped.clone();
    let mut stop_library_worker = stopped;
    tokio::spawn(async move {
        stop.await;
        let _ = stop_library.send(true);
    });
    tokio::spawn(async move {
        let library = tokio::spawn(library.run(async move {
            let _ = stop_library_worker.wait_for(|stop| *stop).await;
        }));
        let enrichment = tokio::spawn(enrichment.run(async move {
            let _ = stop_enrichment.wait_for(|stop| *stop).await;
        }));
        let releases = tokio::spawn(releases.run(async move {
            let _ = stop_releases.wait_for(|stop| *stop).await;
        }));
        let _ = tokio::join!(library, enrichment, releases);
    })
}

/// The gate Deezer's requests pass: enrichment's, when Deezer enriches here, so chart fetches and enrichment share
/// Deezer's one quota; else one with Deezer's published rate.
fn deezer_gate(state: &AppState) -> crossfade_library::Gate {
    state.enrichment.iter().find(|setup| setup.provider == Provider::Deezer).map_or_else(
        || crossfade_library::Gate::new(provider_pacing(4, 50, Duration::from_secs(5))),
        |setup| setup.gate.clone(),
    )
}

/// Queues a run of each enrichment provider (queued runs keep their time) and writes the installation's source
/// order, so a changed setting reaches the read model at start-up.
pub async fn schedule_enrichment(state: &AppState, orders: &[(EnrichedField, Vec<Provider>)]) {
    match set_installation_orders(&state.pool, orders).await {
        Ok(true) => tracing::info!("the source order changed; every user's track facts were refreshed"),
        Ok(false) => {}
        Err(error) => tracing::error!(error = %Chain(&error), "could not write the source order"),
    }
    if let Err(error) = jobs::schedule_enrichment(&state.queue, &state.enrichment).await {
        tracing::error!(error = %Chain(&error), "could not schedule enrichment");
    }
}

/// Starts the sweep that refreshes smart playlists on their schedules (a queued sweep keeps its time).
pub async fn schedule_smart_playlists(state: &AppState) {
    if let Err(error) = crossfade_library::smart_playlists::request_due_refreshes(&state.queue, Duration::ZERO).await {
        tracing::error!(error = %Chain(&error), "could not schedule the smart playlists' refresh");
    }
}

/// Makes sure every user who curates a style has a pull of new releases scheduled when the release feed is on (a
/// schedule ends at a pull that found nothing curated or could not queue its successor, and never began while the
/// feed was off); queued ones keep their time, and a user whose styles were not all pulled within the interval is
/// pulled at once.
pub async fn schedule_release_pulls(state: &AppState) {
    if state.release_feed.is_none() {
        return;
    }
    let curators = match crossfade_store::curation::curators(&state.pool).await {
        Ok(curators) => curators,
        Err(error) => {
            tracing::error!(error = %Chain(&error), "could not list the users to schedule release pulls for");
            return;
        }
    };
    for curator in curators {
        let (user_id, interval) = (curator.user_id, state.release_pull_interval);
        if let Err(error) = releases::schedule_pull(&state.queue, user_id, curator.oldest_pull, interval).await {
            tracing::error!(error = %Chain(&error), user_id, "could not schedule a release pull");
        }
    }
}

/// Puts every chart source whose service is fetched on the schedule (queued fetches keep their time; a source not
/// fetched within the interval is fetched at once), and the daily play count when any service is counted.
pub async fn schedule_chart_fetches(state: &AppState) {
    match crossfade_library::charts::schedule_chart_fetches(
        &state.pool,
        &state.queue,
        &state.chart_feeds,
        state.chart_fetch_interval,
    )
    .await
    {
        Ok(sources) => tracing::info!(sources, "charts: fetches scheduled"),
        Err(error) => tracing::error!(error = %Chain(&error), "could not schedule the chart fetches"),
    }
    if let Err(error) = crossfade_library::charts::schedule_play_counts(&state.queue, &state.play_counters).await {
        tracing::error!(error = %Chain(&error), "could not schedule the play counts");
    }
}

/// Looks into the watched folder of release files now (and from then on every interval), when one is configured;
/// and queues the matching of every user's releases left unmatched (an ingest whose matching could not be queued,
/// or a run that failed for good), so nothing waits for the user's next upload.
pub async fn schedule_release_work(state: &AppState) {
    if state.release_folder.is_some()
        && let Err(error) = releases::schedule_folder_watch(&state.queue, crossfade_jobs::RunAt::Now).await
    {
        tracing::error!(error = %Chain(&error), "could not schedule the look into the release folder");
    }
    let users = match crossfade_store::releases::users_with_pending_releases(&state.pool).await {
        Ok(users) => users,
        Err(error) => {
            tracing::error!(error = %Chain(&error), "could not list the users with releases to match");
            return;
        }
    };
    for user_id in users {
        if let Err(error) = releases::request_matching(&state.queue, user_id).await {
            tracing::error!(error = %Chain(&error), user_id, "could not queue the matching of releases");
        }
    }
}

/// Makes sure every connected user has a sync scheduled (a schedule ends when its last job fails for good, or when
/// the user signed in on an older version); queued ones keep their time.
pub async fn schedule_syncs(state: &AppState) {
    let users = match users::connected(&state.pool).await {
        Ok(users) => users,
        Err(error) => {
            tracing::error!(error = %Chain(&error), "could not list the users to schedule syncs for");
            return;
        }
    };
    let queue: &Queue = &state.queue;
    for user_id in users {
        if let Err(error) = jobs::schedule_sync(queue, user_id, state.library_settings.sync_interval).await {
            tracing::error!(error = %Chain(&error), user_id, "could not schedule a sync");
        }
    }
}
