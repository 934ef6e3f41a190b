//! Prescriptions: the member's uploads, where each is in review, and the upload itself.
use api::prescriptions::{PrescriptionStatus, RejectionCode};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::client;
use crate::components::{remote, Empty};
use crate::format::date;
use crate::i18n::{fill, Strings};
use crate::prefs::{use_prefs, use_strings};

mod confirm;
mod detail;
mod strings;
mod upload;

pub use detail::PrescriptionPage;
pub use strings::{use_rx_strings, RxStrings};
pub use upload::UploadPage;

/// The member-facing name of a status.
pub fn status_text(s: &Strings, status: PrescriptionStatus) -> &'static str {
    s.rx_status.of(status)
}

/// The member-facing reason for a rejection code.
pub fn reason_text(r: &RxStrings, code: RejectionCode) -> &'static str {
    r.reasons.of(code)
}

/// Where to upload and open prescriptions.
pub const NEW_PATH: &str = "/prescriptions/new";

pub fn detail_path(id: &str) -> String {
    format!("/prescriptions/{}", crate::format::encode(id))
}

#[component]
pub fn PrescriptionsPage() -> impl IntoView {
    let s = use_strings();
    let r = use_rx_strings();
    let locale = use_prefs().locale;
    let list = LocalResource::new(client::prescriptions);
    view! {
        <h1>{move || s().rx_title}</h1>
        <A href=NEW_PATH attr:class="button primary block">{move || r().upload}</A>
        {remote(list, move |items| {
            if items.is_empty() {
                return view! { <Empty message=Signal::derive(move || s().rx_none.to_string())/> }.into_any();
            }
            view! {
                <ul class="list card">
                    {items.into_iter().map(|p| {
                        let status = p.status;
                        let drugs = p.drugs.join("、");
                        view! {
                            <li class="list-row">
                                <A href=detail_path(&p.id) attr:class="row-link">
                                    <p><strong>{move || status_text(s(), status)}</strong></p>
                                    {(!drugs.is_empty()).then(|| view! { <p>{drugs}</p> })}
                                    <p class="muted small">{move || fill(s().rx_uploaded_on, &[&date(locale.get(), p.created_at)])}</p>
                                    {p.rejection.map(|rej| view! {
                                        <p class="warning">{move || fill(s().rx_rejected_reason, &[reason_text(r(), rej.code)])}</p>
                                    })}
                                </A>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        })}
    }
}
