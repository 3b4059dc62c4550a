//! Benchmark: offline evaluation of Discover's recommendations on the sandbox's demo users. No database: the
//! sandbox runs in this process (the default demo world, its clock fixed) and is read as Crossfade reads it, through
//! the Web API with Crossfade's own client (liked songs, the user's own and collaborative playlists, which are all a
//! Development-Mode app may read, and the 50 plays Spotify calls recently played) and the streaming-history export
//! the History page imports, parsed by Crossfade's own reader. Discover's catalog is every catalog track with its
//! audio features, BPM, key, genres (the track's and its artists', mapped onto Crossfade's genre tree), label (as
//! Crossfade groups labels) and artists (folded as the board folds them).
//!
//! Two tasks per demo user. **Continue a playlist**: each playlist of at least 5 tracks loses its last 20 %; the
//! first 80 % is the seed and the hidden tracks not also in the first part are the ones to find. The user knows
//! their library (liked songs, every playlist's tracks, every track they ever played) except the hidden tracks:
//! those are made unknown even where the user also liked, played or listed them elsewhere, or "exclude what I know"
//! would leave out every answer. **Weekly mix**: the cut is 30 days before the user's newest play; the seed is the
//! plays before it (`days_ago` counted from the cut, skips as the export says), the tracks to find are those played
//! after the cut that the user did not know before it (liked or put in a playlist before it, or played before it).
//!
//! Every method names at most 50 tracks, never one of the seed's own (the playlist's first part, the tracks played
//! before the cut), and all but "most played" leave out what the user knows: Discover as shipped (two per artist,
//! relevance 0.7) and without spreading (50 per artist, relevance 1.0); "same artist", the tracks of the seed's
//! artists (each credit of a seed track or unskipped play counts, the most credited artist first, an artist's
//! tracks by popularity); "random", drawn with a fixed seed. "Most played" is the user's tracks by unskipped plays
//! (all plays for a playlist, those before the cut for the mix): leaving out what the user knows would leave it
//! nothing but the hidden tracks that were played, which names the answers. So it shows what adding the user's
//! favourites finds; for the mix, where it keeps the seed's tracks or it would be empty, it finds nothing by
//! definition.
//!
//! Recall@10 and recall@50 are the share of a case's tracks to find in the first 10 and 50, NDCG@50 the discounted
//! gain of those found (binary relevance) against the best possible list; each is the mean over cases. The time is
//! the median of Discover's calls. Nothing asserts a figure or a time. The demo world's playlists are drawn from a
//! user's liked songs and the catalog in no order, and a tenth of its exported plays are of tracks drawn from the
//! whole catalog: the figures say how Discover ranks in that world, which has no playlist ends to follow and little
//! taste to find.
//!
//! `SQLX_OFFLINE=true cargo bench -p crossfade-library --bench discover`

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashSet};
use std::io::Cursor;
use std::time::{Duration, Instant};

use crossfade_domain::{
    DiscoverCatalog, DiscoverOptions, DiscoverTrack, Familiarity, FeatureScale, GenreTree, Key, Normalised,
    RecordLabel, Seed, SeedPlay, artist_key, discover,
};
use crossfade_history::{Limits, Record, read_export_from};
use crossfade_spotify::models::{Playable, Track as SpotifyTrack};
use crossfade_spotify::{
    PlayedCursor, RefreshTokenStore, RetryPolicy, Scope, Spotify, SpotifyConfig, StoreError, TokenGrant,
};
use crossfade_spotify_sandbox::catalog::{Catalog, Track};
use crossfade_spotify_sandbox::{Control, RunningSandbox, SandboxConfig};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use secrecy::SecretString;
use time::{Date, Month, OffsetDateTime};
use url::Url;

/// The share of each playlist hidden from its end.
const HIDDEN_SHARE: f64 = 0.2;
/// Shorter playlists leave too little to seed with or to find.
const MIN_PLAYLIST: usize = 5;
/// What the weekly mix is judged on: the plays of the last month.
const LAST_MONTH: time::Duration = time::Duration::days(30);
/// How many tracks every method names.
const COUNT: usize = 50;
const RANDOM_SEED: u64 = 7;
const CLIENT_ID: &str = "discoverbench";

/// The methods, in the tables' order; the first two are Discover's.
const METHODS: [&str; 5] = ["Discover", "Discover, no spreading", "most played", "same artist", "random"];

/// A demo user as Crossfade's mirror holds them, every track by its catalog position.
struct Listener {
    id: String,
    liked: Vec<Entry>,
    /// The playlists the app may read (the user's own and those they collaborate on), entries in order.
    playlists: Vec<Vec<Entry>>,
    /// Oldest first.
    plays: Vec<Play>,
    /// How many of the plays came from recently played rather than the export.
    recent: usize,
}

/// A liked song or a playlist entry.
struct Entry {
    track: usize,
    /// `None` where Spotify does not say.
    added_at: Option<OffsetDateTime>,
}

struct Play {
    track: usize,
    at: OffsetDateTime,
    skipped: bool,
}

/// One list to judge: what it starts from, what it should find and what the user already knows.
struct Case {
    seed: Seed,
    /// The seed's tracks, once per entry or play, whose artists the "same artist" baseline follows.
    seed_tracks: Vec<usize>,
    relevant: HashSet<usize>,
    /// By catalog position.
    familiarity: Vec<Familiarity>,
    /// The "most played" baseline's list.
    most_played: Vec<usize>,
}

impl Case {
    /// Whether a list that leaves out what the user knows may name the track at `at`.
    fn is_new(&self, at: usize) -> bool {
        self.familiarity[at] == Familiarity::New
    }
}

/// A method's figures summed over cases, and Discover's call times.
#[derive(Default)]
struct Scores {
    recall_10: f64,
    recall_50: f64,
    ndcg: f64,
    cases: usize,
    times: Vec<Duration>,
}

impl Scores {
    fn add(&mut self, list: &[usize], relevant: &HashSet<usize>) {
        let found = |top: usize| list.iter().take(top).filter(|track| relevant.contains(track)).count();
        let gain = |at: usize| 1.0 / (at as f64 + 2.0).log2();
        let dcg: f64 = list
            .iter()
            .take(COUNT)
            .enumerate()
            .filter(|(_, track)| relevant.contains(track))
            .map(|(at, _)| gain(at))
            .sum();
        let ideal: f64 = (0..relevant.len().min(COUNT)).map(gain).sum();
        self.recall_10 += found(10) as f64 / relevant.len() as f64;
        self.recall_50 += found(COUNT) as f64 / relevant.len() as f64;
        self.ndcg += dcg / ideal;
        self.cases += 1;
    }

    fn median_millis(&self) -> Option<f64> {
        let mut times = self.times.clone();
        times.sort();
        times.get(times.len() / 2).map(|time| time.as_secs_f64() * 1_000.0)
    }
}

/// The grants' access tokens outlive the benchmark, so no refresh token is ever loaded or saved.
struct NoRefresh;

impl RefreshTokenStore for NoRefresh {
    async fn load(&self, _user: i64) -> Result<Option<SecretString>, StoreError> {
        Ok(None)
    }

    async fn save(&self, _user: i64, _refresh_token: &SecretString) -> Result<(), StoreError> {
        Ok(())
    }

    async fn mark_needs_sign_in(&self, _user: i64) -> Result<(), StoreError> {
        Ok(())
    }
}

#[tokio::main]
async fn main() {
    let started = Instant::now();
    let start_time = Date::from_calendar_date(2026, Month::March, 2).expect("a date").midnight().assume_utc();
    let config = SandboxConfig { start_time: Some(start_time), ..SandboxConfig::default() };
    let users: Vec<String> = config.users.iter().map(|user| user.id.clone()).collect();
    let sandbox = crossfade_spotify_sandbox::start(config, "127.0.0.1:0".parse().expect("an address"))
        .await
        .expect("the sandbox starts");
    let spotify = client(&sandbox);
    let catalog = sandbox.control().catalog();
    let mut listeners = Vec::new();
    for (number, id) in (1..).zip(&users) {
        listeners.push(read_listener(&sandbox, &spotify, &catalog, id, number).await);
    }
    sandbox.shutdown().await;

    let tracks: Vec<DiscoverTrack> = catalog.tracks.iter().map(|track| discover_track(&catalog, track)).collect();
    let discover_catalog = DiscoverCatalog::new(tracks.clone());
    let by_artist = tracks_by_artist(&catalog);
    println!("\ndemo world: {} catalog tracks, read in {:.1} s", tracks.len(), started.elapsed().as_secs_f64());
    for listener in &listeners {
        describe(listener);
    }

    let scale = discover_catalog.scale();
    let playlist_cases: Vec<Case> =
        listeners.iter().flat_map(|listener| playlist_cases(listener, &tracks, scale)).collect();
    let mix_cases: Vec<Case> = listeners.iter().filter_map(|listener| mix_case(listener, &tracks, scale)).collect();
    let mut rng = StdRng::seed_from_u64(RANDOM_SEED);
    for (task, cases) in [("continue a playlist", &playlist_cases), ("weekly mix from taste", &mix_cases)] {
        let scores = evaluate(cases, &discover_catalog, &catalog, &by_artist, &mut rng);
        let to_find: usize = cases.iter().map(|case| case.relevant.len()).sum();
        println!("\n{task}: {} cases, {to_find} tracks to find", cases.len());
        print_table(&scores);
    }
    if let Some(case) = playlist_cases.first()
        && let Some(first) =
            discover(&discover_catalog, &case.seed, &DiscoverOptions::default(), |at| case.familiarity[at]).first()
    {
        println!("\nthe first playlist's first pick: {}", first.reason);
    }
    println!("whole run: {:.1} s", started.elapsed().as_secs_f64());
}

/// Crossfade's Spotify client pointed at the sandbox.
fn client(sandbox: &RunningSandbox) -> Spotify<NoRefresh> {
    let config = SpotifyConfig {
        accounts_base: sandbox.base_url(),
        api_base: sandbox.api_base_url(),
        client_id: CLIENT_ID.into(),
        client_secret: None,
        redirect_uri: Url::parse("http://127.0.0.1:9/callback").expect("a URL"),
        policy: RetryPolicy::default(),
    };
    Spotify::new(config, NoRefresh).expect("a client")
}

/// Signs the demo user `id` in as Crossfade user `user`, as if they approved every scope.
fn sign_in(control: &Control, spotify: &Spotify<NoRefresh>, id: &str, user: i64) {
    let scopes: Vec<&str> = Scope::ALL.iter().map(|scope| scope.as_str()).collect();
    let grant = control.grant(id, CLIENT_ID, &scopes).expect("a grant");
    let grant = TokenGrant {
        access_token: SecretString::from(grant.access_token),
        refresh_token: None,
        expires_in: Duration::from_secs(grant.expires_in),
        scopes: scopes.iter().map(|scope| (*scope).to_owned()).collect(),
    };
    spotify.remember(user, &grant);
}

/// What Crossfade can read of the demo user `id`: liked songs, readable playlists, recently played and the export.
async fn read_listener(
    sandbox: &RunningSandbox,
    spotify: &Spotify<NoRefresh>,
    catalog: &Catalog,
    id: &str,
    user: i64,
) -> Listener {
    sign_in(&sandbox.control(), spotify, id, user);
    let mut plays = exported_plays(sandbox, catalog, id).await;
    let recent = recent_plays(spotify, catalog, user).await;
    let recent_count = recent.len();
    plays.extend(recent);
    plays.sort_by_key(|play| play.at);
    Listener {
        id: id.to_owned(),
        liked: liked_songs(spotify, catalog, user).await,
        playlists: readable_playlists(spotify, catalog, id, user).await,
        plays,
        recent: recent_count,
    }
}

fn position(catalog: &Catalog, track: &SpotifyTrack) -> Option<usize> {
    track.id.as_deref().and_then(|id| catalog.track_index(id))
}

async fn liked_songs(spotify: &Spotify<NoRefresh>, catalog: &Catalog, user: i64) -> Vec<Entry> {
    let first = spotify.saved_tracks(user).await.expect("liked songs");
    let liked = spotify.all_items(user, first).await.expect("liked songs");
    liked
        .iter()
        .filter_map(|saved| Some(Entry { track: position(catalog, &saved.track)?, added_at: Some(saved.added_at) }))
        .collect()
}

/// The tracks of the playlists the demo user `id` owns or collaborates on: a Development-Mode app may read the
/// entries of no others.
async fn readable_playlists(spotify: &Spotify<NoRefresh>, catalog: &Catalog, id: &str, user: i64) -> Vec<Vec<Entry>> {
    let first = spotify.my_playlists(user).await.expect("playlists");
    let mut playlists = Vec::new();
    for playlist in spotify.all_items(user, first).await.expect("playlists") {
        if !(playlist.collaborative || playlist.owner.is_some_and(|owner| owner.id == id)) {
            continue;
        }
        let first = spotify.playlist_items(user, &playlist.id).await.expect("playlist entries");
        let entries = spotify.all_items(user, first).await.expect("playlist entries");
        let tracks = entries.iter().filter_map(|entry| match &entry.item {
            Some(Playable::Track(track)) => Some(Entry { track: position(catalog, track)?, added_at: entry.added_at }),
            _ => None,
        });
        playlists.push(tracks.collect());
    }
    playlists
}

/// The 50 plays Spotify still shows. It does not say which were skipped, so none count as skipped.
async fn recent_plays(spotify: &Spotify<NoRefresh>, catalog: &Catalog, user: i64) -> Vec<Play> {
    let recent = spotify.recently_played(user, PlayedCursor::Latest).await.expect("recently played");
    recent
        .items
        .iter()
        .filter_map(|play| Some(Play { track: position(catalog, &play.track)?, at: play.played_at, skipped: false }))
        .collect()
}

/// The demo user's streaming-history export, downloaded as the History page offers it and read by the importer's
/// reader.
async fn exported_plays(sandbox: &RunningSandbox, catalog: &Catalog, id: &str) -> Vec<Play> {
    let url = sandbox.base_url().join(&format!("sandbox/users/{id}/streaming-history.json")).expect("a URL");
    let response = reqwest::get(url).await.and_then(reqwest::Response::error_for_status).expect("the export");
    let bytes = response.bytes().await.expect("the export");
    let mut plays = Vec::new();
    let sink = |record: Record| {
        if let Record::Song(song) = record
            && let Some(track) = song.track_id().and_then(|id| catalog.track_index(id))
        {
            plays.push(Play { track, at: song.details.played_at, skipped: song.details.skipped.unwrap_or(false) });
        }
        Ok::<(), ()>(())
    };
    read_export_from(Cursor::new(bytes), "export.json", Limits::default(), sink, |_| {}).expect("a readable export");
    plays
}

fn describe(listener: &Listener) {
    let sizes: Vec<usize> = listener.playlists.iter().map(Vec::len).collect();
    println!(
        "{}: {} liked songs, {} playlists read ({} to {} tracks), {} plays ({} from recently played, from {} to {})",
        listener.id,
        listener.liked.len(),
        sizes.len(),
        sizes.iter().min().unwrap_or(&0),
        sizes.iter().max().unwrap_or(&0),
        listener.plays.len(),
        listener.recent,
        listener.plays.first().map_or(String::new(), |play| play.at.date().to_string()),
        listener.plays.last().map_or(String::new(), |play| play.at.date().to_string()),
    );
}

/// What Discover knows of a catalog track: the catalog's own values, as if enrichment had found every one.
fn discover_track(catalog: &Catalog, track: &Track) -> DiscoverTrack {
    let features = track.features;
    let artists = track.artists.iter().map(|at| &catalog.artists[*at]);
    let tree = GenreTree::get();
    let mut genres = Vec::new();
    for text in [&track.genre].into_iter().chain(artists.clone().flat_map(|artist| &artist.genres)) {
        // As enrichment does: texts that are no genre of the tree are tags, which Discover does not read.
        if let Normalised::Genre(genre) = tree.normalise(text)
            && !genres.iter().any(|known| known == genre.as_str())
        {
            genres.push(genre.as_str().to_owned());
        }
    }
    DiscoverTrack {
        bpm: Some(features.tempo).filter(|bpm| *bpm > 0.0),
        key: Key::from_numbers(i64::from(features.key), i64::from(features.mode)).ok().flatten(),
        energy: Some(features.energy),
        danceability: Some(features.danceability),
        valence: Some(features.valence),
        acousticness: Some(features.acousticness),
        instrumentalness: Some(features.instrumentalness),
        speechiness: Some(features.speechiness),
        loudness: Some(features.loudness),
        genres,
        label: RecordLabel::parse(&catalog.albums[track.album].label).map(|label| label.key().clone()),
        artists: artists.map(|artist| artist_key(&artist.name)).collect(),
    }
}

/// Each artist's tracks, every credit counting, the most popular first.
fn tracks_by_artist(catalog: &Catalog) -> Vec<Vec<usize>> {
    let mut by_artist = vec![Vec::new(); catalog.artists.len()];
    for (at, track) in catalog.tracks.iter().enumerate() {
        for artist in &track.artists {
            by_artist[*artist].push(at);
        }
    }
    for tracks in &mut by_artist {
        tracks.sort_by_key(|at| Reverse(catalog.tracks[*at].popularity));
    }
    by_artist
}

/// The tracks of `plays` that were not skipped, the most played first (the earlier catalog position on a tie).
fn most_played<'a>(plays: impl Iterator<Item = &'a Play>) -> Vec<usize> {
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for play in plays.filter(|play| !play.skipped) {
        *counts.entry(play.track).or_default() += 1;
    }
    let mut tracks: Vec<(usize, usize)> = counts.into_iter().collect();
    tracks.sort_by_key(|(_, count)| Reverse(*count));
    tracks.into_iter().map(|(track, _)| track).collect()
}

/// Every catalog track's familiarity: `seed`'s tracks are the seed's, the others of `known` known, the rest new.
fn familiarity(
    len: usize,
    seed: impl IntoIterator<Item = usize>,
    known: impl IntoIterator<Item = usize>,
) -> Vec<Familiarity> {
    let mut familiarity = vec![Familiarity::New; len];
    for track in known {
        familiarity[track] = Familiarity::Known;
    }
    for track in seed {
        familiarity[track] = Familiarity::InSeed;
    }
    familiarity
}

/// "Continue this playlist" for each of the user's playlists long enough to cut.
fn playlist_cases(listener: &Listener, tracks: &[DiscoverTrack], scale: &FeatureScale) -> Vec<Case> {
    let listed = listener.playlists.iter().flatten();
    let library: HashSet<usize> = listener
        .liked
        .iter()
        .chain(listed)
        .map(|entry| entry.track)
        .chain(listener.plays.iter().map(|play| play.track))
        .collect();
    let favourites = most_played(listener.plays.iter());
    listener
        .playlists
        .iter()
        .filter(|entries| entries.len() >= MIN_PLAYLIST)
        .filter_map(|entries| {
            let kept = entries.len() - (entries.len() as f64 * HIDDEN_SHARE).round() as usize;
            let seed_tracks: Vec<usize> = entries[..kept].iter().map(|entry| entry.track).collect();
            let relevant: HashSet<usize> =
                entries[kept..].iter().map(|entry| entry.track).filter(|track| !seed_tracks.contains(track)).collect();
            if relevant.is_empty() {
                return None;
            }
            let known = library.iter().copied().filter(|track| !relevant.contains(track));
            let seed_part: Vec<DiscoverTrack> = seed_tracks.iter().map(|at| tracks[*at].clone()).collect();
            Some(Case {
                seed: Seed::playlist(scale, &seed_part),
                familiarity: familiarity(tracks.len(), seed_tracks.iter().copied(), known),
                most_played: favourites.iter().copied().filter(|track| !seed_tracks.contains(track)).collect(),
                seed_tracks,
                relevant,
            })
        })
        .collect()
}

/// The weekly mix from the user's taste, judged on the last month of plays; `None` when that month found nothing
/// new.
fn mix_case(listener: &Listener, tracks: &[DiscoverTrack], scale: &FeatureScale) -> Option<Case> {
    let cut = listener.plays.last()?.at - LAST_MONTH;
    let (before, after): (Vec<&Play>, Vec<&Play>) = listener.plays.iter().partition(|play| play.at < cut);
    let listed = listener.playlists.iter().flatten();
    let known = listener.liked.iter().chain(listed).filter(|entry| entry.added_at.is_none_or(|added| added < cut));
    // As Crossfade seeds a taste: every track played or skipped is one of the seed's.
    let familiarity = familiarity(tracks.len(), before.iter().map(|play| play.track), known.map(|entry| entry.track));
    let relevant: HashSet<usize> =
        after.iter().map(|play| play.track).filter(|track| familiarity[*track] == Familiarity::New).collect();
    if relevant.is_empty() {
        return None;
    }
    let plays: Vec<SeedPlay> = before
        .iter()
        .map(|play| SeedPlay {
            track: play.track,
            days_ago: (cut - play.at).as_seconds_f64() / 86_400.0,
            skipped: play.skipped,
        })
        .collect();
    Some(Case {
        seed: Seed::taste(scale, tracks, &plays),
        seed_tracks: before.iter().filter(|play| !play.skipped).map(|play| play.track).collect(),
        relevant,
        familiarity,
        most_played: most_played(before.into_iter()),
    })
}

/// Every method's scores over `cases`, in [`METHODS`] order.
fn evaluate(
    cases: &[Case],
    discoverable: &DiscoverCatalog,
    catalog: &Catalog,
    by_artist: &[Vec<usize>],
    rng: &mut StdRng,
) -> [Scores; METHODS.len()] {
    let shipped = DiscoverOptions { count: COUNT, ..DiscoverOptions::default() };
    let unspread = DiscoverOptions { per_artist: COUNT, relevance: 1.0, ..shipped };
    let mut scores: [Scores; METHODS.len()] = Default::default();
    for case in cases {
        let familiarity = |at: usize| case.familiarity[at];
        for (options, scores) in [shipped, unspread].iter().zip(scores.iter_mut()) {
            let started = Instant::now();
            let picks = discover(discoverable, &case.seed, options, familiarity);
            scores.times.push(started.elapsed());
            let list: Vec<usize> = picks.iter().map(|pick| pick.index).collect();
            scores.add(&list, &case.relevant);
        }
        let most_played: Vec<usize> = case.most_played.iter().copied().take(COUNT).collect();
        scores[2].add(&most_played, &case.relevant);
        scores[3].add(&same_artist(case, catalog, by_artist), &case.relevant);
        scores[4].add(&random(case, rng), &case.relevant);
    }
    scores
}

/// Unknown tracks of the seed's artists, the most credited artist first.
fn same_artist(case: &Case, catalog: &Catalog, by_artist: &[Vec<usize>]) -> Vec<usize> {
    let mut credits: BTreeMap<usize, usize> = BTreeMap::new();
    for artist in case.seed_tracks.iter().flat_map(|track| &catalog.tracks[*track].artists) {
        *credits.entry(*artist).or_default() += 1;
    }
    let mut artists: Vec<(usize, usize)> = credits.into_iter().collect();
    artists.sort_by_key(|(_, count)| Reverse(*count));
    let mut list = Vec::new();
    for (artist, _) in artists {
        for track in &by_artist[artist] {
            if list.len() == COUNT {
                return list;
            }
            if case.is_new(*track) && !list.contains(track) {
                list.push(*track);
            }
        }
    }
    list
}

/// Unknown tracks in a random order.
fn random(case: &Case, rng: &mut StdRng) -> Vec<usize> {
    let mut unknown: Vec<usize> = (0..case.familiarity.len()).filter(|at| case.is_new(*at)).collect();
    let (drawn, _) = unknown.partial_shuffle(rng, COUNT);
    drawn.to_vec()
}

fn print_table(scores: &[Scores; METHODS.len()]) {
    println!(
        "{:<24} {:>10} {:>10} {:>8} {:>6} {:>8}",
        "method", "recall@10", "recall@50", "NDCG@50", "cases", "ms p50"
    );
    for (method, scores) in METHODS.iter().zip(scores) {
        let mean = |sum: f64| sum / scores.cases.max(1) as f64;
        let time = scores.median_millis().map_or("-".to_owned(), |millis| format!("{millis:.2}"));
        println!(
            "{method:<24} {:>9.1}% {:>9.1}% {:>8.3} {:>6} {time:>8}",
            100.0 * mean(scores.recall_10),
            100.0 * mean(scores.recall_50),
            mean(scores.ndcg),
            scores.cases,
        );
    }
}
