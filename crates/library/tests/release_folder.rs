//! The watched folder of release files against a real PostgreSQL: a settled file in a user's subfolder (named by
//! their Spotify user id) becomes an ingest of that user with its matching queued and moves to `read/`; a file that
//! is no release list moves to `refused/` with a note naming the problem and stores nothing; files still being
//! written, hidden files and subfolders of people who never signed in are left alone.

mod common;

use std::time::{Duration, SystemTime};

use common::{demo_user, unpaced, world};
use crossfade_jobs::Queue;
use crossfade_library::releases::{READ_DIR, REFUSED_DIR, look, match_releases_key};
use crossfade_spotify_sandbox::Mode;
use sqlx::PgPool;

const RELEASE_LIST: &str = "Artist;Title;Mix;ISRC;Label;Release Date;BPM;Key;Genre\n\
    Kashpitzky;Elevate;Original Mix;IL-409-25-09501;Be As One;2026-11-30;142;9B;Techno (Raw / Deep / Hypnotic)\n\
    Fisher;Push To Start;Extended Mix;GBKQU2400871;Black Book;2026-12-01;126;8A;Tech House\n";

/// Writes `name` into `folder` with `text`, last changed `age` ago.
fn write(folder: &std::path::Path, name: &str, text: &str, age: Duration) {
    let path = folder.join(name);
    std::fs::write(&path, text).unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(SystemTime::now() - age).unwrap();
}

fn names(folder: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map(|entries| entries.map(|entry| entry.unwrap().file_name().into_string().unwrap()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

#[sqlx::test(migrations = "../../migrations")]
async fn settled_files_are_read_in_for_their_user_and_set_aside(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("sam", 5, 1)], Mode::DevMode2026, unpaced(2)).await;
    let sam = world.sign_in("sam").await;
    let queue = Queue::new(pool.clone());
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("sam");
    std::fs::create_dir(&folder).unwrap();
    let settled = Duration::from_secs(60);
    write(&folder, "week-49.csv", RELEASE_LIST, settled);
    write(&folder, "notes.txt", "these are my notes, not a release list", settled);
    write(&folder, "copying.csv", RELEASE_LIST, Duration::ZERO);
    write(&folder, ".week-50.csv.part", RELEASE_LIST, settled);
    let stranger = root.path().join("nobody-signed-in");
    std::fs::create_dir(&stranger).unwrap();
    write(&stranger, "week-49.csv", RELEASE_LIST, settled);

    let done = look(&world.library, &queue, root.path()).await.unwrap();
    assert_eq!((done.read, done.refused), (1, 1));

    let ingests: Vec<(i64, String, String, i32)> =
        sqlx::query_as("SELECT user_id, origin, source, tracks_read FROM release_ingests ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(ingests, vec![(sam, "folder".to_owned(), "week-49.csv".to_owned(), 2)]);
    let queued: i64 = sqlx::query_scalar("SELECT count(*) FROM jobs WHERE dedupe_key = $1")
        .bind(match_releases_key(sam))
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(queued, 1, "the matching is queued");

    assert_eq!(names(&folder), [".week-50.csv.part", "copying.csv", READ_DIR, REFUSED_DIR]);
    let read = names(&folder.join(READ_DIR));
    assert!(read.len() == 1 && read[0].ends_with("-week-49.csv"), "{read:?}");
    let refused = names(&folder.join(REFUSED_DIR));
    assert!(refused.len() == 2 && refused[0].ends_with("-notes.txt"), "{refused:?}");
    let note = std::fs::read_to_string(folder.join(REFUSED_DIR).join(&refused[1])).unwrap();
    assert!(note.starts_with("notes.txt was not read: "), "{note}");
    assert_eq!(names(&stranger), ["week-49.csv"], "nobody's folder is left alone");

    // The next look finds nothing new; the file that was being written is read once it settles.
    assert_eq!(look(&world.library, &queue, root.path()).await.unwrap().read, 0);
    write(&folder, "copying.csv", RELEASE_LIST, settled);
    assert_eq!(look(&world.library, &queue, root.path()).await.unwrap().read, 1);
    assert_eq!(names(&folder.join(READ_DIR)).len(), 2);
    let tracks: i64 = sqlx::query_scalar("SELECT count(*) FROM release_tracks").fetch_one(&pool).await.unwrap();
    assert_eq!(tracks, 2, "the same releases twice are stored once");
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_missing_folder_is_an_error_that_names_it(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("sam", 5, 1)], Mode::DevMode2026, unpaced(2)).await;
    let queue = Queue::new(pool.clone());
    let root = tempfile::tempdir().unwrap();
    let missing = root.path().join("gone");
    let error = look(&world.library, &queue, &missing).await.unwrap_err();
    assert!(error.contains("gone") && error.contains("cannot be read"), "{error}");
}
