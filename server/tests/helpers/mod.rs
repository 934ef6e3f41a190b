#![allow(dead_code)] // each test file uses a different part of the helpers
//! Spawns the real app on port 0 with a fresh SQLite database in a temp directory.
pub mod rx_image;

use std::path::PathBuf;

use reqwest::{Client, Response};
use serde_json::{json, Value};
use server::{AppState, Config};

pub struct TestApp {
    pub base: String,
    pub client: Client,
    pub state: AppState,
    _data: tempfile::TempDir,
}

pub const GOLD_PHONE: &str = "13800000003";
pub const SILVER_PHONE: &str = "13800000002";

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// Spawns with a config adjusted by `tweak` (mode, TTLs, static dir …).
    pub async fn spawn_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
        let data = tempfile::tempdir().expect("temp dir");
        let mut config = Config::for_tests(data.path().join("db"));
        config.static_dir = PathBuf::from("/nonexistent");
        tweak(&mut config);
        let state = AppState::new(config).await.expect("app state");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(server::serve(listener, state.clone()));
        let client = Client::builder().cookie_store(true).build().unwrap();
        TestApp { base, client, state, _data: data }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn post_json(&self, path: &str, body: Value) -> Response {
        self.client.post(self.url(path)).json(&body).send().await.expect("request")
    }

    /// Logs a demo member in with the fixed dev code; returns the bearer token.
    pub async fn login_demo(&self, phone: &str) -> String {
        let res = self.post_json("/api/v1/auth/login", json!({"phone": phone, "code": server::seed::DEMO_CODE})).await;
        assert_eq!(res.status(), 200, "demo login");
        res.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string()
    }

    /// GET with a bearer token, without the cookie jar (a fresh client).
    pub async fn get_bearer(&self, path: &str, token: &str) -> Response {
        Client::new().get(self.url(path)).bearer_auth(token).send().await.expect("request")
    }
}

/// Asserts the documented error body and returns its code.
pub async fn error_code(res: Response) -> String {
    let body: Value = res.json().await.expect("JSON error body");
    assert!(body["error"]["message"].is_string(), "error body has a message: {body}");
    body["error"]["code"].as_str().expect("error code").to_string()
}
