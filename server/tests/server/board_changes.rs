//! What the user changed in the board's playlists in Spotify, through the production router against the sandbox: a
//! track dragged from bronze to a silver playlist, one deleted from bronze and an unrelated one added are shown on the
//! board when asked for, without either side being overwritten; keeping Spotify's version moves the cards (the deleted
//! one to Trash) and logs each move for undo; putting the board's version back edits Spotify instead.

use crate::curation_board::{STYLE, Visit, card, releases, this_week};

use sqlx::PgPool;

async fn place(pool: &PgPool, track: &str) -> String {
    sqlx::query_scalar("SELECT place FROM curation_cards WHERE spotify_track_id = $1")
        .bind(track)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn changes_made_in_spotify_are_shown_then_kept_or_put_back(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let week = this_week();
    let week_text = week.to_string();
    let tracks = releases(&pool, &visit, week.monday(), "Original Mix", (0, 4)).await;
    visit.post("curate_style", &[("style", STYLE)]).await;
    visit.post("add_curation_category", &[("style", STYLE), ("name", "Peak Time")]).await;
    let board = visit.post("start_curation_period", &[("style", STYLE), ("week", &week_text)]).await;
    let bronze_name = format!("Techno (Peak Time / Driving) · {} · Bronze", week.iso_name());
    let silver_name = format!("Techno (Peak Time / Driving) · {} · Peak Time", week.iso_name());
    let (bronze, _) = visit.playlist(&bronze_name);
    let (silver, _) = visit.playlist(&silver_name);

    let text = visit.text(&format!("{board}?compare=1")).await;
    assert!(text.contains("Spotify's playlists are as the board has them."), "{text}");

    // In Spotify: the first track dragged to the silver playlist, the second deleted, a stranger added to bronze.
    let control = visit.control();
    let user = crate::common::demo_user(&visit.app, 0).0;
    let uri = |track: &str| format!("spotify:track:{track}");
    let stranger = control.catalog().tracks[40].clone();
    control.add_to_playlist(&user, &silver, &[&uri(&tracks[0])]).unwrap();
    control.remove_from_playlist(&user, &bronze, &[&uri(&tracks[0]), &uri(&tracks[1])]).unwrap();
    control.add_to_playlist(&user, &bronze, &[&uri(&stranger.id)]).unwrap();

    let text = visit.text(&board).await;
    assert!(text.contains("Compare the board with Spotify") && !text.contains("was moved in Spotify"), "{text}");
    let text = visit.text(&format!("{board}?compare=1")).await;
    assert!(text.contains("was moved in Spotify from bronze to Peak Time (silver)."), "{text}");
    assert!(text.contains("was removed from bronze in Spotify."), "{text}");
    assert!(text.contains(&format!("“{}” was added to bronze in Spotify", stranger.name)), "{text}");
    assert_eq!(place(&pool, &tracks[0]).await, "bronze", "nothing changes before the user answers");

    let kept =
        visit.post("settle_board_changes", &[("style", STYLE), ("week", &week_text), ("answer", "keep-spotify")]).await;
    assert_eq!(kept, format!("{board}?compare=1#changes"));
    assert_eq!(place(&pool, &tracks[0]).await, "silver");
    assert_eq!(place(&pool, &tracks[1]).await, "trashed");
    let text = visit.text(&kept).await;
    assert!(!text.contains("was moved") && !text.contains("was removed") && text.contains("was added"), "{text}");
    assert!(!text.contains("Keep Spotify's version"), "only additions are left, which stay as they are: {text}");
    assert_eq!(visit.playlist(&bronze_name).1, vec![tracks[2].clone(), tracks[3].clone(), stranger.id.clone()]);

    // The board's moves are logged like any other: undo brings the deleted track back, on Spotify too.
    let second = card(&pool, visit.user_id, &tracks[1]).await;
    let undone = visit.post("undo_curation", &[("style", STYLE), ("week", &week_text)]).await;
    assert_eq!(undone, format!("{board}#card-{second}"));
    assert!(visit.playlist(&bronze_name).1.contains(&tracks[1]));

    // Dragged in Spotify again; this time the board's version goes back.
    control.add_to_playlist(&user, &silver, &[&uri(&tracks[2])]).unwrap();
    control.remove_from_playlist(&user, &bronze, &[&uri(&tracks[2])]).unwrap();
    visit.post("settle_board_changes", &[("style", STYLE), ("week", &week_text), ("answer", "restore-board")]).await;
    assert_eq!(place(&pool, &tracks[2]).await, "bronze");
    assert!(visit.playlist(&bronze_name).1.contains(&tracks[2]));
    assert_eq!(visit.playlist(&silver_name).1, vec![tracks[0].clone()]);
    assert!(visit.playlist(&bronze_name).1.contains(&stranger.id), "the user's addition stays");
}
