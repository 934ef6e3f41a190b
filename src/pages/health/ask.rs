//! The "ask a pharmacist" form. Nothing typed is lost: a failed send keeps the text and the
//! same idempotency key, so sending again cannot file the question twice.
use api::health::{ConsultationRequest, MAX_QUESTION};
use leptos::prelude::*;
use leptos_router::components::A;

use super::strings::use_health_strings;
use crate::client::{self, ApiError};
use crate::i18n::fill;
use crate::routes::Page;

#[derive(Clone, PartialEq)]
enum Sending {
    Idle,
    Busy,
    Empty,
    Offline,
    Failed(String),
    Sent,
}

/// `medicines` and `warning` say what the question is about (from a safety warning);
/// `question` pre-fills the text box.
#[component]
pub fn AskForm(
    #[prop(optional)] medicines: Vec<String>,
    #[prop(optional)] warning: Option<String>,
    #[prop(optional, into)] question: String,
    #[prop(optional, into)] on_sent: Option<Callback<()>>,
) -> impl IntoView {
    let h = use_health_strings();
    let text = RwSignal::new(question);
    let sending = RwSignal::new(Sending::Idle);
    let key = StoredValue::new(client::idempotency_key());
    let about = warning.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() == Sending::Busy {
            return;
        }
        let question = text.get_untracked();
        if question.trim().is_empty() {
            sending.set(Sending::Empty);
            return;
        }
        let req = ConsultationRequest { question, medicines: medicines.clone(), warning: warning.clone() };
        sending.set(Sending::Busy);
        leptos::task::spawn_local(async move {
            match client::ask_pharmacist(&key.get_value(), &req).await {
                Ok(_) => {
                    key.set_value(client::idempotency_key());
                    text.set(String::new());
                    sending.set(Sending::Sent);
                    if let Some(cb) = on_sent {
                        cb.run(());
                    }
                }
                Err(ApiError::Offline) => sending.set(Sending::Offline),
                Err(ApiError::Http { message, .. }) => sending.set(Sending::Failed(message)),
            }
        });
    };
    view! {
        <form class="form ask-form" on:submit=submit novalidate data-testid="ask-form">
            {about.map(|w| view! { <p class="muted small">{move || fill(h().ask_about, &[&w])}</p> })}
            <label class="field">
                <span>{move || h().question}</span>
                <textarea rows="4" maxlength=MAX_QUESTION.to_string() prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </label>
            <p class="muted small">{move || h().ask_hint}</p>
            {move || match sending.get() {
                Sending::Empty => Some(view! { <p class="error" role="alert">{move || h().write_question}</p> }.into_any()),
                Sending::Offline => Some(view! { <p class="error" role="alert">{move || h().offline_kept}</p> }.into_any()),
                Sending::Failed(m) => Some(view! { <p class="error" role="alert">{move || fill(h().failed, &[&m])}</p> }.into_any()),
                Sending::Sent => Some(view! {
                    <p class="success" role="status" data-testid="ask-sent">{move || h().sent}" "
                        <A href=Page::Consult.path()>{move || h().ask_link}</A></p>
                }.into_any()),
                _ => None,
            }}
            <button type="submit" class="button primary" disabled=move || sending.get() == Sending::Busy>
                {move || if sending.get() == Sending::Busy { h().sending } else { h().send }}
            </button>
        </form>
    }
}
