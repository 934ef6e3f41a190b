//! Upload screen: take photos or pick files, see each page, send with progress and cancel.
//! A failed send keeps the pages and the idempotency key, so "try again" never duplicates.
use api::prescriptions::limits::MAX_PAGES;
use api::prescriptions::Prescription;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use super::{detail_path, use_rx_strings, RxStrings};
use crate::client::{self, ApiError};
use crate::i18n::fill;
use crate::upload::{self, PageProblem, PreparedPage, Sent, Upload};

#[derive(Clone, PartialEq)]
enum Phase {
    Picking,
    Sending(f64),
    Failed(Failure),
}

#[derive(Clone, PartialEq)]
enum Failure {
    Problem(PageProblem),
    TooManyPages,
    NetworkLost,
    Cancelled,
    Refused(String),
}

fn failure_text(r: &RxStrings, f: &Failure) -> String {
    match f {
        Failure::Problem(p) => match p {
            PageProblem::Empty => r.problem_empty,
            PageProblem::Type => r.problem_type,
            PageProblem::Undecodable => r.problem_undecodable,
            PageProblem::TooSmall => r.problem_too_small,
            PageProblem::TooBig => r.problem_too_big,
        }
        .to_string(),
        Failure::TooManyPages => r.too_many_pages.to_string(),
        Failure::NetworkLost => r.network_lost.to_string(),
        Failure::Cancelled => r.cancelled.to_string(),
        Failure::Refused(m) => fill(r.server_refused, &[m]),
    }
}

/// What the server's refusal means to the member (its code, in their words where known).
fn refusal(r: &RxStrings, e: &ApiError) -> Failure {
    let known = match e.code() {
        Some("unsupported_file_type") => Some(PageProblem::Type),
        Some("corrupt_image") => Some(PageProblem::Undecodable),
        Some("image_too_small") => Some(PageProblem::TooSmall),
        Some("payload_too_large" | "image_too_large") => Some(PageProblem::TooBig),
        _ => None,
    };
    match (known, e) {
        (Some(p), _) => Failure::Problem(p),
        (None, ApiError::Http { message, .. }) => Failure::Refused(message.clone()),
        (None, ApiError::Offline) => Failure::Refused(r.network_lost.into()),
    }
}

#[component]
pub fn UploadPage() -> impl IntoView {
    let r = use_rx_strings();
    let navigate = use_navigate();
    let pages = RwSignal::new_local(Vec::<PreparedPage>::new());
    let phase = RwSignal::new(Phase::Picking);
    let preparing = RwSignal::new(false);
    // One key per set of pages: a retry of the same pages reuses it.
    let key = StoredValue::new(client::idempotency_key());
    let aborter = StoredValue::new_local(None::<js_sys::Function>);

    let add_files = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(list) = input.files() else { return };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
        leptos::task::spawn_local(async move {
            preparing.set(true);
            for file in files {
                if pages.with_untracked(Vec::len) >= MAX_PAGES {
                    phase.set(Phase::Failed(Failure::TooManyPages));
                    break;
                }
                match upload::prepare(file).await {
                    Ok(page) => {
                        pages.update(|p| p.push(page));
                        key.set_value(client::idempotency_key());
                        phase.set(Phase::Picking);
                    }
                    Err(problem) => phase.set(Phase::Failed(Failure::Problem(problem))),
                }
            }
            preparing.set(false);
        });
    };

    let send = move || {
        let batch = pages.get_untracked();
        if batch.is_empty() || matches!(phase.get_untracked(), Phase::Sending(_)) {
            return;
        }
        phase.set(Phase::Sending(0.0));
        let upload = Upload::start(&client::prescriptions_url(), &key.get_value(), &batch, move |f| {
            phase.set(Phase::Sending(f))
        });
        aborter.set_value(Some(upload.aborter()));
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let sent = upload.finish().await;
            aborter.set_value(None);
            match sent {
                Sent::Answered { status: 200 | 201, body } => match serde_json::from_str::<Prescription>(&body) {
                    Ok(rx) => {
                        pages.with_untracked(|p| p.iter().for_each(PreparedPage::release));
                        navigate(&detail_path(&rx.id), Default::default());
                    }
                    Err(_) => phase.set(Phase::Failed(Failure::NetworkLost)),
                },
                Sent::Answered { status, body } => {
                    phase.set(Phase::Failed(refusal(r(), &client::upload_error(status, &body))))
                }
                Sent::NetworkLost => phase.set(Phase::Failed(Failure::NetworkLost)),
                Sent::Cancelled => phase.set(Phase::Failed(Failure::Cancelled)),
            }
        });
    };
    let send = StoredValue::new(send);

    let sending = move || matches!(phase.get(), Phase::Sending(_));
    let percent = move || match phase.get() {
        Phase::Sending(f) => (f * 100.0).round() as u32,
        _ => 0,
    };
    let retryable = move || matches!(phase.get(), Phase::Failed(Failure::NetworkLost | Failure::Cancelled));

    view! {
        <h1>{move || r().upload_title}</h1>
        <p>{move || r().upload_hint}</p>
        <div class="upload-pick">
            <label class="button primary block">
                {move || r().take_photo}
                <input type="file" accept="image/*" capture="environment" class="visually-hidden"
                    disabled=sending on:change=add_files/>
            </label>
            <label class="button secondary block">
                {move || r().choose_file}
                <input type="file" accept="image/*,application/pdf" multiple class="visually-hidden"
                    disabled=sending on:change=add_files data-testid="rx-file"/>
            </label>
        </div>
        <Show when=move || preparing.get()>
            <p class="muted" role="status">{move || r().preparing}</p>
        </Show>
        <ul class="pages">
            {move || pages.get().into_iter().enumerate().map(|(i, page)| {
                let n = (i + 1).to_string();
                let label = fill(r().page_n, &[&n]);
                view! {
                    <li class="page-thumb card">
                        {match page.preview.clone() {
                            Some(src) => view! { <img src=src alt=label.clone()/> }.into_any(),
                            None => view! { <span class="pdf-badge">"PDF"</span> }.into_any(),
                        }}
                        <span>{label}</span>
                        <button class="button secondary" disabled=sending on:click=move |_| {
                            pages.update(|p| { p.remove(i).release(); });
                            key.set_value(client::idempotency_key());
                        }>{move || r().remove_page}</button>
                    </li>
                }
            }).collect_view()}
        </ul>
        {move || match phase.get() {
            Phase::Failed(f) => view! { <p class="form-error" role="alert">{failure_text(r(), &f)}</p> }.into_any(),
            _ => ().into_any(),
        }}
        <Show when=sending fallback=move || view! {
            <button class="button primary block" disabled=move || pages.with(Vec::is_empty) || preparing.get()
                on:click=move |_| send.with_value(|f| f())>
                {move || if retryable() { r().retry } else { r().send }}
            </button>
        }>
            <div role="status" aria-live="polite">
                <p>{move || fill(r().sending, &[&percent().to_string()])}</p>
                <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=percent>
                    <div class="progress-fill" style:width=move || format!("{}%", percent())></div>
                </div>
            </div>
            <button class="button secondary block" on:click=move |_| aborter.with_value(|a| {
                if let Some(abort) = a {
                    let _ = abort.call0(&wasm_bindgen::JsValue::NULL);
                }
            })>{move || r().cancel}</button>
        </Show>
    }
}
