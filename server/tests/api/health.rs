//! Health profile, medicine search, safety warnings and "ask a pharmacist" over real HTTP:
//! consent required, every field validated, warnings on the schedule, the dictionary's notes
//! on each medication, questions stored once and answered by the back office.

use crate::helpers::{error_code, medication_json, TestApp, GOLD_PHONE, SILVER_PHONE};
use api::staff::Role;
use reqwest::Method;
use serde_json::{json, Value};

const ADMIN: &str = server::config::DEV_ADMIN_TOKEN;

async fn json_of(res: reqwest::Response) -> Value {
    res.json().await.unwrap()
}

async fn ask(app: &TestApp, token: &str, key: &str, body: Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url("/api/v1/consultations"))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_profile_needs_consent_is_validated_read_back_and_deleted() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(SILVER_PHONE).await;
    let empty = json_of(app.get_bearer("/api/v1/me/health", &token).await).await;
    assert_eq!(empty["consented_at"], Value::Null);
    assert_eq!(empty["profile"]["allergies"], json!([]));

    let profile = json!({"conditions": ["糖尿病", "高血脂"], "allergies": ["penicillin"], "other_allergies": "花粉",
                         "pregnancy": null, "age_band": "65_79"});
    let mut without = profile.clone();
    without["consent"] = json!(false);
    let res = app.call(Method::PUT, "/api/v1/me/health", &token, Some(without)).await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_code(res).await, "consent_required");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM health_profiles").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(count, 0, "nothing kept without consent");

    let mut bad = profile.clone();
    bad["consent"] = json!(true);
    bad["allergies"] = json!(["peanuts"]);
    let res = app.call(Method::PUT, "/api/v1/me/health", &token, Some(bad)).await;
    assert_eq!(res.status(), 400);
    assert_eq!(error_code(res).await, "invalid_profile");
    let mut bad_band = profile.clone();
    bad_band["consent"] = json!(true);
    bad_band["age_band"] = json!("old");
    assert_eq!(app.call(Method::PUT, "/api/v1/me/health", &token, Some(bad_band)).await.status(), 422);

    let mut good = profile.clone();
    good["consent"] = json!(true);
    let res = app.call(Method::PUT, "/api/v1/me/health", &token, Some(good)).await;
    assert_eq!(res.status(), 200);
    let saved = json_of(res).await;
    assert_eq!(saved["profile"]["conditions"], json!(["糖尿病", "高血脂"]));
    assert!(saved["consented_at"].as_i64().is_some());
    assert_eq!(json_of(app.get_bearer("/api/v1/me/health", &token).await).await, saved);

    // The export carries it; deleting removes it and its consent record.
    let export = json_of(app.get_bearer("/api/v1/me/export", &token).await).await;
    assert_eq!(export["health_profile"][0]["profile"]["other_allergies"], "花粉");
    assert_eq!(app.call(Method::DELETE, "/api/v1/me/health", &token, None).await.status(), 204);
    assert_eq!(app.call(Method::DELETE, "/api/v1/me/health", &token, None).await.status(), 204, "idempotent");
    let gone = json_of(app.get_bearer("/api/v1/me/health", &token).await).await;
    assert_eq!(gone["consented_at"], Value::Null);
    assert_eq!(gone["profile"]["conditions"], json!([]));

    // Another member never sees it.
    let other = app.login_demo(GOLD_PHONE).await;
    assert_eq!(json_of(app.get_bearer("/api/v1/me/health", &other).await).await["consented_at"], Value::Null);
}

#[tokio::test]
async fn medicine_search_finds_brands_and_pinyin_initials_behind_a_session() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(SILVER_PHONE).await;
    let hits = json_of(app.get_bearer("/api/v1/drugs?q=%E7%AB%8B%E6%99%AE%E5%A6%A5", &token).await).await; // 立普妥
    assert_eq!(hits[0]["zh"], "阿托伐他汀");
    assert!(hits[0]["note_zh"].as_str().unwrap().contains("肌肉"));
    let hits = json_of(app.get_bearer("/api/v1/drugs?q=gjyds", &token).await).await;
    assert_eq!(hits[0]["zh"], "甘精胰岛素");
    assert_eq!(hits[0]["cold_chain"], true);
    assert_eq!(json_of(app.get_bearer("/api/v1/drugs?q=", &token).await).await, json!([]));
    assert_eq!(app.get_bearer("/api/v1/drugs?q=atft&limit=x", &token).await.status(), 400);
    assert_eq!(reqwest::get(app.url("/api/v1/drugs?q=atft")).await.unwrap().status(), 401);
}

#[tokio::test]
async fn adding_an_interacting_drug_puts_a_warning_on_the_schedule_and_the_check_says_so_first() {
    let app = TestApp::spawn().await;
    // Silver's schedule: metformin and atorvastatin. Nothing to warn about.
    let token = app.login_demo(SILVER_PHONE).await;
    let view = json_of(app.get_bearer("/api/v1/schedule", &token).await).await;
    assert_eq!(view["warnings"], json!([]));
    let atorva = view["medications"].as_array().unwrap().iter().find(|m| m["name"] == "阿托伐他汀钙片").unwrap();
    assert_eq!(atorva["drug"]["zh"], "阿托伐他汀", "the dictionary entry rides along for offline use");

    // Before saving, the portal asks: clarithromycin raises atorvastatin's level.
    let res = app.call(Method::POST, "/api/v1/safety/check", &token, Some(json!({"medicines": ["克拉霉素片"]}))).await;
    assert_eq!(res.status(), 200);
    let warnings = json_of(res).await;
    assert_eq!(warnings.as_array().unwrap().len(), 1);
    assert_eq!(warnings[0]["kind"], "interaction");
    assert_eq!(warnings[0]["severity"], "high");
    assert_eq!(warnings[0]["medicines"], json!(["阿托伐他汀钙片", "克拉霉素片"]));

    // Adding it is never refused; the schedule then carries the warning.
    let res =
        app.call(Method::POST, "/api/v1/medications", &token, Some(medication_json("克拉霉素片", &["08:00"]))).await;
    assert_eq!(res.status(), 201);
    let view = json_of(app.get_bearer("/api/v1/schedule", &token).await).await;
    assert_eq!(view["warnings"][0]["title"]["zh"], "阿托伐他汀钙片 和 克拉霉素片 可能相互作用");
    assert!(view["warnings"][0]["detail"]["en"].as_str().unwrap().contains("muscle"));

    // The profile adds its own checks: an age band of 65+ flags nothing here, a macrolide
    // allergy flags the antibiotic.
    let profile = json!({"allergies": ["macrolide"], "age_band": "80_plus", "consent": true});
    assert_eq!(app.call(Method::PUT, "/api/v1/me/health", &token, Some(profile)).await.status(), 200);
    let view = json_of(app.get_bearer("/api/v1/schedule", &token).await).await;
    let kinds: Vec<&str> = view["warnings"].as_array().unwrap().iter().map(|w| w["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, vec!["interaction", "allergy"]);

    // Malformed bodies keep the error shape.
    let res = app.call(Method::POST, "/api/v1/safety/check", &token, Some(json!({"medicines": "x"}))).await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_code(res).await, "invalid_json");
}

#[tokio::test]
async fn a_question_is_stored_once_answered_by_a_pharmacist_and_seen_only_by_its_member() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(SILVER_PHONE).await;
    let body = json!({"question": "克拉霉素和阿托伐他汀能一起吃吗？", "medicines": ["阿托伐他汀钙片", "克拉霉素片"],
                      "warning": "阿托伐他汀钙片 和 克拉霉素片 可能相互作用"});
    let res = ask(&app, &token, "consult-0001", body.clone()).await;
    assert_eq!(res.status(), 201);
    let asked = json_of(res).await;
    assert_eq!(asked["reply"], Value::Null);
    assert_eq!(asked["reply_due_at"].as_i64().unwrap() - asked["created_at"].as_i64().unwrap(), 24 * 3600);
    // A double tap or a retry after a lost answer: the same question, not a second one.
    let retry = ask(&app, &token, "consult-0001", body.clone()).await;
    assert_eq!(retry.status(), 200);
    assert_eq!(json_of(retry).await["id"], asked["id"]);
    assert_eq!(json_of(app.get_bearer("/api/v1/consultations", &token).await).await.as_array().unwrap().len(), 1);

    // Bad input: nothing stored.
    assert_eq!(
        error_code(ask(&app, &token, "consult-0002", json!({"question": "  "})).await).await,
        "invalid_consultation"
    );
    let no_key = app.call(Method::POST, "/api/v1/consultations", &token, Some(body.clone())).await;
    assert_eq!(no_key.status(), 400);
    assert_eq!(error_code(no_key).await, "idempotency_key_missing");

    // A pharmacist sees the queue (members and other staff roles cannot), replies once.
    let pharmacist = app.staff_token(Role::Pharmacist).await;
    let service = app.staff_token(Role::MemberService).await;
    assert_eq!(app.get_bearer("/api/v1/staff/consultations", &token).await.status(), 401);
    assert_eq!(app.get_bearer("/api/v1/staff/consultations", ADMIN).await.status(), 401, "the machine credential");
    assert_eq!(app.get_bearer("/api/v1/staff/consultations", &service).await.status(), 403);
    let queue = json_of(app.get_bearer("/api/v1/staff/consultations", &pharmacist).await).await;
    assert_eq!(queue.as_array().unwrap().len(), 1);
    let id = queue[0]["id"].as_str().unwrap();
    let path = format!("/api/v1/staff/consultations/{id}/reply");
    let reply = json!({"reply": "两者同用会增加肌肉损伤风险。请先暂停克拉霉素并联系开药医生，不要停用他汀。"});
    assert_eq!(app.call(Method::POST, &path, &token, Some(reply.clone())).await.status(), 401);
    assert_eq!(app.call(Method::POST, &path, &service, Some(reply.clone())).await.status(), 403);
    let res = app.call(Method::POST, &path, &pharmacist, Some(reply.clone())).await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.call(Method::POST, &path, &pharmacist, Some(reply.clone())).await.status(), 409, "answered once");
    assert_eq!(
        app.call(Method::POST, "/api/v1/staff/consultations/nope/reply", &pharmacist, Some(reply)).await.status(),
        404
    );
    assert_eq!(json_of(app.get_bearer("/api/v1/staff/consultations", &pharmacist).await).await, json!([]));
    // The trail names the pharmacist who read and answered it.
    let trail = server::staff::trail(&app.state.db, id).await.unwrap();
    assert!(trail.contains(&("staff-pharmacist".to_string(), "consultation_reply".to_string())), "{trail:?}");

    let mine = json_of(app.get_bearer("/api/v1/consultations", &token).await).await;
    assert!(mine[0]["reply"].as_str().unwrap().contains("肌肉"));
    assert!(mine[0]["replied_at"].as_i64().is_some());
    let other = app.login_demo(GOLD_PHONE).await;
    assert_eq!(json_of(app.get_bearer("/api/v1/consultations", &other).await).await, json!([]));
}

#[tokio::test]
async fn a_recognised_prescription_warns_about_its_drugs_before_they_reach_the_schedule() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(SILVER_PHONE).await; // takes atorvastatin
    let lines = [
        "XX市第一人民医院 处方笺",
        "姓名：测试 性别：男 年龄：66岁",
        "Rp:",
        "克拉霉素片 0.25g×12片",
        "用法：每日两次，每次一片，口服",
    ];
    let jpeg = crate::helpers::rx_image::photo(
        &crate::helpers::rx_image::render(&lines),
        crate::helpers::rx_image::Distortion::CLEAN,
    );
    let res = app.upload_rx(&token, "rx-health-0001", jpeg).await;
    assert_eq!(res.status(), 201);
    let id = json_of(res).await["id"].as_str().unwrap().to_string();
    let mut rx = Value::Null;
    for _ in 0..300 {
        rx = json_of(app.get_bearer(&format!("/api/v1/prescriptions/{id}"), &token).await).await;
        if rx["status"] == "recognised" || rx["status"] == "ocr_failed" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(rx["status"], "recognised", "{rx}");
    let warnings = rx["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{rx}");
    assert_eq!(warnings[0]["kind"], "interaction");
    assert!(warnings[0]["medicines"][0].as_str().unwrap().contains("阿托伐他汀"));
    assert!(warnings[0]["medicines"][1].as_str().unwrap().contains("克拉霉素"));
}

#[tokio::test]
async fn with_a_key_the_profile_and_questions_are_encrypted_in_the_database_and_read_as_before() {
    let key = "7c".repeat(32);
    let app = TestApp::spawn_with(|c| c.upload_key = Some(server::store::uploads::parse_key(&key).unwrap())).await;
    let token = app.login_demo(SILVER_PHONE).await;
    let profile = json!({"conditions": ["糖尿病"], "allergies": ["macrolide"], "other_allergies": "青霉素皮疹",
                         "pregnancy": "pregnant", "consent": true});
    assert_eq!(app.call(Method::PUT, "/api/v1/me/health", &token, Some(profile)).await.status(), 200);
    let body = json!({"question": "怀孕能吃克拉霉素吗？", "medicines": ["克拉霉素片"], "warning": "对大环内酯类过敏"});
    assert_eq!(ask(&app, &token, "sealed-0001", body).await.status(), 201);
    let pharmacist = app.staff_token(Role::Pharmacist).await;
    let queue = json_of(app.get_bearer("/api/v1/staff/consultations", &pharmacist).await).await;
    assert_eq!(queue[0]["question"], "怀孕能吃克拉霉素吗？", "the pharmacist reads it");
    let path = format!("/api/v1/staff/consultations/{}/reply", queue[0]["id"].as_str().unwrap());
    let reply = json!({"reply": "孕期请勿自行服用，请咨询产科医生。"});
    assert_eq!(app.call(Method::POST, &path, &pharmacist, Some(reply)).await.status(), 200);

    // What a copy of the database file shows: no condition, allergy, pregnancy or question.
    let (stored_profile,): (String,) =
        sqlx::query_as("SELECT profile FROM health_profiles").fetch_one(&app.state.db).await.unwrap();
    let stored: Vec<(String, String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT question, medicines, warning, reply FROM consultations")
            .fetch_all(&app.state.db)
            .await
            .unwrap();
    let (q, meds, warning, answer) = stored[0].clone();
    let stored_text = [stored_profile, q, meds, warning.unwrap(), answer.unwrap()].join("|");
    for secret in ["糖尿病", "macrolide", "青霉素", "pregnant", "怀孕", "克拉霉素", "大环内酯", "产科"]
    {
        assert!(!stored_text.contains(secret), "{secret} is stored in the clear");
    }

    // The member, the safety checks and the export read it as before.
    let read = json_of(app.get_bearer("/api/v1/me/health", &token).await).await;
    assert_eq!(read["profile"]["other_allergies"], "青霉素皮疹");
    let res = app.call(Method::POST, "/api/v1/safety/check", &token, Some(json!({"medicines": ["克拉霉素片"]}))).await;
    let kinds: Vec<String> =
        json_of(res).await.as_array().unwrap().iter().map(|w| w["kind"].as_str().unwrap().to_string()).collect();
    assert!(kinds.contains(&"allergy".to_string()) && kinds.contains(&"pregnancy".to_string()), "{kinds:?}");
    let mine = json_of(app.get_bearer("/api/v1/consultations", &token).await).await;
    assert_eq!(mine[0]["reply"], "孕期请勿自行服用，请咨询产科医生。");
    assert_eq!(mine[0]["medicines"], json!(["克拉霉素片"]));
    let export = json_of(app.get_bearer("/api/v1/me/export", &token).await).await;
    assert_eq!(export["health_profile"][0]["profile"]["conditions"], json!(["糖尿病"]));
    assert_eq!(export["consultations"][0]["question"], "怀孕能吃克拉霉素吗？");
    assert_eq!(export["consultations"][0]["medicines"], json!(["克拉霉素片"]));
}
