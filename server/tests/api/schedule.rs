//! Schedules, the dose log and the calendar feed, against the real server.

use crate::helpers::{error_code, TestApp, GOLD_PHONE};
use reqwest::Method;
use serde_json::{json, Value};

fn medication(name: &str, times: &[&str]) -> Value {
    json!({
        "name": name, "strength": "10 mg", "form": "片", "dose_amount": 1, "dose_unit": "片",
        "timing": {"kind": "times", "times": times}, "start_date": "2020-01-01", "end_date": null,
        "storage_note": null, "food_note": "饭后", "supply_on_hand": 14, "renewal_date": null, "prescription_id": null
    })
}

async fn schedule(app: &TestApp, token: &str) -> Value {
    app.get_bearer("/api/v1/schedule", token).await.json().await.unwrap()
}

/// The first occurrence of `med` that has not happened yet.
fn upcoming(view: &Value, med: &str) -> i64 {
    let now = view["generated_at"].as_i64().unwrap();
    view["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["medication_id"] == med && o["at"].as_i64().unwrap() > now)
        .unwrap()["at"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn the_demo_schedule_has_a_fortnight_of_doses_history_and_reminders() {
    let app = TestApp::spawn().await;
    let token = app.login_demo("13800000002").await;
    let view = schedule(&app, &token).await;
    assert_eq!(view["time_zone"], "Asia/Shanghai");
    let occ = view["occurrences"].as_array().unwrap();
    // Metformin twice a day and atorvastatin once, for 6 days back, today and 7 ahead.
    assert_eq!(occ.len(), 14 * 3);
    assert!(occ.windows(2).all(|w| w[0]["at"].as_i64() <= w[1]["at"].as_i64()), "ascending");
    assert!(!view["logs"].as_array().unwrap().is_empty(), "a week of seeded history");
    let kinds: Vec<&str> = view["reminders"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"refill"), "10 tablets at 2 a day: refill due within 7 days");
    assert!(kinds.contains(&"renewal"), "statin renewal in 2 days");
    let week = &view["adherence"]["last_7"];
    assert!(week["due"].as_u64().unwrap() >= 15 && week["taken"].as_u64().unwrap() < week["due"].as_u64().unwrap());
    assert!(view["anomalies"].as_array().unwrap().iter().any(|a| a["kind"]["kind"] == "missed"));
}

#[tokio::test]
async fn medications_can_be_added_changed_and_removed() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(GOLD_PHONE).await;
    let res = app
        .call(Method::POST, "/api/v1/medications", &token, Some(medication("  阿司匹林肠溶片 ", &["20:00", "08:00"])))
        .await;
    assert_eq!(res.status(), 201);
    let med: Value = res.json().await.unwrap();
    let id = med["id"].as_str().unwrap().to_string();
    assert_eq!(med["name"], "阿司匹林肠溶片", "trimmed");
    assert_eq!(med["timing"]["times"], json!(["08:00", "20:00"]), "sorted");
    assert_eq!(med["supply"]["days_left"], 7);

    let mut changed = medication("阿司匹林肠溶片", &["08:00"]);
    changed["supply_on_hand"] = json!(14);
    let res = app.call(Method::PUT, &format!("/api/v1/medications/{id}"), &token, Some(changed)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["supply"]["days_left"], 14, "once a day now");

    let res = app.call(Method::DELETE, &format!("/api/v1/medications/{id}"), &token, None).await;
    assert_eq!(res.status(), 204);
    assert_eq!(app.get_bearer(&format!("/api/v1/medications/{id}"), &token).await.status(), 404);
    let view = schedule(&app, &token).await;
    assert!(view["occurrences"].as_array().unwrap().iter().all(|o| o["medication_id"] != id.as_str()));
}

#[tokio::test]
async fn a_bad_medication_is_refused_with_the_field_named() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(GOLD_PHONE).await;
    let res = app.call(Method::POST, "/api/v1/medications", &token, Some(medication("X", &["8 点"]))).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_medication");
    assert!(body["error"]["message"].as_str().unwrap().starts_with("timing"));
    let res = app.call(Method::POST, "/api/v1/medications", &token, Some(json!({"name": "X"}))).await;
    assert_eq!(error_code(res).await, "invalid_json");
}

#[tokio::test]
async fn a_replayed_dose_log_is_stored_once_and_undo_is_idempotent() {
    let app = TestApp::spawn().await;
    let token = app.login_demo("13800000001").await;
    let view = schedule(&app, &token).await;
    let at = upcoming(&view, "demo-bronze-med-0");
    let log =
        json!({"id": "device-log-0001", "medication_id": "demo-bronze-med-0", "scheduled_at": at, "action": "taken"});
    let first = app.call(Method::POST, "/api/v1/doses", &token, Some(log.clone())).await;
    assert_eq!(first.status(), 201);
    // The outbox replays it after a lost response: same answer, nothing new stored.
    let again = app.call(Method::POST, "/api/v1/doses", &token, Some(log.clone())).await;
    assert_eq!(again.status(), 200);
    let logs_for = |v: &Value| v["logs"].as_array().unwrap().iter().filter(|l| l["scheduled_at"] == at).count();
    assert_eq!(logs_for(&schedule(&app, &token).await), 1);
    // Supply went down by one tablet.
    let meds: Value = app.get_bearer("/api/v1/medications", &token).await.json().await.unwrap();
    assert_eq!(meds[0]["supply"]["remaining"], 23.0);

    for _ in 0..2 {
        let res = app.call(Method::DELETE, "/api/v1/doses/device-log-0001", &token, None).await;
        assert_eq!(res.status(), 204);
    }
    assert_eq!(logs_for(&schedule(&app, &token).await), 0);
    // A late replay of the undone log does not bring it back.
    app.call(Method::POST, "/api/v1/doses", &token, Some(log)).await;
    assert_eq!(logs_for(&schedule(&app, &token).await), 0);
}

#[tokio::test]
async fn disagreeing_logs_of_one_dose_conflict_and_two_takes_are_flagged() {
    let app = TestApp::spawn().await;
    let token = app.login_demo("13800000001").await;
    let view = schedule(&app, &token).await;
    let at = upcoming(&view, "demo-bronze-med-0");
    let log = |id: &str, action: &str| json!({"id": id, "medication_id": "demo-bronze-med-0", "scheduled_at": at, "action": action});
    assert_eq!(app.call(Method::POST, "/api/v1/doses", &token, Some(log("phone-aaaa-1", "taken"))).await.status(), 201);
    let res = app.call(Method::POST, "/api/v1/doses", &token, Some(log("tablet-bbb-1", "skipped"))).await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_code(res).await, "dose_conflict");
    assert_eq!(app.call(Method::POST, "/api/v1/doses", &token, Some(log("tablet-bbb-2", "taken"))).await.status(), 201);
    // The same id with a different meaning is refused.
    let res = app.call(Method::POST, "/api/v1/doses", &token, Some(log("phone-aaaa-1", "skipped"))).await;
    assert_eq!(error_code(res).await, "idempotency_key_reused");
}

#[tokio::test]
async fn dose_logs_are_checked_and_scoped_to_the_member() {
    let app = TestApp::spawn().await;
    let token = app.login_demo("13800000001").await;
    let other = app.login_demo(GOLD_PHONE).await;
    let view = schedule(&app, &token).await;
    let at = upcoming(&view, "demo-bronze-med-0");
    let post = |body: Value, t: String| {
        let app = &app;
        async move { app.call(Method::POST, "/api/v1/doses", &t, Some(body)).await }
    };
    let res = post(
        json!({"id": "x1234567", "medication_id": "demo-bronze-med-0", "scheduled_at": at + 60, "action": "taken"}),
        token.clone(),
    )
    .await;
    assert_eq!(error_code(res).await, "not_scheduled");
    let res = post(
        json!({"id": "x1234568", "medication_id": "demo-bronze-med-0", "action": "taken", "at": 4_000_000_000i64}),
        token.clone(),
    )
    .await;
    assert_eq!(error_code(res).await, "invalid_dose");
    let res =
        post(json!({"id": "bad id!", "medication_id": "demo-bronze-med-0", "action": "taken"}), token.clone()).await;
    assert_eq!(error_code(res).await, "invalid_dose");
    // Another member cannot log against this member's medication, nor undo their logs.
    let res =
        post(json!({"id": "x1234569", "medication_id": "demo-bronze-med-0", "action": "taken"}), other.clone()).await;
    assert_eq!(res.status(), 404);
    assert_eq!(
        post(
            json!({"id": "mine-0001", "medication_id": "demo-bronze-med-0", "scheduled_at": at, "action": "taken"}),
            token.clone()
        )
        .await
        .status(),
        201
    );
    app.call(Method::DELETE, "/api/v1/doses/mine-0001", &other, None).await;
    assert!(schedule(&app, &token).await["logs"].as_array().unwrap().iter().any(|l| l["id"] == "mine-0001"));
    assert_eq!(app.get_bearer("/api/v1/medications/demo-bronze-med-0", &other).await.status(), 404);
}

#[tokio::test]
async fn a_dose_logged_without_a_time_is_attributed_to_the_nearest_dose() {
    let app = TestApp::spawn().await;
    let token = app.login_demo("13800000001").await;
    let view = schedule(&app, &token).await;
    let now = view["generated_at"].as_i64().unwrap();
    let res = app
        .call(
            Method::POST,
            "/api/v1/doses",
            &token,
            Some(json!({"id": "quick-0001", "medication_id": "demo-bronze-med-0", "action": "taken"})),
        )
        .await;
    assert_eq!(res.status(), 201);
    let log: Value = res.json().await.unwrap();
    let at = log["scheduled_at"].as_i64().expect("attributed to an 08:00 dose");
    assert!((at - now).abs() <= 12 * 3600, "the nearest 08:00");
    assert_eq!(at % 86_400, 0, "08:00 in Shanghai is 00:00 UTC");
}

#[tokio::test]
async fn the_calendar_feed_parses_and_recurs_like_the_schedule() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(GOLD_PHONE).await;
    let res =
        app.call(Method::PUT, "/api/v1/me/time-zone", &token, Some(json!({"time_zone": "America/New_York"}))).await;
    assert_eq!(res.status(), 204);
    let res = app.get_bearer("/api/v1/schedule.ics", &token).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    assert!(res.headers()["cache-control"].to_str().unwrap().contains("no-store"));
    let text = res.text().await.unwrap();
    assert!(text.lines().all(|l| l.len() <= 76), "lines folded at 75 octets");

    let cal = ical::IcalParser::new(text.as_bytes()).next().expect("one calendar").expect("valid iCalendar");
    let prop = |props: &[ical::property::Property], name: &str| {
        props.iter().find(|p| p.name == name).and_then(|p| p.value.clone()).unwrap_or_default()
    };
    assert_eq!(cal.timezones.len(), 1);
    assert_eq!(prop(&cal.timezones[0].properties, "TZID"), "America/New_York");
    assert!(cal.timezones[0].transitions.len() > 4, "DST observances");
    // Insulin three times a day and valsartan once; the as-needed painkiller has no event.
    assert_eq!(cal.events.len(), 4);
    for e in &cal.events {
        for name in ["UID", "DTSTAMP", "DTSTART", "RRULE", "SUMMARY"] {
            assert!(!prop(&e.properties, name).is_empty(), "{name}");
        }
        assert_eq!(prop(&e.alarms[0].properties, "ACTION"), "DISPLAY");
    }

    // An independent RRULE expander agrees with the schedule's own occurrences.
    let view = schedule(&app, &token).await;
    let event = cal.events.iter().find(|e| prop(&e.properties, "UID").starts_with("demo-gold-med-1-")).unwrap();
    let dtstart = event.properties.iter().find(|p| p.name == "DTSTART").unwrap();
    let rule = format!(
        "DTSTART;TZID=America/New_York:{}\nRRULE:{}",
        dtstart.value.as_ref().unwrap(),
        prop(&event.properties, "RRULE")
    );
    let set: rrule::RRuleSet = rule.parse().expect("rrule parses");
    let ours: Vec<i64> = view["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["medication_id"] == "demo-gold-med-1")
        .map(|o| o["at"].as_i64().unwrap())
        .collect();
    let first = ours[0];
    let theirs: Vec<i64> =
        set.all(2000).dates.iter().map(|d| d.timestamp()).filter(|t| *t >= first).take(ours.len()).collect();
    assert_eq!(theirs, ours);
}

#[tokio::test]
async fn an_unknown_time_zone_is_refused() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(GOLD_PHONE).await;
    let res = app.call(Method::PUT, "/api/v1/me/time-zone", &token, Some(json!({"time_zone": "Mars/Olympus"}))).await;
    assert_eq!(error_code(res).await, "invalid_time_zone");
}

#[tokio::test]
async fn a_calendar_subscription_link_works_without_a_session_until_replaced_or_stopped() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(GOLD_PHONE).await;
    let res = app.call(Method::POST, "/api/v1/schedule/feed", &token, None).await;
    assert_eq!(res.status(), 201);
    let first = res.json::<Value>().await.unwrap()["path"].as_str().unwrap().to_string();
    // A phone calendar has no cookie and no bearer token.
    let anonymous = reqwest::Client::new();
    let res = anonymous.get(app.url(&first)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("门冬胰岛素注射液"));

    let second: Value = app.call(Method::POST, "/api/v1/schedule/feed", &token, None).await.json().await.unwrap();
    let second = second["path"].as_str().unwrap().to_string();
    assert_ne!(first, second);
    assert_eq!(anonymous.get(app.url(&first)).send().await.unwrap().status(), 404, "the old link is revoked");
    assert_eq!(anonymous.get(app.url(&second)).send().await.unwrap().status(), 200);

    assert_eq!(app.call(Method::DELETE, "/api/v1/schedule/feed", &token, None).await.status(), 204);
    assert_eq!(anonymous.get(app.url(&second)).send().await.unwrap().status(), 404);
    assert_eq!(anonymous.get(app.url("/api/v1/feeds/guess/schedule.ics")).send().await.unwrap().status(), 404);
}
