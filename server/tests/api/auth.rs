//! Login, sessions and logout over real HTTP.

use crate::helpers::{error_code, TestApp, GOLD_PHONE};
use serde_json::{json, Value};
use server::Mode;

#[tokio::test]
async fn demo_member_logs_in_and_sees_their_profile() {
    let app = TestApp::spawn().await;
    let res = app.post_json("/api/v1/auth/code", json!({"phone": "+86 138 0000 0003"})).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["dev_code"], server::seed::DEMO_CODE);

    let token = app.login_demo(GOLD_PHONE).await;
    let me: Value = app.get_bearer("/api/v1/me", &token).await.json().await.unwrap();
    assert_eq!(me["name"], "张桂兰");
    assert_eq!(me["phone_masked"], "138****0003");
    assert_eq!(me["tier"]["current"]["code"], "gold");
    assert!(!me.to_string().contains("13800000003"), "full phone number never leaves the server");
}

#[tokio::test]
async fn the_session_cookie_alone_authenticates_and_is_http_only() {
    let app = TestApp::spawn().await;
    let res = app.post_json("/api/v1/auth/login", json!({"phone": GOLD_PHONE, "code": server::seed::DEMO_CODE})).await;
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    // The client's cookie jar now carries the session.
    let res = app.client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn wrong_code_and_bad_phone_are_refused_with_clear_codes() {
    let app = TestApp::spawn().await;
    let res = app.post_json("/api/v1/auth/login", json!({"phone": GOLD_PHONE, "code": "000000"})).await;
    assert_eq!(res.status(), 400);
    assert_eq!(error_code(res).await, "invalid_code");

    let res = app.post_json("/api/v1/auth/code", json!({"phone": "12345"})).await;
    assert_eq!(res.status(), 400);
    assert_eq!(error_code(res).await, "invalid_phone");
}

/// A member outside the demo set goes through the real stored, hashed, single-use code.
#[tokio::test]
async fn issued_codes_are_single_use_and_attempt_limited() {
    let app = TestApp::spawn().await;
    sqlx::query("INSERT INTO members (id, phone, name, created_at) VALUES ('m1', '13912345678', '测试', 0)")
        .execute(&app.state.db)
        .await
        .unwrap();
    let code_for = |body: Value| body["dev_code"].as_str().unwrap().to_string();
    let code =
        code_for(app.post_json("/api/v1/auth/code", json!({"phone": "13912345678"})).await.json().await.unwrap());
    let stored: String =
        sqlx::query_scalar("SELECT code_hash FROM login_codes").fetch_one(&app.state.db).await.unwrap();
    assert_ne!(stored, code, "only a hash is stored");

    let ok = app.post_json("/api/v1/auth/login", json!({"phone": "13912345678", "code": code})).await;
    assert_eq!(ok.status(), 200);
    let again = app.post_json("/api/v1/auth/login", json!({"phone": "13912345678", "code": code})).await;
    assert_eq!(error_code(again).await, "invalid_code", "a used code cannot log in twice");

    // Five wrong guesses burn the next code: even the right one is then refused.
    let code =
        code_for(app.post_json("/api/v1/auth/code", json!({"phone": "13912345678"})).await.json().await.unwrap());
    let wrong = if code == "111111" { "222222" } else { "111111" };
    for _ in 0..server::auth::MAX_CODE_ATTEMPTS {
        let res = app.post_json("/api/v1/auth/login", json!({"phone": "13912345678", "code": wrong})).await;
        assert_eq!(error_code(res).await, "invalid_code");
    }
    let res = app.post_json("/api/v1/auth/login", json!({"phone": "13912345678", "code": code})).await;
    assert_eq!(res.status(), 429);
    assert_eq!(error_code(res).await, "too_many_attempts");
}

#[tokio::test]
async fn production_mode_never_returns_a_code_and_has_no_demo_login() {
    let app = TestApp::spawn_with(|c| c.mode = Mode::Production).await;
    let res = app.post_json("/api/v1/auth/code", json!({"phone": GOLD_PHONE})).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert!(body.get("dev_code").is_none(), "{body}");
    let res = app.post_json("/api/v1/auth/login", json!({"phone": GOLD_PHONE, "code": server::seed::DEMO_CODE})).await;
    assert_eq!(error_code(res).await, "invalid_code");
}

#[tokio::test]
async fn an_expired_session_is_reported_as_expired() {
    let app = TestApp::spawn_with(|c| c.session_ttl_secs = 0).await;
    let token = app.login_demo(GOLD_PHONE).await;
    let res = app.get_bearer("/api/v1/me", &token).await;
    assert_eq!(res.status(), 401);
    assert_eq!(error_code(res).await, "session_expired");
}

#[tokio::test]
async fn missing_or_forged_tokens_are_unauthorized() {
    let app = TestApp::spawn().await;
    let res = reqwest::get(app.url("/api/v1/me")).await.unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(error_code(res).await, "unauthorized");
    let res = app.get_bearer("/api/v1/home", "deadbeef").await;
    assert_eq!(error_code(res).await, "unauthorized");
}

#[tokio::test]
async fn logout_revokes_the_session_and_clears_the_cookie() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(GOLD_PHONE).await;
    let res = reqwest::Client::new().post(app.url("/api/v1/auth/logout")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(res.status(), 204);
    assert!(res.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    let res = app.get_bearer("/api/v1/me", &token).await;
    assert_eq!(res.status(), 401);
}
