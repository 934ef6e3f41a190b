//! Me: profile, language, large text, links to points/tier/surveys, and logout.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::client;
use crate::i18n::{fill, Locale};
use crate::pages::account::use_account_strings;
use crate::prefs::{use_prefs, use_strings};
use crate::routes::Page;
use crate::schedule_sync::use_schedule;
use crate::session::use_session;
use api::member::Privacy;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let s = use_strings();
    let a = use_account_strings();
    let h = crate::pages::health::use_health_strings();
    let prefs = use_prefs();
    let session = use_session();
    let schedule = use_schedule();
    let member = move || session.member.get();
    let logging_out = RwSignal::new(false);
    let log_out = move |_| {
        if logging_out.get_untracked() {
            return;
        }
        // Doses logged offline and not yet sent would be lost: say so first.
        let unsent = schedule.outbox.with_untracked(|o| o.unsent());
        if unsent > 0
            && !window().confirm_with_message(&fill(s().logout_unsent, &[&unsent.to_string()])).unwrap_or(false)
        {
            return;
        }
        logging_out.set(true);
        leptos::task::spawn_local(async move {
            // Even if the network is down, forget the member here; the server session
            // expires on its own and the cookie is HttpOnly, so nothing readable is left.
            let _ = client::logout().await;
            // Health data kept for offline use goes with the session.
            session.wipe_and_sign_out().await;
            logging_out.set(false);
        });
    };
    view! {
        <h1>{move || s().settings_title}</h1>
        <section class="card profile">
            <p class="profile-name" data-testid="profile-name">{move || member().map(|m| m.name).unwrap_or_default()}</p>
            <p class="muted">{move || s().phone_on_file}": "{move || member().map(|m| m.phone_masked).unwrap_or_default()}</p>
        </section>
        <nav class="card list" aria-label="member">
            <A href=Page::Points.path() attr:class="list-row link-row">{move || s().my_points}</A>
            <A href=Page::Wallet.path() attr:class="list-row link-row">{move || s().my_coupons}</A>
            <A href=Page::Invite.path() attr:class="list-row link-row">{move || s().invite_link}</A>
            <A href=Page::Tier.path() attr:class="list-row link-row">{move || s().my_tier}</A>
            <A href=Page::Survey.path() attr:class="list-row link-row">{move || s().surveys_link}</A>
            <A href=Page::Feedback.path() attr:class="list-row link-row">{move || s().feedback_link}</A>
            <A href=Page::HealthProfile.path() attr:class="list-row link-row">{move || h().profile_link}</A>
            <A href=Page::Family.path() attr:class="list-row link-row">{move || crate::pages::family::use_family_strings()().link}</A>
            <A href=Page::Consult.path() attr:class="list-row link-row">{move || s().ask.ask_link}</A>
            <A href=Page::MedicineSearch.path() attr:class="list-row link-row">{move || h().search_link}</A>
            <A href=Page::Account.path() attr:class="list-row link-row">{move || a().account_link}</A>
        </nav>
        <section class="card form">
            <fieldset class="segmented">
                <legend>{move || s().language}</legend>
                <button type="button" lang="zh-CN" aria-pressed=move || (prefs.locale.get() == Locale::Zh).to_string()
                    on:click=move |_| prefs.locale.set(Locale::Zh)>"中文"</button>
                <button type="button" lang="en" aria-pressed=move || (prefs.locale.get() == Locale::En).to_string()
                    on:click=move |_| prefs.locale.set(Locale::En)>"English"</button>
            </fieldset>
            <label class="switch">
                <input type="checkbox" role="switch" prop:checked=move || prefs.large_text.get()
                    on:change=move |ev| prefs.large_text.set(event_target_checked(&ev))/>
                <span>
                    <strong>{move || s().large_text}</strong>
                    <span class="muted small block">{move || s().large_text_hint}</span>
                </span>
            </label>
        </section>
        <PrivacySettings/>
        <button class="button danger" on:click=log_out disabled=move || logging_out.get()>{move || s().logout}</button>
    }
}

/// PIPL choices. Each switch shows the server's answer, so it never claims a change that did
/// not happen.
#[component]
fn PrivacySettings() -> impl IntoView {
    let s = use_strings();
    let a = use_account_strings();
    let current = LocalResource::new(client::privacy);
    let saving = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let shown = move || current.get().and_then(|r| r.ok());
    let change = move |edit: fn(&mut Privacy, bool), on: bool| {
        let Some(mut choice) = shown() else { return };
        edit(&mut choice, on);
        saving.set(true);
        failed.set(false);
        leptos::task::spawn_local(async move {
            if client::set_privacy(choice).await.is_err() {
                failed.set(true);
            }
            // Either way, show what the server holds (a failed change flips the switch back).
            current.refetch();
            saving.set(false);
        });
    };
    let unavailable = move || saving.get() || shown().is_none();
    view! {
        <section class="card form" aria-labelledby="privacy-title">
            <h2 id="privacy-title">{move || s().privacy_title}</h2>
            <label class="switch">
                <input type="checkbox" role="switch" data-testid="personalised"
                    prop:checked=move || shown().is_none_or(|p| p.personalised_recommendations)
                    disabled=unavailable
                    on:change=move |ev| change(|p, on| p.personalised_recommendations = on, event_target_checked(&ev))/>
                <span>
                    <strong>{move || s().personalised}</strong>
                    <span class="muted small block">{move || s().personalised_hint}</span>
                </span>
            </label>
            <label class="switch">
                <input type="checkbox" role="switch" data-testid="marketing"
                    prop:checked=move || shown().is_some_and(|p| p.marketing)
                    disabled=unavailable
                    on:change=move |ev| change(|p, on| p.marketing = on, event_target_checked(&ev))/>
                <span>
                    <strong>{move || a().marketing}</strong>
                    <span class="muted small block">{move || a().marketing_hint}</span>
                </span>
            </label>
            {move || failed.get().then(|| view! { <p class="error" role="alert">{move || s().privacy_failed}</p> })}
        </section>
    }
}
