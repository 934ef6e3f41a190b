//! Tier and birthday benefits put their coupons in the wallet by themselves, once per period.

use crate::helpers::TestApp;
use serde_json::{json, Value};

async fn titles(app: &TestApp, phone: &str) -> Vec<String> {
    let token = app.login_demo(phone).await;
    let wallet: Value = app.get_bearer("/api/v1/coupons", &token).await.json().await.unwrap();
    wallet.as_array().unwrap().iter().map(|c| c["title_en"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn each_tier_gets_its_coupons_and_the_birthday_member_hers() {
    let app = TestApp::spawn().await;
    let bronze = titles(&app, "13800000001").await;
    assert!(bronze.contains(&"¥10 birthday coupon, no minimum".to_string()), "{bronze:?}");
    let silver = titles(&app, "13800000002").await;
    assert!(
        silver.contains(&"Yearly free delivery".to_string()) && silver.contains(&"¥10 off orders of ¥99+".to_string())
    );
    assert!(!silver.iter().any(|t| t.contains("birthday")), "not Silver's birthday month");
    let gold = titles(&app, "13800000003").await;
    assert!(gold.contains(&"1-to-1 pharmacist consultation (this month)".to_string()), "{gold:?}");
}

#[tokio::test]
async fn issuing_again_adds_nothing_and_an_upgrading_order_brings_the_new_tiers_coupons() {
    let app = TestApp::spawn().await;
    assert_eq!(server::loyalty::benefits::issue_due(&app.state.db).await.unwrap(), 0, "start-up already issued them");
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/admin/orders"))
        .bearer_auth("dev-admin-token")
        .json(&json!({"order_id": "UP1", "member_id": "demo-silver", "amount_fen": 300_000}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        server::loyalty::benefits::issue_due(&app.state.db).await.unwrap(),
        0,
        "the order already issued Gold's coupons"
    );
    let silver_now_gold = titles(&app, "13800000002").await;
    assert!(silver_now_gold.contains(&"Annual health check-up".to_string()));
}
