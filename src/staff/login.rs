//! Staff sign-in: their own phone number and an SMS code (dev mode shows the code).
use api::staff::StaffProfile;
use leptos::prelude::*;

use super::{action_error, calls, use_staff_strings};

#[component]
pub fn StaffLogin(on_signed_in: impl Fn(StaffProfile) + Copy + Send + Sync + 'static) -> impl IntoView {
    let t = use_staff_strings();
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let note = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let send_code = move |_| {
        error.set(None);
        leptos::task::spawn_local(async move {
            match calls::request_code(phone.get_untracked().trim()).await {
                Ok(sent) => {
                    if let Some(dev) = sent.dev_code {
                        code.set(dev);
                    }
                    note.set(Some(t().code_sent.to_string()));
                }
                Err(e) => error.set(Some(action_error(t(), &e))),
            }
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match calls::login(phone.get_untracked().trim(), code.get_untracked().trim()).await {
                Ok(session) => on_signed_in(session.staff),
                Err(e) if e.code() == Some(api::error::codes::INVALID_CODE) => error.set(Some(t().not_staff.into())),
                Err(e) => error.set(Some(action_error(t(), &e))),
            }
            busy.set(false);
        })
    };
    view! {
        <main id="main" class="staff-login">
            <h1>{move || t().title}</h1>
            <form class="form" on:submit=submit>
                <label for="staff-phone">{move || t().phone}</label>
                <input id="staff-phone" type="tel" inputmode="numeric" autocomplete="username"
                    prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev))/>
                <button type="button" class="button secondary" on:click=send_code>{move || t().send_code}</button>
                <label for="staff-code">{move || t().code}</label>
                <input id="staff-code" type="text" inputmode="numeric" autocomplete="one-time-code"
                    prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
                <p class="muted" role="status">{move || note.get()}</p>
                <p class="form-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="button primary" disabled=move || busy.get()>{move || t().sign_in}</button>
            </form>
        </main>
    }
}
