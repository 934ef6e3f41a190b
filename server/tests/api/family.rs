//! Family care over real HTTP: a dependant managed by a member, caregivers with read-only or
//! dose-logging access, revocation, never-granted access, and the caregivers' access trail.

use crate::helpers::{error_code, medication_json, TestApp, GOLD_PHONE, SILVER_PHONE};
use reqwest::{Method, Response};
use serde_json::{json, Value};

/// A request acting for `subject` (an empty subject: the caller's own).
async fn act(app: &TestApp, method: Method, path: &str, token: &str, subject: &str, body: Option<Value>) -> Response {
    let mut req = reqwest::Client::new().request(method, app.url(path)).bearer_auth(token);
    if !subject.is_empty() {
        req = req.header("X-Act-For", subject);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.unwrap()
}

async fn json_of(res: Response) -> Value {
    res.json().await.unwrap()
}

fn dose(id: &str, medication_id: &str, at: i64) -> Value {
    json!({"id": id, "medication_id": medication_id, "scheduled_at": at, "action": "taken", "at": at, "amount": 1.0})
}

/// The first scheduled dose of a schedule view at or before now.
fn past_dose(view: &Value) -> (String, i64) {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let occ = view["occurrences"].as_array().unwrap().iter().rev().find(|o| o["at"].as_i64().unwrap() <= now).unwrap();
    (occ["medication_id"].as_str().unwrap().to_string(), occ["at"].as_i64().unwrap())
}

#[tokio::test]
async fn a_member_manages_a_dependants_schedule_apart_from_their_own() {
    let app = TestApp::spawn().await;
    let son = app.login_demo(SILVER_PHONE).await;
    let res = app.call(Method::POST, "/api/v1/family/dependants", &son, Some(json!({"name": "  妈妈 "}))).await;
    assert_eq!(res.status(), 201);
    let mum = json_of(res).await["id"].as_str().unwrap().to_string();
    assert_eq!(
        app.call(Method::POST, "/api/v1/family/dependants", &son, Some(json!({"name": ""}))).await.status(),
        400
    );

    // Her schedule starts empty and is hers alone.
    let view = json_of(act(&app, Method::GET, "/api/v1/schedule", &son, &mum, None).await).await;
    assert_eq!(view["medications"], json!([]));
    let res = act(
        &app,
        Method::POST,
        "/api/v1/medications",
        &son,
        &mum,
        Some(medication_json("苯磺酸氨氯地平片", &["00:01"])),
    )
    .await;
    assert_eq!(res.status(), 201);
    let view = json_of(act(&app, Method::GET, "/api/v1/schedule", &son, &mum, None).await).await;
    assert_eq!(view["medications"].as_array().unwrap().len(), 1);
    let own = json_of(act(&app, Method::GET, "/api/v1/schedule", &son, "", None).await).await;
    assert!(!own.to_string().contains("苯磺酸氨氯地平片"), "the son's own schedule is untouched");

    // A dose logged for her lands on her schedule.
    let (med, at) = past_dose(&view);
    let res = act(&app, Method::POST, "/api/v1/doses", &son, &mum, Some(dose("mum-dose-0001", &med, at))).await;
    assert_eq!(res.status(), 201);
    let view = json_of(act(&app, Method::GET, "/api/v1/schedule", &son, &mum, None).await).await;
    assert!(view["logs"].to_string().contains("mum-dose-0001"));
    // Her health profile too, with the son's consent on her behalf.
    let profile = json!({"allergies": ["penicillin"], "age_band": "80_plus", "consent": true});
    assert_eq!(act(&app, Method::PUT, "/api/v1/me/health", &son, &mum, Some(profile)).await.status(), 200);
    let mine = json_of(act(&app, Method::GET, "/api/v1/me/health", &son, "", None).await).await;
    assert_eq!(mine["consented_at"], Value::Null, "the son's own profile stays empty");

    // Nobody else reaches her, with or without her id.
    let stranger = app.login_demo(GOLD_PHONE).await;
    for (method, path) in
        [(Method::GET, "/api/v1/schedule"), (Method::GET, "/api/v1/medications"), (Method::GET, "/api/v1/me/health")]
    {
        let res = act(&app, method.clone(), path, &stranger, &mum, None).await;
        assert_eq!(res.status(), 404, "{method} {path}");
    }
    let res = act(&app, Method::POST, "/api/v1/doses", &stranger, &mum, Some(dose("x-dose-00001", &med, at))).await;
    assert_eq!(res.status(), 404);
    let family = json_of(app.get_bearer("/api/v1/family", &son).await).await;
    assert_eq!(family["people"][0]["name"], "妈妈");
    assert_eq!(family["people"][0]["permission"], Value::Null);

    // Removing her removes what was held for her.
    assert_eq!(
        app.call(Method::DELETE, &format!("/api/v1/family/dependants/{mum}"), &stranger, None).await.status(),
        204
    );
    assert_eq!(
        act(&app, Method::GET, "/api/v1/schedule", &son, &mum, None).await.status(),
        200,
        "not the stranger's to remove"
    );
    assert_eq!(app.call(Method::DELETE, &format!("/api/v1/family/dependants/{mum}"), &son, None).await.status(), 204);
    assert_eq!(act(&app, Method::GET, "/api/v1/schedule", &son, &mum, None).await.status(), 404);
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM medications WHERE member_id = $1")
        .bind(&mum)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn a_read_only_caregiver_sees_the_schedule_cannot_change_it_and_loses_access_when_revoked() {
    let app = TestApp::spawn().await;
    let owner = app.login_demo(GOLD_PHONE).await;
    let carer = app.login_demo(SILVER_PHONE).await;
    let owner_id = json_of(app.get_bearer("/api/v1/me", &owner).await).await["id"].as_str().unwrap().to_string();

    // Never granted: nothing.
    assert_eq!(act(&app, Method::GET, "/api/v1/schedule", &carer, &owner_id, None).await.status(), 404);

    let inv = json_of(
        app.call(Method::POST, "/api/v1/family/invitations", &owner, Some(json!({"permission": "read"}))).await,
    )
    .await;
    let code = inv["code"].as_str().unwrap().to_string();
    // The owner cannot use their own code; a wrong code is refused.
    let res = app.call(Method::POST, "/api/v1/family/invitations/accept", &owner, Some(json!({"code": code}))).await;
    assert_eq!(error_code(res).await, "invalid_invitation");
    let res =
        app.call(Method::POST, "/api/v1/family/invitations/accept", &carer, Some(json!({"code": "WRONGCODE2"}))).await;
    assert_eq!(error_code(res).await, "invalid_invitation");
    // The owner's refused try did not spend it (that transaction rolled back).
    let typed = format!(" {}-{} ", code[..5].to_lowercase(), &code[5..]);
    let res = app.call(Method::POST, "/api/v1/family/invitations/accept", &carer, Some(json!({"code": typed}))).await;
    assert_eq!(res.status(), 200, "typed in lower case with a dash");
    let person = json_of(res).await;
    assert_eq!(person["id"], owner_id.as_str());
    assert_eq!(person["permission"], "read");
    let grant = person["grant_id"].as_str().unwrap().to_string();
    let res = app.call(Method::POST, "/api/v1/family/invitations/accept", &carer, Some(json!({"code": code}))).await;
    assert_eq!(error_code(res).await, "invalid_invitation", "single use");

    // The owner is pregnant (profile) and takes valsartan: she sees the warning, the caregiver
    // sees the schedule but nothing drawn from her profile.
    let profile = json!({"pregnancy": "pregnant", "consent": true});
    assert_eq!(app.call(Method::PUT, "/api/v1/me/health", &owner, Some(profile)).await.status(), 200);
    let own_view = json_of(app.get_bearer("/api/v1/schedule", &owner).await).await;
    assert!(own_view["warnings"].to_string().contains("pregnancy"));
    let view = act(&app, Method::GET, "/api/v1/schedule", &carer, &owner_id, None).await;
    assert_eq!(view.status(), 200);
    let view = json_of(view).await;
    assert!(view.to_string().contains("缬沙坦胶囊"), "the owner's schedule");
    assert_eq!(view["warnings"], json!([]), "no profile-derived warnings for a caregiver");
    let (med, at) = past_dose(&view);
    // Read-only: no dose logging, no edits, no profile.
    let res = act(&app, Method::POST, "/api/v1/doses", &carer, &owner_id, Some(dose("carer-dose-001", &med, at))).await;
    assert_eq!(res.status(), 403);
    assert_eq!(error_code(res).await, "forbidden");
    let res = act(
        &app,
        Method::POST,
        "/api/v1/medications",
        &carer,
        &owner_id,
        Some(medication_json("华法林钠片", &["08:00"])),
    )
    .await;
    assert_eq!(res.status(), 403);
    assert_eq!(
        act(
            &app,
            Method::PUT,
            &format!("/api/v1/medications/{med}"),
            &carer,
            &owner_id,
            Some(medication_json("x", &["08:00"]))
        )
        .await
        .status(),
        403
    );
    assert_eq!(
        act(&app, Method::DELETE, &format!("/api/v1/medications/{med}"), &carer, &owner_id, None).await.status(),
        403
    );
    assert_eq!(act(&app, Method::GET, "/api/v1/me/health", &carer, &owner_id, None).await.status(), 403);
    // The header reaches only schedules: points stay the caller's own.
    let points = act(&app, Method::GET, "/api/v1/points", &carer, &owner_id, None).await;
    let own_points = app.get_bearer("/api/v1/points", &carer).await;
    assert_eq!(json_of(points).await, json_of(own_points).await);

    // The owner sees the caregiver and every access; the caregiver cannot read the trail.
    let family = json_of(app.get_bearer("/api/v1/family", &owner).await).await;
    assert_eq!(family["carers"][0]["caregiver_name"], "李建国");
    assert_eq!(family["carers"][0]["permission"], "read");
    let trail = json_of(app.get_bearer(&format!("/api/v1/family/grants/{grant}/access"), &owner).await).await;
    let actions: Vec<&str> = trail.as_array().unwrap().iter().map(|a| a["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["view"], "one view recorded; refused attempts are not accesses");
    assert_eq!(app.get_bearer(&format!("/api/v1/family/grants/{grant}/access"), &carer).await.status(), 404);

    // Revoked: at once, on the next request.
    assert_eq!(app.call(Method::DELETE, &format!("/api/v1/family/grants/{grant}"), &owner, None).await.status(), 204);
    assert_eq!(act(&app, Method::GET, "/api/v1/schedule", &carer, &owner_id, None).await.status(), 404);
    let family = json_of(app.get_bearer("/api/v1/family", &carer).await).await;
    assert_eq!(family["people"], json!([]));
}

#[tokio::test]
async fn a_caregiver_with_dose_logging_records_doses_for_a_dependant_and_is_recorded_doing_it() {
    let app = TestApp::spawn().await;
    let daughter = app.login_demo(SILVER_PHONE).await;
    let neighbour = app.login_demo(GOLD_PHONE).await;
    let dad =
        json_of(app.call(Method::POST, "/api/v1/family/dependants", &daughter, Some(json!({"name": "爸爸"}))).await)
            .await;
    let dad = dad["id"].as_str().unwrap().to_string();
    act(&app, Method::POST, "/api/v1/medications", &daughter, &dad, Some(medication_json("二甲双胍片", &["00:01"])))
        .await;

    // Only the manager may invite for the dependant.
    let res = app
        .call(
            Method::POST,
            "/api/v1/family/invitations",
            &neighbour,
            Some(json!({"subject_id": dad, "permission": "log"})),
        )
        .await;
    assert_eq!(res.status(), 404);
    let inv = json_of(
        app.call(
            Method::POST,
            "/api/v1/family/invitations",
            &daughter,
            Some(json!({"subject_id": dad, "permission": "log"})),
        )
        .await,
    )
    .await;
    let person = json_of(
        app.call(Method::POST, "/api/v1/family/invitations/accept", &neighbour, Some(json!({"code": inv["code"]})))
            .await,
    )
    .await;
    assert_eq!(person["name"], "爸爸");
    let grant = person["grant_id"].as_str().unwrap().to_string();

    let view = json_of(act(&app, Method::GET, "/api/v1/schedule", &neighbour, &dad, None).await).await;
    let (med, at) = past_dose(&view);
    let res = act(&app, Method::POST, "/api/v1/doses", &neighbour, &dad, Some(dose("nb-dose-00001", &med, at))).await;
    assert_eq!(res.status(), 201);
    assert_eq!(act(&app, Method::DELETE, "/api/v1/doses/nb-dose-00001", &neighbour, &dad, None).await.status(), 204);
    // Logging does not include editing the schedule.
    let res =
        act(&app, Method::POST, "/api/v1/medications", &neighbour, &dad, Some(medication_json("x", &["08:00"]))).await;
    assert_eq!(res.status(), 403);
    // And the grant covers dad only, not the daughter who manages him.
    let daughter_id = json_of(app.get_bearer("/api/v1/me", &daughter).await).await["id"].as_str().unwrap().to_string();
    assert_eq!(act(&app, Method::GET, "/api/v1/schedule", &neighbour, &daughter_id, None).await.status(), 404);

    let trail = json_of(app.get_bearer(&format!("/api/v1/family/grants/{grant}/access"), &daughter).await).await;
    let actions: Vec<&str> = trail.as_array().unwrap().iter().map(|a| a["action"].as_str().unwrap()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "log_dose").count(), 1);
    assert_eq!(actions.iter().filter(|a| **a == "undo_dose").count(), 1);
    assert_eq!(actions.iter().filter(|a| **a == "view").count(), 1);

    // The caregiver may also step back.
    assert_eq!(
        app.call(Method::DELETE, &format!("/api/v1/family/grants/{grant}"), &neighbour, None).await.status(),
        204
    );
    assert_eq!(act(&app, Method::GET, "/api/v1/schedule", &neighbour, &dad, None).await.status(), 404);
}
