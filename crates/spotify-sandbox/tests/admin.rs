//! Keeping the sandbox local: the admin API answers loopback hosts only (DNS rebinding), and a non-loopback listen
//! address must be allowed explicitly.

mod common;

use std::net::SocketAddr;

use common::*;
use crossfade_spotify_sandbox::{RunningSandbox, SandboxConfig, SandboxError, start};
use reqwest::StatusCode;
use reqwest::header::HOST;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// `GET /sandbox/users` sent over loopback with `Host: host`.
async fn users_for_host(sandbox: &RunningSandbox, host: &str) -> (StatusCode, Value) {
    let response =
        http().get(format!("{}sandbox/users", sandbox.base_url())).header(HOST, host).send().await.expect("request");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_admin_api_refuses_hosts_other_than_loopback() {
    let sandbox = start_small().await;
    let port = sandbox.local_addr().port();
    for host in ["evil.example".to_owned(), format!("evil.example:{port}"), format!("127.0.0.1.nip.io:{port}")] {
        let (status, body) = users_for_host(&sandbox, &host).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{host}");
        assert!(body["error"].as_str().is_some_and(|error| error.contains("DNS rebinding")), "{host}: {body}");
    }
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}"), "localhost".into(), "[::1]".into()] {
        let (status, body) = users_for_host(&sandbox, &host).await;
        assert_eq!(status, StatusCode::OK, "{host}: {body}");
        assert_eq!(body.as_array().map(Vec::len), Some(3));
    }
    let faults = http()
        .put(format!("{}sandbox/admin/faults", sandbox.base_url()))
        .header(HOST, "evil.example")
        .json(&serde_json::json!({ "latency_ms": 5000 }))
        .send()
        .await
        .unwrap();
    assert_eq!(faults.status(), StatusCode::FORBIDDEN);
    assert_eq!(sandbox.control().faults().latency_ms, 0, "a refused request changes nothing");

    let (status, body) = get(&sandbox, &grant(&sandbox, "tessa").access_token, "me").await;
    assert_eq!((status, body["id"].as_str()), (StatusCode::OK, Some("tessa")), "the Web API does not check Host");
}

#[tokio::test]
async fn an_admin_request_without_a_host_is_refused() {
    let sandbox = start_small().await;
    let mut stream = TcpStream::connect(sandbox.local_addr()).await.unwrap();
    stream.write_all(b"GET /sandbox/users HTTP/1.0\r\n\r\n").await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.0 403"), "{answer}");
    assert!(answer.contains("Host header"), "{answer}");
}

#[tokio::test]
async fn a_non_loopback_address_must_be_allowed_explicitly() {
    let everywhere = SocketAddr::from(([0, 0, 0, 0], 0));
    match start(small_config(), everywhere).await {
        Err(error @ SandboxError::RemoteAddress { .. }) => {
            assert!(error.to_string().contains("0.0.0.0:0"), "names the address: {error}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let allowed = start(SandboxConfig { allow_remote: true, ..small_config() }, everywhere).await.unwrap();
    assert!(allowed.local_addr().ip().is_unspecified());
    allowed.shutdown().await;
    start(small_config(), SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap().shutdown().await;
}
