//! The server binary as its own process (load, faults, several instances): started on a
//! free port, SIGKILLed on demand, and members enrolled through its API.
use std::ffi::OsString;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::Client;
use serde_json::{json, Value};

pub const ADMIN: &str = "dev-admin-token";
/// The `--hash-key` every spawned instance gets.
pub const TEST_HASH_KEY: &str = "5e1f0c3a9b7d2e4f6a8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f1a3c5e7b9d0f";

/// The server binary, started in dev mode on a free port; killed (SIGKILL) on drop.
pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    pub async fn start(data: &Path, port: u16) -> Server {
        Self::start_with(data, port, &[]).await
    }

    /// [`start`](Self::start) with more flags (`--database-url`, `--uploads-dir` …).
    pub async fn start_with(data: &Path, port: u16, extra: &[OsString]) -> Server {
        let child = Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["--mode", "dev", "--trust-proxy", "--static-dir", "/nonexistent"])
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--data-dir")
            .arg(data)
            .args(extra)
            .env("RUST_LOG", "warn")
            // Instances sharing a database share the key, as a deployment's would.
            .env("PORTAL_HASH_KEY", TEST_HASH_KEY)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("server binary");
        let base = format!("http://127.0.0.1:{port}");
        for _ in 0..200 {
            if Client::new().get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status() == 200) {
                return Server { child, base };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("server did not start");
    }

    /// SIGKILL: no shutdown, no flush, in the middle of whatever it was doing.
    pub fn kill(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A registered member with points, a medication and a session; each has its own address
/// (the server trusts the proxy header here), as members behind a load balancer would.
pub struct Member {
    pub id: String,
    pub token: String,
    pub medication: String,
    pub ip: String,
}

/// Sends `req` and reads its JSON answer (set-up steps, which must succeed).
pub async fn answer(req: reqwest::RequestBuilder) -> Value {
    let res = req.send().await.expect("request");
    assert!(res.status().is_success(), "set-up step: {}", res.status());
    res.json().await.expect("JSON")
}

/// Signs dev mode's demo pharmacist in to the staff console; returns the bearer token.
pub async fn pharmacist_token(http: &Client, base: &str) -> String {
    let phone = server::seed::DEMO_STAFF[0].1;
    let login = json!({"phone": phone, "code": server::seed::DEMO_CODE});
    let session = answer(http.post(format!("{base}/api/v1/staff/auth/login")).json(&login)).await;
    session["token"].as_str().unwrap().to_string()
}

pub async fn enrol(http: &Client, base: &str, i: usize) -> Member {
    let phone = format!("139{i:08}");
    let ip = format!("10.{}.{}.{}", i / 65536 % 256, i / 256 % 256, i % 256);
    let post = |path: &str| http.post(format!("{base}{path}"));
    let created = answer(
        post("/api/v1/admin/members").bearer_auth(ADMIN).json(&json!({"phone": phone, "name": format!("会员{i}")})),
    )
    .await;
    let id = created["id"].as_str().unwrap().to_string();
    let order = json!({"order_id": format!("seed-{i}"), "member_id": id, "amount_fen": 600_000});
    answer(post("/api/v1/admin/orders").bearer_auth(ADMIN).json(&order)).await;
    let code = answer(post("/api/v1/auth/code").header("x-forwarded-for", &ip).json(&json!({"phone": phone}))).await;
    let login = json!({"phone": phone, "code": code["dev_code"]});
    let session = answer(post("/api/v1/auth/login").header("x-forwarded-for", &ip).json(&login)).await;
    let token = session["token"].as_str().unwrap().to_string();
    let consent = json!({"version": server::privacy::POLICY_VERSION});
    answer(http.put(format!("{base}/api/v1/me/consent")).bearer_auth(&token).json(&consent)).await;
    let spec = super::medication_json("缬沙坦胶囊", &["08:00", "20:00"]);
    let med = answer(post("/api/v1/medications").bearer_auth(&token).json(&spec)).await;
    Member { id, token, medication: med["id"].as_str().unwrap().to_string(), ip }
}
