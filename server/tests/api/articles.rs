//! Articles over real HTTP: pages, topics, search in Chinese and English, "for you" order
//! and its opt-out, detail with related articles, bookmarks, publishing.

use std::collections::HashSet;

use crate::helpers::{error_code, TestApp, GOLD_PHONE, SILVER_PHONE};
use serde_json::{json, Value};

async fn get(app: &TestApp, token: &str, path: &str) -> Value {
    let res = app.get_bearer(path, token).await;
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

fn slugs(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|a| a["slug"].as_str().unwrap().to_string()).collect()
}

async fn search(app: &TestApp, token: &str, q: &str, lang: &str) -> Vec<String> {
    let q = url_escape(q);
    slugs(&get(app, token, &format!("/api/v1/articles?lang={lang}&limit=50&q={q}")).await)
}

fn url_escape(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test]
async fn pages_cover_every_article_once_and_topics_narrow_the_list() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(SILVER_PHONE).await;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/articles?limit=4&cursor={}", url_escape(c)),
            None => "/api/v1/articles?limit=4".to_string(),
        };
        let page = get(&app, &token, &path).await;
        assert!(page["items"].as_array().unwrap().len() <= 4);
        seen.extend(slugs(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "no article twice: {seen:?}");
    assert!(seen.len() >= 12, "{seen:?}");

    let diabetes = get(&app, &token, &format!("/api/v1/articles?limit=50&tag={}", url_escape("糖尿病"))).await;
    let items = diabetes["items"].as_array().unwrap();
    assert!(items.len() >= 3);
    assert!(items.iter().all(|a| a["tags"].as_array().unwrap().contains(&json!("糖尿病"))));

    let bad = app.get_bearer("/api/v1/articles?cursor=1.x.y", &token).await;
    assert_eq!(bad.status(), 400);
    assert_eq!(error_code(bad).await, "invalid_cursor");
    assert_eq!(app.get_bearer("/api/v1/articles", "not-a-token").await.status(), 401);
}

#[tokio::test]
async fn search_works_for_chinese_and_english_words_of_any_length() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(SILVER_PHONE).await;
    // Three characters or more: the trigram index.
    assert!(search(&app, &token, "低血糖", "zh-CN").await.contains(&"hypoglycaemia".to_string()));
    assert_eq!(search(&app, &token, "华法林", "zh-CN").await[0], "warfarin-diet");
    // Two characters: too short for trigrams, still found.
    let bp = search(&app, &token, "血压", "zh-CN").await;
    assert!(bp.contains(&"home-blood-pressure".to_string()) && bp.contains(&"low-salt".to_string()), "{bp:?}");
    // Several words must all match.
    assert_eq!(search(&app, &token, "他汀 西柚", "zh-CN").await, vec!["statin-timing"]);
    // English, case-insensitive, in the English versions.
    assert_eq!(search(&app, &token, "Grapefruit", "en").await, vec!["statin-timing"]);
    assert!(search(&app, &token, "blood pressure", "en").await.contains(&"home-blood-pressure".to_string()));
    // A Chinese word finds an article an English reader then gets in English.
    let page = get(&app, &token, &format!("/api/v1/articles?lang=en&q={}", url_escape("胰岛素"))).await;
    assert!(slugs(&page).contains(&"insulin-storage".to_string()));
    // Nothing found, and characters with meaning to FTS or LIKE, are just no match.
    for q in ["zzqqxx", "%", "_", "a\"b OR c", "NEAR(", "*", "<script>"] {
        assert!(search(&app, &token, q, "zh-CN").await.is_empty(), "{q}");
    }
}

#[tokio::test]
async fn articles_for_the_members_medicines_come_first_unless_turned_off() {
    let app = TestApp::spawn().await;
    // The gold demo member takes amlodipine, metformin, atorvastatin and insulin.
    let token = app.login_demo(GOLD_PHONE).await;
    let page = get(&app, &token, "/api/v1/articles?limit=50").await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items[0]["recommended"], true);
    let first_plain = items.iter().position(|a| a["recommended"] == false).unwrap();
    assert!(items[first_plain..].iter().all(|a| a["recommended"] == false), "recommended ones are together at the top");
    let theirs = |a: &Value| {
        a["tags"].as_array().unwrap().iter().any(|t| ["高血压", "糖尿病", "三高"].contains(&t.as_str().unwrap()))
    };
    assert!(items[..first_plain].iter().all(theirs));
    assert!(!items[first_plain..].iter().any(theirs));

    let privacy: Value = app
        .client
        .put(app.url("/api/v1/me/privacy"))
        .bearer_auth(&token)
        .json(&json!({"personalised_recommendations": false}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(privacy["personalised_recommendations"], false);
    let page = get(&app, &token, "/api/v1/articles?limit=50").await;
    let items = page["items"].as_array().unwrap();
    assert!(items.iter().all(|a| a["recommended"] == false));
    let dates: Vec<i64> = items.iter().map(|a| a["published_at"].as_i64().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first: {dates:?}");
    assert_eq!(get(&app, &token, "/api/v1/me/privacy").await["personalised_recommendations"], false);
}

#[tokio::test]
async fn detail_related_and_bookmarks() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(SILVER_PHONE).await;
    let en = get(&app, &token, "/api/v1/articles/statin-timing?lang=en").await;
    assert_eq!(en["lang"], "en");
    assert!(en["body_md"].as_str().unwrap().contains("not a substitute"));
    assert_eq!(en["credential"], "Senior pharmacist");
    // No English version: the original, marked Chinese.
    let fallback = get(&app, &token, "/api/v1/articles/warfarin-diet?lang=en").await;
    assert_eq!(fallback["lang"], "zh-CN");
    let related = fallback["related"].as_array().unwrap();
    assert!(!related.is_empty() && related.len() <= 3);
    assert!(related.iter().all(|a| a["slug"] != "warfarin-diet"));
    assert_eq!(fallback["bookmarked"], false);

    for _ in 0..2 {
        let res = app
            .client
            .put(app.url("/api/v1/articles/warfarin-diet/bookmark"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
    }
    assert_eq!(get(&app, &token, "/api/v1/articles/warfarin-diet").await["bookmarked"], true);
    assert_eq!(slugs(&json!({"items": get(&app, &token, "/api/v1/articles/bookmarks").await})), vec!["warfarin-diet"]);
    // Another member's bookmarks are their own.
    let other = app.login_demo(GOLD_PHONE).await;
    assert_eq!(get(&app, &other, "/api/v1/articles/bookmarks").await, json!([]));
    let res =
        app.client.delete(app.url("/api/v1/articles/warfarin-diet/bookmark")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(get(&app, &token, "/api/v1/articles/bookmarks").await, json!([]));

    let missing =
        app.client.put(app.url("/api/v1/articles/no-such-article/bookmark")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(app.get_bearer("/api/v1/articles/no-such-article", &token).await.status(), 404);
    assert_eq!(app.get_bearer("/api/v1/articles/..%2Fetc", &token).await.status(), 404);
}

#[tokio::test]
async fn a_published_article_with_html_in_it_is_stored_as_text_and_parses_inert() {
    let app = TestApp::spawn().await;
    let token = app.login_demo(SILVER_PHONE).await;
    let body = "## 注意\n\n<script>alert('x')</script><img src=x onerror=alert(1)>\n\n[点我](javascript:alert(1)) [官网](https://www.nmpa.gov.cn/)\n\n> 本文为一般健康知识，不能代替医生的诊断和建议。";
    let article = json!({"lang": "zh-CN", "title": "测试<b>标题</b>", "summary": "摘要", "body_md": body,
        "author": "陈药师", "credential": "执业药师", "tags": ["用药安全"]});
    let as_member = app
        .client
        .put(app.url("/api/v1/staff/articles/xss-check"))
        .bearer_auth(&token)
        .json(&article)
        .send()
        .await
        .unwrap();
    assert_eq!(as_member.status(), 401, "members cannot publish");
    let pharmacist = app.staff_token(api::staff::Role::Pharmacist).await;
    let res =
        app.call(reqwest::Method::PUT, "/api/v1/staff/articles/xss-check", &pharmacist, Some(article.clone())).await;
    assert_eq!(res.status(), 403, "a pharmacist is not the content editor");
    let editor = app.staff_token(api::staff::Role::ContentEditor).await;
    let res = app
        .client
        .put(app.url("/api/v1/staff/articles/xss-check"))
        .bearer_auth(&editor)
        .json(&article)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);

    let got = get(&app, &token, "/api/v1/articles/xss-check").await;
    assert_eq!(got["body_md"], body, "stored as written: escaping is the renderer's job");
    assert_eq!(got["title"], "测试<b>标题</b>");
    let blocks = api::markdown::parse(got["body_md"].as_str().unwrap());
    let debug = format!("{blocks:?}");
    assert!(debug.contains("Text(\"<script>alert('x')</script><img src=x onerror=alert(1)>\")"), "{debug}");
    assert!(!debug.contains("javascript"), "the unsafe link is dropped to its words: {debug}");
    assert!(debug.contains("External(\"https://www.nmpa.gov.cn/\")"));
    // Found by search at once (the index follows the table).
    assert_eq!(search(&app, &token, "onerror", "zh-CN").await, vec!["xss-check"]);

    let bad = json!({"lang": "zh-CN", "title": "", "summary": "s", "body_md": "b", "author": "a", "credential": "c", "tags": ["用药安全"]});
    let res = app
        .client
        .put(app.url("/api/v1/staff/articles/bad"))
        .bearer_auth(app.staff_token(api::staff::Role::ContentEditor).await)
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
}
