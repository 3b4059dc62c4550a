//! The providers' gate in front of the chart sources: injected failures, rate budgets with Retry-After, Deezer's
//! quota answer on its chart; and Beatport's Top 100 read as a chart.

use crossfade_spotify_sandbox::{Provider, ProviderSettings, RateBudget};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{get, get_with, sandbox, sandbox_with};

#[tokio::test]
async fn injected_failures_and_rate_budgets_apply_to_chart_sources() {
    let mut settings = ProviderSettings::unlimited();
    settings.spotify_charts.rate_budget = Some(RateBudget { requests: 1, per_secs: 60 });
    let sandbox = sandbox_with(settings).await;
    let path = "/charts/regional-global-daily/latest/download";
    assert_eq!(get(&sandbox, Provider::SpotifyCharts, path).await.status, StatusCode::OK);
    let limited = get(&sandbox, Provider::SpotifyCharts, path).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers["retry-after"].to_str().unwrap_or_default().parse::<u64>().is_ok_and(|secs| secs > 0));

    let control = sandbox.control();
    control.fail_provider_requests(Provider::Shazam, 1);
    let shazam = "/services/charts/csv/top-200-global";
    let refused = get(&sandbox, Provider::Shazam, shazam).await;
    assert_eq!((refused.status, refused.text().as_str()), (StatusCode::TOO_MANY_REQUESTS, "Too Many Requests"));
    assert_eq!(get(&sandbox, Provider::Shazam, shazam).await.status, StatusCode::OK);

    control.fail_provider_requests(Provider::Deezer, 1);
    let quota = get(&sandbox, Provider::Deezer, "/chart/0/tracks").await;
    assert_eq!(quota.status, StatusCode::OK, "Deezer reports its quota in a successful answer");
    assert_eq!(quota.json(), json!({ "error": { "type": "Exception", "message": "Quota limit exceeded", "code": 4 } }));

    control.fail_provider_requests(Provider::YouTube, 1);
    let youtube = get(&sandbox, Provider::YouTube, "/youtube/v3/videos?part=statistics&id=x&key=k").await;
    assert_eq!(
        (youtube.status, &youtube.json()["error"]["errors"][0]["reason"]),
        (StatusCode::FORBIDDEN, &Value::from("rateLimitExceeded"))
    );
    control.fail_provider_requests(Provider::Billboard, 1);
    assert_eq!(get(&sandbox, Provider::Billboard, "/recent.json").await.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(control.pending_provider_failures(Provider::Billboard), 0);
}

#[tokio::test]
async fn beatports_top_100_reads_as_a_chart() {
    let sandbox = sandbox().await;
    let url = format!("{}/v4/auth/o/token/", sandbox.provider_base_url(Provider::Beatport));
    let form = [("grant_type", "client_credentials"), ("client_id", "crossfade"), ("client_secret", "s3cret")];
    let token: Value = super::http().post(url).form(&form).send().await.expect("token").json().await.expect("json");
    let bearer = format!("Bearer {}", token["access_token"].as_str().expect("a token"));
    let mut read = 0;
    for genre in [11, 5, 6, 90, 1, 89, 96, 39] {
        let path = format!("/v4/catalog/genres/{genre}/top/100/?per_page=100");
        let answer = get_with(&sandbox, Provider::Beatport, &path, &[("authorization", bearer.as_str())]).await;
        if answer.json()["results"].as_array().is_some_and(Vec::is_empty) {
            continue;
        }
        let chart = answer.chart("beatport-top-100.json");
        assert!(chart.entries.iter().map(|entry| entry.position).eq(1..=chart.entries.len() as u32));
        assert!(chart.entries.iter().any(|entry| entry.isrc.is_some()), "the API's tracks carry their ISRC");
        read += 1;
    }
    assert!(read > 0, "some genre has a Top 100");
}
