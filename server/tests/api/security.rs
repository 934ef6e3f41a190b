//! Brute-force limits, session rotation and revocation, CORS and admin credentials, against
//! the real server over HTTP.

use crate::helpers::{error_code, TestApp, GOLD_PHONE, SILVER_PHONE};
use reqwest::{Client, Method, Response, StatusCode};
use serde_json::{json, Value};

fn retry_after(res: &Response) -> i64 {
    res.headers()["retry-after"].to_str().unwrap().parse().expect("Retry-After in seconds")
}

async fn ask_code(app: &TestApp, phone: &str, forwarded_for: Option<&str>) -> Response {
    let req = Client::new().post(app.url("/api/v1/auth/code")).json(&json!({"phone": phone}));
    let req = match forwarded_for {
        Some(ip) => req.header("x-forwarded-for", ip),
        None => req,
    };
    req.send().await.unwrap()
}

async fn try_login(app: &TestApp, phone: &str, code: &str) -> Response {
    Client::new().post(app.url("/api/v1/auth/login")).json(&json!({"phone": phone, "code": code})).send().await.unwrap()
}

#[tokio::test]
async fn one_number_gets_at_most_five_codes_an_hour() {
    let app = TestApp::spawn().await;
    let phone = "13900000001";
    app.register(phone, "测试").await;
    assert_eq!(ask_code(&app, phone, None).await.status(), 200);
    // Within the resend interval: refused, with how long to wait.
    let res = ask_code(&app, phone, None).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(retry_after(&res), 60);
    assert_eq!(error_code(res).await, "resend_too_soon");
    for _ in 0..3 {
        ask_code(&app, phone, None).await;
    }
    let res = ask_code(&app, phone, None).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait = retry_after(&res);
    assert!((3000..=3600).contains(&wait), "locked out for the rest of the hour: {wait}");
    assert_eq!(error_code(res).await, "rate_limited");
    // Another number is not affected.
    assert_eq!(ask_code(&app, "13900000002", None).await.status(), 200);
}

#[tokio::test]
async fn one_address_cannot_walk_through_numbers_even_claiming_another_address() {
    let app = TestApp::spawn().await;
    for i in 0..30 {
        // A forged X-Forwarded-For is ignored unless the server is told to trust a proxy.
        let res = ask_code(&app, &format!("1390000{i:04}"), Some(&format!("10.0.0.{i}"))).await;
        assert_eq!(res.status(), 200, "code {i}");
    }
    let res = ask_code(&app, "13900009999", Some("10.9.9.9")).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&res) > 0);
    assert_eq!(error_code(res).await, "rate_limited");
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_last_forwarded_hop_is_the_client() {
    let app = TestApp::spawn_with(|c| c.trust_proxy = true).await;
    for i in 0..30 {
        assert_eq!(ask_code(&app, &format!("1390000{i:04}"), Some("203.0.113.7")).await.status(), 200);
    }
    assert_eq!(ask_code(&app, "13900009998", Some("203.0.113.7")).await.status(), StatusCode::TOO_MANY_REQUESTS);
    // The client's own claim comes first and is not trusted; the proxy's hop is last.
    assert_eq!(ask_code(&app, "13900009997", Some("203.0.113.7, 198.51.100.2")).await.status(), 200);
}

#[tokio::test]
async fn wrong_guesses_lock_the_number_out_and_a_success_resets_the_count() {
    let app = TestApp::spawn().await;
    let phone = "13900000003";
    app.register(phone, "测试").await;
    // Log in once after a few typos: the typos are forgiven.
    let res = ask_code(&app, phone, None).await;
    let code = res.json::<Value>().await.unwrap()["dev_code"].as_str().unwrap().to_string();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..3 {
        assert_eq!(error_code(try_login(&app, phone, wrong).await).await, "invalid_code");
    }
    assert_eq!(try_login(&app, phone, &code).await.status(), 200);
    // Now guess: 5 wrong tries burn a code, and 10 tries lock the number for 15 minutes,
    // even with a correct code.
    for i in 0..10 {
        let res = try_login(&app, phone, wrong).await;
        assert!(matches!(error_code(res).await.as_str(), "invalid_code" | "too_many_attempts"), "try {i}");
    }
    let res = try_login(&app, phone, &code).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait = retry_after(&res);
    assert!((800..=900).contains(&wait), "{wait}");
    assert_eq!(error_code(res).await, "rate_limited");
}

#[tokio::test]
async fn one_address_gets_fifty_login_tries_across_numbers() {
    let app = TestApp::spawn().await;
    for i in 0..50 {
        let res = try_login(&app, &format!("1370000{i:04}"), "123456").await;
        assert_eq!(error_code(res).await, "invalid_code", "try {i}");
    }
    let res = try_login(&app, "13700009999", "123456").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error_code(res).await, "rate_limited");
}

#[tokio::test]
async fn logging_in_again_revokes_the_session_the_request_carried() {
    let app = TestApp::spawn().await;
    let old = app.login_demo(GOLD_PHONE).await;
    let res = Client::new()
        .post(app.url("/api/v1/auth/login"))
        .bearer_auth(&old)
        .json(&json!({"phone": GOLD_PHONE, "code": server::seed::DEMO_CODE}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let new = res.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string();
    assert_ne!(new, old);
    assert_eq!(app.get_bearer("/api/v1/me", &old).await.status(), 401, "the old session is gone");
    assert_eq!(app.get_bearer("/api/v1/me", &new).await.status(), 200);
}

#[tokio::test]
async fn log_out_everywhere_ends_every_session_of_that_member_only() {
    let app = TestApp::spawn().await;
    let phone_a = app.login_demo(GOLD_PHONE).await;
    let tablet_a = app.login_demo(GOLD_PHONE).await;
    let other = app.login_demo(SILVER_PHONE).await;
    let res = app.call(Method::POST, "/api/v1/auth/logout-all", &tablet_a, None).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    assert_eq!(res.json::<Value>().await.unwrap()["revoked"], 2);
    for token in [&phone_a, &tablet_a] {
        assert_eq!(error_code(app.get_bearer("/api/v1/me", token).await).await, "unauthorized");
    }
    assert_eq!(app.get_bearer("/api/v1/me", &other).await.status(), 200);
}

#[tokio::test]
async fn no_cross_origin_reads_are_allowed() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(GOLD_PHONE).await;
    let res = Client::new()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none(), "no CORS grant");
    let preflight = Client::new()
        .request(Method::OPTIONS, app.url("/api/v1/me"))
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "authorization")
        .send()
        .await
        .unwrap();
    assert!(preflight.headers().get("access-control-allow-origin").is_none());
    assert!(preflight.headers().get("access-control-allow-headers").is_none());
    assert!(!preflight.status().is_success(), "preflight refused: {}", preflight.status());
}

#[tokio::test]
async fn admin_endpoints_refuse_member_sessions_and_missing_or_wrong_tokens() {
    let app = TestApp::spawn().await;
    let member = app.login_demo(GOLD_PHONE).await;
    let endpoints: [(Method, &str, Option<Value>); 4] = [
        (Method::POST, "/api/v1/admin/handoff-codes", Some(json!({"phone": GOLD_PHONE}))),
        (
            Method::POST,
            "/api/v1/admin/orders",
            Some(json!({"order_id": "X1", "member_id": "demo-gold", "amount_fen": 100})),
        ),
        (Method::POST, "/api/v1/admin/members", Some(json!({"phone": "13900000111", "name": "x"}))),
        (Method::POST, "/api/v1/admin/staff", Some(json!({"phone": "13900000112", "name": "x", "role": "pharmacist"}))),
    ];
    for (method, path, body) in endpoints {
        for token in [member.as_str(), "wrong-admin-token", ""] {
            let res = app.call(method.clone(), path, token, body.clone()).await;
            assert_eq!(res.status(), 401, "{method} {path} with {token:?}");
        }
    }
    // Production without a configured token: admin is closed altogether.
    let prod = TestApp::spawn_with(|c| {
        c.mode = server::Mode::Production;
        c.admin_token = None;
    })
    .await;
    let order = json!({"order_id": "X1", "member_id": "demo-gold", "amount_fen": 100});
    let res = prod.call(Method::POST, "/api/v1/admin/orders", server::config::DEV_ADMIN_TOKEN, Some(order)).await;
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn lookup_tables_hold_no_phone_number_address_or_plain_hash_of_one() {
    let app = TestApp::spawn_with(|c| c.trust_proxy = true).await;
    let phones = ["13900000021", "13900000022", GOLD_PHONE];
    app.register(phones[0], "测试").await;
    for (i, phone) in phones.iter().enumerate() {
        ask_code(&app, phone, Some(&format!("198.51.100.{i}"))).await;
        try_login(&app, phone, "000000").await;
    }
    let mut stored: Vec<String> =
        sqlx::query_scalar("SELECT bucket FROM rate_limits").fetch_all(&app.state.db).await.unwrap();
    stored.extend(
        sqlx::query_scalar::<_, String>("SELECT bucket FROM rate_limit_hits").fetch_all(&app.state.db).await.unwrap(),
    );
    let codes: Vec<(String, String)> =
        sqlx::query_as("SELECT phone_key, code_hash FROM login_codes").fetch_all(&app.state.db).await.unwrap();
    assert!(!codes.is_empty() && stored.len() >= 4, "the requests were counted: {stored:?}");
    stored.extend(codes.into_iter().flat_map(|(k, c)| [k, c]));
    let sha = |s: String| server::store::keyed_hash::sha256_hex(&s);
    for phone in phones {
        // Every plain SHA-256 an attacker with the table could try (the earlier bucket scheme too).
        let mut guesses = vec![phone.to_string(), sha(phone.to_string())];
        for name in ["code:phone", "login:phone"] {
            guesses.push(sha(format!("{name}:{phone}")));
        }
        for value in &stored {
            for g in &guesses {
                assert!(!value.contains(&g[..g.len().min(32)]), "{value} holds {g}");
            }
        }
    }
    for value in &stored {
        assert!(!value.contains("198.51.100"), "an address in {value}");
    }
    // A caregiver code is 10 characters (~50 bits): its stored hash is keyed too.
    let token = app.login_demo(GOLD_PHONE).await;
    let res = app.call(Method::POST, "/api/v1/family/invitations", &token, Some(json!({"permission": "read"}))).await;
    assert_eq!(res.status(), 201);
    let code = res.json::<Value>().await.unwrap()["code"].as_str().unwrap().to_string();
    let stored: String =
        sqlx::query_scalar("SELECT code_hash FROM care_invitations").fetch_one(&app.state.db).await.unwrap();
    assert_ne!(stored, sha(code.clone()));
    assert_ne!(stored, sha(code.to_lowercase()));
}

#[tokio::test]
async fn limits_come_from_configuration() {
    let app = TestApp::spawn_with(|c| {
        c.rate_limits = server::auth::rate_limit::parse_limits("code:ip=3/600").unwrap();
    })
    .await;
    for i in 0..3 {
        assert_eq!(ask_code(&app, &format!("1390000{i:04}"), None).await.status(), 200);
    }
    let res = ask_code(&app, "13900000099", None).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait = retry_after(&res);
    assert!((590..=600).contains(&wait), "until the first of the three is 600 s old: {wait}");
}
