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
        view! { <portal::components::SafetyWarnings warnings=vec![interaction_warning()]/> }
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
    let (el, _) = mount(Locale::Zh, || view! { <portal::components::SafetyWarnings warnings=vec![]/> });
    assert_eq!(el.child_element_count(), 0);
}

// ---------- Whole screens against a fake server (the client's transport replaced) ----------

use std::cell::RefCell;
use std::rc::Rc;

use api::member::Member;
use api::points::{Expiring, LedgerEntry, LedgerPage, PointsSummary};
use api::prescriptions::{PrescriptionCard, PrescriptionStatus};
use api::schedule::{Medication, MedicationSpec, Occurrence, ScheduleView, Timing};
use gloo_net::http::{Request, Response};
use leptos_router::components::Router;
use portal::pages::{PointsPage, PrescriptionsPage, SchedulePage};
use portal::schedule_sync::ScheduleSync;
use portal::session::Session;

/// What the fake server answers for `METHOD /path` (after `/api/v1`, without the query).
enum Answer {
    Json(u16, String),
    /// The network is gone: `fetch` itself fails.
    Offline,
}

/// Replaces the network with `answer`; returns the calls made, as `METHOD /path?query`.
fn fake_server(answer: impl Fn(&str, &str) -> Answer + 'static) -> Rc<RefCell<Vec<String>>> {
    let calls = Rc::new(RefCell::new(Vec::new()));
    let seen = calls.clone();
    let answer = Rc::new(answer);
    portal::client::set_transport(Some(Rc::new(move |req: Request| {
        let url = req.url();
        let call = url.split_once("/api/v1").map(|(_, rest)| rest.to_string()).unwrap_or(url);
        let method = req.method().to_string();
        seen.borrow_mut().push(format!("{method} {call}"));
        let path = call.split('?').next().unwrap_or_default().to_string();
        let answer = answer(&method, &path);
        Box::pin(async move {
            match answer {
                Answer::Json(status, body) => Response::builder()
                    .status(status)
                    .header("content-type", "application/json")
                    .body(Some(body.as_str())),
                Answer::Offline => Err(gloo_net::Error::GlooError("offline".into())),
            }
        })
    })));
    calls
}

fn json<T: serde::Serialize>(value: &T) -> Answer {
    Answer::Json(200, serde_json::to_string(value).unwrap())
}

fn not_found() -> Answer {
    Answer::Json(404, r#"{"error":{"code":"not_found","message":"no"}}"#.into())
}

/// Waits until `el` shows `text` (data arrives over several ticks), or fails with what it shows.
async fn shows(el: &web_sys::HtmlElement, text: &str) {
    for _ in 0..100 {
        if el.text_content().unwrap_or_default().contains(text) {
            return;
        }
        tick().await;
    }
    panic!("never showed {text:?}; shows {:?}", el.text_content());
}

fn entry(id: &str, kind: &str, points: i64, description: &str) -> LedgerEntry {
    LedgerEntry {
        id: id.into(),
        kind: kind.into(),
        points,
        description: description.into(),
        created_at: 1_764_000_000,
        expires_at: None,
    }
}

#[wasm_bindgen_test]
async fn points_screen_shows_the_balance_what_expires_and_the_history() {
    let calls = fake_server(|_, path| match path {
        "/points" => {
            json(&PointsSummary { balance: 12_345, expiring: Some(Expiring { points: 300, at: 1_798_732_800 }) })
        }
        "/points/ledger" => json(&LedgerPage {
            entries: vec![entry("l1", "order", 250, "订单 A1"), entry("l2", "redeem", -500, "兑换 体温计")],
            next_cursor: None,
        }),
        _ => not_found(),
    });
    let (el, _) = mount(Locale::Zh, || view! { <Router><PointsPage/></Router> });
    shows(&el, "12,345").await;
    shows(&el, "兑换 体温计").await;
    let text = el.text_content().unwrap();
    assert!(text.contains("300"), "the expiring points are named: {text}");
    assert!(text.contains("购药积分") && text.contains("积分兑换"), "each entry's kind: {text}");
    assert!(calls.borrow().iter().any(|c| c.starts_with("GET /points/ledger")), "{:?}", calls.borrow());
    portal::client::set_transport(None);
}

#[wasm_bindgen_test]
async fn points_screen_offline_says_so_and_retry_loads_it() {
    let online = Rc::new(std::cell::Cell::new(false));
    let net = online.clone();
    fake_server(move |_, path| match (net.get(), path) {
        (false, _) => Answer::Offline,
        (true, "/points") => json(&PointsSummary { balance: 88, expiring: None }),
        (true, "/points/ledger") => json(&LedgerPage { entries: vec![], next_cursor: None }),
        _ => not_found(),
    });
    let (el, _) = mount(Locale::Zh, || view! { <Router><PointsPage/></Router> });
    shows(&el, "网络不可用").await;
    online.set(true);
    let retry: web_sys::HtmlElement =
        el.query_selector("[data-state=offline] button").unwrap().unwrap().unchecked_into();
    retry.click();
    shows(&el, "88").await;
    portal::client::set_transport(None);
}

#[wasm_bindgen_test]
async fn prescriptions_screen_lists_each_with_its_state_and_says_when_there_are_none() {
    let card = |id: &str, status, drugs: &[&str]| PrescriptionCard {
        id: id.into(),
        status,
        created_at: 1_764_000_000,
        drugs: drugs.iter().map(|d| d.to_string()).collect(),
        rejection: None,
    };
    fake_server(move |_, path| match path {
        "/prescriptions" => json(&vec![
            card("rx1", PrescriptionStatus::Approved, &["二甲双胍", "阿托伐他汀"]),
            card("rx2", PrescriptionStatus::InReview, &[]),
        ]),
        _ => not_found(),
    });
    let (el, _) = mount(Locale::Zh, || view! { <Router><PrescriptionsPage/></Router> });
    shows(&el, "二甲双胍、阿托伐他汀").await;
    let text = el.text_content().unwrap();
    assert!(text.contains("审核通过") && text.contains("药师审核中"), "{text}");
    for href in ["/prescriptions/rx1", "/prescriptions/rx2"] {
        let link = el.query_selector(&format!("a.row-link[href='{href}']")).unwrap();
        assert!(link.is_some(), "each prescription opens its own page: {href}");
    }

    fake_server(|_, path| if path == "/prescriptions" { json(&Vec::<PrescriptionCard>::new()) } else { not_found() });
    let (empty, _) = mount(Locale::Zh, || view! { <Router><PrescriptionsPage/></Router> });
    shows(&empty, "还没有上传过处方").await;
    portal::client::set_transport(None);
}

fn demo_member() -> Member {
    let bronze = tier("bronze", "普卡", 0);
    Member {
        id: "m-web-test".into(),
        name: "王秀英".into(),
        phone_masked: "138****0001".into(),
        tier: api::tier::TierStatus {
            current: bronze,
            next: None,
            annual_spend_fen: 0,
            spend_to_next_fen: 0,
            progress_permille: 0,
        },
        in_birthday_month: false,
        consent_due: false,
    }
}

/// Today's schedule, one dose of one medicine an hour from now.
fn schedule_today() -> ScheduleView {
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let zone = "Asia/Shanghai";
    let today = portal::offline::local_date(zone).unwrap();
    let spec = MedicationSpec {
        name: "二甲双胍".into(),
        strength: "0.5 g".into(),
        form: "片".into(),
        dose_amount: 1.0,
        dose_unit: "片".into(),
        timing: Timing::AsNeeded,
        days: vec![],
        start_date: today.clone(),
        end_date: None,
        storage_note: None,
        food_note: None,
        supply_on_hand: None,
        renewal_date: None,
        prescription_id: None,
    };
    ScheduleView {
        time_zone: zone.into(),
        today: today.clone(),
        generated_at: now,
        medications: vec![Medication { id: "med-1".into(), spec, supply: None, drug: None }],
        occurrences: vec![Occurrence {
            medication_id: "med-1".into(),
            at: now + 3600,
            local_date: today,
            local_time: "09:00".into(),
        }],
        logs: vec![],
        reminders: vec![],
        adherence: api::schedule::adherence::Adherence {
            last_7: api::schedule::adherence::Ratio { due: 0, taken: 0 },
            last_30: api::schedule::adherence::Ratio { due: 0, taken: 0 },
            per_medication: vec![],
        },
        anomalies: vec![],
        warnings: vec![],
    }
}

#[wasm_bindgen_test]
async fn schedule_screen_loads_once_the_session_knows_a_consenting_member() {
    let calls = fake_server(|_, path| match path {
        "/me" => json(&demo_member()),
        "/schedule" => json(&schedule_today()),
        _ => not_found(),
    });
    let (el, _) = mount(Locale::Zh, || {
        let session = Session::new();
        portal::client::on_auth_lost(move |lost| session.auth_lost(lost));
        ScheduleSync::provide(session);
        provide_context(session);
        session.refresh();
        view! { <Router><SchedulePage/></Router> }
    });
    shows(&el, "二甲双胍").await;
    assert!(el.query_selector("[data-testid=today-doses] li").unwrap().is_some(), "today's dose is listed");
    let calls = calls.borrow().clone();
    let me = calls.iter().position(|c| c == "GET /me").expect("asked who is signed in");
    let schedule = calls.iter().position(|c| c.starts_with("GET /schedule")).expect("then the schedule");
    assert!(me < schedule, "{calls:?}");
    portal::offline::wipe().await;
    portal::client::set_transport(None);
}

#[wasm_bindgen_test]
async fn a_form_sends_once_on_a_double_tap_says_offline_and_clears_it_on_the_next_try() {
    use portal::components::FormError;
    use portal::hooks::Mutation;
    let online = Rc::new(std::cell::Cell::new(false));
    let net = online.clone();
    let calls = fake_server(move |method, path| {
        match (net.get(), method, path) {
        (false, _, _) => Answer::Offline,
        (true, "POST", "/consultations") => Answer::Json(
            201,
            r#"{"id":"c1","question":"q","medicines":[],"warning":null,"created_at":1,"reply":null,"replied_at":null,"reply_due_at":2}"#
                .into(),
        ),
        _ => not_found(),
    }
    });
    let (el, _) = mount(Locale::Zh, || {
        let sending = Mutation::<String>::new();
        let ask = move |_| {
            let req = api::health::ConsultationRequest {
                question: "饭前还是饭后？".into(),
                medicines: vec![],
                warning: None,
            };
            let call = async move { portal::client::ask_pharmacist("key-12345678", &req).await.map(|c| c.id) };
            sending.send(call, |_| ());
        };
        view! {
            <button on:click=ask disabled=move || sending.busy()>"send"</button>
            <FormError error=Signal::derive(move || sending.error()) offline="离线，内容已保留" failed="失败：{}"/>
            <p class="done">{move || sending.done()}</p>
        }
    });
    let button: web_sys::HtmlElement = el.query_selector("button").unwrap().unwrap().unchecked_into();
    button.click();
    button.click(); // a double tap while the first is in flight
    shows(&el, "离线，内容已保留").await;
    assert_eq!(calls.borrow().len(), 1, "one request for a double tap: {:?}", calls.borrow());
    online.set(true);
    button.click();
    shows(&el, "c1").await;
    assert!(!el.text_content().unwrap().contains("离线"), "the old error is gone once it worked");
    assert!(el.query_selector("[role=alert]").unwrap().is_none());
    portal::client::set_transport(None);
}
