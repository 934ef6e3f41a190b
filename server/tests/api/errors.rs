//! Bad input gets the documented JSON error and the right status.

use crate::helpers::{error_code, TestApp};
use serde_json::Value;

#[tokio::test]
async fn malformed_json_is_a_400_with_the_error_body() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(r#"{"phone": "138"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(error_code(res).await, "invalid_json");
}

#[tokio::test]
async fn a_missing_field_is_invalid_json_too() {
    let app = TestApp::spawn().await;
    let res = app.post_json("/api/v1/auth/login", serde_json::json!({"phone": "13800000001"})).await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_code(res).await, "invalid_json");
}

#[tokio::test]
async fn non_json_content_type_is_a_415() {
    let app = TestApp::spawn().await;
    let res = app.client.post(app.url("/api/v1/auth/code")).body("phone=13800000001").send().await.unwrap();
    assert_eq!(res.status(), 415);
    assert_eq!(error_code(res).await, "unsupported_media_type");
}

#[tokio::test]
async fn an_oversize_body_is_a_413() {
    let app = TestApp::spawn().await;
    let big = format!(r#"{{"phone": "{}"}}"#, "1".repeat(server::JSON_BODY_LIMIT + 1));
    let res = app
        .client
        .post(app.url("/api/v1/auth/code"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    assert_eq!(error_code(res).await, "payload_too_large");
}

#[tokio::test]
async fn unknown_api_routes_and_methods_answer_in_json() {
    let app = TestApp::spawn().await;
    let res = reqwest::get(app.url("/api/v1/nope")).await.unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(error_code(res).await, "not_found");
    let res = reqwest::get(app.url("/api/v1/auth/login")).await.unwrap();
    assert_eq!(res.status(), 405);
    assert_eq!(error_code(res).await, "method_not_allowed");
}

#[tokio::test]
async fn health_and_openapi_are_served() {
    let app = TestApp::spawn().await;
    let res = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ok");
    let doc: Value = reqwest::get(app.url("/api/openapi.json")).await.unwrap().json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in ["/api/v1/auth/login", "/api/v1/me", "/api/v1/home"] {
        assert!(doc["paths"][path].is_object(), "{path} documented");
    }
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    // A path parameter is one the path names (a query struct once came out as path parameters).
    for (path, item) in doc["paths"].as_object().unwrap() {
        for op in item.as_object().unwrap().values() {
            for p in op["parameters"].as_array().into_iter().flatten() {
                let name = p["name"].as_str().unwrap();
                assert!(
                    p["in"] != "path" || path.contains(&format!("{{{name}}}")),
                    "{path}: {name} is no path parameter"
                );
            }
        }
    }
    // Every reference resolves (an OpenAPI client generator stops at the first that does not).
    let text = doc.to_string();
    for reference in text.split("\"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap();
        assert!(doc["components"]["schemas"][name].is_object(), "schema {name} is referenced but not defined");
    }
}

#[tokio::test]
async fn a_path_segment_of_the_wrong_type_gets_the_json_error_body() {
    let app = TestApp::spawn().await;
    let token = app.login_demo("13800000001").await;
    let res = app.get_bearer("/api/v1/prescriptions/rx1/pages/first", &token).await;
    assert_eq!(res.status(), 400);
    assert_eq!(error_code(res).await, "bad_request", "not a plain-text body");
}

#[tokio::test]
async fn readiness_and_health_follow_the_database() {
    let app = TestApp::spawn().await;
    let ready = reqwest::get(app.url("/readyz")).await.unwrap();
    assert_eq!(ready.status(), 200);
    let id = ready.headers().get("x-request-id").expect("every answer names its request id (as the logs do)");
    assert_eq!(id.len(), 36, "a UUID");
    assert_eq!(ready.text().await.unwrap(), "ready");
    // The database goes away: the balancer must stop sending members here.
    app.state.db.close().await;
    for path in ["/healthz", "/readyz"] {
        let res = reqwest::get(app.url(path)).await.unwrap();
        assert_eq!(res.status(), 503, "{path}");
        assert_eq!(res.text().await.unwrap(), "database unavailable");
    }
}

#[tokio::test]
async fn an_empty_cursor_is_the_first_page_as_documented() {
    let app = TestApp::spawn().await;
    let token = app.login_demo("13800000001").await;
    for path in ["/api/v1/points/ledger", "/api/v1/articles"] {
        let first: Value = app.get_bearer(path, &token).await.json().await.unwrap();
        let res = app.get_bearer(&format!("{path}?cursor="), &token).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.json::<Value>().await.unwrap(), first, "{path}");
    }
}
