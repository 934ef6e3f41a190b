//! Login: mobile number, then the one-time code. Short, large, forgiving.
use std::time::Duration;

use api::auth::Phone;
use api::error::codes;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::client::{self, ApiError};
use crate::i18n::{fill, Strings};
use crate::prefs::use_strings;
use crate::routes::{safe_next, Page};
use crate::session::use_session;

/// Seconds before another code may be requested.
const RESEND_SECS: u32 = 60;

/// What a failed code request or sign-in tells the member (the join page says the same).
pub(crate) fn error_text(s: &Strings, e: &ApiError) -> &'static str {
    match e.code() {
        None => s.offline_body,
        Some(codes::INVALID_PHONE) => s.err_invalid_phone,
        Some(codes::INVALID_CODE) => s.err_invalid_code,
        Some(codes::TOO_MANY_ATTEMPTS) => s.err_too_many,
        Some(codes::RESEND_TOO_SOON) => s.err_resend_too_soon,
        Some(_) => s.error_body,
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let s = use_strings();
    let session = use_session();
    let navigate = use_navigate();
    let next = use_query_map()
        .get_untracked()
        .get("next")
        .and_then(|n| safe_next(&n).map(str::to_string))
        .unwrap_or_else(|| Page::Home.path().to_string());

    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let code_requested = RwSignal::new(false);
    let dev_code = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<&'static str>);
    let pending = RwSignal::new(false);
    let resend_wait = RwSignal::new(0u32);

    // Already signed in (or just signed in): go where the member was heading.
    Effect::new(move |_| {
        if session.member.with(Option::is_some) {
            navigate(&next, NavigateOptions { replace: true, ..Default::default() });
        }
    });

    // One ticker for the page's life; it only writes while a countdown runs.
    let ticker = set_interval_with_handle(
        move || {
            if resend_wait.get_untracked() > 0 {
                resend_wait.update(|w| *w -= 1);
            }
        },
        Duration::from_secs(1),
    );
    on_cleanup(move || {
        if let Ok(t) = ticker {
            t.clear();
        }
    });

    let request_code = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() || resend_wait.get_untracked() > 0 {
            return;
        }
        let Some(p) = Phone::parse(&phone.get_untracked()) else {
            error.set(Some(s().err_invalid_phone));
            return;
        };
        error.set(None);
        pending.set(true);
        leptos::task::spawn_local(async move {
            match client::request_code(p.as_str()).await {
                Ok(res) => {
                    code_requested.set(true);
                    dev_code.set(res.dev_code);
                    resend_wait.set(RESEND_SECS);
                    focus("code");
                }
                Err(e) => error.set(Some(error_text(s(), &e))),
            }
            pending.set(false);
        });
    };

    let log_in = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return; // a double tap must not send two logins
        }
        let (p, c) = (phone.get_untracked(), code.get_untracked().trim().to_string());
        error.set(None);
        pending.set(true);
        leptos::task::spawn_local(async move {
            let result = match client::login(&p, &c).await {
                Ok(_) => client::me().await,
                Err(e) => Err(e),
            };
            match result {
                Ok(member) => session.signed_in(member),
                Err(e) => error.set(Some(error_text(s(), &e))),
            }
            pending.set(false);
        });
    };

    view! {
        <main id="main" class="page login-page">
            <header class="login-header">
                <div class="brand-mark" aria-hidden="true">"+"</div>
                <h1 {crate::components::data_visible()}>{move || s().login_title}</h1>
                <p class="muted">{move || s().login_subtitle}</p>
            </header>
            <Show when=move || session.expired.get()>
                <p class="notice" role="status">{move || s().session_expired}</p>
            </Show>
            <Show when=move || session.link_expired.get()>
                <p class="notice" role="status">{move || s().link_expired}</p>
            </Show>
            {crate::bridge::is_mini_program().then(|| {
                let h = crate::components::handoff::use_handoff_strings();
                view! {
                    <button type="button" class="button primary block" data-testid="wechat-login"
                        on:click=|_| { crate::bridge::navigate_to(&api::host::NativePage::Login); }>
                        {move || h().wechat_login}
                    </button>
                }
            })}
            <form class="card form" on:submit=request_code novalidate>
                <label for="phone">{move || s().phone_label}</label>
                <input id="phone" name="phone" type="tel" inputmode="numeric" autocomplete="tel"
                    maxlength="20" placeholder="138 0000 0000" required
                    prop:value=phone on:input=move |ev| phone.set(event_target_value(&ev))/>
                <button type="submit" class="button secondary"
                    disabled=move || { pending.get() || resend_wait.get() > 0 }>
                    {move || match resend_wait.get() {
                        0 => s().get_code.to_string(),
                        n => fill(s().resend_in, &[&n.to_string()]),
                    }}
                </button>
            </form>
            <Show when=move || code_requested.get()>
                <form class="card form" on:submit=log_in novalidate>
                    <p class="muted" role="status">
                        {move || match dev_code.get() {
                            Some(c) => fill(s().dev_code_hint, &[&c]),
                            None => s().code_sent.to_string(),
                        }}
                    </p>
                    <label for="code">{move || s().code_label}</label>
                    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                        maxlength="6" pattern="[0-9]*" required
                        prop:value=code on:input=move |ev| code.set(event_target_value(&ev))/>
                    <button type="submit" class="button primary" disabled=move || pending.get()>
                        {move || s().login_button}
                    </button>
                </form>
            </Show>
            <Show when=move || error.get().is_some()>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <p class="privacy muted">{move || s().privacy_note}</p>
        </main>
    }
}

fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    let id = id.to_string();
    // After the code field has rendered.
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(&id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}
