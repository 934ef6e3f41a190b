//! Feedback over real HTTP: sent once with an optional photo, the promised reply time,
//! replies from the service team, and bad input refused with nothing stored.

use crate::helpers::{error_code, rx_image, TestApp, GOLD_PHONE, SILVER_PHONE};
use reqwest::multipart::{Form, Part};
use reqwest::Response;
use serde_json::{json, Value};

fn form(category: &str, major: bool, text: &str, photo: Option<Vec<u8>>) -> Form {
    let mut f = Form::new()
        .text("category", category.to_string())
        .text("major", major.to_string())
        .text("text", text.to_string());
    if let Some(bytes) = photo {
        f = f.part("photo", Part::bytes(bytes).file_name("photo.png"));
    }
    f
}

async fn send(app: &TestApp, token: &str, key: &str, form: Form) -> Response {
    app.client
        .post(app.url("/api/v1/feedback"))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM feedback").fetch_one(&app.state.db).await.unwrap()
}

#[tokio::test]
async fn a_complaint_with_a_photo_is_stored_once_and_promised_a_reply_in_a_day() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(SILVER_PHONE).await;
    let photo = rx_image::png(&rx_image::render(&["配送的药盒破损"]));
    let text = "收到的药盒破损了 <script>alert(1)</script>";
    let res = send(&app, &token, "feedback-1", form("complaint", false, text, Some(photo.clone()))).await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["text"], text, "kept exactly as typed; the page shows it as text");
    assert_eq!(created["status"], "open");
    assert_eq!(created["has_photo"], true);
    assert_eq!(created["reply_due"].as_i64().unwrap() - created["created_at"].as_i64().unwrap(), 24 * 3600);

    // The network dropped the answer; the retry gets the same feedback, not a second one.
    let retry = send(&app, &token, "feedback-1", form("complaint", false, text, Some(photo))).await;
    assert_eq!(retry.status(), 200);
    assert_eq!(retry.json::<Value>().await.unwrap()["id"], created["id"]);
    assert_eq!(count(&app).await, 1);

    let id = created["id"].as_str().unwrap();
    let img = app.get_bearer(&format!("/api/v1/feedback/{id}/photo"), &token).await;
    assert_eq!(img.status(), 200);
    assert_eq!(img.headers()["content-type"], "image/jpeg");
    let other = app.login_demo(GOLD_PHONE).await;
    assert_eq!(app.get_bearer(&format!("/api/v1/feedback/{id}/photo"), &other).await.status(), 404);
    assert_eq!(app.get_bearer("/api/v1/feedback", &other).await.json::<Value>().await.unwrap(), json!([]));

    // A suggestion waits up to 72 hours, unless the member marks it as affecting their health.
    let s: Value = send(&app, &token, "feedback-2", form("suggestion", false, "希望可以夜间配送", None))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(s["reply_due"].as_i64().unwrap() - s["created_at"].as_i64().unwrap(), 72 * 3600);
    let m: Value =
        send(&app, &token, "feedback-3", form("product", true, "药品说明书缺页", None)).await.json().await.unwrap();
    assert_eq!(m["reply_due"].as_i64().unwrap() - m["created_at"].as_i64().unwrap(), 24 * 3600);
    let mine: Value = app.get_bearer("/api/v1/feedback", &token).await.json().await.unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn the_service_team_replies_and_the_member_sees_it() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(SILVER_PHONE).await;
    let sent: Value =
        send(&app, &token, "feedback-r", form("service", false, "电话客服一直占线", None)).await.json().await.unwrap();
    let id = sent["id"].as_str().unwrap();
    let service = app.staff_token(api::staff::Role::MemberService).await;
    let pharmacist = app.staff_token(api::staff::Role::Pharmacist).await;
    assert_eq!(app.get_bearer("/api/v1/staff/feedback", &pharmacist).await.status(), 403, "not a pharmacist's work");
    let queue: Value = app.get_bearer("/api/v1/staff/feedback", &service).await.json().await.unwrap();
    assert!(queue.as_array().unwrap().iter().any(|f| f["id"] == id));
    let reply = |body: Value, auth: &str| {
        app.client
            .post(app.url(&format!("/api/v1/staff/feedback/{id}/replies")))
            .bearer_auth(auth.to_string())
            .json(&body)
            .send()
    };
    assert_eq!(reply(json!({"text": "x"}), &token).await.unwrap().status(), 401);
    assert_eq!(reply(json!({"text": "x"}), &pharmacist).await.unwrap().status(), 403);
    assert_eq!(reply(json!({"text": " "}), &service).await.unwrap().status(), 400);
    let res =
        reply(json!({"text": "已增加晚间客服人手，给您带来不便深表歉意。", "resolve": true}), &service).await.unwrap();
    assert_eq!(res.status(), 204);
    let mine: Value = app.get_bearer("/api/v1/feedback", &token).await.json().await.unwrap();
    let f = &mine[0];
    assert_eq!(f["status"], "resolved");
    assert_eq!(f["replies"][0]["author"], "客服 小王", "signed by the staff member who answered");
    let trail = server::staff::trail(&app.state.db, id).await.unwrap();
    assert!(trail.contains(&("staff-service".to_string(), "feedback_resolve".to_string())), "{trail:?}");
    let queue: Value = app.get_bearer("/api/v1/staff/feedback", &service).await.json().await.unwrap();
    assert!(!queue.as_array().unwrap().iter().any(|f| f["id"] == id), "resolved leaves the queue");
}

#[tokio::test]
async fn bad_feedback_is_refused_with_a_clear_code_and_nothing_stored() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(SILVER_PHONE).await;
    let cases: Vec<(Form, u16, &str)> = vec![
        (form("complaint", false, " 差 ", None), 400, "invalid_feedback"),
        (form("praise", false, "一切都很好，谢谢", None), 400, "invalid_feedback"),
        (form("product", false, &"长".repeat(2001), None), 400, "invalid_feedback"),
        (form("product", false, "附件不是图片", Some(b"%PDF-1.4 not a photo".to_vec())), 415, "unsupported_file_type"),
        (form("product", false, "附件是坏的图片", Some(b"\x89PNG\r\n\x1a\nbroken".to_vec())), 400, "corrupt_image"),
        (form("product", false, "附件太大了", Some(vec![0xFF; 10 * 1024 * 1024 + 1])), 413, "payload_too_large"),
    ];
    for (i, (f, status, code)) in cases.into_iter().enumerate() {
        let res = send(&app, &token, &format!("bad-feedback-{i}"), f).await;
        assert_eq!(res.status(), status, "case {i}");
        assert_eq!(error_code(res).await, code, "case {i}");
    }
    let no_key = app
        .client
        .post(app.url("/api/v1/feedback"))
        .bearer_auth(&token)
        .multipart(form("product", false, "没有幂等键", None))
        .send()
        .await
        .unwrap();
    assert_eq!(no_key.status(), 400);
    assert_eq!(error_code(no_key).await, "idempotency_key_missing");
    assert_eq!(count(&app).await, 0);
    let stored = std::fs::read_dir(app.state.config.uploads_dir()).map(|d| d.count()).unwrap_or(0);
    assert_eq!(stored, 0, "no orphaned photo files");
}
