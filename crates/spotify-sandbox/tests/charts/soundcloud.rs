//! SoundCloud: the client-credentials token and its refresh, the `OAuth` header every track route needs, search with
//! linked partitioning, publisher metadata with an ISRC on some uploads only, and play counts that grow.

use crossfade_spotify_sandbox::{Provider, RunningSandbox};
use reqwest::StatusCode;
use serde_json::Value;

use super::{DAY, Fetched, get_with, sandbox};

async fn token_answer(sandbox: &RunningSandbox, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let url = format!("{}/oauth/token", sandbox.provider_base_url(Provider::SoundCloud));
    let response =
        super::http().post(url).basic_auth("crossfade", Some("s3cret")).form(form).send().await.expect("token");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn tracks(sandbox: &RunningSandbox, token: &str, path: &str) -> Fetched {
    let header = format!("OAuth {token}");
    get_with(sandbox, Provider::SoundCloud, path, &[("authorization", header.as_str())]).await
}

#[tokio::test]
async fn uploads_are_found_behind_an_oauth_token() {
    let sandbox = sandbox().await;
    let (status, token) = token_answer(&sandbox, &[("grant_type", "client_credentials")]).await;
    assert_eq!(status, StatusCode::OK, "{token}");
    assert_eq!(
        (&token["token_type"], &token["expires_in"], &token["scope"]),
        (&Value::from("bearer"), &Value::from(3599), &Value::from(""))
    );
    let access = token["access_token"].as_str().expect("an access token").to_owned();

    let catalog = sandbox.control().catalog();
    let mut popular: Vec<_> = catalog.tracks.iter().collect();
    popular.sort_by_key(|track| std::cmp::Reverse(track.popularity));
    let mut found = Vec::new();
    for track in popular.iter().take(40) {
        let q: String = url::form_urlencoded::byte_serialize(
            format!("{} {}", catalog.artists[track.artists[0]].name, track.name).as_bytes(),
        )
        .collect();
        let page = tracks(&sandbox, &access, &format!("/tracks?q={q}&limit=5&linked_partitioning=true")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text());
        let page = page.json();
        assert!(page.get("next_href").is_some());
        found.extend(page["collection"].as_array().cloned().unwrap_or_default());
    }
    assert!(found.len() >= 15, "most popular songs are on SoundCloud: {}", found.len());
    for upload in &found {
        for field in [
            "id",
            "kind",
            "title",
            "genre",
            "duration",
            "permalink_url",
            "playback_count",
            "likes_count",
            "user",
            "publisher_metadata",
        ] {
            assert!(upload.get(field).is_some(), "{field}: {upload}");
        }
        assert_eq!(upload["kind"], "track");
    }
    let with_isrc = found.iter().filter(|upload| upload["publisher_metadata"]["isrc"].is_string()).count();
    let without_metadata = found.iter().filter(|upload| upload["publisher_metadata"].is_null()).count();
    assert!(
        with_isrc > 0 && with_isrc < found.len() && without_metadata > 0,
        "{with_isrc} with ISRC, {without_metadata} without metadata"
    );
    for upload in found.iter().filter(|upload| upload["publisher_metadata"]["isrc"].is_string()) {
        let isrc = upload["publisher_metadata"]["isrc"].as_str().unwrap_or_default();
        assert!(catalog.tracks.iter().any(|track| track.isrc == isrc), "{isrc} is the catalog track's");
    }

    let id = &found[0]["id"];
    let one = tracks(&sandbox, &access, &format!("/tracks/{id}")).await.json();
    assert_eq!(one, found[0]);
    assert_eq!(tracks(&sandbox, &access, "/tracks/1").await.status, StatusCode::NOT_FOUND);
    let bare = tracks(&sandbox, &access, "/tracks?q=heartbeat").await.json();
    assert!(bare.is_array(), "without linked_partitioning a bare list");

    for header in [None, Some(format!("Bearer {access}")), Some("OAuth 2-unknown".to_owned())] {
        let headers: Vec<(&str, &str)> = header.iter().map(|value| ("authorization", value.as_str())).collect();
        let refused = get_with(&sandbox, Provider::SoundCloud, &format!("/tracks/{id}"), &headers).await;
        assert_eq!((refused.status, &refused.json()["code"]), (StatusCode::UNAUTHORIZED, &Value::from(401)));
    }

    sandbox.control().advance_clock(DAY);
    assert_eq!(
        tracks(&sandbox, &access, &format!("/tracks/{id}")).await.status,
        StatusCode::UNAUTHORIZED,
        "the token expired"
    );
    let refresh = token["refresh_token"].as_str().expect("a refresh token");
    let (status, renewed) =
        token_answer(&sandbox, &[("grant_type", "refresh_token"), ("refresh_token", refresh)]).await;
    assert_eq!(status, StatusCode::OK);
    let later =
        tracks(&sandbox, renewed["access_token"].as_str().unwrap_or_default(), &format!("/tracks/{id}")).await.json();
    assert!(later["playback_count"].as_u64() > found[0]["playback_count"].as_u64(), "plays grow every day");
    let (status, _) = token_answer(&sandbox, &[("grant_type", "refresh_token"), ("refresh_token", refresh)]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a refresh token is used once");
}
