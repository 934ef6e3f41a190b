//! The feedback form. Nothing typed is lost: a failed send keeps every field and the same
//! idempotency key, so sending again cannot file it twice.
use api::feedback::{reply_hours, validate_text, Category, MAX_TEXT_CHARS, MIN_TEXT_CHARS};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::strings::use_feedback_strings;
use super::when;
use crate::client;
use crate::components::FormError;
use crate::hooks::Mutation;
use crate::i18n::fill;
use crate::prefs::use_prefs;
use crate::upload::{prepare_photo, PreparedPage};

#[component]
pub fn FeedbackForm(#[prop(into)] on_sent: Callback<()>) -> impl IntoView {
    let f = use_feedback_strings();
    let locale = use_prefs().locale;
    let category = RwSignal::new(Category::Service);
    let major = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    let photo = RwSignal::new_local(None::<PreparedPage>);
    let photo_problem = RwSignal::new(false);
    let too_short = RwSignal::new(false);
    // Sent: a reply is due at this time.
    let sending = Mutation::<i64>::new();
    // One key per intended submission: kept across retries, renewed after success.
    let key = StoredValue::new(client::idempotency_key());

    let pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|l| l.get(0)) else { return };
        input.set_value("");
        photo_problem.set(false);
        leptos::task::spawn_local(async move {
            match prepare_photo(file).await {
                Ok(p) => {
                    if let Some(old) = photo.get_untracked() {
                        old.release();
                    }
                    photo.set(Some(p));
                }
                Err(_) => photo_problem.set(true),
            }
        });
    };
    let remove_photo = move |_| {
        if let Some(p) = photo.get_untracked() {
            p.release();
        }
        photo.set(None);
    };
    on_cleanup(move || {
        if let Some(p) = photo.try_get_untracked().flatten() {
            p.release();
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.busy_untracked() {
            return; // before building the form: a double tap sends once
        }
        let Ok(body) = validate_text(&text.get_untracked()) else {
            too_short.set(true);
            return;
        };
        too_short.set(false);
        let Ok(form) = web_sys::FormData::new() else { return };
        let _ = form.append_with_str("category", category.get_untracked().as_str());
        let _ = form.append_with_str("major", if major.get_untracked() { "true" } else { "false" });
        let _ = form.append_with_str("text", &body);
        if let Some(p) = photo.get_untracked() {
            if let Some(blob) = p.blob.dyn_ref::<web_sys::Blob>() {
                let _ = form.append_with_blob_and_filename("photo", blob, &p.name);
            }
        }
        let call = async move { client::send_feedback(&key.get_value(), form).await.map(|sent| sent.reply_due) };
        sending.send(call, move |answer| {
            if answer.is_ok() {
                key.set_value(client::idempotency_key());
                text.set(String::new());
                major.set(false);
                if let Some(p) = photo.get_untracked() {
                    p.release();
                }
                photo.set(None);
                on_sent.run(());
            }
        });
    };

    let count =
        move || fill(f().count, &[&text.with(|t| t.trim().chars().count()).to_string(), &MAX_TEXT_CHARS.to_string()]);
    view! {
        <form class="card form feedback-form" on:submit=submit novalidate>
            <fieldset class="segmented wrap">
                <legend>{move || f().category}</legend>
                {Category::ALL.iter().map(|c| {
                    let c = *c;
                    view! {
                        <label class="radio-button">
                            <input type="radio" name="category" value=c.as_str() prop:checked=move || category.get() == c
                                on:change=move |_| category.set(c)/>
                            <span>{move || f().categories.of(c)}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <label class="field">
                <span>{move || f().text}</span>
                <span class="muted small block" id="feedback-hint">{move || f().text_hint}</span>
                <textarea rows="5" maxlength=MAX_TEXT_CHARS.to_string() aria-describedby="feedback-hint feedback-count"
                    aria-invalid=move || too_short.get().to_string()
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <span class="muted small" id="feedback-count">{count}</span>
            </label>
            {move || too_short.get().then(|| view! {
                <p class="error" role="alert">{move || fill(f().too_short, &[&MIN_TEXT_CHARS.to_string()])}</p>
            })}
            <label class="switch">
                <input type="checkbox" prop:checked=move || major.get() on:change=move |ev| major.set(event_target_checked(&ev))/>
                <span>{move || f().major}</span>
            </label>
            <p class="notice" aria-live="polite">
                {move || fill(f().reply_within, &[&reply_hours(category.get(), major.get()).to_string()])}
            </p>
            {move || match photo.get() {
                Some(p) => view! {
                    <div class="photo-preview">
                        <img src=p.preview.clone().unwrap_or_default() alt=""/>
                        <button type="button" class="button secondary" on:click=remove_photo>{move || f().remove_photo}</button>
                    </div>
                }.into_any(),
                None => view! {
                    <label class="button secondary file-button">
                        {move || f().photo}
                        <input type="file" accept="image/*" class="visually-hidden" on:change=pick/>
                    </label>
                }.into_any(),
            }}
            {move || photo_problem.get().then(|| view! { <p class="error" role="alert">{move || f().photo_problem}</p> })}
            <FormError error=Signal::derive(move || sending.error())
                offline=Signal::derive(move || f().offline) failed=Signal::derive(move || f().failed)/>
            {move || sending.done().map(|due| view! {
                <p class="success" role="status" data-testid="feedback-sent">{move || fill(f().sent, &[&when(locale.get(), due)])}</p>
            })}
            <button type="submit" class="button primary" disabled=move || sending.busy()>
                {move || if sending.busy() { f().sending } else { f().send }}
            </button>
        </form>
    }
}
