//! The member's screens' data, from the seeded demo database.

use crate::helpers::{TestApp, GOLD_PHONE};
use serde_json::Value;

#[tokio::test]
async fn home_summary_agrees_with_the_points_ledger() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(GOLD_PHONE).await;
    let home: Value = app.get_bearer("/api/v1/home", &token).await.json().await.unwrap();
    let points: Value = app.get_bearer("/api/v1/points", &token).await.json().await.unwrap();
    assert_eq!(home["member_name"], "张桂兰");
    assert_eq!(home["points_balance"], points["balance"], "balances agree on every screen");
    let page: Value = app.get_bearer("/api/v1/points/ledger?limit=100", &token).await.json().await.unwrap();
    let ledger_sum: i64 = page["entries"].as_array().unwrap().iter().map(|e| e["points"].as_i64().unwrap()).sum();
    assert_eq!(points["balance"].as_i64().unwrap(), ledger_sum, "nothing has expired in the demo ledger yet");
    assert_eq!(home["tier"]["current"]["code"], "gold");
    assert!(home["next_dose"]["time"].is_string());
    assert!(home["pending_prescription"].is_null());
    assert!(home["latest_article"]["title"].is_string());
}

#[tokio::test]
async fn tier_follows_this_years_spend_and_shows_progress() {
    let app = TestApp::spawn().await;
    let token = app.login_demo("13800000002").await;
    let me: Value = app.get_bearer("/api/v1/me", &token).await.json().await.unwrap();
    assert_eq!(me["tier"]["current"]["code"], "silver");
    assert_eq!(me["tier"]["next"]["code"], "gold");
    assert_eq!(me["tier"]["spend_to_next_fen"], 500_000 - 268_000);
    let tiers: Value = app.get_bearer("/api/v1/tiers", &token).await.json().await.unwrap();
    let names: Vec<&str> = tiers.as_array().unwrap().iter().map(|t| t["name_zh"].as_str().unwrap()).collect();
    assert_eq!(names, ["青铜会员", "白银会员", "黄金会员"]);
}

#[tokio::test]
async fn lists_return_the_members_own_data_in_their_language() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(GOLD_PHONE).await;
    let meds: Value = app.get_bearer("/api/v1/medications", &token).await.json().await.unwrap();
    let insulin = &meds.as_array().unwrap()[0];
    assert!(insulin["storage_note"].as_str().unwrap().contains("2–8 °C"), "cold-chain note shown");
    let rx: Value = app.get_bearer("/api/v1/prescriptions", &token).await.json().await.unwrap();
    assert_eq!(rx, Value::Array(vec![]));
    let en: Value = app.get_bearer("/api/v1/articles?lang=en&limit=50", &token).await.json().await.unwrap();
    let items = en["items"].as_array().unwrap();
    // Translated articles in English; the rest in the Chinese original, marked as such.
    assert!(items.iter().filter(|a| a["lang"] == "en").all(|a| a["title"].as_str().unwrap().is_ascii()));
    assert!(items.iter().filter(|a| a["lang"] == "en").count() >= 4);
    assert!(items.iter().any(|a| a["lang"] == "zh-CN"));
}

#[tokio::test]
async fn seeding_twice_changes_nothing() {
    let app = TestApp::spawn().await;
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM points_ledger").fetch_one(&app.state.db).await.unwrap();
    server::seed::seed_demo(&app.state.db).await.unwrap();
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM points_ledger").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(before, after);
}
