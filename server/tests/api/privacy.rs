//! PIPL rights against the real server: consent at first login, marketing opt-in, export,
//! account deletion, the prescription access trail; uploads encrypted at rest; backup and
//! restore.

use std::time::Duration;

use crate::helpers::{error_code, medication_json, prescription_jpeg, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

/// A member the platform just registered, signed in (consent not yet given).
async fn new_member(app: &TestApp, phone: &str) -> String {
    app.register(phone, "新会员").await;
    app.login_phone(phone).await
}

#[tokio::test]
async fn a_new_member_is_asked_for_consent_and_it_is_recorded_per_version() {
    let app = TestApp::spawn().await;
    let token = new_member(&app, "13900000010").await;
    let me: Value = app.get_bearer("/api/v1/me", &token).await.json().await.unwrap();
    assert_eq!(me["consent_due"], true);
    let consent: Value = app.get_bearer("/api/v1/me/consent", &token).await.json().await.unwrap();
    assert_eq!(consent["accepted_version"], Value::Null);
    let current = consent["current_version"].as_str().unwrap().to_string();
    // Consent to a text the member was not shown is refused.
    let res = app.call(Method::PUT, "/api/v1/me/consent", &token, Some(json!({"version": "1999-01"}))).await;
    assert_eq!(res.status(), 409);
    let res = app.call(Method::PUT, "/api/v1/me/consent", &token, Some(json!({"version": current}))).await;
    assert_eq!(res.status(), 200);
    let accepted: Value = res.json().await.unwrap();
    assert_eq!(accepted["accepted_version"], current.as_str());
    assert!(accepted["accepted_at"].as_i64().unwrap() > 0);
    let me: Value = app.get_bearer("/api/v1/me", &token).await.json().await.unwrap();
    assert_eq!(me["consent_due"], false);
}

/// Every endpoint that reads or writes health data, with a body that would be accepted.
fn health_endpoints() -> Vec<(Method, &'static str, Option<Value>)> {
    let med = medication_json("阿司匹林", &["08:00"]);
    vec![
        (Method::GET, "/api/v1/home", None),
        (Method::GET, "/api/v1/schedule", None),
        (Method::GET, "/api/v1/schedule.ics", None),
        (Method::POST, "/api/v1/schedule/feed", None),
        (Method::GET, "/api/v1/medications", None),
        (Method::POST, "/api/v1/medications", Some(med.clone())),
        (Method::GET, "/api/v1/medications/m1", None),
        (Method::PUT, "/api/v1/medications/m1", Some(med)),
        (Method::DELETE, "/api/v1/medications/m1", None),
        (Method::POST, "/api/v1/doses", Some(json!({"medication_id": "m1", "due_at": 1, "action": "taken"}))),
        (Method::DELETE, "/api/v1/doses/d1", None),
        (Method::GET, "/api/v1/prescriptions", None),
        (Method::GET, "/api/v1/prescriptions/p1", None),
        (Method::GET, "/api/v1/prescriptions/p1/pages/1", None),
        (Method::POST, "/api/v1/prescriptions/p1/submit", Some(json!({"fields": {}}))),
        (Method::POST, "/api/v1/prescriptions/p1/medications", None),
        (Method::GET, "/api/v1/me/health", None),
        (Method::PUT, "/api/v1/me/health", Some(json!({"profile": {"conditions": ["hypertension"]}, "consent": true}))),
        (Method::DELETE, "/api/v1/me/health", None),
        (Method::POST, "/api/v1/safety/check", Some(json!({"names": ["华法林", "阿司匹林"]}))),
        (Method::GET, "/api/v1/consultations", None),
        (Method::POST, "/api/v1/consultations", Some(json!({"question": "降压药可以和感冒药一起吃吗"}))),
        (Method::GET, "/api/v1/family", None),
        (Method::POST, "/api/v1/family/dependants", Some(json!({"name": "妈妈"}))),
        (Method::DELETE, "/api/v1/family/dependants/x1", None),
        (Method::POST, "/api/v1/family/invitations", Some(json!({"permission": "view"}))),
        (Method::POST, "/api/v1/family/invitations/accept", Some(json!({"code": "ABCDEFGHJK"}))),
        (Method::GET, "/api/v1/family/grants/g1/access", None),
    ]
}

#[tokio::test]
async fn health_data_stays_closed_until_the_policy_is_accepted() {
    let app = TestApp::spawn().await;
    let token = new_member(&app, "13900000013").await;
    // Straight against the API, as a client that never shows the consent screen would.
    for (method, path, body) in health_endpoints() {
        let res = app.call(method.clone(), path, &token, body).await;
        assert_eq!(res.status(), 403, "{method} {path}");
        assert_eq!(error_code(res).await, "consent_required", "{method} {path}");
    }
    let upload = app.upload_rx(&token, "consent-rx-0001", prescription_jpeg()).await;
    assert_eq!(upload.status(), 403);
    assert_eq!(error_code(upload).await, "consent_required");
    // What needs no health data still works: the member's own record, their points, the
    // articles (unpersonalised), and the rights to take their data and to leave.
    for path in ["/api/v1/me", "/api/v1/me/consent", "/api/v1/points", "/api/v1/articles", "/api/v1/me/export"] {
        assert_eq!(app.get_bearer(path, &token).await.status(), 200, "{path}");
    }

    // Accepted: the same member reaches their (empty) health data; nothing was stored before.
    let version = server::privacy::POLICY_VERSION;
    let res = app.call(Method::PUT, "/api/v1/me/consent", &token, Some(json!({"version": version}))).await;
    assert_eq!(res.status(), 200);
    for path in ["/api/v1/medications", "/api/v1/prescriptions", "/api/v1/consultations"] {
        let res = app.get_bearer(path, &token).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.json::<Value>().await.unwrap(), json!([]), "{path}");
    }
    let family: Value = app.get_bearer("/api/v1/family", &token).await.json().await.unwrap();
    assert_eq!(family["people"], json!([]));
    let profile: Value = app.get_bearer("/api/v1/me/health", &token).await.json().await.unwrap();
    assert_eq!(profile["consented_at"], Value::Null);
    let res =
        app.call(Method::POST, "/api/v1/medications", &token, Some(medication_json("阿司匹林", &["08:00"]))).await;
    assert_eq!(res.status(), 201);

    // Leaving never needs consent: a member who declines can still delete the account.
    let other = new_member(&app, "13900000014").await;
    let res = app.call(Method::DELETE, "/api/v1/me", &other, Some(json!({"confirm": "delete"}))).await;
    assert_eq!(res.status(), 204);
}

#[tokio::test]
async fn a_new_policy_version_closes_health_data_and_the_calendar_feed_until_accepted() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(crate::helpers::GOLD_PHONE).await;
    let feed: Value = app.call(Method::POST, "/api/v1/schedule/feed", &token, None).await.json().await.unwrap();
    let feed_url = app.url(feed["path"].as_str().unwrap());
    assert_eq!(reqwest::get(&feed_url).await.unwrap().status(), 200);
    // The member accepted an older text (as if the policy in force changed since).
    sqlx::query("UPDATE members SET consent_version = '2025-01' WHERE id = 'demo-gold'")
        .execute(&app.state.db)
        .await
        .unwrap();
    let res = app.get_bearer("/api/v1/schedule", &token).await;
    assert_eq!(res.status(), 403);
    assert_eq!(error_code(res).await, "consent_required");
    let res = reqwest::get(&feed_url).await.unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(error_code(res).await, "consent_required");
    let me: Value = app.get_bearer("/api/v1/me", &token).await.json().await.unwrap();
    assert_eq!(me["consent_due"], true);
    let version = server::privacy::POLICY_VERSION;
    app.call(Method::PUT, "/api/v1/me/consent", &token, Some(json!({"version": version}))).await;
    assert_eq!(app.get_bearer("/api/v1/schedule", &token).await.status(), 200);
    assert_eq!(reqwest::get(&feed_url).await.unwrap().status(), 200);
}

#[tokio::test]
async fn marketing_is_off_until_the_member_turns_it_on() {
    let app = TestApp::spawn().await;
    let token = new_member(&app, "13900000011").await;
    let p: Value = app.get_bearer("/api/v1/me/privacy", &token).await.json().await.unwrap();
    assert_eq!(p, json!({"personalised_recommendations": true, "marketing": false}));
    let body = json!({"personalised_recommendations": false, "marketing": true});
    let p: Value = app.call(Method::PUT, "/api/v1/me/privacy", &token, Some(body.clone())).await.json().await.unwrap();
    assert_eq!(p, body);
}

#[tokio::test]
async fn the_export_holds_the_members_data_and_no_secrets() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(crate::helpers::GOLD_PHONE).await;
    app.call(Method::POST, "/api/v1/schedule/feed", &token, None).await;
    let rx: Value = app.upload_rx(&token, "export-rx-0001", prescription_jpeg()).await.json().await.unwrap();
    let res = app.get_bearer("/api/v1/me/export", &token).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
    let text = res.text().await.unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["profile"]["phone"], crate::helpers::GOLD_PHONE, "the member's own number, unmasked");
    assert_eq!(doc["profile"]["name"], "张桂兰");
    assert!(doc["points_ledger"].as_array().unwrap().len() >= 3);
    assert!(!doc["medications"].as_array().unwrap().is_empty());
    assert!(!doc["dose_logs"].as_array().unwrap().is_empty());
    assert!(!doc["survey_responses"].as_array().unwrap().is_empty());
    assert_eq!(doc["prescriptions"][0]["id"], rx["id"]);
    assert_eq!(doc["sessions"].as_array().unwrap().len(), 1);
    assert!(!text.contains("_hash"), "no token or code hashes");
    // The export itself is in the prescription's access trail.
    let pharmacist = app.staff_token(api::staff::Role::Pharmacist).await;
    let trail: Value = app
        .get_bearer(&format!("/api/v1/staff/prescriptions/{}/access-log", rx["id"].as_str().unwrap()), &pharmacist)
        .await
        .json()
        .await
        .unwrap();
    assert!(trail.as_array().unwrap().iter().any(|r| r["action"] == "export" && r["actor"] == "demo-gold"));
}

#[tokio::test]
async fn every_read_and_decision_on_a_prescription_is_in_its_trail() {
    let app = TestApp::spawn_with(|c| c.auto_review_secs = 3600).await;
    let token = app.login_demo(crate::helpers::GOLD_PHONE).await;
    let rx: Value = app.upload_rx(&token, "trail-rx-0001", prescription_jpeg()).await.json().await.unwrap();
    let id = rx["id"].as_str().unwrap().to_string();
    let mut recognised = Value::Null;
    for _ in 0..120 {
        recognised = app.get_bearer(&format!("/api/v1/prescriptions/{id}"), &token).await.json().await.unwrap();
        if recognised["status"] != "uploaded" && recognised["status"] != "recognising" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_eq!(recognised["status"], "recognised", "{recognised}");
    app.get_bearer(&format!("/api/v1/prescriptions/{id}/pages/1"), &token).await;
    let res = app
        .call(
            Method::POST,
            &format!("/api/v1/prescriptions/{id}/submit"),
            &token,
            Some(json!({"fields": recognised["fields"]})),
        )
        .await;
    assert_eq!(res.status(), 200);
    let pharmacist = app.staff_token(api::staff::Role::Pharmacist).await;
    app.get_bearer("/api/v1/staff/prescriptions", &pharmacist).await;
    app.call(Method::POST, &format!("/api/v1/staff/prescriptions/{id}/claim"), &pharmacist, None).await;
    app.get_bearer(&format!("/api/v1/staff/prescriptions/{id}/pages/1"), &pharmacist).await;
    let decision = json!({"decision": "reject", "code": "expired", "note": "请带新处方"});
    let res = app
        .call(Method::POST, &format!("/api/v1/staff/prescriptions/{id}/decision"), &pharmacist, Some(decision))
        .await;
    assert_eq!(res.status(), 204, "{}", res.text().await.unwrap());
    let trail: Value = app
        .get_bearer(&format!("/api/v1/staff/prescriptions/{id}/access-log"), &pharmacist)
        .await
        .json()
        .await
        .unwrap();
    let seen: Vec<(String, String, String)> = trail
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap().to_string();
            (s("actor_kind"), s("actor"), s("action"))
        })
        .collect();
    let member = "demo-gold";
    let staff = "staff-pharmacist";
    for (kind, who, action) in [
        ("member", member, "view"),
        ("member", member, "page"),
        ("staff", staff, "review_queue"),
        ("staff", staff, "view"),
        ("staff", staff, "page"),
        ("staff", staff, "decide"),
    ] {
        let wanted = (kind.to_string(), who.to_string(), action.to_string());
        assert!(seen.contains(&wanted), "{wanted:?} in {seen:?}");
    }
}

#[tokio::test]
async fn deleting_the_account_removes_the_data_files_and_sessions() {
    let app = TestApp::spawn().await;
    let phone = "13900000012";
    let member_id = app.register(phone, "要注销").await;
    let token = app.login_phone(phone).await;
    let second_device = app.login_phone(phone).await;
    let version = server::privacy::POLICY_VERSION;
    app.call(Method::PUT, "/api/v1/me/consent", &token, Some(json!({"version": version}))).await;
    app.call(Method::POST, "/api/v1/medications", &token, Some(medication_json("二甲双胍", &["08:00"]))).await;
    let rx: Value = app.upload_rx(&token, "delete-rx-0001", prescription_jpeg()).await.json().await.unwrap();
    assert!(app.feedback_with_photo(&token, "delete-fb-0001").await.status().is_success());
    let uploads = app.state.config.uploads_dir();
    let files_before = std::fs::read_dir(&uploads).unwrap().count();
    assert!(files_before >= 2);

    // A delete needs the confirmation word.
    let res = app.call(Method::DELETE, "/api/v1/me", &token, Some(json!({"confirm": "yes"}))).await;
    assert_eq!(error_code(res).await, "bad_request");
    let res = app.call(Method::DELETE, "/api/v1/me", &token, Some(json!({"confirm": "delete"}))).await;
    assert_eq!(res.status(), 204);
    assert!(res.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));

    for t in [&token, &second_device] {
        assert_eq!(app.get_bearer("/api/v1/me", t).await.status(), 401, "every session ends");
    }
    let db = &app.state.db;
    for table in ["medications", "dose_logs", "prescriptions", "feedback", "points_ledger", "sessions", "coupons"] {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE member_id = $1"))
            .bind(&member_id)
            .fetch_one(db)
            .await
            .unwrap();
        assert_eq!(n, 0, "{table}");
    }
    let left: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM members WHERE phone = $1").bind(phone).fetch_one(db).await.unwrap();
    assert_eq!(left, 0, "the phone number is gone");
    assert_eq!(std::fs::read_dir(&uploads).unwrap().count(), files_before - 2, "page and photo removed");
    // The access trail keeps ids, and the number can join again as a new member.
    let pharmacist = app.staff_token(api::staff::Role::Pharmacist).await;
    let trail: Value = app
        .get_bearer(&format!("/api/v1/staff/prescriptions/{}/access-log", rx["id"].as_str().unwrap()), &pharmacist)
        .await
        .json()
        .await
        .unwrap();
    assert!(trail.is_array());
    assert_ne!(app.register(phone, "重新加入").await, member_id);
}

#[tokio::test]
async fn with_a_key_uploads_are_encrypted_on_disk_and_still_recognised() {
    let key = "5a".repeat(32);
    let app = TestApp::spawn_with(|c| c.upload_key = Some(server::store::uploads::parse_key(&key).unwrap())).await;
    let token = app.login_demo(crate::helpers::GOLD_PHONE).await;
    let jpeg = prescription_jpeg();
    let rx: Value = app.upload_rx(&token, "sealed-rx-0001", jpeg).await.json().await.unwrap();
    let id = rx["id"].as_str().unwrap();
    let dir = app.state.config.uploads_dir();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(bytes.starts_with(b"PPE1"), "sealed");
        assert!(!bytes.windows(3).any(|w| w == [0xff, 0xd8, 0xff]), "no JPEG visible on disk");
    }
    // The member gets the picture back; the OCR worker reads it too.
    let page = app.get_bearer(&format!("/api/v1/prescriptions/{id}/pages/1"), &token).await;
    assert!(page.bytes().await.unwrap().starts_with(&[0xff, 0xd8, 0xff]));
    let mut status = Value::Null;
    for _ in 0..120 {
        let rx: Value = app.get_bearer(&format!("/api/v1/prescriptions/{id}"), &token).await.json().await.unwrap();
        status = rx["status"].clone();
        if status != "uploaded" && status != "recognising" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(matches!(status.as_str(), Some("recognised" | "in_review" | "approved")), "{status}");
}

#[tokio::test]
async fn an_online_backup_restores_to_a_working_server() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(crate::helpers::GOLD_PHONE).await;
    let rx: Value = app.upload_rx(&token, "backup-rx-0001", prescription_jpeg()).await.json().await.unwrap();
    let before: Value = app.get_bearer("/api/v1/points/ledger?limit=100", &token).await.json().await.unwrap();
    // Writes keep coming while the backup runs.
    let writer = {
        let (url, token) = (app.url("/api/v1/doses"), token.clone());
        tokio::spawn(async move {
            for i in 0..40 {
                let body = json!({"id": format!("during-backup-{i:04}"), "medication_id": "demo-gold-med-0", "action": "taken"});
                let _ = reqwest::Client::new().post(&url).bearer_auth(&token).json(&body).send().await;
            }
        })
    };
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("backup");
    let manifest = server::store::backup::backup(&app.state.db, &app.state.config, &dest).await.unwrap();
    writer.await.unwrap();
    assert_eq!(manifest.files.len(), 1, "the prescription page");

    // A damaged backup is refused before anything is written.
    let restored = out.path().join("restored");
    let mut into = server::Config::for_tests(restored.clone());
    // PostgreSQL: into a new, empty database (SQLite: a new data directory).
    into.database_url = crate::helpers::fresh_pg_database().await;
    let damaged = out.path().join("damaged");
    copy_dir(&dest, &damaged);
    let page = damaged.join("uploads").join(manifest.files.keys().next().unwrap());
    std::fs::write(&page, b"not the page").unwrap();
    assert!(server::store::backup::restore(&damaged, &into, false).await.is_err());
    assert!(!restored.join("portal.db").exists());

    server::store::backup::restore(&dest, &into, false).await.unwrap();
    assert!(
        server::store::backup::restore(&dest, &into, false).await.is_err(),
        "never over a database without --force"
    );
    let copy = TestApp::spawn_with(|c| {
        c.data_dir = restored.clone();
        c.database_url = into.database_url.clone();
    })
    .await;
    let after: Value = copy.get_bearer("/api/v1/points/ledger?limit=100", &token).await.json().await.unwrap();
    assert_eq!(after["entries"], before["entries"], "the ledger, exactly; sessions too");
    assert!(!before["entries"].as_array().unwrap().is_empty());
    let page = copy.get_bearer(&format!("/api/v1/prescriptions/{}/pages/1", rx["id"].as_str().unwrap()), &token).await;
    assert_eq!(page.status(), 200);
    if !copy.on_postgres() {
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&copy.state.db).await.unwrap();
        assert_eq!(integrity, "ok");
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[tokio::test]
async fn the_sweep_removes_stored_files_no_row_owns_and_never_an_owned_one() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(crate::helpers::GOLD_PHONE).await;
    let rx: Value = app.upload_rx(&token, "sweep-rx-0001", prescription_jpeg()).await.json().await.unwrap();
    let id = rx["id"].as_str().unwrap();
    let db = &app.state.db;
    let owned: String = sqlx::query_scalar("SELECT file FROM prescription_pages WHERE prescription_id = $1")
        .bind(id)
        .fetch_one(db)
        .await
        .unwrap();
    // An upload that died between writing its file and its rows, and (as a crash between a
    // deletion's rollback and its clean-up could leave) an owned file listed as pending.
    let page = server::store::uploads::image_page(&prescription_jpeg(), image::ImageFormat::Jpeg).unwrap();
    let orphan = app.state.uploads.store(db, &page).await.unwrap();
    sqlx::query("INSERT INTO pending_files (file, created_at) VALUES ($1, 0)").bind(&owned).execute(db).await.unwrap();
    let dir = app.state.config.uploads_dir();
    assert!(dir.join(&orphan).exists());

    // Within the grace period an upload may still be in progress (on another instance).
    assert_eq!(
        server::store::pending_files::sweep(db, &app.state.uploads, 3600).await.unwrap(),
        1,
        "only the old record"
    );
    assert!(dir.join(&orphan).exists());
    server::store::pending_files::sweep(db, &app.state.uploads, 0).await.unwrap();
    assert!(!dir.join(&orphan).exists(), "the orphan is removed");
    assert!(dir.join(&owned).exists(), "an owned file is never removed");
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pending_files").fetch_one(db).await.unwrap();
    assert_eq!(left, 0);
    let page = app.get_bearer(&format!("/api/v1/prescriptions/{id}/pages/1"), &token).await;
    assert_eq!(page.status(), 200);
}
