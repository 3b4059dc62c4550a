//! Helpers shared by the integration tests: starting a sandbox, granting tokens, calling the Web API, and
//! walking the consent page without JavaScript.

#![allow(dead_code)]

use std::net::SocketAddr;

use base64::Engine;
use crossfade_spotify_sandbox::{
    CatalogOptions, DemoUserSpec, Grant, RegisteredClient, RunningSandbox, SandboxConfig, start,
};
use reqwest::{Client, Method, StatusCode};
use serde_json::Value;
use sha2::{Digest, Sha256};

pub const CLIENT_ID: &str = "test-app";
pub const REDIRECT_URI: &str = "http://127.0.0.1:8765/callback";

pub fn loopback() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// A small world: a tiny user, a medium one and one without Premium, 2,500 tracks, one PKCE client.
pub fn small_config() -> SandboxConfig {
    SandboxConfig {
        catalog: CatalogOptions { tracks: 2_500, ..CatalogOptions::default() },
        users: vec![
            DemoUserSpec::new("tessa", "Tessa", 12, 5),
            DemoUserSpec::new("marco", "Marco", 1_234, 25),
            DemoUserSpec::new("juniper", "Juniper", 120, 9).without_premium(),
        ],
        clients: vec![RegisteredClient::public(CLIENT_ID, &[REDIRECT_URI])],
        ..SandboxConfig::default()
    }
}

pub async fn start_small() -> RunningSandbox {
    start(small_config(), loopback()).await.expect("sandbox starts")
}

/// Every scope the app uses.
pub const ALL_SCOPES: [&str; 13] = [
    "user-follow-modify",
    "user-library-read",
    "user-library-modify",
    "playlist-read-private",
    "playlist-read-collaborative",
    "playlist-modify-public",
    "playlist-modify-private",
    "user-follow-read",
    "user-top-read",
    "user-read-recently-played",
    "user-read-playback-state",
    "user-modify-playback-state",
    "user-read-currently-playing",
];

pub fn grant(sandbox: &RunningSandbox, user: &str) -> Grant {
    sandbox.control().grant(user, CLIENT_ID, &ALL_SCOPES).expect("grant")
}

pub fn http() -> Client {
    Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("http client")
}

/// A Web API call: `path` is relative to `/v1/` (or an absolute URL); returns the status and the JSON body
/// (`Null` when empty or not JSON).
pub async fn call(
    sandbox: &RunningSandbox,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let url = if path.starts_with("http") { path.to_owned() } else { format!("{}{path}", sandbox.api_base_url()) };
    let mut request = http().request(method, url).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    let text = response.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

pub async fn get(sandbox: &RunningSandbox, token: &str, path: &str) -> (StatusCode, Value) {
    call(sandbox, token, Method::GET, path, None).await
}

/// Follows `next` from `first` to the end, returning every item.
pub async fn all_pages(sandbox: &RunningSandbox, token: &str, first: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut next = Some(first.to_owned());
    while let Some(url) = next {
        let (status, page) = get(sandbox, token, &url).await;
        assert_eq!(status, StatusCode::OK, "{url}: {page}");
        items.extend(page["items"].as_array().cloned().unwrap_or_default());
        next = page["next"].as_str().map(str::to_owned);
        if let Some(next) = &next {
            assert!(next.starts_with(sandbox.api_base_url().as_str()), "next is absolute on the sandbox: {next}");
        }
    }
    items
}

pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-sandbox-verifier";

pub fn challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'").replace("&amp;", "&")
}

/// The hidden inputs and the radio values of the consent form.
pub fn form_fields(html: &str) -> (Vec<(String, String)>, Vec<String>) {
    let attribute = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
        let end = tag[start..].find('"')? + start;
        Some(unescape(&tag[start..end]))
    };
    let mut hidden = Vec::new();
    let mut radios = Vec::new();
    for tag in html.split("<input").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        match attribute(tag, "type").as_deref() {
            Some("hidden") => {
                hidden.push((attribute(tag, "name").unwrap_or_default(), attribute(tag, "value").unwrap_or_default()))
            }
            Some("radio") => radios.push(attribute(tag, "value").unwrap_or_default()),
            _ => {}
        }
    }
    (hidden, radios)
}

/// Opens the consent page for these authorize parameters and submits it as `user` with `decision`; returns the
/// redirect `Location`.
pub async fn consent(sandbox: &RunningSandbox, params: &[(&str, &str)], user: &str, decision: &str) -> String {
    let page = http().get(format!("{}authorize", sandbox.base_url())).query(params).send().await.expect("authorize");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    let (mut fields, radios) = form_fields(&html);
    assert!(radios.iter().any(|r| r == user), "{user} is offered: {radios:?}");
    fields.push(("user_id".into(), user.into()));
    fields.push(("decision".into(), decision.into()));
    let answer = http().post(format!("{}authorize", sandbox.base_url())).form(&fields).send().await.expect("decide");
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    answer.headers()["location"].to_str().expect("location").to_owned()
}

/// Standard PKCE authorize parameters.
pub fn pkce_params<'a>(scope: &'a str, state: &'a str, challenge: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("client_id", CLIENT_ID),
        ("response_type", "code"),
        ("redirect_uri", REDIRECT_URI),
        ("state", state),
        ("scope", scope),
        ("code_challenge_method", "S256"),
        ("code_challenge", challenge),
    ]
}

/// A query parameter of a URL.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    url::Url::parse(url).ok()?.query_pairs().find(|(key, _)| key == name).map(|(_, value)| value.into_owned())
}

/// `POST /api/token` with a form; returns status and JSON.
pub async fn token_request(sandbox: &RunningSandbox, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let response = http().post(format!("{}api/token", sandbox.base_url())).form(form).send().await.expect("token");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}
