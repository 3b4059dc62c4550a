//! A demo user's "Extended streaming history", as Spotify's privacy page hands it out (there as a zip by email a
//! few days later; here as the one `Streaming_History_Audio_*.json` file inside, at once). The plays span the three
//! years before the user's recently-played window: mostly liked songs (a few favourites far more than the rest),
//! songs from the user's own playlists, now and then a catalog song the library does not hold, and some podcast
//! episodes. The same user always gets the same file.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use crate::catalog::Catalog;
use crate::state::{Item, SharedSandbox, State as World, UserLibrary};

/// Plays per liked song, and the most an export holds.
const PLAYS_PER_LIKED_SONG: usize = 40;
const MOST_PLAYS: usize = 6_000;
const SPAN: Duration = Duration::days(3 * 365);

/// `GET /sandbox/users/{id}/streaming-history.json`: the user's export, as a download.
pub(crate) async fn streaming_history(State(sandbox): State<SharedSandbox>, Path(user_id): Path<String>) -> Response {
    let now = sandbox.clock.now();
    let plays = {
        let world = sandbox.lock();
        let Some(user) = world.users.get(&user_id) else {
            return (StatusCode::NOT_FOUND, "No such demo user").into_response();
        };
        history(&world, &sandbox.catalog, user, now)
    };
    let years = match (plays.first(), plays.last()) {
        (Some(first), Some(last)) => format!("{}-{}", year_of(first), year_of(last)),
        _ => now.year().to_string(),
    };
    let body = serde_json::to_vec_pretty(&plays).unwrap_or_default();
    let disposition = format!("attachment; filename=\"Streaming_History_Audio_{years}_0.json\"");
    ([(header::CONTENT_TYPE, "application/json".to_owned()), (header::CONTENT_DISPOSITION, disposition)], body)
        .into_response()
}

fn year_of(play: &Value) -> &str {
    play["ts"].as_str().and_then(|ts| ts.get(..4)).unwrap_or("")
}

/// The user's plays, oldest first, as export records.
fn history(world: &World, catalog: &Catalog, user: &UserLibrary, now: OffsetDateTime) -> Vec<Value> {
    let mut rng = ChaCha8Rng::from_seed(Sha256::digest(format!("history:{}", user.id).as_bytes()).into());
    let liked: Vec<usize> = user.liked.iter().map(|saved| saved.index).collect();
    let listed: Vec<usize> = user
        .playlists
        .iter()
        .filter_map(|id| world.playlists.get(id))
        .filter(|playlist| playlist.owner == user.id)
        .flat_map(|playlist| playlist.entries.iter())
        .filter_map(|entry| if let Item::Track(track) = entry.item { Some(track) } else { None })
        .collect();
    if liked.is_empty() || catalog.tracks.is_empty() {
        return Vec::new();
    }
    let count = (liked.len() * PLAYS_PER_LIKED_SONG).min(MOST_PLAYS);
    // The export ends where the recently-played window starts, a day before the oldest play the API still shows.
    let end = user.plays.last().map_or(now, |play| play.played_at) - Duration::days(1);
    let start = end - SPAN;
    let mut moments: Vec<i64> =
        (0..count).map(|_| rng.random_range(start.unix_timestamp()..end.unix_timestamp())).collect();
    moments.sort_unstable();
    moments.dedup();
    moments
        .into_iter()
        .map(|at| {
            let ended = OffsetDateTime::from_unix_timestamp(at).unwrap_or(end);
            let roll = rng.random::<f64>();
            if roll < 0.03 && !catalog.episodes.is_empty() {
                episode_play(catalog, rng.random_range(0..catalog.episodes.len()), ended, &mut rng)
            } else {
                let track = if roll < 0.68 {
                    // Cubing favours the start of the list: a few songs get most plays.
                    liked[(rng.random::<f64>().powi(3) * liked.len() as f64) as usize]
                } else if roll < 0.9 && !listed.is_empty() {
                    listed[rng.random_range(0..listed.len())]
                } else {
                    rng.random_range(0..catalog.tracks.len())
                };
                song_play(catalog, track, ended, &mut rng)
            }
        })
        .collect()
}

fn song_play(catalog: &Catalog, index: usize, ended: OffsetDateTime, rng: &mut ChaCha8Rng) -> Value {
    let track = &catalog.tracks[index];
    let album = &catalog.albums[track.album];
    let album_artist = album.artists.first().map(|artist| catalog.artists[*artist].name.as_str());
    let skipped = rng.random_bool(0.15);
    let (ms_played, reason_end) =
        if skipped { (rng.random_range(800..30_000), "fwdbtn") } else { (track.duration_ms, "trackdone") };
    let reason_start = ["trackdone", "trackdone", "trackdone", "clickrow", "fwdbtn", "playbtn"][rng.random_range(0..6)];
    let mut play = record(ended, ms_played, reason_start, reason_end, skipped, rng.random_bool(0.3));
    play["master_metadata_track_name"] = json!(track.name);
    play["master_metadata_album_artist_name"] = json!(album_artist);
    play["master_metadata_album_album_name"] = json!(album.name);
    play["spotify_track_uri"] = json!(format!("spotify:track:{}", track.id));
    play
}

fn episode_play(catalog: &Catalog, index: usize, ended: OffsetDateTime, rng: &mut ChaCha8Rng) -> Value {
    let episode = &catalog.episodes[index];
    let finished = rng.random_bool(0.4);
    let ms_played =
        if finished { episode.duration_ms } else { rng.random_range(30_000..episode.duration_ms.max(30_001)) };
    let mut play = record(ended, ms_played, "clickrow", if finished { "trackdone" } else { "endplay" }, false, false);
    play["episode_name"] = json!(episode.name);
    play["episode_show_name"] = json!(catalog.shows.get(episode.show).map(|show| show.name.as_str()));
    play["spotify_episode_uri"] = json!(format!("spotify:episode:{}", episode.id));
    play
}

/// The fields every record has, in the 2023+ layout (the device and place fields with made-up values).
fn record(ended: OffsetDateTime, ms_played: u32, start: &str, end: &str, skipped: bool, shuffle: bool) -> Value {
    json!({
        "ts": ended.format(&Rfc3339).unwrap_or_default(),
        "platform": "android",
        "ms_played": ms_played,
        "conn_country": "ZZ",
        "ip_addr": "192.0.2.1",
        "master_metadata_track_name": null,
        "master_metadata_album_artist_name": null,
        "master_metadata_album_album_name": null,
        "spotify_track_uri": null,
        "episode_name": null,
        "episode_show_name": null,
        "spotify_episode_uri": null,
        "audiobook_title": null,
        "audiobook_uri": null,
        "audiobook_chapter_uri": null,
        "audiobook_chapter_title": null,
        "reason_start": start,
        "reason_end": end,
        "shuffle": shuffle,
        "skipped": skipped,
        "offline": false,
        "offline_timestamp": null,
        "incognito_mode": false,
    })
}
