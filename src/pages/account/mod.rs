//! PIPL: the consent asked for before anything else (first login, or a new policy version),
//! and "My data and account": export, log out on every device, delete the account.
use leptos::prelude::*;

use crate::client::{self, ApiError};
use crate::format::date;
use crate::i18n::fill;
use crate::prefs::use_prefs;
use crate::session::use_session;

mod strings;

pub use strings::use_account_strings;

/// What is collected and why, and the choice: agreeing records the version shown; declining
/// signs out (nothing is used without consent).
#[component]
pub fn ConsentGate() -> impl IntoView {
    let a = use_account_strings();
    let session = use_session();
    let policy = LocalResource::new(client::consent);
    let saving = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let accept = move |_| {
        let Some(Ok(consent)) = policy.get() else { return };
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        failed.set(false);
        leptos::task::spawn_local(async move {
            match client::accept_consent(&consent.current_version).await {
                Ok(_) => session.refresh(),
                Err(_) => failed.set(true),
            }
            saving.set(false);
        });
    };
    let decline = move |_| {
        leptos::task::spawn_local(async move {
            let _ = client::logout().await;
            session.wipe_and_sign_out().await;
        });
    };
    view! {
        <main id="main" class="page consent">
            <h1>{move || a().consent_title}</h1>
            <section class="card">
                <p>{move || a().consent_intro}</p>
                <ul class="purposes">{move || a().purposes.iter().map(|p| view! { <li>{*p}</li> }).collect_view()}</ul>
                <p>{move || a().consent_rights}</p>
                <p class="muted small">
                    {move || policy.get().and_then(|r| r.ok()).map(|c| fill(a().consent_version, &[&c.current_version]))}
                </p>
            </section>
            {move || failed.get().then(|| view! { <p class="error" role="alert">{move || a().failed}</p> })}
            <button type="button" class="button primary block" data-testid="consent-accept" on:click=accept
                disabled=move || saving.get() || !matches!(policy.get(), Some(Ok(_)))>
                {move || if saving.get() { a().saving } else { a().accept }}
            </button>
            <button type="button" class="button secondary block" on:click=decline>{move || a().decline}</button>
        </main>
    }
}

/// Export, log out everywhere, delete the account.
#[component]
pub fn AccountPage() -> impl IntoView {
    let a = use_account_strings();
    let prefs = use_prefs();
    let session = use_session();
    let consent = LocalResource::new(client::consent);
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<&'static str>);
    let understood = RwSignal::new(false);
    // Both actions end the session here too; a failure leaves everything as it was.
    let finish = move |result: Result<(), ApiError>| async move {
        match result {
            Ok(()) => session.wipe_and_sign_out().await,
            Err(ApiError::Offline) => problem.set(Some(a().offline)),
            Err(_) => problem.set(Some(a().failed)),
        }
        busy.set(false);
    };
    // Asks before acting; false when busy or the member says no.
    let start = move |confirm: &str| {
        if busy.get_untracked() || !window().confirm_with_message(confirm).unwrap_or(false) {
            return false;
        }
        busy.set(true);
        problem.set(None);
        true
    };
    let logout_all = move |_| {
        if start(a().logout_all_confirm) {
            leptos::task::spawn_local(async move { finish(client::logout_all().await.map(|_| ())).await });
        }
    };
    let delete = move |_| {
        if start(a().delete_confirm) {
            leptos::task::spawn_local(async move { finish(client::delete_account().await).await });
        }
    };
    let accepted = move || {
        let c = consent.get()?.ok()?;
        let at = c.accepted_at?;
        Some(fill(a().accepted_on, &[&date(prefs.locale.get(), at), &c.accepted_version.unwrap_or_default()]))
    };
    view! {
        <h1>{move || a().account_title}</h1>
        <p class="muted">{accepted}</p>
        {move || problem.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
        <section class="card form">
            <p>{move || a().export_hint}</p>
            <a class="button secondary block" href=client::export_url() download="member-data.json" data-testid="export">
                {move || a().export}
            </a>
        </section>
        <section class="card form">
            <p>{move || a().logout_all_hint}</p>
            <button type="button" class="button secondary block" data-testid="logout-all" on:click=logout_all
                disabled=move || busy.get()>{move || a().logout_all}</button>
        </section>
        <section class="card form" aria-labelledby="delete-title">
            <h2 id="delete-title">{move || a().delete}</h2>
            <p>{move || a().delete_hint}</p>
            <label class="switch">
                <input type="checkbox" data-testid="delete-understand" prop:checked=move || understood.get()
                    on:change=move |ev| understood.set(event_target_checked(&ev))/>
                <span>{move || a().delete_understand}</span>
            </label>
            <button type="button" class="button danger block" data-testid="delete-account" on:click=delete
                disabled=move || busy.get() || !understood.get()>{move || a().delete}</button>
        </section>
    }
}
