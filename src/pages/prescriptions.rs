//! Prescriptions: the member's uploads and where each one is in review.
use api::prescriptions::PrescriptionStatus;
use leptos::prelude::*;

use crate::client;
use crate::components::{remote, Empty};
use crate::format::date;
use crate::i18n::{fill, Strings};
use crate::prefs::{use_prefs, use_strings};

/// The member-facing name of a status.
pub fn status_text(s: &Strings, status: PrescriptionStatus) -> &'static str {
    use PrescriptionStatus::*;
    let i = match status {
        Uploaded => 0,
        Recognising => 1,
        Recognised => 2,
        OcrFailed => 3,
        InReview => 4,
        Approved => 5,
        Rejected => 6,
    };
    s.rx_status[i]
}

#[component]
pub fn PrescriptionsPage() -> impl IntoView {
    let s = use_strings();
    let locale = use_prefs().locale;
    let list = LocalResource::new(client::prescriptions);
    view! {
        <h1>{move || s().rx_title}</h1>
        {remote(list, move |items| {
            if items.is_empty() {
                return view! { <Empty message=Signal::derive(move || s().rx_none.to_string())/> }.into_any();
            }
            view! {
                <ul class="list card">
                    {items.into_iter().map(|p| view! {
                        <li class="list-row">
                            <div>
                                <p>{move || status_text(s(), p.status)}</p>
                                <p class="muted small">{move || fill(s().rx_uploaded_on, &[&date(locale.get(), p.created_at)])}</p>
                                {p.rejection_reason.clone().map(|r| view! {
                                    <p class="warning">{move || fill(s().rx_rejected_reason, &[&r])}</p>
                                })}
                            </div>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        })}
    }
}
