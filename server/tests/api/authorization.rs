//! No member can reach another member's data: every member-scoped endpoint is tried with a
//! second member's token on the first member's ids (IDOR).

use crate::helpers::{medication_json, prescription_jpeg, TestApp, GOLD_PHONE, SILVER_PHONE};
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn a_second_member_cannot_read_change_or_delete_the_first_members_data() {
    let app = TestApp::spawn().await;
    let owner = app.login_demo(GOLD_PHONE).await;
    let intruder = app.login_demo(SILVER_PHONE).await;

    // The owner's data: a medication, a dose log, a prescription, feedback with a photo,
    // a survey invitation.
    let med: Value = app
        .call(Method::POST, "/api/v1/medications", &owner, Some(medication_json("氨氯地平片", &["08:00"])))
        .await
        .json()
        .await
        .unwrap();
    let med_id = med["id"].as_str().unwrap().to_string();
    let dose = json!({"id": "owner-dose-0001", "medication_id": med_id, "action": "taken"});
    assert!(app.call(Method::POST, "/api/v1/doses", &owner, Some(dose)).await.status().is_success());
    let rx: Value = app.upload_rx(&owner, "owner-rx-0001", prescription_jpeg()).await.json().await.unwrap();
    let rx_id = rx["id"].as_str().unwrap().to_string();
    let fb: Value = app.feedback_with_photo(&owner, "owner-fb-0001").await.json().await.unwrap();
    let fb_id = fb["id"].as_str().unwrap().to_string();
    let inv = app.get_bearer("/api/v1/surveys/next?moment=surveys_page", &owner).await;
    assert_eq!(inv.status(), 200, "the demo member is due a survey");
    let inv_id = inv.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();

    let attempts: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, format!("/api/v1/medications/{med_id}"), None),
        (Method::PUT, format!("/api/v1/medications/{med_id}"), Some(medication_json("篡改", &["09:00"]))),
        (Method::DELETE, format!("/api/v1/medications/{med_id}"), None),
        (
            Method::POST,
            "/api/v1/doses".into(),
            Some(json!({"id": "intruder-dose-01", "medication_id": med_id, "action": "taken"})),
        ),
        (Method::GET, format!("/api/v1/prescriptions/{rx_id}"), None),
        (Method::GET, format!("/api/v1/prescriptions/{rx_id}/pages/1"), None),
        (Method::POST, format!("/api/v1/prescriptions/{rx_id}/submit"), Some(json!({"fields": rx["fields"]}))),
        (Method::POST, format!("/api/v1/prescriptions/{rx_id}/medications"), None),
        (Method::GET, format!("/api/v1/feedback/{fb_id}/photo"), None),
        (
            Method::POST,
            format!("/api/v1/surveys/invitations/{inv_id}/response"),
            Some(json!({"score": 0, "reason": "x"})),
        ),
        (Method::POST, format!("/api/v1/surveys/invitations/{inv_id}/dismiss"), None),
    ];
    for (method, path, body) in attempts {
        let res = app.call(method.clone(), &path, &intruder, body).await;
        let status = res.status().as_u16();
        // Not found (as if it did not exist) or refused as invalid: never a success.
        assert!(matches!(status, 404 | 400 | 422), "{method} {path}: {status}");
    }
    // Undoing someone else's dose id is a no-op for them.
    let res = app.call(Method::DELETE, "/api/v1/doses/owner-dose-0001", &intruder, None).await;
    assert!(res.status().is_success() || res.status() == 404);

    // Lists, the schedule, exports and the calendar show none of it.
    for path in [
        "/api/v1/medications",
        "/api/v1/schedule",
        "/api/v1/prescriptions",
        "/api/v1/feedback",
        "/api/v1/me/export",
        "/api/v1/schedule.ics",
    ] {
        let body = app.get_bearer(path, &intruder).await.text().await.unwrap();
        for id in [&med_id, &rx_id, &fb_id, &"owner-dose-0001".to_string(), &"氨氯地平片".to_string()] {
            assert!(!body.contains(id.as_str()), "{path} shows the owner's {id}");
        }
    }

    // The owner's data is untouched.
    let mine: Value = app.get_bearer(&format!("/api/v1/medications/{med_id}"), &owner).await.json().await.unwrap();
    assert_eq!(mine["name"], "氨氯地平片");
    let schedule = app.get_bearer("/api/v1/schedule", &owner).await.text().await.unwrap();
    assert!(schedule.contains("owner-dose-0001"), "the owner's dose log survives");
    assert_eq!(app.get_bearer(&format!("/api/v1/prescriptions/{rx_id}/pages/1"), &owner).await.status(), 200);
    assert_eq!(app.get_bearer(&format!("/api/v1/feedback/{fb_id}/photo"), &owner).await.status(), 200);
    let answer = json!({"score": 9, "reason": "方便"});
    let res =
        app.call(Method::POST, &format!("/api/v1/surveys/invitations/{inv_id}/response"), &owner, Some(answer)).await;
    assert!(res.status().is_success(), "the owner can still answer: {}", res.status());
}

#[tokio::test]
async fn every_member_endpoint_needs_a_session() {
    let app = TestApp::spawn().await;
    let paths = [
        (Method::GET, "/api/v1/me"),
        (Method::GET, "/api/v1/home"),
        (Method::GET, "/api/v1/points"),
        (Method::GET, "/api/v1/points/ledger"),
        (Method::GET, "/api/v1/coupons"),
        (Method::GET, "/api/v1/schedule"),
        (Method::GET, "/api/v1/schedule.ics"),
        (Method::GET, "/api/v1/medications"),
        (Method::GET, "/api/v1/prescriptions"),
        (Method::GET, "/api/v1/feedback"),
        (Method::GET, "/api/v1/me/privacy"),
        (Method::GET, "/api/v1/me/consent"),
        (Method::GET, "/api/v1/me/export"),
        (Method::DELETE, "/api/v1/me"),
        (Method::POST, "/api/v1/auth/logout-all"),
        (Method::GET, "/api/v1/articles/bookmarks"),
        (Method::POST, "/api/v1/schedule/feed"),
        (Method::GET, "/api/v1/me/health"),
        (Method::PUT, "/api/v1/me/health"),
        (Method::DELETE, "/api/v1/me/health"),
        (Method::GET, "/api/v1/drugs"),
        (Method::POST, "/api/v1/safety/check"),
        (Method::GET, "/api/v1/consultations"),
        (Method::POST, "/api/v1/consultations"),
        (Method::GET, "/api/v1/family"),
        (Method::POST, "/api/v1/family/dependants"),
        (Method::POST, "/api/v1/family/invitations"),
        (Method::POST, "/api/v1/family/invitations/accept"),
        (Method::DELETE, "/api/v1/family/grants/x"),
        (Method::GET, "/api/v1/family/grants/x/access"),
    ];
    for (method, path) in paths {
        let res = app.call(method.clone(), path, "not-a-session", Some(json!({"confirm": "delete"}))).await;
        assert_eq!(res.status(), 401, "{method} {path}");
    }
}
