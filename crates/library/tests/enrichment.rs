//! Enrichment runs against the sandbox's provider emulations and a real PostgreSQL: a synced library is enriched by
//! ReccoBeats, Deezer and MusicBrainz with every value credited to the provider that gave it; a second run asks
//! nothing and writes nothing; runs stopped by their budget, killed mid-way or told to slow down carry on without
//! asking again about a track already written; misses are asked again only once the re-check period has passed; and
//! the coverage of a library with known answers is exact.
//!
//! The stored values are checked against an oracle: the same emulations asked directly through the provider clients.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use common::{PROVIDER_USER_AGENT, World, demo_user, emulation_of, provider_requests, provider_setup, unpaced, world};
use crossfade_domain::{AudioFeature, Coverage, GenreTree, Isrc, Provider, RecordLabel, SpotifyId};
use crossfade_enrichment::providers::{
    Deezer, DeezerAlbum, DeezerTrack, MusicBrainz, ProviderHttp, RECCOBEATS_BATCH, ReccoBeats, ReccoBeatsTrack,
    Recording,
};
use crossfade_library::enrichment::{EnrichReport, ProviderSetup, enrich};
use crossfade_library::sync::{SyncKind, sync_library};
use crossfade_spotify_sandbox::{Mode, ProviderSettings, RateBudget};
use crossfade_store::enrichment::coverage::{CoveredTracks, coverage};
use sqlx::PgPool;

/// The providers with an emulation, in the built-in order in which their values count.
const PROVIDERS: [Provider; 3] = [Provider::ReccoBeats, Provider::Deezer, Provider::MusicBrainz];
/// A request budget no run here reaches.
const UNBOUNDED: usize = 1_000_000;
/// The re-check period of the tests that are not about it.
const RECHECK_DAYS: i32 = 30;

/// A library track as the enrichment sees it.
#[derive(Clone, Debug)]
struct LibraryTrack {
    id: String,
    isrc: Option<String>,
}

/// A world whose providers answer at once, with demo user "sam" signed in and synced.
async fn synced(pool: &PgPool) -> (World, i64) {
    let world = world(pool.clone(), vec![demo_user("sam", 150, 3)], Mode::DevMode2026, unpaced(4)).await;
    world.control.set_provider_settings(ProviderSettings::unlimited());
    let user = world.sign_in("sam").await;
    sync_library(&world.library, user, SyncKind::Full).await.expect("the sync succeeds");
    (world, user)
}

/// The catalog tracks of every library: what the providers are asked about.
async fn library_tracks(pool: &PgPool) -> Vec<LibraryTrack> {
    let rows: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT t.spotify_id, t.isrc FROM tracks t
         WHERE EXISTS (SELECT FROM track_facts f WHERE f.track_id = t.spotify_id) ORDER BY t.spotify_id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    rows.into_iter().map(|(id, isrc)| LibraryTrack { id, isrc }).collect()
}

/// How many of `tracks` `provider` can be asked about (Deezer and MusicBrainz need an ISRC).
fn askable(provider: Provider, tracks: &[LibraryTrack]) -> usize {
    match provider {
        Provider::ReccoBeats => tracks.len(),
        _ => tracks.iter().filter(|track| track.isrc.is_some()).count(),
    }
}

fn setup(world: &World, provider: Provider) -> ProviderSetup {
    provider_setup(world, provider, unpaced(4), UNBOUNDED, RECHECK_DAYS)
}

fn route(world: &World, name: &str) -> u64 {
    world.control.counters().get(name).copied().unwrap_or(0)
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

/// Tracks `provider` was asked about and answered for (found or not), as written.
async fn checked(pool: &PgPool, provider: Provider) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM enrichment_checks WHERE provider = $1")
        .bind(provider.code())
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Runs `setup` until it reports nothing left, answering the reports of every run.
async fn run_to_the_end(world: &World, setup: &ProviderSetup) -> Vec<EnrichReport> {
    let mut reports = Vec::new();
    loop {
        let report = enrich(&world.library, setup, None).await.expect("the run succeeds");
        reports.push(report);
        if report.finished {
            return reports;
        }
        assert!(reports.len() < 1_000, "runs never finish: {:?}", &reports[..5]);
    }
}

/// Every enrichment row and every read-model row, each with the transaction that last wrote it: equal dumps mean
/// not a single row was written in between.
async fn enrichment_dump(pool: &PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT line FROM (
           SELECT 'features ' || r::text || ' @' || r.xmin::text AS line FROM track_features r
           UNION ALL SELECT 'genre ' || r::text || ' @' || r.xmin::text FROM track_genres r
           UNION ALL SELECT 'tag ' || r::text || ' @' || r.xmin::text FROM track_source_tags r
           UNION ALL SELECT 'label ' || r::text || ' @' || r.xmin::text FROM track_labels r
           UNION ALL SELECT 'id ' || r::text || ' @' || r.xmin::text FROM track_provider_ids r
           UNION ALL SELECT 'album ' || r::text || ' @' || r.xmin::text FROM provider_albums r
           UNION ALL SELECT 'check ' || r::text || ' @' || r.xmin::text FROM enrichment_checks r
           UNION ALL SELECT 'facts ' || r::text || ' @' || r.xmin::text FROM track_facts r
         ) AS dump ORDER BY line",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

// The oracle

/// What each provider says about one track, asked directly with the clients.
#[derive(Debug, Default)]
struct Answers {
    reccobeats: Option<ReccoBeatsTrack>,
    deezer: Option<(DeezerTrack, Option<DeezerAlbum>)>,
    /// The first recording's id, its genres and tags, and its releases' labels.
    musicbrainz: Option<(String, Recording, Vec<String>)>,
}

fn client_http(world: &World, provider: Provider) -> ProviderHttp {
    let base = world.sandbox.provider_base_url(emulation_of(provider));
    ProviderHttp::new(base, PROVIDER_USER_AGENT, Duration::from_secs(30)).unwrap()
}

/// Asks each provider about each track directly (the emulations answer the same on every run).
async fn ask_directly(world: &World, tracks: &[LibraryTrack]) -> BTreeMap<String, Answers> {
    let reccobeats = ReccoBeats::new(client_http(world, Provider::ReccoBeats));
    let deezer = Deezer::new(client_http(world, Provider::Deezer));
    let musicbrainz = MusicBrainz::new(client_http(world, Provider::MusicBrainz));
    let mut answers: BTreeMap<String, Answers> =
        tracks.iter().map(|track| (track.id.clone(), Answers::default())).collect();
    let ids: Vec<SpotifyId> = tracks.iter().map(|track| SpotifyId::parse(&track.id).unwrap()).collect();
    for chunk in ids.chunks(RECCOBEATS_BATCH) {
        for found in reccobeats.audio_features(chunk).await.unwrap() {
            let id = found.spotify_id.to_string();
            answers.get_mut(&id).unwrap().reccobeats = Some(found);
        }
    }
    let mut albums: BTreeMap<u64, Option<DeezerAlbum>> = BTreeMap::new();
    for track in tracks {
        let Some(isrc) = track.isrc.as_deref().map(|isrc| Isrc::parse(isrc).unwrap()) else { continue };
        let entry = answers.get_mut(&track.id).unwrap();
        if let Some(found) = deezer.track_by_isrc(&isrc).await.unwrap() {
            let album = match found.album_id {
                Some(id) => match albums.get(&id) {
                    Some(album) => album.clone(),
                    None => {
                        let album = deezer.album(id).await.unwrap();
                        albums.insert(id, album.clone());
                        album
                    }
                },
                None => None,
            };
            entry.deezer = Some((found, album));
        }
        if let Some(first) = musicbrainz.recordings_by_isrc(&isrc).await.unwrap().into_iter().next() {
            let recording = musicbrainz.recording(&first.id).await.unwrap().unwrap_or_default();
            let labels = musicbrainz.release_labels(&first.id).await.unwrap();
            entry.musicbrainz = Some((first.id, recording, labels));
        }
    }
    answers
}

/// Whether these words (with their votes) name any genre of the hierarchy.
fn names_a_genre<'a>(words: impl IntoIterator<Item = (&'a str, u32)>) -> bool {
    !GenreTree::get().weigh(words.into_iter().map(|(word, votes)| (word, f64::from(votes)))).genres().is_empty()
}

impl Answers {
    fn deezer_album(&self) -> Option<&DeezerAlbum> {
        self.deezer.as_ref().and_then(|(_, album)| album.as_ref())
    }

    /// The value of `feature` that counts and its provider: ReccoBeats before Deezer.
    fn feature(&self, feature: AudioFeature) -> Option<(f32, Provider)> {
        let reccobeats = self.reccobeats.as_ref().and_then(|track| track.features.get(feature));
        let deezer = self.deezer.as_ref().and_then(|(track, _)| match feature {
            AudioFeature::Tempo => track.bpm,
            AudioFeature::Gain => track.gain,
            _ => None,
        });
        match (reccobeats, deezer) {
            (Some(value), _) => Some((value as f32, Provider::ReccoBeats)),
            (None, Some(value)) => Some((value as f32, Provider::Deezer)),
            (None, None) => None,
        }
    }

    /// The label that counts (Deezer's album label before MusicBrainz's release labels) and its provider.
    fn label(&self) -> Option<(String, Provider)> {
        let deezer = self.deezer_album().and_then(|album| album.label.as_deref()).and_then(RecordLabel::parse);
        let musicbrainz = self
            .musicbrainz
            .as_ref()
            .and_then(|(_, _, labels)| labels.iter().find_map(|label| RecordLabel::parse(label)));
        match (deezer, musicbrainz) {
            (Some(label), _) => Some((label.name().to_owned(), Provider::Deezer)),
            (None, Some(label)) => Some((label.name().to_owned(), Provider::MusicBrainz)),
            (None, None) => None,
        }
    }

    /// The provider credited with the genres: the first that named any.
    fn genres(&self) -> Option<Provider> {
        let deezer =
            self.deezer_album().is_some_and(|album| names_a_genre(album.genres.iter().map(|g| (g.as_str(), 1))));
        let musicbrainz = self.musicbrainz.as_ref().is_some_and(|(_, recording, _)| {
            names_a_genre(recording.genres.iter().chain(&recording.tags).map(|(name, votes)| (name.as_str(), *votes)))
        });
        match (deezer, musicbrainz) {
            (true, _) => Some(Provider::Deezer),
            (false, true) => Some(Provider::MusicBrainz),
            (false, false) => None,
        }
    }

    /// `value_sources` as the read model should hold it.
    fn sources(&self) -> BTreeMap<String, String> {
        let mut sources = BTreeMap::new();
        for feature in AudioFeature::ALL {
            if let Some((_, provider)) = self.feature(feature) {
                sources.insert(feature.code().to_owned(), provider.code().to_owned());
            }
        }
        if self.reccobeats.as_ref().is_some_and(|track| track.features.key.is_some()) {
            sources.insert("key".to_owned(), Provider::ReccoBeats.code().to_owned());
        }
        if let Some((_, provider)) = self.label() {
            sources.insert("label".to_owned(), provider.code().to_owned());
        }
        if let Some(provider) = self.genres() {
            sources.insert("genres".to_owned(), provider.code().to_owned());
        }
        sources
    }

    fn found_by(&self, provider: Provider) -> bool {
        match provider {
            Provider::ReccoBeats => self.reccobeats.is_some(),
            Provider::Deezer => self.deezer.is_some(),
            Provider::MusicBrainz => self.musicbrainz.is_some(),
            _ => false,
        }
    }
}

/// One provider's stored features of a track (a few of the columns).
#[derive(Debug, sqlx::FromRow)]
struct FeatureRow {
    track_id: String,
    provider: String,
    danceability: Option<f32>,
    tempo: Option<f32>,
    gain: Option<f32>,
}

/// One read-model row's enrichment.
#[derive(Debug, sqlx::FromRow)]
struct Facts {
    track_id: String,
    danceability: Option<f32>,
    energy: Option<f32>,
    tempo: Option<f32>,
    gain: Option<f32>,
    key: Option<i16>,
    mode: Option<i16>,
    label: Option<String>,
    genres: Vec<String>,
    value_sources: String,
}

async fn facts(pool: &PgPool, user: i64) -> Vec<Facts> {
    sqlx::query_as(
        "SELECT track_id, danceability, energy, tempo, gain, key, mode, nullif(label, '') AS label, genres,
                value_sources::text AS value_sources
         FROM track_facts WHERE user_id = $1 ORDER BY track_id",
    )
    .bind(user)
    .fetch_all(pool)
    .await
    .unwrap()
}

// The tests

#[sqlx::test(migrations = "../../migrations")]
async fn a_synced_library_is_enriched_by_every_provider_and_each_value_names_its_provider(pool: PgPool) {
    let (world, user) = synced(&pool).await;
    let tracks = library_tracks(&pool).await;
    assert!(tracks.len() >= 150, "{} tracks", tracks.len());
    let answers = ask_directly(&world, &tracks).await;

    for provider in PROVIDERS {
        world.control.reset_counters();
        let report = enrich(&world.library, &setup(&world, provider), None).await.unwrap();
        let found = answers.values().filter(|answers| answers.found_by(provider)).count();
        let n = askable(provider, &tracks);
        assert!(report.finished && report.wait.is_none(), "{provider}: {report:?}");
        assert_eq!((report.found, report.missing), (found, n - found), "{provider}");
        assert!(found > n / 2 && found < n, "{provider} knows most tracks but not all: {found} of {n}");
        assert_eq!(checked(&pool, provider).await as usize, n, "{provider}: every track's answer is remembered");
        // The fewest requests the provider's protocol allows.
        let minimum = match provider {
            Provider::ReccoBeats => n.div_ceil(RECCOBEATS_BATCH),
            Provider::Deezer => {
                let albums: BTreeSet<u64> =
                    answers.values().filter_map(|a| a.deezer.as_ref().and_then(|(track, _)| track.album_id)).collect();
                n + albums.len()
            }
            _ => n + 2 * found,
        };
        assert_eq!(report.requests, minimum, "{provider}");
        assert_eq!(provider_requests(&world, provider), minimum as u64, "{provider}: {:?}", world.control.counters());
    }

    // Each provider's own values, under its name.
    let rows: Vec<FeatureRow> = sqlx::query_as(
        "SELECT track_id, provider, danceability, tempo, gain FROM track_features WHERE user_id IS NULL",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut feature_rows: BTreeMap<&str, usize> = BTreeMap::new();
    for row in &rows {
        let answer = &answers[&row.track_id];
        *feature_rows.entry(row.provider.as_str()).or_default() += 1;
        match Provider::parse(&row.provider) {
            Some(Provider::ReccoBeats) => {
                let track = answer.reccobeats.as_ref().expect("a ReccoBeats row of a track ReccoBeats knows");
                assert_eq!(row.danceability, track.features.get(AudioFeature::Danceability).map(|v| v as f32));
                assert_eq!(row.tempo, track.features.get(AudioFeature::Tempo).map(|v| v as f32));
                assert_eq!(row.gain, None);
            }
            Some(Provider::Deezer) => {
                let (track, _) = answer.deezer.as_ref().expect("a Deezer row of a track Deezer knows");
                assert_eq!((row.tempo, row.gain), (track.bpm.map(|v| v as f32), track.gain.map(|v| v as f32)));
                assert_eq!(row.danceability, None);
            }
            other => panic!("features from {other:?}"),
        }
    }
    let found_by = |provider| answers.values().filter(|a| a.found_by(provider)).count();
    assert_eq!(feature_rows.get("reccobeats"), Some(&found_by(Provider::ReccoBeats)));
    assert_eq!(feature_rows.get("deezer"), Some(&found_by(Provider::Deezer)), "every Deezer track has a gain");

    // The provider's own ids are kept, so a later pass never searches again.
    let ids: Vec<(String, String, String, Option<String>)> =
        sqlx::query_as("SELECT track_id, provider, external_id, album_external_id FROM track_provider_ids")
            .fetch_all(&pool)
            .await
            .unwrap();
    for (track_id, provider, external, album) in &ids {
        let answer = &answers[track_id];
        let expected = match Provider::parse(provider).unwrap() {
            Provider::ReccoBeats => answer.reccobeats.as_ref().map(|t| (t.reccobeats_id.clone(), None)),
            Provider::Deezer => {
                answer.deezer.as_ref().map(|(t, _)| (t.id.to_string(), t.album_id.map(|a| a.to_string())))
            }
            _ => answer.musicbrainz.as_ref().map(|(recording, _, _)| (recording.clone(), None)),
        };
        assert_eq!(Some((external.clone(), album.clone())), expected, "{provider} {track_id}");
    }
    assert_eq!(ids.len(), PROVIDERS.iter().map(|p| found_by(*p)).sum::<usize>());

    // The read model: every effective value and the provider it is credited to.
    let facts = facts(&pool, user).await;
    assert_eq!(facts.len(), tracks.len());
    let mut credited: BTreeMap<String, usize> = BTreeMap::new();
    for row in &facts {
        let answer = &answers[&row.track_id];
        let sources: BTreeMap<String, String> = serde_json::from_str(&row.value_sources).unwrap();
        assert_eq!(sources, answer.sources(), "{}", row.track_id);
        for provider in sources.values() {
            *credited.entry(provider.clone()).or_default() += 1;
        }
        assert_eq!(row.danceability, answer.feature(AudioFeature::Danceability).map(|(v, _)| v));
        assert_eq!(row.energy, answer.feature(AudioFeature::Energy).map(|(v, _)| v));
        assert_eq!(row.tempo, answer.feature(AudioFeature::Tempo).map(|(v, _)| v), "{}", row.track_id);
        assert_eq!(row.gain, answer.feature(AudioFeature::Gain).map(|(v, _)| v));
        let key = answer.reccobeats.as_ref().and_then(|t| t.features.key);
        assert_eq!((row.key, row.mode), (key.map(|k| i16::from(k.pitch_class())), key.map(|k| k.mode().number())));
        assert_eq!(row.label, answer.label().map(|(name, _)| name), "{}", row.track_id);
        assert_eq!(row.genres.is_empty(), answer.genres().is_none(), "{}: {:?}", row.track_id, row.genres);
    }
    // Each provider is credited somewhere, MusicBrainz too (labels and genres Deezer did not have).
    for provider in PROVIDERS {
        assert!(credited.get(provider.code()).is_some_and(|n| *n > 0), "{provider} credited: {credited:?}");
    }
}

#[sqlx::test(migrations = "../../migrations")]
async fn running_again_asks_nothing_and_writes_nothing(pool: PgPool) {
    let (world, _user) = synced(&pool).await;
    for provider in PROVIDERS {
        assert!(enrich(&world.library, &setup(&world, provider), None).await.unwrap().finished);
    }
    let before = enrichment_dump(&pool).await;
    assert!(before.iter().any(|line| line.starts_with("check ")));
    world.control.reset_counters();

    for provider in PROVIDERS {
        let report = enrich(&world.library, &setup(&world, provider), None).await.unwrap();
        assert_eq!(report, EnrichReport { finished: true, ..EnrichReport::default() }, "{provider}");
    }

    assert_eq!(world.requests(), 0, "{:?}", world.control.counters());
    assert_eq!(enrichment_dump(&pool).await, before, "not a row was written again");
}

#[sqlx::test(migrations = "../../migrations")]
async fn runs_stopped_by_their_budget_carry_on_without_asking_twice(pool: PgPool) {
    let (world, _user) = synced(&pool).await;
    let tracks = library_tracks(&pool).await;

    // One ReccoBeats request per run: each run answers the next 40 tracks.
    world.control.reset_counters();
    let reports =
        run_to_the_end(&world, &provider_setup(&world, Provider::ReccoBeats, unpaced(4), 1, RECHECK_DAYS)).await;
    let n = askable(Provider::ReccoBeats, &tracks);
    assert_eq!(reports.len(), n / RECCOBEATS_BATCH + 1, "{reports:?}");
    for report in &reports[..reports.len() - 1] {
        assert_eq!((report.requests, report.found + report.missing), (1, RECCOBEATS_BATCH), "{report:?}");
    }
    // Each track answered once over all the runs, and no request more than the protocol needs.
    assert_eq!(reports.iter().map(|r| r.found + r.missing).sum::<usize>(), n);
    assert_eq!(provider_requests(&world, Provider::ReccoBeats), n.div_ceil(RECCOBEATS_BATCH) as u64);

    // A few MusicBrainz requests per run: a handful of tracks each.
    world.control.reset_counters();
    let reports =
        run_to_the_end(&world, &provider_setup(&world, Provider::MusicBrainz, unpaced(2), 4, RECHECK_DAYS)).await;
    let n = askable(Provider::MusicBrainz, &tracks);
    assert!(reports.len() > n / 8, "{} runs", reports.len());
    assert_eq!(reports.iter().map(|r| r.found + r.missing).sum::<usize>(), n);
    assert_eq!(route(&world, "GET /musicbrainz/ws/2/isrc/{isrc}"), n as u64, "each ISRC asked once");
    let found: usize = reports.iter().map(|r| r.found).sum();
    assert_eq!(route(&world, "GET /musicbrainz/ws/2/recording/{mbid}"), found as u64);
    assert_eq!(checked(&pool, Provider::MusicBrainz).await as usize, n);
}

/// A run spends at most its `requests_per_run`, although a MusicBrainz track costs three requests (ISRC, recording,
/// releases) and a Deezer track one plus one per album not seen before.
#[sqlx::test(migrations = "../../migrations")]
async fn a_run_never_spends_more_than_its_budget(pool: PgPool) {
    let (world, _user) = synced(&pool).await;
    let mut spent = Vec::new();
    for provider in [Provider::MusicBrainz, Provider::Deezer] {
        world.control.reset_counters();
        let report =
            enrich(&world.library, &provider_setup(&world, provider, unpaced(2), 4, RECHECK_DAYS), None).await.unwrap();
        assert!(report.found > 0 && report.requests as u64 == provider_requests(&world, provider), "{report:?}");
        spent.push((provider, report.requests));
    }
    assert!(spent.iter().all(|(_, requests)| *requests <= 4), "a budget of 4 requests, spent: {spent:?}");
}

/// Starts a run of `setup` in a task and kills it once `killed` says so, failing if the run ended before.
async fn kill_when<F, Fut>(world: &World, setup: &ProviderSetup, mut killed: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let (library, setup) = (world.library.clone(), setup.clone());
    let run = tokio::spawn(async move { enrich(&library, &setup, None).await });
    while !killed().await {
        assert!(!run.is_finished(), "the run ended before it could be killed: {:?}", run.await);
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    run.abort();
    let outcome = run.await;
    assert!(outcome.as_ref().is_err_and(|error| error.is_cancelled()), "the run was killed: {outcome:?}");
    settled(&world.library.pool).await;
}

/// Waits until no other session of this database is running a statement or holds a transaction open: a killed run
/// may have sent a COMMIT just before it was dropped, and what it wrote is read only once that is decided.
async fn settled(pool: &PgPool) {
    loop {
        let busy = count(
            pool,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
               AND state IN ('active', 'idle in transaction', 'idle in transaction (aborted)')",
        )
        .await;
        if busy == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[sqlx::test(migrations = "../../migrations")]
async fn runs_killed_at_any_point_carry_on_without_asking_again_what_was_written(pool: PgPool) {
    let (world, _user) = synced(&pool).await;
    let tracks = library_tracks(&pool).await;
    let n = askable(Provider::Deezer, &tracks);
    // Slow answers, so that a run lasts long enough to be killed in the middle.
    let mut slow = ProviderSettings::unlimited();
    slow.deezer.delay_ms = 100;
    slow.musicbrainz.delay_ms = 100;
    world.control.set_provider_settings(slow);
    let deezer = setup(&world, Provider::Deezer);
    let tracks_asked = "GET /deezer/track/{id}";
    let albums_asked = "GET /deezer/album/{id}";

    let (w, p) = (&world, &pool);
    // Killed with its first requests in flight.
    kill_when(w, &deezer, move || async move { route(w, tracks_asked) >= 1 }).await;
    let first = checked(p, Provider::Deezer).await;
    // Killed after two rounds were written, in the middle of another.
    kill_when(w, &deezer, move || async move { checked(p, Provider::Deezer).await >= first + 16 }).await;
    let second = checked(p, Provider::Deezer).await;
    // Killed while a round's albums are being asked, after its tracks were answered but before they were written.
    let albums_before = route(w, albums_asked);
    kill_when(w, &deezer, move || async move { route(w, albums_asked) > albums_before }).await;
    let third = checked(&pool, Provider::Deezer).await;
    assert!(first < second && second <= third && (third as usize) < n, "{first} {second} {third} of {n}");

    world.control.set_provider_settings(ProviderSettings::unlimited());
    world.control.reset_counters();
    let report = enrich(&world.library, &deezer, None).await.unwrap();

    let left = n - third as usize;
    assert!(report.finished);
    assert_eq!(report.found + report.missing, left);
    assert_eq!(route(&world, tracks_asked), left as u64, "only the tracks not written are asked again");
    assert_eq!(checked(&pool, Provider::Deezer).await as usize, n);
    // The read model saw every round that was written, the killed runs' included.
    let credited = count(&pool, "SELECT count(*) FROM track_facts WHERE value_sources->>'gain' = 'deezer'").await;
    let found = count(&pool, "SELECT count(*) FROM enrichment_checks WHERE provider = 'deezer' AND found").await;
    assert_eq!(credited, found);

    // MusicBrainz killed between the three requests of a track: the track is asked again in full, nothing twice.
    world.control.set_provider_settings(slow);
    world.control.reset_counters();
    let musicbrainz = setup(&world, Provider::MusicBrainz);
    kill_when(w, &musicbrainz, move || async move {
        let recordings = route(w, "GET /musicbrainz/ws/2/recording/{mbid}");
        recordings >= 10 && route(w, "GET /musicbrainz/ws/2/release") < recordings
    })
    .await;
    let written = checked(&pool, Provider::MusicBrainz).await as usize;
    world.control.set_provider_settings(ProviderSettings::unlimited());
    world.control.reset_counters();
    let report = enrich(&world.library, &musicbrainz, None).await.unwrap();
    assert!(report.finished);
    assert_eq!(report.found + report.missing, n - written);
    assert_eq!(route(&world, "GET /musicbrainz/ws/2/isrc/{isrc}"), (n - written) as u64);
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_rate_limited_run_reports_the_wait_and_the_next_carries_on(pool: PgPool) {
    let (world, _user) = synced(&pool).await;
    let n = askable(Provider::ReccoBeats, &library_tracks(&pool).await);
    let reccobeats = provider_setup(&world, Provider::ReccoBeats, unpaced(4), UNBOUNDED, RECHECK_DAYS);
    let chunks_in_a_round = n.div_ceil(RECCOBEATS_BATCH).min(8);

    // Refused again and again (ReccoBeats' 429 asks for one second): each request is tried a few times in place,
    // then the run ends with nothing written and says when to come back.
    world.control.fail_provider_requests(emulation_of(Provider::ReccoBeats), 1_000);
    let refused = enrich(&world.library, &reccobeats, None).await.unwrap();
    assert_eq!(refused.wait, Some(Duration::from_secs(1)), "{refused:?}");
    assert!(!refused.finished && refused.found + refused.missing == 0, "{refused:?}");
    assert_eq!(refused.requests, 4 * chunks_in_a_round, "each request tried four times");
    assert_eq!(checked(&pool, Provider::ReccoBeats).await, 0);

    // A single refusal is sat out in place and costs one request more.
    world.control.fail_provider_requests(emulation_of(Provider::ReccoBeats), 1);
    world.control.reset_counters();
    let report = enrich(&world.library, &reccobeats, None).await.unwrap();
    assert!(report.finished && report.wait.is_none(), "{report:?}");
    assert_eq!(report.requests, n.div_ceil(RECCOBEATS_BATCH) + 1);
    assert_eq!(report.found + report.missing, n);
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_run_over_the_providers_budget_stops_with_its_wait_and_resumes_after_it(pool: PgPool) {
    let (world, _user) = synced(&pool).await;
    let n = askable(Provider::ReccoBeats, &library_tracks(&pool).await);
    assert!(n > 2 * RECCOBEATS_BATCH, "several requests' worth: {n}");
    // One request an hour: far longer than a run waits in place.
    let mut tiny = ProviderSettings::unlimited();
    tiny.reccobeats.rate_budget = Some(RateBudget { requests: 1, per_secs: 3_600 });
    world.control.set_provider_settings(tiny);
    let reccobeats = provider_setup(&world, Provider::ReccoBeats, unpaced(4), UNBOUNDED, RECHECK_DAYS);

    let mut reports = Vec::new();
    loop {
        let report = enrich(&world.library, &reccobeats, None).await.unwrap();
        reports.push(report);
        if report.finished {
            break;
        }
        let wait = report.wait.expect("a stopped run says how long to wait");
        assert!(wait > Duration::from_secs(3_000) && wait <= Duration::from_secs(3_600), "{report:?}");
        assert!(reports.len() <= n, "runs never finish: {reports:?}");
        world.control.advance_clock(wait);
    }

    // Each run got one request through and wrote what it answered (a batch of up to 40 tracks); nothing was
    // answered twice.
    assert!(reports.len() >= n.div_ceil(RECCOBEATS_BATCH), "{reports:?}");
    assert!(reports.iter().all(|r| (1..=RECCOBEATS_BATCH).contains(&(r.found + r.missing))), "{reports:?}");
    assert_eq!(reports.iter().map(|r| r.found + r.missing).sum::<usize>(), n);
    assert_eq!(checked(&pool, Provider::ReccoBeats).await as usize, n);
}

#[sqlx::test(migrations = "../../migrations")]
async fn misses_are_asked_again_only_after_the_recheck_period(pool: PgPool) {
    let (world, _user) = synced(&pool).await;
    let n = askable(Provider::ReccoBeats, &library_tracks(&pool).await);
    let first = enrich(&world.library, &setup(&world, Provider::ReccoBeats), None).await.unwrap();
    let misses = first.missing;
    assert!(misses > 0 && first.found + misses == n, "{first:?}");

    world.control.reset_counters();
    let again = enrich(&world.library, &setup(&world, Provider::ReccoBeats), None).await.unwrap();
    assert_eq!(again, EnrichReport { finished: true, ..EnrichReport::default() }, "misses are remembered");

    // A re-check period of zero days: the misses, and only they, are due again, each asked once.
    let now_due = provider_setup(&world, Provider::ReccoBeats, unpaced(4), UNBOUNDED, 0);
    let rechecked = enrich(&world.library, &now_due, None).await.unwrap();
    assert_eq!((rechecked.found, rechecked.missing), (0, misses), "{rechecked:?}");
    assert_eq!(rechecked.requests, misses.div_ceil(RECCOBEATS_BATCH));

    // A month later (the checks made older), the 30-day period has passed for the misses; found tracks stay done.
    sqlx::query("UPDATE enrichment_checks SET checked_at = checked_at - interval '31 days'")
        .execute(&pool)
        .await
        .unwrap();
    world.control.reset_counters();
    let month_later = enrich(&world.library, &setup(&world, Provider::ReccoBeats), None).await.unwrap();
    assert_eq!((month_later.found, month_later.missing, month_later.finished), (0, misses, true), "{month_later:?}");
    assert_eq!(provider_requests(&world, Provider::ReccoBeats), misses.div_ceil(RECCOBEATS_BATCH) as u64);
    let still_missing =
        count(&pool, "SELECT count(*) FROM enrichment_checks WHERE provider = 'reccobeats' AND NOT found").await;
    assert_eq!(still_missing as usize, misses);
}

/// With a re-check period of 0 days a miss written by one round is due again at once; a run still asks each miss
/// once (pending tracks come in id order, so asking them again would keep a run on the first few). Deezer shows it
/// because its rounds are 8 tracks.
#[sqlx::test(migrations = "../../migrations")]
async fn a_zero_day_recheck_asks_each_miss_once(pool: PgPool) {
    let (world, _user) = synced(&pool).await;
    let first = enrich(&world.library, &setup(&world, Provider::Deezer), None).await.unwrap();
    let misses = first.missing;
    assert!(misses > 8, "more misses than one round asks: {first:?}");

    let before: time::OffsetDateTime = sqlx::query_scalar("SELECT now()").fetch_one(&pool).await.unwrap();
    world.control.reset_counters();
    let now_due = provider_setup(&world, Provider::Deezer, unpaced(4), 3 * misses, 0);
    let rechecked = enrich(&world.library, &now_due, None).await.unwrap();

    let reached: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM enrichment_checks WHERE provider = 'deezer' AND NOT found AND checked_at > $1",
    )
    .bind(before)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(reached as usize, misses, "every miss is asked again: {rechecked:?}");
    assert_eq!(
        (route(&world, "GET /deezer/track/{id}"), rechecked.missing),
        (misses as u64, misses),
        "each of the {misses} misses asked once: {rechecked:?}"
    );
}

#[sqlx::test(migrations = "../../migrations")]
async fn coverage_counts_what_each_provider_gave(pool: PgPool) {
    let (world, user) = synced(&pool).await;
    // Known answers beyond the providers': a track only a listening history names (not in the catalog, asked of
    // no provider) and a track without an ISRC (ReccoBeats can answer it, Deezer and MusicBrainz cannot be asked).
    sqlx::query(
        "INSERT INTO plays (user_id, played_at, ms_played, track_uri, track_id, track_name, source)
         VALUES ($1, now(), 180000, 'spotify:track:zzzzzzzzzzzzzzzzzzzzzz', 'zzzzzzzzzzzzzzzzzzzzzz', 'Gone', 'history')",
    )
    .bind(user)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("SELECT refresh_track_facts($1, ARRAY['zzzzzzzzzzzzzzzzzzzzzz'])")
        .bind(user)
        .execute(&pool)
        .await
        .unwrap();
    let without_isrc: String = sqlx::query_scalar(
        "SELECT t.spotify_id FROM tracks t JOIN track_facts f ON f.track_id = t.spotify_id AND f.user_id = $1
         ORDER BY t.spotify_id LIMIT 1",
    )
    .bind(user)
    .fetch_one(&pool)
    .await
    .unwrap();
    sqlx::query("UPDATE tracks SET isrc = NULL WHERE spotify_id = $1")
        .bind(&without_isrc)
        .execute(&pool)
        .await
        .unwrap();
    let tracks = library_tracks(&pool).await;
    let answers = ask_directly(&world, &tracks).await;

    for provider in PROVIDERS {
        assert!(enrich(&world.library, &setup(&world, provider), None).await.unwrap().finished);
    }

    let total = tracks.len() as u64 + 1;
    let mut counts: BTreeMap<(String, String), u64> = BTreeMap::new();
    for answer in answers.values() {
        for (field, provider) in answer.sources() {
            *counts.entry((field, provider)).or_default() += 1;
        }
    }
    let expected = Coverage::from_counts(total, counts.iter().map(|((f, p), n)| (f.as_str(), p.as_str(), *n)));
    let library = coverage(&pool, user, CoveredTracks::Library).await.unwrap();
    assert_eq!(library, expected);
    let tempo = library.field(crossfade_domain::EnrichedField::Feature(AudioFeature::Tempo)).unwrap();
    assert_eq!(tempo.by_provider.len(), 2, "ReccoBeats' tempos, and Deezer's where ReccoBeats had none: {tempo:?}");
    let time_signature = library.field(crossfade_domain::EnrichedField::TimeSignature).unwrap();
    assert_eq!(time_signature.known, 0, "no provider here measures it");
    assert!(library.fields.iter().all(|field| field.known < total), "the history-only track has nothing");

    let liked: Vec<String> = sqlx::query_scalar("SELECT track_id FROM liked_tracks WHERE user_id = $1")
        .bind(user)
        .fetch_all(&pool)
        .await
        .unwrap();
    let mut liked_counts: BTreeMap<(String, String), u64> = BTreeMap::new();
    for id in &liked {
        for (field, provider) in answers[id].sources() {
            *liked_counts.entry((field, provider)).or_default() += 1;
        }
    }
    let expected_liked =
        Coverage::from_counts(liked.len() as u64, liked_counts.iter().map(|((f, p), n)| (f.as_str(), p.as_str(), *n)));
    assert_eq!(coverage(&pool, user, CoveredTracks::LikedSongs).await.unwrap(), expected_liked);
    assert!(liked.len() < tracks.len(), "liked songs are a part of the library");
}

/// With extended access, Spotify's own audio features are read with the user's grant in batches of 100, stored as
/// Spotify's and shown in the facts ahead of every other provider's; the album labels the catalog lookups wrote as
/// Spotify's stay as they were.
#[sqlx::test(migrations = "../../migrations")]
async fn with_extended_access_spotifys_own_features_come_in_batches_and_leave_its_labels_be(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("sam", 150, 3)], Mode::Extended, unpaced(4)).await;
    let user = world.sign_in("sam").await;
    sync_library(&world.library, user, SyncKind::Full).await.expect("the sync succeeds");
    crossfade_library::lookups::look_up_catalog(&world.library, user, UNBOUNDED).await.expect("the lookups succeed");
    let labels = "SELECT string_agg(track_id || ' ' || name, ',' ORDER BY track_id) FROM track_labels
                  WHERE provider = 'spotify'";
    let labels_before: Option<String> = sqlx::query_scalar(labels).fetch_one(&pool).await.unwrap();
    assert!(labels_before.is_some(), "extended access gives albums their labels");
    let tracks = library_tracks(&pool).await;
    world.control.reset_counters();

    let setup = ProviderSetup {
        provider: Provider::Spotify,
        client: crossfade_library::enrichment::ProviderClient::Spotify,
        gate: crossfade_library::Gate::new(unpaced(4)),
        requests_per_run: UNBOUNDED,
        recheck_after_days: RECHECK_DAYS,
    };
    let report = enrich(&world.library, &setup, Some(user)).await.expect("the run succeeds");

    assert!(report.finished, "{report:?}");
    let counters = world.control.counters();
    assert_eq!(route(&world, "GET /v1/audio-features"), tracks.len().div_ceil(100) as u64, "{counters:#?}");
    assert_eq!(world.requests(), tracks.len().div_ceil(100) as u64, "nothing but the batches: {counters:#?}");
    assert_eq!(checked(&pool, Provider::Spotify).await, tracks.len() as i64, "every track asked once");
    let found = count(&pool, "SELECT count(*) FROM track_features WHERE provider = 'spotify'").await;
    assert!(found > 0);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM enrichment_checks WHERE provider = 'spotify' AND found").await,
        found,
        "a `null` entry is remembered as a miss, an answer stored"
    );
    let shown = count(
        &pool,
        "SELECT count(*) FROM track_facts f JOIN track_features s ON s.track_id = f.track_id AND s.provider = 'spotify'
         WHERE f.energy = s.energy AND f.value_sources ->> 'energy' = 'spotify'",
    )
    .await;
    assert_eq!(shown, found, "the facts show Spotify's own values, named as Spotify's");
    let labels_after: Option<String> = sqlx::query_scalar(labels).fetch_one(&pool).await.unwrap();
    assert_eq!(labels_after, labels_before, "a features run leaves Spotify's labels as the lookups wrote them");
}
