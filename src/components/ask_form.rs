//! The "ask a pharmacist" form. Nothing typed is lost: a failed send keeps the text and the
//! same idempotency key, so sending again cannot file the question twice.
use api::health::{ConsultationRequest, MAX_QUESTION};
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyView;
use leptos_router::components::A;

use crate::client;
use crate::components::FormError;
use crate::hooks::Mutation;
use crate::i18n::fill;
use crate::prefs::use_strings;
use crate::routes::Page;

/// `medicines` and `warning` say what the question is about (from a safety warning);
/// `question` pre-fills the text box.
#[component]
pub fn AskForm(
    #[prop(optional)] medicines: Vec<String>,
    #[prop(optional)] warning: Option<String>,
    #[prop(optional, into)] question: String,
    #[prop(optional, into)] on_sent: Option<Callback<()>>,
) -> impl IntoView {
    let s = use_strings();
    let text = RwSignal::new(question);
    let sending = Mutation::<()>::new();
    let empty = RwSignal::new(false);
    let key = StoredValue::new(client::idempotency_key());
    let about = warning.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let question = text.get_untracked();
        empty.set(question.trim().is_empty());
        if empty.get_untracked() {
            sending.reset();
            return;
        }
        let req = ConsultationRequest { question, medicines: medicines.clone(), warning: warning.clone() };
        let call = async move { client::ask_pharmacist(&key.get_value(), &req).await.map(|_| ()) };
        sending.send(call, move |answer| {
            if answer.is_ok() {
                key.set_value(client::idempotency_key());
                text.set(String::new());
                if let Some(cb) = on_sent {
                    cb.run(());
                }
            }
        });
    };
    view! {
        <form class="form ask-form" on:submit=submit novalidate data-testid="ask-form">
            {about.map(|w| view! { <p class="muted small">{move || fill(s().ask.ask_about, &[&w])}</p> })}
            <label class="field">
                <span>{move || s().ask.question}</span>
                <textarea rows="4" maxlength=MAX_QUESTION.to_string() prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </label>
            <p class="muted small">{move || s().ask.ask_hint}</p>
            {move || empty.get().then(|| view! { <p class="error" role="alert">{move || s().ask.write_question}</p> })}
            <FormError error=Signal::derive(move || sending.error())
                offline=Signal::derive(move || s().ask.offline_kept) failed=Signal::derive(move || s().ask.failed)/>
            {move || sending.done().map(|()| view! {
                <p class="success" role="status" data-testid="ask-sent">{move || s().ask.sent}" "
                    <A href=Page::Consult.path()>{move || s().ask.ask_link}</A></p>
            })}
            <button type="submit" class="button primary" disabled=move || sending.busy()>
                {move || if sending.busy() { s().ask.sending } else { s().ask.send }}
            </button>
        </form>
    }
}

/// What a safety warning's question is about; boxed across the chunk boundary.
#[derive(Clone)]
pub struct AskAbout {
    /// The medicines the warning names.
    pub medicines: Vec<String>,
    /// The warning's title, sent with the question and pre-filled in its text box.
    pub warning: String,
}

/// [`AskForm`] under a safety warning. The warning shows on today's schedule (main module),
/// the form only when asked: its code waits in the `care` chunk with the consultations
/// screen, which the idle prefetch fetches anyway.
pub fn ask_form_from_chunk(about: AskAbout) -> impl IntoView {
    let about = StoredValue::new(about);
    super::chunk_view::from_chunk(move || Box::pin(in_chunk(Box::new(about.get_value()))))
}

#[cfg(feature = "split")]
#[::leptos::wasm_split::wasm_split(care, wasm_split_path = ::leptos::wasm_split, fallible)]
fn in_chunk(about: Box<AskAbout>) -> Result<AnyView, super::chunk_view::ChunkError> {
    Ok(ask_view(*about))
}

#[cfg(not(feature = "split"))]
async fn in_chunk(about: Box<AskAbout>) -> Result<AnyView, super::chunk_view::ChunkError> {
    Ok(ask_view(*about))
}

fn ask_view(AskAbout { medicines, warning }: AskAbout) -> AnyView {
    view! { <AskForm medicines warning=warning.clone() question=warning/> }.into_any()
}
