//! Loading, empty and error states: every screen that fetches uses these, so they look and
//! read the same everywhere.
use leptos::prelude::*;

use crate::client::ApiError;
use crate::prefs::use_strings;

/// Placeholder blocks while data loads (keeps the layout from jumping when it arrives).
#[component]
pub fn Loading() -> impl IntoView {
    let s = use_strings();
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="sr-only">{move || s().loading}</span>
            <div class="skeleton-card" aria-hidden="true"></div>
            <div class="skeleton-card short" aria-hidden="true"></div>
        </div>
    }
}

/// A friendly "nothing here yet" message.
#[component]
pub fn Empty(#[prop(into)] message: Signal<String>) -> impl IntoView {
    view! { <div class="empty" data-state="empty"><p>{message}</p></div> }
}

/// An error with a retry button; offline gets its own wording.
#[component]
pub fn ErrorView(error: ApiError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let s = use_strings();
    let offline = error == ApiError::Offline;
    view! {
        <div class="error-state" role="alert" data-state={if offline { "offline" } else { "error" }}>
            <h2>{move || if offline { s().offline_title } else { s().error_title }}</h2>
            <p>{move || if offline { s().offline_body } else { s().error_body }}</p>
            <button class="button secondary" on:click=move |_| on_retry.run(())>{move || s().retry}</button>
        </div>
    }
}

/// Renders a fetched value: loading while pending, the error view (with retry) on failure.
pub fn remote<T, V>(
    res: LocalResource<Result<T, ApiError>>,
    ok: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    move || match res.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(value)) => ok(value).into_any(),
        Some(Err(error)) => view! { <ErrorView error on_retry=move |_| res.refetch()/> }.into_any(),
    }
}
