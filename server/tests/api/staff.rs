//! The staff console's API: staff accounts and roles, pharmacists' claims, the access trail.

use std::time::Duration;

use crate::helpers::{error_code, prescription_jpeg, TestApp, GOLD_PHONE};
use api::staff::Role;
use reqwest::{Client, Method};
use serde_json::{json, Value};

async fn json_of(res: reqwest::Response) -> Value {
    res.json().await.expect("JSON")
}

/// Uploads the sample prescription as the gold member and submits what was read: returns its id,
/// now in review.
async fn in_review(app: &TestApp, token: &str, key: &str) -> String {
    let rx = json_of(app.upload_rx(token, key, prescription_jpeg()).await).await;
    let id = rx["id"].as_str().unwrap().to_string();
    let mut read = Value::Null;
    for _ in 0..240 {
        read = json_of(app.get_bearer(&format!("/api/v1/prescriptions/{id}"), token).await).await;
        if read["status"] != "uploaded" && read["status"] != "recognising" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_eq!(read["status"], "recognised", "{read}");
    let submit = json!({"fields": read["fields"]});
    let res = app.call(Method::POST, &format!("/api/v1/prescriptions/{id}/submit"), token, Some(submit)).await;
    assert_eq!(res.status(), 200);
    id
}

/// A second pharmacist, added by the platform and signed in with an SMS code.
async fn another_pharmacist(app: &TestApp) -> String {
    let add = json!({"phone": "13700000777", "name": "药师 周杰", "role": "pharmacist"});
    let res = app.call(Method::POST, "/api/v1/admin/staff", server::config::DEV_ADMIN_TOKEN, Some(add.clone())).await;
    assert_eq!(res.status(), 201);
    let again = app.call(Method::POST, "/api/v1/admin/staff", server::config::DEV_ADMIN_TOKEN, Some(add)).await;
    assert_eq!(error_code(again).await, "staff_exists");
    let code = json_of(app.post_json("/api/v1/auth/code", json!({"phone": "13700000777"})).await).await;
    let login = json!({"phone": "13700000777", "code": code["dev_code"]});
    let res = Client::new().post(app.url("/api/v1/staff/auth/login")).json(&login).send().await.unwrap();
    assert_eq!(res.status(), 200);
    json_of(res).await["token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn every_staff_endpoint_refuses_members_the_machine_credential_and_other_roles() {
    let app = TestApp::spawn().await;
    let member = app.login_demo(GOLD_PHONE).await;
    let tokens = [
        (Role::Pharmacist, app.staff_token(Role::Pharmacist).await),
        (Role::MemberService, app.staff_token(Role::MemberService).await),
        (Role::ContentEditor, app.staff_token(Role::ContentEditor).await),
    ];
    let article = json!({"lang": "zh-CN", "title": "t", "summary": "s", "body_md": "b", "author": "a",
                         "credential": "c", "tags": ["用药安全"]});
    // (method, path, body, the only role allowed; None: any staff role)
    let endpoints: Vec<(Method, &str, Option<Value>, Option<Role>)> = vec![
        (Method::GET, "/api/v1/staff/prescriptions", None, Some(Role::Pharmacist)),
        (Method::POST, "/api/v1/staff/prescriptions/x/claim", None, Some(Role::Pharmacist)),
        (Method::DELETE, "/api/v1/staff/prescriptions/x/claim", None, Some(Role::Pharmacist)),
        (Method::GET, "/api/v1/staff/prescriptions/x/pages/1", None, Some(Role::Pharmacist)),
        (
            Method::POST,
            "/api/v1/staff/prescriptions/x/decision",
            Some(json!({"decision": "approve"})),
            Some(Role::Pharmacist),
        ),
        (Method::GET, "/api/v1/staff/prescriptions/x/access-log", None, Some(Role::Pharmacist)),
        (Method::GET, "/api/v1/staff/consultations", None, Some(Role::Pharmacist)),
        (Method::POST, "/api/v1/staff/consultations/x/reply", Some(json!({"reply": "hi"})), Some(Role::Pharmacist)),
        (Method::GET, "/api/v1/staff/feedback", None, Some(Role::MemberService)),
        (Method::POST, "/api/v1/staff/feedback/x/replies", Some(json!({"text": "hi"})), Some(Role::MemberService)),
        (Method::GET, "/api/v1/staff/feedback/x/photo", None, Some(Role::MemberService)),
        (Method::PUT, "/api/v1/staff/articles/x", Some(article), Some(Role::ContentEditor)),
        (Method::GET, "/api/v1/staff/articles", None, Some(Role::ContentEditor)),
        (Method::GET, "/api/v1/staff/articles/x", None, Some(Role::ContentEditor)),
        (Method::DELETE, "/api/v1/staff/articles/x", None, Some(Role::ContentEditor)),
        (Method::GET, "/api/v1/staff/surveys/nps/report", None, None),
        (Method::GET, "/api/v1/staff/reports/review-times", None, None),
        (Method::GET, "/api/v1/staff/me", None, None),
    ];
    for (method, path, body, role) in &endpoints {
        for (who, token) in
            [("member", member.as_str()), ("admin token", server::config::DEV_ADMIN_TOKEN), ("none", "")]
        {
            let res = app.call(method.clone(), path, token, body.clone()).await;
            assert_eq!(res.status(), 401, "{method} {path} as {who}");
        }
        for (r, token) in &tokens {
            let status = app.call(method.clone(), path, token, body.clone()).await.status();
            if role.is_some_and(|allowed| allowed != *r) {
                assert_eq!(status, 403, "{method} {path} as {r:?}");
            } else {
                assert!(status != 401 && status != 403, "{method} {path} as {r:?}: {status}");
            }
        }
    }
}

#[tokio::test]
async fn staff_sign_in_with_their_own_account_and_sign_out() {
    let app = TestApp::spawn().await;
    // A member's number is not a staff account, whatever the code.
    let res =
        app.post_json("/api/v1/staff/auth/login", json!({"phone": GOLD_PHONE, "code": server::seed::DEMO_CODE})).await;
    assert_eq!(error_code(res).await, "invalid_code");
    let res = app.post_json("/api/v1/staff/auth/login", json!({"phone": "13600000001", "code": "000000"})).await;
    assert_eq!(error_code(res).await, "invalid_code");
    // The console's cookie goes only to the staff endpoints.
    let res = app
        .post_json("/api/v1/staff/auth/login", json!({"phone": "13600000001", "code": server::seed::DEMO_CODE}))
        .await;
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.starts_with("staff_session=") && cookie.contains("Path=/api/v1/staff") && cookie.contains("HttpOnly")
    );
    let me = json_of(app.client.get(app.url("/api/v1/staff/me")).send().await.unwrap()).await;
    assert_eq!(me["role"], "pharmacist");
    assert_eq!(me["name"], "药师 陈敏");
    // A staff session is not a member session.
    assert_eq!(app.client.get(app.url("/api/v1/me")).send().await.unwrap().status(), 401);
    let out = app.client.post(app.url("/api/v1/staff/auth/logout")).send().await.unwrap();
    assert_eq!(out.status(), 204);
    let token = app.staff_token(Role::Pharmacist).await;
    app.call(Method::POST, "/api/v1/staff/auth/logout", &token, None).await;
    assert_eq!(app.get_bearer("/api/v1/staff/me", &token).await.status(), 401, "the token is dead after logout");
}

#[tokio::test]
async fn two_pharmacists_cannot_decide_the_same_prescription() {
    let app = TestApp::spawn_with(|c| c.auto_review_secs = 3600).await;
    let member = app.login_demo(GOLD_PHONE).await;
    let id = in_review(&app, &member, "staff-claim-0001").await;
    let chen = app.staff_token(Role::Pharmacist).await;
    let zhou = another_pharmacist(&app).await;

    // Both open it at the same moment: exactly one holds it.
    let claim = |token: String| {
        let path = format!("/api/v1/staff/prescriptions/{id}/claim");
        let app = &app;
        async move { app.call(Method::POST, &path, &token, None).await }
    };
    let (a, b) = tokio::join!(claim(chen.clone()), claim(zhou.clone()));
    let (a, b) = (a.status().as_u16(), b.status().as_u16());
    assert!(matches!((a, b), (200, 409) | (409, 200)), "{a} {b}");
    let (holder, other, holder_name) =
        if a == 200 { (&chen, &zhou, "药师 陈敏") } else { (&zhou, &chen, "药师 周杰") };

    // The other sees who holds it, and can neither open nor decide it.
    let queue = json_of(app.get_bearer("/api/v1/staff/prescriptions", other).await).await;
    assert_eq!(queue[0]["card"]["id"], id.as_str());
    assert_eq!(queue[0]["claimed_by"], holder_name);
    assert_eq!(queue[0]["mine"], false);
    let blocked = app.call(Method::POST, &format!("/api/v1/staff/prescriptions/{id}/claim"), other, None).await;
    assert_eq!(blocked.status(), 409);
    let body = json_of(blocked).await;
    assert_eq!(body["error"]["code"], "claimed");
    assert!(body["error"]["message"].as_str().unwrap().contains(holder_name));
    let approve = json!({"decision": "approve"});
    let path = format!("/api/v1/staff/prescriptions/{id}/decision");
    assert_eq!(error_code(app.call(Method::POST, &path, other, Some(approve.clone())).await).await, "claimed");
    let mine = json_of(app.get_bearer("/api/v1/staff/prescriptions", holder).await).await;
    assert_eq!(mine[0]["mine"], true);
    app.get_bearer("/api/v1/staff/prescriptions", holder).await; // the console polls again

    // The holder decides; the member sees it, the trail names the pharmacist.
    assert_eq!(app.call(Method::POST, &path, holder, Some(approve.clone())).await.status(), 204);
    assert_eq!(error_code(app.call(Method::POST, &path, other, Some(approve)).await).await, "invalid_state");
    let rx = json_of(app.get_bearer(&format!("/api/v1/prescriptions/{id}"), &member).await).await;
    assert_eq!(rx["status"], "approved");
    let holder_id: String = sqlx::query_scalar("SELECT id FROM staff WHERE name = $1")
        .bind(holder_name)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let trail = json_of(app.get_bearer(&format!("/api/v1/staff/prescriptions/{id}/access-log"), holder).await).await;
    let decided: Vec<&Value> = trail.as_array().unwrap().iter().filter(|r| r["action"] == "decide").collect();
    let listed = |who: &str| {
        trail.as_array().unwrap().iter().filter(|r| r["action"] == "review_queue" && r["actor"] == who).count()
    };
    assert_eq!(listed(&holder_id), 1, "the holder read the queue twice: one trail entry");
    assert_eq!(decided.len(), 1);
    assert_eq!(decided[0]["actor_kind"], "staff");
    assert_eq!(decided[0]["actor"], holder_id.as_str());
    assert!(json_of(app.get_bearer("/api/v1/staff/prescriptions", holder).await).await.as_array().unwrap().is_empty());

    // The decision counts in today's review times.
    let days = json_of(app.get_bearer("/api/v1/staff/reports/review-times?days=1", holder).await).await;
    assert_eq!(days.as_array().unwrap().iter().map(|d| d["decided"].as_u64().unwrap()).sum::<u64>(), 1);
}

#[tokio::test]
async fn a_released_claim_frees_the_prescription_for_another_pharmacist() {
    let app = TestApp::spawn_with(|c| c.auto_review_secs = 3600).await;
    let member = app.login_demo(GOLD_PHONE).await;
    let id = in_review(&app, &member, "staff-release-01").await;
    let chen = app.staff_token(Role::Pharmacist).await;
    let zhou = another_pharmacist(&app).await;
    let claim = format!("/api/v1/staff/prescriptions/{id}/claim");
    let opened = json_of(app.call(Method::POST, &claim, &chen, None).await).await;
    assert_eq!(opened["prescription"]["status"], "in_review");
    assert!(!opened["prescription"]["fields"]["drugs"].as_array().unwrap().is_empty(), "the recognised fields");
    assert_eq!(app.get_bearer(&format!("/api/v1/staff/prescriptions/{id}/pages/1"), &chen).await.status(), 200);
    assert_eq!(app.call(Method::POST, &claim, &zhou, None).await.status(), 409);
    assert_eq!(app.call(Method::DELETE, &claim, &chen, None).await.status(), 204);
    assert_eq!(app.call(Method::POST, &claim, &zhou, None).await.status(), 200);
    let reject = json!({"decision": "reject", "code": "unreadable", "note": "请重新拍摄"});
    let res = app.call(Method::POST, &format!("/api/v1/staff/prescriptions/{id}/decision"), &zhou, Some(reject)).await;
    assert_eq!(res.status(), 204);
    let rx = json_of(app.get_bearer(&format!("/api/v1/prescriptions/{id}"), &member).await).await;
    assert_eq!(rx["rejection"]["code"], "unreadable");
}

#[tokio::test]
async fn dev_modes_automatic_review_waits_while_a_pharmacist_is_on_duty() {
    let app = TestApp::spawn_with(|c| c.auto_review_secs = 1).await;
    let member = app.login_demo(GOLD_PHONE).await;
    let pharmacist = app.staff_token(Role::Pharmacist).await;
    assert_eq!(app.get_bearer("/api/v1/staff/prescriptions", &pharmacist).await.status(), 200);
    let id = in_review(&app, &member, "staff-on-duty-01").await;
    for _ in 0..8 {
        app.get_bearer("/api/v1/staff/prescriptions", &pharmacist).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let rx = json_of(app.get_bearer(&format!("/api/v1/prescriptions/{id}"), &member).await).await;
    assert_eq!(rx["status"], "in_review", "left for the pharmacist on duty");
    // Signed out: the automatic pharmacist takes over again.
    app.call(Method::POST, "/api/v1/staff/auth/logout", &pharmacist, None).await;
    let mut status = Value::Null;
    for _ in 0..40 {
        status = json_of(app.get_bearer(&format!("/api/v1/prescriptions/{id}"), &member).await).await["status"].clone();
        if status != "in_review" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_ne!(status, "in_review");
}

#[tokio::test]
async fn an_editor_corrects_takes_offline_and_republishes_an_article() {
    let app = TestApp::spawn().await;
    let member = app.login_demo(GOLD_PHONE).await;
    let editor = app.staff_token(Role::ContentEditor).await;
    let slug = "home-blood-pressure";
    let versions = json_of(app.get_bearer("/api/v1/staff/articles", &editor).await).await;
    assert!(versions.as_array().unwrap().iter().any(|v| v["slug"] == slug && v["live"] == true));
    let path = format!("/api/v1/staff/articles/{slug}?lang=zh-CN");
    let mut source = json_of(app.get_bearer(&path, &editor).await).await;
    assert!(source["body_md"].as_str().unwrap().len() > 100, "the Markdown as written");

    assert_eq!(app.call(Method::DELETE, &path, &editor, None).await.status(), 204);
    let gone = app.get_bearer(&format!("/api/v1/articles/{slug}"), &member).await;
    assert_eq!(gone.status(), 404, "members can no longer open it");
    let list = json_of(app.get_bearer("/api/v1/articles", &member).await).await;
    assert!(!list.to_string().contains(slug), "nor find it in the list");
    let versions = json_of(app.get_bearer("/api/v1/staff/articles", &editor).await).await;
    assert!(versions.as_array().unwrap().iter().any(|v| v["slug"] == slug && v["live"] == false));

    source["title"] = json!("在家量血压：五个要点");
    let put = app.call(Method::PUT, &format!("/api/v1/staff/articles/{slug}"), &editor, Some(source)).await;
    assert_eq!(put.status(), 204);
    let back = json_of(app.get_bearer(&format!("/api/v1/articles/{slug}"), &member).await).await;
    assert_eq!(back["title"], "在家量血压：五个要点", "published again, corrected");
    let missing = app.call(Method::DELETE, "/api/v1/staff/articles/no-such-article", &editor, None).await;
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn member_service_sees_the_photo_a_member_attached_and_the_trail_says_so() {
    let app = TestApp::spawn().await;
    let member = app.login_demo(GOLD_PHONE).await;
    let sent = app.feedback_with_photo(&member, "staff-photo-0001").await;
    assert_eq!(sent.status(), 201);
    let id = json_of(sent).await["id"].as_str().unwrap().to_string();
    let service = app.staff_token(Role::MemberService).await;
    let path = format!("/api/v1/staff/feedback/{id}/photo");
    let photo = app.get_bearer(&path, &service).await;
    assert_eq!(photo.status(), 200);
    assert_eq!(photo.headers()["content-type"], "image/jpeg");
    assert!(photo.bytes().await.unwrap().starts_with(&[0xFF, 0xD8]), "a JPEG");
    assert_eq!(app.get_bearer(&path, &app.staff_token(Role::Pharmacist).await).await.status(), 403);
    let trail = server::staff::trail(&app.state.db, &id).await.unwrap();
    assert!(trail.contains(&("staff-service".to_string(), "feedback_photo".to_string())), "{trail:?}");
}
