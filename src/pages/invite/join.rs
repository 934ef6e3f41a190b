//! `/join?ref=CODE`: a friend joins from an invite link (phone, SMS code, name), gets the
//! welcome coupon and is signed in; the consent screen follows as at any first login.
use api::auth::Phone;
use api::error::codes;
use api::referral::SignupRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::use_invite_strings;
use crate::client::{self, ApiError};
use crate::prefs::use_strings;
use crate::routes::Page;
use crate::session::use_session;

#[component]
pub fn JoinPage() -> impl IntoView {
    let t = use_invite_strings();
    let s = use_strings();
    let session = use_session();
    let navigate = use_navigate();
    let invite = use_query_map().get_untracked().get("ref").and_then(|c| api::referral::normalise_code(&c));
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let note = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let explain = move |e: &ApiError| -> String {
        match e.code() {
            Some(codes::MEMBER_EXISTS) => t().member_exists.into(),
            Some(codes::INVALID_REFERRAL_CODE | codes::REFERRAL_REFUSED) => t().bad_invite.into(),
            _ => crate::pages::login::error_text(s(), e).into(),
        }
    };
    let send_code = move |_| {
        let Some(p) = Phone::parse(&phone.get_untracked()) else {
            error.set(Some(s().err_invalid_phone.into()));
            return;
        };
        error.set(None);
        leptos::task::spawn_local(async move {
            match client::request_code(p.as_str()).await {
                Ok(sent) => {
                    note.set(Some(match sent.dev_code {
                        Some(dev) => format!("{} · {}", t().code_sent, crate::i18n::fill(s().dev_code_hint, &[&dev])),
                        None => t().code_sent.into(),
                    }));
                }
                Err(e) => error.set(Some(explain(&e))),
            }
        })
    };
    let invite2 = invite.clone();
    let join = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return; // a double tap must not sign up twice
        }
        pending.set(true);
        error.set(None);
        let req = SignupRequest {
            phone: phone.get_untracked(),
            code: code.get_untracked().trim().to_string(),
            name: name.get_untracked().trim().to_string(),
            referral_code: invite2.clone(),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match client::signup(&req).await {
                Ok(_) => {
                    session.refresh();
                    navigate(Page::Home.path(), Default::default());
                }
                Err(e) => error.set(Some(explain(&e))),
            }
            pending.set(false);
        })
    };
    view! {
        <main id="main" class="page login-page">
            <header class="login-header">
                <div class="brand-mark" aria-hidden="true">"+"</div>
                <h1>{move || t().join_title}</h1>
                <p class="muted">{move || t().join_hint}</p>
            </header>
            <form class="card form" on:submit=join novalidate>
                <label for="join-phone">{move || t().phone}</label>
                <input id="join-phone" type="tel" inputmode="numeric" autocomplete="tel"
                    prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev))/>
                <button type="button" class="button secondary" on:click=send_code>{move || t().get_code}</button>
                <p class="muted small" role="status">{move || note.get()}</p>
                <label for="join-code">{move || t().code}</label>
                <input id="join-code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6"
                    prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
                <label for="join-name">{move || t().name}</label>
                <input id="join-name" type="text" autocomplete="name" maxlength="40"
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                <p class="form-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="button primary block" disabled=move || pending.get()>{move || t().join}</button>
            </form>
            <A href=Page::Login.path() attr:class="button link">{move || t().have_account}</A>
        </main>
    }
}
