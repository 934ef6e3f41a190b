//! Component tests in a real browser (headless Chromium via wasm-bindgen-test-runner):
//! mount a component, assert the DOM a member would see.
#![cfg(target_arch = "wasm32")]

use api::tier::{Tier, TierStatus};
use leptos::prelude::*;
use portal::client::ApiError;
use portal::components::{Empty, ErrorView, TierProgress};
use portal::format;
use portal::i18n::{fill, Locale};
use portal::prefs::Prefs;
use portal::routes::{safe_next, Page};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `f` (with the app's preference context, in `locale`) into a fresh element.
fn mount<V: IntoView + 'static>(locale: Locale, f: impl FnOnce() -> V + 'static) -> (web_sys::HtmlElement, Prefs) {
    let el: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&el).unwrap();
    let prefs_out = std::rc::Rc::new(std::cell::Cell::new(None));
    let slot = prefs_out.clone();
    leptos::mount::mount_to(el.clone(), move || {
        let prefs = Prefs::init();
        prefs.locale.set(locale);
        provide_context(prefs);
        slot.set(Some(prefs));
        f()
    })
    .forget();
    (el, prefs_out.get().expect("mounted"))
}

/// Lets effects scheduled by a signal change run.
async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn tier(code: &str, zh: &str, min_yuan: i64) -> Tier {
    Tier {
        code: code.into(),
        rank: 0,
        name_zh: zh.into(),
        name_en: code.into(),
        min_annual_spend_fen: min_yuan * 100,
        drug_discount_percent: 10,
        benefits_zh: vec![],
        benefits_en: vec![],
    }
}

#[wasm_bindgen_test]
async fn offline_error_says_so_and_retry_calls_back() {
    let retries = RwSignal::new(0);
    let (el, _) = mount(Locale::Zh, move || {
        view! { <ErrorView error=ApiError::Offline on_retry=move |_| retries.update(|n| *n += 1)/> }
    });
    tick().await;
    let text = el.text_content().unwrap();
    assert!(text.contains("网络不可用"), "{text}");
    let button: web_sys::HtmlElement = el.query_selector("button").unwrap().unwrap().unchecked_into();
    assert_eq!(button.text_content().unwrap(), "重试");
    button.click();
    assert_eq!(retries.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn server_error_is_worded_as_a_service_problem_not_offline() {
    let error = ApiError::Http { status: 500, code: "internal".into(), message: "x".into() };
    let (el, _) = mount(Locale::En, move || view! { <ErrorView error on_retry=|_| ()/> });
    tick().await;
    let state = el.query_selector("[data-state]").unwrap().unwrap();
    assert_eq!(state.get_attribute("data-state").unwrap(), "error");
    assert!(el.text_content().unwrap().contains("Something went wrong"));
}

#[wasm_bindgen_test]
async fn tier_progress_shows_what_the_next_tier_needs_and_follows_the_language() {
    let status = TierStatus {
        current: tier("silver", "白银会员", 2000),
        next: Some(tier("gold", "黄金会员", 5000)),
        annual_spend_fen: 268_000,
        spend_to_next_fen: 232_000,
        progress_permille: 226,
    };
    let (el, prefs) = mount(Locale::Zh, move || view! { <TierProgress status/> });
    tick().await;
    let text = el.text_content().unwrap();
    assert!(text.contains("今年已消费 ¥2,680 / ¥5,000"), "{text}");
    assert!(text.contains("再消费 ¥2,320 升级黄金会员"), "{text}");
    let bar = el.query_selector("[role=progressbar]").unwrap().unwrap();
    // A percentage, and a name a screen reader reads with it.
    assert_eq!(bar.get_attribute("aria-valuenow").unwrap(), "22");
    assert_eq!(bar.get_attribute("aria-label").unwrap(), "今年已消费 ¥2,680 / ¥5,000");

    prefs.locale.set(Locale::En);
    tick().await;
    let text = el.text_content().unwrap();
    assert!(text.contains("Spend ¥2,320 more to reach gold"), "{text}");
}

#[wasm_bindgen_test]
async fn empty_state_shows_its_message() {
    let (el, _) = mount(Locale::Zh, || view! { <Empty message="还没有上传过处方".to_string()/> });
    tick().await;
    assert_eq!(el.query_selector("[data-state=empty]").unwrap().unwrap().text_content().unwrap(), "还没有上传过处方");
}

#[wasm_bindgen_test]
async fn language_choice_persists_and_sets_html_lang() {
    let (_, prefs) = mount(Locale::En, || ());
    tick().await;
    assert_eq!(document().document_element().unwrap().get_attribute("lang").unwrap(), "en");
    let stored = window().local_storage().unwrap().unwrap().get_item("portal.locale").unwrap();
    assert_eq!(stored.as_deref(), Some("en"));
    prefs.locale.set(Locale::Zh);
    tick().await;
    assert_eq!(document().document_element().unwrap().get_attribute("lang").unwrap(), "zh-CN");
}

#[wasm_bindgen_test]
fn fills_templates_and_reads_language_tags() {
    assert_eq!(fill("{} points expire on {}", &["120", "31 Dec"]), "120 points expire on 31 Dec");
    assert_eq!(fill("{} and {}", &["one"]), "one and ");
    assert_eq!(Locale::from_tag("zh-Hans-CN"), Some(Locale::Zh));
    assert_eq!(Locale::from_tag("en-GB"), Some(Locale::En));
    assert_eq!(Locale::from_tag("fr"), None);
}

#[wasm_bindgen_test]
fn formats_discounts_the_way_each_language_says_them() {
    assert_eq!(format::discount(Locale::Zh, 5), "95");
    assert_eq!(format::discount(Locale::Zh, 10), "9");
    assert_eq!(format::discount(Locale::Zh, 15), "85");
    assert_eq!(format::discount(Locale::En, 15), "15");
    assert_eq!(format::number(6320), "6,320");
    assert_eq!(format::number(-200), "-200");
}

#[wasm_bindgen_test]
fn login_redirects_only_back_into_the_app() {
    assert_eq!(safe_next("/points"), Some("/points"));
    assert_eq!(safe_next("//evil.example/x"), None);
    assert_eq!(safe_next("https://evil.example"), None);
    assert_eq!(safe_next("/login?next=/x"), None);
    assert_eq!(Page::login_then("/schedule?day=1"), "/login?next=%2Fschedule%3Fday%3D1");
    assert_eq!(Page::login_then("/"), "/login");
}

fn interaction_warning() -> api::safety::SafetyWarning {
    // The real rule on a real pair, so the component shows what members will see.
    api::safety::check(&["华法林钠片"], &["阿司匹林肠溶片"], &Default::default()).remove(0)
}

#[wasm_bindgen_test]
async fn a_safety_warning_names_its_severity_follows_the_language_and_opens_the_question_form() {
    let (el, prefs) = mount(Locale::Zh, || {
        view! { <portal::pages::health::SafetyWarnings warnings=vec![interaction_warning()]/> }
    });
    let text = el.text_content().unwrap();
    assert!(text.contains("重要"), "{text}");
    assert!(text.contains("华法林钠片 和 阿司匹林肠溶片 可能相互作用"), "{text}");
    assert!(text.contains("不要自行停药"), "{text}");
    assert!(el.query_selector("[data-severity=high]").unwrap().is_some());
    prefs.locale.set(Locale::En);
    tick().await;
    let text = el.text_content().unwrap();
    assert!(text.contains("Important") && text.contains("may interact"), "{text}");
    let button: web_sys::HtmlElement = el.query_selector("button").unwrap().unwrap().unchecked_into();
    button.click();
    tick().await;
    let textarea = el.query_selector("textarea").unwrap().expect("question form");
    let value = js_sys::Reflect::get(&textarea, &"value".into()).unwrap().as_string().unwrap_or_default();
    assert!(value.contains("may interact"), "pre-filled with the warning: {value}");
}

#[wasm_bindgen_test]
fn no_warnings_render_nothing() {
    let (el, _) = mount(Locale::Zh, || view! { <portal::pages::health::SafetyWarnings warnings=vec![]/> });
    assert_eq!(el.child_element_count(), 0);
}
