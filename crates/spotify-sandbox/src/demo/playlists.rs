//! Generating playlists: each demo user's own (public, private, collaborative), followed ones owned by curators
//! or other demo users, collaborative ones owned by others, and Spotify's editorial playlists. Entries include
//! duplicates, local files, podcast episodes and unavailable items, as real libraries do.

use std::collections::{BTreeMap, HashMap};

use rand::Rng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand_chacha::ChaCha8Rng;
use time::{Duration, OffsetDateTime};

use crate::catalog::names;
use crate::catalog::{Catalog, editorial_playlist_id, random_id};
use crate::config::DemoUserSpec;
use crate::state::{Entry, Item, LocalFile, Playlist, Profile, UserLibrary};

const CURATORS: usize = 12;
const EDITORIAL_NAMES: [&str; 3] = ["Top Hits Today", "Chill Morning", "Fresh Finds"];

/// Who may add to a playlist being generated, and which tracks they draw from.
struct Authors<'a> {
    owner: &'a str,
    others: Vec<String>,
    favourites: &'a [usize],
}

/// Creates every playlist and fills each demo user's playlist list.
pub(super) fn build(
    specs: &[DemoUserSpec],
    users: &mut BTreeMap<String, UserLibrary>,
    profiles: &mut BTreeMap<String, Profile>,
    catalog: &Catalog,
    now: OffsetDateTime,
    rngs: &mut [ChaCha8Rng],
    shared: &mut ChaCha8Rng,
) -> HashMap<String, Playlist> {
    let mut playlists = HashMap::new();
    let curators: Vec<String> = (0..CURATORS)
        .map(|index| {
            let display_name = names::curator_name(index);
            let id: String =
                display_name.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase();
            profiles.insert(id.clone(), Profile { id: id.clone(), display_name });
            id
        })
        .collect();
    profiles.insert("spotify".into(), Profile { id: "spotify".into(), display_name: "Spotify".into() });
    let editorial: Vec<String> = EDITORIAL_NAMES
        .iter()
        .map(|name| {
            let mut playlist = Playlist::new(
                editorial_playlist_id(shared),
                "spotify".into(),
                (*name).into(),
                format!("{name}, updated every week."),
                true,
                false,
            );
            playlist.editorial = true;
            playlist.followers = shared.random_range(1_000_000..30_000_000);
            let authors = Authors { owner: "spotify", others: Vec::new(), favourites: &[] };
            fill(&mut playlist, 50 + shared.random_range(0..50), &authors, catalog, now, shared);
            let id = playlist.id.clone();
            playlists.insert(id.clone(), playlist);
            id
        })
        .collect();

    let mut owned_lists: Vec<Vec<String>> = Vec::new();
    for (spec, rng) in specs.iter().zip(rngs.iter_mut()) {
        let favourites: Vec<usize> =
            users.get(&spec.id).map(|u| u.liked.iter().map(|s| s.index).collect()).unwrap_or_default();
        let owned_count =
            if spec.playlists == 0 { 0 } else { ((spec.playlists as f64 * 0.62).round() as usize).max(1) };
        let mut owned = Vec::new();
        for number in 0..owned_count {
            let collaborative = rng.random_bool(0.1);
            let public = !collaborative && rng.random_bool(0.75);
            let description =
                if rng.random_bool(0.5) { String::new() } else { format!("Made by {}.", spec.display_name) };
            let mut playlist = Playlist::new(
                random_id(rng),
                spec.id.clone(),
                names::playlist_name(rng),
                description,
                public,
                collaborative,
            );
            let mut others = Vec::new();
            if collaborative {
                let friend = curators.choose(rng).cloned().unwrap_or_default();
                playlist.collaborators.insert(friend.clone());
                others.push(friend);
            }
            playlist.followers = rng.random_range(0..40);
            let size = match spec.average_playlist_size {
                None if number == 0 && favourites.len() >= 1_000 => 1_100 + rng.random_range(0..100),
                average => size(rng, average),
            };
            let authors = Authors { owner: &spec.id, others, favourites: &favourites };
            fill(&mut playlist, size, &authors, catalog, now, rng);
            sprinkle_oddities(&mut playlist, catalog, &authors, rng);
            owned.push(playlist.id.clone());
            playlists.insert(playlist.id.clone(), playlist);
        }
        owned_lists.push(owned);
    }

    for (index, (spec, rng)) in specs.iter().zip(rngs.iter_mut()).enumerate() {
        let favourites: Vec<usize> =
            users.get(&spec.id).map(|u| u.liked.iter().map(|s| s.index).collect()).unwrap_or_default();
        let mut list = owned_lists[index].clone();
        let followed_count = spec.playlists.saturating_sub(list.len());
        let others_public: Vec<String> = owned_lists
            .iter()
            .enumerate()
            .filter(|(other, _)| *other != index)
            .flat_map(|(_, ids)| ids.iter())
            .filter(|id| playlists.get(*id).is_some_and(|p| p.public))
            .cloned()
            .collect();
        for slot in 0..followed_count {
            let roll = rng.random::<f64>();
            // Every user with a few followed playlists gets one editorial playlist and one collaborative
            // playlist owned by someone else, so both rules can always be exercised.
            let followed = if slot == 0 && spec.playlists >= 8 {
                editorial.choose(rng).cloned()
            } else if slot == 1 {
                None
            } else if roll < 0.45 && !others_public.is_empty() {
                others_public.choose(rng).filter(|id| !list.contains(id)).cloned()
            } else {
                None
            };
            let id = match followed {
                Some(id) => id,
                None => {
                    let owner = curators.choose(rng).cloned().unwrap_or_default();
                    let collaborative = slot == 1 || roll > 0.85;
                    let mut playlist = Playlist::new(
                        random_id(rng),
                        owner.clone(),
                        names::playlist_name(rng),
                        String::new(),
                        !collaborative,
                        collaborative,
                    );
                    let mut others = Vec::new();
                    if collaborative {
                        playlist.collaborators.insert(spec.id.clone());
                        others.push(spec.id.clone());
                    }
                    playlist.followers = rng.random_range(5..60_000);
                    let authors = Authors { owner: &owner, others, favourites: &favourites };
                    fill(&mut playlist, size(rng, spec.average_playlist_size), &authors, catalog, now, rng);
                    sprinkle_oddities(&mut playlist, catalog, &authors, rng);
                    let id = playlist.id.clone();
                    playlists.insert(id.clone(), playlist);
                    id
                }
            };
            if !list.contains(&id) {
                list.push(id);
            }
        }
        list.shuffle(rng);
        if let Some(user) = users.get_mut(&spec.id) {
            user.playlists = list;
        }
    }
    playlists
}

/// Playlist sizes: a few empty, most between a handful and a few hundred entries; or spread evenly around
/// `average` when one is asked for.
fn size(rng: &mut ChaCha8Rng, average: Option<usize>) -> usize {
    if let Some(average) = average {
        return rng.random_range(average / 2..=average + average / 2);
    }
    if rng.random_bool(0.07) {
        return 0;
    }
    rng.random_range(2f64.ln()..260f64.ln()).exp() as usize
}

/// Appends `count` tracks, mostly from the authors' favourites, added over the playlist's lifetime.
fn fill(
    playlist: &mut Playlist,
    count: usize,
    authors: &Authors<'_>,
    catalog: &Catalog,
    now: OffsetDateTime,
    rng: &mut ChaCha8Rng,
) {
    let created = now - Duration::days(rng.random_range(30..6 * 365));
    let mut times: Vec<OffsetDateTime> = (0..count)
        .map(|_| {
            let span = (now - Duration::hours(1) - created).whole_seconds().max(1);
            created + Duration::seconds(rng.random_range(0..span))
        })
        .collect();
    times.sort();
    for added_at in times {
        let track = match authors.favourites.choose(rng) {
            Some(track) if rng.random_bool(0.75) => *track,
            _ => rng.random_range(0..catalog.tracks.len().max(1)),
        };
        let added_by = match authors.others.choose(rng) {
            Some(other) if rng.random_bool(0.4) => other.clone(),
            _ => authors.owner.to_owned(),
        };
        playlist.entries.push(Entry { item: Item::Track(track), added_at, added_by });
    }
}

/// Duplicates, local files, podcast episodes and unavailable items, in some playlists.
fn sprinkle_oddities(playlist: &mut Playlist, catalog: &Catalog, authors: &Authors<'_>, rng: &mut ChaCha8Rng) {
    let len = playlist.entries.len();
    if len == 0 {
        return;
    }
    let extra = |playlist: &mut Playlist, item: Item, rng: &mut ChaCha8Rng| {
        let at = rng.random_range(0..=playlist.entries.len());
        let added_at = playlist.entries.get(at.min(playlist.entries.len() - 1)).map(|e| e.added_at);
        if let Some(added_at) = added_at {
            playlist.entries.insert(at, Entry { item, added_at, added_by: authors.owner.to_owned() });
        }
    };
    if rng.random_bool(0.15) {
        for _ in 0..rng.random_range(1..=3) {
            let copy = playlist.entries[rng.random_range(0..len)].item.clone();
            extra(playlist, copy, rng);
        }
    }
    if !playlist.editorial && rng.random_bool(0.12) {
        for number in 1..=rng.random_range(1..=3) {
            let file = LocalFile {
                artist: names::artist_name(rng),
                album: "Home Recordings".into(),
                title: format!("Demo {number}"),
                duration_ms: rng.random_range(90_000..300_000),
            };
            extra(playlist, Item::Local(file), rng);
        }
    }
    if !catalog.episodes.is_empty() && rng.random_bool(0.08) {
        for _ in 0..rng.random_range(1..=3) {
            extra(playlist, Item::Episode(rng.random_range(0..catalog.episodes.len())), rng);
        }
    }
    if rng.random_bool(0.06) {
        extra(playlist, Item::Unavailable, rng);
    }
}
