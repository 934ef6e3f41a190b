//! Rewards, redemption and the wallet: atomic, idempotent, and never double-spending.

use crate::helpers::{error_code, TestApp, GOLD_PHONE};
use reqwest::StatusCode;
use serde_json::Value;

const SILVER: &str = "13800000002";

async fn redeem(app: &TestApp, token: &str, reward: &str, key: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url(&format!("/api/v1/rewards/{reward}/redeem")))
        .bearer_auth(token)
        .header("idempotency-key", key)
        .send()
        .await
        .unwrap()
}

async fn balance(app: &TestApp, token: &str) -> i64 {
    let p: Value = app.get_bearer("/api/v1/points", token).await.json().await.unwrap();
    p["balance"].as_i64().unwrap()
}

async fn set_points(app: &TestApp, member_id: &str, points: i64) {
    sqlx::query("DELETE FROM points_ledger WHERE member_id = $1").bind(member_id).execute(&app.state.db).await.unwrap();
    sqlx::query(
        "INSERT INTO points_ledger (id, member_id, kind, points, description, created_at, expires_at)
         VALUES ($1, $2, 'adjust', $3, 'test', 0, 9999999999)",
    )
    .bind(format!("grant-{member_id}"))
    .bind(member_id)
    .bind(points)
    .execute(&app.state.db)
    .await
    .unwrap();
}

#[tokio::test]
async fn redeeming_charges_points_puts_a_coupon_in_the_wallet_and_records_it() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(SILVER).await;
    let before = balance(&app, &token).await;
    let res = redeem(&app, &token, "coupon-10", "key-redeem-0001").await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["balance"].as_i64().unwrap(), before - 500);
    assert_eq!(balance(&app, &token).await, before - 500, "balance agrees everywhere");
    let coupon_id = body["coupon"]["id"].as_str().unwrap();
    assert_eq!(body["coupon"]["status"], "active");

    let wallet: Value = app.get_bearer("/api/v1/coupons", &token).await.json().await.unwrap();
    assert!(wallet.as_array().unwrap().iter().any(|c| c["id"] == coupon_id));
    let spent: Value = app.get_bearer("/api/v1/points/ledger?filter=spent", &token).await.json().await.unwrap();
    let newest = &spent["entries"][0];
    assert_eq!((newest["kind"].as_str(), newest["points"].as_i64()), (Some("redeem"), Some(-500)));
    let rewards: Value = app.get_bearer("/api/v1/rewards", &token).await.json().await.unwrap();
    let r = rewards.as_array().unwrap().iter().find(|r| r["id"] == "coupon-10").unwrap();
    assert_eq!(r["redeemed_by_me"], 1);
}

#[tokio::test]
async fn a_retry_with_the_same_key_returns_the_first_answer_and_charges_once() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(SILVER).await;
    let before = balance(&app, &token).await;
    let first: Value = redeem(&app, &token, "coupon-10", "same-key-123").await.json().await.unwrap();
    let again = redeem(&app, &token, "coupon-10", "same-key-123").await;
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.unwrap();
    assert_eq!(first, again);
    assert_eq!(balance(&app, &token).await, before - 500);

    let other = redeem(&app, &token, "free-delivery", "same-key-123").await;
    assert_eq!(other.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(other).await, "idempotency_key_reused");
}

#[tokio::test]
async fn refusals_say_why_and_cost_nothing() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(SILVER).await;
    set_points(&app, "demo-silver", 400).await;
    let res = redeem(&app, &token, "coupon-10", "poor-key-0001").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(res).await, "insufficient_points");
    assert_eq!(balance(&app, &token).await, 400);

    set_points(&app, "demo-silver", 100_000).await;
    sqlx::query("UPDATE rewards SET stock = 0 WHERE id = 'bp-check'").execute(&app.state.db).await.unwrap();
    let res = redeem(&app, &token, "bp-check", "sold-key-0001").await;
    assert_eq!(error_code(res).await, "out_of_stock");

    // online-consult: one per member.
    assert_eq!(redeem(&app, &token, "online-consult", "limit-key-001").await.status(), 200);
    let res = redeem(&app, &token, "online-consult", "limit-key-002").await;
    assert_eq!(error_code(res).await, "limit_reached");
    assert_eq!(balance(&app, &token).await, 100_000 - 2000);

    let res = redeem(&app, &token, "no-such-reward", "nf-key-00001").await;
    assert_eq!(res.status(), 404);
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/rewards/coupon-10/redeem"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(res).await, "idempotency_key_missing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_redemptions_of_the_last_item_sell_it_once() {
    let app = TestApp::spawn().await;
    sqlx::query("UPDATE rewards SET stock = 1 WHERE id = 'online-consult'").execute(&app.state.db).await.unwrap();
    let mut tokens = Vec::new();
    for phone in ["13800000001", SILVER, GOLD_PHONE] {
        tokens.push(app.login_demo(phone).await);
    }
    for id in ["demo-bronze", "demo-silver", "demo-gold"] {
        set_points(&app, id, 5000).await;
    }
    let requests = tokens.into_iter().enumerate().map(|(i, t)| (t, format!("race-key-{i:04}"))).collect();
    let statuses = redeem_all(&app, requests, "online-consult").await;
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count(), 2, "{statuses:?}");
    let stock: Option<i64> = sqlx::query_scalar("SELECT stock FROM rewards WHERE id = 'online-consult'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(stock, Some(0));
    let spent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM points_ledger WHERE kind = 'redeem' AND points = -2000")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(spent, 1, "only the winner paid");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_spends_by_one_member_never_overdraw() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(SILVER).await;
    set_points(&app, "demo-silver", 1000).await; // enough for two 500-point coupons, not five
    let requests = (0..5).map(|i| (token.clone(), format!("par-key-{i:04}"))).collect();
    let statuses = redeem_all(&app, requests, "coupon-10").await;
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 2, "{statuses:?}");
    assert_eq!(balance(&app, &token).await, 0);
}

#[tokio::test]
async fn the_ledger_pages_by_cursor_and_filters() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(GOLD_PHONE).await;
    let all: Value = app.get_bearer("/api/v1/points/ledger?limit=100", &token).await.json().await.unwrap();
    let total = all["entries"].as_array().unwrap().len();
    assert!(all["next_cursor"].is_null());

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("/api/v1/points/ledger?limit=2&cursor={c}"),
            None => "/api/v1/points/ledger?limit=2".to_string(),
        };
        let page: Value = app.get_bearer(&url, &token).await.json().await.unwrap();
        seen.extend(page["entries"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_string()));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    let expected: Vec<String> =
        all["entries"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(seen, expected, "pages walk the whole ledger once, in order");
    assert_eq!(seen.len(), total);

    let earned: Value = app.get_bearer("/api/v1/points/ledger?filter=earned", &token).await.json().await.unwrap();
    assert!(earned["entries"].as_array().unwrap().iter().all(|e| e["points"].as_i64().unwrap() > 0));
    let res = app.get_bearer("/api/v1/points/ledger?cursor=garbage", &token).await;
    assert_eq!(error_code(res).await, "invalid_cursor");
    // Out-of-range page sizes are clamped, not errors: negative gives one entry, huge gives ≤ 100.
    let one: Value = app.get_bearer("/api/v1/points/ledger?limit=-5", &token).await.json().await.unwrap();
    assert_eq!(one["entries"].as_array().unwrap().len(), 1);
    let res = app.get_bearer("/api/v1/points/ledger?limit=99999999999999999999", &token).await;
    assert_eq!(res.status(), 400, "a number too large to parse is a client error");
    assert_eq!(error_code(res).await, "bad_request");
}

#[tokio::test]
async fn the_wallet_lists_usable_coupons_first_with_their_status() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(GOLD_PHONE).await;
    let wallet: Value = app.get_bearer("/api/v1/coupons", &token).await.json().await.unwrap();
    let statuses: Vec<&str> = wallet.as_array().unwrap().iter().map(|c| c["status"].as_str().unwrap()).collect();
    assert_eq!(statuses[0], "active");
    assert!(statuses.contains(&"used") && statuses.contains(&"expired"), "{statuses:?}");
}

/// Sends the redemptions at the same time, each from its own task and connection.
async fn redeem_all(app: &TestApp, requests: Vec<(String, String)>, reward: &str) -> Vec<StatusCode> {
    let mut set = tokio::task::JoinSet::new();
    for (token, key) in requests {
        let url = app.url(&format!("/api/v1/rewards/{reward}/redeem"));
        set.spawn(async move {
            let client = reqwest::Client::new();
            client.post(url).bearer_auth(token).header("idempotency-key", key).send().await.unwrap().status()
        });
    }
    set.join_all().await
}
