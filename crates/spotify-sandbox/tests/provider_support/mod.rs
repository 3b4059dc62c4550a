//! Helpers shared by the enrichment-provider tests: a sandbox with chosen provider knobs, plain GETs against a
//! provider's base URL, and a little statistics.

#![allow(dead_code)]

use crossfade_spotify_sandbox::{Provider, ProviderSettings, RunningSandbox, SandboxConfig, start};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;

#[path = "../common/mod.rs"]
mod common;

pub use common::{http, loopback, small_config};

/// The User-Agent MusicBrainz expects: an application and a contact.
pub const USER_AGENT: &str = "Crossfade/0.1 ( admin@example.org )";

/// The small test world with the given provider knobs.
pub async fn start_with(providers: ProviderSettings) -> RunningSandbox {
    start(SandboxConfig { providers, ..small_config() }, loopback()).await.expect("sandbox starts")
}

/// The small test world without provider rate limits.
pub async fn start_unlimited() -> RunningSandbox {
    start_with(ProviderSettings::unlimited()).await
}

/// One provider answer.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
    /// The body as JSON, `Null` when it is not JSON.
    pub json: Value,
}

/// `GET {provider base}{path}` with a MusicBrainz-friendly User-Agent.
pub async fn fetch(sandbox: &RunningSandbox, provider: Provider, path: &str) -> Answer {
    fetch_as(sandbox, provider, path, Some(USER_AGENT)).await
}

/// `GET {provider base}{path}` with the given User-Agent, or none.
pub async fn fetch_as(sandbox: &RunningSandbox, provider: Provider, path: &str, user_agent: Option<&str>) -> Answer {
    let url = format!("{}{path}", sandbox.provider_base_url(provider));
    let mut request = http().get(url);
    if let Some(user_agent) = user_agent {
        request = request.header(reqwest::header::USER_AGENT, user_agent);
    }
    let response = request.send().await.expect("request");
    let (status, headers) = (response.status(), response.headers().clone());
    let text = response.text().await.expect("body");
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer { status, headers, text, json }
}

pub fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

pub fn std_dev(values: &[f64]) -> f64 {
    let m = mean(values);
    (values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / values.len() as f64).sqrt()
}

pub fn correlation(xs: &[f64], ys: &[f64]) -> f64 {
    let (mx, my) = (mean(xs), mean(ys));
    let cov: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let vx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    let vy: f64 = ys.iter().map(|y| (y - my).powi(2)).sum();
    cov / (vx * vy).sqrt()
}
