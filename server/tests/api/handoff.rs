//! The mini-program hand-off: the platform asks for a one-time code, the portal exchanges it.

use crate::helpers::{error_code, TestApp, GOLD_PHONE};
use reqwest::Client;
use serde_json::{json, Value};

async fn issue(app: &TestApp, phone: &str) -> reqwest::Response {
    Client::new()
        .post(app.url("/api/v1/admin/handoff-codes"))
        .bearer_auth(server::config::DEV_ADMIN_TOKEN)
        .json(&json!({ "phone": phone }))
        .send()
        .await
        .unwrap()
}

async fn code_for(app: &TestApp, phone: &str) -> String {
    let res = issue(app, phone).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["expires_in_secs"], 60);
    body["code"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_code_signs_the_member_in_once() {
    let app = TestApp::spawn().await;
    let code = code_for(&app, GOLD_PHONE).await;
    let stored: String =
        sqlx::query_scalar("SELECT code_hash FROM handoff_codes").fetch_one(&app.state.db).await.unwrap();
    assert_ne!(stored, code, "only the hash is kept");

    let res = app.post_json("/api/v1/auth/exchange", json!({ "code": code })).await;
    assert_eq!(res.status(), 200);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    let me: Value = app.client.get(app.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["name"], "张桂兰");

    // A shared or reloaded URL still carrying the code signs nobody in.
    let res = Client::new().post(app.url("/api/v1/auth/exchange")).json(&json!({ "code": code })).send().await.unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(error_code(res).await, "invalid_handoff");
}

#[tokio::test]
async fn two_racing_exchanges_of_one_code_open_one_session() {
    let app = TestApp::spawn().await;
    let code = code_for(&app, GOLD_PHONE).await;
    let sessions_before: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sessions").fetch_one(&app.state.db).await.unwrap();
    let tries = (0..8).map(|_| {
        let url = app.url("/api/v1/auth/exchange");
        let code = code.clone();
        tokio::spawn(
            async move { Client::new().post(url).json(&json!({ "code": code })).send().await.unwrap().status() },
        )
    });
    let mut ok = 0;
    for t in tries {
        if t.await.unwrap() == 200 {
            ok += 1;
        }
    }
    assert_eq!(ok, 1);
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(sessions - sessions_before, 1);
}

#[tokio::test]
async fn expired_unknown_and_malformed_codes_are_refused() {
    let app = TestApp::spawn().await;
    let code = code_for(&app, GOLD_PHONE).await;
    sqlx::query("UPDATE handoff_codes SET expires_at = expires_at - 61").execute(&app.state.db).await.unwrap();
    for bad in [code.as_str(), &"0".repeat(64), "abc", "", &"Z".repeat(64)] {
        let res = app.post_json("/api/v1/auth/exchange", json!({ "code": bad })).await;
        assert_eq!(res.status(), 400, "{bad}");
        assert_eq!(error_code(res).await, "invalid_handoff");
    }
    let res = app
        .client
        .post(app.url("/api/v1/auth/exchange"))
        .body("{not json")
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(error_code(res).await, "invalid_json");
}

#[tokio::test]
async fn only_the_platform_may_issue_codes_and_only_for_members() {
    let app = TestApp::spawn().await;
    let res = app.post_json("/api/v1/admin/handoff-codes", json!({ "phone": GOLD_PHONE })).await;
    assert_eq!(res.status(), 401, "no admin credential");
    // Nor with a member's own session.
    let token = app.login_demo(GOLD_PHONE).await;
    let res = Client::new()
        .post(app.url("/api/v1/admin/handoff-codes"))
        .bearer_auth(token)
        .json(&json!({ "phone": GOLD_PHONE }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(issue(&app, "13912345678").await.status(), 404);
    let res = issue(&app, "12345").await;
    assert_eq!(res.status(), 400);
    assert_eq!(error_code(res).await, "invalid_phone");
}
