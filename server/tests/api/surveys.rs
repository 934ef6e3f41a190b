//! Surveys over real HTTP: who is asked when, answers stored once with their points, and
//! the NPS report.

use crate::helpers::{error_code, TestApp, GOLD_PHONE, SILVER_PHONE};
use reqwest::Response;
use serde_json::{json, Value};

const DAY: i64 = 86_400;

async fn next(app: &TestApp, token: &str, moment: &str) -> Response {
    app.get_bearer(&format!("/api/v1/surveys/next?moment={moment}"), token).await
}

async fn answer(app: &TestApp, token: &str, id: &str, body: Value) -> Response {
    app.client
        .post(app.url(&format!("/api/v1/surveys/invitations/{id}/response")))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn balance(app: &TestApp, token: &str) -> i64 {
    app.get_bearer("/api/v1/points", token).await.json::<Value>().await.unwrap()["balance"].as_i64().unwrap()
}

async fn set_member_since(app: &TestApp, member: &str, days_ago: i64) {
    sqlx::query("UPDATE members SET created_at = $1 WHERE id = $2")
        .bind(server::store::now() - days_ago * DAY)
        .bind(member)
        .execute(&app.state.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn new_members_are_left_alone_and_a_shown_survey_waits_its_cooldown() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(SILVER_PHONE).await;
    set_member_since(&app, "demo-silver", 6).await;
    assert_eq!(next(&app, &token, "reward_redeemed").await.status(), 204, "signed up 6 days ago");

    set_member_since(&app, "demo-silver", 700).await;
    let res = next(&app, &token, "prescription_approved").await;
    assert_eq!(res.status(), 200);
    let inv: Value = res.json().await.unwrap();
    assert_eq!(inv["kind"], "nps");
    assert_eq!(inv["points"], 50);
    assert!(inv["question"].as_str().unwrap().contains("推荐"));
    // Not answered yet: the same invitation again, not a second one.
    let again: Value = next(&app, &token, "surveys_page").await.json().await.unwrap();
    assert_eq!(again["id"], inv["id"]);

    // Dismissed counts as shown: nothing more for now (the rating too waits a week).
    let id = inv["id"].as_str().unwrap();
    let res = app
        .client
        .post(app.url(&format!("/api/v1/surveys/invitations/{id}/dismiss")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(next(&app, &token, "reward_redeemed").await.status(), 204);

    // 8 days on: the service rating (last asked 38 days ago) is due; the NPS is not (90 days).
    sqlx::query("UPDATE survey_invitations SET shown_at = shown_at - $1 WHERE member_id = 'demo-silver'")
        .bind(8 * DAY)
        .execute(&app.state.db)
        .await
        .unwrap();
    let rating: Value = next(&app, &token, "reward_redeemed").await.json().await.unwrap();
    assert_eq!(rating["kind"], "rating");

    let en: Value = {
        let other = app.login_demo(GOLD_PHONE).await;
        app.get_bearer("/api/v1/surveys/next?moment=surveys_page&lang=en", &other).await.json().await.unwrap()
    };
    assert!(en["question"].as_str().unwrap().starts_with("How likely"));

    let bad = next(&app, &token, "birthday").await;
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn an_answer_is_stored_once_and_credits_points_once() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(SILVER_PHONE).await;
    let before = balance(&app, &token).await;
    let inv: Value = next(&app, &token, "prescription_approved").await.json().await.unwrap();
    let id = inv["id"].as_str().unwrap().to_string();

    // A double tap: two answers at once.
    let (a, b) = tokio::join!(
        answer(&app, &token, &id, json!({"score": 9, "reason": "  药师很耐心  "})),
        answer(&app, &token, &id, json!({"score": 9, "reason": "药师很耐心"}))
    );
    assert_eq!(a.status(), 200);
    assert_eq!(b.status(), 200);
    // A late retry with a different score changes nothing.
    let late: Value = answer(&app, &token, &id, json!({"score": 2})).await.json().await.unwrap();
    assert_eq!(late, json!({"score": 9, "points": 50}));
    assert_eq!(balance(&app, &token).await, before + 50);
    let (n, reason): (i64, Option<String>) =
        sqlx::query_as("SELECT COUNT(*), MAX(reason) FROM survey_responses WHERE invitation_id = $1")
            .bind(&id)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!((n, reason.as_deref()), (1, Some("药师很耐心")));
    let ledger: Value = app.get_bearer("/api/v1/points/ledger", &token).await.json().await.unwrap();
    assert_eq!(
        ledger["entries"].as_array().unwrap().iter().filter(|e| e["kind"] == "survey").count(),
        2,
        "the seeded one and this one"
    );
    // Answered: not offered again.
    assert_eq!(next(&app, &token, "surveys_page").await.status(), 204);
}

#[tokio::test]
async fn bad_answers_are_refused_and_nothing_is_credited() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(SILVER_PHONE).await;
    let before = balance(&app, &token).await;
    let inv: Value = next(&app, &token, "reward_redeemed").await.json().await.unwrap();
    let id = inv["id"].as_str().unwrap();
    for body in [json!({"score": 11}), json!({"score": 5, "reason": "很".repeat(1001)})] {
        let res = answer(&app, &token, id, body).await;
        assert_eq!(res.status(), 400);
        assert_eq!(error_code(res).await, "invalid_answer");
    }
    let malformed = app
        .client
        .post(app.url(&format!("/api/v1/surveys/invitations/{id}/response")))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"score\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
    assert_eq!(error_code(malformed).await, "invalid_json");
    // Someone else's invitation does not exist for this member.
    let other = app.login_demo(GOLD_PHONE).await;
    assert_eq!(answer(&app, &other, id, json!({"score": 10})).await.status(), 404);
    assert_eq!(balance(&app, &token).await, before);
    // The real answer still goes through afterwards.
    assert_eq!(answer(&app, &token, id, json!({"score": 0})).await.status(), 200);
}

#[tokio::test]
async fn the_report_gives_the_nps_count_and_monthly_trend() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let now = server::store::now();
    // Dev mode's panel history (the console's chart) is left out: these answers alone count.
    sqlx::query("DELETE FROM survey_responses WHERE survey_id = 'nps'").execute(db).await.unwrap();
    // Ten answers from 40 days ago and five from today: 9-10 promote, 0-6 detract.
    let answers: Vec<(i64, i64)> = [10, 10, 9, 9, 9, 8, 7, 6, 3, 0]
        .iter()
        .map(|s| (now - 40 * DAY, *s))
        .chain([10, 10, 10, 2, 7].iter().map(|s| (now, *s)))
        .collect();
    for (i, (at, score)) in answers.iter().enumerate() {
        let inv = format!("inv-{i}");
        sqlx::query("INSERT INTO survey_invitations (id, survey_id, member_id, moment, shown_at) VALUES ($1, 'nps', 'demo-gold', 'surveys_page', $2)")
            .bind(&inv).bind(at).execute(db).await.unwrap();
        sqlx::query("INSERT INTO survey_responses (invitation_id, survey_id, member_id, score, points, created_at) VALUES ($1, 'nps', 'demo-gold', $2, 50, $3)")
            .bind(&inv).bind(score).bind(at).execute(db).await.unwrap();
    }
    let token = app.login_demo(GOLD_PHONE).await;
    assert_eq!(
        app.get_bearer("/api/v1/staff/surveys/nps/report", &token).await.status(),
        401,
        "members cannot read it"
    );
    let staff = app.staff_token(api::staff::Role::ContentEditor).await;
    let report: Value = app.get_bearer("/api/v1/staff/surveys/nps/report", &staff).await.json().await.unwrap();
    assert_eq!(report["responses"], 15);
    // 8 promoters, 4 detractors of 15: 26.7 → 27.
    assert_eq!(report["tally"], json!({"promoters": 8, "passives": 3, "detractors": 4}));
    assert_eq!(report["nps"], 27);
    let trend = report["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 2);
    assert_eq!(trend[0]["responses"], 10);
    assert_eq!(trend[0]["score"], 20); // 5 − 3 of 10
    assert_eq!(trend[1]["score"], 40); // 3 − 1 of 5
    assert_eq!(app.get_bearer("/api/v1/staff/surveys/none/report", &staff).await.status(), 404);
    // The seeded service ratings (5 from each demo member) give a mean.
    let rating: Value = app.get_bearer("/api/v1/staff/surveys/service/report", &staff).await.json().await.unwrap();
    assert_eq!(rating["average"], 5.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_at_the_same_instant_get_one_invitation() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(GOLD_PHONE).await;
    set_member_since(&app, "demo-gold", 700).await;
    let count = "SELECT COUNT(*) FROM survey_invitations WHERE member_id = 'demo-gold'";
    let before: i64 = sqlx::query_scalar(count).fetch_one(&app.state.db).await.unwrap();
    // Two tabs (or two instances) asking at once: both show the same invitation.
    let ask = || next(&app, &token, "surveys_page");
    let (a, b, c, d, e, f) = tokio::join!(ask(), ask(), ask(), ask(), ask(), ask());
    let mut ids = std::collections::BTreeSet::new();
    for res in [a, b, c, d, e, f] {
        assert_eq!(res.status(), 200);
        ids.insert(res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string());
    }
    assert_eq!(ids.len(), 1, "one invitation: {ids:?}");
    let stored: i64 = sqlx::query_scalar(count).fetch_one(&app.state.db).await.unwrap();
    assert_eq!(stored, before + 1, "one new invitation stored");
    // Answered, it no longer holds the slot: a later invitation (after the cooldowns) can be made.
    let id = ids.into_iter().next().unwrap();
    assert_eq!(answer(&app, &token, &id, json!({"score": 9})).await.status(), 200);
    let pending: Option<i64> = sqlx::query_scalar("SELECT pending FROM survey_invitations WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(pending, None);
}
