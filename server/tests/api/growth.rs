//! Bring a friend (referrals and their anti-abuse rules) and this month's campaigns.

use crate::helpers::{error_code, medication_json, TestApp, GOLD_PHONE, SILVER_PHONE};
use reqwest::{Client, Method};
use serde_json::{json, Value};

const ADMIN: &str = server::config::DEV_ADMIN_TOKEN;
const BRONZE_PHONE: &str = "13800000001";

async fn json_of(res: reqwest::Response) -> Value {
    res.json().await.expect("JSON")
}

/// Signs a new member up from an invite (SMS code, then sign-up); returns (token, member id).
async fn sign_up(app: &TestApp, phone: &str, invite: Option<&str>) -> (String, String) {
    let code = json_of(app.post_json("/api/v1/auth/code", json!({"phone": phone})).await).await;
    let body = json!({"phone": phone, "code": code["dev_code"], "name": "新朋友", "referral_code": invite});
    let res = Client::new().post(app.url("/api/v1/auth/signup")).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 201, "sign-up {phone}");
    let token = json_of(res).await["token"].as_str().unwrap().to_string();
    let id = json_of(app.get_bearer("/api/v1/me", &token).await).await["id"].as_str().unwrap().to_string();
    (token, id)
}

async fn order(app: &TestApp, member: &str, order_id: &str, fen: i64) -> reqwest::Response {
    let body = json!({"order_id": order_id, "member_id": member, "amount_fen": fen});
    app.call(Method::POST, "/api/v1/admin/orders", ADMIN, Some(body)).await
}

async fn invite_code(app: &TestApp, token: &str) -> String {
    json_of(app.get_bearer("/api/v1/referrals", token).await).await["code"].as_str().unwrap().to_string()
}

async fn coupons(app: &TestApp, token: &str) -> Vec<Value> {
    json_of(app.get_bearer("/api/v1/coupons", token).await).await.as_array().unwrap().clone()
}

fn vouchers(wallet: &[Value]) -> Vec<&Value> {
    wallet.iter().filter(|c| c["id"].as_str().unwrap().starts_with("referral:")).collect()
}

#[tokio::test]
async fn a_friends_first_qualifying_order_earns_the_voucher_exactly_once() {
    let app = TestApp::spawn().await;
    let gold = app.login_demo(GOLD_PHONE).await;
    let code = invite_code(&app, &gold).await;
    assert_eq!(invite_code(&app, &gold).await, code, "one code per member");

    // Lower case and spaces, as a member might type it.
    let (friend, friend_id) = sign_up(&app, "13700001001", Some(&format!(" {} ", code.to_lowercase()))).await;
    let welcome: Vec<Value> =
        coupons(&app, &friend).await.into_iter().filter(|c| c["id"] == format!("welcome:{friend_id}")).collect();
    assert_eq!(welcome.len(), 1, "the new member's welcome coupon");
    assert_eq!(welcome[0]["value_fen"], 2000);
    let mine = json_of(app.get_bearer("/api/v1/referrals", &gold).await).await;
    assert_eq!(mine["invited"][0]["phone_masked"], "137****1001", "never the whole number");
    assert_eq!(mine["invited"][0]["state"], "pending_first_order");

    // A token order does not qualify; then two qualifying orders and a retry of one race.
    assert_eq!(order(&app, &friend_id, "R-small", 1_000).await.status(), 200);
    assert!(vouchers(&coupons(&app, &gold).await).is_empty());
    let (a, b, c) = tokio::join!(
        order(&app, &friend_id, "R-1", 12_000),
        order(&app, &friend_id, "R-2", 30_000),
        order(&app, &friend_id, "R-1", 12_000)
    );
    assert!([a.status(), b.status(), c.status()].iter().all(|s| *s == 200));
    let wallet = coupons(&app, &gold).await;
    let earned = vouchers(&wallet);
    assert_eq!(earned.len(), 1, "one voucher: {earned:?}");
    assert_eq!(earned[0]["value_fen"], 20_000);
    let decided_by = earned[0]["id"].as_str().unwrap().trim_start_matches("referral:").to_string();
    assert!(decided_by == "R-1" || decided_by == "R-2");
    // The same order posted again later changes nothing.
    assert_eq!(order(&app, &friend_id, &decided_by, 12_000).await.status(), 200);
    assert_eq!(vouchers(&coupons(&app, &gold).await).len(), 1);
    let mine = json_of(app.get_bearer("/api/v1/referrals", &gold).await).await;
    assert_eq!(mine["invited"][0]["state"], "awarded");
    assert_eq!(mine["awarded_this_year"], 1);
}

#[tokio::test]
async fn own_codes_second_referrers_late_entries_and_unknown_codes_are_refused() {
    let app = TestApp::spawn().await;
    let gold = app.login_demo(GOLD_PHONE).await;
    let silver = app.login_demo(SILVER_PHONE).await;
    let gold_code = invite_code(&app, &gold).await;
    let silver_code = invite_code(&app, &silver).await;

    let (late, _) = sign_up(&app, "13700001002", None).await;
    let own = invite_code(&app, &late).await;
    let claim = |token: &str, code: &str| {
        let (app, token, body) = (&app, token.to_string(), json!({"code": code}));
        async move { app.call(Method::POST, "/api/v1/referrals/claim", &token, Some(body)).await }
    };
    assert_eq!(error_code(claim(&late, &own).await).await, "referral_refused", "no self-referral");
    assert_eq!(error_code(claim(&late, "ZZZZZZZZ").await).await, "invalid_referral_code");
    assert_eq!(claim(&late, &gold_code).await.status(), 204, "entered within the week");
    assert_eq!(error_code(claim(&late, &silver_code).await).await, "referral_refused", "one referrer, ever");

    // The demo members joined long ago: too late to enter a code.
    assert_eq!(error_code(claim(&silver, &gold_code).await).await, "referral_refused");
    // A member who already ordered cannot be brought in.
    let (ordered, ordered_id) = sign_up(&app, "13700001003", None).await;
    assert_eq!(order(&app, &ordered_id, "X-1", 8_000).await.status(), 200);
    assert_eq!(error_code(claim(&ordered, &gold_code).await).await, "referral_refused");
    // Sign-up with an unknown code creates nothing.
    let code = json_of(app.post_json("/api/v1/auth/code", json!({"phone": "13700001004"})).await).await;
    let body = json!({"phone": "13700001004", "code": code["dev_code"], "name": "x", "referral_code": "ABCDEFGH"});
    let res = Client::new().post(app.url("/api/v1/auth/signup")).json(&body).send().await.unwrap();
    assert_eq!(error_code(res).await, "invalid_referral_code");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM members WHERE phone = '13700001004'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(n, 0, "the sign-up rolled back");
    // An existing member signs in instead.
    let code = json_of(app.post_json("/api/v1/auth/code", json!({"phone": GOLD_PHONE})).await).await;
    let body = json!({"phone": GOLD_PHONE, "code": code["dev_code"], "name": "x", "referral_code": silver_code});
    let res = Client::new().post(app.url("/api/v1/auth/signup")).json(&body).send().await.unwrap();
    assert_eq!(error_code(res).await, "member_exists");
}

#[tokio::test]
async fn a_number_that_was_a_member_before_earns_nobody_a_voucher() {
    let app = TestApp::spawn().await;
    let gold = app.login_demo(GOLD_PHONE).await;
    let code = invite_code(&app, &gold).await;
    let (first, _) = sign_up(&app, "13700001005", None).await;
    let gone = app.call(Method::DELETE, "/api/v1/me", &first, Some(json!({"confirm": "delete"}))).await;
    assert!(gone.status().is_success(), "{}", gone.status());
    let (again, again_id) = sign_up(&app, "13700001005", Some(&code)).await;
    assert!(coupons(&app, &again).await.iter().all(|c| !c["id"].as_str().unwrap().starts_with("welcome:")));
    let mine = json_of(app.get_bearer("/api/v1/referrals", &gold).await).await;
    assert_eq!(mine["invited"][0]["state"], "not_eligible");
    assert_eq!(mine["invited"][0]["reason"], "former_member");
    assert_eq!(order(&app, &again_id, "F-1", 50_000).await.status(), 200);
    assert!(vouchers(&coupons(&app, &gold).await).is_empty());
    // The table keeps a keyed hash, not the number.
    let keys: Vec<String> =
        sqlx::query_scalar("SELECT phone_key FROM former_members").fetch_all(&app.state.db).await.unwrap();
    assert!(keys.iter().all(|k| !k.contains("13700001005")) && !keys.is_empty());
}

#[tokio::test]
async fn the_yearly_cap_holds_and_a_refunded_first_order_withdraws_the_unused_voucher() {
    let app = TestApp::spawn_with(|c| c.referral_cap_per_year = 1).await;
    let gold = app.login_demo(GOLD_PHONE).await;
    let code = invite_code(&app, &gold).await;
    let (_, one) = sign_up(&app, "13700001006", Some(&code)).await;
    let (_, two) = sign_up(&app, "13700001007", Some(&code)).await;
    order(&app, &one, "C-1", 20_000).await;
    order(&app, &two, "C-2", 20_000).await;
    let mine = json_of(app.get_bearer("/api/v1/referrals", &gold).await).await;
    let states: Vec<(String, Value)> = mine["invited"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["state"].as_str().unwrap().to_string(), r["reason"].clone()))
        .collect();
    assert!(states.contains(&("awarded".into(), Value::Null)));
    assert!(states.contains(&("not_eligible".into(), json!("yearly_cap_reached"))));
    assert_eq!(vouchers(&coupons(&app, &gold).await).len(), 1);

    // The shop refunds the order that earned it: the unused voucher ends now; points go back.
    let refund = |id: &str| {
        let (app, path) = (&app, format!("/api/v1/admin/orders/{id}/refund"));
        async move { app.call(Method::POST, &path, ADMIN, None).await }
    };
    let undone = json_of(refund("C-1").await).await;
    assert_eq!(undone["refunded"], true);
    assert!(undone["points_reversed"].as_i64().unwrap() > 0);
    assert_eq!(json_of(refund("C-1").await).await["refunded"], false, "idempotent");
    assert_eq!(refund("no-such-order").await.status(), 404);
    let wallet = coupons(&app, &gold).await;
    assert_eq!(vouchers(&wallet)[0]["status"], "expired");
    let mine = json_of(app.get_bearer("/api/v1/referrals", &gold).await).await;
    assert!(mine["invited"].as_array().unwrap().iter().any(|r| r["reason"] == "order_refunded"));
    assert_eq!(app.call(Method::POST, "/api/v1/admin/orders/C-1/refund", &gold, None).await.status(), 401);
}

fn campaign(id: &str, targets: &[&str], budget: u32) -> Value {
    let now = server::store::now();
    json!({"id": id, "title_zh": "测试补贴", "title_en": "Test offer", "starts_at": now - 60, "ends_at": now + 86_400,
           "targets": targets, "deal": {"percent_off": 12}, "budget": budget, "coupon_valid_days": 30})
}

#[tokio::test]
async fn campaigns_target_members_by_their_schedule_and_respect_the_opt_out() {
    let app = TestApp::spawn().await;
    let save = |body: Value| app.call(Method::PUT, "/api/v1/admin/campaigns", ADMIN, Some(body));
    let mut too_much = campaign("t-too-much", &["ccb"], 10);
    too_much["deal"]["percent_off"] = json!(20);
    assert_eq!(save(too_much).await.status(), 400, "a subsidy is 10-15 %");
    assert_eq!(save(campaign("t-unknown", &["vitamin-z"], 10)).await.status(), 400);
    let member = app.login_demo(GOLD_PHONE).await;
    assert_eq!(
        app.call(Method::PUT, "/api/v1/admin/campaigns", &member, Some(campaign("t", &["ccb"], 1))).await.status(),
        401
    );

    // Bronze's schedule holds amlodipine (a CCB): the month's offer names it and comes first.
    let bronze = app.login_demo(BRONZE_PHONE).await;
    let offers = json_of(app.get_bearer("/api/v1/campaigns", &bronze).await).await;
    assert_eq!(offers[0]["for_medicine"], "氨氯地平", "{offers}");
    let home = json_of(app.get_bearer("/api/v1/home", &bronze).await).await;
    assert_eq!(home["offer"]["for_medicine"], "氨氯地平");
    // A member who adds a medicine is targeted by it.
    let (friend, _) = sign_up(&app, "13700001010", None).await;
    app.call(Method::PUT, "/api/v1/me/consent", &friend, Some(json!({"version": server::privacy::POLICY_VERSION})))
        .await;
    assert!(json_of(app.get_bearer("/api/v1/campaigns", &friend).await)
        .await
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["for_medicine"].is_null()));
    let added = app
        .call(Method::POST, "/api/v1/medications", &friend, Some(medication_json("盐酸二甲双胍片", &["08:00"])))
        .await;
    assert_eq!(added.status(), 201);
    let offers = json_of(app.get_bearer("/api/v1/campaigns", &friend).await).await;
    assert_eq!(offers[0]["for_medicine"], "二甲双胍");
    // Personalisation off: the same offers, none read from the schedule.
    let off = json!({"personalised_recommendations": false, "marketing": false});
    assert_eq!(app.call(Method::PUT, "/api/v1/me/privacy", &bronze, Some(off)).await.status(), 200);
    let offers = json_of(app.get_bearer("/api/v1/campaigns", &bronze).await).await;
    assert!(!offers.as_array().unwrap().is_empty());
    assert!(offers.as_array().unwrap().iter().all(|o| o["for_medicine"].is_null()), "{offers}");
}

#[tokio::test]
async fn a_claim_puts_one_coupon_in_the_wallet_and_the_budget_holds_under_racing_claims() {
    let app = TestApp::spawn().await;
    let save = app.call(Method::PUT, "/api/v1/admin/campaigns", ADMIN, Some(campaign("t-last-one", &["ccb"], 1))).await;
    assert_eq!(save.status(), 204);
    let gold = app.login_demo(GOLD_PHONE).await;
    let silver = app.login_demo(SILVER_PHONE).await;
    let claim = |token: String| {
        let app = &app;
        async move { app.call(Method::POST, "/api/v1/campaigns/t-last-one/claim", &token, None).await }
    };
    let (a, b) = tokio::join!(claim(gold.clone()), claim(silver.clone()));
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [201, 409], "one coupon left, two members");
    let winner = if a.status() == 201 { gold.clone() } else { silver.clone() };
    let again = claim(winner.clone()).await;
    assert_eq!(again.status(), 200, "a repeat returns the same coupon");
    let coupon = json_of(again).await;
    assert_eq!(coupon["title_zh"], "测试补贴 · 8.8折");
    let wallet = coupons(&app, &winner).await;
    assert_eq!(wallet.iter().filter(|c| c["id"] == coupon["id"]).count(), 1);
    let changed =
        app.call(Method::PUT, "/api/v1/admin/campaigns", ADMIN, Some(campaign("t-last-one", &["acei"], 5))).await;
    assert_eq!(error_code(changed).await, "invalid_state", "a claimed campaign no longer changes");
    let loser = if a.status() == 201 { silver.clone() } else { gold.clone() };
    assert_eq!(error_code(claim(loser).await).await, "campaign_unavailable");
    assert_eq!(app.call(Method::POST, "/api/v1/campaigns/none/claim", &silver, None).await.status(), 404);
}
