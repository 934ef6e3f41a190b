#![allow(dead_code)] // each test file uses a different part of the helpers
//! Spawns the real app on port 0 with a fresh database: a SQLite file in a temp directory,
//! or, when `PORTAL_TEST_PG` names a PostgreSQL server (scripts/pg.sh), a new database there.
pub mod processes;
pub mod rx_image;
pub mod rx_varied;

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

/// A new, empty database on the `PORTAL_TEST_PG` server (None: SQLite). Each test gets its
/// own, as each gets its own SQLite file; the whole cluster is removed after the run.
pub async fn fresh_pg_database() -> Option<String> {
    use sqlx::Connection;
    let base = std::env::var("PORTAL_TEST_PG").ok().filter(|u| !u.is_empty())?;
    sqlx::any::install_default_drivers();
    let name = format!("t_{}", server::store::new_id());
    let mut admin = sqlx::AnyConnection::connect(&base).await.expect("connect to PORTAL_TEST_PG");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create test database");
    let (root, _) = base.rsplit_once('/').expect("a URL ending in /<database>");
    Some(format!("{root}/{name}"))
}

pub const GOLD_PHONE: &str = "13800000003";
pub const SILVER_PHONE: &str = "13800000002";
/// 王秀英, the bronze demo member.
pub const BRONZE_PHONE: &str = "13800000001";

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// Spawns with a config adjusted by `tweak` (mode, TTLs, static dir …).
    pub async fn spawn_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
        let data = tempfile::tempdir().expect("temp dir");
        let mut config = Config::for_tests(data.path().join("db"));
        config.static_dir = PathBuf::from("/nonexistent");
        config.database_url = fresh_pg_database().await;
        tweak(&mut config);
        if config.mode == server::Mode::Production && config.hash_key.is_none() {
            // A production deployment is configured with one (dev mode makes its own).
            config.hash_key = Some(server::store::keyed_hash::HashKey::generate());
        }
        let state = AppState::new(config).await.expect("app state");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(server::serve(listener, state.clone()));
        let client = Client::builder().cookie_store(true).build().unwrap();
        TestApp { base, client, state, _data: data }
    }

    /// Whether this app runs on PostgreSQL (SQLite-only checks skip themselves there).
    pub fn on_postgres(&self) -> bool {
        server::store::backend(&self.state.db) == server::store::Backend::Postgres
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn post_json(&self, path: &str, body: Value) -> Response {
        self.client.post(self.url(path)).json(&body).send().await.expect("request")
    }

    /// Logs a demo member in with the fixed dev code; returns the bearer token.
    pub async fn login_demo(&self, phone: &str) -> String {
        // A fresh client: a login through the shared cookie jar would present (and so revoke,
        // by session rotation) the session of whoever logged in through it before.
        let res = Client::new()
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({"phone": phone, "code": server::seed::DEMO_CODE}))
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), 200, "demo login");
        res.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string()
    }

    /// Any method with a bearer token and an optional JSON body, without the cookie jar.
    pub async fn call(&self, method: reqwest::Method, path: &str, token: &str, body: Option<Value>) -> Response {
        let req = Client::new().request(method, self.url(path)).bearer_auth(token);
        let req = if let Some(b) = body { req.json(&b) } else { req };
        req.send().await.expect("request")
    }

    /// Registers a member through the admin API (not a demo member: the login limits and
    /// the consent prompt apply); returns the member id.
    pub async fn register(&self, phone: &str, name: &str) -> String {
        let res = self
            .call(
                reqwest::Method::POST,
                "/api/v1/admin/members",
                server::config::DEV_ADMIN_TOKEN,
                Some(serde_json::json!({"phone": phone, "name": name})),
            )
            .await;
        assert_eq!(res.status(), 201, "register member");
        res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
    }

    /// Logs a registered member in with the code dev mode returns; returns the bearer token.
    pub async fn login_phone(&self, phone: &str) -> String {
        let res = self.post_json("/api/v1/auth/code", json!({"phone": phone})).await;
        assert_eq!(res.status(), 200, "code for {phone}");
        let code = res.json::<Value>().await.unwrap()["dev_code"].as_str().unwrap().to_string();
        let res = Client::new()
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({"phone": phone, "code": code}))
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), 200, "login {phone}");
        res.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string()
    }

    /// Signs a demo staff member of `role` in to the console; returns the bearer token.
    pub async fn staff_token(&self, role: api::staff::Role) -> String {
        let phone = server::seed::DEMO_STAFF.iter().find(|s| s.3 == role).expect("demo staff of the role").1;
        let res = Client::new()
            .post(self.url("/api/v1/staff/auth/login"))
            .json(&json!({"phone": phone, "code": server::seed::DEMO_CODE}))
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), 200, "staff login");
        res.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string()
    }

    /// GET with a bearer token, without the cookie jar (a fresh client).
    pub async fn get_bearer(&self, path: &str, token: &str) -> Response {
        Client::new().get(self.url(path)).bearer_auth(token).send().await.expect("request")
    }
}

/// A medication the API accepts, taken at `times` every day.
pub fn medication_json(name: &str, times: &[&str]) -> Value {
    json!({
        "name": name, "strength": "10 mg", "form": "片", "dose_amount": 1, "dose_unit": "片",
        "timing": {"kind": "times", "times": times}, "start_date": "2020-01-01", "end_date": null,
        "storage_note": null, "food_note": "饭后", "supply_on_hand": 14, "renewal_date": null, "prescription_id": null
    })
}

/// A legible one-page prescription as JPEG (real text: Tesseract reads it).
pub fn prescription_jpeg() -> Vec<u8> {
    let lines = [
        "XX市第一人民医院 处方笺",
        "姓名：测试 性别：女 年龄：70岁",
        "Rp:",
        "硝苯地平控释片 30mg×7片",
        "用法：每日一次，每次一片，口服",
    ];
    rx_image::photo(&rx_image::render(&lines), rx_image::Distortion::CLEAN)
}

/// `POST <base>/api/v1/prescriptions` with one page and an idempotency key, ready to send.
pub fn rx_upload(http: &Client, base: &str, token: &str, key: &str, page: Vec<u8>) -> reqwest::RequestBuilder {
    let form = reqwest::multipart::Form::new().part("page", reqwest::multipart::Part::bytes(page).file_name("rx.jpg"));
    http.post(format!("{base}/api/v1/prescriptions")).bearer_auth(token).header("Idempotency-Key", key).multipart(form)
}

impl TestApp {
    /// `POST /prescriptions` with one page and an idempotency key.
    pub async fn upload_rx(&self, token: &str, key: &str, page: Vec<u8>) -> Response {
        rx_upload(&Client::new(), &self.base, token, key, page).send().await.expect("upload")
    }

    /// `POST /feedback` with a photo and an idempotency key.
    pub async fn feedback_with_photo(&self, token: &str, key: &str) -> Response {
        let photo = rx_image::png(&rx_image::render(&["配送的药盒破损"]));
        let form = reqwest::multipart::Form::new()
            .text("category", "complaint")
            .text("major", "false")
            .text("text", "收到的药盒被压坏了，药片没事")
            .part("photo", reqwest::multipart::Part::bytes(photo).file_name("photo.png"));
        Client::new()
            .post(self.url("/api/v1/feedback"))
            .bearer_auth(token)
            .header("Idempotency-Key", key)
            .multipart(form)
            .send()
            .await
            .expect("feedback")
    }
}

/// Asserts the documented error body and returns its code.
pub async fn error_code(res: Response) -> String {
    let body: Value = res.json().await.expect("JSON error body");
    assert!(body["error"]["message"].is_string(), "error body has a message: {body}");
    body["error"]["code"].as_str().expect("error code").to_string()
}
