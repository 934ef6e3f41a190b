//! One prescription: status and timeline (updated live by polling with back-off), the
//! photos, the confirmation form, and what to do next (schedule it, or upload again).
use std::time::Duration;

use api::prescriptions::{Prescription, PrescriptionStatus};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::confirm::ConfirmForm;
use super::{reason_text, status_text, use_rx_strings, NEW_PATH};
use crate::client::{self, ApiError};
use crate::components::{ErrorView, Loading};
use crate::format::date;
use crate::i18n::fill;
use crate::prefs::{use_prefs, use_strings};
use crate::routes::Page;

/// Statuses that change without the member: worth polling.
fn moving(s: PrescriptionStatus) -> bool {
    matches!(s, PrescriptionStatus::Uploaded | PrescriptionStatus::Recognising | PrescriptionStatus::InReview)
}

/// Polling back-off: 1 s, 2 s, 4 s … up to 15 s.
fn next_delay(previous: Duration) -> Duration {
    (previous * 2).clamp(Duration::from_secs(1), Duration::from_secs(15))
}

#[component]
pub fn PrescriptionPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let state = RwSignal::new(None::<Result<Prescription, ApiError>>);
    // Bumped to fetch again; the timer bumps it while the status can still change.
    let tick = RwSignal::new(0u32);
    let delay = StoredValue::new(Duration::ZERO);
    let timer = StoredValue::new_local(None::<TimeoutHandle>);
    let stop_timer = move || {
        timer.update_value(|t| {
            if let Some(t) = t.take() {
                t.clear()
            }
        })
    };
    let poll_soon = move |after: Duration| {
        stop_timer();
        if let Ok(h) = set_timeout_with_handle(move || tick.update(|t| *t += 1), after) {
            timer.set_value(Some(h));
        }
    };
    let offer_survey = crate::pages::survey::use_offer();
    Effect::new(move |_| {
        tick.track();
        let id = id.get();
        leptos::task::spawn_local(async move {
            let result = client::prescription(&id).await;
            if matches!(&result, Ok(rx) if rx.status == PrescriptionStatus::Approved) {
                offer_survey(api::surveys::Moment::PrescriptionApproved);
            }
            let keep_polling = match &result {
                Ok(rx) => moving(rx.status),
                Err(ApiError::Offline) => true,
                Err(_) => false,
            };
            state.set(Some(result));
            if keep_polling {
                delay.update_value(|d| *d = next_delay(*d));
                poll_soon(delay.get_value());
            }
        });
    });
    on_cleanup(stop_timer);
    let on_change = Callback::new(move |rx: Prescription| {
        let again = moving(rx.status);
        state.set(Some(Ok(rx)));
        if again {
            delay.set_value(Duration::ZERO);
            poll_soon(Duration::from_secs(1));
        }
    });

    view! {
        {move || match state.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(error)) => view! { <ErrorView error on_retry=move |_| tick.update(|t| *t += 1)/> }.into_any(),
            Some(Ok(rx)) => view! { <Detail rx on_change/> }.into_any(),
        }}
    }
}

/// "14:05" in the device's zone.
fn clock(unix_secs: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix_secs as f64 * 1000.0));
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

#[component]
fn Detail(rx: Prescription, on_change: Callback<Prescription>) -> impl IntoView {
    let s = use_strings();
    let r = use_rx_strings();
    let locale = use_prefs().locale;
    let status = rx.status;
    let id = StoredValue::new(rx.id.clone());
    let scheduling = RwSignal::new(false);
    let schedule_error = RwSignal::new(None::<String>);
    let scheduled = RwSignal::new(!rx.medication_ids.is_empty());
    let add_to_schedule = move |_| {
        if scheduling.get_untracked() {
            return;
        }
        scheduling.set(true);
        leptos::task::spawn_local(async move {
            match client::schedule_prescription(&id.get_value()).await {
                Ok(_) => scheduled.set(true),
                Err(ApiError::Offline) => schedule_error.set(Some(s().offline_body.into())),
                Err(ApiError::Http { message, .. }) => schedule_error.set(Some(message)),
            }
            scheduling.set(false);
        });
    };
    let timeline = rx.timeline.clone();
    let pages = rx.pages.clone();
    let review =
        rx.review_secs.map(|secs| if secs < 60 { format!("{secs} s") } else { format!("{} min", (secs + 59) / 60) });
    let confirm = matches!(status, PrescriptionStatus::Recognised | PrescriptionStatus::OcrFailed).then(|| rx.clone());
    view! {
        <h1>{move || status_text(s(), status)}</h1>
        <div class="card" role="status" aria-live="polite">
            {move || match status {
                PrescriptionStatus::Uploaded | PrescriptionStatus::Recognising => view! { <p>{r().recognising_hint}</p> }.into_any(),
                PrescriptionStatus::OcrFailed => view! { <p class="warning">{r().ocr_failed_hint}</p> }.into_any(),
                PrescriptionStatus::InReview => view! { <p>{r().in_review_hint}</p> }.into_any(),
                PrescriptionStatus::Approved => view! { <p>{r().approved_hint}</p> }.into_any(),
                PrescriptionStatus::Recognised => view! { <p>{r().check_hint}</p> }.into_any(),
                PrescriptionStatus::Rejected => ().into_any(),
            }}
            {rx.rejection.clone().map(|rej| view! {
                <p class="warning">{move || fill(s().rx_rejected_reason, &[reason_text(r(), rej.code)])}</p>
                {rej.note.clone().map(|n| view! { <p>{n}</p> })}
            })}
            {review.map(|t| view! { <p class="muted small">{move || fill(r().reviewed_in, &[&t])}</p> })}
            {(status == PrescriptionStatus::Approved).then(|| view! {
                <Show when=move || scheduled.get() fallback=move || view! {
                    <button class="button primary block" disabled=scheduling on:click=add_to_schedule>{move || r().add_to_schedule}</button>
                    {move || schedule_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                }>
                    <A href=Page::Schedule.path() attr:class="button secondary block">{move || r().in_schedule}</A>
                </Show>
                <crate::components::CheckoutButton page=api::host::NativePage::CheckoutPrescription(id.get_value())/>
            })}
            {(status == PrescriptionStatus::Rejected).then(|| view! {
                <A href=NEW_PATH attr:class="button primary block">{move || r().reupload}</A>
            })}
        </div>
        <crate::components::SafetyWarnings warnings=rx.warnings.clone()/>
        {confirm.map(|rx| view! { <ConfirmForm rx on_done=on_change/> })}
        <div class="rx-pages">
            {pages.into_iter().map(|p| {
                let n = p.n.to_string();
                view! {
                    <img class="rx-page card" src=client::prescription_page_url(&id.get_value(), p.n) loading="lazy"
                        width=p.width height=p.height alt=move || fill(r().page_alt, &[&n])/>
                }
            }).collect_view()}
        </div>
        <section class="card">
            <h2>{move || r().timeline}</h2>
            <ol class="timeline">
                {timeline.into_iter().map(|e| view! {
                    <li>
                        <strong>{move || status_text(s(), e.status)}</strong>
                        " "
                        <span class="muted small">{move || format!("{} {}", date(locale.get(), e.at), clock(e.at))}</span>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}
