//! Playlists: the owner/collaborator rule, editorial 404s, snapshot ids, write limits, add/replace/reorder/delete
//! semantics, creation, details, odd entries (local files, episodes, null items, duplicates).

mod common;

use common::*;
use crossfade_spotify_sandbox::{CatalogOptions, DemoUserSpec, PlaylistSummary, SandboxConfig, start};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn pick(playlists: &[PlaylistSummary], what: impl Fn(&PlaylistSummary) -> bool) -> &PlaylistSummary {
    playlists.iter().find(|p| what(p)).expect("such a playlist exists")
}

#[tokio::test]
async fn only_owners_and_collaborators_see_the_entries() {
    let sandbox = start_small().await;
    let token = grant(&sandbox, "marco").access_token;
    let playlists = sandbox.control().playlists("marco").unwrap();
    let own = pick(&playlists, |p| p.owner_id == "marco" && p.total > 0);
    let followed = pick(&playlists, |p| p.owner_id != "marco" && !p.collaborative && !p.editorial);
    let shared = pick(&playlists, |p| p.owner_id != "marco" && p.collaborative);
    let editorial = pick(&playlists, |p| p.editorial);

    let (status, body) = get(&sandbox, &token, &format!("playlists/{}", own.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["items"]["total"], own.total);
    assert_eq!(get(&sandbox, &token, &format!("playlists/{}/items", own.id)).await.0, StatusCode::OK);

    let (status, body) = get(&sandbox, &token, &format!("playlists/{}", followed.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.get("items").is_none() && body.get("tracks").is_none(), "no contents for a follower");
    assert_eq!(body["snapshot_id"], followed.snapshot_id.as_str());
    assert_eq!(get(&sandbox, &token, &format!("playlists/{}/items", followed.id)).await.0, StatusCode::FORBIDDEN);

    let items = all_pages(&sandbox, &token, &format!("playlists/{}/items?limit=50", shared.id)).await;
    assert_eq!(items.len(), shared.total, "collaborators read everything");

    assert_eq!(get(&sandbox, &token, &format!("playlists/{}", editorial.id)).await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&sandbox, &token, &format!("playlists/{}/items", editorial.id)).await.0, StatusCode::NOT_FOUND);
    assert!(editorial.id.starts_with("37i9dQZ"));

    let (_, list) = get(&sandbox, &token, "me/playlists?limit=50").await;
    let listed: Vec<&Value> = list["items"].as_array().unwrap().iter().collect();
    assert_eq!(listed.len(), playlists.len());
    for playlist in listed {
        assert!(playlist["snapshot_id"].is_string() && playlist["owner"]["id"].is_string());
        assert!(playlist["items"]["href"].as_str().unwrap().ends_with("/items"));
        assert!(playlist["collaborative"].is_boolean());
    }
}

#[tokio::test]
async fn private_and_collaborative_playlists_need_their_scopes() {
    let sandbox = start_small().await;
    let control = sandbox.control();
    let playlists = control.playlists("marco").unwrap();
    let visible_without = playlists.iter().filter(|p| p.public && !p.collaborative).count();
    let token = control.grant("marco", CLIENT_ID, &["user-library-read"]).unwrap().access_token;
    let (_, list) = get(&sandbox, &token, "me/playlists?limit=50").await;
    assert_eq!(list["total"], visible_without);
    assert!(visible_without < playlists.len());
}

async fn playlist_with(sandbox: &crossfade_spotify_sandbox::RunningSandbox, tracks: usize) -> (String, Vec<String>) {
    let control = sandbox.control();
    let catalog = control.catalog();
    let uris: Vec<String> = (0..tracks).map(|i| format!("spotify:track:{}", catalog.tracks[i].id)).collect();
    let id = control.create_playlist("marco", "Edits", false, false).unwrap();
    let refs: Vec<&str> = uris.iter().map(String::as_str).collect();
    control.add_to_playlist("marco", &id, &refs).unwrap();
    (id, uris)
}

async fn order(
    sandbox: &crossfade_spotify_sandbox::RunningSandbox,
    token: &str,
    id: &str,
    uris: &[String],
) -> Vec<usize> {
    let items = all_pages(sandbox, token, &format!("playlists/{id}/items?limit=50")).await;
    items.iter().map(|i| uris.iter().position(|u| *u == i["item"]["uri"]).unwrap()).collect()
}

#[tokio::test]
async fn add_reorder_replace_delete_and_snapshots() {
    let sandbox = start_small().await;
    let token = grant(&sandbox, "marco").access_token;
    let (id, uris) = playlist_with(&sandbox, 6).await;
    let mut snapshots = vec![sandbox.control().playlist(&id).unwrap().snapshot_id];
    let path = format!("playlists/{id}/items");

    let (status, body) =
        call(&sandbox, &token, Method::POST, &path, Some(json!({"uris": [uris[0], uris[1]], "position": 1}))).await;
    assert_eq!(status, StatusCode::CREATED);
    snapshots.push(body["snapshot_id"].as_str().unwrap().to_owned());
    assert_eq!(order(&sandbox, &token, &id, &uris).await, vec![0, 0, 1, 1, 2, 3, 4, 5]);

    let reorder = json!({"range_start": 0, "insert_before": 8, "range_length": 2, "snapshot_id": snapshots[1]});
    let (status, body) = call(&sandbox, &token, Method::PUT, &path, Some(reorder)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    snapshots.push(body["snapshot_id"].as_str().unwrap().to_owned());
    assert_eq!(order(&sandbox, &token, &id, &uris).await, vec![1, 1, 2, 3, 4, 5, 0, 0]);

    let (status, body) =
        call(&sandbox, &token, Method::DELETE, &path, Some(json!({"items": [{"uri": uris[1]}, {"uri": uris[0]}]})))
            .await;
    assert_eq!(status, StatusCode::OK);
    snapshots.push(body["snapshot_id"].as_str().unwrap().to_owned());
    assert_eq!(order(&sandbox, &token, &id, &uris).await, vec![2, 3, 4, 5], "every occurrence removed");

    let (status, body) = call(&sandbox, &token, Method::PUT, &path, Some(json!({"uris": [uris[5], uris[4]]}))).await;
    assert_eq!(status, StatusCode::OK);
    snapshots.push(body["snapshot_id"].as_str().unwrap().to_owned());
    assert_eq!(order(&sandbox, &token, &id, &uris).await, vec![5, 4]);

    let (status, _) =
        call(&sandbox, &token, Method::PUT, &format!("playlists/{id}"), Some(json!({"name": "Renamed"}))).await;
    assert_eq!(status, StatusCode::OK);
    snapshots.push(sandbox.control().playlist(&id).unwrap().snapshot_id);
    let distinct: std::collections::BTreeSet<&String> = snapshots.iter().collect();
    assert_eq!(distinct.len(), snapshots.len(), "every mutation gives a new snapshot id: {snapshots:?}");

    let both = json!({"uris": [uris[0]], "range_start": 0, "insert_before": 1});
    assert_eq!(
        call(&sandbox, &token, Method::PUT, &path, Some(both)).await.0,
        StatusCode::BAD_REQUEST,
        "replace xor reorder"
    );
    let out_of_range = json!({"range_start": 5, "insert_before": 0});
    assert_eq!(call(&sandbox, &token, Method::PUT, &path, Some(out_of_range)).await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn writes_carry_at_most_one_hundred_items() {
    let sandbox = start_small().await;
    let token = grant(&sandbox, "marco").access_token;
    let (id, _) = playlist_with(&sandbox, 0).await;
    let catalog = sandbox.control().catalog();
    let uris: Vec<String> = (0..101).map(|i| format!("spotify:track:{}", catalog.tracks[i].id)).collect();
    let path = format!("playlists/{id}/items");
    let (status, body) = call(&sandbox, &token, Method::POST, &path, Some(json!({"uris": uris}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        call(&sandbox, &token, Method::POST, &path, Some(json!({"uris": uris[..100]}))).await.0,
        StatusCode::CREATED
    );
    let removals: Vec<Value> = uris.iter().map(|u| json!({"uri": u})).collect();
    assert_eq!(
        call(&sandbox, &token, Method::DELETE, &path, Some(json!({"items": removals}))).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        call(&sandbox, &token, Method::PUT, &path, Some(json!({"uris": uris}))).await.0,
        StatusCode::BAD_REQUEST
    );
    let (status, _) =
        call(&sandbox, &token, Method::POST, &path, Some(json!({"uris": ["spotify:local:a:b:c:1"]}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "local files cannot be added");
    assert_eq!(sandbox.control().playlist(&id).unwrap().total, 100);
}

#[tokio::test]
async fn create_and_change_details_with_owner_rule() {
    let sandbox = start_small().await;
    let marco = grant(&sandbox, "marco").access_token;
    let tessa = grant(&sandbox, "tessa").access_token;
    let (status, created) =
        call(&sandbox, &marco, Method::POST, "me/playlists", Some(json!({"name": "Fresh", "public": false}))).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(created["public"], false);
    assert_eq!(created["items"]["total"], 0);
    assert_eq!(created["images"], Value::Null);
    let id = created["id"].as_str().unwrap();
    let (_, list) = get(&sandbox, &marco, "me/playlists?limit=1").await;
    assert_eq!(list["items"][0]["id"], id, "newest first");
    let (status, _) =
        call(&sandbox, &tessa, Method::PUT, &format!("playlists/{id}"), Some(json!({"name": "Mine now"}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) =
        call(&sandbox, &tessa, Method::POST, &format!("playlists/{id}/items"), Some(json!({"uris": []}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) =
        call(&sandbox, &marco, Method::POST, "me/playlists", Some(json!({"description": "no name"}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = call(&sandbox, &marco, Method::POST, "users/marco/playlists", Some(json!({"name": "x"}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "POST /users/{{id}}/playlists is gone in Development Mode");
}

#[tokio::test]
async fn changes_by_other_users_show_up() {
    let sandbox = start_small().await;
    let control = sandbox.control();
    let token = grant(&sandbox, "marco").access_token;
    let id = control.create_playlist("marco", "Together", false, true).unwrap();
    control.add_collaborator(&id, "tessa").unwrap();
    let track = control.catalog().tracks[42].id.clone();
    control.add_to_playlist("tessa", &id, &[&format!("spotify:track:{track}")]).unwrap();
    let (_, items) = get(&sandbox, &token, &format!("playlists/{id}/items")).await;
    assert_eq!(items["items"][0]["added_by"]["id"], "tessa");
    assert!(control.add_to_playlist("juniper", &id, &[&format!("spotify:track:{track}")]).is_err());
}

#[tokio::test]
async fn legacy_tracks_paths_are_forbidden_in_development_mode() {
    let sandbox = start_small().await;
    let token = grant(&sandbox, "marco").access_token;
    let own = pick(&sandbox.control().playlists("marco").unwrap(), |p| p.owner_id == "marco").id.clone();
    for method in [Method::GET, Method::POST, Method::PUT, Method::DELETE] {
        let (status, body) =
            call(&sandbox, &token, method.clone(), &format!("playlists/{own}/tracks"), Some(json!({"uris": []}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method}");
        assert_eq!(body["error"]["message"], "Forbidden");
    }
}

#[tokio::test]
async fn large_libraries_hold_odd_entries_and_generate_fast() {
    let config = SandboxConfig {
        catalog: CatalogOptions { tracks: 1_000, ..CatalogOptions::default() },
        users: vec![DemoUserSpec::new("huge", "Huge", 20_000, 300), DemoUserSpec::new("small", "Small", 5, 5)],
        ..small_config()
    };
    let started = std::time::Instant::now();
    let sandbox = start(config, loopback()).await.unwrap();
    let elapsed = started.elapsed();
    assert!(elapsed < std::time::Duration::from_secs(10), "generating 20,000 liked songs took {elapsed:?}");
    let control = sandbox.control();
    let summary = control.demo_users().into_iter().find(|u| u.id == "huge").unwrap();
    assert_eq!((summary.liked_songs, summary.playlists), (20_000, 300));
    assert!(control.catalog().tracks.len() >= 20_000);

    let token = grant(&sandbox, "huge").access_token;
    let readable: Vec<PlaylistSummary> =
        control.playlists("huge").unwrap().into_iter().filter(|p| p.owner_id == "huge" || p.collaborative).collect();
    let (mut local, mut episodes, mut nulls, mut duplicates) = (0, 0, 0, 0);
    for playlist in readable.iter().filter(|p| p.total > 0).take(120) {
        let items = all_pages(&sandbox, &token, &format!("playlists/{}/items?limit=50", playlist.id)).await;
        let mut seen = std::collections::BTreeSet::new();
        for entry in &items {
            let item = &entry["item"];
            if entry["is_local"] == true {
                local += 1;
                assert!(item["uri"].as_str().unwrap().starts_with("spotify:local:") && item["id"].is_null());
            } else if item.is_null() {
                nulls += 1;
            } else if item["type"] == "episode" {
                episodes += 1;
            } else if !seen.insert(item["id"].as_str().unwrap().to_owned()) {
                duplicates += 1;
            }
        }
    }
    assert!(local > 0 && episodes > 0 && nulls > 0 && duplicates > 0, "{local} {episodes} {nulls} {duplicates}");
}
