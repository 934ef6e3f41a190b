//! Completed orders earn points and move the tier; only the back office may report them.

use crate::helpers::{error_code, TestApp};
use serde_json::{json, Value};
use server::Mode;

async fn report(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    reqwest::Client::new().post(app.url("/api/v1/admin/orders")).bearer_auth(token).json(&body).send().await.unwrap()
}

#[tokio::test]
async fn an_order_earns_points_and_crossing_the_threshold_upgrades_the_tier() {
    let app = TestApp::spawn().await;
    let member = app.login_demo("13800000002").await; // Silver, ¥2,680 this year
    let before: Value = app.get_bearer("/api/v1/points", &member).await.json().await.unwrap();
    let res =
        report(&app, "dev-admin-token", json!({"order_id": "A1", "member_id": "demo-silver", "amount_fen": 240_050}))
            .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!((body["credited"].as_bool(), body["points"].as_i64()), (Some(true), Some(2400)), "whole yuan only");
    assert_eq!(body["tier"]["current"]["code"], "gold");
    let after: Value = app.get_bearer("/api/v1/points", &member).await.json().await.unwrap();
    assert_eq!(after["balance"].as_i64().unwrap(), before["balance"].as_i64().unwrap() + 2400);
    let me: Value = app.get_bearer("/api/v1/me", &member).await.json().await.unwrap();
    assert_eq!(me["tier"]["current"]["code"], "gold");

    // The same order reported again changes nothing.
    let again: Value =
        report(&app, "dev-admin-token", json!({"order_id": "A1", "member_id": "demo-silver", "amount_fen": 240_050}))
            .await
            .json()
            .await
            .unwrap();
    assert_eq!(again["credited"], false);
    let twice: Value = app.get_bearer("/api/v1/points", &member).await.json().await.unwrap();
    assert_eq!(twice["balance"], after["balance"]);
}

#[tokio::test]
async fn birthday_month_doubles_the_points() {
    let app = TestApp::spawn().await; // the demo Bronze member's birthday is this month
    let body: Value =
        report(&app, "dev-admin-token", json!({"order_id": "B1", "member_id": "demo-bronze", "amount_fen": 10_000}))
            .await
            .json()
            .await
            .unwrap();
    assert_eq!((body["points"].as_i64(), body["birthday_bonus"].as_i64()), (Some(100), Some(100)));
    let token = app.login_demo("13800000001").await;
    let earned: Value = app.get_bearer("/api/v1/points/ledger?filter=earned", &token).await.json().await.unwrap();
    assert_eq!(earned["entries"][0]["kind"].as_str().map(|k| k == "order" || k == "birthday"), Some(true));
}

#[tokio::test]
async fn bad_amounts_and_unknown_members_are_refused() {
    let app = TestApp::spawn().await;
    for amount in [0, -500, 10_000_001] {
        let res =
            report(&app, "dev-admin-token", json!({"order_id": "C1", "member_id": "demo-gold", "amount_fen": amount}))
                .await;
        assert_eq!(res.status(), 400, "{amount}");
    }
    let res =
        report(&app, "dev-admin-token", json!({"order_id": "C2", "member_id": "nobody", "amount_fen": 100})).await;
    assert_eq!(res.status(), 404);
    let spend: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM spend WHERE id LIKE 'order:C%'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(spend, 0, "nothing recorded for refused orders");
}

#[tokio::test]
async fn members_and_wrong_tokens_cannot_report_orders() {
    let app = TestApp::spawn().await;
    let member = app.login_demo("13800000001").await;
    let order = json!({"order_id": "D1", "member_id": "demo-bronze", "amount_fen": 100});
    assert_eq!(error_code(report(&app, &member, order.clone()).await).await, "unauthorized");
    assert_eq!(report(&app, "dev-admin-tokeN", order.clone()).await.status(), 401);

    // Production without a configured token: admin endpoints refuse everyone.
    let prod = TestApp::spawn_with(|c| {
        c.mode = Mode::Production;
        c.admin_token = None;
    })
    .await;
    assert_eq!(report(&prod, "dev-admin-token", order).await.status(), 401);
}

#[tokio::test]
async fn expired_points_are_recorded_once_and_leave_the_balance_unchanged() {
    let app = TestApp::spawn().await; // start-up already recorded the seeded lot that expired last year
    let token = app.login_demo("13800000003").await;
    let expired: Value = app.get_bearer("/api/v1/points/ledger?filter=expired", &token).await.json().await.unwrap();
    let entries = expired["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!((entries[0]["kind"].as_str(), entries[0]["points"].as_i64()), (Some("expire"), Some(-150)));
    let before: Value = app.get_bearer("/api/v1/points", &token).await.json().await.unwrap();
    assert_eq!(server::loyalty::earning::record_expiries(&app.state.db).await.unwrap(), 0, "nothing new to record");
    let after: Value = app.get_bearer("/api/v1/points", &token).await.json().await.unwrap();
    assert_eq!(before["balance"], after["balance"]);
}
