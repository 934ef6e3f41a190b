//! The staff console at `/staff` (药师工作台): pharmacists review prescriptions and answer
//! questions, member service answers feedback, editors publish articles, everyone sees the
//! reports. A route chunk of its own: none of it is in a member's first load.
use api::staff::{Duty, Role, StaffProfile};
use leptos::prelude::*;

use crate::client::ApiError;
use crate::components::{ErrorView, Loading};
use crate::i18n::Locale;
use crate::prefs::{use_localized, use_prefs};

mod articles;
mod calls;
mod inbox;
mod login;
mod reports;
mod review;
mod strings;

pub use strings::StaffStrings;

/// The console's words in the current language.
pub fn use_staff_strings() -> impl Fn() -> &'static StaffStrings + Copy {
    use_localized(&strings::ZH, &strings::EN)
}

/// The console's own stylesheet, fetched with the console (not in the member portal's CSS).
fn load_stylesheet() {
    let doc = document();
    if doc.get_element_by_id("staff-css").is_some() {
        return;
    }
    if let (Ok(link), Some(head)) = (doc.create_element("link"), doc.head()) {
        let _ = link.set_attribute("id", "staff-css");
        let _ = link.set_attribute("rel", "stylesheet");
        let _ = link.set_attribute("href", "/staff.css");
        let _ = head.append_child(&link);
    }
}

/// One area of the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Review,
    Questions,
    Feedback,
    Articles,
    Reports,
}

impl Tab {
    /// The areas a role works in, its main work first.
    fn for_role(role: Role) -> Vec<Tab> {
        let mut tabs: Vec<Tab> = [
            (Tab::Review, Duty::ReviewPrescriptions),
            (Tab::Questions, Duty::AnswerConsultations),
            (Tab::Feedback, Duty::AnswerFeedback),
            (Tab::Articles, Duty::EditArticles),
        ]
        .into_iter()
        .filter(|(_, duty)| role.may(*duty))
        .map(|(tab, _)| tab)
        .collect();
        tabs.push(Tab::Reports);
        tabs
    }

    fn label(self, t: &StaffStrings) -> &'static str {
        match self {
            Tab::Review => t.queue,
            Tab::Questions => t.consultations,
            Tab::Feedback => t.feedback,
            Tab::Articles => t.articles,
            Tab::Reports => t.reports,
        }
    }
}

/// The console: sign-in until a staff session exists, then the signed-in member of staff's areas.
#[component]
pub fn StaffConsole() -> impl IntoView {
    load_stylesheet();
    let me: RwSignal<Option<Result<StaffProfile, ApiError>>> = RwSignal::new(None);
    let check = move || leptos::task::spawn_local(async move { me.set(Some(calls::me().await)) });
    check();
    // An ended or expired session, noticed by any call: back to the sign-in form.
    let signed_out =
        move || me.set(Some(Err(ApiError::Http { status: 401, code: String::new(), message: String::new() })));
    let listener = window_event_listener_untyped(calls::SIGNED_OUT_EVENT, move |_| signed_out());
    on_cleanup(move || listener.remove());
    view! {
        <div class="staff">
            {move || match me.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Ok(profile)) => view! {
                    <Signed profile on_signed_out=signed_out/>
                }.into_any(),
                Some(Err(e)) if e.is_unauthorized() => view! {
                    <login::StaffLogin on_signed_in=move |p| me.set(Some(Ok(p)))/>
                }.into_any(),
                Some(Err(error)) => view! { <main class="page"><ErrorView error on_retry=move |_| check()/></main> }.into_any(),
            }}
        </div>
    }
}

/// The header (who, language, sign out), the role's tabs, and the open area.
#[component]
fn Signed(profile: StaffProfile, on_signed_out: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let t = use_staff_strings();
    let tabs = Tab::for_role(profile.role);
    let open = RwSignal::new(tabs[0]);
    let locale = use_prefs().locale;
    let sign_out = move |_| {
        leptos::task::spawn_local(async move {
            let _ = calls::logout().await;
            on_signed_out();
        })
    };
    let role = profile.role;
    view! {
        <header class="staff-head">
            <h1>{move || t().title}</h1>
            <span class="staff-who">{profile.name.clone()}" · "{move || t().role(role)}</span>
            <button type="button" class="button secondary" lang=move || if locale.get() == Locale::Zh { "en" } else { "zh-CN" }
                on:click=move |_| locale.update(|l| *l = if *l == Locale::Zh { Locale::En } else { Locale::Zh })>
                {move || if locale.get() == Locale::Zh { "English" } else { "中文" }}
            </button>
            <button type="button" class="button secondary" on:click=sign_out>{move || t().sign_out}</button>
        </header>
        <nav class="staff-tabs" role="tablist">
            {tabs.into_iter().map(|tab| view! {
                <button type="button" role="tab" class="staff-tab" aria-selected=move || (open.get() == tab).to_string()
                    on:click=move |_| open.set(tab)>{move || tab.label(t())}</button>
            }).collect_view()}
        </nav>
        <main id="main" class="staff-main">
            {move || match open.get() {
                Tab::Review => view! { <review::ReviewQueue/> }.into_any(),
                Tab::Questions => view! { <inbox::Questions/> }.into_any(),
                Tab::Feedback => view! { <inbox::FeedbackInbox/> }.into_any(),
                Tab::Articles => view! { <articles::ArticleEditor/> }.into_any(),
                Tab::Reports => view! { <reports::Reports/> }.into_any(),
            }}
        </main>
    }
}

/// "3 min 20 s" / "3分20秒": a short span for waiting times and countdowns.
pub(crate) fn span(locale: Locale, secs: i64) -> String {
    let secs = secs.max(0);
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    match (locale, h) {
        (Locale::Zh, 0) => format!("{m}分{s:02}秒"),
        (Locale::Zh, _) => format!("{h}小时{m}分"),
        (Locale::En, 0) => format!("{m} min {s:02} s"),
        (Locale::En, _) => format!("{h} h {m} min"),
    }
}

/// An error line for a failed action: offline is said plainly (nothing was lost).
pub(crate) fn action_error(t: &StaffStrings, e: &ApiError) -> String {
    match e {
        ApiError::Offline => t.offline.to_string(),
        ApiError::Http { message, .. } => crate::i18n::fill(t.failed, &[message]),
    }
}

/// Seconds since the epoch, now.
pub(crate) fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}
